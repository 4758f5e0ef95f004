"""`CleanerFormatter`: cleaner as a datatrove pipeline step, for LLM-corpus pipelines built on datatrove.

It follows datatrove's formatter convention (a `BaseFormatter` whose `format(text)` returns the new
text) and overrides `run` only to do what a text-to-text formatter cannot: put the article's
metadata into `doc.metadata`, count removals per category in the step's stats, and, when asked,
drop documents with no body left. `doc.text` may be plain text or a whole HTML page (as
datatrove's `WarcReader` yields it); HTML goes through trafilatura first, like everywhere else.

Needs the `datatrove` extra: `pip install 'cleaner[datatrove]'`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.formatters.base import BaseFormatter
from datatrove.utils.typeshelper import StatHints

from cleaner.model import Article, Document
from cleaner.pipeline import Cleaner

# doc.metadata keys written by the step: schema.org names, as in the cleaner record.
METADATA_KEYS = ("headline", "description", "author", "datePublished", "dateModified", "publisher", "inLanguage")
# Stat names: one counter per removal category, so datatrove's stats.json shows what was removed.
REMOVED_STAT = "removed_{category}"
REMOVED_CHARS_STAT = "removed_chars"
NO_BODY_STAT = "no_body"


def article_metadata(article: Article) -> dict[str, Any]:
    """The record's metadata fields under their record names (None where unknown)."""
    rec = article.to_dict()
    return {key: rec.get(key) for key in METADATA_KEYS}


class CleanerFormatter(BaseFormatter):
    """Replace `doc.text` with the article body and put the article's metadata into `doc.metadata`."""

    name = "🧹 cleaner"

    def __init__(
        self,
        cleaner: Cleaner | None = None,
        *,
        rules: Sequence[str | Path] = (),
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        heuristics: str = "auto",
        drop_empty: bool = False,
        keep_removed: bool = False,
        reference_date: str | dt.date | None = None,
        url_key: str = "url",
    ) -> None:
        super().__init__()
        # A Cleaner pickles (its engine recompiles on the other side), so datatrove's worker
        # processes each receive the one built here instead of loading the rules per task.
        self.cleaner = cleaner or Cleaner(
            rule_paths=list(rules), select=select, ignore=ignore, heuristics_mode=heuristics
        )
        self.drop_empty = drop_empty
        self.keep_removed = keep_removed
        self.reference_date = reference_date
        self.url_key = url_key

    def clean(self, text: str, metadata: dict[str, Any] | None = None, doc_id: str | None = None) -> Article:
        """Clean one datatrove document's text, taking its URL (which picks site rules) from metadata."""
        url = (metadata or {}).get(self.url_key)
        doc = Document(text=text, url=str(url) if url else None, id=doc_id)
        return self.cleaner.clean_document(doc, reference_date=self.reference_date)

    def format(self, text: str) -> str:
        """datatrove's formatter hook: text in, article body out (no URL, so generic rules only)."""
        return self.clean(text).body

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Clean each document in place; count removals by category; drop empty ones if asked."""
        for doc in data:
            self.stat_update(StatHints.total)
            with self.track_time():
                article = self.clean(doc.text, doc.metadata, doc.id)
            for removal in article.removed:
                self.stat_update(REMOVED_STAT.format(category=removal.category))
            self.stat_update(REMOVED_CHARS_STAT, value=sum(len(r.text) for r in article.removed))
            doc.text = article.body
            doc.metadata.update(article_metadata(article))
            if self.keep_removed:
                doc.metadata["removed"] = [r.to_dict() for r in article.removed]
            if not article.body.strip():
                self.stat_update(NO_BODY_STAT)
                if self.drop_empty:
                    self.stat_update(StatHints.dropped)
                    continue
            self.stat_update(StatHints.forwarded)
            self.update_doc_stats(doc)
            yield doc
