"""The lines above an article's first paragraph, decided in one piece: the headline (and a standfirst) move into their
fields, the lines around them are cut, and the body then starts with the article's prose.

Measured on sh (issue 11, rounds 11 and 12): much of the boilerplate the cleaner leaves sits above the article's first
paragraph, as a template's top: section labels, breadcrumbs, a masthead line, other stories' headlines, then the
headline, then a byline label ("Opinion Columnist", "Breaking News Emails"), then the article. The top-matter stage
(`headline.find_top_matter`) reads only the first lines and moves a title only when the line under it is not one too,
so with labels above the headline it took neither, and both stayed in the body.

Here the page's top is read from the article's side: the article's start (`story_lists.article_start`, the first
paragraph of prose with another close below it), a headline-shaped line at most HEAD_GAP lines above it, and then
- every line above that headline goes, if every one is a line no longer than a headline, with no digit, no list mark
  and no sentence-shaped end (`_above`); else nothing does;
- every line between the headline and the start goes too: the standfirst (moved to the description field, only when a
  byline or date line follows it, as `find_top_matter` takes one) or a label of at most LABEL_WORDS words (`_label`);
  one line of any other shape between them (a subtitle, a caption, a list item, a date) and nothing goes;
- the headline is the head's line unless that is a dateline, a deck under its title or a kicker run together with it
  (`_retitled`): then a title-shaped line above it, which was cut, takes the field, and the head is cut instead (the
  same lines leave the body; dev no-URL: the declared headline cut as a label on 69 renderings before, 34 after).
  A deck of a standfirst's shape whose words recur in the article (DECK_RECURRING), and not shaped as a credit
  (`_credit`: a note in brackets, a dateline, a byline, a signature), is article text, so it moves to
  the standfirst (description) field rather than being cut; where that field is taken, the block keeps the deck as
  its headline. (Cut, the deck of tf/7680a47b's trafilatura.txt, "Penalties for those who refuse to self-isolate
  are …", a gold must-keep snippet, was lost: the record keeps a line that leaves the body as the headline or the
  standfirst, and drops one cut as a label, and the quality scorer reads tf output as those moved lines plus the
  body; the gate's tf trafilatura loss rose 67 -> 68.)
- and nothing goes where the start itself is headline-shaped: a headline ending in a bracket ("Tagung: … (26. und 27.
  2. 2015, Eichstätt)") counts as a paragraph's end for `article_start`, and the menu row above it was taken for the
  headline (dev metadata: the text headline then chose that row, one tf fulltext page wrong that main got right).

Where the learned stage reads the text, its model already judges the page's top with its place features, and it was
trained on views from which top matter hid only the headline and standfirst. Cutting the block there too (on the
view the stage is handed, which its adapter reads as the later stages will leave it) changed the training views of
the pages it touched, and through them every fold's threshold (0.84/0.89/0.92/0.82/0.86 -> 0.79/0.83/0.94/0.82/0.78
under domain-split CV on dev), and the stage then lost 1 more tf must-keep snippet on fulltext and 2 on article. So
the block is not cut on a text the stage would still read with the headline and standfirst moved out (PLAIN_MOVES
lines fewer): such a text keeps `find_top_matter`'s move, and its body, which has at most PLAIN_MOVES lines fewer,
is still one the block leaves alone. The views the stage is trained on are then those of main, line for line. Once the
stage has removed its lines, the page may no longer read as one, and the block is cut on what it left (the adapter
runs top matter ahead on each view it tries, cleaner/stages/learned.py).

The result must be a fixed point: cleaning the body again must move nothing. The body starts with the article's start
when the cut is made, but the check is made, not assumed: `settle_top_matter` takes the first candidate whose body a
second cleaning (no byline or date lines left: they were moved out) would leave alone, trying the block above, then
`find_top_matter`'s plain move, each with the byline and date lines and without; if none is, nothing moves. The second
cleaning tries the same candidates on its body, whose first one then moves nothing, so it moves nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from functools import cache

import regex

from cleaner import learned
from cleaner.heuristics.features import LIST_MARKS
from cleaner.heuristics.story_lists import article_start, starts_prose
from cleaner.metadata.bylines import BYLINE_MAX_WORDS, find_byline, split_authors
from cleaner.metadata.date_forms import find_in
from cleaner.metadata.date_tables import alternation, tables_for
from cleaner.metadata.headline import (
    HEADLINE_MAX_WORDS,
    HEADLINE_MIN_WORDS,
    TopMatter,
    find_top_matter,
    looks_like_headline,
    looks_like_standfirst,
)
from cleaner.metadata.headline_lines import _dated, _key, _title_shaped
from cleaner.metadata.metalines import content_lines
from cleaner.rules.patterns import compiled

# The headline stands at most this many non-blank lines above the article's start (the headline right above it, or
# with a standfirst and a byline label between). Measured on dev sh+tf, stage off (fulltext sh, lines above of at most
# 12 words): 2 lines 0.8899, 3 0.8902, 4 0.8904, every tf must-keep loss the same; 3 is `find_top_matter`'s TOP_LINES.
HEAD_GAP = 3
# A line between the headline and the start goes when it has at most this many words (a byline label, "Breaking News
# Emails", "Opinion Columnist"). Measured on dev sh+tf, stage off: 5 as round 11's label cut chose; 8 gained sh
# paragraphs +0.002 with the same tf losses, but the lines it added on tf were mostly subtitles of 6-8 words (a
# guessed headline's second line); 12 lost a tf must-keep snippet on three renderings.
LABEL_WORDS = 5
# At most this many labels between the headline and the start ("Breaking News Emails", "Opinion Columnist"). A share
# bar and a photo credit ("Send Text Message Print", "Image zoom", "Getty Images") stood over a tf article whose
# headline an earlier stage had taken: with two, the bar moved to the headline field and the text headline chose it
# (dev metadata, headline with the shipped settings 0.852 -> 0.850); with one, sh fulltext F1 0.8980 -> 0.8976,
# article 0.9036 -> 0.9034 (the shipped model, 14 documents), tf the same.
BETWEEN_LABELS = 1
# A line above the headline goes when it has at most this many words: a line longer than any headline is not a label
# or another story's title. Measured on dev sh+tf, stage off, against at most 5 words (round 11's label cut): 8 words
# fulltext sh 0.8871 -> 0.8884, 12 0.8902, 16 0.8916, 25 0.8931, no limit 0.8931; tf must-keep losses the same on
# every rendering for all of them. (Lines with a digit lost tf must-keep snippets: a recipe's "für 12 Stück", a
# price, a fact box; so they stay, and with them the whole top.)
ABOVE_WORDS = HEADLINE_MAX_WORDS
# A title-shaped line right above the block's head is the title, and the head its deck, when at least this many of its
# words (SUBJECT_WORD_CHARS letters or more) are in the article's first paragraph, and more of them than of the head's:
# a title names the article's subject, a kicker or section label ("Economy & Business", "Recent from …") does not.
# Read on dev sh+tf+sites without a URL (BENCH_toplabel.md): of the 22 blocks whose head was the declared title under a
# title-shaped kicker, none passes. With 1 word, "Sie sind hier" over a title took the headline (1 worse); with 3, one
# rendering right by the label and four read better went back to the deck or byline.
SUBJECT_WORDS = 2
SUBJECT_WORD_CHARS = 4
# A deck moves to the standfirst (description) field, not cut, when at least this share of its subject words recur in
# the article: a deck summarises the article in its own words, while a byline, a credit, a promotion or a menu row,
# which `_retitled` also reads as a deck under a title ("Catherine Shu @catherineshu / 2 days", "Tested by: … RRP:
# £23.99 …", "Konfigurator Versicherungsvergleich … ab 1,99%"), names people and things the article does not. Dev
# no-URL (BENCH_toplabel2.md): of the 17 decks that moved with no such test, the 6 read better are at 0.55 or more,
# the 6 read worse at 0.33 or less; half was taken as the natural cut, not searched.
DECK_RECURRING = 0.5
# A handle ("@catherineshu") in a line of a byline's length (BYLINE_MAX_WORDS) signs it: a standfirst names no
# account. A longer line may quote one ("Der @tarzun würde sagen, …", a dev page's own summary).
_HANDLE = compiled(r"(?<![\w.])@\w")
# The recurrence test (DECK_RECURRING) reads the words a line shares with the article, and a credit line shares the
# article's names and its blog's words as a standfirst does ("Posted by … in Good Science", "(Cross posted from …
# Blog)"). So a deck is also told by its shape (`_credit`); measured on dev's 432 page summaries of a standfirst's
# length (HTML path, meta descriptions, main's records): 6 fail it, 3 of them credit lines themselves ("Tested by:
# …", a photo's "(Photo by: …)"), 2 a summary opening with its date ("July 7, 2020 The below letter …"), 1 prose.

# The most lines `find_top_matter` moves (a headline and a standfirst): the block is not cut on a text the learned
# stage would still read with that many of its lines gone (`learned.worth_reading`'s margin). See the module doc.
PLAIN_MOVES = 2


# An ASCII digit: in an ASCII line, what `str.isdigit` calls a digit.
_ASCII_DIGIT = compiled(r"[0-9]")


def _has_digit(s: str) -> bool:
    """Whether a character of `s` is a digit to `str.isdigit` (superscripts too): one search of an ASCII line (most
    lines), the characters one by one in any other. Read per character in a generator, interpreted, every line above
    a headline candidate was a fifth of settle_top_matter's time."""
    if s.isascii():
        return _ASCII_DIGIT.search(s) is not None
    return any(c.isdigit() for c in s)


