"""Batch templates (issue 12): what `batch --learn` gains over plain `batch`, and what it costs.

    python benchmarks/templates.py --corpus ../shared/corpus/dev            # every section
    python benchmarks/templates.py --only quality                          # dev/sites F1, guards, eras
    python benchmarks/templates.py --only mixed                            # sh/tf/dn: --learn changes nothing
    python benchmarks/templates.py --only speed                            # batch --learn vs batch, same run

Inputs are built the way a user has them: one JSONL file per source and rendering, one record
per page with its URL from gold.json, cleaned with `run_batch` exactly as `cleaner batch` does
(the learning pass is the CLI's own `learn_for_batch`). Scores use benchmarks/quality.py's metric
functions: shingle P/R/F1 macro-averaged for articleBody golds, snippet tests for tf.

Nothing here is tuned on the scores: the thresholds are issue 12's (30% of pages, 3 pages, 5
pages per site). Learning is unsupervised and per site, so every site is a "site never seen in
development"; the per-site rows show that the gain is not one site's.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality  # noqa: E402  (benchmarks/quality.py: the metric functions)

from cleaner.batch import BatchOptions, run_batch  # noqa: E402
from cleaner.cli.learn_cmd import learn_for_batch, run_learning  # noqa: E402
from cleaner.io.readers import FieldNames  # noqa: E402
from cleaner.pipeline import Cleaner  # noqa: E402
from cleaner.rules.schema import load_rules  # noqa: E402
from cleaner.templates.learner import LearnOptions  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
SECTIONS = ("quality", "eras", "mixed", "speed")
# The eras experiment dates each dev site's pages with a year of its own, as if one site had
# changed its template three times.
ERA_YEARS = {"bbc.co.uk": "2010", "blogs.wsj.com": "2011", "tv.msnbc.com": "2012", "washingtonpost.com": "2013"}
RENDERINGS = ("fulltext", "article")
MIXED_SOURCES = ("sh", "tf", "dn")
# Issue 12's targets.
TARGET_GAIN = 0.04
TARGET_MAX_RECALL_DROP = 0.005
TARGET_FIRST5_SHARE = 0.5
TARGET_SPEED_RATIO = 0.6
FIRST_PAGES = 5
# Timings: best of this many runs each, interleaved, on a shared machine.
SPEED_PASSES = 2
# dn pages added to the speed batch (mixed sites, some learned, some not); the first ones in name
# order, so every run times the same batch. All 1,272 took over 25 minutes on the shared machine.
SPEED_DN_PAGES = 400


@dataclass(frozen=True, slots=True)
class CorpusPage:
    """One gold page and its rendering text."""

    src: str
    pid: str
    gold: dict[str, Any]
    text: str


def load(corpus: Path, src: str, rendering: str) -> list[CorpusPage]:
    """A source's pages with text, in name order."""
    out = []
    for d in sorted((corpus / src).iterdir()):
        f = d / quality.RENDERINGS[rendering]
        if (d / "gold.json").is_file() and f.is_file():
            out.append(CorpusPage(src, d.name, json.loads((d / "gold.json").read_text("utf-8")), f.read_text("utf-8")))
    return out


def write_jsonl(pages: Sequence[CorpusPage], path: Path) -> Path:
    """Records as a scraper hands them over: id, URL (when the gold has one), text."""
    with path.open("w", encoding="utf-8") as fh:
        for p in pages:
            rec: dict[str, Any] = {"id": p.pid, "text": p.text}
            if p.gold.get("url"):
                rec["url"] = p.gold["url"]
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    return path


def clean_batch(src: Path, out: Path, cleaner: Cleaner) -> dict[str, dict[str, Any]]:
    """`cleaner batch SRC --jsonl OUT -j 1`, records keyed by id."""
    opts = BatchOptions(inputs=[str(src)], jsonl=str(out), jobs=1, force=True)
    run_batch(opts, cleaner)
    recs = [json.loads(line) for line in out.read_text("utf-8").splitlines() if line.strip()]
    return {r["id"]: r for r in recs}


def learned_cleaner(
    src: Path, rules_dir: Path, base: Cleaner, options: LearnOptions, **kw: Any
) -> tuple[Cleaner, dict[str, Any]]:
    """The learning pass with given options, then a Cleaner with the shipped plus learned rules."""
    run = run_learning([str(src)], base, rules_dir, fields=FieldNames(), options=options, **kw)
    if not run.written:
        return base, run.summary()
    return Cleaner(load_rules([rules_dir])), run.summary()


