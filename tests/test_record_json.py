"""The JSON record writer (cleaner/io/record_json.py): orjson's bytes are the standard library's, or it steps aside."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.io import record_json
from cleaner.io.formats import render, render_bytes
from cleaner.io.record_json import (
    compact_bytes,
    loads,
    record_bytes,
    record_line,
    stdlib_record_bytes,
    stdlib_record_line,
)

ROOT = Path(__file__).resolve().parent.parent

needs_orjson = pytest.mark.skipif(
    record_json.writer() != "orjson", reason="orjson is not installed (or CLEANER_JSON=stdlib): nothing to compare"
)

# What a record holds (cleaner/schema/record.schema.json): str keys; str, int, bool and None values; lists and dicts.
# Any code point, the ones JSON writers treat apart drawn often: control characters, DEL, the line separators, quotes,
# backslashes, non-BMP characters and lone surrogates (which orjson refuses); ints past 64 bits too.
_tricky = st.sampled_from(["\x00", "\x1f", "\n", "\x7f", "\u2028", '"', "\\", "/", "\U0001f600", "\ud800", "\udfff"])
_text = st.text(st.characters(exclude_categories=[]) | _tricky)
_scalars = st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | _text
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=20,
)


@needs_orjson
def test_every_fixture_record_is_written_as_the_standard_library_writes_it(default_cleaner: Cleaner) -> None:
    samples = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in {".txt", ".html"})
    assert samples
    for path in samples:
        article = default_cleaner.clean(path.read_text(encoding="utf-8"))
        record = article.to_dict()
        assert record_bytes(record) == stdlib_record_bytes(record), path.name
        assert record_line(record) == stdlib_record_line(record), path.name
        assert render_bytes(article, "json").decode("utf-8") == render(article, "json"), path.name


@needs_orjson
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_text, _values, max_size=6))
def test_any_record_shaped_value_gives_the_standard_librarys_bytes(record: dict[str, Any]) -> None:
    assert record_bytes(record) == stdlib_record_bytes(record)
    assert record_line(record) == stdlib_record_line(record)


# What the package reads back (state lines, spooled report entries), ints past 64 bits and floats too.
_lines = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70) | st.floats() | _text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None)
@given(_lines, st.booleans())
def test_a_line_the_package_wrote_is_read_as_the_standard_library_reads_it(value: Any, ascii_only: bool) -> None:
    text = json.dumps(value, ensure_ascii=ascii_only)
    assert json.dumps(loads(text)) == json.dumps(json.loads(text))  # NaN != NaN, so compared as written
    if ascii_only:
        assert json.dumps(loads(text.encode("ascii"))) == json.dumps(json.loads(text))


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_text, _values, max_size=6), st.floats(allow_nan=False, allow_infinity=False))
def test_a_compact_line_reads_back_as_it_was_written(value: dict[str, Any], number: float) -> None:
    value["number"] = number  # a run's timings are floats; NaN and infinities are never written
    line = compact_bytes(value)
    assert b"\n" not in line and loads(line) == value
    assert compact_bytes(dict(reversed(value.items()))) == line  # keys sorted: the same bytes for the same value


def test_text_that_is_not_json_raises_the_standard_librarys_error() -> None:
    with pytest.raises(json.JSONDecodeError, match="Expecting value"):
        loads('{"a": }')


def test_a_lone_surrogate_is_replaced_as_before() -> None:
    record = {"articleBody": "a\ud800b"}
    assert json.loads(record_bytes(record)) == json.loads(record_line(record)) == {"articleBody": "a\ufffdb"}


def test_a_line_is_one_line_with_the_standard_separators() -> None:
    record = {"removed": [{"text": "Share\non Facebook", "line": 3}, {}], "author": [], "raw": {"x": None}}
    line = record_line(record)
    assert "\n" not in line
    assert line == '{"removed": [{"text": "Share\\non Facebook", "line": 3}, {}], "author": [], "raw": {"x": null}}'


def test_the_text_and_markdown_bodies_are_their_renderings_in_utf8(default_cleaner: Cleaner) -> None:
    article = default_cleaner.clean("Berlin — Der Senat hat am Dienstag beschlossen, die Mieten zu deckeln.\n")
    for fmt in ("text", "md"):
        assert render_bytes(article, fmt) == render(article, fmt).encode("utf-8")


@pytest.mark.parametrize(("env", "expected"), [("stdlib", "stdlib"), ("", None)])
def test_the_environment_chooses_the_writer(env: str, expected: str | None) -> None:
    if expected is None:
        try:
            import orjson  # noqa: F401
        except ImportError:
            pytest.skip("orjson is not installed: the default is the standard library")
        expected = "orjson"
    code = "from cleaner.io import record_json; print(record_json.writer())"
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, record_json.JSON_ENV: env},
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == expected
