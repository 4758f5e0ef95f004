"""What a rule is and how each action's table is validated, so a broken rule fails at load time.

Each action declares its keys in ACTION_KEYS and each key its check in KEY_CHECKS; `parse_rule`
only walks those tables. Every pattern is compiled here once, into the process-wide cache that the
engine and site detector read (`compiled`), so start-up never compiles a pattern twice.
Reading files and merging them into a RuleSet is `rules/loader.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import regex

from cleaner.rules.patterns import compiled, compiled_rule_pattern, is_casefold
from cleaner.selection import Selectable, Selection

# Learned rules carry their site in the id (TPL-BBC.CO.UK-001, cleaner/templates/rulefile.py).
ID_RE = compiled(r"[A-Z]{2,5}\d{3}|[A-Z]{2,5}-[A-Z0-9][A-Z0-9.-]*-\d{3}")
NAME_RE = compiled(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# A block that has not found its `until` line within this many non-blank lines is left alone:
# the longest real widget seen (TheJournal donation box, Guardian epic) spans 4-9 lines.
DEFAULT_MAX_BLOCK_LINES = 12
# drop-tail only fires in the last part of a document, so a marker near the top cannot eat the
# article; 0.5 keeps the second half, where every footer/teaser marker in the dev corpus sits.
DEFAULT_TAIL_MIN_POSITION = 0.5

# Line rules without their own `max_words` never touch a line longer than this: no chrome line in
# the seeds or the dev corpus runs past ~45 words, and the cap keeps a loose pattern off paragraphs.
DEFAULT_MAX_WORDS = 60

# The keys each action takes beyond the common ones: (required, optional). A key of another
# action is an error, so a typo'd or misplaced key never silently does nothing.
ACTION_KEYS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "drop-line": (("pattern",), ()),
    "drop-tail": (("pattern",), ("min_position",)),
    "trim": (("pattern",), ()),
    "extract": (("pattern",), ("field",)),
    "drop-block": (("start",), ("until", "while", "lines", "max_lines", "field")),
}
ACTIONS = tuple(ACTION_KEYS)
COMMON_KEYS = {"id", "name", "action", "why", "examples", "category", "max_words", "known_false_positives"}
COMMON_KEYS |= {"flags", "requires", "provenance"}
ACTION_ONLY_KEYS = {k for req, opt in ACTION_KEYS.values() for k in (*req, *opt)}
RULE_KEYS = COMMON_KEYS | ACTION_ONLY_KEYS
PATTERN_KEYS = ("pattern", "start", "until", "while")
EXAMPLE_KEYS = {"drop", "keep"}
SITE_KEYS = {"domains", "publisher", "fingerprints", "min_fingerprints", "name"}
FILE_KEYS = {"category", "rule", "site", "description"}
FLAG_NAMES = {"ignorecase": regex.IGNORECASE}


class RuleError(ValueError):
    """A rule file is unusable; the message names the file and, where known, the rule id."""

    def __init__(self, path: str, rule_id: str | None, message: str) -> None:
        self.path, self.rule_id, self.detail = path, rule_id, message
        where = f"{path}: rule {rule_id}" if rule_id else path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True, slots=True)
class Rule:
    """One declarative rule: what it matches, what it does, why, and examples that prove it."""

    id: str
    name: str
    category: str
    action: str
    why: str
    drop_examples: tuple[str, ...]
    keep_examples: tuple[str, ...]
    source_file: str
    pattern: str | None = None
    start: str | None = None
    until: str | None = None
    while_: str | None = None
    lines: int | None = None
    max_lines: int = DEFAULT_MAX_BLOCK_LINES
    max_words: int | None = None
    min_position: float = DEFAULT_TAIL_MIN_POSITION
    field: str | None = None
    ignorecase: bool = False
    site: str | None = None
    requires: tuple[str, ...] = ()

    @property
    def selectable(self) -> Selectable:
        """How --select/--ignore see this rule."""
        return Selectable(self.id, self.category, self.site)

    @property
    def trigger(self) -> str:
        """The pattern that decides whether a line starts this rule's work."""
        return self.start if self.action == "drop-block" else self.pattern  # type: ignore[return-value]


@dataclass(frozen=True, slots=True)
class Site:
    """A publisher whose template-specific rules apply by URL or by fingerprints in the text."""

    key: str
    domains: tuple[str, ...]
    publisher: str | None
    fingerprints: tuple[str, ...]
    min_fingerprints: int
    source_file: str


