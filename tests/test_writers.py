"""Writers: atomic files, safe names from ids, and sweeping temp files a killed run left."""

from __future__ import annotations

import gzip
from contextlib import ExitStack
from pathlib import Path

import pytest

from cleaner.io.writers import (
    TEMP_MARKER,
    atomic_bytes_stream,
    atomic_text_stream,
    atomic_write_text,
    sanitize_name,
    sweep_temp_files,
)


@pytest.mark.parametrize("raw", ["../../etc/x", "/etc/passwd", "..", ".", "", "a/b\\c", "nul", "\x00x", "é/ü"])
def test_sanitised_names_are_single_safe_components(raw: str) -> None:
    name = sanitize_name(raw)
    assert name and "/" not in name and "\\" not in name and not name.startswith(".")
    assert Path(name).name == name


def test_ids_differing_only_in_unsafe_characters_get_different_names() -> None:
    assert sanitize_name("a/b") != sanitize_name("a_b") != sanitize_name("a:b")


def test_safe_ids_are_kept_as_they_are() -> None:
    assert sanitize_name("article-2024_01.v2") == "article-2024_01.v2"


def test_long_ids_are_shortened() -> None:
    assert len(sanitize_name("x" * 1000)) < 120


def test_atomic_write_replaces_the_whole_file(tmp_path: Path) -> None:
    target = tmp_path / "sub" / "a.json"
    atomic_write_text(target, "first")
    atomic_write_text(target, "second")
    assert target.read_text() == "second" and sorted(p.name for p in target.parent.iterdir()) == ["a.json"]


@pytest.mark.parametrize("binary", [False, True])
def test_failed_stream_leaves_no_file(tmp_path: Path, binary: bool) -> None:
    target = tmp_path / "out.jsonl"
    with pytest.raises(RuntimeError), ExitStack() as stack:
        if binary:
            stack.enter_context(atomic_bytes_stream(target)).write(b"partial\n")
        else:
            stack.enter_context(atomic_text_stream(target)).write("partial\n")
        raise RuntimeError("killed")
    assert list(tmp_path.iterdir()) == []


def test_a_finished_stream_is_the_file(tmp_path: Path) -> None:
    with atomic_bytes_stream(tmp_path / "a.bin") as raw:
        raw.write(b"\x00\xff")
    with atomic_text_stream(tmp_path / "b.jsonl") as fh:
        fh.write("caf\u00e9\n")
    assert (tmp_path / "a.bin").read_bytes() == b"\x00\xff" and (tmp_path / "b.jsonl").read_bytes() == b"caf\xc3\xa9\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.bin", "b.jsonl"]


def test_gzip_stream_is_reproducible(tmp_path: Path) -> None:
    for name in ("a.jsonl.gz", "b.jsonl.gz"):
        with atomic_text_stream(tmp_path / name) as fh:
            fh.write('{"x": 1}\n')
    assert (tmp_path / "a.jsonl.gz").read_bytes() == (tmp_path / "b.jsonl.gz").read_bytes()
    assert gzip.decompress((tmp_path / "a.jsonl.gz").read_bytes()) == b'{"x": 1}\n'


def test_sweep_removes_only_temp_files(tmp_path: Path) -> None:
    (tmp_path / "keep.json").write_text("{}")
    (tmp_path / f".keep.json{TEMP_MARKER}abc").write_text("{")
    assert sweep_temp_files(tmp_path) == 1 and [p.name for p in tmp_path.iterdir()] == ["keep.json"]
