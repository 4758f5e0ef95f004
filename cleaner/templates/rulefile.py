"""Learned templates as a reviewable rule file per site, in the format every rule file uses.

The files are meant to be read, edited and committed: one `[[rule]]` per recurring line, one
`drop-block` per recurring run, each with its evidence (`provenance`) and a drop example copied
from the data, so `cleaner rules test FILE` and `--rules DIR` work on them unchanged.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaner.io.writers import atomic_write_text, sanitize_name
from cleaner.templates.learner import LearnedLine, LearnedSite, iter_rules_lines
from cleaner.templates.normalise import literal_pattern, normalise

CATEGORY = "template"
ID_PREFIX = "TPL"
# Fingerprints let the rules find their site in a text without a URL; only lines this long
# (in words) are distinctive enough, and two of them must show, as for the shipped site files.
FINGERPRINT_MIN_WORDS = 4
FINGERPRINTS = 3
MIN_FINGERPRINTS = 2
# A run's drop-block may meet this many more lines than it was learned with (an extra menu item)
RUN_EXTRA_LINES = 2
# Rule names are built from this many words of the line.
NAME_WORDS = 4
_NAME_WORD = re.compile(r"[a-z0-9]+")
_TOML_UNSAFE = re.compile(r"['\x00-\x08\x0a-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class WrittenFile:
    """Where a site's rules went and how many there are."""

    site: str
    path: Path
    rules: int


def site_tag(site: str) -> str:
    """The site part of a rule id: upper-case, only letters, digits, dots and hyphens."""
    tag = re.sub(r"[^A-Z0-9.-]+", "-", site.upper()).strip("-.")
    return tag or "SITE"