def _plain(s: str, words: int) -> bool:
    """A line of at most `words` words with no digit, no list mark and no sentence-shaped end of prose."""
    return s.count(" ") + 1 <= words and not starts_prose(s) and s[:2] not in LIST_MARKS and not _has_digit(s)


def _above(s: str) -> bool:
    """A line above the headline that may go: a label, a breadcrumb, a masthead line or another story's title."""
    return _plain(s, ABOVE_WORDS)


def _label(s: str) -> bool:
    """A line between the headline and the article's start that may go: a byline label or a section label."""
    return _plain(s, LABEL_WORDS)


def top_block(kept: Sequence[str | None], metadata_lines: Collection[int]) -> TopMatter | None:
    """The headline, standfirst and cut lines above the article's start, or None where the top is not all of that
    shape. The longest headline-shaped line is tried first, then the nearest to the start: a kicker, a label
    ("Breaking News Emails") or a section's title is shorter than the headline (text_headline's tie rule). Measured on
    dev sh+tf with the stage: the same F1 and tf losses as the nearest first, 12 headline fields differ, and the
    metadata benchmark's headline accuracy is the same.)"""
    # The lines holding something besides whitespace (`s.strip()` is not empty exactly when `s.isspace()` is false: the
    # same whitespace), in one kernel call: a list comprehension over every line of the page, interpreted, was a
    # quarter of this function's time, and it runs for the candidate and again for the body it leaves.
    nonblank = content_lines(kept)
    start = article_start(nonblank, kept)
    if not start:
        return None
    text = [(kept[i] or "").strip() for i in nonblank[: start + 1]]
    if looks_like_headline(text[start]):
        return None  # the start may be the headline itself, ending in a bracket (module doc)
    # The longest first, then the nearest: sorted by (fewer spaces last, place in the walk up from the start), which
    # is the stable sort by length alone (no key function: compiled, a lambda over `text` is a closure per call).
    ranked = sorted(
        (-text[h].count(" "), n, h)
        for n, h in enumerate(range(start - 1, max(0, start - HEAD_GAP) - 1, -1))
        if looks_like_headline(text[h])
    )
    for _spaces, _n, h in ranked:
        found = _around(h, start, text, nonblank, metadata_lines)
        if found is not None:
            return _retitled(found, h, start, text, nonblank, kept)
    return None


