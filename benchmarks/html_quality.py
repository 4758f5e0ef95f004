"""HTML path against trafilatura alone, per dev source, with options and rule categories chosen by domain-split CV.

    python benchmarks/html_quality.py --corpus ../shared/corpus/dev                 # everything
    python benchmarks/html_quality.py --corpus ../shared/corpus/dev --dn-sample 400 # fewer dn pages
    python benchmarks/html_quality.py --corpus ../shared/corpus/dev --metadata-only --sources dn \
        --dn-skip 100 --dn-sample 400                                                  # metadata, unseen dn pages

For every page (sh, tf, dn, sites) it runs, in the same run:
  * the peer: `trafilatura.extract(html)`, the body `extract(with_metadata=True)` prints;
  * our extraction under each candidate trafilatura option set, then our rules over it, recording
    which rule category removed each line, so that any subset of categories can be scored;
  * our full pipeline with the shipped settings (`Cleaner().clean(html=...)`), the "ours" column;
  * the metadata each way against what the page itself declares.

Choosing (option set, rule categories) is done by domain-split cross-validation: pages are grouped
by domain (dn pages without a URL are their own group; sites by site), groups go to K folds, the
choice is made on K-1 folds and scored on the held-out one. A category stays on only if, on the
training folds, it costs no recall on any source; the option set with the best mean F1 among those
losing no more tf must-keep snippets than trafilatura alone wins. The held-out scores, pooled over
folds, are the CV figures; the full-dev figures of the shipped settings are printed beside them.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import html as html_lib
import json
import statistics
import sys
import time
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import quality_metrics
from quality import (
    ShPage,
    TfPage,
    aggregate_sh,
    aggregate_tf,
    score_sh_page,
    score_tf_page,
    trafilatura_alone,
)

# Scoring runs every page under dozens of variants, most of which leave a page's body unchanged:
# caching shingles per text makes the CV seconds instead of minutes (Counters are only read).
quality_metrics.shingles = functools.lru_cache(maxsize=None)(quality_metrics.shingles)  # type: ignore[assignment]

SOURCES = ("sh", "tf", "dn", "sites")
K_FOLDS = 5
# Candidate trafilatura option sets (the shipped one is TRAFILATURA_OPTIONS in cleaner/html/options.py).
BASE = {
    "include_comments": False,
    "favor_precision": False,
    "favor_recall": False,
    "fast": False,
    "include_tables": True,
    "include_images": False,
    "deduplicate": False,
}
OPTION_SETS: dict[str, dict[str, Any]] = {
    "comments-off": BASE,
    # comments-on is trafilatura's default: the peer column measures it.
    "favor-precision": {**BASE, "favor_precision": True},
    "favor-recall": {**BASE, "favor_recall": True},
}
# A category "costs recall" on a source when switching it on lowers recall by more than this:
# 0.0005 is one sh page losing ~3% of its shingles, below it is float noise from rounding.
RECALL_COST_EPS = 0.0005
NO_CATEGORY = ""
# Removals that are not rule categories: the headline/standfirst moved into metadata, and removals
# whose category could not be told. They apply in every variant.
ALWAYS = frozenset({"TOP", NO_CATEGORY})


@dataclass(slots=True)
class PageRun:
    """One page's outputs: per option set, its lines with the category that removed each (or None)."""

    key: str
    src: str
    group: str
    gold: dict[str, Any]
    peer: str = ""
    ours: str = ""
    lines: dict[str, list[tuple[str, str | None]]] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


def load_pages(
    corpus: Path, dn_sample: int | None, dn_skip: int = 0, sources: Sequence[str] = SOURCES
) -> list[tuple[str, Path]]:
    """(source, folder) for every page; dn optionally sampled by a stable hash of its id.

    `dn_skip` passes over the first pages of that order: with it, the sample holds dn pages the
    default sample (the one rules and choices were looked at on) never showed.
    """
    out = []
    for src in sources:
        folders = sorted(d for d in (corpus / src).glob("*") if (d / "page.html.gz").is_file())
        if src == "dn" and (dn_sample or dn_skip):
            ordered = sorted(folders, key=lambda d: hashlib.sha1(d.name.encode()).hexdigest())[dn_skip:]
            folders = ordered[:dn_sample] if dn_sample else ordered
        out.extend((src, d) for d in folders)
    return out


