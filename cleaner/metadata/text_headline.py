"""Find the headline of a scraped text in any language, by what the page says about it, not by words.

A text rendering of a news page starts with site chrome (menus, the page <title> with its site
name, breadcrumbs), so the first title-shaped line is rarely the headline. What gives the headline
away is language-independent:

- its words are the URL's slug ("/2019/11/20/cpd_arrests_six_in_drug_investigation/");
- it is printed again inside a longer line: the <title> with a site affix, a breadcrumb
  ("Home » Latest News » Family seeks funds …"), or at the end of one run together ("2 Gedanken
  zu „Folge 70: Star Trek: Picard“", "Home Radtouren Berlin Radtour durch …");
- a byline or a date follows it within a few lines, and the article's prose within a few more;
- the cleaner kept it as the first line of the article, or it sits just under that line, above the article's
  first prose (a kicker, a section label or a teaser is often the first kept line, with the title under it);
- it sits above the article, not below most of it (a related-links heading, a comment).

Each line shaped like a title (_title_shaped: headline.py's limits, but a question or an
exclamation counts, and a one- or two-word line only when it is the whole slug; after its site
affix is taken off with site_affix.affix_stripper) scores the weights of its signals; the best
line (on a tie the longer, then the one nearest the article) wins when it reaches MIN_SCORE, else
there is no headline. The lines are read in two passes with the same winner: first every
title-shaped line with the signals a look-up gives and the most the others could add, then the most
promising first, each costly signal (a date below, prose below, a longer line it ends) read only
while the line can still win. What one line looks like is headline_lines.py's.

Nothing here edits the body: the headline is a field, the line stays where
it was (and a line the top-matter stage moved is in `extracted[]`), so a second cleaning of the
body finds the same line, or none, and never moves another one out.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from operator import itemgetter
from typing import Final

from cleaner.metadata.headline import HEADLINE_MAX_CHARS, HEADLINE_MAX_WORDS, HEADLINE_MIN_WORDS
from cleaner.metadata.headline_lines import (
    _FULL_STOP_LAST,
    _TITLE_START,
    _WORD,
    LINES_CACHED,
    PROSE_MIN_WORDS,
    SENTENCE_CLOSERS,
    SENTENCE_MARKS,
    _ascii_key,
    _ends_as_title,
    _fold,
    _has_date,
    _key,
    _opens_byline,
    _sentence_titled,
    _title_shaped,
)
from cleaner.metadata.metalines import headline_marks, separator_lines, spaced_words
from cleaner.metadata.site_affix import _BARE_SEPARATORS, _SEPARATOR_CHARS, _split, affix_stripper, site_name_test
from cleaner.native import kernel
from cleaner.sites import NO_URL_PARTS, split_url

# Weighted signals a line needs to be taken as the headline; chosen among 1-4 by domain-split
# cross-validation on dev sh+tf (benchmarks/metadata.py): every fold chose 1.
MIN_SCORE: Final = 1
# The slug names the article; a title/breadcrumb copy almost does; a byline below or being the
# first kept line also fit a teaser or a menu heading (weights compared on dev sh+tf, headline
# agreement 0.59-0.66; a plain repeat of the line, weighted 1, cost 0.04 and was dropped). Ending
# a longer line (a breadcrumb, "2 Gedanken zu „…“") weighs 1: of 0, 1 and 2, 1 gave 0.801 against
# 0.763 and 0.755 on dev sh+tf, and every CV fold chose it.
SIGNAL_WEIGHTS: Final = {"slug": 3, "in-title-or-breadcrumb": 2, "ends-longer-line": 1}
# A byline or dateline this many non-empty lines below a title is its article's (title, kicker or
# standfirst, byline, date).
FOLLOWED_WITHIN: Final = 3
# A title is found again inside a longer line only when it has this many words: one or two words
# ("Sport", "Read more") are inside every menu row.
CONTAINED_MIN_WORDS: Final = 3
# What a headline ending with a full stop loses from its score, and it loses ties too: a summary
# sentence under the title often shares the slug's words (compared on dev sh+tf: without it two
# standfirsts beat their titles).
SENTENCE_PENALTY: Final = 1
# Share of a line's words that must be in the URL slug, and how many at least ("Live" alone is not).
SLUG_SHARE: Final = 0.6
SLUG_MIN_WORDS: Final = 2
# A last path segment with this many words is the article's slug, and the only one compared.
OWN_SLUG_MIN_WORDS: Final = 3
# Words shorter than this are not compared with the slug (articles and particles the slug drops).
SLUG_WORD_MIN_CHARS: Final = 3

# A line with more than this share of the kept text above it sits below the article's start (a
# related-links heading, a comment, "More in Tech"), and loses BELOW_BODY_PENALTY. Shares of 0.2-0.7
# and penalties of 1, 2 or exclusion compared on dev sh+tf: with the prose signal, 0.3 and 2 were
# best (0.843; the penalty alone took 0.808 to 0.824). 3.6% of the declared headlines on sh+tf+dn
# sit that low, against 38% of the wrong winners.
BODY_ABOVE_SHARE: Final = 0.3
BELOW_BODY_PENALTY: Final = 2
# A title has its article's prose within a few lines below (kicker, byline and date between); a menu
# heading or a related link has other short lines. Prose: a line of headline_lines.PROSE_MIN_WORDS words
# ending as a sentence. Windows of 3-6 lines and 10-25 words compared on dev sh+tf: 6 and 10 were best; weight 2
# cost 0.02 against weight 1 (SIGNAL_WEIGHTS default).
PROSE_WITHIN: Final = 6
# On a tie, the longer line: a kicker or section label ("Policy & Law") is shorter than the title
# under it. Beyond this many words length says nothing (captions and standfirsts are long too).
# Caps of 4-10 and none compared on dev sh+tf: 0, 4 and 10 tied (0.843), 10 was best on dn.
TIE_MAX_WORDS: Final = 10

# The article starts at its first kept line, but that line is often a kicker, a section label or a category row
# ("Posted in Latest News", "El Salvador / judicial") with the title under it. A title-shaped line this many
# non-empty lines below the first kept line, above the first prose line, with prose below it, is in the article's top
# block and counts as its start too; the tie-breaks (slug share, length, nearness) then choose between them. Not
# when the first kept line is one the top-matter stage moved out as the headline: that stage has found the title.
# Windows of 1-10 lines compared on dev sh+tf (headline agreement 0.852 without the block): 1 lost 0.002, 2-10
# gained 0.008-0.010; a domain-split CV over none, 1, 2, 3, 4, 6 and 10 chose 2 in four folds and 3 in one (0.860).
# Without the top-matter exception every window did worse by 1-4 renderings.
ARTICLE_TOP_LINES: Final = 2

# The signals read last, costliest first, each only while its line can still win.
_LATE_SIGNALS: Final = ("ends-longer-line", "byline-or-date-below", "prose-below")


# A candidate's place: (score or its bound, not a sentence, slug share, words up to TIE_MAX_WORDS,
# nearness to the first kept line, minus its index: the first line wins a full tie).
_Rank = tuple[int, bool, float, int, int, int]


# Not frozen, and its __init__ written out: a frozen dataclass's generated __init__ is interpreted even in the compiled
# build and sets each field through object.__setattr__ (date_forms.DateMatch's note); equality, hashing and repr stay
# the dataclass's. find_text_headline makes one for each new best line, and nothing assigns to one after.
@dataclass(slots=True, init=False, unsafe_hash=True)
class TextHeadline:
    """The headline found, the line it was read from (0-based) and the signals that chose it."""

    text: str
    line: int
    score: int
    signals: tuple[str, ...]

    def __init__(self, text: str, line: int, score: int, signals: tuple[str, ...]) -> None:
        self.text = text
        self.line = line
        self.score = score
        self.signals = signals


def slug_words(url: str | None) -> frozenset[str]:
    """Words of the URL's path, accents folded: the slug most CMSs build from the headline."""
    if not url:
        return frozenset()
    parts = split_url(url) or NO_URL_PARTS
    path = parts.path or url
    return frozenset(w for w in _WORD.findall(_fold(path)) if len(w) >= SLUG_WORD_MIN_CHARS and not w.isdigit())


