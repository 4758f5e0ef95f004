"""Which corpus lines a rewritten rule pattern matches differently from its old text, rule by rule.

compare_records.py cleans every rendering of every page, which takes hours on a shared machine. A
change that only rewrites rule patterns (vocabulary references, layout) can be checked far more
cheaply and just as strictly: a record can only change where some rule's match on some line
changes. This script takes the rule files of an old checkout and of this one, and for every rule
whose pattern text differs, full-matches both patterns (as the engine does: stripped lines, within
the rule's max_words) against every distinct line of the fixtures and of the text renderings of the
dev corpus, and lists the lines whose match (span and groups) differs.

    .venv/bin/python benchmarks/compare_rule_lines.py /tmp/base/cleaner/rulesets --corpus ../shared/corpus/dev
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.rules import load_rules  # noqa: E402
from cleaner.rules.patterns import compiled_rule_pattern, is_casefold  # noqa: E402
from cleaner.rules.prefilter import MATCH_TIMEOUT_S, required_literals, word_count  # noqa: E402
from cleaner.rules.schema import Rule  # noqa: E402

TEXT_RENDERINGS = ("fulltext.txt", "article.txt", "paragraphs.txt", "trafilatura.txt")
SOURCES = ("sh", "tf", "dn", "sites")


def old_patterns(rulesets: Path) -> dict[str, dict[str, Any]]:
    """id -> {pattern, requires} as the old checkout's own loader reads its rule files.

    The old code loads them (a child process with the old checkout first on the path), so `{vocab:…}`
    references are expanded with the old vocab.toml and the old expansion code: comparing raw pattern text
    reported every rule that names a vocabulary as changed.
    """
    checkout = rulesets.resolve().parent.parent
    dump = (
        "import json, sys\n"
        "from cleaner.rules import load_rules\n"
        "rules = load_rules().rules\n"
        "json.dump({r.id: {'pattern': r.pattern, 'action': r.action} for r in rules}, sys.stdout)\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(checkout), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", dump], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(
            f"compare_rule_lines: the old checkout {checkout} did not load its rules: {done.stderr.strip()[-300:]}"
        )
    loaded: dict[str, dict[str, Any]] = json.loads(done.stdout)
    return loaded


def corpus_lines(corpus: Path) -> Iterator[str]:
    """Every stripped non-blank line of the fixtures and the dev corpus's text renderings."""
    for p in sorted((ROOT / "fixtures").rglob("*.txt")):
        yield from p.read_text(encoding="utf-8", errors="replace").splitlines()
    for src in SOURCES:
        for d in sorted((corpus / src).iterdir()):
            for r in TEXT_RENDERINGS:
                if (d / r).is_file():
                    yield from (d / r).read_text(encoding="utf-8", errors="replace").splitlines()


def _gate(pattern: str, ignorecase: bool) -> tuple[tuple[str, ...], bool] | None:
    return required_literals(pattern, ignorecase)


def _admits(gate: tuple[tuple[str, ...], bool] | None, line: str) -> bool:
    if gate is None:
        return True
    lits, casefold = gate
    text = line.lower() if casefold else line
    return any((lit.lower() if casefold else lit) in text for lit in lits)


def _result(m: Any) -> tuple[Any, ...] | None:
    return None if m is None else (m.span(), tuple(sorted((k, v) for k, v in m.groupdict().items())))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old_rulesets", type=Path, help="cleaner/rulesets of the old checkout")
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "dev")
    args = ap.parse_args(argv)
    old = old_patterns(args.old_rulesets)
    changed: list[tuple[Rule, Any, Any, Any]] = []
    for rule in load_rules().rules:
        raw = old.get(rule.id)
        if raw is None or rule.action == "drop-block":
            continue
        if raw.get("pattern") == rule.pattern:
            continue
        before = compiled_rule_pattern(raw["pattern"], rule.ignorecase)
        after = compiled_rule_pattern(rule.trigger, rule.ignorecase)
        if rule.requires:  # the engine gates such a rule by `requires` instead of its literals
            req = (rule.requires, is_casefold(rule.trigger, rule.ignorecase))
            gates = (req, req)
        else:
            gates = (_gate(raw["pattern"], rule.ignorecase), _gate(rule.trigger, rule.ignorecase))
        changed.append((rule, before, after, gates))
    print(f"{len(changed)} rules with a new pattern text: {' '.join(r.id for r, *_ in changed)}")
    lines = sorted({s for s in (line.strip() for line in corpus_lines(args.corpus)) if s})
    print(f"{len(lines)} distinct lines")
    differ = 0
    for rule, before, after, gates in changed:
        cap = rule.max_words if rule.max_words is not None else float("inf")
        n = 0
        for s in lines:
            if word_count(s) > cap or not (_admits(gates[0], s) or _admits(gates[1], s)):
                continue
            a = _result(before.fullmatch(s, timeout=MATCH_TIMEOUT_S * 20))
            b = _result(after.fullmatch(s, timeout=MATCH_TIMEOUT_S * 20))
            if a != b:
                n += 1
                print(f"  {rule.id}: {'new match' if a is None else 'lost' if b is None else 'changed'}: {s[:160]!r}")
        print(f"{rule.id}: {n} lines differ")
        differ += n
    print(f"{differ} differing (rule, line) pairs")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
