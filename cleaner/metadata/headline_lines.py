"""What one line of a text looks like to the text headline (text_headline.py): title-shaped, a
sentence, prose, a dateline or byline, and its key (words, case and accents folded).

Each test reads one line only, so those asked of every line (the date test, the key) are
remembered per line string: a site's menus, titles and datelines repeat from page to page.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Final

from cleaner.casing import lower
from cleaner.memo_budget import HEADLINE_LINES
from cleaner.metadata.headline import HEADLINE_MAX_CHARS, HEADLINE_MAX_WORDS, HEADLINE_MIN_WORDS
from cleaner.native import kernel
from cleaner.rules.patterns import compiled

# Prose: a line of this many words ending as a sentence (text_headline.PROSE_WITHIN says where it
# was chosen: windows of 3-6 lines and 10-25 words compared on dev sh+tf, 10 words best).
PROSE_MIN_WORDS: Final = 10
# Lines whose keys and date tests are remembered: a site's menus, titles and datelines repeat from
# page to page (memo_budget).
LINES_CACHED: Final = HEADLINE_LINES

_WORD = compiled(r"[\p{L}\p{N}]+")
# Spanish and Portuguese print "22 de abril de 2022": the "de"s are optional in the day-month-year branch.
_BYLINE = r"(?i)^\W*(?:by|von|par|por|di|door|de|autor|author|text)\s*:?\s+\p{Lu}"
# The year first is printed with slashes or dots too ("Fama: 2022/04/28 05:03pm"), not only as ISO's dashes.
_NUMERIC_DATE = (
    r"(?<!\d)(?:\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}(?:-\d{2}-\d{2}|/\d{1,2}/\d{1,2}|\.\d{1,2}\.\d{1,2}))(?!\d)"
)
_DAY_MONTH_YEAR = r"(?<![\p{L}\d])\d{1,2}\.?\s+(?:de\s+)?\p{L}{3,}\.?,?\s+(?:de\s+)?\d{4}(?!\d)"
_MONTH_DAY_YEAR = r"(?<![\p{L}\d])\p{L}{3,}\.?\s+\d{1,2},?\s+\d{4}(?!\d)"
# What a dated line is: a byline at its start, or a date in one of three forms. The reference meaning of
# _dated (the tests compare it with this); _dated itself runs the two patterns below.
_DATE_OR_BYLINE = compiled(f"{_BYLINE}|{_NUMERIC_DATE}|{_DAY_MONTH_YEAR}|{_MONTH_DAY_YEAR}")

# _DATE_OR_BYLINE's first branch alone: a line without a date needs only this anchored match, not a
# scan with a timeout (whose set-up alone cost more than the match).
_BYLINE_START = compiled(_BYLINE)
# The date branches, each starting at a digit: the month-day-year form's month name moves into a
# lookbehind, which matches the same strings (it ends where the day begins, and its own lookbehind makes it
# the whole run of letters, as the original's does). `regex` tries a pattern at every offset; one that
# starts with a letter class ran its branches at every word of a paragraph (~0.1 ms a line, the costliest
# call of the text path's metadata), one that starts with a digit fails at once almost everywhere
# (15x less on dev sh+tf's distinct lines, same answer on every one: BENCH_speed.md).
_DATE_AT_DIGIT = compiled(
    rf"(?i)(?=\d)(?:{_NUMERIC_DATE}|{_DAY_MONTH_YEAR}|(?<=(?<![\p{{L}}\d])\p{{L}}{{3,}}\.?\s+)\d{{1,2}},?\s+\d{{4}}(?!\d))"
)
# What every date branch of _DATE_AT_DIGIT holds: a year of four digits (the named forms, the ISO form) or a digit,
# one of "./-" and a digit (the numeric forms). A line with a digit but neither (a count, a price, a clock time:
# most lines with a digit that the headline asks about) needs neither the scan nor its timeout's set-up: on the
# distinct lines of dev tf that reach the scan, 2,034 of 4,449 pass this, and 679 hold a date.
_DATE_HINT = compiled(r"\d\d\d\d|\d[./-]\d")
# A sentence's end: one of SENTENCE_MARKS, then only closing quotes or brackets.
SENTENCE_MARKS = ".!?…"
SENTENCE_CLOSERS = "\"”’')]"
# The shape of a headline as a field (nothing moves, so it may be looser than headline.py's, which
# guards the body): a question or an exclamation is a headline ("Was ist Innovation?", "Hope!");
# a colon, comma or full stop at the end is a sentence or a label. Opening quotes and Spanish
# ¿/¡ may start it; a one- or two-word line is a title only when it is the whole slug.
_TITLE_START = compiled(r"^[\p{L}\p{N}\"'“‘„«‹¿¡(\[]")
# A bad end: one of _BAD_END_MARKS, then only _BAD_END_CLOSERS; read from the line's end, not scanned.
_BAD_END_MARKS = ".,;:"
_BAD_END_CLOSERS = "'’\"”)"
# Rows join kicker, section and date with " | ", " • ", " > " or " » ": one search for all four
# (a generator of four `in` tests cost three times as much, on every title-shaped line of a text).
_ROW_JOIN: Final = re.compile(" [|•>»] ")
# A closing full stop or ellipsis: a sentence, unless the line is the URL's slug ("They were laid off
# from their game company. Now they want to change the way we play." under /they-were-laid-off-…/).
# A spaced ellipsis ("PayPal to cut 325 jobs ...") marks a teaser cut short, not a headline.
_FULL_STOP_LAST = frozenset(".…'’\"”)")
_FULL_STOP_END = compiled(r"(?<!\s)(?:\.+|…+)['’\"”)]*$")
# A photo caption: a sentence, then a parenthesised credit or note after it ("Dr Ramona Archer-Bradshaw. (Picture by
# Jameel Springer)", "… against Dominica. (FILE)"). A headline ends at its last word or mark, with no full stop inside
# before a bracket ("Biden signs the bill (video)"; a question may: "Was ist los? (Teil 2)").
_CAPTION_TAIL = compiled(r"[.…]\s+\([^()\n]{2,60}\)$")
# A line shorter than HEADLINE_MIN_WORDS is taken only when it is the whole slug: a copy in a title
# or breadcrumb is what every one-word menu item ("Wohnen") has.


def _title_shaped(line: str) -> bool:
    """Title-shaped for the headline field; see _TITLE_START and `_ends_as_title` for the choices."""
    # The length first: most lines of a text are paragraphs, and splitting them into words is dearer.
    return (
        len(line) <= HEADLINE_MAX_CHARS
        and 1 <= len(line.split()) <= HEADLINE_MAX_WORDS
        and bool(_TITLE_START.match(line))
        and _ends_as_title(line)
    )


def _ends_as_title(line: str) -> bool:
    """The tests of _title_shaped past its length and first character (text_headline's first loop makes those two
    its own way): no bad end (_BAD_END_MARKS), no row join (_ROW_JOIN), no caption's bracketed credit
    (_CAPTION_TAIL)."""
    return (
        ((end := line.rstrip(_BAD_END_CLOSERS)) == "" or end[-1] not in _BAD_END_MARKS)
        and _ROW_JOIN.search(line) is None
        and (line[-1:] != ")" or _CAPTION_TAIL.search(line) is None)
    )


def _sentence_titled(line: str) -> bool:
    """Title-shaped but for a closing full stop, and long enough that the slug can vouch for it."""
    if not _FULL_STOP_END.search(line) or len(line.split()) < HEADLINE_MIN_WORDS:
        return False
    return _title_shaped(_FULL_STOP_END.sub("", line))


def _prose(line: str) -> bool:
    """A line of article prose: long, and ending like a sentence (its last characters are read, not
    the whole line scanned)."""
    end = line.rstrip().rstrip(SENTENCE_CLOSERS)
    # Split no further than PROSE_MIN_WORDS words: the count only has to reach it.
    return end[-1:] in SENTENCE_MARKS and end != "" and len(line.split(None, PROSE_MIN_WORDS - 1)) >= PROSE_MIN_WORDS


def _dated(line: str) -> bool:
    """A byline at the start or a date anywhere (_DATE_OR_BYLINE): the byline by an anchored match (_opens_byline),
    the dates by one scan that starts only at digits (_has_date)."""
    return _opens_byline(line) or _has_date(line)


@lru_cache(maxsize=LINES_CACHED)
def _opens_byline(line: str) -> bool:
    """_DATE_OR_BYLINE's byline branch: a label ("By", "Von", ...) opening the line, a capital after it."""
    return _BYLINE_START.match(line) is not None


