"""`cleaner batch` on real folders: outputs, report, exit codes and the safety rules."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from tests.batch_support import (
    cleaner_cmd,
    make_broken_files,
    make_good_tree,
    run_cli,
    seed_texts,
    tree_bytes,
)


def test_folder_is_mirrored_with_one_json_per_document(tmp_path: Path) -> None:
    src = make_good_tree(tmp_path / "in")
    out = tmp_path / "out"
    res = cleaner_cmd("batch", str(src), "-o", str(out), "-j", "2")
    assert res.returncode == 0, res.stderr.decode()
    written = sorted(
        p.relative_to(out).as_posix() for p in out.rglob("*.json") if p.is_file() and p.name != "report.json"
    )
    assert written == [
        "feed.jsonl/r0.json",
        "feed.jsonl/r1.json",
        "feed.jsonl/r2.json",
        "feed.jsonl/r3.json",
        "feed.jsonl/r4.json",
        "many.json/000001.json",
        "many.json/m1.json",
        "news/a.json",
        "news/deep/b.json",
        "one.json",
        "page.json",
    ]


def test_every_record_carries_id_and_source(tmp_path: Path) -> None:
    src = make_good_tree(tmp_path / "in")
    out = tmp_path / "out"
    run_cli("batch", str(src), "-o", str(out))
    b = json.loads((out / "news" / "deep" / "b.json").read_text())
    r3 = json.loads((out / "feed.jsonl" / "r3.json").read_text())
    assert (b["id"], b["source"]) == ("news/deep/b.txt.gz", str(src / "news" / "deep" / "b.txt.gz"))
    assert (r3["id"], r3["source"]) == ("r3", f"{src / 'feed.jsonl'}:4")


def test_broken_files_are_reported_and_good_ones_still_written(tmp_path: Path) -> None:
    src = make_good_tree(tmp_path / "in")
    broken = make_broken_files(src)
    out = tmp_path / "out"
    res = run_cli("batch", str(src), "-o", str(out), "-j", "2")
    report = json.loads((out / "report.json").read_text())
    by_input = {Path(e["input"]).relative_to(src).as_posix(): e for e in report["inputs"]}
    assert res.returncode == 1
    assert {k: by_input[k]["status"] for k in broken} == {
        "broken/image.txt": "failed",
        "broken/empty.txt": "failed",
        "broken/bad.json": "failed",
        "broken/mixed.jsonl": "partial",
    }
    assert by_input["broken/image.txt"]["reason"] == "binary data, not text"
    assert by_input["broken/mixed.jsonl"]["problems"][0]["line"] == 2
    assert (out / "news" / "a.json").is_file() and (out / "broken" / "mixed.jsonl" / "ok-1.json").is_file()


def test_a_failed_jsonl_record_is_reported_by_its_own_id(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    lines = [{"id": "fine", "text": seed_texts()[0]}, {"id": "blank-7", "text": " "}]
    (src / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines))
    run_cli("batch", str(src), "-o", str(tmp_path / "out"))
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert [(p["id"], p["line"]) for p in report["inputs"][0]["problems"]] == [("blank-7", 2)]


def test_report_reasons_are_one_line(tmp_path: Path) -> None:
    src = tmp_path / "in"
    make_broken_files(src)
    run_cli("batch", str(src), "-o", str(tmp_path / "out"))
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    reasons = [e["reason"] for e in report["inputs"]]
    assert len(reasons) == 4 and all(r and "\n" not in r for r in reasons)


def test_ids_cannot_escape_the_output_folder(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    text = seed_texts()[0]
    evil = ["../../etc/x", "/etc/passwd", "..", "a/../../b", "C:\\windows\\x", "nul", ""]
    (src / "evil.jsonl").write_text("".join(json.dumps({"id": i, "text": text}) + "\n" for i in evil))
    out = tmp_path / "deep" / "out"
    res = run_cli("batch", str(src), "-o", str(out))
    files = [p for p in tmp_path.rglob("*") if p.is_file() and src not in p.parents]
    assert res.returncode == 0, res.stderr.decode()
    assert all(out in p.parents for p in files)
    assert len(list((out / "evil.jsonl").iterdir())) == len(evil)


def test_output_inside_input_is_refused(tmp_path: Path) -> None:
    src = make_good_tree(tmp_path / "in")
    res = run_cli("batch", str(src), "-o", str(src / "out"))
    assert res.returncode == 2 and b"inside or equal to input folder" in res.stderr
    assert not (src / "out").exists()


def test_output_equal_to_input_is_refused(tmp_path: Path) -> None:
    src = make_good_tree(tmp_path / "in")
    before = tree_bytes(src)
    res = run_cli("batch", str(src), "-o", str(src))
    assert res.returncode == 2 and tree_bytes(src) == before


def test_inputs_are_never_modified(tmp_path: Path) -> None:
    src = make_good_tree(tmp_path / "in")
    make_broken_files(src)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in src.rglob("*") if p.is_file()}
    run_cli("batch", str(src), "-o", str(tmp_path / "out"), "-j", "2")
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in src.rglob("*") if p.is_file()}
    assert after == before


def test_jsonl_output_is_in_input_order_and_gzipped(tmp_path: Path) -> None:
    src = make_good_tree(tmp_path / "in")
    target = tmp_path / "all.jsonl.gz"
    res = run_cli("batch", str(src), "--jsonl", str(target), "-j", "2")
    records = [json.loads(line) for line in gzip.decompress(target.read_bytes()).decode().splitlines()]
    assert res.returncode == 0, res.stderr.decode()
    assert [r["id"] for r in records] == [
        "r0",
        "r1",
        "r2",
        "r3",
        "r4",
        "m1",
        "many.json#1",
        "news/a.txt",
        "news/deep/b.txt.gz",
        "rec-1",
        "page.html",
    ]


def test_parallel_output_equals_serial_output(tmp_path: Path) -> None:
    src = make_good_tree(tmp_path / "in")
    make_broken_files(src)
    run_cli("batch", str(src), "--jsonl", str(tmp_path / "one.jsonl"), "-j", "1")
    run_cli("batch", str(src), "--jsonl", str(tmp_path / "two.jsonl"), "--parallel", "2")
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


def test_txt_format_writes_bodies(tmp_path: Path) -> None:
    src = make_good_tree(tmp_path / "in")
    out = tmp_path / "out"
    run_cli("batch", str(src), "-o", str(out), "--format", "txt")
    record = json.loads(run_cli("clean", str(src / "news" / "a.txt")).stdout)
    assert (out / "news" / "a.txt").read_text() == record["articleBody"] + "\n"


def test_include_and_exclude_globs_choose_files(tmp_path: Path) -> None:
    src = make_good_tree(tmp_path / "in")
    out = tmp_path / "out"
    run_cli("batch", str(src), "-o", str(out), "--include", "*.txt", "--include", "*.gz", "--exclude", "deep/*")
    report = json.loads((out / "report.json").read_text())
    assert [Path(e["input"]).relative_to(src).as_posix() for e in report["inputs"]] == ["news/a.txt"]


def test_field_names_are_configurable(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "x.jsonl").write_text(json.dumps({"key": "k1", "link": "https://e.org/1", "article": seed_texts()[0]}))
    target = tmp_path / "x.jsonl"
    run_cli(
        "batch", str(src), "--jsonl", str(target), "--text-field", "article", "--id-field", "key", "--url-field", "link"
    )
    record = json.loads(target.read_text())
    assert (record["id"], record["url"], bool(record["articleBody"])) == ("k1", "https://e.org/1", True)


def test_fail_fast_stops_at_first_failed_input(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for name in ("a.txt", "c.txt", "d.txt"):
        (src / name).write_text(seed_texts()[0])
    (src / "b.txt").write_bytes(b"")
    res = run_cli("batch", str(src), "-o", str(tmp_path / "out"), "--fail-fast", "-j", "1")
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert res.returncode == 1 and not (tmp_path / "out" / "c.json").exists()
    assert [(Path(e["input"]).name, e["status"]) for e in report["inputs"]] == [
        ("a.txt", "ok"),
        ("b.txt", "failed"),
        ("c.txt", "skipped"),
        ("d.txt", "skipped"),
    ]


def test_summary_goes_to_stderr_and_quiet_silences_it(tmp_path: Path) -> None:
    src = make_good_tree(tmp_path / "in")
    loud = run_cli("batch", str(src), "-o", str(tmp_path / "a"))
    quiet = run_cli("batch", str(src), "-o", str(tmp_path / "b"), "-q")
    assert b"removed spans" in loud.stderr and loud.stdout == b""
    assert quiet.stderr == b"" and quiet.stdout == b""


def test_missing_output_location_is_a_one_line_error(tmp_path: Path) -> None:
    src = make_good_tree(tmp_path / "in")
    res = run_cli("batch", str(src))
    assert res.returncode == 2 and res.stderr.decode().count("\n") == 1 and b"-o/--output" in res.stderr


def test_jsonl_file_without_records_is_an_empty_document(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "blank.jsonl").write_text("\n   \n")
    res = run_cli("batch", str(src), "-o", str(tmp_path / "out"), "-j", "1")
    entry = json.loads((tmp_path / "out" / "report.json").read_text())["inputs"][0]
    assert res.returncode == 1 and (entry["status"], entry["reason"]) == ("failed", "empty document (no records)")
