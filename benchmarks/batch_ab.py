"""CPU seconds of a whole `cleaner batch` run, two builds alternating: the per-document cost around the clean.

    python benchmarks/batch_ab.py BASE_PATH NEW_PATH FOLDER                 # -j 1, json, 4 rounds
    python benchmarks/batch_ab.py /tmp/x/base /tmp/x/new /tmp/x/in --format txt --rounds 6
    python benchmarks/batch_ab.py /tmp/x/base /tmp/x/new /tmp/x/in --format jsonl   # one --jsonl file instead

BASE_PATH and NEW_PATH are folders put first on PYTHONPATH (an unzipped wheel, or a checkout's root), so each run
imports that side's `cleaner`. Each round runs both sides once, in turn (base first in odd rounds, new first in even
ones: a host slowing down as it runs, which shared machines do, then favours neither), on the same folder, each into
a fresh output folder, in a new interpreter (`python -m cleaner batch FOLDER -o OUT -j JOBS -f FORMAT`; for the format
`jsonl`, `--jsonl OUT/all.jsonl` instead). The figure is the children's user+sys CPU time (reading, cleaning,
rendering and writing every file, the report), which the host's load moves less than the wall clock; the ratio is
base/new per round (above 1: the new side is faster). A run whose exit code is not 0 or 1 (1: some inputs failed, as
the dev corpus's empty pages do) stops the benchmark.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path


def cpu_seconds(path: Path, folder: Path, out: Path, jobs: int, fmt: str) -> float:
    """The user+sys CPU time of one batch run with `path` first on PYTHONPATH."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    to = ["--jsonl", str(out / "all.jsonl")] if fmt == "jsonl" else ["-o", str(out), "-f", fmt]
    done = subprocess.run(
        [sys.executable, "-m", "cleaner", "batch", str(folder), *to, "-j", str(jobs)],
        env={**os.environ, "PYTHONPATH": str(path)},
        cwd=tempfile.gettempdir(),  # not a checkout's root, whose `cleaner/` would shadow PYTHONPATH's
        capture_output=True,
        text=True,
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"batch_ab.py: the run with {path} failed: {done.stderr.strip().splitlines()[-1:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("base", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("folder", type=Path)
    ap.add_argument("--jobs", "-j", type=int, default=1)
    ap.add_argument("--format", "-f", default="json")
    ap.add_argument("--rounds", type=int, default=4)
    args = ap.parse_args()
    n = sum(1 for p in args.folder.rglob("*") if p.is_file())
    print(f"batch -j {args.jobs} -f {args.format} over {args.folder} ({n} files): CPU s, in turn")
    with tempfile.TemporaryDirectory() as tmp:
        ratios = []
        for k in range(args.rounds):
            spent = {}
            for side in ("base", "new") if k % 2 == 0 else ("new", "base"):
                out = Path(tmp) / side
                shutil.rmtree(out, ignore_errors=True)
                out.mkdir()
                spent[side] = cpu_seconds(getattr(args, side), args.folder, out, args.jobs, args.format)
            ratios.append(spent["base"] / spent["new"])
            print(f"round {k + 1}: base {spent['base']:.2f}  new {spent['new']:.2f}  base/new {ratios[-1]:.2f}")
    print(f"base/new: {', '.join(f'{r:.2f}' for r in ratios)}; mean {sum(ratios) / len(ratios):.2f}")


if __name__ == "__main__":
    main()
