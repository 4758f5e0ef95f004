"""`cleaner batch --engine dask`: the same batch job on a Dask cluster (a LocalCluster by default).

Work is cut into dask.bag partitions of whole files and byte ranges of JSONL files. Each
partition gets one Cleaner, cleans its documents with the same code as local batch mode and
writes one JSONL shard; only small per-document outcomes come back, and the client builds the
same report.json from them. With --jsonl FILE the shards are joined, in order, into FILE, which
is then byte-for-byte the file local batch mode writes.

--timeout is enforced as in local mode: Dask runs tasks in threads, where SIGALRM cannot reach, so
the limit is raised in the task's thread instead (cleaner.batch.timeout). Like SIGALRM it lands
between Python bytecodes; unlike local mode, no watchdog kills a worker stuck inside C code.

Limits: workers must see the input and output paths (a shared file system); runs are not
resumable; stdin cannot be distributed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import logging
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaner.batch.discovery import BatchError, InputFile, discover
from cleaner.batch.output_lock import hold_output
from cleaner.batch.progress import NullProgress
from cleaner.batch.runner import (
    BatchOptions,
    BatchResult,
    BatchRun,
    check_output_locations,
    finish_report,
    make_context,
    parquet_sink,
    resolve_mode,
)
from cleaner.batch.work import EndOfInput, FileItem, ItemResult, LineItem, WorkerContext, process_item
from cleaner.io.decode import InputError
from cleaner.io.readers import MAGIC, MAGIC_BYTES, iter_lines, open_lines
from cleaner.io.writers import atomic_text_stream, atomic_write_text
from cleaner.pipeline import Cleaner

# A LocalCluster's size when no scheduler is given and --jobs is 0: the 2 workers.
DEFAULT_LOCAL_WORKERS = 2
# Largest partition, in input bytes: big enough that task overhead (~1 ms) vanishes next to
# cleaning (~0.5 s per MB), small enough that each worker holds little and partitions balance.
MAX_PARTITION_BYTES = 32 * 1024 * 1024
# Aim for this many partitions per worker, so a slow partition does not leave the others idle.
PARTITIONS_PER_WORKER = 4
SHARD_PATTERN = "part-{:05d}.jsonl"


@dataclass(frozen=True, slots=True)
class LineRange:
    """Lines of a JSONL file from byte `start` to `end`, the first being line `first_line`."""

    input_idx: int
    path: str
    start: int
    end: int  # -1: to the end (a gzipped file, which cannot be split)
    first_line: int
    source: str
    key: str
    mtime: float | None


Unit = FileItem | LineRange


def _size(u: Unit, inputs: list[InputFile]) -> int:
    return inputs[u.input_idx].size if isinstance(u, FileItem) or u.end < 0 else u.end - u.start


def split_jsonl(idx: int, inp: InputFile, target: int) -> list[LineRange]:
    """Byte ranges of about `target` bytes, cut at line starts, with the line number each starts at."""
    assert inp.path is not None
    try:
        with open(inp.path, "rb") as fh:
            head = fh.read(MAGIC_BYTES)
    except OSError:
        head = b""  # reported when the partition reads it
    if any(head.startswith(magic) for magic in MAGIC):  # a compressed stream cannot be cut at byte offsets
        return [LineRange(idx, inp.path, 0, -1, 1, inp.source, inp.key, inp.mtime)]
    ranges: list[LineRange] = []
    start = pos = 0
    first = line = 1
    with open(inp.path, "rb") as fh:
        for raw in fh:
            pos += len(raw)
            line += 1
            if pos - start >= target:
                ranges.append(LineRange(idx, inp.path, start, pos, first, inp.source, inp.key, inp.mtime))
                start, first = pos, line
    if pos > start:
        ranges.append(LineRange(idx, inp.path, start, pos, first, inp.source, inp.key, inp.mtime))
    return ranges


def plan(inputs: list[InputFile], workers: int) -> tuple[list[Unit | EndOfInput], list[list[Unit]]]:
    """The work in input order (with end markers for JSONL inputs) and its cut into partitions."""
    total = sum(i.size for i in inputs)
    target = max(1, min(MAX_PARTITION_BYTES, total // max(1, workers * PARTITIONS_PER_WORKER)))
    order: list[Unit | EndOfInput] = []
    for idx, inp in enumerate(inputs):
        if inp.is_stdin:
            raise BatchError("--engine dask reads files and folders, not stdin; use the local engine for `-`")
        if inp.kind == "warc":
            raise BatchError(f"{inp.source}: --engine dask does not read WARC files yet; use the local engine")
        if inp.error is not None or inp.skipped is not None:
            order.append(EndOfInput(idx, error=inp.error, skipped=inp.skipped))
        elif inp.kind == "jsonl":
            order.extend(split_jsonl(idx, inp, target))
            order.append(EndOfInput(idx))
        else:
            assert inp.path is not None
            order.append(
                FileItem(idx, inp.path, inp.kind, inp.source, inp.doc_id, inp.mtime, inp.target, inp.target_dir)
            )
    parts: list[list[Unit]] = [[]]
    size = 0
    for u in order:
        if isinstance(u, EndOfInput):
            continue
        if parts[-1] and size >= target:
            parts.append([])
            size = 0
        parts[-1].append(u)
        size += _size(u, inputs)
    return order, [p for p in parts if p]


def _range_lines(r: LineRange) -> Iterator[tuple[int, bytes | Exception]]:
    if r.end < 0:
        with open_lines(r.path) as stream:
            yield from iter_lines(stream, keep_blank=True)
        return
    with open(r.path, "rb") as fh:
        fh.seek(r.start)
        data = fh.read(r.end - r.start)
    for n, line in iter_lines(io.BytesIO(data), keep_blank=True):
        yield n + r.first_line - 1, line


def _safe_lines(r: LineRange) -> Iterator[tuple[int, bytes | Exception]]:
    """The range's lines; a file that cannot be opened (gone, not regular) is one failed line."""
    try:
        yield from _range_lines(r)
    except (InputError, OSError) as exc:
        yield r.first_line, InputError(str(exc))


