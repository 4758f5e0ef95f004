# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The native core's metadata slice (issue 13): the per-line loops of the text headline and the date search, in C.

Built only by the compiled build (`CLEANER_COMPILE=1`, setup.py); the pure twins are metalines.py's functions of the
same names (`filled_positions`: _filled_positions, date_pick's positions; `date_lines`: _date_lines, find_dates's rows),
which are also the reference this kernel is tested against (tests/test_native_metadata.py). The date
search's twins are date_forms' (`MonthScan`: _gated_mask; `NamedForms`: _named_spans; `year_windows`: _year_windows;
`numeric_gate`: _numeric_gate; `numeric_forms`: _numeric_spans), date_times' (`time_gate`: _time_gate;
`time_matches`: _time_spans) and dates' (`other_words`: _words_besides of _rest_words), tested in
tests/test_native_dates.py. Each
function gives its twin's exact answer for every string: where the twin uses `str.split`, `str.strip` or `str.isspace`
this asks `Py_UNICODE_ISSPACE` (what those methods test per code point), and where it uses `str.isalnum` on one
character, `Py_UNICODE_ISALNUM`.

What it does less of than the twin: no list of words per line (a word count stops at its cap), no stripped copy of a
line to measure, and a line whose words are already single-spaced is returned as it is instead of joined again.
"""

from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from cpython.object cimport PyObject
from libc.stdint cimport uint8_t, uint16_t
from libc.stdlib cimport free, malloc
from libc.string cimport memcpy

from cleaner._pyunicode cimport (
    PyUnicode_KIND,
    PyUnicode_DATA,
    PyUnicode_GET_LENGTH,
    PyUnicode_READ,
    PyUnicode_New,
    PyUnicode_Substring,
    PyUnicode_WRITE,
    is_space as _is_space,
    split_words,
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISALPHA,
    Py_UNICODE_ISSPACE,
    strip_span,
)


cdef inline bint _blank(object s):
    """`not s or s.isspace()`: None, empty, or whitespace only."""
    cdef Py_ssize_t n, k
    cdef int kind
    cdef void* data
    if s is None:
        return True
    n = PyUnicode_GET_LENGTH(s)
    kind = PyUnicode_KIND(s)
    data = PyUnicode_DATA(s)
    for k in range(n):
        if not _is_space(PyUnicode_READ(kind, data, k)):
            return False
    return True


def content_lines(lines):
    """The indexes of the lines that hold something besides whitespace (None counts as blank)."""
    cdef list seq = lines if type(lines) is list else list(lines)
    cdef list out = []
    cdef Py_ssize_t i, n = PyList_GET_SIZE(seq)
    for i in range(n):
        if not _blank(<object>PyList_GET_ITEM(seq, i)):
            out.append(i)
    return out


def filled_positions(lines, wanted):
    """For each of `wanted` whose line holds something besides whitespace, its index among such lines (None counts as
    blank): counted in one walk up to the last line wanted, without the list of every such line's index that
    content_lines builds (a page dump's thousands) and a bisection in it per line wanted."""
    cdef list seq = lines if type(lines) is list else list(lines)
    cdef Py_ssize_t n = PyList_GET_SIZE(seq), i, t, count = 0, top
    cdef list targets = sorted({w for w in wanted if 0 <= w < n})
    cdef dict out = {}
    top = len(targets)
    t = 0
    i = 0
    while t < top:
        # Lines before the next one wanted are only counted.
        while i < <Py_ssize_t>targets[t]:
            if not _blank(<object>PyList_GET_ITEM(seq, i)):
                count += 1
            i += 1
        if not _blank(<object>PyList_GET_ITEM(seq, i)):
            out[i] = count
            count += 1
        i += 1
        t += 1
    return out


cdef inline Py_ssize_t _stripped_length(object s):
    """`len(s.strip())`, 0 for None."""
    cdef Py_ssize_t start = 0, end
    if s is None:
        return 0
    end = PyUnicode_GET_LENGTH(s)
    strip_span(PyUnicode_KIND(s), PyUnicode_DATA(s), &start, &end)
    return end - start


def stripped_lengths(lines):
    """`len(s.strip())` of each line, 0 for None."""
    cdef list seq = lines if type(lines) is list else list(lines)
    cdef list out = []
    cdef Py_ssize_t i, n = PyList_GET_SIZE(seq)
    for i in range(n):
        out.append(_stripped_length(<object>PyList_GET_ITEM(seq, i)))
    return out


def short_lines(lines, indexes, Py_ssize_t max_words):
    """Those of `indexes` whose line holds from 1 to `max_words` words (`0 < len(line.split(None, max_words)) <=
    max_words`; None holds none)."""
    cdef list out = []
    cdef object s
    for i in indexes:
        s = lines[i]
        if s is not None and 0 < split_words(s, max_words) <= max_words:
            out.append(i)
    return out


def spaced_words(line, Py_ssize_t cap):
    """`" ".join(line.split())` and its word count, or None when the line holds more than `cap` words."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(line), k, words = 0, size = 0
    cdef int kind = PyUnicode_KIND(line)
    cdef void* data = PyUnicode_DATA(line)
    cdef bint inside = False, plain = True
    cdef Py_UCS4 ch, top = 0
    cdef object out
    cdef int okind
    cdef void* odata
    # First the count, and whether the line is its words joined by single spaces already (most lines are).
    for k in range(n):
        ch = PyUnicode_READ(kind, data, k)
        if _is_space(ch):
            if ch != 32 or not inside:
                plain = False  # another space character, a run of them, or one before the first word
            inside = False
        else:
            if not inside:
                inside = True
                words += 1
                if words > cap:
                    return None
            size += 1
            if ch > top:
                top = ch
    if words == 0:
        return ("", 0)
    if n and _is_space(PyUnicode_READ(kind, data, n - 1)):
        plain = False  # whitespace after the last word
    if plain:
        return (line, words)
    size += words - 1
    out = PyUnicode_New(size, top)  # the largest code point kept: a canonical string (isascii and all)
    okind = PyUnicode_KIND(out)
    odata = PyUnicode_DATA(out)
    size = 0
    inside = False
    for k in range(n):
        ch = PyUnicode_READ(kind, data, k)
        if _is_space(ch):
            inside = False
            continue
        if not inside:
            if size:
                PyUnicode_WRITE(okind, odata, size, 32)
                size += 1
            inside = True
        PyUnicode_WRITE(okind, odata, size, ch)
        size += 1
    return (out, words)


# A string's characters by its kind: _separator_in is compiled once for each, its reads without a switch per character.
ctypedef fused _any_char:
    uint8_t
    uint16_t
    Py_UCS4


cdef inline bint _separator_in(
    const _any_char* data, Py_ssize_t m, const uint8_t* classes, const Py_UCS4* wide, const uint8_t* wide_class,
    Py_ssize_t n_wide,
) noexcept:
    """Whether a line of `m` characters holds a separator as separator_lines reads it: `classes` gives a character
    below U+0100 its kind (1 bare, 2 spaced, 4 alphanumeric, none 0), `wide` and `wide_class` the separators above;
    the alphanumeric bit of a character above U+00FF is asked of `Py_UNICODE_ISALNUM` only before a spaced one."""
    cdef Py_ssize_t k, j
    cdef Py_UCS4 ch
    cdef int cls
    for k in range(m):
        ch = data[k]
        if _any_char is uint8_t or ch < 256:
            cls = classes[ch] & 3
        else:
            cls = 0
            for j in range(n_wide):
                if wide[j] == ch:
                    cls = wide_class[j]
                    break
        if cls == 0:
            continue
        if cls == 1 or k == 0:
            return True
        # A spaced separator counts after a character that is not alphanumeric (a line's start counts as a break).
        ch = data[k - 1]
        if _any_char is uint8_t or ch < 256:
            if not (classes[ch] & 4):
                return True
        elif not Py_UNICODE_ISALNUM(ch):
            return True
    return False


def separator_lines(lines, str bare, str spaced):
    """The indexes of the lines holding a character of `bare`, or one of `spaced` at the line's start or after a
    character that is not alphanumeric (`str.isalnum`); None holds none. Each line is read by _separator_in compiled
    for its string's kind, a character below U+0100 classed by one table look-up: a read that switched on the kind per
    character, and a search of the wide separators for every character outside ASCII, were most of its time."""
    cdef set out = set()
    cdef list seq = lines if type(lines) is list else list(lines)
    cdef Py_ssize_t i, n = PyList_GET_SIZE(seq), k, m
    cdef int kind
    cdef void* data
    cdef Py_UCS4 ch
    cdef object s
    cdef uint8_t classes[256]
    cdef Py_UCS4 wide[64]
    cdef uint8_t wide_class[64]
    cdef Py_ssize_t n_wide = 0, j
    cdef bint found
    if len(bare) > 32 or len(spaced) > 32:
        raise ValueError("separator_lines: at most 32 characters of each kind")
    for k in range(256):
        classes[k] = 4 if Py_UNICODE_ISALNUM(<Py_UCS4>k) else 0
    for ch in spaced:
        if ch < 256:
            classes[ch] = (classes[ch] & 4) | 2
        else:
            wide[n_wide] = ch
            wide_class[n_wide] = 2
            n_wide += 1
    for ch in bare:  # a character of both kinds is bare
        if ch < 256:
            classes[ch] = (classes[ch] & 4) | 1
        else:
            for j in range(n_wide + 1):
                if j == n_wide:
                    wide[n_wide] = ch
                    n_wide += 1
                if wide[j] == ch:
                    wide_class[j] = 1
                    break
    for i in range(n):
        s = <object>PyList_GET_ITEM(seq, i)
        if s is None:
            continue
        m = PyUnicode_GET_LENGTH(s)
        kind = PyUnicode_KIND(s)
        data = PyUnicode_DATA(s)
        if kind == 1:
            found = _separator_in(<const uint8_t*>data, m, classes, wide, wide_class, n_wide)
        elif kind == 2:
            found = _separator_in(<const uint16_t*>data, m, classes, wide, wide_class, n_wide)
        else:
            found = _separator_in(<const Py_UCS4*>data, m, classes, wide, wide_class, n_wide)
        if found:
            out.add(i)
    return out


def digit_lines(lines, digit):
    """The indexes of the lines holding a character `digit` (the `regex` pattern `\\d`) finds, in order; None holds
    none. An ASCII digit, or a BMP character `Py_UNICODE_ISDECIMAL` calls a digit, settles a line at once (`\\d` is
    Unicode's Nd, and every Nd character CPython knows in the BMP is one to `regex` too: tests/test_native_metadata.py
    asks every BMP code point); a line holding a character beyond the BMP and no such digit is asked of `digit` itself,
    since `regex`'s tables may know digits there that CPython's do not."""
    cdef list seq = lines if type(lines) is list else list(lines)
    cdef list out = []
    cdef Py_ssize_t i, n = PyList_GET_SIZE(seq), k, m
    cdef int kind
    cdef void* data
    cdef Py_UCS4 ch
    cdef object s
    cdef bint hit, astral
    for i in range(n):
        s = <object>PyList_GET_ITEM(seq, i)
        if s is None:
            continue
        m = PyUnicode_GET_LENGTH(s)
        kind = PyUnicode_KIND(s)
        data = PyUnicode_DATA(s)
        hit = False
        astral = False
        for k in range(m):
            ch = PyUnicode_READ(kind, data, k)
            if ch < 128:
                if 48 <= ch <= 57:
                    hit = True
                    break
            elif ch > 0xFFFF:
                astral = True
            elif Py_UNICODE_ISDECIMAL(ch):
                hit = True
                break
        if hit or (astral and digit.search(s) is not None):
            out.append(i)
    return out


def opening_lines(lines, pairs):
    """The indexes of the lines whose first two characters past their leading whitespace (`str.lstrip`'s) hold one
    outside ASCII, or are one of `pairs` (two-character strings); None, blank lines and a lone ASCII character past the
    whitespace are left out."""
    cdef list seq = lines if type(lines) is list else list(lines)
    cdef list out = []
    cdef Py_ssize_t i, n = PyList_GET_SIZE(seq), k, m, code
    cdef int kind
    cdef void* data
    cdef Py_UCS4 ch, nxt
    cdef object s
    cdef uint8_t ok[2048]  # a bit per pair of ASCII characters, 128 * 128 of them
    cdef str pair
    for k in range(2048):
        ok[k] = 0
    for pair in pairs:
        if len(pair) == 2 and pair.isascii():
            k = ord(pair[0]) * 128 + ord(pair[1])
            ok[k >> 3] |= 1 << (k & 7)
    for i in range(n):
        s = <object>PyList_GET_ITEM(seq, i)
        if s is None:
            continue
        m = PyUnicode_GET_LENGTH(s)
        kind = PyUnicode_KIND(s)
        data = PyUnicode_DATA(s)
        for k in range(m):
            ch = PyUnicode_READ(kind, data, k)
            if not _is_space(ch):
                if ch >= 128:
                    out.append(i)
                elif k + 1 < m:
                    nxt = PyUnicode_READ(kind, data, k + 1)
                    if nxt >= 128:
                        out.append(i)
                    else:
                        code = <Py_ssize_t>ch * 128 + <Py_ssize_t>nxt
                        if ok[code >> 3] & (1 << (code & 7)):
                            out.append(i)
                break
    return out


cdef inline bint _among(Py_UCS4 ch, int kind, void* data, Py_ssize_t n):
    cdef Py_ssize_t k
    for k in range(n):
        if PyUnicode_READ(kind, data, k) == ch:
            return True
    return False


cdef bint _prose(object s, Py_ssize_t min_words, str marks, str closers) except -1:
    """Whether a line (None as "") is prose as headline_lines._prose reads it: past its trailing whitespace and then its
    trailing `closers`, a character of `marks`, and at least `min_words` words."""
    cdef Py_ssize_t end
    cdef int kind
    cdef void* data
    if s is None:
        return False
    kind = PyUnicode_KIND(s)
    data = PyUnicode_DATA(s)
    end = PyUnicode_GET_LENGTH(s)
    while end > 0 and _is_space(PyUnicode_READ(kind, data, end - 1)):
        end -= 1
    while end > 0 and _among(
        PyUnicode_READ(kind, data, end - 1), PyUnicode_KIND(closers), PyUnicode_DATA(closers),
        PyUnicode_GET_LENGTH(closers)
    ):
        end -= 1
    return (
        end > 0
        and _among(PyUnicode_READ(kind, data, end - 1), PyUnicode_KIND(marks), PyUnicode_DATA(marks),
                   PyUnicode_GET_LENGTH(marks))
        and (min_words <= 0 or split_words(s, min_words) >= min_words)
    )


def prose_flags(lines, indexes, Py_ssize_t min_words, str marks, str closers):
    """For each of `indexes`, whether its line (None as "") is prose as headline_lines._prose reads it: past its
    trailing whitespace and then its trailing `closers`, a character of `marks`, and at least `min_words` words."""
    cdef list out = []
    for i in indexes:
        out.append(True if _prose(lines[i], min_words, marks, closers) else False)
    return out


def headline_marks(lines, kept, moved, Py_ssize_t min_words, str marks, str closers):
    """metalines._headline_marks: what find_text_headline reads of every line before its candidates, in one walk of
    `lines` and one of `kept`, where three kernel calls, an accumulation and two generator walks (a stripped copy of each
    kept line they read) were: the content lines, whether each is prose (prose_flags), the kept characters above each
    line (stripped_lengths accumulated from 0), the place in the content lines of the first that `moved` holds or that
    is kept (-1: none), and the last content line kept (-1: none)."""
    cdef list seq = lines if type(lines) is list else list(lines)
    cdef list kseq = kept if type(kept) is list else list(kept)
    cdef Py_ssize_t n = PyList_GET_SIZE(seq), nk = PyList_GET_SIZE(kseq), i, size, total = 0
    cdef Py_ssize_t first_at = -1, last_kept = -1
    cdef list content = [], prose = [], above = [0]
    cdef object s
    cdef bint held
    for i in range(nk):
        total += _stripped_length(<object>PyList_GET_ITEM(kseq, i))
        above.append(total)
    for i in range(n):
        s = <object>PyList_GET_ITEM(seq, i)
        if _blank(s):
            continue
        content.append(i)
        prose.append(True if _prose(s, min_words, marks, closers) else False)
        held = i < nk and not _blank(<object>PyList_GET_ITEM(kseq, i))
        if held:
            last_kept = i
        if first_at < 0 and (i in moved or held):
            first_at = PyList_GET_SIZE(content) - 1
    return content, prose, above, first_at, last_kept


cdef inline bint _digit(Py_UCS4 ch):
    # `regex`'s \d below the astral planes (date_rows settles a line with an astral character before it asks).
    return (48 <= ch <= 57) if ch < 128 else Py_UNICODE_ISDECIMAL(ch)


cdef inline bint _separator(Py_UCS4 ch):
    return ch == 45 or ch == 46 or ch == 47  # - . /


cdef inline bint _white(Py_UCS4 ch):
    # `regex`'s \s: str.isspace's whitespace without the ASCII separators 0x1c-0x1f.
    if ch < 128:
        return (9 <= ch <= 13) or ch == 32
    return Py_UNICODE_ISSPACE(ch)


cdef inline bint _numeric_tail(int kind, void* data, Py_ssize_t j, Py_ssize_t n):
    # `\d\d?[-/.]` at j.
    if j >= n or not _digit(PyUnicode_READ(kind, data, j)):
        return False
    if j + 1 < n and _separator(PyUnicode_READ(kind, data, j + 1)):
        return True
    return j + 2 < n and _digit(PyUnicode_READ(kind, data, j + 1)) and _separator(PyUnicode_READ(kind, data, j + 2))


cdef inline bint _numeric(int kind, void* data, Py_ssize_t n):
    # date_forms._NUMERIC_GATE, `\\d[-/.]\\s?\\d\\d?[-/.]`, somewhere in the n characters at data (_digit: in the BMP).
    cdef Py_ssize_t k
    for k in range(n - 3):
        if _digit(PyUnicode_READ(kind, data, k)) and _separator(PyUnicode_READ(kind, data, k + 1)):
            if _numeric_tail(kind, data, k + 2, n) or (
                _white(PyUnicode_READ(kind, data, k + 2)) and _numeric_tail(kind, data, k + 3, n)
            ):
                return True
    return False


def numeric_gate(str text, gate):
    """Whether `text` holds `gate`, date_forms._NUMERIC_GATE (date_forms._numeric_gate, the twin, asks `gate`): read in
    place instead of a search that `regex` sets up per line. A text with a character beyond the BMP is asked of `gate`
    itself, as time_gate does."""
    if PyUnicode_KIND(text) == 4:
        return gate.search(text) is not None
    return _numeric(PyUnicode_KIND(text), PyUnicode_DATA(text), PyUnicode_GET_LENGTH(text))


# The prefixes _prefix_bits read last, when they were a tuple (immutable, and held here so never another tuple at the
# same address), with their bits: find_dates and full_dates pass the same cached tuple on every call, and parsing its
# prefixes again (three str method calls each) was a fifth of date_rows' time.
cdef object _last_prefixes = None
cdef uint8_t _last_bits[2197]
cdef int _last_every = 0


cdef int _prefix_bits(prefixes, uint8_t* bits) except -1:
    """Sets `bits` (2197 bytes) to date_rows' three-letter ASCII `prefixes`, a bit per code; 1 when a prefix of another
    shape lets every line through, else 0."""
    global _last_prefixes, _last_every
    cdef int every = 0
    cdef Py_ssize_t k, code
    cdef str p
    if prefixes is _last_prefixes:
        memcpy(bits, _last_bits, 2197)
        return _last_every
    for k in range(2197):
        bits[k] = 0
    for p in prefixes:
        if not p.isascii():
            continue
        if len(p) != 3 or not (p.isalpha() and p.islower()):
            every = 1
            continue
        code = ((ord(p[0]) - 97) * 26 + ord(p[1]) - 97) * 26 + ord(p[2]) - 97
        bits[code >> 3] |= 1 << (code & 7)
    if type(prefixes) is tuple:
        memcpy(_last_bits, bits, 2197)
        _last_every = every
        _last_prefixes = prefixes
    return every


cdef bint _may_hold_date(object s, const uint8_t* bits):
    # date_rows' test of one line (a str): a character beyond the BMP or a letter outside ASCII, the numeric gate, or
    # one of the prefixes in `bits` among its ASCII letters lower-cased (U+0307 left out).
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s), k, a, b, c, run, code, low
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef Py_UCS4 ch
    for k in range(n):
        ch = PyUnicode_READ(kind, data, k)
        if ch > 0xFFFF or (ch >= 128 and Py_UNICODE_ISALPHA(ch)):
            return True
    if _numeric(kind, data, n):
        return True
    run = 0  # ASCII letters in a row (U+0307 left out), the last three in a and b and c
    a = b = c = 0
    for k in range(n):
        ch = PyUnicode_READ(kind, data, k)
        if ch == 0x307:
            continue
        low = <Py_ssize_t>ch
        if 65 <= low <= 90:
            low += 32  # lower-cased, as an int (Cython adds to a Py_UCS4 as to a str)
        if 97 <= low <= 122:
            a = b
            b = c
            c = low - 97
            run += 1
            if run >= 3:
                code = (a * 26 + b) * 26 + c
                if bits[code >> 3] & (1 << (code & 7)):
                    return True
        else:
            run = 0
    return False


def date_rows(lines, indexes, prefixes):
    """Those of `indexes` whose line may hold a date of date_forms' forms (metalines._date_rows says which: a line
    with a character beyond the BMP or a letter outside ASCII; date_forms._NUMERIC_GATE's `\\d[-/.]\\s?\\d\\d?[-/.]`;
    or one of the three-letter ASCII `prefixes` in the line lower-cased, U+0307 left out). None holds none."""
    cdef uint8_t bits[2197]  # a bit per three-letter code, 26 ** 3 = 17,576 of them
    cdef bint every = _prefix_bits(prefixes, bits)
    cdef object s
    cdef list out = []
    for i in indexes:
        s = lines[i]
        if s is not None and (every or _may_hold_date(s, bits)):
            out.append(i)
    return out


# What _short_digit tells of a line.
cdef enum:
    _NOT_SHORT = 0  # no word, more than the cap, or no digit and no character beyond the BMP
    _SHORT_DIGIT = 1  # from 1 to the cap's words, with a digit
    _NO_DIGIT_ASTRAL = 2  # from 1 to the cap's words, no digit CPython knows, a character beyond the BMP (ask `digit`)


cdef inline int _short_digit(int kind, void* data, Py_ssize_t n, Py_ssize_t max_words) noexcept:
    # date_lines' walk over one line: its words counted (`str.split`'s whitespace) no further than past the cap, and
    # its first digit looked for on the way (digit_lines' test: ASCII's, or Py_UNICODE_ISDECIMAL's in the BMP).
    cdef Py_ssize_t k, words = 0
    cdef Py_UCS4 ch
    cdef bint hit = False, astral = False, inside = False
    for k in range(n):
        ch = PyUnicode_READ(kind, data, k)
        if _is_space(ch):
            inside = False
            continue
        if not inside:
            inside = True
            words += 1
            if words > max_words:
                return _NOT_SHORT
        if hit:
            continue
        if ch < 128:
            hit = 48 <= ch <= 57
        elif ch > 0xFFFF:
            astral = True
        elif Py_UNICODE_ISDECIMAL(ch):
            hit = True
    if words == 0:
        return _NOT_SHORT
    if hit:
        return _SHORT_DIGIT
    return _NO_DIGIT_ASTRAL if astral else _NOT_SHORT


# _short_digit's tests of the characters below U+0100, by code: 1 for `_is_space`, 2 for `_digit`. A walk over a one-
# or two-byte line (all but a few) reads one table entry per such character instead of a chain of range tests, and
# counts a word's start without a branch on it: the space/word alternation every few characters is what the branches
# missed (date_lines' own time fell by a third).
cdef uint8_t _latin1_class[256]


cdef void _latin1_fill() noexcept:
    cdef Py_UCS4 c
    for c in range(256):
        _latin1_class[c] = (1 if _is_space(c) else 0) | (2 if _digit(c) else 0)


_latin1_fill()


# A one-byte or a two-byte string's characters: _short_digit_narrow is compiled once for each.
ctypedef fused _narrow_char:
    uint8_t
    uint16_t


cdef inline int _short_digit_narrow(const _narrow_char* data, Py_ssize_t n, Py_ssize_t max_words) noexcept:
    # _short_digit on a one-byte or a two-byte string (a line with a curly quote or a dash): the table for its
    # characters below U+0100 (all of a one-byte string's), CPython's predicates for the others; the same answer
    # (neither holds a character beyond the BMP).
    cdef Py_ssize_t k, words = 0
    cdef unsigned int cls, seen = 0, space_before = 1
    cdef Py_UCS4 ch
    for k in range(n):
        ch = data[k]
        if _narrow_char is uint8_t or ch < 256:
            cls = _latin1_class[ch]
        else:
            cls = (1 if Py_UNICODE_ISSPACE(ch) else 0) | (2 if Py_UNICODE_ISDECIMAL(ch) else 0)
        words += space_before & ~cls  # a word starts here: a character that is no space after one that is (or none)
        if words > max_words:
            return _NOT_SHORT
        space_before = cls & 1
        seen |= cls
    if words == 0:
        return _NOT_SHORT
    return _SHORT_DIGIT if seen & 2 else _NOT_SHORT


def date_lines(lines, digit, Py_ssize_t max_words, prefixes):
    """(rows, dated): the lines holding a digit (digit_lines) and from 1 to `max_words` words (short_lines), in order,
    and those of them date_rows lets through: find_dates's three passes as one, where a line's words are counted and
    its digit looked for in one walk that stops past `max_words` words (a paragraph) instead of reading it whole for
    a digit first. A line holding a character beyond the BMP and no digit CPython knows is asked of `digit`, as
    digit_lines asks."""
    cdef list seq = lines if type(lines) is list else list(lines)
    cdef list rows = [], dated = []
    cdef Py_ssize_t i, n = PyList_GET_SIZE(seq), m
    cdef int kind, found
    cdef void* data
    cdef object s
    cdef uint8_t bits[2197]
    cdef bint every = _prefix_bits(prefixes, bits)
    for i in range(n):
        s = <object>PyList_GET_ITEM(seq, i)
        if s is None:
            continue
        m = PyUnicode_GET_LENGTH(s)
        kind = PyUnicode_KIND(s)
        data = PyUnicode_DATA(s)
        # The walk with its string kind a constant (no switch per character; _headline.pyx's fold_lines likewise).
        if kind == 1:
            found = _short_digit_narrow(<const uint8_t*>data, m, max_words)
        elif kind == 2:
            found = _short_digit_narrow(<const uint16_t*>data, m, max_words)
        else:
            found = _short_digit(4, data, m, max_words)
        if found == _NOT_SHORT or (found == _NO_DIGIT_ASTRAL and digit.search(s) is None):
            continue
        rows.append(i)
        if every or _may_hold_date(s, bits):
            dated.append(i)
    return rows, dated


def year_windows(str text, Py_ssize_t before, Py_ssize_t after):
    """The year-evidence windows of `text` (date_forms._year_windows): around each match of `re`'s
    `(?<!\\d)(?:19|20)\\d\\d(?!\\d)`, leftmost first, `before` characters back and `after` forward from its end, with
    every "-" made a space. `re`'s \\d on a str is Py_UNICODE_ISDECIMAL (0-9 in ASCII), as _digit asks."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), k = 0, lo, hi, j
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 ch, nxt
    cdef list out = []
    cdef object window
    cdef bint dash
    while k + 4 <= n:
        ch = PyUnicode_READ(kind, data, k)
        if ch == 49 or ch == 50:  # "1" or "2"
            nxt = PyUnicode_READ(kind, data, k + 1)
            if (
                ((ch == 49 and nxt == 57) or (ch == 50 and nxt == 48))  # "19" or "20"
                and _digit(PyUnicode_READ(kind, data, k + 2))
                and _digit(PyUnicode_READ(kind, data, k + 3))
                and not (k > 0 and _digit(PyUnicode_READ(kind, data, k - 1)))
                and not (k + 4 < n and _digit(PyUnicode_READ(kind, data, k + 4)))
            ):
                lo = k - before if k > before else 0
                hi = k + 4 + after if k + 4 + after < n else n
                dash = False
                for j in range(lo, hi):
                    if PyUnicode_READ(kind, data, j) == 45:
                        dash = True
                        break
                window = PyUnicode_Substring(text, lo, hi)
                out.append(window.replace("-", " ") if dash else window)
                k += 4  # the next match starts past this one's end, as finditer's does
                continue
        k += 1
    return out


def time_gate(str text, Py_ssize_t lo, Py_ssize_t hi, gate):
    """Whether text[lo:hi] holds `gate`, date_times._TIME_GATE: `regex`'s `(?i)\\d[:.h][0-5]\\d`, an hour's last digit,
    ":" "." "h" or "H", and two minute digits (date_times._time_gate, the twin, asks `gate`). A text with a character
    beyond the BMP is asked of `gate` itself: there `regex`'s Unicode tables may know digits CPython's do not."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    if kind == 4:
        return gate.search(text, lo, hi) is not None
    # The bounds as `regex` reads `pos` and `endpos`: a slice's, a negative one counted from the end.
    if lo < 0:
        lo = max(lo + n, 0)
    if hi < 0:
        hi = max(hi + n, 0)
    if hi > n:
        hi = n
    return _time_gate_in(kind, data, lo, hi)


cdef bint _time_gate_in(int kind, void* data, Py_ssize_t lo, Py_ssize_t hi) noexcept:
    # time_gate's test of the characters lo..hi of a text below the astral planes.
    cdef Py_ssize_t k
    cdef Py_UCS4 sep, tens
    for k in range(lo, hi - 3):
        sep = PyUnicode_READ(kind, data, k + 1)
        if not (sep == 58 or sep == 46 or sep == 104 or sep == 72):  # : . h H
            continue
        tens = PyUnicode_READ(kind, data, k + 2)
        if 48 <= tens <= 53 and _digit(PyUnicode_READ(kind, data, k)) and _digit(PyUnicode_READ(kind, data, k + 3)):
            return True
    return False


cdef inline bint _day_gap(Py_UCS4 ch):
    # What may stand between a day-first date's day and its month, in ASCII: the ordinal ("st", "e", "."), `regex`'s
    # \s and the filler words ("de", "del", "of", "the"), in either case.
    if ch < 128 and 65 <= ch <= 90:
        ch = <Py_UCS4>(<Py_ssize_t>ch + 32)
    return (
        (9 <= ch <= 13) or ch == 32 or ch == 46  # "."
        or ch == 100 or ch == 101 or ch == 102 or ch == 104 or ch == 108  # d e f h l
        or ch == 110 or ch == 111 or ch == 114 or ch == 115 or ch == 116  # n o r s t
    )


cdef inline bint _day_may_end_before(int kind, void* data, Py_ssize_t k, Py_ssize_t after, Py_ssize_t n):
    # Whether a day-first date may read the month name at k..after: the name is not followed by an ASCII letter that
    # neither a filler ("de", "of", "the") nor the end of the date allows, and walking back from k over what may stand
    # between day and month (_day_gap) stops at an ASCII digit or at a character outside ASCII (maybe a digit, a
    # space or an ordinal sign: read as possible). A necessary condition of date_forms' day-first form at k.
    cdef Py_UCS4 ch
    cdef Py_ssize_t j = k - 1
    if after < n:
        ch = PyUnicode_READ(kind, data, after)
        if ch < 128 and ((65 <= ch <= 90) or (97 <= ch <= 122)):
            if ch < 97:
                ch = <Py_UCS4>(<Py_ssize_t>ch + 32)
            if not (ch == 100 or ch == 111 or ch == 116):  # d o t
                return False
    while j >= 0:
        ch = PyUnicode_READ(kind, data, j)
        if ch >= 128:
            return True
        if not _day_gap(ch):
            return 48 <= ch <= 57
        j -= 1
    return False


# A line up to this long is scanned with its case-folded copy on the stack; a longer one allocates it.
cdef enum:
    _STACK_CHARS = 512


cdef struct _Names:
    # Words held in C arrays for MonthScan and NamedForms: word i is chars[start[i]:start[i] + lens[i]]; and the
    # characters outside ASCII that `regex` matches to a word's character under (?i) (case_from[k] to case_to[k]).
    Py_UCS4* chars
    Py_ssize_t* start
    Py_ssize_t* lens
    Py_UCS4* case_from
    Py_UCS4* case_to
    Py_ssize_t ncases
    # _canon's answer for every character below U+0100: a line of accented Latin text reads each of its characters
    # there, where the search of the cases per character outside ASCII cost as many comparisons as the cases.
    Py_UCS4 latin[256]


cdef void _names_free(_Names* t):
    free(t.chars)
    free(t.start)
    free(t.lens)
    free(t.case_from)
    free(t.case_to)
    t.chars = t.case_from = t.case_to = NULL
    t.start = t.lens = NULL


cdef int _names_fill(_Names* t, list words, cases) except -1:
    """Fills `t` with `words` (non-empty strs, in their order) and `cases` (one character to one character; the
    ASCII ones are left out: `_canon` lower-cases ASCII itself), freeing what it held."""
    cdef list froms = [], tos = []
    cdef Py_ssize_t i, j, total = 0, pos = 0
    for key, value in cases.items():
        if not (isinstance(key, str) and isinstance(value, str) and len(key) == 1 and len(value) == 1):
            raise ValueError("cases maps one character to one character")
        if ord(key) >= 128:
            froms.append(ord(key))
            tos.append(ord(value))
    for w in words:
        if not isinstance(w, str) or not w:
            raise ValueError("a name is a non-empty str")
        total += len(w)
    _names_free(t)  # a second __init__ replaces the arrays
    t.ncases = len(froms)
    t.chars = <Py_UCS4*>malloc((total + 1) * sizeof(Py_UCS4))
    t.start = <Py_ssize_t*>malloc((len(words) + 1) * sizeof(Py_ssize_t))
    t.lens = <Py_ssize_t*>malloc((len(words) + 1) * sizeof(Py_ssize_t))
    t.case_from = <Py_UCS4*>malloc((t.ncases + 1) * sizeof(Py_UCS4))
    t.case_to = <Py_UCS4*>malloc((t.ncases + 1) * sizeof(Py_UCS4))
    if not (t.chars and t.start and t.lens and t.case_from and t.case_to):
        raise MemoryError()
    for i in range(t.ncases):
        t.case_from[i] = froms[i]
        t.case_to[i] = tos[i]
    for i in range(256):
        t.latin[i] = <Py_UCS4>(i + 32) if 65 <= i <= 90 else <Py_UCS4>i
    for i in range(t.ncases):
        if t.case_from[i] < 256:
            t.latin[t.case_from[i]] = t.case_to[i]
    for i in range(len(words)):
        w = words[i]
        t.start[i] = pos
        t.lens[i] = len(w)
        for j in range(len(w)):
            t.chars[pos + j] = ord(w[j])
        pos += len(w)
    return 0


cdef inline Py_UCS4 _canon(const _Names* t, Py_UCS4 ch):
    """`ch` as the words hold it: ASCII lower-cased, another character by the cases, else itself."""
    cdef Py_ssize_t i
    if ch < 256:
        return t.latin[ch]
    for i in range(t.ncases):
        if t.case_from[i] == ch:
            return t.case_to[i]
    return ch


cdef class MonthScan:
    """The month names of the date tables, for date_forms._named_masks: which tables' _month_gate matches a line, told
    in one pass over it instead of a case-insensitive search per table.

    `names` are month names as the tables hold them (lower case), `masks` the bits of the tables holding each, and
    `cases` maps each character outside ASCII that `regex` matches to a name's character under (?i) to that character
    ("İ" to "i", "K" (Kelvin) to "k", "Ä" to "ä"); ASCII letters are lower-cased here. The names are held in C arrays
    grouped by their first character, and a line is case-folded once into a C buffer, so a position of the line
    compares code points with the few names starting with its character, with no Python object in the loop (the
    scan of Python tuples and strs per position was a sixth of date_forms._found's time in the compiled build)."""

    cdef _Names _nm  # the names, grouped by their first character, and the cases
    cdef unsigned long long* _mask
    cdef Py_ssize_t _lo[128]  # the names starting with an ASCII character c are _lo[c] <= i < _hi[c]
    cdef Py_ssize_t _hi[128]
    cdef dict _other  # first character outside ASCII (its code point) -> (lo, hi) likewise
    # The screen _scan passes most positions with: a bit per three ASCII lower-case letters a name starts with (26 ** 3
    # codes), and the ASCII first characters some name of fewer than three characters starts with (not screened).
    cdef uint8_t _tri[2197]
    cdef bint _short[128]

    # No __cinit__: an extension type's memory comes zeroed (tp_alloc), so every pointer starts NULL for _free.

    def __dealloc__(self):
        self._free()

    cdef void _free(self):
        _names_free(&self._nm)
        free(self._mask)
        self._mask = NULL

    def __init__(self, names, masks, cases):
        cdef list entries = []
        cdef Py_ssize_t i, count, first
        for name, mask in zip(names, masks, strict=True):
            if not isinstance(name, str) or not name:
                raise ValueError("a month name is a non-empty str")
            if not 0 <= mask < 2**63:
                raise ValueError("a mask is a non-negative int below 2**63")
            entries.append((ord(name[0]), name, mask))
        entries.sort(key=lambda e: e[0])  # grouped by first character (stable: the names' order within a group)
        count = len(entries)
        self._free()  # a second __init__ replaces the arrays
        _names_fill(&self._nm, [e[1] for e in entries], cases)
        self._mask = <unsigned long long*>malloc((count + 1) * sizeof(unsigned long long))
        if not self._mask:
            raise MemoryError()
        for i in range(128):
            self._lo[i] = self._hi[i] = 0
            self._short[i] = False
        for i in range(2197):
            self._tri[i] = 0
        self._other = {}
        for i in range(count):
            first, name, mask = entries[i]
            self._mask[i] = mask
            if len(name) < 3:
                if first < 128:
                    self._short[first] = True
            elif all("a" <= c <= "z" for c in name[:3]):
                code = ((ord(name[0]) - 97) * 26 + ord(name[1]) - 97) * 26 + ord(name[2]) - 97
                self._tri[code >> 3] |= 1 << (code & 7)
            if first < 128:
                if self._hi[first] == 0:
                    self._lo[first] = i
                self._hi[first] = i + 1
            else:
                lo_hi = self._other.get(first)
                self._other[first] = (i if lo_hi is None else lo_hi[0], i + 1)

    cdef inline bint _word_at(self, int kind, void* data, Py_UCS4* canon, Py_ssize_t j, Py_ssize_t n, str word):
        # `word` (ASCII lower case) under (?i), then `regex`'s \s, at j.
        cdef Py_ssize_t m = PyUnicode_GET_LENGTH(word), i
        if j + m >= n:
            return False
        for i in range(m):
            if canon[j + i] != PyUnicode_READ(PyUnicode_KIND(word), PyUnicode_DATA(word), i):
                return False
        return _white(PyUnicode_READ(kind, data, j + m))

    cdef inline int _ends(self, int kind, void* data, Py_UCS4* canon, Py_ssize_t j, Py_ssize_t n):
        # Whether a name ending at j passes the gate's `(?:(?!\p{L})|(?=(?:de|del|of|the)\s))`: 1, 0, or -1 when the
        # character at j is outside the ranges where str.isalpha is known to agree with `regex`'s \p{L}.
        cdef Py_UCS4 ch
        cdef bint letter
        if j >= n:
            return 1
        ch = PyUnicode_READ(kind, data, j)
        if ch < 128:
            letter = (65 <= ch <= 90) or (97 <= ch <= 122)
        elif ch < 0x370 or 0x2000 <= ch < 0x2070:
            letter = Py_UNICODE_ISALPHA(ch)
        else:
            return -1
        if not letter:
            return 1
        return (
            self._word_at(kind, data, canon, j, n, "de")
            or self._word_at(kind, data, canon, j, n, "del")
            or self._word_at(kind, data, canon, j, n, "of")
            or self._word_at(kind, data, canon, j, n, "the")
        )

    def gated_rows(self, lines, rows, gate, unsure):
        """Those of `rows` (indexes into `lines`, in order) on which date_forms._found reads some form: the line holds
        date_forms._NUMERIC_GATE (`gate`, asked itself of a line beyond the BMP, as numeric_gate does), or some table
        both passes its _month_gate and may hold its day-first or month-first form (scan's masks; where scan cannot
        tell, `unsure(line)`, the gates themselves, as _found then reads every form of a table whose gate passes).
        _found finds no date on the others: find_dates reads them no further, with no call, memo entry or tuple each
        (date_forms._gated_rows, the twin, asks _found's own tests one row at a time)."""
        cdef list seq = lines if type(lines) is list else list(lines)
        cdef list out = []
        cdef object s, got, gates, day_first, month_first
        cdef Py_ssize_t i
        cdef int kind
        cdef bint numeric
        for i in rows:
            s = seq[i]
            if s is None:
                continue
            kind = PyUnicode_KIND(s)
            if kind == 4:
                numeric = gate.search(s) is not None
            else:
                numeric = _numeric(kind, PyUnicode_DATA(s), PyUnicode_GET_LENGTH(s))
            if numeric:
                out.append(i)
                continue
            got = self._read(s)
            if got is None:
                if unsure(s):
                    out.append(i)
                continue
            gates, day_first, month_first = <tuple>got
            if gates & (day_first | month_first):
                out.append(i)
        return out

    def scan(self, str text):
        """(gates, day_first, month_first): the union of the masks of the tables whose _month_gate matches `text`;
        of the names with a possible day before them (_day_may_end_before: an ASCII digit or a character outside
        ASCII just before them but for ordinal, spaces and filler, and no letter after them that would end the
        date's word); and of the names with a possible day after them (not after an ASCII letter or digit, and followed by
        an optional ".", ASCII whitespace and an ASCII digit or any character outside ASCII). A day-first or
        month-first date of date_forms (whose day is a digit) is read only where its bit is set. None when a name
        is followed by a character this cannot tell is a letter (the caller asks the gates and reads every form)."""
        return self._read(text)

    cdef object _read(self, str text):
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), k
        cdef Py_UCS4 stack[_STACK_CHARS]
        cdef Py_UCS4* canon = stack
        if n > _STACK_CHARS:
            canon = <Py_UCS4*>malloc(n * sizeof(Py_UCS4))
            if canon == NULL:
                raise MemoryError()
        try:
            for k in range(n):
                canon[k] = _canon(&self._nm, PyUnicode_READ(PyUnicode_KIND(text), PyUnicode_DATA(text), k))
            return self._scan(text, canon, n)
        finally:
            if canon != stack:
                free(canon)

    cdef object _scan(self, str text, Py_UCS4* canon, Py_ssize_t n):
        cdef Py_ssize_t k, i, j, m, e, lo, hi, at, code
        cdef int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef int ends
        cdef Py_UCS4 ch, raw, c1, c2
        cdef unsigned long long found = 0, day_first = 0, month_first = 0
        cdef bint same, digit_before = False, alnum_before = False
        for k in range(n):
            raw = PyUnicode_READ(kind, data, k)
            ch = canon[k]
            if ch < 128:
                lo = self._lo[ch]
                hi = self._hi[ch]
                # Three ASCII letters no name starts with: no name matches here (one holding any other character in
                # its first three cannot either), so the names starting with ch are not compared one by one.
                if hi > lo and k + 2 < n and not self._short[ch] and 97 <= ch <= 122:
                    c1 = canon[k + 1]
                    c2 = canon[k + 2]
                    if 97 <= c1 <= 122 and 97 <= c2 <= 122:
                        code = ((<Py_ssize_t>ch - 97) * 26 + <Py_ssize_t>c1 - 97) * 26 + <Py_ssize_t>c2 - 97
                        if not (self._tri[code >> 3] & (1 << (code & 7))):
                            hi = lo
            else:
                lo_hi = self._other.get(<long>ch)
                if lo_hi is None:
                    lo = hi = 0
                else:
                    lo, hi = lo_hi
            for e in range(lo, hi):
                m = self._nm.lens[e]
                if k + m > n:
                    continue
                at = self._nm.start[e]
                same = True
                for i in range(1, m):
                    if canon[k + i] != self._nm.chars[at + i]:
                        same = False
                        break
                if not same:
                    continue
                ends = self._ends(kind, data, canon, k + m, n)
                if ends < 0:
                    return None
                if ends:
                    found |= self._mask[e]
                if digit_before and _day_may_end_before(kind, data, k, k + m, n):
                    day_first |= self._mask[e]
                if not alnum_before:
                    j = k + m
                    if j < n and PyUnicode_READ(kind, data, j) == 46:  # "."
                        j += 1
                    while j < n and PyUnicode_READ(kind, data, j) < 128 and _white(PyUnicode_READ(kind, data, j)):
                        j += 1
                    if j < n and (PyUnicode_READ(kind, data, j) >= 128 or 48 <= PyUnicode_READ(kind, data, j) <= 57):
                        month_first |= self._mask[e]
            if raw >= 128 or 48 <= raw <= 57:
                digit_before = True
            alnum_before = raw < 128 and ((48 <= raw <= 57) or (65 <= raw <= 90) or (97 <= raw <= 122))
        return found, day_first, month_first


# The code points whose `regex` classes under (?i) the named-date reader knows (tests/test_native_dates.py checks them
# all): \p{L} is str.isalpha, \d holds only ASCII's digits, and \s is _white. A line holding any other is left to the
# regexes. U+0345 is out: it is no letter, but under (?i) `regex` reads it as the letter it folds to (iota).
cdef inline bint _known(Py_UCS4 ch):
    return (ch < 0x370 and ch != 0x345) or (0x2000 <= ch < 0x2070) or (0x20A0 <= ch < 0x2C00)


cdef enum:
    _LETTER = 1
    _NUMBER = 2
    _SPACE = 4
    _NO_MATCH = -1


cdef class NamedForms:
    """One date table's day-first and month-first forms (date_forms.forms_of's patterns 1 and 2), read at each
    position of a line by a backtracking match written for their shape, in the regexes' order of alternatives, so
    that each match and its groups are the regexes' (pure twin: date_forms._named_spans, the regex's finditer).

    `months` and `weekdays` are the table's names in its alternation's order (date_tables.alternation: longest
    first, then alphabetical), `cases` the characters outside ASCII that `regex` matches to a name's, ordinal's or
    filler's character under (?i), as MonthScan's. Its scan of a 45-character line costs what calling the regex
    costs before it reads a character; the regexes tried a case-insensitive alternation at every offset."""

    cdef _Names _nm  # the months' and weekdays' characters, and the cases
    cdef Py_ssize_t _nmonths
    cdef Py_ssize_t _nwords
    # The line being read: its characters case-folded and their classes (_LETTER, _NUMBER, _SPACE), its length, and
    # the groups of the path being tried (a group not in the path is -1).
    cdef Py_UCS4* _c
    cdef unsigned char* _k
    cdef Py_ssize_t _n
    cdef Py_ssize_t _mon_s, _mon_e, _day_s, _day_e, _year_s, _year_e, _yy_s, _yy_e
    # The case-folded characters a match of each form can start with (_finditer's screen): [0] the day-first form's (a
    # weekday's first character or an ASCII digit), [1] the month-first form's (a weekday's or a month's first
    # character); an ASCII one by its flag, and whether any outside ASCII can.
    cdef uint8_t _starts[2][128]
    cdef bint _wide_start[2]
    # The words by their first character, each group (0 the months, 1 the weekdays) in its alternation's order:
    # _head[group][c] is the group's first word starting with the ASCII character c (-1 for none), _next[w] the next
    # word of w's group starting with w's first character (-1 for none). A position is tried with those words only,
    # where every name of the table was compared in turn (a weekday at each day's digit, most of _finditer's time).
    cdef Py_ssize_t _head[2][128]
    cdef Py_ssize_t* _next

    def __dealloc__(self):
        self._free()

    cdef void _free(self):
        _names_free(&self._nm)
        free(self._next)
        self._next = NULL

    def __init__(self, months, weekdays, cases):
        cdef list words = [*months, *weekdays]
        cdef Py_ssize_t w, form, c
        cdef Py_UCS4 first
        cdef Py_ssize_t group
        self._free()  # a second __init__ replaces the arrays
        _names_fill(&self._nm, words, cases)
        self._nmonths = len(months)
        self._nwords = len(words)
        self._next = <Py_ssize_t*>malloc((self._nwords + 1) * sizeof(Py_ssize_t))
        if not self._next:
            raise MemoryError()
        for group in range(2):
            for c in range(128):
                self._head[group][c] = -1
        for w in range(self._nwords - 1, -1, -1):  # backwards: each word is put in front of the later ones
            first = self._nm.chars[self._nm.start[w]]
            group = 0 if w < self._nmonths else 1
            self._next[w] = -1
            if first < 128:
                self._next[w] = self._head[group][first]
                self._head[group][first] = w
        for form in range(2):
            self._wide_start[form] = False
            for c in range(128):
                self._starts[form][c] = 48 <= c <= 57 if form == 0 else 0  # the day-first form's day: `[0-3]?\d`
        for w in range(self._nwords):
            first = self._nm.chars[self._nm.start[w]]
            for form in range(2):
                if w < self._nmonths and form == 0:
                    continue  # the day-first form starts with a weekday or the day, never the month
                if first < 128:
                    self._starts[form][first] = 1
                else:
                    self._wide_start[form] = True

    def read(self, str text, bint day_first):
        """The matches of the day-first form (or the month-first one) in `text`, leftmost first, as
        date_forms._named_spans gives them; None when `text` holds a character the reader does not know (_known)."""
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(text), k
        cdef int kind = PyUnicode_KIND(text)
        cdef void* data = PyUnicode_DATA(text)
        cdef Py_UCS4 ch
        cdef unsigned char cls
        cdef Py_UCS4 cstack[_STACK_CHARS]
        cdef unsigned char kstack[_STACK_CHARS]
        cdef Py_UCS4* canon = cstack
        cdef unsigned char* classes = kstack
        for k in range(n):
            if not _known(PyUnicode_READ(kind, data, k)):
                return None
        if n > _STACK_CHARS:
            canon = <Py_UCS4*>malloc(n * sizeof(Py_UCS4))
            classes = <unsigned char*>malloc(n)
            if canon == NULL or classes == NULL:
                free(canon)
                free(classes)
                raise MemoryError()
        try:
            for k in range(n):
                ch = PyUnicode_READ(kind, data, k)
                canon[k] = _canon(&self._nm, ch)
                if ch < 128:
                    cls = _LETTER if (65 <= ch <= 90 or 97 <= ch <= 122) else (_NUMBER if 48 <= ch <= 57 else 0)
                else:
                    cls = _LETTER if Py_UNICODE_ISALPHA(ch) else 0
                if _white(ch):
                    cls |= _SPACE
                classes[k] = cls
            self._c = canon
            self._k = classes
            self._n = n
            return self._finditer(day_first)
        finally:
            self._c = NULL
            self._k = NULL
            if canon != cstack:
                free(canon)
                free(classes)

    cdef list _finditer(self, bint day_first):
        cdef list out = []
        cdef Py_ssize_t s = 0, end
        cdef int form = 0 if day_first else 1
        cdef Py_UCS4 ch
        cdef bint may_start
        while s < self._n:
            end = _NO_MATCH
            # Every path of the form starts with a name or the day: an offset whose character starts none of them is
            # passed without trying the weekdays one by one (most offsets of a line).
            ch = self._c[s]
            may_start = self._starts[form][ch] if ch < 128 else self._wide_start[form]
            if may_start and (s == 0 or not (self._k[s - 1] & (_LETTER | _NUMBER))):  # (?<![\p{L}\d])
                end = self._day_first(s) if day_first else self._month_first(s)
            if end == _NO_MATCH:
                s += 1
                continue
            out.append(
                (s, end, self._mon_s, self._mon_e, self._day_s, self._day_e, self._year_s, self._year_e)
                + ((self._yy_s, self._yy_e) if day_first else ())
            )
            s = end  # matches hold a day: never empty
        return out

    # Each step below tries its alternatives in the regex's order and returns the end of the first path the rest of
    # the pattern completes, or _NO_MATCH. A run of \s is taken whole where what follows it cannot start with \s.

    cdef inline Py_ssize_t _lit(self, Py_ssize_t p, const char* word, Py_ssize_t m):
        # The ASCII lower-case `word` (m characters) under (?i) at p: its end, or _NO_MATCH.
        cdef Py_ssize_t i
        if p + m > self._n:
            return _NO_MATCH
        for i in range(m):
            if self._c[p + i] != <Py_UCS4>word[i]:
                return _NO_MATCH
        return p + m

    cdef inline Py_ssize_t _word(self, Py_ssize_t p, Py_ssize_t w):
        cdef Py_ssize_t i, m = self._nm.lens[w], at = self._nm.start[w]
        if p + m > self._n:
            return _NO_MATCH
        for i in range(m):
            if self._c[p + i] != self._nm.chars[at + i]:
                return _NO_MATCH
        return p + m

    cdef inline Py_ssize_t _next_at(self, int group, Py_ssize_t p, Py_ssize_t after):
        # The next word of `group` (0 the months, 1 the weekdays) after word `after` (-1: from the group's first), in
        # the alternation's order, whose first character is the line's at p: the only ones that can match there.
        cdef Py_UCS4 ch
        cdef Py_ssize_t w, hi
        if p >= self._n:
            return -1
        ch = self._c[p]
        if ch < 128:
            return self._head[group][ch] if after < 0 else self._next[after]
        w = (0 if group == 0 else self._nmonths) if after < 0 else after + 1
        hi = self._nmonths if group == 0 else self._nwords
        while w < hi:
            if self._nm.chars[self._nm.start[w]] == ch:
                return w
            w += 1
        return -1

    cdef inline Py_ssize_t _spaces(self, Py_ssize_t p):
        while p < self._n and self._k[p] & _SPACE:
            p += 1
        return p

    cdef inline bint _is(self, Py_ssize_t p, Py_UCS4 ch):
        return 0 <= p < self._n and self._c[p] == ch

    cdef inline bint _digit_at(self, Py_ssize_t p):
        return p < self._n and (self._k[p] & _NUMBER) != 0

    cdef Py_ssize_t _weekday_then(self, Py_ssize_t s, bint day_first):
        # `(?:(?:weekdays)\.?,?\s+)?` then the rest of the form: each weekday in order, then none.
        cdef Py_ssize_t w, p, q, r, t, end, dot, comma
        w = self._next_at(1, s, -1)
        while w >= 0:
            p = self._word(s, w)
            w = self._next_at(1, s, w)
            if p == _NO_MATCH:
                continue
            for dot in range(1 if self._is(p, 46) else 0, -1, -1):  # "."
                q = p + dot
                for comma in range(1 if self._is(q, 44) else 0, -1, -1):  # ","
                    r = q + comma
                    t = self._spaces(r)
                    if t == r:
                        continue
                    end = self._day_then(t) if day_first else self._month_then(t)
                    if end != _NO_MATCH:
                        return end
        return self._day_then(s) if day_first else self._month_then(s)

    cdef Py_ssize_t _day_first(self, Py_ssize_t s):
        return self._weekday_then(s, True)

    cdef Py_ssize_t _month_first(self, Py_ssize_t s):
        return self._weekday_then(s, False)

    cdef Py_ssize_t _day_then(self, Py_ssize_t p):
        # Day first: `(?P<day>[0-3]?\d)`, then the ordinal, \s*, a filler and the month.
        cdef Py_ssize_t width, e, end
        for width in range(2, 0, -1):
            if width == 2 and not (self._is(p, 48) or self._is(p, 49) or self._is(p, 50) or self._is(p, 51)):
                continue  # [0-3]
            if not self._digit_at(p + width - 1):
                continue
            e = p + width
            self._day_s, self._day_e = p, e
            end = self._ordinal_then(e)
            if end != _NO_MATCH:
                return end
        return _NO_MATCH

    cdef Py_ssize_t _ordinal_then(self, Py_ssize_t p):
        # `(?:st|nd|rd|th|er|e|º|°|ª|\.)?\s*`, then the filler and the month.
        cdef Py_ssize_t q, end, option
        for option in range(11):
            if option == 0:
                q = self._lit(p, b"st", 2)
            elif option == 1:
                q = self._lit(p, b"nd", 2)
            elif option == 2:
                q = self._lit(p, b"rd", 2)
            elif option == 3:
                q = self._lit(p, b"th", 2)
            elif option == 4:
                q = self._lit(p, b"er", 2)
            elif option == 5:
                q = self._lit(p, b"e", 1)
            elif option == 6:
                q = p + 1 if self._is(p, 0xBA) else _NO_MATCH  # º
            elif option == 7:
                q = p + 1 if self._is(p, 0xB0) else _NO_MATCH  # °
            elif option == 8:
                q = p + 1 if self._is(p, 0xAA) else _NO_MATCH  # ª
            elif option == 9:
                q = p + 1 if self._is(p, 46) else _NO_MATCH  # "."
            else:
                q = p
            if q == _NO_MATCH:
                continue
            end = self._filler_then(self._spaces(q), 0)
            if end != _NO_MATCH:
                return end
        return _NO_MATCH

    cdef Py_ssize_t _filler(self, Py_ssize_t p, int option):
        # `(?:de|del|of|the)\s+` by alternative (0-3): its end, or _NO_MATCH.
        cdef Py_ssize_t q, t
        if option == 0:
            q = self._lit(p, b"de", 2)
        elif option == 1:
            q = self._lit(p, b"del", 3)
        elif option == 2:
            q = self._lit(p, b"of", 2)
        else:
            q = self._lit(p, b"the", 3)
        if q == _NO_MATCH:
            return _NO_MATCH
        t = self._spaces(q)
        return t if t > q else _NO_MATCH

    cdef Py_ssize_t _filler_then(self, Py_ssize_t p, int then):
        # `(?:(?:de|del|of|the)\s+)?`, then the month (then == 0) or the year (then == 1).
        cdef Py_ssize_t q, end
        cdef int option
        for option in range(5):
            q = self._filler(p, option) if option < 4 else p
            if q == _NO_MATCH:
                continue
            end = self._month_day_first(q) if then == 0 else self._year_then(q)
            if end != _NO_MATCH:
                return end
        return _NO_MATCH

    cdef Py_ssize_t _month_day_first(self, Py_ssize_t p):
        # `(?P<mon>months)\.?` then the day-first form's year.
        cdef Py_ssize_t w, q, end, dot
        w = self._next_at(0, p, -1)
        while w >= 0:
            q = self._word(p, w)
            w = self._next_at(0, p, w)
            if q == _NO_MATCH:
                continue
            for dot in range(1 if self._is(q, 46) else 0, -1, -1):
                self._mon_s, self._mon_e = p, q
                end = self._year_day_first(q + dot)
                if end != _NO_MATCH:
                    return end
        return _NO_MATCH

    cdef inline bint _free_after(self, Py_ssize_t p):
        # `(?![\p{L}\d])` at p.
        return p >= self._n or not (self._k[p] & (_LETTER | _NUMBER))

    cdef Py_ssize_t _year_then(self, Py_ssize_t p):
        # `(?P<year>(?:19|20)\d\d)` then `(?![\p{L}\d])`.
        if not ((self._is(p, 49) and self._is(p + 1, 57)) or (self._is(p, 50) and self._is(p + 1, 48))):
            return _NO_MATCH
        if not (self._digit_at(p + 2) and self._digit_at(p + 3) and self._free_after(p + 4)):
            return _NO_MATCH
        self._year_s, self._year_e = p, p + 4
        return p + 4

    cdef Py_ssize_t _year_day_first(self, Py_ssize_t p):
        # `(?:,?\s*filler(?P<year>…)|(?<=\d\.\p{L}+\.)(?P<yy>\d\d))?(?![\p{L}\d])`.
        cdef Py_ssize_t q, j, end, comma
        self._year_s = self._year_e = self._yy_s = self._yy_e = -1
        for comma in range(1 if self._is(p, 44) else 0, -1, -1):
            q = p + comma
            end = self._filler_then(self._spaces(q), 1)
            if end != _NO_MATCH:
                return end
        self._year_s = self._year_e = -1
        if self._is(p - 1, 46) and p >= 2 and self._k[p - 2] & _LETTER:
            j = p - 2
            while j >= 0 and self._k[j] & _LETTER:
                j -= 1
            if j >= 1 and self._c[j] == 46 and self._k[j - 1] & _NUMBER:
                if self._digit_at(p) and self._digit_at(p + 1) and self._free_after(p + 2):
                    self._yy_s, self._yy_e = p, p + 2
                    return p + 2
        return p if self._free_after(p) else _NO_MATCH

    cdef Py_ssize_t _month_then(self, Py_ssize_t p):
        # Month first: `(?P<mon>months)\.?\s*(?P<day>[0-3]?\d)(?:st|nd|rd|th)?(?:,?\s+year)?(?![\p{L}\d:.])`.
        cdef Py_ssize_t w, q, t, e, d, o, end, dot, width, option, comma, r, v
        w = self._next_at(0, p, -1)
        while w >= 0:
            q = self._word(p, w)
            w = self._next_at(0, p, w)
            if q == _NO_MATCH:
                continue
            for dot in range(1 if self._is(q, 46) else 0, -1, -1):
                t = self._spaces(q + dot)
                for width in range(2, 0, -1):
                    if width == 2 and not (self._is(t, 48) or self._is(t, 49) or self._is(t, 50) or self._is(t, 51)):
                        continue
                    if not self._digit_at(t + width - 1):
                        continue
                    d = t + width
                    for option in range(5):
                        if option == 0:
                            o = self._lit(d, b"st", 2)
                        elif option == 1:
                            o = self._lit(d, b"nd", 2)
                        elif option == 2:
                            o = self._lit(d, b"rd", 2)
                        elif option == 3:
                            o = self._lit(d, b"th", 2)
                        else:
                            o = d
                        if o == _NO_MATCH:
                            continue
                        self._mon_s, self._mon_e = p, q
                        self._day_s, self._day_e = t, d
                        for comma in range(1 if self._is(o, 44) else 0, -1, -1):
                            r = o + comma
                            v = self._spaces(r)
                            if v == r:
                                continue
                            end = self._year_then(v)
                            if end != _NO_MATCH and self._month_first_end(end):
                                return end
                        self._year_s = self._year_e = -1
                        if self._month_first_end(o):
                            return o
        return _NO_MATCH

    cdef inline bint _month_first_end(self, Py_ssize_t p):
        # `(?![\p{L}\d:.])` at p.
        return self._free_after(p) and not (self._is(p, 58) or self._is(p, 46))


# The ISO and the numeric date forms (date_forms.forms_of's patterns 0 and 3), read by a backtracking match written
# for their shape: every optional piece is tried greedy first, as `regex` tries it, so each match and each group's
# span is the regex's. A missing group's span is (-1, -1).
cdef struct _Text:
    int kind
    void* data
    Py_ssize_t n


cdef inline Py_UCS4 _at(const _Text* t, Py_ssize_t p):
    # The character at p, or 0 (which no piece of either form matches) past the end.
    return PyUnicode_READ(t.kind, t.data, p) if 0 <= p < t.n else 0


cdef inline bint _dig(const _Text* t, Py_ssize_t p):
    return 0 <= p < t.n and _digit(PyUnicode_READ(t.kind, t.data, p))


cdef inline bint _between(const _Text* t, Py_ssize_t p, Py_UCS4 lo, Py_UCS4 hi):
    # `[lo-hi]` at p, an ASCII range.
    cdef Py_UCS4 ch = _at(t, p)
    return lo <= ch <= hi and ch != 0


cdef inline Py_ssize_t _century_year(const _Text* t, Py_ssize_t p):
    # `(?:19|20)\d\d` at p: its end, or -1.
    cdef Py_UCS4 a = _at(t, p), b = _at(t, p + 1)
    if ((a == 49 and b == 57) or (a == 50 and b == 48)) and _dig(t, p + 2) and _dig(t, p + 3):
        return p + 4
    return -1


cdef inline Py_ssize_t _zone_end(const _Text* t, Py_ssize_t p, int option):
    # Option 0 of `(?P<iso_tz>Z|[+-]\d{2}:?\d{2})` at p ("Z", or the offset with its colon), option 1 (the offset
    # without one): its end, or -1.
    cdef Py_UCS4 ch = _at(t, p)
    if ch == 90:  # Z
        return p + 1 if option == 0 else -1
    if not ((ch == 43 or ch == 45) and _dig(t, p + 1) and _dig(t, p + 2)):
        return -1
    if option == 0:
        return p + 6 if _at(t, p + 3) == 58 and _dig(t, p + 4) and _dig(t, p + 5) else -1
    return p + 5 if _dig(t, p + 3) and _dig(t, p + 4) else -1


cdef Py_ssize_t _iso_time(const _Text* t, Py_ssize_t e, Py_ssize_t* spans):
    # `(?:[T ](?P<iso_time>\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(?P<iso_tz>…)?)?(?![\d])` at e, the time group taken: the
    # match's end with the time's and zone's spans in spans[0:4], or -1 when no time can be read there.
    cdef Py_ssize_t m, te, z, k
    cdef Py_ssize_t ends[3]
    cdef int count = 0, i, option
    cdef Py_UCS4 ch = _at(t, e)
    if not (ch == 84 or ch == 32):  # T or a space
        return -1
    if not (_dig(t, e + 1) and _dig(t, e + 2) and _at(t, e + 3) == 58 and _dig(t, e + 4) and _dig(t, e + 5)):
        return -1
    m = e + 6
    if _at(t, m) == 58 and _dig(t, m + 1) and _dig(t, m + 2):
        te = m + 3
        if _at(t, te) == 46 and _dig(t, te + 1):
            # `\.\d+` greedy: only its longest run can be followed by what comes next (a shorter one leaves a digit).
            k = te + 1
            while _dig(t, k):
                k += 1
            ends[count] = k
            count += 1
        ends[count] = te
        count += 1
    ends[count] = m
    count += 1
    for i in range(count):
        te = ends[i]
        for option in range(2):
            z = _zone_end(t, te, option)
            if z >= 0 and not _dig(t, z):
                spans[0], spans[1], spans[2], spans[3] = e + 1, te, te, z
                return z
        if not _dig(t, te):
            spans[0], spans[1], spans[2], spans[3] = e + 1, te, -1, -1
            return te
    return -1


cdef Py_ssize_t _iso_at(const _Text* t, Py_ssize_t p, Py_ssize_t* spans):
    # The ISO form at p: its end with its groups' spans (year, month, day, iso_time, iso_tz) in spans[0:10], or -1.
    cdef Py_ssize_t q, r, e, end, month_e
    cdef Py_ssize_t lens[2]
    cdef Py_UCS4 sep
    cdef int i, count
    if p > 0 and _dig(t, p - 1):
        return -1
    if _century_year(t, p) < 0:
        return -1
    sep = _at(t, p + 4)
    if not _separator(sep):
        return -1
    q = p + 5
    # `[01]?\d(?P=sep)`: when `[01]\d` fits, the second character is a digit, so the shorter reading cannot meet sep.
    if _between(t, q, 48, 49) and _dig(t, q + 1) and _at(t, q + 2) == sep:
        month_e = q + 2
    elif _dig(t, q) and _at(t, q + 1) == sep:
        month_e = q + 1
    else:
        return -1
    r = month_e + 1
    count = 0
    if _between(t, r, 48, 51) and _dig(t, r + 1):
        lens[count] = 2
        count += 1
    if _dig(t, r):
        lens[count] = 1
        count += 1
    for i in range(count):
        e = r + lens[i]
        spans[0], spans[1], spans[2], spans[3], spans[4], spans[5] = p, p + 4, q, month_e, r, e
        end = _iso_time(t, e, spans + 6)
        if end >= 0:
            return end
        if not _dig(t, e):
            spans[6] = spans[7] = spans[8] = spans[9] = -1
            return e
    return -1


cdef Py_ssize_t _numeric_year(const _Text* t, Py_ssize_t y, Py_ssize_t* spans):
    # `(?P<year>(?:19|20)\d\d|\d\d)(?![\d])` at y: its end with the year's span in spans[0:2], or -1.
    cdef Py_ssize_t end = _century_year(t, y)
    if end >= 0 and not _dig(t, end):
        spans[0], spans[1] = y, end
        return end
    if _dig(t, y) and _dig(t, y + 1) and not _dig(t, y + 2):
        spans[0], spans[1] = y, y + 2
        return y + 2
    return -1


cdef inline int _optional_space(const _Text* t, Py_ssize_t p, Py_ssize_t* at):
    # `\s?` at p, greedy: the positions after it in the order `regex` tries them.
    if _white(_at(t, p)):
        at[0], at[1] = p + 1, p
        return 2
    at[0] = p
    return 1


cdef inline int _short_number(const _Text* t, Py_ssize_t p, Py_UCS4 top, Py_ssize_t* ends):
    # `[0-top]?\d` at p, greedy: its ends in the order `regex` tries them.
    cdef int count = 0
    if _between(t, p, 48, top) and _dig(t, p + 1):
        ends[count] = p + 2
        count += 1
    if _dig(t, p):
        ends[count] = p + 1
        count += 1
    return count


cdef Py_ssize_t _numeric_at(const _Text* t, Py_ssize_t p, Py_ssize_t* spans):
    # The numeric form at p: its end with its groups' spans (a, sep, b, year) in spans[0:8], or -1.
    cdef Py_ssize_t a_e, b_e, end
    cdef Py_ssize_t a_ends[2]
    cdef Py_ssize_t b_ends[2]
    cdef Py_ssize_t firsts[2]
    cdef Py_ssize_t years[2]
    cdef int na, nb, nf, ny, i, j, k, l
    cdef Py_UCS4 prev, sep
    if p > 0:
        prev = _at(t, p - 1)
        if _digit(prev) or _separator(prev):
            return -1
    na = _short_number(t, p, 51, a_ends)
    for i in range(na):
        a_e = a_ends[i]
        sep = _at(t, a_e)
        if not _separator(sep):
            continue
        nf = _optional_space(t, a_e + 1, firsts)
        for j in range(nf):
            nb = _short_number(t, firsts[j], 49, b_ends)
            for k in range(nb):
                b_e = b_ends[k]
                if _at(t, b_e) != sep:
                    continue
                ny = _optional_space(t, b_e + 1, years)
                for l in range(ny):
                    end = _numeric_year(t, years[l], spans + 6)
                    if end >= 0:
                        spans[0], spans[1], spans[2], spans[3] = p, a_e, a_e, a_e + 1
                        spans[4], spans[5] = firsts[j], b_e
                        return end
    return -1


cdef list _form_rows(const _Text* t, bint iso):
    # finditer of one form: a match's row is its span, then its groups' spans.
    cdef list out = []
    cdef Py_ssize_t p = 0, end
    cdef Py_ssize_t g[10]
    while p < t.n:
        end = _iso_at(t, p, g) if iso else _numeric_at(t, p, g)
        if end < 0:
            p += 1
            continue
        if iso:
            out.append((p, end, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9]))
        else:
            out.append((p, end, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7]))
        p = end
    return out


