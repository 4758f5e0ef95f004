"""Keep the cyclic garbage collector off the tables a batch builds once and never frees.

After imports and the warm-up, a batch process holds tens of thousands of long-lived objects (modules, compiled
rules, stoplists, memos). Each full collection walks all of them, and a document's work triggers a few: on tf's
renderings that was about 45 ms per collection, 4-8% of the clean. `gc.freeze` moves them out of every later
collection. Under fork it also keeps the workers from writing to the pages they share with the parent (a collection
updates each object it visits). Python's documentation recommends it before fork for that reason.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Freeze what is alive now for the duration of a batch, then hand it back to the collector.

    Garbage is collected first, so nothing already dead is kept forever. Frozen objects that die later are still
    freed by reference counting. Only a cycle among them would wait until the end of the batch. The heap is unfrozen
    on the way out, so a program that calls `run_batch` gets its collector back as it was. A caller that froze its own
    heap first is left frozen.
    """
    if gc.get_freeze_count():
        yield
        return
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
