"""Types of the native kernel `_firstsight.pyx` (built by the compiled build only; see that file)."""

from collections.abc import Callable, Iterable, Sequence

import numpy as np
import numpy.typing as npt

MIN_CHARS: int
STEM_CHARS: int
NAME_CHARS: int
LANE_BYTES: int

def content(line: str, stop: frozenset[str]) -> tuple[tuple[str, ...], tuple[str, ...], str]: ...
def line_words(line: str) -> tuple[str, ...]: ...

class StopIndex:
    lists: int
    def __init__(self, lists: Iterable[Iterable[str]], lower: Callable[[str], str] | None = None) -> None: ...
    def lanes_of(self, word: str) -> bytes: ...
    def __len__(self) -> int: ...
    @property
    def sizes(self) -> tuple[int, ...]: ...

def packed(words: Iterable[str], index: StopIndex) -> int: ...
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
def classes(lines: Sequence[str | None], shapes: dict[str, int]) -> list[int]: ...
def nested_copies(lines: Sequence[str | None], least: int) -> list[int]: ...
def stop_share(line: str, stop: frozenset[str]) -> float: ...
def line_entry(
    line: str,
    memo: dict[str, tuple[int, bytes]],
    index: StopIndex,
    max_lines: int,
) -> tuple[int, bytes]: ...
def sample_choice(
    lines: Iterable[str | None],
    memo: dict[str, tuple[int, bytes]],
    index: StopIndex,
    max_lines: int,
    sample_words: int,
    weights: tuple[float, ...],
    min_share: float,
) -> int: ...
def configure_refine(
    classes: tuple[int, int, int, int, int],
    good_chars: int,
    spaceless_chars: int,
    spaceless_weight: int,
    good_factor: float,
    bad_factor: float,
    min_prose: float,
    min_prose_lines: int,
    default_prose: float,
) -> None: ...
def refine(
    cls: list[int],
    lines: Sequence[str | None],
    stop: frozenset[str],
    memo: dict[str, tuple[int, float]],
) -> None: ...
def configure_lines(columns: tuple[int, int, int, int, int, int], bits: tuple[int, int, int]) -> None: ...
def line_table(
    lines: list[str],
    stop: frozenset[str],
    shares: Sequence[float | None] | None,
    known: npt.NDArray[np.uint16],
    rare: Callable[[int], int],
    table: npt.NDArray[np.float64],
    code: npt.NDArray[np.uint32],
    props: npt.NDArray[np.uint16],
    digit: npt.NDArray[np.uint8],
    start: npt.NDArray[np.int64],
    last: npt.NDArray[np.int64],
    starts_at: npt.NDArray[np.int64],
    line_of: npt.NDArray[np.int64],
) -> int: ...
def configure_rows(
    columns: tuple[int, int, int, int, int, int, int, int, int],
    bits: tuple[int, int, int, int],
    stems: Iterable[str],
    words: Iterable[str],
) -> None: ...
def line_rows(
    lines: list[str],
    stop: frozenset[str],
    shares: Sequence[float | None] | None,
    known: npt.NDArray[np.uint16],
    rare: Callable[[int], int],
    table: npt.NDArray[np.float64],
    want: int,
) -> None: ...
def memo_rows(
    kept: Sequence[str | None],
    stripped: list[str],
    stop: frozenset[str],
    counted: dict[str, tuple[int, float]] | None,
    good: int,
    ends: frozenset[str],
    at: dict[str, int] | None,
    bank: npt.NDArray[np.float64],
    bank_known: npt.NDArray[np.uint8],
    known: npt.NDArray[np.uint16],
    rare: Callable[[int], int],
    table: npt.NDArray[np.float64],
    want: int,
    index: npt.NDArray[np.int64],
    row_known: npt.NDArray[np.uint8],
    fresh: npt.NDArray[np.int64],
    keep_from: int = -1,
) -> int: ...
