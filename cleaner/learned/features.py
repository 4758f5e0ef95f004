"""Per-line features for the learned stage, computed for every line of a document in one pass of NumPy.

Cheap, language-light signals that separate chrome from article text on unseen sites: how long a line
is, how many function words it has (against the document's own prose, so every stoplist size works),
whether it ends like a sentence, where it sits relative to the article's prose, what its neighbours look
like, and how many other lines share its shape (teaser lists and menus repeat one shape). Nothing here
reads a site's wording.

Every feature is a function of the non-blank kept lines alone, in order: what an earlier stage removed
leaves no trace (no "removed nearby" feature), so the stage sees the same rows when it is run again on
its own output, which is what makes it idempotent (see `cleaner.learned.stage`). The per-line counts
(`line_stats`) are taken once; `assemble` turns them into features for any subset of the lines, so the
stage can re-score what is left after its own removals without reading the text again.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from cleaner.heuristics.features import SENTENCE_END as _HEURISTIC_ENDS
from cleaner.heuristics.regions import COMMENT_FROM, COMMENT_HEADER, COMMENT_HEADER_CHARS

# A "short" line for the run feature: menu items, teasers and bylines are nearly all this short
# (jusText's length_low is 70 characters; one text line is often one sentence).
SHORT_CHARS = 70
# Neighbourhood for the context features: +-3 lines, as the measured model used, and a wider
# +-8 for the share of short fragments around a line (teaser and menu blocks run 5-20 lines).
CONTEXT = 3
WIDE_CONTEXT = 8
# Prose lines for the document's stopword level: at least this long, as in heuristics.features.GOOD_CHARS.
PROSE_CHARS = 100
# Without this many prose lines the document's stopword level falls back to jusText's stopwords_high.
MIN_PROSE_LINES = 3
DEFAULT_PROSE_STOP = 0.32
# Word counts above this fall in one bucket of the line shape (a long line is prose or a teaser alike).
SHAPE_MAX_WORDS = 16
_SEPARATORS = re.compile(r"(?<= )[|•·»›/](?= )")
_DIGIT = re.compile(r"\d")
_UPPER_START = re.compile(r"^[^\w]*[A-ZÀ-ÖØ-ÞĀ-Ž]")
_LIST_MARK = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s")
# What ends a sentence: the heuristics' set plus the closing quote of German typography („…“), so that a
# quoted sentence counts as one (the stage took a 20-word German quote for chrome without it).
SENTENCE_END = _HEURISTIC_ENDS | {"“"}
_WEB = re.compile(r"https?://|www\.|@|©|\.com\b", re.IGNORECASE)
# Dates and clock times (bylines, datelines, teaser timestamps) in the numeric forms most languages share.
_DATE_LIKE = re.compile(r"\b\d{1,2}[./:]\d{1,2}\b|\b(?:19|20)\d\d\b")
# A teaser's blurb is cut short with an ellipsis; article text is not.
_ELLIPSIS = ("…", "...")

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
    "log_short_run",
    "ctx_log_chars",
    "ctx_stop_share",
    "ctx_ends_sentence",
    "wide_short_share",
    "prev_short",
    "next_short",
    "prev_log_chars",
    "next_log_chars",
    "log_prose_distance",
    "before_first_prose",
    "after_last_prose",
    "prose_chars_before",
    "shape_repeats",
    "separators",
    "web_marks",
    "list_mark",
    "ends_colon",
    "doc_short_share",
    "log_doc_lines",
    "short_no_end",
    "short_upper_no_end",
    "digit_run",
    "log_from_end",
    "log_lines_after_prose",
    "log_lines_before_prose",
    "after_comment_header",
    "date_like",
    "ends_ellipsis",
    "mean_word_chars",
    "upper_share",
    "wide_prose_share",
    "prev_ends",
    "next_ends",
)

# Columns of the per-line table `line_stats` collects in its one pass over the text.
_CHARS, _WORDS, _STOPS, _ENDS, _UPPER, _TITLE, _DIGITS, _SEPS, _WEBM, _LIST, _COLON = range(11)
_COMMENT, _DATE, _ELLIP, _CAPS = range(11, 15)
_COLUMNS = 15


@dataclass(frozen=True, slots=True)
class LineStats:
    """Per-line counts of the non-blank kept lines, read once from the text."""

    index: npt.NDArray[np.int64]  # line index (into the kept view) of each row
    table: npt.NDArray[np.float64]  # rows x the _CHARS.._COLON columns


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


def line_stats(kept: Sequence[str | None], stop: frozenset[str]) -> LineStats:
    """One pass of Python over the non-blank kept lines; everything after it is NumPy."""
    idx = [i for i, s in enumerate(kept) if s is not None and s.strip()]
    rows = []
    is_stop = stop.__contains__
    isupper = str.isupper
    # Counts go through map() over C methods: per-word and per-character generator expressions were most of
    # the stage's time (cProfile, 240 tf documents), and the stage must cost under a fifth of the cleaner.
    for i in idx:
        t = (kept[i] or "").strip()
        ws = t.split()
        rows.append(
            (
                len(t),
                len(ws),
                sum(map(is_stop, t.lower().split())),
                t[-1] in SENTENCE_END,
                _UPPER_START.match(t) is not None,
                sum(map(isupper, [w[0] for w in ws])),
                len(_DIGIT.findall(t)),
                len(_SEPARATORS.findall(t)) if " " in t else 0,
                _WEB.search(t) is not None,
                _LIST_MARK.match(t) is not None,
                t[-1] == ":",
                len(t) <= COMMENT_HEADER_CHARS and COMMENT_HEADER.search(t) is not None,
                _DATE_LIKE.search(t) is not None,
                t.endswith(_ELLIPSIS),
                sum(map(isupper, t)),
            )
        )
    table = np.asarray(rows, np.float64).reshape(len(idx), _COLUMNS)
    return LineStats(np.asarray(idx, np.int64), table)


def compute(kept: Sequence[str | None], stop: frozenset[str]) -> LineFeatures:
    """Features of every non-blank kept line; `stop` is the document's stoplist (may be empty)."""
    return assemble(line_stats(kept, stop))


