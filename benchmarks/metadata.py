"""Metadata benchmark: does the text path find the date and headline the page itself declares?

There is no labelled multilingual metadata set in the corpus, but each dev page's HTML declares
its own metadata. Labels come from that markup (JSON-LD `datePublished`/`headline`, the
`article:published_time` meta, `itemprop="datePublished"`, `<time pubdate>`, a page's only
`<time datetime>` day, `og:title`); the cleaner then sees only the text renderings (article.txt,
fulltext.txt) of the same page, with its URL, as a scraping pipeline hands them over.

Per language (the page's `<html lang>`, else the text's stopwords):
- date agreement: share of pages whose text path finds the declared publication day, counted
  over pages whose text contains that day in some printed form (numeric, or day next to a month
  name in any language dateparser knows) or whose URL carries it;
- precision: share of emitted publication dates (over pages with a label) that are right;
- coverage: share of labelled pages where a publication date was emitted at all;
- headline agreement: share of pages whose headline equals the declared one (case and space
  folded), over pages whose text contains the declared headline as a line; "strict" leaves out
  labels that are the template's, not the article's (mark_label_noise: the declared site name, or
  one label that LABEL_REPEAT_PAGES or more pages of the same host declare), the same rule for
  every source.

    python benchmarks/metadata.py --corpus ../shared/corpus/dev          # sh+tf fitted and CV, dn unseen
    python benchmarks/metadata.py --corpus ../shared/corpus/dev --sources tf --renderings article --misses 20
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import regex

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_SOURCES = ("sh", "tf")
RENDERINGS = {"article": "article.txt", "fulltext": "fulltext.txt"}
# Targets from issue 14.
TARGET_AGREEMENT = 0.8
TARGET_PRECISION = 0.95
TARGET_LANGUAGE_FLOOR = 0.6
TARGET_LANGUAGE_MIN_PAGES = 20
TARGET_HEADLINE = 0.8
DEFAULT_WORKERS = 2
# JSON-LD types whose datePublished is the article's (a WebPage's may be the site's launch date).
ARTICLE_TYPES = regex.compile(r"(?i)article|posting|report|newsarticle|blog")
_SPACE = regex.compile(r"\s+")


# ----------------------------------------------------------------------------------------------
# Labels: what the page declares
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Labels:
    """A page's declared publication day (YYYY-MM-DD), its headline, its language and its site name."""

    day: str | None
    day_source: str | None
    headline: str | None
    language: str | None
    site_name: str | None = None


def _jsonld_objects(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _jsonld_objects(item)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement"):
            if key in data:
                yield from _jsonld_objects(data[key])


def _type_matches(obj: dict[str, Any]) -> bool:
    t = obj.get("@type")
    types = t if isinstance(t, list) else [t]
    return any(isinstance(x, str) and ARTICLE_TYPES.search(x) for x in types)


_ISO_DAY = regex.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})")


DAY_CHARS = len("2019-11-20")
# CMS placeholders ("0001-01-01") and epoch defaults are not declarations.
MIN_LABEL_YEAR = 1990


# A declared value that is not ISO 8601 but names its month and its zone, as JavaScript's
# Date.toString() writes it ("Tue Nov 19 2019 03:05:46 GMT+0000", Forbes' JSON-LD): unambiguous, so
# it is read rather than skipped for a later, vaguer declaration (a zone-less midnight itemprop).
_NAMED_MONTH_WITH_ZONE = regex.compile(
    r"(?i)^\s*(?:\p{L}{3},?\s+)?\p{L}{3}\s+\d{1,2},?\s+\d{4}\s+\d{1,2}:\d\d.*(?:GMT|UTC|Z|[+-]\d{2}:?\d{2})"
)


def _named_month_stamp(value: str) -> str | None:
    from dateutil import parser

    if not _NAMED_MONTH_WITH_ZONE.match(value):
        return None
    try:
        stamp = parser.parse(value)
    except (ValueError, OverflowError):
        return None
    if stamp.tzinfo is None or stamp.year < MIN_LABEL_YEAR:
        return None
    return stamp.isoformat()


