"""`run_batch`: inputs to outputs, in order, resumable, with a report; the CLI and tests call this.

The job's set-up is job.py, the work items items.py, the parent's handling of results
collect.py; this module runs them and writes the report. The names the Dask engine shares are
re-exported here.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import IO, Any

from cleaner.batch.collect import BatchRun
from cleaner.batch.discovery import REPORT_NAME, STATE_NAME, InputFile, discover
from cleaner.batch.items import iter_items
from cleaner.batch.job import (
    BatchOptions,
    BatchResult,
    available_cores,
    check_output_locations,
    job_config,
    make_context,
    parquet_sink,
    prepare_output_folder,
    report_html_path,
    resolve_mode,
)
from cleaner.batch.output_lock import hold_output
from cleaner.batch.pool import OrderedPool
from cleaner.batch.progress import NullProgress
from cleaner.batch.report import build_report, summarize
from cleaner.batch.report_html import build_audit, top_samples, write_report_html
from cleaner.batch.state import StateStore
from cleaner.batch.work import EndOfInput, ItemResult, iter_process, warm_for
from cleaner.io.writers import atomic_text_stream
from cleaner.pipeline import Cleaner

__all__ = [
    "BatchOptions",
    "BatchResult",
    "BatchRun",
    "check_output_locations",
    "finish_report",
    "make_context",
    "parquet_sink",
    "resolve_mode",
    "run_batch",
]


class _AbortStream(Exception):
    """Raised inside the JSONL output's `with` so that a run that cannot finish it leaves no half file."""


class ReusedEntries(Mapping[int, dict[str, Any]]):
    """The report entries of the inputs an earlier run left up to date, by input index, read from the state when
    asked (`iter_items` asks once per input, in order): a re-run of a large batch held each of them as dicts."""

    def __init__(self, state: StateStore, inputs: Sequence[InputFile], fresh: list[int]) -> None:
        self._state, self._inputs, self._fresh = state, inputs, set(fresh)

    def __getitem__(self, idx: int) -> dict[str, Any]:
        rec = self._state.record(self._inputs[idx].key) if idx in self._fresh else None
        if rec is None:
            raise KeyError(idx)
        entry: dict[str, Any] = rec["entry"]
        return entry

    def __contains__(self, idx: object) -> bool:
        return idx in self._fresh

    def __iter__(self) -> Iterator[int]:
        return iter(sorted(self._fresh))

    def __len__(self) -> int:
        return len(self._fresh)