def numeric_forms(str text):
    """The matches of the ISO and the numeric forms (date_forms.forms_of's patterns 0 and 3) in `text`, each a row of
    its span and its groups' spans (date_forms._numeric_spans, the twin, asks the patterns): read in one pass per form
    instead of a `regex` scan and a match object per date. None for a text with a character beyond the BMP, where
    `regex`'s digits are not CPython's (time_gate): date_forms then asks the patterns."""
    cdef _Text t
    if PyUnicode_KIND(text) == 4:
        return None
    t.kind = PyUnicode_KIND(text)
    t.data = PyUnicode_DATA(text)
    t.n = PyUnicode_GET_LENGTH(text)
    return _form_rows(&t, True), _form_rows(&t, False)


# date_times.TIME, read by a match written for its shape (pure twin: date_times._time_spans, the regex's finditer).
# Past its minutes and seconds every piece of TIME is optional, so the first path `regex` completes takes each
# optional piece greedily where it can be read at all; before them, `[0-2]?\d` has one reading at most (its shorter
# one needs the separator where the longer one needs a digit) and the seconds give way to `(?![\d])`.
cdef enum:
    _TIME_UNKNOWN = -2  # a character the reader cannot tell is a letter stands where TIME's zone asks (?![\p{L}])


cdef inline Py_UCS4 _time_fold(Py_UCS4 ch):
    # A character as TIME's case-insensitive letters read it: ASCII lower-cased, and the long s, which `regex` matches
    # to "s" under (?i) (no other character outside ASCII matches a letter of TIME's: tests/test_native_dates.py).
    if 65 <= ch <= 90:
        return <Py_UCS4>(<Py_ssize_t>ch + 32)
    return 115 if ch == 0x17F else ch


