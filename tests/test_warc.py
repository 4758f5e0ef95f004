"""WARC input: a WARC written by warcio in the test, read back into Documents and cleaned."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("warcio")

from cleaner import Cleaner, Document
from cleaner.io.decode import InputError
from cleaner.io.warc import SkippedRecord, read_warc
from tests.test_cli import run as run_cli
from tests.warc_support import HARBOUR_URL, write_small_warc


@pytest.mark.parametrize("gzip", [True, False])
def test_html_responses_become_documents_with_url_and_record_id(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("crawl.warc.gz" if gzip else "crawl.warc")
    ids = write_small_warc(path, gzip=gzip)
    items = list(read_warc(path))
    docs = [d for _, d in items if not isinstance(d, SkippedRecord | InputError)]
    assert [(d.url, d.id) for d in docs] == list(ids.items())
    assert all(d.html and d.text is None for d in docs)
    # The ISO-8859-1 page is decoded with the charset its HTTP header declared.
    assert "caf\u00e9 may open" in docs[1].html  # type: ignore[operator]


def test_non_html_and_non_200_responses_are_skipped_with_a_reason(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_small_warc(path)
    skipped = [d for _, d in read_warc(path) if isinstance(d, SkippedRecord)]
    assert [(s.url, s.reason) for s in skipped] == [
        ("https://news.example.org/logo.png", "not HTML (image/png)"),
        ("https://news.example.org/old", "HTTP status 301"),
    ]


def test_warc_document_cleans_with_site_url(tmp_path: Path, default_cleaner: Cleaner) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_small_warc(path)
    doc = next(d for _, d in read_warc(path) if not isinstance(d, SkippedRecord | InputError) and d.url == HARBOUR_URL)
    art = default_cleaner.clean_document(doc)
    assert art.url == HARBOUR_URL
    assert art.body and "<" not in art.body


@pytest.mark.parametrize("suffix", [".gz", ".xz"])
def test_compressed_warc_reads_and_a_truncated_one_is_an_error(tmp_path: Path, suffix: str) -> None:
    import gzip
    import lzma

    plain = tmp_path / "crawl.warc"
    ids = write_small_warc(plain, gzip=False)
    packed = (gzip.compress if suffix == ".gz" else lzma.compress)(plain.read_bytes())
    whole, cut = tmp_path / f"crawl.warc{suffix}", tmp_path / f"cut.warc{suffix}"
    whole.write_bytes(packed)
    cut.write_bytes(packed[: len(packed) // 2])
    assert [d.url for _, d in read_warc(whole) if isinstance(d, Document)] == list(ids)
    items = [d for _, d in read_warc(cut)]
    assert isinstance(items[-1], InputError) and "read error" in str(items[-1])


def test_garbage_after_good_records_is_one_error_at_the_end(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc"
    write_small_warc(path, gzip=False)
    path.write_bytes(path.read_bytes() + b"this is not a WARC record\r\n\r\n")
    items = [d for _, d in read_warc(path)]
    assert sum(isinstance(d, Document) for d in items) == 2
    assert isinstance(items[-1], InputError)
    assert "corrupt WARC after record 4" in str(items[-1])


def test_batch_reads_a_warc_and_counts_what_it_skipped(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    ids = write_small_warc(path)
    out, report = tmp_path / "out.jsonl", tmp_path / "report.json"
    res = run_cli("batch", str(path), "--jsonl", str(out), "--report", str(report), "-j", "1")
    assert res.returncode == 0, res.stderr
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    records = [r for r in lines if "articleBody" in r]
    assert [(r["url"], r["id"]) for r in records] == list(ids.items())
    assert all(r["articleBody"] for r in records)
    # Skipped records keep their place in the stream and are counted in the report.
    assert [r["skipped"] for r in lines if "skipped" in r] == ["not HTML (image/png)", "HTTP status 301"]
    summary = json.loads(report.read_text(encoding="utf-8"))["summary"]
    assert summary["skipped"] == {"HTTP status 301": 1, "not HTML (image/png)": 1}
    assert summary["documents"] == summary["written"] == 2
