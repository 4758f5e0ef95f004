"""A quote box's text printed twice: the whole box on one line, then its paragraphs again, one a line (HEU017).

A page's <p>/<h>/<blockquote> text holds a blockquote's text (an embedded tweet with its "— Name (@handle) date"
attribution, a pull quote, a quoted letter) and then each <p> inside it once more. The second copy is no repeat of a
whole line, so the dedupe stage (DUP001) keeps it, and it counts twice against a gold that holds the quote once. Its
text is all in the line above, so taking it loses no word of the page.
"""

from __future__ import annotations

from collections.abc import Sequence

# Measured stage off on dev (sh, tf, dn 300, sites; BENCH_paras3.md): paragraphs F1 sh 0.8598 -> 0.8673, dn +0.0057,
# sites +0.0045, tf must-keep lost unchanged on every rendering, the views the learned stage reads unchanged. Without
# the blank-line stop, sites fulltext and article fell 0.002 (a page printing its post twice, both in the gold).
# The first copy must be at least this long to count: a short line that happens to start the line above ("Yes", a
# name, a label) is no copy of a quote box's paragraph. On dev every first copy found was 21 characters or more ("Dear
# Secretary Hagel," over a quoted letter); the shortest tf line so taken is 23.
COPY_MIN_CHARS = 20


def nested_copies(lines: Sequence[str | None]) -> list[int]:
    """Indexes of the lines that repeat, in order, pieces of the non-blank line above them: the first starts that line
    with COPY_MIN_CHARS or more of its text and is shorter than it (the box's first paragraph under the whole box),
    and the run goes on while each next line lies inside it too (the box's later paragraphs).

    Every line of a run lies inside the box line, so the line after a run, which does not, is no copy of it on a second
    reading either: the cut is the same on the text it leaves."""
    out: list[int] = []
    box: str | None = None
    in_run = False
    for i, line in enumerate(lines):
        if line is None:
            # A line a stage before took: the output closes up around it, as a second reading finds the text.
            continue
        s = line.strip()
        if not s:
            # A blank line parts the blocks: text that sets its blocks apart prints no block inside another.
            box, in_run = None, False
            continue
        if box is not None:
            if in_run:
                if s != box and s in box:
                    out.append(i)
                    continue
            elif len(s) >= COPY_MIN_CHARS and len(s) < len(box) and box.startswith(s):
                out.append(i)
                in_run = True
                continue
        box, in_run = s, False
    return out
