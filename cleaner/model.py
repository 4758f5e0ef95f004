"""The values that flow through the cleaner: frozen, so every stage is a pure function."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, TypeVar

from cleaner.categories import CATEGORIES, stats_key

# Bumped when a key is added, removed or changes type; cleaner/schema/record.schema.json pins it.
SCHEMA_VERSION: Final = "1.0"

_T = TypeVar("_T")

# Every class here but Document is frozen with its constructor written out (init=False), and this module is
# mypyc-compiled (setup.py COMPILED). A frozen dataclass's generated `__init__` runs interpreted even in the compiled
# build and sets each field through `object.__setattr__` (~1.7 us a Removal); written out in a compiled method, each
# `object.__setattr__(self, ...)` becomes a struct store (~0.6 us called from interpreted code, less from compiled).
# `__reduce__` rebuilds a value through its constructor: a compiled class's default unpickling calls `__init__` with no
# arguments and fails. Equality, hashing, repr and FrozenInstanceError stay the dataclass's (tests/test_model.py).


def _checked_later(cls: type[_T]) -> type[_T]:
    """Returns `cls` as it is. mypyc compiles a class with a decorator it does not know as a plain Python class: a
    Document's fields then hold any value, as in the pure build, so that `inputs.checked_document` (not a compiled
    constructor's type check) names a wrong input type in the documented message."""
    return cls


@_checked_later
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


@dataclass(frozen=True, slots=True, init=False)
class Removal:
    """One span taken out of the body, with the rule that took it, for the audit trail."""

    rule: str
    category: str
    text: str
    line: int
    field: str | None = None
    # The rule's or heuristic's reason, so a reader of the record can judge each removal.
    why: str | None = None

    def __init__(
        self,
        rule: str,
        category: str,
        text: str,
        line: int,
        field: str | None = None,
        why: str | None = None,
    ) -> None:
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "category", category)
        object.__setattr__(self, "text", text)
        object.__setattr__(self, "line", line)
        object.__setattr__(self, "field", field)
        object.__setattr__(self, "why", why)

    def __reduce__(self) -> tuple[type[Removal], tuple[Any, ...]]:
        return Removal, (self.rule, self.category, self.text, self.line, self.field, self.why)

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


@dataclass(frozen=True, slots=True, init=False)
class Image:
    """A caption that was lifted out of the body instead of being thrown away."""

    caption: str | None = None
    credit: str | None = None
    alt: str | None = None
    line: int | None = None

    def __init__(
        self,
        caption: str | None = None,
        credit: str | None = None,
        alt: str | None = None,
        line: int | None = None,
    ) -> None:
        object.__setattr__(self, "caption", caption)
        object.__setattr__(self, "credit", credit)
        object.__setattr__(self, "alt", alt)
        object.__setattr__(self, "line", line)

    def __reduce__(self) -> tuple[type[Image], tuple[Any, ...]]:
        return Image, (self.caption, self.credit, self.alt, self.line)

    def to_dict(self) -> dict[str, Any]:
        """schema.org-like image entry; parts the page did not give are null."""
        return {"caption": self.caption, "credit": self.credit, "alt": self.alt}


@dataclass(frozen=True, slots=True, init=False)
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

    def __init__(
        self,
        iso: str,
        raw: str,
        year_inferred: bool = False,
        source: str = "text",
    ) -> None:
        object.__setattr__(self, "iso", iso)
        object.__setattr__(self, "raw", raw)
        object.__setattr__(self, "year_inferred", year_inferred)
        object.__setattr__(self, "source", source)

    def __reduce__(self) -> tuple[type[DateValue], tuple[Any, ...]]:
        return DateValue, (self.iso, self.raw, self.year_inferred, self.source)

    @property
    def day(self) -> str:
        """The calendar day alone, for comparing dates whose sources differ in precision."""
        return self.iso[:10]

    def raw_dict(self) -> dict[str, Any]:
        """The record's `raw` entry for this date."""
        return {"text": self.raw, "source": self.source, "yearInferred": self.year_inferred}


@dataclass(frozen=True, slots=True, init=False)
class Byline:
    """What a byline said, kept beside the names it was split into, so a wrong split can be checked."""

    raw: str
    names: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    source: str = "text"

    def __init__(
        self,
        raw: str,
        names: tuple[str, ...] = (),
        roles: tuple[str, ...] = (),
        source: str = "text",
    ) -> None:
        object.__setattr__(self, "raw", raw)
        object.__setattr__(self, "names", names)
        object.__setattr__(self, "roles", roles)
        object.__setattr__(self, "source", source)

    def __reduce__(self) -> tuple[type[Byline], tuple[Any, ...]]:
        return Byline, (self.raw, self.names, self.roles, self.source)

    def raw_dict(self) -> dict[str, Any]:
        """The record's `raw.author` entry: the printed byline, its source and the job titles dropped."""
        return {"text": self.raw, "source": self.source, "roles": list(self.roles)}


@dataclass(frozen=True, slots=True, init=False)
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

    def __init__(
        self,
        body: str,
        headline: str | None = None,
        description: str | None = None,
        author: tuple[str, ...] = (),
        byline: Byline | None = None,
        date_published: DateValue | None = None,
        date_modified: DateValue | None = None,
        publisher: str | None = None,
        language: str | None = None,
        url: str | None = None,
        source: str | None = None,
        id: str | None = None,
        site: str | None = None,
        images: tuple[Image, ...] = (),
        removed: tuple[Removal, ...] = (),
        extracted: tuple[Removal, ...] = (),
        warnings: tuple[str, ...] = (),
        input_chars: int = 0,
    ) -> None:
        object.__setattr__(self, "body", body)
        object.__setattr__(self, "headline", headline)
        object.__setattr__(self, "description", description)
        object.__setattr__(self, "author", author)
        object.__setattr__(self, "byline", byline)
        object.__setattr__(self, "date_published", date_published)
        object.__setattr__(self, "date_modified", date_modified)
        object.__setattr__(self, "publisher", publisher)
        object.__setattr__(self, "language", language)
        object.__setattr__(self, "url", url)
        object.__setattr__(self, "source", source)
        object.__setattr__(self, "id", id)
        object.__setattr__(self, "site", site)
        object.__setattr__(self, "images", images)
        object.__setattr__(self, "removed", removed)
        object.__setattr__(self, "extracted", extracted)
        object.__setattr__(self, "warnings", warnings)
        object.__setattr__(self, "input_chars", input_chars)

    def __reduce__(self) -> tuple[type[Article], tuple[Any, ...]]:
        return Article, (
            self.body,
            self.headline,
            self.description,
            self.author,
            self.byline,
            self.date_published,
            self.date_modified,
            self.publisher,
            self.language,
            self.url,
            self.source,
            self.id,
            self.site,
            self.images,
            self.removed,
            self.extracted,
            self.warnings,
            self.input_chars,
        )

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