def _subject_words(s: str) -> set[str]:
    """A line's words of SUBJECT_WORD_CHARS letters or more, case and accents folded: what a title shares with its
    article's first paragraph."""
    return {w for w in _key(s).split() if len(w) >= SUBJECT_WORD_CHARS and not w.isdigit()}


def _titled(s: str) -> bool:
    """A line the headline may go to: shaped as the text headline takes a title (a question counts: "Plant Tesla eine
    zweite Fabrik in China?"), of HEADLINE_MIN_WORDS words or more, and neither a dateline nor a byline."""
    return len(s.split()) >= HEADLINE_MIN_WORDS and _title_shaped(s) and not _dated(s)


def _summarises(deck: str, article: Sequence[str | None]) -> bool:
    """Whether a deck is the article's summary: at least DECK_RECURRING of its subject words, and SUBJECT_WORDS of
    them or more, recur in the article (its lines from the start on)."""
    words = _subject_words(deck)
    need = max(SUBJECT_WORDS, DECK_RECURRING * len(words))
    recurring: set[str] = set()
    for line in article:
        if line:
            recurring |= words & _subject_words(line)
            if len(recurring) >= need:
                return True  # the words only add up: the rest of the article cannot take the answer back
    return False


@cache
def _byline_labels() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """(a byline label with a colon anywhere, "Tested by: John …", "By: … News"; a byline label anywhere), each
    before a capitalised word, in any language's table: a credit inside a line, where `find_byline` reads one at
    its start only."""
    label = rf"(?i)(?<!\p{{L}})(?:{alternation(w for t in tables_for(None) for w in t.byline)})"
    return compiled(rf"{label}\s*:\s+(?=\p{{Lu}})"), compiled(rf"{label}\s+(?=\p{{Lu}})")


