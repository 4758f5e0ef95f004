"""WARC input: the HTML `response` records of a crawl as Documents, everything else counted and skipped.

News crawls (Common Crawl's CC-NEWS among them) are published as WARC files. warcio reads them,
plain or gzipped per record, one record at a time, so memory stays flat in file size. A record
becomes a Document when it is a `response` with status 200 and an HTML payload; the target URI
is its `url` (which picks site rules) and the WARC-Record-ID its `id`. Other responses (images,
PDFs, redirects, errors) are yielded as `SkippedRecord`s with a reason, so the batch report can
count them instead of dropping them silently. `request`, `warcinfo` and `metadata` records
describe the crawl, not documents, and are passed over.

Needs the `warc` extra: `pip install 'cleaner[warc]'`.
"""

from __future__ import annotations

import codecs
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cleaner.io.decode import MAX_DOCUMENT_BYTES, InputError, decode_bytes
from cleaner.io.readers import decompressing, decompression_errors, open_regular, read_capped
from cleaner.model import Document

HTML_MEDIA_TYPES = ("text/html", "application/xhtml+xml")
# Only a page the server sent as the resource itself is an article; 3xx/4xx/5xx bodies are
# redirect stubs and error pages.
OK_STATUS = "200"
WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True, slots=True)
class SkippedRecord:
    """A response that is not an HTML page; `reason` is the line the report counts it under."""

    record_id: str | None
    url: str | None
    reason: str


def is_warc(path: str | Path) -> bool:
    """WARC files by name: `.warc` or `.warc.gz`."""
    return str(path).lower().endswith(WARC_SUFFIXES)


def _media_type(content_type: str | None) -> tuple[str | None, str | None]:
    """(media type, charset) from a Content-Type header."""
    if not content_type:
        return None, None
    parts = [p.strip() for p in content_type.split(";")]
    charset = None
    for p in parts[1:]:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return parts[0].lower() or None, charset


def _decode(payload: bytes, charset: str | None) -> tuple[str, list[str]]:
    """The server's declared charset first; the shared decoder (BOM, UTF-8, fallback) otherwise."""
    if charset:
        try:
            codecs.lookup(charset)
        except LookupError:
            charset = None
    if charset:
        try:
            return payload.decode(charset), []
        except UnicodeDecodeError:
            pass  # a wrong header is common; let the byte-level decoder decide
    return decode_bytes(payload)


class _BrokenStream(Exception):
    """A decompression error carried past warcio, which takes an EOFError for the archive's end."""


class _Strict(io.RawIOBase):
    """The decompressed stream, with a truncated or corrupt one raising `_BrokenStream`."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        try:
            data = self._stream.read(len(buffer))
        except decompression_errors() as exc:
            raise _BrokenStream(str(exc) or type(exc).__name__) from None
        buffer[: len(data)] = data
        return len(data)


def _record_id(headers: Any) -> str | None:
    rid = headers.get_header("WARC-Record-ID")
    return rid.strip("<>") if rid else None


def iter_warc(
    stream: IO[bytes], *, source: str, mtime: float | None = None
) -> Iterator[tuple[int, Document | SkippedRecord | InputError]]:
    """(response number, Document | SkippedRecord | InputError) for each response record, in file order.

    A corrupt file yields one InputError where reading stopped; what came before is kept.
    """
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    broken: tuple[type[BaseException], ...] = (_BrokenStream, *decompression_errors())
    n = 0
    try:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            n += 1
            rid = _record_id(record.rec_headers)
            url = record.rec_headers.get_header("WARC-Target-URI")
            http = record.http_headers
            status = http.get_statuscode() if http is not None else None
            media, charset = _media_type(http.get_header("Content-Type") if http is not None else None)
            if status != OK_STATUS:
                yield n, SkippedRecord(rid, url, f"HTTP status {status or 'missing'}")
                continue
            if media not in HTML_MEDIA_TYPES:
                yield n, SkippedRecord(rid, url, f"not HTML ({media or 'no content type'})")
                continue
            try:
                # Capped like every other read: one huge record is reported, not held in memory.
                payload = read_capped(record.content_stream(), MAX_DOCUMENT_BYTES)
                html, warnings = _decode(payload, charset)
            except InputError as exc:
                yield n, exc
                continue
            yield (
                n,
                Document(html=html, url=url, source=f"{source}:{n}", id=rid, mtime=mtime, warnings=tuple(warnings)),
            )
    except ArchiveLoadFailed as exc:
        first = (str(exc).splitlines() or ["unreadable record"])[0]
        yield n + 1, InputError(f"corrupt WARC after record {n}: {first}")
    except broken as exc:  # a truncated or corrupt compressed WARC, or a failing disk
        yield n + 1, InputError(f"read error after record {n}: {exc or type(exc).__name__}")


def read_warc(path: str | Path) -> Iterator[tuple[int, Document | SkippedRecord | InputError]]:
    """`iter_warc` over a file on disk; the file stays open only while the iterator runs.

    Only a regular file is opened, and it is decompressed by its magic bytes like any other input,
    so `.warc.xz` and `.warc.zst` read too (warcio itself knows only gzip).
    """
    p = Path(path)
    try:
        fh = open_regular(p)
    except InputError as exc:
        yield 1, exc
        return
    with fh:
        mtime = os.fstat(fh.fileno()).st_mtime
        stream = decompressing(fh)
        if stream is not fh:  # decoded here (gzip, xz, zstd): a cut-short stream must be an error, not the end
            stream = io.BufferedReader(_Strict(stream))
        yield from iter_warc(stream, source=str(p), mtime=mtime)
