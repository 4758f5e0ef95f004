"""Split a byline into names and job titles: "Tom Krisher; AP Auto Writer" gives ["Tom Krisher"].

A byline mixes people, their roles and agencies, joined by commas, semicolons and "and" in the
page's language (und, et, y, e, en). The vocabulary comes from the language tables in
cleaner/rulesets/languages/; names are told from roles by shape (capitalised words, no role word).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, lru_cache
from typing import Final, cast

import regex

from cleaner.casing import lower
from cleaner.memo_budget import BYLINE_LINES
from cleaner.metadata.dates import LanguageTable, language_tables, tables_for
from cleaner.metadata.metalines import opening_lines
from cleaner.model import Byline
from cleaner.native import kernel
from cleaner.rules.patterns import compiled  # compiled once per install, not per process

# A person's name in a byline has one to this many words ("Juan Carlos de la Fuente Ruiz" is 6).
MAX_NAME_WORDS: Final = 6
# Lower-case words that may sit inside a name.
NAME_PARTICLES: Final = frozenset(
    {
        "de",
        "da",
        "das",
        "do",
        "dos",
        "del",
        "della",
        "der",
        "den",
        "di",
        "du",
        "la",
        "le",
        "van",
        "von",
        "ter",
        "y",
        "al",
        "bin",
        "ibn",
        "zu",
        "e",
    }
)
_NAME_WORD = compiled(r"^(?:\p{Lu}[\p{L}'’.-]*|\p{Lu}\.|[\p{Lu}][\p{Ll}]+-\p{Lu}[\p{Ll}]+)$")
_HANDLE_OR_MAIL = compiled(r"@\w+|\S+@\S+\.\w+|https?://\S+")


@cache
def _label_pattern(codes: tuple[str, ...]) -> regex.Pattern[str]:
    tables = [language_tables()[c] for c in codes]
    labels = sorted({w for t in tables for w in t.byline}, key=lambda w: (-len(w), w))
    alt = "|".join(regex.escape(w) for w in labels)
    return compiled(rf"(?i)^\s*(?:{alt})\s*[:\-–]?\s+")


@cache
def _split_pattern(codes: tuple[str, ...]) -> regex.Pattern[str]:
    """The separators between a byline's parts, captured: a comma may carry a conjunction after it ("Jane Doe,
    AP, and John Roe"), which would otherwise stay glued to the next name and make it a role."""
    tables = [language_tables()[c] for c in codes]
    conj = sorted({w for t in tables for w in t.conjunctions}, key=lambda w: (-len(w), w))
    alt = "|".join(regex.escape(w) for w in conj)
    return compiled(rf"(\s*[,;/|]\s*(?:(?:{alt})\s+)?|\s+(?:{alt})\s+)", flags=regex.IGNORECASE)


def _role_words(tables: Sequence[LanguageTable]) -> frozenset[str]:
    return frozenset(lower(w) for t in tables for w in t.roles)


class _Roles:
    """A language's role words (_role_words), and those of several words apart: _is_role looks for each of those
    inside a part, and picking them out of every role word was done again for every part."""

    __slots__ = ("multi", "words")

    def __init__(self, words: frozenset[str]) -> None:
        self.words = words
        self.multi = tuple(sorted(r for r in words if " " in r))


def _is_role(part: str, roles: _Roles) -> bool:
    low = lower(part)
    words = _LETTER_RUN.findall(low)
    vocab = roles.words
    if any(w in vocab for w in words) or low in vocab:
        return True
    return any(r in low for r in roles.multi)


def _is_name(part: str) -> bool:
    words = part.split()
    if not 1 <= len(words) <= MAX_NAME_WORDS:
        return False
    caps = [w for w in words if lower(w) not in NAME_PARTICLES]
    return bool(caps) and all(_NAME_WORD.match(w) for w in caps) and _NAME_WORD.match(words[0]) is not None


# An agency's acronym ("BBC", "AP", "NPR"): a run of capitals. A name run together with the agency that follows it
# ("Rayhan Demytrie BBC News") splits where the first one starts (_name_then_agency).
_ACRONYM = compiled(r"^\p{Lu}{2,}$")
_LETTER_RUN = compiled(r"[\p{L}]+")
_SPACES = compiled(r"\s+")
# A name run together with an agency has at least this many words ("Rayhan Demytrie"): one capitalised word before an
# acronym is as often part of the agency's own name.
MIN_RUN_TOGETHER_NAME_WORDS: Final = 2


