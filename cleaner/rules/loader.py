"""Read rule files (shipped and the user's) and merge them into one RuleSet, rejecting duplicates.

Patterns may name a shared word list as `{vocab:NAME}` (rules/vocab.py); the loader expands the
references before a rule is validated, so the compiled pattern, the prefilter's literal analysis
and `cleaner rules show` all see the expanded form.

A rule whose pattern holds no literal the prefilter can use (and that names none in `requires`)
is tried on every line of every document; the loader warns about each, naming file and rule, so
the rule's author can add a `requires` list. No shipped rule warns (tests/test_rule_schema.py).
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from cleaner.rules import facts_cache
from cleaner.rules.patterns import FINGERPRINT_FLAGS, compiled
from cleaner.rules.schema import (
    FILE_KEYS,
    PATTERN_KEYS,
    SITE_KEYS,
    Rule,
    RuleError,
    RuleSet,
    Site,
    parse_rule,
    strings,
)
from cleaner.rules.vocab import VOCAB_FILE, UnknownVocab, expand

# (file, rule id) already warned about: a process that loads the same rules again stays quiet.
_warned: set[tuple[str, str]] = set()


def ungated(rule: Rule) -> bool:
    """True when the prefilter has no literal for a rule (none derived, none in `requires`)."""
    from cleaner.rules.prefilter import required_literals  # prefilter imports the schema, which imports us

    return not rule.requires and required_literals(rule.trigger, rule.ignorecase) is None


def warn_ungated(rules: Iterable[Rule], path: str) -> None:
    """One log line per rule the prefilter cannot gate: it costs a regex call on every line."""
    for r in rules:
        if (path, r.id) not in _warned and ungated(r):
            import logging  # only when there is something to say: it costs 15 ms of every start-up

            _warned.add((path, r.id))
            logging.getLogger(__name__).warning(
                "%s: %s: no literal the prefilter can use, so it is tried on every line; "
                "add `requires` (strings one of which every match contains)",
                path,
                r.id,
            )


def parse_site(raw: Any, path: str, stem: str) -> Site:
    """Validate a file's `[site]` table; its fingerprints compile into the shared cache."""
    if not isinstance(raw, dict):
        raise RuleError(path, None, "[site] must be a table")
    unknown = sorted(set(raw) - SITE_KEYS)
    if unknown:
        raise RuleError(path, None, f"unknown [site] key(s): {', '.join(unknown)}")
    domains = strings(path, "[site]", "domains", raw.get("domains"))
    fps = tuple(raw.get("fingerprints", []))
    for fp in fps:
        if not isinstance(fp, str) or not fp:
            raise RuleError(path, "[site]", "`fingerprints` must be non-empty strings")
        try:
            compiled(fp, FINGERPRINT_FLAGS)
        except regex.error as exc:
            raise RuleError(path, "[site]", f"`fingerprints` does not compile: {exc}") from None
    min_fp = raw.get("min_fingerprints", 2)
    if not isinstance(min_fp, int) or min_fp < 1:
        raise RuleError(path, None, "`min_fingerprints` must be a positive integer")
    return Site(
        key=raw.get("name", stem),
        domains=tuple(d.lower() for d in domains),
        publisher=raw.get("publisher"),
        fingerprints=fps,
        min_fingerprints=min_fp,
        source_file=path,
    )


def expand_vocab(raw: Any, path: str) -> Any:
    """A `[[rule]]` table with the `{vocab:…}` references of its patterns expanded.

    Anything that is not a table of strings is passed on unchanged for `parse_rule` to reject.
    """
    if not isinstance(raw, dict):
        return raw
    out = dict(raw)
    for key in PATTERN_KEYS:
        value = raw.get(key)
        if isinstance(value, str):
            try:
                out[key] = expand(value)
            except UnknownVocab as exc:
                rid = raw.get("id")
                raise RuleError(path, rid if isinstance(rid, str) else None, f"`{key}`: {exc}") from None
    return out


