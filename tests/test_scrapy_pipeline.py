"""The Scrapy pipeline: a real crawl against a local server, and each item kind through a real Crawler."""

from __future__ import annotations

import dataclasses
import http.server
import json
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

pytest.importorskip("scrapy", reason="the Scrapy extra is not installed (pip install 'cleaner[scrapy]')")

import scrapy
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from cleaner.integrations.scrapy import CleanerPipeline, SettingError
from cleaner.rules.schema import RuleError

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT / "fixtures" / "scrapy"
RUN_CRAWL = Path(__file__).resolve().parent / "scrapy_project" / "run_crawl.py"
# A crawl of three local pages takes 2-4 s on the CI box; the bound only stops a hung reactor.
CRAWL_TIMEOUT_S = 180
SERVER_JOIN_TIMEOUT_S = 5
# Publisher-like URLs (reserved .example hosts where no rule set exists); the local proxy serves them.
CRAWL_URLS = (
    "http://www.thejournal.ie/galway-cycle-lanes-1/journal-style.txt",
    "http://news.coast-courier.example/2025/02/harbour.html",
    "http://news.coast-courier.example/tag/boilerplate-only.txt",
)
PROXY_VARS = {"http_proxy", "https_proxy", "all_proxy", "no_proxy"}
ARTICLE_TEXT = "The council met on Tuesday and agreed the budget for next year after a long debate."


