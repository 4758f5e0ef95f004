"""`run_batch`: inputs to outputs, in order, resumable, with a report; the CLI and tests call this."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cleaner.batch.discovery import (
    FORMAT_EXTENSIONS,
    REPORT_HTML_NAME,
    REPORT_NAME,
    STATE_NAME,
    BatchError,
    InputFile,
    check_locations,
    discover,
)
from cleaner.batch.pool import OrderedPool
from cleaner.batch.progress import NullProgress
from cleaner.batch.report import InputTally, build_report, doc_label, output_of, skipped_entry, summarize
from cleaner.batch.report_html import Samples, build_audit, top_samples, write_report_html
from cleaner.batch.state import StateStore, config_fingerprint, file_sha1, input_signature
from cleaner.batch.timeout import DEFAULT_TIMEOUT_SECONDS
from cleaner.batch.work import (
    DocOutcome,
    EndOfInput,
    FileItem,
    Item,
    ItemResult,
    LineItem,
    WorkerContext,
    failure,
    iter_process,
    unique_name,
    warm_up,
)
from cleaner.io.decode import InputError
from cleaner.io.formats import FORMAT_ALIASES
from cleaner.io.readers import STREAMED_KINDS, FieldNames, display_path, iter_lines, open_lines
from cleaner.io.writers import TEMP_MARKER, atomic_text_stream, atomic_write_text, sweep_temp_files
from cleaner.pipeline import Cleaner

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
    report_error: str | None = None


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


def report_html_path(opts: BatchOptions) -> str | None:
    """--report-html, else the audit page beside the report when the run writes to a folder."""
    if opts.report_html:
        return opts.report_html
    if not opts.out_dir:
        return None
    if opts.report:
        return str(Path(opts.report).with_suffix(".html"))
    return str(Path(opts.out_dir) / REPORT_HTML_NAME)


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


def iter_items(
    inputs: list[InputFile], cached: dict[int, dict[str, Any]], stdin: IO[bytes] | None, *, keep_blank: bool = False
) -> Iterator[Item]:
    """Work items in input order; JSONL files are read one line at a time, never whole.

    With `keep_blank` (JSONL output), blank lines are items too, so every input line gets its output line.
    """
    for idx, inp in enumerate(inputs):
        if idx in cached:
            yield EndOfInput(idx, cached=cached[idx])
            continue
        if inp.error is not None or inp.skipped is not None:
            yield EndOfInput(idx, error=inp.error, skipped=inp.skipped)
            continue
        if inp.kind == "warc":
            assert inp.path is not None
            yield from warc_items(idx, inp.path, inp.source, inp.doc_id)
            continue
        if inp.kind != "jsonl":
            assert inp.path is not None
            yield FileItem(idx, inp.path, inp.kind, inp.source, inp.doc_id, inp.mtime, inp.target, inp.target_dir)
            continue
        with ExitStack() as stack:
            if inp.path is None:
                stream: IO[bytes] = stdin if stdin is not None else sys.stdin.buffer
            else:
                try:
                    stream = stack.enter_context(open_lines(inp.path))
                except InputError as exc:
                    yield EndOfInput(idx, error=str(exc))
                    continue
            for line_no, data in iter_lines(stream, keep_blank=keep_blank):
                yield LineItem(
                    idx,
                    line_no,
                    data if isinstance(data, bytes) else str(data),
                    f"{inp.source}:{line_no}",
                    f"{inp.doc_id}:{line_no}",
                    inp.mtime,
                )
        yield EndOfInput(idx)


def warc_items(idx: int, path: str, source: str, doc_id: str) -> Iterator[Item]:
    """A WARC's response records as work items, read one at a time by the parent, in file order."""
    try:
        from cleaner.io.warc import read_warc
    except ImportError:
        yield EndOfInput(idx, error="WARC input needs the warc extra: pip install 'cleaner[warc]'")
        return
    for n, rec in read_warc(path):
        data = str(rec) if isinstance(rec, InputError) else rec
        yield LineItem(idx, n, data, f"{source}:{n}", f"{doc_id}:{n}", None)
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
        on_warning: Callable[[str], None] | None = None,
    ) -> None:
        self.opts, self.ctx, self.inputs, self.state, self.config = opts, ctx, inputs, state, config
        self.sink = sink
        self.progress = progress
        self.tallies: dict[int, InputTally] = {}
        self.entries: list[dict[str, Any]] = []
        self.reused = 0
        self.reused_documents = 0
        self.stop = False
        self.fatal: str | None = None  # why the run could not go on (the JSONL output cannot be written)
        self.handled: set[int] = set()
        self.warn = on_warning or (lambda message: None)
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
            d = self._output(inp, tally, d)
            tally.add(d)
            self.samples.add(d.audit, doc_label(inp.source, d))
        self._nbytes[res.input_idx] = self._nbytes.get(res.input_idx, 0) + res.nbytes
        self.progress.advance(docs=len(res.docs), nbytes=res.nbytes)
        if inp.kind not in STREAMED_KINDS:
            self._finish(res.input_idx, res.sha1)

    def _output(self, inp: InputFile, tally: InputTally, d: DocOutcome) -> DocOutcome:
        """Write what the parent writes; a write that fails turns the document into a failure."""
        if self.sink is not None:
            if d.content is not None and self.fatal is None:
                try:
                    self.sink.write(d.content + "\n")
                    self._unflushed += 1
                    now = time.monotonic()
                    if self._unflushed >= FLUSH_EVERY_LINES or now - self._last_flush > FLUSH_EVERY_SECONDS:
                        self.sink.flush()
                        self._unflushed, self._last_flush = 0, now
                except BrokenPipeError:
                    raise  # the reader went away (`| head`): the CLI ends quietly, as other tools do
                except OSError as exc:
                    self.fatal = f"cannot write the JSONL output: {exc.strerror or exc}"
                    self.stop = True
            if self.fatal is not None:
                return failure(self.ctx, d.where, d.id, inp.source, self.fatal)
            return d
        if d.output is not None:
            tally.outputs.append(d.output)
        elif d.ok and d.content is not None and d.name is not None and self.ctx.out_dir is not None:
            rel = f"{inp.target_dir}/{unique_name(d.name, tally.used_names)}{self.ctx.ext}"
            try:
                atomic_write_text(Path(self.ctx.out_dir) / rel, d.content)
            except OSError as exc:
                return failure(self.ctx, d.where, d.id, inp.source, f"cannot write {rel}: {exc.strerror or exc}")
            tally.outputs.append(rel)
        return d

    def _end(self, marker: EndOfInput) -> None:
        inp = self.inputs[marker.input_idx]
        if marker.cached is not None:
            self.entries.append(marker.cached)
            self.handled.add(marker.input_idx)
            self.reused += 1
            self.reused_documents += marker.cached.get("written", 0)
            self.progress.advance(files=1, docs=marker.cached.get("documents", 0), nbytes=inp.size)
            return
        if marker.skipped is not None:
            self.skip(marker.input_idx, marker.skipped)
            return
        if marker.error is not None:
            self._finish(marker.input_idx, None, marker.error)
            return
        sha1 = None
        if inp.path and self.state is not None:
            try:
                sha1 = file_sha1(inp.path)
            except OSError:
                sha1 = None  # gone or unreadable since it was read: the next run compares size and mtime
        self._finish(marker.input_idx, sha1)

    def skip(self, idx: int, reason: str) -> None:
        """An input not read: listed as `skipped` with the reason, so the report still names every input."""
        self.handled.add(idx)
        self.entries.append(skipped_entry(self.inputs[idx], reason))
        self.progress.advance(files=1)

    def finish_unhandled(self) -> None:
        """After a stop (--fail-fast, an output that cannot be written), list the inputs never reached."""
        why = self.fatal or "--fail-fast stopped the run at an earlier failure"
        for idx in range(len(self.inputs)):
            if idx not in self.handled:
                self.entries.append(skipped_entry(self.inputs[idx], f"not processed: {why}"))
        self.handled.update(range(len(self.inputs)))

    def _finish(self, idx: int, sha1: str | None, error: str | None = None) -> None:
        inp = self.inputs[idx]
        self.handled.add(idx)
        tally = self.tallies.pop(idx, None) or InputTally(inp)
        if tally.documents == 0:
            tally.add(DocOutcome(None, None, False, reason=error or "empty document (no records)"))
        entry = tally.entry()
        if self.ctx.mode == "folder":
            entry["output"] = output_of(inp, tally)
        self.entries.append(entry)
        self.progress.advance(files=1, nbytes=max(0, inp.size - self._nbytes.pop(idx, 0)))
        if self.state is not None and not inp.is_stdin:
            # Every input gets its line, failed ones too: the outputs listed let the next run remove
            # stale ones, and StateStore.fresh() reuses only entries that ended `ok`.
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
                try:
                    self.state.append(rec)
                except OSError as exc:
                    # Without its line the input is simply redone next run: the state stays consistent.
                    self.warn(
                        f"cannot record progress in the state file ({exc.strerror or exc}); {inp.source} will be redone"
                    )
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
                try:
                    target.unlink(missing_ok=True)
                except OSError as exc:
                    self.warn(f"cannot remove stale output {rel}: {exc.strerror or exc}")


