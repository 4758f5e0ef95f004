"""Batch mode: many inputs to many outputs, in parallel, resumable, with a report.

The modules, in the order a document meets them: job (the options and what they decide before
any work), discovery (which files, which outputs), items (inputs to work items), work (read and
clean one item; shared by every engine), pool (local processes, ordered, crash-proof), collect
(the parent's side: outputs, state lines, report entries), state (resume), report (entries,
summary, table), progress (the bar), runner (ties them together).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cleaner.batch.discovery import BatchError
    from cleaner.batch.runner import BatchOptions, BatchResult, run_batch

__all__ = ["BatchError", "BatchOptions", "BatchResult", "run_batch"]


def __getattr__(name: str) -> Any:
    """[speed glue] The runner loads on first use: `cleaner clean` imports batch.timeout and
    batch.work only, and the runner, pool and report cost it start-up time for nothing."""
    if name == "BatchError":
        from cleaner.batch.discovery import BatchError

        return BatchError
    if name in ("BatchOptions", "BatchResult", "run_batch"):
        from cleaner.batch import runner

        return getattr(runner, name)
    raise AttributeError(f"module 'cleaner.batch' has no attribute {name!r}")
