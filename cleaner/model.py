"""The values that flow through the cleaner: frozen, so every stage is a pure function."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from cleaner.categories import CATEGORIES, stats_key

# Bumped when a key is added, removed or changes type; cleaner/schema/record.schema.json pins it.
SCHEMA_VERSION: Final = "1.0"


@dataclass(frozen=True, slots=True)
class Document:
    """One input document as a reader hands it over, before any cleaning."""

    text: str | None = None
    html: str | None = None
    url: str | None = None
    source: str | None = None
    id: str | None = None
    mtime: float | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Removal:
    """One span taken out of the body, with the rule that took it, for the audit trail."""

    rule: str
    category: str
    text: str
    line: int
    field: str | None = None
    # The rule's or heuristic's reason, so a reader of the record can judge each removal.
    why: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Record form: every key always present (`field` and `why` null when they do not apply)."""
        return {
            "rule": self.rule,
            "category": self.category,
            "text": self.text,
            "line": self.line,
            "field": self.field,
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class Image:
    """A caption that was lifted out of the body instead of being thrown away."""

    caption: str | None = None
    credit: str | None = None
    alt: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """schema.org-like image entry; parts the page did not give are null."""
        return {"caption": self.caption, "credit": self.credit, "alt": self.alt}


@dataclass(frozen=True, slots=True)
class DateValue:
    """A normalised date plus the raw string it came from, so an inferred year can be checked.

    `iso` is ISO 8601: `2019-11-20T06:35:39+00:00` when the source gave a time and an offset,
    `2019-11-20T06:35:39` with a time but no zone, `2019-11-20` otherwise. `source` says where the
    value was read: "text" (the text path), "html" (the page's markup) or "url" (a dated path).
    """

    iso: str
    raw: str
    year_inferred: bool = False
    source: str = "text"

    @property
    def day(self) -> str:
        """The calendar day alone, for comparing dates whose sources differ in precision."""
        return self.iso[:10]

    def raw_dict(self) -> dict[str, Any]:
        """The record's `raw` entry for this date."""
        return {"text": self.raw, "source": self.source, "yearInferred": self.year_inferred}


@dataclass(frozen=True, slots=True)
class Byline:
    """What a byline said, kept beside the names it was split into, so a wrong split can be checked."""

    raw: str
    names: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    source: str = "text"

    def raw_dict(self) -> dict[str, Any]:
        """The record's `raw.author` entry: the printed byline, its source and the job titles dropped."""
        return {"text": self.raw, "source": self.source, "roles": list(self.roles)}


@dataclass(frozen=True, slots=True)
class Article:
    """The cleaned document: body, metadata, lifted captions and everything removed."""

    body: str
    headline: str | None = None
    description: str | None = None
    author: tuple[str, ...] = ()
    byline: Byline | None = None
    date_published: DateValue | None = None
    date_modified: DateValue | None = None
    publisher: str | None = None
    language: str | None = None
    url: str | None = None
    source: str | None = None
    id: str | None = None
    site: str | None = None
    images: tuple[Image, ...] = ()
    removed: tuple[Removal, ...] = ()
    extracted: tuple[Removal, ...] = ()
    warnings: tuple[str, ...] = ()
    input_chars: int = 0

    @property
    def stats(self) -> dict[str, Any]:
        """Counts a batch report and a reader of one record both want; every category is listed."""
        by_cat = dict.fromkeys(CATEGORIES, 0)
        for r in self.removed:
            by_cat[stats_key(r.category)] += 1
        return {
            "input_chars": self.input_chars,
            "body_chars": len(self.body),
            "removed_spans": len(self.removed),
            "removed_chars": sum(len(r.text) for r in self.removed),
            "removed_by_category": by_cat,
            "images": len(self.images),
        }

    def to_dict(self) -> dict[str, Any]:
        """The record: schema.org NewsArticle names plus `source`, `removed`, `stats` and `raw`.

        Every record has exactly the keys of cleaner/schema/record.schema.json, null (or an empty
        list) where a value is unknown, so Arrow, pandas and `datasets` infer one schema.
        """
        return {
            "schemaVersion": SCHEMA_VERSION,
            "id": self.id,
            "url": self.url,
            "source": self.source,
            "headline": self.headline,
            "description": self.description,
            "author": list(self.author),
            "datePublished": self.date_published.iso if self.date_published else None,
            "dateModified": self.date_modified.iso if self.date_modified else None,
            "publisher": self.publisher,
            "inLanguage": self.language,
            "articleBody": self.body,
            "image": [i.to_dict() for i in self.images],
            "removed": [r.to_dict() for r in self.removed],
            "extracted": [r.to_dict() for r in self.extracted],
            "warnings": list(self.warnings),
            "stats": self.stats,
            "raw": {
                "datePublished": self.date_published.raw_dict() if self.date_published else None,
                "dateModified": self.date_modified.raw_dict() if self.date_modified else None,
                "author": self.byline.raw_dict() if self.byline else None,
            },
        }
