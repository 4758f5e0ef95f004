"""Readers' comment threads found by the rhythm of their per-comment lines, not only by a header.

A thread's header ("Comments", "Leave a Reply") is often gone (a rule took it) or absent, but every comment
still carries its signature: who wrote it ("Anna says:", "Bernd sagt:"), when ("3. Mai 2020 um 14:02",
"March 3, 2012 at 4:15 pm") and what to do with it ("Reply", "Antworten", "Report abuse"). One such line can be
a byline or a quote; several, after the article's prose, are a thread, and everything from the first on is
readers' text (comment bodies read like prose, so neither the tail cut nor the learned stage may take them).

Multilingual shapes (de, en, es, fr, it, nl, pl, pt); the vocabulary is the rule sets' month table.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache, lru_cache, partial
from itertools import compress
from typing import Final

import regex

from cleaner.casing import lower
from cleaner.heuristics.features import GOOD
from cleaner.memo_budget import HEURISTIC_LINES
from cleaner.native import kernel

# "<name> says:" / "<name> sagt:" / "<name> dijo:": the verb closes a short line. A name is at most this many
# characters (CMT006's longest example, "Catherine (GiveWell) on September 13, 2018 at 5:23 pm", has 53).
SAYS_NAME_CHARS: Final = 70
_NAME: Final = rf"^[^\s.!?][^\n.!?]{{0,{SAYS_NAME_CHARS}}}?\s"
# Present-tense verbs are the comment widgets' own ("says:", "sagt:", "schreibt:", "dice:"); a news quote's intro
# is in the past ("The minister said:"), so past-tense lines count only beside stamps (see `_is_thread`).
_SAYS: Final = _NAME + r"(?:says|writes|sagt|schreibt|meint|dice|escribe|comenta|dit|écrit|scrive|zegt|diz|pisze)\s?:$"
_SAID: Final = (
    _NAME + r"(?:said|wrote|sagte|schrieb|dijo|escribió|comentó|a dit|a écrit|ha scritto|schreef|reageerde|disse"
    r"|escreveu|napisał|napisała|odpowiedział)\s?:$"
)
# A line of at most this many words holding a date and a clock time is a comment's stamp ("Wiesi 16.10.19 10:08",
# "14. August 2015 um 7:20", "Andrea Middleton Jun 20th at 12:50 pm"); the longest seen on sh/tf had 7.
STAMP_WORDS: Final = 10
# Seconds may follow ("Apr 6, 2007 1:21:27 PM", TypePad's comment footers): without them such a footer was no stamp.
_CLOCK: Final = r"(?<![\d:.])\d{1,2}[:h.]\d{2}(?::\d{2})?(?![\d:])\s*(?:[ap]\.?m\.?|uhr|h)?"
# A comment's footer on TypePad and Movable Type blogs: "Posted by: Chuck Hollis | October 09, 2012 at 08:49 AM". The
# colon sets it apart from an article's byline ("Posted by Menzie Chinn at October 29, 2012 05:10 PM"), and it names
# the writer and the time in one line, so it counts as a name and a stamp ("said+stamp"). A weekday and a two-word
# name make it 12 words; POSTED_WORDS leaves room for a longer name. No sh/tf line has this shape; on dn it was
# trafilatura +0.006 (BENCHMARKS.md, thirteenth round, `dntraf`).
POSTED_BY: Final = "posted by:"
POSTED_WORDS: Final = 16
# A comment's number before its footer ("Comment #1 - Posted by: MattPatt at November 10, 2012 5:39 PM"): the footer
# is read without it.
_NUMBERED: Final = r"^(?:comment\s*)?#\s*\d+\s*[-–—:|]\s*"
# A stamp line that ends in its comment's own links ("by pachydermfan on Aug 8, 2012 7:01 PM PDT up reply actions",
# "by Dharmesh Shah on December 4, 2010 at 10:42 pm. Reply #", "Posted October 28, 2012 at 10:31 pm | Permalink"):
# the stamp and an action in one line ("stamp+reply"), so a thread of them needs no separate "Reply" line. Without
# the links the stamp may run to POSTED_WORDS words: with its links, a date and a clock it is no ticker's time.
_TRAILING_LINKS: Final = (
    r"(?:[\s|·•.]*(?:(?:up\s+)?reply(?:\s+(?:to\s+comment|actions))?(?:\s*#)?|permalink|link\s+to\s+comment"
    r"|report\s+abuse))+[\s|·•]*$"
)
# Lines of at most this many words can be a signature (`_may_sign`): a footer with its links runs to POSTED_WORDS.
SIGN_WORDS: Final = POSTED_WORDS
# What every clock holds, without _CLOCK's lookarounds: most lines fail this cheaper test first.
_CLOCK_HINT: Final = re.compile(r"\d[:h.]\d\d", re.IGNORECASE)
# A day named relative to today, as comment widgets print it beside the time ("2 days ago at 07:52 am").
_RELATIVE_DAY: Final = (
    r"\b(?:\d+|an?|one)\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago\b|\b(?:yesterday|today)\b"
    r"|\bvor\s+\d+\s+(?:minuten|stunden|tagen|wochen|monaten|jahren)\b|\b(?:gestern|heute|hier|aujourd'hui|ayer|hoy)\b"
    r"|\bil y a\s+\d+\s+(?:minutes?|heures?|jours?)\b|\bhace\s+\d+\s+(?:minutos?|horas?|días?)\b"
)
# The action links under a comment, alone on their line, some in brackets ("[Reply]"); Blogger prints its two links
# as one ("ReplyDelete").
_ACTION: Final = (
    r"^\[?(?:\d+\s+)?(?:reply|reply\s*↓|reply\s*delete|log in to reply|antworten|auf diesen kommentar antworten"
    r"|responder|répondre|rispondi|reageer|beantwoorden|odpowiedz|responder a|report abuse|report comment|report|flag"
    r"|permalink|like|likes|unlike|gefällt mir|me gusta|j'aime|mi piace|recommend|quote|zitieren|melden"
    r"|missbrauch melden|reply\s*·\s*like|like\s*·\s*reply|rating:\s*\d+\s*votes?)(?:\s*\(\d+\))?\s*[↓»]?\]?$"
)
# The reply links alone (`_REPLY_KEYS`): a run of REPLIES_MIN of them is a thread with no name or stamp line left (an
# extractor keeps a comment's body and its "Reply" link, not always its author line). A live ticker's entries and an
# interview's turns have no reply link; on sh/tf, no must-keep snippet follows the first of such a run on any rendering,
# and every run stood under a blog post (tf fulltext 18 pages, article 14). Read only where the learned stage does not
# read the page, and in its re-run after its removals (`regions._gated_on`): read everywhere, it moved the stage's
# training rows, and over five perturbed retrains sh fulltext fell 0.0010 and tf fulltext 0.0008 in the mean, the
# fitted tf loss rose (BENCHMARKS.md, seventeenth round, `dntraf2`).
REPLIES_MIN: Final = 3
# Lowercased, without brackets, arrows and spaces at the ends: the reply links of the comment widgets in `_ACTION`.
_REPLY_KEYS: Final = frozenset(
    ("reply", "replydelete", "reply delete", "antworten", "responder", "répondre", "rispondi", "reageer", "odpowiedz")
)
# The longest line `is_reply` tests: "[Reply Delete]" and the longest key, with room for spaces.
_REPLY_CHARS: Final = 24
# The characters `is_reply` strips from a stripped line's ends.
REPLY_ENDS: Final = " []()↓»"
# A reply's greeting alone on its line ("Hi Mohammad,", "Hallo zusammen,", "Liebe Sandra!", "Dear Tom,") or its
# sign-off ("Liebe Grüße", "Best regards,"): readers answer each other by name. On sh/tf every such line (64 over
# the four text renderings) stood in a blog's comment thread, none in an article's text; a letter quoted in an
# article has one, so a thread needs SIGNATURES_MIN of them (`_is_thread`).
GREETING_WORDS: Final = 5
_GREETINGS: Final = (
    "hi|hello|hey|dear|hallo|hallöchen|liebe|lieber|liebes|servus|moin|bonjour|salut|cher|chère|hola|querido|querida"
    "|queridos|queridas|ciao|caro|cara|hoi|beste|cześć|witaj|olá|oi"
)
# The first words of the sign-offs ("Liebe Grüße", "Best regards"), which _GREETING_FIRST lists too.
_GRUSS_FIRST: Final = "liebe|viele|beste|herzliche|schöne"
_REGARDS_FIRST: Final = "best|kind|warm"
_SIGN_OFFS: Final = rf"(?:{_GRUSS_FIRST})\s+grüße\b.*|(?:{_REGARDS_FIRST})\s+regards\b.*|cheers\s*[,!]?"
_GREETING: Final = re.compile(
    rf"^(?:(?:{_GREETINGS})(?:\s+[^\s.!?,:;]+){{0,3}}\s*[,:!]?|{_SIGN_OFFS})\s*(?:[:;]-?[)(D]|♥|❤️?)?$", re.IGNORECASE
)
# The first words _GREETING allows: a set look-up on a short line's first word turns nearly every line away before
# the pattern (the pattern on every short line doubled the signature scan's time).
_GREETING_FIRST: Final = frozenset(f"{_GREETINGS}|{_GRUSS_FIRST}|{_REGARDS_FIRST}|cheers".split("|"))
# A thread is this many author lines ("says:"), or this many signatures with ACTIONS_MIN stamps or action lines
# (`_is_thread`). Two comments can be a quoted exchange in an interview; three were a thread on the sh/tf pages
# that had them.
SIGNATURES_MIN: Final = 3
ACTIONS_MIN: Final = 2
# The kinds of the action lines (`_kind`'s "action", `is_reply`'s "reply"): a thread starts at its first other kind.
ACTIONS: Final = frozenset(("action", "reply"))
# The thread must follow at least this much prose (GOOD lines' characters, two prose lines): an article comes first,
# so a page opening with its comments is left alone. 500 (the heuristics' MIN_CORE_CHARS) left the thread under a
# two-paragraph blog post on sh (an "open thread" post whose gold is its two paragraphs).
ARTICLE_CHARS: Final = 200
# Signatures this many non-blank lines apart or more do not form one thread. Set on tf: at 40 an article's own date
# stamp 30 lines above the first comment joined the thread, and the cut took the article (3 must-keep snippets lost
# on fulltext); the longest comment body between two signatures on the sh/tf threads was 13 non-blank lines.
MAX_GAP: Final = 16


@cache
def _pattern(source: str) -> regex.Pattern[str]:
    """One of this module's case-blind patterns, compiled on first use through the rules' compiled-pattern cache
    (`cleaner.rules.patterns.compiled`): compiling the five at import took ~6 ms of every process, and `regex`
    parses in pure Python; from the cache a later process rebuilds them without parsing, and a page with no
    candidate line compiles none. Imported here: cleaner.rules imports the stages, which import the heuristics."""
    from cleaner.rules.patterns import compiled

    return compiled(source, regex.IGNORECASE)


@cache
def _date() -> regex.Pattern[str]:
    """A date on a stamp line: a month name or abbreviation (the rule sets' vocabulary), or a numeric date."""
    # Imported here: cleaner.rules imports the stages, which import the heuristics.
    from cleaner.rules.vocab import alternation

    months = alternation(_months())
    # Through the compiled-pattern cache too: the month alternation is this module's costliest pattern to parse.
    return _pattern(rf"(?<!\p{{L}}){months}(?!\p{{L}})|{_NUMERIC_DATE}")


# The numeric dates of `_date`, and a run of letters: `_dated` asks `_date`'s question in two cheaper searches.
_NUMERIC_DATE: Final = r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"
_LETTERS: Final = r"\p{L}+"


@cache
def _months() -> frozenset[str]:
    """`_date`'s month names and abbreviations, lowered."""
    from cleaner.rules.vocab import words

    months = frozenset(lower(w) for w in (*words("month_names"), *words("month_abbreviations")))
    if not all(w.isalpha() for w in months):
        raise ValueError("a month word that is not letters alone: `_dated` reads letter runs")
    return months


def _dated(s: str) -> bool:
    """Whether `_date` finds a date in `s`, without its month search: the month words are letters alone, so a month
    `_date` finds, with no letter on either side, is a whole run of letters (every code point the case-blind search
    takes for a month's letter is a letter: tests/test_heuristics_threads.py checks every code point). An ASCII run is
    looked up lowered in a set; any other is matched whole by `_date` itself (on a run of letters only its month
    alternative can match, and its lookarounds hold at the run's ends). The month alternation searched at every
    position of a line took ~8 µs a line, most of a stamp line's first test (`_kind`)."""
    if _pattern(_NUMERIC_DATE).search(s) is not None:
        return True
    months = _months()
    for run in _pattern(_LETTERS).findall(s):
        if run.isascii():
            if lower(run) in months:
                return True
        elif _date().fullmatch(run) is not None:
            return True
    return False


def is_author(s: str) -> bool:
    """'<name> says:' alone on a line."""
    return len(s) <= SAYS_NAME_CHARS + 20 and bool(_pattern(_SAYS).search(s))


def is_said(s: str) -> bool:
    """'<name> said:' alone on a line: a comment's author line, or a quote's intro in an article."""
    return len(s) <= SAYS_NAME_CHARS + 20 and bool(_pattern(_SAID).search(s))


def is_stamp(s: str, words: int = STAMP_WORDS) -> bool:
    """A line of at most `words` words with a date (or a relative day: "2 days ago", "gestern") and a clock time."""
    return (
        _CLOCK_HINT.search(s) is not None
        and len(s.split()) <= words
        and bool(_pattern(_CLOCK).search(s))
        and (_dated(s) or _pattern(_RELATIVE_DAY).search(s) is not None)
    )


def is_greeting(s: str) -> bool:
    """'Hi Mohammad,', 'Liebe Grüße' alone on a line: a reply's greeting or sign-off."""
    return len(s) <= SAYS_NAME_CHARS and len(s.split()) <= GREETING_WORDS and bool(_GREETING.search(s))


def is_reply(s: str) -> bool:
    """'Reply', '[Reply]', 'ReplyDelete', 'Antworten' alone on a line: a comment's reply link (a set look-up, so every
    short line of a page can be tested)."""
    return len(s) <= _REPLY_CHARS and lower(s.strip(REPLY_ENDS)) in _REPLY_KEYS


def reply_links(texts: Iterable[str]) -> int:
    """How many of the (unstripped) `texts` are reply links alone (`is_reply`): a length test turns most lines away
    before the strip, so a page with no thread is read at about the cost of a `len` per line."""
    return sum(1 for s in texts if len(s) <= 2 * _REPLY_CHARS and is_reply(s.strip()))


def reply_lines(nonblank: list[int], lines: Sequence[str | None]) -> int:
    """How many of the lines at `nonblank` are reply links alone (`reply_links`)."""
    return reply_links(lines[i] or "" for i in nonblank)


def _chosen_reply_lines() -> Callable[[list[int], Sequence[str | None]], int]:
    """The native kernel's `reply_lines` (cleaner.native) when it is built, else `reply_lines`: the same count, each
    short line stripped, its ends and its ASCII letters lowered read in place and only a line that opens like a key
    looked up (the twin stripped and lowered a copy of every short line of the page)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None:
        return reply_lines
    return partial(native.reply_lines, keys=_REPLY_KEYS, most=_REPLY_CHARS, ends=REPLY_ENDS, is_reply=is_reply)


# `_gated_on`'s count of a page's reply links (`regions`): `reply_lines`, or its native twin.
count_replies = _chosen_reply_lines()


# The longest line `is_action` tests: an action line is a link or two.
ACTION_CHARS: Final = 40


# The ASCII code points an action line (`_ACTION`, case-blind) can open with: a bracket, a digit (its count) or the
# first letter of one of its words in either case (tests/test_heuristics_threads.py checks every ASCII code point
# against the pattern). A short line opening with another ASCII code point is no action line: `action_kinds` hands it
# to no test (a cached test per short line, on each of the stage's rounds, a pattern search at its first sight). A line
# opening with a non-ASCII code point is always tested.
ACTION_OPENERS: Final = "".join(sorted(set("[0123456789" + "abfgjlmopqruz" + "ABFGJLMOPQRUZ")))


def is_action(s: str) -> bool:
    """'Reply', 'Antworten', 'Report abuse', '3 likes' alone on a line."""
    return len(s) <= ACTION_CHARS and bool(_pattern(_ACTION).search(s))


# Distinct stripped lines whose signature kind is remembered: the stage's rounds (and a later re-run) read the same
# lines again, so each is tested once per document (memo_budget.HEURISTIC_LINES says why 4,096).
LINE_CACHE: Final = HEURISTIC_LINES


@lru_cache(maxsize=LINE_CACHE)
def _kind(s: str) -> str | None:
    """The signature kind of one stripped line, or None; the cheap tests (last character, a clock, the length) go
    first, as most lines are none (the heuristics' time on sh fulltext doubled without them)."""
    if not s:
        return None
    if s[-1] == ":":
        if is_author(s):
            return "author"
        if is_said(s):
            # CMT006's "<name> on <date> at <time> said:" is a name and a stamp in one line.
            return "said+stamp" if is_stamp(s) else "said"
    if _posted_footer(s):
        return "said+stamp"
    if _CLOCK_HINT.search(s) is not None and (footer := _footer_kind(s)) is not None:
        return footer
    if is_stamp(s):
        return "stamp"
    if is_greeting(s):
        return "greeting"
    if is_action(s):
        return "action"
    return None


def _posted_footer(s: str) -> bool:
    """A "Posted by: <name> | <date> <time>" footer (POSTED_BY, at most POSTED_WORDS words)."""
    return lower(s[: len(POSTED_BY)]) == POSTED_BY and is_stamp(s, POSTED_WORDS)


def _footer_kind(s: str) -> str | None:
    """A comment footer `_kind`'s plain shapes miss: a numbered "Posted by:" footer ("said+stamp"), or a stamp
    followed by its comment's links ("stamp+reply")."""
    numbered = _pattern(_NUMBERED).match(s)
    if numbered is not None and _posted_footer(s[numbered.end() :]):
        return "said+stamp"
    links = _pattern(_TRAILING_LINKS).search(s)
    if links is not None and links.start() > 0 and is_stamp(s[: links.start()], POSTED_WORDS):
        return "stamp+reply"
    return None


def thread_start(
    nonblank: Sequence[int],
    cls: Sequence[int],
    lines: Sequence[str | None],
    removed: Mapping[int, str] | None = None,
    *,
    replies: bool = False,
) -> int | None:
    """Line index where a comment thread starts (its first signature), or None.

    `removed` holds the text of lines a comment rule already took (CMT006 takes "<name> on <date> said:"): they
    still mark a comment where they stood. With `replies`, a run of reply links alone (REPLIES_MIN) is a thread too.
    """
    order = sorted({*nonblank, *removed}) if removed else nonblank if isinstance(nonblank, list) else list(nonblank)
    # Every qualifying run holds SIGNATURES_MIN name or stamp signatures (`_is_thread`): only lines ending in a colon
    # or holding a clock can be one, so most pages stop after one regex call, and the rest test "Reply" lines only
    # once they have that many. Only those lines are stripped here: most pages stop before the rest are.
    named = _kinds(order, lines, removed, 0 if replies else SIGNATURES_MIN)
    signed = sum(1 for v in named.values() if v is not None and v != "action")
    if signed < SIGNATURES_MIN and not replies:
        return None
    if signed < SIGNATURES_MIN:
        # Or a run of reply links alone (REPLIES_MIN): a set look-up per short line.
        links = [k for k, i in enumerate(order) if is_reply(_stripped(lines, removed, i))]
        if len(links) < REPLIES_MIN:
            return None
        named.update(dict.fromkeys(links, "reply"))
    # Each line's kind by its position in `order`: the short lines' action kinds, then the candidates' (a candidate that
    # is not a signature is none, even where it is a short action line). Only a short line can be an action line: a
    # paragraph is neither tested nor remembered, and no per-line list is made.
    kinds = _actions(order, lines, removed)
    for k, v in named.items():
        kinds[k] = "reply" if v == "action" and is_reply(_stripped(lines, removed, order[k])) else v
    marks = [(k, v) for k in sorted(kinds) if (v := kinds[k])]
    # Take the first run of signatures (consecutive ones under MAX_GAP apart) that qualifies as a thread.
    run: list[tuple[int, str]] = []
    for m in [*marks, (-1, "")]:
        if m[0] >= 0 and (not run or m[0] - run[-1][0] < MAX_GAP):
            run.append(m)
            continue
        if _is_thread(run, replies):
            # A thread of reply links alone starts at the first: the comment above it has no line that marks it.
            start = order[next((k for k, v in run if v not in ACTIONS), run[0][0])]
            if sum(len(lines[i] or "") for i in nonblank if i < start and cls[i] == GOOD) >= ARTICLE_CHARS:
                return start
        run = [m] if m[0] >= 0 else []
    return None


@lru_cache(maxsize=LINE_CACHE)
def _action_kind(s: str) -> str | None:
    """A stripped line's kind as `thread_start` reads the lines `_kind` does not: "reply" for an action line that is a
    reply link (`is_reply`), "action" for another action line, or None. Remembered (as `_kind`): on a page with a
    thread the action pattern was searched on every short line on each of the stage's rounds (a fortieth of `decide`'s
    time on tf)."""
    if not is_action(s):
        return None
    return "reply" if is_reply(s) else "action"


def action_kinds(
    order: list[int], lines: Sequence[str | None], removed: Mapping[int, str] | None
) -> dict[int, str | None]:
    """The action kind (`_action_kind`) of each short line at `order` (stripped, `_stripped`: at most ACTION_CHARS
    characters, not empty) that has one, by its position in `order`. A line opening with an ASCII code point that is
    not one of ACTION_OPENERS is none, and is not looked up."""
    out: dict[int, str | None] = {}
    for k, i in enumerate(order):
        s = _stripped(lines, removed, i)
        if s and len(s) <= ACTION_CHARS and (s[0] in ACTION_OPENERS or s[0] >= "\x80"):
            kind = _action_kind(s)
            if kind is not None:
                out[k] = kind
    return out


def _chosen_actions() -> Callable[[list[int], Sequence[str | None], Mapping[int, str] | None], dict[int, str | None]]:
    """The native kernel's `short_kinds` (cleaner.native, given ACTION_CHARS and `_action_kind`) when it is built, else
    `action_kinds`: the same kinds, each line stripped in place and only a short one sliced and handed to
    `_action_kind` (the twin stripped a copy of every line of the page and read each in Python)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None:
        return action_kinds
    return partial(native.short_kinds, (ACTION_CHARS, _action_kind, ACTION_OPENERS))


# `thread_start`'s short lines' action kinds: `action_kinds`, or its native twin.
_actions = _chosen_actions()


def _stripped(lines: Sequence[str | None], removed: Mapping[int, str] | None, i: int) -> str:
    """Line `i` stripped, or where it is a gap the text a rule took there (`removed`), as `thread_start` reads it."""
    line = lines[i]
    return ((line if line is not None else (removed or {}).get(i, "")) or "").strip()


def line_candidates(order: list[int], lines: Sequence[str | None], removed: Mapping[int, str] | None) -> list[int]:
    """`sign_candidates` of the lines at `order`, stripped (`_stripped`): positions in `order`."""
    return sign_candidates([_stripped(lines, removed, i) for i in order])


def sign_candidates(texts: Sequence[str]) -> list[int]:
    """Positions of the stripped lines that could be an author, "said", stamp or greeting signature (`_may_sign`);
    every other line is at most an action line. Each line's test is remembered (`_may_sign`): the stage's rounds and
    the learned stage's re-runs read a page's lines three or four times, and the test of a paragraph, which splits it,
    cost several times a look-up."""
    return list(compress(range(len(texts)), map(_may_sign, texts)))


@lru_cache(maxsize=LINE_CACHE)
def _may_sign(s: str) -> bool:
    """Whether a stripped line could be a signature: only these end in a colon, open with POSTED_BY, or hold a clock
    or a greeting in at most SIGN_WORDS words (`_kind`). The word count splits a line only up to its SIGN_WORDS-th
    space, so a paragraph costs no more than a short line (a regex over the whole page took most of the thread
    heuristic's time on tf)."""
    return (
        s[-1:] == ":"
        or lower(s[: len(POSTED_BY)]) == POSTED_BY
        or (
            len(words := s.split(None, SIGN_WORDS)) <= SIGN_WORDS
            and (_CLOCK_HINT.search(s) is not None or (0 < len(words) <= GREETING_WORDS and _greets(words[0], s)))
        )
    )


# The code points that lower to a string opening with POSTED_BY's first letter (tests/test_native_regions.py checks
# every code point): a line opening with none of them is no POSTED_BY line.
POSTED_OPENERS: Final = "Pp"
# The code points _CLOCK_HINT (case-blind) takes between a clock's hour and minutes (tests/test_native_regions.py checks
# every code point): the kernel reads a line's clock in place, without the pattern.
CLOCK_SEPARATORS: Final = ":.hH"
# What `_greets` strips from a line's first word before it looks the word up.
GREETING_TRAILING: Final = ",!:"


def _chosen_candidates() -> Callable[[list[str]], list[int]]:
    """The native kernel's `sign_candidates` (cleaner.native) when it is built, else `sign_candidates`: the same
    positions, with a line's colon and word count read in place and `_may_sign` asked only of the short lines (most
    of a page is paragraphs, which no signature is); a line opening with "P" is read in place as well, where its
    opening is ASCII (every paragraph opening with one was handed to the twin, which split it)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None or POSTED_BY[:1] != "p":
        return sign_candidates
    return partial(
        native.sign_candidates,
        may_sign=_may_sign,
        openers=POSTED_OPENERS,
        stamp_words=SIGN_WORDS,
        clock_seps=CLOCK_SEPARATORS,
        greeting_words=GREETING_WORDS,
        greeting_first=_GREETING_FIRST,
        trailing=GREETING_TRAILING,
        posted=POSTED_BY if POSTED_BY.isascii() and lower(POSTED_BY) == POSTED_BY else None,
    )


# Positions of the lines that could be a signature: `sign_candidates`, or its native twin.
_candidates = _chosen_candidates()


def _chosen_line_candidates() -> Callable[[list[int], Sequence[str | None], Mapping[int, str] | None], list[int]]:
    """The native kernel's `line_candidates` (cleaner.native) when it is built, else `line_candidates`: the same
    positions, read as `_candidates` reads them, with each line stripped in place (`thread_start` stripped a copy of
    every line of the page to find the few it tests)."""
    native = kernel("cleaner.heuristics._passes")
    if native is None or not isinstance(_candidates, partial):
        return line_candidates
    return partial(native.line_candidates, **_candidates.keywords)


# `thread_start`'s candidates: `line_candidates`, or its native twin.
_line_candidates = _chosen_line_candidates()


def signature_kinds(
    order: list[int], lines: Sequence[str | None], removed: Mapping[int, str] | None, least: int
) -> dict[int, str | None]:
    """The signature kind (`_kind`) of each candidate line (`_line_candidates`), by its position in `order`; none where
    fewer than `least` lines are candidates (then fewer than `least` are signatures, and `thread_start` needs
    SIGNATURES_MIN of them: no candidate's kind is tested)."""
    found = _line_candidates(order, lines, removed)
    if len(found) < least:
        return {}
    return {k: _kind(_stripped(lines, removed, order[k])) for k in found}


def _chosen_kinds() -> Callable[
    [list[int], Sequence[str | None], Mapping[int, str] | None, int], dict[int, str | None]
]:
    """The native kernel's `signature_kinds` (cleaner.native, given `_line_candidates`' test and keywords and `_kind`)
    when it is built, else `signature_kinds`: the same kinds, each candidate read as `line_candidates` reads it and
    handed to `_kind` in the same call (the twin made a list of the candidates, then stripped a copy of each and
    called `_kind` on it from Python). Its configuration is one tuple given first: a `partial` with keywords made a
    dict on every call."""
    native = kernel("cleaner.heuristics._passes")
    if native is None or not isinstance(_line_candidates, partial):
        return signature_kinds
    config = _line_candidates.keywords
    return partial(
        native.signature_kinds,
        (
            _may_sign,
            config["openers"],
            config["stamp_words"],
            config["clock_seps"],
            config["greeting_words"],
            config["greeting_first"],
            config["trailing"],
            config["posted"],
            _kind,
        ),
    )


# `thread_start`'s candidates' kinds: `signature_kinds`, or its native twin.
_kinds = _chosen_kinds()


def _greets(first: str, s: str) -> bool:
    """Whether line `s`, whose first word is `first`, is a greeting: the set look-up first, the pattern only then."""
    return lower(first.rstrip(GREETING_TRAILING)) in _GREETING_FIRST and is_greeting(s)


def _is_thread(run: Sequence[tuple[int, str]], replies: bool = False) -> bool:
    """Enough per-comment lines: SIGNATURES_MIN author lines ("says:") or reply greetings; or as many "said:" lines
    with ACTIONS_MIN stamps (a quote's intro in an article has none); or as many signatures of any kind with
    ACTIONS_MIN "Reply" links (a live ticker's stamps have none); with `replies`, REPLIES_MIN reply links alone."""
    n = [k for _i, k in run].count
    names = n("author") + n("said") + n("said+stamp")
    linked = n("stamp+reply")
    stamps = n("stamp") + n("said+stamp") + linked
    return (
        n("author") + n("greeting") >= SIGNATURES_MIN
        or (names >= SIGNATURES_MIN and stamps >= ACTIONS_MIN)
        or (names + n("stamp") + linked >= SIGNATURES_MIN and n("action") + n("reply") + linked >= ACTIONS_MIN)
        or (replies and n("reply") >= REPLIES_MIN)
    )