def _unit_result(ctx: WorkerContext, u: Unit) -> ItemResult:
    if isinstance(u, FileItem):
        return process_item(ctx, u)
    docs = []
    nbytes = 0
    for line_no, data in _safe_lines(u):
        item = LineItem(
            u.input_idx,
            line_no,
            data if isinstance(data, bytes) else str(data),
            f"{u.source}:{line_no}",
            f"{u.key}:{line_no}",
            u.mtime,
        )
        res = process_item(ctx, item)
        docs.extend(res.docs)
        nbytes += res.nbytes
    return ItemResult(u.input_idx, docs, nbytes=nbytes)


def run_partition(task: tuple[int, list[Unit]], ctx: WorkerContext, shard_dir: str) -> list[ItemResult]:
    """One partition on a Dask worker: clean every unit, write the shard, return outcomes without content."""
    index, units = task
    # The partition's Cleaner is fresh from pickle: `process_item` warms what each document needs before its clock.
    results = [_unit_result(ctx, u) for u in units]  # ctx (and its Cleaner) arrives once per partition
    with atomic_text_stream(Path(shard_dir) / SHARD_PATTERN.format(index)) as fh:
        for res in results:
            for d in res.docs:
                if d.content is not None:
                    fh.write(d.content + "\n")
                d.content = None
    return results


def _client(scheduler: str | None, workers: int) -> Any:
    from dask.distributed import Client, LocalCluster

    if scheduler:
        return Client(scheduler)
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        # No dashboard, but the scheduler's HTTP routes still start: on a free port, not 8787, so a
        # second cluster on the machine does not print "Port 8787 is already in use".
        scheduler_kwargs={"dashboard_address": ":0"},
        silence_logs=logging.ERROR,
    )
    return Client(cluster)