cdef inline Py_ssize_t _time_word(const _Text* t, Py_ssize_t p, const char* word, Py_ssize_t m):
    # The ASCII lower-case `word` (m characters) under (?i) at p: its end, or -1.
    cdef Py_ssize_t i
    for i in range(m):
        if _time_fold(_at(t, p + i)) != <Py_UCS4>word[i]:
            return -1
    return p + m


cdef inline Py_ssize_t _white_run(const _Text* t, Py_ssize_t p):
    # `\s*` at p, greedy: its end.
    while p < t.n and _white(PyUnicode_READ(t.kind, t.data, p)):
        p += 1
    return p


cdef inline int _no_letter(const _Text* t, Py_ssize_t p):
    # `(?![\p{L}])` at p under (?i): 1 or 0, or _TIME_UNKNOWN outside the ranges where str.isalpha is `regex`'s \p{L}
    # (and U+0345, which `regex` reads under (?i) as the letter it folds to).
    cdef Py_UCS4 ch
    if p >= t.n:
        return 1
    ch = PyUnicode_READ(t.kind, t.data, p)
    if ch < 128:
        return not ((65 <= ch <= 90) or (97 <= ch <= 122))
    if (ch < 0x370 and ch != 0x345) or 0x2000 <= ch < 0x2070:
        return not Py_UNICODE_ISALPHA(ch)
    return _TIME_UNKNOWN


