"""One document in, one Article out: the flow every entry point (CLI, batch, Scrapy, Dask) shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cleaner import heuristics, stages
from cleaner.html import HtmlExtraction, extract_html, html_fallback, html_path_rules, looks_like_html
from cleaner.inputs import checked_document
from cleaner.learned import RULE_ID as LEARNED_ID
from cleaner.learned import Shipped
from cleaner.lines import Lines, join_body, split_lines
from cleaner.metadata.assemble import assemble
from cleaner.model import Article, Document
from cleaner.rules import facts_cache
from cleaner.rules.engine import RuleEngine
from cleaner.rules.schema import RuleError, RuleSet, load_rules
from cleaner.selection import Selection
from cleaner.sites import SiteDetector
from cleaner.stages.base import Context, Settings
from cleaner.templates import stage as template_stage

if TYPE_CHECKING:
    # numpy and the model load only when the learned stage reads a document (cleaner.learned.Shipped).
    from cleaner.learned.stage import LearnedStage

# Re-exported: callers imported the line helpers from here before `cleaner.lines` existed.
__all__ = ["Cleaner", "clean", "clean_document", "default_cleaner", "join_body", "split_lines"]


def _to_date(value: str | dt.date | dt.datetime | None) -> dt.date | None:
    if value is None or (isinstance(value, dt.date) and not isinstance(value, dt.datetime)):
        return value
    if isinstance(value, dt.datetime):
        return value.date()
    return dt.date.fromisoformat(str(value)[:10])


class Cleaner:
    """Compiled rules plus the settings they run with; build once, clean many documents.

    Picklable (the engine recompiles from its RuleSet), so batch workers and Dask partitions
    can each receive one and reuse it.
    """

    def __init__(
        self,
        rules: RuleSet | None = None,
        *,
        rule_paths: Sequence[str | Path] = (),
        select: Sequence[str] | None = None,
        ignore: Sequence[str] | None = None,
        heuristics_mode: str = "auto",
        learned: LearnedStage | bool | None = None,
    ) -> None:
        if heuristics_mode not in heuristics.MODES:
            raise ValueError(f"heuristics mode must be one of {', '.join(heuristics.MODES)}")
        base = rules if rules is not None else load_rules(rule_paths)
        sel = Selection.of(select, ignore)
        bad = sel.unmatched([*(r.selectable for r in base.rules), *stages.selectables()])
        if bad:
            raise RuleError("--select/--ignore", None, f"{bad[0]!r} matches no rule id, prefix or category")
        self.selection = sel
        self.ruleset = RuleSet(tuple(r for r in base.rules if sel.admits(r.selectable)), base.sites, base.files)
        self.heuristic_ids = frozenset(i.id for i in stages.selectables() if sel.admits(i))
        # Learned template rules (category "template") run in their own stage, after the others.
        base_rules, template_rules = template_stage.split(self.ruleset)
        self._engine: RuleEngine | None = None
        self.template_engine = template_stage.TemplateEngine(template_rules) if template_rules is not None else None
        # [html glue] On trafilatura's text only the rule categories measured not to cost recall run
        # (cleaner/html/options.py); a user's own rule files always run.
        self._base_rules = base_rules
        self._html_engine: RuleEngine | None = None
        self.detector = SiteDetector(self.ruleset.sites)
        self.heuristics_mode = heuristics_mode
        # The learned line stage: the shipped model (True or None, the default), another LearnedStage
        # (cross-validation), or none (False, or unselected by --select/--ignore). It runs by default since
        # the fifth round: under domain-split CV it is >= the cleaner without it on every sh/tf text rendering
        # within the content-loss cap, at >= 0.8x the throughput, and a second cleaning of its output changes
        # nothing (its adapter reads the page as a second cleaning will: cleaner/stages/learned.py). The HTML
        # path never runs it (issue 11; BENCH_tests.md). [glue, helper `learned`: Shipped loads numpy and the
        # model on the first document worth reading.]
        self.learned: LearnedStage | Shipped | None = None
        if LEARNED_ID in self.heuristic_ids and learned is not False:
            self.learned = learned if not isinstance(learned, bool) and learned is not None else Shipped()
        facts_cache.shared().save()

    @property
    def engine(self) -> RuleEngine:
        """The rules run on text, built on the first text (a run over pages that all extract never needs
        them: building the generic scope's literal automata cost ~15 ms of `cleaner clean page.html`)."""
        if self._engine is None:
            self._engine = RuleEngine(self._base_rules)
        return self._engine

    @engine.setter
    def engine(self, engine: RuleEngine) -> None:
        self._engine = engine

    @property
    def html_engine(self) -> RuleEngine:
        """The rules run on extracted HTML text, built on the first HTML page (a text run never needs them)."""
        if self._html_engine is None:
            self._html_engine = RuleEngine(html_path_rules(self._base_rules))
        return self._html_engine

    @html_engine.setter
    def html_engine(self, engine: RuleEngine) -> None:
        self._html_engine = engine

    def clean(
        self,
        text: str | None = None,
        *,
        html: str | None = None,
        url: str | None = None,
        reference_date: str | dt.date | None = None,
        source: str | None = None,
        id: str | None = None,
    ) -> Article:
        """Clean one text or HTML string."""
        return self.clean_document(
            Document(text=text, html=html, url=url, source=source, id=id), reference_date=reference_date
        )

    def clean_document(self, doc: Document, *, reference_date: str | dt.date | None = None) -> Article:
        """The whole flow for one document; never raises on odd text, only on wrong types (TypeError)."""
        doc = checked_document(doc)
        warnings = list(doc.warnings)
        html = doc.html
        text = doc.text or ""
        if html is None and looks_like_html(text):
            html = text
        page: HtmlExtraction | None = None
        if html is not None:
            # [html glue] site publishers help strip "| Site" from the headline.
            page = extract_html(html, doc.url, [s.publisher for s in self.ruleset.sites if s.publisher])
            if page is None:
                # The page's visible lines, not its markup, go to the text rules. [html glue]
                # html_fallback's warnings say why, and mark a cut-short parse `partial`.
                if not text or text is html:
                    text, fallback_warnings = html_fallback(html)
                    warnings.extend(fallback_warnings)
                else:
                    warnings.append("html extraction found no article; cleaned the page as text")
            else:
                text = page.text
        return self._clean_text(text, doc, page, warnings, _to_date(reference_date))

    def _clean_text(
        self, text: str, doc: Document, page: HtmlExtraction | None, warnings: list[str], reference: dt.date | None
    ) -> Article:
        lines = Lines.from_text(text)
        url = doc.url or (page.url if page else None)
        sites = self.detector.detect(text, url)
        ctx = Context(
            Settings(
                self.html_engine if page is not None else self.engine,
                self.heuristics_mode,
                self.heuristic_ids,
                self.template_engine,
                self.learned,
            ),
            site_keys=tuple(s.key for s in sites),
            page=page,
        )
        done = stages.run(lines, ctx)
        fields = assemble(
            captures=done.captures,
            images=done.images,
            kept=done.kept,
            text=text,
            url=url,
            page=page,
            sites=sites,
            reference=reference,
            mtime=doc.mtime,
            stoplist_language=done.stoplist_language,
            # metadata glue (issue 14): the page's declared timestamps give HTML dates their time.
            html=doc.html or (doc.text if page is not None else None),
            removed=done.removed,
            lines=lines.items,
        )
        return Article(
            body=join_body(done.kept),
            headline=fields.headline,
            description=fields.description,
            author=fields.author.names if fields.author else (),
            byline=fields.author,
            date_published=fields.date_published,
            date_modified=fields.date_modified,
            publisher=fields.publisher,
            language=fields.language,
            url=fields.url,
            source=doc.source,
            id=doc.id,
            site=fields.site,
            images=fields.images,
            # [html glue] blocks extraction dropped (line 0: the page) come first.
            removed=(*(page.dropped if page else ()), *done.removed),
            extracted=done.extracted,
            warnings=(*warnings, *done.warnings),
            input_chars=len(text),
        )


_default: Cleaner | None = None


def default_cleaner() -> Cleaner:
    """The shared Cleaner with the shipped rules, built on first use."""
    global _default
    if _default is None:
        _default = Cleaner()
    return _default


def clean(
    text: str | None = None,
    *,
    html: str | None = None,
    url: str | None = None,
    reference_date: str | dt.date | None = None,
    rules: RuleSet | Sequence[str | Path] | None = None,
) -> Article:
    """Clean one document with the shipped rules, or with `rules` (a RuleSet or extra rule files)."""
    if rules is None:
        cleaner = default_cleaner()
    elif isinstance(rules, RuleSet):
        cleaner = Cleaner(rules)
    else:
        cleaner = Cleaner(rule_paths=list(rules))
    return cleaner.clean(text, html=html, url=url, reference_date=reference_date)


def clean_document(
    doc: Document, *, reference_date: str | dt.date | None = None, cleaner: Cleaner | None = None
) -> Article:
    """Clean a Document as a reader produced it (keeps its source, id and mtime)."""
    return (cleaner or default_cleaner()).clean_document(doc, reference_date=reference_date)