def prepare_output_folder(out: Path) -> None:
    """Create OUT and prove it writable before any work, so a read-only folder is one clear error."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = tempfile.NamedTemporaryFile(dir=out, prefix=f".probe{TEMP_MARKER}")  # noqa: SIM115 - closed below
        probe.close()
    except OSError as exc:
        raise BatchError(f"cannot write to output folder {display_path(str(out))}: {exc.strerror or exc}") from None
    # Leftovers a killed run could not clean up are swept by a later run; they never count as outputs.
    with contextlib.suppress(OSError):
        sweep_temp_files(out)


class _AbortStream(Exception):
    """Raised inside the JSONL output's `with` so that a run that cannot finish it leaves no half file."""


def parquet_sink(path: str) -> Any:
    """The Parquet writer, taking the JSONL lines the batch would otherwise write to a file."""
    try:
        from cleaner.io.parquet import ParquetRecordWriter
    except ImportError as exc:
        raise BatchError(f"--parquet needs the parquet extra: pip install 'cleaner[parquet]' ({exc})") from None
    return ParquetRecordWriter(path)


def check_output_locations(opts: BatchOptions, jsonl: str | None) -> None:
    """Refuse outputs that overlap inputs or each other; the local and Dask engines both start here."""
    check_locations(
        opts.inputs,
        opts.out_dir,
        jsonl,
        opts.report,
        report_html_path(opts),
        "--parquet" if opts.parquet else "--jsonl",
    )


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
    check_output_locations(opts, jsonl)
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
    if ctx.timeout > 0 and len(cached) < len(inputs):
        warm_up(cleaner)  # before the fork: workers inherit the built tables
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
    from cleaner.io.formats import to_json

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
            atomic_write_text(report_path, to_json(report) + "\n")
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