def run_batch(
    opts: BatchOptions,
    cleaner: Cleaner,
    *,
    progress: NullProgress | None = None,
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> BatchResult:
    """Clean every input into the output folder or JSONL stream, resuming where outputs are up to date."""
    clock = time.monotonic(), dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    mode, jsonl = resolve_mode(opts)
    check_output_locations(opts, jsonl)
    with hold_output(opts.out_dir, jsonl):
        return _run(opts, cleaner, mode, jsonl, clock, progress, stdin, stdout, on_warning)


def _run(
    opts: BatchOptions,
    cleaner: Cleaner,
    mode: str,
    jsonl: str | None,
    clock: tuple[float, str],
    progress: NullProgress | None,
    stdin: IO[bytes] | None,
    stdout: IO[str] | None,
    on_warning: Callable[[str], None] | None,
) -> BatchResult:
    """`run_batch` once its outputs are checked and held (`output_lock`); `clock` is when it started."""
    t0, started = clock
    ctx = make_context(opts, cleaner, mode)
    disc = discover(opts.inputs, opts.include, opts.exclude, ctx.fmt)
    inputs = disc.inputs
    config = job_config(opts, ctx)
    progress = progress or NullProgress()

    state: StateStore | None = None
    if mode == "folder":
        assert opts.out_dir is not None
        out = Path(opts.out_dir)
        prepare_output_folder(out)
        state = StateStore(out / STATE_NAME)
    elif jsonl != "-":
        assert jsonl is not None
        state = StateStore(Path(jsonl).parent / f".{Path(jsonl).name}{STATE_NAME}")
    cached: Mapping[int, dict[str, Any]] = {}
    if state is not None:
        state.load()
        if not opts.force:
            out_root = Path(opts.out_dir) if opts.out_dir else Path(".")
            fresh = [
                i for i, inp in enumerate(inputs) if not inp.is_stdin and state.fresh(inp, config, out_root) is not None
            ]
            cached = ReusedEntries(state, inputs, fresh)
            # One JSONL file is one output: reuse it only when every input is unchanged.
            if mode == "jsonl" and (len(cached) != len(inputs) or not Path(str(jsonl)).is_file()):
                cached = {}

    jobs = opts.jobs if opts.jobs > 0 else available_cores()
    all_cached = mode == "jsonl" and bool(inputs) and len(cached) == len(inputs)
    if len(cached) < len(inputs):
        warm_for(cleaner, html=False)  # before the fork: the workers share the text path's tables
    pool: OrderedPool | None = None
    run = BatchRun(opts, ctx, inputs, state, config, None, progress, on_warning)
    try:
        with ExitStack() as stack:
            if mode == "jsonl" and not all_cached:
                if opts.parquet:
                    run.sink = stack.enter_context(parquet_sink(opts.parquet))
                else:
                    run.sink = (
                        (stdout or sys.stdout) if jsonl == "-" else stack.enter_context(atomic_text_stream(str(jsonl)))
                    )
            items = iter_items(inputs, cached, stdin, keep_blank=mode == "jsonl")
            results: Iterator[ItemResult | EndOfInput]
            if jobs == 1:
                results = iter_process(ctx, items)
            else:
                pool = OrderedPool(ctx, jobs, on_restart=on_warning)
                pool.start()
                results = pool.run(items)
            progress.start(sum(not i.is_stdin for i in inputs), sum(i.size for i in inputs))
            try:
                run.consume(results)
            finally:
                progress.stop()
                if state is not None:
                    state.close()
                close = getattr(results, "close", None)
                if close is not None:
                    close()
            if run.fatal is not None and jsonl != "-":
                raise _AbortStream
    except _AbortStream:
        pass
    except OSError as exc:  # the JSONL file could not be finished (its last block, its rename)
        if mode != "jsonl" or isinstance(exc, BrokenPipeError):
            raise
        run.fatal, run.stop = f"cannot write the JSONL output: {exc.strerror or exc}", True
    if run.stop:
        run.finish_unhandled()
    if state is not None and (mode == "folder" or not all_cached) and run.fatal is None:
        try:
            state.compact([i.key for i in inputs])
        except OSError as exc:
            if on_warning is not None:
                on_warning(f"cannot rewrite the state file ({exc.strerror or exc}); the next run reads the old one")

    return finish_report(
        opts,
        run,
        disc.unsupported,
        {
            "started": started,
            "elapsed_seconds": round(time.monotonic() - t0, 3),
            "engine": "local",
            "jobs": jobs,
            "reused": run.reused,
            "reused_documents": run.reused_documents,
            "processed": len(run.entries) - run.reused,
            "worker_restarts": pool.restarts if pool else 0,
            "stopped_early": run.stop,
        },
    )


def finish_report(opts: BatchOptions, run: BatchRun, unsupported: int, timing: dict[str, Any]) -> BatchResult:
    """Summarise, write report.json (OUT/report.json or --report) and choose the exit code.

    A report that cannot be written (a full disk) is said in the result and fails the run; the
    summary printed on stderr still lists what failed.
    """
    from cleaner.batch.report_json import write_report

    summary = summarize(run.entries, unsupported)
    report = build_report(run.entries, summary, timing)
    report["audit"] = build_audit(run.entries)
    # Samples come from the documents this run cleaned, so they live with the run's timings.
    report["run"]["samples"] = top_samples(report["audit"], run.samples)
    if run.fatal is not None:
        report["fatal"] = run.fatal
    report_path = opts.report or (str(Path(opts.out_dir) / REPORT_NAME) if opts.out_dir else None)
    report_error = None
    if report_path is not None:
        try:
            write_report(report_path, report)
        except OSError as exc:
            report_error = f"cannot write {report_path}: {exc.strerror or exc}"
            report["report_error"] = report_error
            report_path = None
    html_path = report_html_path(opts)
    if html_path is not None:
        try:
            write_report_html(report, html_path)
        except OSError as exc:
            report_error = report_error or f"cannot write {html_path}: {exc.strerror or exc}"
            report["report_error"] = report_error
    failed = summary["errors"] > 0 or run.stop or report_error is not None
    return BatchResult(report, report_path, 1 if failed else 0, report_error)
