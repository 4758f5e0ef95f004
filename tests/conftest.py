"""Shared test helpers: paths to fixtures, the optional ../shared corpus, and one Dask cluster per session."""

from __future__ import annotations

import importlib
import importlib.util
import os
import select
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import settings

from cleaner.pipeline import Cleaner

# Every property test draws the same examples on every run: a suite's verdict must not depend on the examples a run
# happened to draw (a random CI run drew a page that breaks idempotence, tests/test_properties.py). Drawing new ones is
# `python -m tests.fuzz`'s job (it runs outside pytest, random), and what it finds becomes a test.
settings.register_profile("repeatable", derandomize=True)
settings.load_profile("repeatable")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "dev"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def default_cleaner() -> Cleaner:
    """One `Cleaner()` with the shipped rules for every test that needs no fresh or special one.

    Building one loads and compiles every rule file (about half a second); cleaning never changes it.
    """
    return Cleaner()


def load_script(name: str, path: Path) -> ModuleType:
    """A script that is not a package (benchmarks/*.py, the corpus's score.py), imported as module `name`."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses resolve their annotations through sys.modules
    spec.loader.exec_module(module)
    return module


def require_corpus() -> Path:
    """Skip the calling test, with a reason, when ../shared/corpus/dev is not beside the project."""
    if not CORPUS.is_dir():
        pytest.skip(f"needs the dev corpus at {CORPUS} (present in CI, absent in a bare clone)")
    return CORPUS


def require_source(part: str) -> Path:
    """Skip the calling test, with a reason, when the checkout's `part` is not beside tests/: the compiled build's
    tests run from a folder holding only tests/, fixtures/ and benchmarks/, so that they import the built package."""
    path = ROOT / part
    if not path.exists():
        pytest.skip(f"needs the source checkout's {part} (absent where the compiled build's tests run)")
    return path


def corpus_text_lines() -> list[list[str | None]]:
    """The lines of every dev corpus text file, one list per file, for the kernels' equality tests (skipping the
    calling test without the corpus); at least 10,000 lines, so a corpus that went missing cannot pass as empty."""
    corpus = require_corpus()
    files: list[list[str | None]] = [
        list(path.read_text(encoding="utf-8", errors="surrogateescape").splitlines())
        for path in sorted(corpus.rglob("*.txt"))
    ]
    assert sum(map(len, files)) > 10_000
    return files


def require_kernel(name: str) -> ModuleType:
    """The native kernel module `name` (cleaner.native), or skip the calling test, with a reason, where it is not
    built (the plain install: only the compiled build builds kernels)."""
    try:
        return importlib.import_module(name)
    except ImportError:
        pytest.skip("the native core is built by the compiled build only (CLEANER_COMPILE=1, setup.py's NATIVE)")


# The whole-corpus sweeps (every dev page through the HTML path, say) check every CORPUS_SAMPLE_STEP-th
# page in the README's test command, so the suite stays quick; CLEANER_CORPUS_ALL=1 checks every page,
# and .ci/run does so in a step of its own after the suite.
CORPUS_SAMPLE_STEP = 4


def corpus_sample(paths: Iterable[Path]) -> list[Path]:
    """`paths` sorted, then every CORPUS_SAMPLE_STEP-th of them unless CLEANER_CORPUS_ALL is set."""
    ordered = sorted(paths)
    return ordered if os.environ.get("CLEANER_CORPUS_ALL") else ordered[::CORPUS_SAMPLE_STEP]


# How long the session's Dask cluster may take to start, or to close, on a loaded 2-core machine.
DASK_CLUSTER_WAIT_S = 180


@pytest.fixture(scope="session")
def dask_scheduler() -> Iterator[str]:
    """The address of one real 2-worker Dask LocalCluster, shared by every Dask test of the session.

    Starting a cluster (a scheduler and two worker processes) costs more than most Dask tests'
    own work, so it is started once, on first use, in a process of its own (tests/dask_cluster.py).
    """
    pytest.importorskip("distributed", reason="the dask extra is not installed (pip install 'cleaner[dask]')")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.dask_cluster"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))},
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        ready, _, _ = select.select([proc.stdout], [], [], DASK_CLUSTER_WAIT_S)
        address = proc.stdout.readline().strip() if ready else ""
        assert address.startswith("tcp://"), f"the Dask cluster did not start (exit code {proc.poll()})"
        yield address
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=DASK_CLUSTER_WAIT_S)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
