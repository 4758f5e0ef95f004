"""Stopword lists per document language, from jusText (a trafilatura dependency), without the DOM.

The share of function words is what separates prose from chrome in any language, but only if the
list matches the text: an English list reads German prose as a link list. So the document's
language is guessed by which stoplist its words hit most.
"""

from __future__ import annotations

import importlib.util
import operator
import sys
from array import array
from collections.abc import Iterable, Sequence
from functools import lru_cache
from itertools import compress, repeat
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner.casing import lower
from cleaner.memo_budget import LANGUAGE_LINES, LANGUAGE_WORDS
from cleaner.native import kernel

if TYPE_CHECKING:
    from cleaner.heuristics._firstsight import StopIndex

# Words sampled for the language guess: a few hundred words already separate the stoplists (300 and
# 600 chose the same language on all 466 dev fulltext.txt pages but one); reading more only costs time.
SAMPLE_WORDS = 300
# Below this share of sampled words in the best list the guess is noise (CJK text without spaces,
# code, tables): the stopword feature is then switched off rather than trusted.
MIN_LANGUAGE_HIT_SHARE = 0.12
# A list's hits are divided by its size to this power before the lists are compared. jusText's lists run
# from 10 to 13,222 words (English 453, Estonian 5,752), and a large list holds many names and menu words:
# on a page dump of place names the raw count chose Estonian, Uzbek or Marathi for English pages. Against the
# language the page's HTML declares, on both text renderings: 0.25 was best on dev sh+tf among 0, 0.25 and
# 0.5 (sh 114 -> 118 of 130, tf 670 -> 675 of 720), and dn, not used to choose, went 1,555 -> 1,633 of 1,648.
LIST_SIZE_POWER = 0.25


