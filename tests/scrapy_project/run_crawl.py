"""Run one real Scrapy crawl with the cleaner pipeline, in its own process (Twisted's reactor starts once).

Usage: python run_crawl.py CONFIG.json, where CONFIG holds the start URLs, the feed and stats paths,
and the CLEANER_* settings. The spider is the one the README shows: it hands over the page as it came.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response

# Bounds so a broken server or pipeline fails the test instead of hanging it.
DOWNLOAD_TIMEOUT_S = 10
CLOSESPIDER_TIMEOUT_S = 60


class PagesSpider(scrapy.Spider):
    """HTML pages go into `html`, plain-text pages into `text`, as a spider of a text dump would."""

    name = "pages"

    def __init__(self, urls: list[str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = urls

    def parse(self, response: Response) -> Iterator[dict[str, str]]:
        content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
        field = "html" if "html" in content_type else "text"
        yield {"url": response.url, field: response.text}


def main(config_path: str) -> None:
    config = json.loads(Path(config_path).read_text(encoding="utf-8"))
    settings = {
        "ITEM_PIPELINES": {"cleaner.integrations.scrapy.CleanerPipeline": 300},
        "FEEDS": {Path(config["feed"]).as_uri(): {"format": "jsonlines", "encoding": "utf8"}},
        "ROBOTSTXT_OBEY": False,
        "TELNETCONSOLE_ENABLED": False,
        "DOWNLOAD_TIMEOUT": DOWNLOAD_TIMEOUT_S,
        "CLOSESPIDER_TIMEOUT": CLOSESPIDER_TIMEOUT_S,
        "LOG_LEVEL": "INFO",
        **config.get("settings", {}),
    }
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(PagesSpider)
    process.crawl(crawler, urls=config["urls"])
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    Path(config["stats"]).write_text(json.dumps(stats, default=str, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1])
