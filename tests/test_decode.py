"""Bytes from disk or stdin: gzip, BOMs and bad encodings handled; binary and empty refused."""

from __future__ import annotations

import gzip

import pytest

from cleaner.io.decode import InputError, decode_bytes


def test_utf8_passes_through() -> None:
    assert decode_bytes("Kyiv’s ambassador".encode()) == ("Kyiv’s ambassador", [])


def test_invalid_utf8_falls_back_with_a_warning() -> None:
    text, warnings = decode_bytes("café".encode("latin-1"))
    assert text == "café" and "invalid UTF-8" in warnings[0]


def test_gzip_is_sniffed_by_magic_bytes() -> None:
    assert decode_bytes(gzip.compress(b"hello world"))[0] == "hello world"


def test_empty_is_refused() -> None:
    with pytest.raises(InputError, match="empty"):
        decode_bytes(b"  \n ")


def test_binary_is_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


def test_oversized_is_refused() -> None:
    with pytest.raises(InputError, match="larger than"):
        decode_bytes(b"a" * 2048, max_bytes=1024)


def test_utf16_bom_is_honoured() -> None:
    assert decode_bytes("\ufeffhello".encode("utf-16-le"))[0] == "hello"
