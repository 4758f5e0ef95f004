"""Domain-split cross-validation of the cleaner and its learned line stage on the dev corpus.

Folds split pages by their gold url's domain (pages without a url are their own group), so a site is
never scored by a model that saw it. Only sh and tf train; dn and sites are scored by the model trained on
all of sh+tf, which never saw them. Per source and rendering the table shows F1 (P/R) and, for tf, the
must-keep snippets lost, for: the raw rendering, the cleaner without the learned stage, the cleaner with
the stage under cross-validation, and the shipped (fitted) model on dev beside it. tf is scored on
headline + description + body together, so that moving a line into a field does not count as a loss.

    python benchmarks/crossval.py --corpus ../shared/corpus/dev                 # tables
    python benchmarks/crossval.py --corpus ../shared/corpus/dev --write-model   # and write the shipped model
    python benchmarks/crossval.py --corpus ../shared/corpus/dev --attribute     # tf snippets lost per rule id
    python benchmarks/crossval.py --corpus ../shared/corpus/dev --eval-limit 300   # dn, sites: 300 pages each
    python benchmarks/crossval.py --corpus ../shared/corpus/dev --sources sh,tf --gate   # CI: CV figures vs floors
    python benchmarks/crossval.py --corpus ../shared/corpus/dev --ignore HEU003,HEU004   # heuristics off, refit
    python benchmarks/crossval.py --corpus ../shared/corpus/dev --fixed-threshold 0.7    # one threshold, out of fold

The learned stage runs by default, so the quality gate's run (quality.py) scores the shipped model on pages it
was trained on. `--gate` holds the cross-validated figures of the text renderings to the same floors
(benchmarks/quality_baseline.json), as issue 11 asks of the CI gate; the html row stays with quality.py.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import random
import sys
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import quality  # noqa: E402
import train_lines as T  # noqa: E402
from quality_gate import BASELINE, gate, load_baseline, report_gate  # noqa: E402

import cleaner  # noqa: E402
from cleaner.learned.model import LineModel  # noqa: E402
from cleaner.learned.stage import LearnedStage, Proposal  # noqa: E402

WORK = Path(__file__).resolve().parent / "_work"
RENDERINGS = ("fulltext", "article", "paragraphs", "trafilatura")
ALL_SOURCES = ("sh", "tf", "dn", "sites")
DEFAULT_FOLDS = 5
DEFAULT_WORKERS = 2
# 2: features of the kept lines alone (no removed-nearby), 32 features; 3: 43 features (distances from the
# prose and the end, comment threads, dates, ellipses, capitals), content weighted, the issue's cap per rendering;
# 4: 48 features (alternating teaser shapes, dates around, second person, promotion and legal words), trained on
# the stoplist the stage is handed at run time; 5: 54 features (where a line lies against the article's main
# block of prose); 6: the threshold the median of CHOICE_SEEDS inner-split choices (trees unchanged).
MODEL_VERSION = "6"


@dataclass(slots=True)
class Run:
    """One document's output: the fields scored, the kept view before the learned stage, the removals."""

    headline: str
    description: str
    body: str
    prestage: list[str | None] | None
    removed: list[tuple[str, str]]
    # The stoplist the stage was handed with the view (the language guess it reuses), None if it guesses.
    prestop: frozenset[str] | None = None


def load_pages(corpus: Path, sources: Sequence[str] = ALL_SOURCES, eval_limit: int | None = None) -> list[quality.Page]:
    """Every page of the given sources, in name order; of the evaluation-only sources (dn, sites) at most
    `eval_limit` pages each, a seeded sample (dn alone has 1,272 pages, most of a CV run's time)."""
    pages = []
    for src in sources:
        folder = corpus / src
        if not folder.is_dir():
            continue
        dirs = [d for d in sorted(folder.iterdir()) if (d / "gold.json").is_file()]
        if eval_limit is not None and src not in T.TRAIN_SOURCES and len(dirs) > eval_limit:
            dirs = sorted(random.Random(T.SEED).sample(dirs, eval_limit))
        for d in dirs:
            pages.append(quality.Page(src, d.name, d, json.loads((d / "gold.json").read_text(encoding="utf-8"))))
    return pages


class _Recorder(LearnedStage):
    """Stands where the learned stage runs and keeps the kept view it is handed; proposes nothing."""

    def __init__(self) -> None:
        self.last: list[str | None] | None = None
        self.stop: frozenset[str] | None = None

    def forget(self) -> None:
        """No view recorded yet: called before each document."""
        self.last = None
        self.stop = None

    def __call__(
        self, kept: Sequence[str | None], stop: frozenset[str] | None = None
    ) -> tuple[list[Proposal], list[str]]:
        self.last = list(kept)
        self.stop = stop
        return [], []


