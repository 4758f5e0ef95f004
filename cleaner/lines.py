"""Text to numbered lines and back: the one place that decides what a line and its number are.

Every stage reads the same `Lines`; none changes it. What a stage removes is expressed against
line indexes (0-based here, 1-based in `removed[]`), and `join_body` turns the kept view back
into a body.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

# A stage's view of the document: the line's current text, or None once an earlier stage removed it.
View = tuple[str | None, ...]


def split_lines(text: str) -> list[str]:
    """Normalise newlines and drop a BOM; line numbers in the audit trail count these lines."""
    if "\r" in text:  # a page without one (most) skips two copying scans of its text (~10 us a tf page)
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.lstrip("\ufeff").split("\n")


def join_body(lines: Sequence[str | None]) -> str:
    """Kept lines, with the holes left by removals folded into single paragraph breaks."""
    out: list[str] = []
    blank = False
    for line in lines:
        if line is None:
            continue
        s = line.strip()  # once: the right-stripped copy stripped again was the same text
        if not s:
            blank = True
            continue
        if out and blank:
            out.append("")
        out.append(s)
        blank = False
    return "\n".join(out)


@dataclass(frozen=True, slots=True)
class Lines:
    """The document's lines as read, immutable, so no stage can edit what another one sees."""

    items: tuple[str, ...]

    @classmethod
    def from_text(cls, text: str) -> Lines:
        """Split `text` the one way the audit trail's line numbers assume."""
        return cls(tuple(split_lines(text)))

    def __len__(self) -> int:
        return len(self.items)

    def __getitem__(self, i: int) -> str:
        return self.items[i]

    def __iter__(self) -> Iterator[str]:
        return iter(self.items)

    def view(self) -> View:
        """The starting view: every line kept, as read."""
        return self.items
