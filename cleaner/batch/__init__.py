"""Batch mode: many inputs to many outputs, in parallel, resumable, with a report.

The modules, in the order a document meets them: discovery (which files, which outputs),
work (read and clean one item; shared by every engine), pool (local processes, ordered, crash-proof),
state (resume), report (entries, summary, table), progress (the bar), runner (ties them together).
"""

from cleaner.batch.discovery import BatchError
from cleaner.batch.runner import BatchOptions, BatchResult, run_batch

__all__ = ["BatchError", "BatchOptions", "BatchResult", "run_batch"]
