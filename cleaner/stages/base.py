"""What a stage receives and what it proposes; the types every stage and `apply` share.

A stage never edits the document or another stage's output: it returns a `StageOutput` of
proposals, and `stages.apply` alone turns proposals into the kept view, `removed[]` and
`extracted[]`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cleaner.lines import Lines, View
from cleaner.model import Image, Removal

if TYPE_CHECKING:
    from cleaner.html import HtmlExtraction
    from cleaner.rules.engine import RuleEngine
    from cleaner.templates.stage import TemplateEngine


@dataclass(frozen=True, slots=True)
class Proposal:
    """One removal a stage proposes: the audit entry, the lines it drops, or the text left on a trimmed line.

    `drop` lists 0-based line indexes taken out whole. A trim takes part of one line: `keep` is
    then (index, the text left). `extracted` proposals moved the text into a field (top matter)
    and land in `extracted[]`, the rest in `removed[]`.
    """

    removal: Removal
    drop: tuple[int, ...] = ()
    keep: tuple[int, str] | None = None
    extracted: bool = False


@dataclass(frozen=True, slots=True)
class Capture:
    """A value a stage read from the text for a field, with the removal that took its line."""

    name: str
    value: str
    removal: Removal
    # "text" for a value a rule read from a line; "top" for a line moved by its shape (top matter),
    # which `metadata.assemble` ranks below the page's own metadata.
    kind: str = "text"


@dataclass(frozen=True, slots=True)
class StageOutput:
    """Everything one stage proposes for one document."""

    proposals: tuple[Proposal, ...] = ()
    captures: tuple[Capture, ...] = ()
    images: tuple[Image, ...] = ()
    warnings: tuple[str, ...] = ()
    # The jusText language name a stage guessed on the way, reused for inLanguage.
    stoplist_language: str | None = None


@dataclass(frozen=True, slots=True)
class Settings:
    """What a Cleaner was built with, as the stages need it: compiled rules and heuristic choices."""

    engine: RuleEngine
    heuristics_mode: str
    # The stage ids (see Stage.ids) the selection left on.
    enabled_ids: frozenset[str]
    # Learned template rules (category "template"), run by the templates stage; None without any.
    templates: TemplateEngine | None = None


@dataclass(frozen=True, slots=True)
class Context:
    """What a stage may read besides the lines: site keys, the page's metadata, what came before."""

    settings: Settings
    site_keys: tuple[str, ...]
    page: HtmlExtraction | None
    earlier: tuple[StageOutput, ...] = field(default=())

    @property
    def captures(self) -> tuple[Capture, ...]:
        """Every field value earlier stages captured, in the order they captured them."""
        return tuple(c for out in self.earlier for c in out.captures)


StageFn = Callable[[Lines, View, Context], StageOutput]


@dataclass(frozen=True, slots=True)
class Stage:
    """A stage as the registry lists it: its function, and the ids and categories that select it."""

    name: str
    run: StageFn
    # Ids (and the category) a --select/--ignore token can name them by; empty for stages that are
    # not switched by selection (the rules stage selects inside its RuleSet).
    ids: tuple[str, ...] = ()
    category: str = ""
