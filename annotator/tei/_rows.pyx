# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""A native file's annotation rows read from the bytes (``annotator.tei.listing``).

Reads the row format of docs/tei-format.md ("The annotation rows"), byte by byte, and
makes each repeated value (a paragraph id, a category, an annotator, an entity link)
once. Every position either reads as a row or the whole listing is refused (None),
and the caller then reads the file the usual way, as a tree; that reading is this
scanner's test oracle (``tests/test_tei_listing.py``).
"""

from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.string cimport memchr, memcmp


cdef inline bint is_space(unsigned char c) noexcept nogil:
    return c == 32 or c == 9 or c == 10 or c == 13


cdef inline bint is_name_start(unsigned char c) noexcept nogil:
    return (65 <= c <= 90) or (97 <= c <= 122) or c == 95


cdef inline bint is_name_char(unsigned char c) noexcept nogil:
    return is_name_start(c) or (48 <= c <= 57) or c == 46 or c == 45


cdef inline bint is_forbidden_ffff(const unsigned char* s, Py_ssize_t i, Py_ssize_t n
                                   ) noexcept nogil:
    """U+FFFE or U+FFFF (EF BF BE, EF BF BF) at ``i``."""
    return (s[i] == 0xEF and i + 2 < n and s[i + 1] == 0xBF
            and (s[i + 2] == 0xBE or s[i + 2] == 0xBF))


cdef class _Scanner:
    cdef const unsigned char* s
    cdef Py_ssize_t n
    cdef Py_ssize_t i
    cdef dict seen  # one str per repeated value

    cdef inline bint take(self, const char* literal, Py_ssize_t size) noexcept:
        if self.i + size <= self.n and memcmp(self.s + self.i, literal, size) == 0:
            self.i += size
            return True
        return False

    cdef inline void skip_space(self) noexcept:
        while self.i < self.n and is_space(self.s[self.i]):
            self.i += 1

    cdef inline Py_ssize_t name(self) noexcept:
        """The end of the name at ``i`` (``i`` itself if there is none)."""
        cdef Py_ssize_t j = self.i
        if j < self.n and is_name_start(self.s[j]):
            j += 1
            while j < self.n and is_name_char(self.s[j]):
                j += 1
        return j

    cdef inline Py_ssize_t value(self) noexcept:
        """The end of the attribute value at ``i`` (at its '"'), or -1."""
        cdef Py_ssize_t j = self.i
        cdef unsigned char c
        while j < self.n:
            c = self.s[j]
            if c == 34:
                return j
            if c == 60 or c == 38 or c < 32 or is_forbidden_ffff(self.s, j, self.n):
                return -1
            j += 1
        return -1

    cdef inline Py_ssize_t number(self, bint zero) noexcept:
        """The end of a number at ``i`` (0 or [1-9][0-9]{0,8}; without ``zero``,
        no 0), or -1."""
        cdef Py_ssize_t j = self.i
        if j >= self.n:
            return -1
        if self.s[j] == 48:
            return j + 1 if zero else -1
        if not (49 <= self.s[j] <= 57):
            return -1
        j += 1
        while j < self.n and 48 <= self.s[j] <= 57 and j - self.i < 9:
            j += 1
        return j

    cdef object text(self, Py_ssize_t start, Py_ssize_t end, bint shared):
        cdef object made = PyUnicode_DecodeUTF8(<const char*>self.s + start, end - start,
                                                "strict")
        if shared:
            return self.seen.setdefault(made, made)
        return made

    cdef inline long number_value(self, Py_ssize_t start, Py_ssize_t end) noexcept:
        cdef long v = 0
        while start < end:
            v = v * 10 + (self.s[start] - 48)
            start += 1
        return v


cdef inline bint is_digit(unsigned char c) noexcept nogil:
    return 48 <= c <= 57


cdef bint has_run(const unsigned char* s, Py_ssize_t n, Py_ssize_t longest) noexcept nogil:
    """Whether ``s`` holds ``longest`` bytes or more without a "<"."""
    cdef const unsigned char* at = s
    cdef const unsigned char* end = s + n
    cdef const unsigned char* found
    while True:
        found = <const unsigned char*>memchr(at, 60, end - at)
        if found is NULL:
            return end - at >= longest
        if found - at >= longest:
            return True
        at = found + 1


def scan(bytes region, Py_ssize_t longest):
    """The columns of ``region`` (what lies between ``<listAnnotation>`` and its end
    tag): ids, paragraphs, offsets and lengths (ints), the rest of each @target,
    @ana, @resp, ``<ref .../>`` and ``<note>...</note>`` as written ("" where absent),
    and the highest number of an id of the form ``a17`` (0 if none: what
    ``AnnotationStore.next_id`` must go past); None if anything in it is not of that
    form, if it holds ``longest`` bytes or more without a "<", or if there is no row."""
    if has_run(<const unsigned char*>region, len(region), longest):
        return None
    cdef _Scanner sc = _Scanner()
    # The highest such number so far, as its digits without leading zeros.
    cdef Py_ssize_t best = -1, best_size = 0, z
    sc.s = <const unsigned char*>region
    sc.n = len(region)
    sc.i = 0
    sc.seen = {}
    cdef list ids = [], paragraphs = [], more = [], anas = [], resps = [], refs = [], notes = []
    cdef Py_ssize_t capacity = 1024, count = 0, a, b, c
    cdef long* numbers = <long*>PyMem_Malloc(2 * capacity * sizeof(long))
    cdef long* grown
    if numbers is NULL:
        raise MemoryError()
    try:
        while True:
            sc.skip_space()
            if sc.i >= sc.n:
                break
            if not sc.take(b'<annotation xml:id="', 20):
                return None
            a = sc.i
            b = sc.name()
            if b == a or not (b < sc.n and sc.s[b] == 34):
                return None
            ids.append(sc.text(a, b, False))
            if sc.s[a] == 97 and b - a >= 2:  # "a" and digits, compared as numbers
                z = a + 1
                while z < b and is_digit(sc.s[z]):
                    z += 1
                if z == b:
                    z = a + 1
                    while z < b - 1 and sc.s[z] == 48:
                        z += 1
                    if (b - z > best_size or (b - z == best_size
                                              and memcmp(sc.s + z, sc.s + best, best_size) > 0)):
                        best, best_size = z, b - z
            sc.i = b
            if not sc.take(b'" target="#string-range(', 24):
                return None
            a = sc.i
            b = sc.name()
            if b == a or not (b < sc.n and sc.s[b] == 44):
                return None
            paragraphs.append(sc.text(a, b, True))
            sc.i = b + 1
            if count == capacity:
                grown = <long*>PyMem_Realloc(numbers, 4 * capacity * sizeof(long))
                if grown is NULL:
                    raise MemoryError()
                numbers = grown
                capacity *= 2
            a = sc.i
            b = sc.number(True)
            if b < 0 or not (b < sc.n and sc.s[b] == 44):
                return None
            numbers[2 * count] = sc.number_value(a, b)
            sc.i = b + 1
            a = sc.i
            b = sc.number(False)
            if b < 0 or not (b < sc.n and sc.s[b] == 41):
                return None
            numbers[2 * count + 1] = sc.number_value(a, b)
            sc.i = b + 1
            a = sc.i
            b = sc.value()
            if b < 0:
                return None
            more.append(sc.text(a, b, True))
            sc.i = b
            if not sc.take(b'" ana="', 7):
                return None
            a = sc.i
            b = sc.value()
            if b < 0:
                return None
            anas.append(sc.text(a, b, True))
            sc.i = b + 1
            if sc.take(b' resp="', 7):
                a = sc.i
                b = sc.value()
                if b <= a:  # (a resp="" matches neither way)
                    return None
                resps.append(sc.text(a, b, True))
                sc.i = b + 1
            else:
                resps.append("")
            count += 1
            if sc.take(b"/>", 2):
                refs.append("")
                notes.append("")
                continue
            if not sc.take(b">", 1):
                return None
            sc.skip_space()
            a = sc.i
            if sc.take(b'<ref target="#', 14):
                b = sc.name()
                if b == sc.i or not (b + 3 <= sc.n and memcmp(sc.s + b, b'"/>', 3) == 0):
                    return None
                sc.i = b + 3
                refs.append(sc.text(a, sc.i, True))
                sc.skip_space()
            else:
                refs.append("")
            a = sc.i
            if sc.take(b"<note>", 6):
                b = sc.i
                while b < sc.n:
                    c = sc.s[b]
                    if c == 60:
                        break
                    if (c == 38 or c == 13 or (c < 32 and c != 9 and c != 10)
                            or is_forbidden_ffff(sc.s, b, sc.n)):
                        return None
                    b += 1
                if not (b + 7 <= sc.n and memcmp(sc.s + b, b"</note>", 7) == 0):
                    return None
                sc.i = b + 7
                notes.append(sc.text(a, sc.i, False))
                sc.skip_space()
            else:
                notes.append("")
            if not sc.take(b"</annotation>", 13):
                return None
        if not count:
            return None
        offsets = [numbers[2 * k] for k in range(count)]
        lengths = [numbers[2 * k + 1] for k in range(count)]
    except UnicodeDecodeError:
        return None
    finally:
        PyMem_Free(numbers)
    highest = int(region[best:best + best_size]) if best >= 0 else 0
    return ids, paragraphs, offsets, lengths, more, anas, resps, refs, notes, highest
