"""The profile-guided build's training run: the instrumented build cleans the README's sample texts (fixtures/).

Run by `compiled_build.CompiledBuild` in a child process, with the instrumented package first on PYTHONPATH; gcc writes
the counts when the process exits. The samples are cleaned by fresh cleaners and again by warm ones, so both a page met
at first sight and one whose short lines the memos already hold leave their branches counted. Every sample goes in as
text, the HTML one too (raw markup, as a scraper may hand it over): the compiled modules and the kernels are the text
path (setup.py's COMPILED and NATIVE).
"""

from __future__ import annotations

import sys
from pathlib import Path

# Passes over the samples, each by a fresh `Cleaner` (module-wide memos carry over, as in a long batch).
PASSES = 3
SUFFIXES = (".txt", ".html")


def main(fixtures: Path) -> int:
    texts = [
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(fixtures.rglob("*")) if p.suffix in SUFFIXES
    ]
    if not texts:
        print(f"pgo_training: no sample texts under {fixtures}", file=sys.stderr)
        return 1
    from cleaner import Cleaner  # the instrumented build, from PYTHONPATH

    for _ in range(PASSES):
        cleaner = Cleaner()
        for text in texts:
            cleaner.clean(text)
    print(f"pgo_training: cleaned {len(texts)} sample texts {PASSES} times")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