@dataclass(frozen=True, slots=True)
class RuleSet:
    """Every rule and site known to one cleaner; immutable so it can be shared across workers."""

    rules: tuple[Rule, ...]
    sites: tuple[Site, ...] = ()
    files: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        """Hold tuples whatever sequences it was given (`RuleSet(rules)` from a loader's list): immutable as the
        class says, and what the compiled engine reads (setup.py: mypyc checks the annotated tuple at run time)."""
        for name in ("rules", "sites", "files"):
            value = getattr(self, name)
            if not isinstance(value, tuple):
                object.__setattr__(self, name, tuple(value))

    def get(self, rule_id: str) -> Rule:
        """Look a rule up by id, for `cleaner rules show`."""
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def categories(self) -> list[str]:
        """Categories in load order, for listings and summaries."""
        return list(dict.fromkeys(r.category for r in self.rules))

    def select(self, select: Sequence[str] | None = None, ignore: Sequence[str] | None = None) -> RuleSet:
        """Keep the rules matched by `select` (all if empty) minus those matched by `ignore`."""
        sel = Selection.of(select, ignore)
        items = [(r, r.selectable) for r in self.rules]
        bad = sel.unmatched(i for _, i in items)
        if bad:
            raise RuleError("--select/--ignore", None, f"{bad[0]!r} matches no rule id, prefix or category")
        return RuleSet(tuple(r for r, i in items if sel.admits(i)), self.sites, self.files)


def _fail(ctx: _Ctx, message: str) -> RuleError:
    return RuleError(ctx.path, ctx.rid, message)


@dataclass(frozen=True, slots=True)
class _Ctx:
    path: str
    rid: str
    ignorecase: bool
    # False for shipped site rules: the test suite compiles every one, and a run compiles a site's
    # patterns when a page of that site first comes (start-up compiled all 85 for nothing).
    compile_patterns: bool = True


