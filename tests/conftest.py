"""Shared test helpers: paths to fixtures and the optional ../shared corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "dev"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


def require_corpus() -> Path:
    """Skip the calling test, with a reason, when ../shared/corpus/dev is not beside the project."""
    if not CORPUS.is_dir():
        pytest.skip(f"needs the dev corpus at {CORPUS} (present in CI, absent in a bare clone)")
    return CORPUS
