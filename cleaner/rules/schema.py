"""Load and validate TOML rule files, so a broken rule fails at load time with its file and id."""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import regex

from cleaner.selection import Selectable, Selection

ACTIONS = ("drop-line", "drop-block", "drop-tail", "trim", "extract")
# Learned rules carry their site in the id (TPL-BBC.CO.UK-001, cleaner/templates/rulefile.py).
ID_RE = regex.compile(r"[A-Z]{2,5}\d{3}|[A-Z]{2,5}-[A-Z0-9][A-Z0-9.-]*-\d{3}")
NAME_RE = regex.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# A block that has not found its `until` line within this many non-blank lines is left alone:
# the longest real widget seen (TheJournal donation box, Guardian epic) spans 4-9 lines.
DEFAULT_MAX_BLOCK_LINES = 12
# drop-tail only fires in the last part of a document, so a marker near the top cannot eat the
# article; 0.5 keeps the second half, where every footer/teaser marker in the dev corpus sits.
DEFAULT_TAIL_MIN_POSITION = 0.5

# Line rules without their own `max_words` never touch a line longer than this: no chrome line in
# the seeds or the dev corpus runs past ~45 words, and the cap keeps a loose pattern off paragraphs.
DEFAULT_MAX_WORDS = 60

RULE_KEYS = {
    "id",
    "name",
    "action",
    "why",
    "examples",
    "category",
    "pattern",
    "start",
    "until",
    "while",
    "lines",
    "max_lines",
    "max_words",
    "min_position",
    "field",
    "known_false_positives",
    "flags",
    "requires",
    "provenance",
}
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


# A pattern's leading inline flags, e.g. "(?i)"; shared with the engine, which scopes them.
LEADING_FLAGS = regex.compile(r"^\(\?([aiLmsux]+)\)")


def is_casefold(pattern: str, ignorecase: bool = False) -> bool:
    """True when a pattern matches case-insensitively, by flag or by a leading (?i)."""
    m = LEADING_FLAGS.match(pattern)
    return ignorecase or bool(m and "i" in m.group(1))


def _compile_check(path: str, rule_id: str, key: str, pattern: Any, flags: int) -> str:
    if not isinstance(pattern, str) or not pattern:
        raise RuleError(path, rule_id, f"`{key}` must be a non-empty string")
    try:
        regex.compile(pattern, flags | regex.V0)
    except regex.error as exc:
        raise RuleError(path, rule_id, f"`{key}` does not compile: {exc}") from None
    return pattern