_cleaners: dict[str, Any] = {}
_models: dict[str, dict[str, Any]] = {}
# Rule or heuristic ids every cleaner of the run ignores (`--ignore`): what a heuristic earns once the stage,
# retrained without it, may take its lines instead.
_ignore: list[str] = []


def _init(models: dict[str, dict[str, Any]], ignore: Sequence[str] = ()) -> None:
    _models.clear()
    _models.update(models)
    _cleaners.clear()
    _ignore[:] = ignore


# `--fixed-threshold`: every fold model at this threshold instead of its own (a check of the shipped one).
_fixed_threshold: list[float] = []


def set_ignore(ignore: Sequence[str]) -> None:
    """Ids every cleaner of this run ignores (and the workers it starts)."""
    _ignore[:] = ignore


def _cleaner(name: str) -> Any:
    from cleaner.pipeline import Cleaner

    if name not in _cleaners:
        if name == "record":
            _cleaners[name] = Cleaner(learned=_Recorder(), ignore=_ignore)
        else:
            _cleaners[name] = Cleaner(learned=LearnedStage(LineModel.from_dict(_models[name])), ignore=_ignore)
    return _cleaners[name]


def _run(path: Path, rendering: str, name: str) -> Run:
    cleaner = _cleaner(name)
    text = quality.read_rendering(path, rendering)
    if name == "record":
        # The adapter calls the stage only on a page worth reading: a page it skips must record no view, not
        # the view of the document this process cleaned before it.
        cleaner.learned.forget()
    art = cleaner.clean(text)
    prestage = cleaner.learned.last if name == "record" else None
    prestop = cleaner.learned.stop if name == "record" else None
    removed = [(r.rule, r.text) for r in art.removed]
    return Run(art.headline or "", art.description or "", art.body, prestage, removed, prestop)


def run_all(
    jobs: Sequence[tuple[quality.Page, str, str]], models: dict[str, dict[str, Any]], workers: int
) -> list[Run]:
    """Clean (page, rendering) with the named cleaner ("record" = no learned stage, kept view recorded)."""
    args = [(p.path, r, n) for p, r, n in jobs]
    if workers <= 1:
        _init(models, list(_ignore))
        return [_run(*a) for a in args]
    with ProcessPoolExecutor(workers, initializer=_init, initargs=(models, list(_ignore))) as pool:
        return list(pool.map(_run, *zip(*args, strict=True), chunksize=8))


def code_hash() -> str:
    """Hash of the cleaner's code and rules, and of this script (its recorder), so cached runs are reused only
    for the same cleaner recorded the same way. Only the shipped model is left out: the learned package's code
    decides which views are recorded (`learned.worth_reading`), so a change there must not reuse old runs.

    The package hashed is the one imported, not this checkout's: a base side run with `PYTHONPATH=<other tree>`
    (as `compare_records.py` and the helpers' A/B runs do) must not reuse this tree's cached runs."""
    h = hashlib.sha256(Path(__file__).read_bytes())
    h.update(",".join(_ignore).encode())
    package = Path(cleaner.__file__).resolve().parent
    for p in sorted(package.rglob("*")):
        rel = p.relative_to(package.parent)
        if p.suffix in {".py", ".toml"} and "models" not in rel.parts:
            h.update(rel.as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def collect(pages: Sequence[quality.Page], workers: int) -> dict[tuple[str, str], Run]:
    """The cleaner without the learned stage on every page and rendering; cached per code hash and source."""
    WORK.mkdir(exist_ok=True)
    data: dict[tuple[str, str], Run] = {}
    for src in dict.fromkeys(p.src for p in pages):
        group = [p for p in pages if p.src == src]
        cache = WORK / f"collect-{code_hash()}-{src}-{len(group)}.pkl"
        if cache.is_file():
            data.update(pickle.loads(cache.read_bytes()))
            continue
        jobs = [(p, r, "record") for p in group for r in RENDERINGS]
        runs = run_all(jobs, {}, workers)
        part = {(p.key, r): run for (p, r, _n), run in zip(jobs, runs, strict=True)}
        tmp = cache.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(part))
        tmp.replace(cache)
        data.update(part)
    return data


def scored_text(page: quality.Page, run: Run) -> str:
    """tf: headline + description + body; shingle sources: the body, as their golds hold no headline."""
    if page.src == "tf":
        return "\n".join(t for t in (run.headline, run.description, run.body) if t)
    return run.body