cdef Py_ssize_t _ampm_end(const _Text* t, Py_ssize_t p):
    # `[ap]\.?\s?m\.?` at p (under (?i)): its end, or -1.
    cdef Py_ssize_t q, r, dot, space
    cdef Py_UCS4 ch = _time_fold(_at(t, p))
    if not (ch == 97 or ch == 112):  # a p
        return -1
    for dot in range(1 if _at(t, p + 1) == 46 else 0, -1, -1):
        q = p + 1 + dot
        for space in range(1 if _white(_at(t, q)) else 0, -1, -1):
            r = q + space
            if _time_fold(_at(t, r)) == 109:  # m
                return r + 2 if _at(t, r + 1) == 46 else r + 1
    return -1


cdef Py_ssize_t _unit_end(const _Text* t, Py_ssize_t p):
    # `(?:uhr|hrs?|horas|h|ore|uur)` at p (under (?i)), its alternatives in order: its end, or -1.
    cdef Py_ssize_t q = _time_word(t, p, b"uhr", 3)
    if q >= 0:
        return q
    q = _time_word(t, p, b"hr", 2)
    if q >= 0:
        return q + 1 if _time_fold(_at(t, q)) == 115 else q  # s
    q = _time_word(t, p, b"horas", 5)
    if q < 0:
        q = _time_word(t, p, b"h", 1)
    if q < 0:
        q = _time_word(t, p, b"ore", 3)
    if q < 0:
        q = _time_word(t, p, b"uur", 3)
    return q


