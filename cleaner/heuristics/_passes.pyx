# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The native core's second slice (issue 13): the block classifier's per-line decision passes over a page, in C.

Built only by the compiled build (`CLEANER_COMPILE=1`, setup.py); the pure twins are `teasers.strong_pairs`,
`teasers._head_lines`, `comments.sign_candidates`, `comments.line_candidates`, `comments.reply_lines`,
`cohesion._last_cohesive`, `cohesion._cohesive_of`, `cohesion._paragraphs_of`, `regions._shaped_lines`,
`regions._runs_and_chrome`, `regions._counted_runs`, `regions._core`, `teasers._teaser_units`, `regions._teaser_pairs`
and `comments.signature_kinds`, and each module uses
its kernel only when it imports. Each pass
reads every line of a page on each of the stage's rounds, and most lines are settled by their last or first characters
or their word count: those tests run here on the code points, and the rare line that needs more is handed to the
twin's own (cached) test, so the answers are the twin's by construction.

What it does less of than the twin: no stripped or sliced copy of a line to read its end, no split of a line to count
its words, no set built to count a paragraph's shared stems, no Python call per line.
"""

from cpython.dict cimport PyDict_GetItem
from cpython.long cimport PyLong_AsLongAndOverflow, PyLong_CheckExact
from cpython.object cimport PyObject
from cpython.set cimport PySet_Discard
from libc.stdint cimport uint64_t
from libc.stdlib cimport free, malloc
from libc.string cimport memcmp

from cleaner._pyunicode cimport (
    PyUnicode_KIND,
    PyUnicode_DATA,
    PyUnicode_GET_LENGTH,
    PyUnicode_READ,
    is_space,
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISLOWER,
    PyUnicode_1BYTE_KIND,
    PySet_Contains,
    PyUnicode_Substring,
    strip_span,
    words_upto,
    PyBytes_AS_STRING,
    PyBytes_GET_SIZE,
)


cdef inline bint _holds(str chars, Py_UCS4 ch):
    """Whether `ch` is one of the code points of `chars` (a handful: a linear scan)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(chars)
    cdef int kind = PyUnicode_KIND(chars)
    cdef void* data = PyUnicode_DATA(chars)
    cdef Py_ssize_t k
    for k in range(n):
        if PyUnicode_READ(kind, data, k) == ch:
            return True
    return False


# A set of code points read by a bit for an ASCII one (`_in`): the closers and sentence ends a page's every line is
# asked about ran `_holds`' linear scan over a dozen or forty code points for each line's last one (most lines end
# with an ASCII letter or stop, which is none of them or the last of them).
cdef struct _CharSet:
    uint64_t low  # bit k: code point k (0-63) is one
    uint64_t high  # bit k: code point 64 + k is one
    bint wide  # some code point is not ASCII: `_in` asks `_holds` of a non-ASCII one


cdef _CharSet _charset(str chars):
    """The `_CharSet` of `chars`' code points."""
    cdef _CharSet out
    cdef Py_ssize_t k, n = PyUnicode_GET_LENGTH(chars)
    cdef int kind = PyUnicode_KIND(chars)
    cdef void* data = PyUnicode_DATA(chars)
    cdef unsigned int ch  # a code point as a number (Cython adds to a Py_UCS4 as to a str)
    out.low = 0
    out.high = 0
    out.wide = False
    for k in range(n):
        ch = PyUnicode_READ(kind, data, k)
        if ch < 64:
            out.low |= (<uint64_t>1) << ch
        elif ch < 128:
            out.high |= (<uint64_t>1) << (ch - 64)
        else:
            out.wide = True
    return out


cdef inline bint _in(const _CharSet* chars_set, str chars, Py_UCS4 ch):
    """`_holds(chars, ch)`, where `chars_set` is `_charset(chars)`: an ASCII code point read by its bit."""
    cdef unsigned int c = ch  # a code point as a number (Cython adds to a Py_UCS4 as to a str)
    if c < 64:
        return (chars_set.low >> c) & 1
    if c < 128:
        return (chars_set.high >> (c - 64)) & 1
    return chars_set.wide and _holds(chars, ch)


# teasers' constants and tests, set by `configure_pairs` (teasers calls it with its own at import; until then
# `strong_pairs` refuses to run).
cdef bint _PAIRS_READY = False
cdef str _CLOSERS = ""
cdef str _SENTENCE_END = ""
cdef str _STANDFIRST_END = ""
cdef _CharSet _CLOSERS_SET  # `_charset` of each of the three above
cdef _CharSet _SENTENCE_END_SET
cdef _CharSet _STANDFIRST_END_SET
cdef frozenset _STANDFIRST_CLASSES = frozenset()
cdef object _CUT_HEAD = None
cdef Py_ssize_t _HEAD_WORDS = 0
cdef frozenset _LIST_MARKS = frozenset()
cdef Py_ssize_t _STANDFIRST_MOST = 0
cdef Py_ssize_t _STANDFIRST_LEAST = 0
cdef double _LOWER_SHARE = 0.0


def configure_pairs(
    str closers,
    sentence_end,
    standfirst_end,
    frozenset standfirst_classes,
    cut_head,
    Py_ssize_t head_words,
    frozenset list_marks,
    Py_ssize_t standfirst_most,
    Py_ssize_t standfirst_least,
    double lower_share,
):
    """`teasers.strong_pairs`' constants (the characters a sentence end may hide behind, the sentence ends, the
    standfirst ends: one-character strings), its test of the rare lines `cut_head(t)` (a line cut short with an
    ellipsis that can be a head line) and `teasers._head_line`'s most words (HEAD_WORDS, read here by `_head_line`); and `teasers._standfirst`'s constants (the list marks,
    two-character strings; the most and least words; the share of lowercase word starts), whose test runs here."""
    global _PAIRS_READY, _CLOSERS, _SENTENCE_END, _STANDFIRST_END, _STANDFIRST_CLASSES, _CUT_HEAD, _HEAD_WORDS
    global _CLOSERS_SET, _SENTENCE_END_SET, _STANDFIRST_END_SET
    global _LIST_MARKS, _STANDFIRST_MOST, _STANDFIRST_LEAST, _LOWER_SHARE
    if any(len(c) != 1 for c in (*sentence_end, *standfirst_end)):
        raise ValueError("sentence ends are characters")
    if any(len(m) != 2 for m in list_marks):
        raise ValueError("list marks are two characters")
    _CLOSERS = closers
    _SENTENCE_END = "".join(sorted(sentence_end))
    _STANDFIRST_END = "".join(sorted(standfirst_end))
    _CLOSERS_SET = _charset(_CLOSERS)
    _SENTENCE_END_SET = _charset(_SENTENCE_END)
    _STANDFIRST_END_SET = _charset(_STANDFIRST_END)
    _STANDFIRST_CLASSES = standfirst_classes
    _CUT_HEAD, _HEAD_WORDS = cut_head, head_words
    _LIST_MARKS = list_marks
    _STANDFIRST_MOST, _STANDFIRST_LEAST, _LOWER_SHARE = standfirst_most, standfirst_least, lower_share
    _PAIRS_READY = True


cdef bint _lowered_words(
    int kind, void* data, Py_ssize_t n, Py_ssize_t most, Py_ssize_t* words, Py_ssize_t* lowers
):
    """Count the words of a line as `str.split` splits it into `words`, and those opening with a lowercase code point
    (`str.islower` of one code point) into `lowers`: False, and no further count, past `most` words."""
    cdef Py_ssize_t k
    cdef bint inside = False
    cdef Py_UCS4 ch
    for k in range(n):
        ch = PyUnicode_READ(kind, data, k)
        if is_space(ch):
            inside = False
        elif not inside:
            inside = True
            words[0] += 1
            if words[0] > most:
                return False
            # In ASCII only "a" to "z" are lowercase: no call for the most common openings.
            if (97 <= ch <= 122) if ch < 128 else Py_UNICODE_ISLOWER(ch):
                lowers[0] += 1
    return True