def assemble(stats: LineStats, rows: npt.NDArray[np.int64] | None = None) -> LineFeatures:
    """Features of the given rows of `stats` (all by default) as if they were the whole document."""
    table = stats.table if rows is None else stats.table[rows]
    where = stats.index if rows is None else stats.index[rows]
    n = len(table)
    if n == 0:
        empty = np.zeros(0)
        none = np.zeros(0, np.int64)
        return LineFeatures(none, np.zeros((0, len(FEATURES))), none, empty, empty > 0, none, none, 0.0)
    chars = table[:, _CHARS]
    words = table[:, _WORDS].astype(np.int64)
    share = table[:, _STOPS] / np.maximum(words, 1)
    prose = chars >= PROSE_CHARS
    prose_stop = float(np.median(share[prose])) if prose.sum() >= MIN_PROSE_LINES else DEFAULT_PROSE_STOP
    ends = table[:, _ENDS] > 0
    upper = table[:, _UPPER]
    title = table[:, _TITLE] / np.maximum(words, 1)
    digits = table[:, _DIGITS] / np.maximum(chars, 1)
    pos = np.arange(n, dtype=np.float64) / max(n - 1, 1)
    short = (chars < SHORT_CHARS) & ~ends
    shortf = short.astype(np.float64)
    run = run_lengths(short)
    has_digit = digits > 0
    drun = run_lengths(has_digit) * has_digit
    logc = np.log1p(chars)
    good = prose & (share >= 0.5 * prose_stop)
    good_at = np.flatnonzero(good)
    first, last = (int(good_at[0]), int(good_at[-1])) if len(good_at) else (n, -1)
    line_no = np.arange(n)
    prose_chars = np.where(good, chars, 0.0)
    before = np.cumsum(prose_chars) - prose_chars
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
            np.log1p(np.where(short, run, 0)),
            _window_mean(logc, CONTEXT),
            _window_mean(share, CONTEXT),
            _window_mean(ends.astype(np.float64), CONTEXT),
            _window_mean(shortf, WIDE_CONTEXT),
            _shift(shortf, 1),
            _shift(shortf, -1),
            _shift(logc, 1),
            _shift(logc, -1),
            np.log1p(_distance_to(good)),
            (line_no < first).astype(np.float64),
            (line_no > last).astype(np.float64),
            before / max(float(prose_chars.sum()), 1.0),
            _shape_repeats(words, ends, upper, has_digit),
            np.minimum(table[:, _SEPS], 5.0),
            table[:, _WEBM],
            table[:, _LIST],
            table[:, _COLON],
            np.full(n, float(short.mean())),
            np.full(n, float(np.log1p(n))),
            shortf,
            (short & (upper > 0)).astype(np.float64),
            np.log1p(drun),
            np.log1p(n - 1 - line_no),
            np.log1p(np.maximum(line_no - last, 0)) if last >= 0 else np.full(n, np.log1p(n)),
            np.log1p(np.maximum(first - line_no, 0)),
            _after_comment_header(table[:, _COMMENT] > 0),
            table[:, _DATE],
            table[:, _ELLIP],
            chars / np.maximum(words, 1),
            table[:, _CAPS] / np.maximum(chars, 1),
            _window_mean(good.astype(np.float64), WIDE_CONTEXT),
            _shift(ends.astype(np.float64), 1),
            _shift(ends.astype(np.float64), -1),
        )
    )
    return LineFeatures(where, matrix, words, share, ends, run * short, drun, prose_stop)


