# cython: language_level=3, boundscheck=False, wraparound=False
"""The native core's rules slice (issue 13): the prefilter's and the engine's per-line loops, in C.

Built only by the compiled build (`CLEANER_COMPILE=1`, setup.py). The pure twins: `prefilter._settled_py`,
`prefilter._unknown_py`, `prefilter._word_count_py` (`word_count`), `prefilter._head_entry_py` (`head_entry`),
`prefilter._candidates_py` (`candidates`), `prefilter._line_candidates_py` (`line_candidates`),
`prefilter._remember_nones_py` (`remember_nones`) and `engine._visits_py` (`visits`); `Automaton.add_lines` is the
literal scan `literal_scan` runs over a document's joined text, and `Automaton.add_line_masks` the same scan line by
line (a line `str.lower` does not fold one for one read in two scans, `Automaton._line_refolded`), whose twin is that
joined scan (`prefilter._joined_literal_lines`). `prefilter` uses this kernel only when it imports and its
PREFIX_CHARS and MAX_OPENINGS are the prefilter's. No regex runs here but a rule's opening probe: an opening the memo
does not know yet is asked of each rule as its own Python method (`Compiled.can_open`) asks it, the method itself
called until it has built the rule's probe (`_can_open`), so the memos and tests that patch a rule's trigger see
exactly what the twin does. What this does less of than the twin: no frame and no method call per line and scope, no
`str.split` list per word count (CPython's `Py_UNICODE_ISSPACE`, which `str.split` asks, per code point), no joined,
lower-cased copy of a document to scan, and no Python int per literal found (a line's rules gathered in C words).
"""

cimport cython
from cpython.dict cimport PyDict_GetItem
from cpython.list cimport PyList_GET_ITEM
from cpython.object cimport PyObject
from cpython.pyport cimport PY_SSIZE_T_MAX
from libc.stdint cimport uint64_t
from libc.stdlib cimport calloc, free, malloc
from libc.string cimport memset

# `__builtin_prefetch` is GCC's and Clang's: elsewhere (MSVC) `_warm_rows` fetches nothing and the scan meets a cold
# table as it did before the warm-up; its answers are the same either way.
cdef extern from *:
    """
    #if defined(__GNUC__) || defined(__clang__)
    #define _linepass_prefetch(p) __builtin_prefetch((p), 0, 3)
    #else
    #define _linepass_prefetch(p) ((void)(p))
    #endif
    """
    void _linepass_prefetch(const void* p) noexcept nogil

cdef extern from "Python.h":
    # CPython's `int.from_bytes` (exported since 2.x, what Cython itself makes large ints with).
    object _PyLong_FromByteArray(const unsigned char* data, size_t n, int little_endian, int is_signed)

from cleaner._pyunicode cimport (
    Py_UNICODE_ISSPACE,
    PyUnicode_KIND,
    PyUnicode_DATA,
    PyUnicode_GET_LENGTH,
    PyUnicode_READ,
    split_words,
    PyUnicode_Substring,
    PyUnicode_Tailmatch,
)

# The prefilter's opening length (prefilter.PREFIX_CHARS), which it checks against its own before it uses the kernel.
PREFIX_CHARS = 3

# How many lines `Automaton.add_line_masks` reads at once (`Automaton._streams`): two, four and eight measured alike.
cdef enum:
    STREAMS = 4
    # A line-wise scan of at least this many lines first fetches the table's first WARM_BYTES (`_warm_rows`): a
    # document's first reading, not the one-line scans of `Prefilter.match`. 320 KB: a sixth of the generic table.
    WARM_MIN_LINES = 16
    WARM_BYTES = 327680


# Whether each Latin-1 code point is whitespace to `str.split` (CPython's own predicate, asked once at import): the
# word count reads a Latin-1 character's answer from here, with no call and no branch on the code point.
cdef unsigned char _SPACE[256]
for _k in range(256):
    _SPACE[_k] = 1 if Py_UNICODE_ISSPACE(_k) else 0


cdef Py_ssize_t _count_words(str s, Py_ssize_t cap) noexcept:
    """`split_words(s, cap)` (len(s.split()), counted no further than cap + 1), read per storage kind: a Latin-1
    character's whitespace answer from `_SPACE`, the words counted without a branch (one more where a space ends).
    Most lines a settling or a match counts are paragraphs: `split_words`' read and predicate per code point were
    most of `settled`'s time once the openings were known."""
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(s), i, words = 0
    cdef int kind = PyUnicode_KIND(s)
    cdef void* data = PyUnicode_DATA(s)
    cdef const unsigned char* narrow
    cdef const unsigned short* wide
    cdef unsigned char space, before = 1
    cdef Py_UCS4 ch
    if kind == 1:
        narrow = <const unsigned char*>data
        for i in range(n):
            space = _SPACE[narrow[i]]
            words += before & (space ^ 1)
            before = space
            if words > cap:
                break
        return words
    if kind == 2:
        wide = <const unsigned short*>data
        for i in range(n):
            ch = wide[i]
            space = _SPACE[ch] if ch < 256 else (1 if Py_UNICODE_ISSPACE(ch) else 0)
            words += before & (space ^ 1)
            before = space
            if words > cap:
                break
        return words
    return split_words(s, cap)


def word_count(str s) -> int:
    """`prefilter.word_count`'s answer (len(s.split())) without building the list."""
    return _count_words(s, PY_SSIZE_T_MAX)


def settled(lines, list scopes, dict counts) -> list:
    """The lines of `lines` no rule can be tried on, as `prefilter._settled_py` finds them (see there).

    `scopes` holds, per active scope, (the line's literal masks, the opening memo `heads`, the word caps, the
    memo's filler): the memo is read here and filled by the filler, which asks the rules' opening probes."""
    cdef list capped = []
    cdef list caps
    cdef dict masks, heads
    cdef Py_ssize_t words, top, n_scopes = len(scopes), k
    cdef PyObject* got
    cdef object mask, entry, fill
    cdef str s, head
    cdef bint fires
    cdef tuple scope
    for s in lines:
        words = -1
        fires = False
        head = None
        for k in range(n_scopes):
            scope = <tuple>scopes[k]
            masks = <dict>scope[0]
            got = PyDict_GetItem(masks, s)
            if got is NULL:
                continue
            mask = <object>got
            if not mask:
                continue
            if words < 0:
                words = _count_words(s, PY_SSIZE_T_MAX)
                counts[s] = words
            caps = <list>scope[2]
            top = len(caps) - 1
            mask = mask & caps[words if words < top else top]
            if not mask:
                continue
            if head is None:
                head = PyUnicode_Substring(s, 0, PREFIX_CHARS) if PyUnicode_GET_LENGTH(s) > PREFIX_CHARS else s
            heads = <dict>scope[1]
            got = PyDict_GetItem(heads, head)
            if got is NULL or mask & ~(<tuple>got)[0]:
                fill = scope[3]
                entry = fill(head, mask)
            else:
                entry = <object>got
            if mask & (<tuple>entry)[1]:
                fires = True
                break
        if not fires:
            capped.append(s)
    return capped


