"""The shortcuts the region decisions take for speed answer as the patterns and tests they replace (issue 13)."""

from __future__ import annotations

import re._parser as sre_parse

from cleaner.heuristics import regions


def test_comment_header_opens_with_a_start_anchor() -> None:
    """`regions._comment_header` matches COMMENT_HEADER at a line's start, where `search` tried every position: the
    same answer only while the whole pattern opens with "^" (every alternative does, and the parser factors it out)."""
    parsed = sre_parse.parse(regions.COMMENT_HEADER.pattern, regions.COMMENT_HEADER.flags)
    assert parsed.data[0] == (sre_parse.AT, sre_parse.AT_BEGINNING)
    assert not regions.COMMENT_HEADER.flags & (regions.re.MULTILINE)


def test_comment_header_answers_as_the_search() -> None:
    lines = ["Comments", "12 comments", "Leave a Reply", "x Comments", " Comments", "Kommentare (3)", "", "comments:"]
    lines += ["Top rated comments", "Join the discussion now", "Read all 12 comments", "The comments are closed."]
    for s in lines:
        regions._comment_header.cache_clear()
        assert regions._comment_header(s) == (regions.COMMENT_HEADER.search(s) is not None), s
