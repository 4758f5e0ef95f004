"""Bytes of input files: regular files only, reads capped at the document size limit, every compression member.

Anything that is not a regular file (a FIFO, a device) is refused before it is opened for reading,
a file's size is checked before it is read, and decompression stops at the limit, so a gzip bomb
or /dev/zero costs no more memory than one document. gzip, xz and zstd are recognised by their
magic bytes, so a misnamed file still reads.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import lzma
import os
import stat
import zlib
from pathlib import Path
from typing import IO, Any

from cleaner.io.decode import MAX_DOCUMENT_BYTES, InputError

MAGIC = {b"\x1f\x8b": "gzip", b"\xfd7zXZ\x00": "xz", b"\x28\xb5\x2f\xfd": "zstd"}
MAGIC_BYTES = max(len(m) for m in MAGIC)
# Read and decompress in blocks of this size: large enough to be I/O bound, small enough that the
# overshoot past the size limit is negligible.
READ_BLOCK_BYTES = 1 << 20
# Compressed bytes fed to zstd per call. Its decompressor object returns all the output of what it
# is fed, and a 4-byte RLE block expands to 128 KB: 1 KB in bounds one call at 32 MB out.
ZSTD_FEED_BYTES = 1024
FILE_TYPES = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


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


def stream_reason(exc: BaseException) -> str:
    """What a decompression error means, in the words of a batch report."""
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
        raise InputError(stream_reason(exc)) from None
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