def _strings(path: str, rule_id: str, key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
        raise RuleError(path, rule_id, f"`{key}` must be a non-empty list of non-empty strings")
    return tuple(value)


def parse_rule(raw: Any, path: str, default_category: str, site: str | None) -> Rule:
    """Validate one `[[rule]]` table into a Rule, raising RuleError on the first problem."""
    if not isinstance(raw, dict):
        raise RuleError(path, None, "each [[rule]] must be a table")
    rid = raw.get("id")
    if not isinstance(rid, str) or not ID_RE.fullmatch(rid):
        raise RuleError(path, str(rid) if rid else None, "`id` must look like DON001 (2-5 capitals, 3 digits)")
    unknown = sorted(set(raw) - RULE_KEYS)
    if unknown:
        raise RuleError(path, rid, f"unknown key(s): {', '.join(unknown)}")
    name = raw.get("name")
    if not isinstance(name, str) or not NAME_RE.fullmatch(name):
        raise RuleError(path, rid, "`name` must be kebab-case, naming what is removed")
    action = raw.get("action")
    if action not in ACTIONS:
        raise RuleError(path, rid, f"`action` must be one of {', '.join(ACTIONS)}, not {action!r}")
    why = raw.get("why")
    if not isinstance(why, str) or not why.strip():
        raise RuleError(path, rid, "`why` must say why this is boilerplate")
    examples = raw.get("examples")
    if not isinstance(examples, dict):
        raise RuleError(path, rid, "missing `examples` (need examples.drop and examples.keep)")
    bad = sorted(set(examples) - EXAMPLE_KEYS)
    if bad:
        raise RuleError(path, rid, f"unknown example key(s): {', '.join(bad)}")
    if "drop" not in examples or "keep" not in examples:
        raise RuleError(path, rid, "needs both examples.drop and examples.keep")
    drops = _strings(path, rid, "examples.drop", examples["drop"])
    keeps = _strings(path, rid, "examples.keep", examples["keep"])
    if not isinstance(raw.get("provenance", {}), dict):
        raise RuleError(path, rid, "`provenance` must be a table (pages, support, learned)")
    flag_names = raw.get("flags", [])
    if not isinstance(flag_names, list) or any(f not in FLAG_NAMES for f in flag_names):
        raise RuleError(path, rid, f"`flags` may only hold {sorted(FLAG_NAMES)}")
    flags = regex.IGNORECASE if "ignorecase" in flag_names else 0

    needs = {
        "drop-block": ("start",),
        "drop-line": ("pattern",),
        "drop-tail": ("pattern",),
        "trim": ("pattern",),
        "extract": ("pattern",),
    }[action]
    for key in needs:
        if key not in raw:
            raise RuleError(path, rid, f"action {action} needs `{key}`")
    allowed_extra = {
        "drop-block": {"start", "until", "while", "lines", "max_lines", "field"},
        "drop-tail": {"pattern", "min_position"},
        "drop-line": {"pattern"},
        "trim": {"pattern"},
        "extract": {"pattern", "field"},
    }[action]
    stray = sorted(
        {"pattern", "start", "until", "while", "lines", "max_lines", "min_position", "field"} & set(raw) - allowed_extra
    )
    if stray:
        raise RuleError(path, rid, f"key(s) {', '.join(stray)} do not apply to action {action}")
    patterns = {
        k: _compile_check(path, rid, k, raw[k], flags) for k in ("pattern", "start", "until", "while") if k in raw
    }
    if action == "drop-block" and sum(k in raw for k in ("until", "while", "lines")) != 1:
        raise RuleError(path, rid, "drop-block needs exactly one of `until`, `while` or `lines`")
    for key in ("lines", "max_lines", "max_words"):
        if key in raw and (not isinstance(raw[key], int) or isinstance(raw[key], bool) or raw[key] < 1):
            raise RuleError(path, rid, f"`{key}` must be a positive integer")
    min_pos = raw.get("min_position", DEFAULT_TAIL_MIN_POSITION)
    if not isinstance(min_pos, int | float) or not 0 <= min_pos <= 1:
        raise RuleError(path, rid, "`min_position` must be a number between 0 and 1")
    if action == "extract":
        groups = regex.compile(patterns["pattern"], flags).groupindex
        if not groups and not raw.get("field"):
            raise RuleError(path, rid, "extract needs named groups such as (?P<date_modified>...) or a `field`")
    requires: tuple[str, ...] = ()
    if "requires" in raw:
        requires = _strings(path, rid, "requires", raw["requires"])
        casefold = bool(flags) or is_casefold(patterns.get("pattern") or patterns.get("start") or "")
        folded = [r.lower() for r in requires] if casefold else list(requires)
        for ex in drops:
            probe = ex.lower() if casefold else ex
            if not any(lit in probe for lit in folded):
                raise RuleError(path, rid, f"drop example {ex!r} has none of `requires`: it could never fire")
    category = raw.get("category", default_category)
    if not isinstance(category, str) or not NAME_RE.fullmatch(category):
        raise RuleError(path, rid, "`category` must be a lower-case word")
    return Rule(
        id=rid,
        name=name,
        category=category,
        action=action,
        why=why.strip(),
        drop_examples=drops,
        keep_examples=keeps,
        source_file=path,
        pattern=patterns.get("pattern"),
        start=patterns.get("start"),
        until=patterns.get("until"),
        while_=patterns.get("while"),
        lines=raw.get("lines"),
        max_lines=raw.get("max_lines", DEFAULT_MAX_BLOCK_LINES),
        max_words=raw.get("max_words", None if action == "trim" else DEFAULT_MAX_WORDS),
        min_position=float(min_pos),
        field=raw.get("field"),
        ignorecase=bool(flags),
        site=site,
        requires=requires,
    )


def _parse_site(raw: Any, path: str, stem: str) -> Site:
    if not isinstance(raw, dict):
        raise RuleError(path, None, "[site] must be a table")
    unknown = sorted(set(raw) - SITE_KEYS)
    if unknown:
        raise RuleError(path, None, f"unknown [site] key(s): {', '.join(unknown)}")
    domains = _strings(path, "[site]", "domains", raw.get("domains"))
    fps = tuple(_compile_check(path, "[site]", "fingerprints", p, 0) for p in raw.get("fingerprints", []))
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


def load_rule_file(path: str | Path, text: str | None = None) -> tuple[list[Rule], Site | None]:
    """Parse one rule file; a `[site]` table makes its rules apply only to that site."""
    p = str(path)
    if text is None:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise RuleError(p, None, f"cannot read: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise RuleError(p, None, "not UTF-8 text") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(p, None, f"invalid TOML: {exc}") from None
    unknown = sorted(set(data) - FILE_KEYS)
    if unknown:
        raise RuleError(p, None, f"unknown top-level key(s): {', '.join(unknown)}")
    stem = Path(p).stem
    site = _parse_site(data["site"], p, stem) if "site" in data else None
    raw_rules = data.get("rule", [])
    if not isinstance(raw_rules, list) or not raw_rules:
        raise RuleError(p, None, "no [[rule]] tables")
    default_category = data.get("category", stem if site is None else "site")
    rules = [parse_rule(r, p, default_category, site.key if site else None) for r in raw_rules]
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


def load_rules(
    paths: Iterable[str | Path] = (),
    *,
    builtin: bool = True,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] | None = None,
) -> RuleSet:
    """Load the shipped rule sets plus user files, reject duplicate ids, then apply select/ignore."""
    rules: list[Rule] = []
    sites: list[Site] = []
    files: list[str] = []
    seen: dict[str, str] = {}
    sources: list[tuple[str, str | None]] = []
    if builtin:
        sources.extend(builtin_rule_files())
    for path in paths:
        pth = Path(path)
        if pth.is_dir():
            sources.extend((str(f), None) for f in sorted(pth.rglob("*.toml")))
        else:
            sources.append((str(pth), None))
    for label, text in sources:
        file_rules, site = load_rule_file(label, text)
        for r in file_rules:
            if r.id in seen:
                raise RuleError(label, r.id, f"duplicate id (already defined in {seen[r.id]})")
            seen[r.id] = label
        rules.extend(file_rules)
        files.append(label)
        if site:
            sites.append(site)
    return RuleSet(tuple(rules), tuple(sites), tuple(files)).select(select, ignore)
