"""The learning pass over a batch: the same inputs `cleaner batch` reads, grouped by site.

It reads each document once, turns it into lines and counts them; nothing else is kept. The
group of a document is `--site-field` when given, else its URL's host, else a shipped site whose
fingerprints show in the text; documents with none of these are counted as ungrouped and teach
nothing. With eras on, the group is the site plus a time window taken from the URL's date
(`/2013/04/`) or a date field of the record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from cleaner.batch.discovery import BatchError, discover
from cleaner.html import html_to_text, looks_like_html
from cleaner.io.decode import InputError, decode_bytes
from cleaner.io.readers import FieldNames, iter_lines, open_lines, record_to_document
from cleaner.model import Document
from cleaner.sites import SiteDetector, domain_of
from cleaner.templates.counts import DEFAULT_MAX_ENTRIES, Page, TemplateCounts
from cleaner.templates.guards import headline_hashes
from cleaner.templates.learner import ERA_SEP

ERAS = ("none", "year")
# Eras by year are the default: on real pages pooled as one site with four templates, learning per
# year recovered the whole per-site gain (+0.054 F1) where pooling kept +0.003, and on dev/sites as
# they are it changed nothing (benchmarks/templates.py, sections eras and quality). A year with too
# few pages teaches nothing alone; the site's pooled pages are always learned from as well.
DEFAULT_ERA = "year"
# Record keys read for a page's title (headline guard) and date (eras), first non-empty wins.
TITLE_KEYS = ("title", "headline")
DATE_KEYS = ("datePublished", "date_published", "date", "published")
_URL_YEAR = re.compile(r"/((?:19|20)\d\d)/(?:[01]?\d/)?")
_YEAR = re.compile(r"(?:19|20)\d\d")
_WEB_URL = re.compile(r"(?i)^(?:https?:)?//")


@dataclass(frozen=True, slots=True)
class Grouping:
    """How documents are grouped: a record field naming the site, and the era window."""

    site_field: tuple[str, ...] = ()
    era: str = DEFAULT_ERA


@dataclass(slots=True)
class CollectResult:
    """The counts plus what grouping saw: domains per site (for the rule files), ungrouped pages."""

    counts: TemplateCounts
    domains: dict[str, tuple[str, ...]] = field(default_factory=dict)
    ungrouped: int = 0
    unreadable: int = 0

    def merge(self, other: CollectResult) -> None:
        """Add another part's counts; parts must be merged in input order (first sample wins)."""
        self.counts.merge(other.counts)
        for site, domains in other.domains.items():
            self.domains.setdefault(site, domains)
        self.ungrouped += other.ungrouped
        self.unreadable += other.unreadable


def _first_str(record: dict[str, Any], keys: Sequence[str]) -> str | None:
    for k in keys:
        v = record.get(k)
        if isinstance(v, str) and v.strip():
            return v.strip()
    return None


def era_of(url: str | None, record: dict[str, Any] | None, era: str) -> str | None:
    """The page's time window ("2013"), from a record date field or the URL's date path."""
    if era == "none":
        return None
    raw = _first_str(record, DATE_KEYS) if record else None
    m = _YEAR.match(raw) if raw else None
    if m:
        return m.group(0)
    if url:
        u = _URL_YEAR.search(url)
        if u:
            return u.group(1)
    return None


def url_host(url: str | None) -> str | None:
    """The host of a real web URL, for grouping; None for ids that only look like URLs.

    Corpora store ids such as "hard::site.com-page.html" in the URL field; taking "hard" as a
    site would pool unrelated pages (15 tf pages did) and learn one site's lines for all of them.
    """
    if not url or not (_WEB_URL.match(url) or url.startswith("www.")):
        return None
    host = domain_of(url)
    return host if host and "." in host else None


def _records(inputs: Sequence[str], include: Sequence[str], exclude: Sequence[str]) -> Iterator[Any]:
    """Every record or document of the batch as a dict ({"text"}/{"html"} for plain files)."""
    disc = discover(list(inputs), include, exclude, "json")
    for inp in disc.inputs:
        if inp.is_stdin or inp.path is None:
            raise BatchError("learning reads the inputs twice, so it needs files or folders, not - (stdin)")
        if inp.kind == "warc":
            yield from warc_records(inp.path)
        elif inp.kind == "jsonl":
            try:
                stream = open_lines(inp.path)
            except (OSError, InputError):
                yield None
                continue
            with stream:
                yield from json_records(iter_lines(stream))
        else:
            yield from file_records(inp.path, inp.kind)


