"""Per-line features for the learned stage, computed for every line of a document in one pass of NumPy.

Cheap, language-light signals that separate chrome from article text on unseen sites: how long a line
is, how many function words it has (against the document's own prose, so every stoplist size works),
whether it ends like a sentence, where it sits relative to the article's prose, what its neighbours look
like, and how many other lines share its shape (teaser lists and menus repeat one shape). Nothing here
reads a site's wording.

Every feature is a function of the non-blank kept lines alone, in order: what an earlier stage removed
leaves no trace (no "removed nearby" feature), so the stage sees the same rows when it is run again on
its own output, which is what makes it idempotent (see `cleaner.learned.stage`). The per-line counts
(`line_stats`) are taken once; `assemble` turns them into features for any subset of the lines, so the
stage can re-score what is left after its own removals without reading the text again.

The module runs past 350 lines because the 54 features' definitions, the text pass that counts their inputs and
the blocked assembly that turns them into the matrix must agree column by column; split apart, each change
would have to be made in three places at once.
"""

from __future__ import annotations

import itertools
import operator
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType

import numpy as np
import numpy.typing as npt

from cleaner.heuristics.regions import COMMENT_FROM, COMMENT_HEADER, COMMENT_HEADER_CHARS
from cleaner.learned import SENTENCE_END, SHORT_CHARS
from cleaner.native import kernel

# Neighbourhood for the context features: +-3 lines, as the measured model used, and a wider
# +-8 for the share of short fragments around a line (teaser and menu blocks run 5-20 lines).
CONTEXT = 3
WIDE_CONTEXT = 8
# Prose lines for the document's stopword level: at least this long, as in heuristics.features.GOOD_CHARS.
PROSE_CHARS = 100
# Without this many prose lines the document's stopword level falls back to jusText's stopwords_high.
MIN_PROSE_LINES = 3
DEFAULT_PROSE_STOP = 0.32
# Prose lines at most this many lines apart belong to one block of prose; the block holding the most prose
# characters is the article's main block. A subheading, a list or a recipe's ingredients sit between two
# paragraphs of one article; menus, teaser lists and footers lie outside it (the widest context, as above;
# twice it scored lower under CV on sh+tf, fulltext.txt 0.838 -> 0.835 sh, and lost 31 tf snippets, over the cap).
BLOCK_GAP = WIDE_CONTEXT
# Word counts above this fall in one bucket of the line shape (a long line is prose or a teaser alike).
SHAPE_MAX_WORDS = 16
# The patterns below are the definitions; `complete` finds where each can start with NumPy (or str.find for
# _WEB's literals) and confirms there, which matches what a scan of every line would find.
_SEPARATORS = re.compile(r"(?<= )[|•·»›/](?= )")
_SEPARATOR_CHARS = "|•·»›/"
# Scanned over the joined lines (one line per "\\n"), so no part of a pattern may cross a line break.
_UPPER_START = re.compile(r"^[^\w\n]*[A-ZÀ-ÖØ-ÞĀ-Ž]", re.MULTILINE)
_LIST_MARK = re.compile(r"^(?:[-*•]|\d+[.)])[^\S\n]", re.MULTILINE)
_WEB = re.compile(r"https?://|www\.|@|©|\.com\b", re.IGNORECASE)
_WEB_LITERALS = ("http://", "https://", "www.", ".com")
# The characters `_WEB` matches alone, anywhere.
_WEB_CHARS = "@©"
# Dates and clock times (bylines, datelines, teaser timestamps) in the numeric forms most languages share.
_DATE_LIKE = re.compile(r"\b\d{1,2}[./:]\d{1,2}\b|\b(?:19|20)\d\d\b")
# Second-person words: promotions and legal notices address the reader ("Sign up for your free newsletter",
# "Sie können Ihre Einwilligung ..."), news reports rarely do. A small table for the languages of the dev
# corpus's stoplists, as the issue allows ("multilingual stoplists ... or a small table of your own"); the
# formal German "Sie"/"Ihre" is left out because it also means "she"/"they"/"her".
SECOND_PERSON = frozenset(
    [
        "you",
        "your",
        "yours",
        "yourself",
        "you're",
        "you’re",
        "you'll",
        "you’ll",
        "du",
        "dich",
        "dir",
        "dein",
        "deine",
        "deinen",
        "deinem",
        "deiner",
        "deines",
        "euch",
        "euer",
        "eure",
        "vous",
        "votre",
        "vos",
        "tu",
        "toi",
        "ton",
        "tes",
        "tú",
        "usted",
        "ustedes",
        "vosotros",
        "vuestro",
        "vuestra",
        "tuo",
        "tua",
        "tuoi",
        "voi",
        "vostro",
        "vostra",
        "você",
        "vocês",
        "jij",
        "jouw",
        "uw",
        "ty",
        "twój",
        "wasz",
    ]
)
# Promotion and legal vocabulary, by the first STEM_CHARS letters of a word (subscribe, subscription,
# newsletter, Abonnement, abonnieren, inscrivez, suscríbete, iscriviti, cookies, privacy, Datenschutz,
# copyright, advertisement, sponsored, Werbung, download, password): the words of the promo and legal
# prose that made up a quarter of the boilerplate the cleaner kept on unseen pages (BENCHMARKS.md, issue 11).
STEM_CHARS = 6
PROMO_STEMS = frozenset(
    [
        "subscr",
        "unsubs",
        "newsle",
        "abonni",
        "abonne",
        "inscri",
        "suscri",
        "suscrí",
        "iscriv",
        "cookie",
        "privac",
        "datens",
        "copyri",
        "advert",
        "sponso",
        "werbun",
        "downlo",
        "passwo",
    ]
)


def _promo_needles(stems: Iterable[str]) -> tuple[str, ...]:
    """What `_promo_words` searches for: stems that differ only in their last letter ("abonni", "abonne") share one
    needle, their common prefix, and the others are searched as they are. Every stem holds one of the needles, so
    every token a stem starts is still found (and then checked against the stems themselves)."""
    by_prefix: dict[str, list[str]] = {}
    for stem in sorted(stems):
        by_prefix.setdefault(stem[:-1], []).append(stem)
    return tuple(prefix if len(group) > 1 else group[0] for prefix, group in by_prefix.items())


# One str.find over the page per needle: 16 for the 18 stems.
_PROMO_NEEDLES = _promo_needles(PROMO_STEMS)
_PUNCTUATION = "\"'“”‘’«»„‚()[]{}.,;:!?¿¡…-–—/|*#@"
# C-level callables for map(): a Python function per word cost more than the lookups themselves.
_strip_punctuation = operator.methodcaller("strip", _PUNCTUATION)
_stem = operator.itemgetter(slice(0, STEM_CHARS))
# A teaser's blurb is cut short with an ellipsis; article text is not.
_ELLIPSIS = ("…", "...")

FEATURES: tuple[str, ...] = (
    "log_chars",
    "log_words",
    "stop_share",
    "stop_vs_prose",
    "ends_sentence",
    "starts_upper",
    "titlecase_share",
    "digit_share",
    "position",
    "log_short_run",
    "ctx_log_chars",
    "ctx_stop_share",
    "ctx_ends_sentence",
    "wide_short_share",
    "prev_short",
    "next_short",
    "prev_log_chars",
    "next_log_chars",
    "log_prose_distance",
    "before_first_prose",
    "after_last_prose",
    "prose_chars_before",
    "shape_repeats",
    "separators",
    "web_marks",
    "list_mark",
    "ends_colon",
    "doc_short_share",
    "log_doc_lines",
    "short_no_end",
    "short_upper_no_end",
    "digit_run",
    "log_from_end",
    "log_lines_after_prose",
    "log_lines_before_prose",
    "after_comment_header",
    "date_like",
    "ends_ellipsis",
    "mean_word_chars",
    "upper_share",
    "wide_prose_share",
    "prev_ends",
    "next_ends",
    "alternates",
    "wide_date_share",
    "second_person",
    "promo_words",
    "ctx_promo",
    "log_prose_above",
    "log_prose_below",
    "in_main_block",
    "log_main_distance",
    "main_block_share",
    "log_nonprose_run",
)

