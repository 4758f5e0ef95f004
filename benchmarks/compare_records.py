"""Snapshot every record the cleaner writes for the fixtures and the dev corpus, and diff two snapshots.

A refactor promises "behaviour unchanged"; this script is how that promise is checked. `snapshot`
cleans every fixture and every rendering of every dev-corpus page (sh, tf, dn, sites; the four text
renderings and page.html.gz through the HTML path) and writes one JSON line per document, grouped
into one file per source and rendering. `compare` lists the documents whose records differ.

Run the snapshot of the old code from a pristine checkout of it, so both runs read the same corpus:

    git worktree add /tmp/base <commit>
    PYTHONPATH=/tmp/base .venv/bin/python benchmarks/compare_records.py snapshot /tmp/before
    .venv/bin/python benchmarks/compare_records.py snapshot /tmp/after
    .venv/bin/python benchmarks/compare_records.py compare /tmp/before /tmp/after --drop-key why
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
SOURCES = ("sh", "tf", "dn", "sites")
RENDERINGS = ("fulltext.txt", "article.txt", "paragraphs.txt", "trafilatura.txt", "page.html.gz")
# The machine is shared (2 cores, several agents): two workers finish the corpus in minutes.
DEFAULT_WORKERS = 2
# The records keep their dates stable only against a fixed "today" (year inference reads it).
REFERENCE_DATE = "2026-06-01"
# Pages per task: large enough that pickling a Cleaner per task does not matter.
CHUNK_PAGES = 25

_cleaner: Any = None


def _clean(text: str, html: bool, source: str) -> dict[str, Any]:
    from cleaner.model import Document
    from cleaner.pipeline import Cleaner

    global _cleaner
    if _cleaner is None:
        _cleaner = Cleaner()
    doc = Document(html=text, source=source) if html else Document(text=text, source=source)
    record: dict[str, Any] = _cleaner.clean_document(doc, reference_date=REFERENCE_DATE).to_dict()
    return record


def _read(path: Path) -> tuple[str, bool]:
    from cleaner.io.decode import InputError, decode_bytes

    if path.name == "page.html.gz" or path.suffix in (".html", ".htm"):
        try:
            text, _ = decode_bytes(path.read_bytes())
        except InputError:
            text = ""
        return text, True
    return path.read_text(encoding="utf-8"), False


def _run_chunk(task: tuple[str, str, list[str]]) -> list[tuple[str, str, str]]:
    """(group, key, record json) for each input of one chunk; runs in a worker."""
    group, base, paths = task
    out = []
    for p in paths:
        path = Path(p)
        text, html = _read(path)
        # Keys are relative, so snapshots taken from two checkouts compare.
        key = str(path.relative_to(base))
        try:
            rec = json.dumps(_clean(text, html, key), ensure_ascii=False, sort_keys=False)
        except Exception as exc:  # a crash is a difference worth listing, not a reason to stop
            rec = json.dumps({"error": f"{type(exc).__name__}: {exc}"})
        out.append((group, key, rec))
    return out


def _tasks(corpus: Path, sources: Sequence[str] = SOURCES) -> Iterator[tuple[str, str, list[str]]]:
    fixtures = sorted(str(p) for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".txt", ".html") and p.is_file())
    yield "fixtures", str(ROOT), fixtures
    for src in sources:
        pages = sorted(d for d in (corpus / src).iterdir() if d.is_dir()) if (corpus / src).is_dir() else []
        for rendering in RENDERINGS:
            paths = [str(d / rendering) for d in pages if (d / rendering).is_file()]
            for i in range(0, len(paths), CHUNK_PAGES):
                yield f"{src}.{rendering}", str(corpus), paths[i : i + CHUNK_PAGES]


def snapshot(out: Path, corpus: Path, workers: int, sources: Sequence[str] = SOURCES) -> int:
    """Write <out>/<group>.jsonl, each line {"key": input, "record": ...}, in input order."""
    import cleaner

    print(f"cleaner from {Path(cleaner.__file__).parent}", file=sys.stderr)
    out.mkdir(parents=True, exist_ok=True)
    groups: dict[str, list[str]] = {}
    tasks = list(_tasks(corpus, sources))
    pool = ProcessPoolExecutor(workers) if workers > 1 else None
    results: Iterator[list[tuple[str, str, str]]] = pool.map(_run_chunk, tasks) if pool else map(_run_chunk, tasks)
    n = 0
    for chunk in results:
        for group, key, rec in chunk:
            groups.setdefault(group, []).append(f'{{"key": {json.dumps(key)}, "record": {rec}}}')
            n += 1
    if pool is not None:
        # Shut down here, not at interpreter exit: the exit hook can find the pool's wake-up pipe already closed
        # and prints an ignored "Bad file descriptor" traceback (seen in .ci/run's compiled step).
        pool.shutdown()
    for group, lines in groups.items():
        tmp = out / f".{group}.jsonl.tmp"
        tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
        os.replace(tmp, out / f"{group}.jsonl")
    print(f"{n} records in {len(groups)} files under {out}", file=sys.stderr)
    return 0


def _strip(record: dict[str, Any], drop_keys: Sequence[str]) -> dict[str, Any]:
    """The record without keys a named fix added to each removed/extracted entry."""
    for list_key in ("removed", "extracted"):
        for entry in record.get(list_key) or []:
            for k in drop_keys:
                entry.pop(k, None)
    return record


def _load(path: Path, drop_keys: Sequence[str]) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        out[row["key"]] = json.dumps(_strip(row["record"], drop_keys), ensure_ascii=False)
    return out


def compare(before: Path, after: Path, drop_keys: Sequence[str], show: int) -> int:
    """Print each differing record's key (and the first `show` diffs in full); exit 1 if any differ."""
    names = sorted({p.name for p in before.glob("*.jsonl")} | {p.name for p in after.glob("*.jsonl")})
    total = differ = 0
    for name in names:
        a = _load(before / name, drop_keys) if (before / name).is_file() else {}
        b = _load(after / name, drop_keys) if (after / name).is_file() else {}
        for key in sorted(a.keys() | b.keys()):
            total += 1
            if a.get(key) == b.get(key):
                continue
            differ += 1
            print(f"DIFF {key}")
            if differ <= show:
                print(f"  before: {a.get(key)}\n  after:  {b.get(key)}")
    print(f"{differ} of {total} records differ")
    return 1 if differ else 0


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: `snapshot OUT` or `compare BEFORE AFTER`."""
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("snapshot", help="write every record to a folder")
    s.add_argument("out", type=Path)
    s.add_argument("--corpus", type=Path, default=CORPUS)
    s.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    # dn alone is 1,272 pages: a change to the text path is checked on the others in a tenth of the time.
    s.add_argument("--sources", default=",".join(SOURCES), help="comma-separated corpus folders (default: all)")
    c = sub.add_parser("compare", help="list records that differ between two snapshots")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--drop-key", action="append", default=[], help="ignore this key of removed/extracted entries")
    c.add_argument("--show", type=int, default=3, help="print this many differing records in full")
    args = p.parse_args(argv)
    if args.cmd == "snapshot":
        return snapshot(args.out, args.corpus, args.workers, tuple(x for x in args.sources.split(",") if x))
    return compare(args.before, args.after, args.drop_key, args.show)


if __name__ == "__main__":
    sys.exit(main())
