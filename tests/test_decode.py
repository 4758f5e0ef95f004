"""Bytes from disk or stdin: gzip, BOMs and bad encodings handled; binary and empty refused."""

from __future__ import annotations

import gzip

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleaner.io.decode import (
    BINARY_CONTROL_RATIO,
    BINARY_SNIFF_BYTES,
    InputError,
    decode_bytes,
    is_partial_warning,
    looks_binary,
)


def test_utf8_passes_through() -> None:
    assert decode_bytes("Kyiv’s ambassador".encode()) == ("Kyiv’s ambassador", [])


def test_invalid_utf8_falls_back_with_a_warning() -> None:
    text, warnings = decode_bytes("café".encode("latin-1"))
    assert text == "café" and "not UTF-8" in warnings[0]


def test_gzip_is_sniffed_by_magic_bytes() -> None:
    assert decode_bytes(gzip.compress(b"hello world"))[0] == "hello world"


def test_empty_is_refused() -> None:
    with pytest.raises(InputError, match="empty"):
        decode_bytes(b"  \n ")


def test_binary_is_refused() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


@given(st.binary(max_size=BINARY_SNIFF_BYTES + 64) | st.lists(st.sampled_from(b"ab\t\n\x0c\r\x1b\x01\x1f ")).map(bytes))
def test_the_binary_sniff_counts_control_bytes_over_the_head(data: bytes) -> None:
    head = data[:BINARY_SNIFF_BYTES]
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    expected = b"\x00" in head or (bool(head) and controls / len(head) > BINARY_CONTROL_RATIO)
    assert looks_binary(data) == expected


def test_oversized_is_refused() -> None:
    with pytest.raises(InputError, match="larger than"):
        decode_bytes(b"a" * 2048, max_bytes=1024)


def test_utf16_bom_is_honoured() -> None:
    assert decode_bytes("\ufeffhello".encode("utf-16-le"))[0] == "hello"


def test_meta_charset_decides_the_encoding() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body><p>Новости дня: парламент принял бюджет.</p>'
    text, warnings = decode_bytes(page.encode("cp1251"))
    assert "Новости дня" in text and warnings == []


def test_http_equiv_charset_decides_the_encoding() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r"></head>'
        "<body><p>Новости дня</p>"
    )
    assert "Новости дня" in decode_bytes(page.encode("koi8-r"))[0]


def test_latin1_label_decodes_as_windows_1252_like_browsers() -> None:
    page = '<meta charset="iso-8859-1"><p>It’s €5</p>'
    assert "It’s €5" in decode_bytes(page.encode("cp1252"))[0]


def test_valid_utf8_overrules_a_single_byte_declaration() -> None:
    page = '<meta charset="windows-1252"><p>Kyiv’s ambassador — café</p>'
    assert "Kyiv’s ambassador — café" in decode_bytes(page.encode("utf-8"))[0]


def test_undeclared_legacy_text_is_detected() -> None:
    text = "Правительство объявило о новых мерах поддержки экономики и малого бизнеса в регионах страны."
    assert decode_bytes(text.encode("cp1251"))[0] == text


def test_replacement_heavy_decode_is_marked_partial() -> None:
    page = b'<meta charset="utf-8"><p>' + b"ok \xff\xfe\xfd " * 50 + b"</p>"
    text, warnings = decode_bytes(page)
    assert "\ufffd" in text
    assert any(is_partial_warning(w) for w in warnings)


def test_a_stray_bad_byte_is_not_partial() -> None:
    page = b'<meta charset="utf-8"><p>' + b"A long clean paragraph of news text. " * 100 + b"\xff</p>"
    _text, warnings = decode_bytes(page)
    assert warnings and not any(is_partial_warning(w) for w in warnings)
