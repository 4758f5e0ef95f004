"""`run_batch`: inputs to outputs, in order, resumable, with a report; the CLI and tests call this."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cleaner.batch.discovery import (
    FORMAT_EXTENSIONS,
    STATE_NAME,
    BatchError,
    InputFile,
    check_locations,
    discover,
)
from cleaner.batch.pool import OrderedPool
from cleaner.batch.progress import NullProgress
from cleaner.batch.report import InputTally, build_report, doc_label, summarize
from cleaner.batch.report_html import Samples, build_audit, top_samples, write_report_html
from cleaner.batch.state import StateStore, config_fingerprint, file_sha1, input_signature
from cleaner.batch.work import (
    DocOutcome,
    EndOfInput,
    FileItem,
    Item,
    ItemResult,
    LineItem,
    WorkerContext,
    iter_process,
    unique_name,
)
from cleaner.io.decode import InputError
from cleaner.io.formats import FORMAT_ALIASES
from cleaner.io.readers import STREAMED_KINDS, FieldNames, iter_lines, open_lines
from cleaner.io.writers import atomic_text_stream, atomic_write_text, sweep_temp_files
from cleaner.pipeline import Cleaner

# Per-document limit when none is given: the slowest corpus page cleans in well under a second,
# so 60 s only ever catches a pathological document, never a merely long one.
DEFAULT_TIMEOUT_SECONDS = 60.0
# Streaming output is flushed at least this often, so a pipe reader sees records while a slow
# producer is still writing, without a system call per record.
FLUSH_EVERY_LINES = 256
FLUSH_EVERY_SECONDS = 0.5


@dataclass(slots=True)
class BatchOptions:
    """A batch job as the user described it; every field has a CLI option of the same meaning."""

    inputs: list[str]
    out_dir: str | None = None
    jsonl: str | None = None  # a file (.gz allowed) or "-" for stdout
    fmt: str = "json"
    fields: FieldNames = field(default_factory=FieldNames)
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    jobs: int = 0  # 0: every core this process may use
    timeout: float = DEFAULT_TIMEOUT_SECONDS
    force: bool = False
    fail_fast: bool = False
    report: str | None = None
    reference_date: str | None = None
    report_html: str | None = None  # default: beside report.json when there is one
    parquet: str | None = None  # write every record to one Parquet file instead of JSONL
    lang: tuple[str, ...] = ()  # keep only these languages; the others are reported as skipped


@dataclass(slots=True)
class BatchResult:
    """The report as written, where it went, and the exit code the CLI should use."""

    report: dict[str, Any]
    report_path: str | None
    exit_code: int


def available_cores() -> int:
    """Cores this process may run on (affinity-aware where the OS says)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def resolve_mode(opts: BatchOptions) -> tuple[str, str | None]:
    """("folder"|"jsonl", jsonl target): `batch -` alone streams to stdout; otherwise -o or --jsonl is needed."""
    if sum(bool(x) for x in (opts.out_dir, opts.jsonl, opts.parquet)) > 1:
        raise BatchError("give one of -o/--output FOLDER, --jsonl FILE or --parquet FILE")
    if opts.parquet:
        return "jsonl", opts.parquet  # the same record stream, written as Parquet
    if opts.out_dir:
        return "folder", None
    if opts.jsonl:
        return "jsonl", opts.jsonl
    if opts.inputs == ["-"]:
        return "jsonl", "-"
    raise BatchError("say where to write: -o/--output FOLDER or --jsonl FILE (use --jsonl - for stdout)")


def make_context(opts: BatchOptions, cleaner: Cleaner, mode: str) -> WorkerContext:
    """The picklable part of the job that every worker (or Dask partition) receives once."""
    fmt = FORMAT_ALIASES.get(opts.fmt)
    if fmt is None:
        raise BatchError(f"--format must be json, txt or md, not {opts.fmt!r}")
    return WorkerContext(
        cleaner=cleaner,
        fields=opts.fields,
        mode=mode,
        fmt=fmt,
        out_dir=opts.out_dir,
        reference_date=opts.reference_date,
        timeout=max(0.0, opts.timeout),
        ext=FORMAT_EXTENSIONS[fmt],
        lang=opts.lang,
    )


def job_config(opts: BatchOptions, ctx: WorkerContext) -> str:
    """Fingerprint of everything that decides an output besides the input itself."""
    return config_fingerprint(
        ctx.cleaner,
        mode=ctx.mode,
        fmt=ctx.fmt,
        fields=dataclasses.asdict(opts.fields),
        reference_date=opts.reference_date,
        **({"lang": sorted(opts.lang)} if opts.lang else {}),
    )


