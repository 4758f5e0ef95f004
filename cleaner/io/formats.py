"""Render an Article as the formats users ask for: the JSON record, plain body, or Markdown."""

from __future__ import annotations

import json
from typing import Any

from cleaner.io.readers import scrub_surrogates
from cleaner.io.record_json import record_bytes
from cleaner.model import Article

FORMATS = ("json", "text", "md")
# Accepted spellings on the command line, mapped to the canonical name.
FORMAT_ALIASES = {"json": "json", "text": "text", "txt": "text", "md": "md", "markdown": "md"}


def to_json(record: dict[str, Any], *, indent: int | None = 2) -> str:
    """JSON with real Unicode (scraped news is rarely ASCII) and stable key order."""
    return json.dumps(record, ensure_ascii=False, indent=indent)


def to_markdown(article: Article) -> str:
    """Headline as a title, standfirst in italics, a metadata line, the body, then captions."""
    parts: list[str] = []
    if article.headline:
        parts.append(f"# {article.headline}")
    if article.description:
        parts.append(f"*{article.description}*")
    meta = [
        m
        for m in (
            article.author and f"By {', '.join(article.author)}",
            article.publisher,
            article.date_published and f"Published {article.date_published.iso}",
            article.date_modified and f"Updated {article.date_modified.iso}",
        )
        if m
    ]
    if meta:
        parts.append(" · ".join(meta))
    if article.body:
        parts.append(article.body.replace("\n\n", "\n\n").strip())
    if article.images:
        lines = []
        for img in article.images:
            text = img.caption or img.alt or ""
            lines.append(f"- {text}" + (f" ({img.credit})" if img.credit else ""))
        parts.append("## Images\n\n" + "\n".join(lines))
    return "\n\n".join(parts) + "\n"


def render(article: Article, fmt: str) -> str:
    """One document in the chosen format, newline-terminated."""
    fmt = FORMAT_ALIASES.get(fmt, fmt)
    if fmt == "json":
        return to_json(article.to_dict()) + "\n"
    if fmt == "text":
        return article.body + "\n"
    if fmt == "md":
        return to_markdown(article)
    raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def render_bytes(article: Article, fmt: str) -> bytes:
    """`render` as the UTF-8 bytes a file gets, lone surrogates replaced by U+FFFD: the JSON record by orjson when it
    can write it (`record_json`), the same bytes as the standard library's."""
    if FORMAT_ALIASES.get(fmt, fmt) == "json":
        return record_bytes(article.to_dict())
    return scrub_surrogates(render(article, fmt))[0].encode("utf-8")
