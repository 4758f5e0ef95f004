"""Types of the native kernel `_headline.pyx` (built by the compiled build only; see that file)."""

from collections.abc import Callable, Collection, Iterable, Sequence

def copy_keys(line: str, key: Callable[[str], str]) -> tuple[str, ...]: ...
def copy_index(
    lines: Sequence[str | None], key: Callable[[str], str], memo: dict[str, tuple[str, ...]], memo_max: int
) -> tuple[dict[str, set[int]], set[int]]: ...
def title_rows(
    lines: Sequence[str | None],
    content: Iterable[int],
    several: Collection[int],
    cap: int,
    min_words: int,
    max_chars: int,
    short_ok: bool,
    sentence_ok: bool,
    opens: Callable[[str], bool],
    ends_as_title: Callable[[str], bool],
) -> list[tuple[int, int, str | None, int, bool, str | None]]: ...
def fold_lines(lines: Sequence[str | None]) -> str: ...
def holder_lines(folded: str, needle: str) -> list[int]: ...
def line_key(s: str) -> str | None: ...
def dated_any(
    lines: Sequence[str | None],
    indexes: list[int],
    start: int,
    stop: int,
    opens_byline: Callable[[str], bool],
    has_date: Callable[[str], bool],
    memo: bytearray | None = None,
) -> bool: ...
def date_in(line: str) -> int: ...
def may_open_label(line: str, firsts: frozenset[str]) -> bool: ...
