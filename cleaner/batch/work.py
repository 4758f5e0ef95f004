"""What a worker does with one work item: read, clean each document under a time limit, write or hand back.

The same functions run in pool workers, in-process for -j 1, and in Dask partitions, so every
engine produces the same records.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaner.batch.heap import settle_again
from cleaner.batch.report_html import doc_audit
from cleaner.batch.timeout import DocumentTimeout, call_with_timeout
from cleaner.io.decode import InputError
from cleaner.io.formats import render_bytes, to_json
from cleaner.io.readers import FieldNames, display_path, parse_json_line, read_path, scrub_surrogates
from cleaner.io.record_json import record_line
from cleaner.io.warc import SkippedRecord
from cleaner.io.writers import atomic_write_bytes, sanitize_name
from cleaner.model import Article, Document
from cleaner.pipeline import Cleaner

# trafilatura/htmldate caches grow over long runs (DESIGN.md, known traps); clearing them every
# 1,000 HTML documents bounds worker memory at a cost too small to measure.
CACHE_RESET_EVERY = 1000
BLANK_LINE = "blank line (no JSON record)"


@dataclass(frozen=True, slots=True)
class WorkerContext:
    """Everything a worker needs, pickled once per worker: the Cleaner is built in the parent (where a bad rule file
    is one error, not one per worker), and each process warms its own (`warm_for`)."""

    cleaner: Cleaner
    fields: FieldNames
    mode: str  # "folder": write one file per document; "jsonl": hand back one JSON line per document
    fmt: str = "json"
    out_dir: str | None = None
    reference_date: str | None = None
    timeout: float = 0.0
    ext: str = ".json"
    lang: tuple[str, ...] = ()  # keep only these languages (empty: all)


@dataclass(frozen=True, slots=True)
class FileItem:
    """A whole txt/html/json file; the worker reads it, so the parent only passes its path."""

    input_idx: int
    path: str
    kind: str
    source: str
    doc_id: str
    mtime: float | None
    target: str | None
    target_dir: str | None


@dataclass(frozen=True, slots=True)
class LineItem:
    """One line of a JSONL input; the parent reads lines so that output stays in input order."""

    input_idx: int
    line_no: int
    data: bytes | str | Document | SkippedRecord  # the raw line, the reason it could not be read, or a WARC record
    source: str
    default_id: str
    mtime: float | None


@dataclass(frozen=True, slots=True)
class EndOfInput:
    """Marks where an input ends in the item stream; it never leaves the parent."""

    input_idx: int
    cached: dict[str, Any] | None = None  # the report entry of an input skipped as up to date
    error: str | None = None  # why the input could not be opened at all
    skipped: str | None = None  # why the input is not read on purpose


Item = FileItem | LineItem | EndOfInput


@dataclass(slots=True)
class DocOutcome:
    """One document's result, small enough to send back per document."""

    where: int | None
    id: str | None
    ok: bool
    reason: str | None = None
    removed: dict[str, int] = field(default_factory=dict)
    empty_body: bool = False
    content: str | None = None  # what the parent writes: a JSON line, or a body for a file it names
    name: str | None = None  # name basis for a parent-written file
    output: str | None = None  # path (under OUT) the worker already wrote
    audit: dict[str, Any] | None = None  # removals per rule and the site, for report.html
    skipped: str | None = None  # why the document was left out on purpose (counted, never silent)
    template_sites: dict[str, int] = field(default_factory=dict)  # learned-template removals per site


@dataclass(slots=True)
class ItemResult:
    """The documents of one item, plus the input's content hash when the worker read the whole file."""

    input_idx: int
    docs: list[DocOutcome]
    sha1: str | None = None
    nbytes: int = 0  # input bytes this item covered, for the progress bar's ETA


_state = {"html_docs": 0}


# Tiny documents cleaned once, outside any time limit: before the first text document, and before the first HTML one.
WARM_UP_TEXT = Document(text="Warm-up headline\n\nA first paragraph of text.\n\nAdvertisement")
WARM_UP_HTML = Document(
    html="<html><body><article><h1>Warm-up</h1><p>A first paragraph of text.</p></article></body></html>"
)


def warm_up(cleaner: Cleaner) -> None:
    """Build the text path's lazy tables (stoplists, models) before any document's clock starts.

    On a busy machine the first document paid for them, and a short --timeout failed it for that
    (measured: 2.3 s for the first text, under 1 ms after). The HTML path (and its imports) is warmed
    apart, before the first HTML document (`warm_for`).
    """
    cleaner.clean_document(WARM_UP_TEXT)


