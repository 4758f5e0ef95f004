"""Inputs to work items, in input order: a file is one item, a JSONL or WARC file one item per record."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from contextlib import ExitStack
from typing import IO, Any

from cleaner.batch.discovery import InputFile
from cleaner.batch.work import EndOfInput, FileItem, Item, LineItem
from cleaner.io.decode import InputError
from cleaner.io.readers import iter_lines, open_lines


def iter_items(
    inputs: list[InputFile], cached: Mapping[int, dict[str, Any]], stdin: IO[bytes] | None, *, keep_blank: bool = False
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
