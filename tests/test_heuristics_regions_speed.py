"""The shortcuts the region decisions take for speed answer as the patterns and tests they replace (issue 13)."""

from __future__ import annotations

import re
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


def _first_items(items: list[tuple[object, object]]) -> tuple[set[object], bool]:
    """What can open a match of the parsed sequence `items` (literal code points, or "digit"), and whether it can
    match empty; the pattern's own parse, read as far as COMMENT_HEADER's shapes need."""
    found: set[object] = set()
    for op, av in items:
        if op is sre_parse.AT:
            continue
        if op is sre_parse.LITERAL:
            found.add(av)
            return found, False
        if op is sre_parse.IN:
            for sub_op, sub_av in av:  # type: ignore[attr-defined]
                assert sub_op is sre_parse.CATEGORY and sub_av is sre_parse.CATEGORY_DIGIT, (sub_op, sub_av)
            found.add("digit")
            return found, False
        if op is sre_parse.BRANCH:
            empty = False
            for branch in av[1]:  # type: ignore[index]
                first, can = _first_items(list(branch))
                found |= first
                empty |= can
            if not empty:
                return found, False
            continue
        if op is sre_parse.SUBPATTERN:
            first, can = _first_items(list(av[-1]))  # type: ignore[index]
            found |= first
            if not can:
                return found, False
            continue
        assert op is sre_parse.MAX_REPEAT, op
        least, _most, body = av  # type: ignore[misc]
        first, can = _first_items(list(body))
        found |= first
        if least and not can:
            return found, False
    return found, True


def test_header_first_holds_every_opening() -> None:
    """Every code point that can open a COMMENT_HEADER match, by the pattern's parse and its IGNORECASE, is a decimal
    digit or in `regions.HEADER_FIRST`, and every one in it can: the search's set look-up turns away only lines the
    pattern would."""
    parsed = sre_parse.parse(regions.COMMENT_HEADER.pattern, regions.COMMENT_HEADER.flags)
    first, can = _first_items(list(parsed.data))
    assert not can
    letters = "".join(sorted(chr(c) for c in first if c != "digit"))  # type: ignore[call-overload]
    assert "digit" in first
    opening = re.compile("[" + re.escape(letters) + r"]|\d", regions.COMMENT_HEADER.flags)
    for c in range(0x110000):
        ch = chr(c)
        assert (opening.match(ch) is not None) == (ch in regions.HEADER_FIRST or ch.isdecimal()), hex(c)


def test_header_search_answers_as_every_line_tested() -> None:
    """`regions._header_at` finds the header the cached test finds on every line from `half` on."""
    lines: list[str | None] = ["Intro text here.", "Ｃomments", "\u212aommentare", "٣ comments", "x", None, "  "]
    lines += ["Comments", "Leave a Reply", "écrire un commentaire", "ſhow all comments", "Best comments"]
    for start in range(len(lines)):
        nonblank = [i for i in range(start, len(lines)) if (lines[i] or "").strip()]
        for half in range(len(nonblank) + 1):
            want = next(
                (
                    k
                    for k in range(half, len(nonblank))
                    if regions.COMMENT_HEADER.match((lines[nonblank[k]] or "").strip())
                ),
                None,
            )
            assert regions._header_at(nonblank, lines, None, half) == want, (start, half)


def test_a_count_line_ends_in_a_decimal_digit_and_a_bracket() -> None:
    """`_counted_runs` (and its kernel) try COUNT_LINE only on a stripped line whose last code point is ")" after a
    decimal digit (`str.isdecimal`, as the pattern's `\\d` reads one): on any other, the pattern cannot match."""
    assert not regions.COUNT_LINE.flags & re.MULTILINE
    for n in range(0x110000):
        c = chr(n)
        assert (regions.COUNT_LINE.search(f"Politics (4{c})") is not None) == c.isdecimal(), hex(n)


def test_counted_runs_are_the_unscreened_search() -> None:
    """The screened scan takes the same lines as the pattern tried on every stripped line."""
    lines: list[str | None] = [
        *("Politics (47)", "October 2009 (3) ", "Archive (12)", "News (dpa)", "Sport (AFP)", "Wetter (٣)", "x"),
        *("Politics (47)", "October 2009 (3)", "Archive (12)", "Foto: Anna (1)", "(3)", None, "Tech (4) ", "Art (5)"),
        *("Film (٣)", "Data (1a)", "More (22)"),
    ]
    nonblank = [i for i, s in enumerate(lines) if s]
    hits = [i for i in nonblank if regions.COUNT_LINE.search((lines[i] or "").strip())]
    expected: list[int] = []
    run: list[int] = []
    for i in [*nonblank, -1]:
        if i in hits:
            run.append(i)
            continue
        if len(run) >= regions.COUNT_RUN:
            expected += run
        run = []
    assert regions._counted_runs(nonblank, lines) == expected
    assert expected
