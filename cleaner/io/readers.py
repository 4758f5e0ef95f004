"""Input files to Documents: .txt, .html/.htm, .json (one record or a list), .jsonl/.ndjson, each optionally
compressed (.gz, .xz, or .zst with the `zstd` extra). `.warc` files are read by cleaner/io/warc.py.

Readers never raise on a bad document: they hand back an InputError in its place, so one broken
line or file becomes one line in the batch report instead of stopping the run. They never read
more than the document size limit either: the bytes come through cleaner/io/files.py (regular
files only, capped reads, every compression member), whose names are re-exported here.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import regex

from cleaner.io.decode import MAX_DOCUMENT_BYTES, InputError, decode_bytes
from cleaner.io.files import (
    FILE_TYPES,
    MAGIC,
    MAGIC_BYTES,
    decompress,
    decompressing,
    decompression_errors,
    open_regular,
    read_capped,
    read_file,
    stream_reason,
)
from cleaner.model import Document

# Re-exported: callers read input files through this module.
__all__ = [
    "FILE_TYPES",
    "MAGIC",
    "MAGIC_BYTES",
    "FieldNames",
    "decompress",
    "decompressing",
    "decompression_errors",
    "display_path",
    "iter_lines",
    "kind_of",
    "open_lines",
    "open_regular",
    "parse_json_line",
    "read_capped",
    "read_file",
    "read_path",
    "read_single",
    "record_to_document",
    "scrub_surrogates",
]

# File kinds by suffix (after an optional compression suffix). One document per file for txt/html; json may be a list.
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
# Compression is recognised by its magic bytes (a misnamed file still reads); the suffix only
# tells discovery that `a.txt.xz` is a text file.
COMPRESSION_SUFFIXES = (".gz", ".xz", ".zst")
# Lone surrogates (from a JSON "\udc80" escape) cannot be written as UTF-8; they become U+FFFD.
SURROGATE_RE = regex.compile(r"[\ud800-\udfff]")
SUPPORTED = ".txt, .html, .htm, .json, .jsonl, .ndjson or .warc, optionally .gz, .xz or .zst"


@dataclass(frozen=True, slots=True)
class FieldNames:
    """Which record keys hold the text, HTML, URL and id; the first present non-empty key wins."""

    text: tuple[str, ...] = ("text", "content", "body")
    html: tuple[str, ...] = ("html",)
    url: tuple[str, ...] = ("url",)
    id: tuple[str, ...] = ("id",)


def strip_compression(name: str) -> str:
    """The name a compressed file has once decompressed: compression is not part of the kind."""
    lower = name.lower()
    for suffix in COMPRESSION_SUFFIXES:
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def suffix_of(name: str) -> str:
    """`PurePath(name).suffix` of a file name, without making a path (discovery asks it of every file found)."""
    dot = name.rfind(".")
    return name[dot:] if 0 < dot < len(name) - 1 else ""


def kind_of(path: str | Path) -> str | None:
    """The input kind from the file name, or None for files batch mode does not read."""
    return KIND_BY_SUFFIX.get(suffix_of(strip_compression(os.path.basename(path))).lower())


def display_path(path: str) -> str:
    """A path as text that can always be written as UTF-8: undecodable name bytes shown as `\\xe9`. An ASCII path is
    itself (discovery keeps both for every input: a copy was 84 bytes an input)."""
    if path.isascii():
        return path
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def scrub_surrogates(value: str) -> tuple[str, int]:
    """`value` with lone surrogates replaced by U+FFFD, and how many there were."""
    if value.isascii():
        return value, 0
    return SURROGATE_RE.subn("\ufffd", value)


# ---- documents ----


def _first(record: dict[str, Any], keys: Sequence[str]) -> Any:
    for k in keys:
        v = record.get(k)
        if v not in (None, ""):
            return v
    return None


def _clean_str(value: str | None, name: str, warnings: list[str]) -> str | None:
    if value is None:
        return None
    out, n = scrub_surrogates(value)
    if n:
        warnings.append(f"{name}: replaced {n} lone surrogate(s) (invalid Unicode) with U+FFFD")
    return out


def record_to_document(
    record: Any, fields: FieldNames, *, source: str, default_id: str | None, mtime: float | None = None
) -> Document:
    """One JSON record to a Document; a record with neither text nor HTML is an InputError."""
    if not isinstance(record, dict):
        raise InputError(f"record is a JSON {type(record).__name__}, not an object")
    rid = _first(record, fields.id)
    text, html = _first(record, fields.text), _first(record, fields.html)
    for name, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise InputError(f"{name} field is a JSON {type(value).__name__}, not a string", _shown_id(rid))
    if not (text or "").strip() and not (html or "").strip():
        wanted = ", ".join([*fields.text, *fields.html])
        raise InputError(f"empty document (no non-empty field among: {wanted})", _shown_id(rid))
    url = _first(record, fields.url)
    warnings: list[str] = []
    return Document(
        text=_clean_str(text, "text", warnings),
        html=_clean_str(html, "html", warnings) if not (text or "").strip() else None,
        url=_clean_str(str(url), "url", warnings) if url is not None else None,
        source=source,
        id=_clean_str(str(rid), "id", warnings) if rid is not None else default_id,
        mtime=mtime,
        warnings=tuple(warnings),
    )


def _shown_id(rid: Any) -> str | None:
    """A record's id as its error names it: as the record's own id reads (`record_to_document`), surrogates scrubbed."""
    return None if rid is None else scrub_surrogates(str(rid))[0]


def _loads(text: str, where: Callable[[json.JSONDecodeError], str]) -> Any:
    """json.loads, with every way it can fail on hostile input turned into one InputError."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON: {exc.msg} at {where(exc)}") from None
    except RecursionError:
        raise InputError("malformed JSON: nested too deeply") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise InputError(f"malformed JSON: {(str(exc).splitlines() or ['invalid value'])[0][:120]}") from None


