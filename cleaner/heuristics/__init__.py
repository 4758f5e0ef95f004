"""Text-only block classifier for full-page dumps (navigation runs, link lists, footers).

Runs after the phrase rules (on the lines they kept), only where enabled; it proposes blocks and
never edits the lines. `auto` decides per document whether the
text looks like a full-page dump (then all heuristics run) or mostly an article (then only the
evidence-based trailing cuts HEU005 and HEU006 do, and on bare paragraph text, a page's <p>/<h> text with
no list or table, the tail cut HEU004 and the comment header HEU007 too); `on` always runs all; `off` never does.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from cleaner.heuristics import copies as nested
from cleaner.heuristics import features, regions
from cleaner.heuristics.lang import stoplist_for_lines
from cleaner.model import Removal
from cleaner.native import kernel

MODES = ("auto", "on", "off")
CATEGORY = "heuristic"
# Rule categories whose removed lines are page chrome wherever they stand: a menu, a list's heading, a footer, a
# newsletter or donation box, an ad label, a video widget, a wire notice. The classifier counts such a line as a menu
# item (it anchors the runs the top and tail cuts start from) instead of a gap; otherwise a rule that takes a sidebar
# heading ("Recent Posts") left the run it headed too short to count, and the tail cut took less (measured on dn, stage
# off: up to 21 lines fewer a page). The same held for the boxes: a rule that took "Sign up for our newsletter" or
# "Advertisement" over a teaser list left the list in the body, so a rule that removed more chrome made the output worse
# (forty-sixth round: with newsletter, ads, donation, paywall, video and syndication here, under domain-split CV sh
# article 0.905 -> 0.908, tf fulltext 0.889 -> 0.892, tf paragraphs +0.001, tf article -0.0004, no tf must-keep snippet
# lost on any rendering; dn +0.002 on article and fulltext). Inside an article such a box is a short run of menu items
# between prose lines, which does not split the article's prose (tests/test_heuristics.py). Left out: metadata and
# captions (bylines, datelines and credits stand in the article's top block and under its photos), and comments, whose
# header a thread's cuts read (`said`): counted as a menu item too, "Comments" under a list of product credits made them
# a trailing run (tf trafilatura lost one must-keep snippet).
CHROME_CATEGORIES = frozenset(
    ("navigation", "related", "footer", "newsletter", "ads", "donation", "paywall", "video", "syndication")
)
# Rule categories whose removed lines count so only below the page's first prose (GOOD) line: a share label or a
# share-network row after the article's opening marks where the article ends and its chrome starts, as a menu item
# does (a share batch that took "Share this with friends" left the tail cut without the anchor it started from, and
# the teasers under it stayed: sites fulltext -0.017 over five draws, BENCHMARKS.md sixteenth round). Above the first
# prose line (a share bar under the headline) they stay gaps: counted there too, they joined the top cut's runs and
# moved the learned stage's training rows (sh fulltext -0.002 over five draws, seventeenth round, `heustart`'s A).
BELOW_PROSE_CATEGORIES = frozenset(("social",))


@dataclass(frozen=True, slots=True)
class HeuristicInfo:
    """The id, name and reason of one heuristic, so it lists and selects like a rule."""

    id: str
    name: str
    why: str


HEURISTICS: tuple[HeuristicInfo, ...] = (
    HeuristicInfo(
        regions.NAV,
        "navigation-run",
        "A run of short capitalised lines that do not end like sentences is a menu that lost its links.",
    ),
    HeuristicInfo(
        regions.MENU_LINE,
        "menu-line",
        "A line of short items joined by separators (|, •, ») is a menu bar, breadcrumb or tag list.",
    ),
    HeuristicInfo(
        regions.TOP,
        "top-of-page-chrome",
        "Short lines above the last menu run before the article's prose are masthead and navigation.",
    ),
    HeuristicInfo(
        regions.TAIL,
        "tail-chrome",
        "Text after the article's prose is footer, related links, comments and legal notes. On bare paragraph text "
        "with little chrome, only where it finds three such lines, and lines with a number, a label, a lowercase "
        "start or a sentence end stay.",
    ),
    HeuristicInfo(
        regions.TRAILER,
        "trailing-link-run",
        "Where a page has too little chrome for a blind tail cut, a run of menu items or headlines after "
        "the article's prose still starts its related links, teasers and footer.",
    ),
    HeuristicInfo(
        regions.AFTER,
        "trailing-headlines",
        "Headline-shaped lines after the article's prose (capitalised, no sentence end, no numbers, "
        "no list mark) are teasers for other articles.",
    ),
    HeuristicInfo(
        regions.COMMENTS,
        "comment-thread",
        "A comment thread's header ('12 comments', 'Leave a Reply', 'Kommentare') alone on a line in the second "
        "half of a page dump or of bare paragraph text starts readers' comments; in the first half it is a teaser "
        "count and stays.",
    ),
    HeuristicInfo(
        regions.THREAD,
        "comment-thread-signatures",
        "Three or more per-comment lines ('Anna says:', a date with a time beside 'Reply' links) after the "
        "article's prose are a readers' thread: from the first on, the page is comments and footer. A single "
        "byline or a live ticker's stamps (no replies) do not count.",
    ),
    HeuristicInfo(
        regions.TEASER_UNITS,
        "teaser-standfirsts",
        "Four or more headlines in a row after the article's prose, each over one short paragraph, are other "
        "stories' teasers with their standfirsts; an article's subheadings carry longer or several paragraphs. Where "
        "the learned stage does not read the page, a headline cut short with an ellipsis ('… plus JBL he...') counts "
        "too.",
    ),
    HeuristicInfo(
        regions.COUNTED,
        "category-count-run",
        "Three or more lines in a row that are only a label and a post count ('Politics (47)', 'October 2009 (3)') "
        "are a category or archive widget; one such line alone (a table cell, a score) stays.",
    ),
    HeuristicInfo(
        regions.HEADLINES_ABOVE,
        "headline-run-above-article",
        "Four or more headline-shaped lines in a row above the article's first paragraphs (its headline, byline "
        "and date excepted) are other stories' headlines; a list above an article with numbers on its lines "
        "(results, timetables) stays.",
    ),
    HeuristicInfo(
        regions.HEADLINES_BELOW,
        "headline-run-after-article",
        "Six or more headline-shaped lines in a row after the article's last paragraphs are other stories' "
        "headlines; a list with prose after it, or of five lines or fewer (a feature list), stays.",
    ),
    HeuristicInfo(
        regions.UNRELATED_EDGE,
        "unrelated-edge-text",
        "Lines at the top or bottom edge, outside the article's cohesive paragraphs, that share no name or number "
        "and few content words with the article are other stories' teasers, promos and notices; a line that shares "
        "its subject, a list item, or a run whose own lines share names (a text of its own) stops the cut, and the "
        "article's opening paragraph under its headline (its standfirst) stays.",
    ),
    HeuristicInfo(
        regions.DATELINE_AFTER,
        "dateline-after-article",
        "A short line with a date after the article's last cohesive paragraph, with prose under it, opens another "
        "story (a blog's or a news stream's next item): from there on the text is not the article's. A quote's or "
        "an embedded post's attribution ('— Name (@handle) July 3, 2019') does not count.",
    ),
    HeuristicInfo(
        regions.ABOUT_BOX,
        "author-box-after-article",
        "An 'About <name>' header ('Über Moritz Bachmann', 'About Hacker Monthly') alone on a short line after the "
        "article's last cohesive paragraph, over a paragraph of prose, opens an author's or publisher's box: from "
        "there on the text is not the article's. Only on bare paragraph text the learned stage does not read.",
    ),
    HeuristicInfo(
        regions.END_HEADINGS,
        "headings-ending-the-text",
        "Short capitalised lines with no sentence end ('On Our Radar'), or headlines cut short with an ellipsis, that "
        "end bare paragraph text under its last prose line head nothing: widget headings and the last teasers of a "
        "related list. Only on bare paragraph text the learned stage does not read.",
    ),
    HeuristicInfo(
        regions.NESTED_COPY,
        "quote-box-copy",
        "Lines that repeat, in order, pieces of the line right above them, the first one its start (a blockquote's "
        "whole text, then its paragraphs again: an embedded post over the same post without its attribution) are a "
        "second copy; the fuller line keeps every word. Only on bare text with no blank line between them (text that "
        "parts its blocks with blank lines prints a post's teaser over the post, which golds keep) and only where the "
        "learned stage does not read the page.",
    ),
    HeuristicInfo(
        regions.PROSE_AFTER_MENU,
        "prose-after-tail-menu",
        "On a page dump, prose lines after a menu run below the article that share with it fewer than two names or "
        "numbers and no fair part of their words, below the last prose line there that does, are author bios, other "
        "stories' standfirsts and promo or legal notes; a reply in a thread shares its subject and stays, and so "
        "does what stands above it.",
    ),
)


_WHY = {h.id: h.why for h in HEURISTICS}


@dataclass(frozen=True, slots=True)
class Block:
    """One run of chrome lines a heuristic found: the audit entry and the 0-based lines it covers."""

    removal: Removal
    lines: tuple[int, ...]


def propose(
    kept: Sequence[str | None],
    *,
    mode: str,
    enabled: Collection[str],
    chrome: Collection[int] = (),
    below_prose: Collection[int] = (),
    said: Mapping[int, str] | None = None,
    read_by_stage: Callable[[], bool] | None = None,
    read_after: Callable[[Collection[int]], bool] | None = None,
    after_stage: bool = False,
    read_wide: Callable[[Collection[int]], bool] | None = None,
    top_moved: Callable[[], Collection[int]] | None = None,
) -> tuple[list[Block], str | None]:
    """The chrome blocks of a page dump, each under the heuristic that found it; `kept` is only read.

    `chrome` holds lines a rule already removed as chrome (CHROME_CATEGORIES): they count as menu items where the runs
    are measured, and are never proposed again. `below_prose` holds lines a rule removed as BELOW_PROSE_CATEGORIES: they
    count so only below the first prose (GOOD) line, and are gaps above it. `said` maps lines a comment rule removed to
    their text: they still mark where a comment stood (HEU008). `read_by_stage` says whether the learned stage reads the
    page as a second cleaning reads it (HEU013's gate; asked only when HEU013 would run); without it, whether it reads
    `kept`. `read_after` says whether it reads what the cuts leave (`regions.decide`), `read_wide` whether it could with
    a margin and without the top matter (HEU016's gate); `after_stage`, that the learned stage has already read the page
    and its removals are made (its re-run of this stage). `top_moved` gives the lines the top-matter stage would move
    out of `kept` (HEU001 judges the runs above the prose without them too, as a second cleaning reads them).
    Also returns the jusText name of the language guessed on the way (None if no guess was needed),
    so the record's inLanguage does not pay for a second guess.
    """
    if mode == "off" or not enabled:
        return [], None
    copies = _nested_copies(kept) if regions.NESTED_COPY in enabled else []
    cls = features.classify(kept)
    gone = [i for i in chrome if kept[i] is None]
    for i in gone:
        cls[i] = features.ITEM
    idle = _idle(cls, kept, mode)
    if idle is True:
        if not copies or not regions.bare_text([i for i, c in enumerate(cls) if c != features.BLANK], kept):
            return [], None
        # Text with no chrome at all (nothing else to take): the copies alone, under HEU016's gate.
        return _blocks(cls, kept, regions.decide_copies(kept, copies, read_by_stage, read_wide)), None
    if idle is None:
        # Opened only by its bare-text tail: the page-wide cuts measured on the pages auto mode read before stay off
        # (HEU013 cut sites trafilatura text here: F1 -0.001).
        enabled = frozenset(enabled) - {regions.UNRELATED_EDGE}
    lang, stop = stoplist_for_lines(kept)
    features.refine(cls, kept, stop)
    if below_prose:
        # Only known once the long lines are settled: where the page's prose starts.
        prose = next((i for i, c in enumerate(cls) if c == features.GOOD), len(cls))
        below = [i for i in below_prose if i > prose and kept[i] is None]
        for i in below:
            cls[i] = features.ITEM
        gone += below
    decisions = regions.decide(
        cls,
        kept,
        frozenset(enabled),
        auto=mode == "auto",
        gone=frozenset(gone),
        said=said,
        stop=stop,
        read_by_stage=read_by_stage,
        read_after=read_after,
        read_wide=read_wide,
        after_stage=after_stage,
        copies=copies,
        top_moved=top_moved,
    )
    if gone:
        # Already removed: back to gaps, so that they neither join a block nor split one.
        for i in gone:
            cls[i] = features.BLANK
        removed = set(gone)
        decisions = [(i, hid) for i, hid in decisions if i not in removed]
    return _blocks(cls, kept, decisions), lang


def _blocks(cls: list[int], kept: Sequence[str | None], decisions: list[tuple[int, str]]) -> list[Block]:
    """The decided lines as blocks: a run of one heuristic's lines with only blank lines between them."""
    blocks: list[Block] = []
    block: list[int] = []
    block_id = ""
    for i, hid in decisions:
        if block and (hid != block_id or not _adjacent(cls, block[-1], i)):
            blocks.append(_block(kept, block, block_id))
            block = []
        block.append(i)
        block_id = hid
    if block:
        blocks.append(_block(kept, block, block_id))
    return blocks


def with_later_copies(blocks: list[Block], view: Sequence[str | None], hid: str) -> list[Block]:
    """`blocks` and, where a block of `hid` took lines, their exact copies further down `view` as blocks of `hid` too.

    A round judges the page without its repeats (the dedupe stage keeps a line's first copy), so a heading repeated
    down the page ("Reply" under each comment) came back one copy a round once the copy above it went, and the last
    round left one for a second cleaning to take (HEU016 on two dn pages, tests/test_idempotence_corpus.py)."""
    taken = {i for b in blocks for i in b.lines}
    cut = [i for b in blocks if b.removal.rule == hid for i in b.lines]
    if not cut:
        return blocks
    texts = {(view[i] or "").strip() for i in cut}
    copies = [j for j in range(min(cut) + 1, len(view)) if j not in taken and (view[j] or "").strip() in texts]
    return blocks + [_block(view, [j], hid) for j in copies]


def may_act(kept: Sequence[str | None], *, mode: str, enabled: Collection[str]) -> bool:
    """Whether `propose` (without `chrome`) can find anything here: a cheap test on the line shapes alone, so a
    caller skips a round that would find nothing."""
    return mode != "off" and bool(enabled) and _idle(features.classify(kept), kept, mode) is not True


def _idle(cls: list[int], kept: Sequence[str | None], mode: str) -> bool | None:
    """True where nothing any heuristic could take in auto mode: most extracted articles stop here, before the
    language guess and the stopword counts. None where only the bare-text tail cut (regions.BARE_TAIL_IDS) could:
    a page's <p>/<h> text has long merged lines and no short nav lines, so the test on short lines and chrome alone
    stopped before its tail of short headings and sentences (stage off, sh paragraphs F1 +0.005: a blog's reply
    thread and a poll under the article were never read)."""
    if mode != "auto" or cls.count(features.SHORT) >= regions.AFTER_MIN or regions.chrome_lines(cls, kept):
        return False
    if cls.count(features.ITEM) + cls.count(features.NEAR) < regions.BARE_TAIL_MIN:
        return True
    return None if regions.bare_text([i for i, c in enumerate(cls) if c != features.BLANK], kept) else True


# The native kernel (cleaner.native), when built: `nested_copies` from it (`_nested_copies`).
_NATIVE = kernel("cleaner.heuristics._firstsight")


def _nested_copies(kept: Sequence[str | None]) -> list[int]:
    """The quote-box copies (`copies.nested_copies`, the twin): by the kernel's `nested_copies` when it is built, one C
    pass where the twin's loop is interpreted (copies.py is not compiled)."""
    if _NATIVE is not None:
        return _NATIVE.nested_copies(kept, nested.COPY_MIN_CHARS)
    return nested.nested_copies(kept)


def _adjacent(cls: list[int], i: int, j: int) -> bool:
    """Whether only blank lines lie between lines i < j, so that blank lines do not split one removed block.

    `cls` marks exactly the blank (or already removed) lines as BLANK, so counting them in one slice
    replaces a line-by-line scan of the text.
    """
    return cls[i + 1 : j].count(features.BLANK) == j - i - 1


def _block(kept: Sequence[str | None], block: list[int], hid: str) -> Block:
    text = "\n".join((kept[i] or "").strip() for i in block)
    removal = Removal(rule=hid, category=CATEGORY, text=text, line=block[0] + 1, why=_WHY.get(hid))
    return Block(removal, tuple(block))