def slug_tail(url: str | None) -> frozenset[str]:
    """Words of the path's last segment that has letters: the article's own slug, without the
    section folders ("/news/", "/sport/") that a one-word menu line would match."""
    if not url:
        return frozenset()
    path = (split_url(url) or NO_URL_PARTS).path or url
    for segment in reversed(path.split("/")):
        words = [w for w in _WORD.findall(_fold(segment)) if len(w) >= SLUG_WORD_MIN_CHARS and not w.isdigit()]
        if words:
            return frozenset(words)
    return frozenset()


def _slug_share(words: Sequence[str], slug: frozenset[str]) -> float:
    """Share of the line's words that are in the slug; 0 when fewer than SLUG_MIN_WORDS are."""
    long = [w for w in words if len(w) >= SLUG_WORD_MIN_CHARS and not w.isdigit()]
    hits = sum(w in slug for w in long)
    return hits / len(long) if long and hits >= SLUG_MIN_WORDS else 0.0


def _is_whole_slug(words: Sequence[str], tail: frozenset[str]) -> bool:
    """A short line ("Bienenstich-Muffins") is the slug only when it is all of its last segment."""
    long = {w for w in words if len(w) >= SLUG_WORD_MIN_CHARS and not w.isdigit()}
    return bool(long) and long == tail


@cache
def _opens_title(first: str) -> bool:
    """_TITLE_START of a title's first character (the pattern reads no further), remembered per character:
    asked of every title-shaped line of every text, and a text starts its lines with few characters."""
    return _TITLE_START.match(first) is not None


def _lines_with_separator(lines: Sequence[str | None]) -> set[int]:
    """Indexes of the lines site_affix._split may cut into segments: those holding a character of _SEPARATOR_HINT's
    bare class, or one of its spaced characters after a character that is not a letter or digit (its `\\s`; a space is
    never alphanumeric). The others (a hyphen or colon inside words only: "well-known", "10:30", most paragraphs) are
    one segment, and are not split."""
    return separator_lines(lines, _BARE, _SPACED)


# _SEPARATOR_CHARS by kind, as separator_lines reads them.
_BARE: Final = "".join(sorted(_BARE_SEPARATORS))
_SPACED: Final = "".join(sorted(_SEPARATOR_CHARS - _BARE_SEPARATORS))