@lru_cache(maxsize=LINES_CACHED)
def _has_date(line: str) -> bool:
    """_DATE_OR_BYLINE's date branches: a date anywhere in the line, by one scan that starts only at digits
    (_DATE_AT_DIGIT). The kernel `_headline.dated_any` reads most lines' dates itself and asks this only of a line
    holding a character whose class (letter, digit, space) it does not trust to be `regex`'s."""
    # Every date branch starts at a digit and holds _DATE_HINT: a line without it needs no scan, and no timeout's
    # set-up (two CPU-clock reads, ~5 us a call here, more than the scan of a short line).
    # (The timeout by position, after pos, endpos, concurrent and partial: a keyword sends the call through CPython's
    # keyword parser, which cost more than the scan of a short line.)
    return _DATE_HINT.search(line) is not None and _DATE_AT_DIGIT.search(line, None, None, None, False, 0.2) is not None


class _CombiningMarks(dict[int, int | None]):
    """A str.translate table that drops combining marks and keeps every other character; each code
    point is looked up in unicodedata once, when first met (a loop over characters in Python was a
    tenth of the headline's CPU on accented texts)."""

    def __missing__(self, code: int) -> int | None:
        value = None if unicodedata.combining(chr(code)) else code
        self[code] = value
        return value


_DROP_COMBINING = _CombiningMarks()

