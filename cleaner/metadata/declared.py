"""Full timestamps a page declares in its markup, which trafilatura reduces to a day.

trafilatura (through htmldate) returns "2019-11-20" even when the page's JSON-LD says
"2019-11-20T06:35:39Z". The record promises time and offset when the source has them, so the
day trafilatura chose is upgraded to the page's own timestamp of that day, and never replaced
by a different day: which date is the publication date stays trafilatura's decision.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from cleaner.casing import lower
from cleaner.model import DateValue
from cleaner.rules.patterns import compiled

# JSON-LD keys and meta properties that carry a publication or modification timestamp.
JSONLD_KEYS = {"published": "datePublished", "modified": "dateModified"}
META_PROPERTIES = {
    "published": ("article:published_time", "og:published_time", "datePublished"),
    "modified": ("article:modified_time", "og:updated_time", "dateModified"),
}
_SCRIPT = compiled(r'(?is)<script[^>]+type=["\']application/ld\+json["\'][^>]*>(.*?)</script>')
_META = compiled(r"(?is)<meta\b[^>]*>")
_ATTR = compiled(r'(?is)\b(property|name|itemprop|content)\s*=\s*["\']([^"\']*)["\']')


def _objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _objects(item)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _objects(data["@graph"])


def _timestamp(value: Any) -> str | None:
    """An ISO timestamp with a time, normalised ("Z" becomes +00:00); None for a bare day."""
    if not isinstance(value, str) or "T" not in value:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp.isoformat()


def declared_timestamps(html: str) -> dict[str, list[str]]:
    """Every published/modified timestamp with a time in the page's JSON-LD and meta tags."""
    found: dict[str, list[str]] = {"published": [], "modified": []}
    for script in _SCRIPT.finditer(html, timeout=1.0):
        try:
            data = json.loads(script.group(1))
        except ValueError:
            continue
        for obj in _objects(data):
            for kind, key in JSONLD_KEYS.items():
                stamp = _timestamp(obj.get(key))
                if stamp:
                    found[kind].append(stamp)
    for tag in _META.finditer(html, timeout=1.0):
        attrs = {lower(k): v for k, v in _ATTR.findall(tag.group(0))}
        name = attrs.get("property") or attrs.get("name") or attrs.get("itemprop")
        for kind, names in META_PROPERTIES.items():
            stamp = _timestamp(attrs.get("content")) if name in names else None
            if stamp:
                found[kind].append(stamp)
    return found


def with_time(value: DateValue, stamps: list[str]) -> DateValue:
    """`value` with the time and offset of the page's own timestamp for the same day, if it has one."""
    for stamp in stamps:
        if stamp[:10] == value.day:
            return DateValue(stamp, value.raw if value.raw != value.day else stamp, value.year_inferred, value.source)
    return value