def metadata_page(src: str, folder: Path) -> PageRun:
    """Only the metadata row of one page (in a worker): the shipped extraction, no option sets or rules."""
    from cleaner.html import extract_html
    from cleaner.io.decode import InputError, decode_bytes
    from cleaner.sites import domain_of

    if _cleaner is None:
        _init()
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    url = gold.get("url") or None
    run = PageRun(f"{src}/{folder.name}", src, gold.get("site") or domain_of(url) or f"{src}/{folder.name}", gold)
    try:
        html, _w = decode_bytes((folder / "page.html.gz").read_bytes())
    except InputError:
        return run
    site_names = [s.publisher for s in _cleaner.ruleset.sites if s.publisher]
    run.meta.update(metadata_row(html, extract_html(html, url, site_names)))
    return run


_cleaner: Any = None


def _init() -> None:
    """One Cleaner per worker whose HTML path runs every rule category, so each can be scored on/off."""
    global _cleaner
    from cleaner.pipeline import Cleaner
    from cleaner.rules.engine import RuleEngine

    _cleaner = Cleaner()
    _cleaner.html_engine = RuleEngine(_cleaner.ruleset)


def run_page(src: str, folder: Path) -> PageRun:
    """Everything for one page (in a worker).

    Per option set the page is extracted once and cleaned by the pipeline's own text step with all
    rule categories on; each line then records the category that removed it (TOP: the headline or
    standfirst the pipeline moved into metadata, always on). The shipped body is the comments-off
    lines with HTML_RULE_CATEGORIES on: the same lines the pipeline keeps.
    """
    from cleaner.html import extract_html, find_markup, looks_like_html
    from cleaner.io.decode import InputError, decode_bytes
    from cleaner.model import Document
    from cleaner.pipeline import split_lines
    from cleaner.sites import domain_of

    if _cleaner is None:
        _init()
    gold = json.loads((folder / "gold.json").read_text(encoding="utf-8"))
    url = gold.get("url") or None
    group = gold.get("site") or domain_of(url) or f"{src}/{folder.name}"
    run = PageRun(f"{src}/{folder.name}", src, group, gold)
    try:
        html, _w = decode_bytes((folder / "page.html.gz").read_bytes())
    except InputError:
        return run
    run.peer = trafilatura_alone(html)
    run.meta["sniffed_html"] = looks_like_html(html)
    shipped: Any = None
    for name, opts in OPTION_SETS.items():
        t0 = time.perf_counter()
        if name == "comments-off":
            site_names = [s.publisher for s in _cleaner.ruleset.sites if s.publisher]  # as the pipeline passes them
            page = shipped = extract_html(html, url, site_names, options=opts)
            run.meta.update(metadata_row(html, page))
        else:
            # The other option sets only change the text: trafilatura without its metadata pass
            # (htmldate is the costly part), with the shipped run's metadata for the text step.
            page = _text_only(html, url, opts, shipped)
        if page is None:
            run.lines[name] = []
            continue
        art = _cleaner._clean_text(page.text, Document(html=html, url=url), page, [], None)
        if name == "comments-off":
            run.seconds = time.perf_counter() - t0
            run.meta["markup"] = find_markup(art.body)
        lines = split_lines(page.text)
        cat: dict[int, str] = {}
        for r in (*art.removed, *art.extracted):
            if r.line < 1:  # extraction removals: not lines of the text
                continue
            for i in range(r.line - 1, r.line + r.text.count("\n")):
                cat.setdefault(i, "TOP" if r.category == "metadata" and r.rule.startswith("TOP-") else r.category)
        kept = {" ".join(x.split()) for x in art.body.split("\n")}
        # A trimmed line stays in the body: only lines whose text left the body count as removed.
        run.lines[name] = [
            (line, cat[i] if i in cat and " ".join(line.split()) not in kept else None) for i, line in enumerate(lines)
        ]
    return run