cdef Py_ssize_t _zone_after(const _Text* t, Py_ssize_t p, Py_ssize_t* span):
    # `\(?(?P<tz>(?-i:[A-Z]{1,4})|[+-]\d{2}:?\d{2})(?![\p{L}])` at p: its end with the zone's span in span[0:2], -1,
    # or _TIME_UNKNOWN.
    cdef Py_ssize_t z, count, k, y, paren, colon
    cdef int free
    cdef Py_UCS4 ch
    for paren in range(1 if _at(t, p) == 40 else 0, -1, -1):  # "("
        z = p + paren
        count = 0
        while count < 4 and 65 <= _at(t, z + count) <= 90:
            count += 1
        for k in range(count, 0, -1):
            free = _no_letter(t, z + k)
            if free == _TIME_UNKNOWN:
                return _TIME_UNKNOWN
            if free:
                span[0], span[1] = z, z + k
                return z + k
        ch = _at(t, z)
        if (ch == 43 or ch == 45) and _dig(t, z + 1) and _dig(t, z + 2):  # + -
            for colon in range(1 if _at(t, z + 3) == 58 else 0, -1, -1):
                y = z + 3 + colon
                if _dig(t, y) and _dig(t, y + 1):
                    free = _no_letter(t, y + 2)
                    if free == _TIME_UNKNOWN:
                        return _TIME_UNKNOWN
                    if free:
                        span[0], span[1] = z, y + 2
                        return y + 2
    return -1


