"""A process pool that keeps results in input order, bounds memory, and survives hung or crashed workers.

Why not ProcessPoolExecutor: one segfault breaks the whole executor (BrokenProcessPool) without
saying which document did it, and a document stuck in C code cannot be cancelled. Here each worker
has its own pipe and answers once per item, so the parent always knows which item a dead or stuck
worker was on: that item is reported, the rest of its chunk is retried on a fresh worker.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any

from cleaner.batch.heap import settle_heap
from cleaner.batch.work import (
    EndOfInput,
    FileItem,
    Item,
    ItemResult,
    LineItem,
    WorkerContext,
    failure,
    process_item,
    warm_for,
)

# Items per message to a worker: at ~1.5 ms per article, 16 items make a round trip cost under 1%
# of the work while keeping the tail of a run (idle workers waiting on the last chunk) short.
CHUNK_ITEMS = 16
# Completed-but-unwritten items the parent may hold per worker, waiting for a slow earlier item:
# bounds memory (constant in input size) while letting workers run ahead of one slow document.
AHEAD_CHUNKS_PER_WORKER = 8
# A worker's own SIGALRM ends a slow document at --timeout; the parent kills the worker only if it
# has not answered this long after that (a hang in C code that never returns to Python).
WATCHDOG_GRACE_SECONDS = 5.0
# How often the parent wakes to check the watchdog when no worker has anything to say.
POLL_SECONDS = 0.5
# prctl option number from <linux/prctl.h>: deliver a signal to this process when its parent dies.
PR_SET_PDEATHSIG = 1
# Where PR_SET_PDEATHSIG does not exist, how often a worker checks that its parent is still alive.
PARENT_POLL_SECONDS = 1.0


def _context() -> Any:
    """fork where available: workers start in milliseconds, and the parent is single-threaded when they do."""
    return mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")


def _die_with_parent(parent_pid: int, inherited: tuple[Connection, ...]) -> None:
    """Make sure a worker never outlives the batch that started it (a parent killed with -9).

    Forked workers inherit every pipe end the parent held, including the other workers' ends, so
    a dead parent is not seen as end-of-input: those are closed here. On Linux the kernel also
    sends SIGKILL when the parent dies (PR_SET_PDEATHSIG); elsewhere a thread polls the parent.
    """
    for conn in inherited:
        with contextlib.suppress(OSError):
            conn.close()
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    else:  # pragma: no cover - no PR_SET_PDEATHSIG

        def watch() -> None:
            while os.getppid() == parent_pid:
                time.sleep(PARENT_POLL_SECONDS)
            os._exit(1)

        threading.Thread(target=watch, daemon=True).start()
    if os.getppid() != parent_pid:  # the parent died before the death signal was armed
        os._exit(1)


@contextlib.contextmanager
def _sigint_held() -> Iterator[None]:
    """Hold back SIGINT while a worker starts; where signals cannot be blocked, ignore it (Windows)."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            yield
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        return
    in_main = threading.current_thread() is threading.main_thread()  # signal.signal works only there
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN) if in_main else None
    try:
        yield
    finally:
        if in_main:
            signal.signal(signal.SIGINT, previous)