def _name_then_agency(part: str, roles: _Roles) -> tuple[str, str] | None:
    """(name, agency) when a role-holding part is a name run together with an agency whose name opens with an acronym:
    "Rayhan Demytrie BBC News" (a template that prints the name and the agency on one line without a comma).
    Without an acronym where the role starts, a name-shaped run before a role word is the publication's own name
    ("Los Angeles Times Staff Writer"), and it stays one role."""
    words = part.split()
    # The agency starts at the first acronym; the words before it are the name, which holds none.
    k = next((k for k, w in enumerate(words) if _ACRONYM.match(w)), None)
    if k is None or not MIN_RUN_TOGETHER_NAME_WORDS <= k <= MAX_NAME_WORDS:
        return None
    name, agency = " ".join(words[:k]), " ".join(words[k:])
    return (name, agency) if _is_role(agency, roles) and not _is_role(name, roles) and _is_name(name) else None


def _tidy(name: str) -> str:
    name = _SPACES.sub(" ", name).strip(" .,:;-–")
    # "JANE SMITH" printed in capitals is a template's style, not the name's spelling.
    if name.isupper() and len(name) > 3:
        name = " ".join(w if len(w) <= 2 and w.endswith(".") else w.capitalize() for w in name.split())
    return name


@cache
def _split_reading(language: str | None) -> tuple[_Roles, regex.Pattern[str], regex.Pattern[str]]:
    """What _split reads a byline with, made once per language: the role words, the label pattern and the separators'
    pattern. Made per byline (the tables in order, their codes, a set of every role word lower-cased, and two pattern
    memos) it was about a third of _split's time, asked of every line that opens like a byline."""
    tables = tables_for(language)
    codes = tuple(t.code for t in tables)
    return _Roles(_role_words(tables)), _label_pattern(codes), _split_pattern(codes)


def split_authors(raw: str, *, language: str | None = None) -> tuple[list[str], list[str]]:
    """(names, roles) from a byline; roles are job titles, agencies and the dateline's place, in the order
    printed."""
    names, roles, places = _split(raw, language)
    return names, roles + places


# A dateline after the agency names a city and at most its region or country: "Ust-Kamenogorsk, Kazakhstan".
MAX_DATELINE_PARTS: Final = 2


def _split(raw: str, language: str | None) -> tuple[list[str], list[str], list[str]]:
    """(names, roles, places). A name-shaped part after the last role, joined to it by commas alone and at most
    MAX_DATELINE_PARTS of them, is the dateline's place, not a person: "Nada Tawfik, BBC News, New York". Joined
    by a conjunction ("…, AP, and John Roe") it is a person, and so is a name another role follows ("John Doe,
    Staff Writer, Jane Roe, Staff Writer") or one of a longer run (a paper's list of authors)."""
    roles_vocab, label, separators = _split_reading(language)
    text = _HANDLE_OR_MAIL.sub(" ", raw)
    text = label.sub("", text, 1)
    pieces = separators.split(text)
    # (part, the separator before it, is a name), in the order printed
    parts: list[tuple[str, str, bool]] = []
    for k in range(0, len(pieces), 2):
        part = _tidy(pieces[k])
        if not part:
            continue
        sep = pieces[k - 1].strip() if k else ""
        role = _is_role(part, roles_vocab)
        split = _name_then_agency(part, roles_vocab) if role else None
        if split is not None:
            parts.extend([(split[0], sep, True), (split[1], " ", False)])
        else:
            parts.append((part, sep, not role and _is_name(part)))
    last_role = max((i for i, p in enumerate(parts) if not p[2]), default=-1)
    tail = parts[last_role + 1 :]
    dateline = (
        last_role > 0
        and any(p[2] for p in parts[:last_role])
        and len(tail) <= MAX_DATELINE_PARTS
        and all(sep == "," for _, sep, _ in tail)
    )
    names: list[str] = []
    roles: list[str] = []
    places = [part for part, _, _ in tail] if dateline else []
    for part, _, name in parts[: last_role + 1] if dateline else parts:
        if not name:
            roles.append(part)
        elif part not in names:
            names.append(part)
    return names, roles, places