def load_rule_file(
    path: str | Path, text: str | None = None, *, compile_site_rules: bool = True, remember: bool = False
) -> tuple[list[Rule], Site | None]:
    """Parse one rule file; a `[site]` table makes its rules apply only to that site.

    With `compile_site_rules=False` a site file's patterns are compiled on the site's first page
    rather than here (shipped files only: the test suite compiles every shipped pattern).
    `remember` reads the file's tables, vocabulary expanded, from the on-disk cache (shipped files).
    """
    p = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise RuleError(p, None, f"cannot read: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise RuleError(p, None, "not UTF-8 text") from None
    data = _remembered_tables(p, text) if remember else _tables(p, text)
    unknown = sorted(set(data) - FILE_KEYS)
    if unknown:
        raise RuleError(p, None, f"unknown top-level key(s): {', '.join(unknown)}")
    stem = Path(p).stem
    site = parse_site(data["site"], p, stem) if "site" in data else None
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RuleError(p, None, "no [[rule]] tables")
    default_category = data.get("category", stem if site is None else "site")
    # Shipped generic rules compile lazily too: the engine compiles a rule on the first page that
    # holds one of its literals, and the test suite compiles every shipped pattern.
    eager = compile_site_rules
    rules = [
        parse_rule(
            r if remember else expand_vocab(r, p),
            p,
            default_category,
            site.key if site else None,
            compile_patterns=eager,
        )
        for r in raw_rules
    ]
    warn_ungated(rules, p)
    return rules, site


def builtin_rule_files() -> list[tuple[str, str]]:
    """(label, text) of every shipped rule file: generic categories first, then sites."""
    root = resources.files("cleaner.rulesets")
    out: list[tuple[str, str]] = []
    for sub in ("generic", "sites"):
        folder = root / sub
        for entry in sorted(folder.iterdir(), key=lambda e: e.name):
            if entry.name.endswith(".toml"):
                out.append((f"cleaner/rulesets/{sub}/{entry.name}", entry.read_text(encoding="utf-8")))
    return out


@cache
def _shipped_file(label: str, text: str) -> tuple[tuple[Rule, ...], Site | None]:
    """A shipped rule file parsed once per process: rules are immutable, and the CLI and the metadata
    stage both load the shipped set (parsing it is 0.07 s of every `cleaner clean FILE`)."""
    rules, site = load_rule_file(label, text, compile_site_rules=False, remember=True)
    return tuple(rules), site


def _tables(path: str, text: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(path, None, f"invalid TOML: {exc}") from None


class _NotJson(Exception):
    """A file's tables hold a value JSON cannot keep (a TOML date): they are not remembered."""


def _remembered_tables(path: str, text: str) -> dict[str, Any]:
    """The file's tables with every `[[rule]]`'s vocabulary expanded, kept in the facts cache.

    Parsing the 24 shipped files with tomllib and expanding their vocabulary references was ~75% of
    loading the shipped rules (~0.05 s of every `cleaner clean FILE`); one JSON value per file comes
    back in ~1 ms. The key is the file's text, vocab.toml and the code that expands references, so an
    edit to any of them reads the file afresh; a miss or a corrupt cache only costs the parse.
    """
    key = hashlib.sha1(b"\x00".join([text.encode("utf-8"), *_expansion_inputs()])).hexdigest()

    made: list[dict[str, Any]] = []

    def derive() -> dict[str, Any]:
        data = _tables(path, text)
        if isinstance(data.get("rule"), list):
            data["rule"] = [expand_vocab(r, path) for r in data["rule"]]
        made.append(data)
        try:
            json.dumps(data)
        except (TypeError, ValueError):
            raise _NotJson from None
        return data

    try:
        got = facts_cache.shared().get("rule-file", key, False, derive, lambda v: isinstance(v, dict))
    except _NotJson:
        return made[0]
    return dict(got)


@cache
def _expansion_inputs() -> tuple[bytes, ...]:
    """vocab.toml and the source of the modules that expand and check references, read once per process."""
    from cleaner.rules import schema, vocab

    sources = [Path(m.__file__ or "").read_bytes() for m in (vocab, schema)] + [Path(__file__).read_bytes()]
    return ((resources.files("cleaner.rulesets") / VOCAB_FILE).read_bytes(), *sources)


def load_rules(
    paths: Iterable[str | Path] = (),
    *,
    builtin: bool = True,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> RuleSet:
    """Load the shipped rule sets plus user files, reject duplicate ids and names, then apply select/ignore."""
    rules: list[Rule] = []
    sites: list[Site] = []
    files: list[str] = []
    seen: dict[str, str] = {}
    # A name must be unique within its scope: learned templates reuse one name on each site.
    names: dict[tuple[str | None, str], str] = {}
    sources: list[tuple[str, str | None]] = []
    if builtin:
        sources.extend(builtin_rule_files())
    shipped = len(sources)
    for path in paths:
        pth = Path(path)
        if pth.is_dir():
            sources.extend((str(f), None) for f in sorted(pth.rglob("*.toml")))
        else:
            sources.append((str(pth), None))
    for n, (label, text) in enumerate(sources):
        file_rules: Sequence[Rule]
        if n < shipped and text is not None:
            file_rules, site = _shipped_file(label, text)
        else:
            file_rules, site = load_rule_file(label, text)
        for r in file_rules:
            if r.id in seen:
                raise RuleError(label, r.id, f"duplicate id (already defined in {seen[r.id]})")
            if (r.site, r.name) in names:
                taken = names[r.site, r.name]
                raise RuleError(label, r.id, f"duplicate name {r.name!r} (already used by {taken})")
            seen[r.id] = label
            names[r.site, r.name] = f"{r.id} in {label}"
        rules.extend(file_rules)
        files.append(label)
        if site:
            sites.append(site)
    return RuleSet(tuple(rules), tuple(sites), tuple(files)).select(select, ignore)
