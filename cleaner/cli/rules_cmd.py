"""`cleaner rules list|show|test`: browse the shipped rules and check a rule file of your own."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import typer

from cleaner import heuristics, stages
from cleaner.cli.common import CliError, split_tokens
from cleaner.cli.typer_app import app
from cleaner.rules import RuleError, RuleSet, load_rule_file, load_rules
from cleaner.rules.examples import check_rule
from cleaner.selection import Selectable, Selection

rules_app = typer.Typer(help="List, show and test rules.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


def _load(rules: list[Path] | None, select: list[str] | None = None) -> RuleSet:
    try:
        return load_rules(rules or [], select=split_tokens(select))
    except RuleError as exc:
        raise CliError(str(exc)) from None


@rules_app.command("list")
def list_rules(
    rules: list[Path] | None = typer.Option(None, "--rules", help="Extra rule files to include."),
    select: list[str] | None = typer.Option(None, "--select", help="Only these ids, prefixes or categories."),
) -> None:
    """One row per rule: id, category, action, scope and name; the classifier's heuristics follow."""
    from rich.console import Console  # rich loads only for the listing, not for every command
    from rich.table import Table

    sel = Selection.of(split_tokens(select), None)
    ruleset = _load(rules)
    bad = sel.unmatched([*(r.selectable for r in ruleset.rules), *stages.selectables()])
    if bad:
        raise CliError(f"--select/--ignore: {bad[0]!r} matches no rule id, prefix or category")
    ruleset = dataclasses.replace(ruleset, rules=tuple(r for r in ruleset.rules if sel.admits(r.selectable)))
    heurs = [h for h in heuristics.HEURISTICS if sel.admits(Selectable(h.id, heuristics.CATEGORY))]
    table = Table(box=None, pad_edge=False)
    for col in ("id", "category", "action", "scope", "name"):
        table.add_column(col)
    for r in ruleset.rules:
        table.add_row(r.id, r.category, r.action, r.site or "generic", r.name)
    for h in heurs:
        table.add_row(h.id, heuristics.CATEGORY, "classify", "generic", h.name)
    Console(soft_wrap=True).print(table)
    typer.echo(f"{len(ruleset.rules)} rules, {len(ruleset.sites)} sites, {len(heurs)} heuristics")


@rules_app.command("show")
def show_rule(
    rule_id: str = typer.Argument(..., help="A rule id such as DON001."),
    rules: list[Path] | None = typer.Option(None, "--rules", help="Extra rule files to include."),
) -> None:
    """Everything about one rule: pattern, why, and its examples."""
    ruleset = _load(rules)
    try:
        r = ruleset.get(rule_id.upper())
    except KeyError:
        raise CliError(f"no rule with id {rule_id!r}; see `cleaner rules list`") from None
    typer.echo(f"{r.id}  {r.name}\n  category: {r.category}\n  action:   {r.action}\n  scope:    {r.site or 'generic'}")
    typer.echo(f"  file:     {r.source_file}")
    for key in ("pattern", "start", "until", "while_", "lines", "max_words"):
        value = getattr(r, key)
        if value is not None:
            typer.echo(f"  {key.rstrip('_')}: {value}")
    typer.echo(f"  why:      {r.why}")
    for kind, examples in (("drop", r.drop_examples), ("keep", r.keep_examples)):
        for ex in examples:
            typer.echo(f"  {kind}: {ex!r}")


@rules_app.command("test")
def test_rules(file: Path = typer.Argument(..., help="A rule file (TOML) to validate and run.")) -> None:
    """Validate FILE and run each of its rules against its own drop/keep examples."""
    try:
        file_rules, _site = load_rule_file(file)
    except RuleError as exc:
        raise CliError(str(exc)) from None
    failed_rules = 0
    for rule in file_rules:
        failures = check_rule(rule)
        for f in failures:
            typer.echo(f"FAIL {f.message} {f.text!r}")
        failed_rules += bool(failures)
    # Counted per rule (a rule passes when all its examples do), as the summary line says.
    typer.echo(f"{file}: {len(file_rules)} rules, {len(file_rules) - failed_rules} passed, {failed_rules} failed")
    if failed_rules:
        raise typer.Exit(1)