def _iso_day(value: Any) -> str | None:
    """The declared value, when it starts with a plausible ISO day (time and offset kept)."""
    if not isinstance(value, str):
        return None
    m = _ISO_DAY.match(value)
    if not m:
        return _named_month_stamp(value)
    if int(m[1]) < MIN_LABEL_YEAR:
        return None
    try:
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    try:
        stamp = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return day.isoformat()  # "2022-5-3T2": the day is clear, the rest is not
    return stamp.isoformat() if stamp.date() == day else day.isoformat()


def same_day(declared: str, got: str) -> bool:
    """Same publication day: in the declared offset when both sides carry one, else as printed.

    "Nov. 18, 2019 7:04 pm ET" and a declared "2019-11-19T00:04:00Z" are the same moment, and
    "November 18, 2019" printed without a zone may be that moment's day somewhere.
    """
    try:
        a = dt.datetime.fromisoformat(declared.replace("Z", "+00:00"))
        b = dt.datetime.fromisoformat(got.replace("Z", "+00:00"))
    except ValueError:
        return declared[:10] == got[:10]
    if a.tzinfo is not None and b.tzinfo is not None:
        return b.astimezone(a.tzinfo).date() == a.date()
    if a.tzinfo is not None and len(declared) > DAY_CHARS:
        # The text printed a day without a zone: it agrees when the declared instant falls on that
        # day in some time zone (UTC-12 to UTC+14).
        utc = a.astimezone(dt.UTC).replace(tzinfo=None)
        return b.date() in {(utc + dt.timedelta(hours=h)).date() for h in (-12, 0, 14)}
    return declared[:10] == got[:10]


def declared_labels(html: str) -> Labels:
    """Read the page's own declarations; the first source in the documented order that has a day wins."""
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return Labels(None, None, None, None)
    day = source = headline = None
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "null")
        except ValueError:
            continue
        for obj in _jsonld_objects(data):
            if not _type_matches(obj):
                continue
            if day is None and _iso_day(obj.get("datePublished")):
                day, source = _iso_day(obj.get("datePublished")), "json-ld"
            if headline is None and isinstance(obj.get("headline"), str):
                headline = obj["headline"]
    if day is None:
        for xp, name in (
            ('//meta[@property="article:published_time" or @name="article:published_time"]/@content', "meta"),
            ('//*[@itemprop="datePublished"]/@content | //*[@itemprop="datePublished"]/@datetime', "itemprop"),
            ("//time[@pubdate]/@datetime", "time-pubdate"),
        ):
            values = [d for d in (_iso_day(v) for v in tree.xpath(xp)) if d]
            # Microdata and <time pubdate> stamp every comment and teaser on some pages (WordPress
            # themes give each comment a pubdate): they label the page only when they name one day.
            if values and (name == "meta" or len({v[:DAY_CHARS] for v in values}) == 1):
                day, source = values[0], name
                break
    if day is None:
        # A bare <time datetime> is only a label when the page has one day in all its <time>s:
        # teaser lists and comment threads stamp many.
        days = {d[:10] for d in (_iso_day(v) for v in tree.xpath("//time/@datetime")) if d}
        if len(days) == 1:
            day, source = days.pop(), "time"
    if headline is None:
        og = tree.xpath('//meta[@property="og:title"]/@content')
        headline = og[0] if og else None
    lang = tree.get("lang") or next(iter(tree.xpath('//meta[@property="og:locale"]/@content')), None)
    lang = regex.split(r"[-_]", lang.strip().lower())[0] if lang and lang.strip() else None
    site = next(iter(tree.xpath('//meta[@property="og:site_name" or @name="application-name"]/@content')), None)
    return Labels(
        day, source, _norm(headline) if headline else None, lang or None, _norm(site) if site and site.strip() else None
    )


# ----------------------------------------------------------------------------------------------
# Does the text contain the day in some printed form? (independent of the cleaner's own tables)
# ----------------------------------------------------------------------------------------------

MONTH_KEYS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


@cache
def _month_names(month: int) -> tuple[str, ...]:
    """Every name and abbreviation dateparser knows for `month`, over all its languages."""
    from dateparser.languages.loader import default_loader

    names: set[str] = set()
    for locale in default_loader.get_locales():
        for name in locale.info.get(MONTH_KEYS[month - 1], []):
            if isinstance(name, str) and len(name) >= 3 and not name.isdigit():
                names.add(name.lower().rstrip("."))
    return tuple(sorted(names, key=len, reverse=True))


