# cython: language_level=3, boundscheck=False, cdivision=True
"""``walk.Extractor`` compiled: the same walk over ``<text>``, on libxml2's nodes.

The Python walk's time goes into each element and text node of a document and each
character (a string operation is a pass over the text): most of the time it takes to
open a long document (docs/performance.md, "Opening, sixth round"). This walk reads libxml2's nodes
and their UTF-8 text directly, collapses white space and counts characters in one
pass over the bytes, and makes the same blocks, segments, markers and markup as
``walk.Extractor`` (``tests/test_tei_extractor.py`` compares the two on every
sample and on generated documents). What is rare (a named element's attributes,
a ``<fw>``'s label, a ``<choice>``'s reading) goes through lxml, as there.

It reads libxml2's structures only (no libxml2 function is called), and lxml's
public C API for element proxies, so it builds against lxml's headers alone; if it
is not built, or was built against another lxml or libxml2 than the one running
(``BUILT_WITH``), ``walk`` uses its Python walk.
"""

import sys

cimport cython
from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdint cimport uint64_t
from libc.string cimport memcpy, strcmp, strstr

cimport lxml.includes.etreepublic as cetree
from lxml.includes cimport tree
from lxml.includes.tree cimport xmlAttr, xmlNode

cetree.import_lxml__etree()

cdef extern from "lxml-version.h":
    const char* LXML_VERSION_STRING
cdef extern from "libxml/xmlversion.h":
    const char* LIBXML_DOTTED_VERSION

# The lxml and libxml2 whose headers this module was compiled against. It reads their
# structures directly, so walk.py uses it only where the same versions run.
BUILT_WITH = (LXML_VERSION_STRING.decode("ascii"), LIBXML_DOTTED_VERSION.decode("ascii"))

# Roles, as in walk.py (checked against it on import there).
cdef enum:
    SEG = 6  # numbers per segment in a _CBlock
    KIND_CONTAINER = 0
    KIND_BLOCK = 1
    KIND_BLOCKABLE = 2
    KIND_INLINE = 3
    SKIPPED = 4
    LB = 5
    MARK = 6
    FW = 7
    GAP = 8
    NOTE = 9
    CHOICE = 10
    NAMED = 11
    TOKEN = 12
    LIST = 13
    MATH = 14
    NO_SPACE = -2
    JOIN = -4
    # token kinds and sides, as in walk.py
    T_W = 0
    T_PC = 1
    T_C = 2
    T_ITEM = 3
    JOIN_LEFT = 1
    JOIN_RIGHT = 2
    APART_LEFT = 4
    APART_RIGHT = 8
    SPACED_RIGHT = 16
    WORDLIKE = 32
    CACHE = 512  # role cache slots (the tag names of one document: a few dozen)

ROLES = (KIND_CONTAINER, KIND_BLOCK, KIND_BLOCKABLE, KIND_INLINE, SKIPPED, LB, MARK, FW, GAP,
         NOTE, CHOICE, NAMED, TOKEN, LIST, MATH, NO_SPACE, JOIN,
         (T_W, T_PC, T_C, T_ITEM),
         (JOIN_LEFT, JOIN_RIGHT, APART_LEFT, APART_RIGHT, SPACED_RIGHT, WORDLIKE))

cdef const char* TEI_NS = b"http://www.tei-c.org/ns/1.0"


cdef inline bint is_space(unsigned char c) noexcept nogil:
    return c == 32 or c == 9 or c == 10 or c == 13


cdef inline bint is_text(xmlNode* node) noexcept nogil:
    return node.type == tree.XML_TEXT_NODE or node.type == tree.XML_CDATA_SECTION_NODE


cdef inline bint is_lxml_child(xmlNode* node) noexcept nogil:
    # What lxml yields when iterating an element (and counts in len()).
    return (node.type == tree.XML_ELEMENT_NODE or node.type == tree.XML_COMMENT_NODE
            or node.type == tree.XML_PI_NODE or node.type == tree.XML_ENTITY_REF_NODE)


cdef inline bint skipped_by_lxml(xmlNode* node) noexcept nogil:
    return node.type == tree.XML_XINCLUDE_START or node.type == tree.XML_XINCLUDE_END


cdef Py_ssize_t _strlen(const unsigned char* s) noexcept nogil:
    cdef Py_ssize_t n = 0
    while s[n]:
        n += 1
    return n


cdef const char* XML_NS = b"http://www.w3.org/XML/1998/namespace"


cdef const unsigned char* attribute(xmlNode* node, const char* name) noexcept nogil:
    """The value of ``node``'s attribute ``name`` (no namespace) as libxml2 keeps it
    (its first text), b"" if it is empty; NULL if there is none."""
    cdef xmlAttr* attr = node.properties
    while attr is not NULL:
        if attr.ns is NULL and strcmp(<const char*>attr.name, name) == 0:
            if attr.children is not NULL and attr.children.content is not NULL:
                return attr.children.content
            return <const unsigned char*>b""
        attr = attr.next
    return NULL


cdef inline bint attribute_is(xmlNode* node, const char* name, const char* value) noexcept nogil:
    cdef const unsigned char* found = attribute(node, name)
    return found is not NULL and strcmp(<const char*>found, value) == 0


cdef const unsigned char* xml_lang(xmlNode* node) noexcept nogil:
    """The value of ``node``'s ``xml:lang`` (b"" if empty), NULL if it has none."""
    cdef xmlAttr* attr = node.properties
    while attr is not NULL:
        if attr.ns is not NULL and attr.ns.href is not NULL \
                and strcmp(<const char*>attr.name, b"lang") == 0 \
                and strcmp(<const char*>attr.ns.href, XML_NS) == 0:
            if attr.children is not NULL and attr.children.content is not NULL:
                return attr.children.content
            return <const unsigned char*>b""
        attr = attr.next
    return NULL


cdef bint links_parts(xmlNode* node) noexcept nogil:
    """Whether ``node`` has ``@prev``, ``@next`` or ``@part`` (walk.Extractor.linked)."""
    cdef xmlAttr* attr = node.properties
    while attr is not NULL:
        if attr.ns is NULL and (strcmp(<const char*>attr.name, b"prev") == 0
                                or strcmp(<const char*>attr.name, b"next") == 0
                                or strcmp(<const char*>attr.name, b"part") == 0):
            return True
        attr = attr.next
    return False