def iter_items(inputs: list[InputFile], cached: dict[int, dict[str, Any]], stdin: IO[bytes] | None) -> Iterator[Item]:
    """Work items in input order; JSONL files are read one line at a time, never whole."""
    for idx, inp in enumerate(inputs):
        if idx in cached:
            yield EndOfInput(idx, cached=cached[idx])
            continue
        if inp.kind == "warc":
            assert inp.path is not None
            yield from warc_items(idx, inp.path, inp.source, inp.key)
            continue
        if inp.kind != "jsonl":
            assert inp.path is not None
            yield FileItem(idx, inp.path, inp.kind, inp.source, inp.key, inp.mtime, inp.target, inp.target_dir)
            continue
        with ExitStack() as stack:
            if inp.path is None:
                stream: IO[bytes] = stdin if stdin is not None else sys.stdin.buffer
            else:
                try:
                    stream = stack.enter_context(open_lines(inp.path))
                except OSError as exc:
                    yield EndOfInput(idx, error=f"cannot read: {exc.strerror or exc}")
                    continue
            for line_no, data in iter_lines(stream):
                yield LineItem(
                    idx,
                    line_no,
                    data if isinstance(data, bytes) else str(data),
                    f"{inp.source}:{line_no}",
                    f"{inp.key}:{line_no}",
                    inp.mtime,
                )
        yield EndOfInput(idx)


def warc_items(idx: int, path: str, source: str, key: str) -> Iterator[Item]:
    """A WARC's response records as work items, read one at a time by the parent, in file order."""
    try:
        from cleaner.io.warc import read_warc
    except ImportError:
        yield EndOfInput(idx, error="WARC input needs the warc extra: pip install 'cleaner[warc]'")
        return
    for n, rec in read_warc(path):
        data = str(rec) if isinstance(rec, InputError) else rec
        yield LineItem(idx, n, data, f"{source}:{n}", f"{key}:{n}", None)
    yield EndOfInput(idx)


class BatchRun:
    """The parent's side of one batch: ordered results in, outputs, state lines and report entries out."""

    def __init__(
        self,
        opts: BatchOptions,
        ctx: WorkerContext,
        inputs: list[InputFile],
        state: StateStore | None,
        config: str,
        sink: IO[str] | None,
        progress: NullProgress,
    ) -> None:
        self.opts, self.ctx, self.inputs, self.state, self.config = opts, ctx, inputs, state, config
        self.sink = sink
        self.progress = progress
        self.tallies: dict[int, InputTally] = {}
        self.entries: list[dict[str, Any]] = []
        self.reused = 0
        self.reused_documents = 0
        self.stop = False
        self._unflushed = 0
        self._last_flush = time.monotonic()
        self._nbytes: dict[int, int] = {}
        self.samples = Samples()

    def consume(self, results: Iterator[ItemResult | EndOfInput]) -> None:
        """Handle results in input order until the end (or the first error with --fail-fast)."""
        for res in results:
            if isinstance(res, EndOfInput):
                self._end(res)
            else:
                self._result(res)
            if self.stop:
                break
        if self.sink is not None:
            self.sink.flush()

    def _result(self, res: ItemResult) -> None:
        inp = self.inputs[res.input_idx]
        tally = self.tallies.get(res.input_idx)
        if tally is None:
            tally = self.tallies[res.input_idx] = InputTally(inp)
        for d in res.docs:
            tally.add(d)
            self.samples.add(d.audit, doc_label(inp.source, d))
            self._output(inp, tally, d)
        self._nbytes[res.input_idx] = self._nbytes.get(res.input_idx, 0) + res.nbytes
        self.progress.advance(docs=len(res.docs), nbytes=res.nbytes)
        if inp.kind not in STREAMED_KINDS:
            self._finish(res.input_idx, res.sha1)

    def _output(self, inp: InputFile, tally: InputTally, d: DocOutcome) -> None:
        if self.sink is not None:
            if d.content is not None:
                self.sink.write(d.content + "\n")
                self._unflushed += 1
                now = time.monotonic()
                if self._unflushed >= FLUSH_EVERY_LINES or now - self._last_flush > FLUSH_EVERY_SECONDS:
                    self.sink.flush()
                    self._unflushed, self._last_flush = 0, now
            return
        if d.output is not None:
            tally.outputs.append(d.output)
        elif d.ok and d.content is not None and d.name is not None and self.ctx.out_dir is not None:
            rel = f"{inp.target_dir}/{unique_name(d.name, tally.used_names)}{self.ctx.ext}"
            atomic_write_text(Path(self.ctx.out_dir) / rel, d.content)
            tally.outputs.append(rel)

    def _end(self, marker: EndOfInput) -> None:
        inp = self.inputs[marker.input_idx]
        if marker.cached is not None:
            self.entries.append(marker.cached)
            self.reused += 1
            self.reused_documents += marker.cached.get("written", 0)
            self.progress.advance(files=1, docs=marker.cached.get("documents", 0), nbytes=inp.size)
            return
        if marker.error is not None:
            self._finish(marker.input_idx, None, marker.error)
            return
        self._finish(marker.input_idx, file_sha1(inp.path) if inp.path and self.state is not None else None)

    def _finish(self, idx: int, sha1: str | None, error: str | None = None) -> None:
        inp = self.inputs[idx]
        tally = self.tallies.pop(idx, None) or InputTally(inp)
        if tally.documents == 0:
            tally.add(DocOutcome(None, None, False, reason=error or "empty document (no records)"))
        entry = tally.entry()
        self.entries.append(entry)
        self.progress.advance(files=1, nbytes=max(0, inp.size - self._nbytes.pop(idx, 0)))
        if self.state is not None and not inp.is_stdin and error is None:
            rec = {
                "key": inp.key,
                **input_signature(inp),
                "sha1": sha1,
                "config": self.config,
                "entry": entry,
                "outputs": tally.outputs,
            }
            if self.ctx.mode == "folder":
                self._remove_stale(inp, set(tally.outputs))
                self.state.append(rec)
            else:
                self.state.records[inp.key] = {"v": 1, **rec}
        if self.opts.fail_fast and entry["status"] != "ok":
            self.stop = True

    def _remove_stale(self, inp: InputFile, keep: set[str]) -> None:
        """Outputs an earlier run made for this input that this run did not (fewer records, now broken)."""
        assert self.state is not None and self.ctx.out_dir is not None
        old = self.state.records.get(inp.key)
        if not old or not old.get("outputs"):
            return
        out = Path(self.ctx.out_dir).resolve()
        for rel in old["outputs"]:
            target = (out / rel).resolve()
            if rel not in keep and out in target.parents:
                target.unlink(missing_ok=True)