def _pattern(ctx: _Ctx, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise _fail(ctx, f"`{key}` must be a non-empty string")
    if not ctx.compile_patterns:
        return value
    try:
        compiled_rule_pattern(value, ctx.ignorecase)
    except regex.error as exc:
        raise _fail(ctx, f"`{key}` does not compile: {exc}") from None
    return value


def _positive_int(ctx: _Ctx, key: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise _fail(ctx, f"`{key}` must be a positive integer")
    return value


def _position(ctx: _Ctx, key: str, value: Any) -> float:
    if not isinstance(value, int | float) or isinstance(value, bool) or not 0 <= value <= 1:
        raise _fail(ctx, f"`{key}` must be a number between 0 and 1")
    return float(value)


def _text(ctx: _Ctx, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(ctx, f"`{key}` must be a non-empty string")
    return value


def _why(ctx: _Ctx, key: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(ctx, "`why` must say why this is boilerplate")
    return value.strip()


def _table(ctx: _Ctx, key: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(ctx, f"`{key}` must be a table (pages, support, learned)")
    return value


def _kebab(message: str) -> Callable[[_Ctx, str, Any], str]:
    def check(ctx: _Ctx, key: str, value: Any) -> str:
        if not isinstance(value, str) or not NAME_RE.fullmatch(value):
            raise _fail(ctx, message)
        return value

    return check


def strings(path: str, rule_id: str, key: str, value: Any) -> tuple[str, ...]:
    """A string or a non-empty list of non-empty strings, as a tuple."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise RuleError(path, rule_id, f"`{key}` must be a non-empty list of non-empty strings")
    return tuple(value)


def _strings(ctx: _Ctx, key: str, value: Any) -> tuple[str, ...]:
    return strings(ctx.path, ctx.rid, key, value)


# One check per key: what a valid value is, and the value the Rule stores.
KEY_CHECKS: dict[str, Callable[[_Ctx, str, Any], Any]] = {
    **dict.fromkeys(PATTERN_KEYS, _pattern),
    **dict.fromkeys(("lines", "max_lines", "max_words"), _positive_int),
    "min_position": _position,
    "field": _text,
    "why": _why,
    "name": _kebab("`name` must be kebab-case, naming what is removed"),
    "category": _kebab("`category` must be a lower-case word"),
    "requires": _strings,
    "provenance": _table,
}


def _examples(ctx: _Ctx, raw: Any) -> tuple[tuple[str, ...], tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise _fail(ctx, "missing `examples` (need examples.drop and examples.keep)")
    bad = sorted(set(raw) - EXAMPLE_KEYS)
    if bad:
        raise _fail(ctx, f"unknown example key(s): {', '.join(bad)}")
    if "drop" not in raw or "keep" not in raw:
        raise _fail(ctx, "needs both examples.drop and examples.keep")
    return _strings(ctx, "examples.drop", raw["drop"]), _strings(ctx, "examples.keep", raw["keep"])


def _header(raw: Any, path: str) -> tuple[str, str, bool]:
    """The id, action and ignorecase flag, checked first: every later message names the id."""
    if not isinstance(raw, dict):
        raise RuleError(path, None, "each [[rule]] must be a table")
    rid = raw.get("id")
    if not isinstance(rid, str) or not ID_RE.fullmatch(rid):
        raise RuleError(path, str(rid) if rid else None, "`id` must look like DON001 (2-5 capitals, 3 digits)")
    unknown = sorted(set(raw) - RULE_KEYS)
    if unknown:
        raise RuleError(path, rid, f"unknown key(s): {', '.join(unknown)}")
    action = raw.get("action")
    if action not in ACTION_KEYS:
        raise RuleError(path, rid, f"`action` must be one of {', '.join(ACTIONS)}, not {action!r}")
    flag_names = raw.get("flags", [])
    if not isinstance(flag_names, list) or any(f not in FLAG_NAMES for f in flag_names):
        raise RuleError(path, rid, f"`flags` may only hold {sorted(FLAG_NAMES)}")
    return rid, action, "ignorecase" in flag_names


def _action_keys(ctx: _Ctx, action: str, raw: dict[str, Any]) -> None:
    """Required keys present, other actions' keys absent, and drop-block's one way to end."""
    required, optional = ACTION_KEYS[action]
    missing = [k for k in required if k not in raw]
    if missing:
        raise _fail(ctx, f"action {action} needs `{missing[0]}`")
    stray = sorted(ACTION_ONLY_KEYS & set(raw) - {*required, *optional})
    if stray:
        raise _fail(ctx, f"key(s) {', '.join(stray)} do not apply to action {action}")
    if action == "drop-block" and sum(k in raw for k in ("until", "while", "lines")) != 1:
        raise _fail(ctx, "drop-block needs exactly one of `until`, `while` or `lines`")


def _check_semantics(ctx: _Ctx, action: str, values: dict[str, Any], drops: tuple[str, ...]) -> None:
    """The checks that span keys: an extract has somewhere to put its value; `requires` can fire."""
    if action == "extract" and ctx.compile_patterns:  # [speed glue] shipped rules compile lazily
        groups = compiled_rule_pattern(values["pattern"], ctx.ignorecase).groupindex
        if not groups and not values.get("field"):
            raise _fail(ctx, "extract needs named groups such as (?P<date_modified>...) or a `field`")
    requires = values.get("requires")
    if requires:
        casefold = is_casefold(values.get("pattern") or values.get("start") or "", ctx.ignorecase)
        folded = [r.lower() for r in requires] if casefold else list(requires)
        for ex in drops:
            probe = ex.lower() if casefold else ex
            if not any(lit in probe for lit in folded):
                raise _fail(ctx, f"drop example {ex!r} has none of `requires`: it could never fire")


def parse_rule(raw: Any, path: str, default_category: str, site: str | None, *, compile_patterns: bool = True) -> Rule:
    """Validate one `[[rule]]` table into a Rule, raising RuleError on the first problem."""
    rid, action, ignorecase = _header(raw, path)
    ctx = _Ctx(path, rid, ignorecase, compile_patterns)
    for key in ("name", "why"):
        KEY_CHECKS[key](ctx, key, raw.get(key))
    drops, keeps = _examples(ctx, raw.get("examples"))
    _action_keys(ctx, action, raw)
    values = {k: KEY_CHECKS[k](ctx, k, raw[k]) for k in KEY_CHECKS if k in raw}
    values.setdefault("category", KEY_CHECKS["category"](ctx, "category", default_category))
    _check_semantics(ctx, action, values, drops)
    return Rule(
        id=rid,
        name=values["name"],
        category=values["category"],
        action=action,
        why=values["why"],
        drop_examples=drops,
        keep_examples=keeps,
        source_file=path,
        pattern=values.get("pattern"),
        start=values.get("start"),
        until=values.get("until"),
        while_=values.get("while"),
        lines=values.get("lines"),
        max_lines=values.get("max_lines", DEFAULT_MAX_BLOCK_LINES),
        max_words=values.get("max_words", None if action == "trim" else DEFAULT_MAX_WORDS),
        min_position=values.get("min_position", DEFAULT_TAIL_MIN_POSITION),
        field=values.get("field"),
        ignorecase=ignorecase,
        site=site,
        requires=values.get("requires", ()),
    )


# Reading and merging files lives in loader.py; these names stay importable from here.
from cleaner.rules.loader import builtin_rule_files, load_rule_file, load_rules  # noqa: E402

__all__ = [
    "Rule",
    "RuleError",
    "RuleSet",
    "Site",
    "builtin_rule_files",
    "load_rule_file",
    "load_rules",
    "parse_rule",
]