_native = kernel("cleaner.metadata._headline")


def _fold(s: str) -> str:
    if s.isascii():
        return s.casefold()  # NFKD leaves ASCII as it is, with no combining marks to drop
    return unicodedata.normalize("NFKD", s.casefold()).translate(_DROP_COMBINING)


# An ASCII text's key in C (bytes.translate): its letters lower-cased, its digits kept, every other character a
# space, so that the words left are _WORD's runs of letters and digits, folded as _fold folds ASCII (lower case).
# Seven times cheaper than the pattern's scan, on most lines of most texts; tests/test_text_headline.py compares the
# two on every ASCII character.
_ASCII_KEY_TABLE: Final = bytes(ord(lower(chr(c))) if c < 128 and chr(c).isalnum() else ord(" ") for c in range(256))


@lru_cache(maxsize=LINES_CACHED)
def _key(s: str) -> str:
    """The line's words (_WORD), case and accents folded (_fold), joined by single spaces: what a title and its copy
    in a <title> or breadcrumb share whatever their punctuation."""
    if s.isascii():
        return _ascii_key(s)
    if _native is not None:
        # The kernel reads the key per character from a table (NFKD through unicodedata, and the `regex` scan of a fold
        # outside ASCII, were most of this function); None only for a character whose fold the table cannot hold.
        key = _native.line_key(s)
        if key is not None:
            return key
    return _line_key(s)


def _line_key(s: str) -> str:
    """_key of any text, read afresh: the words (_WORD) of its fold (_fold), lower-cased as _ascii_key does when the
    fold is ASCII. The pure twin of the kernel `_headline.line_key`."""
    folded = _fold(s)
    return _ascii_key(folded) if folded.isascii() else " ".join(_WORD.findall(folded))


def _ascii_key(s: str) -> str:
    """_key of an ASCII text (_ASCII_KEY_TABLE)."""
    return " ".join(s.encode("ascii").translate(_ASCII_KEY_TABLE).decode("ascii").split())