def _copy_keys_of(line: str, key: Callable[[str], str]) -> tuple[str, ...]:
    """The keys (`key`: headline_lines._key) of the longest segments of a line of several (site_affix._split of the
    line stripped), where find_text_headline looks for a title printed again; () for a line of one segment. Only the
    row's longest segment: the headline is the long part of a <title> or the last step of a breadcrumb, and a section
    label is shorter than what it is printed beside ("More in Tech | PayPal lays off 325 employees"). The pure twin
    of the kernel `_headline.copy_keys`."""
    segments = _split(line.strip())
    if len(segments) < 2:
        return ()
    counts = [len(seg[0].split()) for seg in segments]
    longest = max(counts)
    return tuple(key(seg[0]) for seg, n in zip(segments, counts, strict=True) if n == longest)


def _copy_index(
    lines: Sequence[str | None], key: Callable[[str], str], memo: dict[str, tuple[str, ...]], memo_max: int
) -> tuple[dict[str, set[int]], set[int]]:
    """Where each copy key (_copy_keys_of with `key`) of the lines is a segment (key -> the lines holding it), and the
    lines of several segments: find_text_headline's look-up of a title printed again in a <title> or a breadcrumb. Only
    the lines with a separator (_lines_with_separator) are split, each line's keys read from `memo` (line -> keys,
    emptied when it holds `memo_max` lines) or made and kept there: a site's menus and breadcrumbs repeat from page to
    page, and splitting and keying them again was an eighth of the headline's time. The pure twin of the kernel
    `_headline.copy_index`, which screens, splits and indexes every line in one call."""
    inside: dict[str, set[int]] = {}
    several: set[int] = set()
    for i in sorted(_lines_with_separator(lines)):
        line = lines[i] or ""
        copies = memo.get(line)
        if copies is None:
            copies = _copy_keys_of(line, key)
            if len(memo) >= memo_max:
                memo.clear()
            memo[line] = copies
        if not copies:
            continue
        several.add(i)
        for k in copies:
            # (Not setdefault: it made an empty set per key, found or not.)
            holders = inside.get(k)
            if holders is None:
                inside[k] = {i}
            else:
                holders.add(i)
    return inside, several


# A row of title_rows: the line's place in `content`, its index, its title (None for a line of several segments), its
# words, whether it is a sentence (not title-shaped), and its key when the title is ASCII (else None).
_Row = tuple[int, int, str | None, int, bool, str | None]


def _title_rows(
    lines: Sequence[str | None],
    content: Iterable[int],
    several: Collection[int],
    cap: int,
    min_words: int,
    max_chars: int,
    short_ok: bool,
    sentence_ok: bool,
    opens: Callable[[str], bool],
    ends_as_title: Callable[[str], bool],
) -> list[_Row]:
    """What find_text_headline's first loop reads of each of `content` (at its place n there) past its screens: for a
    line of `several`, `(n, i, None, 0, False, None)` (its affix is the loop's to take off); for another whose title
    (its words joined by single spaces) has at most `cap` words and at least `min_words` unless `short_ok`, `(n, i,
    title, words, sentence, key)`: `sentence` when the title is not title-shaped (more than `max_chars` characters, a
    first character `opens` refuses, or `ends_as_title`, headline_lines._ends_as_title, refuses it: the kernel reads its
    bad end, row join and caption tail itself, and never asks it), left out unless `sentence_ok`; `key` is
    headline_lines._key of an ASCII title, None for another (asked on demand). The pure twin of the kernel
    `_headline.title_rows`, which reads each line once and copies only the titles it keeps."""
    out: list[_Row] = []
    for n, i in enumerate(content):
        if i in several:
            out.append((n, i, None, 0, False, None))
            continue
        spaced = spaced_words(lines[i] or "", cap)
        if spaced is None or (spaced[1] < min_words and not short_ok):
            continue
        title, words = spaced
        sentence = not (title and len(title) <= max_chars and opens(title[0]) and ends_as_title(title))
        if sentence and not sentence_ok:
            continue
        out.append((n, i, title, words, sentence, _ascii_key(title) if title.isascii() and title else None))
    return out


