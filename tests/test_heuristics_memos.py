"""The block classifier's memos: they answer as the computation, and cost the collector little (issue 13)."""

from __future__ import annotations

import gc

from cleaner.heuristics import features, lang


def test_the_language_guess_memo_holds_each_lines_words_and_the_collector_stops_tracking_it() -> None:
    # The twin's memo keeps the words of each sample line, as the guess reads them, as a tuple: collections leave the
    # entry untracked, so long runs' full collections do not walk the memo (a list of words kept it, and the entry,
    # tracked).
    line = (
        "Der Rat der Stadt hat am Dienstag beschlossen, die alte Brücke für zwei Jahre zu sperren, sagte Bürgermeister."
    )
    lang._LINES.pop(line, None)
    assert lang._line(line)[0] == tuple(line.lower().split())
    entry = lang._LINES[line]
    # The words' tuple is let go by the first collection that sees it, the entry (made after it) by the next.
    gc.collect()
    gc.collect()
    assert not gc.is_tracked(entry) and not gc.is_tracked(entry[0])
    assert lang._line(line) == entry and lang.word_count(line) == len(entry[0])
    assert lang.stoplist_for_lines([line])[0] == "German"


def test_the_classifiers_memo_of_a_view_asked_again_is_the_one_its_lines_chose() -> None:
    # `_memo_for` takes a tuple asked about last for the same document without reading its lines again; a view of
    # another page in between, or a list (which may have changed), is read again.
    page = ("Home", "News", None, "A line of prose that ends like a sentence.")
    other = ("Sport", "Weather")
    first = features._memo_for(page)
    assert features._memo_for(page) is first
    assert features._memo_for(other) is not first
    again = features._memo_for(page)
    assert again is not first and page[0] in again.lines
    changed = list(page)
    assert features._memo_for(changed) is again
    changed[0] = "Contact us"
    assert features._memo_for(changed) is not again
    assert features.classify(page) == [features.ITEM, features.ITEM, features.BLANK, features.NEAR]
    assert None not in features._memo_for(page).shapes
