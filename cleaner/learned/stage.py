"""The learned line stage: after the rules and heuristics, remove what the line model is sure is chrome.

A pure function of the kept view (lines, None where an earlier stage removed one) returning proposals;
it never brings a line back. Guards keep it from costing article text, because removing real text does
more harm than leaving boilerplate: a long line that reads like prose is never removed, a line is removed
only in a run of candidates, a page the model would mostly remove is left whole, and the threshold was
chosen under a content-loss cap (see benchmarks/train_lines.py). Where no stoplist fits the text's
language the features mean nothing, so the stage steps aside and says so.

It is idempotent by construction: its features read only the kept lines (not what was removed around
them), and it re-scores what is left after its own removals until a round removes nothing, so the lines
it keeps are exactly a page on which it removes nothing. Its adapter (cleaner/stages/learned.py) hands it
the page as a second cleaning will read it (without the lines later stages move out, with the stoplist
guessed on what it leaves), so the whole cleaner's output is such a page too.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from cleaner import learned
from cleaner.heuristics.features import stop_shares
from cleaner.heuristics.lang import stoplist_for
from cleaner.learned import CATEGORY, MIN_LINES, RULE_ID
from cleaner.learned import features as F
from cleaner.learned.model import LineModel, load
from cleaner.learned.rows import RowMemo
from cleaner.native import kernel

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
# At most this share of the document's kept characters goes to the learned stage; a page where the model would take more
# is left alone, so that no page loses most of its body to one bad guess. At 0.35 the bound cut through the pages the
# stage serves: under domain-split CV it left 4 sites fulltext pages, 1 sites article and 2 dn pages whole whose
# uncapped cut (0.35-0.55 of their characters) raised their F1 by +0.16 to +0.33, with no tf page at the bound, and
# retrains moved pages across it (sites fulltext 0.849 -> 0.841). No dev page's cut reaches 0.55 (BENCHMARKS.md,
# thirteenth round, `cliff`), so 0.6 leaves every cut the model makes on dev and keeps the bound.
MAX_REMOVED_SHARE = 0.6
# ...and so are documents with fewer prose lines (see `protected`) than this: the model was trained on
# pages with an article in them, and on text without one there is no article to tell chrome from.
MIN_PROSE_LINES = 3
# Explanations name this many features (the "top three contributions").
EXPLAIN_TOP = 3
# ...found among this many strongest (two features can read the same in words; past these, all are ranked).
RANKED = 12
# The stage removes a line only in a run of at least this many consecutive candidates (see `in_runs`).
MIN_RUN = 2
# Rounds of re-scoring what is left (see LearnedStage.__call__). With the 43-feature model one dev page
# (tf fulltext) needed more than four: it was left whole, and its second cleaning, one line shorter, was not.
MAX_ROUNDS = 8
# An interview's or a transcript's turns ("Christian Drosten: Gerne. Bis morgen."): a speaker label opening at least
# this many lines of the page, one of them prose, marks them as article text, short turns included, and so are the
# other speakers' (`speaker_turns`). A tf podcast transcript lost its closing turn to one fold's model under CV in
# the eighth and tenth rounds (fulltext and article tf must-keep lost 28 -> 29 and 61 -> 62); a label that opens
# repeated captions or promos ("Foto: …", "Lesen Sie auch: …") opens no prose and protects nothing.
SPEAKER_TURNS = 3
# A speaker label: one to four words, the first capitalised, then a colon and a space ("Q:", "Korinna Hennig:").
_SPEAKER = re.compile(r"([^\W\d_][\w.'’-]*(?: [^\W\d_][\w.'’-]*){0,3}): ")
# ...found within this many characters of the line's start (a cheap test before the pattern; four long words).
SPEAKER_CHARS = 60
STEP_ASIDE = "learned line stage stepped aside: no stoplist fits the text's language"
# Short real lines the stage lost at low thresholds under domain-split CV (BENCH_guards.md), each a shape that marks
# article data whatever the model says (`short_real_lines`). With them, fold models fixed at 0.6 lost 3 tf must-keep
# snippets instead of 6; the threshold chosen stays 0.77, because the lines that bind it are of other kinds.
# - A list: LIST_RUN or more bulleted items in a row ("- ", "• ", "* "), under a short heading (at most HEADING_WORDS
#   words, no sentence end), the items LIST_ITEM_WORDS words long on average. A pros list ("Vorteile", then "- kann
#   verschlüsselte, virtuelle Laufwerke anlegen") lost an item; a menu's items are one or two words.
LIST_RUN = 2
HEADING_WORDS = 4
LIST_ITEM_WORDS = 3.0
_BULLET = re.compile(r"[-•*] \S")
_BULLET_MARKS = frozenset("-•*")  # the characters `_BULLET` opens with
# - A recipe's or a spec box's quantities: lines with digits at most QUANTITY_GAP lines apart (an ingredient's name on
#   the line between its amount and the next: "1/4", "cup butter", "1", "cup packed brown sugar"), QUANTITY_LINES or
#   more of them, at least QUANTITY_BARE of which are a bare amount ("600 g", "3 Btl.", "25 Min.", "1/4"); the block,
#   the lines between included. DATA_RUN reads only consecutive lines with digits, so alternating lines escaped it.
#   Only lines under PROSE_MIN_WORDS words count: a sports report's paragraphs hold bracketed results ("(2,08 m)"), and
#   counted, they made one block with the result teasers under them (a tf must-drop line kept by the fitted model).
QUANTITY_GAP = 1
QUANTITY_LINES = 3
QUANTITY_BARE = 2
_AMOUNT = re.compile(r"\(?(?:\d+(?:[.,]\d+)?|\d+/\d+|[½⅓⅔¼¾⅛])(?:\s?[-–]\s?\d+(?:[.,]\d+)?)?(?: ?[^\W\d_]{1,6}\.?)?\)?")
# ...a bare amount counts when it has a unit or is a fraction ("1/4"; a bare "3" is as often a teaser's rank or
# comment count), and so does an amount with its unit in brackets anywhere on the line ("can (20 oz) pineapple").
_UNIT = re.compile(r"[^\W\d_]|/|[½⅓⅔¼¾⅛]")
_BRACKETED = re.compile(r"\(\d+(?:[.,/]\d+)?\s?[^\W\d_]{1,6}\.?\)")
# - A fact box: FACT_RUN or more "Label: value" lines in a row, the label one or two words, the line at most
#   FACT_WORDS words with no sentence end ("Pullover: H&M", "Flauschjacke: Bershka", "Rock: Zara"), each label once on
#   the page. Teasers with a topic label ("Peeps: Pick your favorite diorama") have longer values.
FACT_RUN = 2
FACT_WORDS = 5
_FACT = re.compile(r"[^\W\d_][\w.'’&/-]*(?: [\w.'’&/-]+)?: \S+(?: \S+){0,2}")


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
        # The text columns the trees read: the features no split reads are never computed (see F.complete).
        read = {F.FEATURES[k] for k in set(self.model.feature.ravel().tolist())}
        self.columns = F.columns_for(read)
        # ...of which these are filled row by row, for the rows scored (F.fill_rows); `complete` fills the others.
        self.by_row = self.columns & F.BY_ROW
        self._whole = self.columns - self.by_row
        # Features no split reads: their values change no score and no explanation (only splits contribute).
        self.unread = frozenset(F.FEATURES) - read
        self.memo = RowMemo(self.columns)

    def __call__(
        self, kept: Sequence[str | None], stop: frozenset[str] | None = None
    ) -> tuple[list[Proposal], list[str]]:
        """Proposals for the kept view, most of the work in NumPy over all lines at once; `stop` is the stoplist
        of the document's language when a guess was already made (else the stage guesses).

        Removals are made in rounds: after each, the lines left are scored again as the whole document, the
        way a second cleaning of the output would see them, until a round removes nothing. Run again on its
        own output the stage therefore finds nothing more to remove.
        """
        if not learned.worth_reading(kept):
            return [], []
        return self.read(kept, stop)

    def read(self, kept: Sequence[str | None], stop: frozenset[str] | None = None) -> tuple[list[Proposal], list[str]]:
        """`__call__` on a view already known to be worth reading (`learned.Shipped` has asked)."""
        if stop is None:
            _lang, stop = stoplist_for(kept)
        if not stop:
            return [], [STEP_ASIDE]
        # The classifier's stopword counts of this page's long lines, where it read them with this stoplist.
        stats, lines = self.memo.stats(kept, stop, stop_shares(stop))
        kept_rows = False
        # The page's characters, summed when the model first finds candidates (most pages it reads, it finds none).
        total = -1.0
        # The rows still in the page (None: all of them, read in place rather than gathered).
        alive: np.ndarray | None = None
        count = len(stats.index)
        # (features, rows removed, their probabilities, their patterns of tests if the model packs them)
        taken: list[tuple[F.LineFeatures, np.ndarray, np.ndarray, np.ndarray | None]] = []
        for _ in range(MAX_ROUNDS):
            base, prose, many, open_rows = guarded(stats, alive)
            if count < MIN_LINES or many < MIN_PROSE_LINES:
                break
            # Only rows in a run of open rows can be removed (see `in_runs`): an article whose every
            # short line sits alone among prose is done before any feature is computed.
            scored = open_rows.nonzero()[0]
            if not len(scored):
                break
            filled = F.fill_rows(stats, scored if alive is None else alive[scored], lines, self.by_row)
            feats = F.assemble(stats, alive, base, self._whole, self.unread)
            # The rows now have the model's columns; a later round may fill more rows' BY_ROW columns.
            if not kept_rows or len(filled):
                self.memo.keep(stats, stop, lines, filled, fresh_too=not kept_rows)
                kept_rows = True
            prob = np.zeros(count)
            # The scored rows' features where `assemble` wrote them (the trees read feature by feature).
            prob[scored], patterns = self.model.scores_in(feats.internal, scored, F.ORDER)
            # Most pages have no row at the threshold: their runs are not looked for (five NumPy calls).
            hot = open_rows & (prob >= self.threshold)
            candidates = in_runs(hot).nonzero()[0] if np.count_nonzero(hot) >= MIN_RUN else scored[:0]
            if len(candidates):
                # Read only where the model would remove something (most pages it reads, it does not).
                now = lines if alive is None else [lines[i] for i in alive]
                colons = colon_at(now)
                turns = speaker_turns(now, prose, colons) | short_real_lines(now, base, colons)
                if turns.any():
                    open_rows = in_runs(open_rows & ~turns)
                    candidates = in_runs(open_rows & (prob >= self.threshold)).nonzero()[0]
            if not len(candidates):
                break
            if total < 0:
                total = float(stats.table[:, 0].sum())
            gone = 0.0 if alive is None else total - float(feats_chars(stats, alive).sum())
            going = candidates if alive is None else alive[candidates]
            if gone + float(feats_chars(stats, going).sum()) > MAX_REMOVED_SHARE * total:
                # The model would take more of the page than it is ever right about: it does not understand
                # this page, and a partial cut would leave a second cleaning more to take. Keep the page.
                return [], []
            # Explained once the page is known to keep them (a later round can still leave the page whole).
            # Candidates are scored rows (open ones), so their patterns are columns of the scored rows'.
            tests = None if patterns is None else patterns[:, scored.searchsorted(candidates)]
            taken.append((feats, candidates, prob[candidates], tests))
            left = np.ones(count, bool)
            left[candidates] = False
            alive = left.nonzero()[0] if alive is None else alive[left]
            count = len(alive)
        else:
            # Still finding more after MAX_ROUNDS: a second cleaning would find more again. Keep the page.
            return [], []
        out = [proposal for feats, rows, prob, tests in taken for proposal in self._explained(feats, rows, prob, tests)]
        return sorted(out, key=lambda p: p.line), []

    def _explained(
        self, feats: F.LineFeatures, rows: np.ndarray, prob: np.ndarray, tests: np.ndarray | None = None
    ) -> list[Proposal]:
        """The proposals for the given rows of one round's features, each with its explanation; `tests` are the
        rows' patterns of tests from scoring them, when the model packs its trees."""
        # The rows' features gathered from `assemble`'s rows (the page's whole matrix is never made).
        matrix = feats.internal.take(rows, axis=1).take(F.ORDER, axis=0).T
        contrib = self.model.contributions_in(feats.internal, rows, F.ORDER, matrix, tests)
        # Every row's features ranked at once (one argsort per row cost more than the ranking), and the RANKED
        # strongest read as Python numbers with their values (a NumPy scalar per look-up cost more than the words;
        # reading every column of both tables cost more than the words too).
        ranked = (-contrib).argsort(axis=1, kind="stable")[:, :RANKED]
        at = np.arange(len(ranked))[:, None]  # np.take_along_axis, without its Python wrapper
        pushes = contrib[at, ranked].tolist()
        values = matrix[at, ranked].tolist()
        whole = ranked.shape[1] == contrib.shape[1]
        p_of = prob.tolist()
        out: list[Proposal] = []
        for k, (line, row, order) in enumerate(
            zip(feats.index[rows].tolist(), rows.tolist(), ranked.tolist(), strict=True)
        ):
            why = _words(feats, row, order, pushes[k], values[k], p_of[k], whole)
            if why is None:  # more features are needed than were ranked
                why = explain(feats, row, contrib[k].tolist(), p_of[k], None, matrix[k].tolist())
            out.append(Proposal(line, RULE_ID, CATEGORY, p_of[k], why))
        return out


