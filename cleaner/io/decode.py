"""Bytes to text for every reader: gzip, BOMs, UTF-8 with a fallback, and refusing binary data."""

from __future__ import annotations

import gzip
import zlib

GZIP_MAGIC = b"\x1f\x8b"
# Control bytes other than tab/newline/CR/form feed in the first 8 KB mark a binary file;
# 1% tolerates a stray \x00 or \x1b in scraped text without letting images through.
BINARY_SNIFF_BYTES = 8192
BINARY_CONTROL_RATIO = 0.01
# Refuse single documents above this size: no news article is 50 MB of text, and holding one
# that size per worker would break batch mode's memory ceiling.
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
FALLBACK_ENCODING = "cp1252"


class InputError(ValueError):
    """A document that cannot be cleaned; the message is the one-line reason for the report."""


def maybe_gunzip(data: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> bytes:
    """Decompress gzip data (sniffed by magic bytes, not by file name), bounded in size."""
    if not data.startswith(GZIP_MAGIC):
        return data
    try:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = d.decompress(data, max_bytes + 1)
    except (zlib.error, EOFError, gzip.BadGzipFile) as exc:
        raise InputError(f"corrupt gzip data ({exc})") from None
    if len(out) > max_bytes:
        raise InputError(f"document larger than {max_bytes // (1024 * 1024)} MB after decompression")
    return out


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters near the start: an image, PDF or archive, not text."""
    head = data[:BINARY_SNIFF_BYTES]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return bool(head) and controls / len(head) > BINARY_CONTROL_RATIO


def decode_bytes(data: bytes, max_bytes: int = MAX_DOCUMENT_BYTES) -> tuple[str, list[str]]:
    """Text plus warnings; raises InputError for empty, oversized or binary input."""
    if len(data) > max_bytes:
        raise InputError(f"document larger than {max_bytes // (1024 * 1024)} MB")
    data = maybe_gunzip(data, max_bytes)
    if not data.strip():
        raise InputError("empty document")
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc), []
            except UnicodeDecodeError:
                break
    if looks_binary(data):
        raise InputError("binary data, not text")
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        text = data.decode(FALLBACK_ENCODING, errors="replace")
        return text, [f"invalid UTF-8 at byte {exc.start}; decoded as {FALLBACK_ENCODING} with replacements"]