def _text_only(html: str, url: str | None, opts: dict[str, Any], shipped: Any) -> Any:
    import dataclasses

    import trafilatura

    from cleaner.html import HtmlExtraction

    doc = trafilatura.bare_extraction(html, url=url, with_metadata=False, **opts)
    if doc is None or not doc.text:
        return None
    if shipped is None:
        return HtmlExtraction(text=doc.text)
    return dataclasses.replace(shipped, text=doc.text)


def metadata_row(html: str, page: Any) -> dict[str, Any]:
    """Declared values read strictly and independently of our chooser, ours, and trafilatura's."""
    from cleaner.html import parse_page
    from cleaner.html.declared import read_declared

    tree, _ = parse_page(html)
    if tree is None:
        return {}
    d = read_declared(tree)
    og, site = d.first("og_title"), d.first("og_site_name")
    # The yardstick: the page's own headline, JSON-LD or og:title, without the site affix.
    declared_headline = _strip_exact(d.jsonld_headline or og, (site, d.jsonld_publisher))
    raw = page.raw if page else {}
    return {
        "declared_headline": declared_headline,
        "ours_headline": page.title if page else None,
        "traf_headline": raw.get("title"),
        "declared_published": d.jsonld_published or d.first("published"),
        "ours_published": page.date_published if page else None,
        "traf_published": raw.get("date"),
        "declared_modified": d.jsonld_modified or d.first("modified"),
        "ours_modified": page.date_modified if page else None,
        "declared_authors": list(d.jsonld_authors) or d.all("author"),
        "ours_authors": list(page.author) if page else [],
        "traf_author": raw.get("author"),
        "declared_publisher": site or d.jsonld_publisher,
        "ours_publisher": page.sitename if page else None,
        "traf_publisher": raw.get("sitename"),
    }


def _strip_exact(title: str | None, sites: Iterable[str | None]) -> str | None:
    """A declared title minus an exact declared site-name prefix or suffix: the yardstick, deliberately naive."""
    if not title:
        return title
    title = " ".join(html_lib.unescape(title).split())
    for site in (s for s in sites if s):
        for sep in (" | ", " - ", " – ", " — ", " :: ", " : ", ": ", " · ", " • "):
            if title.casefold().endswith((sep + site).casefold()):
                return title[: -len(sep + site)].strip()
            if title.casefold().startswith((site + sep).casefold()):
                return title[len(site + sep) :].strip()
    return title


# ----------------------------------------------------------------------------------------------
# Scoring
# ----------------------------------------------------------------------------------------------


def body(lines: Sequence[tuple[str, str | None]], enabled: frozenset[str]) -> str:
    """The body when only `enabled` rule categories remove lines."""
    return "\n".join(line for line, cat in lines if cat is None or (cat not in enabled and cat not in ALWAYS))


def score(runs: Iterable[PageRun], text_of: Any) -> dict[str, Any]:
    """Per-source Score of the texts `text_of(run)` gives.

    tf's must-keep snippets count the headline too (the issue's rule): our headline (and the top lines
    the pipeline moved into headline/description) is added to ours, trafilatura's title to the peer's.
    """
    by_src: dict[str, list[ShPage | TfPage]] = {}
    for r in runs:
        text = text_of(r)
        if r.src == "tf":
            if text is r.peer:
                text = f"{r.meta.get('traf_headline') or ''}\n{text}"
            else:
                top = "\n".join(line for line, cat in r.lines.get("comments-off", []) if cat == "TOP")
                text = f"{r.meta.get('ours_headline') or ''}\n{top}\n{text}"
            by_src.setdefault("tf", []).append(score_tf_page(r.gold.get("with", []), r.gold.get("without", []), text))
        else:
            by_src.setdefault(r.src, []).append(score_sh_page(r.gold.get("articleBody", ""), text))
    out = {}
    for src, pages in by_src.items():
        if src == "tf":
            out[src] = aggregate_tf([p for p in pages if isinstance(p, TfPage)])
        else:
            out[src] = aggregate_sh([p for p in pages if isinstance(p, ShPage)])
    return out


def categories(runs: Sequence[PageRun]) -> list[str]:
    """Every rule category that removed something on the HTML path."""
    return sorted({c for r in runs for lines in r.lines.values() for _l, c in lines if c and c not in ALWAYS})