def guarded(stats: F.LineStats, alive: np.ndarray | None) -> tuple[F.LineBasics, np.ndarray, int, np.ndarray]:
    """The guards of a round over the `alive` rows of `stats` (all when None): their basics, prose flags and count,
    and the rows open to removal (`_guarded_py`; by the kernel `_reading.guards` when it is built, in one call where
    the twin made some forty NumPy calls on a page of a few dozen lines)."""
    if _NATIVE is None:
        return _guarded_py(stats, alive)
    n = len(stats.table) if alive is None else len(alive)
    words = np.empty(n, np.int64)
    share = np.empty(n)
    ends = np.empty(n, np.bool_)
    drun = np.empty(n, np.int64)
    table_row = np.empty(n, np.bool_)
    prose = np.empty(n, np.bool_)
    open_rows = np.empty(n, np.bool_)
    level, many = _NATIVE.guards(
        stats.table,
        alive,
        F.GUARD_COLUMNS,
        float(F.PROSE_CHARS),
        F.MIN_PROSE_LINES,
        F.DEFAULT_PROSE_STOP,
        PROSE_MIN_WORDS,
        PROSE_STOP_FACTOR,
        DATA_RUN,
        words,
        share,
        ends.view(np.uint8),
        drun,
        table_row.view(np.uint8),
        prose.view(np.uint8),
        open_rows.view(np.uint8),
    )
    return F.LineBasics(words, share, ends, drun, level, table_row), prose, many, open_rows


