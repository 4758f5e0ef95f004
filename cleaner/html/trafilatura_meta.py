"""trafilatura's page metadata, less the fields no record reads: its hostname, categories, tags and licence.

Why not `bare_extraction(with_metadata=True)`: trafilatura then fills `hostname` through courlan,
whose shortcut needs a domain label of four letters or more. For "wsj.com", "bbc.co.uk" or "cnn.com"
it loads the whole Public Suffix List (`tld.get_tld_names`, ~0.2 s of CPU, once per process), and the
record never shows the hostname. `cleaner clean page.html` paid it on such pages: a fifth of its
start-up gap to trafilatura's CLI (BENCH_speed.md).

So this follows `trafilatura.metadata.extract_metadata` step by step for the fields a record reads
(title, author, url, date, sitename, description), calling trafilatura's own functions for each, in
the same order, with the same date settings, and trims them the same way (`clean_and_trim`). It
reads the tree and changes nothing in it (trafilatura's author and date readers work on copies).
tests/test_trafilatura_meta.py checks field for field against `extract_metadata` on the fixtures, so
a trafilatura release that changes its steps fails there, not silently in the records. A user's install
may hold a release nobody has checked: there `extract_metadata` itself runs (STEPS_CHECKED), so records
never depend on an unchecked copy of its steps.
"""

from __future__ import annotations

import logging
from functools import lru_cache
from importlib.metadata import version
from typing import Any

from htmldate import find_date
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_metadata,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import DEFAULT_CONFIG, Document, set_date_params

log = logging.getLogger(__name__)

# trafilatura releases (major.minor) whose `extract_metadata` steps this module was checked against by
# tests/test_trafilatura_meta.py; add one only after that test passes on it.
STEPS_CHECKED = frozenset({"2.3"})
# The fields a record reads from trafilatura's metadata (cleaner/html/extract.py).
RECORD_FIELDS = ("title", "author", "url", "date", "sitename", "description")


@lru_cache(maxsize=1)
def steps_checked() -> bool:
    """Whether the installed trafilatura is a release whose metadata steps this module follows."""
    return ".".join(version("trafilatura").split(".")[:2]) in STEPS_CHECKED


def date_params() -> dict[str, Any]:
    """htmldate's settings as `bare_extraction` makes them when given none (today's date as the latest)."""
    return set_date_params(DEFAULT_CONFIG.getboolean("DEFAULT", "EXTENSIVE_DATE_SEARCH"))


def page_metadata(tree: HtmlElement, default_url: str | None = None) -> Document:
    """`extract_metadata(tree, default_url)`'s RECORD_FIELDS, without loading the Public Suffix List.

    The steps and their order are trafilatura 2.x's (metadata.py, `extract_metadata`); the others
    are left None. On a release not in STEPS_CHECKED, trafilatura's own `extract_metadata` runs instead.
    """
    if not steps_checked():
        return extract_metadata(tree, default_url)
    date_config = date_params()
    metadata = examine_meta(tree)
    if metadata.author and " " not in metadata.author:
        metadata.author = None
    try:
        metadata = extract_meta_json(tree, metadata)
    except Exception as err:  # trafilatura guards its JSON-LD reader the same way
        log.warning("error in JSON metadata extraction: %s", err)
    if not metadata.title:
        metadata.title = extract_title(tree)
    if not metadata.author:
        metadata.author = extract_author(tree)
    if not metadata.url:
        metadata.url = extract_url(tree, default_url)
    date_config["url"] = metadata.url
    metadata.date = find_date(tree, **date_config)
    if not metadata.sitename:
        metadata.sitename = extract_sitename(tree)
    if metadata.sitename:
        metadata.sitename = metadata.sitename.lstrip("@")
        if metadata.sitename and "." not in metadata.sitename and not metadata.sitename[0].isupper():
            metadata.sitename = metadata.sitename.title()
    elif metadata.url:
        found = META_URL.match(metadata.url)
        if found:
            metadata.sitename = found[1]
    metadata.clean_and_trim()
    return metadata
