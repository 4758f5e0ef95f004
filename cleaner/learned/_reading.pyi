"""Types of the native kernel `_reading.pyx` (built by the compiled build only; see that file)."""

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt

def configure(min_lines: int, min_short: int, short_chars: int, sentence_end: Iterable[str]) -> None: ...
def worth_reading(kept: Iterable[str | None], margin: int = 0) -> bool: ...
def region(
    good: npt.NDArray[np.uint8],
    prose_chars: npt.NDArray[np.float64],
    out: npt.NDArray[np.float64],
    inside: npt.NDArray[np.float64],
    block_gap: int,
) -> float: ...
def patterns(
    xt: npt.NDArray[np.float64],
    feature: npt.NDArray[np.int64],
    threshold: npt.NDArray[np.float64],
    out: npt.NDArray[np.intp],
) -> None: ...
def shapes(
    table: npt.NDArray[np.float64],
    words: int,
    ends: int,
    upper: int,
    digits: int,
    max_words: float,
    repeats: npt.NDArray[np.float64],
    alternates: npt.NDArray[np.float64],
    alternate: bool,
) -> None: ...
def configure_rows(
    rows: tuple[int, ...],
    columns: tuple[int, int, int, int],
    numerators: list[int],
    denominators: list[int],
    texts: list[int],
    context: int,
    wide_context: int,
    short_chars: float,
    prose_chars: float,
) -> None: ...
def rows_before(
    table: npt.NDArray[np.float64],
    words: npt.NDArray[np.int64],
    share: npt.NDArray[np.float64],
    ends: npt.NDArray[np.uint8],
    drun: npt.NDArray[np.int64],
    prose_stop: float,
    out: npt.NDArray[np.float64],
    run: npt.NDArray[np.int64],
    good: npt.NDArray[np.uint8],
    prose_chars: npt.NDArray[np.float64],
) -> None: ...
def rows_after(
    table: npt.NDArray[np.float64],
    share: npt.NDArray[np.float64],
    prose_stop: float,
    main_share: float,
    frame_rows: npt.NDArray[np.float64],
    out: npt.NDArray[np.float64],
) -> None: ...
def guards(
    table: npt.NDArray[np.float64],
    rows: npt.NDArray[np.int64] | None,
    columns: tuple[int, int, int, int, int, int],
    prose_chars: float,
    min_prose_lines: int,
    default_prose_stop: float,
    prose_min_words: int,
    prose_stop_factor: float,
    data_run: int,
    words: npt.NDArray[np.int64],
    share: npt.NDArray[np.float64],
    ends: npt.NDArray[np.uint8],
    drun: npt.NDArray[np.int64],
    table_row: npt.NDArray[np.uint8],
    prose: npt.NDArray[np.uint8],
    open_rows: npt.NDArray[np.uint8],
) -> tuple[float, int]: ...
def leaves(
    xt: npt.NDArray[np.float64],
    rows: npt.NDArray[np.int64],
    feature: npt.NDArray[np.int64],
    threshold: npt.NDArray[np.float64],
    route: npt.NDArray[np.int64],
    value: npt.NDArray[np.float64],
    out: npt.NDArray[np.intp],
    reached: npt.NDArray[np.float64],
) -> None: ...
def configure_marks(space: int, decimal: int, word: int, punct: int, stems: Iterable[str]) -> None: ...
def marks(
    code: npt.NDArray[np.uint32],
    props: npt.NDArray[np.uint16],
    start: npt.NDArray[np.int64],
    last: npt.NDArray[np.int64],
    dates: bool,
    promo: bool,
    date_out: npt.NDArray[np.float64],
    promo_out: npt.NDArray[np.float64],
) -> None: ...
def stripped(kept: Iterable[str | None]) -> tuple[list[str], list[str]]: ...
def title_caps(
    props: npt.NDArray[np.uint16],
    start: npt.NDArray[np.int64],
    starts_at: npt.NDArray[np.int64],
    line_of: npt.NDArray[np.int64],
    upper: int,
    title_out: npt.NDArray[np.float64],
    caps_out: npt.NDArray[np.float64],
) -> None: ...
def configure_second(words: Iterable[str], punctuation: str) -> None: ...
def second_person(lines: list[str], out: npt.NDArray[np.float64]) -> None: ...

class Trees:
    def __init__(
        self,
        feature: npt.NDArray[np.int64],
        threshold: npt.NDArray[np.float64],
        value: npt.NDArray[np.float64],
        order: npt.NDArray[np.int64],
    ) -> None: ...
    def odds(
        self, table: npt.NDArray[np.float64], rows: npt.NDArray[np.int64], base: float, out: npt.NDArray[np.float64]
    ) -> None: ...
    def contributions(
        self, table: npt.NDArray[np.float64], rows: npt.NDArray[np.int64], out: npt.NDArray[np.float64]
    ) -> None: ...
