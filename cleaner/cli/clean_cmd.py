"""`cleaner clean FILE|-`: one document in, its record (or body) out."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from cleaner.cli import app
from cleaner.cli.common import (
    HEURISTICS_OPTION,
    IGNORE_OPTION,
    REFERENCE_DATE_OPTION,
    RULES_OPTION,
    SELECT_OPTION,
    CliError,
    build_cleaner,
    check_reference_date,
)
from cleaner.cli.explain import explain
from cleaner.io.decode import InputError, decode_bytes
from cleaner.io.formats import FORMAT_ALIASES, render
from cleaner.model import Document


def read_input(path: str) -> Document:
    """Read FILE or stdin into a Document; gzip and non-UTF-8 text are handled, binary refused."""
    try:
        if path == "-":
            data, source, mtime = sys.stdin.buffer.read(), "<stdin>", None
        else:
            p = Path(path)
            if p.is_dir():
                raise CliError(f"{path}: is a folder; use `cleaner batch` for folders")
            data, source, mtime = p.read_bytes(), str(p), p.stat().st_mtime
    except FileNotFoundError:
        raise CliError(f"{path}: no such file") from None
    except PermissionError:
        raise CliError(f"{path}: permission denied") from None
    except OSError as exc:
        raise CliError(f"{path}: {exc.strerror or exc}") from None
    try:
        text, warnings = decode_bytes(data)
    except InputError as exc:
        raise CliError(f"{source}: {exc}", code=1) from None
    is_html = path.lower().removesuffix(".gz").endswith((".html", ".htm"))
    return Document(
        text=None if is_html else text,
        html=text if is_html else None,
        source=source,
        mtime=mtime,
        warnings=tuple(warnings),
    )


@app.command("clean")
def clean_command(
    file: str = typer.Argument(..., help="A text or HTML file (optionally .gz), or - for stdin."),
    fmt: str = typer.Option("json", "--format", "-f", help="json (the record), text (the body) or md."),
    url: str | None = typer.Option(None, "--url", help="The page's URL: picks site rules, fills `url`."),
    reference_date: str | None = REFERENCE_DATE_OPTION,
    rules: list[Path] | None = RULES_OPTION,
    select: list[str] | None = SELECT_OPTION,
    ignore: list[str] | None = IGNORE_OPTION,
    heuristics: str = HEURISTICS_OPTION,
    show_explain: bool = typer.Option(False, "--explain", help="Show each removed span and the rule that removed it."),
) -> None:
    """Clean one document and print its record as JSON (or its body as text/Markdown)."""
    if fmt not in FORMAT_ALIASES:
        raise CliError(f"--format must be json, text or md, not {fmt!r}")
    check_reference_date(reference_date)
    cleaner = build_cleaner(rules, select, ignore, heuristics)
    doc = read_input(file)
    if url:
        doc = Document(text=doc.text, html=doc.html, url=url, source=doc.source, mtime=doc.mtime, warnings=doc.warnings)
    article = cleaner.clean_document(doc, reference_date=reference_date)
    if show_explain:
        explain(article, doc, color=None if os.environ.get("NO_COLOR") is None else False)
        return
    sys.stdout.write(render(article, fmt))
