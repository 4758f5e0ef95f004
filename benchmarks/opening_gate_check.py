"""Is the engine's opening gate sound on real text? Every rule that fully matches a corpus line must pass it.

Before a rule's full match, the prefilter drops the rules no match of which can open as the line does
(`Scope.opening_mask`: a partial match of the line's first one and three characters, asked of each rule's
opening probe, `Compiled.can_open`). A bare `regex` partial match can refuse an opening a full line matches
(a boundary or lookaround meeting the end of the partial text; `cleaner/rules/opening_probe.py`), so the
probe loosens those tests and the gate should never refuse a line the rule matches; this script checks that
on every distinct stripped line of the fixtures and the dev corpus's text renderings, for the generic scope
and every site's, trying each rule whose literals the line holds within its word cap (as the engine does),
and lists any line the gate would have lost.

    .venv/bin/python benchmarks/opening_gate_check.py --corpus ../shared/corpus/dev
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from compare_rule_lines import corpus_lines  # noqa: E402

from cleaner.rules import load_rules  # noqa: E402
from cleaner.rules.literal_scan import rules_in  # noqa: E402
from cleaner.rules.prefilter import Prefilter, word_count  # noqa: E402

# A full match slower than this is skipped (the engine would keep the line): adversarial lines are
# tests/test_rule_timing.py's job, soundness is this script's.
FULL_MATCH_TIMEOUT_S = 1.0


def check(corpus: Path) -> int:
    """Print every (scope, rule, line) the gate refuses although the rule matches; return their number."""
    ruleset = load_rules()
    sites = {s.key: [r for r in ruleset.rules if r.site == s.key] for s in ruleset.sites}
    pre = Prefilter([r for r in ruleset.rules if r.site is None], sites)
    lines = sorted({s for s in (ln.strip() for ln in corpus_lines(corpus)) if s})
    tried = lost = 0
    for key in [None, *sites]:
        scopes = pre.scopes([key] if key else [])
        masks = pre.literal_lines(scopes, lines)
        for s in lines:
            words = word_count(s)
            for scope, found in zip(scopes, masks, strict=True):
                mask = found.get(s, 0)
                for c in scope.index.rules:
                    mask |= 1 << c.order
                for k in rules_in(mask):
                    c = scope.line_rules[k]
                    if c.rule.max_words is not None and words > c.rule.max_words:
                        continue
                    tried += 1
                    try:
                        full = c.trigger.fullmatch(s, timeout=FULL_MATCH_TIMEOUT_S) is not None
                    except TimeoutError:
                        continue
                    if full and not scope.opening_mask(s, 1 << k):
                        lost += 1
                        print(f"LOST {key or 'generic'} {c.rule.id}: {s[:100]!r}")
    print(f"{len(lines)} distinct lines, {tried} rule/line pairs tried, {lost} refused by the opening gate")
    return lost


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    args = ap.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"opening_gate_check.py: no corpus folder at {args.corpus}")
    sys.exit(1 if check(args.corpus) else 0)


if __name__ == "__main__":
    main()
