"""Input files to Documents: .txt, .html/.htm, .json (one record or a list), .jsonl/.ndjson, each optionally
compressed (.gz, .xz, or .zst with the `zstd` extra). `.warc` files are read by cleaner/io/warc.py.

Readers never raise on a bad document: they hand back an InputError in its place, so one broken
line or file becomes one line in the batch report instead of stopping the run. They never read
more than the document size limit either: a file's size is checked before it is read, anything that
is not a regular file (a FIFO, a device) is refused before it is opened for reading, and
decompression stops at the limit, so a gzip bomb or /dev/zero costs no more memory than one document.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import io
import json
import lzma
import os
import stat
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import regex

from cleaner.io.decode import MAX_DOCUMENT_BYTES, InputError, decode_bytes
from cleaner.model import Document

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
MAGIC = {b"\x1f\x8b": "gzip", b"\xfd7zXZ\x00": "xz", b"\x28\xb5\x2f\xfd": "zstd"}
MAGIC_BYTES = max(len(m) for m in MAGIC)
# Read and decompress in blocks of this size: large enough to be I/O bound, small enough that the
# overshoot past the size limit is negligible.
READ_BLOCK_BYTES = 1 << 20
# Compressed bytes fed to zstd per call. Its decompressor object returns all the output of what it
# is fed, and a 4-byte RLE block expands to 128 KB: 1 KB in bounds one call at 32 MB out.
ZSTD_FEED_BYTES = 1024
# Lone surrogates (from a JSON "\udc80" escape) cannot be written as UTF-8; they become U+FFFD.
SURROGATE_RE = regex.compile(r"[\ud800-\udfff]")
FILE_TYPES = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)
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


def kind_of(path: str | Path) -> str | None:
    """The input kind from the file name, or None for files batch mode does not read."""
    return KIND_BY_SUFFIX.get(Path(strip_compression(Path(path).name)).suffix.lower())


def display_path(path: str) -> str:
    """A path as text that can always be written as UTF-8: undecodable name bytes shown as `\\xe9`."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def scrub_surrogates(value: str) -> tuple[str, int]:
    """`value` with lone surrogates replaced by U+FFFD, and how many there were."""
    if value.isascii():
        return value, 0
    return SURROGATE_RE.subn("\ufffd", value)


# ---- bytes: regular files only, capped reads, every compression member ----


def _refuse_special(st: os.stat_result) -> None:
    for test, what in FILE_TYPES:
        if test(st.st_mode):
            raise InputError(f"not a regular file ({what})")


def _too_large(max_bytes: int, after: str = "") -> InputError:
    return InputError(f"document larger than {max_bytes // (1024 * 1024)} MB{after}")


def open_regular(path: str | Path) -> IO[bytes]:
    """Open a file for reading only once it is known to be a regular file.

    O_NONBLOCK makes opening a FIFO return at once instead of waiting for a writer; the fstat
    then refuses it. For a regular file the flag changes nothing.
    """
    try:
        st = os.stat(path)
    except OSError as exc:
        raise InputError(_os_reason(exc, path)) from None
    _refuse_special(st)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise InputError(_os_reason(exc, path)) from None
    try:
        _refuse_special(os.fstat(fd))  # it may have been swapped since the stat
    except BaseException:
        os.close(fd)
        raise
    return open(fd, "rb")


def _os_reason(exc: OSError, path: str | Path) -> str:
    if isinstance(exc, FileNotFoundError) and os.path.islink(path):
        return "cannot read: dangling symbolic link"
    if exc.errno == 40:  # ELOOP
        return "cannot read: symbolic link loop"
    return f"cannot read: {exc.strerror or exc}"


class _ZstdFrames(io.RawIOBase):
    """Every frame of a zstd stream, with a stream cut short raising EOFError as gzip and xz do.

    zstandard's own stream_reader returns a truncated frame's bytes (or none) without an error,
    which would pass half an article on as whole.
    """

    def __init__(self, raw: IO[bytes]) -> None:
        import zstandard

        self._raw = raw
        self._new = zstandard.ZstdDecompressor().decompressobj
        self._obj = self._new()
        self._pending = b""
        self._in_frame = False
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending and not self._done:
            block = self._raw.read(ZSTD_FEED_BYTES)
            if not block:
                self._done = True
                if self._in_frame:
                    raise EOFError("zstd stream ends inside a frame")
                break
            while block:
                self._in_frame = True
                self._pending += self._obj.decompress(block)
                if not self._obj.eof:
                    break
                block, self._in_frame = self._obj.unused_data, False
                self._obj = self._new()
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n

    def close(self) -> None:
        self._raw.close()
        super().close()


