"""The values that flow through the cleaner: frozen, so every stage is a pure function."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
        """Record form; `field` only appears when the span went into metadata."""
        out: dict[str, Any] = {"rule": self.rule, "category": self.category, "text": self.text, "line": self.line}
        if self.why:
            out["why"] = self.why
        if self.field:
            out["field"] = self.field
        return out


@dataclass(frozen=True, slots=True)
class Image:
    """A caption that was lifted out of the body instead of being thrown away."""

    caption: str | None = None
    credit: str | None = None
    alt: str | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """schema.org-like image entry; empty parts are left out."""
        return {k: v for k, v in (("caption", self.caption), ("credit", self.credit), ("alt", self.alt)) if v}


@dataclass(frozen=True, slots=True)
class DateValue:
    """A normalised date plus the raw string it came from, so an inferred year can be checked."""

    iso: str
    raw: str
    year_inferred: bool = False
    source: str = "text"


@dataclass(frozen=True, slots=True)
class Article:
    """The cleaned document: body, metadata, lifted captions and everything removed."""

    body: str
    headline: str | None = None
    description: str | None = None
    author: str | None = None
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
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def stats(self) -> dict[str, Any]:
        """Counts a batch report and a reader of one record both want."""
        by_cat: dict[str, int] = {}
        for r in self.removed:
            by_cat[r.category] = by_cat.get(r.category, 0) + 1
        return {
            "input_chars": self.input_chars,
            "body_chars": len(self.body),
            "removed_spans": len(self.removed),
            "removed_chars": sum(len(r.text) for r in self.removed),
            "removed_by_category": dict(sorted(by_cat.items())),
            "images": len(self.images),
        }

    def to_dict(self) -> dict[str, Any]:
        """The record: schema.org NewsArticle names plus `source`, `removed` and `stats`."""
        rec: dict[str, Any] = {}
        if self.id is not None:
            rec["id"] = self.id
        rec["url"] = self.url
        rec["source"] = self.source
        rec["headline"] = self.headline
        rec["description"] = self.description
        rec["author"] = self.author
        for key, value in (("datePublished", self.date_published), ("dateModified", self.date_modified)):
            rec[key] = value.iso if value else None
            if value is not None and (value.year_inferred or value.raw != value.iso):
                rec[f"{key}Raw"] = value.raw
        rec["publisher"] = self.publisher
        rec["inLanguage"] = self.language
        rec["articleBody"] = self.body
        rec["image"] = [i.to_dict() for i in self.images]
        rec["removed"] = [r.to_dict() for r in self.removed]
        rec["extracted"] = [r.to_dict() for r in self.extracted]
        rec["warnings"] = list(self.warnings)
        rec["stats"] = self.stats
        rec.update(self.extra)
        return rec
