"""The corpus and the runs: which pages and renderings exist, and the cleaner's (and peer's) output on each.

Every page is cleaned in a pool of worker processes, one Cleaner per worker; trafilatura alone on
the HTML is the peer, cached per page and trafilatura version.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# Rendering name -> file in each page folder; "html" is the page itself, through the HTML path.
RENDERINGS: dict[str, str] = {
    "fulltext": "fulltext.txt",
    "article": "article.txt",
    "paragraphs": "paragraphs.txt",
    "trafilatura": "trafilatura.txt",
    "html": "page.html.gz",
}
SOURCES = ("sh", "tf")
# Two workers: CI and the dev machine both have two cores.
DEFAULT_WORKERS = 2
CACHE_DIR = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "cleaner" / "quality"


@dataclass(frozen=True, slots=True)
class Page:
    """One corpus page folder and its gold."""

    src: str
    pid: str
    path: Path
    gold: dict[str, Any]

    @property
    def key(self) -> str:
        """`src/pid`, the page's name in reports."""
        return f"{self.src}/{self.pid}"


def load_pages(corpus: Path) -> list[Page]:
    """Every page of the corpus, sh then tf, in name order so that runs are comparable."""
    pages = []
    for src in SOURCES:
        folder = corpus / src
        if not folder.is_dir():
            continue
        for d in sorted(folder.iterdir()):
            if (d / "gold.json").is_file():
                pages.append(Page(src, d.name, d, json.loads((d / "gold.json").read_text(encoding="utf-8"))))
    return pages


def read_rendering(page_dir: Path, rendering: str) -> str:
    """The input text of one rendering; the HTML is gunzipped and decoded like the CLI does."""
    from cleaner.io.decode import InputError, decode_bytes

    path = page_dir / RENDERINGS[rendering]
    if not path.exists():
        return ""
    if rendering != "html":
        return path.read_text(encoding="utf-8")
    try:
        text, _warnings = decode_bytes(path.read_bytes())
    except InputError:  # an empty or unreadable page scores as an empty output
        return ""
    return text


@dataclass(slots=True)
class Output:
    """The texts one page produced for one rendering, plus the audit trail behind ours."""

    raw: str | None
    ours: str
    peer: str | None = None
    removed: list[tuple[str, str]] = field(default_factory=list)


_worker_cleaner: Any = None


def _init_worker() -> None:
    """Build one Cleaner per worker process; compiling the rules per page would dominate the run."""
    global _worker_cleaner
    from cleaner.pipeline import Cleaner

    _worker_cleaner = Cleaner()


def trafilatura_alone(html: str, cache: bool = True) -> str:
    """trafilatura.extract() with its defaults, the peer; cached per page and trafilatura version."""
    import trafilatura

    path = CACHE_DIR / f"trafilatura-{trafilatura.__version__}" / (hashlib.sha1(html.encode()).hexdigest() + ".txt")
    if cache and path.is_file():
        return path.read_text(encoding="utf-8")
    text = trafilatura.extract(html) or ""
    if cache:
        # A read-only home only costs the next run the extraction time.
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(path)
    return text


def _scored_text(art: Any, page_dir: Path) -> str:
    """What a page is scored on: the body, and for tf also the lines the top-matter stage moved.

    Issues 10 and 11 count tf's must-keep snippets over headline, description and body together: a
    title line moved from the text into `headline` is kept, not lost (the raw input and trafilatura's
    text hold that line too). sh's golds are scored against the body alone, as before.
    """
    if page_dir.parent.name != "tf":
        return art.body
    moved = (r.text for r in art.extracted if r.rule.startswith("TOP-"))
    return "\n".join([*moved, art.body])


def run_page(page_dir: Path, renderings: Sequence[str], with_peer: bool, cache: bool) -> dict[str, Output]:
    """Clean every rendering of one page (in a worker process)."""
    if _worker_cleaner is None:
        _init_worker()
    out: dict[str, Output] = {}
    for rendering in renderings:
        text = read_rendering(page_dir, rendering)
        if rendering == "html":
            art = _worker_cleaner.clean(html=text)
            peer = trafilatura_alone(text, cache) if with_peer else None
            out[rendering] = Output(None, _scored_text(art, page_dir), peer)
        else:
            art = _worker_cleaner.clean(text)
            out[rendering] = Output(text, _scored_text(art, page_dir))
        out[rendering].removed = [(r.rule, r.text) for r in art.removed]
    return out


def run_corpus(
    pages: Sequence[Page],
    renderings: Sequence[str],
    *,
    workers: int = DEFAULT_WORKERS,
    with_peer: bool = True,
    cache: bool = True,
) -> dict[str, dict[str, Output]]:
    """Outputs for every page, keyed by `src/pid`; a pool of `workers` processes (1 = in process)."""
    args = [(p.path, tuple(renderings), with_peer, cache) for p in pages]
    if workers <= 1:
        results = [run_page(*a) for a in args]
    else:
        with ProcessPoolExecutor(workers, initializer=_init_worker) as pool:
            results = list(pool.map(run_page, *zip(*args, strict=True), chunksize=4))
    return {p.key: r for p, r in zip(pages, results, strict=True)}
