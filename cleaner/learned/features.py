"""Per-line features for the learned stage, computed for every line of a document in one pass of NumPy.

Cheap, language-light signals that separate chrome from article text on unseen sites: how long a line
is, how many function words it has (against the document's own prose, so every stoplist size works),
whether it ends like a sentence, where it sits, what its neighbours look like, and what the rules and
heuristics already removed around it. Nothing here reads a site's wording.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cleaner.heuristics.features import SENTENCE_END

# A "short" line for the run feature: menu items, teasers and bylines are nearly all this short
# (jusText's length_low is 70 characters; one text line is often one sentence).
SHORT_CHARS = 70
# Neighbourhood for the context features: +-3 lines, as the measured model used.
CONTEXT = 3
# Prose lines for the document's stopword level: at least this long, as in heuristics.features.GOOD_CHARS.
PROSE_CHARS = 100
# Without this many prose lines the document's stopword level falls back to jusText's stopwords_high.
MIN_PROSE_LINES = 3
DEFAULT_PROSE_STOP = 0.32
_SEPARATORS = re.compile(r"(?<= )[|•·»›/](?= )")
_DIGIT = re.compile(r"\d")
_UPPER_START = re.compile(r"^[^\w]*[A-ZÀ-ÖØ-ÞĀ-Ž]")
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")
_WEB = re.compile(r"https?://|www\.|@|©|\.com\b", re.IGNORECASE)

FEATURES: tuple[str, ...] = (
    "log_chars",
    "log_words",
    "stop_share",
    "stop_vs_prose",
    "ends_sentence",
    "starts_upper",
    "titlecase_share",
    "digit_share",
    "position",
    "position_sq",
    "log_short_run",
    "ctx_log_chars",
    "ctx_stop_share",
    "ctx_ends_sentence",
    "removed_around",
    "log_prose_distance",
    "separators",
    "web_marks",
    "list_mark",
    "doc_short_share",
    "log_doc_lines",
    "short_no_end",
    "short_upper_no_end",
    "digit_run",
)


@dataclass(frozen=True, slots=True)
class LineFeatures:
    """Feature rows for the non-blank kept lines of one document, plus what the explanations need."""

    index: npt.NDArray[np.int64]  # line index (into the kept view) of each row
    matrix: npt.NDArray[np.float64]  # rows x FEATURES
    words: npt.NDArray[np.int64]
    stop_share: npt.NDArray[np.float64]
    ends: npt.NDArray[np.bool_]
    short_run: npt.NDArray[np.int64]
    digit_run: npt.NDArray[np.int64]
    prose_stop: float


def compute(kept: Sequence[str | None], stop: frozenset[str]) -> LineFeatures:
    """Features of every non-blank kept line; `stop` is the document's stoplist (may be empty)."""
    idx = [i for i, s in enumerate(kept) if s is not None and s.strip()]
    n = len(idx)
    if n == 0:
        empty = np.zeros(0)
        none = np.zeros(0, np.int64)
        return LineFeatures(none, np.zeros((0, len(FEATURES))), none, empty, empty > 0, none, none, 0.0)
    # One pass of Python over the lines collects every per-line count; the rest is NumPy.
    rows = []
    for i in idx:
        t = (kept[i] or "").strip()
        ws = t.split()
        rows.append(
            (
                len(t),
                len(ws),
                sum(1 for w in ws if w.lower() in stop),
                t[-1] in SENTENCE_END,
                _UPPER_START.match(t) is not None,
                sum(1 for w in ws if w[:1].isupper()),
                len(_DIGIT.findall(t)),
                len(_SEPARATORS.findall(t)) if " " in t else 0,
                _WEB.search(t) is not None,
                _LIST_MARK.match(t) is not None,
            )
        )
    table = np.asarray(rows, np.float64)
    chars = table[:, 0]
    words = table[:, 1].astype(np.int64)
    share = table[:, 2] / np.maximum(words, 1)
    prose = chars >= PROSE_CHARS
    prose_stop = float(np.median(share[prose])) if prose.sum() >= MIN_PROSE_LINES else DEFAULT_PROSE_STOP
    ends = table[:, 3] > 0
    upper = table[:, 4]
    title = table[:, 5] / np.maximum(words, 1)
    digits = table[:, 6] / np.maximum(chars, 1)
    seps = table[:, 7]
    web = table[:, 8]
    listed = table[:, 9]
    pos = np.arange(n, dtype=np.float64) / max(n - 1, 1)
    short = (chars < SHORT_CHARS) & ~ends
    run = _run_lengths(short)
    has_digit = digits > 0
    drun = _run_lengths(has_digit) * has_digit
    # What earlier stages removed near each line: share of removed lines among the +-CONTEXT raw lines.
    removed = np.fromiter((s is None for s in kept), np.float64, len(kept))
    csum = np.concatenate(([0.0], np.cumsum(removed)))
    where = np.asarray(idx)
    lo = np.maximum(where - CONTEXT, 0)
    hi = np.minimum(where + CONTEXT + 1, len(kept))
    removed_around = (csum[hi] - csum[lo]) / (hi - lo)
    logc = np.log1p(chars)
    good = prose & (share >= 0.5 * prose_stop)
    matrix = np.column_stack(
        (
            logc,
            np.log1p(words),
            share,
            share / max(prose_stop, 1e-6),
            ends.astype(np.float64),
            upper,
            title,
            digits,
            pos,
            pos * pos,
            np.log1p(np.where(short, run, 0)),
            _window_mean(logc),
            _window_mean(share),
            _window_mean(ends.astype(np.float64)),
            removed_around,
            np.log1p(_distance_to(good)),
            np.minimum(seps, 5.0),
            web,
            listed,
            np.full(n, float(short.mean())),
            np.full(n, float(np.log1p(n))),
            short.astype(np.float64),
            (short & (upper > 0)).astype(np.float64),
            np.log1p(drun),
        )
    )
    return LineFeatures(where.astype(np.int64), matrix, words, share, ends, run * short, drun, prose_stop)


def _run_lengths(flag: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """For each position, the length of the run of True it sits in (0 outside runs)."""
    n = len(flag)
    out = np.zeros(n, np.int64)
    if n == 0:
        return out
    padded = np.concatenate(([False], flag, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    for a, b in zip(edges[::2], edges[1::2], strict=True):
        out[a:b] = b - a
    return out


def _window_mean(x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Mean over the +-CONTEXT neighbours (the line itself excluded), clipped at the document's ends."""
    n = len(x)
    csum = np.concatenate(([0.0], np.cumsum(x)))
    pos = np.arange(n)
    lo = np.maximum(pos - CONTEXT, 0)
    hi = np.minimum(pos + CONTEXT + 1, n)
    count = hi - lo - 1
    total = csum[hi] - csum[lo] - x
    return np.where(count > 0, total / np.maximum(count, 1), 0.0)


def _distance_to(flag: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
    """Lines from each position to the nearest flagged one (the document length when none is)."""
    n = len(flag)
    if not flag.any():
        return np.full(n, float(n))
    where = np.flatnonzero(flag)
    pos = np.arange(n)
    k = np.searchsorted(where, pos)
    after = np.where(k < len(where), where[np.minimum(k, len(where) - 1)] - pos, n)
    before = np.where(k > 0, pos - where[np.maximum(k - 1, 0)], n)
    return np.minimum(after, before).astype(np.float64)