def _plain_ranks(
    lines: Sequence[str | None],
    content: Sequence[int],
    several: Collection[int],
    opens: Callable[[str], bool],
    ends_as_title: Callable[[str], bool],
    strip: Callable[[str], str],
    title_shaped: Callable[[str], bool],
    stripped: dict[int, str],
    given: dict[int, str],
    furniture: Collection[int],
    top_block: Collection[int],
    above: Sequence[int],
    marks: tuple[int, int, int],
    limit: float,
    w_start: int,
    extra: int,
    min_score: int,
) -> list[int]:
    """find_text_headline's first pass when there is no slug (no URL, the text path's case), as the packed ranks
    (_packed_rank) of its candidates: the titles of title_rows (HEADLINE_MAX_WORDS, HEADLINE_MIN_WORDS,
    HEADLINE_MAX_CHARS, no short line, no sentence) and the lines of `several` whose affix off (`strip`, kept in
    `stripped`) is `title_shaped` with HEADLINE_MIN_WORDS words, past `furniture`, whose bound reaches `min_score`.
    Without a slug no candidate is a sentence or has a share, and the second pass rebuilds the few it reads from the
    rank, so no candidate needs more than one int. `marks` are the first kept line (-1: none), its place in `content`
    and the last kept line; a line scores `w_start` when it is the first kept line and loses BELOW_BODY_PENALTY when
    `above` it is more than `limit`; its bound adds `extra` (the late signals' weights) and `w_start` in `top_block`.
    The titles go to `stripped`, the ASCII ones' keys to `given`, as the loop with a slug keeps them. The pure twin of
    the kernel `_headline.plain_ranks`, which reads each line once and makes no row."""
    first_kept, first_at, last_kept = marks
    n_content, n_lines = len(content), len(lines)
    rows = _title_rows(
        lines,
        content,
        several,
        HEADLINE_MAX_WORDS,
        HEADLINE_MIN_WORDS,
        HEADLINE_MAX_CHARS,
        False,
        False,
        opens,
        ends_as_title,
    )
    out: list[int] = []
    for at, i, spaced_title, n_words, _sentence, key in rows:
        if spaced_title is not None:
            stripped[i] = spaced_title
            if key is not None:
                given[i] = key
        else:
            title = stripped.get(i)
            if title is None:
                title = stripped[i] = strip(lines[i] or "")
            if not title_shaped(title):
                continue
            n_words = len(title.split())
            if n_words < HEADLINE_MIN_WORDS:
                continue
        if i in furniture:
            continue
        score = w_start if i == first_kept and last_kept > i else 0
        if i < len(above) and above[i] > limit:
            score -= BELOW_BODY_PENALTY
        bound = score + extra + (w_start if i in top_block and last_kept > i else 0)
        if bound < min_score:
            continue
        near = -abs(at - first_at) if first_kept >= 0 else 0
        out.append(_packed_rank(bound, False, min(n_words, TIE_MAX_WORDS), near, i, n_content, n_lines))
    return out


def _fold_lines(lines: Sequence[str | None]) -> str:
    """The lines (None as "") case-folded and joined by line breaks, in one string. A case fold is per character, so
    this is the joined text's case fold; each line is folded on its own because `str.casefold` of an ASCII string is a
    table look-up per character and of any other a full case mapping, eight times dearer, which folding the joined
    text gave every line of a text with one character outside ASCII. The pure twin of the kernel
    `_headline.fold_lines`, which folds each character through a table made from `str.casefold` itself."""
    return "\n".join([s.casefold() if s else "" for s in lines])


def _holder_lines(folded: str, needle: str) -> list[int]:
    """The line (the count of line breaks before it) of every place `needle` is found in `folded`, in order: each
    search goes on from one past the last match, and the breaks are counted on from the previous match (the matches
    come in order), not from the text's start again. The pure twin of the kernel `_headline.holder_lines`, which
    finds each match at its rarest character with `memchr`."""
    out: list[int] = []
    at = folded.find(needle)
    line, seen = 0, 0
    while at >= 0:
        line += folded.count("\n", seen, at)
        seen = at
        out.append(line)
        at = folded.find(needle, at + 1)
    return out


def _dated_any(
    lines: Sequence[str | None],
    indexes: list[int],
    start: int,
    stop: int,
    opens_byline: Callable[[str], bool],
    has_date: Callable[[str], bool],
    memo: bytearray | None = None,
) -> bool:
    """Whether headline_lines._dated (`opens_byline` or `has_date`: headline_lines._opens_byline and _has_date) holds
    for the line of any of `indexes[start:stop]`, each line's answer kept in `memo` (as long as `indexes`, or None) by
    its place there (0 not read, 1 no, 2 yes) across the calls of one text. The pure twin of the kernel
    `_headline.dated_any`, which asks `opens_byline` only of a line that a byline's label could open, and reads a
    line's dates itself (asking `has_date` only of a line with a character whose class it does not trust to be
    `regex`'s)."""
    if memo is not None and len(memo) < len(indexes):
        raise ValueError("memo shorter than indexes")
    for k in range(max(start, 0), min(stop, len(indexes))):
        if memo is not None and memo[k]:
            if memo[k] == 2:
                return True
            continue
        line = lines[indexes[k]] or ""
        dated = opens_byline(line) or has_date(line)
        if memo is not None:
            memo[k] = 2 if dated else 1
        if dated:
            return True
    return False


# No line: title_rows's `several` when no line has an affix to take off.
_NO_LINES: Final[frozenset[int]] = frozenset()

_native = kernel("cleaner.metadata._headline")


# Each line's copy keys (copy_index's memo), across texts: at most LINES_CACHED lines.
_COPY_KEYS: Final[dict[str, tuple[str, ...]]] = {}

copy_index = _native.copy_index if _native is not None else _copy_index
title_rows = _native.title_rows if _native is not None else _title_rows
plain_ranks = _native.plain_ranks if _native is not None else _plain_ranks
dated_any = _native.dated_any if _native is not None else _dated_any
fold_lines = _native.fold_lines if _native is not None else _fold_lines
holder_lines = _native.holder_lines if _native is not None else _holder_lines