@cache
def _day_forms(day: str) -> regex.Pattern[str]:
    d = dt.date.fromisoformat(day)
    y, m, dd = d.year, d.month, d.day
    yy = f"{y % 100:02d}"
    num = [
        rf"{y}[-/.]0?{m}[-/.]0?{dd}",
        rf"0?{dd}[-/.]\s?0?{m}[-/.]\s?(?:{y}|{yy})",
        rf"0?{m}[-/.]0?{dd}[-/.](?:{y}|{yy})",
        rf"{y}0?{m:02d}{dd:02d}",
    ]
    names = "|".join(regex.escape(n) for n in _month_names(m))
    # Day beside the month name, either order, with up to 6 characters of ordinal/"de"/"."
    # between them; the year, when printed, is not required (year inference covers it).
    word = [rf"(?<!\d)0?{dd}(?:st|nd|rd|th|er|º|\.)?[\s.,/-]{{0,2}}(?:de\s+|of\s+)?(?:{names})(?!\p{{L}})"]
    word.append(rf"(?<!\p{{L}})(?:{names})\.?[\s,]{{1,2}}0?{dd}(?!\d)")
    return regex.compile(rf"(?i)(?<!\d)(?:{'|'.join(num)})(?!\d)|{'|'.join(word)}")


def text_has_day(text: str, day: str) -> bool:
    """True when the day is printed in `text` in some form a reader would recognise."""
    return bool(_day_forms(day).search(text, timeout=5))


def _norm(s: str) -> str:
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", s)).strip().casefold()


def text_has_headline(text: str, headline: str) -> bool:
    """True when a line of the text is the declared headline (case and spaces folded)."""
    return any(_norm(line) == headline for line in text.splitlines() if line.strip())


# ----------------------------------------------------------------------------------------------
# Scoring
# ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class PageResult:
    """One rendering of one page: the labels, what the cleaner emitted, and the denominators."""

    page: str
    rendering: str
    language: str
    label_day: str | None
    label_source: str | None
    got_day: str | None
    got_iso: str | None
    got_source: str | None
    got_raw: str | None
    text_has_day: bool
    label_headline: str | None
    got_headline: str | None
    text_has_headline: bool
    schema_errors: list[str] = field(default_factory=list)
    record: dict[str, Any] | None = None
    url: str | None = None
    site_name: str | None = None
    # Set by mark_label_noise: the declared headline is the site's name or its template's, not this article's.
    label_noise: bool = False
    # For cross-validation: per candidate setting, the headline's agreement and the date's
    # (emitted, right), so that a setting can be chosen on other domains' pages.
    headline_grid: dict[HeadlineSetting, bool] = field(default_factory=dict)
    date_grid: dict[DateSetting, tuple[bool, bool]] = field(default_factory=dict)


def score_page(args: tuple[str, str]) -> list[PageResult]:
    """Clean each text rendering of one page folder and compare with the page's declarations."""
    folder, renderings = Path(args[0]), args[1].split(",")
    import cleaner.pipeline as pipeline
    from cleaner import clean
    from cleaner.metadata.language import guess_language

    if not getattr(pipeline.assemble, "_spied", False):
        real = pipeline.assemble

        def spy(**kwargs: Any) -> Any:
            # Read-only: keep what the cleaner hands to assemble (lines kept, captures, sites).
            _HANDED.clear()
            _HANDED.update(kwargs)
            return real(**kwargs)

        spy._spied = True  # type: ignore[attr-defined]
        pipeline.assemble = spy  # type: ignore[assignment]
    handed = _HANDED
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    url = gold.get("url")
    html = gzip.decompress((folder / "page.html.gz").read_bytes()).decode("utf-8", "replace")
    labels = declared_labels(html)
    out: list[PageResult] = []
    for rendering in renderings:
        path = folder / RENDERINGS[rendering]
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        article = clean(text, url=url)
        record = article.to_dict()
        lang = labels.language or article.language or guess_language(text.splitlines(), None) or "?"
        got = article.date_published
        in_text = bool(labels.day) and (
            text_has_day(text, labels.day[:10])
            or (got is not None and got.source == "url" and got.day == labels.day[:10])
        )
        out.append(
            PageResult(
                page=f"{folder.parent.name}/{folder.name}",
                rendering=rendering,
                language=lang,
                label_day=labels.day,
                label_source=labels.day_source,
                got_day=got.day if got else None,
                got_iso=got.iso if got else None,
                got_source=got.source if got else None,
                got_raw=got.raw if got else None,
                text_has_day=in_text,
                label_headline=labels.headline,
                got_headline=_norm(article.headline) if article.headline else None,
                text_has_headline=bool(labels.headline) and text_has_headline(text, labels.headline),
                schema_errors=[e.message for e in _validator().iter_errors(record)],
                record=record,
                url=url,
                site_name=labels.site_name,
                headline_grid=_headline_grid(handed, labels.headline) if labels.headline else {},
                date_grid=_date_grid(handed, article, labels.day) if labels.day else {},
            )
        )
    return out