cdef int _standfirst_level(str t, str weak_ends, Py_ssize_t weak_most):
    """`teasers._standfirst` at two strengths in one reading: 0 where `teasers._standfirst(t, weak_most, weak_ends)`
    fails, 1 where it passes and `teasers._standfirst(t)` with its defaults fails, 2 where both pass. Its end (before
    the closers) one of the ends, no list mark, `_STANDFIRST_LEAST` to the most words as `str.split` splits them,
    `_LOWER_SHARE` of them opening with a lowercase code point (`str.islower` of one code point). The words are counted
    in place, and no further than one past the larger most (the twin split every paragraph under a head line into its
    words, and read a teaser unit's standfirst twice)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(t), e = n, words = 0, lowers = 0
    cdef Py_ssize_t most = weak_most if weak_most > _STANDFIRST_MOST else _STANDFIRST_MOST
    cdef int kind = PyUnicode_KIND(t)
    cdef void* data = PyUnicode_DATA(t)
    cdef Py_UCS4 end
    while e > 0 and _in(&_CLOSERS_SET, _CLOSERS, PyUnicode_READ(kind, data, e - 1)):
        e -= 1
    if e == 0:
        return 0
    end = PyUnicode_READ(kind, data, e - 1)
    if not _holds(weak_ends, end):
        return 0
    if n >= 2 and PySet_Contains(_LIST_MARKS, PyUnicode_Substring(t, 0, 2)):
        return 0
    if not _lowered_words(kind, data, n, most, &words, &lowers):
        return 0
    if not (_STANDFIRST_LEAST <= words <= weak_most and lowers >= _LOWER_SHARE * words):
        return 0
    if _in(&_STANDFIRST_END_SET, _STANDFIRST_END, end) and words <= _STANDFIRST_MOST:
        return 2
    return 1


cdef inline bint _is_standfirst(str t):
    """`teasers._standfirst(t)` with its defaults: both strengths are the defaults, so any level but 0 passes."""
    return _standfirst_level(t, _STANDFIRST_END, _STANDFIRST_MOST) != 0


def standfirst(str t):
    """`teasers._standfirst(t)` with its defaults (`configure_pairs` first)."""
    if not _PAIRS_READY:
        raise RuntimeError("configure_pairs first")
    return _is_standfirst(t)


def strong_pairs(nonblank, cls, list text, bint cut=False):
    """`teasers.strong_pairs(nonblank, cls, text, cut)`: each line's end (its last code point before the closers)
    read in place; the twin's tests run only on a line that ends like a sentence under one that does not, the head
    line test above it in place too (`_head_line`: a cached call per such line was a quarter of this pass on tf)."""
    if not _PAIRS_READY:
        raise RuntimeError("configure_pairs first")
    cdef Py_ssize_t most = 0, n = 0, j, lines = len(text), size, e
    cdef bint closed = True, breaks
    cdef Py_UCS4 end
    cdef int kind
    cdef void* data
    cdef str t
    for j in range(lines):
        t = text[j]
        size = PyUnicode_GET_LENGTH(t)
        end = 0  # no end: the line is empty, or only closers
        if size:
            kind = PyUnicode_KIND(t)
            data = PyUnicode_DATA(t)
            e = size
            while e > 0 and _in(&_CLOSERS_SET, _CLOSERS, PyUnicode_READ(kind, data, e - 1)):
                e -= 1
            if e:
                end = PyUnicode_READ(kind, data, e - 1)
        if not size:
            breaks = True
        elif end and end != 63 and _in(&_SENTENCE_END_SET, _SENTENCE_END, end):  # 63: "?"
            breaks = not (cut and _CUT_HEAD(t))
        else:
            breaks = False
        if breaks:
            if closed:
                if n > most:
                    most = n
                n = 0
            elif (
                end
                and _in(&_STANDFIRST_END_SET, _STANDFIRST_END, end)
                and PySet_Contains(_STANDFIRST_CLASSES, cls[nonblank[j]])
                and _head_line(text[j - 1], cut)
                and _is_standfirst(t)
            ):
                n += 1
            closed = True
        else:
            closed = False
    return most if most > n else n


cdef inline bint _decimal(Py_UCS4 ch):
    """`re`'s `\\d` in a str pattern: a Unicode decimal digit (sre asks `Py_UNICODE_ISDECIMAL`)."""
    if ch < 128:
        return 48 <= ch <= 57
    return Py_UNICODE_ISDECIMAL(ch)


cdef bint _clock_hint(int kind, void* data, Py_ssize_t n, str seps):
    """Whether the line holds `comments._CLOCK_HINT` (a digit, one of `seps`, two digits), read in place; a line of
    one-byte code points read as bytes (no decimal digit there but ASCII's), as most lines are."""
    cdef Py_ssize_t p
    cdef const unsigned char* b
    if kind == PyUnicode_1BYTE_KIND:
        b = <const unsigned char*>data
        for p in range(n - 3):
            if 48 <= b[p] <= 57 and 48 <= b[p + 2] <= 57 and 48 <= b[p + 3] <= 57 and _holds(seps, b[p + 1]):
                return True
        return False
    for p in range(n - 3):
        if (
            _decimal(PyUnicode_READ(kind, data, p))
            and _holds(seps, PyUnicode_READ(kind, data, p + 1))
            and _decimal(PyUnicode_READ(kind, data, p + 2))
            and _decimal(PyUnicode_READ(kind, data, p + 3))
        ):
            return True
    return False


# The greeting words `_may_greet` compares in place: the ASCII ones of the last `greeting_first` set a scan was given
# (`_greetings`), lowered, as bytes; a word longer than GREET_CHARS leaves the look-up to the set.
cdef enum:
    GREET_CHARS = 32
cdef object _GREET_FROM = None
cdef list _GREET_ASCII = []
cdef Py_ssize_t _GREET_LONGEST = 0


cdef Py_ssize_t _greetings(frozenset greeting_first) except -1:
    """Read `greeting_first` once (again only when a scan is given another set): its longest word, and its ASCII words
    as bytes for `_may_greet` (a lowered ASCII word can equal no other), listed by length: a word is compared only
    with those of its own length (each short line was compared with every one of them)."""
    global _GREET_FROM, _GREET_ASCII, _GREET_LONGEST
    if greeting_first is not _GREET_FROM:
        _GREET_ASCII = [[] for _ in range(GREET_CHARS + 1)]
        for g in sorted(greeting_first):
            if g.isascii() and len(g) <= GREET_CHARS:
                _GREET_ASCII[len(g)].append(g.encode("ascii"))
        _GREET_LONGEST = max([len(g) for g in greeting_first], default=0)
        _GREET_FROM = greeting_first
    return _GREET_LONGEST


cdef bint _may_greet(
    str s, int kind, void* data, Py_ssize_t n, frozenset greeting_first, str trailing, Py_ssize_t longest
):
    """Whether `may_sign` must be asked about a short line with no clock: its first word (without `trailing`
    characters at its end), lowered, is one of `greeting_first` (a word longer than the `longest` of them is none:
    lowering never shortens a word). An ASCII word is lowered into a buffer and compared with the set's ASCII words
    (`_greetings`, read for this set by the scan): no slice, no lowered copy and no hash per line. A word with a
    non-ASCII code point is lowered by `str.lower` (the twin's `casing.lower`) and looked up here: it was handed to the
    twin's cached test, one call in ten lines of a German page, where the look-up answers all but a greeting's."""
    cdef Py_ssize_t a = 0, b, k, size
    cdef unsigned int ch  # a code point as a number (Cython adds to a Py_UCS4 as to a str)
    cdef char buf[GREET_CHARS]
    cdef bytes word
    cdef bint ascii = True
    while a < n and is_space(PyUnicode_READ(kind, data, a)):
        a += 1
    b = a
    while b < n and not is_space(PyUnicode_READ(kind, data, b)):
        if PyUnicode_READ(kind, data, b) >= 128:
            ascii = False
        b += 1
    while b > a and _holds(trailing, PyUnicode_READ(kind, data, b - 1)):
        b -= 1
    size = b - a
    if size == 0 or size > longest:
        return False
    if not ascii or size > GREET_CHARS or greeting_first is not _GREET_FROM:
        return PySet_Contains(greeting_first, PyUnicode_Substring(s, a, b).lower()) == 1
    for k in range(size):
        ch = PyUnicode_READ(kind, data, a + k)
        if 65 <= ch <= 90:  # "A" to "Z"
            ch = ch + 32
        buf[k] = <char>ch
    for word in <list>_GREET_ASCII[size]:
        if memcmp(PyBytes_AS_STRING(word), buf, size) == 0:
            return True
    return False


cdef int _posted(int kind, void* data, Py_ssize_t n, str posted):
    """Whether the line opens with `posted` (ASCII, lowercase) as the twin reads it (`lower(s[:len(posted)])`): 1 or 0
    where the line's first code points are ASCII (lowered in place), -1 where one of them is not (the twin's lowering
    decides)."""
    cdef Py_ssize_t m = PyUnicode_GET_LENGTH(posted), k
    cdef int pkind = PyUnicode_KIND(posted)
    cdef void* pdata = PyUnicode_DATA(posted)
    cdef unsigned int ch  # a code point as a number (Cython adds to a Py_UCS4 as to a str)
    cdef bint same = n >= m
    for k in range(m if n > m else n):
        ch = PyUnicode_READ(kind, data, k)
        if ch >= 128:
            return -1
        if 65 <= ch <= 90:  # "A" to "Z"
            ch = ch + 32
        if ch != <unsigned int>PyUnicode_READ(pkind, pdata, k):
            same = False
    return 1 if same else 0