def _guarded_py(stats: F.LineStats, alive: np.ndarray | None) -> tuple[F.LineBasics, np.ndarray, int, np.ndarray]:
    """`guarded`'s pure twin."""
    base = F.basics(stats, alive)
    prose = _prose(base)
    open_rows = ~protected(base, prose)
    # The first line the stage reads is never removed. It guarded the title's place while the stage read the page
    # with the title still in it; the adapter now hides what later stages move out (cleaner/stages/learned.py), and
    # the guard stays because the threshold was chosen with it.
    if len(open_rows):
        open_rows[0] = False
    return base, prose, int(np.count_nonzero(prose)), in_runs(open_rows)


def in_runs(flag: np.ndarray) -> np.ndarray:
    """Flagged rows in a run of at least MIN_RUN flagged rows: chrome comes in blocks (menus, teaser lists,
    footers), while the real lines a model mistakes for chrome (a subheading, a list item, a caption) sit alone
    among prose."""
    if MIN_RUN <= 1:
        return flag
    if MIN_RUN == 2:
        # A run of two or more is a flagged row with a flagged neighbour (a third of the run-length count's cost).
        beside = np.zeros(len(flag), bool)
        beside[1:] = flag[:-1]
        beside[:-1] |= flag[1:]
        return flag & beside
    return flag & (F.run_lengths(flag) >= MIN_RUN)


