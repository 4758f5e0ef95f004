"""Project defaults from `cleaner.toml` or `[tool.cleaner]` in `pyproject.toml`, as ruff and pytest read theirs.

The nearest file wins: starting in the working directory and walking up, the first folder with a
`cleaner.toml`, or a `pyproject.toml` that has a `[tool.cleaner]` table, is the project's config.
Its values become the defaults of the command-line options of the same name, so an option given
on the command line always wins. Relative `rules` paths are read from the config file's folder,
so the same config works from any sub-folder.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_NAME = "cleaner.toml"
PYPROJECT_NAME = "pyproject.toml"
# What a config file may set, with the type each value must have and its built-in default (the
# command-line option's default, repeated here so `--show-config` can print it).
LIST_KEYS = ("rules", "select", "ignore", "lang")
DEFAULTS: dict[str, Any] = {
    "rules": [],
    "select": [],
    "ignore": [],
    "heuristics": "auto",
    "reference_date": None,
    "jobs": 0,
    "timeout": 60.0,
    "lang": [],
}
# Sub-commands whose options take config defaults.
COMMANDS = ("clean", "batch")


class ConfigError(ValueError):
    """A config file the user must fix; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class Config:
    """Merged settings: each key's value and where it came from (a file path, or "default")."""

    values: dict[str, Any] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    path: Path | None = None

    def explicit(self) -> dict[str, Any]:
        """Only the values a config file set: what becomes a command-line default."""
        return {k: v for k, v in self.values.items() if self.sources.get(k) != "default"}


def find_config(start: Path | None = None) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config file at or above `start` and its cleaner table, or None."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        own = folder / CONFIG_NAME
        if own.is_file():
            return own, _read(own)
        pyproject = folder / PYPROJECT_NAME
        if pyproject.is_file():
            table = _read(pyproject).get("tool", {}).get("cleaner")
            if table is not None:
                if not isinstance(table, dict):
                    raise ConfigError(f"{pyproject}: [tool.cleaner] must be a table")
                return pyproject, table
    return None


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None


def _check(path: Path, key: str, value: Any) -> Any:
    """One value in the type its option takes; lists also accept a comma-separated string."""
    where = f"{path}: {key}"
    if key in LIST_KEYS:
        if isinstance(value, str):
            value = [t.strip() for t in value.split(",") if t.strip()]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{where} must be a list of strings")
        if key == "rules":
            return [str((path.parent / v).resolve()) for v in value]
        return value
    if key in ("heuristics", "reference_date"):
        if not isinstance(value, str):
            raise ConfigError(f"{where} must be a string")
        return value
    if key == "jobs":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ConfigError(f"{where} must be a whole number, 0 (all cores) or more")
        return value
    if key == "timeout":
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ConfigError(f"{where} must be a number of seconds, 0 (none) or more")
        return float(value)
    raise ConfigError(f"{where}: unknown key (known: {', '.join(DEFAULTS)})")


def load_config(start: Path | None = None) -> Config:
    """Built-in defaults overlaid with the nearest config file's values."""
    values = dict(DEFAULTS)
    sources = dict.fromkeys(DEFAULTS, "default")
    found = find_config(start)
    if found is None:
        return Config(values, sources)
    path, table = found
    for key, value in table.items():
        values[key] = _check(path, key, value)
        sources[key] = str(path)
    return Config(values, sources, path)


def default_map(config: Config) -> dict[str, dict[str, Any]]:
    """click's `default_map` for the sub-commands: config values become option defaults."""
    explicit = config.explicit()
    return {command: dict(explicit) for command in COMMANDS}


def describe(config: Config, overrides: Mapping[str, Any] | None = None) -> str:
    """`--show-config`: one line per key, `key = value  # source`, values in TOML-like form."""
    import json

    merged = dict(config.values)
    sources = dict(config.sources)
    for key, value in (overrides or {}).items():
        merged[key] = value
        sources[key] = "command line"
    width = max(len(k) for k in merged)
    lines = [f"# config file: {config.path or 'none found (cleaner.toml or [tool.cleaner] in pyproject.toml)'}"]
    for key, value in merged.items():
        shown = "(none)" if value is None else json.dumps(value, ensure_ascii=False)
        lines.append(f"{key:<{width}} = {shown}  # {sources[key]}")
    return "\n".join(lines)
