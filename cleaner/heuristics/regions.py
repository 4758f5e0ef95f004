"""From line classes to removed regions: jusText's context idea, on runs of lines instead of DOM blocks.

A lone short line between two prose paragraphs is a subheading and stays. What goes is runs of
menu items (navigation that lost its links), menu bars, and the chrome before and after the prose
that forms the article: the "core", the largest cluster of prose lines plus any cluster of similar size.

Every value below was set on the dev corpus (fulltext.txt, sh and tf halves checked separately) with
`cleaner.clean()` and the reference scorer; the comment says what moved when it changed.
"""

from __future__ import annotations

from collections.abc import Sequence

from cleaner.heuristics.features import BLANK, DIGIT, GOOD, ITEM, MENU, NAVLIKE, NEAR, SHORT_CHARS

NAV = "HEU001"
MENU_LINE = "HEU002"
TOP = "HEU003"
TAIL = "HEU004"

# A run of this many nav-like lines between prose paragraphs can be navigation; shorter runs are
# subheadings, datelines and short lists. (3 lost recipe and spec lists on tf; 5 kept them.)
NAV_RUN = 5
# ...and it is navigation only if this share of its lines are menu items (short, capitalised, no
# digits): lists that are content (ingredients, specs, tables of contents) carry numbers and lowercase.
# Without this test nav runs lost 24 must-keep tf snippets; with it 5, for 159 -> 39 boilerplate ones.
NAV_ITEM_SHARE = 0.6
# A shorter run of menu items (or of headline-like lines, see TEASER_SHARE) already marks the
# masthead before the core; the top is cut at the end of the last such run. (3 lost 6 more tf
# must-keep snippets on fulltext.txt than 4, mostly short item runs inside recipes and forums.)
EDGE_RUN = 4
EDGE_ITEM_SHARE = 0.6
# Teaser headlines ("Most popular" lists) count as chrome when nearly all lines of a run look like
# headlines; lower shares took poems and bullet lists for teasers (0.75 and 0.9 scored the same on sh).
TEASER_SHARE = 0.9
# In auto mode a document is a page dump from this many lines in chrome runs. Measured on the dev
# corpus: 90% of trafilatura.txt outputs have at most 6 such lines, the median fulltext.txt has 72.
AUTO_CHROME_LINES = 8
# ...and its top and tail are cut only from this many: cutting the edges of text that is mostly
# article (trafilatura's output with a comment thread) cost trafilatura.txt 0.9 points of tf recall
# at 8; at 20 its recall loss is within 0.5 points while fulltext.txt keeps nearly all its gain.
AUTO_EDGE_LINES = 20
# Prose clusters split where this many menu items run between prose lines, or this many lines of
# any non-prose kind (4 and 15 scored within 0.003 F1 of these).
BREAK_RUN = 3
BREAK_LINES = 10
# Only menu items and menu lines split clusters: lists in the article (ingredients, specs) carry
# digits and lowercase and must not split it.
BREAKING = frozenset((ITEM, MENU))
# A prose cluster belongs to the core if it has this share of the largest cluster's characters;
# smaller ones are author boxes, comment prompts and teasers in the chrome. (0.15 lost 0.017 sh F1.)
KEEP_SHARE = 0.3
# With less prose than this the page is not an article of paragraphs (a list, a table, a forum
# thread of short posts): there is no core to measure the edges from, so only nav runs go.
MIN_CORE_CHARS = 500
# Non-blank lines kept just before the core: headline, byline, date (4 and 6 scored 0.003 lower sh F1).
TOP_KEEP = 3
# Lines kept just after the core unless they are menu items: a sign-off or a last short paragraph.
TAIL_KEEP = 1


def decide(cls: Sequence[int], lines: Sequence[str | None], enabled: frozenset[str], *,
           auto: bool = False) -> list[tuple[int, str]]:
    """(line index, heuristic id) for each line to remove, in line order.

    With `auto`, only a page dump is touched: one with at least AUTO_CHROME_LINES lines in chrome
    runs. Extracted article text (trafilatura's output, an <article>'s text) rarely has any.
    """
    nonblank = [i for i, c in enumerate(cls) if c != BLANK]
    runs = _runs(nonblank, cls)
    chrome_runs = _chrome_runs(nonblank, runs, cls, lines)
    edges = True
    if auto:
        chrome = sum(b - a for a, b in chrome_runs)
        if chrome < AUTO_CHROME_LINES:
            return []
        edges = chrome >= AUTO_EDGE_LINES
    out: dict[int, str] = {}
    span = _core(nonblank, cls, lines)
    # The headline block just above the core is never removed, by any heuristic.
    protected = set(nonblank[max(0, span[0] - TOP_KEEP):span[0]]) if span else set()
    if span is not None and edges:
        first, last = span
        if TOP in enabled:
            before = [b for _a, b in chrome_runs if b <= first]
            if before:
                # Prose and long sentences above the core stay: cookie notices are the phrase rules' job,
                # and an article split by a share bar must not lose its opening. Cutting prose too cost
                # 36 tf must-keep snippets; cutting long sentences 5 more, for 0.004 sh F1.
                for i in nonblank[:max(0, min(before[-1], first - TOP_KEEP))]:
                    c = cls[i]
                    if c in NAVLIKE or (c == NEAR and len(lines[i] or "") < SHORT_CHARS):
                        out[i] = TOP
        if TAIL in enabled:
            # Cutting only from the first menu run after the core saved 8 tf snippets but kept 89 more
            # boilerplate ones on fulltext.txt: what follows an article is nearly always chrome.
            start = last + 1
            while start < len(nonblank) and start <= last + TAIL_KEEP and cls[nonblank[start]] not in BREAKING:
                start += 1
            for i in nonblank[start:]:
                out[i] = TAIL
    if NAV in enabled:
        for a, b in runs:
            if b - a >= NAV_RUN and _items(nonblank[a:b], cls) >= NAV_ITEM_SHARE:
                for i in nonblank[a:b]:
                    if i not in protected:
                        out.setdefault(i, NAV)
    if MENU_LINE in enabled:
        for i in nonblank:
            if cls[i] == MENU:
                out.setdefault(i, MENU_LINE)
    return sorted(out.items())


