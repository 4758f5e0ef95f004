"""The text path finds the headline by what the page says about it, in any language, site name off."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from cleaner import clean
from cleaner.metadata.text_headline import _order_line, _order_near, _packed_rank, _rank_radix, find_text_headline


def test_the_line_matching_the_url_slug_is_the_headline() -> None:
    lines = ["Startseite", "Politik", "Wirtschaft", "Stadt verklagt die Baufirma wegen Pflaster", "Text des Artikels."]
    got = find_text_headline(lines, lines, url="https://www.example.de/stadt-verklagt-baufirma-pflaster/")
    assert got is not None and got.text == "Stadt verklagt die Baufirma wegen Pflaster" and "slug" in got.signals


def test_title_with_site_affix_backs_up_the_heading_and_the_affix_goes() -> None:
    lines = [
        "Skip to main content",
        "Family seeks funds to treat tennis star | Example Times",
        "News",
        "Home » Latest News » Family seeks funds to treat tennis star",
        "Family seeks funds to treat tennis star",
        "The family of a ranked junior player has launched an appeal.",
    ]
    kept: list[str | None] = [None, None, None, None, lines[4], lines[5]]
    got = find_text_headline(lines, kept, site_names=["Example Times"], domain="exampletimes.com")
    assert got is not None and got.text == "Family seeks funds to treat tennis star"


def test_a_breadcrumb_with_arrows_backs_up_its_last_step_and_is_not_the_headline() -> None:
    lines = [
        "Example Blog ► Video Marketing ► Airline turns its safety video into a fantasy film",
        "Airline turns its safety video into a fantasy film",
        "The airline released a new safety video on Thursday, and it has been watched a million times.",
    ]
    got = find_text_headline(lines, lines, url="https://www.example.com/airline-safety-video-fantasy-film/")
    assert got is not None and got.text == "Airline turns its safety video into a fantasy film"
    assert "in-title-or-breadcrumb" in got.signals


def test_no_signal_gives_no_headline() -> None:
    lines = ["Menu", "A short line of chrome here", "The story starts and goes on for a while."]
    assert find_text_headline(lines, [None, None, lines[2]]) is None


def test_text_path_headline_keeps_the_body_and_a_second_cleaning_agrees() -> None:
    text = (
        "Home\nSport\nLogin\n\nJansen kämpft um das Comeback\n\nVon Anna Schmidt, 3. März 2020\n\n"
        "Der frühere Nationalspieler will zurück auf den Platz. Er trainiert seit Wochen wieder mit dem Team.\n"
    )
    url = "https://www.example.de/sport/jansen-kaempft-um-das-comeback/"
    first = clean(text, url=url)
    assert first.headline == "Jansen kämpft um das Comeback"
    assert "Der frühere Nationalspieler will zurück" in first.body
    again = clean(first.body, url=url)
    assert again.body == first.body


def test_a_question_is_a_headline() -> None:
    lines = ["Startseite", "Was ist Innovation?", "Von Anna Schmidt", "Innovation ist ein Wort, das alle benutzen."]
    got = find_text_headline(lines, lines, url="https://www.example.de/blog/was-ist-innovation/")
    assert got is not None and got.text == "Was ist Innovation?"


def test_a_line_a_rule_removed_as_furniture_is_never_the_headline() -> None:
    prose = [
        "Der Stadtrat hat am Dienstag beschlossen, die Brücke über den Fluss bis zum Herbst für Autos zu sperren.",
        "Die Arbeiten sollen nach Angaben der Verwaltung rund drei Millionen Euro kosten und im Oktober beginnen.",
    ]
    lines = ["Menü", "", "(Foto: Agentur Nord / Jana Beispiel)", "", prose[0], "", prose[1]]
    kept: list[str | None] = [None, None, None, None, prose[0], "", prose[1]]
    # Title-shaped, with prose below: on its own the credit would win.
    got = find_text_headline(lines, kept)
    assert got is not None and got.text == lines[2]
    assert find_text_headline(lines, kept, furniture={2}) is None


def test_a_furniture_line_the_slug_names_is_still_the_headline() -> None:
    prose = [
        "Der Stadtrat hat am Dienstag beschlossen, die Brücke über den Fluss bis zum Herbst für Autos zu sperren.",
        "Die Arbeiten sollen nach Angaben der Verwaltung rund drei Millionen Euro kosten und im Oktober beginnen.",
    ]
    title = "Brücke bleibt bis zum Herbst gesperrt"
    lines = ["Menü", "", title, "", prose[0], "", prose[1]]
    kept: list[str | None] = [None, None, None, None, prose[0], "", prose[1]]
    url = "https://www.beispiel.de/bruecke-bleibt-bis-zum-herbst-gesperrt/"
    got = find_text_headline(lines, kept, url=url, furniture={2})
    assert got is not None and got.text == title and "slug" in got.signals
    assert find_text_headline(lines, kept, furniture={2}) is None


def test_a_one_word_headline_needs_to_be_the_whole_slug() -> None:
    lines = ["Rezepte", "Backen", "Bienenstich-Muffins", "Zutaten für 12 Stück und so weiter."]
    url = "https://www.example.de/rezepte/bienenstich-muffins"
    got = find_text_headline(lines, lines, url=url)
    assert got is not None and got.text == "Bienenstich-Muffins"
    # "Rezepte" is the section folder, not the article's slug.
    assert find_text_headline(lines[:2] + lines[3:], lines[:2] + lines[3:], url=url) is None


def test_a_title_that_ends_a_comment_header_beats_the_header() -> None:
    body = [f"Absatz {i}: heute geht es um die neue Serie und was wir davon halten." for i in range(4)]
    lines = [
        "Folge 70: Star Trek: Picard",
        *body,
        "2 Gedanken zu „Folge 70: Star Trek: Picard“",
        "Anna sagt am 3. März 2020:",
    ]
    kept: list[str | None] = [None, *body, None, None]
    got = find_text_headline(lines, kept, url="https://example.de/folge-70-star-trek-picard/")
    assert got is not None and got.text == "Folge 70: Star Trek: Picard"


def test_a_section_folder_gives_a_menu_line_no_slug_signal() -> None:
    lines = ["Natur & Umwelt", "Immer mehr Modemarken werden pelzfrei", "Von Anna Schmidt", "Der Text beginnt."]
    url = "https://www.example.de/natur-umwelt/immer-mehr-modemarken-werden-pelzfrei/"
    # Kept from the menu line on: the menu line is the first kept line, which alone cannot outweigh the slug.
    got = find_text_headline(lines, lines, url=url)
    assert got is not None and got.text == "Immer mehr Modemarken werden pelzfrei"


def test_the_masthead_line_naming_the_site_is_not_the_headline() -> None:
    lines = [
        "Scott H Young",
        "Archive | Scott H Young",
        "Why focus is the key to getting stuff done",
        "By Ann Lee",
        "Most people think effort is what gets work done, and they are wrong about it.",
    ]
    kept: list[str | None] = [lines[0], None, lines[2], lines[3], lines[4]]
    got = find_text_headline(lines, kept, domain="www.scotthyoung.com")
    assert got is not None and got.text == "Why focus is the key to getting stuff done"


def test_a_spanish_dateline_with_de_is_not_a_headline() -> None:
    lines = ["Viernes, 22 de abril de 2022", "El texto del artículo sigue aquí durante un buen rato."]
    assert find_text_headline(lines, lines) is None


def test_a_headline_ending_with_a_full_stop_is_taken_when_it_is_the_slug() -> None:
    lines = [
        "Continue to story",
        "They were laid off from their game company. Now they want to change the way we play.",
        "By Ann Lee",
        "Five developers lost their jobs in March and started a studio of their own.",
    ]
    kept: list[str | None] = [None, None, lines[2], lines[3]]
    slug = "they-were-laid-off-from-their-game-company-now-they-want-to-change-the-way-we-play"
    got = find_text_headline(lines, kept, url=f"https://games.example.com/5932692/{slug}")
    assert got is not None and got.text == lines[1] and "slug" in got.signals
    # Without the slug, the same line is a sentence, not a headline.
    other = find_text_headline(lines, kept, url="https://games.example.com/5932692")
    assert other is None or other.text != lines[1]


def test_a_summary_sentence_sharing_the_slug_does_not_beat_the_title() -> None:
    lines = [
        "Productor fumigó con glifosato un predio lindero a escuela rural",
        "Predio fumigado con glifosato lindero a escuela rural.",
        "El texto del artículo sigue aquí durante un buen rato y cuenta lo que pasó.",
    ]
    url = "https://www.example.com.ar/productor-fumigo-glifosato-predio-lindero-escuela-rural"
    got = find_text_headline(lines, [None, lines[1], lines[2]], url=url)
    assert got is not None and got.text == lines[0]


_PROSE = [
    "The council voted on Tuesday evening to approve the budget after a long debate about schools.",
    "Parents had asked for more money for buildings, and the mayor said the city would find it.",
    "The new budget takes effect in January and runs for two years, the council said in a statement.",
]


def test_a_heading_below_the_article_loses_to_the_title_above_it() -> None:
    lines = [
        "Council approves new budget for schools",
        *_PROSE,
        "Politics and government news from across the whole region",
        "Example Times | Politics and government news from across the whole region",
    ]
    kept: list[str | None] = [*lines[:4], None, None]
    # The heading under the article is printed again in a row, the title is not: the title still wins.
    got = find_text_headline(lines, kept)
    assert got is not None and got.text == "Council approves new budget for schools"


def test_a_title_with_prose_below_beats_a_menu_heading_with_a_byline_below() -> None:
    lines = [
        "Weekly newsletter for our readers",
        "By The Editors",
        "Sign up",
        "Council approves new budget for schools",
        "By Ann Lee",
        *_PROSE,
    ]
    got = find_text_headline(lines, [None] * len(lines))
    assert got is not None and got.text == "Council approves new budget for schools" and "prose-below" in got.signals


def test_a_section_label_in_a_row_beside_a_longer_title_gets_no_row_signal() -> None:
    lines = [
        "More in Tech",
        "By Ann Lee",
        "Sign in",
        "Subscribe",
        "PayPal lays off 325 employees",
        "More in Tech | PayPal lays off 325 employees",
    ]
    got = find_text_headline(lines, [None] * len(lines))
    assert got is not None and got.text == "PayPal lays off 325 employees"


def test_on_a_tie_the_longer_line_beats_a_kicker_above_it() -> None:
    lines = ["Policy & Law", "Officials tried to hide the deal from the press", "By Ann Lee", *_PROSE]
    got = find_text_headline(lines, [None] * len(lines))
    assert got is not None and got.text == "Officials tried to hide the deal from the press"


def test_a_photo_caption_with_its_credit_in_brackets_is_not_the_headline() -> None:
    lines = [
        "Schools safe amidst surge",
        "Article by",
        "Barry Alleyne",
        "Chief Education Officer Dr Ramona Archer-Bradshaw. (Picture by Jameel Springer)",
        "Social Share",
        *_PROSE,
    ]
    got = find_text_headline(lines, [None] * len(lines))
    assert got is not None and got.text == "Schools safe amidst surge"


def test_line_end_checks_read_from_the_end_agree_with_their_patterns() -> None:
    """_title_shaped and _prose read the last characters instead of scanning with a `$` pattern."""
    import regex

    from cleaner.metadata.headline_lines import _prose, _title_shaped

    bad_end = regex.compile(r"[.,;:]['’\"”)]*$")
    sentence_end = regex.compile(r"[.!?…][\"”’')\]]*$")
    ends = ["", ".", ",", ":", "?", "!", "…", ".)", ".”", "?’", ")", "'", '"', ".'\"", "a)", ";)", "]", ".]"]
    for end in ends:
        title = f"Council approves new budget{end}"
        assert _title_shaped(title) == (not bad_end.search(title)), title
        prose = f"The council voted on Tuesday evening to approve the budget after a long debate{end}"
        assert _prose(prose) == bool(sentence_end.search(prose)), prose
    assert _title_shaped('"')


def test_a_title_without_separator_characters_is_one_segment() -> None:
    """The affix stripper skips the separator scan for such lines; those with one are still split."""
    from cleaner.metadata.site_affix import _split, affix_stripper

    strip = affix_stripper(("Example Times",), "exampletimes.com")
    assert strip("Example  Times   council approves budget") == "Example Times council approves budget"
    assert _split("Well-known budget") == (("Well-known budget", 0, 17),)
    assert strip("Budget approved | Example Times") == "Budget approved"
    assert strip("Example Times – Budget approved") == "Budget approved"


def test_the_date_gate_lets_every_date_branch_through() -> None:
    """_dated scans with date patterns that start at digits; they must find every date the full pattern does."""
    from cleaner.metadata.headline_lines import _DATE_OR_BYLINE, _dated

    lines = [
        "3. März 2020",
        "22 de abril de 2022",
        "22 DE ABRIL DE 2022",
        "Nov 19, 2019 8:03 am ET",
        "Nov. 19 2019",
        "19.11.2019",
        "1-2-19",
        "2019-11-20T06:35:39Z",
        "Updated 16 January, 2026",
        "By Anna Schmidt",
        "in 2019 the council met",
        "price 3.5 and 10.30",
        "Folge 70: Star Trek: Picard",
        "12345 20190",
    ]
    for line in lines:
        assert _dated(line) == (_DATE_OR_BYLINE.search(line) is not None), line
    assert _dated("3. März 2020") and not _dated("in 2019 the council met")


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="19 20.-/,:MarzäDEdeNovByé\u00a0\u2009", max_size=40))
def test_the_digit_anchored_date_scan_means_the_full_pattern(line: str) -> None:
    """The month-day-year branch moved behind its digits (_DATE_AT_DIGIT) matches what _DATE_OR_BYLINE's
    does, on strings built from the characters every branch turns on."""
    from cleaner.metadata.headline_lines import _DATE_OR_BYLINE, _has_date, _opens_byline

    # (Past the memos: each example is read afresh.)
    dated = _opens_byline.__wrapped__(line) or _has_date.__wrapped__(line)
    assert dated == (_DATE_OR_BYLINE.search(line) is not None)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(st.none(), st.text(alphabet="ab1 :-|·\n–/\u00a0", max_size=12)), max_size=8))
def test_the_joined_separator_scan_finds_every_line_split_cuts(lines: list[str | None]) -> None:
    """_lines_with_separator (one search per separator character over the joined text) names exactly the lines its
    per-line test names, None lines and lines holding a break of their own included; and among them every line
    site_affix._split cuts into segments, so the lines it leaves out lose nothing."""
    from cleaner.metadata.metalines import _may_split
    from cleaner.metadata.site_affix import _SEPARATOR_CHARS, _split
    from cleaner.metadata.text_headline import _BARE, _SPACED, _lines_with_separator

    found = _lines_with_separator(lines)
    assert found == {i for i, s in enumerate(lines) if s and _may_split(s, _BARE, _SPACED)}
    assert {i for i, s in enumerate(lines) if s and len(_split(s.strip())) > 1} <= found
    assert found <= {i for i, s in enumerate(lines) if s and not _SEPARATOR_CHARS.isdisjoint(s)}


def test_a_separator_hyphen_or_colon_inside_words_only_is_no_separator_line() -> None:
    """A spaced separator character counts only after a character that is not a letter or digit: no character
    `regex` takes for a space is one, so _SEPARATOR_HINT's spaced branch never matches where the scan skips."""
    import sys

    import regex

    from cleaner.metadata.text_headline import _lines_with_separator

    every = "".join(chr(i) for i in range(sys.maxunicode + 1) if not 0xD800 <= i < 0xE000)
    assert not any(c.isalnum() for c in regex.findall(r"\s", every))
    lines = ["A well-known fact at 10:30 and/or later", "Budget approved - Example Times", "News|Sport", "-", None]
    assert _lines_with_separator(lines) == {1, 2, 3}


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="ab -:|/·»–\u00a0\t", max_size=16))
def test_the_separator_hint_skips_only_titles_without_a_separator(title: str) -> None:
    """site_affix._split skips its scan when _SEPARATOR_HINT finds nothing: the segments are those of the
    full scan on every title built from separators, spaces and letters."""
    from cleaner.metadata import site_affix

    full: list[tuple[str, int, int]] = []
    pos = 0
    for m in site_affix._SEPARATOR.finditer(title):
        if m.start() > pos:
            full.append((title[pos : m.start()], pos, m.start()))
        pos = m.end()
    if pos < len(title):
        full.append((title[pos:], pos, len(title)))
    assert site_affix._split.__wrapped__(title) == tuple(full)


