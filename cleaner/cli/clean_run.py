"""What `cleaner clean` does once its options are parsed, shared by its typer command and the fast path.

No typer here: the fast path (cleaner/cli/fast.py) calls `clean` directly, and the typer command
(cleaner/cli/clean_cmd.py) calls the same function with what typer parsed, so both paths write the
same record and the same errors.
"""

from __future__ import annotations

import dataclasses
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from cleaner.batch.timeout import DocumentTimeout, call_with_timeout
from cleaner.cli.common import CliError, build_cleaner, check_reference_date
from cleaner.io.decode import InputError
from cleaner.io.formats import FORMAT_ALIASES, render
from cleaner.io.readers import (
    FieldNames,
    display_path,
    iter_lines,
    kind_of,
    open_lines,
    parse_json_line,
    read_capped,
    read_path,
    read_single,
)
from cleaner.model import Document

# `clean` cleans one document: a JSONL file is read only far enough to tell whether it holds more.
RECORDS_TO_LOOK_AT = 2


def _jsonl_documents(path: str, source: str, fields: FieldNames, mtime: float | None) -> list[Document | InputError]:
    docs: list[Document | InputError] = []
    try:
        with open_lines(path) as stream:
            for line_no, data in iter_lines(stream):
                if isinstance(data, InputError):
                    docs.append(data)
                else:
                    try:
                        docs.append(
                            parse_json_line(data, fields, source=source, default_id=f"{source}:{line_no}", mtime=mtime)
                        )
                    except InputError as exc:
                        docs.append(InputError(f"line {line_no}: {exc}"))
                if len(docs) >= RECORDS_TO_LOOK_AT:
                    break
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}") from None
    return docs


def read_input(path: str, fields: FieldNames | None = None) -> Document:
    """Read FILE or stdin into one Document through the same readers as `cleaner batch`.

    So a .json or .jsonl file means the same to both commands (its text, html, url and id fields),
    compressed files are read whole, and size limits and the refusal of FIFOs and devices apply.
    """
    fields = fields or FieldNames()
    if path == "-":
        source, mtime, kind = "<stdin>", None, "txt"
    else:
        p = Path(path)
        if p.is_dir():
            raise CliError(f"{display_path(path)}: is a folder; use `cleaner batch` for folders")
        if not p.exists() and not p.is_symlink():
            raise CliError(f"{display_path(path)}: no such file")
        source, kind = display_path(path), kind_of(path) or "txt"
        try:
            mtime = p.stat().st_mtime
        except OSError:
            mtime = None
    try:
        if path == "-":
            found = [d for _, d in read_single(read_capped(sys.stdin.buffer), kind, fields, source=source, doc_id=None)]
        elif kind == "jsonl":
            found = _jsonl_documents(path, source, fields, mtime)
        else:
            found = [d for _, d in read_path(path, kind, fields, source=source, doc_id=None, mtime=mtime)[0]]
    except InputError as exc:
        raise CliError(f"{source}: {exc}", code=1) from None
    if not found:
        raise CliError(f"{source}: empty document (no records)", code=1)
    if len(found) > 1:
        raise CliError(
            f"{source} holds more than one record; `cleaner clean` cleans one: use `cleaner batch {source} -o OUT`"
        )
    doc = found[0]
    if isinstance(doc, InputError):
        raise CliError(f"{source}: {doc}", code=1)
    return doc


# The one page `cleaner clean page.html` warms up on. Batch's tiny warm-up page makes trafilatura fall back
# to jusText (under its MIN_EXTRACTED_SIZE of 250 characters), whose stoplist union costs ~0.2 s that a page
# extracted without it never needs; a batch pays it once in the parent, one page here would pay it for
# nothing. This one is long enough for trafilatura's own extractor and declares its language, so the
# 100 stoplists of the stopword guess are not read either (tests/test_cli_warm_up.py).
WARM_UP_PAGE = Document(
    html='<html lang="en"><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>'
    + "".join(
        f"<p>Paragraph {n} of the warm-up page, a few plain sentences long. It is cleaned once, before the "
        "document's clock starts, so that tables built on first use are not timed.</p>"
        for n in range(1, 4)
    )
    + "</article></body></html>"
)


def clean(
    file: str,
    fmt: str,
    url: str | None,
    reference_date: str | None,
    rules: Sequence[Path] | None,
    select: Sequence[str] | None,
    ignore: Sequence[str] | None,
    heuristics: str,
    timeout: float,
    show_explain: bool,
) -> None:
    """Clean one document and print its record as JSON (or its body as text/Markdown)."""
    if fmt not in FORMAT_ALIASES:
        raise CliError(f"--format must be json, text or md, not {fmt!r}")
    check_reference_date(reference_date)
    cleaner = build_cleaner(rules, select, ignore, heuristics)
    doc = read_input(file)
    if url:
        doc = dataclasses.replace(doc, url=url)
    if timeout > 0:
        # One-off table building must not count against the limit; only the path this document takes is warmed.
        if doc.html is not None:
            cleaner.clean_document(WARM_UP_PAGE)
        else:
            from cleaner.batch.work import warm_up  # the batch worker's module: the HTML path never loads it

            warm_up(cleaner)
    try:
        article = call_with_timeout(lambda: cleaner.clean_document(doc, reference_date=reference_date), timeout)
    except DocumentTimeout as exc:
        raise CliError(f"{doc.source}: {exc.reason}", code=1) from None
    if show_explain:
        from cleaner.cli.explain import explain  # rich loads only for --explain

        explain(article, doc, color=None if os.environ.get("NO_COLOR") is None else False)
        return
    sys.stdout.write(render(article, fmt))
