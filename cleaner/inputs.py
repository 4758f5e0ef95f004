"""What `clean` accepts: strings, checked at the door so that a wrong type fails with a clear error.

A lone surrogate (from `surrogateescape`-decoded bytes or a JSON `"\\udc80"`) is a valid Python
string that no UTF-8 writer can encode; it is replaced here, once, so every record serialises.
"""

from __future__ import annotations

import dataclasses
import re

from cleaner.model import Document

_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"
_FIELDS = ("text", "html", "url", "source", "id")


def check_str(name: str, value: object) -> None:
    """Raise TypeError naming the expected type (bytes get a hint: decode them first)."""
    if value is None or isinstance(value, str):
        return
    hint = "; decode bytes first, e.g. data.decode('utf-8', errors='replace')" if isinstance(value, bytes) else ""
    raise TypeError(f"{name} must be a str or None, not {type(value).__name__}{hint}")


def _has_surrogate(value: str) -> bool:
    """Whether `value` holds a surrogate code point: the strict UTF-8 encoder fails on exactly those, and it runs at
    ~8 us a tf page where `_SURROGATE`'s scan took ~44 us (most pages are non-ASCII, and none holds one)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def checked_document(doc: Document) -> Document:
    """The document with every text field checked and lone surrogates replaced, with a warning each."""
    changes: dict[str, str] = {}
    warnings: list[str] = []
    for name in _FIELDS:
        value = getattr(doc, name)
        if value is None:
            continue
        if not isinstance(value, str):
            check_str(name, value)  # raises, naming the field
        if value.isascii() or not _has_surrogate(value):
            continue
        fixed, count = _SURROGATE.subn(REPLACEMENT, value)
        if count:
            changes[name] = fixed
            warnings.append(f"{name}: {count} lone surrogate(s) replaced with U+FFFD (not encodable as UTF-8)")
    if not changes:
        return doc
    return dataclasses.replace(doc, **changes, warnings=(*doc.warnings, *warnings))  # type: ignore[arg-type]