@given(st.text(alphabet="ab |•>»(«¿1.\u00a0-", min_size=1, max_size=12))
@example("News » Budget")
@example("a • b")
@example("a >b")
def test_the_title_tests_by_first_character_and_one_search_mean_what_they_replace(title: str) -> None:
    """The first loop asks `_opens_title` of the first character, remembered, and one search for the row joins."""
    from cleaner.metadata.headline_lines import _ROW_JOIN, _TITLE_START
    from cleaner.metadata.text_headline import _opens_title

    assert _opens_title(title[0]) == (_TITLE_START.match(title) is not None)
    assert (_ROW_JOIN.search(title) is None) == all(row not in title for row in (" | ", " • ", " > ", " » "))


def test_a_title_under_a_kicker_that_opens_the_kept_text_starts_the_article_too() -> None:
    """The first kept line is often a category row or a kicker; the title just under it, above the prose, counts as
    the article's start too, and the tie-breaks choose. Not under a line the top-matter stage moved out as the title."""
    lines = ["Posted in Latest News", "Family seeks funds to treat rising tennis star", "By Jane Doe", *_PROSE]
    got = find_text_headline(lines, lines)
    assert got is not None and got.text == lines[1] and "article-start" in got.signals
    moved = ["Council approves new budget", "Read it in one minute today", *_PROSE]
    got = find_text_headline(moved, [None, *moved[1:]], moved={0})
    assert got is not None and got.text == "Council approves new budget"


