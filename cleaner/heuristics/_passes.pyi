"""Types of the native kernel `_passes.pyx` (built by the compiled build only; see that file)."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

def configure_pairs(
    closers: str,
    sentence_end: Iterable[str],
    standfirst_end: Iterable[str],
    standfirst_classes: frozenset[int],
    cut_head: Callable[[str], bool],
    head_words: int,
    list_marks: frozenset[str],
    standfirst_most: int,
    standfirst_least: int,
    lower_share: float,
) -> None: ...
def standfirst(t: str) -> bool: ...
def strong_pairs(nonblank: Sequence[int], cls: Sequence[int], text: list[str], cut: bool = False) -> int: ...
def sign_candidates(
    texts: list[str],
    may_sign: Callable[[str], bool],
    openers: str,
    stamp_words: int,
    clock_seps: str,
    greeting_words: int,
    greeting_first: frozenset[str],
    trailing: str,
    posted: str | None = None,
) -> list[int]: ...
def line_candidates(
    order: list[int],
    lines: Sequence[str | None],
    removed: Mapping[int, str] | None,
    may_sign: Callable[[str], bool],
    **config: Any,  # sign_candidates' keywords
) -> list[int]: ...
def last_cohesive(
    text: Sequence[str],
    paras: Sequence[int],
    stop: frozenset[str],
    content: Callable[[str, frozenset[str]], tuple[tuple[str, ...], tuple[str, ...], str]],
    share: float,
) -> int: ...
def cohesive(stems: list[tuple[str, ...]], share: float) -> list[int]: ...
def paragraphs(text: Sequence[str], ends: str, least: int) -> list[int]: ...
def head_lines(text: list[str], cut: bool) -> list[bool]: ...
def shaped_lines(
    nonblank: list[int],
    lines: Sequence[str | None],
    start: int,
    first: str,
    decimal: bool,
    most: int,
    test: Callable[[str], bool],
    every: bool,
    words: tuple[str, ...] = (),
) -> list[int]: ...
def reply_lines(
    nonblank: list[int],
    lines: Sequence[str | None],
    keys: frozenset[str],
    most: int,
    ends: str,
    is_reply: Callable[[str], bool],
) -> int: ...
def chrome_runs(
    nonblank: list[int],
    cls: Sequence[int],
    lines: Sequence[str | None],
    navlike: frozenset[int],
    breaking: frozenset[int],
    least: int,
    itemlike: frozenset[int],
    item_share: float,
    headline_share: float,
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]: ...
def counted_runs(
    nonblank: list[int], lines: Sequence[str | None], test: Callable[[str], object], least: int
) -> list[int]: ...
def teaser_units(
    nonblank: Sequence[int],
    cls: Sequence[int],
    text: list[str],
    heads: list[bool],
    cut: bool,
    good: int,
    head: Callable[[str, bool], bool],
    headline: Callable[[str], bool],
    head_max: int,
    weak_most: int,
    weak_ends: str,
    least: int,
    article_chars: int,
) -> list[int]: ...
def core_span(
    nonblank: list[int],
    cls: Sequence[int],
    lines: Sequence[str | None],
    good: int,
    breaking: frozenset[int],
    break_run: int,
    break_lines: int,
    least: int,
    keep_share: float,
) -> tuple[int, int] | None: ...
def configure_stories(
    start_end: str,
    start_words: int,
    start_pair: int,
    paragraph_words: int,
    keep_above: int,
    keep_first: int,
    head_min_words: int,
    head_max_words: int,
    head_no_end: str,
    closers: str,
    list_marks: frozenset[str],
    run_min: int,
    run_below_min: int,
    digit_share: float,
) -> None: ...
def runs_above(nonblank: Sequence[int], lines: Sequence[str | None]) -> list[int]: ...
def runs_below(nonblank: Sequence[int], lines: Sequence[str | None]) -> list[int]: ...
def bare_text(nonblank: Sequence[int], lines: Sequence[str | None], marks: frozenset[str]) -> bool: ...
def content_lists(
    positions: Sequence[int],
    cls: Sequence[int],
    lines: Sequence[str | None],
    listlike: frozenset[int],
    least: int,
    share: float,
) -> set[int]: ...
def after_teasers(
    nonblank: list[int],
    cls: Sequence[int],
    lines: Sequence[str | None],
    good: int,
    tail_keep: int,
    listlike: frozenset[int],
    least: int,
    share: float,
    after_classes: frozenset[int],
    marks: frozenset[str],
    after_min: int,
) -> list[int]: ...
def nav_lines(
    nonblank: list[int],
    runs: Sequence[tuple[int, int]],
    cls: Sequence[int],
    lines: Sequence[str | None],
    gone: frozenset[int],
    protected: set[int],
    least: int,
    itemlike: frozenset[int],
    item_share: float,
    ends: str,
    most_wrapped: int,
) -> list[int]: ...
def teaser_pairs(
    truncated: tuple[str, ...], nonblank: list[int], cls: Sequence[int], lines: Sequence[str | None]
) -> tuple[int, int]: ...
def signature_kinds(
    config: tuple[Any, ...],  # may_sign, sign_candidates' keywords in order, kind
    order: list[int],
    lines: Sequence[str | None],
    removed: Mapping[int, str] | None,
    least: int,
) -> dict[int, str | None]: ...
def short_kinds(
    config: tuple[int, Callable[[str], str | None], str],  # most, kind, openers
    order: list[int],
    lines: Sequence[str | None],
    removed: Mapping[int, str] | None,
) -> dict[int, str | None]: ...