cdef int _sign(
    str s, int kind, void* data, Py_ssize_t lo, Py_ssize_t hi, str openers, Py_ssize_t stamp_words, str clock_seps,
    Py_ssize_t greeting_words, frozenset greeting_first, str trailing, str posted, Py_ssize_t longest,
):
    """`sign_candidates`' reading of the stripped line `s[lo:hi]` (`lo` and `hi` inside the whitespace at `s`'s ends,
    which changes neither its word count nor its clock): 1 where it is a candidate, 0 where it is not, -1 where the
    twin's `may_sign` must be asked."""
    cdef Py_ssize_t n = hi - lo, w
    cdef void* sub
    cdef int opens
    if not n:
        return -1
    sub = <void*>(<char*>data + lo * kind)  # the stripped line's first code point (a kind is its width in bytes)
    if PyUnicode_READ(kind, sub, n - 1) == 58:  # ":"
        return 1
    opens = _holds(openers, PyUnicode_READ(kind, sub, 0))
    if opens and posted is not None:
        opens = _posted(kind, sub, n, posted)
        if opens == 1:
            return 1
        opens = opens != 0
    if opens:
        return -1
    w = words_upto(kind, data, PyUnicode_GET_LENGTH(s), stamp_words)
    if w > stamp_words:
        return 0
    if _clock_hint(kind, sub, n, clock_seps):
        return 1
    if w == 0 or w > greeting_words or not _may_greet(s, kind, data, hi, greeting_first, trailing, longest):
        return 0
    return -1


def _scan(
    list order,
    lines,
    removed,
    bint strip,
    may_sign,
    str openers,
    Py_ssize_t stamp_words,
    str clock_seps,
    Py_ssize_t greeting_words,
    frozenset greeting_first,
    str trailing,
    str posted=None,
):
    """The positions `k` of the candidates among `lines[order[k]]` (every line of `lines` where `order` is None; a
    gap's text from `removed`, a dict or None), each read whole or, with `strip`, stripped in place as `str.strip`
    strips it (`sign_candidates` says how a line is read)."""
    return _scan_lines(
        order, lines, removed, strip, may_sign, openers, stamp_words, clock_seps, greeting_words, greeting_first,
        trailing, posted, None,
    )


cdef list _scan_lines(
    list order,
    lines,
    removed,
    bint strip,
    may_sign,
    str openers,
    Py_ssize_t stamp_words,
    str clock_seps,
    Py_ssize_t greeting_words,
    frozenset greeting_first,
    str trailing,
    str posted,
    list texts,
):
    """`_scan`; with `texts` (a list), each candidate's line as read (stripped, with `strip`) is appended to it, sliced
    only where the reading differs from the line."""
    cdef list out = []
    cdef Py_ssize_t k, n, lo, hi, longest = _greetings(greeting_first), m = len(lines if order is None else order)
    cdef Py_ssize_t i
    cdef object line
    cdef str s, read
    cdef int found, kind
    cdef void* data
    for k in range(m):
        i = k if order is None else order[k]
        line = lines[i]
        if line is None:
            line = removed.get(i, "") if removed is not None else ""
        s = line or ""
        n = PyUnicode_GET_LENGTH(s)
        kind = PyUnicode_KIND(s)
        data = PyUnicode_DATA(s)
        lo = 0
        hi = n
        if strip:
            strip_span(kind, data, &lo, &hi)
        found = _sign(
            s, kind, data, lo, hi, openers, stamp_words, clock_seps, greeting_words, greeting_first, trailing, posted,
            longest,
        )
        if found == 0:
            continue
        if found == -1 or texts is not None:
            read = s if lo == 0 and hi == n else PyUnicode_Substring(s, lo, hi)
            if found == -1 and not may_sign(read):
                continue
            if texts is not None:
                texts.append(read)
        out.append(k)
    return out


def sign_candidates(list texts, may_sign, **config):
    """`comments.sign_candidates(texts)`, given `config`: `openers`, `stamp_words`, `clock_seps`, `greeting_words`,
    `greeting_first`, `trailing` and `posted` (by default None). A line ending in a colon is one, and a line of more
    than `stamp_words` words that does not open with one of `openers` (the code points that lower to POSTED_BY's first
    letter) is not. Of the other lines that do not open so, one with a clock (`comments._CLOCK_HINT`: a digit, one of
    `clock_seps`, two digits) is one, and one of more than `greeting_words` words, or whose first word (less
    `trailing`) is ASCII and lowered none of `greeting_first`, is not. `may_sign(s)` (the twin's cached test) decides
    the rest: a line opening with one of `openers`, an empty one, a short one that may open with a greeting. With
    `posted` (POSTED_BY, ASCII and lowercase), a line opening with one of `openers` whose first code points are ASCII
    is read here too: it is one when it opens with `posted`, and is tested as the others when it does not."""
    return _scan(None, texts, None, False, may_sign, **config)


def line_candidates(list order, lines, removed, may_sign, **config):
    """`comments.line_candidates(order, lines, removed)`: `sign_candidates` of the lines at `order` (a gap's text
    from `removed`, a dict or None), each stripped in place as `str.strip` strips (the twin stripped a copy of every
    line of the page to read a few), and sliced only to be handed to `may_sign`."""
    return _scan(order, lines, removed, True, may_sign, **config)


cdef extern from "Python.h":
    PyObject* PyDict_SetDefault(object d, object key, object default_value) except NULL


cdef tuple _stems_at(list memo, Py_ssize_t k, text, paras, stop, content):
    """Paragraph `k`'s stems, read through `content` the first time they are asked for."""
    cdef object ws = memo[k]
    if ws is None:
        ws = memo[k] = content(text[paras[k]], stop)[0]
    return <tuple>ws


def last_cohesive(text, paras, stop, content, double share):
    """`cohesion._last_cohesive(text, paras, stop)`: the position in `paras` of the last paragraph with `share` of its
    stems in other paragraphs, or -1. The other paragraphs are read in the twin's order (those above, nearest first,
    then those below) and only until the share is reached, through `content(line, stop)` as the twin reads them (each
    once a call). The paragraph's stems are put in one set, and each stem of another paragraph found there is struck
    from it and counted, in place of the twin's set of shared stems grown per paragraph read; the count is checked
    per stem, so a paragraph read is left as soon as the share is reached."""
    cdef Py_ssize_t m = len(paras), j, k, q, i, n, found
    cdef double need
    cdef tuple ws
    cdef set remaining
    cdef list memo = [None] * m
    for j in range(m - 1, -1, -1):
        ws = _stems_at(memo, j, text, paras, stop, content)
        if not len(ws):
            continue
        need = share * len(ws)
        remaining = set(ws)
        found = 0
        for q in range(m - 1):
            k = j - 1 - q if q < j else q + 1
            ws = _stems_at(memo, k, text, paras, stop, content)
            n = len(ws)
            for i in range(n):
                if PySet_Discard(remaining, ws[i]):
                    found += 1
                    if found >= need:
                        return j
    return -1


def cohesive(list stems, double share):
    """`cohesion._cohesive_of(stems)`: the positions of the paragraphs' stems (tuples of distinct stems) with `share`
    of their stems in another paragraph's or more, in order. Each stem is put in one dict with the first paragraph
    that holds it (one dict operation per stem); a later paragraph that finds another's index there counts the stem as
    shared for both, and marks it (`None`) so that the first one counts it once. Each paragraph's shared stems are so
    counted in the one pass, with no set of shared stems and no second look-up of every stem."""
    cdef dict first = {}
    cdef list out = []
    cdef Py_ssize_t j, m = len(stems), owner, w
    cdef object index, ws
    cdef PyObject* found
    cdef bytearray counted = bytearray(0)
    cdef Py_ssize_t* counts
    if not m:
        return out
    counted = bytearray(m * sizeof(Py_ssize_t))
    counts = <Py_ssize_t*><char*>counted
    for j in range(m):
        index = j
        for stem in stems[j]:
            found = PyDict_SetDefault(first, stem, index)
            if found == <PyObject*>index:
                continue
            counts[j] += 1
            if found != <PyObject*>None:
                owner = <Py_ssize_t>(<object>found)
                counts[owner] += 1
                first[stem] = None
    for j in range(m):
        ws = stems[j]
        w = len(ws)
        if w and counts[j] >= share * w:
            out.append(j)
    return out


