"""From line classes to removed regions: jusText's context idea, on runs of lines instead of DOM blocks.

A lone short line between two prose paragraphs is a subheading and stays. What goes is runs of
menu items (navigation that lost its links), menu bars, and the chrome before and after the prose
that forms the article: the "core", the largest cluster of prose lines plus any cluster of similar size.

Every value below was set on the dev corpus (fulltext.txt, sh and tf halves checked separately) with
`cleaner.clean()` and the reference scorer; the comment says what moved when it changed.

This module is over 350 lines on purpose: it is one decision (`decide`) over one set of calibrated
thresholds. About a third of it is the named thresholds, each with the dev-corpus measurement that set
it; the rest are the small predicates `decide` reads in order. Splitting them apart would separate each
value from the code its comment explains.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Final

from cleaner.heuristics import cohesion, comments, datelines, story_lists
from cleaner.heuristics import teasers as standfirsts
from cleaner.heuristics.features import (
    BAD,
    BLANK,
    DIGIT,
    GOOD,
    ITEM,
    LIST_MARKS,
    MENU,
    NAVLIKE,
    NEAR,
    SHORT,
    SHORT_CHARS,
)
from cleaner.learned import worth_reading
from cleaner.memo_budget import HEURISTIC_LINES
from cleaner.native import kernel

NAV: Final = "HEU001"
MENU_LINE: Final = "HEU002"
TOP: Final = "HEU003"
TAIL: Final = "HEU004"
TRAILER: Final = "HEU005"
AFTER: Final = "HEU006"
COMMENTS: Final = "HEU007"
THREAD: Final = "HEU008"
TEASER_UNITS: Final = "HEU009"
COUNTED: Final = "HEU010"
HEADLINES_ABOVE: Final = "HEU011"
HEADLINES_BELOW: Final = "HEU012"
UNRELATED_EDGE: Final = "HEU013"
DATELINE_AFTER: Final = "HEU014"
ABOUT_BOX: Final = "HEU015"
END_HEADINGS: Final = "HEU016"
NESTED_COPY: Final = "HEU017"
PROSE_AFTER_MENU: Final = "HEU018"

# A run of this many nav-like lines between prose paragraphs can be navigation; shorter runs are
# subheadings, datelines and short lists. (3 lost recipe and spec lists on tf; 5 kept them.)
NAV_RUN: Final = 5
# ...and it is navigation only if this share of its lines are menu items (short, capitalised, no
# digits): lists that are content (ingredients, specs, tables of contents) carry numbers and lowercase.
# Without this test nav runs lost 24 must-keep tf snippets; with it 5, for 159 -> 39 boilerplate ones.
NAV_ITEM_SHARE: Final = 0.6
# ...and holds fewer than this many wrapped lines (lowercase continuations of the line before): a spec sheet
# of capitalised headings over wrapped descriptions lost tf must-keep snippets to the nav cut on two renderings.
NAV_MAX_WRAPPED: Final = 2
# A shorter run of menu items (or of headline-like lines, see TEASER_SHARE) already marks the
# masthead before the core; the top is cut at the end of the last such run. (3 lost 6 more tf
# must-keep snippets on fulltext.txt than 4, mostly short item runs inside recipes and forums.)
EDGE_RUN: Final = 4
EDGE_ITEM_SHARE: Final = 0.6
# Teaser headlines ("Most popular" lists) count as chrome when nearly all lines of a run look like
# headlines; lower shares took poems and bullet lists for teasers (0.75 and 0.9 scored the same on sh).
TEASER_SHARE: Final = 0.9
# A chrome run after the core this long starts the trailing links (HEU005) where the tail is not cut
# blindly. Decided on tf (paragraphs.txt and article.txt, must-drop kept 317 -> 304 / 317 -> 303 from
# EDGE_RUN's 4 to 3, none lost); 2 lost one must-keep on article.txt for no gain. sh F1 unchanged.
TRAILER_RUN: Final = 3
# After the last prose line, where no blind tail cut runs, headline-shaped lines (HEU006) still go: SHORT
# lines (over ITEM_WORDS words, no sentence end) with a capital start, no digits and no list mark, at
# least AFTER_MIN of them. These are the related-article teasers that <p>/<h3> renderings keep. Decided on
# tf: taking ITEM, BAD and MENU lines too dropped 40 more must-drop snippets but lost 2 / 4 / 6 must-keep
# (paragraphs, article, trafilatura: fact-box labels, section headings); SHORT alone lost none. sh confirmed.
# Measuring from the core's end instead of the last prose line took ~15 more must-drop snippets per
# rendering, but a second cleaning (core clusters merge once chrome is gone) then cut more.
AFTER_CLASSES: Final = frozenset((SHORT,))
AFTER_MIN: Final = 2
# In auto mode a document is a page dump from this many lines in chrome runs. Measured on the dev
# corpus: 90% of trafilatura.txt outputs have at most 6 such lines, the median fulltext.txt has 72.
AUTO_CHROME_LINES: Final = 8
# Below it (but with at least one chrome run) auto mode runs only the evidence-based trailer (HEU005).
# ...and its top and tail are cut only from this many: cutting the edges of text that is mostly
# article (trafilatura's output with a comment thread) cost trafilatura.txt 0.9 points of tf recall
# at 8; at 20 its recall loss is within 0.5 points while fulltext.txt keeps nearly all its gain.
AUTO_EDGE_LINES: Final = 20
# Prose clusters split where this many menu items run between prose lines, or this many lines of
# any non-prose kind (4 and 15 scored within 0.003 F1 of these).
BREAK_RUN: Final = 3
BREAK_LINES: Final = 10
# Only menu items and menu lines split clusters: lists in the article (ingredients, specs) carry
# digits and lowercase and must not split it.
BREAKING: Final = frozenset((ITEM, MENU))
# The menu-item classes whose share makes a run navigation (NAV_ITEM_SHARE, EDGE_ITEM_SHARE).
ITEMLIKE: Final = frozenset((ITEM, MENU))
# A prose cluster belongs to the core if it has this share of the largest cluster's characters;
# smaller ones are author boxes, comment prompts and teasers in the chrome. (0.15 lost 0.017 sh F1.)
KEEP_SHARE: Final = 0.3
# With less prose than this the page is not an article of paragraphs (a list, a table, a forum
# thread of short posts): there is no core to measure the edges from, so only nav runs go.
MIN_CORE_CHARS: Final = 500
# Non-blank lines kept just before the core: headline, byline, date (4 and 6 scored 0.003 lower sh F1).
TOP_KEEP: Final = 3
# Short non-item lines (SHORT: digits or lowercase; NEAR: ends like a sentence) this many in a row are a
# list that is content, and the top cut leaves them (recipes, spec and feature lists above the core's prose).
# Set on tf: must-keep lost to HEU003 on fulltext.txt 10 -> 7 (article.txt 6 -> 4); 5 saved one fewer.
LIST_RUN: Final = 3
LISTLIKE: Final = frozenset((SHORT, NEAR))
# ...when at least this share of them has a number or a lowercase start. Without it the list guard
# kept dated teaser lists above the core too: sh F1 on fulltext.txt fell 0.847 -> 0.838.
LIST_DATA_SHARE: Final = 0.5
# "Archive (12)", "Politics (47)": a post count after a category or month is a link list, not data
# (an sh page's whole category sidebar passed the list guard through those numbers).
COUNT_SUFFIX: Final = re.compile(r"\(\d+\)$")
# A line that is only a label and a post count ("Politics (47)", "October 2009 (3)") is a category or archive link;
# COUNT_RUN of them in a row are the widget (HEU010). On sh/tf: 302 such lines on 12 pages, none in a gold; one alone
# can be a table cell, so a run is required (3: the shortest archive widget seen had 4 lines).
COUNT_LINE: Final = re.compile(r"^\w[\w .,&/'’-]{0,60}\s\(\d{1,5}\)$")
COUNT_RUN: Final = 3
# Lines kept just after the core unless they are menu items: a sign-off or a last short paragraph.
TAIL_KEEP: Final = 1
# A data list (nutrition facts, specs) among the first this many lines of the tail is the article's own and
# stays; further down, lists of the same shape were dated teasers (guarding the whole tail: fulltext.txt
# tf must-keep lost 30 -> 28, but sh F1 0.834 -> 0.822).
TAIL_LIST_LINES: Final = 8
# A line is prose (which no edge cut may take) when it is a good line, or ends like a sentence with at least
# this many words. Measured on tf (dev, sh+tf renderings): the blind top and tail cuts lost must-keep
# snippets almost only where their region held such lines (forum posts, live tickers, spec notes).
PROSE_WORDS: Final = 6
PROSE_END: Final = frozenset(".!…。！")  # not "?": teaser headlines are often questions
# The classes of the lines that can be prose: good lines and near-good ones.
PROSE_CLASSES: Final = frozenset((GOOD, NEAR))
# Where the edge region holds prose, the edge cuts (HEU003, HEU004) take only what is chrome by shape:
# lines of chrome runs, menu lines, menu items and link-text lines.
EDGE_CHROME: Final = frozenset((ITEM, MENU, BAD))


# On text too short of chrome for the edge cuts (auto mode) the tail cut (HEU004) and the comment header (HEU007)
# still run where the text is bare paragraphs and headings with an article core (`bare_text`): a page's <p>/<h> text
# keeps the related stories, author boxes and readers' comments after the article, but no menu to mark them. There
# the tail cut leaves data-like lines (`_data_like`) besides prose and content lists, and the top is not cut.
# Measured stage off (dev, sh/tf/dn 300/sites): paragraphs F1 +0.002 / +0.014 / +0.012 / +0.017, article
# +0.002 / +0.007 / +0.010 / +0.003, tf must-keep lost unchanged on every rendering. Without `_data_like` tf lost
# 1-3 more (article: a recipe's quantities, a sign-off, a fact box; trafilatura: a book reference); on text with
# list items or table rows too, 1-2 more (trafilatura: a results table, a product's feature list).
BARE_TAIL_IDS: Final = frozenset((TAIL, COMMENTS))
# ...and the tail cut there takes its lines only where it finds this many: one or two short lines after an article
# ("Share", a sign-off, one headline-shaped line) are left to the evidence-based cuts (HEU005, HEU006).
BARE_TAIL_MIN: Final = 3
# HEU016: heading-shaped lines that end bare text are at most this many words (a teaser headline cut short with an
# ellipsis, END_TEASER_WORDS), and end in none of END_HEADING_STOPS. Probe on main's CV output of dev sh+tf, pages the
# learned stage does not read (BENCH_shpara.md): at 14 words paragraphs sh 0.8572 -> 0.8597, tf 0.8373 -> 0.8408 with
# 0 tf must-keep lost; at 10 words, with ")" ending no heading, sh only 0.8583 ("… (changelog)", 12 words).
END_HEADING_WORDS: Final = 14
END_HEADING_STOPS: Final = frozenset(".!?:;,\"”’'»")
# ...and hold no sentence end inside: a source note ("Aus: Das Brandenbuch. Ein Land in Stichworten. …, Potsdam 2015")
# is the article's (a tf must-keep snippet on fulltext and article), a headline is one phrase.
INNER_SENTENCE_END: Final = re.compile(r"[.!?] +[A-ZÀ-Þ]")
# HEU016's gate: the page must stay unread with this many lines more (what a first cleaning still holds and a second
# one no longer: the headline and standfirst the top-matter stage moves, top_block.PLAIN_MOVES on a page the stage
# reads), so that both cleanings decide alike (0 moved on a second cleaning of every dev page, against 2 without).
# The same value as PLAIN_MOVES, which cannot be imported here (top_block imports the heuristics package).
END_MARGIN: Final = 2
# A headline cut short with an ellipsis to fit its box runs longer than one that fits.
END_TEASER_WORDS: Final = 20
# ...and of at least this many: a lone word with an ellipsis ("All...") closed an sh gold text.
END_TEASER_MIN_WORDS: Final = 3
# ...and no label with a short value ("Main image credit: Getty", "Foto: dpa"): a credit or source line, which an sh
# gold held on paragraphs and trafilatura. Such a line stays, but the run of headings reads on above it (the same sh
# page ends on three teaser headlines over its credit line).
LABEL_VALUE: Final = re.compile(r":\s*\S+(?:\s+\S+)?$")
# ...and a line opened by a typed arrow ("=> Was ist gelungen?") is a list item of the text, which the bare-text tail
# cut leaves like a list mark's: once HEU014 took a blog post's author box and comments after it, the tail cut started
# higher and took the post's closing arrow list (a tf must-keep snippet on fulltext and article).
ARROW_MARKS: Final = ("=>", "->")


# A comment thread's header, alone on its line: "12 comments", "Comments (3)", "Leave a Reply", "Kommentare",
# "Commentaires", "Comentarios", "3 thoughts on …". Only its shape on a line of its own counts; a sentence
# about comments is longer and does not match.
COMMENT_HEADER: Final = re.compile(
    r"^(?:\d+\s+)?(?:comments?|kommentare?|commentaires?|comentarios?|commenti|reacties|kommentarer|komentarze"
    r"|responses?|replies|reactions|leserkommentare|reader comments|discussion|diskussion)(?:\s*\(\d+\))?\s*:?$"
    r"|^(?:leave|post|add|write|submit)\s+(?:a\s+|your\s+|the\s+)?(?:reply|comment|response)\b"
    r"|^(?:schreibe|hinterlasse|verfasse)\s+(?:einen\s+)?kommentar|^(?:kommentar|antwort)\s+(?:schreiben|verfassen)"
    r"|^(?:laisser|laissez|ajouter|écrire)\s+un\s+commentaire|^(?:deja|dejar|escribe)\s+(?:un|tu)\s+comentario"
    r"|^\d+\s+(?:thoughts|responses|replies|comments)\s+(?:on|to)\s"
    r"|^join the (?:discussion|conversation)|^(?:show|view|load|read|see) (?:all )?(?:\d+ )?comments"
    # A thread's sort order or kind over it ("Top Rated Comments" over a blog's thread: sh trafilatura +0.004); not
    # "Recent Comments", a sidebar widget's title on blog page dumps.
    r"|^(?:top rated|most recent|latest|newest|oldest|best|readers?'?) comments$",
    re.IGNORECASE,
)
# A header longer than this is a sentence that mentions comments, not a header.
COMMENT_HEADER_CHARS: Final = 80
# The thread is looked for only from this share of the page's lines on: comment threads follow the article,
# and a header in the first half is a teaser ("12 comments" under a headline) or a nav entry.
COMMENT_FROM: Final = 0.5
# On bare paragraph text (`bare_text`, no menu: a page's <p>/<h> text or an extractor's output) a header in the first
# half is no nav entry, and a teaser count stands above the article's prose: there the thread is looked for from this
# many lines after the article's start on (`story_lists.article_start`), where that is earlier than half the page. An
# article that ends early with a long thread under it held its header in the first half. Measured stage off on every
# page (dev, sh/tf/dn 300/sites, with the sort-order headers below): paragraphs F1 0 / +0.002 / +0.025 / -0.001, article
# +0.004 / +0.001 / +0.020 / +0.004, fulltext 0 / +0.001 / +0.021 / +0.004, trafilatura +0.004 / 0 / +0.008 / 0, tf
# must-keep lost unchanged on every rendering. Where the learned stage reads, `decide` keeps the second half: there the
# reach moved the fold thresholds under CV (sites fulltext 0.843 -> 0.838, tf trafilatura lost 67 -> 68). With that
# gate, under CV: sh trafilatura 0.963 -> 0.967, dn paragraphs 0.696 -> 0.704, tf lost unchanged (BENCHMARKS.md, twelfth
# round, `tailprose`). The gate asks about the page the cuts leave, not the page they read (`decide`): on pages the
# stage reads before the cuts but not after them, the reach (with HEU013 and HEU014 as on pages it does not read) moved
# no training row and no fold threshold, and gained under CV dn paragraphs 0.709 -> 0.713, tf paragraphs 0.835 -> 0.837,
# dn fulltext +0.002, with tf must-keep lost unchanged (BENCHMARKS.md, thirteenth round, `paras`). 1 line, not 2: an
# open thread's one-paragraph post has its header right under it (stage off: sh paragraphs +0.0011, dn +0.0002; at 0 dn
# -0.0016; training rows and fold thresholds unchanged at each).
COMMENT_AFTER_START: Final = 1
# The cuts that take a readers' thread: its prose, though taken, is prose under a dateline after the article (HEU014).
THREADS: Final = frozenset((COMMENTS, THREAD))
# A header that counts the thread ("{ 14 comments… read them below or add one }", "126 Comments Add A Comment", "9
# comments, displaying first", "6 Responses to “…”", "Comments (9)", "Comments (5 of 12)", "All Comments 144"): a
# thread's size is said only over the thread. (The last two, and "Responses (2)", "View All Comments (48)", were added
# in the forty-eighth round: sites' WSJ and BBC threads stayed whole under them, sites paragraphs 0.863 -> 0.899.)
# On an extractor's output (trafilatura's above all keeps its lists, so it is neither a dump nor bare text), such a
# header, and a plain one in the second half, is looked for from COUNTED_AFTER_START lines after the article's start
# on, not only in the second half: a short post under a long thread holds its header early. A count under the headline
# or the standfirst stands before that. Under CV (dev, sh/tf/dn 300/sites; with the headers a rule took and TypePad
# footers; BENCHMARKS.md, thirteenth round, `dntraf`), where the learned stage did not read the page: dn trafilatura
# 0.878 -> 0.892, paragraphs 0.709 -> 0.728, fulltext 0.755 -> 0.764, article 0.775 -> 0.783. It now runs where the
# stage reads too: over five perturbed retrains against main's (seventeenth round, `dntraf2`) the means rise on dn
# (trafilatura 0.8945 -> 0.9087, fulltext 0.7755 -> 0.7921) and sites (fulltext 0.8483 -> 0.8611), sh/tf move by at
# most -0.0006 and the fitted tf loss is the same (one retrain had read the first try as a sites loss). 2, not
# COMMENT_AFTER_START's
# 1: a count under the standfirst or the first paragraph ("12 comments") stands over the article, not over the thread
# (dntraf measured its reach at 2; the merge kept it when `paras` moved the bare header's reach to 1, which took such an
# article).
COUNTED_AFTER_START: Final = 2
THREAD_COUNT_HEADER: Final = re.compile(
    r"^\{\s*\d+\s+(?:comments?|responses?|replies)\b[^{}]{0,60}\}$"
    r"|^(?:\d+\s+comments?|comments?\s*\(\d+\))\s*[:|·•-]?\s*(?:add|post|leave|write)\s+a\s+(?:comment|reply)$"
    r"|^\d+\s+(?:comments?|responses?|replies|thoughts)\b.{0,60}$"
    r"|^(?:(?:view|read|show)\s+)?(?:all\s+)?(?:comments?|responses?|replies)\s*\(\d+(?:\s+of\s+\d+)?\)$"
    r"|^all\s+comments?\s+\d+$"
    r"|^\d+\s+(?:comments?|responses?|replies|thoughts)\s+(?:on|to)\s.{1,150}$",
    re.IGNORECASE,
)
# The longest THREAD_COUNT_HEADER: "13 Responses to <the post's title>" runs as long as the title (on dn, 13 of 69 such
# lines were longer than COMMENT_HEADER_CHARS).
COUNTED_HEADER_CHARS: Final = 160
# Every THREAD_COUNT_HEADER opens with one of these: a set look-up turns most lines away before the pattern, which the
# heuristics' rounds try on every short line of every page in auto mode.
COUNT_FIRST: Final = frozenset("{0123456789cCrRaAvVsS")
COUNT_OPENERS: Final = "".join(sorted(COUNT_FIRST))
# ...and holds one of these words (as HEADER_WORDS).
COUNT_WORDS: Final = ("comment", "respons", "repl", "thoughts")


def counts_thread(s: str) -> bool:
    """Whether stripped line `s` is a header that counts a comment thread (THREAD_COUNT_HEADER)."""
    return s[:1] in COUNT_FIRST and len(s) <= COUNTED_HEADER_CHARS and THREAD_COUNT_HEADER.match(s) is not None


def comment_start(
    nonblank: list[int],
    lines: Sequence[str | None],
    said: Mapping[int, str] | None = None,
    *,
    bare: bool = False,
    counted: bool = False,
    plain: bool = True,
) -> int | None:
    """Position (in `nonblank`) of a comment thread's header in the page's second half (on bare text, from
    COMMENT_AFTER_START lines after the article's start on), or None. With `counted`, a header that counts the thread
    (THREAD_COUNT_HEADER) counts from COUNTED_AFTER_START lines after the article's start on as well. Without `plain`,
    the caller already knows there is no COMMENT_HEADER from the second half on (a search that found none from there
    or from earlier), and only the counted headers are looked for.

    A header a comment rule already took (CMT001 takes "Comments") is read from `said`: the thread starts at the
    first line left after it.
    """
    half = int(len(nonblank) * COMMENT_FROM)
    start = story_lists.article_start(nonblank, lines) if bare else None
    if start is not None:
        half = min(half, start + COMMENT_AFTER_START)
    found = _header_at(nonblank, lines, said, half) if plain else None
    if counted and (heads := _counted_headers(nonblank, lines, said)):
        # The article's start is looked for only on a page with such a header in its first half: most have none
        # (from `half` on every header counts, whatever the start). On bare text it is known already.
        if not bare and heads[0] < half:
            start = story_lists.article_start(nonblank, lines)
        after = [k for k in heads if k >= half or (start is not None and k >= start + COUNTED_AFTER_START)]
        if after and (found is None or after[0] < found):
            return after[0]
    return found


def _header_at(
    nonblank: list[int], lines: Sequence[str | None], said: Mapping[int, str] | None, half: int
) -> int | None:
    """Position (in `nonblank`) of the first COMMENT_HEADER from `half` on, or of the first line after one a rule took
    (`said`), or None."""
    found = _shaped(
        nonblank, lines, half, HEADER_OPENERS, True, COMMENT_HEADER_CHARS, _comment_header, False, HEADER_WORDS
    )
    if found:
        return found[0]
    if said and half < len(nonblank):
        heads = [i for i, s in said.items() if len(t := s.strip()) <= COMMENT_HEADER_CHARS and _comment_header(t)]
        after = [bisect.bisect(nonblank, i) for i in heads if i > nonblank[half]]
        if after and min(after) < len(nonblank):
            return min(after)
    return None


# Every COMMENT_HEADER opens with a decimal digit (`str.isdecimal`, as the pattern's `\d` reads one) or one of these
# letters, in any case the pattern's IGNORECASE matches (KELVIN SIGN is a "k", LONG S an "s"): a set look-up turns most
# short lines away before the cached test, which the search asked of every short line in the page's second half
# (tests/test_heuristics_regions_speed.py checks every code point).
HEADER_LETTERS: Final = "abcdehjklmnoprstvwé"
HEADER_FIRST: Final = frozenset(HEADER_LETTERS + HEADER_LETTERS.upper() + "\u212a\u017f")
# The same code points as one string, as the scan (`_shaped_lines`) reads them.
HEADER_OPENERS: Final = "".join(sorted(HEADER_FIRST))
# Every COMMENT_HEADER holds one of these words (in any case the pattern's IGNORECASE matches): the kernel's scan
# turns a short line that holds none away before the cached test, whose first sight of a line was a pattern search of
# about 2 µs (tests/test_native_regions.py checks them against strings drawn from the pattern, and the pure search
# asks the pattern itself).
HEADER_WORDS: Final = (
    *("comment", "kommentar", "comentario", "komentarz", "reacties", "respons", "repl", "reaction"),
    *("discussion", "diskussion", "antwort", "thoughts", "conversation"),
)


# Distinct short lines whose header test is remembered: `decide` runs the search twice on a page, and the stage's rounds
# read the same lines again (as comments.LINE_CACHE).
LINE_CACHE: Final = HEURISTIC_LINES


@functools.lru_cache(maxsize=LINE_CACHE)
def _comment_header(s: str) -> bool:
    """Whether stripped line `s`, of at most COMMENT_HEADER_CHARS characters, is a COMMENT_HEADER: matched at its
    start only, as the pattern opens with "^" (tests/test_heuristics_regions_speed.py); a search tried each position."""
    return COMMENT_HEADER.match(s) is not None


def _counted_headers(nonblank: list[int], lines: Sequence[str | None], said: Mapping[int, str] | None) -> list[int]:
    """Positions (in `nonblank`) where a header that counts the thread stands (THREAD_COUNT_HEADER), in order; a
    header a rule took (`said`) counts at the first line left after it."""
    found = _shaped(nonblank, lines, 0, COUNT_OPENERS, False, COUNTED_HEADER_CHARS, _counts_thread, True, COUNT_WORDS)
    if said:
        found += [
            k for i, s in said.items() if counts_thread(s.strip()) and (k := bisect.bisect(nonblank, i)) < len(nonblank)
        ]
    return sorted(found)


def _counts_thread(s: str) -> bool:
    """Whether stripped line `s`, of at most COUNTED_HEADER_CHARS characters and opening with one of COUNT_FIRST, is a
    THREAD_COUNT_HEADER (`counts_thread`'s last test)."""
    return THREAD_COUNT_HEADER.match(s) is not None


def _shaped_lines(
    nonblank: list[int],
    lines: Sequence[str | None],
    start: int,
    first: str,
    decimal: bool,
    most: int,
    test: Callable[[str], bool],
    every: bool,
    words: tuple[str, ...] = (),
) -> list[int]:
    """Positions `k` from `start` on in `nonblank` whose stripped line holds at most `most` characters, opens with one
    of `first` or (with `decimal`) a decimal digit, and passes `test`: the first only unless `every`. The header
    searches' scan (`_header_at`, `_counted_headers`): the opening and the length turn most lines away before the
    test. `words` are words every line `test` takes holds (HEADER_WORDS): the kernel reads them first, and here `test`
    alone decides."""
    out: list[int] = []
    for k in range(max(start, 0), len(nonblank)):
        s = (lines[nonblank[k]] or "").strip()
        if len(s) <= most and s and (s[0] in first or (decimal and s[0].isdecimal())) and test(s):
            out.append(k)
            if not every:
                break
    return out


def _chosen_shaped() -> Callable[
    [list[int], Sequence[str | None], int, str, bool, int, Callable[[str], bool], bool, tuple[str, ...]], list[int]
]:
    """The native kernel's `shaped_lines` (cleaner.native) when it is built, else `_shaped_lines`: the same positions,
    each line's strip, length and opening read in place (the search stripped a copy of every line in the page's second
    half, and `_counted_headers` of every line, on each of the stage's rounds)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None:
        return _shaped_lines
    return native.shaped_lines


# The header searches' scan: `_shaped_lines`, or its native twin.
_shaped = _chosen_shaped()


def decide(
    cls: Sequence[int],
    lines: Sequence[str | None],
    enabled: frozenset[str],
    *,
    auto: bool = False,
    gone: frozenset[int] = frozenset(),
    said: Mapping[int, str] | None = None,
    stop: frozenset[str] = frozenset(),
    read_by_stage: Callable[[], bool] | None = None,
    read_after: Callable[[Collection[int]], bool] | None = None,
    after_stage: bool = False,
    read_wide: Callable[[Collection[int]], bool] | None = None,
    copies: Sequence[int] = (),
    top_moved: Callable[[], Collection[int]] | None = None,
) -> list[tuple[int, str]]:
    """(line index, heuristic id) for each line to remove, in line order.

    With `auto`, only a page dump is touched: one with at least AUTO_CHROME_LINES lines in chrome
    runs. Extracted article text (trafilatura's output, an <article>'s text) rarely has any.
    `gone` are lines a rule already removed as chrome, classed as menu items by the caller: they count
    toward the chrome runs the edge cuts start from, not toward a navigation run (HEU001).
    `said` holds the text of lines a comment rule already took: they still mark a comment for HEU008.
    `stop` is the document's stoplist (HEU013 reads content words); `read_by_stage` answers HEU013's gate, whether
    the learned stage reads the page as a second cleaning reads it (the caller knows which lines a later stage moves
    out); without it, the gate counts `lines` as they are. `read_after` answers it for what the cuts leave (given the
    cut lines); without it, the gate counts `lines` without them. `after_stage`: the learned stage's re-run of the
    heuristics after its removals, where the comment header's reach on bare text runs on pages it reads too.
    `copies` are the quote-box copies (`copies.nested_copies`, HEU017): taken on bare text with too little chrome for
    the edge cuts, under HEU016's gate. `top_moved` gives the lines the top-matter stage would move out of `lines`
    (HEU001 also judges the runs above the prose without them, `_nav_cut`); without it, they are judged as they stand.
    """
    # No nested functions here: in the compiled build each one made a reference cycle (an environment holding the
    # function that holds it) per call, and everything they reached (the page's lines, `before`, the memo) waited for
    # the cyclic garbage collector instead of being freed by reference counting.
    gate = _Gate(read_by_stage, lines)

    # The decisions before the first gated one do not ask the gate: made once, for both passes.
    before = _before_gated(cls, lines, enabled, auto=auto, gone=gone)

    # What the gated decisions find without asking the gate, found once for both passes (`_gated_on`).
    memo: dict[str, list[int]] = {}

    ends = END_HEADINGS in before.enabled and before.bare_tail
    if copies and not before.edges and bare_text(before.nonblank, lines):
        copied = dict.fromkeys(copies, NESTED_COPY)
    else:
        copied = {}
    after = read_after or functools.partial(_read_after, lines)
    wide = read_wide or functools.partial(_read_wide, lines)

    # `decide`'s two passes differ only in what answers the gate.
    gated_on = functools.partial(
        _gated_on,
        before,
        cls,
        lines,
        auto=auto,
        gone=gone,
        said=said,
        stop=stop,
        after_stage=after_stage,
        memo=memo,
        top_moved=top_moved,
    )
    out = gated_on(reads=gate)
    if not gate.answer:
        # The gate is asked only where the text ends on headings (most pages do not).
        return _ended(out, before, cls, lines, ends, copied, after, wide, gate)
    # The gate read the page as it stands before these cuts; the learned stage reads what they leave. Where that is no
    # longer worth reading, the stage reads neither this page nor its second cleaning, and trains on neither: the
    # gated cuts then decide as on a page it does not read, as a second cleaning of the output decides them.
    if after([i for i, _hid in out]):
        return out
    again = gated_on(reads=_unread)
    if after([i for i, _hid in again]):
        return out
    return _ended(again, before, cls, lines, ends, copied, after, wide, None)


class _Gate:
    """Whether the learned stage reads the page (the gate of HEU007's reach on bare text, HEU013 and HEU014), asked
    once and only when one of them needs it (`answer` stays None until then). A native class in the compiled build,
    holding nothing that holds it: a closure there was a reference cycle per `decide`."""

    __slots__ = ("answer", "lines", "read_by_stage")

    def __init__(self, read_by_stage: Callable[[], bool] | None, lines: Sequence[str | None]) -> None:
        self.read_by_stage = read_by_stage
        self.lines = lines
        self.answer: bool | None = None

    def __call__(self) -> bool:
        answer = self.answer
        if answer is None:
            answer = self.answer = self.read_by_stage() if self.read_by_stage else worth_reading(self.lines)
        return answer


def _unread() -> bool:
    """The gate's answer on `decide`'s second pass: the learned stage reads neither the page nor what the cuts leave."""
    return False


def _ended(
    out: list[tuple[int, str]],
    before: _Before,
    cls: Sequence[int],
    lines: Sequence[str | None],
    ends: bool,
    copied: dict[int, str],
    after: Callable[[Collection[int]], bool],
    wide: Callable[[Collection[int]], bool],
    gate: _Gate | None,
) -> list[tuple[int, str]]:
    """`out` and the headings the text ends on once it is cut (HEU016), where the learned stage reads the page
    neither with nor without them, and could not with END_MARGIN lines more (`wide`: without the top matter, as a
    second cleaning counts). Added last, they never tip a page the stage reads into one it does not (that changed the
    rows of 3 tf pages and moved every fold threshold), and a second cleaning decides as the first. The quote-box
    copies (HEU017) are added the same way. With `gate`, the stage must not read the page as it stands either (the
    gate is asked only here, where `decide`'s first pass did not ask it)."""
    if not (ends or copied):
        return out
    taken = dict(out)
    extra = [(i, hid) for i, hid in copied.items() if i not in taken]
    if ends:
        left = [i for i in before.nonblank if i not in taken and i not in copied]
        extra += [(i, END_HEADINGS) for i in end_headings(left, cls, lines) if i not in before.protected]
    if not extra:
        return out
    cut = list(taken)
    if (gate is not None and gate()) or after(cut) or wide(cut):
        return out
    return sorted(out + extra)


def decide_copies(
    lines: Sequence[str | None],
    copies: Sequence[int],
    read_by_stage: Callable[[], bool] | None = None,
    read_wide: Callable[[Collection[int]], bool] | None = None,
) -> list[tuple[int, str]]:
    """The quote-box copies (HEU017) on text no other heuristic reads (`heuristics._idle`: no chrome at all), under
    `decide`'s gate for HEU016: where the learned stage reads the page neither as it stands nor with END_MARGIN lines
    more."""
    reads = read_by_stage() if read_by_stage else worth_reading(lines)
    if reads or (read_wide([]) if read_wide else worth_reading(lines, END_MARGIN)):
        return []
    return [(i, NESTED_COPY) for i in copies]


def _read_after(lines: Sequence[str | None], cut: Collection[int]) -> bool:
    """Whether the learned stage would read `lines` without the `cut` ones."""
    return worth_reading(without(lines, cut))


def _read_wide(lines: Sequence[str | None], cut: Collection[int]) -> bool:
    """Whether the learned stage could read `lines` without the `cut` ones with END_MARGIN lines more (HEU016)."""
    return worth_reading(without(lines, cut), END_MARGIN)


def without(lines: Sequence[str | None], cut: Collection[int]) -> tuple[str | None, ...]:
    """`lines` with the `cut` ones made gaps (None), as the page the cuts leave is read."""
    left = list(lines)
    for i in cut:
        left[i] = None
    return tuple(left)


class _Before:
    """What `decide` settles before the first decision that asks the learned stage's gate (`_before_gated`); read,
    never changed. A plain class, not a frozen dataclass: the compiled build makes it a native class, where the
    dataclass's generated `__init__` ran interpreted, setting each field through `object.__setattr__` (a sixteenth
    of `_before_gated`'s time on tf)."""

    __slots__ = (
        "bare_tail",
        "edges",
        "enabled",
        "loose",
        "nonblank",
        "out",
        "protected",
        "runs",
        "span",
        "units",
        "wide",
    )

    def __init__(
        self,
        nonblank: list[int],
        enabled: frozenset[str],
        span: tuple[int, int] | None,
        runs: list[tuple[int, int]],
        protected: set[int],
        edges: bool,
        bare_tail: bool,
        out: dict[int, str],
        units: list[int],
        loose: list[int],
        wide: frozenset[str],
    ) -> None:
        self.nonblank = nonblank
        self.enabled = enabled
        self.span = span
        self.runs = runs
        self.protected = protected
        self.edges = edges
        self.bare_tail = bare_tail
        self.out = out
        self.units = units
        self.loose = loose
        self.wide = wide


def _teaser_pairs(nonblank: list[int], cls: Sequence[int], lines: Sequence[str | None]) -> tuple[int, int]:
    """`teasers.strong_pairs` of the lines at `nonblank` stripped, without and with `cut`; with `cut`, -1 where no line
    is cut short (ends with TRUNCATED): `teaser_lines` finds no list in a reading with fewer than UNITS_MIN, so
    `_before_gated` reads each reading's units only past that count, and with `cut` only where a line is cut short."""
    text = [(lines[i] or "").strip() for i in nonblank]
    plain = standfirsts.strong_pairs(nonblank, cls, text)
    if not any(t.endswith(standfirsts.TRUNCATED) for t in text):
        return plain, -1
    return plain, standfirsts.strong_pairs(nonblank, cls, text, True)


def _chosen_pairs() -> Callable[[list[int], Sequence[int], Sequence[str | None]], tuple[int, int]]:
    """The native kernel's `teaser_pairs` (cleaner.native, given TRUNCATED; `teasers` configures its constants) when
    it is built, else `_teaser_pairs`: the same counts in one pass over the lines, each stripped in place (the twin
    stripped a copy of every line, then read every line's end once for each reading and once for TRUNCATED)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None or standfirsts._pairs is standfirsts.strong_pairs:
        return _teaser_pairs
    return functools.partial(native.teaser_pairs, standfirsts.TRUNCATED)


# Both readings' strong pairs of a page: `_teaser_pairs`, or its native twin.
_pairs_of = _chosen_pairs()


def _before_gated(
    cls: Sequence[int], lines: Sequence[str | None], enabled: frozenset[str], *, auto: bool, gone: frozenset[int]
) -> _Before:
    """`decide`'s decisions up to the comment header (HEU007), none of which asks the gate: the teaser units, the
    trailer, the top and the tail cuts."""
    nonblank = _nonblank(cls)
    # Teaser lists with standfirsts are read before HEU006 takes their headline lines (it would leave the units
    # without heads).
    units: list[int] = []
    loose = units
    if TEASER_UNITS in enabled:
        # Both readings' strong pairs in one pass (`_teaser_pairs`): most pages have too few for a list in either, and
        # then no stripped copy of the page is made.
        pairs, cut_pairs = _pairs_of(nonblank, cls, lines)
        if pairs >= standfirsts.UNITS_MIN or cut_pairs >= standfirsts.UNITS_MIN:
            # The lines stripped once for both readings (a non-blank line ends as it does right-stripped). Given its
            # count, `teaser_lines` answers a reading with too few pairs at once.
            text = [(lines[i] or "").strip() for i in nonblank]
            units = loose = standfirsts.teaser_lines(nonblank, cls, lines, text=text, pairs=pairs)
            if cut_pairs >= 0:
                # Headlines cut short with an ellipsis are heads too, where the learned stage does not read the page
                # (what the cuts leave, `decide`): read everywhere, the cut changed the stage's training rows and the
                # fold thresholds moved (CV sites fulltext 0.849 -> 0.841, tf trafilatura lost 67 -> 68;
                # BENCHMARKS.md, thirteenth round, `paras`).
                loose = standfirsts.teaser_lines(nonblank, cls, lines, cut=True, text=text, pairs=cut_pairs)
    span = _spanned(nonblank, cls, lines)
    teasers = _teased(nonblank, cls, lines) if AFTER in enabled and span is not None else []
    if teasers:
        # Every later decision is made as if the teasers were gone, as they are when the output is cleaned
        # again: so the second cleaning decides the same (a teaser list counts toward no chrome run).
        teased = set(teasers)
        nonblank = [i for i in nonblank if i not in teased]
        span = _spanned(nonblank, cls, lines)
    runs, chrome_runs = _chromed(nonblank, cls, lines)
    edges = True
    # The heuristics asked for, before a page with little chrome narrows them (HEU007 reads extractor output:
    # `_gated_on`).
    wide = frozenset(enabled)
    if auto:
        # Whether the page is a dump is judged on the lines still there, as before the rules took any: removed
        # menu words joined a product page's short lines into chrome runs, and its tail cut took spec lines (tf).
        real = [i for i in nonblank if i not in gone] if gone else nonblank
        gate = _chromed(real, cls, lines)[1] if gone else chrome_runs
        chrome = sum(b - a for a, b in gate)
        edges = chrome >= AUTO_EDGE_LINES
        # Text with too little chrome for the edge cuts, but whose tail after the article's prose still
        # holds other stories' paragraphs and headings: a page's <p>/<h> text (see BARE_TAIL_IDS).
        bare_tail = not edges and span is not None and bare_text(nonblank, lines)
        if chrome < AUTO_CHROME_LINES:
            enabled = enabled & {
                TRAILER,
                AFTER,
                THREAD,
                TEASER_UNITS,
                COUNTED,
                HEADLINES_ABOVE,
                HEADLINES_BELOW,
                UNRELATED_EDGE,
                DATELINE_AFTER,
            } | (enabled & (BARE_TAIL_IDS | {ABOUT_BOX, END_HEADINGS}) if bare_tail else set())
    else:
        bare_tail = False
    out: dict[int, str] = dict.fromkeys(teasers, AFTER)
    if span is not None and not edges and chrome_runs and TRAILER in enabled:
        # Too little chrome to trust a blind tail cut (trafilatura's output with a comment thread), but a
        # menu or headline run after the article's prose is evidence: from there on it is related links.
        prose_end = _last_prose(nonblank, cls)
        after = [a for a, b in runs if a > prose_end and b - a >= TRAILER_RUN and _is_chrome(nonblank[a:b], cls, lines)]
        if after:
            out.update(dict.fromkeys(nonblank[after[0] :], TRAILER))
    # The headline block just above the core is never removed, by any heuristic.
    protected = set(nonblank[max(0, span[0] - TOP_KEEP) : span[0]]) if span else set()
    if span is not None and (edges or bare_tail):
        first, last = span
        if TOP in enabled and edges:
            before = [b for _a, b in chrome_runs if b <= first]
            if before:
                # Prose and long sentences above the core stay: cookie notices are the phrase rules' job,
                # and an article split by a share bar must not lose its opening. Cutting prose too cost
                # 36 tf must-keep snippets; cutting long sentences 5 more, for 0.004 sh F1.
                top = nonblank[: max(0, min(before[-1], first - TOP_KEEP))]
                listed = _lists(top, cls, lines)
                # A top region with prose in it is not only masthead: there only chrome goes (measured: the
                # blind cut lost 11 tf must-keep snippets over the text renderings, fact boxes and forum posts).
                guarded = _has_prose(top, cls, lines)
                runs_above = _run_lines(nonblank, [(a, b) for a, b in chrome_runs if b <= first]) if guarded else set()
                for i in top:
                    # The class tests first: a line they keep is not stripped and sliced for its list mark.
                    c = cls[i]
                    if guarded and i not in runs_above and c not in EDGE_CHROME:
                        continue
                    if not (c in NAVLIKE or (c == NEAR and len(lines[i] or "") < SHORT_CHARS)):
                        continue
                    if i not in listed and (lines[i] or "").strip()[:2] not in LIST_MARKS:
                        out[i] = TOP
        if TAIL in enabled:
            # Cutting only from the first menu run after the core saved 8 tf snippets but kept 89 more
            # boilerplate ones on fulltext.txt: what follows an article is nearly always chrome.
            start = last + 1
            while start < len(nonblank) and start <= last + TAIL_KEEP and cls[nonblank[start]] not in BREAKING:
                start += 1
            tail = nonblank[start:]
            # Data lists (nutrition facts, specs) and prose lines (forum replies, live tickers, references)
            # stay; the rest of the tail goes. The blind cut lost 12 tf must-keep snippets over the text
            # renderings, nearly all in those two shapes; keeping every non-chrome line of a tail with prose
            # in it instead kept the teaser headlines too (sh F1 on fulltext.txt -0.04).
            listed = _lists(tail[:TAIL_LIST_LINES], cls, lines)
            cut = [i for i in tail if i not in listed and not _is_prose(i, cls, lines)]
            if not bare_tail:
                out.update(dict.fromkeys(cut, TAIL))
            else:
                cut = [i for i in cut if not _data_like((lines[i] or "").strip())]
                if len(cut) >= BARE_TAIL_MIN:
                    # What the trailer and teaser cuts (HEU005, HEU006) already took keeps their id.
                    for i in cut:
                        out.setdefault(i, TAIL)
    return _Before(nonblank, frozenset(enabled), span, runs, protected, edges, bare_tail, out, units, loose, wide)


def _gated_on(
    before: _Before,
    cls: Sequence[int],
    lines: Sequence[str | None],
    *,
    auto: bool,
    gone: frozenset[int],
    said: Mapping[int, str] | None,
    stop: frozenset[str],
    reads: Callable[[], bool],
    after_stage: bool,
    memo: dict[str, list[int]] | None = None,
    top_moved: Callable[[], Collection[int]] | None = None,
) -> list[tuple[int, str]]:
    """`decide`'s decisions from `before` on, with `reads` answering the learned stage's gate.

    `memo` keeps, across `decide`'s two passes, the lines each decision finds where its search does not depend on the
    gate's answer (the same `before` and arguments find the same lines): the second pass, made on about 1 `decide` in
    7 on tf, then only reruns the gated searches."""
    # Looked up and filled in place, without closures: a closure over the page's lists slowed every pass (tf article).
    known: dict[str, list[int]] = {} if memo is None else memo
    nonblank, enabled, span, runs, protected = (
        before.nonblank,
        before.enabled,
        before.span,
        before.runs,
        before.protected,
    )
    edges, bare_tail, out = before.edges, before.bare_tail, dict(before.out)
    units = before.loose if len(before.loose) > len(before.units) and not reads() else before.units
    if COMMENTS in before.wide:
        # A page dump's comment thread: from its header on, the tail is readers' text, which the tail cut
        # now leaves where it reads like prose.
        # Where the learned stage reads the page (what the cuts leave, `decide`), only in its second half: the earlier
        # reach changed what the stage is trained on (COMMENT_AFTER_START). Its re-run after the stage's removals trains
        # nothing: there the reach runs on read pages too (CV dn fulltext and article +0.002, the rest unchanged).
        k = None
        searched = COMMENTS in enabled and (not auto or edges or bare_tail)
        if searched:
            bare = bare_tail and (after_stage or not reads())
            key = "bare" if bare else "plain"
            heads = known.get(key)
            if heads is None:
                heads = known[key] = _listed(comment_start(nonblank, lines, said, bare=bare))
            k = _first(heads)
        if auto:
            # A header that counts the thread is also read early, and an extractor's output (neither a dump nor bare
            # text) is read too, whether the stage reads the page or not (THREAD_COUNT_HEADER). A search above that
            # found no plain header found none from the second half on, where this one's plain search starts (its bare
            # reach only starts earlier). Where a plain header was found, a count above it still starts the thread:
            # "21 comments, displaying first" over a Guardian thread whose "Comments" header stood further down left
            # the first comments in the body, and a second cleaning cut them (CLEANER_IDEMPOTENCE_ALL: 5 of 7,224
            # dev records changed on a second cleaning, 0 after; dn article and fulltext F1 +0.006; sh and sites
            # bodies unchanged, 5 tf bodies changed with no snippet moved; BENCHMARKS.md, forty-seventh round).
            heads = known.get("counted")
            if heads is None:
                heads = known["counted"] = _listed(
                    comment_start(nonblank, lines, said, counted=True, plain=not searched)
                )
            counted = _first(heads)
            if counted is not None and (k is None or counted < k):
                k = counted
        if k is not None and (span is None or k > span[0]):
            out.update(dict.fromkeys(nonblank[k:], COMMENTS))
    if THREAD in enabled:
        # A comment thread found by its per-comment signatures: from the first on, everything is readers' text
        # and what follows it (the tail cut already takes the chrome there; this takes the comments' prose).
        cut = known.get(THREAD)
        if cut is None:
            cut = known[THREAD] = _thread_lines(nonblank, cls, lines, said, protected)
        if not cut:
            # A run of reply links alone (`comments.REPLIES_MIN`), where the stage does not read the page or after its
            # removals (read everywhere, it moved the stage's training rows). The links are counted first, and the gate
            # is asked only once a run is found: most pages have neither.
            cut = known.get("replies")
            if cut is None and not after_stage and _asks_gate(before, auto, stop) and reads():
                # Where this pass asks the gate anyway (`_asks_gate`), a "yes" is asked for first: the run would be
                # dropped, so the links are not counted (61% of the passes on tf; the count read every short line).
                # Not kept in `known`: the second pass, which the gate does not stop, counts them.
                cut = []
            elif cut is None:
                links = comments.count_replies(nonblank, lines) + (comments.reply_links(said.values()) if said else 0)
                cut = known["replies"] = (
                    _thread_lines(nonblank, cls, lines, said, protected, replies=True)
                    if links >= comments.REPLIES_MIN
                    else []
                )
            if cut and not after_stage and reads():
                cut = []
        for i in cut:
            out.setdefault(i, THREAD)
    for i in units:
        if i not in protected:
            out.setdefault(i, TEASER_UNITS)
    if COUNTED in enabled:
        cut = known.get(COUNTED)
        if cut is None:
            cut = known[COUNTED] = _counted(nonblank, lines)
        for i in cut:
            out.setdefault(i, COUNTED)
    # Story lists around the article (HEU011, HEU012) where the edge cuts do not run: on a page dump in auto mode the
    # top and tail cuts cover those regions (running them there too took 0.0007 more sh fulltext F1, for a scan of
    # every menu and footer line in every round).
    if HEADLINES_ABOVE in enabled and not (auto and edges):
        cut = known.get(HEADLINES_ABOVE)
        if cut is None:
            cut = known[HEADLINES_ABOVE] = story_lists.above(nonblank, lines)
        for i in cut:
            if i not in protected:
                out.setdefault(i, HEADLINES_ABOVE)
    if HEADLINES_BELOW in enabled and not (auto and edges):
        cut = known.get(HEADLINES_BELOW)
        if cut is None:
            cut = known[HEADLINES_BELOW] = story_lists.below(nonblank, lines)
        for i in cut:
            out.setdefault(i, HEADLINES_BELOW)
    if UNRELATED_EDGE in enabled and stop:
        # Where the learned stage reads the page, its bottom edge only (cohesion.py says why). Judged on the lines no
        # other heuristic took, as a second cleaning sees them.
        for i in cohesion.edge_runs([i for i in nonblank if i not in out], lines, stop, read=reads()):
            if i not in protected:
                out.setdefault(i, UNRELATED_EDGE)
    if PROSE_AFTER_MENU in enabled and stop and edges and not bare_tail and span is not None:
        # The prose the tail cut (HEU004) spares, where a menu run parts it from the article and it shares nothing with
        # it: author bios, other stories' standfirsts, promo and legal prose. Not gated on the learned stage: its prose
        # guard keeps these lines wherever it reads.
        cut = known.get(PROSE_AFTER_MENU)
        if cut is None:
            cut = known[PROSE_AFTER_MENU] = _prose_after_menu(nonblank, cls, lines, span, stop)
        for i in cut:
            if i not in protected:
                out.setdefault(i, PROSE_AFTER_MENU)
    if DATELINE_AFTER in enabled and stop and not reads():
        # Not where the learned stage reads the page (datelines.py says why). Judged on the lines no other heuristic
        # took, as a second cleaning sees them.
        # A readers' thread another cut took (HEU007, HEU008) still stands under the dateline: those lines are listed
        # only here, past the gate (a pass over every cut line, on the 61% of tf's passes where the gate said yes).
        taken = [i for i, hid in out.items() if hid in THREADS]
        for i in datelines.after_article([i for i in nonblank if i not in out], lines, stop, taken):
            if i not in protected:
                out.setdefault(i, DATELINE_AFTER)
    if ABOUT_BOX in enabled and stop and (bare_tail or not auto):
        # An author box after the article, on bare text where the learned stage does not read (as HEU014).
        cut = [] if reads() else datelines.about_box([i for i in nonblank if i not in out], lines, stop)
        for i in cut:
            if i not in protected:
                out.setdefault(i, ABOUT_BOX)
    if NAV in enabled:
        cut = known.get(NAV)
        if cut is None:
            cut = known[NAV] = _nav_cut(nonblank, runs, cls, lines, gone, protected, top_moved)
        for i in cut:
            out.setdefault(i, NAV)
    if MENU_LINE in enabled:
        menu = MENU  # an imported name is a module-dict look-up per use in the compiled build
        for i in nonblank:
            if cls[i] == menu:
                out.setdefault(i, MENU_LINE)
    # Sorted by line alone (each line is decided once): the pairs compared as tuples took twice as long to sort.
    return [(i, out[i]) for i in sorted(out)]


def _asks_gate(before: _Before, auto: bool, stop: frozenset[str]) -> bool:
    """Whether `_gated_on` asks the gate on every pass over `before`, whatever it finds: HEU013 reads its answer, and
    HEU014 and HEU015 ask it before they search. Asking it earlier then costs nothing."""
    if not stop:
        return False
    enabled = before.enabled
    return (
        UNRELATED_EDGE in enabled
        or DATELINE_AFTER in enabled
        or (ABOUT_BOX in enabled and (before.bare_tail or not auto))
    )


# HEU018: a prose line after the menu run shares the article's subject with this many of the core's names or numbers
# (or its first word as one of them, or cohesion.LINE_SHARE of its content words). One was not enough: German
# capitalises every noun and a year or a date is a number, so one shared word kept most bios and promos (five draws,
# tf fulltext 0.8886 with one, 0.8900 with two, must-keep lost 28/61 both; BENCH_tail.md).
AFTER_MENU_NAMES: Final = 2


def _prose_after_menu(
    nonblank: list[int], cls: Sequence[int], lines: Sequence[str | None], span: tuple[int, int], stop: frozenset[str]
) -> list[int]:
    """The prose lines (`_is_prose`) after the first run of BREAK_RUN menu items below the article's core (`span`)
    that do not share the core's subject (`cohesion.shares` with AFTER_MENU_NAMES names) (HEU018), below the last one
    that does before the next such menu run.

    A page dump's tail cut (HEU004) keeps every prose line after the core: forum replies, a live ticker's entries and
    reference lists are prose there. What it kept on tf fulltext under domain-split CV mostly was not: 74 of the 272
    must-drop snippets left sat in prose lines below the article (author bios, other stories' standfirsts, newsletter
    and legal prose; BENCH_tail.md, eighteenth round). Past a menu run (a
    share bar, a tag list, a footer menu) and about something else, a prose line is not the article's; a reply in a
    thread talks about what the thread does, and shares its words, so it stays. So does every prose line above one that
    shares the subject with no menu run between them: there the article went on past an inline box (an sh article
    under a "Don't miss" list lost two paragraphs that named none of the core's names)."""
    last = span[1]
    run = 0
    start = None
    for k in range(last + 1, len(nonblank)):
        if cls[nonblank[k]] in BREAKING:
            run += 1
            if run >= BREAK_RUN:
                start = k + 1
                break
        else:
            run = 0
    if start is None:
        return []
    # The prose lines after the run, each with the part it stands in: parts are parted by further menu runs.
    prose: list[tuple[int, int]] = []
    part = run = 0
    for i in nonblank[start:]:
        if cls[i] in BREAKING:
            run += 1
            part += run == BREAK_RUN
        else:
            run = 0
            if _is_prose(i, cls, lines):
                prose.append((i, part))
    if not prose:
        return []
    # The core's words gathered in place: no list of every core line's words, and no generator per set.
    vocab: set[str] = set()
    names: set[str] = set()
    for i in nonblank[span[0] : last + 1]:
        stems, named, _opener = cohesion.content((lines[i] or "").strip(), stop)
        vocab.update(stems)
        names.update(named)
    # In each part, the lines below the last one that shares the subject: one that does further down in the same part
    # means the article goes on there.
    keep_to: dict[int, int] = {}
    for k, (i, p) in enumerate(prose):
        stems, named, opener = cohesion.content((lines[i] or "").strip(), stop)
        if cohesion.shares(stems, named, opener, vocab, names, AFTER_MENU_NAMES):
            keep_to[p] = k
    return [i for k, (i, p) in enumerate(prose) if k > keep_to.get(p, -1)]


def _listed(k: int | None) -> list[int]:
    """A position or none, as a memo of `_gated_on` keeps it (a list of lines)."""
    return [] if k is None else [k]


def _first(found: list[int]) -> int | None:
    """The position `_listed` kept, or None."""
    return found[0] if found else None


def _thread_lines(
    nonblank: list[int],
    cls: Sequence[int],
    lines: Sequence[str | None],
    said: Mapping[int, str] | None,
    protected: set[int],
    *,
    replies: bool = False,
) -> list[int]:
    """HEU008's lines: from the first comment signature on (`comments.thread_start`, with `replies` as there), all but
    the protected ones."""
    thread = comments.thread_start(nonblank, cls, lines, said, replies=replies)
    if thread is None:
        return []
    return [i for i in nonblank if i >= thread and i not in protected]


def _nav_lines(
    nonblank: list[int],
    runs: Sequence[tuple[int, int]],
    cls: Sequence[int],
    lines: Sequence[str | None],
    gone: frozenset[int],
    protected: set[int],
) -> list[int]:
    """HEU001's lines: the navigation runs' lines, but the protected ones."""
    out: list[int] = []
    for a, b in runs:
        # A navigation run is judged on the lines still there: a removed list heading next to a few
        # short lines made them a run (an article's product list lost a must-keep line on tf).
        run = [i for i in nonblank[a:b] if i not in gone] if gone else nonblank[a:b]
        if len(run) >= NAV_RUN and _items(run, cls) >= NAV_ITEM_SHARE and _wrapped(run, lines) < NAV_MAX_WRAPPED:
            out += [i for i in run if i not in protected]
    return out


def _nav_cut(
    nonblank: list[int],
    runs: Sequence[tuple[int, int]],
    cls: Sequence[int],
    lines: Sequence[str | None],
    gone: frozenset[int],
    protected: set[int],
    top_moved: Callable[[], Collection[int]] | None,
) -> list[int]:
    """HEU001's lines (`_navs`), and those it finds once the top matter is out, as a second cleaning reads the page.

    A title shaped like a menu item joins the run under it, and a lowercase item under the title ("Mac OS X" over
    "iPhone", "iPad") reads as its wrapped continuation: the run was spared as a spec sheet, and once the top-matter
    stage had moved the title out, a second cleaning cut it (two dn pages; a random page in tests/test_properties.py).
    So a run above the page's first prose line that is not cut is judged again without the lines the top matter moves
    (`top_moved`, asked only then): what either reading finds goes, and a second cleaning, whose top has nothing left
    to move, finds nothing more."""
    cut = _navs(nonblank, runs, cls, lines, gone, protected)
    if top_moved is None:
        return cut
    taken = set(cut)
    if not _uncut_above_prose(nonblank, runs, cls, taken):
        return cut
    moved = top_moved()
    if not moved:
        return cut
    rest = [i for i in nonblank if i not in moved]
    more = _navs(rest, _runs(rest, cls), cls, lines, gone, protected)
    return cut + [i for i in more if i not in taken]


def _uncut_above_prose(
    nonblank: list[int], runs: Sequence[tuple[int, int]], cls: Sequence[int], taken: set[int]
) -> bool:
    """Whether a run starts above the page's first prose line with a line HEU001 did not take (`taken`): only there can
    the top matter's moves (which come from above the article's first paragraph) change what the run is judged to be."""
    good = GOOD  # an imported name is a module-dict look-up per use in the compiled build
    first = next((i for i in nonblank if cls[i] == good), None)
    for a, b in runs:
        if first is not None and nonblank[a] > first:
            break
        if any(i not in taken for i in nonblank[a:b]):
            return True
    return False


def _chosen_navs() -> Callable[
    [list[int], Sequence[tuple[int, int]], Sequence[int], Sequence[str | None], frozenset[int], set[int]], list[int]
]:
    """The native kernel's `nav_lines` (cleaner.native, given this module's constants) when it is built, else
    `_nav_lines`: the same lines, each run's items and wrapped lines counted in place (the twin stripped a copy of
    every line of a run, twice)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None:
        return _nav_lines
    return functools.partial(
        native.nav_lines,
        least=NAV_RUN,
        itemlike=ITEMLIKE,
        item_share=NAV_ITEM_SHARE,
        ends="".join(sorted(PROSE_END)),
        most_wrapped=NAV_MAX_WRAPPED,
    )


# HEU001's lines (`_nav_lines`), or their native twin.
_navs = _chosen_navs()


def _bare_text(nonblank: Sequence[int], lines: Sequence[str | None]) -> bool:
    """Whether the text holds no list item and no table row: bare paragraphs and headings, as a page's <p>/<h>
    text is. An extractor that keeps lists and tables (trafilatura's output) also keeps the article's own lists,
    tables and fact boxes after its prose, where a tail cut lost tf must-keep snippets (BARE_TAIL_IDS)."""
    marks = LIST_MARKS  # an imported name is a module-dict look-up per use in the compiled build
    for i in nonblank:
        s = (lines[i] or "").strip()
        if s[:2] in marks or (s[:1] == "|" and s[-1:] == "|"):
            return False
    return True


def _data_like(s: str) -> bool:
    """A stripped tail line that reads as data, a sentence or a text's own continuation, which the bare-text tail cut
    leaves: a number, a label and value ("Farbe: grün"), a lowercase start (a sign-off, a continued sentence), an
    arrow list item (ARROW_MARKS), a comma in a short line (a name list, an address), or a sentence end, also behind a
    closing quote (a short last paragraph: '… noting that the offer was “a lovely gesture.”' held sh gold text)."""
    # The digit search last: the other tests are cheaper, and any one of them answers.
    return (
        ":" in s
        or s[:1].islower()
        or s[:2] in ARROW_MARKS
        or ("," in s and len(s) < SHORT_CHARS)
        or s.rstrip(standfirsts.CLOSERS)[-1:] in PROSE_END
        or DIGIT.search(s) is not None
    )


def _counted_runs(nonblank: Sequence[int], lines: Sequence[str | None]) -> list[int]:
    """Lines in runs of COUNT_RUN or more "label (count)" lines: category and archive widgets."""
    out: list[int] = []
    run: list[int] = []
    for i in (*nonblank, -1):
        # A line ending in ")" holds one: most lines fail that scan of the line as read before they are stripped. The
        # count's last digit stands before it ("(dpa)", "(AFP)" and "(Foto)" end in ")" too).
        raw = lines[i] if i >= 0 else None
        if raw and ")" in raw and (s := raw.strip()).endswith(")") and s[-2:-1].isdecimal() and COUNT_LINE.search(s):
            run.append(i)
            continue
        if len(run) >= COUNT_RUN:
            out += run
        run = []
    return out


def _chosen_counted() -> Callable[[list[int], Sequence[str | None]], list[int]]:
    """The native kernel's `counted_runs` (cleaner.native) when it is built, else `_counted_runs`: the same lines, each
    one's strip and last code point read in place (the twin's loop was a fiftieth of `decide`'s time on tf)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None:
        return _counted_runs
    return functools.partial(native.counted_runs, test=COUNT_LINE.search, least=COUNT_RUN)


# The "label (count)" widgets' lines (HEU010): `_counted_runs`, or its native twin.
_counted = _chosen_counted()


def _has_prose(positions: Sequence[int], cls: Sequence[int], lines: Sequence[str | None]) -> bool:
    """Whether any of the lines is prose."""
    return any(_is_prose(i, cls, lines) for i in positions)


def _is_prose(i: int, cls: Sequence[int], lines: Sequence[str | None], behind: str = "") -> bool:
    """A good or near-good line that ends like a sentence and has PROSE_WORDS words or more; with `behind`, the
    sentence end may stand before those closing characters.

    The sentence end is required of good lines too: teaser headlines over 100 characters pass the
    stopword test, and without it the tail kept them (sh F1 on fulltext.txt 0.852 -> 0.819).
    """
    if cls[i] not in PROSE_CLASSES:
        # Settled before the line is stripped: most lines a tail or a top region holds are not good lines.
        return False
    s = (lines[i] or "").strip().rstrip(behind)
    return bool(s) and s[-1] in PROSE_END and s.count(" ") + 1 >= PROSE_WORDS


def end_headings(positions: Sequence[int], cls: Sequence[int], lines: Sequence[str | None]) -> list[int]:
    """The heading-shaped lines (`heading_shaped`) the text ends on, under a prose line (HEU016).

    A heading heads what follows it; at the end of a page's <p>/<h> text nothing follows, so these are the headings
    of widgets whose links the rendering dropped ("On Our Radar", "Elsewhere on pv magazine...") or the last teaser
    headlines of a related list, one or two of them too few for the tail cut (BARE_TAIL_MIN) and, with digits or an
    ellipsis, not HEU006's shape. The line above them must be prose: the run ends the article, not a list."""
    # Lines a rule already took (None) are gaps here, as on a second cleaning.
    here = [i for i in positions if lines[i] is not None]
    k = len(here)
    cut: list[int] = []
    while k > 0:
        s = (lines[here[k - 1]] or "").strip()
        if heading_shaped(s):
            cut.append(here[k - 1])
        elif not (s[:1].isupper() and LABEL_VALUE.search(s) and s.count(" ") < END_HEADING_WORDS):
            break
        # A credit or source line ("Main image credit: Getty") stays, and the run reads on above it.
        k -= 1
    # A sentence end behind a closing quote counts (a last paragraph '… was “a lovely gesture.”').
    if not cut or k == 0 or not _is_prose(here[k - 1], cls, lines, standfirsts.CLOSERS):
        return []
    return sorted(cut)


def heading_shaped(s: str) -> bool:
    """A capitalised line of at most END_HEADING_WORDS words with no sentence end at its end or inside and no short
    labelled value, or a headline cut short with an ellipsis (END_TEASER_MIN_WORDS to END_TEASER_WORDS words)."""
    if not s or not s[0].isupper() or s[:2] in LIST_MARKS or INNER_SENTENCE_END.search(s) or LABEL_VALUE.search(s):
        return False
    n = s.count(" ") + 1
    if s.endswith(standfirsts.TRUNCATED):
        return END_TEASER_MIN_WORDS <= n <= END_TEASER_WORDS
    return n <= END_HEADING_WORDS and s[-1] not in END_HEADING_STOPS


def _run_lines(nonblank: list[int], runs: Sequence[tuple[int, int]]) -> set[int]:
    """Line indexes inside the given runs (positions in `nonblank`)."""
    return {i for a, b in runs for i in nonblank[a:b]}


def _wrapped(run: Sequence[int], lines: Sequence[str | None]) -> int:
    """Lines that continue the previous one (lowercase start after a line with no sentence end): wrapped
    text such as a spec sheet's descriptions, which a menu never has."""
    n = 0
    for prev, cur in itertools.pairwise(run):
        p, c = (lines[prev] or "").strip(), (lines[cur] or "").strip()
        if p and c and c[0].islower() and p[-1] not in PROSE_END:
            n += 1
    return n


def _teasers(
    nonblank: list[int], cls: Sequence[int], lines: Sequence[str | None], span: tuple[int, int] | None
) -> list[int]:
    """Headline-shaped lines after the last prose line (HEU006), or none when fewer than AFTER_MIN.

    The tail cut (HEU004) would take them anyway, so they are taken wherever a core exists (`span`,
    the core of `nonblank`, is passed in because `decide` needs it too).
    """
    if span is None:
        return []
    rest = nonblank[_last_prose(nonblank, cls) + 1 + TAIL_KEEP :]
    listed = _content_lists(rest, cls, lines)
    tail = [
        i
        for i in rest
        if i not in listed
        and cls[i] in AFTER_CLASSES
        and not _quantified([i], lines)
        and (lines[i] or "").strip()[:2] not in LIST_MARKS
    ]
    return tail if len(tail) >= AFTER_MIN else []


def _last_prose(nonblank: list[int], cls: Sequence[int]) -> int:
    """Position of the last prose line: the trailing cuts start after it, not after the core.

    The core moves when a cleaning removes chrome inside it (its clusters merge), the last prose
    line does not; so a second cleaning finds the same place.
    """
    good = GOOD  # an imported name is a module-dict look-up per use in the compiled build
    for k in range(len(nonblank) - 1, -1, -1):
        if cls[nonblank[k]] == good:
            return k
    return len(nonblank)


def _content_lists(positions: Sequence[int], cls: Sequence[int], lines: Sequence[str | None]) -> set[int]:
    """Lines in runs of list content: short lines that are not menu items (quantities, lowercase starts,
    short sentences), LIST_RUN or more in a row. Ingredients, specs, feature and change lists look like
    this; a masthead is menu items, so it does not.
    """
    out: set[int] = set()
    run: list[int] = []
    for i in (*positions, -1):
        if i >= 0 and cls[i] in LISTLIKE:
            run.append(i)
            continue
        if len(run) >= LIST_RUN and _quantified(run, lines) >= LIST_DATA_SHARE:
            out.update(run)
        run = []
    return out


def _quantified(run: Sequence[int], lines: Sequence[str | None]) -> float:
    """Share of lines with a number or a lowercase start: what list content has and teasers rarely do."""
    n = 0
    digit = DIGIT  # an imported name is a module-dict look-up per use in the compiled build
    for i in run:
        s = (lines[i] or "").strip()
        if s and not COUNT_SUFFIX.search(s) and (s[0].islower() or digit.search(s)):
            n += 1
    return n / len(run)


def _chosen_teasers() -> Callable[[list[int], Sequence[int], Sequence[str | None]], list[int]]:
    """The native kernel's `after_teasers` (cleaner.native, given this module's constants) when it is built, else
    `_teasers` (of a page with a core): the same lines, each line's class, strip, count, digits and list mark read in
    place in one pass over the lines after the last prose line (the twin tested each line through `_quantified` of a
    list of one)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None:
        return _teasers_of
    return functools.partial(
        native.after_teasers,
        good=GOOD,
        tail_keep=TAIL_KEEP,
        listlike=LISTLIKE,
        least=LIST_RUN,
        share=LIST_DATA_SHARE,
        after_classes=AFTER_CLASSES,
        marks=LIST_MARKS,
        after_min=AFTER_MIN,
    )


def _teasers_of(nonblank: list[int], cls: Sequence[int], lines: Sequence[str | None]) -> list[int]:
    """`_teasers` of a page with a core (`decide` asks only there)."""
    return _teasers(nonblank, cls, lines, (0, 0))


# HEU006's lines on a page with a core: `_teasers`, or its native twin.
_teased = _chosen_teasers()


def _chosen_lists() -> Callable[[Sequence[int], Sequence[int], Sequence[str | None]], set[int]]:
    """The native kernel's `content_lists` (cleaner.native, given this module's constants) when it is built, else
    `_content_lists`: the same lines, each run's lines' strip, count and digits read in place."""
    native = kernel("cleaner.heuristics._passes")
    if native is None:
        return _content_lists
    return functools.partial(native.content_lists, listlike=LISTLIKE, least=LIST_RUN, share=LIST_DATA_SHARE)


# The content lists among some lines (`_content_lists`), or its native twin.
_lists = _chosen_lists()


def chrome_lines(cls: Sequence[int], lines: Sequence[str | None]) -> int:
    """Lines in chrome runs: the page-dump signal auto mode checks before doing any further work."""
    nonblank = _nonblank(cls)
    return sum(b - a for a, b in _chromed(nonblank, cls, lines)[1])


def _nonblank(cls: Sequence[int]) -> list[int]:
    """Positions of the non-blank lines: a loop the compiled build runs natively (a map of a bound method called each
    line through Python's call protocol)."""
    blank = BLANK  # an imported name is a module-dict look-up per use in the compiled build
    return [i for i, c in enumerate(cls) if c != blank]


def _chrome_runs(
    nonblank: list[int], runs: list[tuple[int, int]], cls: Sequence[int], lines: Sequence[str | None]
) -> list[tuple[int, int]]:
    return [(a, b) for a, b in runs if b - a >= EDGE_RUN and _is_chrome(nonblank[a:b], cls, lines)]


def _runs_and_chrome(
    nonblank: list[int], cls: Sequence[int], lines: Sequence[str | None]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The nav-like runs (`_runs`) and those of them that mark the chrome (`_chrome_runs`), read together."""
    runs = _runs(nonblank, cls)
    return runs, _chrome_runs(nonblank, runs, cls, lines)


def _chosen_chrome() -> Callable[
    [list[int], Sequence[int], Sequence[str | None]], tuple[list[tuple[int, int]], list[tuple[int, int]]]
]:
    """The native kernel's `chrome_runs` (cleaner.native) when it is built, else `_runs_and_chrome`: the same runs, in
    one C pass over the page's classes and one over each long run's lines (the twin's runs, shares and headline tests
    were a tenth of `decide`'s own time on tf)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None:
        return _runs_and_chrome
    return functools.partial(
        native.chrome_runs,
        navlike=NAVLIKE,
        breaking=BREAKING,
        least=EDGE_RUN,
        itemlike=ITEMLIKE,
        item_share=EDGE_ITEM_SHARE,
        headline_share=TEASER_SHARE,
    )


# The nav-like runs and the chrome runs among them: `_runs_and_chrome`, or its native twin.
_chromed = _chosen_chrome()


def _core(nonblank: list[int], cls: Sequence[int], lines: Sequence[str | None]) -> tuple[int, int] | None:
    """First and last position (in `nonblank`) of the article's prose, or None without enough prose.

    Prose lines form clusters split by chrome between them; the core spans every cluster with a fair
    share of the largest one's text, so that a footer's author box or comment prompt does not stretch it.
    """
    # Only prose lines start or extend a cluster, so the loop runs over them; what lies between two
    # of them (how many lines, the longest run of menu items) decides whether the second starts a new one.
    good = GOOD  # an imported name is a module-dict look-up per use in the compiled build
    goods = [k for k, i in enumerate(nonblank) if cls[i] == good]
    if not goods:
        return None
    firsts, lasts, mass = [goods[0]], [goods[0]], [len(lines[nonblank[goods[0]]] or "")]
    prev = goods[0]
    for k in goods[1:]:
        size = len(lines[nonblank[k]] or "")
        if k - prev - 1 >= BREAK_LINES or _breaks(nonblank, cls, prev + 1, k):
            firsts.append(k)
            lasts.append(k)
            mass.append(size)
        else:
            lasts[-1] = k
            mass[-1] += size
        prev = k
    if sum(mass) < MIN_CORE_CHARS:
        return None
    bar = KEEP_SHARE * max(mass)
    kept = [c for c, m in enumerate(mass) if m >= bar]
    return firsts[kept[0]], lasts[kept[-1]]


def _chosen_core() -> Callable[[list[int], Sequence[int], Sequence[str | None]], tuple[int, int] | None]:
    """The native kernel's `core_span` (cleaner.native, given this module's constants) when it is built, else `_core`:
    the same span, in one C pass over the page's classes (the twin listed the prose positions, then called `_breaks`
    per gap between two of them)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None:
        return _core
    return functools.partial(
        native.core_span,
        good=GOOD,
        breaking=BREAKING,
        break_run=BREAK_RUN,
        break_lines=BREAK_LINES,
        least=MIN_CORE_CHARS,
        keep_share=KEEP_SHARE,
    )


# The article's core (`_core`), or its native twin.
_spanned = _chosen_core()


def _breaks(nonblank: list[int], cls: Sequence[int], a: int, b: int) -> bool:
    """Whether positions [a, b) of `nonblank` hold BREAK_RUN menu items in a row."""
    if b - a < BREAK_RUN:
        return False
    run = 0
    for k in range(a, b):
        if cls[nonblank[k]] in BREAKING:
            run += 1
            if run >= BREAK_RUN:
                return True
        else:
            run = 0
    return False


def _is_chrome(run: Sequence[int], cls: Sequence[int], lines: Sequence[str | None]) -> bool:
    """A run that marks the page's chrome: menu items, or headlines of other articles."""
    return _items(run, cls) >= EDGE_ITEM_SHARE or _headlines(run, lines) >= TEASER_SHARE


def _items(run: Sequence[int], cls: Sequence[int]) -> float:
    """Share of menu items (ITEMLIKE) in the run: a loop the compiled build runs natively (mapping bound methods
    called each through Python's call protocol)."""
    n = 0
    for i in run:
        if cls[i] in ITEMLIKE:
            n += 1
    return n / len(run)


def _headlines(run: Sequence[int], lines: Sequence[str | None]) -> float:
    """Share of headline-like lines: capitalised, without digits (list content has quantities and numbers)."""
    n = 0
    digit = DIGIT  # an imported name is a module-dict look-up per use in the compiled build
    for i in run:
        s = (lines[i] or "").strip()
        if s and not s[0].islower() and not digit.search(s):
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
    navlike = NAVLIKE  # an imported name is a module-dict look-up per use in the compiled build
    for k, i in enumerate(nonblank):
        if cls[i] in navlike:
            if start is None:
                start = k
        elif start is not None:
            runs.append((start, k))
            start = None
    if start is not None:
        runs.append((start, len(nonblank)))
    return runs


def _chosen_bare() -> Callable[[Sequence[int], Sequence[str | None]], bool]:
    """The native kernel's `bare_text` (cleaner.native, given LIST_MARKS) when it is built, else `_bare_text`: the same
    answer, each line's strip and ends read in place (the twin stripped a copy of every line of the page)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None:
        return _bare_text
    return functools.partial(native.bare_text, marks=LIST_MARKS)


# Whether the text is bare paragraphs and headings (`_bare_text`), or its native twin.
bare_text = _chosen_bare()
