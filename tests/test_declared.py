"""HTML dates keep the time and offset the page declares for the day trafilatura chose."""

from __future__ import annotations

import cleaner
from cleaner.metadata.declared import declared_timestamps, with_time
from cleaner.model import DateValue

PAGE = """<html><head><title>Ferry timetable changes</title>
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Ferry timetable changes",
"datePublished": "2024-03-12T09:30:00Z", "dateModified": "2024-03-13T17:05:00+01:00"}</script>
<meta property="article:published_time" content="2024-03-12T09:30:00Z"></head>
<body><article><h1>Ferry timetable changes</h1>
<p>The harbour ferry will run every forty minutes from April, the operator said on Tuesday.</p>
<p>Evening sailings move to the north pier while the south pier is repaired over the summer.</p>
</article></body></html>"""


def test_declared_timestamps_from_jsonld_and_meta() -> None:
    found = declared_timestamps(PAGE)
    assert found["published"][0] == "2024-03-12T09:30:00+00:00"
    assert found["modified"] == ["2024-03-13T17:05:00+01:00"]


def test_a_different_day_is_never_swapped_in() -> None:
    value = DateValue("2024-03-11", "2024-03-11", source="html")
    assert with_time(value, ["2024-03-12T09:30:00+00:00"]) == value


def test_html_record_has_the_full_timestamp() -> None:
    record = cleaner.clean(html=PAGE, url="https://harbour.example/ferry").to_dict()
    assert record["datePublished"] == "2024-03-12T09:30:00+00:00"
    assert record["raw"]["datePublished"]["source"] == "html"