def _zstd_reader(raw: IO[bytes]) -> IO[bytes]:
    try:
        import zstandard  # noqa: F401 - only to say which extra is missing
    except ImportError:
        raise InputError("zstd-compressed input needs the zstd extra: pip install 'cleaner[zstd]'") from None
    return io.BufferedReader(_ZstdFrames(raw), READ_BLOCK_BYTES)


def _sniff(raw: IO[bytes]) -> tuple[IO[bytes], bytes]:
    """The stream (buffered if need be) and its first bytes, without consuming them."""
    if isinstance(raw, io.BytesIO):
        pos = raw.tell()
        head = raw.read(MAGIC_BYTES)
        raw.seek(pos)
        return raw, head
    buffered = raw if isinstance(raw, io.BufferedReader) else io.BufferedReader(raw)  # type: ignore[type-var]
    return buffered, buffered.peek(MAGIC_BYTES)[:MAGIC_BYTES]


def decompressing(raw: IO[bytes]) -> IO[bytes]:
    """`raw` as a stream of decompressed bytes when it starts with a compression magic, else as it is.

    The gzip and xz readers read every member (concatenated files are common) and raise EOFError
    on a stream cut short, which the callers report instead of passing half a document on.
    """
    stream, head = _sniff(raw)
    fmt = next((name for magic, name in MAGIC.items() if head.startswith(magic)), None)
    if fmt == "gzip":
        return gzip.GzipFile(fileobj=stream, mode="rb")  # type: ignore[return-value]
    if fmt == "xz":
        return lzma.LZMAFile(stream)
    if fmt == "zstd":
        return _zstd_reader(stream)
    return stream


def _zstd_errors() -> tuple[type[BaseException], ...]:
    try:
        import zstandard
    except ImportError:
        return ()
    return (zstandard.ZstdError,)


def decompression_errors() -> tuple[type[BaseException], ...]:
    """What a truncated or corrupt compressed stream raises, whichever format it is."""
    return (EOFError, OSError, zlib.error, lzma.LZMAError, *_zstd_errors())


def _stream_reason(exc: BaseException) -> str:
    if isinstance(exc, EOFError):
        return "truncated compressed data (the stream ends before its end marker)"
    return f"corrupt compressed data ({exc})"


def read_capped(stream: IO[bytes], max_bytes: int = MAX_DOCUMENT_BYTES, after: str = "", size_hint: int = 0) -> bytes:
    """Everything `stream` gives, refusing (InputError) past `max_bytes` without reading further.

    `size_hint` (a file's size) sizes the first read, so a small file costs one small buffer.
    """
    chunks: list[bytes] = []
    total = 0
    block_size = min(READ_BLOCK_BYTES, size_hint + 1) if size_hint else READ_BLOCK_BYTES
    try:
        while total <= max_bytes:
            block = stream.read(min(block_size, max_bytes + 1 - total))
            block_size = READ_BLOCK_BYTES
            if not block:
                break
            chunks.append(block)
            total += len(block)
    except decompression_errors() as exc:
        raise InputError(_stream_reason(exc)) from None
    if total > max_bytes:
        raise _too_large(max_bytes, after)
    return b"".join(chunks)


def decompress(data: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> bytes:
    """Bytes as stored to bytes as written: every gzip/xz/zstd member, bounded, truncation refused."""
    stream = decompressing(io.BytesIO(data))
    if isinstance(stream, io.BytesIO):
        return data
    with stream:
        return read_capped(stream, max_bytes, " after decompression")


def read_file(path: str | Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> tuple[bytes, str]:
    """(decompressed bytes, sha1 of the stored bytes) of a regular file no larger than `max_bytes`."""
    with open_regular(path) as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > max_bytes:
            raise _too_large(max_bytes)
        try:
            raw = read_capped(fh, max_bytes, size_hint=size)  # the file may grow while read
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}") from None
    return decompress(raw, max_bytes), hashlib.sha1(raw).hexdigest()


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
    text, html = _first(record, fields.text), _first(record, fields.html)
    for name, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise InputError(f"{name} field is a JSON {type(value).__name__}, not a string")
    if not (text or "").strip() and not (html or "").strip():
        wanted = ", ".join([*fields.text, *fields.html])
        raise InputError(f"empty document (no non-empty field among: {wanted})")
    url = _first(record, fields.url)
    rid = _first(record, fields.id)
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
            yield lineno + 1, InputError(_stream_reason(exc))
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