cdef Py_ssize_t _time_at(const _Text* t, Py_ssize_t p, Py_ssize_t* g):
    # TIME at p: its end with its groups' spans (h, m, s, ampm, tz) in g[0:10], -1, or _TIME_UNKNOWN.
    cdef Py_ssize_t h_e, m_s, m_e, e, q, r
    cdef Py_UCS4 ch
    if p > 0:
        ch = _at(t, p - 1)
        if _digit(ch) or ch == 58 or ch == 46:  # (?<![\d:.])
            return -1
    if _between(t, p, 48, 50) and _dig(t, p + 1):
        h_e = p + 2
    elif _dig(t, p):
        h_e = p + 1
    else:
        return -1
    ch = _time_fold(_at(t, h_e))
    if not (ch == 58 or ch == 46 or ch == 104):  # : . h
        return -1
    m_s = h_e + 1
    if not (_between(t, m_s, 48, 53) and _dig(t, m_s + 1)):
        return -1
    m_e = m_s + 2
    g[0], g[1], g[2], g[3] = p, h_e, m_s, m_e
    g[4] = g[5] = g[6] = g[7] = g[8] = g[9] = -1
    if _at(t, m_e) == 58 and _between(t, m_e + 1, 48, 53) and _dig(t, m_e + 2) and not _dig(t, m_e + 3):
        g[4], g[5] = m_e + 1, m_e + 3
        e = m_e + 3
    elif not _dig(t, m_e):
        e = m_e
    else:
        return -1
    e = _white_run(t, e)
    r = _ampm_end(t, e)
    if r >= 0:
        g[6], g[7] = e, r
        e = r
    r = _unit_end(t, _white_run(t, e))
    if r >= 0:
        e = r
    r = _zone_after(t, _white_run(t, e), g + 8)
    if r == _TIME_UNKNOWN:
        return _TIME_UNKNOWN
    return r if r >= 0 else e


