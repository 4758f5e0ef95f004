# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The native core's kernels for the learned stage (issue 13): its gate, its rows, its guards and its trees, in C.

Built only by the compiled build (`CLEANER_COMPILE=1`, setup.py); the pure twin is `cleaner.learned._worth_reading`,
and the module uses this kernel only when it imports. The gate is asked ~10 times per page (the heuristics stage's
reads of HEU013's gate and its wide variant, top matter's gate, the learned stage's adapter and the stage itself),
each time stripping every line of a page that is not worth reading: a `str.strip` and a set look-up per line was 2% of
a clean at first sight. Here a line is measured where it stands: its first and last non-space code points, by
CPython's whitespace predicate (what `str.strip()` strips), with no stripped copy made.

The stage's other per-page loops are here too, each with its pure twin kept as the fallback and the reference
(tests/test_native_learned.py): `region`, `shapes`, `rows_before` and `rows_after` (`features.assemble`'s NumPy
code: `_region`, `_shapes`, `_rows_py`), `marks` (`features.complete`'s `_DATE_LIKE` pattern and `_word_lists`),
`stripped` (`rows._stripped_py`), `second_person` (`features._second_rows_py`, `fill_rows`' second-person column),
`guards` (`stage._guarded_py`), `patterns` (`LineModel._patterns_py`), `leaves` (`LineModel.scores` of the gathered
rows) and `Trees` (`LineModel.scores_in`: `scores_at` of the gathered rows). Floats that NumPy computes in the twin (`exp`, `log1p`, the sum over the
trees) are left to NumPy, so every value is the twin's to the bit.
"""

from cpython.unicode cimport Py_UNICODE_TOLOWER
from libc.stdint cimport int64_t, uint16_t, uint32_t
from libc.stdlib cimport calloc, free, malloc, qsort
from libc.string cimport memcmp

from cleaner._pyunicode cimport (
    is_space,
    PySet_Contains,
    PyUnicode_Substring,
    PyUnicode_DATA,
    PyUnicode_GET_LENGTH,
    PyUnicode_KIND,
    PyUnicode_READ,
    strip_span,
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
        strip_span(kind, data, &lo, &hi)
        if lo == hi:
            continue
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
    cdef Py_ssize_t trees = feature.shape[0], inner = feature.shape[1], rows = xt.shape[1], t
    if inner > 8 or threshold.shape[0] != trees or threshold.shape[1] != inner:
        raise ValueError("at most 8 inner nodes a tree, and a threshold for each")
    if out.shape[0] != trees or out.shape[1] != rows:
        raise ValueError("out is trees x rows")
    for t in range(trees):
        _pack(xt, None, True, feature, threshold, out, t)


cdef int _pack(const double[:, :] xt, const int64_t[::1] rows, bint every, const int64_t[:, ::1] feature,
               const double[:, ::1] threshold, int64_t[:, ::1] out, Py_ssize_t t) except -1:
    """Tree `t`'s tests on each row packed into `out[t]` (bit j: node j sent the row right): the rows of `xt` in order
    when `every`, else the given `rows` of it."""
    cdef Py_ssize_t inner = feature.shape[1], n = out.shape[1], j, k, f
    cdef double bar
    cdef int64_t bit
    for j in range(inner):
        f = feature[t, j]
        if f < 0 or f >= xt.shape[0]:
            raise IndexError("a split reads no feature")
        bar = threshold[t, j]
        bit = 1 << j
        if every:
            for k in range(n):
                if xt[f, k] > bar:
                    out[t, k] |= bit
        else:
            for k in range(n):
                if xt[f, rows[k]] > bar:
                    out[t, k] |= bit
    return 0


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


# features.assemble's layout, set by `configure_rows` (features calls it with its own at import; until then
# `rows_before` and `rows_after` refuse to run): the internal rows of each block of `out` and the table's columns.
cdef bint _ROWS_READY = False
cdef Py_ssize_t _R_LOG, _R_RATIO, _R_TEXT, _R_NEAR, _R_PREV, _R_NEXT, _R_SHORT, _R_ENDS, _R_GOOD, _R_SHARES
cdef Py_ssize_t _R_FRAME, _R_SIDES, _R_PROSE_BEFORE, _R_OFF, _R_DOC, _R_SHORT_UPPER, _R_PROMO, _R_COUNT
cdef Py_ssize_t _T_CHARS, _T_UPPER, _T_PROMO, _T_DATE, _CONTEXT, _WIDE_CONTEXT, _RATIOS, _TEXTS
cdef double _SHORT_LINE, _PROSE_LINE
cdef Py_ssize_t _NUM[8]
cdef Py_ssize_t _DEN[8]
cdef Py_ssize_t _TEXT[8]


def configure_rows(rows, columns, numerators, denominators, texts, Py_ssize_t context, Py_ssize_t wide_context,
                   double short_chars, double prose_chars):
    """The layout of `assemble`'s internal rows: `rows` is the first row of (log counts, ratios, text columns, near
    windows, previous, next, short_no_end, ends_sentence, the good-prose flag, shares, frame, sides, prose before,
    the two columns off, doc, short_upper_no_end, promo_words) and the row count; `columns` the table's (CHARS, UPPER,
    PROMO, DATE); the ratios' numerator and denominator columns and the columns copied as they are; the two windows;
    SHORT_CHARS and PROSE_CHARS."""
    global _ROWS_READY, _R_LOG, _R_RATIO, _R_TEXT, _R_NEAR, _R_PREV, _R_NEXT, _R_SHORT, _R_ENDS, _R_GOOD, _R_SHARES
    global _R_FRAME, _R_SIDES, _R_PROSE_BEFORE, _R_OFF, _R_DOC, _R_SHORT_UPPER, _R_PROMO, _R_COUNT
    global _T_CHARS, _T_UPPER, _T_PROMO, _T_DATE, _CONTEXT, _WIDE_CONTEXT, _RATIOS, _TEXTS, _SHORT_LINE, _PROSE_LINE
    (_R_LOG, _R_RATIO, _R_TEXT, _R_NEAR, _R_PREV, _R_NEXT, _R_SHORT, _R_ENDS, _R_GOOD, _R_SHARES, _R_FRAME, _R_SIDES,
     _R_PROSE_BEFORE, _R_OFF, _R_DOC, _R_SHORT_UPPER, _R_PROMO, _R_COUNT) = rows
    _T_CHARS, _T_UPPER, _T_PROMO, _T_DATE = columns
    if len(numerators) != len(denominators) or len(numerators) > 8 or len(texts) > 8:
        raise ValueError("at most 8 ratios and 8 text columns")
    _RATIOS, _TEXTS = len(numerators), len(texts)
    for k in range(_RATIOS):
        _NUM[k], _DEN[k] = numerators[k], denominators[k]
    for k in range(_TEXTS):
        _TEXT[k] = texts[k]
    _CONTEXT, _WIDE_CONTEXT = context, wide_context
    _SHORT_LINE, _PROSE_LINE = short_chars, prose_chars
    _ROWS_READY = True


def rows_before(const double[:, :] table, const int64_t[::1] words, const double[::1] share,
                const unsigned char[::1] ends, const int64_t[::1] drun, double prose_stop, double[:, ::1] out,
                int64_t[::1] run, unsigned char[::1] good, double[::1] prose_chars):
    """`features.assemble`'s rows up to the regions (its twin is the NumPy code there): the short fragments and their
    runs (`run`), the good prose lines (`good`) and their characters (`prose_chars`), and into `out` the counts
    before their log1p (characters, words, short run, digit run, lines after the last prose line, before the first),
    the flags (short_no_end, ends_sentence, good), the sides of the prose, the prose characters before each line,
    short_upper_no_end and the short fragments' share of the lines. The same comparisons and the same running sum,
    in the same order, as the twin's."""
    if not _ROWS_READY:
        raise RuntimeError("configure_rows first")
    cdef Py_ssize_t n = table.shape[0], i, j, first = -1, last = -1, nshort = 0, length
    cdef double chars, total = 0.0, bar = 0.5 * prose_stop, pc, before, share_short
    cdef bint is_short
    if out.shape[0] != _R_COUNT or out.shape[1] != n or words.shape[0] != n or share.shape[0] != n:
        raise ValueError("shapes differ")
    if ends.shape[0] != n or drun.shape[0] != n or run.shape[0] != n or good.shape[0] != n or prose_chars.shape[0] != n:
        raise ValueError("shapes differ")
    for i in range(n):
        chars = table[i, _T_CHARS]
        is_short = chars < _SHORT_LINE and not ends[i]
        out[_R_SHORT, i] = 1.0 if is_short else 0.0
        out[_R_ENDS, i] = 1.0 if ends[i] else 0.0
        out[_R_SHORT_UPPER, i] = 1.0 if (is_short and table[i, _T_UPPER] > 0) else 0.0
        if is_short:
            nshort += 1
        good[i] = chars >= _PROSE_LINE and share[i] >= bar
        out[_R_GOOD, i] = 1.0 if good[i] else 0.0
        prose_chars[i] = chars * (1.0 if good[i] else 0.0)
        if good[i]:
            if first < 0:
                first = i
            last = i
    # The runs of short fragments: each position its run's length (0 outside).
    i = 0
    while i < n:
        if out[_R_SHORT, i] == 0.0:
            run[i] = 0
            i += 1
            continue
        j = i
        while j < n and out[_R_SHORT, j] != 0.0:
            j += 1
        length = j - i
        while i < j:
            run[i] = length
            i += 1
    if first < 0:
        first = n
    # The prose characters before each line: the running sum less the line's own (as the twin's cumsum, then minus).
    for i in range(n):
        total = total + prose_chars[i]
        out[_R_PROSE_BEFORE, i] = total
    share_short = <double>nshort / <double>n if n else 0.0
    for i in range(n):
        out[_R_LOG, i] = table[i, _T_CHARS]
        out[_R_LOG + 1, i] = <double>words[i]
        out[_R_LOG + 2, i] = <double>run[i]
        out[_R_LOG + 3, i] = <double>drun[i]
        if last >= 0:
            out[_R_LOG + 4, i] = <double>(i - last if i - last > 0 else 0)
        else:
            out[_R_LOG + 4, i] = <double>n
        out[_R_LOG + 5, i] = <double>(first - i if first - i > 0 else 0)
        out[_R_SIDES, i] = 1.0 if i < first else 0.0
        out[_R_SIDES + 1, i] = 1.0 if i > last else 0.0
        before = out[_R_PROSE_BEFORE, i] - prose_chars[i]
        out[_R_PROSE_BEFORE, i] = before / (total if total > 1.0 else 1.0)
        out[_R_DOC, i] = share_short


def rows_after(const double[:, :] table, const double[::1] share, double prose_stop, double main_share,
               const double[:, ::1] frame_rows, double[:, ::1] out):
    """`features.assemble`'s rows after the log1p of the counts (its twin is the NumPy code there): the ratios, the
    text columns, both context windows (one running sum per row, the line itself left out, clipped at the ends), the
    previous and next lines' short flag, log characters and sentence end, the stopword shares, the frame's rows, the
    two columns off (0), the main block's share and the promotion words capped at 3. Each value is the twin's: the
    same operations on the same doubles in the same order."""
    if not _ROWS_READY:
        raise RuntimeError("configure_rows first")
    cdef Py_ssize_t n = table.shape[0], i, r, k, lo, hi, width
    cdef double den, level, x, promo
    cdef double* csum
    cdef double* row
    if out.shape[0] != _R_COUNT or out.shape[1] != n or share.shape[0] != n or frame_rows.shape[1] != n:
        raise ValueError("shapes differ")
    for i in range(n):
        for r in range(_RATIOS):
            den = table[i, _DEN[r]]
            out[_R_RATIO + r, i] = table[i, _NUM[r]] / (den if den > 1.0 else 1.0)
        for r in range(_TEXTS):
            out[_R_TEXT + r, i] = table[i, _TEXT[r]]
        promo = table[i, _T_PROMO]
        out[_R_PROMO, i] = promo if promo < 3.0 else 3.0
    csum = <double*>malloc((n + 1) * sizeof(double))
    row = <double*>malloc((n + 1) * sizeof(double))
    if csum == NULL or row == NULL:
        free(csum)
        free(row)
        raise MemoryError()
    try:
        # The windows' inputs: log characters, stopword share, sentence end, promotion words (any), short, good, dates.
        for r in range(7):
            for i in range(n):
                if r == 0:
                    x = out[_R_LOG, i]
                elif r == 1:
                    x = share[i]
                elif r == 2:
                    x = out[_R_ENDS, i]
                elif r == 3:
                    x = 1.0 if table[i, _T_PROMO] > 0 else 0.0
                elif r == 4:
                    x = out[_R_SHORT, i]
                elif r == 5:
                    x = out[_R_GOOD, i]
                else:
                    x = table[i, _T_DATE]
                row[i] = x
            csum[0] = 0.0
            for i in range(n):
                csum[i + 1] = csum[i] + row[i]
            k = _CONTEXT if r < 4 else _WIDE_CONTEXT
            for i in range(n):
                lo = i - k if i - k > 0 else 0
                hi = i + k + 1 if i + k + 1 < n else n
                width = hi - lo - 1
                if width < 1:
                    width = 1
                out[_R_NEAR + r, i] = ((csum[hi] - csum[lo]) - row[i]) / <double>width
    finally:
        free(csum)
        free(row)
    # Previous and next lines' short flag, log characters and sentence end (-1 past the ends).
    for r in range(3):
        k = _R_SHORT if r == 0 else (_R_LOG if r == 1 else _R_ENDS)
        for i in range(n):
            out[_R_PREV + r, i] = out[k, i - 1] if i > 0 else -1.0
            out[_R_NEXT + r, i] = out[k, i + 1] if i + 1 < n else -1.0
    level = prose_stop if not (1e-6 > prose_stop) else 1e-6
    for i in range(n):
        out[_R_SHARES, i] = share[i]
        out[_R_SHARES + 1, i] = share[i] / level
        out[_R_FRAME, i] = frame_rows[0, i]
        out[_R_FRAME + 1, i] = frame_rows[1, i]
        out[_R_FRAME + 2, i] = frame_rows[2, i]
        out[_R_OFF, i] = 0.0
        out[_R_OFF + 1, i] = 0.0
        out[_R_DOC + 1, i] = main_share


cdef int _cmp_double(const void* a, const void* b) noexcept nogil:
    cdef double x = (<const double*>a)[0], y = (<const double*>b)[0]
    return (x > y) - (x < y)


def guards(const double[:, :] table, const int64_t[::1] rows, columns, double prose_chars, Py_ssize_t min_prose_lines,
           double default_prose_stop, int64_t prose_min_words, double prose_stop_factor, int64_t data_run,
           int64_t[::1] words, double[::1] share, unsigned char[::1] ends, int64_t[::1] drun,
           unsigned char[::1] table_row, unsigned char[::1] prose, unsigned char[::1] open_rows):
    """`stage._guards_py` (its twin: `features.basics`, `stage._prose`, `protected` and `in_runs` with MIN_RUN 2) in
    one pass each way over the rows of `table` (`rows` of it, or all when None), where the twin made some forty NumPy
    calls: the guards' columns (`words`, stopword `share`, sentence `ends`, digit runs `drun`, `table_row`), the prose
    flags, and the rows open to removal (not prose, data or beside data, nor a table row, nor the first row, and in a
    run of two such rows). `columns` are the table's (CHARS, WORDS, STOPS, DIGITS, ENDS, TABLE). Returns the
    document's prose stopword level (the twin's median: the same elements, the same one addition and halving) and
    the number of prose rows. Every other value is a count, a flag or the twin's one division."""
    cdef Py_ssize_t n = table.shape[0] if rows is None else rows.shape[0], i, j, r, k, length, many = 0, nprose = 0
    cdef Py_ssize_t c_chars, c_words, c_stops, c_digits, c_ends, c_table
    cdef double level, bar, w
    cdef double* picked
    cdef bint near
    cdef unsigned char before = 0, here
    c_chars, c_words, c_stops, c_digits, c_ends, c_table = columns
    if (words.shape[0] != n or share.shape[0] != n or ends.shape[0] != n or drun.shape[0] != n
            or table_row.shape[0] != n or prose.shape[0] != n or open_rows.shape[0] != n):
        raise ValueError("shapes differ")
    for i in range(n):
        r = i if rows is None else rows[i]
        if r < 0 or r >= table.shape[0]:
            raise IndexError("a row outside the table")
    picked = <double*>malloc((n if n > 0 else 1) * sizeof(double))
    if picked == NULL:
        raise MemoryError()
    try:
        for i in range(n):
            r = i if rows is None else rows[i]
            words[i] = <int64_t>table[r, c_words]
            w = <double>(words[i] if words[i] > 1 else 1)
            share[i] = table[r, c_stops] / w
            ends[i] = 1 if table[r, c_ends] > 0 else 0
            table_row[i] = 1 if table[r, c_table] > 0 else 0
            if table[r, c_chars] >= prose_chars:
                picked[many] = share[i]
                many += 1
        if many >= min_prose_lines:
            qsort(picked, many, sizeof(double), _cmp_double)
            k = many // 2
            level = picked[k] if many % 2 else (picked[k - 1] + picked[k]) / 2.0
        else:
            level = default_prose_stop
    finally:
        free(picked)
    # The runs of rows with digits: each row its run's length (0 outside).
    i = 0
    while i < n:
        r = i if rows is None else rows[i]
        if not table[r, c_digits] > 0:
            drun[i] = 0
            i += 1
            continue
        j = i + 1
        while j < n and table[j if rows is None else rows[j], c_digits] > 0:
            j += 1
        length = j - i
        while i < j:
            drun[i] = length
            i += 1
    bar = prose_stop_factor * level
    for i in range(n):
        prose[i] = 1 if words[i] >= prose_min_words and ends[i] and share[i] >= bar else 0
        if prose[i]:
            nprose += 1
    # Open: neither prose, nor data (a row in a digit run of data_run or more) or beside it, nor a table row.
    for i in range(n):
        near = drun[i] >= data_run or (i > 0 and drun[i - 1] >= data_run) or (i + 1 < n and drun[i + 1] >= data_run)
        open_rows[i] = 0 if prose[i] or near or table_row[i] else 1
    if n:
        open_rows[0] = 0
    # ...in a run of two or more: an open row with an open neighbour (read before this pass changes them).
    for i in range(n):
        here = open_rows[i]
        open_rows[i] = 1 if here and (before or (i + 1 < n and open_rows[i + 1])) else 0
        before = here
    return level, nprose


def leaves(const double[:, ::1] xt, const int64_t[::1] rows, const int64_t[:, ::1] feature,
           const double[:, ::1] threshold, const int64_t[::1] route, const double[:, ::1] value, int64_t[:, ::1] out,
           double[:, ::1] reached):
    """`LineModel.scores`' gathers up to the sum over the trees (its twin: `_patterns_py` of the `rows` of `xt`, the
    features x rows table, then `_summed`'s look-ups): into `reached` (trees x len(rows)) the value of the leaf each
    tree sends each row to, and into `out` (the same shape) the tests on the row's path packed into their bits (bit j:
    node j, which the row passed, sent it right). The twin packs every inner node's test, but `route` (the leaf of each
    pattern, the same for every tree) reads only the bits of the nodes on the path, so both name the same leaf, and
    `contributions` reads a pattern only through `route`. Each row goes down its trees a level at a time (depth tests
    a tree, where packing made every inner node's test), read where it stands, with no gathered copy; the caller sums
    `reached` over the trees with NumPy, so the sums are the twin's to the bit."""
    cdef Py_ssize_t trees = feature.shape[0], inner = feature.shape[1], n = rows.shape[0], t, k, j, node, r
    cdef int64_t pattern, go
    if inner > 8 or threshold.shape[0] != trees or threshold.shape[1] != inner or value.shape[0] != trees:
        raise ValueError("at most 8 inner nodes a tree, and a threshold and values for each")
    if inner not in (0, 1, 3, 7):
        raise ValueError("trees complete to their depth")
    if value.shape[1] < 2 * inner + 1:
        raise ValueError("a value for every node")
    if out.shape[0] != trees or out.shape[1] != n or reached.shape[0] != trees or reached.shape[1] != n:
        raise ValueError("out and reached are trees x rows")
    if route.shape[0] < (1 << inner):
        raise ValueError("a leaf for every pattern")
    for k in range(n):
        if rows[k] < 0 or rows[k] >= xt.shape[1]:
            raise IndexError("a row outside the table")
    for t in range(trees):
        for j in range(inner):
            if feature[t, j] < 0 or feature[t, j] >= xt.shape[0]:
                raise IndexError("a split reads no feature")
    for t in range(trees):
        for k in range(n):
            r = rows[k]
            node = 0
            pattern = 0
            while node < inner:
                go = xt[feature[t, node], r] > threshold[t, node]
                pattern |= go << node
                node = 2 * node + 1 + go
            out[t, k] = pattern
            reached[t, k] = value[t, node]


# `features.complete`'s date and promotion-word columns, set by `configure_marks` (features calls it with its own at
# import; until then `marks` refuses to run): the character property bits and the promotion stems as code points.
cdef bint _MARKS_READY = False
cdef uint16_t _B_SPACE, _B_DECIMAL, _B_WORD, _B_PUNCT
cdef Py_ssize_t _STEMS = 0, _STEM_CHARS = 0
cdef Py_UCS4 _STEM[32][8]


def configure_marks(Py_ssize_t space, Py_ssize_t decimal, Py_ssize_t word, Py_ssize_t punct, stems):
    """`marks`' constants: the property bits of whitespace, decimal digits, word characters and the punctuation a
    token is stripped of, and the promotion stems (at most 32, all of one length, at most 8 characters)."""
    global _MARKS_READY, _B_SPACE, _B_DECIMAL, _B_WORD, _B_PUNCT, _STEMS, _STEM_CHARS
    stems = sorted(stems)
    if not stems or len(stems) > 32 or len({len(s) for s in stems}) != 1 or not 0 < len(stems[0]) <= 8:
        raise ValueError("1 to 32 stems of one length, at most 8 characters")
    _B_SPACE, _B_DECIMAL, _B_WORD, _B_PUNCT = space, decimal, word, punct
    _STEMS, _STEM_CHARS = len(stems), len(stems[0])
    for k, stem in enumerate(stems):
        for j, ch in enumerate(stem):
            _STEM[k][j] = ord(ch)
    _MARKS_READY = True


cdef inline bint _sep(uint32_t ch):
    return ch == 46 or ch == 47 or ch == 58  # . / :


def marks(const uint32_t[::1] code, const uint16_t[::1] props, const int64_t[::1] start, const int64_t[::1] last,
          bint dates, bint promo, double[::1] date_out, double[::1] promo_out):
    """`features.complete`'s date column (`dates`: 1.0 where a `_DATE_LIKE` match starts in the line, else 0.0) and
    promotion-word column (`promo`: the tokens whose stem is a promotion stem, per line) of the joined lines (`code`,
    their `props`, each line's first and last character), in one pass over each line's characters where the twin tried
    the pattern at every run of digits and searched the page for each stem's needle.

    A date is tried where the twin tries it, at a digit after a non-word character (or the text's start), and matches
    as the pattern does: one or two digits, one of "./:", one or two digits, then no word character; or "19" or "20"
    and two more digits, then no word character (a longer run of digits is no match, either way). A token is a run of
    non-space characters; stripped of the punctuation at its ends and lowercased (code point by code point, which is
    `str.lower()` where the caller checked that lowercasing keeps every character in its place), its stem is its first
    characters. Counts are whole numbers, as the twin's."""
    if not _MARKS_READY:
        raise RuntimeError("configure_marks first")
    cdef Py_ssize_t n = start.shape[0], size = code.shape[0], i, p, e, q, a, b, run, more, k, j
    cdef bint found, same
    cdef uint32_t ch
    cdef uint32_t low[8]
    cdef double count
    if last.shape[0] != n or props.shape[0] != size or date_out.shape[0] != n or promo_out.shape[0] != n:
        raise ValueError("shapes differ")
    for i in range(n):
        if start[i] < 0 or last[i] >= size or last[i] < start[i] - 1:
            raise IndexError("a line outside the text")
    for i in range(n):
        if dates:
            found = False
            p = start[i]
            while p <= last[i] and not found:
                if not (props[p] & _B_DECIMAL) or (p > 0 and (props[p - 1] & _B_WORD)):
                    p += 1
                    continue
                run = 0
                while p + run < size and (props[p + run] & _B_DECIMAL):
                    run += 1
                e = p + run
                if run <= 2 and e < size and _sep(code[e]):
                    more = 0
                    while e + 1 + more < size and (props[e + 1 + more] & _B_DECIMAL):
                        more += 1
                    q = e + 1 + more
                    if 1 <= more <= 2 and (q >= size or not (props[q] & _B_WORD)):
                        found = True
                if (run == 4 and (e >= size or not (props[e] & _B_WORD)) and code[p] in (49, 50)
                        and code[p + 1] == (57 if code[p] == 49 else 48)):
                    found = True
                p = e
            date_out[i] = 1.0 if found else 0.0
        if promo:
            count = 0.0
            p = start[i]
            while p <= last[i]:
                if props[p] & _B_SPACE:
                    p += 1
                    continue
                e = p
                while e <= last[i] and not (props[e] & _B_SPACE):
                    e += 1
                # The token is [p, e): stripped of its edge punctuation to [a, b).
                a, b = p, e
                while a < b and (props[a] & _B_PUNCT):
                    a += 1
                while b > a and (props[b - 1] & _B_PUNCT):
                    b -= 1
                if b - a >= _STEM_CHARS:
                    # The token's first characters lowered once (an ASCII capital by arithmetic), not once per stem:
                    # 32 stems asked CPython's case table up to 32 times per long token, most of this loop's time.
                    for j in range(_STEM_CHARS):
                        ch = code[a + j]
                        low[j] = ch + 32 if 65 <= ch <= 90 else (ch if ch < 128 else <uint32_t>Py_UNICODE_TOLOWER(ch))
                    for k in range(_STEMS):
                        same = True
                        for j in range(_STEM_CHARS):
                            if code[a + j] != _STEM[k][j] and low[j] != _STEM[k][j]:
                                same = False
                                break
                        if same:
                            count += 1.0
                            break
                p = e
            promo_out[i] = count


def stripped(kept):
    """`rows._stripped_py` (its twin): each kept line stripped (`str.strip()`, "" for None and blank lines), and the
    non-blank ones, in one C loop where the twin made a comprehension and a filter; a line with nothing to strip is
    kept as it is (as `str.strip()` returns it)."""
    cdef list out = [], lines = []
    cdef Py_ssize_t lo, hi, n
    cdef int kind
    cdef void* data
    cdef str text
    cdef object t
    for s in kept:
        if s is None:
            out.append("")
            continue
        text = <str?>s
        n = PyUnicode_GET_LENGTH(text)
        lo, hi = 0, n
        if n:
            kind = PyUnicode_KIND(text)
            data = PyUnicode_DATA(text)
            strip_span(kind, data, &lo, &hi)
        if lo == hi:
            out.append("")
            continue
        t = text if lo == 0 and hi == n else PyUnicode_Substring(text, lo, hi)
        out.append(t)
        lines.append(t)
    return out, lines


def title_caps(const uint16_t[::1] props, const int64_t[::1] start, const int64_t[::1] starts_at,
               const int64_t[::1] line_of, uint16_t upper, double[::1] title_out, double[::1] caps_out):
    """`features.complete`'s title and capitals columns (`features._title_caps_py`, the twin): per line, the words
    whose first character has the `upper` property bit, and the characters that have it, in one pass where the twin's
    NumPy made a boolean array of every character, a float copy of the word starts' and two more passes.

    The capitals are counted as the twin's `np.add.reduceat` counts them: line i from its start to the next line's
    start, the last line to the text's end, and a line whose next start is not after its own counts its first
    character alone. An index outside the text raises IndexError, as NumPy does."""
    cdef Py_ssize_t n = start.shape[0], size = props.shape[0], words = starts_at.shape[0], i, k, a, b, line
    cdef double count
    if line_of.shape[0] != words or title_out.shape[0] != n or caps_out.shape[0] != n:
        raise ValueError("shapes differ")
    for i in range(n):
        if start[i] < 0 or start[i] >= size:
            raise IndexError("a line start outside the text")
    for k in range(words):
        if starts_at[k] < 0 or starts_at[k] >= size or line_of[k] < 0 or line_of[k] >= n:
            raise IndexError("a word start outside the text or its lines")
    for i in range(n):
        title_out[i] = 0.0
    for k in range(words):
        if props[starts_at[k]] & upper:
            line = line_of[k]
            title_out[line] += 1.0
    for i in range(n):
        a = start[i]
        if i == n - 1:
            b = size
        elif start[i + 1] > a:
            b = start[i + 1]
        else:
            b = a + 1
        count = 0.0
        for k in range(a, b):
            if props[k] & upper:
                count += 1.0
        caps_out[i] = count


# `features.fill_rows`' second-person column, set by `configure_second` (features calls it with its own at import;
# until then `second_person` refuses to run): the words, their ASCII members as bytes, and the punctuation a token is
# stripped of (ASCII by table, the others listed).
cdef bint _SECOND_READY = False
cdef frozenset _SECOND_WORDS = frozenset()
cdef Py_ssize_t _SECOND_LONGEST = 0
cdef Py_ssize_t _SECOND_ASCII = 0
cdef char _SECOND_BYTES[64][16]
cdef Py_ssize_t _SECOND_LENGTH[64]
cdef bint _SECOND_FIRST[128]  # the ASCII first characters of the words
cdef bint _PUNCT_ASCII[128]
cdef Py_ssize_t _PUNCT_WIDE = 0
cdef Py_UCS4 _PUNCT_CODES[64]


def configure_second(words, punctuation):
    """`second_person`'s constants: the second-person words (lowercase, at most 64 ASCII ones of at most 15
    characters) and the punctuation characters a token is stripped of (at most 64 past ASCII)."""
    global _SECOND_READY, _SECOND_WORDS, _SECOND_LONGEST, _SECOND_ASCII, _PUNCT_WIDE
    words = frozenset(words)
    ascii_words = sorted(w for w in words if w.isascii())
    wide = [c for c in punctuation if ord(c) >= 128]
    if not words or any(w != w.lower() or not w for w in words) or len(ascii_words) > 64 or len(wide) > 64:
        raise ValueError("1 to 64 lowercase ASCII words and at most 64 punctuation characters past ASCII")
    if any(len(w) > 15 for w in ascii_words):
        raise ValueError("ASCII words of at most 15 characters")
    _SECOND_WORDS = words
    _SECOND_LONGEST = max(len(w) for w in words)
    _SECOND_ASCII = len(ascii_words)
    for k, w in enumerate(ascii_words):
        _SECOND_LENGTH[k] = len(w)
        for j, ch in enumerate(w.encode("ascii")):
            _SECOND_BYTES[k][j] = <char>ch
    for k in range(128):
        _PUNCT_ASCII[k] = chr(k) in punctuation
        _SECOND_FIRST[k] = any(w[0] == chr(k) for w in words)
    _PUNCT_WIDE = len(wide)
    for k, c in enumerate(wide):
        _PUNCT_CODES[k] = ord(c)
    _SECOND_READY = True


cdef inline bint _is_punct(Py_UCS4 ch) noexcept:
    cdef Py_ssize_t k
    if ch < 128:
        return _PUNCT_ASCII[ch]
    for k in range(_PUNCT_WIDE):
        if _PUNCT_CODES[k] == ch:
            return True
    return False


def second_person(list lines, double[::1] out):
    """`features.fill_rows`' second-person column of `lines` (`_second_rows_py`, the twin): per line, the tokens of
    `line.lower().split()` that are a second-person word once stripped of the punctuation at their ends.

    A token is a run of non-whitespace (`str.split`'s); its span is stripped of punctuation before lowering, which is
    the same span (lowering maps no character to or from the punctuation) and the same lowered text (a punctuation
    character is neither cased nor makes a final sigma). A span longer than the longest word cannot lower to one
    (lowering never shortens a string); an ASCII span is lowered into bytes and compared with the ASCII words, and any
    other is lowered by `str.lower` and looked up in the set. The twin split, stripped and looked up every token of the
    joined rows in Python."""
    if not _SECOND_READY:
        raise RuntimeError("configure_second first")
    cdef Py_ssize_t n = len(lines), k, i, p, a, b, length, j, m
    cdef int kind
    cdef void* data
    cdef uint32_t ch
    cdef bint ascii
    cdef char low[16]
    cdef double count
    cdef str line
    if out.shape[0] != n:
        raise ValueError("one out value per line")
    for k in range(n):
        line = <str?>lines[k]
        length = PyUnicode_GET_LENGTH(line)
        kind = PyUnicode_KIND(line)
        data = PyUnicode_DATA(line)
        count = 0.0
        i = 0
        while i < length:
            if is_space(PyUnicode_READ(kind, data, i)):
                i += 1
                continue
            p = i
            while i < length and not is_space(PyUnicode_READ(kind, data, i)):
                i += 1
            a, b = p, i
            while a < b and _is_punct(PyUnicode_READ(kind, data, a)):
                a += 1
            while b > a and _is_punct(PyUnicode_READ(kind, data, b - 1)):
                b -= 1
            if a == b or b - a > _SECOND_LONGEST:
                continue
            # An ASCII first character lowers to one ASCII character, which a word must start with.
            ch = PyUnicode_READ(kind, data, a)
            if ch < 128 and not _SECOND_FIRST[ch + 32 if 65 <= ch <= 90 else ch]:
                continue
            ascii = True
            for j in range(b - a):
                ch = PyUnicode_READ(kind, data, a + j)
                if ch >= 128:
                    ascii = False
                    break
            if not ascii:
                if PySet_Contains(_SECOND_WORDS, PyUnicode_Substring(line, a, b).lower()):
                    count += 1.0
                continue
            if b - a > 15:
                continue
            for j in range(b - a):
                ch = PyUnicode_READ(kind, data, a + j)
                low[j] = <char>(ch + 32 if 65 <= ch <= 90 else ch)
            for m in range(_SECOND_ASCII):
                if _SECOND_LENGTH[m] == b - a and memcmp(_SECOND_BYTES[m], low, b - a) == 0:
                    count += 1.0
                    break
        out[k] = count


cdef class Trees:
    """A packed model's trees as the stage scores them (`LineModel.scores_at` with an `order`, whose twin is `scores` of
    the gathered rows): the features, thresholds and node values copied once into C arrays, each split's feature
    given as the row of the caller's table that holds it (`order`), so a page's scores are one call that makes no
    NumPy array or memoryview of the model's and reads the rows where `features.assemble` wrote them (no gather into
    FEATURES order)."""

    cdef int64_t* _row  # trees x inner: the table row each split reads
    cdef int64_t* _feature  # trees x inner: the feature each split reads (its column of `contributions`)
    cdef double* _threshold  # trees x inner
    cdef double* _value  # trees x nodes
    cdef Py_ssize_t trees, inner, nodes, depth, top

    def __cinit__(self, const int64_t[:, ::1] feature, const double[:, ::1] threshold, const double[:, ::1] value,
                  const int64_t[::1] order):
        cdef Py_ssize_t t, j
        self.trees, self.inner, self.nodes = feature.shape[0], feature.shape[1], value.shape[1]
        if threshold.shape[0] != self.trees or threshold.shape[1] != self.inner or value.shape[0] != self.trees:
            raise ValueError("a threshold and values for each tree")
        if self.inner not in (0, 1, 3, 7, 15, 31, 63):
            raise ValueError("trees complete to their depth")
        if self.nodes < 2 * self.inner + 1:
            raise ValueError("a value for every node")
        self.depth = 0
        while (1 << self.depth) - 1 < self.inner:
            self.depth += 1
        self._row = <int64_t*>malloc((self.trees * self.inner + 1) * sizeof(int64_t))
        self._threshold = <double*>malloc((self.trees * self.inner + 1) * sizeof(double))
        self._value = <double*>malloc((self.trees * self.nodes + 1) * sizeof(double))
        self._feature = <int64_t*>malloc((self.trees * self.inner + 1) * sizeof(int64_t))
        if self._row == NULL or self._threshold == NULL or self._value == NULL or self._feature == NULL:
            raise MemoryError()
        self.top = -1
        for t in range(self.trees):
            for j in range(self.inner):
                if feature[t, j] < 0 or feature[t, j] >= order.shape[0] or order[feature[t, j]] < 0:
                    raise IndexError("a split reads no feature")
                self._row[t * self.inner + j] = order[feature[t, j]]
                self._feature[t * self.inner + j] = feature[t, j]
                if self._row[t * self.inner + j] > self.top:
                    self.top = self._row[t * self.inner + j]
                self._threshold[t * self.inner + j] = threshold[t, j]
            for j in range(self.nodes):
                self._value[t * self.nodes + j] = value[t, j]

    def __dealloc__(self):
        free(self._row)
        free(self._threshold)
        free(self._value)
        free(self._feature)

    cdef int _readable(self, const double[:, ::1] table, const int64_t[:] rows) except -1:
        """Raises unless every split reads a row of `table` and each of `rows` is one of its columns."""
        cdef Py_ssize_t k
        if self.top >= table.shape[0]:
            raise IndexError("a split reads a row outside the table")
        for k in range(rows.shape[0]):
            if rows[k] < 0 or rows[k] >= table.shape[1]:
                raise IndexError("a row outside the table")
        return 0

    def odds(self, const double[:, ::1] table, const int64_t[:] rows, double base, double[::1] out):
        """Into `out` (one value per row of `rows`, at least two of them), minus each row's log-odds clipped to
        [-30, 30]: `base` plus the values of the leaves its trees send it to (each tree taken down a level at a time,
        row `rows[k]` of the internal table read where it stands: `table[order[f], rows[k]]` is feature f), summed
        over the trees in order, as NumPy's sum over the trees x rows table sums two rows or more (for one row NumPy
        sums pairwise: the caller takes the twin). The caller makes `1 / (1 + exp(out))` with NumPy's exp, so every
        score is the twin's to the bit."""
        cdef Py_ssize_t n = rows.shape[0], t, k, j, node, r
        cdef const int64_t* split
        cdef const double* bar
        cdef const double* value
        cdef double v
        if n < 2 or out.shape[0] != n:
            raise ValueError("two rows or more, and a value for each")
        self._readable(table, rows)
        for k in range(n):
            out[k] = 0.0
        for t in range(self.trees):
            split = self._row + t * self.inner
            bar = self._threshold + t * self.inner
            value = self._value + t * self.nodes
            for k in range(n):
                r = rows[k]
                node = 0
                for j in range(self.depth):
                    node = 2 * node + 1 + (table[split[node], r] > bar[node])
                if t == 0:
                    out[k] = value[node]
                else:
                    out[k] += value[node]
        for k in range(n):
            v = base + out[k]
            v = v if v >= -30.0 else -30.0
            v = v if v <= 30.0 else 30.0
            out[k] = -v

    def contributions(self, const double[:, ::1] table, const int64_t[:] rows, double[:, ::1] out):
        """Into `out` (zeroed, a row per row of `rows`, a column per feature), each feature's share of each row's
        log-odds (`LineModel.contributions`, its twin, of the gathered rows): the change in node value at each split
        that feature decided on the row's path, added level by level and tree by tree within a level, the order in
        which the twin's bincount adds them, so every sum is the twin's to the bit. The rows are read where they stand,
        as `odds` reads them."""
        cdef Py_ssize_t n = rows.shape[0], width = out.shape[1], t, k, j, at, r
        cdef int64_t* node
        cdef const double* value
        cdef int64_t child
        if out.shape[0] != n:
            raise ValueError("a row of contributions for each row")
        self._readable(table, rows)
        for t in range(self.trees * self.inner):
            if self._feature[t] >= width:
                raise IndexError("a split reads a feature outside the contributions")
        node = <int64_t*>malloc((self.trees + 1) * sizeof(int64_t))
        if node == NULL:
            raise MemoryError()
        try:
            for k in range(n):
                r = rows[k]
                for t in range(self.trees):
                    node[t] = 0
                for j in range(self.depth):
                    for t in range(self.trees):
                        at = t * self.inner + node[t]
                        value = self._value + t * self.nodes
                        child = 2 * node[t] + 1 + (table[self._row[at], r] > self._threshold[at])
                        out[k, self._feature[at]] += value[child] - value[node[t]]
                        node[t] = child
        finally:
            free(node)
