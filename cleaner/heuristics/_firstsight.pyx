# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The native core's first slice (issue 13): the block classifier's first-sight work on a line, in one C loop.

Built only by the compiled build (`CLEANER_COMPILE=1`, setup.py); the pure twins are `cohesion._content` (`content`),
`lang._line_words` (`line_words`), `lang._packed_py` (`packed`), `lang._line` (`line_entry`: its words' count and
packed hits), `lang._stoplist_for_lines_py` (`sample_choice`), `lang._lanes_py` over the stoplists' frozensets
(`StopIndex`; read from the files' text, over `lang._list_words`), `features.shape` (`shape`), `features._classes_py` (`classes`), `features._refine_py` (`refine`),
`features._stop_share` (`stop_share`), `copies.nested_copies` (`nested_copies`, chosen in `cleaner.heuristics`),
`learned.features._line_stats_py` (`line_table`), `learned.features._line_rows_py` (`line_rows`) and `learned.rows.RowMemo._stats_py` (`memo_rows`), and the modules use this kernel only when it imports and its
constants match theirs. Each function gives the twin's exact answer for every string: where the twin uses `re`'s
`\\w`, `str.isalpha`, `str.isupper`, `str.lower` or `str.split`, this asks CPython's own predicate for each code point
(`Py_UNICODE_ISALNUM` is `re`'s word class for str patterns, with "_"; `Py_UNICODE_ISALPHA`, `Py_UNICODE_ISUPPER` and
`Py_UNICODE_ISSPACE` are what those methods test per code point), lowers ASCII itself, and any other word by
`Py_UNICODE_TOLOWER` per code point (`str.lower`'s answer but for U+0130 and a capital sigma, which go to `str.lower`).

What it does less of than the twin: no list of matches, no second string per word for the lower case (an ASCII word
is read and lowered into one new string), no method calls per word; the language guess adds each stopword's lists
into 32-bit counters instead of adding a 3,200-bit integer per word, and counts its sample's words without making
them strings.
"""

from cpython.dict cimport PyDict_GetItem, PyDict_SetItem
from cpython.list cimport PyList_Append, PyList_AsTuple, PyList_GET_ITEM, PyList_GET_SIZE
from cpython.unicode cimport PyUnicode_Compare
from cpython.object cimport PyObject
from libc.math cimport rint
from libc.stdint cimport int32_t, int64_t, uint8_t, uint16_t, uint32_t, uint64_t
from libc.stdlib cimport calloc, free, malloc, qsort, realloc
from libc.string cimport memcmp, memcpy, memset

from cleaner._pyunicode cimport (
    PyUnicode_KIND,
    PyUnicode_DATA,
    PyUnicode_GET_LENGTH,
    PyUnicode_READ,
    PyUnicode_WRITE,
    PyUnicode_New,
    PyUnicode_Substring,
    Py_UNICODE_ISALNUM,
    Py_UNICODE_ISALPHA,
    Py_UNICODE_ISUPPER,
    Py_UNICODE_ISSPACE,
    Py_UNICODE_ISDECIMAL,
    Py_UNICODE_ISLOWER,
    PySet_Contains,
    PySet_Add,
    PyUnicode_IS_ASCII,
    PyUnicode_1BYTE_KIND,
    PyBytes_FromStringAndSize,
    PyBytes_AS_STRING,
    PyBytes_GET_SIZE,
    strip_span,
)

# cohesion's constants, which cohesion checks against its own before it uses `content`. C constants, so that a word's
# length is compared with them in C (as module globals, each test per word was a dict look-up and a Python compare).
cdef enum:
    _MIN_CHARS = 3
    _STEM_CHARS = 6
    _NAME_CHARS = 2
MIN_CHARS = _MIN_CHARS
STEM_CHARS = _STEM_CHARS
NAME_CHARS = _NAME_CHARS
# lang's lane width in bytes (lang.LANE_BYTES), checked the same way.
LANE_BYTES = 4

cdef tuple _NO_WORDS = ((), (), "")


cdef extern from "Python.h":
    # A str's hash never fails (and is cached in the str): no error check per word.
    Py_hash_t _str_hash "PyObject_Hash"(object word)

# The predicates of the ASCII code points, read once from the same CPython functions the loops ask for any other
# code point (so a table look-up replaces up to five calls per character of ASCII text, with the same answers).
cdef enum:
    WORD = 1  # re's \w for str patterns: Py_UNICODE_ISALNUM, or "_"
    ALPHA = 2  # str.isalpha
    UPPER = 4  # str.isupper of one character
    SPACE = 8  # str.split's whitespace
cdef uint8_t _ASCII[128]
cdef Py_UCS4 _c
for _c in range(128):
    _ASCII[_c] = (
        (WORD if (Py_UNICODE_ISALNUM(_c) or _c == 95) else 0)
        | (ALPHA if Py_UNICODE_ISALPHA(_c) else 0)
        | (UPPER if Py_UNICODE_ISUPPER(_c) else 0)
        | (SPACE if Py_UNICODE_ISSPACE(_c) else 0)
    )


cdef inline bint _is_word(uint32_t ch):
    return (_ASCII[ch] & WORD) != 0 if ch < 128 else (Py_UNICODE_ISALNUM(ch) or ch == 95)


cdef inline bint _is_alpha(uint32_t ch):
    return (_ASCII[ch] & ALPHA) != 0 if ch < 128 else Py_UNICODE_ISALPHA(ch)


cdef inline bint _is_upper(uint32_t ch):
    return (_ASCII[ch] & UPPER) != 0 if ch < 128 else Py_UNICODE_ISUPPER(ch)


cdef inline bint _is_space(uint32_t ch):
    return (_ASCII[ch] & SPACE) != 0 if ch < 128 else Py_UNICODE_ISSPACE(ch)


cdef inline void _lower_ascii(int kind, void* data, Py_ssize_t start, Py_ssize_t length, uint8_t* out) noexcept:
    """The ASCII code points `data[start:start + length]` lowered into `out`: a word's bytes as its lowered str holds
    them (the stop tables look ASCII words up by these)."""
    cdef Py_ssize_t k
    cdef uint32_t ch
    for k in range(length):
        ch = PyUnicode_READ(kind, data, start + k)
        out[k] = <uint8_t>(ch + 32 if 65 <= ch <= 90 else ch)


cdef inline object _lowered(object line, int kind, void* data, Py_ssize_t start, Py_ssize_t end, bint ascii):
    """line[start:end].lower(): an ASCII word lowered here into one new string, any other by `str.lower`."""
    cdef object out
    if not ascii:
        return PyUnicode_Substring(line, start, end).lower()
    out = PyUnicode_New(end - start, 127)
    _lower_ascii(kind, data, start, end - start, <uint8_t*>PyUnicode_DATA(out))
    return out



cdef inline object _stem(object low, Py_ssize_t length):
    """low[:STEM_CHARS]."""
    return low if length <= _STEM_CHARS else PyUnicode_Substring(low, 0, _STEM_CHARS)


cdef extern from *:
    """
    #define CLEANER_FNV_BASIS 14695981039346656037ULL
    #define CLEANER_FNV_PRIME 1099511628211ULL
    """
    # FNV-1a's offset basis and prime, as C constants (a global is read again after every byte written).
    const uint64_t _FNV_BASIS "CLEANER_FNV_BASIS"
    const uint64_t _FNV_PRIME "CLEANER_FNV_PRIME"


cdef inline uint64_t _fnv(const uint8_t* at, Py_ssize_t n):
    """FNV-1a over bytes: the stop table's hash."""
    cdef uint64_t h = _FNV_BASIS
    cdef Py_ssize_t k
    for k in range(n):
        h = (h ^ at[k]) * _FNV_PRIME
    return h


cdef inline uint64_t _fnv_wide(const uint32_t* at, Py_ssize_t n):
    """FNV-1a over code points (one step each): the non-ASCII stop table's hash."""
    cdef uint64_t h = _FNV_BASIS
    cdef Py_ssize_t k
    for k in range(n):
        h = (h ^ at[k]) * _FNV_PRIME
    return h


cdef class _AsciiStops:
    """The members of a stoplist, in two open-addressing tables: the ASCII ones by their bytes, the others by their
    code points. A word's membership is settled from its lowered code points, without making it a string: a lowered
    word is in the stoplist exactly when it is in the table of its kind (an all-ASCII one can only equal an ASCII
    member, any other only a non-ASCII one). A word whose lower case `Py_UNICODE_TOLOWER` cannot give (it holds U+0130
    or a capital sigma) is looked up in the frozenset itself."""

    cdef object source  # the frozenset, kept so that its id stays its own while this table is cached
    cdef char* blob
    cdef Py_ssize_t* offsets  # per slot: the word's offset in blob, or -1 when the slot is empty
    cdef Py_ssize_t* lengths
    cdef Py_ssize_t mask
    cdef Py_ssize_t longest
    cdef uint8_t* scratch  # a word lowered, up to `longest` bytes
    # The non-ASCII members: their code points in `wide_blob`, by slot as above.
    cdef uint32_t* wide_blob
    cdef Py_ssize_t* wide_offsets
    cdef Py_ssize_t* wide_lengths
    cdef Py_ssize_t wide_mask
    cdef Py_ssize_t wide_longest
    cdef Py_ssize_t most  # the longest member of either kind
    cdef uint32_t* wide_scratch  # a word lowered, up to `most` code points
    # After `member` of a non-ASCII word: its length when `wide_scratch` holds all of it lowered (else -1), and the
    # widest code point of that lower case.
    cdef Py_ssize_t lowered
    cdef uint32_t lowered_max

    def __cinit__(self, frozenset source):
        cdef Py_ssize_t n = 0, size = 0, cap = 8, at = 0, slot, length
        cdef Py_ssize_t wide_n = 0, wide_size = 0, wide_cap = 8, wide_at = 0
        cdef uint64_t h
        cdef const uint8_t* word
        cdef int kind
        cdef void* data
        self.source = source
        self.longest = 0
        self.wide_longest = 0
        for w in source:
            length = PyUnicode_GET_LENGTH(w)
            if PyUnicode_IS_ASCII(w):
                n += 1
                size += length
                if length > self.longest:
                    self.longest = length
            else:
                wide_n += 1
                wide_size += length
                if length > self.wide_longest:
                    self.wide_longest = length
        while cap < 2 * n:
            cap *= 2
        while wide_cap < 2 * wide_n:
            wide_cap *= 2
        self.mask = cap - 1
        self.wide_mask = wide_cap - 1
        self.most = self.longest if self.longest > self.wide_longest else self.wide_longest
        self.blob = <char*>malloc(size + 1)
        self.offsets = <Py_ssize_t*>malloc(cap * sizeof(Py_ssize_t))
        self.lengths = <Py_ssize_t*>calloc(cap, sizeof(Py_ssize_t))
        self.scratch = <uint8_t*>malloc(self.longest + 1)
        self.wide_blob = <uint32_t*>malloc((wide_size + 1) * sizeof(uint32_t))
        self.wide_offsets = <Py_ssize_t*>malloc(wide_cap * sizeof(Py_ssize_t))
        self.wide_lengths = <Py_ssize_t*>calloc(wide_cap, sizeof(Py_ssize_t))
        self.wide_scratch = <uint32_t*>malloc((self.most + 1) * sizeof(uint32_t))
        if (
            not self.blob or not self.offsets or not self.lengths or not self.scratch or not self.wide_blob
            or not self.wide_offsets or not self.wide_lengths or not self.wide_scratch
        ):
            raise MemoryError()
        for slot in range(cap):
            self.offsets[slot] = -1
        for slot in range(wide_cap):
            self.wide_offsets[slot] = -1
        for w in source:
            length = PyUnicode_GET_LENGTH(w)
            if not PyUnicode_IS_ASCII(w):
                kind = PyUnicode_KIND(w)
                data = PyUnicode_DATA(w)
                for k in range(length):
                    self.wide_blob[wide_at + k] = PyUnicode_READ(kind, data, k)
                h = _fnv_wide(self.wide_blob + wide_at, length)
                slot = <Py_ssize_t>(h & <uint64_t>self.wide_mask)
                while self.wide_offsets[slot] >= 0:
                    slot = (slot + 1) & self.wide_mask
                self.wide_offsets[slot] = wide_at
                self.wide_lengths[slot] = length
                wide_at += length
                continue
            word = <const uint8_t*>PyUnicode_DATA(w)
            h = _fnv(word, length)
            slot = <Py_ssize_t>(h & <uint64_t>self.mask)
            while self.offsets[slot] >= 0:
                slot = (slot + 1) & self.mask
            self.offsets[slot] = at
            self.lengths[slot] = length
            for k in range(length):
                self.blob[at + k] = <char>word[k]
            at += length

    def __dealloc__(self):
        free(self.blob)
        free(self.offsets)
        free(self.lengths)
        free(self.scratch)
        free(self.wide_blob)
        free(self.wide_offsets)
        free(self.wide_lengths)
        free(self.wide_scratch)

    cdef bint holds(self, const uint8_t* word, Py_ssize_t n):
        """Whether the lowered ASCII bytes `word[:n]` are a member."""
        return self._holds_hashed(word, n, _fnv(word, n))

    cdef inline bint _holds_hashed(self, const uint8_t* word, Py_ssize_t n, uint64_t h):
        """`holds`, given the bytes' hash."""
        cdef Py_ssize_t slot = <Py_ssize_t>(h & <uint64_t>self.mask)
        cdef Py_ssize_t at
        while True:
            at = self.offsets[slot]
            if at < 0:
                return False
            if self.lengths[slot] == n and memcmp(self.blob + at, word, n) == 0:
                return True
            slot = (slot + 1) & self.mask

    cdef int member(self, int kind, void* data, Py_ssize_t start, Py_ssize_t end, bint ascii) noexcept:
        """Whether `str.lower` of the code points `data[start:end]` is a member: 1 or 0, or -1 where the lower case is
        `str.lower`'s to make (U+0130, a capital sigma). The code points are lowered and hashed in one pass, only up to
        the longest member's length (a longer word is none: only U+0130 lengthens in the lower case)."""
        cdef Py_ssize_t n = end - start, k, slot, at
        cdef uint64_t h = _FNV_BASIS
        cdef uint32_t ch, widest = 0
        cdef bint wide = False
        self.lowered = -1
        if ascii:
            if n > self.longest:
                return 0
            for k in range(n):
                ch = PyUnicode_READ(kind, data, start + k)
                if 65 <= ch <= 90:
                    ch += 32
                self.scratch[k] = <uint8_t>ch
                h = (h ^ ch) * _FNV_PRIME
            return self._holds_hashed(self.scratch, n, h)
        if n > self.most:
            return 0
        for k in range(n):
            ch = PyUnicode_READ(kind, data, start + k)
            if ch == 0x130 or ch == 0x3A3:
                return -1
            # `str.lower`'s for every code point but U+0130 (two code points) and a capital sigma (its context).
            ch = Py_UNICODE_TOLOWER(ch)
            if ch > widest:
                widest = ch
            self.wide_scratch[k] = ch
        self.lowered = n
        self.lowered_max = widest
        wide = widest > 127
        if not wide:
            # A word such as the Kelvin sign's lowers to ASCII: an ASCII member's bytes.
            if n > self.longest:
                return 0
            for k in range(n):
                ch = self.wide_scratch[k]
                self.scratch[k] = <uint8_t>ch
                h = (h ^ ch) * _FNV_PRIME
            return self._holds_hashed(self.scratch, n, h)
        if n > self.wide_longest:
            return 0
        slot = <Py_ssize_t>(_fnv_wide(self.wide_scratch, n) & <uint64_t>self.wide_mask)
        while True:
            at = self.wide_offsets[slot]
            if at < 0:
                return 0
            if self.wide_lengths[slot] == n and memcmp(self.wide_blob + at, self.wide_scratch, n * sizeof(uint32_t)) == 0:
                return 1
            slot = (slot + 1) & self.wide_mask

    cdef object lowered_word(self):
        """The str of the word `member` last lowered into `wide_scratch` (its `lowered` code points): `str.lower`'s
        string, made without the slice and the method call."""
        cdef Py_ssize_t k
        cdef object out = PyUnicode_New(self.lowered, self.lowered_max)
        cdef int kind = PyUnicode_KIND(out)
        cdef void* data = PyUnicode_DATA(out)
        for k in range(self.lowered):
            PyUnicode_WRITE(kind, data, k, self.wide_scratch[k])
        return out


# Tables of the stoplists met, by the frozenset's id (each table holds its frozenset); a document's stoplist is one of
# jusText's hundred, so the cache stays small, and it starts over past STOP_TABLES.
cdef dict _TABLES = {}
STOP_TABLES = 64


# The last stoplist `_table` was asked for and its table: a page's lines are all read with one list, so most calls
# return this without making an id and looking it up.
cdef object _LAST_STOP = None
cdef _AsciiStops _LAST_TABLE = None


cdef _AsciiStops _table(frozenset stop):
    global _LAST_STOP, _LAST_TABLE
    cdef object key
    cdef PyObject* got
    cdef _AsciiStops table
    if stop is _LAST_STOP:
        return _LAST_TABLE
    key = id(stop)
    got = PyDict_GetItem(_TABLES, key)
    if got is not NULL:
        table = <_AsciiStops>got
    else:
        if len(_TABLES) >= STOP_TABLES:
            _TABLES.clear()
        table = _AsciiStops(stop)
        _TABLES[key] = table
    _LAST_STOP, _LAST_TABLE = stop, table
    return table


cdef inline object _ascii_stem(object line, int kind, void* data, Py_ssize_t start, Py_ssize_t length):
    """The stem (first STEM_CHARS code points) of an ASCII word, lowered: `_lowered` of that span."""
    return _lowered(line, kind, data, start, start + (length if length < _STEM_CHARS else _STEM_CHARS), True)


# `content`'s table of the stems kept so far on a line, by hash (open addressing): per slot, the stem's index in the
# line's list plus one (0: empty); per index, its hash, whether it is kept as a name too, and its slot (to empty the
# table after the line). Kept across calls, grown to the longest line's word count; a line's stems are so kept once
# each, in the order first met, as the twin's dicts keep them, with no set grown and cleared per line.
cdef Py_ssize_t* _SLOTS = NULL
cdef Py_hash_t* _HASHES = NULL
cdef uint8_t* _NAMED = NULL
cdef Py_ssize_t* _USED = NULL
cdef Py_ssize_t _CAPACITY = 0  # slots: a power of two, at least twice the most words a line can hold
# The most slots kept after a line (~100 KB of table): a longer line's table is freed once it is read, so that one
# huge line does not hold its table for the process's life.
cdef enum:
    _KEPT_SLOTS = 4096


cdef void _release() noexcept:
    """Free the table (the next line allocates its own)."""
    global _SLOTS, _HASHES, _NAMED, _USED, _CAPACITY
    free(_SLOTS)
    free(_HASHES)
    free(_NAMED)
    free(_USED)
    _SLOTS = NULL
    _HASHES = NULL
    _NAMED = NULL
    _USED = NULL
    _CAPACITY = 0


cdef int _reserve(Py_ssize_t most) except -1:
    """Make the table hold `most` stems at under half its slots, its slots empty."""
    global _SLOTS, _HASHES, _NAMED, _USED, _CAPACITY
    cdef Py_ssize_t cap = _CAPACITY if _CAPACITY else 64
    if 2 * most <= _CAPACITY:
        return 0
    while cap < 2 * most:
        cap *= 2
    _release()
    _SLOTS = <Py_ssize_t*>calloc(cap, sizeof(Py_ssize_t))
    _HASHES = <Py_hash_t*>malloc(cap * sizeof(Py_hash_t))
    _NAMED = <uint8_t*>malloc(cap)
    _USED = <Py_ssize_t*>malloc(cap * sizeof(Py_ssize_t))
    if not _SLOTS or not _HASHES or not _NAMED or not _USED:
        raise MemoryError()
    _CAPACITY = cap
    return 0


cdef int _keep(list words, list named, object stem, bint name) except -1:
    """Append `stem` to `words` unless the line holds it already, and to `named` with `name` unless it is there."""
    cdef Py_hash_t h = _str_hash(stem)
    cdef Py_ssize_t mask = _CAPACITY - 1
    cdef Py_ssize_t slot = <Py_ssize_t>(<size_t>h & <size_t>mask)
    cdef Py_ssize_t at, kept
    while True:
        at = _SLOTS[slot]
        if at == 0:
            kept = PyList_GET_SIZE(words)
            PyList_Append(words, stem)
            _SLOTS[slot] = kept + 1
            _HASHES[kept] = h
            _NAMED[kept] = 0
            _USED[kept] = slot
            break
        kept = at - 1
        if _HASHES[kept] == h and PyUnicode_Compare(<object>PyList_GET_ITEM(words, kept), stem) == 0:
            break
        slot = (slot + 1) & mask
    if name and not _NAMED[kept]:
        _NAMED[kept] = 1
        PyList_Append(named, stem)
    return 0


def content(str line, frozenset stop):
    """`cohesion._content(line, stop)`: the line's distinct content-word stems, its names' and numbers' stems (each a
    tuple, in the order first met), and the stem of its first word when that is a capitalised content word; one pass
    over the code points. A word is lowered into a scratch buffer and looked up in the stoplist's tables
    (`_AsciiStops.member`), and only a content word's stem is made a string (a non-ASCII one from the lowered code
    points, without a slice and `str.lower`). The tuples hold only strings: the collector stops tracking them (and the
    memo's entry holding them) at its first look, where a frozenset stayed tracked for as long as the memo kept it."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(line)
    cdef int kind = PyUnicode_KIND(line)
    cdef void* data = PyUnicode_DATA(line)
    cdef Py_ssize_t k
    cdef bint found = False
    cdef object first
    cdef list words = []
    cdef list named = []
    cdef _AsciiStops table = _table(stop)
    # A word and the code point after it: at most (n + 1) / 2 words.
    _reserve(n // 2 + 1)
    try:
        first = _stems(line, stop, n, kind, data, table, words, named, &found)
    finally:
        if _CAPACITY > _KEPT_SLOTS:
            _release()
        else:
            for k in range(PyList_GET_SIZE(words)):
                _SLOTS[_USED[k]] = 0
    if not found:
        return _NO_WORDS
    return (PyList_AsTuple(words) if words else (), PyList_AsTuple(named) if named else (), first)


cdef object _stems(
    str line, frozenset stop, Py_ssize_t n, int kind, void* data, _AsciiStops table, list words, list named,
    bint* found
):
    """`content`'s pass over the line: its stems kept (`_keep`) and whether it holds a word (in `found`); returns the
    stem of its first word when that is a capitalised content word, else ""."""
    cdef Py_ssize_t i = 0, start, length
    cdef uint32_t ch
    cdef bint ascii, alpha, first_word = True
    cdef int member
    cdef object low, stem
    cdef object first = ""
    while i < n:
        ch = PyUnicode_READ(kind, data, i)
        if not _is_word(ch):
            i += 1
            continue
        start = i
        ascii = True
        alpha = True
        while i < n:
            ch = PyUnicode_READ(kind, data, i)
            if not _is_word(ch):
                break
            if ch > 127:
                ascii = False
            if alpha and not _is_alpha(ch):
                alpha = False
            i += 1
        found[0] = True
        member = table.member(kind, data, start, i, ascii)
        if member > 0:
            first_word = False
            continue
        if ascii:
            length = i - start
            stem = None
        else:
            low = table.lowered_word() if table.lowered >= 0 else PyUnicode_Substring(line, start, i).lower()
            length = PyUnicode_GET_LENGTH(low)
            if member < 0 and PySet_Contains(stop, low):
                first_word = False
                continue
            stem = _stem(low, length)
        # `stem` is made only where it is kept (ASCII words: from the line's own code points).
        if first_word:
            first_word = False
            if _is_upper(PyUnicode_READ(kind, data, 0)):
                if stem is None:
                    stem = _ascii_stem(line, kind, data, start, length)
                first = stem
            if not alpha:
                if stem is None:
                    stem = _ascii_stem(line, kind, data, start, length)
                _keep(words, named, stem, length >= _NAME_CHARS)
            elif length >= _MIN_CHARS:
                if stem is None:
                    stem = _ascii_stem(line, kind, data, start, length)
                _keep(words, named, stem, False)
            continue
        if alpha and not _is_upper(PyUnicode_READ(kind, data, start)):
            if length >= _MIN_CHARS:
                if stem is None:
                    stem = _ascii_stem(line, kind, data, start, length)
                _keep(words, named, stem, False)
        elif length >= _NAME_CHARS:
            if stem is None:
                stem = _ascii_stem(line, kind, data, start, length)
            _keep(words, named, stem, True)
        elif not alpha:
            if stem is None:
                stem = _ascii_stem(line, kind, data, start, length)
            _keep(words, named, stem, False)
    return first


cdef inline Py_ssize_t _word_end(int kind, void* data, Py_ssize_t i, Py_ssize_t n, bint* ascii):
    """The end of the word (`str.split`'s) that starts at `i`, and in `ascii` whether it is all ASCII."""
    cdef uint32_t ch
    ascii[0] = True
    while i < n:
        ch = PyUnicode_READ(kind, data, i)
        if _is_space(ch):
            break
        if ch > 127:
            ascii[0] = False
        i += 1
    return i


cdef inline Py_ssize_t _next_word(
    int kind, void* data, Py_ssize_t i, Py_ssize_t n, Py_ssize_t* start, bint* ascii
) noexcept:
    """The end of the next word (`str.split`'s) at or after `i`, its start into `start` and into `ascii` whether it is
    all ASCII; -1 when no word is left."""
    while i < n and _is_space(PyUnicode_READ(kind, data, i)):
        i += 1
    if i >= n:
        return -1
    start[0] = i
    return _word_end(kind, data, i, n, ascii)


def line_words(str line):
    """`tuple(line.lower().split())`, in one pass: split on `str.split`'s whitespace, each word lowered alone (an
    ASCII word here). Lowering maps no whitespace and makes none, and the context rule of a final sigma stops at
    whitespace (tests/test_native.py checks both for every code point), so the words are the same."""
    return _line_words(line)


cdef tuple _line_words(str line):
    """`line_words`, called from C."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(line)
    cdef int kind = PyUnicode_KIND(line)
    cdef void* data = PyUnicode_DATA(line)
    cdef Py_ssize_t i = 0, start
    cdef bint ascii
    cdef list out = []
    while True:
        i = _next_word(kind, data, i, n, &start, &ascii)
        if i < 0:
            return tuple(out)
        out.append(_lowered(line, kind, data, start, i, ascii))


cdef extern from *:
    """
    #if PY_VERSION_HEX >= 0x030E0000
    #define _cleaner_hash_units(data, size) Py_HashBuffer((data), (size))
    #else
    #define _cleaner_hash_units(data, size) _Py_HashBytes((data), (size))
    #endif
    """
    # The hash of the str whose code units (in its narrowest kind) these are: CPython hashes a str as those bytes.
    Py_hash_t _hash_units "_cleaner_hash_units"(const void* data, Py_ssize_t size)


cdef extern from "Python.h":
    Py_UCS4 Py_UNICODE_TOLOWER(Py_UCS4 ch)
    bint Py_UNICODE_ISLINEBREAK(Py_UCS4 ch)


cdef inline bint _is_linebreak(Py_UCS4 ch):
    """Whether `str.splitlines` ends a line at `ch`: in ASCII \\n \\v \\f \\r and 0x1c-0x1e, as CPython's table has
    them; any other code point by CPython's own predicate."""
    if ch < 128:
        return ch == 10 or ch == 11 or ch == 12 or ch == 13 or 28 <= ch <= 30
    return Py_UNICODE_ISLINEBREAK(ch)


cdef class _Lines:
    """The lines of a stoplist file's text as `lower(text).splitlines()` gives them (`lower`: `str.lower` or its
    equal, `cleaner.casing.lower`), one per `read`. A line that lowering leaves as it is (every code point its own
    lower case by `Py_UNICODE_TOLOWER`: `str.lower` changes a code point only where its simple mapping does too, U+0130
    and the capital sigma's context rule included), or changes in ASCII letters only, is not made a str: its code
    units are written to `units` in its narrowest kind, as its str would hold them. Any other line is `lower` of the
    line alone: lowering makes and maps no line break, and the capital sigma's context stops at one (neither cased nor
    case-ignorable), so a line lowers alone as it does in the whole text."""

    cdef str text
    cdef object lower
    cdef int text_kind
    cdef void* text_data
    cdef Py_ssize_t at, end
    cdef object lowered  # the last line read, when `lower` made it; else None and the line is in `units`
    cdef void* units
    cdef Py_ssize_t length, room
    cdef int kind

    def __cinit__(self, str text, lower):
        self.text = text
        self.lower = lower
        self.text_kind = PyUnicode_KIND(text)
        self.text_data = PyUnicode_DATA(text)
        self.at = 0
        self.end = PyUnicode_GET_LENGTH(text)
        self.room = 256
        self.units = malloc(self.room * 4)
        if not self.units:
            raise MemoryError()

    def __dealloc__(self):
        free(self.units)

    cdef bint read(self) except -1:
        """Read the next line (into `lowered` or `units`); False after the last."""
        cdef Py_ssize_t start = self.at, stop, k
        cdef Py_UCS4 ch, widest = 0
        cdef uint32_t code
        cdef bint upper_ascii = False, changes = False
        cdef int kind = self.text_kind
        cdef void* data = self.text_data
        cdef uint8_t* out
        if start >= self.end:
            return False
        k = start
        while k < self.end:
            ch = PyUnicode_READ(kind, data, k)
            if _is_linebreak(ch):
                break
            if ch > widest:
                widest = ch
            if ch < 128:
                if 65 <= ch <= 90:
                    upper_ascii = True
            elif not changes and Py_UNICODE_TOLOWER(ch) != ch:
                changes = True
            k += 1
        stop = k
        if k < self.end:
            k += 2 if (ch == 13 and k + 1 < self.end and PyUnicode_READ(kind, data, k + 1) == 10) else 1
        self.at = k
        if changes:
            self.lowered = self.lower(PyUnicode_Substring(self.text, start, stop))
            return True
        self.lowered = None
        self.length = stop - start
        if self.length > self.room:
            self.room = 2 * self.length
            free(self.units)
            self.units = malloc(self.room * 4)
            if not self.units:
                raise MemoryError()
        self.kind = 1 if widest < 256 else (2 if widest < 65536 else 4)
        if self.kind == kind:
            memcpy(self.units, <char*>data + start * kind, self.length * kind)
        else:
            for k in range(self.length):
                PyUnicode_WRITE(self.kind, self.units, k, PyUnicode_READ(kind, data, start + k))
        if upper_ascii:
            if self.kind == 1:
                out = <uint8_t*>self.units
                for k in range(self.length):
                    if 65 <= out[k] <= 90:
                        out[k] += 32
            else:
                for k in range(self.length):
                    code = PyUnicode_READ(self.kind, self.units, k)
                    if 65 <= code <= 90:
                        PyUnicode_WRITE(self.kind, self.units, k, code + 32)
        return True


cdef struct _Stopword:
    Py_hash_t hash  # the word's str hash (the one a set of it would use)
    Py_ssize_t key  # where its code units start in the index's blob
    Py_ssize_t length  # its code points
    uint32_t lanes  # where its list indices start in the index's lanes
    uint16_t count  # how many lists hold it
    uint16_t mark  # while building: the last list counted, plus one; then how many indices are filled
    uint8_t kind  # its code unit size (PyUnicode_KIND)


# The index's filter: FILTER_BITS = 2 ** _FILTER_LOG bits (512 KiB, so that it stays in a core's L2 cache), two set
# per word, from bits of its hash the table's slot does not use. Most sample words are in no list (57% on tf), and a
# probe of the table for one is a cache miss in a table of several MB; the filter answers most of them instead.
cdef enum:
    _FILTER_LOG = 22


cdef inline bint _filter_has(const uint64_t* filter, Py_hash_t h) noexcept:
    """Whether both of the filter bits of hash `h` are set (a word of the index always has them)."""
    cdef uint64_t u = <uint64_t>h
    cdef uint64_t a = (u >> 40) & ((1ULL << _FILTER_LOG) - 1), b = (u >> 18) & ((1ULL << _FILTER_LOG) - 1)
    return ((filter[a >> 6] >> (a & 63)) & (filter[b >> 6] >> (b & 63)) & 1) != 0


cdef inline void _filter_set(uint64_t* filter, Py_hash_t h) noexcept:
    """Set the filter bits of hash `h`."""
    cdef uint64_t u = <uint64_t>h
    cdef uint64_t a = (u >> 40) & ((1ULL << _FILTER_LOG) - 1), b = (u >> 18) & ((1ULL << _FILTER_LOG) - 1)
    filter[a >> 6] |= 1ULL << (a & 63)
    filter[b >> 6] |= 1ULL << (b & 63)


cdef class StopIndex:
    """Every stoplist's words in one C table: a word -> the indices of the lists that hold it (one byte each, in list
    order), and each list's size. It answers what the union of the lists' frozensets and a memo filled from them
    answered (`lang._lanes_py` is its twin), with no Python object inside: the collector never walks it, where the
    ~100 frozensets (~330,000 entries) and their union (~178,000) were walked entry by entry in every full collection,
    and no stopword met first calls back into Python.

    A word is stored as its code units and kind: a str equals another exactly when both match (CPython keeps every str
    in its narrowest kind), and its hash is `str`'s own, cached in the str and computed once per new word."""

    cdef _Stopword* words
    cdef Py_ssize_t count, room
    cdef int32_t* slots  # per slot: an index into `words`, or -1 when empty
    cdef Py_ssize_t mask
    cdef char* blob
    cdef Py_ssize_t blob_size, blob_room
    cdef uint8_t* lanes
    cdef uint64_t* filter  # two bits per word by its hash (`_filter_has`): a word without both is in no list
    cdef uint32_t list_sizes[256]
    cdef readonly Py_ssize_t lists

    def __cinit__(self, lists, lower=None):
        """`lists`: each list's words in list order (an iterable of iterables of str; repeats within a list count
        once), at most 256 lists. With `lower` (a str -> str lowering), each item of `lists` is instead a stoplist
        file's text, whose words are `lower(text).splitlines()` (`lang._list_words`, its twin): read here line by
        line, with no str made but for a line that lowering changes."""
        cdef Py_ssize_t i = 0, k, at, pairs = 0, pairs_room = 1 << 16, total = 0
        cdef int32_t* pair_words = NULL
        cdef Py_ssize_t* starts = <Py_ssize_t*>malloc(258 * sizeof(Py_ssize_t))
        cdef str word
        cdef _Stopword* w
        cdef _Lines text_lines
        cdef bint from_text = lower is not None
        self.room = 1 << 14
        self.words = <_Stopword*>malloc(self.room * sizeof(_Stopword))
        self.mask = (1 << 16) - 1
        self.slots = <int32_t*>malloc((self.mask + 1) * sizeof(int32_t))
        self.blob_room = 1 << 18
        self.blob = <char*>malloc(self.blob_room)
        pair_words = <int32_t*>malloc(pairs_room * sizeof(int32_t))
        try:
            if not self.words or not self.slots or not self.blob or not pair_words or not starts:
                raise MemoryError()
            memset(self.slots, 0xFF, (self.mask + 1) * sizeof(int32_t))
            memset(self.list_sizes, 0, sizeof(self.list_sizes))
            # Each word's lists, as (word, list) pairs in list order: the words in `pair_words`, a list's first pair
            # at `starts[list]`.
            for words in lists:
                if i >= 256:
                    raise ValueError("at most 256 lists")
                starts[i] = pairs
                if from_text:
                    text_lines = _Lines(<str?>words, lower)
                    while text_lines.read():
                        k = self._add_line(text_lines)
                        pair_words = self._counted(k, i, pair_words, &pairs, &pairs_room)
                else:
                    for item in words:
                        word = <str?>item
                        pair_words = self._counted(self._add(word), i, pair_words, &pairs, &pairs_room)
                i += 1
            starts[i] = pairs
            self.lists = i
            self.lanes = <uint8_t*>malloc(pairs + 1)
            if not self.lanes:
                raise MemoryError()
            for k in range(self.count):
                self.words[k].lanes = <uint32_t>total
                total += self.words[k].count
                self.words[k].mark = 0
            for i in range(self.lists):
                for at in range(starts[i], starts[i + 1]):
                    w = &self.words[pair_words[at]]
                    self.lanes[w.lanes + w.mark] = <uint8_t>i
                    w.mark += 1
            self.filter = <uint64_t*>calloc((1 << _FILTER_LOG) // 64, sizeof(uint64_t))
            if not self.filter:
                raise MemoryError()
            for k in range(self.count):
                _filter_set(self.filter, self.words[k].hash)
        finally:
            free(pair_words)
            free(starts)

    def __dealloc__(self):
        free(self.words)
        free(self.slots)
        free(self.blob)
        free(self.lanes)
        free(self.filter)

    cdef void* _grown(self, void* block, size_t size) except NULL:
        """`block` reallocated to `size` bytes (freed on failure)."""
        cdef void* out = realloc(block, size)
        if out is NULL:
            free(block)
            raise MemoryError()
        return out

    cdef inline Py_ssize_t _slot(self, Py_hash_t h, int kind, const void* data, Py_ssize_t length) noexcept:
        """The slot that holds `word`, or the empty slot where it would go."""
        cdef Py_ssize_t slot = <Py_ssize_t>(<size_t>h & <size_t>self.mask)
        cdef int32_t k
        cdef _Stopword* w
        while True:
            k = self.slots[slot]
            if k < 0:
                return slot
            w = &self.words[k]
            if (
                w.hash == h
                and w.length == length
                and w.kind == kind
                and memcmp(self.blob + w.key, data, length * kind) == 0
            ):
                return slot
            slot = (slot + 1) & self.mask

    cdef Py_ssize_t _add(self, str word) except -1:
        """`word`'s index in `words`, added (with no list yet) when new."""
        return self._add_units(_str_hash(word), PyUnicode_KIND(word), PyUnicode_DATA(word), PyUnicode_GET_LENGTH(word))

    cdef Py_ssize_t _add_line(self, _Lines lines) except -1:
        """The index in `words` of the line `lines` last read, as `_add` of that line's str."""
        if lines.lowered is not None:
            return self._add(<str>lines.lowered)
        return self._add_units(
            _hash_units(lines.units, lines.length * lines.kind), lines.kind, lines.units, lines.length
        )

    cdef int32_t* _counted(
        self, Py_ssize_t k, Py_ssize_t i, int32_t* pair_words, Py_ssize_t* pairs, Py_ssize_t* pairs_room
    ) except NULL:
        """Count word `k` in list `i` (once per list: a repeat within a list is skipped), its (word, list) pair
        appended to `pair_words` (returned, grown when full)."""
        cdef _Stopword* w = &self.words[k]
        if w.mark == i + 1:
            return pair_words  # a repeat within this list
        w.mark = <uint16_t>(i + 1)
        w.count += 1
        self.list_sizes[i] += 1
        cdef int32_t* grown
        if pairs[0] >= pairs_room[0]:
            # Not `_grown`: on failure the caller still holds `pair_words`, and frees it.
            grown = <int32_t*>realloc(pair_words, 2 * pairs_room[0] * sizeof(int32_t))
            if grown is NULL:
                raise MemoryError()
            pair_words = grown
            pairs_room[0] *= 2
        pair_words[pairs[0]] = <int32_t>k
        pairs[0] += 1
        return pair_words

    cdef Py_ssize_t _add_units(self, Py_hash_t h, int kind, const void* data, Py_ssize_t length) except -1:
        """The index in `words` of the str with these code units (its narrowest `kind`) and hash, added (with no list
        yet) when new."""
        cdef Py_ssize_t size = length * kind
        cdef Py_ssize_t slot = self._slot(h, kind, data, length), k
        cdef _Stopword* w
        if self.slots[slot] >= 0:
            return self.slots[slot]
        if self.count >= self.room:
            self.room *= 2
            self.words = <_Stopword*>self._grown(self.words, self.room * sizeof(_Stopword))
        while self.blob_size + size > self.blob_room:
            self.blob_room *= 2
            self.blob = <char*>self._grown(self.blob, self.blob_room)
        w = &self.words[self.count]
        w.hash = h
        w.key = self.blob_size
        w.length = length
        w.kind = <uint8_t>kind
        w.count = 0
        w.mark = 0
        w.lanes = 0
        memcpy(self.blob + self.blob_size, data, size)
        self.blob_size += size
        self.slots[slot] = <int32_t>self.count
        self.count += 1
        if 2 * self.count > self.mask:
            self._rehash()
        return self.count - 1

    cdef int _rehash(self) except -1:
        """Twice the slots, the words placed again by their kept hashes."""
        cdef Py_ssize_t cap = 2 * (self.mask + 1), k, slot
        free(self.slots)
        self.slots = <int32_t*>malloc(cap * sizeof(int32_t))
        if not self.slots:
            raise MemoryError()
        memset(self.slots, 0xFF, cap * sizeof(int32_t))
        self.mask = cap - 1
        for k in range(self.count):
            slot = <Py_ssize_t>(<size_t>self.words[k].hash & <size_t>self.mask)
            while self.slots[slot] >= 0:
                slot = (slot + 1) & self.mask
            self.slots[slot] = <int32_t>k
        return 0

    cdef inline _Stopword* find(self, str word) noexcept:
        """`word`'s entry, or NULL when no list holds it: the filter first, which settles most words of no list
        without a probe of the table."""
        cdef Py_hash_t h = _str_hash(word)
        cdef int32_t k
        if not _filter_has(self.filter, h):
            return NULL
        k = self.slots[self._slot(h, PyUnicode_KIND(word), PyUnicode_DATA(word), PyUnicode_GET_LENGTH(word))]
        return NULL if k < 0 else &self.words[k]

    cdef inline _Stopword* find_units(self, const uint8_t* units, Py_ssize_t length) noexcept:
        """The entry of the ASCII word whose bytes are `units[:length]`, or NULL: `find` of that word's str, with its
        hash taken from the bytes (CPython hashes a one-byte str as its bytes), so that no str is made for it."""
        cdef Py_hash_t h = _hash_units(units, length)
        cdef int32_t k
        if not _filter_has(self.filter, h):
            return NULL
        k = self.slots[self._slot(h, 1, units, length)]
        return NULL if k < 0 else &self.words[k]

    def lanes_of(self, str word):
        """The indices of the lists that hold `word`, one byte each in list order (b"" for none): `lang._lanes_py`."""
        cdef _Stopword* w = self.find(word)
        if w is NULL:
            return b""
        return PyBytes_FromStringAndSize(<char*>self.lanes + w.lanes, w.count)

    def __len__(self):
        return self.count

    @property
    def sizes(self):
        """Each list's number of distinct words (`len` of its frozenset)."""
        return tuple([self.list_sizes[k] for k in range(self.lists)])


cdef inline void _add_lists(StopIndex index, const _Stopword* w, uint32_t* counts) noexcept:
    """Count one hit of stopword `w` in each of its lists."""
    cdef const uint8_t* at = index.lanes + w.lanes
    cdef Py_ssize_t j
    for j in range(w.count):
        counts[at[j]] += 1


cdef bint _count_hits(words, StopIndex index, uint32_t* counts) except -1:
    """Add each of `words`' stoplists (read from `index`) into `counts` (256 zeroed counters); whether any word hit a
    list."""
    cdef bint any_hit = False
    cdef _Stopword* w
    memset(counts, 0, 256 * sizeof(uint32_t))
    for word in words:
        w = index.find(<str?>word)
        if w is not NULL:
            _add_lists(index, w, counts)
            any_hit = True
    return any_hit


def packed(words, StopIndex index):
    """`lang._packed(words, lists)`: the sum of the words' packed hits (lane i, LANE_BYTES wide, counting list i), with
    `index` the lists' `StopIndex`. The counts are added in C and read into one int."""
    cdef uint32_t counts[256]
    cdef uint32_t c
    cdef Py_ssize_t k, lists = index.lists
    cdef char out[1024]
    if not _count_hits(words, index, counts):
        return 0
    for k in range(lists):
        c = counts[k]
        out[4 * k] = <char>(c & 0xFF)
        out[4 * k + 1] = <char>((c >> 8) & 0xFF)
        out[4 * k + 2] = <char>((c >> 16) & 0xFF)
        out[4 * k + 3] = <char>((c >> 24) & 0xFF)
    return int.from_bytes(PyBytes_FromStringAndSize(out, 4 * lists), "little")


# features.shape's constants, set by `configure_shape` (features calls it with its own at import; until then `shape`
# refuses to run).
cdef bint _SHAPE_READY = False
cdef int _BLANK, _NEAR, _MENU, _LONG, _LONG_ENDS, _ITEM, _SHORT
cdef Py_ssize_t _SPACELESS_CHARS, _SPACELESS_WEIGHT, _SHORT_CHARS, _MENU_MIN_CHARS, _MENU_SEPARATORS, _ITEM_WORDS
cdef double _MENU_ITEM_WORDS
# The separators and sentence ends below U+0100 as bits of a table (most lines are one-byte text: a look-up per
# character where a loop over the separators ran, and no one-character str and set look-up for the line's last one);
# the others as code points, and the list marks as pairs of them (no two-character str made per candidate item).
cdef enum:
    _IS_SEPARATOR = 1
    _IS_END = 2
cdef uint8_t _LATIN1[256]
cdef Py_UCS4 _SEPARATOR_CODES[16]  # the menu separators' code points from U+0100
cdef Py_ssize_t _SEPARATOR_COUNT = 0
cdef Py_UCS4 _END_CODES[64]  # the sentence ends' code points from U+0100
cdef Py_ssize_t _END_COUNT = 0
cdef Py_UCS4 _MARK_CODES[32]  # the list marks' code points, two per mark
cdef Py_ssize_t _MARK_COUNT = 0


def configure_shape(
    classes, Py_ssize_t spaceless_chars, Py_ssize_t spaceless_weight, Py_ssize_t short_chars,
    Py_ssize_t menu_min_chars, Py_ssize_t menu_separators, double menu_item_words, Py_ssize_t item_words, sentence_end, separators, list_marks,
):
    """`features.shape`'s constants: `classes` is (BLANK, NEAR, MENU, LONG, LONG_ENDS, ITEM, SHORT), the sets hold
    one-character strings (the sentence ends, the menu separators) and two-character ones (the list marks)."""
    global _SHAPE_READY, _BLANK, _NEAR, _MENU, _LONG, _LONG_ENDS, _ITEM, _SHORT, _SPACELESS_CHARS, _SPACELESS_WEIGHT
    global _SHORT_CHARS, _MENU_MIN_CHARS, _MENU_SEPARATORS, _ITEM_WORDS, _MENU_ITEM_WORDS
    global _SEPARATOR_COUNT, _END_COUNT, _MARK_COUNT
    ends = sorted(frozenset(sentence_end))
    seps = sorted(frozenset(separators))
    marks = sorted(frozenset(list_marks))
    if any(len(c) != 1 for c in ends + seps) or any(len(m) != 2 for m in marks):
        raise ValueError("sentence ends and separators are characters, list marks two")
    wide_seps = [ord(c) for c in seps if ord(c) >= 256]
    wide_ends = [ord(c) for c in ends if ord(c) >= 256]
    if len(wide_seps) > 16 or len(wide_ends) > 64 or len(marks) > 16:
        raise ValueError("at most 16 separators and 64 sentence ends from U+0100, and 16 list marks")
    _BLANK, _NEAR, _MENU, _LONG, _LONG_ENDS, _ITEM, _SHORT = classes
    _SPACELESS_CHARS, _SPACELESS_WEIGHT, _SHORT_CHARS = spaceless_chars, spaceless_weight, short_chars
    _MENU_MIN_CHARS, _MENU_SEPARATORS = menu_min_chars, menu_separators
    _MENU_ITEM_WORDS, _ITEM_WORDS = menu_item_words, item_words
    memset(_LATIN1, 0, sizeof(_LATIN1))
    for c in seps:
        if ord(c) < 256:
            _LATIN1[ord(c)] |= _IS_SEPARATOR
    for c in ends:
        if ord(c) < 256:
            _LATIN1[ord(c)] |= _IS_END
    for k, code in enumerate(wide_seps):
        _SEPARATOR_CODES[k] = code
    _SEPARATOR_COUNT = len(wide_seps)
    for k, code in enumerate(wide_ends):
        _END_CODES[k] = code
    _END_COUNT = len(wide_ends)
    for k, m in enumerate(marks):
        _MARK_CODES[2 * k] = ord(m[0])
        _MARK_CODES[2 * k + 1] = ord(m[1])
    _MARK_COUNT = len(marks)
    _SHAPE_READY = True


cdef inline bint _in_class(Py_UCS4 ch, uint8_t flag, const Py_UCS4* wide, Py_ssize_t count) noexcept:
    """Whether `ch` is in the class whose Latin-1 members carry `flag` in `_LATIN1` and whose wider ones are `wide`:
    the menu separators and the sentence ends are both a few code points, most of them below U+0100."""
    cdef Py_ssize_t k
    if ch < 256:
        return (_LATIN1[ch] & flag) != 0
    for k in range(count):
        if wide[k] == ch:
            return True
    return False


cdef inline bint _is_separator(Py_UCS4 ch) noexcept:
    return _in_class(ch, _IS_SEPARATOR, _SEPARATOR_CODES, _SEPARATOR_COUNT)


cdef inline bint _is_end(Py_UCS4 ch) noexcept:
    return _in_class(ch, _IS_END, _END_CODES, _END_COUNT)


cdef inline bint _is_list_mark(Py_UCS4 a, Py_UCS4 b) noexcept:
    """Whether the two code points `a`, `b` make one of the list marks."""
    cdef Py_ssize_t k
    for k in range(_MARK_COUNT):
        if _MARK_CODES[2 * k] == a and _MARK_CODES[2 * k + 1] == b:
            return True
    return False


def shape(str raw):
    """`features.shape(raw)`: the class of one line by its shape, from one pass over its stripped code points (the
    strip, the space count, the separator test and count, the digit test) and no new string but for set look-ups of
    its first and last character."""
    if not _SHAPE_READY:
        raise RuntimeError("configure_shape first")
    return _shape(raw)


def classes(lines, dict shapes):
    """`features.classify`'s loop (`features._classes_py` is its twin): each line's class from `shapes` (the
    document's memo: line text -> class, "" BLANK), None BLANK, and a line not in it classed by `shape` and added. One
    pass in C where the twin mapped the memo's `get` over the lines, searched the list for a miss and called `shape`
    for each one."""
    if not _SHAPE_READY:
        raise RuntimeError("configure_shape first")
    cdef list out = []
    cdef PyObject* got
    cdef object cls
    cdef object blank = _BLANK
    for line in lines:
        if line is None:
            out.append(blank)
            continue
        got = PyDict_GetItem(shapes, line)
        if got is NULL:
            cls = _shape(<str?>line)
            shapes[line] = cls
            out.append(cls)
        else:
            out.append(<object>got)
    return out


def nested_copies(lines, Py_ssize_t least):
    """`copies.nested_copies(lines)` with `least` its COPY_MIN_CHARS: the lines that repeat, in order, pieces of the
    non-blank line above them. One C pass, each line stripped in place (a str made only for a line with whitespace at
    an end), where the twin's loop was interpreted (copies.py is not compiled): 0.7% of a first-sight clean of tf."""
    cdef list out = []
    cdef str box = None, s, raw
    cdef bint in_run = False
    cdef Py_ssize_t i = -1, lo, hi, n
    cdef int kind
    cdef void* data
    for line in lines:
        i += 1
        if line is None:
            # A line a stage before took: the output closes up around it, as a second reading finds the text.
            continue
        raw = <str?>line
        n = PyUnicode_GET_LENGTH(raw)
        kind = PyUnicode_KIND(raw)
        data = PyUnicode_DATA(raw)
        lo = 0
        hi = n
        strip_span(kind, data, &lo, &hi)
        if lo == hi:
            box = None
            in_run = False
            continue
        s = raw if (lo == 0 and hi == n) else PyUnicode_Substring(raw, lo, hi)
        if box is not None:
            if in_run:
                if s != box and s in box:
                    out.append(i)
                    continue
            elif hi - lo >= least and hi - lo < PyUnicode_GET_LENGTH(box) and box.startswith(s):
                out.append(i)
                in_run = True
                continue
        box = s
        in_run = False
    return out


cdef int _shape(str raw) except -1:
    """`shape`, called from C."""
    cdef Py_ssize_t length = PyUnicode_GET_LENGTH(raw)
    cdef int kind = PyUnicode_KIND(raw)
    cdef void* data = PyUnicode_DATA(raw)
    cdef Py_ssize_t lo = 0, hi = length, n, nwords, k, seps
    cdef uint32_t ch, first, last
    cdef bint spaceless, ends, has_sep = False, digit = False
    cdef const uint8_t* at
    strip_span(kind, data, &lo, &hi)
    if lo == hi:
        return _BLANK
    n = hi - lo
    # One pass: the spaces (words), a digit, the separators and those between two spaces; over one-byte text (most
    # lines) without the per-character switch on the string's kind.
    nwords = 1
    seps = 0
    if kind == PyUnicode_1BYTE_KIND:
        at = <const uint8_t*>data
        for k in range(lo, hi):
            ch = at[k]
            if ch == 32:
                nwords += 1
            elif 48 <= ch <= 57:  # no other one-byte code point is a decimal digit (tests/test_native.py)
                digit = True
            elif _LATIN1[ch] & _IS_SEPARATOR:
                has_sep = True
                if k > lo and k + 1 < hi and at[k - 1] == 32 and at[k + 1] == 32:
                    seps += 1
    else:
        for k in range(lo, hi):
            ch = PyUnicode_READ(kind, data, k)
            if ch == 32:
                nwords += 1
                continue
            if ch < 128:
                if 48 <= ch <= 57:
                    digit = True
                    continue
            elif not digit and Py_UNICODE_ISDECIMAL(ch):  # re's \d for str patterns
                digit = True
            if _is_separator(ch):
                has_sep = True
                if k > lo and k + 1 < hi:
                    if PyUnicode_READ(kind, data, k - 1) == 32 and PyUnicode_READ(kind, data, k + 1) == 32:
                        seps += 1
    spaceless = n > _SPACELESS_CHARS * nwords
    if spaceless:
        n *= _SPACELESS_WEIGHT
    first = PyUnicode_READ(kind, data, lo)
    last = PyUnicode_READ(kind, data, hi - 1)
    if first == 124 and last == 124:  # "|" at both ends: a table row
        return _NEAR
    if n >= _MENU_MIN_CHARS and has_sep and seps >= _MENU_SEPARATORS and nwords <= _MENU_ITEM_WORDS * (seps + 1):
        return _MENU
    ends = _is_end(last)
    if n >= _SHORT_CHARS:
        return _LONG_ENDS if ends else _LONG
    if ends:
        return _NEAR
    if (
        nwords <= _ITEM_WORDS
        and not spaceless
        and not Py_UNICODE_ISLOWER(first)
        and not (hi - lo >= 2 and _is_list_mark(first, PyUnicode_READ(kind, data, lo + 1)))
        and not digit
    ):
        return _ITEM
    return _SHORT



def stop_share(str line, frozenset stop):
    """`features._stop_share(line, stop)`: the share of `line.lower().split()`'s words in `stop` (0.0 without words),
    with the words split and lowered as `line_words` does, and each word looked up from its lowered code points in the
    stoplist's tables (`content`'s `_AsciiStops.member`), so that no word is made a string but one holding U+0130 or
    a capital sigma."""
    return _stop_share(line, stop, _table(stop))


cdef Py_ssize_t _stop_hits(str line, frozenset stop, _AsciiStops table, Py_ssize_t* words) except -1:
    """How many of `line.lower().split()`'s words are in `stop` (`stop_share`'s count, before the division); the
    number of words into `words`."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(line)
    cdef int kind = PyUnicode_KIND(line)
    cdef void* data = PyUnicode_DATA(line)
    cdef Py_ssize_t i = 0, start, hits = 0
    cdef bint ascii
    cdef int found
    words[0] = 0
    while True:
        i = _next_word(kind, data, i, n, &start, &ascii)
        if i < 0:
            return hits
        words[0] += 1
        found = table.member(kind, data, start, i, ascii)
        if found < 0:
            found = PySet_Contains(stop, _lowered(line, kind, data, start, i, False))
        hits += found


cdef double _stop_share(str line, frozenset stop, _AsciiStops table) except -1.0:
    """`stop_share`, with the stoplist's byte table given."""
    cdef Py_ssize_t words = 0
    cdef Py_ssize_t hits = _stop_hits(line, stop, table, &words)
    if not words:
        return 0.0
    return <double>hits / <double>words


# The language guess's sample pass (`lang.stoplist_for_lines`'s native path). A line's memo entry is (its word count,
# its hits): the hits are the lists it hits and how often, as (list index, count) pairs of native uint32s, only for the
# lists it hits (b"" for none). The twin's packed int is 400 bytes made per line through `int.from_bytes`, then added
# to the sample's as a 3,200-bit integer and read back at the end (`lang._unpacked`); these are added into uint32
# counters in C and the choice is made on them here. The words are counted, not kept: an ASCII word is lowered into a
# buffer and looked up by its bytes (`StopIndex.find_units`), so that only a word with a code point past ASCII is made
# a str, where a str per word and a tuple per line were most of the pass's time and memory at first sight.
cdef enum:
    _WORD_BUFFER = 256  # an ASCII word longer than this (no stopword is) is made a str and looked up as one


cdef tuple _line_hits(str line, StopIndex index):
    """(the number of `line.lower().split()`'s words, the (list index, count) pairs of their stopword hits, as `packed`
    counts them), in one pass over the line with words split and lowered as `line_words` does."""
    cdef uint32_t counts[256]
    cdef uint32_t pairs[512]
    cdef uint8_t buf[_WORD_BUFFER]
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(line)
    cdef int kind = PyUnicode_KIND(line)
    cdef void* data = PyUnicode_DATA(line)
    cdef Py_ssize_t i = 0, start, k, length, words = 0, m = 0
    cdef bint ascii, any_hit = False
    cdef _Stopword* w
    memset(counts, 0, sizeof(counts))
    while True:
        i = _next_word(kind, data, i, n, &start, &ascii)
        if i < 0:
            break
        words += 1
        length = i - start
        if ascii and length <= _WORD_BUFFER:
            _lower_ascii(kind, data, start, length, buf)
            w = index.find_units(buf, length)
        else:
            w = index.find(<str>_lowered(line, kind, data, start, i, ascii))
        if w is not NULL:
            _add_lists(index, w, counts)
            any_hit = True
    if not any_hit:
        return (words, b"")
    for k in range(index.lists):
        if counts[k]:
            pairs[2 * m] = <uint32_t>k
            pairs[2 * m + 1] = counts[k]
            m += 1
    return (words, PyBytes_FromStringAndSize(<char*>pairs, m * 2 * sizeof(uint32_t)))


cdef tuple _entry(str line, dict memo, StopIndex index, Py_ssize_t max_lines):
    """`line`'s memo entry (its word count, its hits), made and kept when it is new (the memo starts over at
    `max_lines`)."""
    cdef PyObject* got = PyDict_GetItem(memo, line)
    cdef tuple entry
    if got is not NULL:
        return <tuple>got
    if len(memo) >= max_lines:
        memo.clear()
    entry = _line_hits(line, index)
    memo[line] = entry
    return entry


def line_entry(str line, dict memo, StopIndex index, Py_ssize_t max_lines):
    """`line`'s entry in the sample pass's memo: (`len(line_words(line))`, its hits as (list index, count) uint32
    pairs)."""
    return _entry(line, memo, index, max_lines)


def sample_choice(
    lines, dict memo, StopIndex index, Py_ssize_t max_lines, Py_ssize_t sample_words, tuple weights, double min_share,
):
    """`lang._chosen(*lang._sample_hits(lines))`'s list index, or -1 where it is (None, empty) (no sample word, or too
    few hits): the non-empty lines from the top until `sample_words` words, the hits added per list, and the first
    list of the best score (hits times the list's weight, as doubles as the twin multiplies them) taken if its hits
    reach `min_share` of the words."""
    cdef uint32_t counts[256]
    cdef Py_ssize_t total = 0, k, m, best, lists = index.lists
    cdef tuple entry
    cdef object hits
    cdef const uint32_t* pairs
    cdef double score, best_score
    if lists > 256 or lists < 1 or len(weights) < lists:
        raise ValueError("one weight per list, 1 to 256 lists")
    memset(counts, 0, sizeof(counts))
    for line in lines:
        if not line:
            continue
        entry = _entry(line, memo, index, max_lines)
        hits = entry[1]
        pairs = <const uint32_t*>PyBytes_AS_STRING(hits)
        m = PyBytes_GET_SIZE(hits) // (2 * sizeof(uint32_t))
        for k in range(m):
            counts[pairs[2 * k]] += pairs[2 * k + 1]
        total += <Py_ssize_t>entry[0]
        if total >= sample_words:
            break
    if not total:
        return -1
    best = 0
    best_score = <double>counts[0] * <double>weights[0]
    for k in range(1, lists):
        score = <double>counts[k] * <double>weights[k]
        if score > best_score:
            best = k
            best_score = score
    if <double>counts[best] < min_share * <double>total:
        return -1
    return best


# features.refine's constants, set by `configure_refine` (features calls it with its own at import; until then `refine`
# refuses to run).
cdef bint _REFINE_READY = False
cdef long _R_LONG, _R_LONG_ENDS
cdef object _R_GOOD, _R_NEAR, _R_BAD
cdef Py_ssize_t _R_GOOD_CHARS, _R_SPACELESS_CHARS, _R_SPACELESS_WEIGHT, _R_MIN_PROSE_LINES
cdef double _R_GOOD_FACTOR, _R_BAD_FACTOR, _R_MIN_PROSE, _R_DEFAULT_PROSE


def configure_refine(
    classes, Py_ssize_t good_chars, Py_ssize_t spaceless_chars, Py_ssize_t spaceless_weight, double good_factor,
    double bad_factor, double min_prose, Py_ssize_t min_prose_lines, double default_prose,
):
    """`features.refine`'s constants: `classes` is (LONG, LONG_ENDS, GOOD, NEAR, BAD)."""
    global _REFINE_READY, _R_LONG, _R_LONG_ENDS, _R_GOOD, _R_NEAR, _R_BAD, _R_GOOD_CHARS, _R_SPACELESS_CHARS
    global _R_SPACELESS_WEIGHT, _R_MIN_PROSE_LINES, _R_GOOD_FACTOR, _R_BAD_FACTOR, _R_MIN_PROSE, _R_DEFAULT_PROSE
    _R_LONG, _R_LONG_ENDS, _R_GOOD, _R_NEAR, _R_BAD = classes
    _R_GOOD_CHARS, _R_SPACELESS_CHARS, _R_SPACELESS_WEIGHT = good_chars, spaceless_chars, spaceless_weight
    _R_GOOD_FACTOR, _R_BAD_FACTOR, _R_MIN_PROSE = good_factor, bad_factor, min_prose
    _R_MIN_PROSE_LINES, _R_DEFAULT_PROSE = min_prose_lines, default_prose
    _REFINE_READY = True


cdef int _by_value(const void* a, const void* b) noexcept nogil:
    """qsort's order of doubles (no NaN: shares are in [0, 1])."""
    cdef double x = (<const double*>a)[0], y = (<const double*>b)[0]
    return (x > y) - (x < y)


def refine(list cls, lines, frozenset stop, dict memo):
    """`features.refine`'s settlement of the long lines, in place, with `memo` the document's (weighted length,
    stopword share) by line text (read and filled as the twin fills it): one pass over the classes, each new long line stripped, measured and its share counted
    without a new string (`stop_share`'s table), the median of the prose shares and the classes set in C."""
    if not _REFINE_READY:
        raise RuntimeError("configure_refine first")
    cdef Py_ssize_t n = len(cls), i, k, nlong = 0, nprose = 0, lo, hi, length, spaces, size
    cdef long c
    cdef bint has_stop = len(stop) > 0, end
    cdef double share, prose, good_bar, bad_bar
    cdef object raw
    cdef PyObject* got
    cdef int kind
    cdef void* data
    cdef _AsciiStops table = _table(stop) if has_stop else None
    cdef Py_ssize_t* at = <Py_ssize_t*>malloc((n + 1) * sizeof(Py_ssize_t))
    cdef Py_ssize_t* sizes = <Py_ssize_t*>malloc((n + 1) * sizeof(Py_ssize_t))
    cdef double* shares = <double*>malloc((n + 1) * sizeof(double))
    cdef double* prose_shares = <double*>malloc((n + 1) * sizeof(double))
    cdef uint8_t* ends = <uint8_t*>malloc(n + 1)
    try:
        if at is NULL or sizes is NULL or shares is NULL or prose_shares is NULL or ends is NULL:
            raise MemoryError()
        for i in range(n):
            c = cls[i]
            if c != _R_LONG and c != _R_LONG_ENDS:
                continue
            raw = lines[i]
            if not raw:
                raw = ""
            end = c == _R_LONG_ENDS
            got = PyDict_GetItem(memo, raw)
            if got is NULL:
                kind = PyUnicode_KIND(raw)
                data = PyUnicode_DATA(raw)
                lo = 0
                hi = PyUnicode_GET_LENGTH(raw)
                strip_span(kind, data, &lo, &hi)
                length = hi - lo
                spaces = 0
                for k in range(lo, hi):
                    if PyUnicode_READ(kind, data, k) == 32:
                        spaces += 1
                size = length * _R_SPACELESS_WEIGHT if length > _R_SPACELESS_CHARS * (spaces + 1) else length
                share = 0.0
                if has_stop and (size >= _R_GOOD_CHARS or not end):
                    # The words of the line are those of the stripped line (split drops the edges' whitespace).
                    share = _stop_share(raw, stop, table)
                memo[raw] = (size, share)
            else:
                size = (<tuple>got)[0]
                share = (<tuple>got)[1]
            at[nlong] = i
            sizes[nlong] = size
            shares[nlong] = share
            ends[nlong] = end
            nlong += 1
            if has_stop and size >= _R_GOOD_CHARS:
                prose_shares[nprose] = share
                nprose += 1
        if nprose >= _R_MIN_PROSE_LINES:
            qsort(prose_shares, nprose, sizeof(double), _by_value)
            if nprose % 2:
                prose = prose_shares[nprose // 2]
            else:
                prose = (prose_shares[nprose // 2 - 1] + prose_shares[nprose // 2]) / 2
        else:
            prose = _R_DEFAULT_PROSE
        good_bar = prose * _R_GOOD_FACTOR
        bad_bar = prose * _R_BAD_FACTOR
        for k in range(nlong):
            i = at[k]
            if not (has_stop and prose >= _R_MIN_PROSE):
                cls[i] = _R_GOOD if (ends[k] and sizes[k] >= _R_GOOD_CHARS) else _R_NEAR
            elif shares[k] < bad_bar and not ends[k]:
                cls[i] = _R_BAD
            elif sizes[k] >= _R_GOOD_CHARS and shares[k] >= good_bar:
                cls[i] = _R_GOOD
            else:
                cls[i] = _R_NEAR
    finally:
        free(at)
        free(sizes)
        free(shares)
        free(prose_shares)
        free(ends)


# The learned stage's per-line counts (`learned.features.line_stats`'s native path): its table's column indices and its
# character property bits, set by `configure_lines` (features calls it with its own at import; until then
# `line_table` refuses to run).
cdef bint _LINES_READY = False
cdef Py_ssize_t _C_CHARS, _C_WORDS, _C_STOPS, _C_DIGITS, _C_ENDS, _C_TABLE
cdef uint16_t _P_SPACE, _P_DECIMAL, _P_ENDS


def configure_lines(columns, bits):
    """`line_table`'s constants: `columns` is the table's (CHARS, WORDS, STOPS, DIGITS, ENDS, TABLE) column indices,
    `bits` the property bits (SPACE, DECIMAL, ENDS_SENTENCE) of features' character table."""
    global _LINES_READY, _C_CHARS, _C_WORDS, _C_STOPS, _C_DIGITS, _C_ENDS, _C_TABLE, _P_SPACE, _P_DECIMAL, _P_ENDS
    _C_CHARS, _C_WORDS, _C_STOPS, _C_DIGITS, _C_ENDS, _C_TABLE = columns
    _P_SPACE, _P_DECIMAL, _P_ENDS = bits
    _LINES_READY = True


def line_table(
    list lines, frozenset stop, shares, const uint16_t[::1] known, rare, double[:, ::1] table, uint32_t[::1] code,
    uint16_t[::1] props, uint8_t[::1] digit, int64_t[::1] start, int64_t[::1] last, int64_t[::1] starts_at,
    int64_t[::1] line_of,
):
    """`learned.features.line_stats`'s reading of the stripped non-blank `lines`, joined by "\\n", in one pass per line:
    each code point (`code`), its property bits (`props`: from `known` below its length, else `rare(code point)`) and
    whether it is a decimal digit (`digit`); each line's first and last place in the joined text; every word's first
    place (`starts_at`, as `str.split` cuts the joined text) and line (`line_of`); and into `table` (zeroed, one row per
    line) its characters, words, stopwords, digits, sentence end and table-row flag. A line's stopwords are
    `rint(share * words)` where `shares` (None, or one share or None per line) gives it a share and `stop` is not empty,
    else its lowered words' hits in `stop`. Returns the number of words."""
    if not _LINES_READY:
        raise RuntimeError("configure_lines first")
    cdef Py_ssize_t n = len(lines), k, i, length, pos = 0, words, digits, w = 0, size = code.shape[0], counted
    cdef Py_ssize_t tsize = known.shape[0]
    cdef int kind
    cdef void* data
    cdef uint32_t ch
    cdef uint16_t p
    cdef bint after_space
    cdef bint has_stop = len(stop) > 0
    cdef bint by_share = shares is not None and has_stop
    cdef _AsciiStops stops = _table(stop) if has_stop else None
    cdef object share
    cdef str line
    if table.shape[0] < n or props.shape[0] < size or digit.shape[0] < size or known.shape[0] <= 10:
        raise ValueError("arrays too short")
    if start.shape[0] < n or last.shape[0] < n or starts_at.shape[0] < size or line_of.shape[0] < size:
        raise ValueError("arrays too short")
    if by_share and len(shares) != n:
        raise ValueError("one share per line")
    for k in range(n):
        line = <str?>lines[k]
        length = PyUnicode_GET_LENGTH(line)
        if length == 0 or pos + length > size:
            raise ValueError("lines must be non-blank and fit the arrays")
        kind = PyUnicode_KIND(line)
        data = PyUnicode_DATA(line)
        start[k] = pos
        last[k] = pos + length - 1
        words = 0
        digits = 0
        after_space = True
        for i in range(length):
            ch = PyUnicode_READ(kind, data, i)
            code[pos + i] = ch
            p = known[ch] if ch < tsize else <uint16_t>rare(ch)
            props[pos + i] = p
            if p & _P_SPACE:
                after_space = True
            elif after_space:
                after_space = False
                starts_at[w] = pos + i
                line_of[w] = k
                w += 1
                words += 1
            if p & _P_DECIMAL:
                digits += 1
                digit[pos + i] = 1
            else:
                digit[pos + i] = 0
        table[k, _C_CHARS] = length
        table[k, _C_WORDS] = words
        table[k, _C_DIGITS] = digits
        table[k, _C_ENDS] = 1.0 if props[pos + length - 1] & _P_ENDS else 0.0
        table[k, _C_TABLE] = 1.0 if (code[pos] == 124 and code[pos + length - 1] == 124 and length > 1) else 0.0
        if has_stop:
            share = shares[k] if by_share else None
            if share is not None:
                table[k, _C_STOPS] = rint(<double>share * <double>words)
            else:
                table[k, _C_STOPS] = _stop_hits(line, stop, stops, &counted)
        pos += length
        if k + 1 < n:
            if pos >= size:
                raise ValueError("lines must fit the arrays")
            code[pos] = 10
            props[pos] = known[10]
            digit[pos] = 0
            pos += 1
    return w


# `learned.features`' other text columns, set by `configure_rows` (features calls it with its own at import; until then
# `line_rows` refuses to run): the table's columns, the character property bits, the promotion stems and the
# second-person words.
cdef bint _ROWS_READY = False
cdef Py_ssize_t _C_TITLE, _C_CAPS, _C_UPPER, _C_COLON, _C_ELLIP, _C_DATE, _C_PROMO, _C_SECOND, _C_LIST
cdef uint16_t _P_UPPER, _P_WORD, _P_CAPITAL, _P_PUNCT
cdef Py_ssize_t _PROMO_STEMS = 0, _PROMO_CHARS = 0
cdef Py_UCS4 _PROMO_STEM[32][8]
cdef frozenset _PROMO_SET = frozenset()
cdef frozenset _YOU_WORDS = frozenset()
cdef Py_ssize_t _YOU_LONGEST = 0
cdef bint _YOU_FIRST[128]  # the ASCII first characters of the words
cdef bint _YOU_WIDE_FIRST = False  # whether a word starts with a character above ASCII
# The one code point whose lower case is two (U+0130: "İ" -> "i̇"): a stem read over it is lowered by `str.lower`.
cdef enum:
    _DOTTED_I = 0x130
# The ASCII stems, each packed into an integer (byte k: its k-th character).
cdef uint64_t _PROMO_KEYS[32]
# The ASCII second-person words packed the same way (characters 8 to 15 in the second integer).
cdef uint64_t _YOU_KEYS[64][2]
# The ASCII words are kept by length: those of length n are _YOU_KEYS[_YOU_AT[n]:_YOU_AT[n + 1]]; and bit n of
# _YOU_SIZES[c] says whether an ASCII word of length n starts with chr(c). A span is compared only with the words of its
# length (the whole list was a fifth of `_word`'s time: "der", "die", "das" pass the first-character screen).
cdef Py_ssize_t _YOU_AT[17]
cdef uint32_t _YOU_SIZES[128]
# ...and the ASCII stems by their first character: those starting with chr(c) are _PROMO_KEYS[_PROMO_AT[c]:_PROMO_TO[c]].
cdef Py_ssize_t _PROMO_AT[128]
cdef Py_ssize_t _PROMO_TO[128]


def configure_rows(columns, bits, stems, words):
    """`line_rows`' constants: `columns` is the table's (TITLE, CAPS, UPPER, COLON, ELLIP, DATE, PROMO, SECOND, LIST)
    column indices; `bits` the property bits (UPPER_CASE, WORD, CAPITAL, PUNCT) of features' character table; `stems`
    the promotion stems (1 to 32, one length of at most 8, lowercase); `words` the second-person words (lowercase, at
    most 64 ASCII ones of at most 15 characters)."""
    global _ROWS_READY, _C_TITLE, _C_CAPS, _C_UPPER, _C_COLON, _C_ELLIP, _C_DATE, _C_PROMO, _C_SECOND, _C_LIST
    global _P_UPPER, _P_WORD, _P_CAPITAL, _P_PUNCT, _PROMO_STEMS, _PROMO_CHARS, _PROMO_SET
    global _YOU_WORDS, _YOU_LONGEST, _YOU_WIDE_FIRST
    stems = sorted(stems)
    if not stems or len(stems) > 32 or len({len(s) for s in stems}) != 1 or not 0 < len(stems[0]) <= 8:
        raise ValueError("1 to 32 stems of one length, at most 8 characters")
    words = frozenset(words)
    ascii_words = sorted(w for w in words if w.isascii())
    if not words or any(w != w.lower() or not w for w in (*words, *stems)) or len(ascii_words) > 64:
        raise ValueError("lowercase stems and 1 to 64 lowercase ASCII words")
    if any(len(w) > 15 for w in ascii_words):
        raise ValueError("ASCII words of at most 15 characters")
    _C_TITLE, _C_CAPS, _C_UPPER, _C_COLON, _C_ELLIP, _C_DATE, _C_PROMO, _C_SECOND, _C_LIST = columns
    _P_UPPER, _P_WORD, _P_CAPITAL, _P_PUNCT = bits
    _PROMO_STEMS, _PROMO_CHARS, _PROMO_SET = len(stems), len(stems[0]), frozenset(stems)
    for k, stem in enumerate(stems):
        for j, ch in enumerate(stem):
            _PROMO_STEM[k][j] = ord(ch)
    ascii_stems = [stem for stem in stems if stem.isascii()]  # sorted: one first character's are together
    for k, stem in enumerate(ascii_stems):
        _PROMO_KEYS[k] = int.from_bytes(stem.encode("ascii"), "little")
    for k in range(128):
        at = [j for j, stem in enumerate(ascii_stems) if stem[0] == chr(k)]
        _PROMO_AT[k], _PROMO_TO[k] = (min(at), max(at) + 1) if at else (0, 0)  # (no negative index: wraparound is off)
    ascii_words.sort(key=len)
    _YOU_WORDS, _YOU_LONGEST = words, max(len(w) for w in words)
    for k, w in enumerate(ascii_words):
        _YOU_KEYS[k][0] = int.from_bytes(w[:8].encode("ascii"), "little")
        _YOU_KEYS[k][1] = int.from_bytes(w[8:].encode("ascii"), "little")
    for k in range(17):
        _YOU_AT[k] = sum(1 for w in ascii_words if len(w) < k)
    _YOU_WIDE_FIRST = any(ord(w[0]) >= 128 for w in words)
    for k in range(128):
        _YOU_FIRST[k] = any(w[0] == chr(k) for w in words)
        _YOU_SIZES[k] = sum(1 << n for n in {len(w) for w in ascii_words if w[0] == chr(k)})
    _ROWS_READY = True


cdef inline bint _date_sep(uint32_t ch) noexcept:
    return ch == 46 or ch == 47 or ch == 58  # . / :


cdef bint _dated(const uint32_t* code, const uint16_t* props, Py_ssize_t n) noexcept:
    """Whether `features._DATE_LIKE` matches somewhere in the line: tried at a
    digit after a non-word character or the line's start (the joined text has a line break there, which is neither),
    as one or two digits, a separator, one or two digits and no word character after; or "19"/"20" and two digits
    and no word character after (a longer run of digits is no match either way)."""
    cdef Py_ssize_t p = 0, run, e, more, q
    while p < n:
        if not (props[p] & _P_DECIMAL) or (p > 0 and (props[p - 1] & _P_WORD)):
            p += 1
            continue
        run = 0
        while p + run < n and (props[p + run] & _P_DECIMAL):
            run += 1
        e = p + run
        if run <= 2 and e < n and _date_sep(code[e]):
            more = 0
            while e + 1 + more < n and (props[e + 1 + more] & _P_DECIMAL):
                more += 1
            q = e + 1 + more
            if 1 <= more <= 2 and (q >= n or not (props[q] & _P_WORD)):
                return True
        if (run == 4 and (e >= n or not (props[e] & _P_WORD)) and (code[p] == 49 or code[p] == 50)
                and code[p + 1] == (57 if code[p] == 49 else 48)):
            return True
        p = e
    return False


cdef inline uint8_t _low(uint32_t ch) noexcept:
    """An ASCII code point lowered."""
    return <uint8_t>(ch + 32 if 65 <= ch <= 90 else ch)


cdef inline bint _ascii_promoted(const uint32_t* span, Py_ssize_t n) noexcept:
    """`_promoted` of an ASCII span (`span[:n]`): its first characters lowered are one of the ASCII stems (the first
    one screened before the others are lowered; the lowered bytes packed into one integer, compared with the stems of
    that first character: a `memcmp` call per stem was a seventh of this kernel's time)."""
    cdef Py_ssize_t k
    cdef uint64_t key = 0
    cdef uint8_t first
    if n < _PROMO_CHARS:
        return False
    first = _low(span[0])
    if _PROMO_AT[first] == _PROMO_TO[first]:  # no ASCII stem starts with it
        return False
    for k in range(_PROMO_CHARS):
        key |= (<uint64_t>_low(span[k])) << (8 * k)
    for k in range(_PROMO_AT[first], _PROMO_TO[first]):
        if _PROMO_KEYS[k] == key:
            return True
    return False


cdef inline bint _ascii_addressed(const uint32_t* span, Py_ssize_t n) noexcept:
    """`_addressed` of an ASCII span (`span[:n]`): lowered, one of the ASCII words (the first character and the length
    screened together before the others are lowered; the lowered bytes packed into two integers, compared with the
    words of the span's length only)."""
    cdef Py_ssize_t m
    cdef uint64_t head = 0, tail = 0
    if n == 0 or n > 15 or n > _YOU_LONGEST or not (_YOU_SIZES[_low(span[0])] >> n) & 1:
        return False
    for m in range(n):
        if m < 8:
            head |= (<uint64_t>_low(span[m])) << (8 * m)
        else:
            tail |= (<uint64_t>_low(span[m])) << (8 * (m - 8))
    for m in range(_YOU_AT[n], _YOU_AT[n + 1]):
        if _YOU_KEYS[m][0] == head and _YOU_KEYS[m][1] == tail:
            return True
    return False


cdef bint _promoted(str line, const uint32_t* code, Py_ssize_t a, Py_ssize_t b) except -1:
    """Whether the token stripped to `line[a:b]` is a promotion word: its lowered first characters are a stem. Lowered
    code point by code point, which is `str.lower` but for U+0130 (two code points lowered): a span with one among its
    first characters is lowered by `str.lower`."""
    cdef Py_ssize_t j, k, m = b - a if b - a < _PROMO_CHARS else _PROMO_CHARS
    cdef uint32_t ch
    cdef uint32_t low[8]
    cdef bint same
    for j in range(m):
        if code[a + j] == _DOTTED_I:
            return PySet_Contains(_PROMO_SET, PyUnicode_Substring(line, a, b).lower()[:_PROMO_CHARS])
    if b - a < _PROMO_CHARS:
        return False
    for j in range(_PROMO_CHARS):
        ch = code[a + j]
        low[j] = ch + 32 if 65 <= ch <= 90 else (ch if ch < 128 else <uint32_t>Py_UNICODE_TOLOWER(ch))
    for k in range(_PROMO_STEMS):
        same = True
        for j in range(_PROMO_CHARS):
            if low[j] != _PROMO_STEM[k][j]:
                same = False
                break
        if same:
            return True
    return False


cdef bint _addressed(str line, const uint32_t* code, Py_ssize_t a, Py_ssize_t b) except -1:
    """Whether the token stripped to `line[a:b]` lowers to a second-person word. A span longer than the longest word
    cannot (lowering never shortens a string); an ASCII first character lowers to one ASCII character, which a word
    must start with; an ASCII span is lowered into bytes and compared with the ASCII words, any other is lowered by
    `str.lower` and looked up in the set."""
    cdef Py_ssize_t j
    cdef uint32_t ch
    if a == b or b - a > _YOU_LONGEST:
        return False
    ch = code[a]
    if ch >= 128:
        # The lowered word's first character is the first one's simple lower case (U+0130's "i" with a dot above
        # starts with "i"; a capital sigma that opens a word is not final): most non-ASCII words are ruled out here,
        # where each was lowered by `str.lower` and looked up (an umlaut opens many German words).
        ch = <uint32_t>Py_UNICODE_TOLOWER(ch)
        if ch >= 128 and not _YOU_WIDE_FIRST:
            return False
    if ch < 128 and not _YOU_FIRST[ch + 32 if 65 <= ch <= 90 else ch]:
        return False
    for j in range(b - a):
        if code[a + j] >= 128:
            return PySet_Contains(_YOU_WORDS, PyUnicode_Substring(line, a, b).lower())
    return _ascii_addressed(code + a, b - a)


cdef bint _list_marked(const uint32_t* code, const uint16_t* props, Py_ssize_t n) noexcept:
    """Whether `features._LIST_MARK` matches at the line's start: a mark, or a run of digits and
    "." or ")", then whitespace that is not a line break (no shorter run of digits can be followed by "." or ")")."""
    cdef Py_ssize_t j
    if code[0] == 45 or code[0] == 42 or code[0] == 0x2022:
        j = 1
    elif props[0] & _P_DECIMAL:
        j = 1
        while j < n and (props[j] & _P_DECIMAL):
            j += 1
        if j >= n or not (code[j] == 46 or code[j] == 41):
            return False
        j += 1
    else:
        return False
    return j < n and (props[j] & _P_SPACE) != 0 and code[j] != 10


cdef struct _Found:
    # What `line_rows` counts of a line's words: stopwords, promotion words and second-person words.
    Py_ssize_t hits
    double promo
    double second


cdef inline int _word(str line, int kind, void* data, const uint32_t* code, const uint16_t* props, Py_ssize_t p,
                      Py_ssize_t j, bint ascii, bint count_stops, bint promo, bint second, frozenset stop,
                      _AsciiStops stops, _Found* found) except -1:
    """One word of `line_rows`' line, `line[p:j]` (`str.split`'s; `ascii`: all its code points are), counted into
    `found`: in `stop` when `count_stops` (looked up as `_stop_hits` looks it up), and, stripped of its edge
    punctuation, a promotion word (`promo`) or a second-person word (`second`). An ASCII word is lowered only where a
    list may hold it (its first character screened first)."""
    cdef Py_ssize_t a = p, b = j, i
    cdef int held
    if count_stops:
        if not ascii:
            # By its lowered code points, as `_stop_hits` looks a word up (no string made and lowered per non-ASCII
            # word, most of such a word's cost here); U+0130 and a capital sigma by `str.lower`.
            held = stops.member(kind, data, p, j, False)
            if held < 0:
                held = PySet_Contains(stop, _lowered(line, kind, data, p, j, False))
            found.hits += held
        elif j - p <= stops.longest:
            for i in range(j - p):
                stops.scratch[i] = _low(code[p + i])
            found.hits += stops.holds(stops.scratch, j - p)
    if not (promo or second):
        return 0
    while a < b and (props[a] & _P_PUNCT):
        a += 1
    while b > a and (props[b - 1] & _P_PUNCT):
        b -= 1
    if promo and b > a:
        if _ascii_promoted(code + a, b - a) if ascii else _promoted(line, code, a, b):
            found.promo += 1.0
    if second:
        if _ascii_addressed(code + a, b - a) if ascii else _addressed(line, code, a, b):
            found.second += 1.0
    return 0


cdef struct _Want:
    # The columns `line_rows` and `memo_rows` fill besides the ones they always fill (from the `want` bits).
    bint title, caps, upper, date, promo, second, list_mark


cdef _Want _wanted(int64_t want) except *:
    """The `want` bits (1 << column) as flags; every column `line_rows` fills must fit the table's 18."""
    cdef _Want w
    w.title = (want >> _C_TITLE) & 1
    w.caps = (want >> _C_CAPS) & 1
    w.upper = (want >> _C_UPPER) & 1
    w.date = (want >> _C_DATE) & 1
    w.promo = (want >> _C_PROMO) & 1
    w.second = (want >> _C_SECOND) & 1
    w.list_mark = (want >> _C_LIST) & 1
    return w


cdef int _check_table(double[:, ::1] table, Py_ssize_t n) except -1:
    if table.shape[0] < n:
        raise ValueError("arrays too short")
    for c in (_C_CHARS, _C_WORDS, _C_STOPS, _C_DIGITS, _C_ENDS, _C_TABLE, _C_TITLE, _C_CAPS, _C_UPPER, _C_COLON,
              _C_ELLIP, _C_DATE, _C_PROMO, _C_SECOND, _C_LIST):
        if c >= table.shape[1]:
            raise ValueError("a column outside the table")
    return 0


cdef int _row(str line, Py_ssize_t k, object share, bint has_stop, _Want w, frozenset stop, _AsciiStops stops,
              const uint16_t[::1] known, object rare, double[:, ::1] table, uint32_t* code,
              uint16_t* props) except -1:
    """Row `k` of `line_rows`' table from the non-blank `line` (`code` and `props` hold at least its length): `share`
    is its stopword share where one was counted (None: its words are looked up when `has_stop`)."""
    cdef Py_ssize_t i, length = PyUnicode_GET_LENGTH(line), words = 0, digits = 0, caps = 0, title = 0, p = 0
    cdef Py_ssize_t tsize = known.shape[0]
    cdef const uint16_t* table_props = &known[0]  # read through a pointer: the view's fields are not reloaded a character
    cdef int kind = PyUnicode_KIND(line)
    cdef void* data = PyUnicode_DATA(line)
    cdef uint32_t ch
    cdef uint16_t pr
    cdef bint after_space = True, ascii = True, upper
    cdef bint count_stops = has_stop and share is None
    cdef bint words_too = count_stops or w.promo or w.second
    # The property bits as locals: read from the module's globals, they were loaded again at every character (the
    # calls in the loop may, for all the compiler knows, change them).
    cdef uint16_t space_bit = _P_SPACE, upper_bit = _P_UPPER, decimal_bit = _P_DECIMAL
    cdef _Found found
    found.hits = 0
    found.promo = found.second = 0.0
    # The code points widened first, in a loop of the string's own width (no switch on its kind per character).
    if kind == PyUnicode_1BYTE_KIND:
        for i in range(length):
            code[i] = (<const uint8_t*>data)[i]
    elif kind == 2:
        for i in range(length):
            code[i] = (<const uint16_t*>data)[i]
    else:
        memcpy(code, data, length * sizeof(uint32_t))
    for i in range(length):
        ch = code[i]
        pr = table_props[ch] if ch < tsize else <uint16_t>rare(ch)
        props[i] = pr
        if pr & space_bit:
            if not after_space and words_too:
                _word(line, kind, data, code, props, p, i, ascii, count_stops, w.promo, w.second, stop, stops, &found)
            after_space = True
        elif after_space:
            after_space = False
            words += 1
            p = i
            ascii = True
            if pr & upper_bit:
                title += 1
        if ch >= 128:
            ascii = False
        # Counted without a branch (digits and capitals fall anywhere in a line).
        digits += (pr & decimal_bit) != 0
        caps += (pr & upper_bit) != 0
    if not after_space and words_too:
        _word(line, kind, data, code, props, p, length, ascii, count_stops, w.promo, w.second, stop, stops, &found)
    table[k, _C_CHARS] = length
    table[k, _C_WORDS] = words
    table[k, _C_DIGITS] = digits
    ch = code[length - 1]
    table[k, _C_ENDS] = 1.0 if props[length - 1] & _P_ENDS else 0.0
    table[k, _C_TABLE] = 1.0 if (code[0] == 124 and ch == 124 and length > 1) else 0.0
    if has_stop and share is not None:
        table[k, _C_STOPS] = rint(<double>share * <double>words)
    elif count_stops:
        table[k, _C_STOPS] = found.hits
    if w.promo:
        table[k, _C_PROMO] = found.promo
    if w.second:
        table[k, _C_SECOND] = found.second
    table[k, _C_COLON] = 1.0 if ch == 58 else 0.0
    table[k, _C_ELLIP] = 1.0 if (ch == 0x2026 or (ch == 46 and length >= 3 and code[length - 2] == 46
                                                   and code[length - 3] == 46)) else 0.0
    if w.title:
        table[k, _C_TITLE] = title
    if w.caps:
        table[k, _C_CAPS] = caps
    if w.upper:
        # `^[^\w\n]*[A-ZÀ-ÖØ-ÞĀ-Ž]`: the class holds word characters only, so no shorter skip can match.
        i = 0
        while i < length and not (props[i] & _P_WORD) and code[i] != 10:
            i += 1
        upper = i < length and (props[i] & _P_CAPITAL) != 0
        table[k, _C_UPPER] = 1.0 if upper else 0.0
    if w.date:
        # A date needs a digit (most lines have none: `_dated` would scan them for one).
        table[k, _C_DATE] = 1.0 if digits and _dated(code, props, length) else 0.0
    if w.list_mark:
        table[k, _C_LIST] = 1.0 if _list_marked(code, props, length) else 0.0
    return 0


def line_rows(list lines, frozenset stop, shares, const uint16_t[::1] known, rare, double[:, ::1] table, int64_t want):
    """`learned.features._line_rows_py` (its twin: `line_stats`, `complete` and `fill_rows` of every row): every
    column of the table that `line_table` and those fill, of the stripped non-blank `lines`, into `table` (zeroed, one
    row per line), in one pass over each line's code points and one over its words, where the twin made a dozen arrays
    of the joined text's characters and some twenty NumPy passes over them. `line_table`'s columns always (characters,
    words, stopwords as there, digits, sentence end, table row), the colon and the ellipsis always (`complete` fills
    them whatever it is asked), and the others where `want` has their column's bit (1 << column): title words,
    capitals, a capital start, a date, promotion words, second-person words, a list mark. A character's properties
    come from `known` below its length, else from `rare(code point)`, as `line_table` reads them."""
    if not _LINES_READY or not _ROWS_READY:
        raise RuntimeError("configure_lines and configure_rows first")
    cdef Py_ssize_t n = len(lines), k, length, longest = 1
    cdef bint has_stop = len(stop) > 0
    cdef bint by_share = shares is not None and has_stop
    cdef _Want w = _wanted(want)
    cdef _AsciiStops stops = _table(stop) if has_stop else None
    cdef uint32_t* code
    cdef uint16_t* props
    if known.shape[0] <= 10:
        raise ValueError("arrays too short")
    _check_table(table, n)
    if by_share and len(shares) != n:
        raise ValueError("one share per line")
    for k in range(n):
        length = PyUnicode_GET_LENGTH(<str?>lines[k])
        if length == 0:
            raise ValueError("lines must be non-blank")
        if length > longest:
            longest = length
    code = <uint32_t*>malloc(longest * sizeof(uint32_t))
    props = <uint16_t*>malloc(longest * sizeof(uint16_t))
    if code == NULL or props == NULL:
        free(code)
        free(props)
        raise MemoryError()
    try:
        for k in range(n):
            _row(<str>lines[k], k, shares[k] if by_share else None, has_stop, w, stop, stops, known, rare, table, code,
                 props)
    finally:
        free(code)
        free(props)


def memo_rows(kept, list stripped, frozenset stop, dict counted, Py_ssize_t good, frozenset ends, dict at,
              double[:, ::1] bank, uint8_t[::1] bank_known, const uint16_t[::1] known, rare,
              double[:, ::1] table, int64_t want, int64_t[::1] index, uint8_t[::1] row_known, int64_t[::1] fresh,
              Py_ssize_t keep_from=-1):
    """`learned.rows.RowMemo.stats`' reading of a page in one call (its twin: `RowMemo._stats_py`, which looks the
    lines up, takes their shares with `rows._shares` and reads the new ones with `line_rows`): for the `stripped` lines
    of `kept` (`rows._stripped`'s; "" for a blank one), in order, row r of `table` (zeroed, one row per non-blank line)
    is the line's row in `bank` when `at` (the memo's line -> bank row, None: no bank) holds it, with its known flag
    from `bank_known`; else `line_rows`' row of it (flag 1), with the stopword share `counted` (the classifier's
    (weighted length, share) by raw line, None: none) gives for the raw line, unless it is shorter than `good` and
    ends in `ends` (`rows._shares`). `index[r]` is the line's place in `kept`, and the rows read from the text are
    listed in `fresh`. Returns how many that is. No list of shares, no look-up list, no index list is made.

    With `keep_from` (the bank's rows in use; -1: none kept) each row read is also kept, as `RowMemo.keep` keeps it:
    written to the bank's next row (from `keep_from` on, its flag 1) and put in `at` under its line; a line is then
    found only in the rows the bank held before the call (a line twice on the page is read and kept twice, as the twin
    looks every line up before keeping any). `keep` made a pair and an int per line for one dict update and gathered
    the page's rows again, most of its time, on pages nearly all new at first sight."""
    if not _LINES_READY or not _ROWS_READY:
        raise RuntimeError("configure_lines and configure_rows first")
    cdef Py_ssize_t n = len(stripped), rows = 0, count = 0, k, j, c, slot, length, longest = 0
    cdef Py_ssize_t width = table.shape[1]
    cdef bint has_stop = len(stop) > 0
    cdef _Want w = _wanted(want)
    cdef _AsciiStops stops = _table(stop) if has_stop else None
    cdef uint32_t* code = NULL
    cdef uint16_t* props = NULL
    cdef void* grown
    cdef PyObject* got
    cdef PyObject* place
    cdef object share, raw
    cdef str line
    if known.shape[0] <= 10:
        raise ValueError("arrays too short")
    if len(kept) != n:
        raise ValueError("one stripped line per kept line")
    for k in range(n):
        if PyUnicode_GET_LENGTH(<str?>stripped[k]):
            rows += 1
    _check_table(table, rows)
    if index.shape[0] < rows or row_known.shape[0] < rows or fresh.shape[0] < rows:
        raise ValueError("arrays too short")
    if at is not None and (bank.shape[1] != width or bank_known.shape[0] < bank.shape[0]):
        raise ValueError("the bank's rows are the table's")
    if keep_from >= 0 and (at is None or keep_from + rows > bank.shape[0]):
        raise ValueError("no room in the bank for the rows read")
    if not counted:
        counted = None
    try:
        j = 0
        for k in range(n):
            line = <str>stripped[k]
            length = PyUnicode_GET_LENGTH(line)
            if length == 0:
                continue
            index[j] = k
            place = PyDict_GetItem(at, line) if at is not None else NULL
            if place is not NULL:
                slot = <object>place
                if slot < 0 or slot >= bank.shape[0]:
                    raise IndexError("a bank row outside the bank")
            if place is not NULL and (keep_from < 0 or slot < keep_from):
                for c in range(width):
                    table[j, c] = bank[slot, c]
                row_known[j] = bank_known[slot]
                j += 1
                continue
            share = None
            if has_stop and counted is not None:
                raw = kept[k]
                got = PyDict_GetItem(counted, raw) if raw is not None else NULL
                if got is not NULL:
                    entry = <tuple?>(<object>got)
                    if not (entry[0] < good and PySet_Contains(ends, line[length - 1])):
                        share = entry[1]
            if length > longest:
                grown = realloc(code, length * sizeof(uint32_t))
                if grown == NULL:
                    raise MemoryError()
                code = <uint32_t*>grown
                grown = realloc(props, length * sizeof(uint16_t))
                if grown == NULL:
                    raise MemoryError()
                props = <uint16_t*>grown
                longest = length
            _row(line, j, share, has_stop, w, stop, stops, known, rare, table, code, props)
            row_known[j] = 1
            if keep_from >= 0:
                slot = keep_from + count
                for c in range(width):
                    bank[slot, c] = table[j, c]
                bank_known[slot] = 1
                PyDict_SetItem(at, line, slot)
            fresh[count] = j
            count += 1
            j += 1
    finally:
        free(code)
        free(props)
    return count
