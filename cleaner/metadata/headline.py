"""Find the headline and standfirst at the top of a cleaned text by their shape.

These are not rules: they do not match words, only the look of a title line (short, no
closing full stop) and of a one-or-two sentence summary that sits between the title and the
byline/date. They are deliberately strict: a wrong guess moves article text out of the body.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import regex

# Headlines in the dev corpus run 3-25 words; 30 leaves room without taking short paragraphs.
HEADLINE_MAX_WORDS = 30
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_CHARS = 220
# Standfirsts are one or two sentences; the longest seen in seeds and corpus is ~45 words.
STANDFIRST_MIN_WORDS = 6
STANDFIRST_MAX_WORDS = 55
STANDFIRST_MAX_SENTENCES = 2

_ROW_SEPARATORS = (" | ", " • ", " · ", " > ", " » ")
_ENDS_LIKE_SENTENCE = regex.compile(r"[.,;:…]['’\"”)]*$")
_STARTS_LIKE_TITLE = regex.compile(r"^[\p{Lu}\p{N}\"'“‘(\[]")
_SENTENCE_END = regex.compile(r"[.!?…]['’\"”)]*(?=\s+\p{Lu}|\s*$)")


@dataclass(frozen=True, slots=True)
class TopMatter:
    """Indexes (into the line list) of the headline and standfirst, when found."""

    headline: int | None = None
    standfirst: int | None = None


def looks_like_headline(line: str) -> bool:
    """Short, starts like a title, and does not end like a sentence."""
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
    content = [i for i, s in enumerate(kept) if s is not None and s.strip()]
    if len(content) < 2:
        return TopMatter()
    first = content[0]
    if not looks_like_headline(kept[first].strip()):  # type: ignore[union-attr]
        return TopMatter()
    second = content[1]
    third = content[2] if len(content) > 2 else len(kept)
    standfirst = None
    if looks_like_standfirst(kept[second].strip()) and any(  # type: ignore[union-attr]
        second < m < third for m in metadata_lines
    ):
        standfirst = second
    if standfirst is not None and len(content) < 3:
        standfirst = None
    return TopMatter(headline=first, standfirst=standfirst)