def unknown(list stripped, dict answers, set scanned, cache, Py_ssize_t max_chars) -> list:
    """The lines of `stripped` a document's memo does not know yet and the cross-document cache `cache` does not
    answer, each once, in the order they first come, as `prefilter._unknown_py`: the answers the cache holds go into
    `answers`. Empty lines are left out."""
    cdef list need = []
    cdef set seen = set()
    cdef dict memo = None
    cdef PyObject* got
    cdef str s
    cdef bint known = bool(answers) or bool(scanned)
    if cache is not None:
        memo = <dict>cache
    for s in stripped:
        if PyUnicode_GET_LENGTH(s) == 0:
            continue
        if known and (PyDict_GetItem(answers, s) is not NULL or s in scanned):
            continue
        if memo is not None and PyUnicode_GET_LENGTH(s) <= max_chars:
            got = PyDict_GetItem(memo, s)
            if got is not NULL:
                if PyDict_GetItem(answers, s) is NULL:
                    answers[s] = <object>got
                continue
        if s in seen:
            continue
        seen.add(s)
        need.append(s)
    return need


def visits(list stripped, list kept, dict answers, bint first) -> tuple:
    """`engine._visits_py`: the content lines of a pass by index (non-empty, and still kept unless `first`), and the
    positions among them whose answer in `answers` is a rule or not there yet, from one loop over the lines."""
    cdef list content_idx = [], visit = []
    cdef Py_ssize_t i, pos = 0, n = len(stripped)
    cdef PyObject* got
    cdef str s
    for i in range(n):
        s = <str>stripped[i]
        if PyUnicode_GET_LENGTH(s) == 0:
            continue
        if not first and kept[i] is None:
            continue
        content_idx.append(i)
        got = PyDict_GetItem(answers, s)
        if got is NULL or <object>got is not None:
            visit.append(pos)
        pos += 1
    return content_idx, visit


# The prefilter's bound on an opening memo (prefilter.MAX_OPENINGS), which it checks against its own too.
MAX_OPENINGS = 50_000


# An opening memo's entry before any rule is asked (`prefilter._NO_OPENING`).
cdef tuple _NO_OPENING = (0, 0)


cdef tuple _memo_entry(dict memo, str head):
    """`prefilter._memo_entry`: the (rules asked, rules that can open so) entry of `head`, made empty when new (the
    caller puts the grown entry in its place); the memo starts over past MAX_OPENINGS openings."""
    cdef PyObject* got = PyDict_GetItem(memo, head)
    if got is not NULL:
        return <tuple>got
    if len(memo) >= MAX_OPENINGS:
        memo.clear()
    memo[head] = _NO_OPENING
    return _NO_OPENING


cdef bint _can_open(object c, str head) except -1:
    """`c.can_open(head)` (`Compiled.can_open`) for an opening of at most PREFIX_CHARS characters, as every opening the
    memos ask is: once the rule's probe is built (or known not to build), its answer is read here from the same fields
    the method reads, and the probe asked with the same arguments (no timeout, `partial=True`, passed by position as
    the method passes it: `prefilter.MATCH_TIMEOUT_S`); the method itself builds the probe on a rule's first opening. At
    first sight the memos ask ~25 (rule, opening) pairs a document, and the method's frame and attribute reads cost
    more than the probe's match did."""
    cdef object rx
    if c.ungated:
        return True
    rx = c.probe_rx
    if rx is None or PyUnicode_GET_LENGTH(head) > PREFIX_CHARS:
        return bool(c.can_open(head))
    return rx.fullmatch(head, None, None, None, True) is not None


cdef object _opening(dict openings, list rules, str head, object mask):
    """`Scope._opening`: `mask` without the rules no match of which can start as `head`, each new (rule, opening)
    pair asked of the rule's probe (`_can_open`: what its `can_open` answers)."""
    cdef tuple entry = _memo_entry(openings, head)
    cdef object new = mask & ~<object>entry[0], rest, low, opens
    if new:
        opens = entry[1]
        rest = new
        while rest:
            low = rest & -rest
            rest = rest ^ low
            if _can_open(rules[low.bit_length() - 1], head):
                opens = opens | low
        entry = (entry[0] | new, opens)
        openings[head] = entry
    return mask & entry[1]


cdef tuple _head_entry(object scope, str head, object mask):
    """`head_entry`'s body, called from C by `candidates` too."""
    cdef dict openings = scope.openings
    cdef dict heads = scope.heads
    cdef list rules = scope.line_rules
    cdef tuple entry = _memo_entry(heads, head)
    cdef object new = mask & ~<object>entry[0], opens
    opens = _opening(openings, rules, PyUnicode_Substring(head, 0, 1), new)
    if opens and PyUnicode_GET_LENGTH(head) > 1:
        opens = _opening(openings, rules, head, opens)
    entry = (entry[0] | new, entry[1] | opens)
    heads[head] = entry
    return entry


def head_entry(scope, str head, mask) -> tuple:
    """`prefilter._head_entry_py` (`Scope.head_entry`): `scope.heads[head]` with the rules of `mask` asked, the first
    character first and then the whole opening, each answer read from or written to `scope.openings`. What this does
    less of than the twin: no frame per memo read and per opening, no generator over the mask's bits."""
    return _head_entry(scope, head, mask)


cdef bint _tried(object c, str s, Py_ssize_t words, object skip, bint skipping, list folded) except -1:
    """Whether `candidates` keeps rule `c` for line `s`: not skipped, within its `max_words`, ending with one of its
    required suffixes (`folded[0]`: `s` lower-cased, made on the first rule that needs it)."""
    if skipping and id(c) in skip:
        return False
    cap = c.rule.max_words
    if cap is not None and words > <Py_ssize_t>cap:
        return False
    suffixes = c.suffixes
    if suffixes:
        if c.suffix_casefold:
            if folded[0] is None:
                folded[0] = s.lower()
            return (<str>folded[0]).endswith(suffixes)
        return s.endswith(suffixes)
    return True