# The Cleaner this process warmed (`warm_for`; a weak reference, so that a library caller's finished batch does not
# keep its Cleaner alive), and whether its HTML path too.
_warmed: dict[str, Any] = {"cleaner": lambda: None, "html": False}


def warm_for(cleaner: Cleaner, *, html: bool) -> None:
    """Warm what a document needs of `cleaner` before its clock starts: the text path once (a pool's parent warms it
    before the fork, and its workers inherit it), the HTML path (`html`) in each process before its first HTML
    document.

    The HTML path is not built for workers to inherit: ~40 MB a process (trafilatura, lxml, their tables) that a run
    meeting no HTML never needs, and that workers mostly copy anyway (they write the reference counts of what they
    read). The text path's tables (the stoplists' index, the models' arrays) stay shared: warmed in the parent, a
    two-worker stream's peak fell from 238 to 221 MB (BENCHMARKS.md, thirty-sixth round)."""
    known = _warmed["cleaner"]() is cleaner
    if known and (_warmed["html"] or not html):
        return
    if not known:
        _warmed.update(cleaner=weakref.ref(cleaner), html=False)
        warm_up(cleaner)
    if html:
        _warmed["html"] = True
        cleaner.clean_document(WARM_UP_HTML)
    settle_again()


def clean_with_timeout(ctx: WorkerContext, doc: Document) -> Article:
    """Clean one document, interrupted after ctx.timeout seconds (DocumentTimeout names the rule)."""
    return call_with_timeout(lambda: ctx.cleaner.clean_document(doc, reference_date=ctx.reference_date), ctx.timeout)


def safe_text(text: str) -> str:
    """Output that can always be written as UTF-8 (readers already scrub; this is the last guard)."""
    return scrub_surrogates(text)[0]


def error_record(doc_id: str | None, source: str, reason: str) -> str:
    """The JSONL line standing in for a document that failed, so output lines match input records."""
    return to_json({"id": doc_id, "source": source, "error": reason}, indent=None)


def _clean_one(ctx: WorkerContext, doc: Document, where: int | None) -> tuple[DocOutcome, Article | None]:
    if doc.html is not None:
        _state["html_docs"] += 1
        if _state["html_docs"] % CACHE_RESET_EVERY == 0:
            _reset_caches()
    warm_for(ctx.cleaner, html=doc.html is not None)
    try:
        art = clean_with_timeout(ctx, doc)
    except DocumentTimeout as exc:
        return failure(ctx, where, doc.id, doc.source or "", exc.reason), None
    except RecursionError:
        return failure(ctx, where, doc.id, doc.source or "", "internal error: recursion too deep"), None
    except Exception as exc:
        first = (str(exc).splitlines() or [""])[0][:200]
        return failure(ctx, where, doc.id, doc.source or "", f"internal error: {type(exc).__name__}: {first}"), None
    if ctx.lang and (art.language or "unknown") not in ctx.lang:
        return skipped(ctx, where, art.id, doc.source or "", f"language {art.language or 'unknown'}"), None
    by_cat: dict[str, int] = {}
    for r in art.removed:
        by_cat[r.category] = by_cat.get(r.category, 0) + 1
    out = DocOutcome(where, art.id, True, removed=by_cat, empty_body=not art.body.strip(), audit=doc_audit(art))
    if by_cat.get("template"):
        out.template_sites = {art.site or "(no site)": by_cat["template"]}
    if ctx.mode == "jsonl":
        out.content = record_line(art.to_dict())
    return out, art


def _reset_caches() -> None:
    try:
        from trafilatura.meta import reset_caches
    except ImportError:  # pragma: no cover - trafilatura is a dependency
        return
    reset_caches()


def failure(ctx: WorkerContext, where: int | None, doc_id: str | None, source: str, reason: str) -> DocOutcome:
    """A failed document, with its error record when the output is JSONL."""
    content = error_record(doc_id, source, reason) if ctx.mode == "jsonl" else None
    return DocOutcome(where, doc_id, False, reason=reason, content=content)


def skipped(ctx: WorkerContext, where: int | None, doc_id: str | None, source: str, reason: str) -> DocOutcome:
    """A document left out on purpose; in a JSONL stream it keeps its line, marked as skipped."""
    content = (
        safe_text(to_json({"id": doc_id, "source": source, "skipped": reason}, indent=None))
        if ctx.mode == "jsonl"
        else None
    )
    return DocOutcome(where, doc_id, True, skipped=reason, content=content)


