"""Find the headline and standfirst at the top of a cleaned text by their shape.

These are not rules: they do not match words, only the look of a title line (short, no
closing sentence mark) and of a one-or-two sentence summary that sits between the title and the
byline/date. They are deliberately strict: a wrong guess moves article text out of the body.

They must also be idempotent: cleaning the body `clean` returned must move nothing more. So a
title is only taken when the line the body would then start with does not itself look like one
(a kicker above a title, a title above a short byline): where two lines in a row are title-shaped
the shape cannot tell which is the headline, and the body is left whole. Likewise a standfirst is
left in the body when the line after it is title-shaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from cleaner.rules.patterns import compiled

# The first <h1> of the 1,378 dev-corpus pages that have one: median 7 words, 95th percentile 15,
# and none between 26 and 30 (the 28 longer ones hold whole blocks, not titles). Title-shaped first
# lines over 25 words were article openings that lost their full stop.
HEADLINE_MAX_WORDS = 25
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_CHARS = 220
# Standfirsts are one or two sentences; the longest seen in seeds and corpus is ~45 words.
STANDFIRST_MIN_WORDS = 6
STANDFIRST_MAX_WORDS = 55
STANDFIRST_MAX_SENTENCES = 2
# The non-blank lines `find_top_matter` reads: the headline, the standfirst, and the line after it.
TOP_LINES = 3

_ROW_SEPARATORS = (" | ", " • ", " · ", " > ", " » ")
# A question or exclamation is a sentence too: on re-cleaning, bodies that open with one lost it.
_ENDS_LIKE_SENTENCE = compiled(r"[.!?,;:…]['’\"”)]*$")
_STARTS_LIKE_TITLE = compiled(r"^[\p{Lu}\p{N}\"'“‘(\[]")
_SENTENCE_END = compiled(r"[.!?…]['’\"”)]*(?=\s+\p{Lu}|\s*$)")


# Not frozen, and its __init__ written out: a frozen dataclass's generated __init__ is interpreted even in the compiled
# build and sets each field through object.__setattr__ (date_forms.DateMatch's note), and find_top_matter is asked in
# every heuristics round that gates on it; equality, hashing and repr stay the dataclass's. Nothing assigns to a
# TopMatter after it is made (find_top_matter hands out one empty one, _NOTHING, to every text it finds nothing in).
@dataclass(slots=True, init=False, unsafe_hash=True)
class TopMatter:
    """Indexes (into the line list) of the headline and standfirst, when found."""

    headline: int | None
    standfirst: int | None
    # Label lines cut around them (cleaner.metadata.top_block), not moved into a field.
    cut: tuple[int, ...]

    def __init__(self, headline: int | None = None, standfirst: int | None = None, cut: tuple[int, ...] = ()) -> None:
        self.headline = headline
        self.standfirst = standfirst
        self.cut = cut

    def moved(self) -> set[int]:
        """Every line this top matter takes out of the body: the headline, the standfirst and the cut lines."""
        return {i for i in (self.headline, self.standfirst, *self.cut) if i is not None}


# What find_top_matter finds in most texts: nothing.
_NOTHING: Final = TopMatter()


def looks_like_headline(line: str) -> bool:
    """Short, starts like a title, and does not end like a sentence (nor a question or exclamation)."""
    words = len(line.split())
    return (
        HEADLINE_MIN_WORDS <= words <= HEADLINE_MAX_WORDS
        and len(line) <= HEADLINE_MAX_CHARS
        and bool(_STARTS_LIKE_TITLE.match(line))
        and not _ENDS_LIKE_SENTENCE.search(line)
        # Pipes and bullets join kicker, section and date ("News | 30.10.2021 | …"): a nav row, not a title.
        and not any(sep in line for sep in _ROW_SEPARATORS)
    )


def looks_like_standfirst(line: str) -> bool:
    """At most two sentences of summary length; some templates (the Guardian's) drop the full stop."""
    words = len(line.split())
    if not STANDFIRST_MIN_WORDS <= words <= STANDFIRST_MAX_WORDS:
        return False
    return len(_SENTENCE_END.findall(line)) <= STANDFIRST_MAX_SENTENCES and bool(_STARTS_LIKE_TITLE.match(line))


def find_top_matter(kept: Sequence[str | None], metadata_lines: set[int]) -> TopMatter:
    """Locate headline and standfirst among kept lines.

    `metadata_lines` are indexes of lines that rules moved into metadata (dates, bylines). A
    standfirst is only taken when such a line follows it, because that is what separates a
    template's summary from an article's first paragraph.
    """
    # Only the first TOP_LINES non-blank lines are read: a page's whole line list was scanned for them in every
    # heuristics round that asks (HEU013's gate), and in the top-matter stage. (A loop, not islice over a generator,
    # and a module function, not a closure over `kept`: each was an object per call, the closure a reference cycle.)
    content: list[int] = []
    for i, s in enumerate(kept):
        # (`s.strip()` is not empty: str.strip and str.isspace take the same whitespace.)
        if s and not s.isspace():
            content.append(i)
            if len(content) == TOP_LINES:
                break
    if len(content) < 2:
        return _NOTHING
    # Two title-shaped lines in a row: the body of either guess would start with a title-shaped line.
    if not _titled(kept, content, 0) or _titled(kept, content, 1):
        return _NOTHING
    first, second = content[0], content[1]
    third = content[2] if len(content) > 2 else len(kept)
    standfirst = None
    if (
        len(content) >= 3
        and looks_like_standfirst(kept[second].strip())  # type: ignore[union-attr]
        and any(second < m < third for m in metadata_lines)
        and not _titled(kept, content, 2)
    ):
        standfirst = second
    return TopMatter(headline=first, standfirst=standfirst)


def _titled(kept: Sequence[str | None], content: list[int], pos: int) -> bool:
    """Whether the content line at `pos` (of find_top_matter's first lines) looks like a headline."""
    return pos < len(content) and looks_like_headline(kept[content[pos]].strip())  # type: ignore[union-attr]