def aggregate(pages: Sequence[quality.Page], texts: dict[str, str]) -> quality.Score:
    """The source's own metric over the pages that have a text."""
    rows = [quality.score_page(_as_tf(p), texts[p.key]) for p in pages if p.key in texts]
    if pages[0].src == "tf":
        return quality.aggregate_tf([r for r in rows if isinstance(r, quality.TfPage)])
    return quality.aggregate_sh([r for r in rows if isinstance(r, quality.ShPage)])


def _as_tf(page: quality.Page) -> quality.Page:
    """quality.score_page scores everything that is not tf by shingles; dn and sites are scored like sh."""
    return page if page.src == "tf" else quality.Page("sh", page.pid, page.path, page.gold)


def training_rows(pages: Sequence[quality.Page], runs: dict[tuple[str, str], Run]) -> list[T.DocRows]:
    """DocRows of sh+tf pages from the recorded kept views; cached beside the collected runs."""
    label_code = (
        (ROOT / "cleaner/learned/features.py").read_bytes()
        + Path(T.__file__).read_bytes()
        + repr(T.CONTENT_WEIGHT).encode()
    )
    cache = WORK / f"rows-{code_hash()}-{hashlib.sha256(label_code).hexdigest()[:8]}-{len(pages)}.pkl"
    if cache.is_file():
        rows: list[T.DocRows] = pickle.loads(cache.read_bytes())
        return rows
    rows = []
    for p in pages:
        if p.src not in T.TRAIN_SOURCES:
            continue
        for r in RENDERINGS:
            kept = runs[(p.key, r)].prestage
            d = T.doc_rows(p.key, r, p.src, kept, p.gold, runs[(p.key, r)].prestop) if kept is not None else None
            if d is None or not len(d.y):
                d = T.unread_doc(p.key, r, p.src, p.gold)
            if p.src == "tf":
                d.raw_lost = _lost(p, quality.read_rendering(p.path, r))
                d.cleaner_lost = _lost(p, scored_text(p, runs[(p.key, r)]))
            rows.append(d)
    cache.write_bytes(pickle.dumps(rows))
    return rows


def _lost(page: quality.Page, text: str) -> int:
    """tf must-keep snippets missing from `text`, as the scorer counts them."""
    norm = quality.normalise(text)
    return sum(1 for s in page.gold.get("with", []) if quality.normalise(s) not in norm)


