"""Start-up: `cleaner clean FILE` as a whole process against the `trafilatura` CLI on one page.

    python benchmarks/startup.py                     # a page of ../shared/corpus/dev, 15 runs each
    python benchmarks/startup.py --page DIR --runs 21
    python benchmarks/startup.py --base /tmp/base   # also the cleaner of another checkout, interleaved

Both commands run as fresh processes, interleaved run by run so that a change in machine load hits
both alike. Each run's CPU time (user + system, from `os.wait4`) is recorded; CPU time, not wall
time, because the machine is shared and wall time mostly measures the other jobs. trafilatura reads
the page's HTML on stdin (its CLI has no single-file argument); the cleaner reads the page's text
rendering (the text path) and, separately, its HTML.

Every command runs under this interpreter (the venv's console scripts are run as `python SCRIPT`,
so a script whose first line points at another environment cannot skew the figures), and with
bytecode writing allowed: a pip install compiles every module to bytecode, so a run that re-parses
the sources (`PYTHONDONTWRITEBYTECODE=1`, as some shells here set) would time the compiler, not
the start-up a user sees. The warm-up runs write whatever bytecode is missing.

Each cleaner (this one, and --base's) keeps its caches (cleaner/rules/facts_cache.py,
compiled_cache.py) in a folder of its own, made by the warm-up runs: what one install builds for
itself, as a user's would be. The shared ~/.cache/cleaner of a development machine holds the tables
of every edited version of every rule file from every checkout (2 MB of JSON here, against ~0.3 MB
for one install), which every process reads whole.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_PAGE = ROOT.parent / "shared" / "corpus" / "dev" / "sh" / "042bb7b5fedab6ea"
# Runs discarded before timing: the first reads the files from disk and fills the OS caches.
WARMUP = 2
# The target: the whole `cleaner clean FILE` process at most this many times trafilatura's.
TARGET_RATIO = 1.5
# The children's environment: ours, less the switch that stops Python from caching bytecode.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def cpu_seconds(argv: list[str], stdin_path: Path | None = None, env: dict[str, str] | None = None) -> float:
    """User + system CPU seconds of one run of `argv` (output discarded)."""
    with open(stdin_path or os.devnull, "rb") as stdin:
        proc = subprocess.Popen(
            argv, stdin=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env or CHILD_ENV
        )
        _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed")
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--page", type=Path, default=DEFAULT_PAGE, help="a corpus page folder (article.txt, page.html.gz)")
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument(
        "--base",
        type=Path,
        help="a checkout of another version (git worktree): its cleaner runs too, under PYTHONPATH, in the same rounds",
    )
    args = ap.parse_args()
    bindir = Path(sys.executable).parent
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        html = Path(tmp) / "page.html"
        html.write_bytes(gzip.decompress((args.page / "page.html.gz").read_bytes()))
        text = args.page / "article.txt"
        cleaner = [python, str(bindir / "cleaner"), "clean"]
        own_env = {**CHILD_ENV, "XDG_CACHE_HOME": str(Path(tmp) / "cache-this")}
        commands: dict[str, tuple[list[str], Path | None, dict[str, str] | None]] = {
            "trafilatura < page.html": ([python, str(bindir / "trafilatura")], html, None),
            "cleaner clean article.txt": ([*cleaner, str(text)], None, own_env),
            "cleaner clean page.html": ([*cleaner, str(html)], None, own_env),
            "python -c pass": ([sys.executable, "-c", "pass"], None, None),
        }
        if args.base is not None:
            # The other checkout's `cleaner` package comes first on sys.path, before this venv's install.
            base_env = {
                **CHILD_ENV,
                "PYTHONPATH": str(args.base.resolve()),
                "XDG_CACHE_HOME": str(Path(tmp) / "cache-base"),
            }
            commands["base: clean article.txt"] = ([*cleaner, str(text)], None, base_env)
            commands["base: clean page.html"] = ([*cleaner, str(html)], None, base_env)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for n in range(WARMUP + args.runs):
            for name, (argv, stdin, env) in commands.items():
                took = cpu_seconds(argv, stdin, env)
                if n >= WARMUP:
                    times[name].append(took)
    base = statistics.median(times["trafilatura < page.html"])
    print(f"## start-up, CPU seconds (user+sys), median of {args.runs} interleaved runs")
    print(f"{'command':<28}{'median s':>10}{'min s':>8}{'vs trafilatura':>16}")
    for name, ts in times.items():
        med = statistics.median(ts)
        print(f"{name:<28}{med:>10.3f}{min(ts):>8.3f}{med / base:>15.2f}x")
    for path, name in (("text", "cleaner clean article.txt"), ("HTML", "cleaner clean page.html")):
        ratio = statistics.median(times[name]) / base
        verdict = "met" if ratio <= TARGET_RATIO else "not met"
        print(f"{path} path: {ratio:.2f}x trafilatura (target <= {TARGET_RATIO}x: {verdict})")
    print(f"load average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