_HANDED: dict[str, Any] = {}
# Settings cross-validated: the text headline's minimum score, and the window (non-empty lines
# either side of the article's first kept line) within which a disagreeing dateline is accepted.
HEADLINE_MIN_SCORES = (1, 2, 3, 4)
# Weights of the "ends a longer line" signal (text_headline.SIGNAL_WEIGHTS) cross-validated with it.
HEADLINE_ENDS_WEIGHTS = (0, 1, 2)
HeadlineSetting = tuple[int, int]
DATE_WINDOWS = (0, 3, 5, 10, 20, 40)
# How many datelines of one day make it a listing's day (date_pick.REPEATED_DAY_LINES); the last
# value never triggers, so CV can also choose to keep repeated days.
DATE_REPEATS = (3, 4, 5, 8, 10**6)
DateSetting = tuple[int, int]


def _headline_grid(handed: dict[str, Any], label: str) -> dict[HeadlineSetting, bool]:
    """Whether the headline would equal the label at each (minimum score, ends weight), with assemble's precedence."""
    from cleaner.lines import split_lines
    from cleaner.metadata.text_headline import SIGNAL_WEIGHTS, find_text_headline
    from cleaner.sites import NO_URL_PARTS, split_url

    caps = handed["captures"]
    rule = next((c.value for c in caps if c.kind == "text" and c.name == "headline"), None)
    top = next((c.value for c in caps if c.kind == "top" and c.name == "headline"), None)
    lines, kept, url = split_lines(handed["text"]), handed["kept"], handed["url"]
    host = (split_url(url) or NO_URL_PARTS).hostname if url else None
    names = [s.publisher for s in handed["sites"]]
    out = {}
    moved = {c.removal.line - 1 for c in caps if c.kind == "top" and c.name == "headline"}
    for ms in HEADLINE_MIN_SCORES:
        for ew in HEADLINE_ENDS_WEIGHTS:
            weights = {**SIGNAL_WEIGHTS, "ends-longer-line": ew}
            got = find_text_headline(
                lines, kept, url=url, site_names=names, domain=host, min_score=ms, moved=moved, weights=weights
            )
            value = rule or (got.text if got else top)
            out[ms, ew] = value is not None and _norm(value) == label
    return out


def _date_grid(handed: dict[str, Any], article: Any, label: str) -> dict[DateSetting, tuple[bool, bool]]:
    """(emitted, right) at each (window, repeat); a site rule's capture, when it won, wins at every setting."""
    from cleaner.lines import split_lines
    from cleaner.metadata.date_pick import pick_published
    from cleaner.metadata.dates import text_date_candidates
    from cleaner.metadata.language import guess_language

    lines, kept, url = split_lines(handed["text"]), handed["kept"], handed["url"]
    language = guess_language(kept, handed.get("stoplist_language"))
    cands = text_date_candidates(lines, url=url, language=language)
    fitted = pick_published(cands, lines=lines, kept=kept, url=url)
    got = article.date_published
    out: dict[DateSetting, tuple[bool, bool]] = {}
    for w in DATE_WINDOWS:
        for rep in DATE_REPEATS:
            value = pick_published(cands, lines=lines, kept=kept, url=url, before=w, after=w, repeated=rep)
            if got is not None and (fitted is None or fitted.iso != got.iso):
                value = got  # not the text picker's date (a site rule's capture)
            out[w, rep] = (value is not None, value is not None and same_day(label, value.iso))
    return out


@cache
def _validator() -> Any:
    import jsonschema

    from cleaner.schema import record_schema

    return jsonschema.Draft202012Validator(record_schema())


