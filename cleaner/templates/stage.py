"""Template rules, compiled for the templates stage (cleaner/stages/templates.py).

Issue 12 measured the order: a template pass applied after the cleaner gains far more than one
applied before it, because chrome the shipped rules already took no longer splits a run. So
rules of category `template`, whether learned in this run or loaded with `--rules DIR`, are
taken out of the main engine and proposed by their own stage, on the lines earlier stages kept.
Like every later stage it only removes; it never brings back a line.

A learned rule's pattern is the literal pattern of its own drop example (rulefile.py), so it
matches exactly the lines with that example's normal form. Rules still in that form are applied
by one dict lookup per line instead of regex matching (batch --learn measured 0.39x the
throughput of plain batch through the rule engine); a rule a person has edited no longer has
that form and goes through the rule engine like any other rule.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cleaner.model import Removal
from cleaner.rules.engine import RuleEngine
from cleaner.rules.schema import Rule, RuleSet
from cleaner.stages.base import Proposal
from cleaner.templates.normalise import literal_pattern, normalise

CATEGORY = "template"


def split(ruleset: RuleSet) -> tuple[RuleSet, RuleSet | None]:
    """(every other rule, the template rules or None); both keep all sites so scoping still works."""
    template = tuple(r for r in ruleset.rules if r.category == CATEGORY)
    if not template:
        return ruleset, None
    rest = tuple(r for r in ruleset.rules if r.category != CATEGORY)
    return RuleSet(rest, ruleset.sites, ruleset.files), RuleSet(template, ruleset.sites, ruleset.files)


def _block_alternation(lines: list[str]) -> str:
    return "|".join(f"(?:{literal_pattern(x)})" for x in lines)


def literal_forms(rule: Rule) -> list[str] | None:
    """The normal forms a rule matches, when it is still exactly as learning wrote it; else None."""
    if rule.site is None or rule.ignorecase or not rule.drop_examples:
        return None
    example = rule.drop_examples[0]
    if rule.action == "drop-line" and "\n" not in example and rule.pattern == literal_pattern(example):
        forms = [normalise(example)]
    elif rule.action == "drop-block" and rule.until is None and rule.lines is None:
        lines = example.split("\n")
        alternation = _block_alternation(lines)
        if rule.start != alternation or rule.while_ != alternation:
            return None
        forms = [normalise(x) for x in lines]
    else:
        return None
    return forms if all(forms) else None


@dataclass(frozen=True, slots=True)
class _Entry:
    rule: Rule
    block: bool
    members: frozenset[str]


class TemplateEngine:
    """The template rules compiled for the stage: lookup tables per site, the engine for the rest."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.tables: dict[str, dict[str, _Entry]] = {}
        edited: list[Rule] = []
        for rule in ruleset.rules:
            forms = literal_forms(rule)
            if forms is None:
                edited.append(rule)
                continue
            entry = _Entry(rule, rule.action == "drop-block", frozenset(forms))
            table = self.tables.setdefault(rule.site or "", {})
            for form in forms:
                table.setdefault(form, entry)
        self.engine = RuleEngine(RuleSet(tuple(edited), ruleset.sites, ruleset.files)) if edited else None
        self.site_keys = frozenset(self.tables) | frozenset(r.site for r in edited if r.site)

    def __getstate__(self) -> RuleSet:
        return self.ruleset

    def __setstate__(self, state: RuleSet) -> None:
        self.__init__(state)  # type: ignore[misc]

    def propose(self, view: Sequence[str | None], site_keys: Iterable[str]) -> tuple[list[Proposal], list[str]]:
        """Proposals for the still-kept lines the site's template rules match, and any warnings."""
        keys = [k for k in dict.fromkeys(site_keys) if k in self.site_keys]
        if not keys:
            return [], []
        proposals: list[Proposal] = []
        warnings: list[str] = []
        kept = list(view)
        tables = [self.tables[k] for k in keys if k in self.tables]
        if tables:
            proposals = self._lookup(kept, tables)
            for p in proposals:
                for i in p.drop:
                    kept[i] = None
        if self.engine is not None:
            # The engine reads every line; lines gone already are blank to it, never content.
            out = self.engine.apply([line if line is not None else "" for line in kept], keys)
            proposals.extend(out.proposals)
            warnings.extend(out.warnings)
        return proposals, warnings

    @staticmethod
    def _lookup(kept: list[str | None], tables: list[dict[str, _Entry]]) -> list[Proposal]:
        content = [i for i, line in enumerate(kept) if line is not None and line.strip()]
        forms = {i: normalise(kept[i] or "") for i in content}
        out: list[Proposal] = []
        pos = 0
        while pos < len(content):
            i = content[pos]
            entry = next((t[forms[i]] for t in tables if forms[i] in t), None)
            stripped = (kept[i] or "").strip()
            # The engine's word cap on line rules, kept so both paths remove the same lines.
            cap = entry.rule.max_words if entry is not None and entry.rule.max_words is not None else math.inf
            if entry is None or len(stripped.split()) > cap:
                pos += 1
                continue
            span = [i]
            if entry.block:
                while len(span) <= entry.rule.max_lines and pos + len(span) < len(content):
                    j = content[pos + len(span)]
                    if forms[j] not in entry.members:
                        break
                    span.append(j)
            rule = entry.rule
            text = "\n".join((kept[j] or "").strip() for j in span)
            out.append(Proposal(Removal(rule.id, rule.category, text, i + 1, why=rule.why), drop=tuple(span)))
            pos += len(span)
        return out