def score(pages: Sequence[CorpusPage], recs: dict[str, dict[str, Any]]) -> quality.Score:
    """The source's own metric over the batch output."""
    if pages and "with" in pages[0].gold:
        return quality.aggregate_tf(
            [
                quality.score_tf_page(
                    p.gold["with"], p.gold.get("without", []), recs.get(p.pid, {}).get("articleBody") or ""
                )
                for p in pages
            ]
        )
    return quality.aggregate_sh(
        [
            quality.score_sh_page(p.gold.get("articleBody", ""), recs.get(p.pid, {}).get("articleBody") or "")
            for p in pages
        ]
    )


def _cell(s: quality.Score) -> str:
    return f"{s.f1:.3f} ({s.precision:.3f}/{s.recall:.3f})"


# Variants of the learning pass: (name, LearnOptions, extra run_learning arguments).
VARIANTS: list[tuple[str, LearnOptions, dict[str, Any]]] = [
    ("learn (defaults)", LearnOptions(), {}),
    (f"learn, first {FIRST_PAGES} pages per site", LearnOptions(), {"first_pages": FIRST_PAGES}),
    ("eras off: all years of a site pooled", LearnOptions(), {"eras": "none"}),
    ("guard off: headline", LearnOptions(guard_headline=False), {}),
    ("guard off: prose needs more support", LearnOptions(guard_prose=False), {}),
    ("guard off: min share (3 pages suffice)", LearnOptions(min_share=0.0001), {}),
    ("guard: min share 0.5", LearnOptions(min_share=0.5), {}),
    ("runs off (drop-line only)", LearnOptions(runs=False), {}),
]


def section_quality(corpus: Path, tmp: Path) -> list[str]:
    """dev/sites: plain batch against every learning variant, per rendering, then per site."""
    base = Cleaner()
    out: list[str] = ["## dev/sites: batch vs batch --learn", ""]
    out.append("| rendering | variant | F1 (P/R) | ΔF1 | Δrecall | rules |")
    out.append("|---|---|---|---|---|---|")
    per_site: list[str] = []
    checks: list[str] = []
    for rendering in RENDERINGS:
        pages = load(corpus, "sites", rendering)
        src = write_jsonl(pages, tmp / f"sites-{rendering}.jsonl")
        plain = clean_batch(src, tmp / f"plain-{rendering}.jsonl", base)
        ref = score(pages, plain)
        out.append(f"| {rendering} | plain batch | {_cell(ref)} | | | |")
        results: dict[str, quality.Score] = {}
        once_off = _once_per_page_off(src, tmp, base, pages, rendering, ref)
        for name, opts, kw in VARIANTS:
            rules_dir = tmp / f"rules-{rendering}-{len(results)}"
            cleaner, summary = learned_cleaner(src, rules_dir, base, opts, **kw)
            recs = clean_batch(src, tmp / f"learn-{rendering}-{len(results)}.jsonl", cleaner)
            s = results[name] = score(pages, recs)
            n_rules = sum(v["rules"] for v in summary["sites"].values())
            delta = f"{s.f1 - ref.f1:+.3f} | {s.recall - ref.recall:+.4f}"
            out.append(f"| {rendering} | {name} | {_cell(s)} | {delta} | {n_rules} |")
            if name == "learn (defaults)":
                per_site += _per_site(rendering, pages, plain, recs)
        out.append(once_off)
        gain = results["learn (defaults)"].f1 - ref.f1
        drop = ref.recall - results["learn (defaults)"].recall
        first5 = results[f"learn, first {FIRST_PAGES} pages per site"].f1 - ref.f1
        checks += [
            f"- {rendering}: gain {gain:+.3f} (target +{TARGET_GAIN}) {'met' if gain >= TARGET_GAIN else 'NOT met'}; "
            f"recall drop {drop:.4f} (target <= {TARGET_MAX_RECALL_DROP}) "
            f"{'met' if drop <= TARGET_MAX_RECALL_DROP else 'NOT met'}; first {FIRST_PAGES} pages: {first5:+.3f} = "
            f"{first5 / gain if gain else 0:.0%} of the gain (target >= {TARGET_FIRST5_SHARE:.0%}) "
            f"{'met' if gain and first5 / gain >= TARGET_FIRST5_SHARE else 'NOT met'}"
        ]
    out += ["", "### per site (learn, defaults)", "", "| rendering | site | pages | plain F1 (P/R) | learn F1 (P/R) |"]
    out += ["|---|---|---|---|---|", *per_site, "", "### targets", "", *checks]
    return out


