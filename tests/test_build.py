"""The build in use is visible at run time, and the compiled build (setup.py, CLEANER_COMPILE=1) compiles
what it lists. CI runs this file in both its pure and its compiled venv (.ci/run)."""

from __future__ import annotations

import ast
import importlib
import os
import subprocess
import sys
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cleaner.build import compiled_modules, describe, native_kernels, profile_guided
from cleaner.cli.typer_app import app

ROOT = Path(__file__).resolve().parent.parent


def _listed_in_setup(name: str = "COMPILED") -> list[str]:
    """setup.py's COMPILED (or NATIVE), read without running setup.py, as dotted module names."""
    tree = ast.parse((ROOT / "setup.py").read_text(encoding="utf-8"))
    value = next(
        n.value for n in tree.body if isinstance(n, ast.Assign) and any(getattr(t, "id", "") == name for t in n.targets)
    )
    return sorted(p.removesuffix(".py").removesuffix(".pyx").replace("/", ".") for p in ast.literal_eval(value))


def test_version_says_which_build_runs_and_the_modules_it_names_load_compiled() -> None:
    out = CliRunner().invoke(app, ["--version"]).output
    compiled = compiled_modules()
    assert ("pure Python" in out) == (not compiled)
    assert ("native core" in out) == bool(native_kernels())
    for name in compiled:
        assert str(importlib.import_module(name).__file__).endswith(tuple(EXTENSION_SUFFIXES)), name


@pytest.mark.skipif(os.environ.get("CLEANER_EXPECT_COMPILED") != "1", reason="the compiled CI venv sets it")
def test_the_compiled_build_runs_every_module_setup_lists() -> None:
    assert compiled_modules() == _listed_in_setup()


@pytest.mark.skipif(os.environ.get("CLEANER_EXPECT_COMPILED") != "1", reason="the compiled CI venv sets it")
def test_the_compiled_build_runs_the_native_core_setup_lists() -> None:
    """Every kernel of setup.py's NATIVE is built, and the modules that have one use it (cleaner.native)."""
    assert native_kernels() == _listed_in_setup("NATIVE")


@pytest.mark.skipif(
    os.environ.get("CLEANER_EXPECT_COMPILED") != "1" or os.environ.get("CLEANER_PGO") == "0",
    reason="the compiled CI venv sets it (its wheel is built by gcc, with the profile-guided pass)",
)
def test_the_compiled_build_is_profile_guided() -> None:
    """build_backend/compiled_build.py trained the instrumented build on the samples and built again from the counts."""
    assert "cleaned" in profile_guided() and "sample texts" in profile_guided()
    assert "profile-guided" in describe()


def test_the_switch_turns_every_kernel_off_and_the_modules_run_their_twins() -> None:
    """CLEANER_NATIVE=0 (cleaner.native.SWITCH): no kernel is in use, `--version` names none, and the modules that
    have one run their pure twins (a compiled install can then be timed on the twins)."""
    code = (
        "from cleaner.build import describe, native_kernels\n"
        "from cleaner.heuristics import cohesion, comments, features, lang, teasers\n"
        "assert native_kernels() == [] and 'native core' not in describe(), describe()\n"
        "assert cohesion.content.__wrapped__ is cohesion._content and features._shape_of is features.shape\n"
        "assert lang._NATIVE is None and features._share_of is features._stop_share\n"
        "assert teasers._pairs is teasers.strong_pairs and comments._candidates is comments.sign_candidates\n"
        "assert cohesion._last is cohesion._last_cohesive and cohesion._cohesive_in is cohesion._cohesive_of\n"
    )
    env = {**os.environ, "CLEANER_NATIVE": "0"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(not (ROOT / "cleaner").is_dir(), reason="a source test; the compiled CI venv has no source")
def test_the_compiled_modules_lower_text_through_casing() -> None:
    """mypyc's `str.lower` skips the final-sigma rule on Python < 3.13 (cleaner/casing.py), so a `.lower()` call in a
    module setup.py compiles would make the compiled build lower Greek text unlike the pure one."""
    calls = []
    for name in _listed_in_setup():
        if name == "cleaner.casing":
            continue
        path = ROOT / (name.replace(".", "/") + ".py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "lower":
                calls.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert calls == [], "use cleaner.casing.lower: " + ", ".join(calls)