cdef bint says_hyphen(xmlNode* node) noexcept nogil:
    """Whether ``@rend`` or ``@rendition`` of a line break names a hyphen (the word
    goes on: ``rendition="#hyphen"``)."""
    cdef const unsigned char* value = attribute(node, b"rend")
    if value is not NULL and strstr(<const char*>value, b"hyphen") is not NULL:
        return True
    value = attribute(node, b"rendition")
    return value is not NULL and strstr(<const char*>value, b"hyphen") is not NULL


def scan_ids(cetree._Element root):
    """Every element of ``root``'s tree with an ``xml:id``, mapped to it (in document
    order), and every element outside the TEI namespace: what
    ``source.TeiSource._reserved_ids`` asks XPath passes for, in one walk."""
    cdef dict with_id = {}
    cdef list foreign = []
    cdef xmlNode* node = root._c_node
    cdef xmlNode* top = node
    cdef xmlAttr* attr
    cdef cetree._Document doc = root._doc
    while node is not NULL:
        if node.type == tree.XML_ELEMENT_NODE:
            if node.ns is NULL or node.ns.href is NULL or strcmp(<const char*>node.ns.href,
                                                                 TEI_NS) != 0:
                foreign.append(cetree.elementFactory(doc, node))
            attr = node.properties
            while attr is not NULL:
                if attr.ns is not NULL and attr.ns.href is not NULL \
                        and strcmp(<const char*>attr.name, b"id") == 0 \
                        and strcmp(<const char*>attr.ns.href, XML_NS) == 0:
                    element = cetree.elementFactory(doc, node)
                    with_id[element] = element.get("{http://www.w3.org/XML/1998/namespace}id")
                    break
                attr = attr.next
            if node.children is not NULL:
                node = node.children
                continue
        # the next node in document order, not leaving root
        while node is not top and node.next is NULL:
            node = node.parent
        if node is top:
            break
        node = node.next
    return with_id, foreign


cdef Py_ssize_t code_points(const unsigned char* s, Py_ssize_t n) noexcept nogil:
    cdef Py_ssize_t i, count = 0
    for i in range(n):
        count += (s[i] & 0xC0) != 0x80
    return count


cdef Py_ssize_t string_length(xmlNode* node) noexcept nogil:
    """XPath's string-length(): the characters of every text node below ``node``."""
    cdef Py_ssize_t count = 0
    cdef xmlNode* child = node.children
    while child is not NULL:
        if is_text(child):
            if child.content is not NULL:
                count += code_points(child.content, _strlen(child.content))
        elif child.type == tree.XML_ELEMENT_NODE:
            count += string_length(child)
        child = child.next
    return count


cdef Py_ssize_t lxml_len(xmlNode* node) noexcept nogil:
    """len() of the lxml element of ``node``."""
    cdef Py_ssize_t count = 0
    cdef xmlNode* child = node.children
    while child is not NULL:
        count += is_lxml_child(child)
        child = child.next
    return count


cdef bint has_lxml_children(xmlNode* node) noexcept nogil:
    cdef xmlNode* child = node.children
    while child is not NULL:
        if is_lxml_child(child):
            return True
        child = child.next
    return False


cdef class _Text:
    """A run of adjacent text nodes (lxml's .text or .tail) as one UTF-8 string."""
    cdef unsigned char* data
    cdef Py_ssize_t size
    cdef Py_ssize_t capacity

    def __dealloc__(self):
        PyMem_Free(self.data)

    cdef int set_run(self, xmlNode* first) except -1:
        """Gather the text of ``first`` and the text nodes right after it."""
        cdef xmlNode* node = first
        cdef Py_ssize_t n
        self.size = 0
        while node is not NULL and (is_text(node) or skipped_by_lxml(node)):
            if is_text(node) and node.content is not NULL:
                n = _strlen(node.content)
                self.reserve(self.size + n + 1)
                memcpy(self.data + self.size, node.content, n)
                self.size += n
            node = node.next
        return 0

    cdef int set_bytes(self, bytes text) except -1:
        """Take ``text`` (UTF-8) as the run."""
        cdef Py_ssize_t n = len(text)
        self.reserve(n + 1)
        memcpy(self.data, <const char*>text, n)
        self.size = n
        return 0

    cdef int reserve(self, Py_ssize_t needed) except -1:
        cdef unsigned char* grown
        if needed > self.capacity:
            grown = <unsigned char*>PyMem_Realloc(self.data, needed * 2)
            if grown is NULL:
                raise MemoryError()
            self.data = grown
            self.capacity = needed * 2
        return 0