# Columns of the per-line table `line_stats` collects in its one pass over the text.
_CHARS, _WORDS, _STOPS, _ENDS, _UPPER, _TITLE, _DIGITS, _SEPS, _WEBM, _LIST, _COLON = range(11)
_COMMENT, _DATE, _ELLIP, _CAPS, _SECOND, _PROMO, _TABLE = range(11, 18)
_COLUMNS = 18
TABLE_COLUMNS = _COLUMNS
# The columns `basics` reads, in the order the stage's guard kernel takes them (`_reading.guards`).
GUARD_COLUMNS = (_CHARS, _WORDS, _STOPS, _DIGITS, _ENDS, _TABLE)
# Character property bits (see _props_of), and the characters whose bits are tabled once per process: Latin,
# Greek, Cyrillic, Hebrew, Arabic, Indic scripts and the punctuation blocks; CJK and the rest are looked up
# once per distinct character in a document.
_SPACE, _UPPER_CASE, _DECIMAL, _WORD, _CAPITAL, _ENDS_SENTENCE, _SEPARATOR, _WEB_CHAR, _MARK, _PUNCT = (
    1 << k for k in range(10)
)
TABLE_CHARS = 0x3000
# The columns `complete` fills, those it always fills (two comparisons), and the features that read each of
# the others: a model that reads none of a column's features never needs it (`columns_for`).
_LATE = frozenset((_TITLE, _CAPS, _UPPER, _COLON, _ELLIP, _SEPS, _WEBM, _LIST, _DATE, _SECOND, _PROMO, _COMMENT))
_CHEAP = frozenset((_COLON, _ELLIP))
CHEAP_COLUMNS = _CHEAP
_READS: dict[str, int] = {
    "starts_upper": _UPPER,
    "shape_repeats": _UPPER,
    "alternates": _UPPER,
    "short_upper_no_end": _UPPER,
    "titlecase_share": _TITLE,
    "upper_share": _CAPS,
    "ends_colon": _COLON,
    "ends_ellipsis": _ELLIP,
    "separators": _SEPS,
    "web_marks": _WEBM,
    "list_mark": _LIST,
    "date_like": _DATE,
    "wide_date_share": _DATE,
    "second_person": _SECOND,
    "promo_words": _PROMO,
    "ctx_promo": _PROMO,
    "after_comment_header": _COMMENT,
}


# Columns the stage fills row by row, for the rows it scores (`fill_rows`), rather than for the whole page: only a
# line's own feature reads each of them (no context window, shape or guard does), and the rows the stage scores
# hold about an eighth of a page's words (dev sh views it reads: 15% on fulltext.txt, 12% on article.txt). Looking
# up every word of the page for second-person words was the costliest text column (0.13 of ~1.5 ms a first-sight
# fulltext view); web marks and list marks scanned the whole page for a few lines' answer.
BY_ROW = frozenset((_SECOND, _WEBM, _LIST))


def columns_for(features: Iterable[str]) -> frozenset[int]:
    """The table columns `complete` must fill for a model that reads these features (the others stay 0)."""
    return frozenset(_READS[f] for f in features if f in _READS)


@dataclass(slots=True)
class LineStats:
    """Per-line counts of the non-blank kept lines, read once from the text.

    `line_stats` fills the columns the stage's guards read; `complete` fills the rest when the stage needs
    the whole feature matrix (most articles have no run of unguarded lines, and stop before that).
    """

    index: npt.NDArray[np.int64]  # line index (into the kept view) of each row
    table: npt.NDArray[np.float64]  # rows x the _CHARS.._CAPS columns
    pending: _Joined | None = None  # what `complete` still needs; None once every column is filled
    filled: frozenset[int] = frozenset()  # the columns `complete` has filled
    # The rows `pending` reads the text of (None: all); the others came whole from a `RowMemo`.
    part: npt.NDArray[np.int64] | None = None
    # Rows whose BY_ROW columns hold their values while `filled` lacks them (`fill_rows`; None: no row's do).
    known: npt.NDArray[np.bool_] | None = None


@dataclass(frozen=True, slots=True)
class _Joined:
    """The joined lines and their per-character properties, kept between `line_stats` and `complete`."""

    lines: list[str]
    text: str
    lower: str | None  # text.lower(), when made (`_lower`: the native reading leaves it until a column needs it)
    code: npt.NDArray[np.uint32]
    props: npt.NDArray[np.uint16]
    start: npt.NDArray[np.int64]
    last: npt.NDArray[np.int64]
    starts_at: npt.NDArray[np.int64]
    line_of: npt.NDArray[np.int64]
    tokens: list[str] | None  # text.lower().split(), when `line_stats` made it (`_tokens`)
    digit: npt.NDArray[np.bool_]  # the decimal digits among the characters


def line_stats(
    kept: Sequence[str | None],
    stop: frozenset[str],
    stripped: bool = False,
    shares: Sequence[float | None] | None = None,
    columns: frozenset[int] | None = None,
) -> LineStats:
    """The per-line counts the stage's guards read (characters, words, stopwords, sentence ends, digits) of
    the non-blank kept lines, read from the text of the whole document at once; `complete` adds the rest.

    One Python call per line per count was most of the stage's cost (1.6 of 3.3 ms per document, cProfile on
    240 tf documents), and the stage must cost under a fifth of the cleaner. So the lines are joined once,
    character properties come from a table and are spread over the text with NumPy, words are the
    whitespace runs of the joined text, and patterns are tried only where NumPy found a place they can
    start; a hit counts for the line it starts in. The counts are those of the per-line definitions
    (tests/test_learned.py checks them against a line-by-line reference).

    `shares`, per non-blank line when given, is the line's share of `stop` words where another reader has counted
    it (the page-dump classifier counts every long line's, `heuristics.features.stop_shares`), else None: those
    lines' stopword counts are the share times their words (whole numbers, so exact), and only the other lines'
    words are split and looked up. Looking up every word was the largest part of this function.

    `columns` (`columns_for` a model's features, BY_ROW ones included; not empty) asks for those columns too, at
    once: the kernel `_firstsight.line_rows` then fills every column in one call (`_line_rows_native`) and nothing is
    left for `complete` or `fill_rows`. Without the kernel, or without `columns`, they are filled later, as they are
    asked for: the NumPy twin costs more for columns a page that stops early never reads.
    """
    # Each line stripped once (`stripped`: the caller has, and blank lines are ""); the non-blank ones picked in C.
    bare = kept if stripped else [s.strip() if s else "" for s in kept]
    idx = list(itertools.compress(range(len(bare)), bare))
    n = len(idx)
    if not n:
        return LineStats(np.zeros(0, np.int64), np.zeros((0, _COLUMNS)))
    lines: list[str] = list(filter(None, bare))
    if columns and _ROWS_NATIVE is not None and columns <= ROW_COLUMNS:
        return _line_rows_native(_ROWS_NATIVE, idx, lines, stop, shares, columns)
    if _LINES_NATIVE is not None:
        return _line_stats_native(_LINES_NATIVE, idx, lines, stop, shares)
    return _line_stats_py(idx, lines, stop, shares)


def _line_stats_native(
    native: ModuleType, idx: list[int], lines: list[str], stop: frozenset[str], shares: Sequence[float | None] | None
) -> LineStats:
    """`_line_stats_py` by the kernel (`_firstsight.line_table`): every line read once, each code point's properties,
    the words' places and the table's columns taken in one pass, where the twin made a dozen NumPy passes over the
    characters (each costing more than its arithmetic on a page of a few dozen lines)."""
    n = len(lines)
    text = "\n".join(lines)
    size = len(text)
    table = np.zeros((n, _COLUMNS))
    code = np.empty(size, np.uint32)
    props = np.empty(size, np.uint16)
    digit = np.empty(size, np.bool_)
    start = np.empty(n, np.int64)
    last = np.empty(n, np.int64)
    starts_at = np.empty(size, np.int64)
    line_of = np.empty(size, np.int64)
    count = native.line_table(
        lines,
        stop,
        shares,
        _props_table(),
        _rare_props,
        table,
        code,
        props,
        digit.view(np.uint8),
        start,
        last,
        starts_at,
        line_of,
    )
    joined = _Joined(lines, text, None, code, props, start, last, starts_at[:count], line_of[:count], None, digit)
    return LineStats(np.asarray(idx, np.int64), table, joined)


def _line_rows_native(
    native: ModuleType,
    idx: list[int],
    lines: list[str],
    stop: frozenset[str],
    shares: Sequence[float | None] | None,
    columns: frozenset[int],
) -> LineStats:
    """`line_stats` with `columns` filled, by the kernel (`_firstsight.line_rows`, its twin `_line_rows_py`): one call
    that reads each line where it stands, where `line_table` made nine arrays of the joined text for `complete`'s
    twenty NumPy passes and `fill_rows` read the scored rows again. Every row holds its BY_ROW columns (`known`)."""
    n = len(lines)
    table = np.zeros((n, _COLUMNS))
    want = _paired(columns)
    native.line_rows(lines, stop, shares, _props_table(), _rare_props, table, sum(1 << c for c in want))
    return LineStats(np.asarray(idx, np.int64), table, None, want | _CHEAP, known=np.ones(n, np.bool_))


def row_columns(columns: frozenset[int]) -> frozenset[int] | None:
    """The columns `line_stats(..., columns=columns)` fills by the row kernel (`_line_rows_native`: `columns` paired),
    or None when it would not read them by that kernel (not built, no columns, or a column it does not fill)."""
    if columns and _ROWS_NATIVE is not None and columns <= ROW_COLUMNS:
        return _paired(columns)
    return None