def test_a_title_the_slug_names_is_the_headline_though_it_holds_a_date() -> None:
    """A dated line is the dateline, not a title, unless the slug names it (a title may hold a day or a number the
    date test reads as one)."""
    lines = ["Dienstag, 13. Mai 2014, von Anna Roe", "Rezension: Internetrecht, 5. Auflage 2014", *_PROSE]
    url = "https://www.example.de/article/2766-Rezension-Internetrecht-5-Auflage-2014.html"
    got = find_text_headline(lines, lines, url=url)
    assert got is not None and got.text == lines[1] and "slug" in got.signals
    unnamed = find_text_headline(lines, lines)
    assert unnamed is None or unnamed.text != lines[1]


def test_a_date_printed_year_first_with_slashes_is_a_dateline() -> None:
    """The date test reads a day printed year first with slashes or dots ("2022/04/28 05:03pm"), as it reads ISO's
    dashes: the line is a dateline, which vouches for the title above it and is not itself the title."""
    from cleaner.metadata.headline_lines import _dated

    assert _dated("Fama: 2022/04/28 05:03pm") and _dated("2022.04.28") and not _dated("Version 2022.4")
    lines = ["Ulpiano Vergara registra su nombre como marca", "Fama: 2022/04/28 05:03pm", *_PROSE]
    got = find_text_headline(lines, lines)
    assert got is not None and got.text == lines[0] and "byline-or-date-below" in got.signals