def parse_json_line(
    line: bytes, fields: FieldNames, *, source: str, default_id: str, mtime: float | None = None
) -> Document:
    """One JSONL line to a Document; malformed JSON and undecodable bytes become InputErrors."""
    try:
        text = line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"invalid UTF-8 at byte {exc.start}") from None
    record = _loads(text, lambda e: f"column {e.colno}")
    return record_to_document(record, fields, source=source, default_id=default_id, mtime=mtime)


def read_single(
    data: bytes, kind: str, fields: FieldNames, *, source: str, doc_id: str | None, mtime: float | None = None
) -> list[tuple[int | None, Document | InputError]]:
    """The documents in one txt/html/json file, by position (None for a whole-file document)."""
    try:
        text, warnings = decode_bytes(decompress(data))
    except InputError as exc:
        return [(None, exc)]
    if kind == "txt":
        return [(None, Document(text=text, source=source, id=doc_id, mtime=mtime, warnings=tuple(warnings)))]
    if kind == "html":
        return [(None, Document(html=text, source=source, id=doc_id, mtime=mtime, warnings=tuple(warnings)))]
    if kind != "json":
        raise ValueError(f"read_single does not read {kind!r} files")
    try:
        parsed = _loads(text, lambda e: f"line {e.lineno} column {e.colno}")
    except InputError as exc:
        return [(None, exc)]
    if isinstance(parsed, list):
        out: list[tuple[int | None, Document | InputError]] = []
        for i, rec in enumerate(parsed):
            try:
                doc = record_to_document(
                    rec, fields, source=f"{source}#{i}", default_id=f"{doc_id or source}#{i}", mtime=mtime
                )
            except InputError as exc:
                out.append((i, exc))
            else:
                out.append((i, doc))
        if not out:
            return [(None, InputError("empty document (an empty JSON list)"))]
        return out
    try:
        return [(None, record_to_document(parsed, fields, source=source, default_id=doc_id, mtime=mtime))]
    except InputError as exc:
        return [(None, exc)]


def read_path(
    path: str, kind: str, fields: FieldNames, *, source: str, doc_id: str | None, mtime: float | None = None
) -> tuple[list[tuple[int | None, Document | InputError]], str | None]:
    """The documents of one txt/html/json file on disk, plus the stored bytes' sha1 (None if unread)."""
    try:
        data, sha1 = read_file(path)
    except InputError as exc:
        return [(None, exc)], None
    return read_single(data, kind, fields, source=source, doc_id=doc_id, mtime=mtime), sha1


def open_lines(path: str | Path) -> IO[bytes]:
    """A binary stream over a JSONL file, decompressed by its magic bytes; InputError if it cannot be."""
    fh = open_regular(path)
    try:
        return decompressing(fh)
    except BaseException:
        fh.close()
        raise


def iter_lines(
    stream: IO[bytes], max_bytes: int = MAX_DOCUMENT_BYTES, *, keep_blank: bool = False
) -> Iterator[tuple[int, bytes | InputError]]:
    """(line number, bytes) for each line, one at a time, so memory stays flat in file size.

    Blank lines are skipped unless `keep_blank` (a stream whose output line n must answer input
    line n). A line longer than the document size limit is skipped to its end and reported,
    instead of being held in memory whole. A stream that breaks off (a truncated .gz) ends with an
    InputError for the line it was on.
    """
    lineno = 0
    while True:
        try:
            line = stream.readline(max_bytes + 1)
        except decompression_errors() as exc:
            yield lineno + 1, InputError(stream_reason(exc))
            return
        if not line:
            return
        lineno += 1
        if len(line) > max_bytes and not line.endswith(b"\n"):
            with contextlib.suppress(*decompression_errors()):
                while line and not line.endswith(b"\n"):
                    line = stream.readline(max_bytes + 1)
            yield lineno, InputError(f"line longer than {max_bytes // (1024 * 1024)} MB")
            continue
        if keep_blank or line.strip():
            yield lineno, line
