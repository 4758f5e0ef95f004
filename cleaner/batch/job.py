"""A batch job as the user described it, and what it decides before any work: mode, outputs, context."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.batch.discovery import FORMAT_EXTENSIONS, REPORT_HTML_NAME, BatchError, check_locations
from cleaner.batch.state import config_fingerprint
from cleaner.batch.timeout import DEFAULT_TIMEOUT_SECONDS
from cleaner.batch.work import WorkerContext
from cleaner.io.formats import FORMAT_ALIASES
from cleaner.io.readers import FieldNames, display_path
from cleaner.io.writers import TEMP_MARKER, sweep_temp_files
from cleaner.pipeline import Cleaner


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
    """The report as written, where it went, and the exit code the CLI should use.

    `report["inputs"]` is a read-only sequence of the entries (`batch.entries.Entries`, equal to the list of them),
    read back from a temporary file: a run over hundreds of thousands of files does not hold them all as dicts.
    `list(report["inputs"])` makes the list (for `json.dumps`, say)."""

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