def check_records(results: list[PageResult]) -> None:
    """The schema targets: every record validates, and all of them make one Arrow table."""
    import pyarrow as pa

    from cleaner.schema.arrow import record_arrow_schema

    records = [r.record for r in results if r.record is not None]
    invalid = [r for r in results if r.schema_errors]
    inferred = pa.Table.from_pylist(records)
    shipped = pa.Table.from_pylist(records, schema=record_arrow_schema())
    print(
        f"\nschema: {len(records) - len(invalid)}/{len(records)} records valid; one Arrow table of "
        f"{inferred.num_rows} rows inferred ({len(inferred.schema)} columns) and {shipped.num_rows} rows "
        "under the shipped schema"
    )
    for r in invalid[:5]:
        print(f"  invalid: {r.page} {r.rendering}: {r.schema_errors[:2]}")


# A declared headline that this many distinct pages (URLs) of one host declare is the template's (a
# blog's og:title is its name on every post), not an article's. Two is not enough: one article is
# sometimes stored under two URLs (print and web versions).
LABEL_REPEAT_PAGES = 3


def mark_label_noise(results: list[PageResult]) -> int:
    """Flag pages whose declared headline is not an article's: it equals the declared site name, or
    LABEL_REPEAT_PAGES or more distinct pages of the same host declare it. The same rule for every
    source; returns how many distinct pages it flagged."""
    from cleaner.sites import NO_URL_PARTS, split_url

    def host(r: PageResult) -> str:
        return ((split_url(r.url) or NO_URL_PARTS).hostname or "") if r.url else ""

    pages: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in results:
        if r.label_headline:
            pages[host(r), r.label_headline].add(r.url or r.page)
    flagged: set[str] = set()
    for r in results:
        if not r.label_headline:
            continue
        named = r.site_name is not None and r.label_headline == r.site_name
        r.label_noise = named or len(pages[host(r), r.label_headline]) >= LABEL_REPEAT_PAGES
        if r.label_noise:
            flagged.add(r.page)
    return len(flagged)


@dataclass(slots=True)
class Tally:
    """Counts behind one row of the table."""

    pages: int = 0
    labelled: int = 0
    in_text: int = 0
    agree: int = 0
    emitted: int = 0
    right: int = 0
    headline_in_text: int = 0
    headline_agree: int = 0
    # The same over pages whose label is not noise (mark_label_noise).
    strict_in_text: int = 0
    strict_agree: int = 0
    misses: list[PageResult] = field(default_factory=list)

    def add(self, r: PageResult) -> None:
        self.pages += 1
        if r.label_day:
            self.labelled += 1
            ok = r.got_iso is not None and same_day(r.label_day, r.got_iso)
            if r.got_day:
                self.emitted += 1
                self.right += ok
            if r.text_has_day:
                self.in_text += 1
                self.agree += ok
            if not ok and (r.text_has_day or r.got_day):
                self.misses.append(r)
        if r.text_has_headline:
            self.add_headline(r, r.got_headline == r.label_headline)

    def add_headline(self, r: PageResult, agree: bool) -> None:
        self.headline_in_text += 1
        self.headline_agree += agree
        if not r.label_noise:
            self.strict_in_text += 1
            self.strict_agree += agree

    @staticmethod
    def ratio(a: int, b: int) -> float | None:
        return a / b if b else None


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def report(results: Iterable[PageResult], *, misses: int = 0) -> dict[str, Any]:
    """Print the per-language table and return the figures as a dict (also written with --json)."""
    by_lang: dict[str, Tally] = defaultdict(Tally)
    total = Tally()
    for r in results:
        by_lang[r.language].add(r)
        total.add(r)
    rows = sorted(by_lang.items(), key=lambda kv: -kv[1].pages)
    print(
        f"{'lang':<6}{'pages':>6}{'label':>6}{'inText':>7}{'agree':>8}{'prec':>8}{'cover':>8}{'hlN':>6}{'headl':>8}{'strictN':>8}{'strict':>8}"
    )
    figures: dict[str, Any] = {}
    for lang, t in [*rows, ("ALL", total)]:
        agree = t.ratio(t.agree, t.in_text)
        prec = t.ratio(t.right, t.emitted)
        cover = t.ratio(t.emitted, t.labelled)
        head = t.ratio(t.headline_agree, t.headline_in_text)
        print(
            f"{lang:<6}{t.pages:>6}{t.labelled:>6}{t.in_text:>7}{_fmt(agree):>8}{_fmt(prec):>8}"
            f"{_fmt(cover):>8}{t.headline_in_text:>6}{_fmt(head):>8}"
            f"{t.strict_in_text:>8}{_fmt(t.ratio(t.strict_agree, t.strict_in_text)):>8}"
        )
        figures[lang] = {
            "pages": t.pages,
            "labelled": t.labelled,
            "date_in_text": t.in_text,
            "date_agreement": agree,
            "date_precision": prec,
            "date_coverage": cover,
            "headline_in_text": t.headline_in_text,
            "headline_agreement": head,
            "headline_strict_in_text": t.strict_in_text,
            "headline_strict_agreement": t.ratio(t.strict_agree, t.strict_in_text),
        }
    low = [
        lang
        for lang, t in rows
        if t.in_text >= TARGET_LANGUAGE_MIN_PAGES and (t.ratio(t.agree, t.in_text) or 0) < TARGET_LANGUAGE_FLOOR
    ]
    a, p, h = (figures["ALL"][k] or 0 for k in ("date_agreement", "date_precision", "headline_agreement"))
    print(
        f"\ntargets: agreement {a:.3f} (>= {TARGET_AGREEMENT}), precision {p:.3f} (>= {TARGET_PRECISION}), "
        f"languages with >= {TARGET_LANGUAGE_MIN_PAGES} pages below {TARGET_LANGUAGE_FLOOR}: {low or 'none'}, "
        f"headline {h:.3f} (>= {TARGET_HEADLINE})"
    )
    if misses:
        print("\nmisses (page, rendering, lang, declared, got, source, raw):")
        for r in total.misses[:misses]:
            print(f"  {r.page} {r.rendering} {r.language} {r.label_day} {r.got_day} {r.got_source} {r.got_raw!r}")
    return figures