cdef bint _starts_prose(str s, str ends, Py_ssize_t need):
    """Whether the line's last code point is one of `ends` and it holds `need` spaces or more, counted no further."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s), p, spaces = 0
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    if not n or not _holds(ends, PyUnicode_READ(kind, data, n - 1)):
        return False
    if need <= 0:
        return True
    for p in range(n):
        if PyUnicode_READ(kind, data, p) == 32:
            spaces += 1
            if spaces >= need:
                return True
    return False


def paragraphs(text, str ends, Py_ssize_t least):
    """`cohesion._paragraphs(text)`: the positions of the lines (`story_lists.starts_prose`) whose last code point is
    one of `ends` and that hold `least` - 1 spaces or more (`least` words as the twin counts them), the spaces counted
    in place and no further than needed."""
    cdef list out = []
    cdef Py_ssize_t k
    for k in range(len(text)):
        if _starts_prose(text[k], ends, least - 1):
            out.append(k)
    return out


cdef bint _marked(str s, int kind, void* data, Py_ssize_t lo, Py_ssize_t hi, frozenset marks):
    """Whether `s[lo:lo + 2]` (within `s[lo:hi]`) is one of `marks` (two-character strings, as `t[:2] in marks` reads
    a stripped line); the two code points are sliced only when the second is one that ends a mark (a space, for every
    list mark so far)."""
    cdef str mark
    cdef Py_UCS4 ch
    if hi - lo < 2:
        return False
    ch = PyUnicode_READ(kind, data, lo + 1)
    for mark in marks:
        if ch == PyUnicode_READ(PyUnicode_KIND(mark), PyUnicode_DATA(mark), 1):
            return PySet_Contains(marks, PyUnicode_Substring(s, lo, lo + 2)) == 1
    return False


cdef bint _head_line(str t, bint cut):
    """`teasers._head_line(t, cut)` (`configure_pairs` first): no list mark, and not ending like a sentence other than
    "?" (its last code point before the closers; with `cut`, a line cut short is asked of the twin's `cut_head`, which
    then answers whole), and fewer than `_HEAD_WORDS` spaces or at most that many words (`str.split`'s), counted in
    place and no further."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(t), e, spaces, k
    cdef int kind
    cdef void* data
    cdef Py_UCS4 end
    if not n:
        return False
    kind = PyUnicode_KIND(t)
    data = PyUnicode_DATA(t)
    if _marked(t, kind, data, 0, n, _LIST_MARKS):
        return False
    e = n
    while e > 0 and _in(&_CLOSERS_SET, _CLOSERS, PyUnicode_READ(kind, data, e - 1)):
        e -= 1
    if e:
        end = PyUnicode_READ(kind, data, e - 1)
        if end != 63 and _in(&_SENTENCE_END_SET, _SENTENCE_END, end):  # 63: "?"
            return cut and _CUT_HEAD(t)
    spaces = 0
    for k in range(n):
        if PyUnicode_READ(kind, data, k) == 32:
            spaces += 1
            if spaces >= _HEAD_WORDS:
                break
    return spaces < _HEAD_WORDS or words_upto(kind, data, n, _HEAD_WORDS) <= _HEAD_WORDS


def head_lines(list text, bint cut):
    """`[teasers._head_line(t, cut) for t in text]` (`configure_pairs` first): each line read by `_head_line`."""
    if not _PAIRS_READY:
        raise RuntimeError("configure_pairs first")
    cdef Py_ssize_t j, lines = len(text)
    cdef list out = [False] * lines
    for j in range(lines):
        if _head_line(text[j], cut):
            out[j] = True
    return out


cdef void _flush_units(
    list out, nonblank, cls, list text, good, Py_ssize_t strongs, Py_ssize_t first, Py_ssize_t last,
    Py_ssize_t least, Py_ssize_t article_chars,
) except *:
    """The twin's `_flush` of a chain whose strong units span positions [first, last) of `nonblank`: its lines go to
    `out` with `least` strong units after `article_chars` characters of `good` lines."""
    cdef Py_ssize_t chars = 0, j
    if strongs < least:
        return
    for j in range(first):
        if cls[nonblank[j]] == good:
            chars += PyUnicode_GET_LENGTH(<str>text[j])
    if chars >= article_chars:
        out.extend(nonblank[first:last])


def teaser_units(
    nonblank,
    cls,
    list text,
    list heads,
    bint cut,
    good,
    head,
    headline,
    Py_ssize_t head_max,
    Py_ssize_t weak_most,
    str weak_ends,
    Py_ssize_t least,
    Py_ssize_t article_chars,
):
    """`teasers._teaser_units(nonblank, cls, text, heads, cut)` (`configure_pairs` first), given the twin's constants
    (`good`, HEAD_MAX, WEAK_STANDFIRST_WORDS, WEAK_STANDFIRST_END as a string of its characters, UNITS_MIN,
    ARTICLE_CHARS) and its tests of a strong unit's head lines (`head(t, cut)`, `headline(t)`, asked in the twin's order
    and only where the twin asks them). A chain of units is kept as its first and last strong unit and their count: the
    weak units the twin drops at a chain's ends are those outside them. Both of the twin's standfirst tests of a unit
    come from one reading of its line, in place (`_standfirst_level`)."""
    if not _PAIRS_READY:
        raise RuntimeError("configure_pairs first")
    if any(len(c) != 1 for c in weak_ends):
        raise ValueError("standfirst ends are characters")
    cdef list out = []
    cdef Py_ssize_t n = len(nonblank), k = 0, j, h, end = 0, strongs = 0, first = 0, last = 0
    cdef bint chained = False, strong
    cdef int read
    cdef str t
    while True:
        if k < n:
            j = k
            while j < n and j - k < head_max and heads[j]:
                j += 1
            if j > k and j < n and PySet_Contains(_STANDFIRST_CLASSES, cls[nonblank[j]]) == 1:
                t = text[j]
                read = _standfirst_level(t, weak_ends, weak_most)
                if read:
                    strong = read == 2
                    if strong:
                        for h in range(k, j):
                            if not head(text[h], cut):
                                strong = False
                                break
                    if strong:
                        strong = False
                        for h in range(k, j):
                            if headline(text[h]):
                                strong = True
                                break
                    if chained and end != k:
                        _flush_units(out, nonblank, cls, text, good, strongs, first, last, least, article_chars)
                        strongs = 0
                    if strong:
                        if not strongs:
                            first = k
                        strongs += 1
                        last = j + 1
                    chained = True
                    end = j + 1
                    k = j + 1
                    continue
        if chained:
            _flush_units(out, nonblank, cls, text, good, strongs, first, last, least, article_chars)
            chained = False
            strongs = 0
        if k >= n:
            return out
        k += 1


cdef inline char _folded(Py_UCS4 ch):
    """The ASCII letter a code point matches as `re`'s IGNORECASE matches a pattern's ASCII letter (sre's case fixes:
    DOTTED and DOTLESS I are an "i", LONG S an "s", KELVIN SIGN a "k"; tests/test_native_regions.py checks every code
    point), or the ASCII code point itself, lowered; 0 for any other code point (it matches no ASCII letter)."""
    cdef unsigned int c = ch  # a number (Cython adds to a Py_UCS4 as to a str)
    if c < 128:
        if 65 <= c <= 90:
            return <char>(c + 32)
        return <char>c
    if ch == 0x130 or ch == 0x131:
        return 105  # "i"
    if ch == 0x17F:
        return 115  # "s"
    if ch == 0x212A:
        return 107  # "k"
    return 0


# The most words `shaped_lines` reads (HEADER_WORDS has 13): their pointers and sizes sit in a C array.
cdef enum:
    _MOST_WORDS = 32


cdef struct _WordSet:
    # `shaped_lines`' words (lowercase ASCII bytes, kept alive by the caller's list) in order of their first byte, and
    # for each byte where the words that open with it start and how many there are: a position whose folded code point
    # opens none is passed with one look-up, and at one that does only those words are compared.
    const char* word[_MOST_WORDS]
    Py_ssize_t size[_MOST_WORDS]
    unsigned char start[128]
    unsigned char count[128]


cdef bint _holds_word(str s, Py_ssize_t a, Py_ssize_t b, _WordSet* words):
    """Whether `s[a:b]` holds one of `words` as `re`'s IGNORECASE would match it. One pass over the folded line: only at
    a position whose byte opens a word are the words that open with it compared (the twin's reading, each word
    looked for along the whole line, compared every word's first byte at every position)."""
    cdef char buf[256]
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef Py_ssize_t n = b - a, k, p, m, q
    cdef const char* w
    cdef unsigned char c
    if n > 256:
        return True  # not read here: the caller's test decides
    for k in range(n):
        buf[k] = _folded(PyUnicode_READ(kind, data, a + k))
    for p in range(n):
        c = <unsigned char>buf[p]
        if c >= 128 or not words.count[c]:
            continue
        for q in range(words.start[c], words.start[c] + words.count[c]):
            w = words.word[q]
            m = words.size[q]
            if m > n - p:
                continue
            k = 1
            while k < m and buf[p + k] == w[k]:
                k += 1
            if k == m:
                return True
    return False


def shaped_lines(
    list nonblank,
    lines,
    Py_ssize_t start,
    str first,
    bint decimal,
    Py_ssize_t most,
    test,
    bint every,
    tuple words=(),
):
    """`regions._shaped_lines(...)`: the positions `k` from `start` on (from 0 when it is below) whose line
    (`lines[nonblank[k]] or ""`), stripped as `str.strip` strips, holds at most `most` code points, opens with one of
    `first` or (with `decimal`) a decimal digit (`str.isdecimal`), and passes `test` (the twin's cached pattern test,
    given the stripped line): the first only unless `every`. The strip and the opening are read in place, so a line
    turned away costs no copy. With `words` (lowercase ASCII), a line that holds none of them, as `re`'s IGNORECASE
    reads a letter, is turned away before `test` too: each is a word every match of `test`'s pattern holds (a first
    sight of a line by the pattern cost about 2 µs, a hundred times the rest of its reading)."""
    cdef list out = []
    cdef list folded = sorted([w.encode("ascii") for w in words])  # grouped by first byte (`_WordSet`)
    if any(not w for w in folded):
        raise ValueError("words are not empty")
    if len(folded) > _MOST_WORDS:
        raise ValueError(f"at most {_MOST_WORDS} words")
    cdef _WordSet wordset
    cdef bytes word
    cdef Py_ssize_t q
    cdef unsigned char c
    for q in range(128):
        wordset.count[q] = 0
    for q, word in enumerate(folded):
        c = word[0]
        if not wordset.count[c]:
            wordset.start[c] = q
        wordset.count[c] += 1
        wordset.word[q] = word
        wordset.size[q] = len(word)
    cdef Py_ssize_t k, n, a, b
    cdef int kind
    cdef void* data
    cdef Py_UCS4 ch
    cdef str line
    cdef _CharSet first_set = _charset(first)
    if start < 0:
        start = 0
    for k in range(start, len(nonblank)):
        line = lines[nonblank[k]]
        if line is None:
            continue
        n = PyUnicode_GET_LENGTH(line)
        kind = PyUnicode_KIND(line)
        data = PyUnicode_DATA(line)
        a = 0
        b = n
        strip_span(kind, data, &a, &b)
        if a == b:
            continue
        if b - a > most:
            continue
        ch = PyUnicode_READ(kind, data, a)
        if not (_in(&first_set, first, ch) or (decimal and Py_UNICODE_ISDECIMAL(ch))):
            continue
        if folded and not _holds_word(line, a, b, &wordset):
            continue
        if test(line if a == 0 and b == n else PyUnicode_Substring(line, a, b)):
            out.append(k)
            if not every:
                break
    return out


cdef extern from "Python.h":
    object PyUnicode_DecodeASCII(const char* s, Py_ssize_t size, const char* errors)


def reply_lines(list nonblank, lines, frozenset keys, Py_ssize_t most, str ends, is_reply):
    """`comments.reply_lines(nonblank, lines)`: how many of the lines at `nonblank` are reply links alone, read in
    place. A line of more than twice `most` code points, or stripped (`str.strip`) of more than `most`, is none; the
    rest, stripped of `ends` too, are lowered here where they are ASCII and looked up in `keys` when their first letter
    opens one of them; `is_reply` (the twin's test, given the stripped line) reads any other."""
    cdef Py_ssize_t count = 0, k, n, a, b, lo, hi, p
    cdef object line
    cdef str s
    cdef int kind
    cdef void* data
    cdef unsigned int ch  # a code point as a number (Cython adds to a Py_UCS4 as to a str)
    cdef char buf[256]
    cdef bint ascii
    cdef bytearray firsts = bytearray(128)
    cdef bint empty = "" in keys
    if most > 128:
        raise ValueError("most is at most 128")
    # An ASCII line lowered is ASCII: it can be only a key whose first code point is ASCII (a line that is not ASCII
    # goes to `is_reply`).
    for key in keys:
        if key and ord(key[0]) < 128:
            firsts[ord(key[0])] = 1
    for k in range(len(nonblank)):
        line = lines[nonblank[k]]
        s = line or ""
        n = PyUnicode_GET_LENGTH(s)
        if n > 2 * most:
            continue
        kind = PyUnicode_KIND(s)
        data = PyUnicode_DATA(s)
        lo = 0
        hi = n
        strip_span(kind, data, &lo, &hi)
        if hi - lo > most:
            continue
        a = lo
        b = hi
        while a < b and _holds(ends, PyUnicode_READ(kind, data, a)):
            a += 1
        while b > a and _holds(ends, PyUnicode_READ(kind, data, b - 1)):
            b -= 1
        ascii = True
        for p in range(a, b):
            ch = PyUnicode_READ(kind, data, p)
            if ch >= 128:
                ascii = False
                break
            if 65 <= ch <= 90:  # "A" to "Z"
                ch = ch + 32
            buf[p - a] = <char>ch
        if not ascii:
            if is_reply(PyUnicode_Substring(s, lo, hi)):
                count += 1
            continue
        if a == b:
            count += empty
            continue
        if not firsts[<unsigned char>buf[0]]:
            continue
        if PySet_Contains(keys, PyUnicode_DecodeASCII(buf, b - a, NULL)) == 1:
            count += 1
    return count


cdef bint _headline_like(object line):
    """`regions._headlines`' test of one line (`lines[i] or ""`): not blank once stripped (`str.strip`), its first code
    point past the whitespace not lowercase (`str.islower` of one code point), and no decimal digit anywhere (`re`'s
    `\\d`: whitespace holds none, so the whole line is read as the stripped one)."""
    cdef str s
    cdef Py_ssize_t n, lo = 0, hi, p
    cdef int kind
    cdef void* data
    if line is None:
        return False
    s = line
    n = PyUnicode_GET_LENGTH(s)
    hi = n
    kind = PyUnicode_KIND(s)
    data = PyUnicode_DATA(s)
    strip_span(kind, data, &lo, &hi)
    if lo == hi or Py_UNICODE_ISLOWER(PyUnicode_READ(kind, data, lo)):
        return False
    for p in range(lo, hi):
        if _decimal(PyUnicode_READ(kind, data, p)):
            return False
    return True


# A set of line classes as bits (`_classes`), read by `_member` for a class that is an `int` from 0 to 63 (`_class_code`):
# `chrome_runs` asked a frozenset about each line's class up to four times, a hash and a look-up each.
cdef struct _Classes:
    uint64_t bits  # bit c: class c is one
    bint simple  # every member is an `int` (not a subclass, nor an equal float) from 0 to 63: the bits answer
    PyObject* classes  # the set (borrowed: the caller holds it), asked where the bits do not answer


cdef _Classes _classes(frozenset classes):
    """The `_Classes` of `classes`."""
    cdef _Classes out
    cdef object c
    out.bits = 0
    out.simple = True
    out.classes = <PyObject*>classes
    cdef int code
    for c in classes:
        code = _small(c)
        if code >= 0:
            out.bits |= (<uint64_t>1) << code
        else:
            out.simple = False
    return out


cdef inline int _small(object c) except -2:
    """`c` where it is an `int` (not a subclass) from 0 to 63, else -1."""
    cdef int overflow = 0
    cdef long v
    if not PyLong_CheckExact(c):
        return -1
    v = PyLong_AsLongAndOverflow(c, &overflow)
    if overflow or v < 0 or v >= 64:
        return -1
    return <int>v


cdef inline signed char _class_code(object cls, list nonblank, Py_ssize_t k) except -2:
    """The class of the line at `nonblank[k]` as a bit number (0 to 63), or -1 where it is not an `int` in that range
    (`_member` then asks the set)."""
    return <signed char>_small(cls[nonblank[k]])


cdef inline int _member(signed char code, const _Classes* classes, object cls, list nonblank, Py_ssize_t k) except -1:
    """`cls[nonblank[k]] in classes` (its code from `_class_code`): by the bit where both are plain, else by the set."""
    if code >= 0 and classes.simple:
        return (classes.bits >> code) & 1
    return PySet_Contains(<object>classes.classes, cls[nonblank[k]])


def chrome_runs(
    list nonblank,
    cls,
    lines,
    frozenset navlike,
    frozenset breaking,
    Py_ssize_t least,
    frozenset itemlike,
    double item_share,
    double headline_share,
):
    """`regions._runs_and_chrome(nonblank, cls, lines)`: the runs of nav-like lines (`navlike`) as [start, end)
    positions in `nonblank`, trimmed to their first and last `breaking` line, and those of them that mark the chrome:
    `least` lines or more, of which `item_share` are `itemlike` or `headline_share` headline-like (`_headline_like`).
    One pass over the page's classes and one over each long run's lines (the twin called a function per run, and two
    bound methods per line of each)."""
    cdef list runs = [], chrome = []
    cdef Py_ssize_t m = len(nonblank), k = 0, a, b, j, items, heads
    cdef _Classes nav = _classes(navlike), breaks = _classes(breaking), items_of = _classes(itemlike)
    # Each line's class read once, as a bit number where it is one (the three tests below asked `cls` and a set again
    # for every line, up to four times).
    cdef signed char* codes = <signed char*>malloc(m if m else 1)
    if codes == NULL:
        raise MemoryError()
    try:
        for k in range(m):
            codes[k] = _class_code(cls, nonblank, k)
        k = 0
        while k < m:
            if not _member(codes[k], &nav, cls, nonblank, k):
                k += 1
                continue
            a = k
            while k < m and _member(codes[k], &nav, cls, nonblank, k):
                k += 1
            b = k
            while a < b and not _member(codes[a], &breaks, cls, nonblank, a):
                a += 1
            while b > a and not _member(codes[b - 1], &breaks, cls, nonblank, b - 1):
                b -= 1
            if a >= b:
                continue
            runs.append((a, b))
            if b - a < least:
                continue
            items = 0
            for j in range(a, b):
                if _member(codes[j], &items_of, cls, nonblank, j):
                    items += 1
            if <double>items / <double>(b - a) >= item_share:
                chrome.append((a, b))
                continue
            heads = 0
            for j in range(a, b):
                if _headline_like(lines[nonblank[j]]):
                    heads += 1
            if <double>heads / <double>(b - a) >= headline_share:
                chrome.append((a, b))
    finally:
        free(codes)
    return runs, chrome


def counted_runs(list nonblank, lines, test, Py_ssize_t least):
    """`regions._counted_runs(nonblank, lines)`: the lines at `nonblank` in runs of `least` or more whose line, stripped
    as `str.strip` strips, ends in a decimal digit and ")" and passes `test` (the twin's pattern search, given the
    stripped line). The strip and the end are read in place, so a line turned away costs no copy and no call."""
    cdef list out = [], run = []
    cdef Py_ssize_t k, n, lo, hi
    cdef int kind
    cdef void* data
    cdef object line, i
    cdef str s
    cdef bint hit
    for k in range(len(nonblank)):
        i = nonblank[k]
        line = lines[i]
        hit = False
        if line:
            s = line
            n = PyUnicode_GET_LENGTH(s)
            kind = PyUnicode_KIND(s)
            data = PyUnicode_DATA(s)
            lo = 0
            hi = n
            strip_span(kind, data, &lo, &hi)
            # A count closes the line: ")" after a decimal digit (the pattern's `\\d`), or the pattern cannot match.
            if hi - lo > 1 and PyUnicode_READ(kind, data, hi - 1) == 41 and _decimal(PyUnicode_READ(kind, data, hi - 2)):
                hit = bool(test(s if lo == 0 and hi == n else PyUnicode_Substring(s, lo, hi)))
        if hit:
            run.append(i)
            continue
        if run:
            # Only a run ends here: most lines end none, and a new list per line was a fourth of this pass.
            if len(run) >= least:
                out += run
            run = []
    if len(run) >= least:
        out += run
    return out


cdef bint _breaks(list nonblank, cls, frozenset breaking, Py_ssize_t a, Py_ssize_t b, Py_ssize_t least) except -1:
    """`regions._breaks(nonblank, cls, a, b)`: whether positions [a, b) of `nonblank` hold `least` lines of the
    `breaking` classes in a row."""
    cdef Py_ssize_t run = 0, k
    if b - a < least:
        return False
    for k in range(a, b):
        if PySet_Contains(breaking, cls[nonblank[k]]):
            run += 1
            if run >= least:
                return True
        else:
            run = 0
    return False


def core_span(
    list nonblank,
    cls,
    lines,
    good,
    frozenset breaking,
    Py_ssize_t break_run,
    Py_ssize_t break_lines,
    Py_ssize_t least,
    double keep_share,
):
    """`regions._core(nonblank, cls, lines)`, given its constants (`good`, BREAKING, BREAK_RUN, BREAK_LINES,
    MIN_CORE_CHARS, KEEP_SHARE): the first and last position of the prose clusters (`good` lines, parted by
    `break_lines` lines or `break_run` breaking ones in a row) with `keep_share` of the largest one's characters, or
    None with fewer than `least` characters of prose. One pass over the page's classes, each cluster kept as its ends
    and its characters (the twin listed the prose positions first and called `_breaks` per gap)."""
    cdef list firsts = [], lasts = [], mass = []
    cdef Py_ssize_t n = len(nonblank), k, prev = -1, size, total = 0, best = 0, c, count, lo = -1, hi = -1
    cdef object line
    cdef double bar
    for k in range(n):
        if not (cls[nonblank[k]] == good):
            continue
        line = lines[nonblank[k]]
        size = len(line) if line else 0
        if prev < 0 or k - prev - 1 >= break_lines or _breaks(nonblank, cls, breaking, prev + 1, k, break_run):
            firsts.append(k)
            lasts.append(k)
            mass.append(size)
        else:
            c = len(mass) - 1  # no negative index: the module reads without wraparound
            lasts[c] = k
            mass[c] = <Py_ssize_t>mass[c] + size
        prev = k
    if prev < 0:
        return None
    count = len(mass)
    for c in range(count):
        size = mass[c]
        total += size
        if size > best:
            best = size
    if total < least:
        return None
    bar = keep_share * <double>best
    for c in range(count):
        if <double><Py_ssize_t>mass[c] >= bar:
            if lo < 0:
                lo = c
            hi = c
    return firsts[lo], lasts[hi]


# story_lists' constants, set by `configure_stories` (story_lists calls it with its own at import; until then its
# kernels refuse to run). The end and no-end sets are strings of their characters.
cdef bint _STORIES_READY = False
cdef str _START_END = ""
cdef str _HEAD_NO_END = ""
cdef str _STORY_CLOSERS = ""
cdef frozenset _STORY_MARKS = frozenset()
cdef Py_ssize_t _START_WORDS = 0, _START_PAIR = 0, _PARAGRAPH_WORDS = 0, _KEEP_ABOVE = 0, _KEEP_FIRST = 0
cdef Py_ssize_t _HEAD_MIN_WORDS = 0, _HEAD_MAX_WORDS = 0, _RUN_MIN = 0, _RUN_BELOW_MIN = 0, _STORY_WORDS = 0
cdef double _DIGIT_SHARE = 0.0
# `_story_shape`'s bits: story_lists' PROSE, HEADLINE and DIGITS, and PARAGRAPH_WORDS words or more.
cdef enum:
    STORY_PROSE = 1
    STORY_HEADLINE = 2
    STORY_DIGITS = 4
    STORY_PARAGRAPH = 8


def configure_stories(
    str start_end,
    Py_ssize_t start_words,
    Py_ssize_t start_pair,
    Py_ssize_t paragraph_words,
    Py_ssize_t keep_above,
    Py_ssize_t keep_first,
    Py_ssize_t head_min_words,
    Py_ssize_t head_max_words,
    str head_no_end,
    str closers,
    frozenset list_marks,
    Py_ssize_t run_min,
    Py_ssize_t run_below_min,
    double digit_share,
):
    """`story_lists`' constants: START_END and HEAD_NO_END as strings of their characters, teasers.CLOSERS, the list
    marks (two-character strings) and the numbers, as `runs_above` and `runs_below` read them."""
    global _STORIES_READY, _START_END, _HEAD_NO_END, _STORY_CLOSERS, _STORY_MARKS, _START_WORDS, _START_PAIR
    global _PARAGRAPH_WORDS, _KEEP_ABOVE, _KEEP_FIRST, _HEAD_MIN_WORDS, _HEAD_MAX_WORDS, _RUN_MIN, _RUN_BELOW_MIN
    global _DIGIT_SHARE, _STORY_WORDS
    if any(len(m) != 2 for m in list_marks):
        raise ValueError("list marks are two characters")
    _START_END, _HEAD_NO_END, _STORY_CLOSERS, _STORY_MARKS = start_end, head_no_end, closers, list_marks
    _START_WORDS, _START_PAIR, _PARAGRAPH_WORDS = start_words, start_pair, paragraph_words
    _KEEP_ABOVE, _KEEP_FIRST, _HEAD_MIN_WORDS, _HEAD_MAX_WORDS = keep_above, keep_first, head_min_words, head_max_words
    _RUN_MIN, _RUN_BELOW_MIN, _DIGIT_SHARE = run_min, run_below_min, digit_share
    # Words are counted no further than every test needs: a line of this many words or more answers each alike.
    _STORY_WORDS = max(start_words, head_max_words + 1, paragraph_words)
    _STORIES_READY = True


cdef int _story_shape(object line) except -1:
    """`story_lists._shape(line)` and whether the stripped line has PARAGRAPH_WORDS words (`_words`: its spaces, plus
    one), read in place: the strip as `str.strip`, the spaces counted no further than `_STORY_WORDS` words, the end
    before the closers, a lowercase opening (`str.islower` of one code point), a list mark, and a decimal digit
    (`re`'s `\\d`) only in a headline-shaped line."""
    cdef str s
    cdef Py_ssize_t n, lo = 0, hi, k, words = 1, e
    cdef int kind, bits = 0
    cdef void* data
    if not line:
        return 0
    s = line
    n = PyUnicode_GET_LENGTH(s)
    hi = n
    kind = PyUnicode_KIND(s)
    data = PyUnicode_DATA(s)
    strip_span(kind, data, &lo, &hi)
    if lo == hi:
        return 0
    for k in range(lo, hi):
        if PyUnicode_READ(kind, data, k) == 32:
            words += 1
            if words >= _STORY_WORDS:
                break
    if words >= _PARAGRAPH_WORDS:
        bits |= STORY_PARAGRAPH
    if words >= _START_WORDS and _holds(_START_END, PyUnicode_READ(kind, data, hi - 1)):
        bits |= STORY_PROSE
    if words < _HEAD_MIN_WORDS or words > _HEAD_MAX_WORDS or Py_UNICODE_ISLOWER(PyUnicode_READ(kind, data, lo)):
        return bits
    e = hi
    while e > lo and _holds(_STORY_CLOSERS, PyUnicode_READ(kind, data, e - 1)):
        e -= 1
    if e > lo and _holds(_HEAD_NO_END, PyUnicode_READ(kind, data, e - 1)):
        return bits
    if _marked(s, kind, data, lo, hi, _STORY_MARKS):
        return bits
    bits |= STORY_HEADLINE
    for k in range(lo, hi):
        if _decimal(PyUnicode_READ(kind, data, k)):
            return bits | STORY_DIGITS
    return bits


cdef list _story_runs(nonblank, lines, Py_ssize_t a, Py_ssize_t b, Py_ssize_t least):
    """`story_lists._runs(nonblank[a:b], lines, least)`: the lines in runs of `least` or more headline-shaped lines, at
    most DIGIT_SHARE of them with a digit."""
    cdef list out = []
    cdef Py_ssize_t k, run = 0, digits = 0
    cdef int bits
    for k in range(a, b + 1):
        bits = _story_shape(lines[nonblank[k]]) if k < b else 0
        if bits & STORY_HEADLINE:
            run += 1
            if bits & STORY_DIGITS:
                digits += 1
            continue
        if run >= least and <double>digits <= _DIGIT_SHARE * <double>run:
            out.extend(nonblank[k - run : k])
        run = 0
        digits = 0
    return out


def runs_above(nonblank, lines):
    """`story_lists.runs_above(nonblank, lines)` (`configure_stories` first): the article's start (`article_start`)
    and the headline runs above it, each line's shape read in place (`_story_shape`) instead of a cached call per line."""
    if not _STORIES_READY:
        raise RuntimeError("configure_stories first")
    cdef Py_ssize_t k, n = len(nonblank), prev = -1, start = -1
    cdef int bits
    for k in range(n):
        bits = _story_shape(lines[nonblank[k]])
        if bits & STORY_PROSE:
            if prev >= 0 and k - prev <= _START_PAIR:
                start = prev
                break
            if bits & STORY_PARAGRAPH:
                start = k
                break
            prev = k
    if start < 0 or start - _KEEP_ABOVE - _KEEP_FIRST < _RUN_MIN:
        return []
    return _story_runs(nonblank, lines, _KEEP_FIRST, start - _KEEP_ABOVE, _RUN_MIN)


def runs_below(nonblank, lines):
    """`story_lists.runs_below(nonblank, lines)` (`configure_stories` first): the article's end (`article_end`) and the
    headline runs after it, each line's shape read in place (`_story_shape`)."""
    if not _STORIES_READY:
        raise RuntimeError("configure_stories first")
    cdef Py_ssize_t k, n = len(nonblank), nxt = -1, end = -1
    for k in range(n - 1, -1, -1):
        if _story_shape(lines[nonblank[k]]) & STORY_PROSE:
            if nxt >= 0 and nxt - k <= _START_PAIR:
                end = nxt
                break
            nxt = k
    if end < 0 or n - end - 1 < _RUN_BELOW_MIN:
        return []
    return _story_runs(nonblank, lines, end + 1, n, _RUN_BELOW_MIN)


def bare_text(nonblank, lines, frozenset marks):
    """`regions.bare_text(nonblank, lines)`: no line at `nonblank`, stripped as `str.strip` strips, opens with one of
    `marks` (two-character strings) or opens and ends with "|". The strip and the ends are read in place, and the
    opening sliced only where its second code point ends a mark (the twin stripped a copy of every line)."""
    cdef Py_ssize_t k, n, lo, hi
    cdef int kind
    cdef void* data
    cdef object line
    cdef str s
    if any(len(m) != 2 for m in marks):
        raise ValueError("list marks are two characters")
    for k in range(len(nonblank)):
        line = lines[nonblank[k]]
        if not line:
            continue
        s = line
        n = PyUnicode_GET_LENGTH(s)
        kind = PyUnicode_KIND(s)
        data = PyUnicode_DATA(s)
        lo = 0
        hi = n
        strip_span(kind, data, &lo, &hi)
        if lo == hi:
            continue
        if PyUnicode_READ(kind, data, lo) == 124 and PyUnicode_READ(kind, data, hi - 1) == 124:  # "|"
            return False
        if _marked(s, kind, data, lo, hi, marks):
            return False
    return True


cdef bint _quantified_line(object line) except -1:
    """`regions._quantified`'s test of one line (`lines[i] or ""`), read in place: not blank once stripped (`str.strip`),
    not ending in a post count (`COUNT_SUFFIX`, `re`'s `\\(\\d+\\)$` on the stripped line: ")", decimal digits, "("),
    and opening with a lowercase code point (`str.islower` of one) or holding a decimal digit (`re`'s `\\d`: the
    whitespace around the stripped line holds none)."""
    cdef str s
    cdef Py_ssize_t n, lo = 0, hi, p
    cdef int kind
    cdef void* data
    if not line:
        return False
    s = line
    n = PyUnicode_GET_LENGTH(s)
    hi = n
    kind = PyUnicode_KIND(s)
    data = PyUnicode_DATA(s)
    strip_span(kind, data, &lo, &hi)
    if lo == hi:
        return False
    if PyUnicode_READ(kind, data, hi - 1) == 41:  # ")"
        p = hi - 1
        while p > lo and _decimal(PyUnicode_READ(kind, data, p - 1)):
            p -= 1
        if p < hi - 1 and p > lo and PyUnicode_READ(kind, data, p - 1) == 40:  # "(" before one digit or more
            return False
    if Py_UNICODE_ISLOWER(PyUnicode_READ(kind, data, lo)):
        return True
    for p in range(lo, hi):
        if _decimal(PyUnicode_READ(kind, data, p)):
            return True
    return False


cdef set _content_runs(list positions, cls, lines, frozenset listlike, Py_ssize_t least, double share):
    """`regions._content_lists(positions, cls, lines)`, given LISTLIKE, LIST_RUN and LIST_DATA_SHARE."""
    cdef set out = set()
    cdef Py_ssize_t m = len(positions), k, a = 0, j, n
    for k in range(m + 1):
        if k < m and PySet_Contains(listlike, cls[positions[k]]):
            continue
        if k - a >= least:
            n = 0
            for j in range(a, k):
                if _quantified_line(lines[positions[j]]):
                    n += 1
            if <double>n / <double>(k - a) >= share:
                out.update(positions[a:k])
        a = k + 1
    return out


def content_lists(positions, cls, lines, frozenset listlike, Py_ssize_t least, double share):
    """`regions._content_lists(positions, cls, lines)`: the lines in runs of `least` or more `listlike` lines with
    `share` of them quantified (`_quantified_line`), each line's strip, count and digits read in place."""
    return _content_runs(list(positions), cls, lines, listlike, least, share)


def after_teasers(
    list nonblank,
    cls,
    lines,
    good,
    Py_ssize_t tail_keep,
    frozenset listlike,
    Py_ssize_t least,
    double share,
    frozenset after_classes,
    frozenset marks,
    Py_ssize_t after_min,
):
    """`regions._teasers(nonblank, cls, lines, span)` where there is a core (`span`), given its constants: the lines
    after the last `good` one and `tail_keep` more that are not content lists (`_content_runs`), are of
    `after_classes`, not quantified (`_quantified_line`) and open with none of `marks` (two-character strings), or
    none when fewer than `after_min`."""
    cdef Py_ssize_t n = len(nonblank), last = n, k, lo, hi
    cdef list rest, tail = []
    cdef set listed
    cdef object i, line
    cdef str s
    cdef int kind
    cdef void* data
    cdef bint marked
    if any(len(m) != 2 for m in marks):
        raise ValueError("list marks are two characters")
    for k in range(n - 1, -1, -1):
        if cls[nonblank[k]] == good:
            last = k
            break
    rest = nonblank[last + 1 + tail_keep :]
    listed = _content_runs(rest, cls, lines, listlike, least, share)
    for i in rest:
        if i in listed or not PySet_Contains(after_classes, cls[i]):
            continue
        line = lines[i]
        if _quantified_line(line):
            continue
        marked = False
        if line:
            s = line
            kind = PyUnicode_KIND(s)
            data = PyUnicode_DATA(s)
            lo = 0
            hi = PyUnicode_GET_LENGTH(s)
            strip_span(kind, data, &lo, &hi)
            marked = _marked(s, kind, data, lo, hi, marks)
        if not marked:
            tail.append(i)
    return tail if len(tail) >= after_min else []


cdef bint _wraps(object prev, object cur, str ends):
    """`regions._wrapped`'s test of a pair of lines (`lines[i] or ""`), read in place: both non-blank once stripped
    (`str.strip`), the second opening with a lowercase code point (`str.islower` of one), the first not ending in one
    of `ends`."""
    cdef str p, c
    cdef Py_ssize_t lo = 0, hi, plo = 0, phi
    cdef int kind, pkind
    cdef void* data
    cdef void* pdata
    if not prev or not cur:
        return False
    c = cur
    kind = PyUnicode_KIND(c)
    data = PyUnicode_DATA(c)
    hi = PyUnicode_GET_LENGTH(c)
    strip_span(kind, data, &lo, &hi)
    if lo == hi or not Py_UNICODE_ISLOWER(PyUnicode_READ(kind, data, lo)):
        return False
    p = prev
    pkind = PyUnicode_KIND(p)
    pdata = PyUnicode_DATA(p)
    phi = PyUnicode_GET_LENGTH(p)
    strip_span(pkind, pdata, &plo, &phi)
    return plo < phi and not _holds(ends, PyUnicode_READ(pkind, pdata, phi - 1))


def nav_lines(
    list nonblank,
    runs,
    cls,
    lines,
    gone,
    protected,
    Py_ssize_t least,
    frozenset itemlike,
    double item_share,
    str ends,
    Py_ssize_t most_wrapped,
):
    """`regions._nav_lines(nonblank, runs, cls, lines, gone, protected)`, given NAV_RUN, ITEMLIKE, NAV_ITEM_SHARE,
    PROSE_END (a string of its characters) and NAV_MAX_WRAPPED: each run's lines still there (not `gone`), when
    `least` or more with `item_share` of them `itemlike` and fewer than `most_wrapped` wrapped (`_wraps`), but the
    protected ones. Each run read in one pass for its items and one for its wrapped lines, in place."""
    cdef list out = [], run
    cdef Py_ssize_t a, b, k, m, items, wrapped
    for a, b in runs:
        run = [i for i in nonblank[a:b] if i not in gone] if gone else nonblank[a:b]
        m = len(run)
        if m < least:
            continue
        items = 0
        for k in range(m):
            if PySet_Contains(itemlike, cls[run[k]]):
                items += 1
        if <double>items / <double>m < item_share:
            continue
        wrapped = 0
        for k in range(1, m):
            if _wraps(lines[run[k - 1]], lines[run[k]], ends):
                wrapped += 1
        if wrapped < most_wrapped:
            out += [i for i in run if i not in protected]
    return out


cdef bint _ends_with_any(str t, Py_ssize_t n, tuple suffixes):
    """`t[:n].endswith(suffixes)` (`suffixes` a tuple of str), read in place."""
    cdef str suffix
    cdef Py_ssize_t m, k
    cdef int kind = PyUnicode_KIND(t), skind
    cdef void* data = PyUnicode_DATA(t)
    cdef void* sdata
    for suffix in suffixes:
        m = PyUnicode_GET_LENGTH(suffix)
        if m > n:
            continue
        skind = PyUnicode_KIND(suffix)
        sdata = PyUnicode_DATA(suffix)
        for k in range(m):
            if PyUnicode_READ(kind, data, n - m + k) != PyUnicode_READ(skind, sdata, k):
                break
        else:
            return True
    return False


cdef inline int _pair_base(str t, Py_UCS4 end, object c) except -1:
    """Whether a stripped line that ends like a sentence closes a strong unit under a head line (`strong_pairs`' tests
    of the line itself, without the head line above): 1 or 0."""
    return (
        end != 0
        and _in(&_STANDFIRST_END_SET, _STANDFIRST_END, end)
        and PySet_Contains(_STANDFIRST_CLASSES, c) == 1
        and _is_standfirst(t)
    )


def teaser_pairs(tuple truncated, list nonblank, cls, lines):
    """`regions._teaser_pairs(nonblank, cls, lines)` (`configure_pairs` first; `truncated` first, for a `partial`
    without keywords): `strong_pairs` of the lines at `nonblank`, stripped, without and with `cut`, in one pass that
    strips each line in place (a line is sliced only where `str.strip` would change it) and makes no list of the
    stripped lines; the count with `cut` is -1 where no stripped line ends with one of `truncated` (TRUNCATED: with
    none, no line is cut short, and `regions` reads the page once). A line that ends like a sentence is asked of
    `cut_head` only where it ends with one of `truncated` (`teasers._cut_short` is false on every other)."""
    if not _PAIRS_READY:
        raise RuntimeError("configure_pairs first")
    cdef Py_ssize_t most = 0, n = 0, most_cut = 0, n_cut = 0, j, count = len(nonblank), size, e, lo, hi
    cdef bint closed = True, closed_cut = True, breaks, breaks_cut, cut_any = False, shortened
    cdef int base
    cdef Py_UCS4 end
    cdef int kind
    cdef void* data
    cdef object line
    cdef str t, prev = "", suffix
    # The last code points of `truncated`'s strings: a line ending in none of them ends with none of the strings.
    cdef str lasts = "".join([suffix[len(suffix) - 1] for suffix in truncated if suffix])
    cdef _CharSet lasts_set = _charset(lasts)
    cdef bint every = any([not suffix for suffix in truncated])  # "" ends every line
    if every and count:
        cut_any = True
    for j in range(count):
        line = lines[<Py_ssize_t>nonblank[j]]
        t = line or ""
        size = PyUnicode_GET_LENGTH(t)
        kind = PyUnicode_KIND(t)
        data = PyUnicode_DATA(t)
        lo = 0
        hi = size
        strip_span(kind, data, &lo, &hi)
        if lo != 0 or hi != size:
            t = PyUnicode_Substring(t, lo, hi)
            size = hi - lo
            kind = PyUnicode_KIND(t)
            data = PyUnicode_DATA(t)
        end = 0  # no end: the line is empty, or only closers
        shortened = False
        if size:
            e = size
            while e > 0 and _in(&_CLOSERS_SET, _CLOSERS, PyUnicode_READ(kind, data, e - 1)):
                e -= 1
            if e:
                end = PyUnicode_READ(kind, data, e - 1)
            shortened = every or (
                _in(&lasts_set, lasts, PyUnicode_READ(kind, data, size - 1)) and _ends_with_any(t, size, truncated)
            )
            if shortened and not cut_any:
                # Up to the first line cut short the two readings are one (`cut` changes only what such a line
                # answers, as the line or as the head line above the next): the one with `cut` starts from here.
                cut_any = True
                most_cut, n_cut, closed_cut = most, n, closed
        if not size:
            breaks = breaks_cut = True
        elif end and end != 63 and _in(&_SENTENCE_END_SET, _SENTENCE_END, end):  # 63: "?"
            breaks = True
            breaks_cut = not (shortened and _CUT_HEAD(t))
        else:
            breaks = breaks_cut = False
        base = -1  # the line's own tests of a pair (`_pair_base`), made once for both readings and only when needed
        if breaks:
            if closed:
                if n > most:
                    most = n
                n = 0
            elif _head_line(prev, False):
                base = _pair_base(t, end, cls[nonblank[j]])
                n += base
            closed = True
        else:
            closed = False
        if cut_any:
            if breaks_cut:
                if closed_cut:
                    if n_cut > most_cut:
                        most_cut = n_cut
                    n_cut = 0
                elif base != 0 and _head_line(prev, True):
                    if base < 0:
                        base = _pair_base(t, end, cls[nonblank[j]])
                    n_cut += base
                closed_cut = True
            else:
                closed_cut = False
        prev = t
    if n > most:
        most = n
    if n_cut > most_cut:
        most_cut = n_cut
    return most, (most_cut if cut_any else -1)


def signature_kinds(tuple config, list order, lines, removed, Py_ssize_t least):
    """`comments.signature_kinds(order, lines, removed, least)`, given `config` (`line_candidates`' `may_sign` and
    keywords in `sign_candidates`' order, then `kind`, the twin's cached `_kind`): `{k: kind(line)}` for the candidates
    `k` of `line_candidates(order, lines, removed)`, each line stripped in place and sliced only where `str.strip`
    would change it; an empty dict where fewer than `least` lines are candidates (none is asked of `kind`). One call in
    place of the twin's candidate list, then a strip and a call per candidate."""
    cdef list texts = []
    cdef list found
    cdef dict named = {}
    cdef Py_ssize_t j
    may_sign, openers, stamp_words, clock_seps, greeting_words, greeting_first, trailing, posted, kind = config
    found = _scan_lines(
        order, lines, removed, True, may_sign, openers, stamp_words, clock_seps, greeting_words, greeting_first,
        trailing, posted, texts,
    )
    if len(found) < least:
        return named
    for j in range(len(found)):
        named[found[j]] = kind(texts[j])
    return named


def short_kinds(tuple config, list order, lines, removed):
    """`comments.action_kinds(order, lines, removed)`, given `config` (`most`, ACTION_CHARS, `kind`, the twin's
    cached `_action_kind`, and `openers`, ACTION_OPENERS): `{k: kind(line)}` for the lines `lines[order[k]]` (a gap's
    text from `removed`, a dict or None) of 1 to `most` code points once stripped as `str.strip` strips, opening with
    one of `openers` or a non-ASCII code point, where `kind` answers other than None. Each line is stripped in place,
    and only a short one with such an opening is sliced (where the strip changes it) and handed to `kind`."""
    cdef Py_ssize_t most, k, n, lo, hi, i, m = len(order)
    cdef object line, found
    cdef str s, openers
    cdef int ukind
    cdef void* data
    cdef Py_UCS4 first
    cdef dict out = {}
    most, kind, openers = config
    for k in range(m):
        i = order[k]
        line = lines[i]
        if line is None:
            line = removed.get(i, "") if removed is not None else ""
        s = line or ""
        n = PyUnicode_GET_LENGTH(s)
        if n == 0:
            continue
        ukind = PyUnicode_KIND(s)
        data = PyUnicode_DATA(s)
        lo = 0
        hi = n
        strip_span(ukind, data, &lo, &hi)
        if hi == lo or hi - lo > most:
            continue
        first = PyUnicode_READ(ukind, data, lo)
        if first < 128 and not _holds(openers, first):
            continue
        found = kind(s if lo == 0 and hi == n else PyUnicode_Substring(s, lo, hi))
        if found is not None:
            out[k] = found
    return out
