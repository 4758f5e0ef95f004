"""benchmarks/speed_ab.py: another checkout's package imports beside this one, under its own name."""

from __future__ import annotations

import sys
from pathlib import Path
from types import ModuleType

from tests.conftest import ROOT, load_script


def _module() -> ModuleType:
    return load_script("speed_ab", ROOT / "benchmarks" / "speed_ab.py")


def test_the_base_copy_imports_only_itself(tmp_path: Path) -> None:
    """Every import of `cleaner` in the copy points at `cleaner_base`, so the two never mix."""
    ab = _module()
    base = ab.import_base(ROOT, tmp_path)
    try:
        cleaner = base["pipeline"].Cleaner()
        record = cleaner.clean("Advertisement\nThe council met on Tuesday. It voted for the plan.").to_dict()
        assert record["articleBody"] == "The council met on Tuesday. It voted for the plan."
        loaded = [name for name in sys.modules if name.startswith("cleaner_base")]
        assert loaded and all(Path(sys.modules[n].__file__ or "").is_relative_to(tmp_path) for n in loaded)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [n for n in sys.modules if n.startswith("cleaner_base")]:
            del sys.modules[name]
