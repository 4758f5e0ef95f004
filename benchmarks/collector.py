"""The cyclic collector's cost in a batch process, as the CLI runs it (`settle_heap`) and with CPython's defaults.

The collector's settings are process-wide, so each run is a fresh interpreter: it builds a Cleaner, settles the heap
or not, and runs `run_batch` with -j 1 (the documents are cleaned in that process) over a folder of the corpus's text
renderings (speed.build_folder). The two settings alternate. Each run prints its CPU seconds, the process time spent
inside collections by generation (`gc.callbacks`) and their counts. Total CPU is noisy on a shared machine; the time
inside collections is the figure this compares.

    python benchmarks/collector.py ../shared/corpus/dev/tf --docs 3000 --runs 3
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from speed import build_folder, cpu_seconds

SETTINGS = ("settled", "defaults")


def one_run(setting: str, src: Path, out: Path) -> dict[str, Any]:
    """One batch in this process under `setting`, with the collector's time per generation."""
    from cleaner.batch import BatchOptions, run_batch
    from cleaner.batch.heap import settle_heap
    from cleaner.pipeline import Cleaner

    cleaner = Cleaner()
    if setting == "settled":
        settle_heap()
    inside = [0.0, 0.0, 0.0]
    counts = [0, 0, 0]
    started = [0.0]

    def timed(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            started[0] = time.process_time()
        else:
            inside[info["generation"]] += time.process_time() - started[0]
            counts[info["generation"]] += 1

    gc.callbacks.append(timed)
    t0 = cpu_seconds()
    run_batch(BatchOptions([str(src)], out_dir=str(out), jobs=1, force=True), cleaner)
    return {"setting": setting, "cpu": cpu_seconds() - t0, "collector": inside, "collections": counts}


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", type=Path, help="a corpus folder (its article.txt and fulltext.txt renderings)")
    ap.add_argument("--docs", type=int, default=3000, help="documents in the folder")
    ap.add_argument("--runs", type=int, default=3, help="runs of each setting, alternating")
    ap.add_argument("--one", choices=SETTINGS, help=argparse.SUPPRESS)  # a child run
    ap.add_argument("--src", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        with tempfile.TemporaryDirectory() as out:
            print(json.dumps(one_run(args.one, args.src, Path(out))))
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = build_folder(args.corpus, Path(tmp) / "in", args.docs)
        print(f"## the collector in a -j 1 batch of {args.docs} documents ({args.corpus})")
        print(f"{'setting':<10}{'cpu s':>8}{'in collections s':>18}{'share':>8}   by generation (s; count)")
        for _ in range(args.runs):
            for setting in SETTINGS:
                cmd = [sys.executable, __file__, str(args.corpus), "--one", setting, "--src", str(src)]
                row = json.loads(subprocess.run(cmd, capture_output=True, text=True, check=True).stdout)
                spent = sum(row["collector"])
                gens = ", ".join(f"{s:.2f}; {n}" for s, n in zip(row["collector"], row["collections"], strict=True))
                print(f"{setting:<10}{row['cpu']:>8.2f}{spent:>18.2f}{spent / row['cpu']:>8.1%}   {gens}")


if __name__ == "__main__":
    main()