CV_FOLDS = 5


def _choose_window(results: list[PageResult]) -> DateSetting:
    """Precision first (issue 14: a wrong date is worse than none): the most precise setting among
    those reaching the agreement target, else the one with the best agreement."""
    best: tuple[bool, float, float] | None = None
    choice = (DATE_WINDOWS[0], DATE_REPEATS[0])
    in_text = [r for r in results if r.date_grid and r.text_has_day]
    for w in ((w, rep) for w in DATE_WINDOWS for rep in DATE_REPEATS):
        emitted = sum(r.date_grid[w][0] for r in results if r.date_grid)
        right = sum(r.date_grid[w][1] for r in results if r.date_grid)
        agree = sum(r.date_grid[w][1] for r in in_text) / max(len(in_text), 1)
        prec = right / max(emitted, 1)
        key = (agree >= TARGET_AGREEMENT, prec if agree >= TARGET_AGREEMENT else agree, agree)
        if best is None or key > best:
            best, choice = key, w
    return choice


def _choose_min_score(results: list[PageResult]) -> HeadlineSetting:
    scored = [r for r in results if r.headline_grid and r.text_has_headline]
    settings = [(ms, ew) for ms in HEADLINE_MIN_SCORES for ew in HEADLINE_ENDS_WEIGHTS]
    return max(settings, key=lambda s: (sum(r.headline_grid[s] for r in scored), -s[0], -s[1]))