def _beats(value: int, rest: tuple[bool, float, int, int, int], top: _Rank | None, min_score: int) -> bool:
    """Whether a candidate's score (or its bound) `value`, with the rest of its rank, reaches `min_score` and beats the
    best rank so far (`top`). Compared field by field as a tuple compares (the first that differs decides): building
    `(value, *rest)` to compare it was most of this function's time, asked about 40 times a text."""
    if value < min_score:
        return False
    if top is None:
        return True
    t_value, t_sentence, t_share, t_words, t_near, t_first = top
    sentence, share, words, near, first = rest
    if value != t_value:
        return value > t_value
    if sentence != t_sentence:
        return sentence > t_sentence
    if share != t_share:
        return share > t_share
    if words != t_words:
        return words > t_words
    if near != t_near:
        return near > t_near
    return first > t_first


# A candidate's sort key (its rank), which find_text_headline's second pass sorts by: a C getter,
# where a compiled function was a Python call per candidate (about 50 a text).
_rank_of: Final = itemgetter(0)


def _packed_rank(bound: int, sentence: bool, words: int, near: int, i: int, n_content: int, n_lines: int) -> int:
    """A rank with a share of 0.0 (`(bound, not sentence, 0.0, words, near, -i)`) as one int that orders as the rank
    does: its fields in mixed radix, each offset to at least 0 and below its radix (`words` is at most TIE_MAX_WORDS,
    `near` is minus a distance between two of the `n_content` content lines, `i` a line of `n_lines`), `bound` last
    to be multiplied, so any int. Sorting about 50 candidates by their six-field tuples, each comparison walking the
    fields a tie leaves equal, was a twentieth of the text headline's time."""
    packed = (bound * 2 + (0 if sentence else 1)) * (TIE_MAX_WORDS + 1) + words
    return ((packed * (n_content + 1) + near + n_content) * n_lines) + n_lines - 1 - i


def _rank_radix(n_content: int, n_lines: int) -> int:
    """What a packed rank's bound is multiplied by (_packed_rank, with its `n_content` and `n_lines`): a title's packed
    rank (not a sentence) is `bound * radix + low` with `0 <= low < radix`, `low` the packed rest of the rank. So a
    score with that rest packs as `score * radix + low`, and compares with other packed ranks as its rank does."""
    return 2 * (TIE_MAX_WORDS + 1) * (n_content + 1) * n_lines


def _order_line(low: int, n_lines: int) -> int:
    """The line of a title's packed rank from its rest `low` (_rank_radix): minus the rank's last field."""
    return n_lines - 1 - low % n_lines