def test_a_lines_copy_keys_are_its_longest_segments_keys_asked_again_or_not() -> None:
    """`copy_index` (each line's keys remembered per line text) indexes the keys of the longest segments of each line
    of several, as site_affix._split cuts the stripped line, and skips a line of one; the same on a second asking (the
    memo's answer), for the same text with other spaces around it, and after the memo is emptied at its bound."""
    from cleaner.metadata.headline_lines import _key
    from cleaner.metadata.site_affix import _split
    from cleaner.metadata.text_headline import copy_index

    lines: list[str | None] = [
        "Home » Latest News » Family seeks funds for surgery",
        "  More in Tech | PayPal lays off 325 employees  ",
        "PayPal lays off 325 employees - The Verge",
        "Sport | Kultur | Wissen",
        "well-known at 10:30 and/or later",
        "Ein Satz ohne Trenner",
        "",
        None,
        "Élan | Über die Brücke — Straße",
        "More in Tech | PayPal lays off 325 employees",
    ]

    def reference(line: str) -> tuple[str, ...]:
        segments = _split(line.strip())
        if len(segments) < 2:
            return ()
        longest = max(len(seg[0].split()) for seg in segments)
        return tuple(_key(seg[0]) for seg in segments if len(seg[0].split()) == longest)

    inside: dict[str, set[int]] = {}
    for i, line in enumerate(lines):
        for k in reference(line or ""):
            inside.setdefault(k, set()).add(i)
    several = {i for i, line in enumerate(lines) if reference(line or "")}
    assert several == {0, 1, 2, 3, 8, 9}
    assert inside["paypal lays off 325 employees"] == {1, 2, 9}
    assert inside["sport"] == inside["kultur"] == inside["wissen"] == {3}
    memo: dict[str, tuple[str, ...]] = {}
    small: dict[str, tuple[str, ...]] = {}
    for bound, kept in ((100, memo), (100, memo), (3, small), (3, small)):
        assert copy_index(lines, _key, kept, bound) == (inside, several)
        assert len(kept) <= bound


