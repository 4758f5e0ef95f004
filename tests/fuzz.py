"""Run the fuzz properties of tests/test_fuzz_readers.py for a fixed time: `python -m tests.fuzz --seconds 60`.

Each round runs every property with fresh random examples; rounds repeat until the time is up.
The first failure stops the run with hypothesis's shrunk example and exit code 1 (turn it into a
regression test); hypothesis also keeps it in .hypothesis/ so the next pytest run replays it.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

# Examples per property per round: large enough that a round is mostly fuzzing, not start-up.
EXAMPLES_PER_ROUND = 200


def main(argv: list[str] | None = None) -> int:
    """Fuzz until the time is up; 0 when nothing broke."""
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--seconds", type=float, default=60.0, help="how long to fuzz (default 60)")
    args = parser.parse_args(argv)
    os.environ.setdefault("CLEANER_FUZZ_EXAMPLES", str(EXAMPLES_PER_ROUND))
    from tests.test_fuzz_readers import EXAMPLES, FUZZ_TARGETS

    deadline = time.monotonic() + args.seconds
    rounds = runs = 0
    while time.monotonic() < deadline:
        for target in FUZZ_TARGETS:
            if time.monotonic() >= deadline:
                break
            try:
                target()
            except Exception:
                print(f"fuzz: {target.__name__} failed after {rounds} full rounds", file=sys.stderr)
                raise
            runs += 1
        rounds += 1
    print(f"fuzz: {runs} property runs of up to {EXAMPLES} examples each in {args.seconds:g}s: no failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