def _worker_main(conn: Connection, ctx: WorkerContext, parent_pid: int, inherited: tuple[Connection, ...]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if hasattr(signal, "pthread_sigmask"):  # the mask _sigint_held set is inherited; with SIGINT ignored, lift it
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    _die_with_parent(parent_pid, inherited)
    settle_heap()  # under fork inherited too; a spawned worker starts with the collector's defaults
    warm_for(ctx.cleaner, html=False)  # inherited under fork (the parent warmed it); a spawned worker warms here
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        for seq, item in msg:
            res = process_item(ctx, item, tick=functools.partial(conn.send, ("tick", seq)))
            conn.send((seq, res))


@dataclass(slots=True)
class _Worker:
    proc: BaseProcess
    conn: Connection
    inflight: deque[tuple[int, FileItem | LineItem]] = field(default_factory=deque)
    last_seen: float = 0.0


class OrderedPool:
    """Feed items to `jobs` worker processes in chunks; yield results in the order items came in."""

    def __init__(
        self,
        ctx: WorkerContext,
        jobs: int,
        chunk_items: int = CHUNK_ITEMS,
        on_restart: Callable[[str], None] | None = None,
    ) -> None:
        self.ctx = ctx
        self.jobs = max(1, jobs)
        self.chunk_items = chunk_items
        self.max_ahead = self.jobs * chunk_items * AHEAD_CHUNKS_PER_WORKER
        self.watchdog = ctx.timeout + WATCHDOG_GRACE_SECONDS if ctx.timeout > 0 else None
        self.on_restart = on_restart
        self._mp = _context()
        self.workers: list[_Worker] = []
        self.restarts = 0

    def _start(self) -> _Worker:
        parent_end, child_end = self._mp.Pipe(duplex=True)
        # Only under fork does the child hold copies of the other workers' ends; spawn passes none.
        inherited = (parent_end, *(w.conn for w in self.workers)) if self._mp.get_start_method() == "fork" else ()
        proc = self._mp.Process(target=_worker_main, args=(child_end, self.ctx, os.getpid(), inherited), daemon=True)
        # A forked worker inherits the parent's handlers, so a Ctrl-C that reaches the child before _worker_main
        # ignores it is a KeyboardInterrupt traceback. Blocking SIGINT across the start closes that window and,
        # unlike ignoring it, keeps a Ctrl-C that lands in the window: it is delivered to the parent on unblocking
        # (ignoring it lost it, and the batch then ran to the end with exit code 0).
        with _sigint_held():
            proc.start()
        child_end.close()  # only the worker holds it now, so its death reads as EOF here
        return _Worker(proc, parent_end)

    def _kill(self, w: _Worker) -> None:
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join(timeout=5)
        w.conn.close()

    def close(self) -> None:
        """Stop every worker: politely when idle, by SIGKILL when still busy (fail-fast, Ctrl-C)."""
        for w in self.workers:
            if not w.inflight and w.proc.is_alive():
                with contextlib.suppress(OSError):
                    w.conn.send(None)
        deadline = time.monotonic() + 2
        for w in self.workers:
            if w.inflight:
                self._kill(w)
                continue
            w.proc.join(timeout=max(0.0, deadline - time.monotonic()))
            self._kill(w)
        self.workers = []

    def start(self) -> None:
        """Fork the workers; call before any thread (the progress bar) starts in the parent."""
        if not self.workers:
            self.workers = [self._start() for _ in range(self.jobs)]

    def run(self, items: Iterator[Item]) -> Iterator[ItemResult | EndOfInput]:
        """Results in input order; EndOfInput markers pass through at their place."""
        self.start()
        done: dict[int, ItemResult | EndOfInput] = {}
        retry: deque[tuple[int, FileItem | LineItem]] = deque()
        next_seq = next_out = 0
        exhausted = False
        try:
            while True:
                for w in self.workers:
                    if w.inflight:
                        continue
                    chunk: list[tuple[int, FileItem | LineItem]] = []
                    while len(chunk) < self.chunk_items and retry:
                        chunk.append(retry.popleft())
                    while len(chunk) < self.chunk_items and not exhausted and next_seq - next_out < self.max_ahead:
                        item = next(items, None)
                        if item is None:
                            exhausted = True
                            break
                        if isinstance(item, EndOfInput):
                            done[next_seq] = item
                        else:
                            chunk.append((next_seq, item))
                        next_seq += 1
                    if chunk:
                        try:
                            w.conn.send(chunk)
                        except OSError:  # died while idle: nothing of this chunk ran, so no item is to blame
                            retry.extendleft(reversed(chunk))
                            self._replace(w)
                            continue
                        w.inflight.extend(chunk)
                        w.last_seen = time.monotonic()
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
                busy = [w for w in self.workers if w.inflight]
                if not busy:
                    if exhausted and not retry:
                        return
                    continue
                wait([x for w in busy for x in (w.conn, w.proc.sentinel)], timeout=POLL_SECONDS)
                for w in busy:
                    self._collect(w, done, retry)
        finally:
            self.close()

    def _collect(
        self, w: _Worker, done: dict[int, ItemResult | EndOfInput], retry: deque[tuple[int, FileItem | LineItem]]
    ) -> None:
        """Read every answer waiting on a worker's pipe; replace the worker if it died or hung."""
        reason: str | None = None
        try:
            while w.inflight and w.conn.poll():
                msg = w.conn.recv()
                w.last_seen = time.monotonic()
                if msg[0] == "tick":
                    continue
                seq, res = msg
                if w.inflight and w.inflight[0][0] == seq:
                    w.inflight.popleft()
                done[seq] = res
        except (EOFError, OSError):
            reason = _death_reason(w.proc)
        if reason is None and w.inflight and not w.proc.is_alive():
            reason = _death_reason(w.proc)
        if (
            reason is None
            and w.inflight
            and self.watchdog is not None
            and time.monotonic() - w.last_seen > self.watchdog
        ):
            reason = f"timed out after {self.ctx.timeout:g}s (worker did not respond; killed)"
        if reason is None:
            return
        # The first unanswered item is the one the worker was on: report it, retry the rest.
        seq, item = w.inflight.popleft()
        done[seq] = _failed_item(self.ctx, item, reason)
        retry.extendleft(reversed(w.inflight))
        w.inflight.clear()
        if self.on_restart is not None:
            self.on_restart(f"{item.source}: {reason}; restarted the worker")
        self._replace(w)

    def _replace(self, w: _Worker) -> None:
        self._kill(w)
        self.restarts += 1
        self.workers[self.workers.index(w)] = self._start()


def _death_reason(proc: BaseProcess) -> str:
    """'worker process crashed', with the signal or exit code that ended it when the OS tells."""
    proc.join(timeout=1)
    code = proc.exitcode
    if code is None or code == 0:
        return "worker process crashed"
    if code < 0:
        try:
            return f"worker process crashed ({signal.Signals(-code).name})"
        except ValueError:
            return f"worker process crashed (signal {-code})"
    return f"worker process crashed (exit code {code})"


def _failed_item(ctx: WorkerContext, item: FileItem | LineItem, reason: str) -> ItemResult:
    if isinstance(item, LineItem):
        return ItemResult(item.input_idx, [failure(ctx, item.line_no, None, item.source, reason)])
    return ItemResult(item.input_idx, [failure(ctx, None, item.doc_id, item.source, reason)])