def time_matches(str text):
    """The matches of date_times.TIME in `text`, leftmost first, each a row of its span and its groups' spans (h, m,
    s, ampm, tz; (-1, -1) for a group it does not hold), as date_times._time_spans, the twin, reads them with the
    regex: without a `regex` scan and a match object per time. None for a text with a character beyond the BMP (whose
    digits `regex` and CPython may not agree on, as numeric_forms) or one the zone's (?![\\p{L}]) cannot tell."""
    cdef _Text t
    cdef list out = []
    cdef Py_ssize_t p = 0, end
    cdef Py_ssize_t g[10]
    if PyUnicode_KIND(text) == 4:
        return None
    t.kind = PyUnicode_KIND(text)
    t.data = PyUnicode_DATA(text)
    t.n = PyUnicode_GET_LENGTH(text)
    while True:
        end = _next_time(&t, p, g)
        if end == _TIME_UNKNOWN:
            return None
        if end < 0:
            return out
        out.append((g[0], end, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9]))
        p = end


cdef Py_ssize_t _next_time(const _Text* t, Py_ssize_t p, Py_ssize_t* g):
    # The end of the first TIME match at or after p (its groups' spans in g, its start g[0]), -1 when there is none,
    # or _TIME_UNKNOWN when a character before it cannot be told.
    cdef Py_ssize_t end
    while p < t.n:
        end = _time_at(t, p, g)
        if end >= 0 or end == _TIME_UNKNOWN:
            return end
        p += 1
    return -1


