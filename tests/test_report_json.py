"""report.json's writer (cleaner/batch/report_json.py): the bytes `to_json(report) + "\\n"` gives, made faster."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.batch import BatchOptions, run_batch
from cleaner.batch.report_json import report_bytes
from cleaner.io.formats import to_json
from cleaner.pipeline import Cleaner
from tests.batch_support import make_broken_files, make_good_tree

# An entry holds str keys, str and int values, lists and dicts (batch/report.py: `InputTally.entry`); the other
# sections hold floats too (the run's elapsed seconds). Text here is what a file can hold: no lone surrogates.
_text = st.text(st.characters(exclude_categories=["Cs"]) | st.sampled_from(["\x00", "\n", "\x7f", "\u2028", '"']))
_plain = st.none() | st.booleans() | st.integers(min_value=-(2**63), max_value=2**63) | _text
_entry_values = st.recursive(
    _plain, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3), max_leaves=12
)
_other_values = st.recursive(
    _plain | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text, inner, max_size=3),
    max_leaves=12,
)


def _expected(report: dict[str, Any]) -> bytes:
    return (to_json(report) + "\n").encode("utf-8")


def test_a_real_runs_report_file_is_what_the_standard_library_writes(tmp_path: Path) -> None:
    src = make_good_tree(tmp_path / "in")
    make_broken_files(src)  # failed and partial inputs: reasons and problems in their entries
    out = tmp_path / "out"
    result = run_batch(BatchOptions([str(src)], out_dir=str(out), jobs=1), Cleaner())
    assert result.report["inputs"] and any(e["status"] != "ok" for e in result.report["inputs"])
    # The entries come back from their temporary file (batch/entries.py); the standard library wants a list.
    assert (out / "report.json").read_bytes() == _expected({**result.report, "inputs": list(result.report["inputs"])})


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.dictionaries(_text, _entry_values, max_size=5), max_size=4),
    st.dictionaries(_text.filter(lambda k: k != "inputs"), _other_values, max_size=4),
)
def test_any_report_shaped_value_gives_the_standard_librarys_bytes(
    entries: list[dict[str, Any]], other: dict[str, Any]
) -> None:
    report = {"cleaner": "0", "summary": other, "inputs": entries, **other}
    assert report_bytes(report) == _expected(report)


def test_an_empty_report_and_an_empty_input_list() -> None:
    assert report_bytes({}) == _expected({})
    assert report_bytes({"inputs": [], "run": {"elapsed_seconds": 0.001}}) == _expected(
        {"inputs": [], "run": {"elapsed_seconds": 0.001}}
    )