class _PageHandler(http.server.SimpleHTTPRequestHandler):
    """Serves fixtures/scrapy by file name, also as a forward proxy (absolute URLs in the request line).

    The crawl goes through it as `http_proxy`, so items carry the publisher URLs a real crawl would,
    and the URL-based site detection runs as it would there, without any network.
    """

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + urlsplit(path).path.rsplit("/", 1)[-1])

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def page_server() -> Iterator[str]:
    """fixtures/scrapy served on 127.0.0.1 on a free port, in a thread of this process."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(_PageHandler, directory=str(PAGES)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(SERVER_JOIN_TIMEOUT_S)


@dataclasses.dataclass
class Crawl:
    items: list[dict[str, Any]]
    stats: dict[str, Any]
    log: str

    def item(self, page: str) -> dict[str, Any]:
        return next(i for i in self.items if i["url"].endswith(page))


@pytest.fixture(scope="module")
def crawl(page_server: str, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    """One crawl for the whole module: starting a reactor costs seconds on a shared 2-core box."""
    out = tmp_path_factory.mktemp("crawl")
    config = {
        "urls": list(CRAWL_URLS),
        "feed": str(out / "items.jsonl"),
        "stats": str(out / "stats.json"),
        "settings": {"CLEANER_DROP_EMPTY": True, "CLEANER_REFERENCE_DATE": "2025-03-01"},
    }
    (out / "config.json").write_text(json.dumps(config), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k.lower() not in PROXY_VARS}
    env["http_proxy"] = page_server
    proc = subprocess.run(
        [sys.executable, str(RUN_CRAWL), str(out / "config.json")],
        cwd=out,
        env=env,
        capture_output=True,
        text=True,
        timeout=CRAWL_TIMEOUT_S,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = (out / "items.jsonl").read_text(encoding="utf-8").splitlines()
    stats = json.loads((out / "stats.json").read_text(encoding="utf-8"))
    return Crawl([json.loads(line) for line in lines if line.strip()], stats, proc.stderr)


def test_crawl_text_page_body_is_cleaned(crawl: Crawl) -> None:
    body = crawl.item("journal-style.txt")["articleBody"]
    assert body.startswith("GALWAY COUNTY COUNCIL has approved a plan")
    assert body.endswith("before the end of next year.")
    for boilerplate in ("We need your help now", "Advertisement", "Send Tip or Correction"):
        assert boilerplate not in body


def test_crawl_text_page_metadata_present(crawl: Crawl) -> None:
    item = crawl.item("journal-style.txt")
    assert item["headline"] == "County council approves new cycle lanes for Galway city centre"
    assert item["description"].startswith("Councillors voted 21 to 9")
    assert item["publisher"] == "The Journal"
    assert item["dateModified"] == "2025-01-16"  # year from CLEANER_REFERENCE_DATE
    assert {r["category"] for r in item["removed"]} >= {"donation", "ads"}


def test_crawl_html_page_is_extracted(crawl: Crawl) -> None:
    item = crawl.item("harbour.html")
    assert item["headline"] == "Harbour dredging delayed by storm damage"
    assert item["author"] == ["Aoife Brennan"]
    assert item["datePublished"] == "2025-02-03T09:15:00+00:00"  # the page declares the time
    assert "Dredging work at the town harbour has been postponed" in item["articleBody"]
    for chrome in ("All rights reserved", "Privacy", "Weather"):
        assert chrome not in item["articleBody"]


def test_crawl_keeps_the_spiders_own_fields(crawl: Crawl) -> None:
    item = crawl.item("harbour.html")
    assert item["html"].lstrip().startswith("<!DOCTYPE html>")


def test_crawl_drops_item_with_no_body_left(crawl: Crawl) -> None:
    assert sorted(i["url"].rsplit("/", 1)[1] for i in crawl.items) == ["harbour.html", "journal-style.txt"]
    assert crawl.stats["cleaner/dropped_empty"] == 1
    assert crawl.stats["item_dropped_count"] == 1


def test_crawl_counts_removals_by_category(crawl: Crawl) -> None:
    expected: dict[str, int] = {}
    for item in crawl.items:
        for r in item["removed"]:
            expected[r["category"]] = expected.get(r["category"], 0) + 1
    # The dropped page's removals were counted before it was dropped: its three ad labels.
    counted = {k.split("/", 2)[2]: v for k, v in crawl.stats.items() if k.startswith("cleaner/removed/")}
    dropped = {k: v - expected.get(k, 0) for k, v in counted.items() if v != expected.get(k, 0)}
    assert dropped == {"ads": 3}
    assert all(counted.get(k, 0) >= v for k, v in expected.items())
    assert crawl.stats["cleaner/cleaned"] == 3
    assert "cleaner/errors" not in crawl.stats


def test_crawl_pipeline_raises_no_deprecation_warning(crawl: Crawl) -> None:
    warnings = [line for line in crawl.log.splitlines() if "Deprecat" in line and "CleanerPipeline" in line]
    assert warnings == []


# --- item kinds and settings, through a real Crawler from Scrapy's own test utilities -------------------


def _pipeline(**settings: Any) -> CleanerPipeline:
    crawler = get_crawler(settings_dict=settings)
    pipe = CleanerPipeline.from_crawler(crawler)
    pipe.open_spider()
    return pipe


def _stats(pipe: CleanerPipeline) -> dict[str, Any]:
    assert pipe.stats is not None
    return pipe.stats.get_stats()


def test_dict_item_gets_body_and_metadata() -> None:
    item = _pipeline().process_item({"url": "https://example.org/a", "text": f"Advertisement\n\n{ARTICLE_TEXT}"})
    assert item["articleBody"] == ARTICLE_TEXT
    assert item["removed"][0]["category"] == "ads"


class NewsItem(scrapy.Item):
    url = scrapy.Field()
    text = scrapy.Field()
    articleBody = scrapy.Field()
    removed = scrapy.Field()


def test_scrapy_item_gets_its_declared_fields_only() -> None:
    item = _pipeline().process_item(NewsItem(url="https://example.org/a", text=f"Advertisement\n\n{ARTICLE_TEXT}"))
    assert item["articleBody"] == ARTICLE_TEXT
    assert [r["rule"] for r in item["removed"]] == ["ADS001"]
    assert "headline" not in item.fields


@dataclasses.dataclass
class DataclassItem:
    text: str
    url: str | None = None
    articleBody: str | None = None


def test_dataclass_item_gets_body() -> None:
    item = _pipeline().process_item(DataclassItem(text=f"Advertisement\n\n{ARTICLE_TEXT}"))
    assert item.articleBody == ARTICLE_TEXT


def test_attrs_item_gets_body() -> None:
    attr = pytest.importorskip("attr", reason="attrs is not installed (it comes with Twisted, so rarely)")

    @attr.define
    class AttrsItem:
        text: str
        articleBody: str | None = None

    item = _pipeline().process_item(AttrsItem(text=f"Advertisement\n\n{ARTICLE_TEXT}"))  # type: ignore[call-arg]
    assert item.articleBody == ARTICLE_TEXT


def test_old_signature_with_spider_argument() -> None:
    pipe = _pipeline()
    spider = scrapy.Spider(name="old")
    pipe.open_spider(spider)
    item = pipe.process_item({"text": f"Advertisement\n\n{ARTICLE_TEXT}"}, spider)
    assert item["articleBody"] == ARTICLE_TEXT


def test_output_fields_and_prefix() -> None:
    pipe = _pipeline(CLEANER_OUTPUT={"fields": ["articleBody", "stats"], "prefix": "clean_"})
    item = pipe.process_item({"text": f"Advertisement\n\n{ARTICLE_TEXT}"})
    assert set(item) == {"text", "clean_articleBody", "clean_stats"}
    assert item["clean_stats"]["removed_spans"] == 1


def test_output_mapping_can_replace_the_input_field() -> None:
    pipe = _pipeline(CLEANER_OUTPUT={"fields": {"articleBody": "text"}})
    item = pipe.process_item({"text": f"Advertisement\n\n{ARTICLE_TEXT}"})
    assert item == {"text": ARTICLE_TEXT}


def test_output_from_command_line_json_string() -> None:
    pipe = _pipeline(CLEANER_OUTPUT='{"fields": ["articleBody"], "prefix": "c_"}')
    assert set(pipe.process_item({"text": ARTICLE_TEXT})) == {"text", "c_articleBody"}


def test_output_with_unknown_key_fails_at_start() -> None:
    with pytest.raises(SettingError, match="unknown keys"):
        _pipeline(CLEANER_OUTPUT={"feilds": ["articleBody"]})


def test_none_does_not_overwrite_a_scraped_value() -> None:
    item = _pipeline().process_item({"text": ARTICLE_TEXT, "author": "Desk Reporter"})
    assert item["author"] == "Desk Reporter"


def test_html_field_is_extracted() -> None:
    html = (PAGES / "harbour.html").read_text(encoding="utf-8")
    item = _pipeline(CLEANER_HTML_FIELD="body").process_item({"body": html, "link": "x"})
    assert item["headline"] == "Harbour dredging delayed by storm damage"
    assert "north pier" in item["articleBody"]


def test_custom_text_and_url_fields() -> None:
    pipe = _pipeline(CLEANER_TEXT_FIELD="content", CLEANER_URL_FIELD="link")
    item = pipe.process_item({"content": ARTICLE_TEXT, "link": "https://example.org/b"})
    assert item["articleBody"] == ARTICLE_TEXT


def test_empty_html_field_does_not_hide_the_text() -> None:
    item = _pipeline().process_item({"text": f"Advertisement\n\n{ARTICLE_TEXT}", "html": ""})
    assert item["articleBody"] == ARTICLE_TEXT
    assert item["warnings"] == []  # no failed HTML extraction on the empty field


def test_list_of_paragraphs_is_joined() -> None:
    item = _pipeline().process_item({"text": ["Advertisement", ARTICLE_TEXT, "  "]})
    assert item["articleBody"] == ARTICLE_TEXT


def test_extra_rule_file_applies(tmp_path: Path) -> None:
    rule_file = tmp_path / "house.toml"
    rule_file.write_text(
        'category = "newsletter"\n\n[[rule]]\nid = "HSE001"\nname = "house-newsletter"\n'
        "action = \"drop-line\"\npattern = 'Get the Morning Brief in your inbox'\n"
        'why = "Our own newsletter plug."\nexamples.drop = ["Get the Morning Brief in your inbox"]\n'
        'examples.keep = ["The brief was sent to the minister in the morning."]\n',
        encoding="utf-8",
    )
    pipe = _pipeline(CLEANER_RULES=[str(rule_file)])
    item = pipe.process_item({"text": f"{ARTICLE_TEXT}\n\nGet the Morning Brief in your inbox"})
    assert item["articleBody"] == ARTICLE_TEXT
    assert _stats(pipe)["cleaner/removed/newsletter"] == 1


def test_broken_rule_file_fails_at_start(tmp_path: Path) -> None:
    rule_file = tmp_path / "broken.toml"
    rule_file.write_text('[[rule]]\nid = "BRK001"\naction = "drop-line"\npattern = "(unclosed"\n', encoding="utf-8")
    with pytest.raises(RuleError, match=r"broken\.toml"):
        _pipeline(CLEANER_RULES=[str(rule_file)])


def test_ignore_turns_a_category_off() -> None:
    item = _pipeline(CLEANER_IGNORE="ads").process_item({"text": f"Advertisement\n\n{ARTICLE_TEXT}"})
    assert item["articleBody"].startswith("Advertisement")


def test_select_keeps_only_the_selected_rules() -> None:
    pipe = _pipeline(CLEANER_SELECT=["ADS002"])
    item = pipe.process_item({"text": f"Advertisement\n\n{ARTICLE_TEXT}\n\nSkip advertisement"})
    assert item["articleBody"] == f"Advertisement\n\n{ARTICLE_TEXT}"


def test_drop_empty_raises_dropitem() -> None:
    pipe = _pipeline(CLEANER_DROP_EMPTY=True)
    with pytest.raises(DropItem):
        pipe.process_item({"text": "Advertisement\n\nAdvertisement"})
    assert _stats(pipe)["cleaner/dropped_empty"] == 1


def test_empty_body_kept_without_drop_empty() -> None:
    item = _pipeline().process_item({"text": "Advertisement"})
    assert item["articleBody"] == ""


def test_item_without_input_passes_through() -> None:
    pipe = _pipeline()
    assert pipe.process_item({"title": "no text here"}) == {"title": "no text here"}
    assert _stats(pipe)["cleaner/no_input"] == 1


def test_unusable_input_is_counted_and_passed_through() -> None:
    pipe = _pipeline()
    assert pipe.process_item({"text": 12345}) == {"text": 12345}
    assert _stats(pipe)["cleaner/errors"] == 1


def test_bytes_input_is_decoded() -> None:
    item = _pipeline().process_item({"text": f"Advertisement\n\n{ARTICLE_TEXT}".encode()})
    assert item["articleBody"] == ARTICLE_TEXT
