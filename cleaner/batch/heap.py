"""The batch's own processes: one long-lived Cleaner meets documents one after another.

In such a process CPython's cyclic collector was 6-7% of the text path's time (BENCHMARKS.md, thirty-fifth round)
while it found almost no garbage (10 objects in 3,612 dev pages): reference counting frees a page's objects, and
what the collector walks is what lives on. It walks the Cleaner's rule tables and models on every full collection,
and, from the young generations, the entries the line memos keep (a page's new memo entries are a few hundred
objects that the allocation count, kept low by the page's own short-lived objects, lets pile up in the youngest
generation until its collection walks thousands at a time, every few pages).

Freezing the heap once the Cleaner is built moves its tables out of every collection's reach, and a larger youngest
threshold has the young generations collected a tenth as often. Only the batch's own processes do this (the CLI
process and its pool workers): a library call must not change the collector of the program that made it.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import Final

# Container allocations (less deallocations) between collections of the youngest generation: CPython's default is
# 700. At 10,000 the collector's share of a long first-sight run fell from 6.7% to 2.9% (frozen heap, both); the
# cost is that cyclic garbage, which this workload makes almost none of, waits longer to be freed.
YOUNG_THRESHOLD: Final = 10_000

# Whether this process settled its heap (`settle_heap`): only then does `settle_again` freeze anything.
_settled = [False]


def settle_heap() -> None:
    """Collect once, freeze what survives (the Cleaner and its tables), and collect the young generations less often.

    Under fork the workers inherit the threshold; a spawned worker calls this itself.
    """
    _settled[0] = True
    gc.collect()
    gc.freeze()
    young, older, oldest = gc.get_threshold()
    gc.set_threshold(max(young, YOUNG_THRESHOLD), older, oldest)


@contextlib.contextmanager
def settled_for_batch() -> Iterator[None]:
    """`settle_heap` for the length of a batch command run in this process: until it ends, a later warm-up freezes
    what it builds (`settle_again`); after, this process is a library caller again (a program or test runner that ran
    the command in-process keeps the frozen heap and threshold, but its later `run_batch` calls leave it alone)."""
    settle_heap()
    try:
        yield
    finally:
        _settled[0] = False


def settle_again() -> None:
    """Freeze what a warm-up built after the heap was settled (a worker warms its Cleaner's HTML path at its first
    HTML document), so the collector leaves those tables alone too; in a process that never settled its heap (a
    library caller's), nothing."""
    if _settled[0]:
        gc.collect()
        gc.freeze()
