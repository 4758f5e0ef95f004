"""Issue 9's batch-integrity defects, one regression test each (each failed before its fix).

They call the library (run_batch, the readers) in-process with -j 1 where the defect does not need
a real worker; the FIFO test runs the real command, because on the old code it hung for ever.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tracemalloc
from pathlib import Path

import pytest

from cleaner.batch import BatchError, BatchOptions, BatchResult, run_batch
from cleaner.io.decode import MAX_DOCUMENT_BYTES, InputError
from cleaner.io.readers import FieldNames, read_single
from cleaner.pipeline import Cleaner
from tests.batch_support import cleaner_cmd, seed_texts

TEXTS = seed_texts()
FIELDS = FieldNames()
# Lines the rules keep, so a marker put in them reaches the body.
PROSE = "The harbour reopened on Monday after repairs, the council said in a statement."


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner()


def _batch(cleaner: Cleaner, inputs: list[Path | str], **options: object) -> BatchResult:
    opts = BatchOptions([str(i) for i in inputs], jobs=1, **options)  # type: ignore[arg-type]
    return run_batch(opts, cleaner)


def _records(out: Path) -> list[dict[str, object]]:
    return [json.loads(p.read_text()) for p in sorted(out.rglob("*.json")) if p.name != "report.json"]


def _by_name(result: BatchResult) -> dict[str, dict[str, object]]:
    return {Path(e["input"]).name: e for e in result.report["inputs"]}


# 1. Two inputs with the same name overwrite each other.
def test_same_named_files_keep_their_own_outputs_run_after_run(tmp_path: Path, cleaner: Cleaner) -> None:
    a, b = tmp_path / "a" / "x.txt", tmp_path / "b" / "x.txt"
    for path, text in ((a, TEXTS[0]), (b, TEXTS[1])):
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    for _ in range(3):
        res = _batch(cleaner, [a, b], out_dir=str(out))
        assert sorted(str(r["source"]) for r in _records(out)) == sorted([str(a), str(b)])
        assert [e["output"] for e in res.report["inputs"]] == ["a/x.json", "b/x.json"]


def test_same_named_folders_are_mirrored_from_their_common_root(tmp_path: Path, cleaner: Cleaner) -> None:
    for n in (1, 2):
        news = tmp_path / f"d{n}" / "news"
        news.mkdir(parents=True)
        (news / "a.txt").write_text(TEXTS[n % 2], encoding="utf-8")
        (news / "feed.jsonl").write_text(json.dumps({"id": "r0", "text": TEXTS[n % 2]}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    _batch(cleaner, [tmp_path / "d1" / "news", tmp_path / "d2" / "news"], out_dir=str(out))
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json") if p.name != "report.json") == [
        "d1/news/a.json",
        "d1/news/feed.jsonl/r0.json",
        "d2/news/a.json",
        "d2/news/feed.jsonl/r0.json",
    ]


# 2. `a.json` and `a.json.gz` in one folder both write OUT/a.json.
def test_json_and_gzipped_json_of_one_name_write_two_outputs(tmp_path: Path, cleaner: Cleaner) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.json").write_text(json.dumps({"id": "plain", "text": TEXTS[0]}), encoding="utf-8")
    (src / "a.json.gz").write_bytes(gzip.compress(json.dumps({"id": "packed", "text": TEXTS[1]}).encode()))
    res = _batch(cleaner, [src], out_dir=str(out))
    assert sorted(str(r["id"]) for r in _records(out)) == ["packed", "plain"]
    assert len({e["output"] for e in res.report["inputs"]}) == 2


# 3. A lone surrogate or a file name that is not UTF-8 crashes the main process.
@pytest.mark.parametrize("mode", ["folder", "jsonl"])
def test_lone_surrogate_is_replaced_with_a_warning(tmp_path: Path, cleaner: Cleaner, mode: str) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "s1", "text": TEXTS[0] + "\n\n" + PROSE + " \udc80"}) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    if mode == "folder":
        res = _batch(cleaner, [src], out_dir=str(out))
        record = _records(out)[0]
    else:
        res = _batch(cleaner, [src], jsonl=str(out))
        record = json.loads(out.read_text(encoding="utf-8"))
    assert res.exit_code == 0
    assert "\ufffd" in str(record["articleBody"])
    assert any("surrogate" in w for w in record["warnings"])  # type: ignore[attr-defined]


def test_file_name_that_is_not_utf8_is_read_and_shown_escaped(tmp_path: Path, cleaner: Cleaner) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / os.fsdecode(b"caf\xe9.txt")).write_text(TEXTS[0], encoding="utf-8")
    res = _batch(cleaner, [src], out_dir=str(out))
    entry = res.report["inputs"][0]
    report = json.loads((out / "report.json").read_bytes().decode("utf-8"))
    assert (entry["status"], report["inputs"][0]["input"]) == ("ok", f"{src}/caf\\xe9.txt")
    assert os.listdir(os.fsencode(out)).count(b"caf\xe9.json") == 1


# 4. Failures are stored as "up to date".
def test_a_failed_write_is_retried_by_a_plain_rerun(tmp_path: Path, cleaner: Cleaner) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for name in ("a.txt", "b.txt"):
        (src / name).write_text(TEXTS[0], encoding="utf-8")
    (out / "a.json").mkdir(parents=True)  # a folder where the output goes: the rename fails
    first = _batch(cleaner, [src], out_dir=str(out))
    assert _by_name(first)["a.txt"]["status"] == "failed" and first.exit_code == 1
    (out / "a.json").rmdir()
    second = _batch(cleaner, [src], out_dir=str(out))
    assert _by_name(second)["a.txt"]["status"] == "ok" and (out / "a.json").is_file()
    assert (second.report["run"]["reused"], second.exit_code) == (1, 0)


# 5. Multi-member gzip keeps only the first member; a truncated .gz gives half an article marked ok.
def test_every_gzip_member_is_read() -> None:
    data = gzip.compress(b"First part of the story.\n") + gzip.compress(b"Second part of the story.\n")
    [(_, doc)] = read_single(data, "txt", FIELDS, source="a.txt.gz", doc_id="a")
    assert getattr(doc, "text", None) == "First part of the story.\nSecond part of the story.\n"


def test_truncated_gzip_is_an_error_not_half_an_article(tmp_path: Path, cleaner: Cleaner) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "cut.txt.gz").write_bytes(gzip.compress(TEXTS[0].encode())[:-40])
    entry = _batch(cleaner, [src], out_dir=str(tmp_path / "out")).report["inputs"][0]
    assert entry["status"] == "failed" and "truncated" in entry["reason"]


# 7. A 5,000-digit number or JSON nested 100,000 deep crashes the worker (the batch with -j 1).
@pytest.mark.parametrize(
    "payload",
    ['{"text": "Some text.", "n": ' + "9" * 5000 + "}", "[" * 100_000 + "]" * 100_000],
    ids=["long-number", "deep-nesting"],
)
@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_hostile_json_is_a_bad_input_and_the_batch_goes_on(
    tmp_path: Path, cleaner: Cleaner, payload: str, suffix: str
) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / f"bad{suffix}").write_text(payload + "\n", encoding="utf-8")
    (src / "good.txt").write_text(TEXTS[0], encoding="utf-8")
    res = _batch(cleaner, [src], out_dir=str(tmp_path / "out"))
    entries = _by_name(res)
    assert entries["good.txt"]["status"] == "ok"
    assert entries[f"bad{suffix}"]["status"] == "failed"
    assert "malformed JSON" in str(entries[f"bad{suffix}"]["reason"])


# 8. A dangling symlink or a symlink loop gives a traceback during discovery.
def test_broken_links_are_reported_and_the_rest_is_cleaned(tmp_path: Path, cleaner: Cleaner) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "good.txt").write_text(TEXTS[0], encoding="utf-8")
    (src / "gone.txt").symlink_to(src / "missing.txt")
    (src / "loop.txt").symlink_to(src / "loop.txt")
    entries = _by_name(_batch(cleaner, [src], out_dir=str(tmp_path / "out")))
    assert {k: (e["status"], e.get("reason")) for k, e in entries.items()} == {
        "good.txt": ("ok", None),
        "gone.txt": ("failed", "dangling symbolic link"),
        "loop.txt": ("failed", "symbolic link loop"),
    }


# 9. Streaming drops blank lines.
def test_blank_lines_in_a_stream_keep_their_output_lines(cleaner: Cleaner) -> None:
    lines = [json.dumps({"id": "a", "text": TEXTS[0]}), "", "   ", json.dumps({"id": "b", "text": TEXTS[1]})]
    stdout = io.StringIO()
    run_batch(BatchOptions(["-"], jobs=1), cleaner, stdin=io.BytesIO("\n".join(lines).encode()), stdout=stdout)
    records = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert [(r["id"], "error" in r) for r in records] == [("a", False), (None, True), (None, True), ("b", False)]


# 10. Whole files are read before the size check; a FIFO hangs for ever; /dev/zero grows without bound.
def test_a_fifo_in_the_input_tree_is_refused_not_waited_on(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    os.mkfifo(src / "pipe.txt")
    (src / "good.txt").write_text(TEXTS[0], encoding="utf-8")
    res = cleaner_cmd("batch", str(src), "-o", str(out), "-j", "1", timeout=60)
    entries = {Path(e["input"]).name: e for e in json.loads((out / "report.json").read_text())["inputs"]}
    assert res.returncode == 1
    assert (entries["pipe.txt"]["reason"], entries["good.txt"]["status"]) == ("not a regular file (a FIFO)", "ok")


def test_a_device_is_refused_without_being_read() -> None:
    from cleaner.io.readers import read_file

    with pytest.raises(InputError, match=r"not a regular file \(a character device\)"):
        read_file("/dev/zero")


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    from cleaner.io.readers import read_path

    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(MAX_DOCUMENT_BYTES + 1)  # sparse: no disk used, but 50 MB if read
    tracemalloc.start()
    try:
        [(_, err)], _ = read_path(str(big), "txt", FIELDS, source="big.txt", doc_id="big")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(err, InputError) and "larger than" in str(err)
    assert peak < 1024 * 1024


# 12. --report can point at the --jsonl output, or at any other output, and overwrite it.
@pytest.mark.parametrize("where", ["the-jsonl-file", "inside-out"])
def test_report_cannot_overwrite_an_output(tmp_path: Path, cleaner: Cleaner, where: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(TEXTS[0], encoding="utf-8")
    target = tmp_path / "all.jsonl"
    if where == "the-jsonl-file":
        options: dict[str, object] = {"jsonl": str(target), "report": str(target)}
    else:
        options = {"out_dir": str(tmp_path / "out"), "report": str(tmp_path / "out" / "a.json")}
    with pytest.raises(BatchError, match="--report"):
        _batch(cleaner, [src], **options)
    assert not target.exists() and not (tmp_path / "out").exists()