def feats_chars(stats: F.LineStats, rows: np.ndarray) -> np.ndarray:
    """Characters of the given rows (the removal budget counts characters)."""
    return stats.table[rows, 0]


def _prose(feats: F.LineBasics) -> np.ndarray:
    """Long lines that end like a sentence with a normal stopword density."""
    return (feats.words >= PROSE_MIN_WORDS) & feats.ends & (feats.stop_share >= PROSE_STOP_FACTOR * feats.prose_stop)


def protected(feats: F.LineBasics, prose: np.ndarray | None = None) -> np.ndarray:
    """Rows the stage may never remove: prose (`_prose`, when the caller has it) and table or list data (lines
    with digits in a run of such lines, and their neighbours; table rows)."""
    data = feats.digit_run >= DATA_RUN
    # ...and the lines right beside such a run: a recipe's list mixes "200 g sugar" with "cling film"
    # (the stage took a tf must-keep ingredient that way).
    near = data.copy()
    near[1:] |= data[:-1]
    near[:-1] |= data[1:]
    # A table row ("| Stadion | Stadion im. Alfreda Smoczyka w Lesznie |") is the article's fact box: one fold's
    # model took a match report's whole box on trafilatura.txt, and with it a must-keep snippet (CV, tf).
    return (_prose(feats) if prose is None else prose) | near | feats.table_row