# A byline line is short: "Von Anna Müller und Peter Schmidt, dpa" is 7 words; prose is longer.
BYLINE_MAX_WORDS: Final = 12


@cache
def _line_label(codes: tuple[str, ...]) -> regex.Pattern[str]:
    tables = [language_tables()[c] for c in codes]
    labels = sorted({w for t in tables for w in t.byline}, key=lambda w: (-len(w), w))
    alt = "|".join(regex.escape(w) for w in labels)
    # Capitalised label ("Von", "Par", "BY"), as templates print it; "von" inside prose is not one.
    return compiled(rf"^\s*(?:(?i:{alt})\s*:|(?-i:(?:{alt.upper()}|{_capitalised(labels)})))\s+(?=\p{{Lu}})")


@cache
def _label_openings(codes: tuple[str, ...]) -> frozenset[str]:
    """The pairs of ASCII characters that can open a match of _line_label past its leading whitespace
    (_matched_openings). A line opening with a character outside ASCII is always asked; one whose first two characters
    are none of these never. Read off the labels: each branch of the pattern opens with a label's first two characters,
    in either case (the `(?i)` branch) or in upper case (the other), so the pairs are those characters in either case
    when they are ASCII. Matching every pair instead (some 2,000 partial matches) took about 6 ms per language, on the
    first text of each (1.2% of a first-sight profile); a label of one character, or opening outside ASCII, is
    matched."""
    labels = {w for c in codes for w in language_tables()[c].byline}
    if not all(len(w) >= 2 and w[:2].isascii() for w in labels):
        return _matched_openings(codes)
    return frozenset(a + b for w in labels for a in {lower(w[0]), w[0].upper()} for b in {lower(w[1]), w[1].upper()})


def _matched_openings(codes: tuple[str, ...]) -> frozenset[str]:
    """The pairs of ASCII characters that _line_label matches partly past its leading whitespace (`partial=True`: some
    longer line opening with them could match): _label_openings by definition, and its reference."""
    label = _line_label(codes)
    ascii_chars = [chr(c) for c in range(128)]
    firsts = [a for a in ascii_chars if not a.isspace() and label.match(a, partial=True)]
    return frozenset(a + b for a in firsts for b in ascii_chars if label.match(a + b, partial=True))


@cache
def _byline_reading(language: str | None) -> tuple[tuple[str, ...], regex.Pattern[str], bool, frozenset[str] | None]:
    """What find_byline and _byline_rest read a text's lines with, made once per language: the tables' codes, the
    label pattern (_line_label), whether the language capitalises its nouns, and the labels' first words
    (_label_first_words). Making them per line (the tables in order, their codes, the pattern's memo) was a third of
    _byline_rest's time: about 16 lines a text open like a label, and one in seventy is one."""
    codes = tuple(t.code for t in tables_for(language))
    own = language_tables().get(lower(language or "")[:2])
    return codes, _line_label(codes), own is not None and own.nouns_capitalised, _label_first_words(codes)


def _label_first_words(codes: tuple[str, ...]) -> frozenset[str] | None:
    """The labels' first words (up to a space), lower-cased, when they tell every line _line_label can match:
    a match opens (past whitespace) with a label's first word, followed by whitespace or a colon (the label's next
    word, `\\s*:` or `\\s+`), so the line's first word up to a colon is that word, in some case (_may_open_label).
    None when that does not hold for some label (a colon or a character other than a space inside it), or when a line
    of ASCII could match a label's word that is not ASCII (one of its characters matched case-insensitively by, or
    upper-cased to, ASCII: "ſ", "K", "ı"); then every line is matched."""
    labels = {w for c in codes for w in language_tables()[c].byline}
    if any(":" in w or any(ch.isspace() and ch != " " for ch in w) for w in labels):
        return None
    words = {w.split(" ")[0] for w in labels}
    ascii_text = "".join(chr(a) for a in range(128))
    for ch in {ch for w in words for ch in w if not ch.isascii()}:
        if not any(u.isascii() for u in ch.upper()) and compiled(f"(?i){regex.escape(ch)}").search(ascii_text) is None:
            continue
        return None
    return frozenset(lower(w) for w in words if w.isascii())


