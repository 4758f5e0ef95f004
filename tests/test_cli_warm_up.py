"""`cleaner clean page.html` warms up on a page that builds no table the real page may not need."""

from __future__ import annotations

import pytest
import trafilatura.external

from cleaner.cli.clean_run import WARM_UP_PAGE
from cleaner.heuristics import lang
from cleaner.pipeline import Cleaner


def test_the_warm_up_page_reads_no_stoplist(monkeypatch: pytest.MonkeyPatch) -> None:
    # Neither trafilatura's jusText rescue (its stoplist union) nor the stopword guess (100 stoplists):
    # the page is long enough for trafilatura's own extractor and declares its language.
    monkeypatch.setattr(trafilatura.external, "JT_STOPLIST", None)
    lang.stoplists.cache_clear()
    article = Cleaner().clean_document(WARM_UP_PAGE)
    assert article.body and article.language == "en"
    assert trafilatura.external.JT_STOPLIST is None
    assert lang.stoplists.cache_info().currsize == 0