def colon_at(lines: Sequence[str]) -> dict[int, int]:
    """Where each row's first ": " stands (row -> its offset), for the rows that hold one, in order: the rows a speaker
    label or a "Label: value" row can open. A line is searched for ": " only when it holds a colon (CPython finds one
    character by memchr, two by a slower search, which was most of both guards' time)."""
    return {row: at for row, t in enumerate(lines) if ":" in t and (at := t.find(": ")) >= 0}


def speaker_turns(lines: Sequence[str], prose: np.ndarray, colons: dict[int, int] | None = None) -> np.ndarray:
    """Rows that open with a speaker label of a dialogue: a label found at the start of SPEAKER_TURNS or more rows,
    one of them prose, and the other such labels whose rows overlap theirs (the interviewer's short questions).
    Their short turns ("Gerne. Bis morgen.") are article text that the model reads as chrome; a label repeated
    outside the dialogue ("Foto: …" credits after it) is not a turn. `colons` is `colon_at(lines)` when the caller
    has it."""
    labels: dict[str, list[int]] = {}
    for row, at in (colon_at(lines) if colons is None else colons).items():
        # ": " within the first SPEAKER_CHARS characters.
        if at <= SPEAKER_CHARS - 2:
            text = lines[row]
            found = _SPEAKER.match(text)
            if found is not None and found[1][0].isupper():
                labels.setdefault(found[1], []).append(row)
    out = np.zeros(len(lines), bool)
    repeated = [rows for rows in labels.values() if len(rows) >= SPEAKER_TURNS]
    talking = [rows for rows in repeated if prose[rows].any()]
    if not talking:
        return out
    first, last = min(rows[0] for rows in talking), max(rows[-1] for rows in talking)
    for rows in repeated:
        if rows[0] <= last and rows[-1] >= first:
            out[rows] = True
    return out


def short_real_lines(lines: Sequence[str], feats: F.LineBasics, colons: dict[int, int] | None = None) -> np.ndarray:
    """Rows of the short real lines the model reads as chrome: a list's items under a heading, a recipe's or spec
    box's quantities, a fact box's "Label: value" lines (each guard in `_SHAPES`, read from the kept lines alone).
    `colons` is `colon_at(lines)` when the caller has it (the fact box's guard reads it)."""
    out = np.zeros(len(lines), bool)
    for guard in _SHAPES.values():
        out |= fact_runs(lines, feats, colons) if guard is fact_runs else guard(lines, feats)
    return out


