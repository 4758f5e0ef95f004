"""From hashed counts to template rules: thresholds, guards, runs.

A line is chrome of a site group when it shows on at least `min_share` of the group's pages and
on at least `min_support` of them, in a group of at least `min_pages` pages (issue 12's measured
pass: 30% and 3 pages). Each guard can be switched off, so benchmarks/templates.py can measure
what it costs and what it saves.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

from cleaner.templates.counts import SAMPLE_AT_PAGES, GroupCounts, TemplateCounts
from cleaner.templates.guards import looks_like_prose
from cleaner.templates.normalise import literal_pattern

# Issue 12's measured pass: lines on >= 30% of a site's pages and on >= 3 of them.
DEFAULT_MIN_SHARE = 0.3
MIN_SUPPORT_PAGES = SAMPLE_AT_PAGES
# Fewer pages than this say too little about a site (issue 12's default); a batch of mixed sites
# (about one page each) therefore learns nothing at all.
DEFAULT_MIN_PAGES = 5
# Prose-looking lines need to be on this share of pages: a site's recurring legal or newsletter
# sentence is on nearly every page, a reprinted quote on a handful.
DEFAULT_PROSE_SHARE = 0.6
# A run of at least this many recurring lines in a fixed order becomes one drop-block rule.
MIN_RUN_LINES = 3
# Era keys of a group are written after this separator: "bbc.co.uk@2012".
ERA_SEP = "@"


@dataclass(frozen=True, slots=True)
class LearnOptions:
    """Thresholds and guards; the defaults are the measured ones."""

    min_pages: int = DEFAULT_MIN_PAGES
    min_share: float = DEFAULT_MIN_SHARE
    min_support: int = MIN_SUPPORT_PAGES
    prose_share: float = DEFAULT_PROSE_SHARE
    guard_headline: bool = True
    guard_prose: bool = True
    runs: bool = True


@dataclass(frozen=True, slots=True)
class LearnedLine:
    """One recurring line: its text (a sample), on how many pages it showed, and where it sits in a run."""

    text: str
    support: int


@dataclass(slots=True)
class LearnedSite:
    """What was learned for one site: lines, runs of lines, and the evidence behind them."""

    site: str
    pages: int
    groups: list[str] = field(default_factory=list)
    lines: list[LearnedLine] = field(default_factory=list)
    runs: list[list[LearnedLine]] = field(default_factory=list)
    keep_sample: str | None = None
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def rule_count(self) -> int:
        """Rules this site's file will hold."""
        return len(self.lines) + len(self.runs)

    def chars(self) -> int:
        """Characters the rules would remove from the learning pages (text length x support)."""
        every = [*self.lines, *(x for run in self.runs for x in run)]
        return sum(len(x.text) * x.support for x in every)


def site_of(group: str) -> str:
    """The site part of a group key."""
    return group.split(ERA_SEP, 1)[0]


def _threshold(pages: int, share: float, opts: LearnOptions) -> int:
    return max(opts.min_support, math.ceil(share * pages - 1e-9))


def learn_group(g: GroupCounts, opts: LearnOptions, skipped: dict[str, int]) -> dict[int, LearnedLine]:
    """The hashes of one group that pass every threshold and guard, with their texts."""
    out: dict[int, LearnedLine] = {}
    if g.pages < opts.min_pages:
        return out
    base = _threshold(g.pages, opts.min_share, opts)
    prose = _threshold(g.pages, max(opts.prose_share, opts.min_share), opts)
    for h, c in g.lines.items():
        if c < base:
            continue
        text = g.samples.get(h)
        if text is None:
            skipped["no-sample"] = skipped.get("no-sample", 0) + 1
            continue
        if opts.guard_headline and h in g.headlines:
            skipped["headline"] = skipped.get("headline", 0) + 1
            continue
        if opts.guard_prose and c < prose and looks_like_prose(text):
            skipped["prose"] = skipped.get("prose", 0) + 1
            continue
        out[h] = LearnedLine(text, c)
    return out


def _runs(g: GroupCounts, learned: dict[int, LearnedLine], opts: LearnOptions) -> list[list[int]]:
    """Chains of learned lines that follow each other on as many pages as a line must recur on."""
    bar = _threshold(g.pages, opts.min_share, opts)
    succ: dict[int, tuple[int, int]] = {}
    pred: dict[int, tuple[int, int]] = {}
    for (a, b), c in g.pairs.items():
        if c < bar or a not in learned or b not in learned:
            continue
        if c > succ.get(a, (0, 0))[1]:
            succ[a] = (b, c)
        if c > pred.get(b, (0, 0))[1]:
            pred[b] = (a, c)
    nxt = {a: b for a, (b, _) in succ.items() if pred.get(b, (None, 0))[0] == a}
    has_prev = set(nxt.values())
    chains: list[list[int]] = []
    for start in nxt:
        if start in has_prev:
            continue
        chain, cur, seen = [start], start, {start}
        while cur in nxt and nxt[cur] not in seen:
            cur = nxt[cur]
            chain.append(cur)
            seen.add(cur)
        if len(chain) >= MIN_RUN_LINES:
            chains.append(chain)
    return sorted(chains, key=len, reverse=True)


def learn(counts: TemplateCounts, opts: LearnOptions | None = None) -> list[LearnedSite]:
    """Every site's learned lines and runs; eras of a site are learned apart and pooled, then united."""
    opts = opts or LearnOptions()
    by_site: dict[str, list[str]] = {}
    for key in counts.groups:
        by_site.setdefault(site_of(key), []).append(key)
    out: list[LearnedSite] = []
    for site, keys in sorted(by_site.items()):
        groups = [counts.groups[k] for k in keys]
        pooled = groups[0] if len(groups) == 1 else _pool(groups)
        res = LearnedSite(site, pooled.pages, groups=sorted(keys), keep_sample=pooled.keep_sample)
        learned: dict[int, LearnedLine] = {}
        candidates = [pooled, *groups] if len(groups) > 1 else [pooled]
        in_runs: set[int] = set()
        for g in candidates:
            found = learn_group(g, opts, res.skipped)
            for h, line in found.items():
                if h not in learned or learned[h].support < line.support:
                    learned[h] = line
            if opts.runs:
                for chain in _runs(g, found, opts):
                    if not in_runs.intersection(chain):
                        res.runs.append([learned[h] for h in chain])
                        in_runs.update(chain)
        res.lines = sorted(
            (x for h, x in learned.items() if h not in in_runs), key=lambda x: (-x.support, literal_pattern(x.text))
        )
        out.append(res)
    return out


def _pool(groups: list[GroupCounts]) -> GroupCounts:
    """A site's eras added up: the site-wide view that eras split."""
    pooled = GroupCounts()
    for g in groups:
        pooled.pages += g.pages
        for h, c in g.lines.items():
            pooled.lines[h] = pooled.lines.get(h, 0) + c
        for p, c in g.pairs.items():
            pooled.pairs[p] = pooled.pairs.get(p, 0) + c
        for h, s in g.samples.items():
            pooled.samples.setdefault(h, s)
        pooled.headlines |= g.headlines
        pooled.keep_sample = pooled.keep_sample or g.keep_sample
    return pooled


def iter_rules_lines(site: LearnedSite) -> Iterator[LearnedLine]:
    """Every learned line of a site, runs included."""
    yield from site.lines
    for run in site.runs:
        yield from run
