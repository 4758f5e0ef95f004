"""Writers: atomic files, safe names from ids, and sweeping temp files a killed run left."""

from __future__ import annotations

import gzip
import itertools
import os
import stat
from contextlib import ExitStack
from pathlib import Path

import pytest

from cleaner.io import writers
from cleaner.io.writers import (
    TEMP_MARKER,
    atomic_bytes_stream,
    atomic_text_stream,
    atomic_write_bytes,
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


@pytest.mark.parametrize("leftover", ["file", "link"])
def test_a_taken_temporary_name_is_neither_reused_nor_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, leftover: str
) -> None:
    monkeypatch.setattr(writers, "_TEMP_NUMBERS", itertools.count(7))
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"keep")
    taken = tmp_path / "out" / f".a.json{TEMP_MARKER}{os.getpid()}-7"
    taken.parent.mkdir()
    if leftover == "file":
        taken.write_bytes(b"a killed run's half file")
    else:
        taken.symlink_to(outside)
    atomic_write_bytes(tmp_path / "out" / "a.json", b"{}")
    assert (tmp_path / "out" / "a.json").read_bytes() == b"{}" and outside.read_bytes() == b"keep"
    assert sorted(p.name for p in taken.parent.iterdir()) == sorted(["a.json", taken.name])


def test_an_output_is_readable_by_all_whatever_the_umask_and_its_folders_are_made(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        atomic_write_bytes(tmp_path / "new" / "sub" / "a.json", b"{}")
        with atomic_bytes_stream(tmp_path / "b.jsonl") as raw:
            raw.write(b"{}\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new" / "sub" / "a.json").stat().st_mode) == 0o644
    assert stat.S_IMODE((tmp_path / "b.jsonl").stat().st_mode) == 0o644


def test_a_long_name_in_a_wide_script_is_written(tmp_path: Path) -> None:
    target = tmp_path / ("新" * 83 + ".json")  # 254 bytes: a valid name, whose temporary name must stay valid too
    atomic_write_bytes(target, b"{}")
    with atomic_text_stream(target.with_name("新" * 82 + ".jsonl")) as fh:
        fh.write("{}\n")
    assert target.read_bytes() == b"{}" and len(list(tmp_path.iterdir())) == 2