def test_an_ascii_lines_key_is_the_word_patterns_key() -> None:
    """`_key` reads an ASCII line by a byte table; the pattern (_WORD over _fold) gives the same key, on every ASCII
    character alone and beside letters and digits, and on mixed lines."""
    from cleaner.metadata.headline_lines import _WORD, _fold, _key

    samples = [chr(c) for c in range(128)]
    samples += [f"Ab{chr(c)}9z {chr(c)}X" for c in range(128)]
    samples += ["PayPal lays off 325 employees, after 'record' growth: the report", "  a\tb\x1cc\x0bd  ", "", "---"]
    for s in samples:
        assert s.isascii()
        assert _key.__wrapped__(s) == " ".join(_WORD.findall(_fold(s))), repr(s)
    # Not ASCII: folded first, then the byte table when the folded text is ASCII, else the pattern.
    for s in [
        "Über die Brücke, 2024",
        "Straße – “quoted” naïve",
        "Ελληνικά: ΣΊΣΥΦΟΣ",
        "日本語 2024 テキスト",
        "ﬁnal ǅ",
    ]:
        assert _key.__wrapped__(s) == " ".join(_WORD.findall(_fold(s))), s
    assert _key.__wrapped__("Über die Brücke, 2024") == "uber die brucke 2024"


