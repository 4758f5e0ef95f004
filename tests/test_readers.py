"""Readers: every input kind to Documents, and every broken input to a one-line InputError."""

from __future__ import annotations

import gzip
import io
import json
import lzma
import pickle
from collections.abc import Callable
from pathlib import Path

import pytest

from cleaner.io.decode import InputError
from cleaner.io.readers import (
    FieldNames,
    decompress,
    iter_lines,
    kind_of,
    open_lines,
    parse_json_line,
    read_single,
    record_to_document,
)

FIELDS = FieldNames()


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.txt", "txt"),
        ("a.HTML", "html"),
        ("a.htm.gz", "html"),
        ("a.json", "json"),
        ("a.ndjson", "jsonl"),
        ("a.jsonl.gz", "jsonl"),
        ("a.txt.xz", "txt"),
        ("a.jsonl.zst", "jsonl"),
        ("a.pdf", None),
        ("a.gz", None),
    ],
)
def test_kind_comes_from_the_suffix_after_gz(name: str, kind: str | None) -> None:
    assert kind_of(name) == kind


def test_text_falls_back_through_content_and_body() -> None:
    doc = record_to_document({"id": 7, "body": "Hello.", "content": ""}, FIELDS, source="s", default_id="d")
    assert (doc.text, doc.id) == ("Hello.", "7")


def test_html_field_is_used_when_no_text() -> None:
    doc = record_to_document({"html": "<p>Hi</p>", "url": "https://e.org"}, FIELDS, source="s", default_id="d")
    assert (doc.html, doc.text, doc.url, doc.id) == ("<p>Hi</p>", None, "https://e.org", "d")


def test_record_without_text_is_an_empty_document() -> None:
    with pytest.raises(InputError, match="empty document"):
        record_to_document({"id": "x", "text": "  "}, FIELDS, source="s", default_id="d")


def test_a_record_error_keeps_the_records_id_across_processes() -> None:
    with pytest.raises(InputError) as caught:
        record_to_document({"id": 42, "text": "  "}, FIELDS, source="s", default_id="d")
    again = pickle.loads(pickle.dumps(caught.value))  # as a pool's worker hands it back
    assert (str(again), again.record_id) == (str(caught.value), "42")


def test_malformed_json_line_names_the_column() -> None:
    with pytest.raises(InputError, match=r"malformed JSON: .* at column 2"):
        parse_json_line(b"{oops}", FIELDS, source="s", default_id="d")


def test_json_file_with_a_list_gives_one_document_per_item() -> None:
    data = json.dumps([{"text": "One."}, {"nope": 1}, {"text": "Three."}]).encode()
    docs = read_single(data, "json", FIELDS, source="f.json", doc_id="f.json")
    assert [(i, type(d).__name__) for i, d in docs] == [(0, "Document"), (1, "InputError"), (2, "Document")]


def test_gzipped_text_file_is_read() -> None:
    docs = read_single(gzip.compress(b"Hello world."), "txt", FIELDS, source="a.txt.gz", doc_id="a")
    assert docs[0][1].text == "Hello world."  # type: ignore[union-attr]


def _zstd(data: bytes) -> bytes:
    zstandard = pytest.importorskip("zstandard", reason="the zstd extra is not installed")
    return zstandard.ZstdCompressor().compress(data)  # type: ignore[no-any-return]


COMPRESSORS: dict[str, Callable[[bytes], bytes]] = {"gz": gzip.compress, "xz": lzma.compress, "zst": _zstd}


@pytest.mark.parametrize("fmt", COMPRESSORS)
def test_every_member_of_a_compressed_file_is_read(fmt: str) -> None:
    pack = COMPRESSORS[fmt]
    assert decompress(pack(b"First member. ") + pack(b"Second member.")) == b"First member. Second member."


@pytest.mark.parametrize("fmt", COMPRESSORS)
def test_a_compressed_stream_cut_short_is_an_error(fmt: str) -> None:
    data = COMPRESSORS[fmt](b"A whole article. " * 200)
    with pytest.raises(InputError, match="truncated compressed data"):
        decompress(data[: len(data) // 2])


@pytest.mark.parametrize("fmt", COMPRESSORS)
def test_decompression_stops_at_the_size_limit(fmt: str) -> None:
    with pytest.raises(InputError, match="larger than 1 MB after decompression"):
        decompress(COMPRESSORS[fmt](b"\0" * (3 * 1024 * 1024)), max_bytes=1024 * 1024)


@pytest.mark.parametrize("fmt", COMPRESSORS)
def test_compressed_jsonl_is_streamed_line_by_line(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"feed.jsonl.{fmt}"
    path.write_bytes(COMPRESSORS[fmt](b'{"text": "one"}\n{"text": "two"}\n'))
    with open_lines(path) as stream:
        assert [n for n, _ in iter_lines(stream)] == [1, 2]


def test_binary_file_is_refused() -> None:
    docs = read_single(b"\x00\x01\x02binary", "txt", FIELDS, source="x", doc_id="x")
    assert str(docs[0][1]) == "binary data, not text"


def test_iter_lines_numbers_lines_and_skips_blank_ones() -> None:
    stream = io.BytesIO(b'{"a":1}\n\n  \n{"b":2}\n{"c":3}')
    assert [(n, line.strip()) for n, line in iter_lines(stream)] == [  # type: ignore[union-attr]
        (1, b'{"a":1}'),
        (4, b'{"b":2}'),
        (5, b'{"c":3}'),
    ]


def test_iter_lines_keeps_blank_lines_when_asked() -> None:
    assert [n for n, _ in iter_lines(io.BytesIO(b'{"a":1}\n\n  \n{"b":2}\n'), keep_blank=True)] == [1, 2, 3, 4]


def test_oversized_line_is_reported_without_holding_it() -> None:
    stream = io.BytesIO(b"x" * 5000 + b"\n" + b'{"ok":1}\n')
    out = list(iter_lines(stream, max_bytes=100))
    assert isinstance(out[0][1], InputError) and out[1] == (2, b'{"ok":1}\n')
