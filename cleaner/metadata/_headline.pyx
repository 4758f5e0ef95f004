# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The native core's text headline slice (issue 13): text_headline.py's per-line screens, in C.

Built only by the compiled build (`CLEANER_COMPILE=1`, setup.py); the pure twins are text_headline.py's `_copy_keys_of`,
`_copy_index`, `_title_rows`, `_fold_lines` and `_dated_any`, headline_lines.py's `_line_key` (of `line_key`, which
headline_lines._key asks of a text outside ASCII) and bylines.py's `_may_open_label`, which are also the reference this
kernel is tested against (tests/test_native_headline.py). Each function gives its twin's exact answer for every string:
where the twin uses `str.split` or `str.strip` this asks `Py_UNICODE_ISSPACE` (what those methods test per code point),
where it uses `regex`'s `\\s` the same less U+001C-U+001F (which `str.isspace` counts and `regex` does not), where it
uses `str.casefold` (and `unicodedata`'s NFKD) a table of each code point's fold made from those functions themselves,
and anything it cannot answer per code point (the key of a segment whose fold is not ASCII, whether a character opens a
title) it asks the twin's own function.

What it does less of than the twin: no regex scan to split a line at site_affix._SEPARATOR (its matches are read per
code point: the pattern has no backtracking that can change a match), no list of words per line, no copy of a line that
is screened out.
"""

from cpython.bytearray cimport PyByteArray_AS_STRING
from cpython.list cimport PyList_GET_ITEM, PyList_GET_SIZE
from libc.stdint cimport uint8_t, uint16_t
from libc.stdlib cimport free, malloc
from libc.string cimport memchr, memcmp, memset

from unicodedata import combining as _combining, normalize as _normalize

from cleaner._pyunicode cimport (
    PyUnicode_KIND,
    PyUnicode_DATA,
    PyUnicode_GET_LENGTH,
    PyUnicode_IS_ASCII,
    PyUnicode_READ,
    PyUnicode_New,
    PyUnicode_WRITE,
    PyUnicode_Substring,
    PySet_Contains,
    is_space as _is_space,
    Py_UNICODE_ISALPHA,
    Py_UNICODE_ISDECIMAL,
    strip_span,
)

cdef extern from "Python.h":
    object PyUnicode_DecodeASCII(const char* s, Py_ssize_t size, const char* errors)


cdef enum:
    KEY_STACK = 512  # characters of a span whose ASCII key is written on the stack (_ascii_key): a title has 220 at most


cdef inline bint _rx_space(Py_UCS4 ch):
    """`regex`'s `\\s`: str.isspace's whitespace but for the separators U+001C-U+001F."""
    return _is_space(ch) and not (28 <= ch <= 31)


cdef inline bint _spaced_separator(Py_UCS4 ch):
    """A character of _SEPARATOR's first branch's class, `[|·•»«›►▸→/~#–—-]`."""
    return (
        ch == 0x7C or ch == 0xB7 or ch == 0x2022 or ch == 0xBB or ch == 0xAB or ch == 0x203A or ch == 0x25BA
        or ch == 0x25B8 or ch == 0x2192 or ch == 0x2F or ch == 0x7E or ch == 0x23 or ch == 0x2013 or ch == 0x2014
        or ch == 0x2D
    )


cdef inline bint _bare_separator(Py_UCS4 ch):
    """A character of _SEPARATOR's second branch's class, `[|·•]`."""
    return ch == 0x7C or ch == 0xB7 or ch == 0x2022


cdef inline Py_ssize_t _spaces_to(int kind, void* data, Py_ssize_t k, Py_ssize_t n):
    """The end of the run of `regex` whitespace that starts at k (k itself when there is none)."""
    while k < n and _rx_space(PyUnicode_READ(kind, data, k)):
        k += 1
    return k


cdef inline Py_ssize_t _separator_at(int kind, void* data, Py_ssize_t p, Py_ssize_t n):
    """The end of site_affix._SEPARATOR's match at p in [.., n), or -1: `\\s+(?:[|·•»«›►▸→/~#–—-]|::|:)\\s+` tried
    first, then `\\s*[|·•]\\s*`. Each `\\s` run is taken whole: a shorter one is followed by a space, which neither a
    separator character nor a colon is, so backtracking into it never matches."""
    cdef Py_ssize_t q, r
    cdef Py_UCS4 ch
    q = _spaces_to(kind, data, p, n)
    if q > p and q < n:
        ch = PyUnicode_READ(kind, data, q)
        r = -1
        if _spaced_separator(ch):
            r = q + 1
        elif ch == 0x3A:  # "::" before ":"; "::" without a space after leaves ":" followed by ":", no match either
            r = q + 2 if q + 1 < n and PyUnicode_READ(kind, data, q + 1) == 0x3A else q + 1
        if 0 <= r < n and _rx_space(PyUnicode_READ(kind, data, r)):
            return _spaces_to(kind, data, r, n)
    if q < n and _bare_separator(PyUnicode_READ(kind, data, q)):
        return _spaces_to(kind, data, q + 1, n)
    return -1


cdef Py_ssize_t _word_count(int kind, void* data, Py_ssize_t start, Py_ssize_t end):
    """`len(s[start:end].split())`."""
    cdef Py_ssize_t k, words = 0
    cdef bint inside = False
    for k in range(start, end):
        if _is_space(PyUnicode_READ(kind, data, k)):
            inside = False
        elif not inside:
            inside = True
            words += 1
    return words


cdef object _ascii_key(int kind, void* data, Py_ssize_t start, Py_ssize_t end):
    """headline_lines._ascii_key of an ASCII span: its runs of letters and digits, lower-cased, joined by single
    spaces. Written in one pass to a buffer as long as the span (a key is never longer; on the stack for a title's
    length), then made a string: a pass to count the key's characters before writing them was half of this
    function's time."""
    cdef Py_ssize_t k, size = 0
    cdef bint inside = False
    cdef Py_UCS4 ch
    cdef char stack[KEY_STACK]
    cdef char* buf = stack
    cdef object out
    if end - start > KEY_STACK:
        buf = <char*>malloc(end - start)
        if buf == NULL:
            raise MemoryError()
    for k in range(start, end):
        ch = PyUnicode_READ(kind, data, k)
        if (48 <= ch <= 57) or (65 <= ch <= 90) or (97 <= ch <= 122):
            if not inside and size:
                buf[size] = 32
                size += 1
            inside = True
            if 65 <= ch <= 90:
                ch = <Py_UCS4>(<unsigned int>ch + 32)  # lower case
            buf[size] = <char>ch
            size += 1
        else:
            inside = False
    out = PyUnicode_DecodeASCII(buf, size, NULL)
    if buf != stack:
        free(buf)
    return out


cdef bint _ascii_span(int kind, void* data, Py_ssize_t start, Py_ssize_t end):
    cdef Py_ssize_t k
    if kind == 1:
        for k in range(start, end):
            if PyUnicode_READ(kind, data, k) > 127:
                return False
        return True
    for k in range(start, end):
        if PyUnicode_READ(kind, data, k) > 127:
            return False
    return True


cdef inline list _segment_spans(int kind, void* data, Py_ssize_t start, Py_ssize_t end):
    """The (start, end) spans of [start, end) between site_affix._SEPARATOR's matches (none empty). Inlined with a
    constant `kind` per call: the separator is tried at every character, and a read that switched on the kind each
    time was most of copy_keys' time."""
    cdef list spans = []
    cdef Py_ssize_t pos = start, p = start, e
    while p < end:
        e = _separator_at(kind, data, p, end)
        if e < 0:
            p += 1
            continue
        if p > pos:
            spans.append((pos, p))
        pos = e
        p = e
    if pos < end:
        spans.append((pos, end))
    return spans


cdef tuple _line_copy_keys(str line, key):
    """copy_keys' answer (what copy_index reads of each line its screen passes)."""
    cdef int kind = PyUnicode_KIND(line)
    cdef void* data = PyUnicode_DATA(line)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(line), start = 0, end, e, s, longest = 0, count, k
    cdef list spans
    cdef list counts = []
    end = n
    strip_span(kind, data, &start, &end)
    if kind == 1:
        spans = _segment_spans(1, data, start, end)
    elif kind == 2:
        spans = _segment_spans(2, data, start, end)
    else:
        spans = _segment_spans(4, data, start, end)
    if len(spans) < 2:
        return ()
    for span in spans:
        count = _word_count(kind, data, span[0], span[1])
        counts.append(count)
        if count > longest:
            longest = count
    out = []
    for k in range(len(spans)):
        if counts[k] != longest:
            continue
        s, e = spans[k]
        if _ascii_span(kind, data, s, e):
            out.append(_ascii_key(kind, data, s, e))
        else:
            out.append(key(PyUnicode_Substring(line, s, e)))
    return tuple(out)


def copy_keys(str line, key):
    """text_headline._copy_keys_of: the keys (`key`, headline_lines._key, asked only of a segment outside ASCII) of the
    segments of most words of the line stripped, split at site_affix._SEPARATOR's matches; () for fewer than two
    segments."""
    return _line_copy_keys(line, key)


# A string's characters by its kind: _may_split is compiled once for each, its reads without a switch per character.
ctypedef fused _any_char:
    uint8_t
    uint16_t
    Py_UCS4


# _may_split's class of each character below U+0100: 1 of site_affix._SEPARATOR's bare class `[|·•]`, 2 of its spaced
# class or a colon (`[»«/~#-:]` there), 0 neither (filled on first use).
cdef uint8_t _split_class[256]
cdef bint _split_class_made = False


cdef void _split_class_fill() noexcept:
    global _split_class_made
    cdef Py_UCS4 ch
    for ch in range(256):
        _split_class[ch] = 1 if _bare_separator(ch) else 2 if (_spaced_separator(ch) or ch == 0x3A) else 0
    _split_class_made = True


cdef inline bint _may_split(const _any_char* data, Py_ssize_t n) noexcept:
    """Whether a line holds what every site_affix._SEPARATOR match holds: a character of its bare class `[|·•]`, or
    `regex` whitespace right before a character of its spaced class or a colon. A line without it is one segment
    (copy_keys gives it ()), and is not split. Compiled for each string kind, a character below U+0100 classed by one
    table look-up (_split_class), one above only in U+2013-U+25BA."""
    cdef Py_ssize_t k
    cdef Py_UCS4 ch
    cdef int cls
    for k in range(n):
        ch = data[k]
        if _any_char is uint8_t or ch < 256:
            cls = _split_class[ch]
            if cls == 0:
                continue
        elif ch < 0x2013 or ch > 0x25BA:
            continue
        elif _bare_separator(ch):
            cls = 1
        elif _spaced_separator(ch):
            cls = 2
        else:
            continue
        if cls == 1:
            return True
        if k > 0 and _rx_space(data[k - 1]):
            return True
    return False


def copy_index(lines, key, dict memo, Py_ssize_t memo_max):
    """text_headline._copy_index: where each key of copy_keys is a segment (key -> the lines), and the lines of several
    segments, over every line in one call. A line is split only past _may_split's screen, and its keys are read from
    `memo` (line -> keys; emptied when it holds `memo_max` lines) or made and kept there: a site's menus and
    breadcrumbs repeat from page to page. One call a text, where a screen over the lines, then a memo's Python call
    per line, then the index built in the compiled caller were most of the copy look-up's time."""
    cdef list seq = lines if type(lines) is list else list(lines)
    cdef Py_ssize_t j, count = PyList_GET_SIZE(seq), n
    cdef dict inside = {}
    cdef set several = set()
    cdef object s, copies, k, holders
    cdef int kind
    cdef void* data
    cdef bint may
    if not _split_class_made:
        _split_class_fill()
    for j in range(count):
        s = <object>PyList_GET_ITEM(seq, j)
        if s is None:
            continue
        kind = PyUnicode_KIND(s)
        data = PyUnicode_DATA(s)
        n = PyUnicode_GET_LENGTH(s)
        if kind == 1:
            may = _may_split(<const uint8_t*>data, n)
        elif kind == 2:
            may = _may_split(<const uint16_t*>data, n)
        else:
            may = _may_split(<const Py_UCS4*>data, n)
        if not may:
            continue
        copies = memo.get(s)
        if copies is None:
            copies = _line_copy_keys(<str>s, key)
            if len(memo) >= memo_max:
                memo.clear()
            memo[s] = copies
        if not copies:
            continue
        several.add(j)
        for k in <tuple>copies:
            holders = inside.get(k)
            if holders is None:
                inside[k] = {j}
            else:
                (<set>holders).add(j)
    return inside, several


cdef inline bint _closer(Py_UCS4 ch):
    """A character of headline_lines._BAD_END_CLOSERS, `'’"”)`."""
    return ch == 0x27 or ch == 0x2019 or ch == 0x22 or ch == 0x201D or ch == 0x29


cdef inline bint _bad_end(Py_UCS4 ch):
    """A character of headline_lines._BAD_END_MARKS, `.,;:`."""
    return ch == 0x2E or ch == 0x2C or ch == 0x3B or ch == 0x3A


cdef inline bint _row_join(Py_UCS4 ch):
    """The joining character of headline_lines._ROW_JOIN, `[|•>»]`."""
    return ch == 0x7C or ch == 0x2022 or ch == 0x3E or ch == 0xBB


cdef bint _caption_tail(str title):
    """headline_lines._CAPTION_TAIL (`[.…]\\s+\\([^()\\n]{2,60}\\)$`) searched in a title (words joined by single
    spaces, as _row_title makes it): the bracket before its closing one, with 2-60 characters between them and no
    bracket or line break, after `regex`'s whitespace (_rx_space: in a title only its single spaces) that follows a full
    stop or an ellipsis. Read from the title's end, not asked of `regex` through a Python call per title ending with ")"
    (its `re` row-join search again, then the pattern's search set-up)."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(title), k, j
    cdef int kind = PyUnicode_KIND(title)
    cdef void* data = PyUnicode_DATA(title)
    cdef Py_UCS4 ch
    if n == 0 or PyUnicode_READ(kind, data, n - 1) != 0x29:
        return False
    k = n - 2
    while k >= 0:
        ch = PyUnicode_READ(kind, data, k)
        if ch == 0x28:
            break
        if ch == 0x29 or ch == 0x0A:
            return False
        k -= 1
    if k < 0 or not (2 <= n - 2 - k <= 60):
        return False
    j = k - 1
    while j >= 0 and _rx_space(PyUnicode_READ(kind, data, j)):
        j -= 1
    if j == k - 1 or j < 0:
        return False
    ch = PyUnicode_READ(kind, data, j)
    return ch == 0x2E or ch == 0x2026


cdef struct _TitleScan:
    Py_ssize_t words  # the words read (stopped at cap + 1)
    Py_ssize_t size  # their characters
    Py_ssize_t first  # the first word's first character (-1: none)
    Py_ssize_t last  # the last word's last character
    bint joined  # a one-character row join between two words, after two words at least
    bint spaced  # no space at the ends, one U+0020 between words: the line is its own title
    Py_UCS4 top  # the largest character of the words


cdef inline void _scan_title(int kind, void* data, Py_ssize_t n, Py_ssize_t cap, _TitleScan* scan) noexcept:
    """What title_rows reads of a line in one pass: its words (no further than cap + 1), their characters, the first
    and last, whether a row join sits between words, whether the line is spaced. Inlined with a constant `kind` per
    call: the read is then a plain load, not a switch per character (most of title_rows' time)."""
    cdef Py_ssize_t k, words = 0, size = 0, first = -1, last = -1, word_start = -1
    cdef bint inside = False, joined = False, pending = False, spaced = True
    cdef Py_UCS4 ch, top = 0
    for k in range(n):
        ch = PyUnicode_READ(kind, data, k)
        if _is_space(ch):
            if inside:
                # A one-character word after another: " X " in the title when a word follows it.
                pending = k - word_start == 1 and words >= 2 and _row_join(PyUnicode_READ(kind, data, word_start))
                if ch != 0x20:
                    spaced = False
            else:
                spaced = False
            inside = False
        else:
            if not inside:
                inside = True
                words += 1
                if words > cap:
                    break
                if pending:
                    joined = True
                word_start = k
                if first < 0:
                    first = k
            size += 1
            last = k
            if ch > top:
                top = ch
    scan.words = words
    scan.size = size
    scan.first = first
    scan.last = last
    scan.joined = joined
    scan.spaced = spaced
    scan.top = top


# title_rows' answers of `opens` for the ASCII characters (0 not asked, 1 no, 2 yes), for the function they are the
# answers of (held, so that no other function is made at its address): `opens` answers by the character alone
# (text_headline._opens_title), and a text's titles open with few characters. Asked through a Python call per title,
# with a one-character string, it was about a tenth of title_rows' time.
cdef object _opens_of = None
cdef unsigned char _opens_memo[128]


cdef bint _opens_first(object opens, object s, int kind, void* data, Py_ssize_t first) except -1:
    """`opens` of the character at `first` of s, remembered when it is ASCII."""
    global _opens_of
    cdef Py_UCS4 ch = PyUnicode_READ(kind, data, first)
    cdef unsigned char v
    if ch >= 128:
        return True if opens(PyUnicode_Substring(s, first, first + 1)) else False
    if opens is not _opens_of:
        memset(_opens_memo, 0, 128)
        _opens_of = opens
    v = _opens_memo[ch]
    if v == 0:
        v = 2 if opens(PyUnicode_Substring(s, first, first + 1)) else 1
        _opens_memo[ch] = v
    return v == 2


# The key of the title _row_title gave last (None unless ASCII): a third answer without a tuple per line.
cdef object _row_key = None


cdef object _row_title(object s, Py_ssize_t cap, Py_ssize_t min_words, Py_ssize_t max_chars, bint short_ok,
                       bint sentence_ok, object opens, Py_ssize_t* words_out, bint* sentence_out):
    """What title_rows reads of one line (not None) past its screens: its title, or None when a screen leaves it out;
    its words and whether it is a sentence through the pointers, its key (None unless ASCII) in `_row_key`."""
    global _row_key
    cdef object title
    cdef Py_ssize_t n, k, words, size, first, last, w
    cdef int kind, okind
    cdef void* data
    cdef void* odata
    cdef Py_UCS4 ch, top
    cdef bint inside, joined, spaced, sentence
    cdef _TitleScan scan
    memset(&scan, 0, sizeof(scan))  # (_scan_title sets every field: this only tells the C compiler so)
    kind = PyUnicode_KIND(s)
    data = PyUnicode_DATA(s)
    n = PyUnicode_GET_LENGTH(s)
    if kind == 1:
        _scan_title(1, data, n, cap, &scan)
    elif kind == 2:
        _scan_title(2, data, n, cap, &scan)
    else:
        _scan_title(4, data, n, cap, &scan)
    words = scan.words
    size = scan.size
    first = scan.first
    last = scan.last
    joined = scan.joined
    spaced = scan.spaced
    top = scan.top
    if words > cap:
        return None
    if words < min_words and not short_ok:
        return None
    if words == 0:
        title = ""
    elif spaced and last == n - 1:
        title = s
    else:
        title = PyUnicode_New(size + words - 1, top)
        okind = PyUnicode_KIND(title)
        odata = PyUnicode_DATA(title)
        w = 0
        inside = False
        for k in range(first, last + 1):
            ch = PyUnicode_READ(kind, data, k)
            if _is_space(ch):
                inside = False
                continue
            if not inside and w:
                PyUnicode_WRITE(okind, odata, w, 32)
                w += 1
            inside = True
            PyUnicode_WRITE(okind, odata, w, ch)
            w += 1
    if words == 0 or size + words - 1 > max_chars or joined:
        sentence = True
    else:
        k = last
        while k >= first and _closer(PyUnicode_READ(kind, data, k)):
            k -= 1
        sentence = (
            (k >= first and _bad_end(PyUnicode_READ(kind, data, k)))
            or not _opens_first(opens, s, kind, data, first)
            or (PyUnicode_READ(kind, data, last) == 0x29 and _caption_tail(title))
        )
    if sentence and not sentence_ok:
        return None
    _row_key = _ascii_key(kind, data, first, last + 1) if top < 128 and words else None
    words_out[0] = words
    sentence_out[0] = sentence
    return title


def title_rows(lines, content, several, Py_ssize_t cap, Py_ssize_t min_words, Py_ssize_t max_chars,
               bint short_ok, bint sentence_ok, opens, ends_as_title):
    """text_headline._title_rows: for each of `content` (at its place n there) in `several`, `(n, i, None, 0, False,
    None)`; for another whose words joined by single spaces (its title) are at most `cap`, at least `min_words` unless
    `short_ok`, `(n, i, title, words, sentence, key)`, where `sentence` is whether the title is not title-shaped (more
    than `max_chars` characters, a first character `opens` refuses, a bad end, a row join, or a caption's bracketed
    tail: what `ends_as_title`, headline_lines._ends_as_title, refuses, which the kernel reads itself and never asks)
    and `key` headline_lines._key of an ASCII title (else None); a sentence is left out unless `sentence_ok`. The line
    is read once, and is the title itself when already spaced. `opens` must answer by the character alone: its answers
    for ASCII characters are remembered (_opens_first)."""
    cdef list seq = lines if type(lines) is list else list(lines)
    cdef list out = []
    cdef object s, title
    cdef Py_ssize_t at = -1, words = 0
    cdef bint sentence = False
    if type(several) is not set and type(several) is not frozenset:
        several = set(several)  # PySet_Contains reads sets only
    for i in content:
        at += 1
        if PySet_Contains(several, i):
            out.append((at, i, None, 0, False, None))
            continue
        s = <object>PyList_GET_ITEM(seq, <Py_ssize_t>i)
        if s is None:
            s = ""
        title = _row_title(s, cap, min_words, max_chars, short_ok, sentence_ok, opens, &words, &sentence)
        if title is not None:
            out.append((at, i, title, words, sentence, _row_key))
    return out


def plain_ranks(lines, content, several, opens, ends_as_title, strip, title_shaped, dict stripped, dict given,
                furniture, top_block, above, tuple marks, limit, Py_ssize_t w_start, Py_ssize_t extra,
                Py_ssize_t min_score):
    """text_headline._plain_ranks: find_text_headline's first pass without a slug, its candidates' packed ranks
    (text_headline._packed_rank), each line read once (title_rows' reading, with its headline screens, no short line
    and no sentence) and no row made. The titles go to `stripped`, the ASCII ones' keys to `given`; a line of
    `several` has its affix taken off by `strip` (unless `stripped` holds it) and is asked `title_shaped`."""
    cdef list seq = lines if type(lines) is list else list(lines)
    cdef list out = []
    cdef object s, title
    cdef Py_ssize_t at = -1, words = 0, i, score, bound, near, n_content = len(content), n_lines = len(seq)
    cdef Py_ssize_t first_kept = marks[0], first_at = marks[1], last_kept = marks[2], n_above = len(above)
    cdef Py_ssize_t penalty, tie, min_words, max_words, max_chars
    cdef long long packed
    cdef bint sentence = False
    if _plain_limits is None:
        _plain_limits_load()
    penalty, tie, min_words, max_words, max_chars = _plain_limits
    if type(several) is not set and type(several) is not frozenset:
        several = set(several)
    if type(furniture) is not set and type(furniture) is not frozenset:
        furniture = set(furniture)
    if type(top_block) is not set and type(top_block) is not frozenset:
        top_block = set(top_block)
    for item in content:
        at += 1
        i = item
        if PySet_Contains(several, item):
            title = stripped.get(item)
            if title is None:
                s = <object>PyList_GET_ITEM(seq, i)
                title = strip("" if s is None else s)
                stripped[item] = title
            if not title_shaped(title):
                continue
            words = len(title.split())
            if words < min_words:
                continue
        else:
            s = <object>PyList_GET_ITEM(seq, i)
            if s is None:
                s = ""
            title = _row_title(s, max_words, min_words, max_chars, False, False, opens, &words, &sentence)
            if title is None:
                continue
            stripped[item] = title
            if _row_key is not None:
                given[item] = _row_key
        if PySet_Contains(furniture, item):
            continue
        score = w_start if i == first_kept and last_kept > i else 0
        if i < n_above and above[i] > limit:
            score -= penalty
        bound = score + extra + (w_start if last_kept > i and PySet_Contains(top_block, item) else 0)
        if bound < min_score:
            continue
        near = -(at - first_at if at >= first_at else first_at - at) if first_kept >= 0 else 0
        if words > tie:
            words = tie
        if n_lines < (1 << 20) and -(1 << 12) < bound < (1 << 12):
            # (At most 2**13 * (tie + 1) * 2**20 * 2**20: far inside a long long.)
            packed = (<long long>bound * 2 + 1) * (tie + 1) + words
            out.append(((packed * (n_content + 1) + near + n_content) * n_lines) + n_lines - 1 - i)
        else:
            out.append(_plain_packed(bound, False, words, near, i, n_content, n_lines))
    return out


# text_headline's BELOW_BODY_PENALTY and TIE_MAX_WORDS, headline.py's HEADLINE_MIN_WORDS, HEADLINE_MAX_WORDS and
# HEADLINE_MAX_CHARS, and text_headline._packed_rank (for a rank past a long long's reach), read on plain_ranks' first
# call: text_headline imports this module.
cdef tuple _plain_limits = None
cdef object _plain_packed = None


cdef void _plain_limits_load() except *:
    global _plain_limits, _plain_packed
    from cleaner.metadata import text_headline as th

    _plain_limits = (th.BELOW_BODY_PENALTY, th.TIE_MAX_WORDS, th.HEADLINE_MIN_WORDS, th.HEADLINE_MAX_WORDS,
                     th.HEADLINE_MAX_CHARS)
    _plain_packed = th._packed_rank


cdef enum:
    FOLD_SHIFT = 8  # code points per block of the fold table: 256
    FOLD_SLOTS = 4  # per code point: the fold's length (1-3; 0 when longer), then its characters


# Each code point's case fold, by blocks of 256 code points made on first use from `str.casefold` itself: every answer
# is this interpreter's, for every code point (a fold has at most three characters: "ß" -> "ss", "ΐ" -> three), and a
# text reads only the few blocks of its scripts (a block is 256 calls, once per process).
cdef Py_UCS4* _fold_blocks[0x110000 >> FOLD_SHIFT]


cdef Py_UCS4* _fold_block(Py_ssize_t b) except NULL:
    """Block b of the fold table, made from `str.casefold` of each of its code points."""
    cdef Py_UCS4* block = <Py_UCS4*>malloc((1 << FOLD_SHIFT) * FOLD_SLOTS * sizeof(Py_UCS4))
    cdef Py_ssize_t k, j, m
    cdef str f
    if block == NULL:
        raise MemoryError()
    for k in range(1 << FOLD_SHIFT):
        f = chr((b << FOLD_SHIFT) + k).casefold()
        m = len(f)
        if m >= FOLD_SLOTS:
            m = 0  # (none in Unicode 15; the line would be left to str.casefold)
        block[k * FOLD_SLOTS] = <Py_UCS4>m
        for j in range(m):
            block[k * FOLD_SLOTS + 1 + j] = f[j]
    _fold_blocks[b] = block
    return block


cdef inline Py_UCS4* _fold_of(Py_UCS4 ch) except NULL:
    """The fold table's entry of a code point: its fold's length, then its characters."""
    cdef Py_UCS4* block = _fold_blocks[<unsigned int>ch >> FOLD_SHIFT]
    if block == NULL:
        block = _fold_block(<unsigned int>ch >> FOLD_SHIFT)
    return block + (<unsigned int>ch & ((1 << FOLD_SHIFT) - 1)) * FOLD_SLOTS


cdef inline Py_UCS4* _fold_made(Py_UCS4 ch) noexcept:
    """The fold table's entry of a code point whose block _fold_of has made (fold_lines' second pass: its first made
    every block the text needs)."""
    return _fold_blocks[<unsigned int>ch >> FOLD_SHIFT] + (<unsigned int>ch & ((1 << FOLD_SHIFT) - 1)) * FOLD_SLOTS


cdef inline Py_ssize_t _fold_size(int kind, void* data, Py_ssize_t n, Py_UCS4* top) except -2:
    """The length of a line's fold, with `top` raised to its largest character; -1 when a character's fold is longer
    than the table holds. Inlined with a constant `kind` per call: the read is then a plain load, not a switch per
    character."""
    cdef Py_ssize_t k, m, flen, size = 0
    cdef Py_UCS4 ch, t = top[0]
    cdef Py_UCS4* entry
    for k in range(n):
        ch = PyUnicode_READ(kind, data, k)
        if ch < 128:
            if ch > t:
                t = ch
            size += 1
            continue
        entry = _fold_of(ch)
        flen = <Py_ssize_t>entry[0]
        if flen == 0:
            return -1
        size += flen
        for m in range(1, flen + 1):
            if entry[m] > t:
                t = entry[m]
    top[0] = t
    return size


cdef inline Py_ssize_t _fold_write(int kind, void* data, Py_ssize_t n, int okind, void* odata, Py_ssize_t w) noexcept:
    """Write a line's fold at w (every block of the table it reads is made); the position after it. Inlined with
    constant kinds, as _fold_size is."""
    cdef Py_ssize_t k, m
    cdef Py_UCS4 ch
    cdef Py_UCS4* entry
    for k in range(n):
        ch = PyUnicode_READ(kind, data, k)
        if ch < 128:
            PyUnicode_WRITE(okind, odata, w, <Py_UCS4>(<unsigned int>ch + 32) if 65 <= ch <= 90 else ch)
            w += 1
            continue
        entry = _fold_made(ch)
        for m in range(1, <Py_ssize_t>entry[0] + 1):
            PyUnicode_WRITE(okind, odata, w, entry[m])
            w += 1
    return w


cdef Py_ssize_t _fold_line(int kind, void* data, Py_ssize_t n, int okind, void* odata, Py_ssize_t w) noexcept:
    """_fold_write with its two kinds made constants (nine loops, each without a switch per character)."""
    if okind == 1:
        if kind == 1:
            return _fold_write(1, data, n, 1, odata, w)
        if kind == 2:
            return _fold_write(2, data, n, 1, odata, w)
        return _fold_write(4, data, n, 1, odata, w)
    if okind == 2:
        if kind == 1:
            return _fold_write(1, data, n, 2, odata, w)
        if kind == 2:
            return _fold_write(2, data, n, 2, odata, w)
        return _fold_write(4, data, n, 2, odata, w)
    if kind == 1:
        return _fold_write(1, data, n, 4, odata, w)
    if kind == 2:
        return _fold_write(2, data, n, 4, odata, w)
    return _fold_write(4, data, n, 4, odata, w)


def fold_lines(lines):
    """text_headline._fold_lines: the lines (None as "") case-folded and joined by line breaks, in one string, each
    character folded through the fold table (ASCII inline): `str.casefold` of a line outside ASCII is a full case
    mapping per character, several times dearer than the table's look-up. An ASCII line's fold is as long as the line
    and ASCII (its length is read, not its characters), and every loop over characters runs with its string kinds
    constant: a read and a write that switched on the kinds per character were most of this function's time."""
    cdef list seq = lines if type(lines) is list else list(lines)
    cdef Py_ssize_t count = PyList_GET_SIZE(seq), j, k, n, size, total, w = 0
    cdef Py_UCS4 top = 0, ch
    cdef list pieces = None
    cdef object s, piece, out
    cdef int kind, okind
    cdef void* data
    cdef void* odata
    total = count - 1 if count else 0  # the line breaks
    if total:
        top = 10
    for j in range(count):
        s = <object>PyList_GET_ITEM(seq, j)
        if s is None:
            continue
        n = PyUnicode_GET_LENGTH(s)
        if PyUnicode_IS_ASCII(s):
            # (Any largest character below 128 makes the same kind of string.)
            if n and top < 127:
                top = 127
            total += n
            continue
        kind = PyUnicode_KIND(s)
        data = PyUnicode_DATA(s)
        if kind == 1:
            size = _fold_size(1, data, n, &top)
        elif kind == 2:
            size = _fold_size(2, data, n, &top)
        else:
            size = _fold_size(4, data, n, &top)
        if size < 0:
            # A fold the table does not hold: the line is str.casefold's.
            piece = s.casefold()
            if pieces is None:
                pieces = [None] * count
            pieces[j] = piece
            kind = PyUnicode_KIND(piece)
            data = PyUnicode_DATA(piece)
            size = PyUnicode_GET_LENGTH(piece)
            for k in range(size):
                ch = PyUnicode_READ(kind, data, k)
                if ch > top:
                    top = ch
        total += size
    out = PyUnicode_New(total, top)
    okind = PyUnicode_KIND(out)
    odata = PyUnicode_DATA(out)
    for j in range(count):
        if j:
            PyUnicode_WRITE(okind, odata, w, 10)
            w += 1
        piece = None if pieces is None else <object>PyList_GET_ITEM(pieces, j)
        if piece is not None:
            kind = PyUnicode_KIND(piece)
            data = PyUnicode_DATA(piece)
            for k in range(PyUnicode_GET_LENGTH(piece)):
                PyUnicode_WRITE(okind, odata, w, PyUnicode_READ(kind, data, k))
                w += 1
            continue
        s = <object>PyList_GET_ITEM(seq, j)
        if s is None:
            continue
        w = _fold_line(PyUnicode_KIND(s), PyUnicode_DATA(s), PyUnicode_GET_LENGTH(s), okind, odata, w)
    return out



# How rare each ASCII character is in a case-folded text (higher is rarer), for holder_lines' anchor: the letters by
# their rank in the languages' running text (the space and "e" commonest, "q" rarest), then the digits, then the
# punctuation but for ". , -" (dev tf's titles: ~107 places of the anchor a search, ~151 with the letters rarest).
# Only the speed hangs on it: every anchor finds every match.
cdef unsigned char _RARITY[128]
_COMMONEST = b" enisratodhlucmgpbfwkvyzjxq"


cdef void _rarity_load() noexcept:
    cdef Py_ssize_t k
    for k in range(128):
        _RARITY[k] = 30
    for k in range(48, 58):
        _RARITY[k] = 20
    _RARITY[46] = _RARITY[44] = _RARITY[45] = 12  # . , -
    for k in range(len(_COMMONEST)):
        _RARITY[_COMMONEST[k]] = <unsigned char>k


_rarity_load()


cdef inline int _rarity(Py_UCS4 ch) noexcept:
    """How rare `ch` is in a folded text: a character past ASCII as rarer than any letter (in a text of its script
    most are past ASCII, and then the needle's first is taken)."""
    return _RARITY[ch] if ch < 128 else 25


cdef inline Py_ssize_t _breaks(int kind, char* data, Py_ssize_t start, Py_ssize_t stop) noexcept:
    """The line breaks in data[start:stop] (code points of `kind`): a count over every code point, with no branch per
    one, which the C compiler makes a vector loop (a `memchr` per break was a third of holder_lines' time)."""
    cdef Py_ssize_t k, count = 0
    cdef const uint8_t* d1
    cdef const uint16_t* d2
    cdef const Py_UCS4* d4
    if kind == 1:
        d1 = <const uint8_t*>data
        for k in range(start, stop):
            count += d1[k] == 10
    elif kind == 2:
        d2 = <const uint16_t*>data
        for k in range(start, stop):
            count += d2[k] == 10
    else:
        d4 = <const Py_UCS4*>data
        for k in range(start, stop):
            count += d4[k] == 10
    return count


def holder_lines(str folded, str needle):
    """text_headline._holder_lines: the line (its count of line breaks before it) of every place `needle` is found in
    `folded`, in order, found as `str.find` from one past each match finds them. Each match is found at its rarest
    character (_rarity): `memchr` finds that character's first byte, and a match is compared where it stands there,
    where `str.find` (a skip by a mask of the needle's characters, which a title's common letters fill) read most of
    a long text per search; the breaks are counted up to each match only, as the twin counts them."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(folded), m = PyUnicode_GET_LENGTH(needle)
    cdef int fk = PyUnicode_KIND(folded), nk = PyUnicode_KIND(needle)
    cdef char* fdata = <char*>PyUnicode_DATA(folded)
    cdef void* ndata = PyUnicode_DATA(needle)
    cdef list out = []
    cdef Py_ssize_t k, a = 0, p, s, line = 0, seen = 0, off
    cdef int best = -1, r
    cdef Py_UCS4 c, ch
    cdef char* nbuf
    cdef const char* at
    cdef const char* limit
    cdef unsigned char first
    cdef uint16_t c2
    cdef Py_UCS4 c4
    if m == 0:
        # Found at every place, the end too.
        for s in range(n + 1):
            if s and PyUnicode_READ(fk, fdata, s - 1) == 10:
                line += 1
            out.append(line)
        return out
    # A needle of a wider kind holds a character that `folded` cannot (a string's kind is its largest character's).
    if nk > fk or m > n:
        return out
    for k in range(m):
        r = _rarity(PyUnicode_READ(nk, ndata, k))
        if r > best:
            best = r
            a = k
    c = PyUnicode_READ(nk, ndata, a)
    # The character's first byte as `folded` stores it (whatever the byte order).
    if fk == 1:
        first = <unsigned char>c
    elif fk == 2:
        c2 = <uint16_t>c
        first = (<unsigned char*>&c2)[0]
    else:
        c4 = c
        first = (<unsigned char*>&c4)[0]
    nbuf = <char*>ndata
    if nk != fk:
        nbuf = <char*>malloc(m * fk)
        if nbuf == NULL:
            raise MemoryError()
        for k in range(m):
            PyUnicode_WRITE(fk, nbuf, k, PyUnicode_READ(nk, ndata, k))
    try:
        # The anchor of a match starting at s is at s + a, and s + m <= n.
        at = fdata + a * fk
        limit = fdata + (n - m + a) * fk + 1
        while at < limit:
            at = <const char*>memchr(at, first, limit - at)
            if at == NULL:
                break
            off = at - fdata
            if off % fk:
                at += 1
                continue
            p = off // fk
            at += fk
            if PyUnicode_READ(fk, fdata, p) != c:
                continue
            s = p - a
            if memcmp(fdata + s * fk, nbuf, m * fk) == 0:
                line += _breaks(fk, fdata, seen, s)
                seen = s
                out.append(line)
    finally:
        if nbuf != <char*>ndata:
            free(nbuf)
    return out


cdef enum:
    WORD_SLOTS = 8  # per code point: its key fold's length (0-7) with a bit per character that is a word's, then them
    WORD_BIT = 8  # the first character's bit in slot 0 (its length is the low byte)
    TOO_LONG = 0xFF  # slot 0's length byte of a key fold of more than WORD_SLOTS - 1 characters


# Each code point's key fold (headline_lines._fold of it: NFKD of its case fold, combining marks dropped), whatever its
# characters, with whether each is one of headline_lines._WORD's (`regex`'s `[\p{L}\p{N}]`, asked of `regex` itself:
# its Unicode tables may be newer than unicodedata's), by blocks of 256 made on first use, as _fold_blocks are.
cdef Py_UCS4* _word_blocks[0x110000 >> FOLD_SHIFT]
_non_word = None


cdef Py_UCS4* _word_block(Py_ssize_t b) except NULL:
    """Block b of the word fold table. Its 256 code points are case-folded and NFKD'd in one call each, a separator
    between them that no fold or decomposition in the block holds ("\\0"; U+FFFF in block 0, whose U+0000 folds to
    "\\0"): `str.casefold` maps each character alone, and the separator is a starter, so no combining mark is reordered
    across it and each piece is its code point's own NFKD. The characters that are no word character are marked in one
    `regex` substitution of their class's complement (each match is one character, "\\x01", itself none): a block of
    CJK ideographs has none. One call per code point and per fold character to `unicodedata` and `regex` was about
    1.4 ms a block, on the first text of each script (82 blocks of CJK ideographs)."""
    global _non_word
    cdef Py_UCS4* block = <Py_UCS4*>malloc((1 << FOLD_SHIFT) * WORD_SLOTS * sizeof(Py_UCS4))
    cdef Py_ssize_t k, j, m, at = 0
    cdef unsigned int head
    cdef str sep = "\uffff" if b == 0 else "\0"
    cdef str f, body, marked
    cdef list folds
    if block == NULL:
        raise MemoryError()
    if _non_word is None:
        from regex import compile as _compile

        _non_word = _compile(r"[^\p{L}\p{N}]")
    folds = "".join(
        [
            c
            for c in _normalize(
                "NFKD", sep.join([chr((b << FOLD_SHIFT) + k) for k in range(1 << FOLD_SHIFT)]).casefold()
            )
            if not _combining(c)
        ]
    ).split(sep)
    body = "".join(folds)
    marked = _non_word.sub("\x01", body)
    for k in range(1 << FOLD_SHIFT):
        f = folds[k]
        m = len(f)
        if m >= WORD_SLOTS:
            block[k * WORD_SLOTS] = TOO_LONG
            at += m
            continue
        head = <unsigned int>m
        for j in range(m):
            block[k * WORD_SLOTS + 1 + j] = f[j]
            if marked[at + j] != "\x01":
                head |= 1u << (WORD_BIT + j)
        block[k * WORD_SLOTS] = <Py_UCS4>head
        at += m
    _word_blocks[b] = block
    return block


cdef inline Py_UCS4* _word_fold(Py_UCS4 ch) except NULL:
    """The word fold table's entry of a code point outside ASCII."""
    cdef Py_UCS4* block = _word_blocks[<unsigned int>ch >> FOLD_SHIFT]
    if block == NULL:
        block = _word_block(<unsigned int>ch >> FOLD_SHIFT)
    return block + (<unsigned int>ch & ((1 << FOLD_SHIFT) - 1)) * WORD_SLOTS


cdef inline Py_ssize_t _line_key_chars(
    int kind, void* data, Py_ssize_t n, void* out, bint lower, Py_UCS4* top, bint* wide
) except -2:
    """The key's characters of a text (the runs of word characters of its key fold, joined by single spaces), written
    to `out` (a string of kind 4's width or less: `top` says which) when it is not NULL, with ASCII capitals lowered
    when `lower`; their count, or -1 when a character's key fold is longer than the table holds. `top` gets the
    largest character written, `wide` whether the fold holds a character outside ASCII (word or not)."""
    cdef Py_ssize_t k, m, size = 0, count
    cdef bint inside = False
    cdef unsigned int head
    cdef Py_UCS4 ch, one
    cdef Py_UCS4* entry
    cdef Py_UCS4* chars
    cdef int okind = 0
    if out != NULL:
        okind = 1 if top[0] < 256 else (2 if top[0] < 65536 else 4)
    for k in range(n):
        ch = PyUnicode_READ(kind, data, k)
        if ch < 128:
            one = <Py_UCS4>(<unsigned int>ch + 32) if 65 <= ch <= 90 else ch
            chars = &one
            count = 1
            head = (1u << WORD_BIT) if (48 <= ch <= 57) or (65 <= ch <= 90) or (97 <= ch <= 122) else 0u
        else:
            entry = _word_fold(ch)
            head = <unsigned int>entry[0]
            if (head & 0xFF) == TOO_LONG:
                return -1
            chars = entry + 1
            count = head & 0xFF
        for m in range(count):
            ch = chars[m]
            if ch >= 128:
                wide[0] = True
            if head & (1u << (WORD_BIT + m)):
                if not inside and size:
                    if out != NULL:
                        PyUnicode_WRITE(okind, out, size, 32)
                    size += 1
                inside = True
                if out != NULL:
                    if lower and 65 <= ch <= 90:
                        ch = <Py_UCS4>(<unsigned int>ch + 32)
                    PyUnicode_WRITE(okind, out, size, ch)
                elif ch > top[0]:
                    top[0] = ch
                size += 1
            else:
                inside = False
    return size



cdef Py_ssize_t _key_chars(
    int kind, void* data, Py_ssize_t n, void* out, bint lower, Py_UCS4* top, bint* wide
) except -2:
    """_line_key_chars with its string's kind made a constant (a plain load per character, not a switch)."""
    if kind == 1:
        return _line_key_chars(1, data, n, out, lower, top, wide)
    if kind == 2:
        return _line_key_chars(2, data, n, out, lower, top, wide)
    return _line_key_chars(4, data, n, out, lower, top, wide)


def line_key(str s):
    """headline_lines._line_key: the key (headline_lines._key) of any text, read through the word fold table: its fold's
    runs of `regex` word characters joined by single spaces, lower-cased when the fold is ASCII; None when a
    character's fold is longer than the table holds (the key is then the twin's). It answers a fold outside ASCII too:
    a curly quote, a dash or an ellipsis (most English news lines outside ASCII) no longer leaves the line to
    `unicodedata` and a `regex` scan."""
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s)
    cdef Py_UCS4 top = 32
    cdef bint wide = False
    cdef Py_ssize_t size = _key_chars(kind, data, n, NULL, False, &top, &wide)
    cdef object out
    if size < 0:
        return None
    out = PyUnicode_New(size, top if top > 127 else 127)
    _key_chars(kind, data, n, PyUnicode_DATA(out), not wide, &top, &wide)
    return out


cdef inline bint _rx_digit(Py_UCS4 ch):
    """`regex`'s `\\d`: a decimal digit (tests/test_native_headline.py compares the two on every code point)."""
    if ch < 128:
        return 48 <= ch <= 57
    return Py_UNICODE_ISDECIMAL(ch)


# headline_lines._BYLINE's labels, lower-cased (its `(?i)` alternation), each ended by a NUL.
cdef const char* _BYLINE_LABELS = b"by\0von\0par\0por\0di\0door\0de\0autor\0author\0text\0\0"


cdef inline bint _may_open_byline(int kind, void* data, Py_ssize_t n):
    """False only where headline_lines._opens_byline is False: past the ASCII characters that are not `regex` word
    characters, the line opens with a run of ASCII letters that is none of the labels in any case, or is followed by
    an ASCII character that neither `\\s` nor a colon can be (a digit, "_", "-": "Bye", "Der", "by-line"), or by
    nothing. A character outside ASCII where the label or what follows it is read may be either (a space, or a
    letter `(?i)` matches with an ASCII one: "İ", "K"): such a line is asked."""
    cdef Py_ssize_t k = 0, start, m
    cdef Py_UCS4 ch
    cdef const char* label = _BYLINE_LABELS
    while k < n:
        ch = PyUnicode_READ(kind, data, k)
        if ch >= 128 or (48 <= ch <= 57) or (65 <= ch <= 90) or (97 <= ch <= 122) or ch == 95:
            break
        k += 1
    if k == n:
        return False
    start = k
    while k < n:
        ch = PyUnicode_READ(kind, data, k)
        if not ((65 <= ch <= 90) or (97 <= ch <= 122)):
            break
        k += 1
    if k == n:
        return False  # the label's `\\s+` needs a character after it
    ch = PyUnicode_READ(kind, data, k)
    if ch >= 128:
        return True
    if not (ch == 58 or ch == 32 or (9 <= ch <= 13) or (28 <= ch <= 31)):
        return False
    # The letters read, lower-cased, against each label.
    while label[0] != 0:
        m = 0
        while label[m] != 0 and start + m < k:
            ch = PyUnicode_READ(kind, data, start + m)
            if 65 <= ch <= 90:
                ch = <Py_UCS4>(<unsigned int>ch + 32)
            if ch != <Py_UCS4><unsigned char>label[m]:
                break
            m += 1
        if label[m] == 0 and start + m == k:
            return True
        while label[0] != 0:
            label += 1
        label += 1
    return False


cdef inline bint _trusted(Py_UCS4 ch):
    """Whether `regex`'s classes of the character (`\\p{L}` under `(?i)`, `\\d`, `\\s`) are CPython's
    (Py_UNICODE_ISALPHA, Py_UNICODE_ISDECIMAL, _rx_space): the two builds' Unicode versions agree below U+0558 and on
    general punctuation (tests/test_native_headline.py compares every such code point). A line with another character
    is left to headline_lines._has_date."""
    return ch < 0x558 or 0x2000 <= ch <= 0x206F


cdef inline bint _rx_letter(Py_UCS4 ch):
    """`regex`'s `\\p{L}` of a trusted character."""
    if ch < 128:
        return (65 <= ch <= 90) or (97 <= ch <= 122)
    return Py_UNICODE_ISALPHA(ch)


cdef inline Py_ssize_t _digits_to(int kind, void* data, Py_ssize_t k, Py_ssize_t n):
    """The end of the run of `regex` digits that starts at k."""
    while k < n and _rx_digit(PyUnicode_READ(kind, data, k)):
        k += 1
    return k


cdef inline bint _numeric_mark(Py_UCS4 ch):
    return ch == 0x2E or ch == 0x2F or ch == 0x2D


cdef inline bint _de_at(int kind, void* data, Py_ssize_t k, Py_ssize_t n):
    """`(?i)de\\s` at k."""
    cdef Py_UCS4 a, b
    if k + 2 >= n:
        return False
    a = PyUnicode_READ(kind, data, k)
    b = PyUnicode_READ(kind, data, k + 1)
    return (a == 0x64 or a == 0x44) and (b == 0x65 or b == 0x45) and _rx_space(PyUnicode_READ(kind, data, k + 2))


cdef inline bint _numeric_date_at(int kind, void* data, Py_ssize_t p, Py_ssize_t e, Py_ssize_t n):
    """headline_lines._NUMERIC_DATE at p, the start of a run of digits ending at e (no digit before p). Each `\\d{a,b}`
    must take its whole run: the character after a shorter take is a digit, where a mark or the lookahead's non-digit
    is needed."""
    cdef Py_ssize_t q, e2, e3
    cdef Py_UCS4 mark
    if e - p <= 2 and e < n and _numeric_mark(PyUnicode_READ(kind, data, e)):
        # \d{1,2}[./-]\d{1,2}[./-]\d{2,4}(?!\d)
        q = e + 1
        e2 = _digits_to(kind, data, q, n)
        if 1 <= e2 - q <= 2 and e2 < n and _numeric_mark(PyUnicode_READ(kind, data, e2)):
            e3 = _digits_to(kind, data, e2 + 1, n)
            if 2 <= e3 - (e2 + 1) <= 4:
                return True
    if e - p == 4 and e < n:
        # \d{4}(?:-\d{2}-\d{2}|/\d{1,2}/\d{1,2}|\.\d{1,2}\.\d{1,2})(?!\d)
        mark = PyUnicode_READ(kind, data, e)
        if _numeric_mark(mark):
            q = e + 1
            e2 = _digits_to(kind, data, q, n)
            if e2 < n and PyUnicode_READ(kind, data, e2) == mark and (
                (e2 - q == 2) if mark == 0x2D else (1 <= e2 - q <= 2)
            ):
                e3 = _digits_to(kind, data, e2 + 1, n)
                if (e3 - (e2 + 1) == 2) if mark == 0x2D else (1 <= e3 - (e2 + 1) <= 2):
                    return True
    return False


cdef inline bint _year_after(int kind, void* data, Py_ssize_t q, Py_ssize_t n, bint de):
    """`,?\\s+\\d{4}(?!\\d)` at q, with an optional "de " before the year (`(?i)(?:de\\s+)?`) when `de`."""
    cdef Py_ssize_t r
    if q < n and PyUnicode_READ(kind, data, q) == 0x2C:
        q += 1
    r = _spaces_to(kind, data, q, n)
    if r == q:
        return False
    if de and _de_at(kind, data, r, n):
        r = _spaces_to(kind, data, r + 2, n)
    return _digits_to(kind, data, r, n) - r == 4


cdef inline bint _day_month_year_at(int kind, void* data, Py_ssize_t p, Py_ssize_t e, Py_ssize_t n):
    """headline_lines._DAY_MONTH_YEAR at p, the start of a run of digits ending at e:
    `(?<![\\p{L}\\d])\\d{1,2}\\.?\\s+(?:de\\s+)?\\p{L}{3,}\\.?,?\\s+(?:de\\s+)?\\d{4}(?!\\d)` under `(?i)`. Every
    step is forced: the classes that follow each other are disjoint, and an optional "de " taken wrongly leaves two
    letters where three are needed."""
    cdef Py_ssize_t q, r, m
    if e - p > 2 or (p > 0 and _rx_letter(PyUnicode_READ(kind, data, p - 1))):
        return False
    q = e
    if q < n and PyUnicode_READ(kind, data, q) == 0x2E:
        q += 1
    r = _spaces_to(kind, data, q, n)
    if r == q:
        return False
    if _de_at(kind, data, r, n):
        r = _spaces_to(kind, data, r + 2, n)
    m = r
    while m < n and _rx_letter(PyUnicode_READ(kind, data, m)):
        m += 1
    if m - r < 3:
        return False
    if m < n and PyUnicode_READ(kind, data, m) == 0x2E:
        m += 1
    return _year_after(kind, data, m, n, True)


cdef inline bint _month_day_year_at(int kind, void* data, Py_ssize_t p, Py_ssize_t e, Py_ssize_t n):
    """_DATE_AT_DIGIT's month-day-year branch at p, the start of a run of digits ending at e:
    `(?<=(?<![\\p{L}\\d])\\p{L}{3,}\\.?\\s+)\\d{1,2},?\\s+\\d{4}(?!\\d)`. The lookbehind is read backwards: the
    spaces, an optional full stop, a whole run of three letters or more, no digit before it."""
    cdef Py_ssize_t b, m
    if e - p > 2:
        return False
    b = p
    while b > 0 and _rx_space(PyUnicode_READ(kind, data, b - 1)):
        b -= 1
    if b == p:
        return False
    if b > 0 and PyUnicode_READ(kind, data, b - 1) == 0x2E:
        b -= 1
    m = b
    while m > 0 and _rx_letter(PyUnicode_READ(kind, data, m - 1)):
        m -= 1
    if b - m < 3 or (m > 0 and _rx_digit(PyUnicode_READ(kind, data, m - 1))):
        return False
    return _year_after(kind, data, e, n, False)


cdef inline int _date_in(int kind, void* data, Py_ssize_t n):
    """headline_lines._has_date of the line: 1 when _DATE_AT_DIGIT finds a date, 0 when it does not, -1 when the line
    holds a character that is not _trusted (the caller asks _has_date). Each branch is tried at the start of each run of
    digits: the numeric one's lookbehind and the others' (a letter or digit before them; a space before the third)
    refuse any other place. Inlined with a constant `kind` per call (_dated_in): the read is then a plain load, not a
    switch per character, and a one-byte string (every character below U+0100) is trusted without reading it."""
    cdef Py_ssize_t k, e
    if kind != 1:
        for k in range(n):
            if not _trusted(PyUnicode_READ(kind, data, k)):
                return -1
    k = 0
    while k < n:
        if not _rx_digit(PyUnicode_READ(kind, data, k)):
            k += 1
            continue
        e = _digits_to(kind, data, k, n)
        if (
            _numeric_date_at(kind, data, k, e, n)
            or _day_month_year_at(kind, data, k, e, n)
            or _month_day_year_at(kind, data, k, e, n)
        ):
            return 1
        k = e
    return 0


cdef int _dated_in(int kind, void* data, Py_ssize_t n):
    """_date_in with its string's kind made a constant (three loops, each without a switch per character)."""
    if kind == 1:
        return _date_in(1, data, n)
    if kind == 2:
        return _date_in(2, data, n)
    return _date_in(4, data, n)


cdef bint _may_open(int kind, void* data, Py_ssize_t n):
    """_may_open_byline with its string's kind made a constant."""
    if kind == 1:
        return _may_open_byline(1, data, n)
    if kind == 2:
        return _may_open_byline(2, data, n)
    return _may_open_byline(4, data, n)


def date_in(str line):
    """_date_in of a line, for tests/test_native_headline.py."""
    return _dated_in(PyUnicode_KIND(line), PyUnicode_DATA(line), PyUnicode_GET_LENGTH(line))


def dated_any(lines, list indexes, Py_ssize_t start, Py_ssize_t stop, opens_byline, has_date, bytearray memo=None):
    """text_headline._dated_any: whether `opens_byline` or `has_date` (headline_lines._opens_byline and _has_date)
    holds for the line of any of `indexes[start:stop]`. `opens_byline` is asked only of a line a label may open
    (_may_open_byline); a line's dates are read here (_date_in), and `has_date` asked only of a line holding a
    character this does not trust. `memo` (as long as `indexes`, or None) keeps each line's answer by its place in
    `indexes` (0 not read, 1 no, 2 yes) across the calls of one text: find_text_headline's windows overlap, and read
    afresh each line was read about three times."""
    cdef list seq = lines if type(lines) is list else list(lines)
    cdef Py_ssize_t k, n = PyList_GET_SIZE(indexes), size
    cdef object s
    cdef int kind, found
    cdef void* data
    cdef unsigned char* seen = NULL
    cdef bint dated
    if memo is not None:
        if len(memo) < n:
            raise ValueError("memo shorter than indexes")
        seen = <unsigned char*>PyByteArray_AS_STRING(memo)
    if stop > n:
        stop = n
    for k in range(max(start, 0), stop):
        if seen != NULL and seen[k]:
            if seen[k] == 2:
                return True
            continue
        s = <object>PyList_GET_ITEM(seq, <Py_ssize_t><object>PyList_GET_ITEM(indexes, k))
        if s is None:
            s = ""
        kind = PyUnicode_KIND(s)
        data = PyUnicode_DATA(s)
        size = PyUnicode_GET_LENGTH(s)
        dated = _may_open(kind, data, size) and opens_byline(s)
        if not dated:
            found = _dated_in(kind, data, size)
            # (A line it does not trust may hold digits only `regex` knows: has_date makes its own hint test.)
            dated = found > 0 or (found < 0 and has_date(s))
        if seen != NULL:
            seen[k] = 2 if dated else 1
        if dated:
            return True
    return False


def may_open_label(str line, firsts):
    """bylines._may_open_label: whether the line's first word (past `str.split`'s whitespace, up to a colon) is outside
    ASCII or, lower-cased, one of `firsts` (a set). The word is read in place: splitting the line copied the rest of it
    (a paragraph), and the word was lower-cased through a Python call."""
    cdef int kind = PyUnicode_KIND(line)
    cdef void* data = PyUnicode_DATA(line)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(line), k = 0, start, m
    cdef Py_UCS4 ch
    cdef char stack[KEY_STACK]
    while k < n and _is_space(PyUnicode_READ(kind, data, k)):
        k += 1
    start = k
    while k < n:
        ch = PyUnicode_READ(kind, data, k)
        if ch == 0x3A or _is_space(ch):
            break
        if ch >= 128:
            return True
        k += 1
    if k - start > KEY_STACK:
        return PySet_Contains(firsts, PyUnicode_Substring(line, start, k).lower()) == 1
    for m in range(start, k):
        ch = PyUnicode_READ(kind, data, m)
        stack[m - start] = <char>(<unsigned int>ch + 32 if 65 <= ch <= 90 else <unsigned int>ch)
    return PySet_Contains(firsts, PyUnicode_DecodeASCII(stack, k - start, NULL)) == 1