def _once_per_page_off(
    src: Path, tmp: Path, base: Cleaner, pages: Sequence[CorpusPage], rendering: str, ref: quality.Score
) -> str:
    """The 'count a line once per page' guard off: every repeat within a page counts as support."""
    from cleaner.io.readers import FieldNames as _F
    from cleaner.sites import SiteDetector  # noqa: F401  (the base cleaner's detector is used)
    from cleaner.templates.collect import collect
    from cleaner.templates.learner import learn
    from cleaner.templates.rulefile import write_rules

    res = collect([str(src)], base.detector, fields=_F(), once_per_page=False)
    rules_dir = tmp / f"rules-{rendering}-once-off"
    written = write_rules(learn(res.counts), rules_dir, None, dict(res.domains))
    cleaner = Cleaner(load_rules([rules_dir])) if written else base
    s = score(pages, clean_batch(src, tmp / f"learn-{rendering}-once-off.jsonl", cleaner))
    n = sum(w.rules for w in written)
    return (
        f"| {rendering} | guard off: count a line once per page | {_cell(s)} | {s.f1 - ref.f1:+.3f} "
        f"| {s.recall - ref.recall:+.4f} | {n} |"
    )


def _per_site(
    rendering: str, pages: Sequence[CorpusPage], plain: dict[str, dict[str, Any]], learned: dict[str, dict[str, Any]]
) -> list[str]:
    rows = []
    for site in sorted({p.gold["site"] for p in pages}):
        group = [p for p in pages if p.gold["site"] == site]
        a, b = score(group, plain), score(group, learned)
        rows.append(f"| {rendering} | {site} | {len(group)} | {_cell(a)} | {_cell(b)} |")
    return rows


def section_eras(corpus: Path, tmp: Path) -> list[str]:
    """Template eras, simulated on real pages: the four dev sites pooled as one site whose
    template changed three times (each real site one era, dated by ERA_YEARS, URLs dropped so
    that only the site field groups). Pooled, each era's chrome is on 15-44% of the pages; learned
    per year, each era is whole again; the true per-site grouping is the reference."""
    base = Cleaner()
    out = ["## template eras: four sites pooled as one site with four eras (fulltext)", ""]
    out += ["| grouping | F1 (P/R) | ΔF1 vs plain | rules |", "|---|---|---|---|"]
    pages = load(corpus, "sites", "fulltext")
    src = tmp / "eras.jsonl"
    with src.open("w", encoding="utf-8") as fh:
        for p in pages:
            rec = {"id": p.pid, "text": p.text, "site": "pooled.example", "true_site": p.gold["site"]}
            fh.write(json.dumps({**rec, "date": f"{ERA_YEARS[p.gold['site']]}-06-01"}) + "\n")
    # Every run cleans the records with their true site's URL, so the shipped site rules apply alike.
    plain = score(pages, _clean_with_site(src, tmp / "eras-plain.jsonl", base))
    out.append(f"| plain batch | {_cell(plain)} | | |")
    for name, kw in (
        ("one site, all eras pooled (--eras none)", {"site_field": ["site"], "eras": "none"}),
        ("one site, learned per year (--eras year)", {"site_field": ["site"], "eras": "year"}),
        ("true sites (reference)", {"site_field": ["true_site"], "eras": "none"}),
    ):
        rules_dir = tmp / f"rules-eras-{len(out)}"
        run = run_learning([str(src)], base, rules_dir, fields=FieldNames(), **kw)  # type: ignore[arg-type]
        cleaner = base
        if run.written:
            pooled = rules_dir / "pooled.example.toml"
            if pooled.is_file():
                # The pooled site is one site: its rules must reach all four hosts the pages are on.
                hosts = json.dumps(sorted(ERA_YEARS))
                pooled.write_text(
                    pooled.read_text("utf-8").replace("domains = ['pooled.example']", f"domains = {hosts}")
                )
            cleaner = Cleaner(load_rules([rules_dir]))
        recs = _clean_with_site(src, tmp / f"eras-{len(out)}.jsonl", cleaner)
        s = score(pages, recs)
        n = sum(v["rules"] for v in run.summary()["sites"].values())
        out.append(f"| {name} | {_cell(s)} | {s.f1 - plain.f1:+.3f} | {n} |")
    return out


def _clean_with_site(src: Path, out: Path, cleaner: Cleaner) -> dict[str, dict[str, Any]]:
    """Clean each record with a URL on its true site's host (the corpus URLs are left out of the
    learning input so that only the site field groups)."""
    recs = [json.loads(line) for line in src.read_text("utf-8").splitlines()]
    routed = out.with_suffix(".in.jsonl")
    with routed.open("w", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps({"id": r["id"], "text": r["text"], "url": f"https://{r['true_site']}/page"}) + "\n")
    return clean_batch(routed, out, cleaner)


