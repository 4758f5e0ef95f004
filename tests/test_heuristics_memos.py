"""The block classifier's memos: they answer as the computation, and cost the collector little (issue 13)."""

from __future__ import annotations

import gc

from cleaner.heuristics import lang


def test_the_language_guess_memo_holds_each_lines_words_and_the_collector_stops_tracking_it() -> None:
    # The words of each sample line, as the guess reads them, kept as a tuple: collections leave the entry untracked,
    # so long runs' full collections do not walk the memo (a list of words kept it, and the entry, tracked).
    line = (
        "Der Rat der Stadt hat am Dienstag beschlossen, die alte Brücke für zwei Jahre zu sperren, sagte Bürgermeister."
    )
    lang._LINES.pop(line, None)
    assert lang.words_of(line) == tuple(line.lower().split())
    entry = lang._LINES[line]
    # The words' tuple is let go by the first collection that sees it, the entry (made after it) by the next.
    gc.collect()
    gc.collect()
    assert not gc.is_tracked(entry) and not gc.is_tracked(entry[0])
    assert lang.words_of(line) is entry[0]
    split: dict[int, tuple[str, ...]] = {}
    assert lang.stoplist_for_lines([line], split)[0] == "German" and split == {0: entry[0]}
