"""The parent's side of one batch: ordered results in; outputs, state lines and report entries out."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

from cleaner.batch.discovery import InputFile
from cleaner.batch.entries import Entries
from cleaner.batch.job import BatchOptions
from cleaner.batch.progress import NullProgress
from cleaner.batch.report import InputTally, doc_label, output_of, skipped_entry
from cleaner.batch.report_html import Samples
from cleaner.batch.state import StateStore, file_sha1, input_signature
from cleaner.batch.work import DocOutcome, EndOfInput, ItemResult, WorkerContext, failure, unique_name
from cleaner.io.readers import STREAMED_KINDS
from cleaner.io.writers import atomic_write_text

# Streaming output is flushed at least this often, so a pipe reader sees records while a slow
# producer is still writing, without a system call per record.
FLUSH_EVERY_LINES = 256
FLUSH_EVERY_SECONDS = 0.5


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
        self.entries = Entries()  # on disk until the report is written (batch/entries.py)
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
                self.state.remember(rec)
        if self.opts.fail_fast and entry["status"] != "ok":
            self.stop = True

    def _remove_stale(self, inp: InputFile, keep: set[str]) -> None:
        """Outputs an earlier run made for this input that this run did not (fewer records, now broken)."""
        assert self.state is not None and self.ctx.out_dir is not None
        old = self.state.record(inp.key)
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