def section_mixed(corpus: Path, tmp: Path) -> list[str]:
    """The other dev sources: sh and tf have one or two pages per site, so --learn must learn
    nothing and change nothing there; dn holds some sites with 15-23 pages, where it may learn."""
    base = Cleaner()
    out = ["## other dev sources: what batch --learn changes (sh, tf: 1-2 pages per site; dn: some sites 15+)", ""]
    out.append("| source | rendering | pages | sites learned | rules | outputs changed | plain F1 | learn F1 |")
    out.append("|---|---|---|---|---|---|---|---|")
    for src_name in MIXED_SOURCES:
        pages = load(corpus, src_name, "fulltext")
        src = write_jsonl(pages, tmp / f"{src_name}.jsonl")
        rules_dir = tmp / f"rules-{src_name}"
        cleaner, summary = learned_cleaner(src, rules_dir, base, LearnOptions())
        n_rules = sum(v["rules"] for v in summary["sites"].values())
        learned_sites = sum(1 for v in summary["sites"].values() if v["rules"])
        if cleaner is base:
            changed, a_cell, b_cell = "0 (no rules: same cleaner)", "", ""
        else:
            plain = clean_batch(src, tmp / f"{src_name}-plain.jsonl", base)
            learned = clean_batch(src, tmp / f"{src_name}-learn.jsonl", cleaner)
            n_changed = sum(plain[k].get("articleBody") != learned[k].get("articleBody") for k in plain)
            a, b = score(pages, plain), score(pages, learned)
            changed, a_cell, b_cell = str(n_changed), _cell(a), _cell(b)
            if a.dropped_content is not None:
                b_cell += f", dropped_content {a.dropped_content} → {b.dropped_content}"
        out.append(
            f"| {src_name} | fulltext | {len(pages)} | {learned_sites} | {n_rules} | {changed} | {a_cell} | {b_cell} |"
        )
    return out


def section_speed(corpus: Path, tmp: Path) -> list[str]:
    """Throughput of `batch --learn` (learning pass + cleaning with the learned rules) against plain
    `batch`, same inputs, same run, -j 1, best of SPEED_PASSES interleaved."""
    pages = [p for r in RENDERINGS for p in load(corpus, "sites", r)] + load(corpus, "dn", "fulltext")[:SPEED_DN_PAGES]
    pages = [CorpusPage(p.src, f"{p.pid}-{i}", p.gold, p.text) for i, p in enumerate(pages)]
    src = write_jsonl(pages, tmp / "speed.jsonl")
    size = src.stat().st_size
    base = Cleaner()
    plain_t, learn_t, plain_w, learn_w = [], [], [], []
    for i in range(SPEED_PASSES):
        w0, t0 = time.perf_counter(), time.process_time()
        clean_batch(src, tmp / f"speed-plain-{i}.jsonl", base)
        plain_t.append(time.process_time() - t0)
        plain_w.append(time.perf_counter() - w0)
        w0, t0 = time.perf_counter(), time.process_time()
        cleaner, _run = learn_for_batch(
            [str(src)], base, None, fields=FieldNames(), include=(), exclude=(), site_field=None,
            rules=None, select=None, ignore=None, heuristics="auto",
        )  # fmt: skip
        clean_batch(src, tmp / f"speed-learn-{i}.jsonl", cleaner)
        learn_t.append(time.process_time() - t0)
        learn_w.append(time.perf_counter() - w0)
    p, q = min(plain_t), min(learn_t)
    ratio = p / q
    return [
        "## speed: batch --learn vs batch (same run, -j 1, in-process)",
        "",
        f"{len(pages)} records ({size / 1e6:.1f} MB: dev/sites fulltext+article, first {SPEED_DN_PAGES} dn fulltext)."
        " CPU seconds of this process (all work runs in it with -j 1), best of "
        f"{SPEED_PASSES}; wall-clock beside it, which the shared machine's load distorts.",
        f"- plain batch: {p:.2f} CPU s ({len(pages) / p:.0f} docs/CPU-s); wall {min(plain_w):.2f} s",
        f"- batch --learn: {q:.2f} CPU s ({len(pages) / q:.0f} docs/CPU-s); wall {min(learn_w):.2f} s",
        f"- ratio {ratio:.2f}x (target >= {TARGET_SPEED_RATIO}x) {'met' if ratio >= TARGET_SPEED_RATIO else 'NOT met'};"
        f" wall-clock ratio {min(plain_w) / min(learn_w):.2f}x",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the chosen sections and print markdown."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--only", choices=SECTIONS, action="append")
    args = ap.parse_args(argv)
    if not (args.corpus / "sites").is_dir():
        print(f"templates.py: no dev corpus at {args.corpus}", file=sys.stderr)
        return 2
    sections = {"quality": section_quality, "eras": section_eras, "mixed": section_mixed, "speed": section_speed}
    with tempfile.TemporaryDirectory(prefix="cleaner-templates-bench-") as tmp:
        for name in args.only or SECTIONS:
            print("\n".join(sections[name](args.corpus, Path(tmp))), flush=True)
            print(flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