def list_items(lines: Sequence[str], feats: F.LineBasics) -> np.ndarray:
    """Bulleted rows in a run of at least LIST_RUN under a short heading, LIST_ITEM_WORDS words long on average."""
    # The pattern is tried only on lines that open with a bullet's mark (a pattern call and a generator step per line
    # were most of this guard, and most pages have no such line).
    found = [row for row, t in enumerate(lines) if t[:1] in _BULLET_MARKS and _BULLET.match(t) is not None]
    out = np.zeros(len(lines), bool)
    if len(found) < LIST_RUN:
        return out
    bullet = np.zeros(len(lines), bool)
    bullet[found] = True
    starts, ends = F.run_edges(bullet)
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        # A run is whole, so the line above it is no bullet: it is the heading, if there is a line above.
        if end - start < LIST_RUN or start == 0:
            continue
        head = start - 1
        if feats.words[head] > HEADING_WORDS or feats.ends[head]:
            continue
        if feats.words[start:end].mean() >= LIST_ITEM_WORDS:
            out[start:end] = True
    return out


def quantity_blocks(lines: Sequence[str], feats: F.LineBasics) -> np.ndarray:
    """Blocks of short lines (under PROSE_MIN_WORDS words) with digits at most QUANTITY_GAP lines apart,
    QUANTITY_LINES or more of them with QUANTITY_BARE amounts among them: the block, with the lines between."""
    digits = ((feats.digit_run > 0) & (feats.words < PROSE_MIN_WORDS)).nonzero()[0]
    out = np.zeros(len(lines), bool)
    if len(digits) < QUANTITY_LINES:
        return out
    # The blocks as slices of the rows' list (np.diff and np.split cost more than the blocks' reading: their Python
    # wrappers, and an array per block).
    cuts = ((digits[1:] - digits[:-1]) > QUANTITY_GAP + 1).nonzero()[0] + 1
    rows = digits.tolist()
    edges = [0, *cuts.tolist(), len(rows)]
    for start, end in itertools.pairwise(edges):
        if end - start < QUANTITY_LINES:
            continue
        block = rows[start:end]
        if sum(map(_amount, (lines[i] for i in block))) >= QUANTITY_BARE:
            out[block[0] : block[-1] + 1] = True
    return out


def _amount(line: str) -> bool:
    """A bare amount with a unit or a fraction, or a bracketed amount with its unit."""
    bare = _AMOUNT.fullmatch(line)
    return (bare is not None and _UNIT.search(line) is not None) or _BRACKETED.search(line) is not None


def fact_runs(lines: Sequence[str], feats: F.LineBasics, colons: dict[int, int] | None = None) -> np.ndarray:
    """ "Label: value" rows (FACT_WORDS words at most, no sentence end) in a run of at least FACT_RUN, each label
    once on the page: a label repeated ("Foto: Reuters", "Foto: dpa") is a credit or a link list's, not a fact.
    `colons` is `colon_at(lines)` when the caller has it."""
    # Each such row's label (the text before its first ": "), by row: only rows with a ": " are tried.
    labels = {
        row: lines[row][:at]
        for row, at in (colon_at(lines) if colons is None else colons).items()
        if _FACT.fullmatch(lines[row]) is not None
    }
    # Counted in a plain dict: `Counter`'s constructor asks whether its argument is a Mapping (an ABC check that was
    # a fifth of this guard); and on most pages no line is such a row, so there is nothing more to read.
    seen: dict[str, int] = {}
    for label in labels.values():
        seen[label] = seen.get(label, 0) + 1
    fact = np.zeros(len(lines), bool)
    if not seen:
        return fact
    fact[[row for row, label in labels.items() if seen[label] == 1]] = True
    fact &= (feats.words <= FACT_WORDS) & ~feats.ends
    return fact & (F.run_lengths(fact) >= FACT_RUN)


# The shape guards `short_real_lines` reads, by name (so that each can be measured alone).
_SHAPES: dict[str, Callable[[Sequence[str], F.LineBasics], np.ndarray]] = {
    "list": list_items,
    "quantity": quantity_blocks,
    "fact": fact_runs,
}


