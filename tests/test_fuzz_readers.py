"""Fuzzing the readers (txt, html, json, jsonl; gz, xz, zst) and Cleaner.clean with hypothesis.

Generated files are hostile on purpose: arbitrary bytes, JSON of any shape (lone surrogates,
huge numbers, deep nesting), compressed in one or several members, cut short, with BOMs. The
properties are the batch's guarantees at the reader level: nothing raises except as an
InputError with a one-line reason, a truncated stream never passes as a document, every JSONL
line gets exactly one item, and every document and record can be written as UTF-8.

Here each property runs a few dozen examples; `python -m tests.fuzz --seconds N` runs them in a
loop for N seconds (CI: 60).
"""

from __future__ import annotations

import gzip
import io
import json
import lzma
import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner.io.decode import InputError
from cleaner.io.formats import to_json
from cleaner.io.readers import MAGIC_BYTES, FieldNames, decompressing, iter_lines, parse_json_line, read_single
from cleaner.model import Document
from cleaner.pipeline import Cleaner

FIELDS = FieldNames()
CLEANER = Cleaner()
EXAMPLES = int(os.environ.get("CLEANER_FUZZ_EXAMPLES", "30"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# Lines from real chrome and prose, so that rules fire on fuzzed documents, not only noise.
LINES = [
    "Advertisement",
    "We need your help now",
    "LAST UPDATE | 16 Jan",
    "By Jane Smith",
    "Share this article",
    "The council met on Tuesday to agree the budget for next year.",
    "<p>The harbour reopened on Monday.</p>",
    "<div><nav>Home | News</nav><article><h1>Title</h1><p>Body text here.</p></article></div>",
    "",
]
SURROGATES = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
texts = st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=80), st.text(SURROGATES, max_size=3)), max_size=12)
text = texts.map("\n".join)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text, st.just(-(10**20)))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(text, inner, max_size=4))
records = st.one_of(
    st.fixed_dictionaries({}, optional={"id": values, "text": text, "html": text, "content": values, "url": values}),
    values,
)


def _json_text(value: object) -> str:
    return json.dumps(value)


def _zstd(data: bytes) -> bytes:
    try:
        import zstandard
    except ImportError:
        return gzip.compress(data)
    return zstandard.ZstdCompressor().compress(data)  # type: ignore[no-any-return]


COMPRESS = {"none": lambda b: b, "gz": gzip.compress, "xz": lzma.compress, "zst": _zstd}


@st.composite
def stored(draw: st.DrawFn, payload: st.SearchStrategy[bytes]) -> tuple[bytes, bool]:
    """(bytes as they would sit on disk, whether a compressed stream was cut short)."""
    data = draw(payload)
    fmt = draw(st.sampled_from(sorted(COMPRESS)))
    members = draw(st.integers(1, 2)) if fmt != "none" else 1
    member = COMPRESS[fmt](data)
    packed = member * members
    cut = fmt != "none" and draw(st.booleans())
    if cut:
        # Inside the last member, past its magic bytes: a cut between two members leaves a whole,
        # shorter file, and a file cut before its magic is no longer recognisably compressed.
        packed = packed[: draw(st.integers(len(packed) - len(member) + MAGIC_BYTES, len(packed) - 1))]
    return packed, cut


file_bodies = st.one_of(
    st.binary(max_size=2000),
    text.map(lambda t: t.encode("utf-8", "surrogatepass")),
    text.map(lambda t: t.encode("utf-8", "replace")).map(lambda b: b"\xef\xbb\xbf" + b),
    records.map(_json_text).map(str.encode),
    st.lists(records.map(_json_text), max_size=4).map(lambda items: ("[" + ",".join(items) + "]").encode()),
    st.integers(1, 3000).map(lambda depth: ("[" * depth + "]" * depth).encode()),
    st.integers(4000, 6000).map(lambda digits: b'{"text": "x", "n": ' + b"9" * digits + b"}"),
)


def _writable(doc: Document) -> None:
    for value in (doc.text, doc.html, doc.url, doc.id, *doc.warnings):
        if value is not None:
            value.encode("utf-8")


def _one_line(err: InputError) -> None:
    assert str(err) and "\n" not in str(err)


@FUZZ
@given(st.sampled_from(["txt", "html", "json"]), stored(file_bodies))
def test_files_read_into_writable_documents_or_one_line_errors(kind: str, stored: tuple[bytes, bool]) -> None:
    data, cut = stored
    docs = read_single(data, kind, FIELDS, source="f", doc_id="f")
    assert docs
    for _, doc in docs:
        if isinstance(doc, InputError):
            _one_line(doc)
        else:
            assert not cut, "a truncated compressed stream passed as a document"
            _writable(doc)


jsonl_lines = st.lists(
    st.one_of(
        records.map(_json_text),
        st.sampled_from(["", "   ", "{oops", "[1, 2]", '{"text": ""}']),
        st.binary(max_size=60).map(lambda b: b.replace(b"\n", b" ").decode("latin-1")),
    ),
    max_size=8,
)


@FUZZ
@given(jsonl_lines, st.sampled_from(sorted(COMPRESS)))
def test_every_jsonl_line_gets_exactly_one_item(lines: list[str], fmt: str) -> None:
    raw = "".join(line + "\n" for line in lines).encode("utf-8", "surrogatepass")
    stream = decompressing(io.BytesIO(COMPRESS[fmt](raw)))
    items = list(iter_lines(stream, keep_blank=True))
    assert [n for n, _ in items] == list(range(1, len(lines) + 1))
    for n, data in items:
        if isinstance(data, InputError):
            _one_line(data)
            continue
        try:
            _writable(parse_json_line(data, FIELDS, source="s", default_id=f"s:{n}"))
        except InputError as exc:
            _one_line(exc)


@FUZZ
@given(st.sampled_from(["txt", "html", "json"]), stored(file_bodies))
def test_read_then_clean_gives_a_utf8_record(kind: str, stored: tuple[bytes, bool]) -> None:
    for _, doc in read_single(stored[0], kind, FIELDS, source="f", doc_id="f"):
        if isinstance(doc, Document):
            to_json(CLEANER.clean_document(doc).to_dict()).encode("utf-8")


@FUZZ
@given(text.map(lambda t: t.encode("utf-8", "replace").decode("utf-8")), st.booleans())
def test_cleaner_clean_never_crashes(body: str, as_html: bool) -> None:
    art = CLEANER.clean(html=body) if as_html else CLEANER.clean(body)
    assert isinstance(art.body, str)
    to_json(art.to_dict()).encode("utf-8")


FUZZ_TARGETS = (
    test_files_read_into_writable_documents_or_one_line_errors,
    test_every_jsonl_line_gets_exactly_one_item,
    test_read_then_clean_gives_a_utf8_record,
    test_cleaner_clean_never_crashes,
)
