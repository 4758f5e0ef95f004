"""Scrapy item pipeline: clean each scraped item's text or HTML as it leaves the spider.

Enable it in the project's settings::

    ITEM_PIPELINES = {"cleaner.integrations.scrapy.CleanerPipeline": 300}

Settings (all optional):

- ``CLEANER_TEXT_FIELD`` (``"text"``), ``CLEANER_HTML_FIELD`` (``"html"``), ``CLEANER_URL_FIELD`` (``"url"``):
  the item fields the input is read from. A text field holding a list of strings (``getall()``) is
  joined into paragraphs.
- ``CLEANER_RULES``: extra rule files or folders, added to the shipped rules.
- ``CLEANER_SELECT`` / ``CLEANER_IGNORE``: rule ids, prefixes or categories, as ``--select``/``--ignore``.
- ``CLEANER_OUTPUT``: which record fields go back onto the item and under what prefix, e.g.
  ``{"fields": ["articleBody", "headline"], "prefix": "clean_"}``. ``fields`` may also be a dict from
  record field to item field (the prefix is then not applied), or ``"*"`` for the whole record.
- ``CLEANER_DROP_EMPTY`` (``False``): raise ``DropItem`` when no body is left.
- ``CLEANER_REFERENCE_DATE`` (the day the item is processed): the date that a date printed without a
  year ("LAST UPDATE | 16 Jan") is read relative to; pin it (``"2025-03-01"``) when re-processing an old crawl.

Stats land in the crawler's stats collector: ``cleaner/cleaned``, ``cleaner/removed/<category>``,
``cleaner/dropped_empty``, ``cleaner/no_input`` and ``cleaner/errors``.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

try:
    from itemadapter import ItemAdapter
    from scrapy.exceptions import DropItem
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise ImportError("cleaner.integrations.scrapy needs Scrapy: pip install 'cleaner[scrapy]'") from exc

from cleaner.io.decode import decode_bytes
from cleaner.model import Article
from cleaner.pipeline import Cleaner
from cleaner.rules.schema import load_rules

if TYPE_CHECKING:
    from scrapy import Spider
    from scrapy.crawler import Crawler
    from scrapy.settings import Settings
    from scrapy.statscollectors import StatsCollector

logger = logging.getLogger(__name__)


class SettingError(ValueError):
    """A CLEANER_* setting is unusable.

    Not Scrapy's NotConfigured: that quietly disables the pipeline, and the crawl would then export
    uncleaned items; a bad setting should stop the crawl at start-up instead.
    """


# The fields a scraping user usually wants next to their own: the body, the metadata the cleaner
# found, and the audit trail. `url`, `source` and `stats` are left out because the item already
# carries its URL and per-item stats are aggregated into the crawl stats instead.
DEFAULT_OUTPUT_FIELDS = (
    "articleBody",
    "headline",
    "description",
    "author",
    "datePublished",
    "dateModified",
    "publisher",
    "inLanguage",
    "image",
    "removed",
    "warnings",
)
ALL_FIELDS = "*"
# `getall()` returns one string per paragraph; a blank line between them keeps paragraph
# boundaries, which the line-based rules and the top-matter finder rely on.
LIST_JOINER = "\n\n"
STATS_PREFIX = "cleaner"


@dataclass(frozen=True, slots=True)
class OutputSpec:
    """Record field -> item field, resolved once so every item is written the same way."""

    mapping: tuple[tuple[str, str], ...] | None  # None: the whole record under `prefix`
    prefix: str = ""

    def pairs(self, record: Mapping[str, Any]) -> Iterable[tuple[str, str]]:
        """The (record key, item key) pairs to write for this record."""
        if self.mapping is None:
            return ((k, f"{self.prefix}{k}") for k in record)
        return self.mapping


def parse_output(value: Any) -> OutputSpec:
    """Read CLEANER_OUTPUT as a dict, a list of fields, "*" or a JSON string (from ``-s`` on the command line)."""
    if value is None or value == "":
        value = {}
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith(("{", "[")):
            try:
                value = json.loads(stripped)
            except json.JSONDecodeError as exc:
                raise SettingError(f"CLEANER_OUTPUT is not valid JSON: {exc}") from None
        elif stripped == ALL_FIELDS:
            value = {"fields": ALL_FIELDS}
        else:
            value = {"fields": [f.strip() for f in stripped.split(",") if f.strip()]}
    if isinstance(value, list | tuple):
        value = {"fields": list(value)}
    if not isinstance(value, Mapping):
        raise SettingError(f"CLEANER_OUTPUT must be a dict, a list of fields or '*', not {type(value).__name__}")
    unknown = set(value) - {"fields", "prefix"}
    if unknown:
        raise SettingError(f"CLEANER_OUTPUT has unknown keys {sorted(unknown)}; use 'fields' and 'prefix'")
    prefix = value.get("prefix", "") or ""
    if not isinstance(prefix, str):
        raise SettingError("CLEANER_OUTPUT['prefix'] must be a string")
    fields = value.get("fields", DEFAULT_OUTPUT_FIELDS)
    if fields == ALL_FIELDS:
        return OutputSpec(None, prefix)
    if isinstance(fields, Mapping):
        return OutputSpec(tuple((str(k), str(v)) for k, v in fields.items()), prefix)
    if isinstance(fields, str) or not all(isinstance(f, str) for f in fields):
        raise SettingError("CLEANER_OUTPUT['fields'] must be a list of record field names, a dict or '*'")
    return OutputSpec(tuple((f, f"{prefix}{f}") for f in fields), prefix)


def _setting_list(settings: Settings, name: str) -> list[str]:
    """Scrapy's getlist also splits a comma-separated string, which is what ``-s NAME=a,b`` gives."""
    return [s.strip() for s in settings.getlist(name) if str(s).strip()]


