"""What a stage receives and what it proposes; the types every stage and `apply` share.

A stage never edits the document or another stage's output: it returns a `StageOutput` of
proposals, and `stages.apply` alone turns proposals into the kept view, `removed[]` and
`extracted[]`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from cleaner.lines import Lines, View
from cleaner.model import Image, Removal

if TYPE_CHECKING:
    from cleaner.html import HtmlExtraction
    from cleaner.rules.engine import EngineResult
    from cleaner.templates.stage import TemplateEngine


class RuleRunner(Protocol):
    """What the stages call on the rules: a cleaner.rules.engine.RuleEngine. Settings names this protocol, not the
    class: the compiled build hands dataclasses each field's type at import, and the engine's module imports this one.
    """

    def apply(self, lines: Sequence[str], site_keys: Iterable[str] = ()) -> EngineResult:
        """The rules' proposals, captures and images for `lines`."""
        ...


# Frozen, with written-out constructors and `__reduce__`, and mypyc-compiled: cleaner/model.py says why.
@dataclass(frozen=True, slots=True, init=False)
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

    def __init__(
        self,
        removal: Removal,
        drop: tuple[int, ...] = (),
        keep: tuple[int, str] | None = None,
        extracted: bool = False,
    ) -> None:
        object.__setattr__(self, "removal", removal)
        object.__setattr__(self, "drop", drop)
        object.__setattr__(self, "keep", keep)
        object.__setattr__(self, "extracted", extracted)

    def __reduce__(self) -> tuple[type[Proposal], tuple[Any, ...]]:
        return Proposal, (self.removal, self.drop, self.keep, self.extracted)


@dataclass(frozen=True, slots=True, init=False)
class Capture:
    """A value a stage read from the text for a field, with the removal that took its line."""

    name: str
    value: str
    removal: Removal
    # "text" for a value a rule read from a line; "top" for a line moved by its shape (top matter),
    # which `metadata.assemble` ranks below the page's own metadata.
    kind: str = "text"

    def __init__(
        self,
        name: str,
        value: str,
        removal: Removal,
        kind: str = "text",
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "value", value)
        object.__setattr__(self, "removal", removal)
        object.__setattr__(self, "kind", kind)

    def __reduce__(self) -> tuple[type[Capture], tuple[Any, ...]]:
        return Capture, (self.name, self.value, self.removal, self.kind)


@dataclass(frozen=True, slots=True, init=False)
class StageOutput:
    """Everything one stage proposes for one document."""

    proposals: tuple[Proposal, ...] = ()
    captures: tuple[Capture, ...] = ()
    images: tuple[Image, ...] = ()
    warnings: tuple[str, ...] = ()
    # The jusText language name a stage guessed on the way, reused for inLanguage.
    stoplist_language: str | None = None

    def __init__(
        self,
        proposals: tuple[Proposal, ...] = (),
        captures: tuple[Capture, ...] = (),
        images: tuple[Image, ...] = (),
        warnings: tuple[str, ...] = (),
        stoplist_language: str | None = None,
    ) -> None:
        object.__setattr__(self, "proposals", proposals)
        object.__setattr__(self, "captures", captures)
        object.__setattr__(self, "images", images)
        object.__setattr__(self, "warnings", warnings)
        object.__setattr__(self, "stoplist_language", stoplist_language)

    def __reduce__(self) -> tuple[type[StageOutput], tuple[Any, ...]]:
        return StageOutput, (self.proposals, self.captures, self.images, self.warnings, self.stoplist_language)


@dataclass(frozen=True, slots=True, init=False)
class Settings:
    """What a Cleaner was built with, as the stages need it: compiled rules and heuristic choices."""

    engine: RuleRunner
    heuristics_mode: str
    # The stage ids (see Stage.ids) the selection left on.
    enabled_ids: frozenset[str]
    # Learned template rules (category "template"), run by the templates stage; None without any.
    templates: TemplateEngine | None = None
    # The learned line stage (cleaner.learned.stage.LearnedStage) or None when it is off. Glue (helper
    # `learned`): a Cleaner-level object so that cross-validation can hand in fold models.
    learned: Any = None

    def __init__(
        self,
        engine: RuleRunner,
        heuristics_mode: str,
        enabled_ids: frozenset[str],
        templates: TemplateEngine | None = None,
        learned: Any = None,
    ) -> None:
        object.__setattr__(self, "engine", engine)
        object.__setattr__(self, "heuristics_mode", heuristics_mode)
        object.__setattr__(self, "enabled_ids", enabled_ids)
        object.__setattr__(self, "templates", templates)
        object.__setattr__(self, "learned", learned)

    def __reduce__(self) -> tuple[type[Settings], tuple[Any, ...]]:
        return Settings, (self.engine, self.heuristics_mode, self.enabled_ids, self.templates, self.learned)


@dataclass(frozen=True, slots=True, init=False)
class Context:
    """What a stage may read besides the lines: site keys, the page's metadata, what came before."""

    settings: Settings
    site_keys: tuple[str, ...]
    page: HtmlExtraction | None
    earlier: tuple[StageOutput, ...] = ()

    def __init__(
        self,
        settings: Settings,
        site_keys: tuple[str, ...],
        page: HtmlExtraction | None,
        earlier: tuple[StageOutput, ...] = (),
    ) -> None:
        object.__setattr__(self, "settings", settings)
        object.__setattr__(self, "site_keys", site_keys)
        object.__setattr__(self, "page", page)
        object.__setattr__(self, "earlier", earlier)

    def __reduce__(self) -> tuple[type[Context], tuple[Any, ...]]:
        return Context, (self.settings, self.site_keys, self.page, self.earlier)

    @property
    def captures(self) -> tuple[Capture, ...]:
        """Every field value earlier stages captured, in the order they captured them."""
        return tuple(c for out in self.earlier for c in out.captures)


StageFn = Callable[[Lines, View, Context], StageOutput]


@dataclass(frozen=True, slots=True, init=False)
class Stage:
    """A stage as the registry lists it: its function, and the ids and categories that select it."""

    name: str
    run: StageFn
    # Ids (and the category) a --select/--ignore token can name them by; empty for stages that are
    # not switched by selection (the rules stage selects inside its RuleSet).
    ids: tuple[str, ...] = ()
    category: str = ""

    def __init__(
        self,
        name: str,
        run: StageFn,
        ids: tuple[str, ...] = (),
        category: str = "",
    ) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "run", run)
        object.__setattr__(self, "ids", ids)
        object.__setattr__(self, "category", category)

    def __reduce__(self) -> tuple[type[Stage], tuple[Any, ...]]:
        return Stage, (self.name, self.run, self.ids, self.category)