def explain(
    feats: F.LineFeatures,
    row: int,
    contrib: Sequence[float],
    probability: float,
    order: Sequence[int] | None = None,
    values: Sequence[float] | None = None,
) -> str:
    """'p=0.93: 4 words, no stopwords, in a run of 11 short lines': the three strongest pushes toward removal.
    `order` is the features by falling contribution (its first RANKED at least) when the caller has ranked them;
    `values` the row of the feature matrix when the caller has it."""
    ranked = (-np.asarray(contrib)).argsort(kind="stable").tolist() if order is None else order
    pushes = [contrib[j] for j in ranked]
    words = _words(
        feats,
        row,
        ranked,
        pushes,
        None if values is None else [values[j] for j in ranked],
        probability,
        len(ranked) == len(contrib),
    )
    return explain(feats, row, contrib, probability, None, values) if words is None else words


def _words(
    feats: F.LineFeatures,
    row: int,
    ranked: Sequence[int],
    pushes: Sequence[float],
    values: Sequence[float] | None,
    probability: float,
    whole: bool,
) -> str | None:
    """`explain`'s words from the features `ranked` by falling contribution, their contributions (`pushes`) and
    values (in the same order); None when the words need more features than were ranked (`whole`: all were)."""
    parts: list[str] = []
    for k, j in enumerate(ranked):
        if pushes[k] <= 0 or len(parts) >= EXPLAIN_TOP:
            break
        if k == len(ranked) - 1 and not whole:
            return None
        text = describe(j, feats, row, None if values is None else values[k])
        if text and text not in parts:
            parts.append(text)
    return f"line model p={probability:.2f}: " + (", ".join(parts) or "no single feature stands out")


def _lines(x: float) -> str:
    """A log1p-scaled line or character count back as a whole number."""
    return f"{math.expm1(x):.0f}"


def _stopwords(x: float, feats: F.LineFeatures, row: int) -> str:
    share = float(feats.stop_share[row])
    return "no stopwords" if share == 0 else f"{share:.0%} stopwords (prose here: {feats.prose_stop:.0%})"


def _short_run(x: float, feats: F.LineFeatures, row: int) -> str:
    run = int(feats.short_run[row])
    return f"in a run of {run} short lines" if run else "not in a run of short lines"