def _may_open_label(line: str, firsts: frozenset[str]) -> bool:
    """Whether _line_label may match the line, by its first word (_label_first_words): a first word of ASCII that is
    no label's is no match; any other is matched. (str.split's whitespace holds `regex`'s `\\s`: a match's first
    word is split off whole.) The pure twin of the kernel `_headline.may_open_label`, which reads the word in place."""
    words = line.split(None, 1)
    first = words[0].partition(":")[0] if words else ""
    return not first.isascii() or lower(first) in firsts


_native = kernel("cleaner.metadata._headline")
may_open_label = _native.may_open_label if _native is not None else _may_open_label


def _capitalised(labels: Sequence[str]) -> str:
    return "|".join(regex.escape(w[:1].upper() + w[1:]) for w in labels)


def find_byline(lines: Sequence[str | None], *, language: str | None = None) -> tuple[str, int] | None:
    """The first line that is a labelled byline ("Von …", "Par …", "Door …"): its names part and index.

    Taken only when the part after the label splits into at least one name and no more roles than
    names, so "By the time the crews arrived" or "Von März an" are left alone (a dateline's place is neither); not when
    the label's word opens a longer label whose first word after it ends with a colon ("Author Contributions:
    Conception and design: M.L. Anderson, C. Dobkin", a paper's list of who did what: a name holds no colon); and,
    in a language that capitalises its nouns, when one of the names has two words or more: "Von Einheimischen,
    Gästen und ganz viel Kühen", a German teaser headline, splits into two one-word "names". Elsewhere a one-word
    name is a blog's author ("By Becky") as often as not.
    """
    codes, _label, _nouns, firsts = _byline_reading(language)
    # Only a line that opens with a label's first two letters can match the anchored label: the others are left out
    # in one pass over the text, not one regex call each.
    for idx in opening_lines(lines, _label_openings(codes)):
        line = cast("str", lines[idx])
        if firsts is not None and not may_open_label(line, firsts):
            continue
        # A paragraph is read afresh: the memo keeps the short lines a byline's can be.
        rest = (
            _remembered_byline_rest(line, language) if len(line) <= BYLINE_MEMO_CHARS else _byline_rest(line, language)
        )
        if rest is not None:
            return rest, idx
    return None


# Lines whose verdict (_byline_rest) is remembered: a site's bylines and the lines opening like one ("Bye", "Von
# oben") repeat from page to page and from one rendering of a page to the next. Only lines of at most
# BYLINE_MEMO_CHARS characters are (twelve words of names and roles; a paragraph is not kept alive), and at most
# memo_budget's count of lines.
BYLINE_LINES_MEMO: Final = BYLINE_LINES
BYLINE_MEMO_CHARS: Final = 200


def _byline_rest(line: str, language: str | None) -> str | None:
    """The names part of `line` when find_byline takes it as the byline, else None: a function of the line and the
    text's language only, so remembered per line."""
    _codes, label, nouns_look_like_names, _firsts = _byline_reading(language)
    # Counting words (splitting the line) only after the label matched.
    m = label.match(line)
    if not m or len(line.split()) > BYLINE_MAX_WORDS:
        return None
    rest = line[m.end() :].strip()
    first = rest.split(None, 1)
    if first and first[0].endswith(":"):
        return None  # the label opens a longer field label ("Author Contributions: Conception and design: …")
    names, roles, _places = _split(rest, language)
    if names and len(roles) <= len(names) and (not nouns_look_like_names or any(" " in n for n in names)):
        return rest
    return None


_remembered_byline_rest = lru_cache(maxsize=BYLINE_LINES_MEMO)(_byline_rest)


def byline_for(
    page_author: str | None, captured: str | None, lines: Sequence[str | None], *, language: str | None = None
) -> Byline | None:
    """The page's author (HTML), else a rule's byline capture, else a labelled byline line; split."""
    raw, source = (page_author, "html") if page_author else (captured, "text")
    if not raw:
        found = find_byline(lines, language=language)
        raw = found[0] if found else None
    if not raw:
        return None
    names, roles = split_authors(raw, language=language)
    return Byline(raw=raw, names=tuple(names), roles=tuple(roles), source=source)
