"""The learned line stage: after the rules and heuristics, remove what the line model is sure is chrome.

A pure function of the kept view (lines, None where an earlier stage removed one) returning proposals;
it never brings a line back. Guards keep it from costing article text, because removing real text does
more harm than leaving boilerplate: a long line that reads like prose is never removed, a line is removed
only in a run of candidates, a page the model would mostly remove is left whole, and the threshold was
chosen under a content-loss cap (see benchmarks/train_lines.py). Where no stoplist fits the text's
language the features mean nothing, so the stage steps aside and says so.

It is idempotent by construction: its features read only the kept lines (not what was removed around
them), and it re-scores what is left after its own removals until a round removes nothing, so the lines
it keeps are exactly a page on which it removes nothing.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from cleaner.heuristics.lang import stoplist_for
from cleaner.learned import CATEGORY, RULE_ID
from cleaner.learned import features as F
from cleaner.learned.model import LineModel, load

NAME = "learned-line-model"
WHY = "A line the shipped line model scores as boilerplate, with the features that decided it."
# The prose guard: a line this long that ends like a sentence and has a normal share of stopwords
# is article text whatever the model says.
PROSE_MIN_WORDS = 12
# "Normal" stopword density: at least this share of the document's own prose level (heuristics use 0.5
# for their good/bad bar; prose lines fall below half of it only 5-10% of the time).
PROSE_STOP_FACTOR = 0.5
# A line with digits in a run of at least this many lines with digits is table or list data (results,
# specs, nutrition facts): the measured model lost exactly these, and one tf results table alone
# held 63 must-keep snippets. The stage leaves such runs to the rules.
DATA_RUN = 3
# At most this share of the document's kept characters goes to the learned stage; a page where the model
# would take more is left alone. Set so that no dev page loses its whole body to one bad guess.
MAX_REMOVED_SHARE = 0.35
# Documents with fewer non-blank lines than this are left alone: the +-3-line context features have
# nothing to read, and a second cleaning of a short output would judge its lines on a different context.
MIN_LINES = 8
# ...and so are documents with fewer prose lines (see `protected`) than this: the model was trained on
# pages with an article in them, and on text without one there is no article to tell chrome from.
MIN_PROSE_LINES = 3
# Explanations name this many features (the "top three contributions").
EXPLAIN_TOP = 3
# The stage removes a line only in a run of at least this many consecutive candidates (see `in_runs`).
MIN_RUN = 2
# Rounds of re-scoring what is left (see LearnedStage.__call__). With the 43-feature model one dev page
# (tf fulltext) needed more than four: it was left whole, and its second cleaning, one line shorter, was not.
MAX_ROUNDS = 8
STEP_ASIDE = "learned line stage stepped aside: no stoplist fits the text's language"


@dataclass(frozen=True, slots=True)
class Proposal:
    """One line the stage would remove, with the rule id, category and the reason in words."""

    line: int
    rule: str
    category: str
    probability: float
    why: str


@lru_cache(maxsize=1)
def shipped_model() -> LineModel:
    """The packaged model, loaded once per process."""
    return load()


class LearnedStage:
    """The model and its threshold; calling it on a kept view returns (proposals, warnings)."""

    def __init__(self, model: LineModel | None = None, threshold: float | None = None) -> None:
        self.model = model if model is not None else shipped_model()
        self.threshold = self.model.cutoff if threshold is None else threshold

    def __call__(self, kept: Sequence[str | None]) -> tuple[list[Proposal], list[str]]:
        """Proposals for the kept view, most of the work in NumPy over all lines at once.

        Removals are made in rounds: after each, the lines left are scored again as the whole document, the
        way a second cleaning of the output would see them, until a round removes nothing. Run again on its
        own output the stage therefore finds nothing more to remove.
        """
        if sum(1 for s in kept if s and s.strip()) < MIN_LINES:
            return [], []
        _lang, stop = stoplist_for(kept)
        if not stop:
            return [], [STEP_ASIDE]
        stats = F.line_stats(kept, stop)
        total = float(stats.table[:, 0].sum())
        alive = np.arange(len(stats.index))
        taken: list[tuple[int, float, str]] = []  # (line, probability, why)
        for _ in range(MAX_ROUNDS):
            feats = F.assemble(stats, alive)
            if len(alive) < MIN_LINES or int(_prose(feats).sum()) < MIN_PROSE_LINES:
                break
            prob = self.model.probability(feats.matrix)
            flagged = (prob >= self.threshold) & ~protected(feats)
            # The page's first line is never removed: a later stage moves the title out of the body, and a
            # second cleaning then sees the next line first, with no line above it: its features change.
            flagged[0] = False
            candidates = np.flatnonzero(in_runs(flagged))
            if not len(candidates):
                break
            gone = total - float(feats_chars(stats, alive).sum())
            if gone + float(feats_chars(stats, alive[candidates]).sum()) > MAX_REMOVED_SHARE * total:
                # The model would take more of the page than it is ever right about: it does not understand
                # this page, and a partial cut would leave a second cleaning more to take. Keep the page.
                return [], []
            contrib = self.model.contributions(feats.matrix[candidates])
            for row, c in zip(candidates, contrib, strict=True):
                taken.append((int(feats.index[row]), float(prob[row]), explain(feats, int(row), c, prob[row])))
            alive = np.delete(alive, candidates)
        else:
            # Still finding more after MAX_ROUNDS: a second cleaning would find more again. Keep the page.
            return [], []
        out = [Proposal(line, RULE_ID, CATEGORY, p, why) for line, p, why in taken]
        return sorted(out, key=lambda p: p.line), []


def in_runs(flag: np.ndarray) -> np.ndarray:
    """Flagged rows with a flagged neighbour: chrome comes in blocks (menus, teaser lists, footers), while
    the real lines a model mistakes for chrome (a subheading, a list item, a caption) sit alone among prose."""
    if MIN_RUN <= 1 or not flag.any():
        return flag
    run = F.run_lengths(flag)
    return flag & (run >= MIN_RUN)


def feats_chars(stats: F.LineStats, rows: np.ndarray) -> np.ndarray:
    """Characters of the given rows (the removal budget counts characters)."""
    return stats.table[rows, 0]


def _prose(feats: F.LineFeatures) -> np.ndarray:
    """Long lines that end like a sentence with a normal stopword density."""
    return (feats.words >= PROSE_MIN_WORDS) & feats.ends & (feats.stop_share >= PROSE_STOP_FACTOR * feats.prose_stop)


def protected(feats: F.LineFeatures) -> np.ndarray:
    """Rows the stage may never remove: prose and table or list data (lines with digits in a run of such
    lines, and their neighbours)."""
    data = feats.digit_run >= DATA_RUN
    # ...and the lines right beside such a run: a recipe's list mixes "200 g sugar" with "cling film"
    # (the stage took a tf must-keep ingredient that way).
    near = data.copy()
    near[1:] |= data[:-1]
    near[:-1] |= data[1:]
    return _prose(feats) | near


def explain(feats: F.LineFeatures, row: int, contrib: np.ndarray, probability: float) -> str:
    """'p=0.93: 4 words, no stopwords, in a run of 11 short lines': the three strongest pushes toward removal."""
    order = np.argsort(-contrib, kind="stable")
    parts: list[str] = []
    seen: set[str] = set()
    for j in order:
        if contrib[j] <= 0 or len(parts) >= EXPLAIN_TOP:
            break
        words = describe(F.FEATURES[j], feats, row)
        if words and words not in seen:
            seen.add(words)
            parts.append(words)
    return f"line model p={probability:.2f}: " + (", ".join(parts) or "no single feature stands out")


def describe(name: str, feats: F.LineFeatures, row: int) -> str:
    """One feature's value in words, as a reader would check it against the line."""
    x = float(feats.matrix[row, F.FEATURES.index(name)])
    n = len(feats.index)
    if name in ("log_chars", "log_words"):
        return f"{int(feats.words[row])} words"
    if name in ("stop_share", "stop_vs_prose"):
        share = float(feats.stop_share[row])
        return "no stopwords" if share == 0 else f"{share:.0%} stopwords (prose here: {feats.prose_stop:.0%})"
    if name == "ends_sentence":
        return "ends like a sentence" if feats.ends[row] else "no sentence end"
    if name == "starts_upper":
        return "starts with a capital" if x else "starts in lowercase"
    if name == "titlecase_share":
        return f"{x:.0%} of words capitalised"
    if name == "digit_share":
        return f"{x:.0%} digits" if x else "no digits"
    if name == "position":
        return f"at {x:.0%} of the page"
    if name == "log_short_run":
        run = int(feats.short_run[row])
        return f"in a run of {run} short lines" if run else "not in a run of short lines"
    if name == "ctx_log_chars":
        return f"neighbours average {math.expm1(x):.0f} characters"
    if name == "ctx_stop_share":
        return f"neighbours {x:.0%} stopwords"
    if name == "ctx_ends_sentence":
        return f"{x:.0%} of neighbours end like sentences"
    if name == "wide_short_share":
        return f"{x:.0%} of the 16 lines around are short fragments"
    if name in ("prev_short", "next_short"):
        side = "previous" if name == "prev_short" else "next"
        return f"{side} line a short fragment" if x > 0 else f"{side} line not a short fragment"
    if name in ("prev_log_chars", "next_log_chars"):
        side = "previous" if name == "prev_log_chars" else "next"
        return f"{side} line {math.expm1(x):.0f} characters" if x >= 0 else f"no {side} line"
    if name == "before_first_prose":
        return "above the first prose line" if x else "not above the prose"
    if name == "after_last_prose":
        return "below the last prose line" if x else "not below the prose"
    if name == "prose_chars_before":
        return f"{x:.0%} of the prose above it"
    if name == "shape_repeats":
        return f"{x:.0%} of the lines share its shape"
    if name == "ends_colon":
        return "ends with a colon" if x else "no colon at the end"
    if name == "log_prose_distance":
        return f"{math.expm1(x):.0f} lines from the nearest prose"
    if name == "separators":
        return f"{int(x)} separators" if x else "no separators"
    if name == "web_marks":
        return "a web address or ©" if x else "no web address"
    if name == "list_mark":
        return "a list mark" if x else "no list mark"
    if name == "doc_short_share":
        return f"page is {x:.0%} short lines"
    if name == "log_doc_lines":
        return f"page of {n} lines"
    if name in ("short_no_end", "short_upper_no_end"):
        return "short, no sentence end" if x else "not a short fragment"
    if name == "log_from_end":
        return f"{math.expm1(x):.0f} lines from the end"
    if name == "log_lines_after_prose":
        return f"{math.expm1(x):.0f} lines below the last prose line" if x else "not below the prose"
    if name == "log_lines_before_prose":
        return f"{math.expm1(x):.0f} lines above the first prose line" if x else "not above the prose"
    if name == "after_comment_header":
        return "below a comment-thread header" if x else "not in a comment thread"
    if name == "date_like":
        return "a date or time" if x else "no date"
    if name == "ends_ellipsis":
        return "cut short with an ellipsis" if x else "no ellipsis"
    if name == "mean_word_chars":
        return f"words of {x:.1f} characters on average"
    if name == "upper_share":
        return f"{x:.0%} capital letters"
    if name == "wide_prose_share":
        return f"{x:.0%} of the 16 lines around are prose"
    if name in ("prev_ends", "next_ends"):
        side = "previous" if name == "prev_ends" else "next"
        return f"{side} line ends like a sentence" if x > 0 else f"{side} line no sentence"
    if name == "digit_run":
        return f"in a run of {int(feats.digit_run[row])} lines with digits" if x else "not in a run of numbers"
    return name