def parquet_sink(path: str) -> Any:
    """The Parquet writer, taking the JSONL lines the batch would otherwise write to a file."""
    try:
        from cleaner.io.parquet import ParquetRecordWriter
    except ImportError as exc:
        raise BatchError(f"--parquet needs the parquet extra: pip install 'cleaner[parquet]' ({exc})") from None
    return ParquetRecordWriter(path)


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
    t0, started = time.monotonic(), dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    mode, jsonl = resolve_mode(opts)
    check_locations(opts.inputs, opts.out_dir, jsonl, opts.report)
    ctx = make_context(opts, cleaner, mode)
    disc = discover(opts.inputs, opts.include, opts.exclude, ctx.fmt)
    inputs = disc.inputs
    config = job_config(opts, ctx)
    progress = progress or NullProgress()

    state: StateStore | None = None
    if mode == "folder":
        assert opts.out_dir is not None
        out = Path(opts.out_dir)
        out.mkdir(parents=True, exist_ok=True)
        sweep_temp_files(out)
        state = StateStore(out / STATE_NAME)
    elif jsonl != "-":
        assert jsonl is not None
        state = StateStore(Path(jsonl).parent / f".{Path(jsonl).name}{STATE_NAME}")
    cached: dict[int, dict[str, Any]] = {}
    if state is not None:
        state.load()
        if not opts.force:
            out_root = Path(opts.out_dir) if opts.out_dir else Path(".")
            fresh = {i: state.fresh(inp, config, out_root) for i, inp in enumerate(inputs) if not inp.is_stdin}
            cached = {i: rec["entry"] for i, rec in fresh.items() if rec is not None}
            # One JSONL file is one output: reuse it only when every input is unchanged.
            if mode == "jsonl" and (len(cached) != len(inputs) or not Path(str(jsonl)).is_file()):
                cached = {}

    jobs = opts.jobs if opts.jobs > 0 else available_cores()
    all_cached = mode == "jsonl" and bool(inputs) and len(cached) == len(inputs)
    with ExitStack() as stack:
        sink: IO[str] | None = None
        if mode == "jsonl" and not all_cached:
            if opts.parquet:
                sink = stack.enter_context(parquet_sink(opts.parquet))
            else:
                sink = (stdout or sys.stdout) if jsonl == "-" else stack.enter_context(atomic_text_stream(str(jsonl)))
        run = BatchRun(opts, ctx, inputs, state, config, sink, progress)
        items = iter_items(inputs, cached, stdin)
        pool: OrderedPool | None = None
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
    if state is not None and (mode == "folder" or not all_cached):
        state.compact([i.key for i in inputs])

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
    """Summarise, write report.json (OUT/report.json or --report) and choose the exit code."""
    summary = summarize(run.entries, unsupported)
    report = build_report(run.entries, summary, timing)
    report["audit"] = build_audit(run.entries)
    # Samples come from the documents this run cleaned, so they live with the run's timings.
    report["run"]["samples"] = top_samples(report["audit"], run.samples)
    report_path = opts.report or (str(Path(opts.out_dir) / "report.json") if opts.out_dir else None)
    if report_path is not None:
        from cleaner.io.formats import to_json

        atomic_write_text(report_path, to_json(report) + "\n")
    html_path = opts.report_html or (
        str(Path(report_path).with_suffix(".html")) if opts.out_dir and report_path else None
    )
    if html_path is not None:
        write_report_html(report, html_path)
    failed = summary["errors"] > 0 or run.stop
    return BatchResult(report, report_path, 1 if failed else 0)