def choose(train: Sequence[PageRun], cats: Sequence[str]) -> tuple[str, frozenset[str], dict[str, dict[str, float]]]:
    """On training pages: categories that cost no recall, then the option set with the best mean F1."""
    best: tuple[float, str, frozenset[str]] | None = None
    effects: dict[str, dict[str, float]] = {}
    peer = score(train, lambda r: r.peer)
    for name in OPTION_SETS:
        all_on = frozenset(cats)
        base = score(train, lambda r, n=name, e=all_on: body(r.lines.get(n, []), e))
        kept = set(cats)
        for c in cats:
            without = score(train, lambda r, n=name, e=all_on - {c}: body(r.lines.get(n, []), e))
            d_recall = min(base[s].recall - without[s].recall for s in base)
            d_f1 = statistics.fmean(base[s].f1 - without[s].f1 for s in base)
            if name == "comments-off":
                effects[c] = {"recall": d_recall, "f1": d_f1}
            if d_recall < -RECALL_COST_EPS or d_f1 < 0:
                kept.discard(c)
        enabled = frozenset(kept)
        got = score(train, lambda r, n=name, e=enabled: body(r.lines.get(n, []), e))
        if "tf" in got and got["tf"].dropped_content > peer["tf"].dropped_content:
            continue
        mean_f1 = statistics.fmean(s.f1 for s in got.values())
        if best is None or mean_f1 > best[0]:
            best = (mean_f1, name, enabled)
    if best is None:  # every option set loses tf snippets: fall back to the shipped one, all on
        return "comments-off", frozenset(cats), effects
    return best[1], best[2], effects


def fold_of(group: str) -> int:
    """Stable fold of a domain group."""
    return int(hashlib.sha1(group.encode()).hexdigest(), 16) % K_FOLDS


def cross_validate(runs: Sequence[PageRun]) -> tuple[dict[str, Any], dict[str, Any], list[str]]:
    """Held-out scores (choice made on the other folds) and the peer on the same pages."""
    cats = categories(runs)
    held: list[tuple[PageRun, str]] = []
    log = []
    for k in range(K_FOLDS):
        train = [r for r in runs if fold_of(r.group) != k]
        test = [r for r in runs if fold_of(r.group) == k]
        name, enabled, _eff = choose(train, cats)
        log.append(f"fold {k}: {len(test)} held-out pages; options {name}; categories on: {', '.join(sorted(enabled))}")
        held.extend((r, body(r.lines.get(name, []), enabled)) for r in test)
    texts = {id(r): t for r, t in held}
    return score([r for r, _ in held], lambda r: texts[id(r)]), score(runs, lambda r: r.peer), log


def _cell(s: Any) -> str:
    return f"{s.f1:.3f} ({s.precision:.3f}/{s.recall:.3f})"


def _lost(s: Any) -> str:
    return str(s.dropped_content) if s.dropped_content is not None else "—"


