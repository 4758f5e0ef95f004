#!/usr/bin/env bash
# Quality gate: score the cleaner on the dev corpus and fail when an F1 falls below, or tf
# dropped_content rises above, the floors committed in benchmarks/quality_baseline.json.
# Twice: as shipped (quality.py, every rendering, html included), and under domain-split
# cross-validation (crossval.py --gate, the text renderings): the learned stage runs by default,
# and the shipped model has seen every dev page, so only the CV figures say what it does on new sites.
# Skipped (exit 0) when the corpus is not beside the project, as in a bare clone.
# Raise floors: .venv/bin/python benchmarks/quality.py --corpus ../shared/corpus/dev --update-baseline
# Lower one:    ... --lower-floor --reason "why"   (and say why in the commit message)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus="${QUALITY_CORPUS:-../shared/corpus/dev}"
if [ ! -d "$corpus" ]; then
  echo "quality gate: no corpus at $corpus, skipped"
  exit 0
fi
.venv/bin/python benchmarks/quality.py --corpus "$corpus" --gate
exec .venv/bin/python benchmarks/crossval.py --corpus "$corpus" --sources sh,tf --gate
