"""What each rule action means (drop-line, drop-block, drop-tail, trim, extract), over one document.

Which rule fires on a line is the prefilter's question (`rules.prefilter`: one literal scan of the
document, the index, the cache); this module only acts on the answer. Almost every article line
misses every rule, so the common case costs a dictionary lookup and no regex call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import is_not

import regex

from cleaner.casing import lower
from cleaner.metadata.captions import normalise_caption, normalise_credit
from cleaner.model import Image, Removal
from cleaner.native import kernel
from cleaner.rules import running
from cleaner.rules.prefilter import (
    MATCH_TIMEOUT_S,
    UNKNOWN,
    Answer,
    Compiled,
    Document,
    Prefilter,
    Scope,
    word_count,
)
from cleaner.rules.schema import Rule, RuleSet
from cleaner.stages.base import Proposal

# Trims are re-applied so stacked credits ("Alamy Stock Photo Alamy Stock Photo") all go,
# but never more than this, so a trim that matches an empty string cannot loop.
MAX_TRIM_PASSES = 3
IMAGE_GROUPS = ("caption", "credit", "alt")
# Passes over a document until one removes nothing; three settle every case seen in the
# property tests (a removal exposes a block, whose removal exposes nothing more).
MAX_PASSES = 3


@dataclass(slots=True)
class EngineResult:
    """What the rules did to one document: per-line kept text, removals, captured values.

    The engine works on its own copy of the lines (`kept`, a removed line becomes None); the
    rules stage hands `proposals` on, so that `stages.apply` alone decides what the body keeps.
    """

    kept: list[str | None]
    removed: list[Removal] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    fields: list[tuple[str, str, Removal]] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def __init__(self, kept: list[str | None]) -> None:
        """Written out: the generated one reads each field's default factory through a frame of its own, and the
        engine makes one result per run (~2.3 a page)."""
        self.kept = kept
        self.removed = []
        self.proposals = []
        self.fields = []
        self.images = []
        self.warnings = []


def _field_of(rule: Rule, groups: dict[str, str | None]) -> str:
    """Where an extracted line went: the rule's field, `image` for captions, else its groups (`groups`: the match's
    `groupdict()`, read once for this and `_capture`: a pattern of many groups makes each read cost)."""
    if rule.field:
        return rule.field
    names = [k for k, v in groups.items() if v]
    if any(n in IMAGE_GROUPS for n in names):
        return "image"
    return ",".join(names) or "metadata"


def _visits_py(
    stripped: list[str], kept: list[str | None], answers: dict[str, Answer], first: bool
) -> tuple[list[int], list[int]]:
    """The content lines of a pass (non-empty, and not removed by an earlier pass unless this is the first) by index,
    and the positions among them `_line_pass` visits: those whose answer is a rule or not known yet (the kernel's twin:
    `_linepass.visits`). The answers are read before the pass, not as it goes: a line it answers None in between
    (the same text further down) is visited and then passed over on its answer, as it was skipped before."""
    content_idx = list(compress(range(len(stripped)), stripped))
    if not first:  # lines removed by an earlier pass are no longer content
        content_idx = [i for i in content_idx if kept[i] is not None]
    known = map(answers.get, map(stripped.__getitem__, content_idx), repeat(UNKNOWN))
    return content_idx, list(compress(range(len(content_idx)), map(is_not, known, repeat(None))))


_NATIVE = kernel("cleaner.rules._linepass")
# The content lines and the visits of a pass, in one C loop when the kernel is built: what were two list builds and
# a chain of maps over every line, on every pass and run.
_visits: Callable[[list[str], list[str | None], dict[str, Answer], bool], tuple[list[int], list[int]]] = (
    _NATIVE.visits if _NATIVE is not None else _visits_py
)


def _block_line(c: Compiled, until: bool, s: str, ends: dict[tuple[int, bool, str], bool]) -> bool:
    """Whether block rule `c`'s end (`until`) or continuation (else `while_`) matches the stripped line `s`, remembered
    in the document's `ends` (`Document.block_lines`): the rules run over a document again after a later stage
    removed lines (`stages.rejoin`), and a block found before asks the same lines again, each a regex call with a
    timeout (two CPU-clock reads). A timeout raises, as before, and is not remembered."""
    key = (id(c), until, s)
    hit = ends.get(key)
    if hit is None:
        rx = c.until if until else c.while_
        assert rx is not None
        try:
            running.checkpoint()
            # by position: see MATCH_TIMEOUT_S
            hit = ends[key] = rx.fullmatch(s, None, None, None, False, MATCH_TIMEOUT_S) is not None
        except BaseException as exc:
            running.mark(exc, c.rule.id)
            raise
    return hit


class RuleEngine:
    """The compiled form of a RuleSet; build once per worker, apply to many documents."""

    def __init__(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.prefilter = Prefilter(
            [r for r in ruleset.rules if r.site is None],
            {s.key: [r for r in ruleset.rules if r.site == s.key] for s in ruleset.sites},
        )

    def __reduce__(self) -> tuple[type[RuleEngine], tuple[RuleSet]]:
        """Pickled as its RuleSet, recompiled on load. `__reduce__` rather than `__getstate__`/`__setstate__`:
        a mypyc-compiled class (setup.py) is unpickled through its constructor, which needs the RuleSet."""
        return (RuleEngine, (self.ruleset,))

    def apply(self, lines: Sequence[str], site_keys: Iterable[str] = ()) -> EngineResult:
        """Run every rule over `lines` (0-based list; reported line numbers are 1-based).

        Passes repeat until one removes nothing: a removal can make two lines neighbours that
        form a block ("X" / "Advertisement" / "X" leaves a two-line share bar), and cleaning the
        output again must find nothing left to do.
        """
        site_keys = tuple([k for k in site_keys if k in self.prefilter.site_rules])
        scopes = self.prefilter.scopes(site_keys)
        res = EngineResult(list(lines))
        stripped = list(map(str.strip, lines))  # `map` in C: one list comprehension step less per line and run
        doc = self.prefilter.document(scopes, "\x00".join(site_keys), stripped)
        misses: set[str] = set()  # lines whose answer met a timeout: this run does not ask again
        for n in range(MAX_PASSES):
            before = len(res.removed)
            self._line_pass(res, scopes, doc, stripped, misses, first=n == 0)
            if self._trim(res, scopes):
                # A trim rewrote a line, and the literals it holds with it.
                stripped = [(ln or "").strip() for ln in res.kept]
                doc.lines.update(stripped)
                self.prefilter.prepare(doc, scopes, stripped)
            if len(res.removed) == before:
                break
        return res

    def _line_pass(
        self,
        res: EngineResult,
        scopes: list[Scope],
        doc: Document,
        stripped: list[str],
        misses: set[str],
        first: bool,
    ) -> None:
        """One pass down the lines, acting on the first rule that claims each.

        Only lines whose answer is a rule (or not known yet) are visited: nearly every line's answer
        is already known to be "no rule" (from the document's memo or the line cache), and such a line
        neither acts nor moves anything, so skipping it changes no position the actions read.
        """
        kept = res.kept
        answers = doc.answers
        content_idx, visit = _visits(stripped, kept, answers, first)
        n_content = len(content_idx)
        skip_to = 0  # positions before this were taken by a block
        for pos in visit:
            if pos < skip_to:
                continue
            i = content_idx[pos]
            if kept[i] is None:
                continue
            s = stripped[i]
            hit = answers.get(s, UNKNOWN)
            if hit is UNKNOWN:
                if s in misses:
                    continue
                hit = self.prefilter.answer(doc, scopes, s, res.warnings)
                if hit is None:
                    if s not in answers:
                        misses.add(s)
                    continue
            elif hit is None:
                continue
            hit = self._claiming(hit, scopes, doc, s, res.warnings, pos, n_content)
            if hit is None:
                continue
            c, m = hit
            action = c.rule.action
            if action == "drop-line":
                self._remove(res, c.rule, [i], stripped)
            elif action == "extract":
                groups = m.groupdict()
                self._remove(res, c.rule, [i], stripped, _field_of(c.rule, groups))
                self._capture(res, c.rule, m, groups)
            elif action == "drop-tail":  # `_claiming` let it through: the line is at or below min_position
                self._remove(res, c.rule, content_idx[pos:], stripped)
                break
            else:  # drop-block
                span = self._block(c, content_idx, pos, stripped, doc.block_lines)
                if span:
                    # A block with a `field` is a label plus its value ("Author" / "Jane Smith"):
                    # the last line of the block is the value.
                    self._remove(res, c.rule, span, stripped, c.rule.field)
                    if c.rule.field and len(span) > 1:
                        res.fields.append((c.rule.field, stripped[span[-1]], res.removed[-1]))
                    skip_to = pos + len(span)

    def _claiming(
        self,
        hit: Answer,
        scopes: list[Scope],
        doc: Document,
        s: str,
        warnings: list[str],
        pos: int,
        n_content: int,
    ) -> Answer:
        """The first matching rule that acts on this line: a drop-tail rule above its min_position does not.

        It passes the line on to the next rule that matches it. Before, a site's tail rule ("Related
        Topics" down to the end, BBC003) shadowed the generic heading rule (REL001) in the page's upper
        half, and a second cleaning, where the site was no longer recognised, removed the heading then.
        """
        skip: set[int] = set()
        while hit is not None:
            c, _ = hit
            if c.rule.action != "drop-tail" or (n_content and pos / n_content >= c.rule.min_position):
                return hit
            skip.add(id(c))
            hit = self.prefilter.match(doc, scopes, s, warnings, skip)
        return None

    def _block(
        self,
        c: Compiled,
        content_idx: list[int],
        pos: int,
        stripped: list[str],
        ends: dict[tuple[int, bool, str], bool],
    ) -> list[int]:
        rule = c.rule
        window = content_idx[pos + 1 : pos + 1 + rule.max_lines]
        try:
            if rule.lines is not None:
                return content_idx[pos : pos + rule.lines]
            if rule.until:
                for k, j in enumerate(window):
                    if _block_line(c, True, stripped[j], ends):
                        return [content_idx[pos], *window[: k + 1]]
                return []
            assert rule.while_
            span = [content_idx[pos]]
            for j in window:
                if not _block_line(c, False, stripped[j], ends):
                    break
                span.append(j)
            return span
        except TimeoutError:
            return []

    @staticmethod
    def _remove(
        res: EngineResult, rule: Rule, idx: list[int], stripped: list[str], field_name: str | None = None
    ) -> None:
        kept = res.kept
        if len(idx) == 1:  # a drop-line or an extract, most removals: no list and no join
            if kept[idx[0]] is None:
                return
            text = stripped[idx[0]]
        else:
            idx = [i for i in idx if kept[i] is not None]
            if not idx:
                return
            text = "\n".join([stripped[i] for i in idx])
        # By position: keywords send each call through the constructor's keyword parsing.
        removal = Removal(rule.id, rule.category, text, idx[0] + 1, field_name, rule.why)
        res.removed.append(removal)
        res.proposals.append(Proposal(removal, tuple(idx)))
        for i in idx:
            kept[i] = None

    @staticmethod
    def _capture(res: EngineResult, rule: Rule, m: regex.Match[str], found: dict[str, str | None]) -> None:
        """The extract's values (`found`: `m.groupdict()`) as fields, its caption groups as an image."""
        groups = {k: v.strip() for k, v in found.items() if v and v.strip()}
        removal = res.removed[-1]
        image = {k: groups.pop(k) for k in IMAGE_GROUPS if k in groups}
        if image:
            res.images.append(
                Image(
                    caption=normalise_caption(image["caption"]) if "caption" in image else None,
                    credit=normalise_credit(image["credit"]) if "credit" in image else None,
                    alt=image.get("alt"),
                    line=removal.line,
                )
            )
        if rule.field and not groups:
            groups = {rule.field: m.group(0).strip()}
        for name, value in groups.items():
            res.fields.append((name, value, removal))

    def _trim(self, res: EngineResult, scopes: list[Scope]) -> bool:
        """Apply every trim rule; True when some line was rewritten (not only removed)."""
        rewritten = False
        for scope in scopes:
            if not scope.trim_rules:
                continue
            for i, line in enumerate(res.kept):
                if not line or not line.strip():
                    continue
                if scope.trim_gate is not None and scope.trim_gate.search(lower(line)) is None:
                    continue
                trim_any = scope.trim_any()
                assert trim_any is not None
                try:
                    # by position: see MATCH_TIMEOUT_S
                    if trim_any.search(line, None, None, None, False, MATCH_TIMEOUT_S) is None:
                        continue
                    self._trim_line(res, scope, i, line)
                    rewritten |= res.kept[i] is not None and res.kept[i] != line
                except TimeoutError:
                    res.warnings.append(f"trim timed out on line {i + 1}; line kept whole")
        return rewritten

    def _trim_line(self, res: EngineResult, scope: Scope, i: int, line: str) -> None:
        current = line
        for _ in range(MAX_TRIM_PASSES):
            for c in scope.trim_rules:
                try:
                    running.checkpoint()
                    # by position: see MATCH_TIMEOUT_S
                    m = c.trigger.search(current, None, None, None, False, MATCH_TIMEOUT_S)
                except BaseException as exc:
                    running.mark(exc, c.rule.id)
                    raise
                if m is None or m.end() == m.start():
                    continue
                if c.rule.max_words is not None and word_count(current) > c.rule.max_words:
                    continue
                cut = current[m.start() : m.end()]
                rest = (current[: m.start()] + current[m.end() :]).strip()
                if not rest:
                    # Nothing would be left: the whole line is the boilerplate.
                    whole = Removal(c.rule.id, c.rule.category, current.strip(), i + 1, why=c.rule.why)
                    res.removed.append(whole)
                    res.proposals.append(Proposal(whole, drop=(i,)))
                    res.kept[i] = None
                    return
                part = Removal(c.rule.id, c.rule.category, cut.strip(), i + 1, why=c.rule.why)
                res.removed.append(part)
                res.proposals.append(Proposal(part, keep=(i, rest)))
                groups = {k: v.strip() for k, v in m.groupdict().items() if v and v.strip()}
                for name, value in groups.items():
                    res.fields.append((name, value, res.removed[-1]))
                current = rest
                res.kept[i] = current
                break
            else:
                return
