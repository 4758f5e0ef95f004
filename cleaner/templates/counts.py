"""Hashed line counts per site group, in bounded memory: all that learning keeps of a batch.

Each group (a site, or a site in one template era) holds, per hashed normal form of a line, the
number of its pages that show the line (once per page, whatever the page repeats). Texts are not
kept, except one sample line per hash once it has been seen on `SAMPLE_AT_PAGES` pages: a rule
needs a readable pattern and a drop example, and hashes that recur that often are few.

Memory is capped by `max_entries` over all groups. When the cap is reached the rarest entries
are pruned (lossy counting, after Manku & Motwani 2002): every count at or below the smallest
level that frees enough room is dropped. A line pruned and seen again restarts from zero, so a
surviving count can only be short, which makes learning more conservative, never bolder; the
highest level used (`floor`) and the number of prunes are reported with the result.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cleaner.templates.normalise import line_hash, normalise

# A hash gets its sample text once it is on this many pages: the smallest support any rule can
# have (MIN_SUPPORT_PAGES in learner.py), so every learnable line has its text.
SAMPLE_AT_PAGES = 3
# Entries (line counts, adjacency counts, samples, headlines) over all groups. Measured in
# benchmarks/templates_memory.py: a full table peaks at ~76 MB with dict overhead and pruning
# (1,000,000 synthetic documents), inside the 100 MB budget.
DEFAULT_MAX_ENTRIES = 600_000
# A prune goes on until the table is this full, so the next prune is not one insert away.
PRUNE_TO_SHARE = 0.7
# Hashes remembered as some page's headline, per group; headlines are one per page, so a site
# with more pages than this only forgets the oldest ones' exemption (never learns more from it).
MAX_HEADLINES_PER_GROUP = 2_000


# Keep examples are a sentence or two: long enough to be article text, short enough to review.
KEEP_MIN_CHARS = 40
KEEP_MAX_CHARS = 200


@dataclass(slots=True)
class GroupCounts:
    """Counts for one site group."""

    pages: int = 0
    lines: dict[int, int] = field(default_factory=dict)
    pairs: dict[tuple[int, int], int] = field(default_factory=dict)
    samples: dict[int, str] = field(default_factory=dict)
    headlines: set[int] = field(default_factory=set)
    # One real non-template line, for the rule file's keep example.
    keep_sample: str | None = None
    dates: tuple[str, str] | None = None

    def size(self) -> int:
        """Entries this group holds, as the memory cap counts them."""
        return len(self.lines) + len(self.pairs) + len(self.samples) + len(self.headlines)


@dataclass(slots=True)
class Page:
    """One document as learning sees it: its lines, its group and its headline's line hashes."""

    group: str
    lines: Sequence[str]
    headlines: frozenset[int] = frozenset()
    date: str | None = None