def _order_near(low: int, n_content: int, n_lines: int) -> int:
    """The nearness to the first kept line (the rank's fifth field) of a title's packed rank, from its rest `low`."""
    return (low // n_lines) % (n_content + 1) - n_content


def _copied_elsewhere(inside: dict[str, set[int]], k: str, i: int) -> bool:
    """Whether a line other than line i holds key k as a segment (`inside`): `inside.get(k, set()) - {i}`, without the
    two sets."""
    at = inside.get(k)
    return at is not None and len(at) > (1 if i in at else 0)


# The late signals a candidate of find_text_headline's second pass has found, as bits (their list is made only for a
# new best line, _chosen_signals).
_ENDS: Final = 1
_DATED: Final = 2
_PROSE: Final = 4
_TOP_START: Final = 8
# A plain candidate's signals before the second pass (none): shared, never changed.
_NO_SIGNALS: Final[tuple[str, ...]] = ()


def _chosen_signals(signals: Sequence[str], copied: bool, added: int, start: bool) -> tuple[str, ...]:
    """A new best line's signals in the order the second pass lists them: those of the first pass, a copy in a title or
    breadcrumb, then the late ones (`added`: ends a longer line, a byline or date below, prose below and the top
    block's article start), then the first kept line's article start (`start`)."""
    out = list(signals)
    if copied:
        out.append("in-title-or-breadcrumb")
    if added & _ENDS:
        out.append("ends-longer-line")
    if added & _DATED:
        out.append("byline-or-date-below")
    if added & _PROSE:
        out.append("prose-below")
    if added & _TOP_START:
        out.append("article-start")
    if start:
        out.append("article-start")
    return tuple(out)


class _Reader:
    """What find_text_headline reads of its lines on demand: each line with its site affix off (`strip`), its key
    (headline_lines._key of that, or the one title_rows gave in `given`), and whether a line ends a longer one. A class,
    not nested functions: in the compiled build those were a reference cycle per call (their closure's environment
    holds them), left with every line they reached for the cyclic collector."""

    def __init__(self, lines: Sequence[str | None], strip: Callable[[str], str], slug: frozenset[str]) -> None:
        self.lines = lines
        self.strip = strip
        self.slug = slug
        self.stripped: dict[int, str] = {}
        self.keys: dict[int, str] = {}
        self.given: dict[int, str] = {}
        # Every line, case-folded, in one string (made on demand: ends_longer).
        self.folded = ""

    def stripped_of(self, i: int) -> str:
        """Line i with its site affix off."""
        stripped = self.stripped
        if i not in stripped:
            stripped[i] = self.strip(self.lines[i] or "")
        return stripped[i]

    def key_of(self, i: int) -> str:
        """Line i's key."""
        keys = self.keys
        if i not in keys:
            given = self.given
            keys[i] = given[i] if i in given else _key(self.stripped_of(i))
        return keys[i]

    def ends_longer(self, i: int, k: str) -> bool:
        """Line i (its key k) ends a longer line whose extra words are not the slug's (then the longer line is the
        headline and line i its tail: "Easy Pineapple Upside-Down Cake"). A title printed again at the end of a
        longer line (a breadcrumb run together, "2 Gedanken zu „Folge 70: …“", "Kundenbewertungen für …") is found
        with one search per title in every line case-folded, and only the lines it is found in are split into
        words."""
        if len(k.split()) < CONTAINED_MIN_WORDS:
            return False
        folded = self.folded
        if not folded:
            # Casefolding never makes or takes a line break, so the line a match is on is the count of breaks before
            # it. (The needle has no space at its ends: it is found in a line's text or not at all, stripped or not,
            # and never in an empty line.)
            folded = self.folded = fold_lines(self.lines)
        slug = self.slug
        for j in holder_lines(folded, self.stripped_of(i).casefold()):
            if j != i:
                other = self.key_of(j)
                prefix = other[: -len(k)].split() if other.endswith(f" {k}") else []
                if prefix and not any(w in slug for w in prefix):
                    return True
        return False


def find_text_headline(
    lines: Sequence[str | None],
    kept: Sequence[str | None],
    *,
    url: str | None = None,
    site_names: Sequence[str | None] = (),
    domain: str | None = None,
    min_score: int = MIN_SCORE,
    weights: dict[str, int] | None = None,
    moved: Collection[int] = (),
    furniture: Collection[int] = (),
) -> TextHeadline | None:
    """The best-supported title-shaped line of `lines` (the text as read), or None.

    `moved` are lines the top-matter stage took out of `kept` into the headline field: the article
    starts there, not at the standfirst below. `furniture` are lines a rule removed as page furniture
    (a credit, a menu word): the title only where the slug names them, or a <title> or breadcrumb copy that the first
    look-up found (the copy test this function leaves to its second pass is not made for them: made, it let a repeated
    comment header, "NOCH KEINE Kommentare", beat a page's title).
    """
    weights = SIGNAL_WEIGHTS if weights is None else weights
    # The content lines; whether each is prose, by its place in `content` (asked of the lines below every candidate:
    # the windows overlap); the kept characters above each line (BODY_ABOVE_SHARE); the first kept line's place in
    # `content` (the candidates' places come with them: title_rows); and the last content line that is kept (the first
    # kept line starts an article only above it). One walk of the lines (headline_marks).
    content, prose, above, first_at, last_kept = headline_marks(
        lines, kept, moved, PROSE_MIN_WORDS, SENTENCE_MARKS, SENTENCE_CLOSERS
    )
    first_kept = content[first_at] if first_at >= 0 else None
    slug = slug_words(url)
    tail = slug_tail(url)
    # The article's own segment when it is a slug of several words; section folders ("/natur-umwelt/")
    # otherwise give a menu line ("Natur & Umwelt") the slug signal.
    own_slug = tail if len(tail) >= OWN_SLUG_MIN_WORDS else slug
    tail_probe = next((w for w in sorted(tail) if w.isascii()), None)
    names = tuple(n for n in site_names if n)
    strip = affix_stripper(names, domain)
    names_site = site_name_test(names, domain)
    # With no site name and no domain there is no affix to take off: `strip` gives every line its words joined by
    # single spaces (the text path's case), and a line of several segments is read as the others are (title_rows).
    no_affix = not names and not domain
    # Whether each content line is dated (a byline or a date: dated_any), by its place in `content`, kept as the
    # second pass reads them (0 not read): the windows below the candidates overlap, and read afresh each line was
    # read about three times. (The kernel asks the byline's test only of a line a label may open, and reads most lines'
    # dates itself; a memo of this in a dict, in front of the kernel, had cost more than the look-up.)
    dated = bytearray(len(content))

    # Where a line is printed again as one segment of a longer line (the <title> with its site
    # affix, a breadcrumb's last step). A plain repeat of a line is no signal: menus repeat too.
    # A line without a separator character is one segment (site_affix._split), and most lines are. `several` are the
    # lines of several segments: only they can lose a site affix (a site name taken whole holds a separator too), the
    # others are their words joined by single spaces. (A line holding a separator character is never blank: these are
    # content lines.)
    inside, several = copy_index(lines, _key, _COPY_KEYS, LINES_CACHED)
    # Lines with their site affix off, keys and the folded text are made on demand (_Reader): only title-shaped lines
    # and the lines below them need them (computing them for every line was a quarter of the text path's CPU).
    reader = _Reader(lines, strip, slug)
    # The keys title_rows gave with the titles (ASCII ones): key_of's, but not the first loop's "key known" (`keys`).
    given = reader.given
    keys = reader.keys
    total_kept = above[-1] or 1
    w_ends, w_dated, w_prose = (max(0, weights.get(s, 1)) for s in _LATE_SIGNALS)
    w_start = weights.get("article-start", 1)
    # The article's top block (ARTICLE_TOP_LINES): the lines under the first kept line, down to the first prose line.
    top_block: set[int] = set()
    if first_kept is not None and first_kept not in moved:
        for n in range(first_at + 1, min(first_at + 1 + ARTICLE_TOP_LINES, len(content))):
            if prose[n]:
                break
            top_block.add(content[n])
    w_copy = max(w_ends, weights.get("in-title-or-breadcrumb", 1))

    # First every title-shaped line, with the signals a look-up gives (slug, a copy in a title or
    # breadcrumb, the first kept line), the penalties, and the most the other signals could add.
    found: list[tuple[_Rank, list[str], int, str, bool, int, int, bool | None]] = []
    n_content = len(content)
    n_lines = len(lines)
    # Without a slug (no URL: the text path's case) no line is a sentence, a short line or the slug's, no candidate has
    # a share, and no key is known yet (`keys`): each candidate is its rank packed in one int (_packed_rank), all of
    # them made in one call (plain_ranks), and the second pass unpacks the few it reads. Made as the loop below made
    # them, a row, a rank, a list of signals and a candidate per title-shaped line were a quarter of this function's
    # time.
    plain = not own_slug and not tail
    limit = BODY_ABOVE_SHARE * total_kept
    orders = (
        plain_ranks(
            lines,
            content,
            _NO_LINES if no_affix else several,
            _opens_title,
            _ends_as_title,
            strip,
            _title_shaped,
            reader.stripped,
            given,
            furniture,
            top_block,
            above,
            (-1 if first_kept is None else first_kept, first_at, last_kept),
            limit,
            w_start,
            w_dated + w_prose + (w_copy if inside else w_ends),
            min_score,
        )
        if plain
        else []
    )
    # The lines its screens below would skip (too many words; a short line without a slug; with no slug to vouch for
    # a sentence, a line that is not title-shaped) are left out first, each read once, with its title, word count,
    # shape and (ASCII) key (title_rows).
    rows = (
        title_rows(
            lines,
            content,
            _NO_LINES if no_affix else several,
            HEADLINE_MAX_WORDS,
            HEADLINE_MIN_WORDS,
            HEADLINE_MAX_CHARS,
            bool(tail),
            bool(own_slug),
            _opens_title,
            _ends_as_title,
        )
        if not plain
        else []
    )
    for at, i, spaced_title, n_words, sentence, key in rows:
        if spaced_title is not None:
            # No affix to take off: the title is the line with its spaces normalised (what `strip` gives it), at
            # most HEADLINE_MAX_WORDS words (past them it is neither title-shaped nor, its full stop off,
            # sentence-titled), at least HEADLINE_MIN_WORDS unless there is a slug's tail (a short line is only ever
            # the whole slug).
            title = reader.stripped[i] = spaced_title
            if key is not None:
                given[i] = key
        else:
            title = reader.stripped_of(i)
            sentence = not _title_shaped(title)
            n_words = len(title.split())
        if sentence:
            # A headline that ends with a full stop is taken only on the slug's word. Most lines here
            # are paragraphs: their length, last character and whether they hold two slug words at
            # all are tested before the pattern, which would scan the whole line.
            if not own_slug or len(title) > HEADLINE_MAX_CHARS or title[-1:] not in _FULL_STOP_LAST:
                continue
            low = title.casefold()
            if sum(w in low for w in own_slug) < SLUG_MIN_WORDS or not _sentence_titled(title):
                continue
            if _slug_share(reader.key_of(i).split(), own_slug) < SLUG_SHARE:
                continue
        short = n_words < HEADLINE_MIN_WORDS
        # A one- or two-word line is only ever the whole slug: test that before anything costlier
        # (first that it holds the slug's first ASCII word at all, which most menu items do not).
        if short and not (
            tail
            and (not tail_probe or tail_probe in title.casefold())
            and _is_whole_slug(reader.key_of(i).split(), tail)
        ):
            continue
        signals: list[str] = ["slug"] if short else []
        share = _slug_share(reader.key_of(i).split(), own_slug) if own_slug and not short else 0.0
        if share >= SLUG_SHARE:
            signals.append("slug")
        # Whether a title or breadcrumb holds the line needs its key: without a slug to compare, it is
        # left to the second pass (None), and the bound counts the likelier of the two signals.
        in_title = (_copied_elsewhere(inside, reader.key_of(i), i) if i in keys else None) if inside else False
        if in_title:
            signals.append("in-title-or-breadcrumb")
        elif i in furniture and not signals:
            # A rule took it as page furniture and nothing found so far names it (slug, title, breadcrumb): a credit
            # or a menu line that only sits where a title would. Named, it is the title a rule took.
            continue
        # The first kept line starts an article only when the article goes on below it: a one-line
        # text is a body, not a title over nothing.
        start = i == first_kept and last_kept > i
        # In the top block under the first kept line: the article's start too, when prose follows (second pass).
        in_top = i in top_block and last_kept > i
        score = (sum(weights.get(s, 1) for s in signals) if signals else 0) + (w_start if start else 0)
        score -= SENTENCE_PENALTY if sentence else 0
        if i < len(above) and above[i] > limit:
            score -= BELOW_BODY_PENALTY
        bound = score + w_dated + w_prose + (0 if in_title else w_ends if in_title is False else w_copy)
        bound += w_start if in_top else 0
        if bound < min_score:
            continue
        # On a tie, the line closest to the slug (the heading itself, not a breadcrumb that ends with
        # it), then the longer (TIE_MAX_WORDS), then the one nearest the article's first kept line;
        # then the first in the text.
        near = -abs(at - first_at) if first_kept is not None else 0
        words = min(n_words, TIE_MAX_WORDS)
        rank = (bound, not sentence, share, words, near, -i)
        found.append((rank, signals, score, title, start or in_top, i, at, in_title))

    # Then the most promising first, each signal read only while the line can still beat the best so
    # far; a line whose bound cannot is not read at all, nor any after it. The winner is the one the
    # text order gives (on a full tie the first line).
    found.sort(key=_rank_of, reverse=True)
    orders.sort(reverse=True)
    # A plain candidate's copy signal: left to this pass when some line has several segments (as the loop leaves it
    # for a line whose key it has not read).
    plain_in_title: bool | None = None if inside else False
    # The raw weights of the late signals, as the score adds them (the bounds above use them floored at 0).
    r_ends, r_dated, r_prose = (weights.get(s, 1) for s in _LATE_SIGNALS)
    r_copy = weights.get("in-title-or-breadcrumb", 1)
    # Without a slug the ranks stay packed (_packed_rank): a candidate's bound is its order's quotient by `radix` and
    # the rest of its rank the remainder (`low`), so a score with that rest is `score * radix + low` (_rank_radix), and
    # beats the best when that int is greater (as _beats compares the tuples). `best_order` starts just below every
    # rank that reaches `min_score`. No rank tuple is made, sliced or compared per candidate (about 30 a text).
    radix = _rank_radix(n_content, n_lines)
    best_order = min_score * radix - 1
    low = 0
    rest: tuple[bool, float, int, int, int] = (True, 0.0, 0, 0, 0)
    best: TextHeadline | None = None
    best_rank: _Rank | None = None
    for f in range(len(orders) if plain else len(found)):
        if plain:
            order = orders[f]
            if order <= best_order:
                break
            bound = order // radix
            low = order - bound * radix
            i = _order_line(low, n_lines)
            near = _order_near(low, n_content, n_lines)
            # Its place in `content` is its distance from the first kept line's (`near`), on its side of it.
            if first_kept is None:
                at = bisect_left(content, i)
            else:
                at = first_at + near if i < first_kept else first_at - near
            start = i == first_kept and last_kept > i
            score = (w_start if start else 0) - (BELOW_BODY_PENALTY if i < len(above) and above[i] > limit else 0)
            named: Sequence[str] = _NO_SIGNALS
            title = reader.stripped[i]
            start = start or (i in top_block and last_kept > i)
            in_title = plain_in_title
        else:
            rank, named, score, title, start, i, at, in_title = found[f]
            if best_rank is not None and rank <= best_rank:
                break
            bound, rest = rank[0], rank[1:]
        # The late signals found, as flags (_ENDS, _DATED, _PROSE, _TOP_START): their list is made for a new best only.
        added = 0
        copied = False
        # A line of the top block under the first kept line starts the article only with prose below it.
        top = start and i != first_kept
        # (Read in place: a slice of the window was a list per candidate read, about 30 a text.)
        prose_below = False
        for n in range(at + 1, min(at + 1 + PROSE_WITHIN, len(prose))):
            if prose[n]:
                prose_below = True
                break
        if prose_below:
            added = _PROSE | _TOP_START if top else _PROSE
        else:
            bound -= w_prose + (w_start if top else 0)
            if not (bound * radix + low > best_order if plain else _beats(bound, rest, best_rank, min_score)):
                continue
        # (Content lines are never empty, so `lines[j]` is the text the date test reads.)
        if dated_any(lines, content, at + 1, at + 1 + FOLLOWED_WITHIN, _opens_byline, _has_date, dated):
            added |= _DATED
        else:
            bound -= w_dated
            if not (bound * radix + low > best_order if plain else _beats(bound, rest, best_rank, min_score)):
                continue
        k = reader.key_of(i)
        if in_title is None:
            if not k:
                continue
            if _copied_elsewhere(inside, k, i):
                copied = True
                score += r_copy
                bound += r_copy - w_copy
            else:
                bound += w_ends - w_copy
                if not (bound * radix + low > best_order if plain else _beats(bound, rest, best_rank, min_score)):
                    continue
        # A line that holds a date or a byline is the dateline, not the title above it, unless the slug names it: a
        # title may hold a day or what the date test reads as one ("Blogposting 01/23/2020", "Internetrecht, 5. Auflage
        # 2014") or open with a byline's label ("Von Sprachregeln, Gender-Politik und …"), and a dateline's words are
        # not the slug's (dev sh+tf: 8 renderings right instead of wrong, none the other way). (A line that names the
        # site, "Scott H Young" on scotthyoung.com, is its masthead: excluded below.)
        if not k or ("slug" not in named and dated_any(lines, content, at, at + 1, _opens_byline, _has_date, dated)):
            continue
        if not copied and "in-title-or-breadcrumb" not in named and reader.ends_longer(i, k):
            added |= _ENDS
        exact = (
            score
            + (r_ends if added & _ENDS else 0)
            + (r_dated if added & _DATED else 0)
            + (r_prose if added & _PROSE else 0)
            + (w_start if added & _TOP_START else 0)
        )
        # Whether the line names the site is asked last, of a line that would win: it is the costliest test.
        if (
            exact * radix + low > best_order if plain else _beats(exact, rest, best_rank, min_score)
        ) and not names_site(title):
            chosen = _chosen_signals(named, copied, added, start and not top)
            best = TextHeadline(title, i, exact, chosen)
            if plain:
                best_order = exact * radix + low
            else:
                best_rank = (exact, *rest)
    return best