def cross_validate(results: list[PageResult]) -> None:
    """Domain-split CV of the two chosen settings: each fold scored with the setting its other folds chose."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from train_lines import folds

    fold = folds(sorted({(r.page, r.url) for r in results}), CV_FOLDS)
    by_lang: dict[str, Tally] = defaultdict(Tally)
    total = Tally()
    chosen = []
    for f in range(CV_FOLDS):
        train = [r for r in results if fold[r.page] != f]
        w, ms = _choose_window(train), _choose_min_score(train)
        chosen.append((w, ms))
        for r in results:
            if fold[r.page] != f:
                continue
            for t in (by_lang[r.language], total):
                t.pages += 1
                if r.label_day and r.date_grid:
                    emitted, right = r.date_grid[w]
                    t.labelled += 1
                    t.emitted += emitted
                    t.right += right
                    t.in_text += r.text_has_day
                    t.agree += right and r.text_has_day
                if r.text_has_headline and r.headline_grid:
                    t.add_headline(r, r.headline_grid[ms])
    print(
        f"\n== domain-split cross-validation ({CV_FOLDS} folds; per fold: date window/repeat, "
        "headline min score/ends weight) =="
    )
    print("chosen: " + ", ".join(f"fold{f} {w[0]}/{w[1]} {ms[0]}/{ms[1]}" for f, (w, ms) in enumerate(chosen)))
    print(
        f"{'lang':<6}{'pages':>6}{'label':>6}{'inText':>7}{'agree':>8}{'prec':>8}{'cover':>8}{'hlN':>6}{'headl':>8}{'strictN':>8}{'strict':>8}"
    )
    rows = sorted(by_lang.items(), key=lambda kv: -kv[1].pages)
    for lang, t in [*rows, ("ALL", total)]:
        print(
            f"{lang:<6}{t.pages:>6}{t.labelled:>6}{t.in_text:>7}{_fmt(t.ratio(t.agree, t.in_text)):>8}"
            f"{_fmt(t.ratio(t.right, t.emitted)):>8}{_fmt(t.ratio(t.emitted, t.labelled)):>8}"
            f"{t.headline_in_text:>6}{_fmt(t.ratio(t.headline_agree, t.headline_in_text)):>8}"
            f"{t.strict_in_text:>8}{_fmt(t.ratio(t.strict_agree, t.strict_in_text)):>8}"
        )


def _score_sources(corpus: Path, sources: str, args: argparse.Namespace) -> list[PageResult]:
    folders: list[Path] = []
    for src in sources.split(","):
        pages = sorted(p for p in (corpus / src).iterdir() if (p / "page.html.gz").exists())
        folders.extend(pages[: args.limit] if args.limit else pages)
    jobs = [(str(f), args.renderings) for f in folders]
    with ProcessPoolExecutor(args.workers) as pool:
        return [r for rs in pool.map(score_page, jobs, chunksize=8) for r in rs]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    ap.add_argument("--sources", default=",".join(DEFAULT_SOURCES), help="comma-separated corpus folders")
    ap.add_argument(
        "--unseen",
        default="dn",
        help="comma-separated corpus folders scored with the shipped settings only, never chosen on ('' = none)",
    )
    ap.add_argument("--renderings", default=",".join(RENDERINGS), help="comma-separated: article,fulltext")
    ap.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    ap.add_argument("--limit", type=int, default=0, help="pages per source (0 = all)")
    ap.add_argument("--misses", type=int, default=0, help="print this many date misses")
    ap.add_argument("--json", type=Path, help="write the figures here")
    ap.add_argument(
        "--dump", type=Path, help="write one JSON line per page rendering here, dev and unseen (for error analysis)"
    )
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"error: no corpus at {args.corpus}", file=sys.stderr)
        return 2
    results = _score_sources(args.corpus, args.sources, args)
    unseen = _score_sources(args.corpus, args.unseen, args) if args.unseen else []
    noisy, noisy_unseen = mark_label_noise(results), mark_label_noise(unseen)
    print(
        f"headline label noise (mark_label_noise; the strict columns leave it out): {noisy} of "
        f"{len({r.page for r in results})} dev pages, {noisy_unseen} of {len({r.page for r in unseen})} unseen"
    )
    for rendering in args.renderings.split(","):
        print(f"\n== {rendering} ==")
        report([r for r in results if r.rendering == rendering])
    print("\n== all renderings (fitted: the shipped settings) ==")
    figures = report(results, misses=args.misses)
    cross_validate(results)
    if unseen:
        # Each unseen source apart: one that was looked at in error analysis (dn) is no longer a
        # measure of pages never seen, and must not be averaged with one that was not.
        figures["unseen"] = {}
        for source in args.unseen.split(","):
            print(f"\n== unseen: {source} (shipped settings; never used to choose anything) ==")
            figures["unseen"][source] = report([r for r in unseen if r.page.split("/")[0] == source])
    check_records(results + unseen)
    if args.dump:
        with args.dump.open("w", encoding="utf-8") as fh:
            for split, rows in (("dev", results), ("unseen", unseen)):
                for r in rows:
                    skip = ("record", "schema_errors", "headline_grid", "date_grid")
                    row = {"split": split} | {k: getattr(r, k) for k in PageResult.__slots__ if k not in skip}
                    fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