def run_lengths(flag: npt.NDArray[np.bool_]) -> npt.NDArray[np.int64]:
    """For each position, the length of the run of True it sits in (0 outside runs)."""
    n = len(flag)
    out = np.zeros(n, np.int64)
    if n == 0:
        return out
    padded = np.concatenate(([False], flag, [False])).astype(np.int8)
    edges = np.flatnonzero(np.diff(padded))
    starts, stops = edges[::2], edges[1::2]
    lengths = np.zeros(n + 1, np.int64)
    np.add.at(lengths, starts, stops - starts)
    np.add.at(lengths, stops, -(stops - starts))
    # Each run's length spread over its positions by a cumulative sum of +len at its start, -len at its end.
    return np.cumsum(lengths)[:n]


def _window_mean(x: npt.NDArray[np.float64], k: int) -> npt.NDArray[np.float64]:
    """Mean over the +-k neighbours (the line itself excluded), clipped at the document's ends."""
    n = len(x)
    csum = np.concatenate(([0.0], np.cumsum(x)))
    pos = np.arange(n)
    lo = np.maximum(pos - k, 0)
    hi = np.minimum(pos + k + 1, n)
    count = hi - lo - 1
    total = csum[hi] - csum[lo] - x
    return np.where(count > 0, total / np.maximum(count, 1), 0.0)


def _shift(x: npt.NDArray[np.float64], by: int) -> npt.NDArray[np.float64]:
    """The previous (by=1) or next (by=-1) line's value; -1 past the document's ends."""
    out = np.full(len(x), -1.0)
    if by > 0:
        out[by:] = x[:-by]
    else:
        out[:by] = x[-by:]
    return out


def _shape_repeats(
    words: npt.NDArray[np.int64],
    ends: npt.NDArray[np.bool_],
    upper: npt.NDArray[np.float64],
    digit: npt.NDArray[np.bool_],
) -> npt.NDArray[np.float64]:
    """Share of the document's lines with this line's shape (word count, sentence end, capital, digits):
    a list of teasers or menu items repeats one shape, article paragraphs vary."""
    key = (
        np.minimum(words, SHAPE_MAX_WORDS) * 8
        + ends.astype(np.int64) * 4
        + (upper > 0).astype(np.int64) * 2
        + digit.astype(np.int64)
    )
    counts = np.bincount(key)
    return (counts[key] - 1) / max(len(key) - 1, 1)


def _after_comment_header(header: npt.NDArray[np.bool_]) -> npt.NDArray[np.float64]:
    """1 from the first comment-thread header in the second half of the lines on ("12 comments", "Leave a
    Reply"): what follows it is readers' text, however much it reads like prose. A header in the first
    half is a teaser count, as the comment-thread heuristic (HEU007) reads it."""
    n = len(header)
    out = np.zeros(n)
    at = np.flatnonzero(header[int(n * COMMENT_FROM) :])
    if len(at):
        out[int(n * COMMENT_FROM) + int(at[0]) :] = 1.0
    return out


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
