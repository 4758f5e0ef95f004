"""One document in, one Article out: the flow every entry point (CLI, batch, Scrapy, Dask) shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cleaner import heuristics
from cleaner.html import HtmlExtraction, extract_html, html_to_text, looks_like_html
from cleaner.metadata.bylines import find_byline, split_authors
from cleaner.metadata.dates import full_dates, parse_date, text_dates
from cleaner.metadata.declared import declared_timestamps, with_time
from cleaner.metadata.headline import find_top_matter
from cleaner.metadata.language import guess_language
from cleaner.model import Article, Byline, DateValue, Document, Image, Removal
from cleaner.rules.engine import EngineResult, RuleEngine
from cleaner.rules.schema import RuleSet, load_rules
from cleaner.sites import SiteDetector

DATE_FIELDS = {"date_published": "datePublished", "date_modified": "dateModified"}
SCALAR_FIELDS = ("author", "headline", "description", "dateline")


def split_lines(text: str) -> list[str]:
    """Normalise newlines and drop a BOM; line numbers in the audit trail count these lines."""
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff").split("\n")


def join_body(lines: Sequence[str | None]) -> str:
    """Kept lines, with the holes left by removals folded into single paragraph breaks."""
    out: list[str] = []
    blank = False
    for line in lines:
        if line is None:
            continue
        s = line.rstrip()
        if not s.strip():
            blank = True
            continue
        if out and blank:
            out.append("")
        out.append(s.strip())
        blank = False
    return "\n".join(out)


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
    ) -> None:
        if heuristics_mode not in heuristics.MODES:
            raise ValueError(f"heuristics mode must be one of {', '.join(heuristics.MODES)}")
        rule_sel, heur_sel = _split_heuristic_tokens(select)
        rule_ign, heur_ign = _split_heuristic_tokens(ignore)
        base = rules if rules is not None else load_rules(rule_paths)
        self.ruleset = base.select(rule_sel, rule_ign) if (rule_sel or rule_ign) else base
        if heur_sel and not rule_sel:
            # Selecting only heuristics means: no phrase rules at all.
            self.ruleset = RuleSet((), base.sites, base.files)
        self.heuristic_ids = frozenset(
            h.id
            for h in heuristics.HEURISTICS
            if (not (select or []) or any(_heuristic_selected(t, h.id) for t in heur_sel))
            and not any(_heuristic_selected(t, h.id) for t in heur_ign)
        )
        self.engine = RuleEngine(self.ruleset)
        self.detector = SiteDetector(self.ruleset.sites)
        self.heuristics_mode = heuristics_mode

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
        """The whole flow for one document; never raises on odd text, only on programming errors."""
        warnings = list(doc.warnings)
        html = doc.html
        text = doc.text or ""
        if html is None and looks_like_html(text):
            html = text
        page: HtmlExtraction | None = None
        if html is not None:
            page = extract_html(html, doc.url)
            if page is None:
                warnings.append("html extraction found no article; cleaned the page as text")
                # The page's visible lines, not its markup, go to the text rules.
                text = html_to_text(html) if (not text or text is html) else text
            else:
                text = page.text
        return self._clean_text(text, doc, page, warnings, _to_date(reference_date))

    def _clean_text(
        self, text: str, doc: Document, page: HtmlExtraction | None, warnings: list[str], reference: dt.date | None
    ) -> Article:
        lines = split_lines(text)
        url = doc.url or (page.url if page else None)
        sites = self.detector.detect(text, url)
        res = self.engine.apply(lines, [s.key for s in sites])
        warnings.extend(res.warnings)
        # On the HTML path trafilatura has already classified the page's blocks; in auto mode the
        # full-page-dump classifier on top of it only cost article text (dev corpus, page.html.gz:
        # tf must-keep snippets lost 68 -> 94, sh F1 0.967 -> 0.961), so only "on" forces it there.
        stoplist_language = None
        if self.heuristics_mode == "on" or (self.heuristics_mode == "auto" and page is None):
            stoplist_language = heuristics.apply(res, lines, mode=self.heuristics_mode, enabled=self.heuristic_ids)
        # metadata glue (issue 14): the language is known before the fields, so dates and bylines
        # are read with that language's tables.
        language = (page.language if page else None) or guess_language(res.kept, stoplist_language)
        fields = self._fields(res, text, doc, page, reference, language, url)
        byline = _byline(page, fields.get("author"), text, language)
        headline, description, extracted = _take_top_matter(
            res,
            fields.pop("headline", None) or (page.title if page else None),
            fields.pop("description", None) or (page.description if page else None),
            page is not None,
        )
        publisher = next((s.publisher for s in sites if s.publisher), None) or (page.sitename if page else None)
        images = [*(page.images if page else ()), *res.images]
        return Article(
            body=join_body(res.kept),
            headline=headline,
            description=description,
            # The merge order: trafilatura's author on the HTML path, the text's byline otherwise.
            author=tuple(byline.names) if byline else (),
            byline=byline,
            date_published=fields.get("date_published"),
            date_modified=fields.get("date_modified"),
            publisher=publisher,
            language=language,
            url=url,
            source=doc.source,
            id=doc.id,
            site=sites[0].key if sites else None,
            images=tuple(_dedupe_images(images)),
            removed=tuple(sorted(res.removed, key=lambda r: r.line)),
            extracted=tuple(extracted),
            warnings=tuple(warnings),
            input_chars=len(text),
        )

    def _fields(
        self,
        res: EngineResult,
        text: str,
        doc: Document,
        page: HtmlExtraction | None,
        reference: dt.date | None,
        language: str | None = None,
        url: str | None = None,
    ) -> dict[str, Any]:
        """First value captured for each field wins; dates are normalised with year inference."""
        out: dict[str, Any] = {}
        evidence: list[dt.date] | None = None
        fallback = dt.datetime.fromtimestamp(doc.mtime, dt.UTC).date() if doc.mtime else None
        for name, value, _removal in res.fields:
            if name in out:
                continue
            if name in DATE_FIELDS:
                if evidence is None:
                    evidence = full_dates(text)
                parsed = parse_date(
                    value, evidence=evidence, reference=reference, fallback=fallback, language=language, url=url
                )
                if parsed is not None:
                    out[name] = parsed
            elif name in SCALAR_FIELDS:
                out[name] = value
        if page is not None:
            # The page's markup (meta, JSON-LD via htmldate) wins for the publication date; for the
            # modified date the text's "Updated ..." line wins, because htmldate falls back to the
            # published date when a page declares no modified one.
            # metadata glue (issue 14): the page's own timestamp of the same day adds time and offset.
            stamps = declared_timestamps(doc.html or doc.text or "")
            if page.date_published:
                day = DateValue(page.date_published[:10], page.date_published, source="html")
                out["date_published"] = with_time(day, stamps.get("published", []))
            if "date_modified" not in out and page.date_modified:
                day = DateValue(page.date_modified[:10], page.date_modified, source="html")
                out["date_modified"] = with_time(day, stamps.get("modified", []))
        if "date_published" not in out or "date_modified" not in out:
            # metadata glue (issue 14): labelled dates and datelines in any table language, then the URL.
            published, modified = text_dates(
                split_lines(text), url=url, language=language, reference=reference, fallback=fallback
            )
            if published is not None:
                out.setdefault("date_published", published)
            if modified is not None:
                out.setdefault("date_modified", modified)
        return out


def _byline(page: HtmlExtraction | None, captured: str | None, text: str, language: str | None) -> Byline | None:
    """metadata glue (issue 14): the page's author, else the text's byline, split into names and roles."""
    raw, source = (page.author, "html") if page and page.author else (captured, "text")
    if not raw and page is None:
        found = find_byline(split_lines(text), language=language)
        raw = found[0] if found else None
    if not raw:
        return None
    names, roles = split_authors(raw, language=language)
    return Byline(raw=raw, names=tuple(names), roles=tuple(roles), source=source)


def _take_top_matter(
    res: EngineResult, headline: str | None, description: str | None, from_html: bool
) -> tuple[str | None, str | None, list[Removal]]:
    """Move the headline and standfirst lines out of the body into their fields, recording the move."""
    top = find_top_matter(res.kept, {r.line - 1 for _, _, r in res.fields})
    extracted: list[Removal] = []
    for idx, name in ((top.headline, "headline"), (top.standfirst, "description")):
        if idx is None:
            continue
        value = (res.kept[idx] or "").strip()
        # On a page with a known title, a first line that differs from it is not the headline.
        if name == "headline" and headline and headline != value and from_html:
            continue
        extracted.append(Removal(f"TOP-{name}", "metadata", value, idx + 1, name))
        res.kept[idx] = None
        if name == "headline":
            headline = headline or value
        else:
            description = description or value
    return headline, description, extracted


def _heuristic_selected(token: str, hid: str) -> bool:
    t = token.strip()
    return hid.startswith(t.upper()) or t.lower() == heuristics.CATEGORY


def _split_heuristic_tokens(tokens: Sequence[str] | None) -> tuple[list[str], list[str]]:
    """--select/--ignore tokens that name heuristics go to the classifier, the rest to the rules."""
    rules_part: list[str] = []
    heur_part: list[str] = []
    for t in tokens or []:
        is_heur = any(_heuristic_selected(t, h.id) for h in heuristics.HEURISTICS) or t.lower() == heuristics.CATEGORY
        (heur_part if is_heur else rules_part).append(t)
    return rules_part, heur_part


# Templates print one image's credit and caption on neighbouring lines (BBC: "Image source, X"
# then "Image caption, Y"); parts this close together, each missing what the other has, are one image.
IMAGE_PART_MAX_GAP_LINES = 2


def _complements(a: Image, b: Image) -> bool:
    if a.line is None or b.line is None or abs(b.line - a.line) > IMAGE_PART_MAX_GAP_LINES:
        return False
    return all(not (getattr(a, f) and getattr(b, f)) for f in ("caption", "credit", "alt"))


def _dedupe_images(images: Sequence[Image]) -> list[Image]:
    """Merge split caption/credit pairs, then drop exact repeats, keeping document order."""
    merged: list[Image] = []
    for img in images:
        if merged and _complements(merged[-1], img):
            prev = merged[-1]
            merged[-1] = Image(
                caption=prev.caption or img.caption,
                credit=prev.credit or img.credit,
                alt=prev.alt or img.alt,
                line=prev.line,
            )
        else:
            merged.append(img)
    seen: set[tuple[str | None, str | None]] = set()
    out = []
    for img in merged:
        key = (img.caption, img.credit)
        if key in seen:
            continue
        seen.add(key)
        out.append(img)
    return out


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