cdef enum:
    _REST_TIMES = 16  # the times other_words steps over; a line printing more is left to the twin


cdef inline bint _word_start(Py_UCS4 ch):
    # dates._WORD's first character, `[\p{L}\p{N}]`: str.isalnum of a character _known holds (it is str.isalpha or
    # str.isnumeric, and `regex` agrees with CPython's tables there: tests/test_native_dates.py).
    if ch < 128:
        return (48 <= ch <= 57) or (65 <= ch <= 90) or (97 <= ch <= 122)
    return Py_UNICODE_ISALNUM(ch)


cdef inline bint _word_more(Py_UCS4 ch):
    # dates._WORD's later characters, `[\p{L}\p{N}'’@._-]`.
    return _word_start(ch) or ch == 39 or ch == 0x2019 or ch == 64 or ch == 46 or ch == 95 or ch == 45


def other_words(str line, spans, frozenset skip):
    """How many words (dates._WORD) of `line` outside the dates at `spans` and the times (date_times.TIME) the rest
    prints are neither in `skip` nor lower-cased in it, as dates._words_besides of dates._rest_words, the twin, counts
    them: each span and each time made one space. The times are found in the rest and stepped over as breaks, and each
    word is cut from the rest and looked up as it is met, without the substitution's pieces and join, a `regex` scan
    and its list; a word of ASCII without a capital is its own lower-casing, so it is looked up once. None for a line
    with a character outside _known (where `regex`'s letters and numbers may not be CPython's), one time_matches
    cannot read, or more than _REST_TIMES times."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(line), k, p, end, start, c = 0, ncut = 0, count = 0
    cdef int kind = PyUnicode_KIND(line)
    cdef void* data = PyUnicode_DATA(line)
    cdef str rest = line
    cdef str word
    cdef _Text t
    cdef Py_ssize_t g[10]
    cdef Py_ssize_t cuts[2 * _REST_TIMES]
    cdef Py_UCS4 ch
    cdef bint plain
    if kind == 4:
        return None
    for k in range(n):
        if not _known(PyUnicode_READ(kind, data, k)):
            return None
    for start, end in sorted(spans, reverse=True):
        rest = rest[:start] + " " + rest[end:]
    t.kind = PyUnicode_KIND(rest)
    t.data = PyUnicode_DATA(rest)
    t.n = PyUnicode_GET_LENGTH(rest)
    # Every TIME match holds _TIME_GATE: a rest without it has no time to step over (time_gate's test).
    p = 0 if _time_gate_in(t.kind, t.data, 0, t.n) else t.n
    while p < t.n:
        end = _next_time(&t, p, g)
        if end == _TIME_UNKNOWN or (end >= 0 and ncut == 2 * _REST_TIMES):
            return None
        if end < 0:
            break
        cuts[ncut] = g[0]
        cuts[ncut + 1] = end
        ncut += 2
        p = end
    k = 0
    while k < t.n:
        if c < ncut and k >= cuts[c]:
            k = cuts[c + 1]  # a time: one break
            c += 2
            continue
        ch = PyUnicode_READ(t.kind, t.data, k)
        if not _word_start(ch):
            k += 1
            continue
        start = k
        plain = ch < 128 and not (65 <= ch <= 90)
        k += 1
        end = cuts[c] if c < ncut else t.n
        while k < end:
            ch = PyUnicode_READ(t.kind, t.data, k)
            if not _word_more(ch):
                break
            plain = plain and ch < 128 and not (65 <= ch <= 90)
            k += 1
        word = PyUnicode_Substring(rest, start, k)
        if word in skip or (not plain and word.lower() in skip):
            continue
        count += 1
    return count
