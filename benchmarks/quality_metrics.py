"""The quality metric: our own implementation of the corpus scorer (../shared/corpus/score.py).

4-gram shingle precision/recall per `sh` page, macro-averaged; whitespace-normalised must-keep /
must-drop snippet tests on `tf` pages, micro-averaged. Pure functions of texts, shared by every
benchmark that reports F1 (quality, crossval, html_quality, templates).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

# The corpus scorer's definitions: \w+ tokens, 4-gram shingles (article-extraction-benchmark). Stdlib `re` on
# purpose: `regex` counts combining marks as word characters and shifts sh precision by ~3e-4.
TOKEN = re.compile(r"\w+")
SHINGLE_SIZE = 4
WHITESPACE = re.compile(r"\s+")


def shingles(text: str, n: int = SHINGLE_SIZE) -> Counter[tuple[str, ...]]:
    """Multiset of token n-grams; a text shorter than n tokens is one short shingle, as in the scorer."""
    toks = TOKEN.findall(text or "")
    if not toks:
        return Counter()
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)))


@dataclass(frozen=True, slots=True)
class ShPage:
    """One sh page's shingle overlap, normalised so that every page weighs 1 in the macro average."""

    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float | None:
        """None when the output is empty: the scorer leaves such pages out of the precision mean."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp > 0 else None

    @property
    def recall(self) -> float | None:
        """None when the gold is empty, mirroring precision."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn > 0 else None

    @property
    def f1(self) -> float:
        """Per-page F1, used only to rank pages in --diff."""
        p, r = self.precision or 0.0, self.recall or 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def score_sh_page(gold: str, pred: str) -> ShPage:
    """Shingle multiset overlap between the gold article body and an output."""
    g, p = shingles(gold), shingles(pred)
    tp = sum((g & p).values())
    fp = sum((p - g).values())
    fn = sum((g - p).values())
    total = tp + fp + fn
    return ShPage(tp / total, fp / total, fn / total) if total else ShPage(0.0, 0.0, 0.0)


def normalise(text: str) -> str:
    """Whitespace-collapsed text: the tf gold snippets ignore line breaks and indentation."""
    return WHITESPACE.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class TfPage:
    """Which must-keep snippets an output lost and which must-drop snippets it kept."""

    keep_total: int
    drop_total: int
    lost: tuple[str, ...]
    leaked: tuple[str, ...]

    @property
    def f1(self) -> float:
        """Per-page F1, used only to rank pages in --diff."""
        tp = self.keep_total - len(self.lost)
        p = tp / (tp + len(self.leaked)) if tp + len(self.leaked) else 0.0
        r = tp / self.keep_total if self.keep_total else 0.0
        return 2 * p * r / (p + r) if p + r else 0.0


def score_tf_page(keep: Sequence[str], drop: Sequence[str], pred: str) -> TfPage:
    """Substring test of each gold snippet against the whitespace-normalised output."""
    text = normalise(pred)
    lost = tuple(s for s in keep if normalise(s) not in text)
    leaked = tuple(s for s in drop if normalise(s) in text)
    return TfPage(len(keep), len(drop), lost, leaked)


@dataclass(frozen=True, slots=True)
class Score:
    """One cell group of the table: precision, recall, F1 and, for tf, the two error counts."""

    n: int
    precision: float
    recall: float
    f1: float
    kept_boilerplate: int | None = None
    dropped_content: int | None = None
    keep_total: int | None = None


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def aggregate_sh(pages: Sequence[ShPage]) -> Score:
    """Macro average over pages, the article-extraction-benchmark way."""
    ps = [p for p in (x.precision for x in pages) if p is not None]
    rs = [r for r in (x.recall for x in pages) if r is not None]
    precision = statistics.fmean(ps) if ps else 0.0
    recall = statistics.fmean(rs) if rs else 0.0
    return Score(len(pages), precision, recall, _f1(precision, recall))


def aggregate_tf(pages: Sequence[TfPage]) -> Score:
    """Micro average over all snippets, the trafilatura-evaluation way."""
    keep = sum(p.keep_total for p in pages)
    lost = sum(len(p.lost) for p in pages)
    leaked = sum(len(p.leaked) for p in pages)
    tp = keep - lost
    precision = tp / (tp + leaked) if tp + leaked else 0.0
    recall = tp / keep if keep else 0.0
    return Score(len(pages), precision, recall, _f1(precision, recall), leaked, lost, keep)