def _stoplist_dir() -> Path:
    """jusText's stoplists folder, found without importing jusText: its import pulls in urllib, http
    and email (0.1-0.17 s of a `cleaner clean FILE` on text, which never needs them)."""
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("jusText (a trafilatura dependency) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "stoplists"


@lru_cache(maxsize=1)
def _stoplist_files() -> tuple[tuple[bytes, ...], tuple[str, ...]]:
    """Every jusText stoplist file's bytes and its list's name, in name order, read once per process. Kept as bytes,
    which the collector never walks: a list becomes a frozenset only when asked for (`_stoplist_at`)."""
    folder = _stoplist_dir()
    names = tuple(sorted(f.stem for f in folder.iterdir() if f.suffix == ".txt"))
    return tuple((folder / f"{n}.txt").read_bytes() for n in names), names


def _list_words(data: bytes) -> list[str]:
    """A stoplist file's words as `justext.get_stoplist` reads them: decoded, lower-cased and split whole, in three C
    calls (word by word, a generator over ~188,000 words took 0.12-0.14 s of each start-up, whole 0.07-0.08 s)."""
    return lower(_decoded(data)).splitlines()


# The stoplists made frozensets so far, by index. A frozenset is always tracked by the collector and walked entry by
# entry in every full collection: all ~100 (~330,000 words) cost most of a 57 ms full collection of a tf run, where a
# run needs the few its documents' languages choose.
_STOPLISTS: dict[int, frozenset[str]] = {}


def _stoplist_at(index: int) -> frozenset[str]:
    """The stoplist at `index` in name order (the same object on every call, and in `stoplists()`)."""
    got = _STOPLISTS.get(index)
    if got is None:
        got = _STOPLISTS[index] = frozenset(_list_words(_stoplist_files()[0][index]))
    return got


@lru_cache(maxsize=1)
def stoplists() -> tuple[tuple[frozenset[str], ...], tuple[str, ...]]:
    """Every jusText stoplist, as `justext.get_stoplist` reads it (tests/test_heuristics.py), with the lists' names.
    The native guess never asks for all of them (`_native_index`)."""
    data, names = _stoplist_files()
    return tuple(map(_stoplist_at, range(len(data)))), names


def stoplist_named(name: str) -> frozenset[str]:
    """jusText's stoplist called `name` (a name the guess returned), empty if there is none."""
    names = _stoplist_files()[1]
    return _stoplist_at(names.index(name)) if name in names else frozenset()


@lru_cache(maxsize=1)
def _any_list() -> frozenset[str]:
    """Every word of every stoplist: a word outside it (most content words, names, numbers) is in no list,
    which one lookup settles instead of one per list. Built in one C-level union (~0.1 s, once per
    process), where indexing every word's lists up front in Python cost ~0.4 s. The twin's: the kernel's index
    (`_native_index`) answers it in C."""
    return frozenset().union(*stoplists()[0])


@lru_cache(maxsize=1)
def _size_weights() -> tuple[float, ...]:
    """Each stoplist's weight against its size (LIST_SIZE_POWER); the sizes from the kernel's index when it reads the
    sample, so that the frozensets are not all made for their lengths."""
    index = _native_index()
    sizes: tuple[int, ...] = index.sizes if index is not None else tuple(map(len, stoplists()[0]))
    return tuple(size**-LIST_SIZE_POWER if size else 0.0 for size in sizes)


# Each word's hits as one Python int: lane i (LANE_BITS bits) is 1 when stoplist i holds the word. The
# sample's hits per list are then one C-level sum of ints, where adding 1 per list per word in a loop cost
# ~940 Python additions per guess (sh article.txt: 300 words, 73 of them in some list, most in many).
# 32-bit lanes cannot carry over: a sample is at most a few thousand words (whole lines up to ~300).
LANE_BYTES = array("I").itemsize  # read back as the C type "I" (unsigned int): 4 bytes where CPython runs
LANE_BITS = 8 * LANE_BYTES
# word -> its packed hits, filled as stopwords come (a word in no list has none, and is never looked up here);
# indexing all 178,000 stopwords up front in Python cost ~0.4 s of every start-up, for the few thousand a run samples
# (the kernel's C index of them all costs 0.06-0.09 s: `_native_index`).
_VECTORS: dict[str, int] = {}
# The memo is emptied past this many words, so a long run over many languages stays bounded (memo_budget).
MAX_MEMO_WORDS = LANGUAGE_WORDS


def _vector_of(word: str, lists: tuple[frozenset[str], ...]) -> int:
    """The packed hits of one word: bit LANE_BITS * i set for every stoplist i that holds it."""
    if word not in _any_list():
        return 0
    # The membership tests run in C (map over the lists) and land in the lowest byte of each lane: a
    # generator adding 1 << (LANE_BITS * i) per list cost ~4x as much.
    lanes = bytearray(LANE_BYTES * len(lists))
    lanes[::LANE_BYTES] = bytes(map(operator.contains, lists, repeat(word)))
    return int.from_bytes(lanes, "little")


def _packed_py(words: Sequence[str], lists: tuple[frozenset[str], ...]) -> int:
    """The packed hits of `words` (repeats counted): the sum of their vectors, lane i counting list i (`_packed`'s
    pure twin).

    Words in no list (vector 0: most content words, names, numbers) are dropped first by one look-up each, in C, and
    only the stopwords' vectors are read from the memo: a set of every word then its difference with a memo of every
    word seen cost more than the sum (heuristics' language guess, tf fulltext samples: 0.31-0.33 -> 0.23-0.26 ms/doc
    from an empty memo, 0.12-0.13 -> 0.07-0.11 once filled; the memo holds ~3,800 words against ~43,000)."""
    stopwords = list(filter(_any_list().__contains__, words))
    try:
        return sum(map(_VECTORS.__getitem__, stopwords))
    except KeyError:  # a stopword met for the first time
        missing = set(stopwords).difference(_VECTORS)
        if len(_VECTORS) + len(missing) > MAX_MEMO_WORDS:
            _VECTORS.clear()
            missing = set(stopwords)
        for word in missing:
            _VECTORS[word] = _vector_of(word, lists)
        return sum(map(_VECTORS.__getitem__, stopwords))


# The native kernel (cleaner.native), when built for this module's lane width: it adds each stopword's lists into
# 32-bit counters in C and reads them into one int, where the twin adds a 3,200-bit int per stopword (150-200 ns
# each; BENCH_spheu.md), and it splits and lowers a sample line in one pass.
_NATIVE = kernel("cleaner.heuristics._firstsight")
if _NATIVE is not None and _NATIVE.LANE_BYTES != LANE_BYTES:
    _NATIVE = None
# The kernel's index counts at most this many lists (a list index is one byte).
MAX_LISTS_NATIVE = 256


def _lanes_py(word: str, lists: tuple[frozenset[str], ...]) -> bytes:
    """The indices of the lists that hold `word`, one byte each in list order (`_firstsight.StopIndex.lanes_of`'s
    pure twin)."""
    return bytes(compress(range(len(lists)), map(operator.contains, lists, repeat(word))))


# The kernel's index of every stoplist's words (`_firstsight.StopIndex`: word -> the lists that hold it, and each
# list's size), built on the first guess. It replaces the union of the frozensets (`_any_list`) and a memo of the
# stopwords met, filled by a Python call per stopword met first (1.9% of a tf first-sight run, and the memo missed
# often there), and neither it nor the frozensets it is built from stay for the collector to walk.
_INDEX: StopIndex | None = None


def _native_index() -> StopIndex | None:
    """The kernel's index of the stoplists (`_INDEX`, built on the first call), or None when the twin reads the sample
    (no kernel, or more lists than it counts)."""
    global _INDEX
    if _INDEX is None and _NATIVE is not None:
        data = _stoplist_files()[0]
        if len(data) <= MAX_LISTS_NATIVE:
            # One file's text at a time, its words read by the kernel as `_list_words` reads them: the index keeps none
            # of them as objects, and only a line that lowering changes outside ASCII is made a str (a str per word,
            # ~188,000, and their lists were most of the build's time).
            _INDEX = _NATIVE.StopIndex(map(_decoded, data), lower)
    return _INDEX


def _decoded(data: bytes) -> str:
    """A stoplist file's text (`_list_words` reads the same)."""
    return data.decode("utf8")


def _packed(words: Sequence[str], lists: tuple[frozenset[str], ...]) -> int:
    """The packed hits of `words` (repeats counted): the sum of their vectors, lane i counting list i; by the kernel
    when it is built and `lists` are the stoplists its index holds."""
    index = _native_index()
    if index is not None and _NATIVE is not None and lists is stoplists()[0]:
        return int(_NATIVE.packed(words, index))
    return _packed_py(words, lists)


def _line_words(line: str) -> tuple[str, ...]:
    """`line` lower-cased and split on whitespace (the kernel's `line_words` is its twin)."""
    return tuple(lower(line).split())


def _unpacked(packed: int, lists: tuple[frozenset[str], ...]) -> list[int]:
    """Each list's count from packed hits: the lanes read back as unsigned 32-bit ints in one C call."""
    counts = array("I", packed.to_bytes(LANE_BYTES * len(lists), "little"))
    if sys.byteorder == "big":
        counts.byteswap()
    return counts.tolist()


def _list_hits(words: Sequence[str], lists: tuple[frozenset[str], ...]) -> list[int]:
    """How many of `words` (repeats counted) each stoplist holds."""
    return _unpacked(_packed(words, lists), lists)


# Each line's words (lower-cased and split, as the guess reads them) and their packed hits, kept across
# documents: the guess is made on many views of one page (every heuristics round, the learned stage's
# attempts and its heuristics re-run, the record's inLanguage), which share most of their sample lines, and
# the pages of one site share their top lines (menus). A view's hits are then the sum of its sample lines'
# (lanes that cannot carry: see LANE_BITS), one per line where the words cost one each. The words are kept as a
# tuple, so that the collector stops tracking an entry once it has seen it (a tuple of strings holds no cycle): with
# lists, the memo was a third of the objects a full collection walked after a clean of tf fulltext (37,700 of 108,700;
# BENCH_spheu.md), and every full collection of a long run paid for them.
_LINES: dict[str, tuple[tuple[str, ...], int]] = {}
# Lines kept before the memo starts over (memo_budget).
MAX_MEMO_LINES = LANGUAGE_LINES


def _line(line: str) -> tuple[tuple[str, ...], int]:
    """The memo's entry for `line`: its words and their packed hits."""
    entry = _LINES.get(line)
    if entry is None:
        if len(_LINES) >= MAX_MEMO_LINES:
            _LINES.clear()
        words = _line_words(line) if _NATIVE is None else _NATIVE.line_words(line)
        entry = _LINES[line] = (words, _stoplist_hits(words))
    return entry


def _stoplist_hits(words: Sequence[str]) -> int:
    """`_packed(words, stoplists()[0])`: by the kernel when it reads the sample (`_native_index`), else by the twin."""
    index = _native_index()
    if index is None or _NATIVE is None:
        return _packed_py(words, stoplists()[0])
    return int(_NATIVE.packed(words, index))


# The kernel's sample pass keeps its own memo, of the same lines: (word count, hits as (list index, count) uint32 pairs,
# `_firstsight.sample_choice`), where the twin's `_LINES` holds the words and packed ints. One of the two is filled in a
# process.
_NATIVE_LINES: dict[str, tuple[int, bytes]] = {}


def word_count(line: str) -> int:
    """How many words `line` has as the guess reads it (lower-cased, split on whitespace): the sample's measure."""
    index = _native_index()
    if index is not None and _NATIVE is not None:
        return _NATIVE.line_entry(line, _NATIVE_LINES, index, MAX_MEMO_LINES)[0]
    return len(_line(line)[0])


def stoplist_for_lines(lines: Iterable[str | None]) -> tuple[str | None, frozenset[str]]:
    """`stoplist_for`, from each sample line's packed hits.

    By the kernel when it is built (`_firstsight.sample_choice`): the whole sample pass and the choice in one call,
    where the twin made a 400-byte int per new line, added the lines' as 3,200-bit ints and read the sum back
    (tf first sight: 0.30-0.33 ms/doc, a tenth of the heuristics stage). The kernel counts the sample's words and
    keeps none: the classifier's stopword shares (`features.refine`) count their long lines' own words."""
    index = _native_index()
    if index is not None and _NATIVE is not None:
        best = _NATIVE.sample_choice(
            lines, _NATIVE_LINES, index, MAX_MEMO_LINES, SAMPLE_WORDS, _size_weights(), MIN_LANGUAGE_HIT_SHARE
        )
        if best < 0:
            return None, frozenset()
        return _stoplist_files()[1][best], _stoplist_at(best)
    return _stoplist_for_lines_py(lines)


def _stoplist_for_lines_py(lines: Iterable[str | None]) -> tuple[str | None, frozenset[str]]:
    """`stoplist_for_lines` by the twin (its memo `_LINES`): the kernel's `sample_choice` is checked against it."""
    packed, total = _sample_hits(lines)
    return _chosen(packed, total) if total else (None, frozenset())


def _sample_hits(lines: Iterable[str | None]) -> tuple[int, int]:
    """The packed hits and the word count of the sample the guess reads: the non-empty lines from the top
    until SAMPLE_WORDS words."""
    found: list[int] = []
    total = 0
    get = _LINES.get
    for line in lines:
        if line:
            entry = get(line) or _line(line)
            found.append(entry[1])
            total += len(entry[0])
            if total >= SAMPLE_WORDS:
                break
    # Lines in no list (0) are filtered out in C, and the rest added there.
    return sum(filter(None, found)), total


def stoplist_for(lines: Iterable[str | None]) -> tuple[str | None, frozenset[str]]:
    """The language whose stoplist the text hits most, and that list; (None, empty) when unsure."""
    return stoplist_for_lines(lines)


def stoplist_for_words(lines: Iterable[Sequence[str]]) -> tuple[str | None, frozenset[str]]:
    """`stoplist_for` on lines already lowercased and split."""
    words: list[str] = []
    for line_words in lines:
        words.extend(line_words)
        if len(words) >= SAMPLE_WORDS:
            break
    if not words:
        return None, frozenset()
    return _chosen(_packed(words, stoplists()[0]), len(words))


def _chosen(packed: int, total: int) -> tuple[str | None, frozenset[str]]:
    """The guess from a sample's packed hits and its word count (at least one)."""
    lists, names = stoplists()
    hits = _unpacked(packed, lists)
    weights = _size_weights()
    scores = list(map(operator.mul, hits, weights))
    best = scores.index(max(scores))  # the first best, as max() over the lists in order picks it
    if hits[best] < MIN_LANGUAGE_HIT_SHARE * total:
        return None, frozenset()
    return names[best], lists[best]