def _paired(columns: frozenset[int]) -> frozenset[int]:
    """`columns` with the title and capitals columns both, when either is there: `complete` fills them together."""
    return columns | {_TITLE, _CAPS} if columns & {_TITLE, _CAPS} else columns


def _line_rows_py(
    lines: list[str], stop: frozenset[str], shares: Sequence[float | None] | None, columns: frozenset[int]
) -> npt.NDArray[np.float64]:
    """The table `_line_rows_native` fills, by the kernel's twin: `_line_stats_py`, then `complete` and `fill_rows` of
    every row asked for `columns`."""
    stats = _line_stats_py(list(range(len(lines))), lines, stop, shares)
    complete(stats, columns)
    fill_rows(stats, np.arange(len(lines)), lines, columns & BY_ROW)
    return stats.table


def _line_stats_py(
    idx: list[int], lines: list[str], stop: frozenset[str], shares: Sequence[float | None] | None
) -> LineStats:
    """`line_stats` of the non-blank stripped `lines` (at `idx` in the kept view) with NumPy: the kernel's
    `line_table` twin."""
    n = len(lines)
    text = "\n".join(lines)
    chars = np.fromiter(map(len, lines), np.int64, n)
    start = np.zeros(n, np.int64)
    (chars[:-1] + 1).cumsum(out=start[1:])
    last = start + chars - 1
    code = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    props = _char_props(code)
    space = (props & _SPACE) > 0
    # A word starts where a non-space character follows a space or the text's start: the same words
    # str.split() finds, in the same order, so the k-th start is the k-th token of text.lower().split().
    word_start = ~space
    word_start[1:] &= space[:-1]
    starts_at = word_start.nonzero()[0]
    line_of = start.searchsorted(starts_at, side="right") - 1
    lower = text.lower()
    table = np.zeros((n, _COLUMNS))
    table[:, _CHARS] = chars
    words = np.bincount(line_of, minlength=n)
    table[:, _WORDS] = words
    counted = [k for k, share in enumerate(shares) if share is not None] if shares is not None and stop else []
    tokens: list[str] | None = None
    if not counted:
        tokens = lower.split()
        stops = (
            np.fromiter(map(stop.__contains__, tokens), np.bool_, len(tokens)) if stop else np.zeros(len(tokens), bool)
        )
        table[:, _STOPS] = np.bincount(line_of, weights=stops.astype(np.float64), minlength=n)
    else:
        assert shares is not None
        # The other lines' words, in order: each line's are the next WORDS of the split (lowercasing keeps spaces).
        rest = [k for k, share in enumerate(shares) if share is None]
        said = "\n".join([lines[k] for k in rest]).lower().split()
        hits = np.fromiter(map(stop.__contains__, said), np.float64, len(said))
        own = np.bincount(np.repeat(np.asarray(rest, np.int64), words[rest]), weights=hits, minlength=n)
        own[counted] = np.rint(np.asarray([shares[k] for k in counted]) * words[counted])
        table[:, _STOPS] = own
    digit = (props & _DECIMAL) > 0
    table[:, _DIGITS] = np.add.reduceat(digit, start, dtype=np.int64)
    table[:, _ENDS] = (props[last] & _ENDS_SENTENCE) > 0
    # A table row as extractors write tables ("| Stadion | Stadion im. Alfreda Smoczyka |"): a guard, not a feature.
    table[:, _TABLE] = (code[start] == ord("|")) & (code[last] == ord("|")) & (last > start)
    joined = _Joined(lines, text, lower, code, props, start, last, starts_at, line_of, tokens, digit)
    return LineStats(np.asarray(idx, np.int64), table, joined)


def complete(stats: LineStats, columns: frozenset[int] | None = None) -> LineStats:
    """`stats` with the given table columns filled (all by default), in place; a column is filled once.

    A model reads only some features (the shipped one 45 of 54); the columns only the others read (second-person
    words, comment headers, separators, list marks) were a fifth of this function's time, so `assemble` asks
    for what its model reads (`columns_for`) and the rest stay 0.
    """
    j = stats.pending
    if j is None:
        return stats
    want = frozenset(_LATE) if columns is None else columns - stats.filled
    if not want:
        return stats
    # The rows read from the text (the others came complete from a memo): filled on their own, then put back.
    table = stats.table if stats.part is None else stats.table[stats.part]
    code, props, start, last = j.code, j.props, j.start, j.last
    n, size = len(table), len(code)
    if want & {_TITLE, _CAPS}:
        caps: npt.NDArray[np.float64] | npt.NDArray[np.int64]
        if _TITLE_CAPS is not None:
            title, caps = np.empty(n), np.empty(n)
            _TITLE_CAPS.title_caps(props, start, j.starts_at, j.line_of, _UPPER_CASE, title, caps)
        else:
            title, caps = _title_caps_py(j, n)
        table[:, _TITLE] = title
        table[:, _CAPS] = caps
        want |= {_TITLE, _CAPS}
    end = code[last]
    if _UPPER in want:
        # Starts with a capital (what `_UPPER_START` matches): only non-word characters may come before the capital,
        # so a line that starts with a word character does exactly when that character is a capital; the few
        # lines that start otherwise (quotes, dashes, bullets) are matched. (Finding every line's first word
        # character among the page's word characters cost a pass over every character and a search per line.)
        head = props.take(start)
        upper_start = (head & _CAPITAL) > 0
        other = ((head & _WORD) == 0).nonzero()[0]
        if len(other):
            upper_start[other] = [_UPPER_START.match(j.text, p) is not None for p in start.take(other).tolist()]
        table[:, _UPPER] = upper_start
    table[:, _COLON] = end == ord(":")
    # Three dots: the last three characters of a line at least three long (the earlier ones are in the line).
    dots = (end == ord(".")) & (last - 2 >= start)
    dots &= (code[np.maximum(last - 1, 0)] == ord(".")) & (code[np.maximum(last - 2, 0)] == ord("."))
    table[:, _ELLIP] = (end == ord("…")) | dots
    if _SEPS in want:
        # Separators: one of `_SEPARATORS`' characters between two spaces (checked at the few such characters;
        # a line's first or last character has a line break beside it).
        seps = ((props & _SEPARATOR) > 0).nonzero()[0]
        seps = seps[(seps > 0) & (seps < size - 1)]
        seps = seps[(code[seps - 1] == ord(" ")) & (code[seps + 1] == ord(" "))]
        table[:, _SEPS] = _per_line(start, seps, n)
    if _WEBM in want:
        _web_marks(j, table, start, n)
    if _LIST in want:
        # List marks: the pattern is tried where it can start (a line starting with a mark or a digit).
        heads = start[((props[start] & (_MARK | _DECIMAL)) > 0)].tolist()
        found = np.asarray([p for p in heads if _LIST_MARK.match(j.text, p)], np.int64)
        table[:, _LIST] = _per_line(start, found, n) > 0
    # Dates and promotion words by the kernel (`_reading.marks`) when it is built: one pass over each line's characters.
    # Promotion words only where lowercasing kept every character in its place (`_word_lists` reads the others).
    by_kernel = frozenset() if _MARKS is None else want & ({_DATE, _PROMO} if _keeps_places(j) else {_DATE})
    if by_kernel and _MARKS is not None:
        dated, promo = np.empty(n), np.empty(n)
        _MARKS.marks(code, props, start, last, _DATE in by_kernel, _PROMO in by_kernel, dated, promo)
        if _DATE in by_kernel:
            table[:, _DATE] = dated
        if _PROMO in by_kernel:
            table[:, _PROMO] = promo
    if _DATE in want - by_kernel:
        # Dates: tried at a run of digits after a character that is not a word character.
        runs = j.digit.nonzero()[0]
        runs = runs[(runs == 0) | ((props[np.maximum(runs - 1, 0)] & _WORD) == 0)]
        dates = [p for p in runs.tolist() if _DATE_LIKE.match(j.text, p)]
        table[:, _DATE] = _per_line(start, np.asarray(dates, np.int64), n) > 0
    if want & {_SECOND, _PROMO} - by_kernel:
        _word_lists(j, table, n, want - by_kernel)
    if _COMMENT in want:
        short = (table[:, _CHARS] <= COMMENT_HEADER_CHARS).nonzero()[0]
        if len(short):
            found_at = map(COMMENT_HEADER.search, [j.lines[i] for i in short.tolist()])
            table[short, _COMMENT] = np.fromiter((m is not None for m in found_at), np.bool_, len(short))
    if stats.part is not None:
        stats.table[stats.part] = table
    stats.filled |= want | _CHEAP
    if stats.filled >= _LATE:
        stats.pending = None
    return stats


