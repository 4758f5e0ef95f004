"""Batch mode: many inputs to many outputs, in parallel, resumable, with a report.

The modules, in the order a document meets them: job (the options and what they decide before
any work), discovery (which files, which outputs), items (inputs to work items), work (read and
clean one item; shared by every engine), pool (local processes, ordered, crash-proof), collect
(the parent's side: outputs, state lines, report entries), state (resume), report (entries,
summary, table), progress (the bar), runner (ties them together).
"""

from cleaner.batch.discovery import BatchError
from cleaner.batch.runner import BatchOptions, BatchResult, run_batch

__all__ = ["BatchError", "BatchOptions", "BatchResult", "run_batch"]