def run_batch_dask(
    opts: BatchOptions,
    cleaner: Cleaner,
    *,
    scheduler: str | None = None,
    progress: NullProgress | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> BatchResult:
    """Local batch mode's job on Dask: the same records (as shards) and the same report."""
    clock = time.monotonic(), dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    _, jsonl = resolve_mode(opts)
    if jsonl == "-":
        raise BatchError("--engine dask writes shards to files; give -o FOLDER or --jsonl FILE")
    check_output_locations(opts, jsonl)
    with hold_output(opts.out_dir, jsonl):
        return _run_dask(opts, cleaner, jsonl, clock, scheduler, progress)


def _run_dask(
    opts: BatchOptions,
    cleaner: Cleaner,
    jsonl: str | None,
    clock: tuple[float, str],
    scheduler: str | None,
    progress: NullProgress | None,
) -> BatchResult:
    """`run_batch_dask` once its outputs are checked and held (`output_lock`); `clock` is when it started."""
    import dask.bag as db
    from dask.distributed import as_completed

    t0, started = clock
    ctx = make_context(opts, cleaner, "jsonl")
    disc = discover(opts.inputs, opts.include, opts.exclude, ctx.fmt)
    if opts.out_dir:
        shard_dir = Path(opts.out_dir)
        shard_dir.mkdir(parents=True, exist_ok=True)
        for old in shard_dir.glob("part-*.jsonl"):
            old.unlink()  # shards of an earlier run with more partitions would add records
    else:
        assert jsonl is not None
        shard_dir = Path(jsonl).parent / f".{Path(jsonl).name}.shards"
        shutil.rmtree(shard_dir, ignore_errors=True)
        shard_dir.mkdir(parents=True)
    ctx = dataclasses.replace(ctx, out_dir=None)
    workers = opts.jobs if opts.jobs > 0 else DEFAULT_LOCAL_WORKERS
    order, parts = plan(disc.inputs, workers)
    progress = progress or NullProgress()

    client = _client(scheduler, workers)
    try:
        bag = db.from_sequence(list(enumerate(parts)), npartitions=max(1, len(parts)))
        delayed = bag.map(run_partition, ctx, str(shard_dir)).to_delayed()
        futures = client.compute(delayed)
        progress.start(len(disc.inputs), sum(i.size for i in disc.inputs))
        index = {f.key: i for i, f in enumerate(futures)}
        outputs: dict[int, list[ItemResult]] = {}
        for fut in as_completed(futures):
            part = index[fut.key]
            # One element per partition, so each partition computes to [its list of results].
            outputs[part] = [r for results in fut.result() for r in results]
            progress.advance(
                docs=sum(len(r.docs) for r in outputs[part]), nbytes=sum(_size(u, disc.inputs) for u in parts[part])
            )
            fut.release()
        progress.stop()
        n_workers = len(client.scheduler_info().get("workers", {}))
    finally:
        client.close()
        cluster = getattr(client, "cluster", None)
        if cluster is not None and not scheduler:
            cluster.close()

    run = BatchRun(opts, ctx, disc.inputs, None, "", None, NullProgress())
    run.consume(_in_order(order, parts, outputs))
    shards = [shard_dir / SHARD_PATTERN.format(i) for i in range(len(parts))]
    if jsonl is not None:
        # --parquet takes the same JSONL text, so the shards are copied into either writer.
        with parquet_sink(jsonl) if opts.parquet else atomic_text_stream(jsonl) as out:
            for shard in shards:
                with open(shard, encoding="utf-8") as fh:
                    shutil.copyfileobj(fh, out)
        shutil.rmtree(shard_dir, ignore_errors=True)
    elif not parts:
        atomic_write_text(shard_dir / SHARD_PATTERN.format(0), "")
    return finish_report(
        opts,
        run,
        disc.unsupported,
        {
            "started": started,
            "elapsed_seconds": round(time.monotonic() - t0, 3),
            "engine": "dask",
            "scheduler": scheduler or "LocalCluster",
            "jobs": n_workers,
            "partitions": len(parts),
            "reused": 0,
            "processed": len(run.entries),
            "worker_restarts": 0,
            "stopped_early": run.stop,
        },
    )


def _in_order(
    order: list[Unit | EndOfInput], parts: list[list[Unit]], outputs: dict[int, list[ItemResult]]
) -> Iterator[ItemResult | EndOfInput]:
    """Partition results laid back along the input order, with end markers where JSONL inputs end."""
    flat = iter([r for i in range(len(parts)) for r in outputs[i]])
    for u in order:
        yield u if isinstance(u, EndOfInput) else next(flat)