def fill_rows(
    stats: LineStats, rows: npt.NDArray[np.int64], lines: Sequence[str], columns: frozenset[int] = BY_ROW
) -> npt.NDArray[np.int64]:
    """The given BY_ROW `columns` of the given table rows, where not filled yet, from their text (`lines`: the
    stripped non-blank lines the table's rows were read from, in order); in place. Returns the rows it filled.

    A row's values are its line's alone, so they are the ones `complete` gives: the rows' lines are joined and read
    as `complete` reads a page, but with string calls alone (the NumPy passes of `line_stats` cost more than a few
    lines' answer)."""
    want = columns - stats.filled
    if not want or not len(rows):
        return rows[:0]
    if stats.known is None:
        stats.known = np.zeros(len(stats.table), np.bool_)
    need = rows[~stats.known[rows]]
    if not len(need):
        return need
    texts = [lines[k] for k in need.tolist()]
    table = stats.table
    if _SECOND in want:
        if _SECOND_NATIVE is not None:
            counts = np.empty(len(texts))
            _SECOND_NATIVE.second_person(texts, counts)
            table[need, _SECOND] = counts
        else:
            table[need, _SECOND] = _second_rows_py(texts, table[need, _WORDS])
    if _WEBM in want:
        text = "\n".join(texts)
        lower = text.lower()
        start = np.zeros(len(texts), np.int64)
        (np.fromiter(map(len, texts[:-1]), np.int64, len(texts) - 1) + 1).cumsum(out=start[1:])
        table[need, _WEBM] = _web_lines(text, lower, start, len(texts))
    if _LIST in want:
        table[need, _LIST] = list(map(_has_list_mark, texts))
    stats.known[need] = True
    return need