cdef int _candidates_into(
    list out, object scope, str s, object mask, Py_ssize_t words, object skip, bint skipping, list folded
) except -1:
    """Append to `out` what `candidates` answers for one scope (see there); `folded` as `_tried` reads it."""
    cdef list free, caps, rules
    cdef tuple entry
    cdef Py_ssize_t top, k, b, n_bytes
    cdef PyObject* got
    cdef bytes raw
    cdef const unsigned char* bits
    cdef unsigned char byte
    cdef str head
    index = scope.index
    free = <list>index.rules
    if free:
        free = <list>index.candidates(s, words)
    if not mask:
        for c in free:
            if _tried(c, s, words, skip, skipping, folded):
                out.append(c)
        return 0
    caps = <list>scope.caps
    top = len(caps) - 1
    mask = mask & caps[words if words < top else top]
    # `Scope.opening_mask`, as the twin asks it (an opening new to the memo gets its entry even for no rule).
    head = PyUnicode_Substring(s, 0, PREFIX_CHARS) if PyUnicode_GET_LENGTH(s) > PREFIX_CHARS else s
    got = PyDict_GetItem(<dict>scope.heads, head)
    if got is NULL or mask & ~(<tuple>got)[0]:
        entry = _head_entry(scope, head, mask)
    else:
        entry = <tuple>got
    mask = mask & entry[1]
    for c in free:
        mask = mask | (1 << c.order)
    if not mask:
        return 0
    rules = <list>scope.line_rules
    n_bytes = (mask.bit_length() + 7) >> 3
    raw = mask.to_bytes(n_bytes, "little")
    bits = raw
    for b in range(n_bytes):
        byte = bits[b]
        k = b << 3
        while byte:
            if byte & 1:
                c = rules[k]
                if _tried(c, s, words, skip, skipping, folded):
                    out.append(c)
            byte >>= 1
            k += 1
    return 0


def candidates(scope, str s, mask, Py_ssize_t words, skip) -> list:
    """`prefilter._candidates_py`: the rules of `scope` to try on line `s` of `words` words holding the literals of
    `mask`, in priority order (see there). The opening memo is read here and filled by `head_entry`'s body; the mask's
    bits are read from its bytes, not by a generator over Python ints."""
    cdef list out = []
    _candidates_into(out, scope, s, mask, words, skip, bool(skip), [None])
    return out


def line_candidates(list scopes, list masks, str s, Py_ssize_t words, skip) -> list:
    """`prefilter._line_candidates_py`: every active scope's `candidates` for line `s`, site scopes first, from the
    line's literal masks by scope (`Document.masks`), the word count made here when some scope needs it and `words`
    is -1. What this does less of than the twin: no tuple of the line's masks, no call and list per scope."""
    cdef list out = [], folded = [None]
    cdef bint skipping = bool(skip)
    cdef Py_ssize_t k, n = len(scopes)
    cdef PyObject* got
    cdef object mask
    if len(masks) != n:
        raise ValueError("one literal mask map per scope")
    for k in range(n):
        scope = scopes[k]
        got = PyDict_GetItem(<dict>masks[k], s)
        mask = 0 if got is NULL else <object>got
        if not mask and not scope.index.rules:
            continue
        if words < 0:
            words = _count_words(s, PY_SSIZE_T_MAX)
        _candidates_into(out, scope, s, mask, words, skip, skipping, folded)
    return out


def remember_nones(list lines, dict answers, dict caches, str key, Py_ssize_t max_chars, Py_ssize_t room):
    """`prefilter._remember_nones_py`: None for each of `lines` in `answers`, and in `caches[key]` for the lines of at
    most `max_chars` characters when they are at most `room` (made when the first goes in); how many went into the
    cache, or -1 when they do not fit (the cache then untouched). What this does less of than the twin: no dictionary
    of the lines to merge into each, no list of the short ones."""
    cdef Py_ssize_t short = 0
    cdef PyObject* got
    cdef dict cache
    cdef str s
    for s in lines:
        answers[s] = None
        if PyUnicode_GET_LENGTH(s) <= max_chars:
            short += 1
    if short > room:
        return -1
    if short == 0:
        return 0
    got = PyDict_GetItem(caches, key)
    if got is NULL:
        cache = {}
        caches[key] = cache
    else:
        cache = <dict>got
    for s in lines:
        if PyUnicode_GET_LENGTH(s) <= max_chars:
            cache[s] = None
    return short