# Neither can be part of a reference cycle: kept out of the garbage collector, which
# would otherwise walk one of each per paragraph at its next pass.
@cython.no_gc
cdef class _CBlock:
    """A block while it is being built: its reading text as UTF-8, its segments."""
    cdef public int anchor
    cdef public object kind
    cdef public object markers
    # Segments as in walk.py, SEG numbers each: block offset, anchor offset, length
    # in the block, in the anchor, and where the source text of a collapsed run is in
    # ``raw`` (offset, length; -1: none, the run maps one to one). In C until asked for:
    # most blocks are never (a Python list per block and an object per run would be
    # 20,000 objects more on the novel for the garbage collector to walk).
    cdef long long* seg
    cdef Py_ssize_t nseg
    cdef Py_ssize_t seg_capacity
    cdef unsigned char* raw
    cdef Py_ssize_t raw_size
    cdef Py_ssize_t raw_capacity
    cdef public Py_ssize_t length  # in characters
    cdef public long long pending
    cdef public bint synthetic
    cdef public object scripts  # (start, end, "sub"/"sup"), or None
    cdef public Py_ssize_t start  # in the document text, once assembled
    cdef unsigned char* text
    cdef Py_ssize_t size  # bytes
    cdef Py_ssize_t capacity
    cdef unsigned int last  # the last character written

    def __dealloc__(self):
        PyMem_Free(self.text)
        PyMem_Free(self.seg)
        PyMem_Free(self.raw)

    @property
    def segs(self):
        """The segments as ``offsets.BlockMap`` keeps them (the source text as UTF-8)."""
        cdef Py_ssize_t n
        cdef long long* f
        made = []
        for n in range(self.nseg):
            f = self.seg + n * SEG
            made += (f[0], f[1], f[2], f[3],
                     None if f[4] < 0 else <bytes>self.raw[f[4]:f[4] + f[5]])
        return made

    cdef int add_segment(self, long long r, long long a, long long rlen, long long alen,
                         const unsigned char* source, Py_ssize_t size) except -1:
        """A new segment; ``source`` (``size`` bytes) the text of a collapsed run, or NULL."""
        cdef long long* grown
        cdef unsigned char* more
        if self.nseg == self.seg_capacity:
            self.seg_capacity = self.seg_capacity * 2 + 4
            grown = <long long*>PyMem_Realloc(self.seg,
                                               self.seg_capacity * SEG * sizeof(long long))
            if grown is NULL:
                raise MemoryError()
            self.seg = grown
        cdef long long* f = self.seg + self.nseg * SEG
        f[0], f[1], f[2], f[3], f[4], f[5] = r, a, rlen, alen, -1, 0
        if source is not NULL:
            if self.raw_size + size > self.raw_capacity:
                self.raw_capacity = (self.raw_size + size) * 2
                more = <unsigned char*>PyMem_Realloc(self.raw, self.raw_capacity)
                if more is NULL:
                    raise MemoryError()
                self.raw = more
            memcpy(self.raw + self.raw_size, source, size)
            f[4], f[5] = self.raw_size, size
            self.raw_size += size
        self.nseg += 1
        return 0

    cdef int release_text(self) except -1:
        """Free the reading text and shrink the segments to fit (once assembled)."""
        cdef long long* fitted
        cdef unsigned char* raw
        PyMem_Free(self.text)
        self.text = NULL
        self.size = self.capacity = 0
        if self.nseg and self.nseg < self.seg_capacity:
            fitted = <long long*>PyMem_Realloc(self.seg, self.nseg * SEG * sizeof(long long))
            if fitted is not NULL:  # (else the larger block stays, which is no harm)
                self.seg, self.seg_capacity = fitted, self.nseg
        if self.raw_size and self.raw_size < self.raw_capacity:
            raw = <unsigned char*>PyMem_Realloc(self.raw, self.raw_size)
            if raw is not NULL:
                self.raw, self.raw_capacity = raw, self.raw_size
        return 0

    cdef int write_bytes(self, bytes data) except -1:
        cdef Py_ssize_t n = len(data)
        self.reserve(self.size + n)
        memcpy(self.text + self.size, <const char*>data, n)
        self.size += n
        self.last = last_char(self.text, self.size)
        return 0

    cdef int write_space(self) except -1:
        self.reserve(self.size + 1)
        self.text[self.size] = 32
        self.size += 1
        self.last = 32
        return 0

    cdef int reserve(self, Py_ssize_t needed) except -1:
        cdef unsigned char* grown
        if needed > self.capacity:
            grown = <unsigned char*>PyMem_Realloc(self.text, needed * 2 + 16)
            if grown is NULL:
                raise MemoryError()
            self.text = grown
            self.capacity = needed * 2 + 16
        return 0

    cdef Py_ssize_t write_collapsed(self, const unsigned char* s, Py_ssize_t n,
                                    Py_ssize_t* source_chars) except -1:
        """Append ``s`` (no white space at either end) with every run of XML white space
        as one space; return the characters written, and those of ``s`` in
        ``source_chars``.

        Eight bytes at a time where nothing collapses (no tab or line break, no two
        spaces in a row): prose is mostly such words, and the byte loop's test of
        every byte took a tenth of the time to read the novel."""
        cdef Py_ssize_t i = 0, k = self.size, letters = 0, spaces = 0, runs = 0, chars = 0
        cdef unsigned char c
        cdef bint space = False
        cdef uint64_t w, blanks
        self.reserve(self.size + n)
        cdef unsigned char* out = self.text
        while i < n:
            if not space and i + 8 <= n:
                memcpy(&w, s + i, 8)
                # Nothing below 0x20 (XML allows only tab, CR and LF there), and no
                # space next to another or last (where the next word might bring one).
                blanks = zero_bytes(w ^ SPACES)
                if (zero_bytes(w & LOW_BITS) == 0 and (blanks & (blanks << 8)) == 0
                        and (blanks & LAST_BYTE) == 0):
                    memcpy(out + k, &w, 8)
                    k += 8
                    i += 8
                    # Characters: bytes that do not continue a UTF-8 sequence.
                    chars += 8 - popcount64(w & ~(w << 1) & HIGH_BITS)
                    continue
            c = s[i]
            i += 1
            if c == 32 or c == 9 or c == 10 or c == 13:
                space = True
                spaces += 1
            else:
                if space:
                    out[k] = 32
                    k += 1
                    runs += 1
                    space = False
                out[k] = c
                k += 1
                letters += (c & 0xC0) != 0x80
        self.size = k
        self.last = last_char(out, k)
        source_chars[0] = letters + spaces + chars
        return letters + runs + chars


cdef extern from *:
    """
    static inline int annotator_popcount64(unsigned long long x) {
        return __builtin_popcountll(x);
    }
    """
    int popcount64 "annotator_popcount64"(uint64_t x) noexcept nogil

cdef uint64_t SPACES = 0x2020202020202020ULL
cdef uint64_t LOW_BITS = 0xE0E0E0E0E0E0E0E0ULL  # a byte without them is below 0x20
cdef uint64_t HIGH_BITS = 0x8080808080808080ULL
cdef uint64_t SEVEN_BITS = 0x7F7F7F7F7F7F7F7FULL
# The high bit of the last of eight bytes in memory.
cdef uint64_t LAST_BYTE = 0x8000000000000000ULL if sys.byteorder == "little" else 0x80ULL


cdef inline uint64_t zero_bytes(uint64_t x) noexcept nogil:
    """0x80 in each byte of ``x`` that is zero, 0 in the others (exact: no borrows)."""
    return ~(((x & SEVEN_BITS) + SEVEN_BITS) | x | SEVEN_BITS)


cdef unsigned int first_char(const unsigned char* s) noexcept nogil:
    """The code point that begins the UTF-8 ``s`` (not empty)."""
    cdef unsigned char c = s[0]
    if c < 0x80:
        return c
    if c < 0xE0:
        return ((c & 0x1F) << 6) | (s[1] & 0x3F)
    if c < 0xF0:
        return ((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F)
    return ((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F)


cdef unsigned int last_char(const unsigned char* s, Py_ssize_t n) noexcept nogil:
    """The code point that ends the UTF-8 ``s[:n]`` (n > 0)."""
    cdef Py_ssize_t i = n - 1
    while i > 0 and (s[i] & 0xC0) == 0x80:
        i -= 1
    cdef unsigned char c = s[i]
    if c < 0x80:
        return c
    if c < 0xE0:
        return ((c & 0x1F) << 6) | (s[i + 1] & 0x3F)
    if c < 0xF0:
        return ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F)
    return ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) \
        | (s[i + 3] & 0x3F)