def warc_records(path: str) -> Iterator[Any]:
    """A WARC's HTML pages as {"html", "url"} records (the URL picks the site); None for the rest."""
    try:
        from cleaner.io.warc import read_warc
    except ImportError:
        yield None
        return
    for _n, rec in read_warc(path):
        yield {"html": rec.html, "url": rec.url} if isinstance(rec, Document) else None


def json_records(lines: Iterable[tuple[int, bytes | InputError]]) -> Iterator[Any]:
    """Parsed JSONL lines; None for a line that is not JSON."""
    for _line_no, data in lines:
        try:
            yield json.loads(data) if isinstance(data, bytes) else None
        except (json.JSONDecodeError, UnicodeDecodeError):
            yield None


def file_records(path: str, kind: str) -> Iterator[Any]:
    """The records of one txt/html/json file; None when it cannot be read."""
    try:
        with open(path, "rb") as fh:
            text, _warnings = decode_bytes(fh.read())
    except (OSError, InputError):
        yield None
        return
    if kind == "json":
        try:
            parsed = json.loads(text)
        except json.JSONDecodeError:
            yield None
            return
        yield from parsed if isinstance(parsed, list) else [parsed]
    else:
        yield {"html": text} if kind == "html" else {"text": text}


def page_lines(doc: Document) -> list[str]:
    """The lines the cleaner's rules will see; markup is reduced to its visible text."""
    text = doc.text or ""
    if doc.html is not None and not text:
        text = html_to_text(doc.html)
    elif looks_like_html(text):
        text = html_to_text(text)
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


class Collector:
    """Counts records one at a time into a CollectResult; one per process or Dask partition."""

    def __init__(
        self,
        detector: SiteDetector,
        fields: FieldNames | None = None,
        grouping: Grouping | None = None,
        counts: TemplateCounts | None = None,
    ) -> None:
        self.detector = detector
        self.fields = fields or FieldNames()
        self.grouping = grouping or Grouping()
        self.result = CollectResult(counts or TemplateCounts())

    def page(self, record: Any) -> Page | None:
        """The record as learning sees it (group, lines, headline hashes), or None to skip it."""
        res = self.result
        if not isinstance(record, dict):
            res.unreadable += 1
            return None
        try:
            doc = record_to_document(record, self.fields, source="", default_id="")
        except InputError:
            res.unreadable += 1
            return None
        lines = page_lines(doc)
        grouping = self.grouping
        site = _first_str(record, grouping.site_field) if grouping.site_field else None
        domains: tuple[str, ...] = ()
        if site:
            site = site.lower()
            domains = (domain_of(site) or site,)
        else:
            site = url_host(doc.url)
            if site:
                domains = (site,)
            else:
                found = self.detector.detect("\n".join(lines), None)
                if found:
                    site, domains = found[0].key, found[0].domains
        if not site:
            res.ungrouped += 1
            return None
        res.domains.setdefault(site, domains)
        era = era_of(doc.url, record, grouping.era)
        group = f"{site}{ERA_SEP}{era}" if era else site
        return Page(group, lines, headline_hashes(lines, doc.url, _first_str(record, TITLE_KEYS)))

    def add(self, record: Any) -> None:
        """Count one record."""
        page = self.page(record)
        if page is not None:
            self.result.counts.add(page)


def collect(
    inputs: Sequence[str],
    detector: SiteDetector,
    *,
    fields: FieldNames | None = None,
    include: Sequence[str] = (),
    exclude: Sequence[str] = (),
    grouping: Grouping | None = None,
    max_entries: int = DEFAULT_MAX_ENTRIES,
    first_pages: int | None = None,
    once_per_page: bool = True,
) -> CollectResult:
    """Stream the batch once and count every document's lines in its site group."""
    counts = TemplateCounts(max_entries, first_pages=first_pages, once_per_page=once_per_page)
    collector = Collector(detector, fields, grouping, counts)
    for record in _records(inputs, include, exclude):
        collector.add(record)
    return collector.result
