"""How often a page's declared language (`<html lang>`, Content-Language) agrees with the stopword guess.

    python benchmarks/html_language.py                       # sh, tf, dn, sites page.html.gz
    python benchmarks/html_language.py --sources sh,tf --show 20

The HTML path's `language` field was the jusText stoplist that the cleaned text hits most; it is now
the page's declaration when there is one (cleaner/html/language.py), and the guess otherwise. This
counts, per source, the pages that declare a language, how many of those the guess agrees with, and
lists the disagreements (declared, guessed, URL) so one can see which side is right.

The guess is computed as the record computed it before: `guess_language` over the cleaned body's lines
(the kept lines the record's guess read, joined).
"""

from __future__ import annotations

import argparse
import gzip
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
SOURCES = ("sh", "tf", "dn", "sites")


def _page(folder: str) -> tuple[str, str | None, str | None, str | None]:
    """(source/page, declared, guessed, url) of one page folder."""
    from cleaner.html.extract import parse_page
    from cleaner.html.language import declared_language
    from cleaner.metadata.language import guess_language
    from cleaner.pipeline import default_cleaner

    path = Path(folder)
    html = gzip.decompress((path / "page.html.gz").read_bytes()).decode("utf-8", "replace")
    tree, _ = parse_page(html)
    declared = declared_language(tree) if tree is not None else None
    article = default_cleaner().clean(html=html)
    guessed = guess_language(article.body.splitlines())
    return f"{path.parent.name}/{path.name}", declared, guessed, article.url


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--sources", default=",".join(SOURCES))
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--show", type=int, default=40, help="disagreements listed")
    args = ap.parse_args(argv)
    folders = [
        str(p.parent) for src in args.sources.split(",") for p in sorted((args.corpus / src).glob("*/page.html.gz"))
    ]
    with ProcessPoolExecutor(args.workers) as pool:
        rows = list(pool.map(_page, folders, chunksize=20))
    print("source  pages  declared  agree  differ  guess-none  agreement")
    for src in args.sources.split(","):
        mine = [r for r in rows if r[0].startswith(src + "/")]
        said = [r for r in mine if r[1] is not None]
        agree = sum(r[1] == r[2] for r in said)
        none = sum(r[2] is None for r in said)
        share = agree / len(said) if said else float("nan")
        print(f"{src:6}  {len(mine):5}  {len(said):8}  {agree:5}  {len(said) - agree - none:6}  {none:10}  {share:.3f}")
    pairs = Counter((r[1], r[2]) for r in rows if r[1] is not None and r[1] != r[2])
    print("\ndeclared -> guessed, pages:", ", ".join(f"{d}->{g}: {n}" for (d, g), n in pairs.most_common()))
    for page, declared, guessed, url in [r for r in rows if r[1] is not None and r[1] != r[2]][: args.show]:
        print(f"  {page}  declared {declared}  guessed {guessed}  {url or ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
