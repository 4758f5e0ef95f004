"""The native core's kernels give their pure twins' answers (issue 13; cleaner/native.py, setup.py's NATIVE).

The kernels are built by the compiled build only (`CLEANER_COMPILE=1`): in the plain install every test here skips
with that reason, and .ci/run runs this file in its compiled venv, where test_build.py checks that the kernels are
built and in use. Each test compares the kernel with the twin the modules fall back on (`cohesion._content`,
`lang._line_words`, `lang._packed_py`, `features.shape`), never the twin with itself.

The twins are run from their source by the interpreter, as the pure build runs them: in the compiled build the
modules are mypyc's, and mypyc's `str.lower` does not apply CPython's final-sigma rule ("ΟΔΟΣ".lower() is "οδος" in
CPython, "οδοσ" in lang.py compiled by mypy 2.4.1), so a compiled twin is not the pure build's answer.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import struct
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import heuristics as compiled_heuristics
from cleaner.heuristics import cohesion as compiled_cohesion
from cleaner.heuristics import copies
from cleaner.heuristics import features as compiled_features
from cleaner.heuristics import lang as compiled_lang
from tests.conftest import require_corpus, require_kernel


def _interpreted(module: ModuleType) -> ModuleType:
    """`module` run from its .py source by the interpreter (the module itself in the pure build)."""
    if str(module.__file__).endswith(".py"):
        return module
    name = module.__name__.rsplit(".", 1)[1]
    spec = importlib.util.spec_from_file_location(
        f"interpreted_{name}", Path(str(module.__file__)).with_name(f"{name}.py")
    )
    assert spec is not None and spec.loader is not None
    twin = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = twin  # dataclasses resolve their annotations through sys.modules
    spec.loader.exec_module(twin)
    return twin


cohesion = _interpreted(compiled_cohesion)
lang = _interpreted(compiled_lang)
features = _interpreted(compiled_features)


@pytest.fixture(scope="module")
def kernel() -> ModuleType:
    return require_kernel("cleaner.heuristics._firstsight")


def _packed(kernel: ModuleType, words: tuple[str, ...]) -> int:
    """The kernel's packed hits of `words` over every stoplist, with lang's index, as `lang._packed` asks for them."""
    return int(kernel.packed(words, compiled_lang._native_index()))


def _entry_is_the_twins(kernel: ModuleType, text: str) -> bool:
    """The kernel's sample memo entry of `text` (its word count, its hits as (list, count) uint32 pairs, counted with
    no str per ASCII word) against the twin's words and packed hits (`lang._line`'s)."""
    words = lang._line_words(text)
    counts = lang._unpacked(lang._packed_py(words, LISTS), LISTS)
    pairs = b"".join(struct.pack("=II", k, c) for k, c in enumerate(counts) if c)
    return bool(kernel.line_entry(text, {}, compiled_lang._native_index(), 10) == (len(words), pairs))


LISTS, NAMES = lang.stoplists()
# The document stoplists the classifier reads with: none, a small list, a large one, and lists with non-ASCII words.
STOPS = [frozenset(), *(LISTS[NAMES.index(n)] for n in ("English", "German", "Greek", "Turkish", "Estonian"))]

# Pieces that reach each branch: stopwords in any case, names, numbers, "_", one- and two-letter words, non-ASCII
# letters whose lower case changes length or leaves ASCII ("İ", the Kelvin sign), final sigma, combining marks, digits
# that are not decimal ("²", "½"), astral letters and digits, whitespace str.split splits on (\x1c, NBSP, U+2028),
# a lone surrogate, and characters that are neither word nor space.
PIECES = [
    *("the", "The", "THE", "und", "Und", "der", "ΚΑΙ", "και", "ve", "için", "İçin", "ja"),
    *("Webb", "UK", "EU", "x1", "12", "2024", "a", "I", "ox", "_", "__init__", "snake_case", "Élysée", "élysée"),
    *("İstanbul", "\u212aelvin", "ΟΔΟΣ", "Σ", "ς", "e\u0301t\u00e9", "x²", "½", "٣٤", "Straße", "ǅemal", "ﬁsh"),
    *("𝐀𝐁𝐂", "𝟙𝟚", "\U00010400\U00010428", "中文字", "\ud800", "-", "—", ",", ".", "’s", "'", "…"),
    *(" ", "  ", "\t", "\x1c", "\x85", "\xa0", "\u2028", "\u3000", "\u200b"),
    # Shapes: menu separators, sentence ends, list marks, table rows, menu items, long lines.
    *(" | ", "|", " / ", "/", " • ", " · ", " » ", " › ", "»", ".", "!", "?", ":", "”", "。", "- ", "* ", "• "),
    *("Home", "News", "Contact us", "10:45", "A" * 30, "long words of prose that end like a sentence"),
]
pieces_line = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)
any_line = st.text(alphabet=st.characters(exclude_categories=()), max_size=80)
line = st.one_of(pieces_line, any_line, st.sampled_from(["", " ", "\t \u3000", "\n"]))


@st.composite
def stoplist(draw: st.DrawFn) -> frozenset[str]:
    """A jusText list, or the lower-cased words of drawn pieces (so that non-ASCII stopwords are met)."""
    chosen = draw(st.sampled_from([*STOPS, None]))
    if chosen is not None:
        return chosen
    return frozenset(w.lower() for w in draw(st.lists(st.sampled_from(PIECES), max_size=12)))


@settings(max_examples=600, deadline=None)
@given(line, stoplist())
def test_content_is_cohesions_content_for_any_line_and_stoplist(
    kernel: ModuleType, text: str, stop: frozenset[str]
) -> None:
    assert kernel.content(text, stop) == cohesion._content(text, stop)


@settings(max_examples=600, deadline=None)
@given(line)
def test_line_words_and_their_packed_hits_are_the_language_guess_twins(kernel: ModuleType, text: str) -> None:
    words = kernel.line_words(text)
    assert words == lang._line_words(text)
    assert _packed(kernel, words) == lang._packed_py(words, LISTS)
    assert _entry_is_the_twins(kernel, text)


def test_content_keeps_each_stem_once_in_the_order_first_met(kernel: ModuleType) -> None:
    """A stem met again (by another word with the same first characters, a Kelvin sign that lowers to "k", a word
    twice) is kept once where it was first met, on a short line and on lines long enough to outgrow and free the
    kernel's table of kept stems, read in turn. Fails on a kernel that keeps a repeat or loses its table's order."""
    short = "Kabcdef \u212aabcdeg 12 Police police POLICE Webb webb Leeds 12 x1 X1"
    assert kernel.content(short, frozenset()) == cohesion._content(short, frozenset())
    assert kernel.content(short, frozenset())[0] == ("kabcde", "12", "police", "webb", "leeds", "x1")
    for words in (3000, 9000, 3000, 50):
        text = " ".join(f"W{k % 700} w{k % 900} {short}" for k in range(words))
        assert kernel.content(text, STOPS[1]) == cohesion._content(text, STOPS[1]), words
        assert kernel.content(short, STOPS[1]) == cohesion._content(short, STOPS[1]), words


def test_content_and_line_words_agree_on_every_code_point(kernel: ModuleType) -> None:
    """Every code point inside, after and between words, cased and uncased, next to a sigma (whose lower case reads
    its context, which must stop where the kernel splits), under an empty, an ASCII and a non-ASCII stoplist."""
    stops = [frozenset(), STOPS[1], frozenset({"σς", "i̇", "k"})]
    chunk = 512
    points = [chr(c) for c in range(sys.maxunicode + 1)]
    for at in range(0, len(points), chunk):
        part = points[at : at + chunk]
        text = "".join(f"{c}AΣ{c}a{c}Σ{c}K{c}İ {c}" for c in part)
        assert kernel.line_words(text) == lang._line_words(text), hex(at)
        assert _entry_is_the_twins(kernel, text), hex(at)
        for stop in stops:
            assert kernel.content(text, stop) == cohesion._content(text, stop), hex(at)
        # One line per code point too: the first word's and the line's first character's tests.
        for c in part[:: 64 if at >= 0x3400 else 1]:
            for each in (f"{c}ab Cd", f"{c}", f"{c}{c}"):
                assert kernel.content(each, stops[2]) == cohesion._content(each, stops[2]), hex(ord(c))


def test_content_drops_stopwords_of_any_code_point_as_the_twin(kernel: ModuleType) -> None:
    """Stopwords holding each code point, in the kernel's byte table or its code point table once lowered (a Kelvin
    sign's word lowers to ASCII), met in the text in the code point's own case: every other word of a chunk is one."""
    chunk = 256
    for at in range(0, sys.maxunicode + 1, chunk):
        points = map(chr, range(at, min(at + chunk, sys.maxunicode + 1)))
        words = [w for c in points for w in (f"{c}", f"Kx{c}", f"{c}δε", f"Ω{c}ka")]
        stop = frozenset(w.lower() for w in words[::2]) | {"σς", "the"}
        text = " ".join(words)
        assert kernel.content(text, stop) == cohesion._content(text, stop), hex(at)


def test_the_modules_use_the_kernel_when_built(kernel: ModuleType) -> None:
    """The classifier runs the kernel (not its twin) when the kernel is built and not switched off."""
    from cleaner import native

    if native.SWITCH in os.environ:
        pytest.skip(f"{native.SWITCH} is set")
    assert native.in_use() == [
        "cleaner.heuristics._firstsight",
        "cleaner.heuristics._passes",
        "cleaner.learned._reading",
        "cleaner.metadata._headline",
        "cleaner.metadata._metalines",
        "cleaner.rules._linepass",
    ]
    assert compiled_cohesion.content.__wrapped__ is kernel.content  # type: ignore[attr-defined]
    assert compiled_lang._NATIVE is kernel
    assert compiled_features._shape_of is kernel.shape
    assert compiled_features._CLASSES is kernel.classes
    assert compiled_heuristics._NATIVE is kernel


def test_a_final_capital_sigma_lowers_as_cpython_lowers_it(kernel: ModuleType) -> None:
    """CPython's context rule, which the pure build follows (and mypyc's compiled `str.lower` does not)."""
    assert kernel.line_words("ΟΔΟΣ ΟΔΟΣΑ Σ") == ("οδος", "οδοσα", "σ") == tuple("ΟΔΟΣ ΟΔΟΣΑ Σ".lower().split())
    assert kernel.content("Der ΟΔΟΣ", frozenset())[0] == ("der", "οδος")


@pytest.mark.corpus
def test_kernels_agree_with_their_twins_on_every_dev_corpus_line(kernel: ModuleType) -> None:
    corpus = require_corpus()
    texts: set[str] = set()
    for path in sorted(corpus.rglob("*.txt")):
        for raw in path.read_text(encoding="utf-8", errors="surrogateescape").splitlines():
            texts.add(raw)
            texts.add(raw.strip())
    assert len(texts) > 10_000
    for text in sorted(texts):
        words = kernel.line_words(text)
        assert words == lang._line_words(text), text
        assert _packed(kernel, words) == lang._packed_py(words, LISTS), text
        assert _entry_is_the_twins(kernel, text), text
        for stop in STOPS[:3]:
            assert kernel.content(text, stop) == cohesion._content(text, stop), text
        assert _shape(kernel, text) == features.shape(text), text


def _shape(kernel: ModuleType, text: str) -> int:
    assert compiled_features._shape_of is kernel.shape  # configured with features' constants by the module's import
    return int(kernel.shape(text))


@settings(max_examples=600, deadline=None)
@given(line)
def test_shape_is_features_shape_for_any_line(kernel: ModuleType, text: str) -> None:
    assert _shape(kernel, text) == features.shape(text)


def test_shape_agrees_on_every_code_point(kernel: ModuleType) -> None:
    """Each code point as a line's edge (strip, the first word's case, the sentence end), inside a word (the digit
    test) and beside a separator."""
    for c in map(chr, range(sys.maxunicode + 1)):
        for text in (f"{c}", f"{c}ab Cd{c}", f" x | y {c} z | w", f"A b{c}"):
            assert _shape(kernel, text) == features.shape(text), hex(ord(c))


def _both_classes(kernel: ModuleType, lines: list[str | None]) -> None:
    """The kernel's `classes` and the twin's loop, from an empty memo and from the one each filled: the same classes,
    and the same memo."""
    memo: dict[str | None, int] = {None: features.BLANK, "": features.BLANK}
    twin_memo = dict(memo)
    for _ in range(2):
        assert kernel.classes(lines, memo) == features._classes_py(lines, twin_memo)
        assert memo == twin_memo


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(line, st.none()), max_size=30))
def test_classes_are_classifys_for_any_page(kernel: ModuleType, lines: list[str | None]) -> None:
    """Lines of every shape, repeats, None and blank lines."""
    _both_classes(kernel, lines + lines[::2])


@st.composite
def quoted_page(draw: st.DrawFn) -> list[str | None]:
    """Lines that repeat pieces of the line above them: its start, a middle, itself, a longer line, with whitespace
    at the edges, between blank and None lines and lines of their own."""
    out: list[str | None] = []
    for _ in range(draw(st.integers(0, 12))):
        above = next((s.strip() for s in reversed(out) if s is not None), "")
        start = draw(st.integers(0, len(above)))
        end = draw(st.integers(start, len(above)))
        piece = draw(
            st.sampled_from([above[:end], above[start:end], above, above + " more", above[start:]])
            | st.sampled_from(["", " ", None])
            | line
        )
        pad = draw(st.sampled_from(["", " ", "\u3000", "\t "]))
        out.append(None if piece is None else pad + piece + pad[::-1])
    return out


def _both_copies(kernel: ModuleType, lines: list[str | None]) -> None:
    """The kernel's `nested_copies` and the twin's, at the twin's COPY_MIN_CHARS and at a short one (copies.py is
    never compiled, so the twin reads the constant set here)."""
    shipped = copies.COPY_MIN_CHARS
    try:
        for least in (shipped, 3):
            copies.COPY_MIN_CHARS = least
            assert kernel.nested_copies(lines, least) == copies.nested_copies(lines)
    finally:
        copies.COPY_MIN_CHARS = shipped


@settings(max_examples=600, deadline=None)
@given(quoted_page())
def test_nested_copies_are_the_twins_on_any_page(kernel: ModuleType, lines: list[str | None]) -> None:
    _both_copies(kernel, lines)


def text_pages() -> Iterator[list[str]]:
    """The lines of every dev corpus text rendering (article, fulltext, trafilatura, paragraphs), page by page."""
    corpus = require_corpus()
    for name in ("article.txt", "fulltext.txt", "trafilatura.txt", "paragraphs.txt"):
        for path in sorted(corpus.rglob(name)):
            yield path.read_text(encoding="utf-8", errors="surrogateescape").splitlines()


@pytest.mark.corpus
def test_classes_and_nested_copies_are_the_twins_on_every_dev_text_page(kernel: ModuleType) -> None:
    found = 0
    for page in text_pages():
        lines: list[str | None] = list(page)
        _both_copies(kernel, lines)
        _both_classes(kernel, lines)
        found += bool(copies.nested_copies(lines))
    assert found > 10  # pages with quote-box copies were read
