"""The template stage: learned rules run last, on what the shipped rules and heuristics left.

Issue 12 measured the order: a template pass applied after the cleaner gains far more than one
applied before it, because chrome the shipped rules already took no longer splits a run. So
rules of category `template`, whether learned in this run or loaded with `--rules DIR`, are
taken out of the main engine and run here, on the kept lines with removed ones blanked. Like
every later stage it only removes; it never brings back a line.
"""

from __future__ import annotations

from collections.abc import Iterable

from cleaner.rules.engine import EngineResult, RuleEngine
from cleaner.rules.schema import RuleSet

CATEGORY = "template"


def split(ruleset: RuleSet) -> tuple[RuleSet, RuleSet | None]:
    """(every other rule, the template rules or None); both keep all sites so scoping still works."""
    template = tuple(r for r in ruleset.rules if r.category == CATEGORY)
    if not template:
        return ruleset, None
    rest = tuple(r for r in ruleset.rules if r.category != CATEGORY)
    return RuleSet(rest, ruleset.sites, ruleset.files), RuleSet(template, ruleset.sites, ruleset.files)


def apply(engine: RuleEngine, res: EngineResult, site_keys: Iterable[str]) -> None:
    """Run the template rules over the lines still kept and add their removals to `res`."""
    keys = list(dict.fromkeys(site_keys))
    if not any(k in engine.sites for k in keys):
        return
    masked = [line if line is not None else "" for line in res.kept]
    out = engine.apply(masked, keys)
    if not out.removed:
        return
    for i, line in enumerate(out.kept):
        if line is None:
            res.kept[i] = None
    res.removed.extend(out.removed)
    res.warnings.extend(out.warnings)