def _second_rows_py(texts: Sequence[str], words: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Each text's second-person tokens (`words`: each text's word count, the table's), the twin of the kernel's
    `_reading.second_person`. The k-th text's words are the next WORDS of the joined texts' (whitespace is not
    lowercased away); each distinct word is stripped and looked up once (the rows repeat their words), and most rows
    hold none."""
    tokens = "\n".join(texts).lower().split()
    distinct = list(set(tokens))
    vocabulary = set(itertools.compress(distinct, map(SECOND_PERSON.__contains__, map(_strip_punctuation, distinct))))
    if not vocabulary:
        return np.zeros(len(texts))
    hits = np.fromiter(map(vocabulary.__contains__, tokens), np.bool_, len(tokens))
    counts = words.astype(np.int64)
    return np.add.reduceat(hits, counts.cumsum() - counts, dtype=np.int64).astype(np.float64)


def _has_list_mark(line: str) -> bool:
    """A stripped line holds no line break, so `_LIST_MARK` reads it whole."""
    return _LIST_MARK.match(line) is not None


def _web_marks(j: _Joined, table: npt.NDArray[np.float64], start: npt.NDArray[np.int64], n: int) -> None:
    """Fills the web-mark column."""
    table[:, _WEBM] = _web_lines(j.text, _lower(j), start, n)


def _web_lines(text: str, lower: str, start: npt.NDArray[np.int64], n: int) -> npt.NDArray[np.bool_]:
    """Which of the n joined lines of `text` (starting at `start`; `lower` is text.lower()) hold a web mark."""
    # Web marks: @ and © anywhere (found with str.find, as the literals are: a pass of two NumPy calls over every
    # character cost more), else the literal parts of `_WEB`, found in the lowercased text.
    marks = _places(text, _WEB_CHARS)
    if len(lower) == len(text):
        marks += _places(lower, _WEB_LITERALS)
    else:  # lowercasing moved the characters (a dotted capital I): scan the text itself
        marks = [m.start() for m in _WEB.finditer(text)]
    hits = [m for m in marks if _WEB.match(text, m)]
    return _per_line(start, np.asarray(hits, np.int64), n) > 0


def _word_lists(j: _Joined, table: npt.NDArray[np.float64], n: int, want: frozenset[int]) -> None:
    """Fills the second-person and promotion-word columns that are in `want`.

    Where lowercasing kept every character in its place, each column has its own pass from the character table
    (`_second_person`, `_promo_words`). Else each distinct token is looked up once (a page repeats most of its
    words), then the tokens that hit are marked; every step is a map() over C callables."""
    if _keeps_places(j):
        if _SECOND in want:
            _second_person(j, table, n)
        if _PROMO in want:
            _promo_words(j, table, n)
        return
    tokens = _tokens(j)
    distinct = list(set(tokens))
    bare = list(map(_strip_punctuation, distinct))
    lists = (
        (_SECOND, lambda: map(SECOND_PERSON.__contains__, bare)),
        (_PROMO, lambda: map(PROMO_STEMS.__contains__, map(_stem, bare))),
    )
    for col, hits in lists:
        if col not in want:
            continue
        vocabulary = set(itertools.compress(distinct, hits()))
        if vocabulary:
            flags = np.fromiter(map(vocabulary.__contains__, tokens), np.bool_, len(tokens))
            table[:, col] = np.bincount(j.line_of, weights=flags.astype(np.float64), minlength=n)


def _second_person(j: _Joined, table: npt.NDArray[np.float64], n: int) -> None:
    """The second-person column alone: the tokens that are a second-person word once their edge punctuation is
    stripped.

    A token with no punctuation at either end is its own stripped form, so those hit exactly when they are in
    SECOND_PERSON (one set intersection); only the tokens that start or end with punctuation, found from the
    character table, are stripped and looked up. Stripping every distinct token was two thirds of this column's
    time. The count per line is the same: each token that hits, once.
    """
    props, starts_at = j.props, j.starts_at
    # A token ends where a non-space character is followed by a space or the text's end.
    space = (props & _SPACE) > 0
    ending = ~space
    ending[:-1] &= space[1:]
    edged = ((props.take(starts_at) | props.take(ending.nonzero()[0])) & _PUNCT).nonzero()[0]
    tokens = _tokens(j)
    vocabulary = SECOND_PERSON.intersection(tokens)
    if len(edged):
        marked = list({tokens[k] for k in edged.tolist()})
        vocabulary |= set(itertools.compress(marked, map(SECOND_PERSON.__contains__, map(_strip_punctuation, marked))))
    if vocabulary:
        flags = np.fromiter(map(vocabulary.__contains__, tokens), np.bool_, len(tokens))
        table[:, _SECOND] = np.bincount(j.line_of, weights=flags.astype(np.float64), minlength=n)


def _promo_words(j: _Joined, table: npt.NDArray[np.float64], n: int) -> None:
    """The promotion-word column alone, from where a promotion stem occurs in the text.

    A token's stem is a promotion stem only if the stem is in the token, and most pages hold a few such tokens:
    finding them from the stems' places (str.find, then the token each lies in) skips the lookup of every
    token (half of `complete`'s time). The count per line is the same: the tokens that hit, once each.
    """
    lower = _lower(j)
    at = _places(lower, _PROMO_NEEDLES)
    if not at:
        return
    # The token each place lies in: the last token starting at or before it (places are inside tokens: a stem
    # holds no whitespace).
    token = sorted(set((j.starts_at.searchsorted(np.asarray(at, np.int64), side="right") - 1).tolist()))
    # Each such token read from the text (from its start to the next space: what str.split() cuts it to).
    starts = j.starts_at.take(token).tolist()
    hit = [
        k for k, at in zip(token, starts, strict=True) if _stem(_strip_punctuation(_word_at(lower, at))) in PROMO_STEMS
    ]
    if hit:
        table[:, _PROMO] = np.bincount(j.line_of[hit], minlength=n)


def _tokens(j: _Joined) -> list[str]:
    """The lowercased text's words, as `line_stats` split them or (when it did not need them) split now."""
    return j.tokens if j.tokens is not None else _lower(j).split()


def _lower(j: _Joined) -> str:
    """`j.text.lower()`, made once (the native reading leaves it to the first column that reads it)."""
    if j.lower is None:
        object.__setattr__(j, "lower", j.text.lower())
    assert j.lower is not None
    return j.lower


# The one character whose lowercase is longer than itself in CPython's Unicode tables (U+0130, "İ" -> "i̇"); every
# other lowercases to one character (tests/test_native_learned.py checks it), so a text without it keeps its length.
_LONGER_LOWER = "\u0130"


def _keeps_places(j: _Joined) -> bool:
    """Whether lowercasing keeps every character of the text in its place (`len(text.lower()) == len(text)`),
    without lowercasing the text when no column has read it yet."""
    return len(j.lower) == len(j.text) if j.lower is not None else _LONGER_LOWER not in j.text


# A word from where it starts: re's \s is str.isspace(), which str.split() cuts at (tests/test_learned.py).
_TOKEN = re.compile(r"\S+")


def _word_at(text: str, at: int) -> str:
    """The word of `text` starting at `at` (a word start: not a space)."""
    m = _TOKEN.match(text, at)
    return m[0] if m is not None else ""


def _places(text: str, needles: Iterable[str]) -> list[int]:
    """Every place where one of `needles` starts in `text` (str.find: a few literals over a page cost less than
    a regex alternation or a NumPy pass over every character)."""
    places: list[int] = []
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            places.append(at)
            at = text.find(needle, at + 1)
    return places


def _title_caps_py(j: _Joined, n: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64]]:
    """`complete`'s title column (per line, the words that start with an upper-case character) and capitals column
    (the upper-case characters), by NumPy: `_reading.title_caps`' twin."""
    upper = (j.props & _UPPER_CASE) > 0
    title = np.bincount(j.line_of, weights=upper[j.starts_at].astype(np.float64), minlength=n)
    return np.asarray(title, np.float64), np.asarray(np.add.reduceat(upper, j.start, dtype=np.int64), np.int64)


def _per_line(start: npt.NDArray[np.int64], at: npt.NDArray[np.int64], n: int) -> npt.NDArray[np.int64]:
    """How many of the character positions `at` fall in each line."""
    if not len(at):
        return np.zeros(n, np.int64)
    return np.bincount(start.searchsorted(at, side="right") - 1, minlength=n)


def _char_props(code: npt.NDArray[np.uint32]) -> npt.NDArray[np.uint16]:
    """The property bits of every character: from a table for the common scripts, else once per distinct one."""
    table = _props_table()
    if not len(code) or int(code.max()) < len(table):
        return table.take(code)
    common = code < len(table)
    out = np.zeros(len(code), np.uint16)
    out[common] = table[code[common]]
    rare, where = np.unique(code[~common], return_inverse=True)
    out[~common] = np.fromiter(map(_rare_props, rare.tolist()), np.uint16, len(rare))[where]
    return out


@lru_cache(maxsize=4096)
def _rare_props(code: int) -> int:
    """`_props_of` a character above the table, remembered: a CJK or Arabic page repeats its characters, and a
    run of such pages repeats them across documents."""
    return _props_of(chr(code))


@lru_cache(maxsize=1)
def _props_table() -> npt.NDArray[np.uint16]:
    """Property bits of the characters below TABLE_CHARS, computed once per process (~10 ms)."""
    return np.fromiter(map(_props_of, map(chr, range(TABLE_CHARS))), np.uint16, TABLE_CHARS)


def _props_of(c: str) -> int:
    """Whitespace (as str.split reads it), upper case (str.isupper), a decimal digit (re's \\d), a word
    character (re's \\w), a capital `_UPPER_START` accepts, a sentence end."""
    return (
        _SPACE * c.isspace()
        | _UPPER_CASE * c.isupper()
        | _DECIMAL * c.isdecimal()
        | _WORD * (c.isalnum() or c == "_")
        | _CAPITAL * (_UPPER_START.match(c) is not None)
        | _ENDS_SENTENCE * (c in SENTENCE_END)
        | _SEPARATOR * (c in _SEPARATOR_CHARS)
        | _WEB_CHAR * (c in _WEB_CHARS)
        | _MARK * (c in "-*•")
        | _PUNCT * (c in _PUNCTUATION)
    )


def compute(kept: Sequence[str | None], stop: frozenset[str]) -> LineFeatures:
    """Features of every non-blank kept line; `stop` is the document's stoplist (may be empty)."""
    return assemble(line_stats(kept, stop))


@dataclass(frozen=True, slots=True)
class LineBasics:
    """What the stage's guards read (prose, data runs), cheap to take before the feature matrix."""

    words: npt.NDArray[np.int64]
    stop_share: npt.NDArray[np.float64]
    ends: npt.NDArray[np.bool_]
    digit_run: npt.NDArray[np.int64]
    prose_stop: float
    table_row: npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class LineFeatures(LineBasics):
    """Feature rows for the non-blank kept lines of one document, plus what the explanations need: the
    guards' columns (LineBasics) and the model's."""

    index: npt.NDArray[np.int64]  # line index (into the kept view) of each row
    # `assemble`'s rows (internal order x rows): feature j is row ORDER[j]. The model reads its features there
    # (`LineModel.scores_at` with `ORDER`); `matrix` is gathered only when asked for (the explanations' rows).
    internal: npt.NDArray[np.float64]
    short_run: npt.NDArray[np.int64]

    @property
    def matrix(self) -> npt.NDArray[np.float64]:
        """Rows x FEATURES (a gather of `internal`, made at each call: a page the stage scores without removing
        anything never needs it, and the gather was a quarter of `assemble`)."""
        return self.internal[ORDER].T


def basics(stats: LineStats, rows: npt.NDArray[np.int64] | None = None) -> LineBasics:
    """The guards' columns of the given rows of `stats` (all by default) as if they were the whole document."""
    table = stats.table if rows is None else stats.table[rows]
    words = table[:, _WORDS].astype(np.int64)
    share = table[:, _STOPS] / np.maximum(words, 1)
    prose = table[:, _CHARS] >= PROSE_CHARS
    prose_share = share[prose]
    prose_stop = _median(prose_share) if len(prose_share) >= MIN_PROSE_LINES else DEFAULT_PROSE_STOP
    drun = run_lengths(table[:, _DIGITS] > 0)  # 0 outside the runs
    return LineBasics(words, share, table[:, _ENDS] > 0, drun, prose_stop, table[:, _TABLE] > 0)


def _median(x: npt.NDArray[np.float64]) -> float:
    """np.median without its generic overhead (a third of `basics` on short documents)."""
    k = len(x) // 2
    part = x.copy()
    part.partition((k - 1, k) if len(x) % 2 == 0 else k)
    return float(part[k] if len(x) % 2 else (part[k - 1] + part[k]) / 2)


def assemble(
    stats: LineStats,
    rows: npt.NDArray[np.int64] | None = None,
    base: LineBasics | None = None,
    columns: frozenset[int] | None = None,
    unread: frozenset[str] = frozenset(),
) -> LineFeatures:
    """Features of the given rows of `stats` (all by default) as if they were the whole document; `base` is
    `basics(stats, rows)` when the caller already has it. With `columns` (`columns_for` a model's features) only
    those late columns are read from the text: the features no such column feeds are then 0. So is "alternates"
    when it is in `unread` (features no tree of the caller's model splits on): it costs eight calls of its own.

    The documents are short (median 40 lines), so a NumPy call costs more than the arithmetic it does, and a
    call per feature was most of the stage's time. So the features are made in a few stacked blocks (every log1p
    in one call, every ratio in one, both context windows from one running sum), each block written into its
    rows of one array in `_INTERNAL` order, which the model reads where it stands (`ORDER` names each feature's
    row; `matrix` gathers them); what depends on the line count alone (positions, distances to the end, the
    windows' bounds) is made once per count (`_frame`). Each value is the one the per-feature definition gives
    (tests/test_learned.py compares them)."""
    complete(stats, columns)
    table = stats.table if rows is None else stats.table[rows]
    where = stats.index if rows is None else stats.index[rows]
    n = len(table)
    if n == 0:
        empty = np.zeros(0)
        none = np.zeros(0, np.int64)
        return LineFeatures(
            words=none,
            stop_share=empty,
            ends=empty > 0,
            digit_run=none,
            prose_stop=0.0,
            table_row=empty > 0,
            index=none,
            internal=np.zeros((len(_INTERNAL), 0)),
            short_run=none,
        )
    b = base if base is not None else basics(stats, rows)
    out = np.empty((len(_INTERNAL), n))
    if _ROWS is not None:
        # The kernel reads only the count's rows of the frame (it makes the windows' bounds itself).
        run = _rows_native(_ROWS, table, b, _frame_rows(n), out, "alternates" not in unread)
    else:
        run = _rows_py(table, b, _frame(n), out, "alternates" not in unread)
    # Columns `complete` was not asked for are 0, and so are the features only they feed.
    _late_rows(stats, table, out)
    return LineFeatures(
        words=b.words,
        stop_share=b.stop_share,
        ends=b.ends,
        digit_run=b.digit_run,
        prose_stop=b.prose_stop,
        table_row=b.table_row,
        index=where,
        internal=out,
        short_run=run,
    )


def _rows_py(
    table: npt.NDArray[np.float64], b: LineBasics, frame: _Frame, out: npt.NDArray[np.float64], alternate: bool
) -> npt.NDArray[np.int64]:
    """`assemble`'s rows but the late ones, with NumPy (the kernel's twin, `_rows_native`). Returns the short runs."""
    n = len(table)
    words, share, ends, drun, prose_stop = b.words, b.stop_share, b.ends, b.digit_run, b.prose_stop
    chars = table[:, _CHARS]
    short = (chars < SHORT_CHARS) & ~ends
    run = run_lengths(short)  # 0 outside the runs of short lines
    good = (chars >= PROSE_CHARS) & (share >= 0.5 * prose_stop)
    good_at = good.nonzero()[0]
    first, last = (int(good_at[0]), int(good_at[-1])) if len(good_at) else (n, -1)
    prose_chars = chars * good
    before = prose_chars.cumsum()
    # Whole characters: the running sum's last value is the exact total.
    prose_total = float(before[-1])
    before -= prose_chars
    # Every log1p in one call: counts and distances side by side.
    counts = out[_R_LOG]
    counts[0] = chars
    counts[1] = words
    counts[2] = run
    counts[3] = drun
    if last >= 0:
        np.maximum(frame.line_no - last, 0, out=counts[4])
    else:
        counts[4] = n
    np.maximum(first - frame.line_no, 0, out=counts[5])
    if _NATIVE is None:
        main_share = _region(good, good_at, prose_chars, frame, counts[6:11], out[_R_IN_MAIN])
    else:
        main_share = float(_NATIVE.region(good.view(np.uint8), prose_chars, counts[6:11], out[_R_IN_MAIN], BLOCK_GAP))
    np.log1p(counts, out=counts)
    logc = counts[0]
    # Every ratio in one call: titlecase, digits, word length, capitals and second-person words.
    np.divide(table[:, _NUMERATORS].T, np.maximum(table[:, _DENOMINATORS].T, 1), out=out[_R_RATIO])
    out[_R_TEXT] = table[:, _TEXT_COLUMNS].T
    out[_R_FLAGS] = (short, ends, good)
    shortf, ends_f, good_f = out[_R_SHORT], out[_R_ENDS], out[_R_GOOD]
    promo = table[:, _PROMO]
    # Both context windows from one running sum of their columns.
    ctx = np.array((logc, share, ends_f, promo > 0, shortf, good_f, table[:, _DATE]))
    csum = np.zeros((len(ctx), n + 1))
    np.add.accumulate(ctx, axis=1, out=csum[:, 1:])
    near = out[_R_NEAR]
    np.subtract(csum[:4, frame.hi3], csum[:4, frame.lo3], out=near[:4])
    np.subtract(csum[4:, frame.hi8], csum[4:, frame.lo8], out=near[4:])
    near -= ctx
    near[:4] /= frame.count3
    near[4:] /= frame.count8
    # Previous and next lines' short, log_chars and ends.
    side = np.array((shortf, logc, ends_f))
    prev, nxt = out[_R_PREV], out[_R_NEXT]
    prev[:, 0] = -1.0
    prev[:, 1:] = side[:, :-1]
    nxt[:, -1] = -1.0
    nxt[:, :-1] = side[:, 1:]
    if _NATIVE is None:
        _shapes(table, out[_R_SHAPE], out[_R_ALTERNATES], alternate)
    else:
        _NATIVE.shapes(
            table,
            _WORDS,
            _ENDS,
            _UPPER,
            _DIGITS,
            SHAPE_MAX_WORDS,
            out[_R_SHAPE],
            out[_R_ALTERNATES],
            alternate,
        )
    # stop_share and stop_vs_prose (the share divided by 1, which leaves it as it is, and by the prose level).
    shares = out[_R_SHARES]
    shares[0] = share
    np.divide(share, max(prose_stop, 1e-6), out=shares[1])
    out[_R_FRAME] = frame.rows
    # Above the first prose line and below the last.
    sides = out[_R_SIDES]
    np.less(frame.line_no, first, out=sides[0])
    np.greater(frame.line_no, last, out=sides[1])
    out[_R_PROSE_BEFORE] = before / max(prose_total, 1.0)
    out[_R_OFF] = 0.0
    doc = out[_R_DOC]
    doc[0] = np.count_nonzero(short) / n
    doc[1] = main_share
    out[_R_SHORT_UPPER] = short & (table[:, _UPPER] > 0)
    out[_R_PROMO] = np.minimum(promo, 3.0)
    return run


def _late_rows(stats: LineStats, table: npt.NDArray[np.float64], out: npt.NDArray[np.float64]) -> None:
    """The separators' and comment headers' rows, where `complete` has filled their columns (else they stay 0)."""
    if _SEPS in stats.filled:
        out[_R_SEPARATORS] = np.minimum(table[:, _SEPS], 5.0)
    if _COMMENT in stats.filled:
        out[_R_COMMENTS] = _after_comment_header(table[:, _COMMENT] > 0)


def _rows_native(
    native: ModuleType,
    table: npt.NDArray[np.float64],
    b: LineBasics,
    frame_rows: npt.NDArray[np.float64],
    out: npt.NDArray[np.float64],
    alternate: bool,
) -> npt.NDArray[np.int64]:
    """`assemble`'s rows but the late ones (`_late_rows`) by the kernel (`_reading.rows_before`, `region`, `rows_after`
    and `shapes`; the twin is `assemble`'s NumPy code): four kernel calls and one log1p where the twin made some sixty
    NumPy calls, each costing more than its arithmetic on a page of a few dozen lines. Returns the short runs;
    `alternate`: whether the alternates row is read (else 0)."""
    n = len(table)
    run = np.empty(n, np.int64)
    good = np.empty(n, np.uint8)
    prose_chars = np.empty(n)
    native.rows_before(
        table, b.words, b.stop_share, b.ends.view(np.uint8), b.digit_run, b.prose_stop, out, run, good, prose_chars
    )
    counts = out[_R_LOG]
    main_share = float(native.region(good, prose_chars, counts[6:11], out[_R_IN_MAIN], BLOCK_GAP))
    np.log1p(counts, out=counts)
    native.rows_after(table, b.stop_share, b.prose_stop, main_share, frame_rows, out)
    native.shapes(table, _WORDS, _ENDS, _UPPER, _DIGITS, SHAPE_MAX_WORDS, out[_R_SHAPE], out[_R_ALTERNATES], alternate)
    return run


# The rows `assemble` writes, each block in one call: its internal order, and the gather back to FEATURES.
# (Index lists are arrays: NumPy converts a Python list on every use.)
_LOG_FEATURES = (
    "log_chars",
    "log_words",
    "log_short_run",
    "digit_run",
    "log_lines_after_prose",
    "log_lines_before_prose",
    "log_prose_above",
    "log_prose_below",
    "log_main_distance",
    "log_nonprose_run",
    "log_prose_distance",
)
# (feature, numerator column, denominator column) of the ratios.
_RATIOS = (
    ("titlecase_share", _TITLE, _WORDS),
    ("digit_share", _DIGITS, _CHARS),
    ("mean_word_chars", _CHARS, _WORDS),
    ("upper_share", _CAPS, _CHARS),
    ("second_person", _SECOND, _WORDS),
)
# Features that are a table column as it is.
_AS_IS = (
    ("starts_upper", _UPPER),
    ("web_marks", _WEBM),
    ("list_mark", _LIST),
    ("ends_colon", _COLON),
    ("date_like", _DATE),
    ("ends_ellipsis", _ELLIP),
)
_NEAR_FEATURES = (
    "ctx_log_chars",
    "ctx_stop_share",
    "ctx_ends_sentence",
    "ctx_promo",
    "wide_short_share",
    "wide_prose_share",
    "wide_date_share",
)
_INTERNAL = (
    *_LOG_FEATURES,
    *(name for name, _, _ in _RATIOS),
    *(name for name, _ in _AS_IS),
    *_NEAR_FEATURES,
    "prev_short",
    "prev_log_chars",
    "prev_ends",
    "next_short",
    "next_log_chars",
    "next_ends",
    "short_no_end",
    "ends_sentence",
    "wide_prose_share:own",  # the good-prose flag the wide window reads (not a feature)
    "in_main_block",
    "shape_repeats",
    "alternates",
    "stop_share",
    "stop_vs_prose",
    "position",
    "log_from_end",
    "log_doc_lines",
    "before_first_prose",
    "after_last_prose",
    "prose_chars_before",
    "separators",
    "after_comment_header",
    "doc_short_share",
    "main_block_share",
    "short_upper_no_end",
    "promo_words",
)


def _rows(first: str, count: int = 1) -> slice:
    """The internal rows of `count` features from `first` on."""
    at = _INTERNAL.index(first)
    return slice(at, at + count)


def _row(name: str) -> int:
    return _INTERNAL.index(name)


_R_LOG = _rows("log_chars", len(_LOG_FEATURES))
_R_RATIO = _rows(_RATIOS[0][0], len(_RATIOS))
_NUMERATORS = np.array([num for _, num, _ in _RATIOS])
_DENOMINATORS = np.array([den for _, _, den in _RATIOS])
_R_TEXT = _rows(_AS_IS[0][0], len(_AS_IS))
_TEXT_COLUMNS = np.array([col for _, col in _AS_IS])
_R_NEAR = _rows(_NEAR_FEATURES[0], len(_NEAR_FEATURES))
_R_PREV = _rows("prev_short", 3)
_R_NEXT = _rows("next_short", 3)
_R_SHORT = _row("short_no_end")
_R_ENDS = _row("ends_sentence")
_R_GOOD = _row("wide_prose_share:own")
_R_FLAGS = _rows("short_no_end", 3)  # short_no_end, ends_sentence, the good-prose flag
_R_IN_MAIN = _row("in_main_block")
_R_SHAPE = _row("shape_repeats")
_R_ALTERNATES = _row("alternates")
_R_SHARES = _rows("stop_share", 2)  # stop_share, stop_vs_prose
_R_FRAME = _rows("position", 3)  # position, log_from_end, log_doc_lines: the line count's (`_Frame.rows`)
_R_SIDES = _rows("before_first_prose", 2)  # before the first prose line, after the last
_R_PROSE_BEFORE = _row("prose_chars_before")
_R_SEPARATORS = _row("separators")
_R_COMMENTS = _row("after_comment_header")
_R_OFF = _rows("separators", 2)  # both fed by a column only some models have filled
_R_DOC = _rows("doc_short_share", 2)  # doc_short_share, main_block_share: one value per document
_R_SHORT_UPPER = _row("short_upper_no_end")
_R_PROMO = _row("promo_words")
# Each feature's row among `assemble`'s (FEATURES order; C-ordered int64, as the model's kernel reads it).
ORDER = np.array([_INTERNAL.index(name) for name in FEATURES], np.int64)


@dataclass(frozen=True, slots=True)
class _Frame:
    """What the features of an n-line document take from n alone."""

    line_no: npt.NDArray[np.int64]
    rows: npt.NDArray[np.float64]  # position, log1p of lines to the end, log1p of the line count
    lo3: npt.NDArray[np.int64]
    hi3: npt.NDArray[np.int64]
    count3: npt.NDArray[np.int64]
    lo8: npt.NDArray[np.int64]
    hi8: npt.NDArray[np.int64]
    count8: npt.NDArray[np.int64]


@lru_cache(maxsize=1024)
def _frame(n: int) -> _Frame:
    """The line numbers, positions, distances to the end and context-window bounds of an n-line document (the
    stage reads documents of a few hundred lengths, each many times)."""
    line_no = np.arange(n)
    rows = _frame_rows(n)
    bounds: list[npt.NDArray[np.int64]] = []
    for k in (CONTEXT, WIDE_CONTEXT):
        lo = np.maximum(line_no - k, 0)
        hi = np.minimum(line_no + k + 1, n)
        # The line itself is not its own context; a 1-line document has none (its sum is then 0).
        bounds += [lo, hi, np.maximum(hi - lo - 1, 1)]
    frame = _Frame(line_no, rows, *bounds)
    for array in (frame.line_no, *bounds):
        array.flags.writeable = False
    return frame


@lru_cache(maxsize=1024)
def _frame_rows(n: int) -> npt.NDArray[np.float64]:
    """`_Frame.rows` of an n-line document, alone: all that the kernel reads of the frame (`_rows_native`), where the
    windows' bounds cost twice as much again to make for each new count. Up to FRAME_LINES lines, the counts' log1p
    are read from `_LOG1P`, made once: at first sight a third of the pages the stage reads have a count not seen
    before, each costing six NumPy calls. NumPy's log1p is elementwise either way, so the values are the same to the
    bit (tests/test_learned.py checks them)."""
    if n > FRAME_LINES:
        return _frame_rows_made(n)
    rows = np.empty((3, n))
    np.divide(_LINE_NO[:n], max(n - 1, 1), out=rows[0])
    rows[1] = _LOG1P[:n][::-1]
    rows[2] = _LOG1P[n]
    rows.flags.writeable = False
    return rows


def _frame_rows_made(n: int) -> npt.NDArray[np.float64]:
    """`_frame_rows` of any n, each value made from its definition."""
    line_no = np.arange(n)
    rows = np.empty((3, n))
    rows[0] = line_no / max(n - 1, 1)
    rows[1] = np.log1p(n - 1 - line_no)
    rows[2] = float(np.log1p(n))
    rows.flags.writeable = False
    return rows


# `_frame_rows` reads the line numbers and their log1p from these up to this many lines.
FRAME_LINES = 2048
_LINE_NO = np.arange(FRAME_LINES + 1)
_LOG1P = np.log1p(_LINE_NO)


def _filled(shape: int | tuple[int, ...], value: float) -> npt.NDArray[np.float64]:
    """np.full(shape, value). NumPy's module-level wrappers (np.full, np.cumsum, np.flatnonzero, np.diff, ...)
    cost 3-10 us a call here against under 1 us for the array methods, and this module makes a few hundred
    such calls per document: the methods are used throughout."""
    out = np.empty(shape)
    out.fill(value)
    return out


def _columns(*cols: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Equal-length 1-D columns side by side as floats (np.column_stack reshapes each column first: slower)."""
    return np.array(cols, np.float64).T


def run_lengths(flag: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """For each position, the length of the run of True it sits in (0 outside runs)."""
    n = len(flag)
    out = np.zeros(n, np.int64)
    if not n:
        return out
    starts, ends = run_edges(flag)
    lengths = ends - starts
    # The runs' positions, in order, are exactly the flagged ones: each run's length repeated over it.
    out[flag] = lengths.repeat(lengths)
    return out


def run_edges(flag: npt.NDArray[np.bool_]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """The start and the end (exclusive) of each run of True, in order."""
    # The flags between two False, written into one array (np.concatenate converted its list ends on every call).
    padded = np.zeros(len(flag) + 2, np.bool_)
    padded[1:-1] = flag
    edges = (padded[1:] != padded[:-1]).nonzero()[0]
    return edges[::2], edges[1::2]


def _window_means(x: npt.NDArray[np.float64], k: int) -> npt.NDArray[np.float64]:
    """Per column, the mean over the +-k neighbours (the line itself excluded), clipped at the document's ends."""
    n = len(x)
    csum = np.zeros((n + 1, x.shape[1]))
    np.add.accumulate(x, axis=0, out=csum[1:])  # x.cumsum, at half the cost on a strided `out`
    pos = np.arange(n)
    lo = np.maximum(pos - k, 0)
    hi = np.minimum(pos + k + 1, n)
    count = (hi - lo - 1)[:, None]
    total = csum[hi] - csum[lo] - x
    return np.where(count > 0, total / np.maximum(count, 1), 0.0)


def _shifts(x: npt.NDArray[np.float64]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Per column, the previous and the next line's value; -1 past the document's ends."""
    prev = _filled(x.shape, -1.0)
    nxt = _filled(x.shape, -1.0)
    prev[1:] = x[:-1]
    nxt[:-1] = x[1:]
    return prev, nxt


def _shape_key(table: npt.NDArray[np.float64]) -> npt.NDArray[np.int64]:
    """A line's shape: word count (capped), sentence end, capital start, digits (one dot product of the capped
    counts with the weights 8, 4, 2, 1: whole numbers, so exact)."""
    return (np.minimum(table[:, _SHAPE_COLUMNS], _SHAPE_CAPS) @ _SHAPE_WEIGHTS).astype(np.int64)


_SHAPE_COLUMNS = np.array([_WORDS, _ENDS, _UPPER, _DIGITS])
_SHAPE_CAPS = np.array([SHAPE_MAX_WORDS, 1.0, 1.0, 1.0])
_SHAPE_WEIGHTS = np.array([8.0, 4.0, 2.0, 1.0])


def _shape_repeats(key: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """Share of the document's lines with this line's shape: a list of teasers or menu items repeats one
    shape, article paragraphs vary."""
    counts = np.bincount(key)
    return (counts[key] - 1) / max(len(key) - 1, 1)


def _shapes(
    table: npt.NDArray[np.float64],
    repeats: npt.NDArray[np.float64],
    alternates: npt.NDArray[np.float64],
    alternate: bool,
) -> None:
    """The rows' `_shape_repeats` into `repeats`, and their `_alternates` into `alternates` when `alternate` (else 0:
    no tree of the model reads it)."""
    key = _shape_key(table)
    repeats[:] = _shape_repeats(key)
    if alternate:
        _alternates(key, alternates)
    else:
        alternates.fill(0.0)


def _alternates(key: npt.NDArray[np.int64], out: npt.NDArray[np.float64] | None = None) -> npt.NDArray[np.float64]:
    """1 where the line has the shape of the line two above or two below but not of its neighbours: teaser
    lists alternate a headline with a date or a blurb (A B A B), where article text does not. Written into
    `out` when given."""
    n = len(key)
    if out is None:
        out = np.zeros(n)
    else:
        out.fill(0.0)
    if n < 3:
        return out
    one = key[1:] != key[:-1]
    # rows i and i+2 share a shape, and neither matches the row between them
    alt = (key[2:] == key[:-2]) & one[:-1] & one[1:]
    out[2:] = alt
    np.maximum(out[:-2], alt, out=out[:-2])
    return out


def _after_comment_header(header: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
    """1 from the first comment-thread header in the second half of the lines on ("12 comments", "Leave a
    Reply"): what follows it is readers' text, however much it reads like prose. A header in the first
    half is a teaser count, as the comment-thread heuristic (HEU007) reads it."""
    n = len(header)
    out = np.zeros(n)
    at = header[int(n * COMMENT_FROM) :].nonzero()[0]
    if len(at):
        out[int(n * COMMENT_FROM) + int(at[0]) :] = 1.0
    return out


def _region(
    good: npt.NDArray[np.bool_],
    good_at: npt.NDArray[np.int64],
    prose_chars: npt.NDArray[np.float64],
    frame: _Frame,
    out: npt.NDArray[np.float64],
    inside: npt.NDArray[np.float64],
) -> float:
    """Where each line lies against the article's prose, written into `out` (5 x n, before log1p): lines to the
    prose above, to the prose below, outside the main block, in the run of non-prose lines it sits in, to the
    nearest prose; into `inside` whether it lies in the main block; returned, that block's share of all prose
    characters.

    A short line inside the article has prose close on both sides, one in a menu or footer on at most one. The
    main block is the run of prose lines at most BLOCK_GAP apart with the most prose characters; a page with one
    article has nearly all of its prose there. Past the document's ends a distance is its length."""
    n = len(prose_chars)
    if not len(good_at):
        out.fill(n)
        inside.fill(0.0)
        return 0.0
    pos = frame.line_no
    # The nearest prose line at or above / at or below each line, by running max / min over the lines, with a
    # sentinel past each end (a distance past the document's end comes out over n, and is n).
    up, down = out[0], out[1]
    mark = np.where(good, pos, -n - 1)
    np.maximum.accumulate(mark, out=mark)
    np.subtract(pos, mark, out=up)
    mark = np.where(good, pos, 2 * n + 1)[::-1]
    np.minimum.accumulate(mark, out=mark)
    np.subtract(mark[::-1], pos, out=down)
    np.minimum(out[:2], n, out=out[:2])
    # Each block's first prose line (its place in good_at), and its prose characters: whole numbers, so their sums
    # are exact in any order.
    heads = np.zeros(1, np.int64)
    cuts = ((good_at[1:] - good_at[:-1]) > BLOCK_GAP).nonzero()[0]
    if len(cuts):
        heads = np.concatenate((heads, cuts + 1))
    weight = np.add.reduceat(prose_chars.take(good_at), heads)
    main = int(weight.argmax())
    lo = int(good_at[heads[main]])
    hi = int(good_at[heads[main + 1] - 1]) if main + 1 < len(heads) else int(good_at[-1])
    # Lines outside the main block: at most one of the two distances is positive (lo <= hi).
    np.maximum(np.maximum(lo - pos, pos - hi), 0, out=out[2])
    inside[:] = out[2] == 0
    run = out[3]
    np.add(up, down, out=run)
    run -= 1
    np.minimum(run, n, out=run)
    run[good_at] = 0
    np.minimum(up, down, out=out[4])
    return float(weight[main] / max(weight.sum(), 1.0))


def _chosen_kernel() -> ModuleType | None:
    """The native kernel (cleaner/learned/_reading.pyx) when it is built and reads the shape key as `_shape_key` makes
    it (these columns and caps, weighted 8, 4, 2, 1), else None: `assemble` then runs the twins `_region` and `_shapes`.
    Its two loops over the rows replace ~25 and ~15 NumPy calls, each costing more than its arithmetic on a page of a
    few dozen lines."""
    native = kernel("cleaner.learned._reading")
    shape = (_SHAPE_COLUMNS.tolist(), _SHAPE_CAPS.tolist(), _SHAPE_WEIGHTS.tolist())
    if shape != ([_WORDS, _ENDS, _UPPER, _DIGITS], [SHAPE_MAX_WORDS, 1, 1, 1], [8, 4, 2, 1]):
        return None
    return native


_NATIVE = _chosen_kernel()


def _rows_kernel() -> ModuleType | None:
    """The kernel when it writes `assemble`'s rows (`rows_before`, `rows_after`), configured with this module's layout:
    each block's first internal row (in the order `configure_rows` reads them) and the table's columns."""
    if _NATIVE is None or not hasattr(_NATIVE, "rows_before"):
        return None
    first = [
        _R_LOG.start,
        _R_RATIO.start,
        _R_TEXT.start,
        _R_NEAR.start,
        _R_PREV.start,
        _R_NEXT.start,
        _R_SHORT,
        _R_ENDS,
        _R_GOOD,
        _R_SHARES.start,
        _R_FRAME.start,
        _R_SIDES.start,
        _R_PROSE_BEFORE,
        _R_OFF.start,
        _R_DOC.start,
        _R_SHORT_UPPER,
        _R_PROMO,
        len(_INTERNAL),
    ]
    _NATIVE.configure_rows(
        tuple(first),
        (_CHARS, _UPPER, _PROMO, _DATE),
        _NUMERATORS.tolist(),
        _DENOMINATORS.tolist(),
        _TEXT_COLUMNS.tolist(),
        CONTEXT,
        WIDE_CONTEXT,
        float(SHORT_CHARS),
        float(PROSE_CHARS),
    )
    return _NATIVE


_ROWS = _rows_kernel()


def _lines_kernel() -> ModuleType | None:
    """The kernel reading `line_stats`' columns (cleaner/heuristics/_firstsight.pyx's `line_table`) when it is built,
    configured with this module's columns and property bits; else None, and `_line_stats_py` reads them."""
    native = kernel("cleaner.heuristics._firstsight")
    if native is None or not hasattr(native, "line_table"):
        return None
    native.configure_lines((_CHARS, _WORDS, _STOPS, _DIGITS, _ENDS, _TABLE), (_SPACE, _DECIMAL, _ENDS_SENTENCE))
    return native


_LINES_NATIVE = _lines_kernel()

# The columns `_firstsight.line_rows` fills besides `line_table`'s: a model reading any other (separators, web marks,
# comment headers) has `line_stats` read the text as before.
ROW_COLUMNS = frozenset((_TITLE, _CAPS, _UPPER, _COLON, _ELLIP, _DATE, _PROMO, _SECOND, _LIST))


def _row_lines_kernel() -> ModuleType | None:
    """The kernel filling every column of the rows at once (`_firstsight.line_rows`) when it is built and reads the
    patterns it was written for, configured with this module's columns, property bits, stems and words; else None."""
    native = _LINES_NATIVE
    if native is None or not hasattr(native, "line_rows"):
        return None
    patterns = (_UPPER_START.pattern, _LIST_MARK.pattern, _DATE_LIKE.pattern)
    if patterns != (
        r"^[^\w\n]*[A-ZÀ-ÖØ-ÞĀ-Ž]",
        r"^(?:[-*•]|\d+[.)])[^\S\n]",
        r"\b\d{1,2}[./:]\d{1,2}\b|\b(?:19|20)\d\d\b",
    ):
        return None  # the kernel matches these patterns
    native.configure_rows(
        (_TITLE, _CAPS, _UPPER, _COLON, _ELLIP, _DATE, _PROMO, _SECOND, _LIST),
        (_UPPER_CASE, _WORD, _CAPITAL, _PUNCT),
        PROMO_STEMS,
        SECOND_PERSON,
    )
    return native


_ROWS_NATIVE = _row_lines_kernel()


def _marks_kernel() -> ModuleType | None:
    """The kernel reading `complete`'s date and promotion-word columns (`_reading.marks`) when it is built, configured
    with this module's property bits and stems; else None, and `complete` reads them with its twins (the `_DATE_LIKE`
    pattern tried at each run of digits, `_word_lists`)."""
    if _NATIVE is None or not hasattr(_NATIVE, "marks"):
        return None
    if _DATE_LIKE.pattern != r"\b\d{1,2}[./:]\d{1,2}\b|\b(?:19|20)\d\d\b" or _DATE_LIKE.flags != re.UNICODE:
        return None  # the kernel matches this pattern
    _NATIVE.configure_marks(_SPACE, _DECIMAL, _WORD, _PUNCT, PROMO_STEMS)
    return _NATIVE


_MARKS = _marks_kernel()


def _second_kernel() -> ModuleType | None:
    """The kernel counting `fill_rows`' second-person column (`_reading.second_person`) when it is built, configured
    with this module's words and punctuation; else None, and `_second_rows_py` counts it."""
    if _NATIVE is None or not hasattr(_NATIVE, "second_person"):
        return None
    _NATIVE.configure_second(SECOND_PERSON, _PUNCTUATION)
    return _NATIVE


_SECOND_NATIVE = _second_kernel()


# The kernel counting `complete`'s title and capitals columns (`_reading.title_caps`) when it is built; else None, and
# `_title_caps_py` counts them. It needs no configuring: the caller hands it the property bit.
_TITLE_CAPS = _NATIVE if _NATIVE is not None and hasattr(_NATIVE, "title_caps") else None
