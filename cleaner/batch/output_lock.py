"""One batch at a time per output: a second run writing to the same folder or JSONL file stops at once, saying why.

Two runs into one output append to one state file and each then replaces it with its own view, overwrite each other's
report, and on the Dask engine delete each other's shards. The lock is an advisory POSIX record lock (`lockf`) on a
small file beside the state file, never replaced (the state file is, each time it is compacted), held from the output
checks until the report is written. It belongs to the process that took it, not to the workers it forks (a `flock`
went with them: a batch killed with a worker still exiting held its output a moment longer, and a re-run stopped), and
the kernel drops it when that process ends, so a killed run leaves no stale lock. Where the file system has no locks
(some network mounts) the run goes on unlocked, as before.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

from cleaner.batch.discovery import BatchError
from cleaner.io.readers import display_path

try:
    import fcntl
except ImportError:  # not on POSIX: no lock
    fcntl = None  # type: ignore[assignment]

LOCK_SUFFIX = ".cleaner.lock"
_ADVICE = "wait for it, or choose another output"

# The outputs this process holds, each with the thread holding it: the CLI holds the output from `--learn` to the
# report's last rewrite, and `run_batch` inside it, on the same thread, asks again. (A POSIX lock never stops its own
# process: a second run on another thread is stopped here.)
_held: dict[str, int] = {}


def lock_path(out_dir: str | None, jsonl: str | None) -> Path | None:
    """Where a run writing to `out_dir` or to the JSONL (or Parquet) file `jsonl` takes its lock; None for stdout."""
    if out_dir:
        return Path(out_dir) / LOCK_SUFFIX
    if jsonl and jsonl != "-":
        target = Path(jsonl)
        return target.parent / f".{target.name}{LOCK_SUFFIX}"
    return None


def hold_output(out_dir: str | None, jsonl: str | None) -> contextlib.AbstractContextManager[None]:
    """`output_lock` on the output a run writes: the folder `out_dir`, else the JSONL (or Parquet) file `jsonl`."""
    return output_lock(lock_path(out_dir, jsonl), out_dir or str(jsonl))


@contextlib.contextmanager
def output_lock(path: Path | None, shown: str) -> Iterator[None]:
    """Hold the lock at `path` for the block; BatchError naming `shown` (the output) when another run holds it."""
    if path is None or fcntl is None:
        yield
        return
    key = os.path.abspath(path)
    holder = _held.get(key)
    if holder == threading.get_ident():
        yield  # this run's own hold, asked again further in
        return
    if holder is not None:
        raise BatchError(f"another cleaner batch in this process is writing to {display_path(shown)}; {_ADVICE}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError:
        # Not writable: the output's own checks say so, with the output's name.
        yield
        return
    try:
        _take(fd, shown)
        _held[key] = threading.get_ident()
        try:
            yield
        finally:
            del _held[key]
    finally:
        os.close(fd)


def _take(fd: int, shown: str) -> None:
    """Lock `fd` without waiting and write this process's id into it; BatchError with the holder's id when taken."""
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (BlockingIOError, PermissionError):  # EAGAIN or EACCES: another process holds it
        holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        by = f" (process {holder})" if holder.isdigit() else ""
        raise BatchError(f"another cleaner batch{by} is writing to {display_path(shown)}; {_ADVICE}") from None
    except OSError:
        return  # no locks on this file system: unlocked, as before
    os.ftruncate(fd, 0)
    os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
