"""Input files to Documents: .txt, .html/.htm, .json (one record or a list), .jsonl/.ndjson, each optionally .gz.

Readers never raise on a bad document: they hand back an InputError in its place, so one broken
line or file becomes one line in the batch report instead of stopping the run.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cleaner.io.decode import GZIP_MAGIC, MAX_DOCUMENT_BYTES, InputError, decode_bytes
from cleaner.model import Document

# File kinds by suffix (after an optional .gz). One document per file for txt/html; json may be a list.
KIND_BY_SUFFIX = {
    ".txt": "txt",
    ".text": "txt",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".warc": "warc",
}
MULTI_RECORD_KINDS = ("json", "jsonl", "warc")
# Kinds the batch parent reads record by record (never whole), in input order.
STREAMED_KINDS = ("jsonl", "warc")


@dataclass(frozen=True, slots=True)
class FieldNames:
    """Which record keys hold the text, HTML, URL and id; the first present non-empty key wins."""

    text: tuple[str, ...] = ("text", "content", "body")
    html: tuple[str, ...] = ("html",)
    url: tuple[str, ...] = ("url",)
    id: tuple[str, ...] = ("id",)


def strip_gz(name: str) -> str:
    """The name a gzipped file has once decompressed: compression is not part of the kind."""
    return name[:-3] if name.lower().endswith(".gz") else name


def kind_of(path: str | Path) -> str | None:
    """The input kind from the file name, or None for files batch mode does not read."""
    return KIND_BY_SUFFIX.get(Path(strip_gz(Path(path).name)).suffix.lower())


def _first(record: dict[str, Any], keys: Sequence[str]) -> Any:
    for k in keys:
        v = record.get(k)
        if v not in (None, ""):
            return v
    return None


def record_to_document(
    record: Any, fields: FieldNames, *, source: str, default_id: str | None, mtime: float | None = None
) -> Document:
    """One JSON record to a Document; a record with neither text nor HTML is an InputError."""
    if not isinstance(record, dict):
        raise InputError(f"record is a JSON {type(record).__name__}, not an object")
    text, html = _first(record, fields.text), _first(record, fields.html)
    for name, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise InputError(f"{name} field is a JSON {type(value).__name__}, not a string")
    if not (text or "").strip() and not (html or "").strip():
        wanted = ", ".join([*fields.text, *fields.html])
        raise InputError(f"empty document (no non-empty field among: {wanted})")
    url = _first(record, fields.url)
    rid = _first(record, fields.id)
    return Document(
        text=text,
        html=html if not (text or "").strip() else None,
        url=str(url) if url is not None else None,
        source=source,
        id=str(rid) if rid is not None else default_id,
        mtime=mtime,
    )


def parse_json_line(
    line: bytes, fields: FieldNames, *, source: str, default_id: str, mtime: float | None = None
) -> Document:
    """One JSONL line to a Document; malformed JSON and undecodable bytes become InputErrors."""
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid UTF-8 at byte {exc.start}") from None
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg} at column {exc.colno}") from None
    return record_to_document(record, fields, source=source, default_id=default_id, mtime=mtime)


def read_single(
    data: bytes, kind: str, fields: FieldNames, *, source: str, doc_id: str, mtime: float | None = None
) -> list[tuple[int | None, Document | InputError]]:
    """The documents in one txt/html/json file, by position (None for a whole-file document)."""
    try:
        text, warnings = decode_bytes(data)
    except InputError as exc:
        return [(None, exc)]
    if kind == "txt":
        return [(None, Document(text=text, source=source, id=doc_id, mtime=mtime, warnings=tuple(warnings)))]
    if kind == "html":
        return [(None, Document(html=text, source=source, id=doc_id, mtime=mtime, warnings=tuple(warnings)))]
    if kind != "json":
        raise ValueError(f"read_single does not read {kind!r} files")
    try:
        parsed = json.loads(text)
    except json.JSONDecodeError as exc:
        return [(None, InputError(f"malformed JSON: {exc.msg} at line {exc.lineno} column {exc.colno}"))]
    if isinstance(parsed, list):
        out: list[tuple[int | None, Document | InputError]] = []
        for i, rec in enumerate(parsed):
            try:
                out.append(
                    (
                        i,
                        record_to_document(
                            rec, fields, source=f"{source}#{i}", default_id=f"{doc_id}#{i}", mtime=mtime
                        ),
                    )
                )
            except InputError as exc:
                out.append((i, exc))
        if not out:
            return [(None, InputError("empty document (an empty JSON list)"))]
        return out
    try:
        return [(None, record_to_document(parsed, fields, source=source, default_id=doc_id, mtime=mtime))]
    except InputError as exc:
        return [(None, exc)]


def open_lines(path: str | Path) -> IO[bytes]:
    """A binary stream over a JSONL file, decompressing gzip sniffed by its magic bytes."""
    with open(path, "rb") as fh:
        head = fh.read(2)
    if head == GZIP_MAGIC:
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def iter_lines(stream: IO[bytes], max_bytes: int = MAX_DOCUMENT_BYTES) -> Iterator[tuple[int, bytes | InputError]]:
    """(line number, bytes) for each non-blank line, one at a time, so memory stays flat in file size.

    A line longer than the document size limit is skipped to its end and reported, instead of
    being held in memory whole.
    """
    lineno = 0
    while True:
        try:
            line = stream.readline(max_bytes + 1)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            yield lineno + 1, InputError(f"read error: {exc}")
            return
        if not line:
            return
        lineno += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(max_bytes + 1)
            yield lineno, InputError(f"line longer than {max_bytes // (1024 * 1024)} MB")
            continue
        if line.strip():
            yield lineno, line
