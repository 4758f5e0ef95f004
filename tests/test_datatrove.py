"""CleanerFormatter in a real datatrove pipeline: JsonlReader -> CleanerFormatter -> JsonlWriter."""

from __future__ import annotations

import gzip
import json
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("datatrove")

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from cleaner import Cleaner
from cleaner.integrations.datatrove import CleanerFormatter
from tests.conftest import FIXTURES

PAGES = {
    "journal": ("https://www.thejournal.ie/galway-cycle-lanes", FIXTURES / "scrapy" / "journal-style.txt"),
    "bbc": ("https://www.bbc.co.uk/news/articles/x", FIXTURES / "sites" / "bbc.co.uk.txt"),
    "empty": ("https://example.org/empty", FIXTURES / "scrapy" / "boilerplate-only.txt"),
}


def _write_input(folder: Path) -> None:
    folder.mkdir()
    with open(folder / "part.jsonl", "w", encoding="utf-8") as fh:
        for doc_id, (url, path) in PAGES.items():
            fh.write(json.dumps({"id": doc_id, "text": path.read_text(encoding="utf-8"), "url": url}) + "\n")


def _run(tmp_path: Path, **kwargs: object) -> tuple[dict[str, dict], dict]:
    _write_input(tmp_path / "in")
    executor = LocalPipelineExecutor(
        pipeline=[
            JsonlReader(str(tmp_path / "in")),
            CleanerFormatter(**kwargs),  # type: ignore[arg-type]
            JsonlWriter(str(tmp_path / "out")),
        ],
        tasks=1,
        logging_dir=str(tmp_path / "logs"),
    )
    executor.run()
    docs: dict[str, dict] = {}
    for shard in sorted((tmp_path / "out").glob("*.jsonl.gz")):
        with gzip.open(shard, "rt", encoding="utf-8") as fh:
            for line in fh:
                rec = json.loads(line)
                docs[rec["id"]] = rec
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text(encoding="utf-8"))
    return docs, stats


def _step_stats(stats: list[dict]) -> dict:
    return next(s["stats"] for s in stats if "cleaner" in s["name"])


def test_pipeline_replaces_text_with_body_and_fills_metadata(tmp_path: Path) -> None:
    docs, stats = _run(tmp_path)
    reference = Cleaner()
    url, path = PAGES["journal"]
    expected = reference.clean(path.read_text(encoding="utf-8"), url=url)
    out = docs["journal"]
    assert out["text"] == expected.body
    assert "We need your help now" not in out["text"]
    assert out["metadata"]["headline"] == expected.headline
    assert out["metadata"]["url"] == url  # the reader's metadata is kept beside ours
    assert set(out["metadata"]) >= {"headline", "description", "datePublished", "dateModified", "author", "publisher"}
    # Removals are counted per category in datatrove's own stats file.
    expected_counts = Counter(
        r.category
        for page_url, page in PAGES.values()
        for r in reference.clean(page.read_text(encoding="utf-8"), url=page_url).removed
    )
    step = _step_stats(stats)
    assert step["total"] == 3
    assert {
        k.removeprefix("removed_"): v for k, v in step.items() if k.startswith("removed_") and k != "removed_chars"
    } == expected_counts


def test_drop_empty_drops_documents_with_no_body(tmp_path: Path) -> None:
    docs, stats = _run(tmp_path, drop_empty=True)
    assert set(docs) == {"journal", "bbc"}
    step = _step_stats(stats)
    assert step["dropped"] == 1
    assert step["forwarded"] == 2


def test_empty_documents_are_kept_by_default(tmp_path: Path) -> None:
    docs, stats = _run(tmp_path)
    assert "empty" in docs
    assert docs["empty"].get("text", "") == ""  # datatrove's writer leaves an empty text out
    assert _step_stats(stats)["no_body"] == 1
