"""`cleaner clean` reads its input through io/readers, so a file means the same to `clean` and `batch`."""

from __future__ import annotations

import json
import lzma
import os
from pathlib import Path

import pytest

from cleaner.batch import BatchOptions, run_batch
from cleaner.pipeline import Cleaner
from tests.batch_support import cli, seed_texts

TEXT = seed_texts()[0]


def _batch_record(path: Path, tmp_path: Path, cleaner: Cleaner) -> dict[str, object]:
    target = tmp_path / "batch.jsonl"
    run_batch(BatchOptions([str(path)], jsonl=str(target), jobs=1), cleaner)
    return json.loads(target.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_a_json_record_means_the_same_to_clean_and_batch(tmp_path: Path, suffix: str, default_cleaner: Cleaner) -> None:
    path = tmp_path / f"one{suffix}"
    path.write_text(json.dumps({"id": "r1", "url": "https://www.thejournal.ie/x", "text": TEXT}) + "\n")
    code, out, err = cli("clean", str(path))
    record = json.loads(out)
    assert code == 0, err
    assert (record["id"], record["url"]) == ("r1", "https://www.thejournal.ie/x")
    assert record["articleBody"] == _batch_record(path, tmp_path, default_cleaner)["articleBody"]


def test_clean_refuses_a_file_of_many_records_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("".join(json.dumps({"id": f"r{i}", "text": TEXT}) + "\n" for i in range(3)))
    code, out, err = cli("clean", str(path))
    assert (code, out) == (2, "") and err.count("\n") == 1 and "cleaner batch" in err


def test_clean_reads_xz_like_batch(tmp_path: Path, default_cleaner: Cleaner) -> None:
    path = tmp_path / "story.txt.xz"
    path.write_bytes(lzma.compress(TEXT.encode()))
    code, out, _ = cli("clean", str(path))
    assert code == 0 and json.loads(out)["articleBody"] == _batch_record(path, tmp_path, default_cleaner)["articleBody"]


def test_clean_refuses_a_fifo_instead_of_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    code, _, err = cli("clean", str(fifo))
    assert (code, err) == (1, f"cleaner: error: {fifo}: not a regular file (a FIFO)\n")
