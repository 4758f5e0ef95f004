"""Lexical cohesion with the article: edge runs of lines whose content words the article does not use.

An article's paragraphs share content words (names, numbers, the topic's nouns) with each other. The prose-shaped
boilerplate the other heuristics leave around it (other stories' teasers and standfirsts, promo and legal prose,
readers' comments) shares few: it is about something else. This reads no wording of any language but its stoplist.

The article's core is its cohesive prose: paragraphs (12+ words, sentence end) that share a good part of their
content words with the other paragraphs. Above the first core paragraph and below the last, a run of lines reaching
the document's own edge goes when none of its lines shares a name or number with the core, nor a fair part of its
content words. A line that does stops the run: what lies between it and the core stays, so a line in the middle
is never taken. Nor is the article's closing paragraph at the bottom (`_carries_on`), as its opening one at the
top is not (`_opening`).

Both edges are judged on text the learned stage will not read (`cleaner.learned.worth_reading`: fewer than its
share of short fragments), that is, extracted article text such as <p>/<h> and trafilatura renderings. Where the
stage reads, only the bottom edge is, and only a longer run goes (RUN_JUDGED_READ). A cut there moves the article's
last lines to the page's edge, where the stage's place features may take short real lines ("Verlag Dr. Otto
Schmidt, …" under a book review, once its comment form was cut), and the fold models' thresholds shift with every
change to what they are trained on. Under domain-split CV with the cut on both edges of every page, tf must-keep
lost rose 28/61/198/67 -> 31/63/199/69 (fulltext/article/paragraphs/trafilatura) while the cut itself took no gold
text; with the bottom edge alone and 3 judged lines, it stayed 28/61/198/67 (BENCHMARKS.md, eleventh round,
`tail`).
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache, partial
from typing import Final

from cleaner.casing import lower
from cleaner.heuristics.features import LIST_MARKS
from cleaner.heuristics.story_lists import KEEP_ABOVE, KEEP_FIRST, START_END, START_WORDS, starts_prose
from cleaner.memo_budget import HEURISTIC_LINES
from cleaner.native import kernel

# A word is a run of letters or digits; a content word is one of at least MIN_CHARS characters (or any with a
# digit) that is not on the document's stoplist.
WORD: Final = re.compile(r"\w+")
MIN_CHARS: Final = 3
# Content words are compared by their first STEM_CHARS characters: "election"/"elections", "Regierung"/"Regierungen"
# match without a stemmer for each language (a prefix stems every language the same, and a false match only
# keeps a line).
STEM_CHARS: Final = 6
# A paragraph is a line that starts the article's prose in story_lists' sense (`starts_prose`: a sentence end and 12
# or more words, the learned stage's prose guard).
# A paragraph is cohesive (part of the core) when at least this share of its distinct content words occur in
# another paragraph of the document. An article's paragraphs run at 0.3-0.6; a teaser's standfirst under other
# stories' teasers at 0.1-0.2 (read on sh/tf pages before any cut was made).
CORE_SHARE: Final = 0.3
# The core must hold this many cohesive paragraphs and distinct content words, or there is too little article to
# judge the edges by (a short news item, a list with one intro paragraph): then nothing is cut.
CORE_PARAGRAPHS: Final = 3
CORE_WORDS: Final = 60
# A line shares the article's subject, and stops the run, when it shares a name or number with the core (a word
# with a capital not at the line's start, or a digit, of at least NAME_CHARS characters: "UK", "EU" count)...
NAME_CHARS: Final = 2
# ...or at least this share of its distinct content words (a teaser for another story about the same subject
# stays; that is boilerplate left, never article text cut)...
LINE_SHARE: Final = 0.25
# ...and a line with fewer than this many content words is not judged: it joins a run but does not start one
# ("Advertisement", a date, a sign-off with no name the article uses).
JUDGED_WORDS: Final = 4
# A run goes only when it holds at least this many judged lines: one unlike paragraph at the edge can be an
# author's aside, a note or a correction; two or more foreign paragraphs in a row at the edge are another text.
RUN_JUDGED: Final = 2
# A run whose judged lines share this many names or numbers among themselves is a text of its own, not a set of
# unrelated teasers and notices: it stays (a tf page's article on one wine region stood below another text that
# the cohesion test took for the core).
RUN_OWN_NAMES: Final = 2
# Where the learned stage reads the page, only the bottom edge is judged, and its run goes only with this many judged
# lines. Under domain-split CV (BENCHMARKS.md, eleventh round, `tail`): both edges at RUN_JUDGED moved the fold
# thresholds and lost 1-2 more tf must-keep snippets (article 61 -> 63); the bottom edge alone at RUN_JUDGED lost
# none under CV, but the model fitted on all of dev chose 0.69 and lost 2 more (article 63); at 3 none more either way
# (CV 28/61/198/67, fitted the same), and sites fulltext CV rose 0.834 -> 0.843.
RUN_JUDGED_READ: Final = 3
# The document's first KEEP_FIRST non-blank lines stay (its headline, byline and date), and so do the KEEP_ABOVE just
# above the core's first paragraph, as around story_lists' headline runs.

# Distinct lines whose words are remembered: the stage's rounds read the same lines again (story_lists.LINE_CACHE).
# A line's content words are remembered with the stoplist they were read by (a frozenset hashes once).
LINE_CACHE: Final = HEURISTIC_LINES

# A line's `content`: its distinct content-word stems and of those its names' and numbers' stems, each a tuple in the
# order first met, and its capitalised first word's stem or "". Tuples of strings, not frozensets: the collector
# stops tracking a tuple that holds only strings at its first look, and a memo entry with it; a frozenset stays
# tracked, and each young collection walked the memo's new entries (BENCH_ncoh1.md). Every reader asks only which
# stems a line holds, never their order.
Content = tuple[tuple[str, ...], tuple[str, ...], str]

# A line without a word.
_NO_WORDS: Final[Content] = ((), (), "")


def _content(line: str, stop: frozenset[str]) -> Content:
    """The line's content-word stems, of those its names' and numbers' stems (a capital not at the line's start,
    or a digit), and the stem of its first word when that is a capitalised content word (a name, or any word
    opening a sentence)."""
    # Dicts as ordered sets: the stems in the order first met, as the native kernel keeps them.
    words: dict[str, None] = {}
    named: dict[str, None] = {}
    first = ""
    # The first word apart, so that the loop over the others tests no position (a fifth less per line than one
    # loop over `enumerate`, the same stems on every distinct dev line under every stoplist: BENCHMARKS.md, tenth
    # round, `speedmeta`).
    # A name is a word with a digit (not `isalpha`), or past the first word a capitalised one; a content word
    # has MIN_CHARS characters, a name NAME_CHARS, a word with a digit any number.
    found = WORD.findall(line)
    if not found:
        return _NO_WORDS
    w = found[0]
    low = lower(w)
    if low not in stop:
        if line[:1].isupper():
            first = low[:STEM_CHARS]
        if not w.isalpha():
            words[low[:STEM_CHARS]] = None
            if len(low) >= NAME_CHARS:
                named[low[:STEM_CHARS]] = None
        elif len(low) >= MIN_CHARS:
            words[low[:STEM_CHARS]] = None
    for w in found[1:]:
        low = lower(w)
        if low in stop:
            continue
        if w.isalpha() and not w[0].isupper():
            if len(low) >= MIN_CHARS:
                words[low[:STEM_CHARS]] = None
        elif len(low) >= NAME_CHARS:
            stem = low[:STEM_CHARS]
            words[stem] = None
            named[stem] = None
        elif not w.isalpha():
            words[low[:STEM_CHARS]] = None
    return tuple(words), tuple(named), first


def _chosen_content() -> Callable[[str, frozenset[str]], Content]:
    """The native kernel's `content` (cleaner.native) when it is built with this module's constants, else `_content`:
    the same answer for every line, in one C pass over its code points (about a ninth of the classifier's time was
    this function's first sight of each line; BENCH_native.md)."""
    native = kernel("cleaner.heuristics._firstsight")
    if native is None or (native.MIN_CHARS, native.STEM_CHARS, native.NAME_CHARS) != (
        MIN_CHARS,
        STEM_CHARS,
        NAME_CHARS,
    ):
        return _content
    return native.content


# The line's content-word stems, of those its names' and numbers' stems (a capital not at the line's start, or a
# digit), and the stem of its first word when that is a capitalised content word (a name, or any word opening a
# sentence): `_content`, or its native twin.
content = lru_cache(maxsize=LINE_CACHE)(_chosen_content())


def _paragraphs_of(text: Sequence[str]) -> list[int]:
    """Positions of the paragraphs (`starts_prose`) among stripped lines; the test mapped in C over the page, which
    the stage's rounds read again each."""
    return list(itertools.compress(range(len(text)), map(starts_prose, text)))


def _chosen_paragraphs() -> Callable[[Sequence[str]], list[int]]:
    """The native kernel's `paragraphs` (cleaner.native) when it is built, else `_paragraphs_of`: the same positions,
    each line's last code point and spaces read in place (a call of `starts_prose` per line of every page, on each of
    the stage's rounds, was an eighth of `edge_runs`' time)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None or any(len(c) != 1 for c in START_END):
        return _paragraphs_of
    return partial(native.paragraphs, ends="".join(sorted(START_END)), least=START_WORDS)


# The paragraphs' positions among stripped lines: `_paragraphs_of`, or its native twin.
_paragraphs = _chosen_paragraphs()


# Whether a stem's paragraph count is over one.
_SHARED: Final = (1).__lt__


def edge_runs(
    nonblank: Sequence[int], lines: Sequence[str | None], stop: frozenset[str], *, read: bool = False
) -> list[int]:
    """Lines in the runs at the document's top and bottom edges that share too little with the article's core;
    with `read` (the learned stage reads the page), the bottom edge's only, under RUN_JUDGED_READ."""
    text = [(lines[i] or "").strip() for i in nonblank]
    paras = _paragraphs(text)
    if len(paras) < CORE_PARAGRAPHS or (read and _bottom_settled(text, paras, stop)):
        return []
    words, core = _core(text, paras, stop)
    if len(core) < CORE_PARAGRAPHS:
        return []
    first, last = core[0], core[-1]
    below, above = range(len(text) - 1, last, -1), range(KEEP_FIRST, KEEP_FIRST if read else first - KEEP_ABOVE)
    # Most pages end where the article does: with no RUN_JUDGED judged lines at either edge there is nothing to
    # cut, and the article's own lines need not be read.
    for k in (*below, *above):
        words[k] = content(text[k], stop)
    if all(sum(len(words[k][0]) >= JUDGED_WORDS for k in edge) < RUN_JUDGED for edge in (below, above)):
        return []

    # The article's words: every line from its first cohesive paragraph to its last (a paragraph that shares less,
    # a caption, a quote between them is the article's too).
    content_at = _Reader(text, stop, words)
    middle = [content_at(k) for k in range(first, last + 1)]
    vocab: set[str] = set().union(*(w[0] for w in middle))
    if len(vocab) < CORE_WORDS:
        return []
    # A line's capitalised first word shares the subject only when the core uses it as a name: "Webb still faces
    # nine charges" after "officers arrested Webb" (an sh article's last paragraph), but not "Police are appealing
    # for witnesses" after "police said".
    names: set[str] = set().union(*(w[1] for w in middle))
    need = RUN_JUDGED_READ if read else RUN_JUDGED
    out = _run(below, words, text, vocab, names, need)
    if out and _carries_on(paras, last, out[-1]):
        out = _judged_run(out[:-1], words, need)
    if above:
        opening = _opening(paras, first, content_at, vocab, names)
        out += _run(range(above.start, min(above.stop, opening)), words, text, vocab, names)
    return sorted(nonblank[k] for k in out)


class _Reader:
    """A position's `content` among stripped lines `text`, from `known` where it was read already. A native class in
    the compiled build, holding nothing that holds it: a closure or a lambda there was a reference cycle per call,
    and the page's lines it reached waited for the cyclic garbage collector."""

    __slots__ = ("known", "stop", "text")

    def __init__(
        self,
        text: Sequence[str],
        stop: frozenset[str],
        known: Mapping[int, Content] | None = None,
    ) -> None:
        self.text = text
        self.stop = stop
        self.known = known

    def __call__(self, k: int) -> Content:
        known = self.known
        if known is not None and k in known:
            return known[k]
        return content(self.text[k], self.stop)


def _opening(
    paras: Sequence[int],
    first: int,
    content_at: Callable[[int], Content],
    vocab: set[str],
    names: set[str],
) -> int:
    """Position of the article's opening paragraph above its core, where the top edge's run ends, or `first`.

    A paragraph under a line that shares the article's subject (its headline) and over its first cohesive paragraph,
    with nothing between it and that one but lines too short to judge and lines that share the subject (a caption, a
    gallery link, a subheading), is the article's own opening: its standfirst or lead. It shares few words with the core
    when it sums the article up in other words, or when it was printed in another encoding than the body (a tf page's
    standfirst in Latin-2 read as Latin-1 over a body in UTF-8: "g³uch" for "głuch"); the top edge's run was then
    its dateline and it, and both went (HEU013 after the learned stage's removals, a tf must-keep snippet on fulltext
    and article). Foreign prose above the headline still goes."""
    k = bisect.bisect_left(paras, first) - 1
    if k < 0:
        return first
    p = paras[k]
    for j in range(p + 1, first):
        stems, named, opener = content_at(j)
        if len(stems) >= JUDGED_WORDS and not shares(stems, named, opener, vocab, names):
            return first
    if any(shares(*content_at(j), vocab, names) for j in range(p)):
        return p
    return first


def shares(
    stems: tuple[str, ...], named: tuple[str, ...], opener: str, vocab: set[str], names: set[str], least: int = 1
) -> bool:
    """Whether a line with these `content` words shares the core's subject, where the edge walk (`_walk`) stops: a
    name or number the core uses (`least` of them), its first word as one of the core's names, or, on a judged line,
    LINE_SHARE of its content words. The stems are distinct: each one found in `vocab` is counted, with no set of
    the shared ones made."""
    if opener in names or _count_in(named, vocab) >= least:
        return True
    return len(stems) >= JUDGED_WORDS and _count_in(stems, vocab) >= LINE_SHARE * len(stems)


def _count_in(stems: tuple[str, ...], vocab: set[str]) -> int:
    """How many of the (distinct) `stems` are in `vocab`: the size of their intersection."""
    n = 0
    for stem in stems:
        if stem in vocab:
            n += 1
    return n


def _core(text: Sequence[str], paras: Sequence[int], stop: frozenset[str]) -> tuple[dict[int, Content], list[int]]:
    """The paragraphs' words, and the cohesive ones among them (CORE_SHARE of a paragraph's stems used by another
    paragraph): the article's core, in order."""
    words, cohesive = _paragraph_core(tuple([text[k] for k in paras]), stop)
    return dict(zip(paras, words, strict=True)), [paras[j] for j in cohesive]


# Pages whose paragraphs' core (`_paragraph_core`) and last cohesive paragraph (`_last_paragraph`) are remembered: the
# heuristics' rounds, the learned stage's re-runs and HEU014/HEU015 (`datelines`) read the same paragraphs again. On tf
# (article and fulltext), 73% of the stems `_core` counted were of paragraphs it had read before under the same
# stoplist; a page's calls follow each other, so a few pages suffice.
CORE_CACHE: Final = 16


@lru_cache(maxsize=CORE_CACHE)
def _paragraph_core(texts: tuple[str, ...], stop: frozenset[str]) -> tuple[tuple[Content, ...], tuple[int, ...]]:
    """The paragraphs' (`texts`) words, and the positions of the cohesive ones among them: what `_core` reads, which
    depends on the paragraphs' text alone, not on where they stand among the page's other lines."""
    words = tuple([content(t, stop) for t in texts])
    return words, tuple(_cohesive_in([w[0] for w in words]))


@lru_cache(maxsize=CORE_CACHE)
def _last_paragraph(texts: tuple[str, ...], stop: frozenset[str]) -> int:
    """`_last` of the paragraphs `texts`, remembered (`_paragraph_core`): the position among them of the last cohesive
    one, or -1."""
    return _last(texts, range(len(texts)), stop)


def _cohesive_of(stems: Sequence[tuple[str, ...]]) -> list[int]:
    """Positions of the paragraphs (by their stems) with CORE_SHARE of their stems used by another paragraph."""
    # How many paragraphs use each stem: a paragraph's stem is shared when another paragraph uses it too (counted
    # and looked up in C: the loops in Python were a fifth of this function's time).
    uses = Counter(itertools.chain.from_iterable(stems))
    return [
        j for j, ws in enumerate(stems) if ws and sum(map(_SHARED, map(uses.__getitem__, ws))) >= CORE_SHARE * len(ws)
    ]


def core_end(text: Sequence[str], stop: frozenset[str]) -> int | None:
    """Position in `text` (stripped non-blank lines) of the article's last cohesive paragraph, or None when the core
    holds fewer than CORE_PARAGRAPHS: where the article ends as far as its words tell (HEU014 reads after it)."""
    paras = _paragraphs(text)
    if len(paras) < CORE_PARAGRAPHS:
        return None
    core = _core(text, paras, stop)[1]
    return core[-1] if len(core) >= CORE_PARAGRAPHS else None


def _bottom_settled(text: Sequence[str], paras: Sequence[int], stop: frozenset[str]) -> bool:
    """Whether, where the learned stage reads (the bottom edge only), nothing can go, known before every paragraph's
    words are counted. The last cohesive paragraph is the core's last (or the core is too small, or with none there is
    no core, and nothing goes), and the bottom run lies below it: nothing goes when the run, walked with that
    paragraph's words alone, holds fewer than RUN_JUDGED_READ judged lines (the core's words hold them, so the real run
    stops as early or earlier). Paragraphs are tried from the bottom up; each one's cohesion is read from its nearest
    paragraphs out and stops once enough of its words are shared. The stage's rounds and re-runs read each page several
    times; this decides about 7 in 10 of those calls on tf (BENCHMARKS.md, eleventh round, `tailspeed`).

    The walk reads each line's words as it reaches it, and stops at RUN_JUDGED_READ judged lines, where the answer is
    known to be no: a line above where the walk stops is never read (a count of every judged line below the paragraph,
    made first, read them all, and only ever said yes where the walk says it too)."""
    j = _last_paragraph(tuple([text[k] for k in paras]), stop)
    if j < 0:
        return True
    # The run stops at the first line that shares the last cohesive paragraph's subject: the core's holds it.
    last = paras[j]
    stems, named, _opener = content(text[last], stop)
    # The walk reads only the lines below that paragraph.
    walk = _walk(
        range(len(text) - 1, last, -1),
        _Reader(text, stop),
        text,
        set(stems),
        set(named),
        enough=RUN_JUDGED_READ,
    )
    return walk[1] < RUN_JUDGED_READ


def _cohesive(text: Sequence[str], paras: Sequence[int], j: int, stop: frozenset[str]) -> bool:
    """Whether paragraph `paras[j]` is in the core by `edge_runs`' test (CORE_SHARE of its stems used by another
    paragraph), reading the other paragraphs nearest first and only until the share is reached."""
    ws = set(content(text[paras[j]], stop)[0])
    if not ws:
        return False
    need = CORE_SHARE * len(ws)
    shared: set[str] = set()
    for k in itertools.chain(reversed(paras[:j]), paras[j + 1 :]):
        shared |= ws.intersection(content(text[k], stop)[0])
        if len(shared) >= need:
            return True
    return False


def _last_cohesive(text: Sequence[str], paras: Sequence[int], stop: frozenset[str]) -> int:
    """Position in `paras` of the last paragraph in the core by `_cohesive`'s test, or -1."""
    for j in range(len(paras) - 1, -1, -1):
        if _cohesive(text, paras, j, stop):
            return j
    return -1


def _chosen_last() -> Callable[[Sequence[str], Sequence[int], frozenset[str]], int]:
    """The native kernel's `last_cohesive` (cleaner.native) when it is built, else `_last_cohesive`: the same paragraph,
    read through `content` in the same order, its shared stems counted in place of a set grown per paragraph read."""
    native = kernel("cleaner.heuristics._passes")
    if native is None:
        return _last_cohesive
    return partial(native.last_cohesive, content=content, share=CORE_SHARE)


# The last cohesive paragraph: `_last_cohesive`, or its native twin.
_last = _chosen_last()


def _chosen_cohesive() -> Callable[[list[tuple[str, ...]]], list[int]]:
    """The native kernel's `cohesive` (cleaner.native) when it is built, else `_cohesive_of`: the same paragraphs, each
    stem's uses counted into one dict and each paragraph's shared stems counted in place."""
    native = kernel("cleaner.heuristics._passes")
    if native is None:
        return _cohesive_of
    return partial(native.cohesive, share=CORE_SHARE)


# The cohesive paragraphs among the paragraphs' stems: `_cohesive_of`, or its native twin.
_cohesive_in = _chosen_cohesive()


def _run(
    positions: range,
    words: Mapping[int, Content],
    text: Sequence[str],
    vocab: set[str],
    names: set[str],
    need: int = RUN_JUDGED,
) -> list[int]:
    """The positions from the edge inward up to the first line that shares the core's subject or is a list item
    (a list closing an article is its own: a tf list of game news lost a must-keep item), if the run holds
    `need` judged lines; unjudged lines next to the core stay (a sign-off, a byline)."""
    run, judged, last_judged = _walk(positions, words.__getitem__, text, vocab, names)
    if judged < need:
        return []
    return _judged_run(run[: last_judged + 1], words, need)


def _carries_on(paras: Sequence[int], last: int, k: int) -> bool:
    """Whether the line at `k` below the core's last paragraph (`last`) is a paragraph that carries on the article's
    prose: every line from `last` down to it is a paragraph, with no short line (a link, a label, a menu) between.

    The bottom run then starts with the article's closing paragraph, which sums up or turns aside in words of its own
    (a blog post's parting joke, a column's last line), as `_opening` keeps its opening one. Foreign text comes after
    a short line: a teaser's headline, a share bar, a comment form. Only that one paragraph stays: the lines below
    it still go when RUN_JUDGED (or RUN_JUDGED_READ) judged lines remain."""
    i = bisect.bisect_left(paras, last)
    j = i + k - last
    return j < len(paras) and paras[j] == k


def _judged_run(run: list[int], words: Mapping[int, Content], need: int) -> list[int]:
    """`run` (from the edge inward) up to its last judged line, or none of it when it holds fewer than `need`
    judged lines or is a text of its own (`_own_text`): `_run`'s test on a run already walked."""
    judged = [k for k in run if len(words[k][0]) >= JUDGED_WORDS]
    if len(judged) < need:
        return []
    run = run[: run.index(judged[-1]) + 1]
    return [] if _own_text([words[k] for k in run]) else run


def _walk(
    positions: range,
    words: Callable[[int], Content],
    text: Sequence[str],
    vocab: set[str],
    names: set[str],
    enough: int | None = None,
) -> tuple[list[int], int, int]:
    """`_run`'s walk: the positions up to the first line that shares the subject or is a list item (its stripped line
    in `text` opens with one of LIST_MARKS: read only on the lines the walk reaches, not sliced for every line of the
    page), how many of them are judged, and where the last judged one stands in the run; `words` gives a position's
    `content`. With a
    part of the core's words, the walk goes at least as far and counts at least as many judged lines as with all of
    them (`_bottom_settled`). With `enough`, the walk stops once it has counted that many judged lines (a caller that
    only asks whether there are that many)."""
    run: list[int] = []
    judged = 0
    last_judged = -1
    marks = LIST_MARKS  # an imported name is a module-dict look-up per use in the compiled build
    for k in positions:
        stems, named, opener = words(k)
        if text[k][:2] in marks or shares(stems, named, opener, vocab, names):
            break
        if len(stems) >= JUDGED_WORDS:
            judged += 1
            last_judged = len(run)
        run.append(k)
        if judged == enough:
            break
    return run, judged, last_judged


def _own_text(words: Sequence[Content]) -> bool:
    """Whether RUN_OWN_NAMES or more names or numbers stand on two or more of the judged lines."""
    seen: set[str] = set()
    shared: set[str] = set()
    for stems, named, _opener in words:
        if len(stems) >= JUDGED_WORDS:
            shared.update(seen.intersection(named))
            seen.update(named)
    return len(shared) >= RUN_OWN_NAMES
