"""Peak memory and CPU of `cleaner batch -j 1` over many small files, two builds alternating: what grows per input.

    python benchmarks/batch_memory.py BASE_PATH NEW_PATH                    # 50,000 files, 2 rounds
    python benchmarks/batch_memory.py /tmp/x/base /tmp/x/new --files 10000 --rounds 3
    python benchmarks/batch_memory.py /tmp/x/base /tmp/x/new --rerun        # and each run again, all up to date

The files (generated once into a temporary folder, 50 folders of short English stories, a headline, three
paragraphs and a share line each, from a fixed seed) are cheap to clean, so what the run keeps per input (its
report entry, its resume record, its discovery) shows against the cleaner's own bounded memos. BASE_PATH and NEW_PATH
are put first on PYTHONPATH as in `batch_ab.py`. Each run is a fresh interpreter; its peak resident set and its CPU
seconds come from `wait4`, so each figure is that run's own. The sides take turns going first, as in `batch_ab.py`.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

WORDS = [
    "the",
    "council",
    "said",
    "on",
    "tuesday",
    "that",
    "new",
    "homes",
    "would",
    "be",
    "built",
    "near",
    "the",
    "river",
    "after",
    "years",
    "of",
    "delay",
    "and",
    "local",
    "opposition",
    "to",
    "the",
    "plan",
    "which",
    "residents",
    "say",
    "will",
    "change",
    "the",
    "town",
]
PER_FOLDER = 1000


def generate(root: Path, files: int, seed: int = 1) -> None:
    """`files` small stories under `root`, PER_FOLDER to a folder."""
    rng = random.Random(seed)
    for k in range(files):
        folder = root / f"d{k // PER_FOLDER:03d}"
        folder.mkdir(exist_ok=True)
        body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(25)).capitalize() + "." for _ in range(3))
        (folder / f"story_{k % PER_FOLDER:04d}.txt").write_text(f"Headline number {k}\n\n{body}\n\nShare on Facebook\n")


def measure(path: Path, folder: Path, out: Path) -> tuple[float, float]:
    """Peak RSS (MB) and user+sys CPU seconds of one `cleaner batch -j 1` run with `path` first on PYTHONPATH."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "cleaner", "batch", str(folder), "-o", str(out), "-j", "1", "-q"],
        env={**os.environ, "PYTHONPATH": str(path)},
        cwd=tempfile.gettempdir(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"batch_memory.py: the run with {path} failed (exit {proc.returncode})")
    return usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--files", type=int, default=50_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--rerun", action="store_true", help="also run each again into its output: every input up to date")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        generate(folder, args.files)
        print(f"batch -j 1 over {args.files} generated files: peak RSS MB, CPU s")
        for k in range(args.rounds):
            row = {}
            for side in ("base", "new") if k % 2 == 0 else ("new", "base"):
                out = Path(tmp) / f"out-{side}-{k}"
                rss, cpu = measure(getattr(args, side), folder, out)
                row[side] = f"{side} {rss:.0f} MB {cpu:.1f} s"
                if args.rerun:
                    rss, cpu = measure(getattr(args, side), folder, out)
                    row[side] += f" (re-run {rss:.0f} MB {cpu:.1f} s)"
            print(f"round {k + 1}: {row['base']}   {row['new']}")


if __name__ == "__main__":
    main()
