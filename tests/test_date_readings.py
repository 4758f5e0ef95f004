"""find_dates's memo of line readings and full_dates's window gate change no answer (issue 13, metadata/dates.py).

find_dates reads each line through dates._line_reading, remembered per line: the reference here is the per-line loop it
replaced, which read every line afresh; and a line's reading must not depend on the text it was first read in, so
every document is read with the memo cold and again warm, after other documents, in other languages and with other
URLs and reference dates. full_dates asks find_in only of the windows metalines.date_rows lets through: the reference
asks find_in of every window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import cast

import pytest

from cleaner.metadata import dates
from cleaner.metadata.bylines import _byline_rest, _label_openings, _remembered_byline_rest, find_byline
from cleaner.metadata.date_forms import _YEAR_ANYWHERE, DATE_WINDOW_CHARS, find_in, full_dates, resolve
from cleaner.metadata.date_relative import _labelled_relative
from cleaner.metadata.date_tables import fold_case, tables_for
from cleaner.metadata.date_times import ANY_DIGIT
from cleaner.metadata.dates import DateCandidate, find_dates
from cleaner.metadata.metalines import date_rows, digit_lines, opening_lines, short_lines
from tests.conftest import require_corpus

# The readings asked of each document: (language, URL, reference date, fallback date).
SETTINGS: list[tuple[str | None, str | None, dt.date | None, dt.date | None]] = [
    (None, None, None, None),
    ("de", "https://www.example.de/a/2019/11/20/b", None, dt.date(2020, 3, 1)),
    ("en", "https://news.example.com/x", dt.date(2021, 6, 15), None),
    ("fr", None, dt.date(2019, 1, 2), dt.date(2018, 5, 5)),
    ("pt", "https://example.com.br/p", None, None),
]
LINES = [
    "Published: Nov. 19, 2019 8:03 am ET",
    "LAST UPDATE | 16 Jan",
    "Veröffentlicht am 23.06.2016 um 16:14 Uhr",
    "Publié le 16 janvier 2026 à 10h30",
    "By Chris Pokorny @DawgsByNature Nov 18, 2019",
    "Atualizado em 12/03/2021",
    "Aktualisiert vor 2 Stunden",
    "Updated 3 hours ago",
    "Published 3 May | Updated 4 May",
    "Von Anna Müller, 5. März",
    "11/12/2019",
    "March 2020",
    "",
    None,
]


def _reference_find_dates(
    lines: Sequence[str | None],
    *,
    url: str | None,
    language: str | None,
    reference: dt.date | None,
    fallback: dt.date | None,
    evidence: Callable[[], Iterable[dt.date]],
) -> list[DateCandidate]:
    """find_dates's per-line loop as it was before the memo: every line read afresh."""
    tables = tables_for(language)
    codes = tuple(t.code for t in tables)
    candidates = range(len(lines)) if reference is not None else digit_lines(lines, ANY_DIGIT)
    rows = [(idx, cast("str", lines[idx])) for idx in short_lines(lines, candidates, dates.DATELINE_MAX_WORDS)]
    joined = fold_case("\n".join(line for _, line in rows))
    labels = [w for w in dates._folded_words(codes, "labels") if w in joined]
    bylines = [w for w in dates._folded_words(codes, "byline") if w in joined]
    dated = set(date_rows(lines, [idx for idx, _ in rows], dates._month_prefixes()[0]))
    out: list[DateCandidate] = []
    for idx, line in rows:
        folded = fold_case(line) if labels or bylines else ""
        labelled = any(w in folded for w in labels)
        line_lang = (dates._label_language(line, tables) if labelled else None) or language
        matches = find_in(line, language=line_lang, url=url) if idx in dated else []
        bylined = bool(matches) and any(w in folded for w in bylines) and dates._starts_with_byline(line, tables)
        for m in matches:
            kind = (dates._label_before(line[: m.start], tables) if labelled else None) or (
                "byline" if bylined else None
            )
            year_from = list(evidence()) if m.year is None else []
            value = resolve(
                m, line[m.start : m.end].strip(), evidence=year_from, reference=reference, fallback=fallback
            )
            if value is None:
                continue
            spans = [(d.start, d.end) for d in matches]
            other = dates._words_besides(dates._rest_words(line, spans), m.language)
            out.append(DateCandidate(value, kind, idx, other <= dates.DATELINE_MAX_OTHER_WORDS))
        if not matches and labelled:
            rel = _labelled_relative(line, tables, reference, language)
            if rel is not None:
                out.append(DateCandidate(rel[1], rel[0], idx, True))
    return out


