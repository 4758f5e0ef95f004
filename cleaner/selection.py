"""The one meaning of --select/--ignore, shared by the library, `cleaner clean|batch` and `rules list`.

A token names a rule or a stage's check by id or id prefix (`DON001`, `DON`, `HEU`), by category
(`donation`, `heuristic`), or, for rules, by the site they belong to (`thejournal.ie`). Rules and
the ids a stage registers (see `stages.STAGES`) are matched the same way, so a new stage is
selectable as soon as it lists its ids and categories.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Selectable:
    """What a token can match: an id, its category, and the site for site rules."""

    id: str
    category: str
    site: str | None = None


def matches(token: str, item: Selectable) -> bool:
    """Whether one token names this item: id prefix (case-insensitive), category or site key."""
    t = token.strip()
    return item.id.startswith(t.upper()) or item.category == t.lower() or (item.site or "") == t.lower()


@dataclass(frozen=True, slots=True)
class Selection:
    """A --select list (empty: everything) and an --ignore list, applied to rules and stages alike."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    @classmethod
    def of(cls, select: Sequence[str] | None, ignore: Sequence[str] | None) -> Selection:
        """Drop empty tokens, so `--select ''` means no selection."""
        return cls(tuple(t for t in select or () if t.strip()), tuple(t for t in ignore or () if t.strip()))

    def __bool__(self) -> bool:
        return bool(self.select or self.ignore)

    def admits(self, item: Selectable) -> bool:
        """Selected (or nothing selected) and not ignored."""
        return (not self.select or any(matches(t, item) for t in self.select)) and not any(
            matches(t, item) for t in self.ignore
        )

    def unmatched(self, items: Iterable[Selectable]) -> list[str]:
        """Tokens that name nothing among `items`: almost always a typo the user should hear about."""
        pool = list(items)
        return [t for t in (*self.select, *self.ignore) if not any(matches(t, i) for i in pool)]