def unique_name(name: str, used: set[str]) -> str:
    """`name`, or `name~2`, `name~3`… when an earlier document of the same input already took it."""
    candidate, n = name, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{name}~{n}"
    used.add(candidate.lower())
    return candidate


def record_name(doc_id: str | None, default_id: str, where: int | None) -> str:
    """File-name basis for one record: its own id when it has one, else its position."""
    if doc_id is not None and doc_id != default_id:
        return sanitize_name(doc_id)
    return f"{where or 0:06d}"


def process_item(ctx: WorkerContext, item: FileItem | LineItem, tick: Callable[[], None] | None = None) -> ItemResult:
    """Run one item to completion; every failure becomes a DocOutcome, never an exception."""
    try:
        if isinstance(item, LineItem):
            return _process_line(ctx, item)
        return _process_file(ctx, item, tick)
    except (Exception, RecursionError) as exc:  # a reader or writer bug must cost one input, not the batch
        first = (str(exc).splitlines() or [""])[0][:200]
        reason = f"internal error: {type(exc).__name__}: {first}"
        where = item.line_no if isinstance(item, LineItem) else None
        doc_id = None if isinstance(item, LineItem) else item.doc_id
        return ItemResult(item.input_idx, [failure(ctx, where, doc_id, item.source, reason)])


def _process_line(ctx: WorkerContext, item: LineItem) -> ItemResult:
    if isinstance(item.data, str):
        return ItemResult(item.input_idx, [failure(ctx, item.line_no, None, item.source, item.data)])
    if isinstance(item.data, SkippedRecord):
        return ItemResult(
            item.input_idx, [skipped(ctx, item.line_no, item.data.record_id, item.source, item.data.reason)]
        )
    if isinstance(item.data, Document):
        doc, nbytes = item.data, len(item.data.html or item.data.text or "")
    else:
        nbytes = len(item.data)
        if not item.data.strip():  # kept only where output line n must answer input line n
            return ItemResult(
                item.input_idx, [failure(ctx, item.line_no, None, item.source, BLANK_LINE)], nbytes=nbytes
            )
        try:
            doc = parse_json_line(
                item.data, ctx.fields, source=item.source, default_id=item.default_id, mtime=item.mtime
            )
        except InputError as exc:
            outcome = failure(ctx, item.line_no, exc.record_id, item.source, str(exc))
            return ItemResult(item.input_idx, [outcome], nbytes=nbytes)
    out, art = _clean_one(ctx, doc, item.line_no)
    if art is not None and ctx.mode == "folder":
        out.content = render_bytes(art, ctx.fmt).decode("utf-8")
        out.name = record_name(doc.id, item.default_id, item.line_no)
    return ItemResult(item.input_idx, [out], nbytes=nbytes)


def _process_file(ctx: WorkerContext, item: FileItem, tick: Callable[[], None] | None) -> ItemResult:
    docs, sha1 = read_path(item.path, item.kind, ctx.fields, source=item.source, doc_id=item.doc_id, mtime=item.mtime)
    outcomes: list[DocOutcome] = []
    used: set[str] = set()
    for where, doc in docs:
        if isinstance(doc, InputError):
            doc_id = doc.record_id or (item.doc_id if where is None else None)
            outcomes.append(failure(ctx, where, doc_id, item.source, str(doc)))
            continue
        out, art = _clean_one(ctx, doc, where)
        if art is not None and ctx.mode == "folder" and ctx.out_dir is not None:
            if where is None and item.target is not None:
                rel = item.target
            else:
                name = unique_name(record_name(doc.id, f"{item.doc_id}#{where}", where), used)
                rel = f"{item.target_dir}/{name}{ctx.ext}"
            try:
                atomic_write_bytes(Path(ctx.out_dir) / rel, render_bytes(art, ctx.fmt))
            except OSError as exc:
                out = failure(
                    ctx, where, doc.id, item.source, f"cannot write {display_path(rel)}: {exc.strerror or exc}"
                )
            else:
                out.output = rel
        outcomes.append(out)
        if tick is not None and len(docs) > 1:
            tick()  # a long list must not look like a hung worker to the parent's watchdog
    return ItemResult(item.input_idx, outcomes, sha1)


def iter_process(ctx: WorkerContext, items: Iterator[Item]) -> Iterator[EndOfInput | ItemResult]:
    """The in-process engine (-j 1): no pool, same results, tracebacks a debugger can reach."""
    for item in items:
        yield item if isinstance(item, EndOfInput) else process_item(ctx, item)
