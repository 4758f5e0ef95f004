"""The report's entries spooled to a temporary file (cleaner/batch/entries.py): read back as they were given."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.batch import spool as spool_module
from cleaner.batch.discovery import InputFile
from cleaner.batch.entries import Entries
from cleaner.batch.report import skipped_entry, summarize

# What an entry holds: str keys; str (any code point, lone surrogates too), int, bool and None; lists and dicts.
_text = st.text(st.characters(exclude_categories=[]) | st.sampled_from(["\ud800", "\n", '"', "\\"]))
_values = st.recursive(
    st.none() | st.booleans() | st.integers() | _text,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=10,
)


def _filled(items: list[dict[str, Any]]) -> Entries:
    out = Entries()
    for item in items:
        out.append(item)
    return out


@settings(max_examples=100, deadline=None)
@given(st.lists(st.dictionaries(_text, _values, max_size=4), max_size=6))
def test_entries_read_back_as_they_were_given(items: list[dict[str, Any]]) -> None:
    spooled = _filled(items)
    assert len(spooled) == len(items)
    assert list(spooled) == items
    assert [spooled[i] for i in range(len(items))] == items
    assert spooled == items and items == spooled


def test_indexing_is_a_sequences() -> None:
    spooled = _filled([{"n": 0}, {"n": 1}, {"n": 2}])
    assert spooled[-1] == {"n": 2} and spooled[1:] == [{"n": 1}, {"n": 2}] and spooled[::-2] == [{"n": 2}, {"n": 0}]
    with pytest.raises(IndexError):
        spooled[3]
    assert spooled != [{"n": 0}, {"n": 1}] and spooled != [{"n": 0}, {"n": 1}, {"n": 3}]


def test_an_entry_changed_after_it_was_added_stays_as_it_was() -> None:
    entry: dict[str, Any] = {"status": "ok", "removed": {"ads": 1}}
    spooled = _filled([entry])
    entry["removed"]["ads"] = 5
    assert spooled[0] == {"status": "ok", "removed": {"ads": 1}}


def test_reading_in_chunks_splits_no_entry(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spool_module, "_READ_CHUNK", 7)  # every chunk boundary falls inside an entry
    items = [{"input": f"file-{k}.txt", "n": k} for k in range(50)]
    spooled = _filled(items)
    assert list(spooled) == items
    spooled.append({"input": "late"})  # added after a full read, read with the rest
    assert list(spooled)[-1] == {"input": "late"} and len(spooled) == 51


class _FullDisk:
    """A temporary file whose writes fail after `room` bytes: a full temporary folder."""

    def __init__(self, room: int) -> None:
        self.real, self.room = spool_module.tempfile.TemporaryFile(buffering=0), room

    def write(self, data: memoryview) -> int:
        if self.real.tell() + len(data) > self.room:
            self.real.write(data[: max(0, self.room - self.real.tell())])  # a short write, then the error
            raise OSError(28, "No space left on device")
        return self.real.write(data)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)


@pytest.mark.parametrize("room", [0, 40, 1000])
def test_a_full_temporary_folder_keeps_the_rest_in_memory(monkeypatch: pytest.MonkeyPatch, room: int) -> None:
    monkeypatch.setattr(spool_module, "_temporary", lambda: _FullDisk(room))
    items = [{"input": f"file-{k}.txt", "status": "ok", "n": k} for k in range(30)]
    spooled = _filled(items)
    assert list(spooled) == items and [spooled[k] for k in range(30)] == items and len(spooled) == 30


def test_no_temporary_file_at_all_keeps_them_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(spool_module, "_temporary", lambda: None)
    items = [{"n": k} for k in range(5)]
    assert _filled(items) == items


class _CountedReads(Entries):
    """Entries that count how often they are read through."""

    passes = 0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        self.passes += 1
        return super().__iter__()


def test_the_summary_reads_the_spooled_entries_once() -> None:
    spooled = _CountedReads()
    for k in range(3):
        spooled.append(skipped_entry(InputFile(f"f{k}.txt", f"f{k}.txt", f"f{k}.txt", "txt", 0, None), "too large"))
    summary = summarize(spooled)
    assert spooled.passes == 1
    assert summary["inputs"] == summary["inputs_skipped"] == 3 and summary["documents"] == 0
