"""Types of the native kernel `_linepass.pyx` (built by the compiled build only; see that file)."""

from collections.abc import Callable, Iterable, Sequence
from typing import Any

PREFIX_CHARS: int
MAX_OPENINGS: int

def word_count(s: str) -> int: ...
def settled(
    lines: Iterable[str],
    scopes: list[tuple[dict[str, int], dict[str, list[int]], list[int], Callable[[str, int], list[int]]]],
    counts: dict[str, int],
) -> list[str]: ...
def unknown(
    stripped: list[str], answers: dict[str, Any], scanned: set[str], cache: dict[str, Any] | None, max_chars: int
) -> list[str]: ...
def head_entry(scope: Any, head: str, mask: int) -> list[int]: ...

class Automaton:
    def __init__(self, values: dict[str, tuple[int, tuple[tuple[str, int], ...]]]) -> None: ...
    def add_lines(self, scanned: str, confirmed: str, starts: Sequence[int], out: dict[int, int]) -> None: ...