@cython.final
cdef class Automaton:
    """A table-driven Aho-Corasick automaton over a set of literals, built once per scan: `literal_scan`'s
    `ahocorasick.Automaton` and its loop over the hits in one, with the same answers (tests/test_native_rules.py).

    Every state has a move for every character class (the literals' characters, each its own class, and one class
    for any other character, which leads back to the root), so the scan reads a character, looks up its class and
    the next state, and does nothing else unless the state ends a literal. A state's output is the union over the
    literals that end there (itself and its suffixes, as `ahocorasick` reports them one by one): their rules' mask
    and the case-sensitive literals to confirm in the original text (`literal_scan.CaseScans`).
    """

    cdef Py_ssize_t n_states, n_classes, n_wide
    cdef bint splits  # no literal holds a newline: a text can be read as two halves split at one (`add_lines`)
    cdef int* delta
    # `delta` again in two bytes a move when the states are few enough (each the next state's number, doubled, plus
    # one when it ends a literal), or NULL: the line-wise scan reads this half-size table (`_step`). A document's
    # scan comes after the other stages have pushed the table out of the CPU's caches, and refills what it reads.
    cdef unsigned short* delta16
    cdef unsigned short latin1_class[256]
    cdef Py_UCS4* wide_cp
    cdef unsigned short* wide_class
    cdef char* ends
    cdef list masks
    cdef list checks
    # The class of each Latin-1 character's lower case, and (allocated on the first such character a line-wise scan
    # meets) of each other BMP character's, +1 (0: not asked yet), or -1 where lower-casing a character alone is not
    # what `str.lower` does in a text (it is longer, "İ", or depends on its neighbours, "Σ"): `add_line_masks`.
    cdef int fold_latin1[256]
    cdef int exact_latin1[256]  # latin1_class as ints, the table `add_line_masks` reads when it does not fold
    cdef int* fold_bmp
    # The states' masks again, for `add_line_masks`: each as `n_words` 64-bit words (least significant first) in
    # `bits`, and each state's case-sensitive literals with their masks' words in `check_bits` (`line_checks`:
    # per state, (literal, where its words start)). A line's rules are ORed into words in C, one Python int made
    # per line: an OR of Python ints per hit (~0.1 hit a character) was most of the line-wise scan's time.
    cdef Py_ssize_t n_words
    cdef uint64_t* bits
    cdef uint64_t* check_bits
    cdef list line_checks
    cdef char* has_checks  # per state: whether `line_checks` holds a literal for it (`_streams` reads the list only then)
    # No case-sensitive literal holds a character `_lower_class` cannot fold alone (the capital sigma): a line holding
    # one that `str.lower` folds otherwise can then be read in two scans (`_line_refolded`) instead of the caller
    # falling back on the joined scan of the whole document.
    cdef bint checks_fold

    def __cinit__(self, dict values):
        cdef Py_ssize_t k, s, t, c, head, tail, n_states, nc, bound
        cdef int* delta
        cdef int* fail
        cdef int* order
        cdef int* moved
        cdef str key
        cdef Py_UCS4 ch
        chars = sorted({ch for key in values for ch in key})
        if len(chars) >= 65535:
            raise ValueError("too many distinct characters in the literals")
        self.n_classes = len(chars) + 1  # class 0: any character no literal holds
        # Classes numbered in the order prose uses characters (`_PROSE_ORDER`, then by code point): the moves a scan
        # reads most lie together at the start of each state's row, fewer cache lines a state.
        class_of = {ch: k + 1 for k, ch in enumerate(sorted(chars, key=_prose_rank))}
        self.splits = "\n" not in class_of
        for k in range(256):
            self.latin1_class[k] = 0
        wide = [ch for ch in chars if ord(ch) >= 256]
        self.n_wide = len(wide)
        self.wide_cp = <Py_UCS4*>malloc(max(1, self.n_wide) * sizeof(Py_UCS4))
        self.wide_class = <unsigned short*>malloc(max(1, self.n_wide) * sizeof(unsigned short))
        if self.wide_cp is NULL or self.wide_class is NULL:
            raise MemoryError()
        for ch in chars:
            if ord(ch) < 256:
                self.latin1_class[ord(ch)] = class_of[ch]
        for k in range(self.n_wide):  # sorted by code point (chars is), for a binary search
            self.wide_cp[k] = ord(wide[k])
            self.wide_class[k] = class_of[wide[k]]
        for k in range(256):
            self.fold_latin1[k] = self._lower_class(k)
            self.exact_latin1[k] = self.latin1_class[k]
        # At most one state per literal character, plus the root: the table is allocated for that many, the trie's
        # edges are written into it (-1: no child), and then, breadth first, every missing move becomes the failure
        # state's move, which is complete by then (a failure state is shallower).
        nc = self.n_classes
        bound = 1 + sum(len(key) for key in values)
        self.delta = delta = <int*>malloc(bound * nc * sizeof(int))
        self.ends = <char*>malloc(bound)
        fail = <int*>malloc(bound * sizeof(int))
        order = <int*>malloc(bound * sizeof(int))
        if delta is NULL or self.ends is NULL or fail is NULL or order is NULL:
            free(fail)
            free(order)
            raise MemoryError()
        try:
            for k in range(bound * nc):
                delta[k] = -1
            n_states = 1
            own = {}  # state: the value of the literal ending there
            for key, value in values.items():
                s = 0
                for ch in key:
                    c = self._class(ch)
                    t = delta[s * nc + c]
                    if t < 0:
                        t = delta[s * nc + c] = n_states
                        n_states += 1
                    s = t
                own[s] = value
            self.n_states = n_states
            self.masks = [0] * n_states
            self.checks = [()] * n_states
            fail[0] = 0
            order[0] = 0
            tail = 1
            head = 0
            while head < tail:
                s = order[head]
                head += 1
                value = own.get(s) if s else None
                if value is not None or (s and self.ends[fail[s]]):
                    mask, checks = (0, ()) if value is None else value
                    self.masks[s] = mask | self.masks[fail[s]]
                    self.checks[s] = tuple(checks) + self.checks[fail[s]]
                    self.ends[s] = 1 if (self.masks[s] or self.checks[s]) else 0
                else:
                    self.ends[s] = 0
                delta[s * nc] = 0
                for c in range(1, nc):
                    t = delta[s * nc + c]
                    if t >= 0:
                        fail[t] = delta[fail[s] * nc + c] if s else 0
                        order[tail] = t
                        tail += 1
                    else:
                        delta[s * nc + c] = delta[fail[s] * nc + c] if s else 0
            # The states are then numbered in that breadth-first order (`order`, every state once): a scan spends
            # nearly all its time in the root and the states a character or two deep, whose rows then lie together
            # at the start of the table, not scattered over its MBs. Each move is stored as where the next state's
            # row starts, doubled, plus one when that state ends a literal: the scan's next read needs one shift and
            # one add, not a multiply, and no second array.
            if 2 * n_states * nc >= 2**31:
                raise ValueError("too many states for the automaton's table")
            for k in range(n_states):
                fail[order[k]] = k  # `fail` is done with: it holds each state's new number now
            moved = <int*>malloc(n_states * nc * sizeof(int))
            if moved is NULL:
                raise MemoryError()
            for k in range(n_states):
                s = order[k]
                for c in range(nc):
                    t = delta[s * nc + c]
                    moved[k * nc + c] = <int>(((fail[t] * nc) << 1) | (1 if self.ends[t] else 0))
            free(delta)
            self.delta = moved
            if 2 * n_states < 65536:
                self.delta16 = <unsigned short*>malloc(n_states * nc * sizeof(unsigned short))
                if self.delta16 is NULL:
                    raise MemoryError()
                for k in range(n_states * nc):
                    t = moved[k]
                    self.delta16[k] = <unsigned short>((((t >> 1) // nc) << 1) | (t & 1))
            self.masks = [self.masks[order[k]] for k in range(n_states)]
            self.checks = [self.checks[order[k]] for k in range(n_states)]
            for k in range(n_states):
                fail[k] = self.ends[order[k]]
            for k in range(n_states):
                self.ends[k] = <char>fail[k]
        finally:
            free(fail)
            free(order)
        self._fill_words()

    cdef int _fill_words(self) except -1:
        """`bits`, `check_bits` and `line_checks` from `masks` and `checks` (see their declaration)."""
        cdef Py_ssize_t k, top = 1, n_checks = 0, at = 0
        for k in range(self.n_states):
            top = max(top, (<object>self.masks[k]).bit_length())
            for _, mask in <tuple>self.checks[k]:
                top = max(top, mask.bit_length())
                n_checks += 1
        self.n_words = (top + 63) >> 6
        self.bits = <uint64_t*>calloc(self.n_states * self.n_words, sizeof(uint64_t))
        self.check_bits = <uint64_t*>calloc(max(1, n_checks) * self.n_words, sizeof(uint64_t))
        if self.bits is NULL or self.check_bits is NULL:
            raise MemoryError()
        self.line_checks = []
        self.checks_fold = True
        self.has_checks = <char*>calloc(max(1, self.n_states), 1)
        if self.has_checks is NULL:
            raise MemoryError()
        for k in range(self.n_states):
            _to_words(self.masks[k], &self.bits[k * self.n_words], self.n_words)
            found = []
            for lit, mask in <tuple>self.checks[k]:
                for ch in <str>lit:
                    if self._lower_class(ord(ch)) < 0:
                        self.checks_fold = False
                _to_words(mask, &self.check_bits[at * self.n_words], self.n_words)
                found.append((lit, at * self.n_words))
                at += 1
            self.line_checks.append(tuple(found))
            self.has_checks[k] = 1 if found else 0
        return 0

    def __dealloc__(self):
        free(self.fold_bmp)
        free(self.bits)
        free(self.check_bits)
        free(self.has_checks)
        free(self.delta)
        free(self.delta16)
        free(self.ends)
        free(self.wide_cp)
        free(self.wide_class)

    cdef inline unsigned short _class(self, Py_UCS4 ch):
        cdef Py_ssize_t lo = 0, hi = self.n_wide, mid
        if ch < 256:
            return self.latin1_class[ch]
        while lo < hi:
            mid = (lo + hi) >> 1
            if self.wide_cp[mid] < ch:
                lo = mid + 1
            else:
                hi = mid
        if lo < self.n_wide and self.wide_cp[lo] == ch:
            return self.wide_class[lo]
        return 0

    cdef int _lower_class(self, Py_UCS4 ch) except -2:
        """The class of `ch.lower()`, or -1 when that is not one character or `str.lower` lower-cases `ch` by its
        neighbours (the capital sigma, CPython's one such character)."""
        cdef str low
        if ch == 0x3A3:
            return -1
        low = chr(ch).lower()
        if PyUnicode_GET_LENGTH(low) != 1:
            return -1
        return self._class(PyUnicode_READ(PyUnicode_KIND(low), PyUnicode_DATA(low), 0))

    cdef int _folded_class(self, Py_UCS4 ch) except -2:
        """`_lower_class(ch)`, remembered for BMP characters."""
        cdef Py_ssize_t k
        cdef int cls
        if ch < 256:
            return self.fold_latin1[ch]
        if ch >= 0x10000:
            return self._lower_class(ch)
        if self.fold_bmp is NULL:
            self.fold_bmp = <int*>malloc(0x10000 * sizeof(int))
            if self.fold_bmp is NULL:
                raise MemoryError()
            for k in range(0x10000):
                self.fold_bmp[k] = 0
        cls = self.fold_bmp[ch]
        if cls == 0:
            cls = self._lower_class(ch) + 1
            self.fold_bmp[ch] = cls
        return cls - 1

    def add_line_masks(self, list lines, bint fold, dict out) -> bool:
        """OR into `out[line]` the mask of the rules whose literals occur in each of `lines` (str, none holding a
        newline), read one line at a time from the root, its characters lower-cased as they are read when `fold`
        (a case-sensitive literal confirmed in the line itself): what `add_lines` finds in the lines' newline join
        and, when `fold`, its lower-casing, with no join, no lower-cased copy and no line offsets. A line holding a
        character whose lower case `str.lower` does not give one for one ("İ", "Σ") is read by `_line_refolded`.
        False, with `out` part filled, only when that cannot answer (a case-sensitive literal holds "Σ"): the caller
        then scans the joined text (`add_lines`).

        STREAMS lines are read at once (`_streams`), each line's rules gathered as 64-bit words (`bits`) and made a
        Python int once per line that holds any, the lines written to `out` in their order, as one line after another
        filled it. Without the 16-bit table (more states than it can number) each line is read alone."""
        return self._masks_into(lines, fold, out, NULL, 0)

    def held_line_masks(self, list lines, bint fold, seconds, Py_ssize_t n_rules):
        """`prefilter._held` of `add_line_masks`' answer, in the same call: by line, the mask of the rules each of
        `lines` holds literals of (bit n + `n_rules`: rule n's second literal), a rule of `seconds` kept only when the
        line also holds its second literal, and lines left with no rule left out; None when `add_line_masks` answers
        False. Each line's rules stay in the scan's 64-bit words until its int is made: `_held`, Python int operations
        per line over the dictionary `add_line_masks` made (50-80 lines a dev tf page), was a fifth of the scan's time.
        """
        cdef dict out = {}
        cdef uint64_t* words
        if seconds < 0 or n_rules < 0 or seconds >> n_rules:
            raise ValueError("seconds must be rules below n_rules")
        # A rule past the automaton's words has no literal here: no line holds it, so its second is never asked.
        seconds = seconds & (((<object>1) << (64 * self.n_words)) - 1)  # a Python int: past 64 bits
        words = <uint64_t*>calloc(2 * self.n_words, sizeof(uint64_t))  # the seconds' words, then a line's held words
        if words is NULL:
            raise MemoryError()
        try:
            _to_words(seconds, words, self.n_words)
            if not self._masks_into(lines, fold, out, words, n_rules):
                return None
            return out
        finally:
            free(words)

    cdef bint _masks_into(self, list lines, bint fold, dict out, uint64_t* held, Py_ssize_t n_rules) except -1:
        """`add_line_masks`' body. With `held` (2 * `n_words` words: the seconds' words, then room for a line's), each
        line's words go through `_held_words` (`n_rules`: where the second literals' bits start) before its int is
        made."""
        cdef Py_ssize_t n_lines = len(lines), n_words = self.n_words, r
        cdef uint64_t* acc
        cdef char* odd
        cdef int* table = &self.fold_latin1[0] if fold else &self.exact_latin1[0]
        if n_lines == 0:
            return True
        acc = <uint64_t*>calloc(n_lines * n_words, sizeof(uint64_t))
        odd = <char*>calloc(n_lines, 1)
        try:
            if acc is NULL or odd is NULL:
                raise MemoryError()
            if self.delta16 is not NULL:
                if n_lines >= WARM_MIN_LINES:
                    self._warm_rows()
                self._streams(lines, fold, acc, odd)
            else:
                for r in range(n_lines):
                    odd[r] = 1
            for r in range(n_lines):
                if odd[r] and not self._line_alone(<str>lines[r], table, fold, &acc[r * n_words]):
                    return False
                if held is NULL:
                    _or_into(out, <str>lines[r], &acc[r * n_words], n_words)
                else:
                    _held_words(&acc[r * n_words], held, &held[n_words], n_words, n_rules)
                    _or_into(out, <str>lines[r], &held[n_words], n_words)
            return True
        finally:
            free(acc)
            free(odd)

    cdef void _warm_rows(self) noexcept:
        """Ask the CPU to fetch the first WARM_BYTES of the 16-bit table: the rows of the root and of the states up to
        four characters deep (the states are numbered breadth first; the generic rules' table holds 12,355 states of
        86 classes, 2.1 MB, and its first 1,635 states are those), where a scan of prose spends ~94% of its steps. A
        document's scan comes after the other stages have pushed the table out of the caches, and its steps then
        waited on one miss after another: ~535 of the ~720 states a dev tf page touches lie in this part. Fetched in
        one sweep, the misses overlap. The scan took 0.12 ms a dev tf page in place of 0.14-0.15 (a hot table's scan:
        ~0.03); half this part measured less, twice as much no more on the scan and less on the rules' later work."""
        cdef Py_ssize_t k, n = self.n_states * self.n_classes * sizeof(unsigned short)
        cdef const char* base = <const char*>self.delta16
        if n > WARM_BYTES:
            n = WARM_BYTES
        for k in range(0, n, 64):
            _linepass_prefetch(base + k)

    cdef int _streams(self, list lines, bint fold, uint64_t* acc, char* odd) except -1:
        """`add_line_masks`' scan of `lines` (line r's rules into `acc[r * n_words:]`), STREAMS lines at a time, each
        stream taking the next line when its own ends, so that every stream has a line to read until the last: the two
        lines in lockstep before left one chain of table reads alone for the rest of the longer line, a paragraph's
        length after a short line's. Each step is written out here for the 16-bit table (`delta16`, its moves the next
        state's number: no division by the class count on a hit), with no method call or error check per character,
        and a hit reads a state's case-sensitive literals only when it has any (`has_checks`; a hit read a Python list
        before, ~250 hits a dev tf page). On dev tf lines the scan took 0.85-0.88x the time of the two-line loop; two,
        four or eight streams measured the same. A line holding a character `_lower_class` cannot fold is marked in
        `odd`, for `_line_alone` to read whole."""
        cdef Py_ssize_t n_lines = len(lines), nc = self.n_classes, n_words = self.n_words
        cdef const unsigned short* d16 = self.delta16
        cdef int* table = &self.fold_latin1[0] if fold else &self.exact_latin1[0]
        cdef Py_ssize_t line_of[STREAMS]
        cdef Py_ssize_t pos[STREAMS]
        cdef Py_ssize_t length[STREAMS]
        cdef Py_ssize_t state[STREAMS]
        cdef int kind[STREAMS]
        cdef const void* data[STREAMS]
        cdef Py_ssize_t next_line = 0, k, i, active = 0, st, w
        cdef bint refill = True
        cdef int cls
        cdef unsigned short move
        cdef Py_UCS4 ch
        cdef PyObject* line
        cdef uint64_t* into
        cdef const uint64_t* bits
        for k in range(STREAMS):
            line_of[k] = -1
            pos[k] = length[k] = state[k] = 0
            kind[k] = 1
            data[k] = NULL
        while True:
            if refill:
                refill = False
                active = 0
                for k in range(STREAMS):
                    if pos[k] >= length[k]:  # the stream's line is done (or it has none yet): the next non-empty one
                        line_of[k] = -1
                        length[k] = 0
                        while next_line < n_lines:
                            line = PyList_GET_ITEM(lines, next_line)
                            next_line += 1
                            if PyUnicode_GET_LENGTH(<object>line) > 0:
                                line_of[k] = next_line - 1
                                kind[k] = PyUnicode_KIND(<object>line)
                                data[k] = PyUnicode_DATA(<object>line)
                                length[k] = PyUnicode_GET_LENGTH(<object>line)
                                pos[k] = 0
                                state[k] = 0
                                break
                    if line_of[k] >= 0:
                        active += 1
                if active == 0:
                    return 0
            for k in range(STREAMS):
                i = pos[k]
                if i >= length[k]:
                    continue
                if kind[k] == 1:
                    cls = table[(<const unsigned char*>data[k])[i]]
                else:
                    if kind[k] == 2:
                        ch = (<const unsigned short*>data[k])[i]
                    else:
                        ch = (<const Py_UCS4*>data[k])[i]
                    if ch < 256:
                        cls = table[ch]
                    else:
                        cls = self._folded_class(ch) if fold else self._class(ch)
                if cls < 0:  # not folded one for one: read whole by `_line_alone`
                    odd[line_of[k]] = 1
                    pos[k] = length[k]
                    refill = True
                    continue
                move = d16[state[k] * nc + cls]
                st = move >> 1
                state[k] = st
                pos[k] = i + 1
                if move & 1:  # the state's rules ORed in here; its case-sensitive literals checked only when it has any
                    into = &acc[line_of[k] * n_words]
                    bits = &self.bits[st * n_words]
                    for w in range(n_words):
                        into[w] |= bits[w]
                    if self.has_checks[st]:
                        self._line_checks_at(st, <str><object>PyList_GET_ITEM(lines, line_of[k]), i, into)
                if i + 1 == length[k]:
                    refill = True

    cdef int _line_read(self, str s, int* table, bint fold, uint64_t* acc) except -2:
        """`add_line_masks` on line `s` alone: the rules of the literals ending in it ORed into `acc`; -1 at a
        character `_lower_class` cannot fold, else 0."""
        cdef int kind = PyUnicode_KIND(s), cls, move, row = 0
        cdef void* data = PyUnicode_DATA(s)
        cdef Py_ssize_t i, n = PyUnicode_GET_LENGTH(s), n_classes = self.n_classes
        for i in range(n):
            cls = self._read_class(kind, data, i, table, fold)
            if cls < 0:
                return -1
            move = self._step(row, cls)
            row = move >> 1
            if move & 1:
                self._line_hit(row // n_classes, s, i, acc)
        return 0

    cdef bint _line_alone(self, str s, int* table, bint fold, uint64_t* acc) except -1:
        """`add_line_masks` on line `s` alone into `acc` (emptied first): read as it comes, or else, when a character of
        it `_lower_class` cannot fold, by `_line_refolded`; False when neither can answer (`checks_fold` unset)."""
        memset(acc, 0, self.n_words * sizeof(uint64_t))
        if self._line_read(s, table, fold, acc) == 0:
            return True
        memset(acc, 0, self.n_words * sizeof(uint64_t))
        if not self.checks_fold:
            return False
        self._line_refolded(s, acc)
        return True

    cdef int _line_refolded(self, str s, uint64_t* acc) except -1:
        """The rules of the literals in line `s`, one of whose characters `str.lower` does not fold alone and one
        for one ("İ", "Σ"), ORed into `acc`, as the joined scan finds them: the case-folded literals in `s.lower()`
        (per line what the document's lower-casing holds: a newline bounds the final sigma's context), the
        case-sensitive ones in `s` itself, where such a character cannot lie inside one (`checks_fold`) and is read
        as no literal's. Before, one such line sent the whole document to the joined scan, which built the scope's
        two one-mode automata on the first (~16 ms, once a process) and scanned the document twice."""
        cdef str low = s.lower()
        cdef int kind = PyUnicode_KIND(low), cls, move, row = 0
        cdef void* data = PyUnicode_DATA(low)
        cdef Py_ssize_t i, w, n = PyUnicode_GET_LENGTH(low), n_classes = self.n_classes, n_words = self.n_words
        cdef uint64_t* bits
        for i in range(n):  # the case-folded literals: the states' masks, no check
            cls = self._read_class(kind, data, i, &self.exact_latin1[0], False)
            move = self._step(row, cls)
            row = move >> 1
            if move & 1:
                bits = &self.bits[(row // n_classes) * n_words]
                for w in range(n_words):
                    acc[w] |= bits[w]
        kind = PyUnicode_KIND(s)
        data = PyUnicode_DATA(s)
        n = PyUnicode_GET_LENGTH(s)
        row = 0
        for i in range(n):  # the case-sensitive literals: the checks alone
            cls = self._read_class(kind, data, i, &self.fold_latin1[0], True)
            move = self._step(row, cls if cls >= 0 else 0)
            row = move >> 1
            if move & 1:
                self._line_checks_at(row // n_classes, s, i, acc)
        return 0

    cdef inline int _step(self, int row, int cls) noexcept:
        """`delta[row + cls]` (the move from the state whose row starts at `row` on class `cls`), read from
        `delta16` when there is one."""
        cdef unsigned short move
        if self.delta16 is NULL:
            return self.delta[row + cls]
        move = self.delta16[row + cls]
        return (((move >> 1) * <int>self.n_classes) << 1) | (move & 1)

    cdef inline int _read_class(self, int kind, void* data, Py_ssize_t i, int* table, bint fold) except -2:
        """The class of character `i` of a str's data of `kind` (of its lower case when `fold`; -1: see
        `_lower_class`), a Latin-1 one read from `table`."""
        cdef Py_UCS4 ch
        if kind == 1:
            return table[(<unsigned char*>data)[i]]
        if kind == 2:
            ch = (<unsigned short*>data)[i]
        else:
            ch = (<Py_UCS4*>data)[i]
        if ch < 256:
            return table[ch]
        return self._folded_class(ch) if fold else self._class(ch)

    cdef inline int _line_hit(self, Py_ssize_t state, str s, Py_ssize_t i, uint64_t* acc) except -1:
        """OR into `acc` the rules of the literals ending at character `i` of line `s` in `state`, a case-sensitive
        one counting only where `s` holds it (`_Rows.hit`'s test)."""
        cdef Py_ssize_t w, n_words = self.n_words
        cdef uint64_t* bits = &self.bits[state * n_words]
        for w in range(n_words):
            acc[w] |= bits[w]
        return self._line_checks_at(state, s, i, acc)

    cdef inline int _line_checks_at(self, Py_ssize_t state, str s, Py_ssize_t i, uint64_t* acc) except -1:
        """OR into `acc` the rules of the case-sensitive literals ending at character `i` of line `s` in `state` that
        `s` holds there."""
        cdef Py_ssize_t w, n_words = self.n_words, at, start
        cdef tuple checks = <tuple>self.line_checks[state]
        cdef str lit
        if not checks:
            return 0
        for lit, start in checks:
            at = i - PyUnicode_GET_LENGTH(lit) + 1
            if PyUnicode_Tailmatch(s, lit, at, at + PyUnicode_GET_LENGTH(lit), -1) == 1:
                for w in range(n_words):
                    acc[w] |= self.check_bits[start + w]
        return 0

    cdef inline unsigned short _class_at(self, int kind, void* data, Py_ssize_t i):
        """The class of character `i` of a str's data of `kind`."""
        cdef unsigned short wide
        if kind == 1:  # one byte a character: its class read from one table
            return self.latin1_class[(<unsigned char*>data)[i]]
        if kind == 2:  # most texts (curly quotes, dashes): two bytes, mostly Latin-1 characters
            wide = (<unsigned short*>data)[i]
            return self.latin1_class[wide] if wide < 256 else self._class(wide)
        return self._class(PyUnicode_READ(kind, data, i))

    def add_lines(self, str scanned, str confirmed, starts, dict out):
        """OR into `out[row]` the mask of the rules whose literals occur on that row of `scanned` (rows start at
        `starts`), a case-sensitive literal counting only where `confirmed` holds it at the same offset: what
        `literal_scan.CaseScans.add_lines` (and `LiteralScan.add_lines`, `confirmed` being `scanned`) find.

        The scan waits on one table read a character, each read needing the one before: a long text is read as
        two halves at once (split at a newline, where the automaton is back at its root: no literal holds one),
        two chains of reads the CPU overlaps. The second half's rows are gathered apart and added after the
        first's, so `out` is filled in the order one pass fills it."""
        cdef int kind = PyUnicode_KIND(scanned)
        cdef void* data = PyUnicode_DATA(scanned)
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(scanned), i, j, mid, n_a, n_b, n_both
        cdef Py_ssize_t n_classes = self.n_classes
        cdef int* delta = self.delta
        cdef int move_a, move_b, row_a = 0, row_b = 0  # each half's current state's row in the table
        cdef list rows = list(starts)
        cdef _Rows first = _Rows(rows, n, out)
        cdef _Rows second
        cdef dict later
        mid = scanned.find("\n", n // 2) if n >= SPLIT_MIN_CHARS and self.splits else -1
        if mid < 0:
            mid = n
        n_a = mid
        n_b = n - mid - 1 if mid < n else 0
        n_both = n_a if n_a < n_b else n_b
        if n_b > 0:
            later = {}
            second = _Rows(rows, n, later)
        for i in range(n_both):
            j = mid + 1 + i
            move_a = delta[row_a + self._class_at(kind, data, i)]
            move_b = delta[row_b + self._class_at(kind, data, j)]
            row_a = move_a >> 1
            row_b = move_b >> 1
            if move_a & 1:
                first.hit(self, i, row_a // n_classes, confirmed)
            if move_b & 1:
                second.hit(self, j, row_b // n_classes, confirmed)
        for i in range(n_both, n_a):
            move_a = delta[row_a + self._class_at(kind, data, i)]
            row_a = move_a >> 1
            if move_a & 1:
                first.hit(self, i, row_a // n_classes, confirmed)
        for i in range(n_both, n_b):
            j = mid + 1 + i
            move_b = delta[row_b + self._class_at(kind, data, j)]
            row_b = move_b >> 1
            if move_b & 1:
                second.hit(self, j, row_b // n_classes, confirmed)
        first.done()
        if n_b > 0:
            second.done()
            for key, value in later.items():
                out[key] = out.get(key, 0) | value


# Characters by how often prose uses them (a space, the letters, the digits): `Automaton` numbers its classes so.
_PROSE_ORDER = {ch: k for k, ch in enumerate(" etaoinsrhldcumfpgwybvkxjqz0123456789.,")}


def _prose_rank(str ch) -> tuple:
    """Where `ch` comes in the classes' order: `_PROSE_ORDER`'s characters first, the rest by code point."""
    return (_PROSE_ORDER.get(ch, len(_PROSE_ORDER)), ord(ch))


cdef int _to_words(object mask, uint64_t* words, Py_ssize_t n_words) except -1:
    """Write the non-negative int `mask` into `n_words` 64-bit words, least significant first."""
    cdef Py_ssize_t w
    for w in range(n_words):
        words[w] = <uint64_t>((mask >> (64 * w)) & 0xFFFFFFFFFFFFFFFF)
    return 0


cdef void _held_words(
    const uint64_t* words, const uint64_t* seconds, uint64_t* held, Py_ssize_t n_words, Py_ssize_t n_rules
) noexcept:
    """`prefilter._held`'s rule for one line's `words` into `held` (each `n_words` 64-bit words, least significant
    first): the rules' bits (below `n_rules`) kept and the second literals' bits (from `n_rules` up) not, a rule of
    `seconds` kept only when the line holds its second literal (the rule's bit + `n_rules`)."""
    cdef Py_ssize_t w, q = n_rules >> 6, src
    cdef int r = n_rules & 63
    cdef uint64_t shifted
    cdef bint needs_second = False
    for w in range(n_words):
        if 64 * w + 64 <= n_rules:
            held[w] = words[w]
        elif 64 * w < n_rules:
            held[w] = words[w] & ((<uint64_t>1 << r) - 1)
        else:
            held[w] = 0
        if held[w] & seconds[w]:
            needs_second = True
    if not needs_second:
        return
    for w in range(n_words):  # `mask &= ~seconds | (m >> n_rules)`, a word at a time
        src = w + q
        shifted = 0
        if src < n_words:
            shifted = words[src] >> r
            if r and src + 1 < n_words:
                shifted |= words[src + 1] << (64 - r)
        held[w] &= ~seconds[w] | shifted


# The most 64-bit words `_or_into` turns into an int through one byte buffer (the generic rules need five).
cdef enum:
    MAX_BYTE_WORDS = 32


cdef int _or_into(dict out, str line, uint64_t* words, Py_ssize_t n_words) except -1:
    """OR the mask held in `n_words` words into `out[line]`; nothing when it is empty. The int is made in one call
    from the words' bytes, least significant first (`int.from_bytes` in C): a shift and an OR of Python ints per word
    made and dropped four ints a line and were a fifth of `add_line_masks`' time."""
    cdef Py_ssize_t w = n_words - 1, k, b
    cdef unsigned char raw[8 * MAX_BYTE_WORDS]
    cdef uint64_t word
    cdef object mask
    cdef PyObject* got
    while w >= 0 and words[w] == 0:
        w -= 1
    if w < 0:
        return 0
    if w < MAX_BYTE_WORDS:
        for k in range(w + 1):
            word = words[k]
            for b in range(8):
                raw[8 * k + b] = <unsigned char>((word >> (8 * b)) & 0xFF)
        mask = _PyLong_FromByteArray(raw, 8 * (w + 1), 1, 0)
    else:
        mask = <object>words[w]
        while w > 0:
            w -= 1
            mask = (mask << 64) | <object>words[w]
    got = PyDict_GetItem(out, line)
    out[line] = mask if got is NULL else <object>got | mask
    return 0

# A text shorter than this is read in one pass (`Automaton.add_lines`): two halves gain little on it.
SPLIT_MIN_CHARS = 2048


cdef class _Rows:
    """Where one pass of `Automaton.add_lines` is: the row it is in, where the next row starts, and the mask of
    the rules found in the row so far, written to `out` when the pass leaves the row."""

    cdef list rows
    cdef Py_ssize_t n_rows, end, row, hi
    cdef object acc
    cdef dict out

    def __cinit__(self, list rows, Py_ssize_t end, dict out):
        self.rows = rows
        self.n_rows = len(rows)
        self.end = end
        self.row = -1
        self.hi = -1
        self.acc = 0
        self.out = out

    cdef int hit(self, Automaton automaton, Py_ssize_t i, Py_ssize_t state, str confirmed) except -1:
        """Character `i` ends literals (the automaton is in `state`): their rules join the row's mask."""
        cdef object mask = automaton.masks[state], bits
        cdef tuple checks = <tuple>automaton.checks[state]
        cdef str lit
        cdef Py_ssize_t at
        for lit, bits in checks:  # a case-sensitive literal: is the text there the literal itself?
            at = i - PyUnicode_GET_LENGTH(lit) + 1
            if PyUnicode_Tailmatch(confirmed, lit, at, at + PyUnicode_GET_LENGTH(lit), -1) == 1:
                mask = mask | bits
        if not mask:
            return 0
        if i < self.hi:
            self.acc = self.acc | mask
            return 0
        self.done()
        while self.row + 1 < self.n_rows and <Py_ssize_t>self.rows[self.row + 1] <= i:
            self.row += 1
        self.hi = <Py_ssize_t>self.rows[self.row + 1] if self.row + 1 < self.n_rows else self.end + 1
        self.acc = mask
        return 0

    cdef int done(self) except -1:
        """Write the row's mask to `out` (nothing before the first hit)."""
        if self.row >= 0:
            self.out[self.row] = self.out.get(self.row, 0) | self.acc
        return 0