cdef bint lost_before(_CBlock block):
    """Whether the block ends in a gap after a space still to be written ("τοῦ <gap/>"):
    a word divided at the next break has its first part in the gap, and the space
    stays (walk._lost_before)."""
    if block.pending < 0 or not block.markers:
        return False
    at, kind, _ = block.markers[-1]
    return kind == "gap" and at == block.length + 1


cdef int drop_space(_CBlock block) except -1:
    """No space where one is pending: markers that were to follow it stand at the end."""
    if block.pending >= 0:
        if block.markers:
            block.markers = [(min(at, block.length), k, v) for at, k, v in block.markers]
        block.pending = NO_SPACE
    return 0


@cython.no_gc
cdef class _CContext:
    cdef int anchor
    cdef long long base
    cdef object kind
    cdef bint is_block
    cdef bint lines  # an <ab>: its line breaks begin lines
    cdef _CBlock block
    cdef list notes  # None: none yet

    def __cinit__(self, int anchor, long long base, kind, bint is_block, bint lines):
        self.anchor = anchor
        self.base = base
        self.kind = kind
        self.is_block = is_block
        self.lines = lines
        self.block = None
        self.notes = None


cdef class CompiledExtractor:
    """The walk of ``walk.Extractor``; the same attributes once ``text_element`` ran
    (``out`` holds ``_CBlock``s: ``blocks(make)`` turns them into ``offsets.BlockMap``s)."""
    cdef public list anchors
    cdef public list out
    cdef public list loose_markers
    cdef public list markup
    # paragraphs the source divides in two (walk.Extractor.linked, .divided_starts)
    cdef public list linked
    cdef public list divided_starts
    # the language (xml:lang) of each anchor, and the one of the element being read
    cdef public list anchor_langs
    cdef public object lang
    cdef public long long gpos
    cdef int in_note
    cdef _CContext ctx
    cdef tuple readings
    cdef dict roles
    cdef dict kind_of
    cdef object hyphens
    cdef unsigned int hyphen_codes[8]  # the same, for the assembly
    cdef int nhyphens
    cdef object fw_label
    cdef object naming_attributes
    cdef cetree._Document doc
    cdef _Text run
    # tokens (see walk.Extractor.token)
    cdef _CBlock token_block
    cdef Py_ssize_t token_end
    cdef int token_sides_of
    cdef int in_word
    cdef int flat
    cdef object elides
    cdef object eliding
    cdef object opening
    cdef object joining
    cdef object closing
    # divided words marked on the line before the break (source.TeiSource._read)
    cdef public bint breaks_shifted
    cdef public int breaks
    cdef public int breaks_after_stop
    cdef bint divide_next
    cdef int in_math
    cdef object relations
    cdef object tex_pieces
    # role cache: tag name pointer and namespace pointer (libxml2 interns names per
    # document) -> role, kind
    cdef const void* cache_name[CACHE]
    cdef const void* cache_ns[CACHE]
    cdef int cache_role[CACHE]
    cdef list cache_kind

    def __init__(self, bint prefer_original, dict roles, dict kind_of, tuple edited,
                 tuple original, hyphens, fw_label, tuple naming_attributes, tuple marks,
                 elides, tuple formulas):
        self.readings = original + edited if prefer_original else edited + original
        self.gpos = 0
        self.anchors = []
        self.out = []
        self.loose_markers = []
        self.markup = []
        self.linked = []
        self.divided_starts = []
        self.anchor_langs = []
        self.lang = ""
        self.ctx = None
        self.in_note = 0
        self.roles = dict(roles)
        self.kind_of = kind_of
        self.hyphens = hyphens
        self.nhyphens = 0
        for hyphen in sorted(hyphens)[:8]:
            self.hyphen_codes[self.nhyphens] = ord(hyphen)
            self.nhyphens += 1
        self.fw_label = fw_label
        self.naming_attributes = naming_attributes
        self.run = _Text()
        self.cache_kind = [None] * CACHE
        self.doc = None
        self.token_block = None
        self.token_end = -1
        self.token_sides_of = 0
        self.in_word = 0
        self.flat = 0
        self.opening, self.joining, self.closing, self.eliding = marks
        self.elides = elides
        self.breaks_shifted = False
        self.breaks = 0
        self.breaks_after_stop = 0
        self.divide_next = False
        self.in_math = 0
        self.relations, self.tex_pieces = formulas

    # -- looking up what an element is ------------------------------------------
    cdef int slot(self, xmlNode* node):
        """The cache slot of ``node``'s tag: the one that holds it, or the empty one
        to put it in; -1 if the cache is full."""
        cdef int slot = ((<size_t>node.name >> 4) ^ (<size_t>node.ns >> 4)) % CACHE
        cdef int tries
        for tries in range(CACHE):
            if self.cache_name[slot] is NULL or (
                    self.cache_name[slot] == <const void*>node.name
                    and self.cache_ns[slot] == <const void*>node.ns):
                return slot
            slot = (slot + 1) % CACHE
        return -1

    cdef int role(self, xmlNode* node):
        cdef int slot = self.slot(node)
        if slot >= 0 and self.cache_name[slot] is not NULL:
            return self.cache_role[slot]
        tag = self.clark(node)
        role = self.roles.get(tag)
        if role is None:  # unknown: a block between blocks (TEI), a phrase otherwise
            role = KIND_BLOCKABLE if self.in_tei(node) else KIND_INLINE
            self.roles[tag] = role
        if slot >= 0:
            self.cache_name[slot] = <const void*>node.name
            self.cache_ns[slot] = <const void*>node.ns
            self.cache_role[slot] = role
            self.cache_kind[slot] = self.kind_of.get(tag, "paragraph")
        return role

    cdef object kind(self, xmlNode* node):
        cdef int slot = self.slot(node)
        if slot >= 0 and self.cache_name[slot] is not NULL:
            return self.cache_kind[slot]
        return self.kind_of.get(self.clark(node), "paragraph")

    cdef bint in_tei(self, xmlNode* node):
        return node.ns is not NULL and node.ns.href is not NULL \
            and strcmp(<const char*>node.ns.href, TEI_NS) == 0

    cdef object clark(self, xmlNode* node):
        name = (<bytes>node.name).decode("utf-8")
        if node.ns is not NULL and node.ns.href is not NULL:
            return "{" + (<bytes>node.ns.href).decode("utf-8") + "}" + name
        return name

    cdef object proxy(self, xmlNode* node):
        return cetree.elementFactory(self.doc, node)

    # -- walking ----------------------------------------------------------------
    def text_element(self, cetree._Element element):
        self.doc = element._doc
        self.context(element._c_node, "paragraph", False, True)

    def assemble(self, list ids, marker):
        """What ``source.TeiSource._assemble`` makes of the blocks, in one pass: the
        text (the blocks' texts joined by line breaks, decoded once), the paragraphs
        (as four lists: ids, starts, ends, kinds, for ``ParagraphColumns.extend``),
        markers and synthetic positions, which blocks each anchor has, and the
        blocks with text (``_CBlock``s with ``start`` set), and the paragraphs that end
        in a word divided (by a hyphen: ``seams[0]``; at a break: ``seams[1]``)."""
        cdef _CBlock block
        cdef list hyphen_ends = [], joined_ends = []
        cdef int h
        cdef Py_ssize_t position = -1, length, total = 0, n
        cdef int anchor
        cdef long long* f
        cdef list markers = [], synthetic = [], blocks = [], carried = []
        cdef list pids = [], pstarts = [], pends = [], pkinds = []
        cdef list scripts = []
        cdef dict used = {}, anchor_blocks = {}
        for block in self.out:
            total += block.size + 1
        cdef unsigned char* joined = <unsigned char*>PyMem_Malloc(total + 1)
        if joined is NULL:
            raise MemoryError()
        cdef Py_ssize_t size = 0
        try:
            for block in self.out:
                length = block.length
                if not length:  # nothing to read: its markers go to the next block
                    if block.markers is not None:
                        carried += [(k, v) for _, k, v in block.markers]
                    continue
                position += 1  # the line break between paragraphs (or the text's start)
                if position:
                    joined[size] = 10
                    size += 1
                if carried:
                    markers += [marker(position, k, v) for k, v in carried]
                    carried = []
                if block.markers is not None:
                    markers += [marker(position + min(at, length), k, v)
                                for at, k, v in block.markers]
                    block.markers = None
                memcpy(joined + size, block.text, block.size)
                size += block.size
                # Kept from here on is the offset map only: the text is in the document,
                # and a block's buffers were sized for growth (four segments, twice the
                # text), which adds up on a file of a million short paragraphs.
                block.release_text()
                block.start = position
                if block.synthetic:
                    for n in range(block.nseg):
                        f = block.seg + n * SEG
                        if not f[3]:
                            synthetic.append(position + f[0])
                if block.scripts is not None:
                    scripts += [(position + s, position + e, k) for s, e, k in block.scripts]
                anchor = block.anchor
                anchor_id = ids[anchor]
                count = used.get(anchor_id)
                if count is not None:
                    # A block split by a nested one shares its anchor; "~" keeps the
                    # paragraph ids unique and out of the XML id space.
                    used[anchor_id] = count + 1
                    pid = f"{anchor_id}~{count + 1}"
                else:
                    used[anchor_id] = 1
                    pid = anchor_id
                pids.append(pid)
                pstarts.append(position)
                pends.append(position + length)
                pkinds.append(block.kind)
                numbers = anchor_blocks.get(anchor)
                if numbers is None:
                    anchor_blocks[anchor] = len(blocks)
                elif isinstance(numbers, int):
                    anchor_blocks[anchor] = [numbers, len(blocks)]
                else:
                    numbers.append(len(blocks))
                if block.pending == JOIN:
                    joined_ends.append(len(blocks))
                else:
                    for h in range(self.nhyphens):
                        if block.last == self.hyphen_codes[h]:
                            hyphen_ends.append(len(blocks))
                            break
                blocks.append(block)
                position += length
            if position < 0:
                position = 0
            markers += [marker(position, k, v) for k, v in carried + self.loose_markers]
            text = PyUnicode_DecodeUTF8(<char*>joined, size, NULL)
        finally:
            PyMem_Free(joined)
        return (text, (pids, pstarts, pends, pkinds), markers, synthetic, anchor_blocks, blocks, scripts,
                (hyphen_ends, joined_ends))

    cdef int context(self, xmlNode* node, kind, bint is_block, bint split) except -1:
        cdef _CContext outer = self.ctx
        if outer is not None and split and (outer.block is not None or outer.notes):
            self.flush(outer)
        self.anchors.append(self.proxy(node))
        self.anchor_langs.append(self.lang)
        if node.properties is not NULL and links_parts(node):
            self.linked.append(len(self.anchors) - 1)
        if not has_lxml_children(node):  # only text (most paragraphs): the fast path
            if node.children is not NULL:
                self.run.set_run(node.children)
                if self.run.size:
                    self.leaf(len(self.anchors) - 1, "note" if self.in_note else kind)
            return 0
        cdef _CContext ctx = _CContext(len(self.anchors) - 1, self.gpos,
                                       "note" if self.in_note else kind, is_block,
                                       self.in_tei(node) and strcmp(<const char*>node.name,
                                                                    b"ab") == 0)
        self.ctx = ctx
        self.children(node)
        if ctx.block is not None or ctx.notes:
            self.flush(ctx)
        self.ctx = outer
        return 0

    cdef int children(self, xmlNode* node) except -1:
        cdef xmlNode* child = node.children
        cdef bint at_text = True  # lxml's .text, then each child's .tail
        while child is not NULL:
            if is_text(child) or skipped_by_lxml(child):
                if at_text:
                    self.run.set_run(child)
                    if self.run.size:
                        self.feed()
                    at_text = False
                child = child.next
                continue
            if child.type == tree.XML_ELEMENT_NODE:
                self.element(child, self.role(child))
            # Comments, processing instructions: not in the string value; the text
            # after them is.
            at_text = True
            child = child.next
        return 0

    cdef int element(self, xmlNode* node, int role) except -1:
        """Read ``node`` as its role says, in its own language if it names one."""
        cdef const unsigned char* own = xml_lang(node) if node.properties is not NULL else NULL
        if own is NULL:
            return self.element_in(node, role)
        outer = self.lang
        self.lang = (<bytes>own).decode("utf-8")
        try:
            return self.element_in(node, role)
        finally:
            self.lang = outer

    cdef int element_in(self, xmlNode* node, int role) except -1:
        cdef _CContext ctx = self.ctx
        cdef long long start
        if self.flat and role <= KIND_BLOCKABLE:
            self.token(node, T_ITEM)  # an item of a list read inline
        elif role == KIND_INLINE or (role == KIND_BLOCKABLE and ctx.is_block):
            self.children(node)
        elif role == TOKEN:
            self.token(node, T_W if node.name[0] == 119 else T_PC if node.name[0] == 112
                       else T_C)  # w, pc, c
        elif role == LIST:
            # in a paragraph: read inline; in an item or a cell: a list of its own
            if (ctx.is_block and ctx.kind != "item" and ctx.kind != "cell") or self.flat:
                self.token(node, T_ITEM)
            else:
                self.context(node, "paragraph", False, True)
        elif role == MATH:
            self.math(node, (<bytes>node.name).decode("utf-8"))
        elif role == NAMED:
            start = self.gpos
            self.children(node)
            element = self.proxy(node)
            attrs = tuple([(a, element.get(a)) for a in self.naming_attributes
                           if element.get(a) is not None])
            self.markup.append((ctx.anchor, start - ctx.base, self.gpos - ctx.base,
                                (<bytes>node.name).decode("utf-8"), attrs))
        elif role <= KIND_BLOCKABLE:
            self.context(node, self.kind(node), role != KIND_CONTAINER, True)
        elif role == LB:
            self.line_break(ctx, node)
        elif role == MARK:
            self.marker(ctx, (<bytes>node.name).decode("utf-8"), self.proxy(node).get("n", ""))
            self.gpos += string_length(node)
            self.page_break(ctx, node)
        elif role == FW:
            self.marker(ctx, "fw", self.fw_label(self.proxy(node)))
            self.gpos += string_length(node)
        elif role == GAP:
            self.marker(ctx, "gap", self.proxy(node).get("reason", ""))
            self.gpos += string_length(node)
        elif role == NOTE:
            self.note(ctx, node)
        elif role == CHOICE:
            self.choice(node)
        else:  # SKIPPED
            self.gpos += string_length(node)
        return 0

    cdef int choice(self, xmlNode* node) except -1:
        """Read one child of ``<choice>``/``<app>``; count the others' characters only."""
        cdef xmlNode* chosen = NULL
        cdef xmlNode* child
        cdef bytes wanted
        for name in self.readings:
            wanted = name.encode("utf-8")
            child = node.children
            while child is not NULL:
                if child.type == tree.XML_ELEMENT_NODE and self.in_tei(child) \
                        and strcmp(<const char*>child.name, <const char*>wanted) == 0:
                    chosen = child
                    break
                child = child.next
            if chosen is not NULL:
                break
        if chosen is NULL:
            child = node.children
            while child is not NULL:
                if child.type == tree.XML_ELEMENT_NODE:
                    chosen = child
                    break
                child = child.next
        child = node.children
        while child is not NULL:
            if child == chosen:
                self.element(child, self.role(child))
            elif child.type == tree.XML_ELEMENT_NODE:
                self.gpos += string_length(child)
            elif is_text(child) and child.content is not NULL:
                self.gpos += code_points(child.content, _strlen(child.content))
            child = child.next
        return 0

    cdef int note(self, _CContext ctx, xmlNode* node) except -1:
        """A note is its own block(s), placed after the block it interrupts."""
        self.marker(ctx, "note", self.proxy(node).get("n", ""))
        out, loose = self.out, self.loose_markers
        self.out, self.loose_markers = [], []
        self.in_note += 1
        cdef _CBlock token_block = self.token_block
        cdef Py_ssize_t token_end = self.token_end
        cdef int token_sides = self.token_sides_of, flat = self.flat
        self.flat = 0
        self.context(node, "note", True, False)
        self.token_block, self.token_end, self.token_sides_of, self.flat = (
            token_block, token_end, token_sides, flat)
        self.in_note -= 1
        blocks = self.out
        self.out, self.loose_markers = out, loose
        if ctx.is_block or ctx.block is not None:
            if ctx.notes is None:
                ctx.notes = blocks
            else:
                ctx.notes += blocks
        else:
            self.out += blocks
        return 0

    cdef int line_break(self, _CContext ctx, xmlNode* node) except -1:
        self.gpos += string_length(node)
        cdef _CBlock block = ctx.block
        cdef bint divided = attribute_is(node, b"break", b"no")
        if divided and not self.breaks_shifted and block is not None and block.length:
            self.breaks += 1
            if chr(block.last) in ".,;:!?":
                self.breaks_after_stop += 1
        if self.breaks_shifted:
            divided, self.divide_next = self.divide_next, divided
        if block is None or not block.length:
            if divided and not self.breaks_shifted and block is None and ctx.is_block:
                self.divided_starts.append(ctx.anchor)  # it goes on with the one before
            return 0
        if self.in_word or divided or says_hyphen(node) or (
                not attribute_is(node, b"break", b"yes") and chr(block.last) in self.hyphens):
            # A word divided at the line end: join the halves, over the white space
            # around the break and any page break or running head between them.
            if lost_before(block):
                return 0
            drop_space(block)
            block.pending = JOIN
        elif block.pending == JOIN:
            return 0
        elif ctx.lines and not self.flat and not self.in_note \
                and attribute(node, b"ed") is NULL and attribute(node, b"edRef") is NULL:
            self.flush(ctx)  # a line of its own
            ctx.kind = "line"
        elif block.pending < 0:
            block.pending = 2 * (self.gpos - ctx.base)
        return 0

    cdef int page_break(self, _CContext ctx, xmlNode* node) except -1:
        """A page or column break inside a word joins its halves as a line break does."""
        cdef _CBlock block = ctx.block
        if block is None or not block.length or block.pending == JOIN:
            return 0
        if attribute_is(node, b"break", b"no") or (
                not attribute_is(node, b"break", b"yes")
                and (strcmp(<const char*>node.name, b"pb") == 0
                     or strcmp(<const char*>node.name, b"cb") == 0)
                and chr(block.last) in self.hyphens):
            if lost_before(block):
                return 0
            drop_space(block)
            block.pending = JOIN
        return 0

    cdef int sides(self, xmlNode* node, int kind) except -1:
        """``walk.token_sides``, on libxml2's node."""
        cdef int sides = WORDLIKE | SPACED_RIGHT if kind == T_W else 0
        cdef xmlNode* first = node.children
        cdef const unsigned char* text = NULL
        cdef const unsigned char* join
        if first is not NULL and is_text(first) and first.content is not NULL:
            text = first.content
        if kind == T_PC:
            if text is not NULL:
                while is_space(text[0]):
                    text += 1
            mark = chr(first_char(text)) if text is not NULL and text[0] else ""
            if attribute_is(node, b"pre", b"true") or (mark and mark in self.opening):
                sides = JOIN_RIGHT
            elif mark and mark in self.joining:
                sides = JOIN_LEFT | JOIN_RIGHT
            elif mark and mark in self.closing:
                sides = JOIN_LEFT | SPACED_RIGHT
        elif kind == T_W and text is not NULL and (text[0] == 45 or (
                text[0] == 0xE2 and text[1] == 0x80 and text[2] == 0x90)):  # - or ‐
            sides |= JOIN_LEFT
        join = attribute(node, b"join")
        if join is not NULL:
            if strcmp(<const char*>join, b"left") == 0:
                sides |= JOIN_LEFT
            elif strcmp(<const char*>join, b"right") == 0:
                sides |= JOIN_RIGHT
            elif strcmp(<const char*>join, b"both") == 0 \
                    or strcmp(<const char*>join, b"overlap") == 0:
                sides |= JOIN_LEFT | JOIN_RIGHT
            elif strcmp(<const char*>join, b"no") == 0:
                sides |= APART_LEFT | APART_RIGHT
            if sides & JOIN_RIGHT:
                sides &= ~SPACED_RIGHT
        return sides

    cdef int token(self, xmlNode* node, int kind) except -1:
        """A token: the space before it as its sides and its neighbour's say, then its
        text (``walk.token_sides``)."""
        if self.in_word:  # a part of a word
            self.children(node)
            return 0
        cdef _CContext ctx = self.ctx
        cdef int sides = WORDLIKE | SPACED_RIGHT if kind == T_ITEM else self.sides(node, kind)
        cdef int before
        cdef _CBlock block = ctx.block
        cdef Py_ssize_t length = -1
        if block is not None:
            length = block.length
            if block is self.token_block and length == self.token_end:
                # Only white space, line breaks or markers since the token before.
                before = self.token_sides_of
                if sides & JOIN_LEFT or before & JOIN_RIGHT:
                    drop_space(block)
                elif block.pending == NO_SPACE and (
                        sides & APART_LEFT or before & APART_RIGHT
                        or (sides & WORDLIKE and before & SPACED_RIGHT)):
                    block.pending = 2 * (self.gpos - ctx.base)  # a space the source has not
        if kind == T_W:
            self.in_word += 1
            self.children(node)
            self.in_word -= 1
        elif kind == T_ITEM:
            self.flat += 1
            self.children(node)
            self.flat -= 1
        else:
            self.children(node)
        cdef _CBlock after = ctx.block
        if after is None:
            self.token_block = None
            return 0
        if kind == T_W and not sides & JOIN_RIGHT and (after is not block
                                                       or after.length != length):
            if chr(after.last) in self.eliding and self.elides(self.proxy(node)):
                sides = (sides | JOIN_RIGHT) & ~SPACED_RIGHT
        self.token_block = after
        self.token_end = after.length
        self.token_sides_of = sides
        return 0

    # -- formulas (walk.Extractor.math) ---------------------------------------
    cdef int math(self, xmlNode* node, str name) except -1:
        cdef _CContext ctx = self.ctx
        cdef bint relation
        if name == "formula":
            if "tex" in (self.proxy(node).get("notation") or "").lower() \
                    and not has_lxml_children(node):
                self.tex(ctx, self.proxy(node).text or "")
            else:
                self.children(node)
            return 0
        self.in_math += 1
        if name == "mo":
            element = self.proxy(node)
            relation = (element.text or "").strip(" \t\r\n") in self.relations \
                and not has_lxml_children(node)
            if relation:
                self.math_space(ctx)
            self.children(node)
            if relation:
                self.math_space(ctx)
        elif name == "mfrac":
            self.math_parts(node, ("part", "/", "part"))
        elif name == "msub" or name == "munder":
            self.math_parts(node, ("base", "sub"))
        elif name == "msup" or name == "mover":
            self.math_parts(node, ("base", "sup"))
        elif name == "msubsup" or name == "munderover":
            self.math_parts(node, ("base", "sub", "sup"))
        elif name == "msqrt":
            self.add_synthetic(ctx, "√(")
            self.children(node)
            self.add_synthetic(ctx, ")")
        elif name == "mroot":
            self.math_parts(node, ("√(", "base", ")", "sup"))
        else:
            self.children(node)
        self.in_math -= 1
        return 0

    cdef int math_parts(self, xmlNode* node, tuple how) except -1:
        cdef _CContext ctx = self.ctx
        cdef xmlNode* child = node.children
        cdef bint at_text = True
        cdef Py_ssize_t index = 0, count = len(how)
        while child is not NULL:
            if is_text(child) or skipped_by_lxml(child):
                if at_text:
                    self.run.set_run(child)
                    if self.run.size:
                        self.feed()
                    at_text = False
                child = child.next
                continue
            if child.type == tree.XML_ELEMENT_NODE:
                step = how[index] if index < count else "base"
                index += 1
                while step not in ("base", "part", "sub", "sup"):
                    self.add_synthetic(ctx, step)
                    step = how[index] if index < count else "base"
                    index += 1
                if step == "part" and (strcmp(<const char*>child.name, b"mrow") == 0
                                       or strcmp(<const char*>child.name, b"mfrac") == 0) \
                        and lxml_len(child) > 1:
                    self.add_synthetic(ctx, "(")
                    self.element(child, self.role(child))
                    self.add_synthetic(ctx, ")")
                elif step == "sub" or step == "sup":
                    self.script(ctx, child, step, None)
                else:
                    self.element(child, self.role(child))
            at_text = True
            child = child.next
        while index < count:
            step = how[index]
            index += 1
            if step not in ("base", "part", "sub", "sup"):
                self.add_synthetic(ctx, step)
        return 0

    cdef int script(self, _CContext ctx, xmlNode* child, kind, bytes text) except -1:
        cdef _CBlock block = ctx.block
        cdef Py_ssize_t start = 0
        if block is not None:
            start = block.length + (block.pending >= 0)
        if child is not NULL:
            self.element(child, self.role(child))
        else:
            self.run.set_bytes(text)
            if self.run.size:
                self.feed()
        cdef _CBlock after = ctx.block
        if after is not None and (after is block or block is None) and after.length > start:
            if after.scripts is None:
                after.scripts = []
            after.scripts.append((start, after.length, kind))
        return 0

    cdef int tex(self, _CContext ctx, str text) except -1:
        for kind, start, end in self.tex_pieces(text):
            if kind == "text":
                self.run.set_bytes(text[start:end].encode("utf-8"))
                if self.run.size:
                    self.feed()
            elif kind == "skip":
                self.gpos += end - start
            elif kind == "/":
                self.add_synthetic(ctx, "/")
            else:
                self.script(ctx, NULL, kind, text[start:end].encode("utf-8"))
        return 0

    cdef int math_space(self, _CContext ctx) except -1:
        cdef _CBlock block = ctx.block
        if block is not None and block.length and block.pending == NO_SPACE:
            block.pending = 2 * (self.gpos - ctx.base)
        return 0

    cdef int add_synthetic(self, _CContext ctx, str chars) except -1:
        """Write ``chars`` that the source has not (after a pending space)."""
        cdef long long at = self.gpos - ctx.base
        cdef _CBlock block = ctx.block
        cdef long long pending, space
        cdef long long* last
        cdef Py_ssize_t length
        if block is None:
            block = _CBlock()
            block.anchor = ctx.anchor
            block.kind = ctx.kind
            block.markers = self.take_markers()
            block.pending = NO_SPACE
            ctx.block = block
        length = block.length
        pending = block.pending
        if pending >= 0:
            space = pending >> 1
            last = block.seg + (block.nseg - 1) * SEG
            if pending & 1 and block.nseg and last[4] < 0 and last[3] \
                    and last[1] + last[3] == space:
                last[2] += 1
                last[3] += 1
            else:
                block.add_segment(length, space, 1, pending & 1, NULL, 0)
            block.write_space()
            length += 1
        for char in chars:
            block.add_segment(length, at, 1, 0, NULL, 0)
            block.write_bytes(char.encode("utf-8"))
            length += 1
        block.length = length
        block.pending = NO_SPACE
        block.synthetic = True
        return 0

    cdef int marker(self, _CContext ctx, kind, label) except -1:
        cdef _CBlock block = ctx.block
        cdef Py_ssize_t at
        if block is not None:
            at = block.length + (block.pending >= 0 and block.length > 0)
            if block.markers is None:
                block.markers = [(at, kind, label)]
            else:
                block.markers.append((at, kind, label))
        else:
            self.loose_markers.append((kind, label))
        return 0

    # -- blocks -----------------------------------------------------------------
    cdef int flush(self, _CContext ctx) except -1:
        if ctx.block is not None:
            self.out.append(ctx.block)
            ctx.block = None
        if ctx.notes:
            self.out += ctx.notes
            ctx.notes = None
        return 0

    cdef object take_markers(self):
        if not self.loose_markers:
            return None
        markers = [(0, k, v) for k, v in self.loose_markers]
        self.loose_markers = []
        return markers

    cdef int leaf(self, int anchor, kind) except -1:
        """The run's text as a block of its own (an element with text only)."""
        cdef const unsigned char* s = self.run.data
        cdef Py_ssize_t n = self.run.size
        cdef Py_ssize_t i = 0, j = n
        while i < n and is_space(s[i]):
            i += 1
        while j > i and is_space(s[j - 1]):
            j -= 1
        if i == j:
            self.gpos += n  # white space only: ASCII
            return 0
        cdef _CBlock block = _CBlock()
        block.anchor = anchor
        block.kind = kind
        block.markers = self.take_markers()
        block.pending = NO_SPACE
        cdef Py_ssize_t clen
        cdef Py_ssize_t size = block.write_collapsed(s + i, j - i, &clen)
        self.gpos += i + clen + (n - j)
        block.add_segment(0, i, size, clen, NULL if size == clen else s + i, j - i)
        block.length = size
        self.out.append(block)
        return 0

    cdef int feed(self) except -1:
        """Add the run's text: collapse its white space, record where it came from."""
        cdef const unsigned char* s = self.run.data
        cdef Py_ssize_t n = self.run.size
        cdef _CContext ctx = self.ctx
        cdef long long gpos = self.gpos
        cdef long long offset = gpos - ctx.base
        cdef Py_ssize_t i = 0, j = n
        while i < n and is_space(s[i]):
            i += 1
        while j > i and is_space(s[j - 1]):
            j -= 1
        cdef _CBlock block = ctx.block
        if i == j:  # white space only: at most a space before what follows
            self.gpos = gpos + n
            if block is not None and not block.pending & 1 and block.pending != JOIN \
                    and not self.in_math:
                block.pending = 2 * offset + 1
            return 0
        # Leading white space is ASCII: i bytes are i characters.
        cdef long long where = offset + i
        cdef Py_ssize_t clen = 0
        cdef Py_ssize_t size, length
        cdef long long pending, at
        cdef long long* last
        if block is None:  # the first text of a block: no space to write before it
            block = _CBlock()
            block.anchor = ctx.anchor
            block.kind = ctx.kind
            block.markers = self.take_markers()
            block.pending = NO_SPACE
            size = block.write_collapsed(s + i, j - i, &clen)
            block.add_segment(0, where, size, clen, NULL if size == clen else s + i, j - i)
            block.length = size
            ctx.block = block
        else:
            length = block.length
            pending = block.pending
            if where > offset and not pending & 1 and pending != JOIN:
                pending = 2 * offset + 1
            if pending >= 0:
                # Never at a block's start (length 0): blocks are trimmed.
                at = pending >> 1
                last = block.seg + (block.nseg - 1) * SEG
                if pending & 1 and last[4] < 0 and last[3] and last[1] + last[3] == at:
                    last[2] += 1
                    last[3] += 1
                elif pending & 1:
                    block.add_segment(length, at, 1, 1, NULL, 0)
                else:
                    block.add_segment(length, at, 1, 0, NULL, 0)
                    block.synthetic = True
                block.write_space()
                length += 1
            block.pending = NO_SPACE
            size = block.write_collapsed(s + i, j - i, &clen)
            last = block.seg + (block.nseg - 1) * SEG
            if size != clen:
                block.add_segment(length, where, size, clen, s + i, j - i)
            elif last[4] < 0 and last[3] and last[1] + last[3] == where \
                    and last[0] + last[2] == length:
                last[2] += size
                last[3] += size
            else:
                block.add_segment(length, where, size, size, NULL, 0)
            block.length = length + size
        self.gpos = gpos + i + clen + (n - j)
        if is_space(s[n - 1]):
            block.pending = 2 * (where + clen) + 1
        return 0