def table(pages: Sequence[quality.Page], columns: dict[str, dict[tuple[str, str], Run]], raw: bool = True) -> list[str]:
    """Markdown rows: rendering, source, then F1 (P/R) [lost] per column."""
    names = (["raw"] if raw else []) + list(columns)
    out = ["| rendering | src | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]
    for r in RENDERINGS:
        for src in ALL_SOURCES:
            group = [p for p in pages if p.src == src]
            if not group:
                continue
            cells = []
            if raw:
                texts = {p.key: quality.read_rendering(p.path, r) for p in group}
                cells.append(_cell(aggregate(group, texts)))
            for runs in columns.values():
                texts = {p.key: scored_text(p, runs[(p.key, r)]) for p in group if (p.key, r) in runs}
                cells.append(_cell(aggregate(group, texts)) if texts else "—")
            out.append(f"| {r} | {src} | " + " | ".join(cells) + " |")
    return out


def _cell(s: quality.Score) -> str:
    lost = f" lost {s.dropped_content}" if s.dropped_content is not None else ""
    return f"{s.f1:.3f} ({s.precision:.2f}/{s.recall:.2f}){lost}"


def attribute(pages: Sequence[quality.Page], runs: dict[tuple[str, str], Run]) -> dict[str, Counter[str]]:
    """Per rendering: tf must-keep snippets present in the raw rendering but lost, by the rule that removed them."""
    out: dict[str, Counter[str]] = {}
    for r in RENDERINGS:
        c: Counter[str] = Counter()
        for p in pages:
            if p.src != "tf":
                continue
            raw = quality.normalise(quality.read_rendering(p.path, r))
            run = runs[(p.key, r)]
            ours = quality.normalise(scored_text(p, run))
            removed = [(rule, quality.normalise(text)) for rule, text in run.removed]
            for s in p.gold.get("with", []):
                ns = quality.normalise(s)
                if ns in raw and ns not in ours:
                    rule = next((rule for rule, t in removed if ns in t), None)
                    if rule is None:
                        rule = next((rule for rule, t in removed if t and t in ns), "?split")
                    c[rule] += 1
        out[r] = c
    return out


def cross_validate(
    pages: Sequence[quality.Page], runs: dict[tuple[str, str], Run], k: int, workers: int
) -> tuple[dict[tuple[str, str], Run], dict[str, dict[str, Any]], LineModel, dict[str, int]]:
    """Fold models (each trained without its fold's domains) applied to their held-out pages, and the full model."""
    train_pages = [p for p in pages if p.src in T.TRAIN_SOURCES]
    T.set_urls({p.key: p.gold.get("url") for p in train_pages})
    fold = T.folds([(p.key, p.gold.get("url")) for p in train_pages], k)
    rows = training_rows(pages, runs)
    models: dict[str, dict[str, Any]] = {}
    for f in range(k):
        m = T.fit_with_threshold([d for d in rows if fold[d.key] != f], k)
        if _fixed_threshold:
            m = m.with_cutoff(_fixed_threshold[0])
        models[f"fold{f}"] = m.to_dict()
        print(f"fold {f}: threshold {m.cutoff:.2f}", file=sys.stderr)
    full = T.fit_with_threshold(rows, k)
    models["full"] = full.to_dict()
    jobs = [(p, r, f"fold{fold[p.key]}") for p in train_pages for r in RENDERINGS]
    jobs += [(p, r, "full") for p in pages for r in RENDERINGS]
    results = run_all(jobs, models, workers)
    cv: dict[tuple[str, str], Run] = {}
    fitted: dict[tuple[str, str], Run] = {}
    for (p, r, name), run in zip(jobs, results, strict=True):
        (fitted if name == "full" else cv)[(p.key, r)] = run
    # dn and sites are never trained on: the full model's score on them is already out of sample.
    for p in pages:
        if p.src not in T.TRAIN_SOURCES:
            for r in RENDERINGS:
                cv[(p.key, r)] = fitted[(p.key, r)]
    return cv, {"fitted": fitted}, full, fold  # type: ignore[return-value]


def cv_scored(pages: Sequence[quality.Page], cv: dict[tuple[str, str], Run]) -> dict[str, dict[str, quality.Score]]:
    """Per rendering and source of `pages`: the source's own metric over the CV runs."""
    out: dict[str, dict[str, quality.Score]] = {}
    for r in RENDERINGS:
        for src in ALL_SOURCES:
            group = [p for p in pages if p.src == src]
            if group:
                out.setdefault(r, {})[src] = aggregate(group, {p.key: scored_text(p, cv[(p.key, r)]) for p in group})
    return out


def cv_scores(pages: Sequence[quality.Page], cv: dict[tuple[str, str], Run]) -> dict[str, dict[str, Any]]:
    """Per rendering and source: CV F1, precision, recall and (tf) lost snippets, for the model file."""
    out: dict[str, dict[str, Any]] = {}
    for r, by_src in cv_scored(pages, cv).items():
        for src, s in by_src.items():
            cell: dict[str, Any] = {"f1": round(s.f1, 4), "p": round(s.precision, 4), "r": round(s.recall, 4)}
            if s.dropped_content is not None:
                cell["lost"] = s.dropped_content
            out.setdefault(r, {})[src] = cell
    return out


def cv_gate(
    corpus: Path, k: int, workers: int, sources: Sequence[str], eval_limit: int | None, baseline: Path = BASELINE
) -> int:
    """The quality gate on cross-validated figures: every text rendering's floors, the model never scoring a
    page whose domain it was trained on."""
    pages = load_pages(corpus, [s for s in sources if s in T.TRAIN_SOURCES], eval_limit)
    runs = collect(pages, workers)
    cv, _extra, _full, _fold = cross_validate(pages, runs, k, workers)
    print("\n".join(table(pages, {"cleaner": runs, "cleaner+learned (CV)": cv})))
    return report_gate(cv_checks(pages, cv, load_baseline(baseline)), baseline)


def cv_checks(pages: Sequence[quality.Page], cv: dict[tuple[str, str], Run], floors: dict[str, Any]) -> list[Any]:
    """The baseline's floors of the text renderings against the CV figures (the html row is quality.py's)."""
    text_rows = {r: pins for r, pins in floors.get("rows", {}).items() if r in RENDERINGS}
    scores = {r: {src: {"ours": s} for src, s in by_src.items()} for r, by_src in cv_scored(pages, cv).items()}
    return gate(scores, {"rows": text_rows})


def main(argv: Sequence[str] | None = None) -> int:
    """Collect, cross-validate, print the tables; optionally write the shipped model."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, required=True)
    ap.add_argument("--folds", type=int, default=DEFAULT_FOLDS)
    ap.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    ap.add_argument("--sources", default=",".join(ALL_SOURCES))
    ap.add_argument("--eval-limit", type=int, default=None, help="score at most N pages of dn and of sites (seeded)")
    ap.add_argument("--write-model", action="store_true", help="write cleaner/models/lines.json")
    ap.add_argument("--attribute", action="store_true", help="only the per-rule loss table of the cleaner")
    ap.add_argument("--gate", action="store_true", help="exit 1 when a CV figure misses its quality_baseline floor")
    ap.add_argument("--ignore", default="", help="ids every cleaner ignores, comma-separated (experiments)")
    ap.add_argument(
        "--stage-cap-tf", type=float, default=None, help="the stage's own tf loss cap (train_lines.LOSS_CAP_TF)"
    )
    ap.add_argument(
        "--drop",
        default=None,
        help="features the trees may not split on, comma-separated (ablations; default train_lines.DROPPED)",
    )
    ap.add_argument(
        "--fixed-threshold", type=float, default=None, help="every fold model at this threshold (check the shipped one)"
    )
    args = ap.parse_args(argv)
    if args.drop is not None:
        T.DROPPED = frozenset(f for f in args.drop.split(",") if f)
    set_ignore([i for i in args.ignore.split(",") if i])
    if args.fixed_threshold is not None:
        _fixed_threshold[:] = [args.fixed_threshold]
    if args.stage_cap_tf is not None:
        T.LOSS_CAP_TF = args.stage_cap_tf
    if args.gate:
        return cv_gate(args.corpus, args.folds, args.workers, args.sources.split(","), args.eval_limit)
    return train_and_write(
        args.corpus,
        args.folds,
        args.workers,
        args.sources.split(","),
        args.write_model,
        args.attribute,
        args.eval_limit,
    )


def train_and_write(
    corpus: Path,
    k: int = DEFAULT_FOLDS,
    workers: int = DEFAULT_WORKERS,
    sources: Sequence[str] = ALL_SOURCES,
    write: bool = True,
    attribute_only: bool = False,
    eval_limit: int | None = None,
) -> int:
    """The whole run: collect, attribute, cross-validate, score, (write)."""
    started = time.perf_counter()
    pages = load_pages(corpus, sources, eval_limit)
    runs = collect(pages, workers)
    print(f"collected {len(runs)} runs in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    lost = attribute(pages, runs)
    print(
        "tf must-keep snippets lost (present in raw) by rule: "
        + json.dumps({r: dict(c.most_common()) for r, c in lost.items()})
    )
    if attribute_only:
        print("\n".join(table(pages, {"cleaner": runs})))
        return 0
    cv, extra, full, _fold = cross_validate(pages, runs, k, workers)
    print("\n".join(table(pages, {"cleaner": runs, "cleaner+learned (CV)": cv, **extra})))
    print(f"\nshipped threshold {full.cutoff:.2f}; {time.perf_counter() - started:.0f} s")
    if write:
        keys = [p.key for p in pages if p.src in T.TRAIN_SOURCES]
        meta = {
            "version": MODEL_VERSION,
            "trained_on": list(T.TRAIN_SOURCES),
            "renderings": list(RENDERINGS),
            "manifest_sha256": T.manifest_hash(keys, RENDERINGS),
            "seed": T.SEED,
            "folds": k,
            "loss_caps": {"tf": T.LOSS_CAP_TF, "sh": T.LOSS_CAP_SH, "issue_share": T.ISSUE_CAP_SHARE},
            "threshold_choice": {
                "inner_repeats": T.INNER_REPEATS,
                "envelope": T.ENVELOPE,
                "loss_quantile": T.LOSS_QUANTILE,
                "bootstrap": T.BOOTSTRAP,
                "choice_seeds": T.CHOICE_SEEDS,
                "pool_choices": T.POOL_CHOICES,
                "smooth_width": T.SMOOTH_WIDTH,
                "bags": T.BAGS,
            },
            "content_weight": T.CONTENT_WEIGHT,
            "cv_scores": cv_scores(pages, cv),
            "command": "python benchmarks/train_lines.py --corpus ../shared/corpus/dev",
        }
        T.write_model(full, meta)
        print(f"wrote {T.MODEL_PATH}")
    return 0


if __name__ == "__main__":
    # Run through the importable module, so that cached pickles name `crossval.Run`, not `__main__.Run`.
    import crossval

    sys.exit(crossval.main())