@settings(max_examples=300, deadline=None)
@given(
    st.tuples(st.integers(-3, 3), st.booleans(), st.sampled_from([0.0, 0.5, 1.0]), *[st.integers(-3, 3)] * 3),
    st.one_of(
        st.none(),
        st.tuples(st.integers(-3, 3), st.booleans(), st.sampled_from([0.0, 0.5, 1.0]), *[st.integers(-3, 3)] * 3),
    ),
    st.integers(-2, 2),
)
def test_beats_compares_the_ranks_as_tuples(
    rank: tuple[int, bool, float, int, int, int], top: tuple[int, bool, float, int, int, int] | None, min_score: int
) -> None:
    """_beats, field by field, is the tuple comparison of the rank with the best so far."""
    from cleaner.metadata.text_headline import _beats

    value = rank[0]
    expected = value >= min_score and (top is None or rank > top)
    assert _beats(value, (rank[1], rank[2], rank[3], rank[4], rank[5]), top, min_score) == expected


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
@example("thenewyorktimes")
@example("www.com")
def test_with_no_name_and_no_domain_no_line_names_the_site(line: str) -> None:
    """site_name_test with nothing to match answers as is_site_name does: no."""
    from cleaner.metadata.site_affix import is_site_name, site_name_test

    assert site_name_test((), None)(line) is is_site_name(line, (), None) is False


@settings(max_examples=200, deadline=None)
@given(
    st.integers(1, 60).flatmap(
        lambda n_lines: st.tuples(
            st.just(n_lines),
            st.lists(
                st.tuples(st.integers(-40, 40), st.booleans(), st.integers(0, 10), st.integers(0, n_lines - 1)),
                min_size=2,
                max_size=12,
                unique_by=lambda r: r[3],
            ),
        )
    )
)
def test_a_packed_rank_sorts_as_the_rank_does(case: tuple[int, list[tuple[int, bool, int, int]]]) -> None:
    n_lines, rows = case
    # The lines are their own content lines: a distance is below n_lines.
    first = rows[0][3]
    ranks = [(b, not s, 0.0, w, -abs(i - first), -i) for b, s, w, i in rows]
    packed = [_packed_rank(b, s, w, -abs(i - first), i, n_lines, n_lines) for b, s, w, i in rows]
    assert sorted(range(len(rows)), key=lambda k: packed[k]) == sorted(range(len(rows)), key=lambda k: ranks[k])
    # A title's rank (not a sentence) is its bound times the radix plus the packed rest, which gives back its line and
    # nearness: the second pass reads them from there, and compares a score with that rest as `score * radix + low`.
    radix = _rank_radix(n_lines, n_lines)
    for (b, s, _w, i), rank, order in zip(rows, ranks, packed, strict=True):
        if s:
            continue
        low = order - b * radix
        assert 0 <= low < radix
        assert _order_line(low, n_lines) == i
        assert _order_near(low, n_lines, n_lines) == rank[4]
        for score in (b - 3, b, b + 2):
            for other, other_rank in zip(packed, ranks, strict=True):
                assert (score * radix + low > other) == ((score, *rank[1:]) > other_rank)
