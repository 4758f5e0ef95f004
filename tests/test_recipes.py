"""The recipes in docs/recipes.md (pandas, datasets, Ray Data, Spark), run exactly as printed where installed."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

RECIPES = Path(__file__).resolve().parent.parent / "docs" / "recipes.md"
# Ray and a local Spark each start their own worker processes; 10-40 s on a 2-core box.
RECIPE_TIMEOUT_S = 300
EXPECTED = [
    "https://example.org/bridge -> The new bridge opens to traffic in May.",
    "https://example.org/budget -> The council met on Tuesday to agree the budget.",
]


def recipe_source(name: str) -> str:
    """The python block that follows `<!-- recipe: NAME -->` in docs/recipes.md."""
    text = RECIPES.read_text(encoding="utf-8")
    m = re.search(rf"<!-- recipe: {re.escape(name)} -->\s*```python\n(.*?)\n```", text, re.DOTALL)
    assert m, f"no recipe {name!r} in {RECIPES}"
    return m.group(1)


def run_recipe(name: str, tmp_path: Path) -> list[str]:
    script = tmp_path / f"{name}_recipe.py"
    script.write_text(recipe_source(name), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=RECIPE_TIMEOUT_S
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return [line for line in proc.stdout.splitlines() if " -> " in line]


@pytest.mark.parametrize("name", ["pandas", "datasets"])
def test_dataframe_recipes_run(tmp_path: Path, name: str) -> None:
    if importlib.util.find_spec(name) is None:
        pytest.skip(f"{name} is not installed (it is in the dev extra)")
    assert run_recipe(name, tmp_path) == EXPECTED


def test_ray_recipe_runs(tmp_path: Path) -> None:
    if importlib.util.find_spec("ray") is None:
        pytest.skip("Ray is not installed (pip install 'ray[data]'); the recipe is documentation only here")
    assert run_recipe("ray", tmp_path) == EXPECTED


def test_spark_recipe_runs(tmp_path: Path) -> None:
    if importlib.util.find_spec("pyspark") is None:
        pytest.skip("PySpark is not installed (pip install pyspark pandas pyarrow); the recipe is documentation only")
    if shutil.which("java") is None:
        pytest.skip("PySpark is installed but needs a Java runtime (java not on PATH)")
    assert run_recipe("spark", tmp_path) == EXPECTED
