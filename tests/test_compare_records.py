"""benchmarks/compare_records.py: a snapshot of the fixtures, and a diff that names what changed."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

from tests.conftest import ROOT, load_script


def _module() -> ModuleType:
    return load_script("compare_records", ROOT / "benchmarks" / "compare_records.py")


def test_snapshot_of_the_fixtures_compares_equal_to_itself(tmp_path: Path) -> None:
    cr = _module()
    empty = tmp_path / "no-corpus"
    empty.mkdir()
    assert cr.main(["snapshot", str(tmp_path / "a"), "--corpus", str(empty), "--workers", "1"]) == 0
    assert cr.main(["compare", str(tmp_path / "a"), str(tmp_path / "a")]) == 0


def test_compare_lists_a_changed_record_unless_only_a_dropped_key_differs(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    cr = _module()
    for name, why in (("a", "old"), ("b", "new")):
        (tmp_path / name).mkdir()
        row = {"key": "x.txt", "record": {"articleBody": "B", "removed": [{"rule": "R", "why": why}]}}
        (tmp_path / name / "g.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    assert cr.main(["compare", str(tmp_path / "a"), str(tmp_path / "b")]) == 1
    assert "DIFF x.txt" in capsys.readouterr().out
    assert cr.main(["compare", str(tmp_path / "a"), str(tmp_path / "b"), "--drop-key", "why"]) == 0