def _signed(s: str) -> bool:
    """A line that ends with a byline: a label, then names alone ("Guest post by Jane Doe", "… 2012 by Matthew
    Panzarino"); "the smoke was detected by NASA and plunged …" goes on past the name (`split_authors` reads a part
    that is not a name as a role)."""
    for m in _byline_labels()[1].finditer(s):
        names, roles = split_authors(s[m.end() :])
        if names and not roles:
            return True
    return False


def _credit(deck: str, title: str) -> bool:
    """A line under a title that is not its standfirst, whatever words it shares with the article: a note wholly in
    brackets ("(Cross posted from …)"), the title again, a dateline (a date at its start, ordinal ones too: "9th
    August 2012 by …"), a byline (`find_byline` at its start, a credit field "Tested by: …" anywhere), or a line of a
    byline's length that is signed (`_signed`) or names an account (_HANDLE)."""
    if deck[:1] in "([" and deck[-1:] in ")]":
        return True
    own, titled = _key(deck), _key(title)
    if own in titled or titled in own:
        return True
    dates = find_in(deck)
    if dates and dates[0].start == 0:
        return True
    if find_byline([deck]) is not None or _byline_labels()[0].search(deck) is not None:
        return True
    return len(deck.split()) <= BYLINE_MAX_WORDS and (_HANDLE.search(deck) is not None or _signed(deck))


def _retitled(
    found: TopMatter,
    h: int,
    start: int,
    text: Sequence[str],
    nonblank: Sequence[int],
    kept: Sequence[str | None],
) -> TopMatter:
    """`found` with the headline given to a cut line above its head where the head is not the title:
    - a dateline or byline ("16. Dezember 2019", "Posted by … on …": `_dated`) is never the title: the headline goes
      to the line the block would have taken without it, the longest `_titled` line above it within HEAD_GAP of the
      start (the nearest on a tie; "Make a comment" between a title and its byline is shorter than the title), not
      a breadcrumb that ends with another of them;
    - a deck under its title names less of the article's subject than the title does (SUBJECT_WORDS), and a kicker
      run together with the title above it ends with it ("Ernährung sichern Schulze: …" under "Schulze: …"): the
      headline goes to the `_titled` line right above it.
    A deck of a standfirst's shape (`looks_like_standfirst`: six words or more) that summarises the article
    (`_summarises`) is the article's text, not a label: it takes the standfirst's place, and where the block already
    has a standfirst the block is left as found (the deck its headline) rather than cut. Any other head read as a
    deck (a byline, a credit, a promotion, a menu row: `_credit` tells those that share the article's words) is cut.
    Every line of the block leaves the body either way (the lines above the head are all cut): only which one is the
    headline or the standfirst changes, so the body, and with it the fixed point, stays the same."""
    title = -1
    deck = False
    if _dated(text[h]):
        near = [k for k in range(h - 1, max(0, start - HEAD_GAP) - 1, -1) if _titled(text[k])]
        keys = [_key(text[k]) for k in near]
        for k, key in zip(near, keys, strict=True):
            # A breadcrumb that ends with a title is not the title (text_headline's "ends-longer-line").
            if any(key != other and key.endswith(f" {other}") for other in keys):
                continue
            if title < 0 or text[k].count(" ") > text[title].count(" "):
                title = k
    elif h > 0 and _titled(text[h - 1]):
        prose = _subject_words(text[start])
        named = len(_subject_words(text[h - 1]) & prose)
        if named >= SUBJECT_WORDS and named > len(_subject_words(text[h]) & prose):
            title, deck = h - 1, True
        elif _key(text[h]).endswith(f" {_key(text[h - 1])}"):
            title = h - 1  # the head is a kicker run together with the title above it
    if title < 0:
        return found
    # The article (the lines from the start on) is copied out only for a deck of a standfirst's shape.
    if (
        deck
        and looks_like_standfirst(text[h])
        and _summarises(text[h], kept[nonblank[start] :])
        and not _credit(text[h], text[title])
    ):
        if found.standfirst is not None:
            return found  # no field left for the deck: cut, the article text the head kept would be lost
        cut = sorted(set(found.cut) - {nonblank[title]})
        return TopMatter(headline=nonblank[title], standfirst=nonblank[h], cut=tuple(cut))
    cut = sorted({*found.cut, nonblank[h]} - {nonblank[title]})
    return TopMatter(headline=nonblank[title], standfirst=found.standfirst, cut=tuple(cut))


