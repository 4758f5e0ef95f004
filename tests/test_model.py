"""The values that flow through the cleaner keep the frozen dataclass contract in both builds.

cleaner/model.py and cleaner/stages/base.py are mypyc-compiled in the compiled build (setup.py COMPILED), with
written-out constructors: what callers, the batch workers (pickle) and users rely on must not change with the build.
The compiled CI venv runs this file too (.ci/run).
"""

from __future__ import annotations

import copy
import dataclasses
import pickle
from typing import Any

import pytest

from cleaner.lines import Lines
from cleaner.model import Article, Byline, DateValue, Document, Image, Removal
from cleaner.stages.base import Capture, Context, Proposal, Settings, Stage, StageOutput


def _stage(lines: Lines, view: tuple[str | None, ...], ctx: Context) -> StageOutput:
    return StageOutput()


_REMOVAL = Removal("DON001", "donation", "Give now", 3, why="An appeal.")
_DATE = DateValue("2024-05-06T07:08:09", "6 May 2024 07:08", year_inferred=True, source="text")
_PROPOSAL = Proposal(_REMOVAL, drop=(2,), keep=None, extracted=False)
_OUTPUT = StageOutput(proposals=(_PROPOSAL,), captures=(Capture("headline", "A title", _REMOVAL, kind="top"),))
_SETTINGS = Settings("an engine", "auto", frozenset({"HEU001"}))

# One value of each class, every field set away from its default where it has one.
VALUES: list[Any] = [
    Document(text="t", html=None, url="https://example.org/a", source="a.txt", id="1", mtime=1.5, warnings=("w",)),
    _REMOVAL,
    Image(caption="A caption", credit="Photo: X", alt=None, line=4),
    _DATE,
    Byline("By Ann Lee, Editor", ("Ann Lee",), ("Editor",), "text"),
    Article(
        "Body.",
        headline="A title",
        author=("Ann Lee",),
        byline=Byline("By Ann Lee", ("Ann Lee",)),
        date_published=_DATE,
        images=(Image("c"),),
        removed=(_REMOVAL,),
        extracted=(Removal("TOP-headline", "metadata", "A title", 1, "headline"),),
        warnings=("w",),
        input_chars=40,
    ),
    _PROPOSAL,
    Proposal(_REMOVAL, keep=(2, "kept part"), extracted=True),
    _OUTPUT.captures[0],
    _OUTPUT,
    _SETTINGS,
    Context(_SETTINGS, ("example.org",), None, (_OUTPUT,)),
    Stage("custom", _stage, ids=("X001",), category="custom"),
]
IDS = [type(v).__name__ for v in VALUES]


def _first_field(value: Any) -> str:
    return dataclasses.fields(value)[0].name


def _one_field_changed(value: Any) -> Any:
    """`value` with one field changed, keeping the field's type (the compiled build checks the types a constructor is
    given): its first text or flag, else its first tuple of items, doubled."""
    for kinds in ((str, bool), (tuple,)):
        for f in dataclasses.fields(value):
            old = getattr(value, f.name)
            if isinstance(old, kinds) and old is not None:
                return dataclasses.replace(value, **{f.name: not old if isinstance(old, bool) else old + old})
    raise AssertionError(f"{value!r} has no text, flag or tuple field")


@pytest.mark.parametrize("value", VALUES, ids=IDS)
def test_a_field_cannot_be_assigned_or_deleted(value: Any) -> None:
    name = _first_field(value)
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(value, name, getattr(value, name))
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(value, name)


@pytest.mark.parametrize("value", VALUES, ids=IDS)
def test_equal_values_hash_alike_and_a_changed_field_is_unequal(value: Any) -> None:
    twin = dataclasses.replace(value)
    assert twin == value and twin is not value and hash(twin) == hash(value)
    assert _one_field_changed(value) != value


@pytest.mark.parametrize("value", VALUES, ids=IDS)
def test_repr_names_every_field_in_order(value: Any) -> None:
    shown = ", ".join(f"{f.name}={getattr(value, f.name)!r}" for f in dataclasses.fields(value))
    assert repr(value) == f"{type(value).__qualname__}({shown})"


@pytest.mark.parametrize("value", VALUES, ids=IDS)
def test_the_dataclasses_helpers_see_every_field(value: Any) -> None:
    names = [f.name for f in dataclasses.fields(value)]
    assert dataclasses.is_dataclass(value) and names == list(value.__match_args__)
    assert list(dataclasses.asdict(value)) == names and len(dataclasses.astuple(value)) == len(names)


@pytest.mark.parametrize("value", VALUES, ids=IDS)
def test_pickling_and_copying_give_an_equal_value(value: Any) -> None:
    """The batch workers pickle documents, records and the Cleaner."""
    for clone in (pickle.loads(pickle.dumps(value)), copy.copy(value), copy.deepcopy(value)):
        assert type(clone) is type(value) and clone == value


def test_constructors_take_their_fields_by_position_and_by_keyword_with_the_dataclass_defaults() -> None:
    assert Removal("R", "ads", "t", 1) == Removal(rule="R", category="ads", text="t", line=1, field=None, why=None)
    assert DateValue("2024-01-02", "2 Jan") == DateValue("2024-01-02", "2 Jan", False, "text")
    assert Article("b").removed == () and Article("b").input_chars == 0 and Context(_SETTINGS, (), None).earlier == ()
    with pytest.raises(TypeError):
        Removal("R", "ads", "t")  # type: ignore[call-arg]


def test_a_date_value_reads_its_calendar_day_and_record_entry() -> None:
    assert _DATE.day == "2024-05-06"
    assert _DATE.raw_dict() == {"text": "6 May 2024 07:08", "source": "text", "yearInferred": True}


def test_a_context_lists_the_captures_of_every_earlier_stage_in_order() -> None:
    later = StageOutput(captures=(Capture("description", "Sub", _REMOVAL),))
    ctx = Context(_SETTINGS, (), None, (_OUTPUT, StageOutput(), later))
    assert [c.name for c in ctx.captures] == ["headline", "description"]