def _setting_date(settings: Settings, name: str) -> dt.date | None:
    """A pinned date makes a re-run of an old crawl infer the same years as the original run did."""
    value = settings.get(name)
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise SettingError(f"{name} must be an ISO date like 2025-03-01, not {value!r}") from None


class CleanerPipeline:
    """Cleans items with one Cleaner compiled when the crawler starts, not once per item.

    ``process_item`` and ``open_spider`` take ``spider`` as an optional argument: Scrapy before 2.13
    passes it, later versions call without it and warn about pipelines that still require it.
    """

    def __init__(
        self,
        cleaner: Cleaner,
        *,
        text_field: str = "text",
        html_field: str = "html",
        url_field: str = "url",
        output: OutputSpec | None = None,
        drop_empty: bool = False,
        reference_date: dt.date | None = None,
        stats: StatsCollector | None = None,
    ) -> None:
        self.cleaner = cleaner
        self.text_field = text_field
        self.html_field = html_field
        self.url_field = url_field
        self.output = output or parse_output(None)
        self.drop_empty = drop_empty
        self.reference_date = reference_date
        self.stats = stats
        self._warned_missing: set[tuple[type, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleanerPipeline:
        """Compile the rules here, so a broken rule file stops the crawl before the first request."""
        s = crawler.settings
        rules = load_rules(_setting_list(s, "CLEANER_RULES"))
        cleaner = Cleaner(
            rules, select=_setting_list(s, "CLEANER_SELECT") or None, ignore=_setting_list(s, "CLEANER_IGNORE") or None
        )
        return cls(
            cleaner,
            text_field=s.get("CLEANER_TEXT_FIELD", "text"),
            html_field=s.get("CLEANER_HTML_FIELD", "html"),
            url_field=s.get("CLEANER_URL_FIELD", "url"),
            output=parse_output(s.get("CLEANER_OUTPUT")),
            drop_empty=s.getbool("CLEANER_DROP_EMPTY", False),
            reference_date=_setting_date(s, "CLEANER_REFERENCE_DATE"),
            stats=crawler.stats,
        )

    def open_spider(self, spider: Spider | None = None) -> None:
        """Say which rules this crawl runs with, so a surprising result can be traced to its rule set."""
        rs = self.cleaner.ruleset
        logger.info("cleaner: %d rules from %d files (%s)", len(rs.rules), len(rs.files), ", ".join(rs.categories()))

    def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        """Clean one item in place; a failure is logged and counted, and the item goes on unchanged."""
        adapter = ItemAdapter(item)
        try:
            text = _as_text(adapter.get(self.text_field), self.text_field)
            html = _as_text(adapter.get(self.html_field), self.html_field)
            # An empty field is no input: "" in `html` must not hide a text field that has the article.
            text = text if text and text.strip() else None
            html = html if html and html.strip() else None
            if text is None and html is None:
                self._inc("no_input")
                if self.drop_empty:
                    self._inc("dropped_empty")
                    raise DropItem(f"no {self.text_field!r} or {self.html_field!r} to clean")
                return item
            url = adapter.get(self.url_field)
            # A crawled page's "16 Jan" is the latest 16 Jan before the crawl, so the crawl day anchors the year.
            reference = self.reference_date or dt.datetime.now(dt.UTC).date()
            article = self.cleaner.clean(text, html=html, url=str(url) if url else None, reference_date=reference)
        except DropItem:
            raise
        except Exception:
            self._inc("errors")
            logger.exception("cleaner: could not clean item from %s", adapter.get(self.url_field))
            return item
        self._count(article)
        if self.drop_empty and not article.body.strip():
            self._inc("dropped_empty")
            raise DropItem(f"no article body left after cleaning {adapter.get(self.url_field) or 'item'}")
        self._write(adapter, article)
        return item

    def _write(self, adapter: ItemAdapter, article: Article) -> None:
        record = article.to_dict()
        declared = _declared_fields(adapter)
        for key, target in self.output.pairs(record):
            if key not in record:
                continue
            value = record[key]
            # A value the spider scraped itself is better than nothing from the cleaner.
            if (value is None or value == []) and adapter.get(target) is not None:
                continue
            if declared is not None and target not in declared:
                self._warn_missing(adapter, target)
                continue
            adapter[target] = value

    def _warn_missing(self, adapter: ItemAdapter, target: str) -> None:
        """Typed items cannot grow fields; say so once per class and field instead of once per item."""
        key = (type(adapter.item), target)
        if key in self._warned_missing:
            return
        self._warned_missing.add(key)
        logger.warning(
            "cleaner: %s has no field %r; declare it or change CLEANER_OUTPUT", type(adapter.item).__name__, target
        )

    def _count(self, article: Article) -> None:
        self._inc("cleaned")
        for category, n in article.stats["removed_by_category"].items():
            if n:  # the record lists every category; the crawl stats only those that removed something
                self._inc(f"removed/{category}", n)

    def _inc(self, key: str, count: int = 1) -> None:
        if self.stats is not None:
            self.stats.inc_value(f"{STATS_PREFIX}/{key}", count)


def _declared_fields(adapter: ItemAdapter) -> set[str] | None:
    """None for dicts (any key goes); the declared field names for Item, dataclass and attrs items."""
    if isinstance(adapter.item, dict):
        return None
    return set(adapter.field_names())


def _as_text(value: Any, name: str) -> str | None:
    """Accept what spiders put in items: a string, a list of strings from ``getall()``, or bytes."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        # Same decoding as the file readers: BOMs, UTF-8 with a fallback, binary data refused.
        return decode_bytes(value)[0] if value.strip() else ""
    if isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        return LIST_JOINER.join(v.strip() for v in value if v.strip())
    raise TypeError(f"item field {name!r} must be a string or a list of strings, not {type(value).__name__}")
