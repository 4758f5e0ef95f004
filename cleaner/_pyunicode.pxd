# CPython's C API for reading and writing str per code point, declared once for every kernel (cleaner/native.py).
# The kernels answer exactly as their pure twins because they ask the per-code-point predicates (`Py_UNICODE_IS*`)
# that `str`'s methods and `re`'s classes ask. Declarations only: nothing is compiled from this file.

from cpython.object cimport PyObject
from libc.stdint cimport uint64_t

cdef extern from "Python.h":
    int PyUnicode_KIND(object o)
    void* PyUnicode_DATA(object o)
    Py_ssize_t PyUnicode_GET_LENGTH(object o)
    Py_UCS4 PyUnicode_READ(int kind, void* data, Py_ssize_t index)
    void PyUnicode_WRITE(int kind, void* data, Py_ssize_t index, Py_UCS4 value)
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
    object PyUnicode_Substring(object s, Py_ssize_t start, Py_ssize_t end)
    bint Py_UNICODE_ISALNUM(Py_UCS4 ch)
    bint Py_UNICODE_ISALPHA(Py_UCS4 ch)
    bint Py_UNICODE_ISUPPER(Py_UCS4 ch)
    bint Py_UNICODE_ISSPACE(Py_UCS4 ch)
    bint Py_UNICODE_ISDECIMAL(Py_UCS4 ch)
    bint Py_UNICODE_ISLOWER(Py_UCS4 ch)
    int PySet_Contains(object anyset, object key) except -1
    int PySet_Add(object anyset, object key) except -1
    object PyFrozenSet_New(PyObject* iterable)
    bint PyUnicode_IS_ASCII(object o)
    int PyUnicode_1BYTE_KIND
    object PyBytes_FromStringAndSize(char* v, Py_ssize_t n)
    char* PyBytes_AS_STRING(object o)
    Py_ssize_t PyBytes_GET_SIZE(object o)
    Py_ssize_t PyUnicode_Tailmatch(object s, object substr, Py_ssize_t start, Py_ssize_t end, int direction) except -1


cdef inline bint is_space(Py_UCS4 ch):
    # `str.split`'s and `str.isspace`'s whitespace: in ASCII \t \n \v \f \r, the separators 0x1c-0x1f and the space,
    # as CPython's table has them (bits 9-13 and 28-32 of the mask); any other code point by CPython's own predicate.
    # A code point above the space costs two comparisons: the word counts read every code point of a line's words.
    cdef unsigned int c = ch  # a code point as a number (Cython adds to a Py_UCS4 as to a str)
    if c <= 32:
        return (<uint64_t>0x1F0003E00 >> c) & 1
    if c < 128:
        return False
    return Py_UNICODE_ISSPACE(ch)


cdef inline void strip_span(int kind, void* data, Py_ssize_t* lo, Py_ssize_t* hi) noexcept:
    # Move [lo, hi) inside the whitespace at both ends, as `str.strip()` does: the kernels read a stripped line in
    # place instead of copying it.
    while lo[0] < hi[0] and is_space(PyUnicode_READ(kind, data, lo[0])):
        lo[0] += 1
    while hi[0] > lo[0] and is_space(PyUnicode_READ(kind, data, hi[0] - 1)):
        hi[0] -= 1


cdef inline Py_ssize_t words_upto(int kind, void* data, Py_ssize_t n, Py_ssize_t cap):
    # `len(s.split())` of the `n` code points at `data` without the list, counted no further than cap + 1 (a caller
    # asks whether a line is short, and a paragraph has hundreds of words).
    cdef Py_ssize_t k, words = 0
    cdef bint inside = False
    for k in range(n):
        if is_space(PyUnicode_READ(kind, data, k)):
            inside = False
        elif not inside:
            inside = True
            words += 1
            if words > cap:
                break
    return words


cdef inline Py_ssize_t split_words(object s, Py_ssize_t cap):
    # `words_upto` of a whole str.
    return words_upto(PyUnicode_KIND(s), PyUnicode_DATA(s), PyUnicode_GET_LENGTH(s), cap)