def report(runs: Sequence[PageRun]) -> None:
    """Print every table."""
    cats = categories(runs)
    peer = score(runs, lambda r: r.peer)
    from cleaner.html import HTML_RULE_CATEGORIES

    ours = score(runs, lambda r: body(r.lines.get("comments-off", []), HTML_RULE_CATEGORIES))
    cv, _cv_peer, log = cross_validate(runs)
    print("## Body: ours vs trafilatura alone (same run)")
    print(
        "| src | pages | trafilatura F1 (P/R) | ours, shipped F1 (P/R) | ours, CV held-out F1 (P/R) "
        "| tf lost traf → ours → CV |"
    )
    print("|---|---|---|---|---|---|")
    for src in SOURCES:
        if src not in peer:
            continue
        lost = f"{_lost(peer[src])} → {_lost(ours[src])} → {_lost(cv[src])}" if src == "tf" else ""
        n = sum(1 for r in runs if r.src == src)
        print(f"| {src} | {n} | {_cell(peer[src])} | {_cell(ours[src])} | {_cell(cv[src])} | {lost} |")
    print()
    print(f"CV: {K_FOLDS} folds by domain group; per fold the choice is made on the other folds:")
    for line in log:
        print(f"  {line}")
    print()
    print("## Rule categories on the HTML path (options comments-off, all dev pages): effect of switching each on")
    print("| category | " + " | ".join(f"{s} ΔF1 / ΔR" for s in SOURCES if s in peer) + " | tf lost Δ |")
    print("|---|" + "---|" * (len([s for s in SOURCES if s in peer]) + 1))
    all_on = frozenset(cats)
    base = score(runs, lambda r: body(r.lines.get("comments-off", []), all_on))
    for c in cats:
        without = score(runs, lambda r, e=all_on - {c}: body(r.lines.get("comments-off", []), e))
        cells = [f"{base[s].f1 - without[s].f1:+.4f} / {base[s].recall - without[s].recall:+.4f}" for s in base]
        dl = (base["tf"].dropped_content or 0) - (without["tf"].dropped_content or 0) if "tf" in base else 0
        print(f"| {c} | " + " | ".join(cells) + f" | {dl:+d} |")
    print()
    print("## Option sets, all rules on (all dev pages)")
    print("| options | " + " | ".join(f"{s} F1 (P/R)" for s in SOURCES if s in peer) + " | tf lost |")
    print("|---|" + "---|" * (len([s for s in SOURCES if s in peer]) + 1))
    for name in OPTION_SETS:
        got = score(runs, lambda r, n=name: body(r.lines.get(n, []), all_on))
        print(f"| {name} | " + " | ".join(_cell(got[s]) for s in got) + f" | {_lost(got.get('tf', peer['tf']))} |")
    print()
    metadata_report(runs)
    secs = [r.seconds for r in runs if r.seconds]
    print(f"\n{len(runs)} pages; our pipeline {statistics.fmean(secs) * 1000:.0f} ms/page mean (informative only)")
    not_sniffed = [r.key for r in runs if r.meta.get("sniffed_html") is False]
    markup = [f"{r.key}: {r.meta['markup'][:40]}" for r in runs if r.meta.get("markup")]
    print(f"pages not recognised as HTML from their text: {len(not_sniffed)} {not_sniffed[:10]}")
    print(f"bodies holding markup: {len(markup)} {markup[:10]}")


def _norm(s: str | None) -> str:
    return " ".join((s or "").split()).casefold()


