"""Discovery's paths (cleaner/batch/discovery.py): cut and joined as text as pathlib would, and outputs named so the
file system takes them."""

from __future__ import annotations

import os
from pathlib import Path, PurePath, PurePosixPath

from hypothesis import given
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.batch import BatchOptions, run_batch
from cleaner.batch.discovery import _joined, _Keys, _without_suffix
from cleaner.io.readers import suffix_of

# File and folder names as a walk finds them: dots anywhere (leading, trailing, doubled), any other character but
# the separator and NUL, undecodable bytes' surrogates included.
_name = st.text(
    st.sampled_from(".") | st.characters(exclude_characters="/\x00", exclude_categories=[]), min_size=1, max_size=8
).filter(lambda n: n not in (".", ".."))
_rel = st.lists(_name, min_size=1, max_size=4).map("/".join)
_folder = st.sampled_from([".", "./", "in", "./in/", "in//sub", "/", "/tmp/in", "/tmp/in/"])


@given(_name)
def test_a_names_suffix_is_pathlibs(name: str) -> None:
    assert suffix_of(name) == PurePath(name).suffix


@given(_rel)
def test_a_key_without_its_suffix_is_pathlibs(key: str) -> None:
    assert _without_suffix(key) == str(PurePosixPath(key).with_suffix(""))


@given(_folder, _rel)
def test_a_found_file_is_joined_as_pathlib_joins_it(folder: str, rel: str) -> None:
    assert _joined(str(Path(folder)), rel) == str(Path(folder) / rel)


@given(st.lists(_rel, min_size=1, max_size=6), st.sampled_from(["/tmp", "/tmp/in", "/"]))
def test_a_key_is_the_path_relative_to_the_root(rels: list[str], root: str) -> None:
    keys = _Keys(root)
    for rel in rels:
        abspath = os.path.join(root if root != "/" else "/tmp", rel)
        assert keys.key(abspath) == Path(os.path.relpath(abspath, root)).as_posix()
    assert keys.key(root + "/.") == Path(os.path.relpath(root + "/.", root)).as_posix()


def test_inputs_named_up_to_the_limit_get_outputs_the_file_system_takes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    longest = ["新" * 83 + "ab.txt", "新" * 83 + "cd.txt", "short.txt"]  # 255, 255 and 9 bytes
    for name in longest:
        (src / name).write_text("The harbour reopened on Monday after two years of repairs to its walls.\n")
    result = run_batch(BatchOptions([str(src)], out_dir=str(tmp_path / "out"), jobs=1), Cleaner())
    targets = [e["output"] for e in result.report["inputs"]]
    assert all(e["status"] == "ok" for e in result.report["inputs"]), result.report["inputs"]
    assert "short.json" in targets and len(set(targets)) == 3
    assert all(len(os.fsencode(t)) <= 255 and (tmp_path / "out" / t).is_file() for t in targets)
