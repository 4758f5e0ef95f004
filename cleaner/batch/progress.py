"""The progress bar on stderr: files, documents, docs/s and ETA, only for a person at a terminal."""

from __future__ import annotations

import time
from typing import Any

# Redraws per second: smooth enough to read, rare enough to cost nothing next to cleaning.
REFRESH_PER_SECOND = 4


class NullProgress:
    """Stands in when stderr is not a TTY or with -q: same calls, no output."""

    def start(self, files: int, total_bytes: int) -> None:
        """Nothing to draw."""

    def advance(self, *, files: int = 0, docs: int = 0, nbytes: int = 0) -> None:
        """Nothing to draw."""

    def stop(self) -> None:
        """Nothing to clear."""


class RichProgress(NullProgress):
    """A rich bar over input bytes (so ETA works for one huge JSONL file as for many small ones)."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        # redirect_stdout=False: rich would otherwise capture JSONL written to stdout (DESIGN.md, known traps).
        self._progress = Progress(
            TextColumn("[bold]cleaning"),
            BarColumn(),
            TextColumn("{task.fields[files]}/{task.fields[total_files]} files"),
            TextColumn("{task.fields[docs]} docs"),
            TextColumn("{task.fields[rate]} docs/s"),
            TextColumn("ETA"),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            transient=True,
            redirect_stdout=False,
            redirect_stderr=False,
            refresh_per_second=REFRESH_PER_SECOND,
        )
        self._task: Any = None
        self._files = self._docs = 0
        self._t0 = time.monotonic()

    def start(self, files: int, total_bytes: int) -> None:
        """Show the bar; a total of 0 bytes (stdin) leaves it indeterminate."""
        self._t0 = time.monotonic()
        self._progress.start()
        self._task = self._progress.add_task(
            "clean", total=total_bytes or None, files=0, total_files=files if files else "?", docs=0, rate="-"
        )

    def advance(self, *, files: int = 0, docs: int = 0, nbytes: int = 0) -> None:
        """Move the bar and refresh the counters."""
        self._files += files
        self._docs += docs
        elapsed = time.monotonic() - self._t0
        rate = f"{self._docs / elapsed:.0f}" if elapsed > 0 else "-"
        self._progress.update(self._task, advance=nbytes, files=self._files, docs=self._docs, rate=rate)

    def stop(self) -> None:
        """Remove the bar, leaving the terminal to the summary table."""
        self._progress.stop()