def metadata_report(runs: Sequence[PageRun]) -> None:
    """Agreement of each field with what the page declares, on pages that declare it."""
    rows = [r.meta for r in runs if r.meta]
    print("## Metadata against what the page declares (pages that declare the field)")
    print("| field | pages | ours agrees | trafilatura agrees |")
    print("|---|---|---|---|")

    def line(name: str, pairs: list[tuple[bool, bool]]) -> None:
        n = len(pairs)
        if n:
            o, t = sum(p[0] for p in pairs), sum(p[1] for p in pairs)
            print(f"| {name} | {n} | {o} ({o / n:.1%}) | {t} ({t / n:.1%}) |")

    line(
        "headline (JSON-LD, else og:title minus og:site_name)",
        [
            (
                _norm(m["ours_headline"]) == _norm(m["declared_headline"]),
                _norm(m["traf_headline"]) == _norm(m["declared_headline"]),
            )
            for m in rows
            if m.get("declared_headline")
        ],
    )
    timed = [m for m in rows if m.get("declared_published") and "T" in str(m["declared_published"])]
    line(
        "datePublished keeps declared time",
        [("T" in str(m.get("ours_published") or ""), "T" in str(m.get("traf_published") or "")) for m in timed],
    )
    line(
        "datePublished same day as declared",
        [
            (
                str(m.get("ours_published") or "")[:10] == str(m["declared_published"])[:10],
                str(m.get("traf_published") or "")[:10] == str(m["declared_published"])[:10],
            )
            for m in rows
            if m.get("declared_published") and str(m["declared_published"])[:4].isdigit()
        ],
    )
    line(
        "dateModified same day as declared",
        [
            (str(m.get("ours_modified") or "")[:10] == str(m["declared_modified"])[:10], False)
            for m in rows
            if m.get("declared_modified") and str(m["declared_modified"])[:4].isdigit()
        ],
    )
    line(
        "authors: every declared name present",
        [
            (
                all(_norm(a) in {_norm(x) for x in m["ours_authors"]} for a in m["declared_authors"]),
                all(_norm(a) in _norm(m.get("traf_author")) for a in m["declared_authors"]),
            )
            for m in rows
            if m.get("declared_authors") and not any("://" in a for a in m["declared_authors"])
        ],
    )
    line(
        "publisher (og:site_name, else JSON-LD)",
        [
            (
                _norm(m["ours_publisher"]) == _norm(m["declared_publisher"]),
                _norm(m["traf_publisher"]) == _norm(m["declared_publisher"]),
            )
            for m in rows
            if m.get("declared_publisher")
        ],
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the pages in a pool, then print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--dn-sample", type=int, default=None, help="score only this many dn pages (stable sample)")
    ap.add_argument("--limit", type=int, default=None, help="at most this many pages per source (smoke runs)")
    ap.add_argument("--dn-skip", type=int, default=0, help="skip this many dn pages of the stable order (unseen pages)")
    ap.add_argument("--sources", default=",".join(SOURCES), help="comma-separated subset of " + ",".join(SOURCES))
    ap.add_argument(
        "--metadata-only", action="store_true", help="only the metadata table (one extraction per page, no rules)"
    )
    ap.add_argument("--dump", type=Path, help="also write the per-page runs (JSON) here")
    ap.add_argument("--load", type=Path, help="re-score runs written by --dump instead of running")
    ap.add_argument(
        "--recompute-meta",
        action="store_true",
        help="with --load: re-read each page's declarations and re-choose the headline (trafilatura's from the dump)",
    )
    args = ap.parse_args(argv)
    if args.load:
        runs = load_dump(args.load)
        if args.recompute_meta:
            recompute_meta(runs, args.corpus)
        report(runs)
        return 0
    pages = load_pages(args.corpus, args.dn_sample, args.dn_skip, args.sources.split(","))
    if args.limit:
        pages = [p for src in SOURCES for p in [q for q in pages if q[0] == src][: args.limit]]
    if not pages:
        print(f"no pages under {args.corpus}", file=sys.stderr)
        return 2
    t0 = time.perf_counter()
    with ProcessPoolExecutor(args.workers, initializer=_init) as pool:
        runs = list(pool.map(metadata_page if args.metadata_only else run_page, *zip(*pages, strict=True), chunksize=4))
    print(f"{len(runs)} pages run in {time.perf_counter() - t0:.0f} s, {args.workers} workers\n")
    if args.metadata_only:
        metadata_report(runs)
        return 0
    if args.dump:
        args.dump.write_text(json.dumps([_as_dict(r) for r in runs]))
    report(runs)
    return 0


def _as_dict(r: PageRun) -> dict[str, Any]:
    return {f: getattr(r, f) for f in PageRun.__slots__}  # type: ignore[attr-defined]


def recompute_meta(runs: Sequence[PageRun], corpus: Path) -> None:
    """Headline yardstick and our headline again, from the page and the dumped trafilatura values."""
    from cleaner.html import parse_page
    from cleaner.html.declared import read_declared
    from cleaner.html.page_meta import choose_headline
    from cleaner.io.decode import decode_bytes
    from cleaner.pipeline import Cleaner
    from cleaner.sites import domain_of

    site_names = [s.publisher for s in Cleaner().ruleset.sites if s.publisher]  # as the pipeline passes them
    for r in runs:
        if not r.meta:
            continue
        html, _w = decode_bytes((corpus / r.key / "page.html.gz").read_bytes())
        tree, _ = parse_page(html)
        if tree is None:
            continue
        d = read_declared(tree)
        site = d.first("og_site_name")
        r.meta["declared_headline"] = _strip_exact(d.jsonld_headline or d.first("og_title"), (site, d.jsonld_publisher))
        names = [site, d.jsonld_publisher, d.first("application_name"), *site_names]
        r.meta["ours_headline"] = choose_headline(d, r.meta.get("traf_headline"), names, domain_of(r.gold.get("url")))


def load_dump(path: Path) -> list[PageRun]:
    """Runs written by --dump, to re-score without re-running."""
    return [PageRun(**d) for d in json.loads(path.read_text())]


if __name__ == "__main__":
    sys.exit(main())