def _toml_str(value: str) -> str:
    """A literal string ('...', regexes stay readable) unless the text forbids it."""
    if not _TOML_UNSAFE.search(value):
        return f"'{value}'"
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return _toml_str(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def _name(text: str, kind: str) -> str:
    words = _NAME_WORD.findall(text.lower())[:NAME_WORDS]
    return "-".join(["template", kind, *words])


def _keep_example(site: LearnedSite) -> str:
    """A line of the site's own article text that no learned rule matches; a made-up one if none.

    A learned pattern matches exactly the lines of its text's normal form, so comparing normal
    forms answers without compiling every pattern.
    """
    learned = {normalise(x.text) for x in iter_rules_lines(site)}
    for candidate in (site.keep_sample, "This sentence of article text mentions no template line at all."):
        if candidate and normalise(candidate) not in learned:
            return candidate
    return "An article line."


def rules_for(site: LearnedSite, learned_on: dt.date, tag: str | None = None) -> list[dict[str, Any]]:
    """The `[[rule]]` tables of one site, runs first (they are the big ones), then single lines."""
    tag = tag or site_tag(site.site)
    tables: list[dict[str, Any]] = []
    n = 0
    day = learned_on.isoformat()

    def provenance(support: int) -> dict[str, Any]:
        return {"pages": site.pages, "support": support, "learned": day}

    for run in site.runs:
        n += 1
        alternation = "|".join(f"(?:{literal_pattern(x.text)})" for x in run)
        support = min(x.support for x in run)
        tables.append(
            {
                "id": f"{ID_PREFIX}-{tag}-{n:03d}",
                "name": _name(run[0].text, "run"),
                "action": "drop-block",
                "start": alternation,
                "while": alternation,
                "max_lines": len(run) - 1 + RUN_EXTRA_LINES,
                "why": (
                    f"A run of {len(run)} lines that recurred together on {support} of {site.pages} pages of "
                    f"{site.site} (learned {day}); only lines of the run are dropped, so an article sentence "
                    "that merely contains one of them is kept."
                ),
                "provenance": provenance(support),
                "examples": {"drop": ["\n".join(x.text for x in run)]},
            }
        )
    for line in site.lines:
        n += 1
        pattern = literal_pattern(line.text)
        tables.append(
            {
                "id": f"{ID_PREFIX}-{tag}-{n:03d}",
                "name": _name(line.text, "line"),
                "action": "drop-line",
                "pattern": pattern,
                "why": (
                    f"This exact line (numbers and spacing aside) recurred on {line.support} of {site.pages} pages "
                    f"of {site.site} (learned {day}); a longer line that contains it, as a quote would, is kept."
                ),
                "provenance": provenance(line.support),
                "examples": {"drop": [line.text]},
            }
        )
    keep = _keep_example(site)
    for t in tables:
        t["examples"]["keep"] = [keep]
    return tables


def fingerprints_for(site: LearnedSite) -> list[str]:
    """Patterns of the site's most distinctive learned lines, for texts that come without a URL."""
    long_lines = sorted(
        (x for x in site.lines if len(x.text.split()) >= FINGERPRINT_MIN_WORDS),
        key=lambda x: (-x.support, -len(x.text), x.text),
    )[:FINGERPRINTS]
    if len(long_lines) < MIN_FINGERPRINTS:
        return []
    return [rf"(?m)^[ \t]*{literal_pattern(x.text)}[ \t]*$" for x in long_lines]


def render(site: LearnedSite, learned_on: dt.date, domains: Sequence[str] | None = None, tag: str | None = None) -> str:
    """The TOML text of one site's rule file."""
    rules = rules_for(site, learned_on, tag)
    head = [
        f"# Learned by `cleaner learn` on {learned_on.isoformat()} from {site.pages} pages of {site.site}"
        + (f" (groups: {', '.join(site.groups)})" if len(site.groups) > 1 else "")
        + ".",
        "# Every rule drops whole lines that recurred across the site's pages. Review them, delete any",
        "# that is article text, then commit the file and reuse it with `cleaner batch --rules DIR`.",
        f"category = {_toml_str(CATEGORY)}",
        f"description = {_toml_str(f'Template of {site.site} learned from {site.pages} pages.')}",
        "",
        "[site]",
        f"name = {_toml_str(site.site)}",
        f"domains = {_toml_value(list(domains or [site.site]))}",
    ]
    fps = fingerprints_for(site)
    if fps:
        head += [f"fingerprints = {_toml_value(fps)}", f"min_fingerprints = {MIN_FINGERPRINTS}"]
    body: list[str] = []
    for t in rules:
        body += ["", "[[rule]]"]
        for key, value in t.items():
            if key == "examples":
                body += [f"examples.{k} = {_toml_value(v)}" for k, v in value.items()]
            else:
                body.append(f"{key} = {_toml_value(value)}")
    text = "\n".join(head + body) + "\n"
    tomllib.loads(text)  # a writer bug must fail here, not in the user's next run
    return text


def file_name(site: str) -> str:
    """`<domain>.toml`, made safe for any site key."""
    return sanitize_name(site) + ".toml"


def write_rules(
    sites: Sequence[LearnedSite],
    out_dir: str | Path,
    learned_on: dt.date | None = None,
    domains: dict[str, Sequence[str]] | None = None,
) -> list[WrittenFile]:
    """One file per site that learned at least one rule; each written atomically."""
    day = learned_on or dt.datetime.now(dt.UTC).date()
    out = Path(out_dir)
    written: list[WrittenFile] = []
    tags: set[str] = set()
    for site in sites:
        if not site.rule_count:
            continue
        # Two site keys can make one tag ("a_b.com", "a-b.com"); ids must stay unique across files.
        tag, k = site_tag(site.site), 1
        while tag in tags:
            k += 1
            tag = f"{site_tag(site.site)}-{k}"
        tags.add(tag)
        path = out / file_name(site.site)
        atomic_write_text(path, render(site, day, (domains or {}).get(site.site), tag))
        written.append(WrittenFile(site.site, path, site.rule_count))
    return written


__all__ = ["CATEGORY", "LearnedLine", "WrittenFile", "render", "rules_for", "write_rules"]