def _reference_full_dates(text: str, *, language: str | None = None) -> list[dt.date]:
    found: set[dt.date] = set()
    for y in _YEAR_ANYWHERE.finditer(text):
        start = max(0, y.start() - DATE_WINDOW_CHARS)
        for d in find_in(text[start : y.end() + 12].replace("-", " "), language=language):
            if d.year is not None:
                found.add(dt.date(d.year, d.month, d.day))
    return sorted(found)


def _agree(documents: Sequence[Sequence[str | None]]) -> None:
    """Each document, in each setting, read by find_dates with the memo cold, then warm, as by the reference."""
    for lines in documents:
        text = "\n".join(line for line in lines if line)
        for language, url, reference, fallback in SETTINGS:

            def evidence(text: str = text, language: str | None = language) -> list[dt.date]:
                return full_dates(text, language=language)

            kw = {"url": url, "language": language, "reference": reference, "fallback": fallback}
            expected = _reference_find_dates(lines, evidence=evidence, **kw)  # type: ignore[arg-type]
            dates._line_reading.cache_clear()
            assert find_dates(lines, evidence=evidence, **kw) == expected  # type: ignore[arg-type]
            assert find_dates(lines, evidence=evidence, **kw) == expected  # type: ignore[arg-type]
    # Warm with every other document's lines, in every setting.
    for lines in reversed(documents):
        text = "\n".join(line for line in lines if line)
        for language, url, reference, fallback in SETTINGS:
            kw = {"url": url, "language": language, "reference": reference, "fallback": fallback}
            got = find_dates(lines, evidence=lambda t=text: full_dates(t), **kw)  # type: ignore[arg-type,misc]
            assert got == _reference_find_dates(lines, evidence=lambda t=text: full_dates(t), **kw)  # type: ignore[arg-type,misc]


def test_the_example_lines() -> None:
    _agree([LINES, list(reversed(LINES)), [line for line in LINES if line and "Published" not in line]])


def test_full_dates_asks_only_the_gated_windows() -> None:
    text = "\n".join(line for line in LINES if line) + "\n2019-11-20 and 20.11.2019, 2019 (2018) Mai 2017 3. Mai 2017"
    for language in (None, "de", "en", "fr"):
        assert full_dates(text, language=language) == _reference_full_dates(text, language=language)


def _corpus_documents(corpus: Path, per_source: int) -> list[list[str | None]]:
    out: list[list[str | None]] = []
    for source in sorted(p for p in corpus.iterdir() if p.is_dir()):
        for rendering in ("article.txt", "fulltext.txt"):
            for path in sorted(source.glob(f"*/{rendering}"))[:per_source]:
                out.append(list(path.read_text(encoding="utf-8", errors="surrogateescape").splitlines()))
    return out


@pytest.mark.corpus
def test_dev_corpus_documents() -> None:
    documents = _corpus_documents(require_corpus(), 12)
    assert len(documents) > 40
    _agree(documents)
    for lines in documents:
        text = "\n".join(line for line in lines if line)
        assert full_dates(text) == _reference_full_dates(text)
        assert full_dates(text, language="de") == _reference_full_dates(text, language="de")


def _reference_find_byline(lines: Sequence[str | None], language: str | None) -> tuple[str, int] | None:
    """find_byline with every line read afresh (bylines._byline_rest, not its memo)."""
    codes = tuple(t.code for t in tables_for(language))
    for idx in opening_lines(lines, _label_openings(codes)):
        rest = _byline_rest(cast("str", lines[idx]), language)
        if rest is not None:
            return rest, idx
    return None


@pytest.mark.corpus
def test_find_byline_remembers_no_text() -> None:
    documents: list[Sequence[str | None]] = [
        *_corpus_documents(require_corpus(), 12),
        LINES,
        ["Von Anna Müller und Peter Schmidt, dpa", "By Becky"],
    ]
    for language in (None, "de", "en", "fr"):
        _remembered_byline_rest.cache_clear()
        cold = [find_byline(lines, language=language) for lines in documents]
        assert cold == [_reference_find_byline(lines, language) for lines in documents]
        assert [find_byline(lines, language=language) for lines in reversed(documents)] == cold[::-1]