def chrome_lines(cls: Sequence[int], lines: Sequence[str | None]) -> int:
    """Lines in chrome runs: the page-dump signal auto mode checks before doing any further work."""
    nonblank = [i for i, c in enumerate(cls) if c != BLANK]
    return sum(b - a for a, b in _chrome_runs(nonblank, _runs(nonblank, cls), cls, lines))


def _chrome_runs(nonblank: list[int], runs: list[tuple[int, int]], cls: Sequence[int],
                 lines: Sequence[str | None]) -> list[tuple[int, int]]:
    return [(a, b) for a, b in runs if b - a >= EDGE_RUN and _is_chrome(nonblank[a:b], cls, lines)]


def _core(nonblank: list[int], cls: Sequence[int], lines: Sequence[str | None]) -> tuple[int, int] | None:
    """First and last position (in `nonblank`) of the article's prose, or None without enough prose.

    Prose lines form clusters split by chrome between them; the core spans every cluster with a fair
    share of the largest one's text, so that a footer's author box or comment prompt does not stretch it.
    """
    clusters: list[list[int]] = []
    gap = run = longest = 0
    for k, i in enumerate(nonblank):
        c = cls[i]
        if c == GOOD:
            if not clusters or longest >= BREAK_RUN or gap >= BREAK_LINES:
                clusters.append([])
            clusters[-1].append(k)
            gap = run = longest = 0
            continue
        gap += 1
        run = run + 1 if c in BREAKING else 0
        longest = max(longest, run)
    mass = [sum(len(lines[nonblank[k]] or "") for k in c) for c in clusters]
    if sum(mass) < MIN_CORE_CHARS:
        return None
    biggest = max(mass)
    kept = [c for c, m in zip(clusters, mass, strict=True) if m >= KEEP_SHARE * biggest]
    return kept[0][0], kept[-1][-1]


def _is_chrome(run: Sequence[int], cls: Sequence[int], lines: Sequence[str | None]) -> bool:
    """A run that marks the page's chrome: menu items, or headlines of other articles."""
    return _items(run, cls) >= EDGE_ITEM_SHARE or _headlines(run, lines) >= TEASER_SHARE


def _items(run: Sequence[int], cls: Sequence[int]) -> float:
    return sum(1 for i in run if cls[i] in (ITEM, MENU)) / len(run)


def _headlines(run: Sequence[int], lines: Sequence[str | None]) -> float:
    """Share of headline-like lines: capitalised, without digits (list content has quantities and numbers)."""
    n = 0
    for i in run:
        s = (lines[i] or "").strip()
        if s and not s[0].islower() and not DIGIT.search(s):
            n += 1
    return n / len(run)


def _runs(nonblank: list[int], cls: Sequence[int]) -> list[tuple[int, int]]:
    """Runs of nav-like lines as [start, end) positions in `nonblank`, from first to last menu item.

    Blank lines do not break a run. A headline or dateline next to a menu is not part of it, so that
    taking one away (as the headline stage does before a second cleaning) changes no decision.
    """
    trimmed = []
    for a, b in _maximal_runs(nonblank, cls):
        while a < b and cls[nonblank[a]] not in BREAKING:
            a += 1
        while b > a and cls[nonblank[b - 1]] not in BREAKING:
            b -= 1
        if a < b:
            trimmed.append((a, b))
    return trimmed


def _maximal_runs(nonblank: list[int], cls: Sequence[int]) -> list[tuple[int, int]]:
    runs = []
    start: int | None = None
    for k, i in enumerate(nonblank):
        if cls[i] in NAVLIKE:
            if start is None:
                start = k
        elif start is not None:
            runs.append((start, k))
            start = None
    if start is not None:
        runs.append((start, len(nonblank)))
    return runs