class TemplateCounts:
    """Streaming counts over many groups; merge() combines counts made in other processes."""

    def __init__(
        self, max_entries: int = DEFAULT_MAX_ENTRIES, *, first_pages: int | None = None, once_per_page: bool = True
    ) -> None:
        self.max_entries = max_entries
        self.first_pages = first_pages
        self.once_per_page = once_per_page
        self.groups: dict[str, GroupCounts] = {}
        self.entries = 0
        self.floor = 0
        self.pruned = 0
        self.prunes = 0
        self.pages_seen = 0

    def add(self, page: Page) -> None:
        """Count one page's lines in its group."""
        g = self.groups.get(page.group)
        if g is None:
            g = self.groups[page.group] = GroupCounts()
        self.pages_seen += 1
        if self.first_pages is not None and g.pages >= self.first_pages:
            return
        g.pages += 1
        if page.date:
            g.dates = (min(g.dates[0], page.date), max(g.dates[1], page.date)) if g.dates else (page.date, page.date)
        before = g.size()
        seen: set[int] = set()
        order: list[int | None] = []
        texts: list[str] = []
        lines = g.lines
        for raw in page.lines:
            norm = normalise(raw)
            if not norm:
                if raw.strip():
                    order.append(None)  # an unlearnable line breaks a run
                continue
            h = line_hash(norm)
            order.append(h)
            texts.append(raw.strip())
            if h in seen and self.once_per_page:
                continue
            seen.add(h)
            c = lines.get(h, 0) + 1
            lines[h] = c
            if c == SAMPLE_AT_PAGES and h not in g.samples:
                g.samples[h] = " ".join(raw.split())
        if g.keep_sample is None:
            g.keep_sample = _keep_candidate(page.lines)
        for h in page.headlines:
            if len(g.headlines) < MAX_HEADLINES_PER_GROUP:
                g.headlines.add(h)
        self._count_pairs(g, order, self.once_per_page)
        self.entries += g.size() - before
        if self.entries > self.max_entries:
            self._prune()

    @staticmethod
    def _count_pairs(g: GroupCounts, order: list[int | None], once: bool) -> None:
        """Adjacent line pairs, once per page: the raw material of runs (drop-block rules).

        Every pair is counted, not only pairs of lines already known to recur, so that counts
        made apart (Dask partitions) add up to exactly the counts of one pass.
        """
        pairs = g.pairs
        done: set[tuple[int, int]] = set()
        for a, b in itertools.pairwise(order):
            if a is None or b is None or a == b:
                continue
            key = (a, b)
            if once and key in done:
                continue
            done.add(key)
            pairs[key] = pairs.get(key, 0) + 1

    def _prune(self) -> None:
        """Drop the rarest counts until the table is PRUNE_TO_SHARE full (lossy counting).

        Each prune takes the smallest level that frees enough room: on real batches that is
        level 1, the lines seen on one page only (article text), so chrome survives untouched.
        """
        target = int(self.max_entries * PRUNE_TO_SHARE)
        level = 0
        while self.entries > target:
            level += 1
            for key in list(self.groups):
                g = self.groups[key]
                before = g.size()
                for h in [h for h, c in g.lines.items() if c <= level]:
                    del g.lines[h]
                    g.samples.pop(h, None)
                for p in [p for p, c in g.pairs.items() if c <= level]:
                    del g.pairs[p]
                if g.pages <= level and not g.lines:
                    # A group too small to learn from is forgotten whole, so a million one-page
                    # sites cannot hold a million empty groups.
                    g.headlines.clear()
                    del self.groups[key]
                self.pruned += before - g.size()
                self.entries -= before - g.size()
        self.floor = max(self.floor, level)
        self.prunes += 1

    def merge(self, other: TemplateCounts) -> None:
        """Add another process's counts (Dask partitions, pool workers): learning is a reduction."""
        self.pages_seen += other.pages_seen
        self.floor = max(self.floor, other.floor)
        self.pruned += other.pruned
        for key, o in other.groups.items():
            g = self.groups.get(key)
            if g is None:
                g = self.groups[key] = GroupCounts()
            before = g.size()
            g.pages += o.pages
            for h, c in o.lines.items():
                g.lines[h] = g.lines.get(h, 0) + c
            for p, c in o.pairs.items():
                g.pairs[p] = g.pairs.get(p, 0) + c
            for h, s in o.samples.items():
                g.samples.setdefault(h, s)
            g.headlines.update(o.headlines)
            g.keep_sample = g.keep_sample or o.keep_sample
            if o.dates:
                g.dates = (min(g.dates[0], o.dates[0]), max(g.dates[1], o.dates[1])) if g.dates else o.dates
            self.entries += g.size() - before
        # A sample may be missing where each part saw a line fewer than SAMPLE_AT_PAGES times;
        # such a line is learned only if a later page (or the second pass) supplies its text.
        if self.entries > self.max_entries:
            self._prune()


def _keep_candidate(lines: Iterable[str]) -> str | None:
    """The longest line of a group's first page, for a keep example; rulefile.py checks that no
    learned rule matches it (chrome lines are short, so the longest line is nearly always prose)."""
    best: str | None = None
    for raw in lines:
        s = " ".join(raw.split())
        if KEEP_MIN_CHARS <= len(s) <= KEEP_MAX_CHARS and (best is None or len(s) > len(best)):
            best = s
    return best
