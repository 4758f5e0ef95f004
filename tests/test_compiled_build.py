"""The compiled build's build_ext (build_backend/compiled_build.py): which compiler gets gcc's flags, what the build
environment must hold for the profile-guided pass, its training run, and its fall-back to one plain build.

The profile-guided build itself is built and checked by `.ci/run` (the compiled wheel, test_build.py's marker test, and
its records diffed against the pure build's)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BACKEND = ROOT / "build_backend"
pytestmark = pytest.mark.skipif(not BACKEND.is_dir(), reason="a source test; the compiled CI venv has no source")


@pytest.fixture
def backend(monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    monkeypatch.syspath_prepend(str(BACKEND))
    import cleaner_build
    import compiled_build

    return cleaner_build, compiled_build


def test_only_gcc_gets_the_flags(backend: tuple[object, object]) -> None:
    _, build = backend
    assert build.gcc_major("false") == 0  # runs, defines nothing
    assert build.gcc_major(str(ROOT / "no-such-compiler")) == 0
    if shutil.which("gcc") is None:
        pytest.skip("no gcc on this machine")
    assert build.gcc_major("gcc -pthread") >= 1
    if shutil.which("clang") is not None:
        assert build.gcc_major("clang") == 0


def test_the_marker_the_build_leaves_is_the_one_the_package_reads(backend: tuple[object, object]) -> None:
    from cleaner.build import PROFILE_MARKER

    _, build = backend
    assert build.MARKER == PROFILE_MARKER


def test_the_build_environment_holds_the_runtime_dependencies_only_for_the_profile_guided_pass(
    backend: tuple[object, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The training run imports the instrumented package in pip's isolated build environment, so the compiled build
    asks for the package's own dependencies there; the plain build, and CLEANER_PGO=0, ask for nothing more."""
    backend_module, _ = backend
    monkeypatch.delenv("CLEANER_COMPILE", raising=False)
    assert backend_module.get_requires_for_build_wheel() == []
    monkeypatch.setenv("CLEANER_COMPILE", "1")
    monkeypatch.setenv("CLEANER_PGO", "0")
    assert backend_module.get_requires_for_build_wheel() == backend_module.COMPILE_REQUIREMENTS
    monkeypatch.delenv("CLEANER_PGO")
    wanted = backend_module.get_requires_for_build_wheel()
    assert any(r.startswith("regex") for r in wanted) and any(r.startswith("trafilatura") for r in wanted)
    assert wanted[: len(backend_module.COMPILE_REQUIREMENTS)] == backend_module.COMPILE_REQUIREMENTS


def test_the_training_run_cleans_the_samples(tmp_path: Path) -> None:
    """The script the build runs, here on this venv's build: it cleans every sample and says how many."""
    done = subprocess.run(
        [sys.executable, str(BACKEND / "pgo_training.py"), str(ROOT / "fixtures")],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    samples = sum(1 for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".txt", ".html"))
    assert f"cleaned {samples} sample texts" in done.stdout


def test_a_training_run_that_fails_leaves_a_plain_build(
    backend: tuple[object, object], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """No samples, or a training run that exits non-zero: the build warns and goes on without the profile."""
    from setuptools import Distribution

    _, build = backend
    command = build.CompiledBuild(Distribution())
    command.inplace = False
    command.build_lib = str(tmp_path / "lib")
    command.build_temp = str(tmp_path)
    monkeypatch.setattr(build, "SAMPLES", tmp_path / "missing")
    assert command._train() == ""
    assert "not found" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setattr(build, "SAMPLES", empty)  # the script finds no sample and exits 1
    assert command._train() == ""
    assert "training run failed (pgo_training: no sample texts" in capsys.readouterr().err