def _around(
    h: int, start: int, text: Sequence[str], nonblank: Sequence[int], metadata_lines: Collection[int]
) -> TopMatter | None:
    """The top matter with the headline at position `h` (in `nonblank`), or None if a line around it may not go."""
    if not all(_above(text[k]) for k in range(h)):
        return None

    cut = list(range(h))
    standfirst = None
    for k in range(h + 1, start):
        # A standfirst is told from a paragraph by the byline or date line a rule took right below it.
        if (
            standfirst is None
            and looks_like_standfirst(text[k])
            and any(nonblank[k] < m < nonblank[k + 1] for m in metadata_lines)
        ):
            standfirst = k
        elif _label(text[k]) and len(cut) - h < BETWEEN_LABELS:
            cut.append(k)
        else:
            return None
    return TopMatter(
        headline=nonblank[h],
        standfirst=None if standfirst is None else nonblank[standfirst],
        cut=tuple(nonblank[k] for k in cut),
    )


def _block(kept: Sequence[str | None], metadata_lines: Collection[int]) -> TopMatter | None:
    """The block above the article's start where it takes more than its headline (and the learned stage would not
    read the text with PLAIN_MOVES lines gone), else None: `_decide`'s first choice."""
    block = None if learned.worth_reading(kept, PLAIN_MOVES) else top_block(kept, metadata_lines)
    if block is not None and (block.cut or block.standfirst is not None):
        return block
    return None


def _decide(kept: Sequence[str | None], metadata_lines: Collection[int]) -> TopMatter:
    """The block above the article's start where it takes more than its headline, else `find_top_matter`'s move of the
    first lines (which also takes a standfirst that starts the prose, when a byline or date line follows it)."""
    block = _block(kept, metadata_lines)
    return block if block is not None else find_top_matter(kept, set(metadata_lines))


def _body(kept: Sequence[str | None], top: TopMatter) -> list[str | None]:
    """`kept` as a second cleaning reads it: without the lines `top` takes out. A copy of the list with those lines
    set to None (each is an index into `kept`, as the guard says), not a comprehension over every line: interpreted,
    that was a seventh of settle_top_matter's time."""
    body = list(kept)
    n = len(body)
    for i in top.moved():
        if 0 <= i < n:
            body[i] = None
    return body


def _candidates(kept: Sequence[str | None], lines: Collection[int]) -> Iterator[TopMatter]:
    """`_decide`'s choice, then `find_top_matter`'s move, each made when it is asked for: where `_decide` finds no
    block its choice is that same move, made and given once."""
    block = _block(kept, lines)
    if block is not None:
        yield block
    yield find_top_matter(kept, set(lines))


def settle_top_matter(kept: Sequence[str | None], metadata_lines: Collection[int]) -> TopMatter:
    """The top matter to move and cut: the first candidate whose body a second cleaning leaves alone (module doc).

    The candidates, in order: `_decide`'s choice with the metadata lines, `find_top_matter`'s move with them, then the
    same two without them; one already tried is skipped. Each is made when it is reached, and `find_top_matter`'s move
    once per set of lines: `_decide` falls back to that same move, and both were made up front (most texts settle on
    the first candidate). Without metadata lines the second pair is the first again, all tried: it is not made; and
    a first candidate that moves nothing leaves a body `_decide` has just read, so it is not read again."""
    tried: list[TopMatter] = []
    for lines in (metadata_lines, ()) if metadata_lines else ((),):
        for k, found in enumerate(_candidates(kept, lines)):
            if found in tried:
                continue
            tried.append(found)
            if k == 0 and not lines and not found.moved():
                # Its body is the text itself, which `_decide` without metadata lines has just read: a second cleaning
                # moves nothing. (Three texts in five settle here: no metadata line, nothing to move.)
                return found
            if not _decide(_body(kept, found), ()).moved():
                return found
    return TopMatter()