# Feature name -> its value in words, from (the feature's value, the document's features, the row).
Describe = Callable[[float, F.LineFeatures, int], str]
_DESCRIBE: dict[str, Describe] = {
    "log_chars": lambda x, f, r: f"{int(f.words[r])} words",
    "log_words": lambda x, f, r: f"{int(f.words[r])} words",
    "stop_share": _stopwords,
    "stop_vs_prose": _stopwords,
    "ends_sentence": lambda x, f, r: "ends like a sentence" if f.ends[r] else "no sentence end",
    "starts_upper": lambda x, f, r: "starts with a capital" if x else "starts in lowercase",
    "titlecase_share": lambda x, f, r: f"{x:.0%} of words capitalised",
    "digit_share": lambda x, f, r: f"{x:.0%} digits" if x else "no digits",
    "position": lambda x, f, r: f"at {x:.0%} of the page",
    "log_short_run": _short_run,
    "ctx_log_chars": lambda x, f, r: f"neighbours average {_lines(x)} characters",
    "ctx_stop_share": lambda x, f, r: f"neighbours {x:.0%} stopwords",
    "ctx_ends_sentence": lambda x, f, r: f"{x:.0%} of neighbours end like sentences",
    "wide_short_share": lambda x, f, r: f"{x:.0%} of the 16 lines around are short fragments",
    "before_first_prose": lambda x, f, r: "above the first prose line" if x else "not above the prose",
    "after_last_prose": lambda x, f, r: "below the last prose line" if x else "not below the prose",
    "prose_chars_before": lambda x, f, r: f"{x:.0%} of the prose above it",
    "shape_repeats": lambda x, f, r: f"{x:.0%} of the lines share its shape",
    "ends_colon": lambda x, f, r: "ends with a colon" if x else "no colon at the end",
    "log_prose_distance": lambda x, f, r: f"{_lines(x)} lines from the nearest prose",
    "separators": lambda x, f, r: f"{int(x)} separators" if x else "no separators",
    "web_marks": lambda x, f, r: "a web address or ©" if x else "no web address",
    "list_mark": lambda x, f, r: "a list mark" if x else "no list mark",
    "doc_short_share": lambda x, f, r: f"page is {x:.0%} short lines",
    "log_doc_lines": lambda x, f, r: f"page of {len(f.index)} lines",
    "short_no_end": lambda x, f, r: "short, no sentence end" if x else "not a short fragment",
    "short_upper_no_end": lambda x, f, r: "short, no sentence end" if x else "not a short fragment",
    "log_from_end": lambda x, f, r: f"{_lines(x)} lines from the end",
    "log_lines_after_prose": lambda x, f, r: (
        f"{_lines(x)} lines below the last prose line" if x else "not below the prose"
    ),
    "log_lines_before_prose": lambda x, f, r: (
        f"{_lines(x)} lines above the first prose line" if x else "not above the prose"
    ),
    "after_comment_header": lambda x, f, r: "below a comment-thread header" if x else "not in a comment thread",
    "date_like": lambda x, f, r: "a date or time" if x else "no date",
    "ends_ellipsis": lambda x, f, r: "cut short with an ellipsis" if x else "no ellipsis",
    "mean_word_chars": lambda x, f, r: f"words of {x:.1f} characters on average",
    "upper_share": lambda x, f, r: f"{x:.0%} capital letters",
    "wide_prose_share": lambda x, f, r: f"{x:.0%} of the 16 lines around are prose",
    "alternates": lambda x, f, r: "shapes alternate as in a teaser list" if x else "shapes do not alternate",
    "wide_date_share": lambda x, f, r: f"{x:.0%} of the 16 lines around hold a date",
    "second_person": lambda x, f, r: f"{x:.0%} second-person words" if x else "no second-person words",
    "promo_words": lambda x, f, r: f"{int(x)} promotion or legal words" if x else "no promotion or legal words",
    "ctx_promo": lambda x, f, r: f"{x:.0%} of neighbours hold promotion or legal words",
    "log_prose_above": lambda x, f, r: f"{_lines(x)} lines below the prose above it",
    "log_prose_below": lambda x, f, r: f"{_lines(x)} lines above the prose below it",
    "in_main_block": lambda x, f, r: "inside the main block of prose" if x else "outside the main block of prose",
    "log_main_distance": lambda x, f, r: f"{_lines(x)} lines from the main block of prose",
    "main_block_share": lambda x, f, r: f"the main block holds {x:.0%} of the prose",
    "log_nonprose_run": lambda x, f, r: f"in a run of {_lines(x)} lines without prose",
    "digit_run": lambda x, f, r: (
        f"in a run of {int(f.digit_run[r])} lines with digits" if x else "not in a run of numbers"
    ),
}


def _neighbour_words(side: str, prefix: str) -> dict[str, Describe]:
    """The previous- and next-line features read the same but for the side."""
    return {
        f"{prefix}_short": lambda x, f, r: (
            f"{side} line a short fragment" if x > 0 else f"{side} line not a short fragment"
        ),
        f"{prefix}_log_chars": lambda x, f, r: f"{side} line {_lines(x)} characters" if x >= 0 else f"no {side} line",
        f"{prefix}_ends": lambda x, f, r: f"{side} line ends like a sentence" if x > 0 else f"{side} line no sentence",
    }


_DESCRIBE |= _neighbour_words("previous", "prev") | _neighbour_words("next", "next")


def describe(column: int, feats: F.LineFeatures, row: int, value: float | None = None) -> str:
    """One feature's value in words, as a reader would check it against the line (its name if it has none);
    `value` is the feature's value on the row when the caller has it. By column: the describer is one list
    look-up away (by name it was two more look-ups per feature named)."""
    words = _BY_COLUMN[column]
    if words is None:
        return F.FEATURES[column]
    return words(float(feats.matrix[row, column]) if value is None else value, feats, row)


# Each feature column's describer (None: the feature is named as it is).
_BY_COLUMN: list[Describe | None] = [_DESCRIBE.get(name) for name in F.FEATURES]


# The guard kernel (cleaner/learned/_reading.pyx) when it is built and reads runs as `in_runs` does with MIN_RUN 2.
_NATIVE = kernel("cleaner.learned._reading") if MIN_RUN == 2 else None
