"""Doctests: the examples in docs/api.md and in the package's docstrings must show what the code does."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "cleaner"
DOC_FILES = [ROOT / "docs" / "api.md"]
OPTIONS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
# Modules that need an optional extra; their doctests skip, with the reason, when it is absent.
EXTRAS = {"cleaner.integrations.scrapy": "scrapy", "cleaner.integrations.dask": "dask"}


def _modules_with_examples() -> list[str]:
    """Only modules whose source holds a `>>>` prompt: a module without examples has nothing to fail."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if ">>>" not in path.read_text(encoding="utf-8"):
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


@pytest.mark.parametrize("path", DOC_FILES, ids=lambda p: p.name)
def test_doc_file_examples(path: Path) -> None:
    result = doctest.testfile(str(path), module_relative=False, optionflags=OPTIONS, verbose=False)
    assert result.attempted > 0, f"{path} has no examples"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {path.name} failed (see output)"


@pytest.mark.parametrize("name", _modules_with_examples())
def test_module_docstring_examples(name: str) -> None:
    extra = EXTRAS.get(name)
    if extra is not None:
        pytest.importorskip(extra, reason=f"the {extra} extra is not installed (pip install 'cleaner[{extra}]')")
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=OPTIONS, verbose=False)
    assert result.attempted > 0, f"{name} has a '>>>' but doctest found no example in it"
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples in {name} failed (see output)"
