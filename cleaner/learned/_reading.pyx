# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The native core's kernel for the learned stage's gate (issue 13): `learned.worth_reading` in one C loop per line.

Built only by the compiled build (`CLEANER_COMPILE=1`, setup.py); the pure twin is `cleaner.learned._worth_reading`,
and the module uses this kernel only when it imports. The gate is asked ~10 times per page (the heuristics stage's
reads of HEU013's gate and its wide variant, top matter's gate, the learned stage's adapter and the stage itself),
each time stripping every line of a page that is not worth reading: a `str.strip` and a set look-up per line was 2% of
a clean at first sight. Here a line is measured where it stands: its first and last non-space code points, by
CPython's whitespace predicate (what `str.strip()` strips), with no stripped copy made.
"""

from libc.stdint cimport int64_t
from libc.stdlib cimport calloc, free, malloc

from cleaner._pyunicode cimport (
    PySet_Contains,
    PyUnicode_DATA,
    PyUnicode_GET_LENGTH,
    PyUnicode_KIND,
    PyUnicode_READ,
    is_space,
)

# The learned stage's constants, set by `configure` (learned/__init__ calls it with its own at import; until then
# `worth_reading` refuses to run).
cdef bint _READY = False
cdef Py_ssize_t _MIN_LINES, _MIN_SHORT, _SHORT_CHARS
cdef bint _END_ASCII[128]  # the ASCII sentence ends, by code point
cdef frozenset _ENDS = frozenset()  # every sentence end (one-character strings), for the others


def configure(Py_ssize_t min_lines, Py_ssize_t min_short, Py_ssize_t short_chars, sentence_end):
    """`worth_reading`'s constants: MIN_LINES, MIN_SHORT_LINES, SHORT_CHARS and the sentence ends (characters)."""
    global _READY, _MIN_LINES, _MIN_SHORT, _SHORT_CHARS, _ENDS
    ends = frozenset(sentence_end)
    if any(len(c) != 1 for c in ends):
        raise ValueError("sentence ends are characters")
    for k in range(128):
        _END_ASCII[k] = chr(k) in ends
    _ENDS = ends
    _MIN_LINES, _MIN_SHORT, _SHORT_CHARS = min_lines, min_short, short_chars
    _READY = True


cdef inline bint _is_end(Py_UCS4 ch) except -1:
    """Whether `ch` is a sentence end: ASCII from the table, any other by the set (a short line's last character)."""
    if ch < 128:
        return _END_ASCII[ch]
    return PySet_Contains(_ENDS, chr(ch))


def worth_reading(kept, Py_ssize_t margin=0):
    """`learned._worth_reading`: whether the lines (str or None, any iterable, read no further than needed) hold
    MIN_LINES - margin non-blank lines and MIN_SHORT_LINES - margin short fragments among them."""
    if not _READY:
        raise RuntimeError("configure first")
    cdef Py_ssize_t least_lines = _MIN_LINES - margin, least_short = _MIN_SHORT - margin
    cdef Py_ssize_t lines = 0, short = 0, lo, hi
    cdef int kind
    cdef void* data
    cdef str text
    for s in kept:
        if s is None:
            continue
        text = <str?>s
        hi = PyUnicode_GET_LENGTH(text)
        if hi == 0:
            continue
        kind = PyUnicode_KIND(text)
        data = PyUnicode_DATA(text)
        lo = 0
        while lo < hi and is_space(PyUnicode_READ(kind, data, lo)):
            lo += 1
        if lo == hi:
            continue
        while is_space(PyUnicode_READ(kind, data, hi - 1)):
            hi -= 1
        lines += 1
        if hi - lo < _SHORT_CHARS and not _is_end(PyUnicode_READ(kind, data, hi - 1)):
            short += 1
        if lines >= least_lines and short >= least_short:
            return True
    return False


def region(const unsigned char[::1] good, const double[::1] prose_chars, double[:, ::1] out, double[::1] inside,
           Py_ssize_t block_gap):
    """`features._region` (its twin) in one pass each way over the lines: `good` flags the prose lines (as bytes),
    `prose_chars` holds their characters (0 elsewhere); writes `out` (5 x n: lines to the prose above, to the prose
    below, outside the main block, the non-prose run, to the nearest prose; capped at n) and `inside`, and returns
    the main block's share of the prose characters. Every value is a whole number or a count, as in the twin, and the
    share is the one division the twin makes of the same exact sums."""
    cdef Py_ssize_t n = good.shape[0], i, last, nxt, lo = -1, hi = -1, start = -1, prev = -1, first_lo = -1
    cdef double up, down, weight = 0.0, best = -1.0, total = 0.0, far
    if prose_chars.shape[0] != n or out.shape[0] != 5 or out.shape[1] != n or inside.shape[0] != n:
        raise ValueError("shapes differ")
    # The blocks: prose lines at most block_gap apart; the first block of the most characters is the main one.
    for i in range(n):
        if not good[i]:
            continue
        if prev >= 0 and i - prev > block_gap:
            total += weight
            if weight > best:
                best, lo, hi = weight, start, prev
            weight = 0.0
            start = -1
        if start < 0:
            start = i
        weight += prose_chars[i]
        prev = i
    if prev < 0:
        for i in range(n):
            out[0, i] = out[1, i] = out[2, i] = out[3, i] = out[4, i] = n
            inside[i] = 0.0
        return 0.0
    total += weight
    if weight > best:
        best, lo, hi = weight, start, prev
    # The nearest prose line at or above each line (the pass down) and at or below it (the pass up).
    last = -n - 1
    for i in range(n):
        if good[i]:
            last = i
        up = i - last
        out[0, i] = up if up < n else n
    nxt = 2 * n + 1
    for i in range(n - 1, -1, -1):
        if good[i]:
            nxt = i
        down = nxt - i
        out[1, i] = down if down < n else n
    for i in range(n):
        up, down = out[0, i], out[1, i]
        far = lo - i if lo - i > i - hi else i - hi
        out[2, i] = far if far > 0 else 0.0
        inside[i] = 1.0 if out[2, i] == 0 else 0.0
        if good[i]:
            out[3, i] = 0.0
        else:
            far = up + down - 1
            out[3, i] = far if far < n else n
        out[4, i] = up if up < down else down
    return best / (total if total > 1.0 else 1.0)


def patterns(const double[:, :] xt, const int64_t[:, ::1] feature, const double[:, ::1] threshold,
             int64_t[:, ::1] out):
    """`LineModel._patterns_py` (its twin): into `out` (trees x rows, zeroed), each tree's tests on each row packed
    into its bits (bit j: inner node j sent the row right, its feature's value above its threshold); `xt` is the rows'
    features transposed (features x rows). The same comparisons of the same values, one row after another, where the
    twin gathers every distinct test's column and packs the answers with four more NumPy passes."""
    cdef Py_ssize_t trees = feature.shape[0], inner = feature.shape[1], rows = xt.shape[1], t, j, r, f
    cdef double bar
    cdef int64_t bit
    if inner > 8 or threshold.shape[0] != trees or threshold.shape[1] != inner:
        raise ValueError("at most 8 inner nodes a tree, and a threshold for each")
    if out.shape[0] != trees or out.shape[1] != rows:
        raise ValueError("out is trees x rows")
    for t in range(trees):
        for j in range(inner):
            f = feature[t, j]
            if f < 0 or f >= xt.shape[0]:
                raise IndexError("a split reads no feature")
            bar = threshold[t, j]
            bit = 1 << j
            for r in range(rows):
                if xt[f, r] > bar:
                    out[t, r] |= bit


def shapes(const double[:, :] table, Py_ssize_t words, Py_ssize_t ends, Py_ssize_t upper, Py_ssize_t digits,
           double max_words, double[::1] repeats, double[::1] alternates, bint alternate):
    """`features._shapes` (its twin): each row's shape key (its word count capped at `max_words`, times 8, plus 4, 2
    and 1 for a sentence end, a capital start and digits: whole numbers, as the twin's dot product makes them), the
    share of the other rows with its key into `repeats`, and into `alternates` (when `alternate`, else 0) whether it
    has the key of the row two above or two below but not of the one between."""
    cdef Py_ssize_t n = table.shape[0], i, top = 0
    cdef double w, e, u, d
    cdef long long* key
    cdef long long* counts
    cdef double a
    if repeats.shape[0] != n or alternates.shape[0] != n:
        raise ValueError("shapes differ")
    if n == 0:
        return
    key = <long long*>malloc(n * sizeof(long long))
    if key == NULL:
        raise MemoryError()
    try:
        for i in range(n):
            w, e, u, d = table[i, words], table[i, ends], table[i, upper], table[i, digits]
            key[i] = <long long>((w if w < max_words else max_words) * 8.0 + (e if e < 1.0 else 1.0) * 4.0
                                 + (u if u < 1.0 else 1.0) * 2.0 + (d if d < 1.0 else 1.0))
            if key[i] < 0:
                raise ValueError("a negative count")
            if key[i] > top:
                top = key[i]
        counts = <long long*>calloc(top + 1, sizeof(long long))
        if counts == NULL:
            raise MemoryError()
        try:
            for i in range(n):
                counts[key[i]] += 1
            for i in range(n):
                repeats[i] = <double>(counts[key[i]] - 1) / <double>(n - 1 if n > 1 else 1)
        finally:
            free(counts)
        for i in range(n):
            alternates[i] = 0.0
        if alternate and n >= 3:
            for i in range(n - 2):
                alternates[i + 2] = 1.0 if key[i + 2] == key[i] and key[i + 1] != key[i] and key[i + 2] != key[i + 1] else 0.0
            for i in range(n - 2):
                a = 1.0 if key[i + 2] == key[i] and key[i + 1] != key[i] and key[i + 2] != key[i + 1] else 0.0
                if a > alternates[i]:
                    alternates[i] = a
    finally:
        free(key)
