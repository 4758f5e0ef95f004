# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The native core's kernel for the learned stage's gate (issue 13): `learned.worth_reading` in one C loop per line.

Built only by the compiled build (`CLEANER_COMPILE=1`, setup.py); the pure twin is `cleaner.learned._worth_reading`,
and the module uses this kernel only when it imports. The gate is asked ~10 times per page (the heuristics stage's
reads of HEU013's gate and its wide variant, top matter's gate, the learned stage's adapter and the stage itself),
each time stripping every line of a page that is not worth reading: a `str.strip` and a set look-up per line was 2% of
a clean at first sight. Here a line is measured where it stands: its first and last non-space code points, by
CPython's whitespace predicate (what `str.strip()` strips), with no stripped copy made.
"""

from cleaner._pyunicode cimport PyUnicode_DATA, PyUnicode_GET_LENGTH, PyUnicode_KIND, PyUnicode_READ, is_space

# The learned stage's constants, set by `configure` (learned/__init__ calls it with its own at import; until then
# `worth_reading` refuses to run).
cdef bint _READY = False
cdef Py_ssize_t _MIN_LINES, _MIN_SHORT, _SHORT_CHARS
cdef Py_UCS4 _END_CODES[64]  # the sentence ends' code points
cdef Py_ssize_t _END_COUNT = 0


def configure(Py_ssize_t min_lines, Py_ssize_t min_short, Py_ssize_t short_chars, sentence_end):
    """`worth_reading`'s constants: MIN_LINES, MIN_SHORT_LINES, SHORT_CHARS and the sentence ends (characters)."""
    global _READY, _MIN_LINES, _MIN_SHORT, _SHORT_CHARS, _END_COUNT
    ends = sorted(frozenset(sentence_end))
    if any(len(c) != 1 for c in ends) or len(ends) > 64:
        raise ValueError("sentence ends are characters, at most 64")
    for k, c in enumerate(ends):
        _END_CODES[k] = ord(c)
    _END_COUNT = len(ends)
    _MIN_LINES, _MIN_SHORT, _SHORT_CHARS = min_lines, min_short, short_chars
    _READY = True


cdef inline bint _is_end(Py_UCS4 ch):
    """Whether `ch` is one of the sentence ends."""
    cdef Py_ssize_t k
    for k in range(_END_COUNT):
        if _END_CODES[k] == ch:
            return True
    return False


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
