"""Types of the native kernel `_firstsight.pyx` (built by the compiled build only; see that file)."""

from collections.abc import Callable, Iterable

MIN_CHARS: int
STEM_CHARS: int
NAME_CHARS: int
LANE_BYTES: int

def content(line: str, stop: frozenset[str]) -> tuple[frozenset[str], frozenset[str], str]: ...
def line_words(line: str) -> tuple[str, ...]: ...
def packed(
    words: Iterable[str], any_list: frozenset[str], lanes: dict[str, bytes], lists: int, missing: Callable[[str], bytes]
) -> int: ...
def configure_shape(
    classes: tuple[int, int, int, int, int, int, int],
    spaceless_chars: int,
    spaceless_weight: int,
    short_chars: int,
    menu_min_chars: int,
    menu_separators: int,
    menu_item_words: float,
    item_words: int,
    sentence_end: Iterable[str],
    separators: Iterable[str],
    list_marks: Iterable[str],
) -> None: ...
def shape(raw: str) -> int: ...
def stop_share(line: str, stop: frozenset[str]) -> float: ...
