"""Any TEI document as text to annotate: its reading text and an exact offset map.

``TeiSource.from_bytes(data, path)`` reads a TEI file that Annotator did not
write (a DTA letter, a DraCor play, an ELTeC novel ...) and derives the text a
reader sees from ``<text>`` (or from the pages of ``<sourceDoc>``, see ``elements_to_read``):
headings, paragraphs, verse lines, speakers, notes ... become *blocks* (the
model's paragraphs, with a ``kind``); page breaks, running heads and gaps become
*markers*; names the file already marks up (``persName`` ...) become a read-only
*markup* layer. The rules are listed in ``docs/tei-import.md``.

Annotations on that text are stored as TEI ``string-range(ID,OFFSET,LENGTH)``
pointers. TEI counts OFFSET in the *string value* of the element with that id
(all its descendant text: whitespace, notes, both readings of a ``choice``),
not in what the reader sees, so every block keeps run-length *segments* that
map its characters back to (anchor element, offset in the anchor's string
value). The anchor of a block is the block element itself; it is given an
``xml:id`` on saving if it has none (``annotator.tei.splice``). Segments are
resolved with bisect: no per-character objects, so the 2.4 MB ELTeC novel is
read in a fraction of a second.

A block character is *real* (it is one character of the source: a letter, or
the first of a run of XML whitespace shown as one space) or *synthetic* (the
space a ``<lb/>`` stands for, the space between two tokens the file writes side
by side, a formula's fraction bar). Synthetic characters have no position in the
source, so no pointer can start or end on one: ``trim`` moves such ends inward.
White space of the source may also be left out (between tokens, around the break
in a divided word): it lies inside a pointer whose ends are around it.

Annotations saved earlier by Annotator (its ``standOff``, recognised through
the registry in ``appInfo``, see ``splice``) are read back at exactly the same
characters.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from lxml import etree

from annotator import collector
from annotator.errors import Problem, ReadError
from annotator.model import (
    AnnotatedDocument,
)
from annotator.model.document import Document, Marker, Markup, Metadata
from annotator.model.paragraphs import ParagraphColumns
from annotator.tei import TEI_NS, XML_ID, XML_LANG, walk
from annotator.tei.additions import Registry, quoted_text, read_additions
from annotator.tei.offsets import (
    SEG_ANCHOR_LENGTH,
    SEG_ANCHOR_OFFSET,
    SEG_BLOCK_OFFSET,
    SEG_FIELDS,
    Anchor,
    Block,
    BlockMap,
    SourceRange,
)
from annotator.tei.parsing import is_ncname, parse_xml, require_tei
from annotator.tei.walk import (
    DIVIDED,
    HYPHENS,
    CompiledBlocks,
    Extractor,
    elements_to_read,
    normalise,
    person_name,
    string_length,
    walk_text,
)

# Elements with an xml:id, and those of other namespaces (TEI schemas do not know them).
# Plain paths instead of one with a two-part predicate per element ("//*[@xml:id or
# not(self::t:*)]"), which is slower; the foreign elements are only looked for when
# the counts show there are some.
_WITH_ID = etree.XPath("//@xml:id/..")
_NOTE = f"{{{TEI_NS}}}note"


def _elsewhere(root: etree._Element) -> str:
    """Where a TEI file with nothing to read in ``<text>`` has its content, for the
    message that says so: a manuscript described in the header (a catalogue record),
    the images of a ``<facsimile>``."""
    said = ""
    description = root.find(f"{{{TEI_NS}}}teiHeader//{{{TEI_NS}}}msDesc")
    if description is not None:
        size = len(normalise(description.xpath("string(.)")))
        said += (f"; its header describes a manuscript (<msDesc>, {size:,} characters), "
                 "which Annotator does not show")
    facsimile = root.find(f"{{{TEI_NS}}}facsimile")
    if facsimile is not None:
        images = len(facsimile.findall(f".//{{{TEI_NS}}}graphic"))
        said += f"; its <facsimile> has {images:,} image{'s' * (images != 1)} and no text"
    return said
_ELEMENT_COUNT = etree.XPath("count(//*)")
_TEI_ELEMENT_COUNT = etree.XPath("count(//t:*)", namespaces={"t": TEI_NS})
_FOREIGN = etree.XPath("//*[not(self::t:*)]", namespaces={"t": TEI_NS})
ANCHOR_ID_PREFIX = "ann-b"


# -- the source ----------------------------------------------------------------------


class TeiSource:
    """A foreign TEI document: its bytes, its reading text and the offset map."""

    def __init__(self) -> None:  # use from_bytes
        self.path: str | None = None
        self.data = b""
        self.tree: etree._ElementTree
        self._anchors: tuple[Anchor, ...] | None = None
        self._anchor_elements: list[etree._Element] = []
        self._anchor_id_list: list[str] = []
        self._anchor_original: list[bool] = []
        self.document: Document
        self.annotated: AnnotatedDocument
        self.notes: list[str] = []
        self.problems: list[Problem] = []
        self.prefer_original = False
        self.registry: Registry | None = None
        self._blocks: list[BlockMap] = []  # the non-empty ones, one per paragraph
        # anchor -> the number of its only block, or the numbers of its blocks
        self._anchor_blocks: dict[int, int | list[int]] = {}
        self._foreign: list[etree._Element] = []  # elements of other namespaces
        # xml:ids more than one element has, with those elements' lines (a file Annotator
        # can show, but cannot point into there)
        self.repeated_ids: dict[str, list[int]] = {}
        # Annotations whose pointers no longer give the text they were made on.
        self.warnings: list[Problem] = []
        # Annotations whose pointers begin or end on text this reading does not show
        # (the other reading of a choice): made on the other reading (``files``).
        self.ends_off_reading = 0
        self._string_values: dict[int, str] = {}  # anchor -> its string value, once asked
        # The file marks divided words on the line break before the line they end.
        self.shifted_breaks = False

    # -- reading ----------------------------------------------------------------
    @classmethod
    def from_bytes(cls, data: bytes, path: str | None = None, *,
                   prefer_original: bool = False) -> TeiSource:
        """Read a TEI document; raise ``ReadError`` if it is not TEI or not XML.

        ``prefer_original`` shows the source's reading of every ``choice``
        (``orig``, ``abbr``, ``sic``) instead of the edited one.
        """
        # The walk makes many small objects (tens of thousands on a novel); a full
        # collection set off among them would walk every object of the program for no
        # garbage.
        with collector.paused():
            return cls._read(data, path, prefer_original)

    @classmethod
    def _read(cls, data: bytes, path: str | None, prefer_original: bool) -> TeiSource:
        self = cls()
        self.path, self.data, self.prefer_original = path, data, prefer_original
        tree, problems = parse_xml(data, path)
        root = require_tei(tree, path)
        self.tree = tree
        self.problems = list(problems)
        self.registry = Registry.find(root)
        walked, told = elements_to_read(root)
        if not walked:
            raise ReadError("the TEI document has no <text>" + _elsewhere(root), path,
                            root.sourceline)
        extractor = walk_text(walked, prefer_original, False, path)
        if extractor.breaks >= 4 and extractor.breaks_after_stop * 5 >= extractor.breaks:
            # A word is never divided after a full stop or a comma: this file marks
            # divided words on the line break that begins the line they end (as the
            # e-ditiones corpus does), and is read so.
            extractor = walk_text(walked, prefer_original, True, path)
            self.shifted_breaks = True
        if any(extractor.anchors[n].tag == _NOTE for n in extractor.linked):
            walk.place_continued_notes(extractor.out, extractor.anchors)
        self._assemble(root, extractor)
        self.annotated = read_additions(self, root)
        self.notes = self._notes(root) + told
        self._foreign = []
        return self

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The blocks of the reading text, one per paragraph of ``document``."""
        return tuple(Block(b.kind, b.anchor, b.start, b.start + b.length)
                     for b in self._blocks)

    def _assemble(self, root: etree._Element, extractor: Extractor) -> None:
        reserved, with_id = self._reserved_ids(root)
        self._anchor_elements = extractor.anchors
        ids = self._anchor_id_list = self._anchor_ids(extractor, reserved, with_id)
        del with_id
        if self.problems:  # ids the parser complained of: some may not be names
            ids = [anchor_id if is_ncname(anchor_id) else f"{ANCHOR_ID_PREFIX}{n}-id"
                   for n, anchor_id in enumerate(ids, 1)]  # (for the paragraphs only)
        # The paragraphs go into columns as they are made (no Paragraph object each).
        columns = ParagraphColumns()
        if isinstance(extractor, Extractor):
            text, markers, synthetic, seams = self._assemble_blocks(extractor, ids, columns)
            scripts = self._scripts
        else:  # the compiled walk does the same in one pass
            (text, paragraph_lists, markers, synthetic, self._anchor_blocks,
             made, scripts, seams) = extractor.assemble(ids, Marker)
            columns.extend(*paragraph_lists)
            self._blocks = CompiledBlocks(made)  # type: ignore[assignment]
        paragraphs = columns.paragraphs()
        metadata = self._metadata(root)
        continuing = walk.continuing_starts(text, paragraphs, seams, self._anchor_blocks,
                                            self._block_anchors, self._anchor_elements,
                                            extractor.linked, extractor.divided_starts)
        self.document = Document(text, paragraphs, metadata,
                                 markers=tuple(markers), reserved_ids=reserved,
                                 synthetic=frozenset(synthetic), scripts=tuple(scripts),
                                 languages=self._languages(metadata.language,
                                                           extractor.anchor_langs),
                                 continuing=continuing)
        markup = []
        for anchor, start, end, name, attrs in extractor.markup:
            span = self.to_text(anchor, start, end)
            if span is not None:
                first, last = span
                while first < last and text[first] == " ":
                    first += 1
                while last > first and text[last - 1] == " ":
                    last -= 1
                if first < last:
                    markup.append(Markup(name, first, last, attrs))
        markup.sort(key=lambda m: (m.start, -m.end))
        self.document.markup = tuple(markup)

    def _block_anchors(self) -> list[int]:
        """The anchor of each block (each paragraph), in order."""
        blocks = self._blocks
        return (blocks.anchors() if isinstance(blocks, CompiledBlocks)
                else [b.anchor for b in blocks])

    def _languages(self, language: str, anchor_langs: list[str]) -> tuple[str, ...]:
        """Each paragraph's ``xml:lang`` (its own or the nearest element's around it, as
        the walk noted for each anchor: ``anchor_langs``) where it differs from the
        document's (``language``, the root's), "" elsewhere; () when none differs (an
        XPath for any ``xml:lang`` in ``<text>`` would read the whole tree of a file that
        has none: 20 ms of a 3 MB volume)."""
        found = tuple("" if lang == language else lang
                      for lang in map(anchor_langs.__getitem__, self._block_anchors()))
        return found if any(found) else ()

    def _assemble_blocks(self, extractor: Extractor, ids: list[str],
                         paragraphs: ParagraphColumns
                         ) -> tuple[str, list[Marker], list[int], tuple[list[int], list[int]]]:
        """The text, markers and synthetic positions of the blocks walked, and the
        paragraphs that end in a word divided (by a hyphen; at a break: see
        ``walk.continuing_starts``); adds their paragraphs to ``paragraphs``, fills
        ``_blocks`` and ``_anchor_blocks``."""
        hyphen_ends: list[int] = []
        joined_ends: list[int] = []
        used: dict[str, int] = {}
        parts: list[str] = []
        # The paragraphs' columns, handed over together at the end (as the compiled walk
        # does): ids, starts, ends, kinds.
        pids: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        kinds: list[str] = []
        blocks = self._blocks
        anchor_blocks = self._anchor_blocks
        markers: list[Marker] = []
        synthetic: list[int] = []
        scripts: list[tuple[int, int, str]] = []
        self._scripts = scripts
        carried: list[tuple[str, str]] = []
        position = -1  # before the "\n" between paragraphs
        for block in extractor.out:
            length = block.length
            if not length:  # nothing to read: its markers go to the next block
                carried += [(k, v) for _, k, v in block.markers or ()]
                continue
            position += 1  # the "\n" between paragraphs (or the text's start)
            if carried:
                markers += [Marker(position, k, v) for k, v in carried]
                carried = []
            if block.markers is not None:
                markers += [Marker(position + min(at, length), k, v)
                            for at, k, v in block.markers]
                block.markers = None
            block_parts = block.parts
            parts.append(block_parts if isinstance(block_parts, str)
                         else "".join(block_parts))  # type: ignore[arg-type]
            block.parts = None
            block.start = position
            if block.synthetic:
                segs = block.segs
                synthetic += [position + segs[n - SEG_ANCHOR_LENGTH + SEG_BLOCK_OFFSET]
                              for n in range(SEG_ANCHOR_LENGTH, len(segs), SEG_FIELDS)
                              if not segs[n]]
            if block.scripts is not None:
                scripts += [(position + s, position + e, k) for s, e, k in block.scripts]
            anchor = block.anchor
            anchor_id = ids[anchor]
            if anchor_id in used:
                # A block split by a nested one (a list in a paragraph) shares its anchor;
                # the model wants unique paragraph ids, "~" keeps them out of the XML id
                # space.
                count = used[anchor_id] = used[anchor_id] + 1
                pid = f"{anchor_id}~{count}"
            else:
                used[anchor_id] = 1
                pid = anchor_id
            pids.append(pid)
            starts.append(position)
            ends.append(position + length)
            kinds.append(block.kind)
            numbers = anchor_blocks.get(anchor)
            if numbers is None:
                anchor_blocks[anchor] = len(blocks)
            elif isinstance(numbers, int):
                anchor_blocks[anchor] = [numbers, len(blocks)]
            else:
                numbers.append(len(blocks))
            if block.pending == DIVIDED:
                joined_ends.append(len(blocks))
            elif parts[-1][-1] in HYPHENS:
                hyphen_ends.append(len(blocks))
            blocks.append(block)
            position += length
        paragraphs.extend(pids, starts, ends, kinds)
        position = max(position, 0)
        markers += [Marker(position, k, v) for k, v in carried + extractor.loose_markers]
        return "\n".join(parts), markers, synthetic, (hyphen_ends, joined_ends)

    def _anchor_ids(self, extractor: Extractor, reserved: frozenset[str],
                    with_id: dict[etree._Element, str]) -> list[str]:
        """The id of every anchor: its own, or the one saving will give it.

        ``with_id`` maps every element with an ``xml:id`` to it.
        """
        anchors = extractor.anchors
        if with_id.keys().isdisjoint(anchors):  # the common case: none has an id yet
            # numbered in document order, so the same file gives the same ids
            ids = list(map(f"{ANCHOR_ID_PREFIX}{{}}".format, range(1, len(anchors) + 1)))
            if reserved.isdisjoint(ids):
                self._anchor_original = [False] * len(ids)
                return ids
        ours = self.registry.ids if self.registry else frozenset()
        found = list(map(with_id.get, anchors))
        # The file's own ids are kept (not those an earlier save gave); the others are
        # numbered in document order, so the same file gives the same ids.
        original = self._anchor_original = [
            existing is not None and existing not in ours for existing in found]
        numbered = [n for n, kept in enumerate(original) if not kept]
        made = list(map(f"{ANCHOR_ID_PREFIX}{{}}".format, range(1, len(numbered) + 1)))
        ids = found
        taken = set(reserved)
        for n, new in zip(numbered, made, strict=True):
            if found[n] is None:
                if new in taken:  # (rare: the file uses such an id itself)
                    base, suffix = new, 1
                    while new in taken:
                        suffix += 1
                        new = f"{base}-{suffix}"
                    taken.add(new)
                ids[n] = new
        return ids  # type: ignore[return-value]

    @property
    def anchor_ids(self) -> list[str]:
        """The id of every anchor (``anchors``), its own or the one saving gives it."""
        return self._anchor_id_list

    @property
    def anchors(self) -> tuple[Anchor, ...]:
        """Every element that may anchor a pointer, in document order (built on first use)."""
        if self._anchors is None:
            self._anchors = tuple(Anchor(*fields) for fields in zip(
                self._anchor_id_list, self._anchor_original, self._anchor_elements,
                strict=True))
        return self._anchors

    def _reserved_ids(self, root: etree._Element
                      ) -> tuple[frozenset[str], dict[etree._Element, str]]:
        """Every xml:id of the file except those of Annotator's own header and standOff;
        and every element with an xml:id, mapped to it."""
        if walk.COMPILED_WALK is not None:
            with_id, self._foreign = walk.COMPILED_WALK.scan_ids(root)
        else:
            with_id = {element: element.get(XML_ID) for element in _WITH_ID(root)}
            self._foreign = (_FOREIGN(root) if _ELEMENT_COUNT(root) != _TEI_ELEMENT_COUNT(root)
                             else [])
        if self.problems:  # the parser found an xml:id used twice (its only problem)
            self.repeated_ids = _repeated(with_id)
        if self.registry is None:
            return frozenset(with_id.values()), with_id
        ours = set()
        for element in self.registry.elements(root):
            ours.update(element.xpath(".//@xml:id"))
        return frozenset(v for v in with_id.values() if v not in ours), with_id

    def _metadata(self, root: etree._Element) -> Metadata:
        ns = {"t": TEI_NS}

        def first(path: str) -> str:
            found = root.find(path, ns)
            return normalise(found.xpath("string(.)")) if found is not None else ""

        title = first("t:teiHeader/t:fileDesc/t:titleStmt/t:title") or "Untitled"
        authors = [person_name(a) for a in root.iterfind(
            "t:teiHeader/t:fileDesc/t:titleStmt/t:author", ns)]
        source_desc = root.find("t:teiHeader/t:fileDesc/t:sourceDesc", ns)
        source = ""
        if source_desc is not None:
            first_part = next(source_desc.iterchildren(etree.Element), None)
            source = normalise((first_part if first_part is not None else source_desc)
                                .xpath("string(.)"))
        licence_element = root.find("t:teiHeader/t:fileDesc/t:publicationStmt//t:licence", ns)
        licence = ""
        if licence_element is not None:
            licence = (normalise(licence_element.xpath("string(.)"))
                       or licence_element.get("target", ""))
        language = root.get(XML_LANG) or ""
        return Metadata(title, source, language, "; ".join(a for a in authors if a), licence)

    def _notes(self, root: etree._Element) -> list[str]:
        notes = [str(p) for p in self.problems]
        if self.shifted_breaks:
            notes.append('the file marks a word divided at a line end (<lb break="no"/>) on '
                         "the line break that begins the word's line, not on the one inside "
                         "the word: Annotator joins the word at the next line break")
        if not self.document.text:
            notes.append(self._nothing_to_read(root))
        foreign: dict[str, set[str]] = {}
        for element in self._foreign:
            qname = etree.QName(element)
            foreign.setdefault(qname.namespace or "(no namespace)", set()).add(qname.localname)
        for namespace, names in sorted(foreign.items()):
            notes.append(f"the file uses elements of another vocabulary ({namespace}: "
                         f"{', '.join(sorted(names))}); TEI schemas do not know them, "
                         "Annotator keeps them unchanged")
        return notes

    @staticmethod
    def _nothing_to_read(root: etree._Element) -> str:
        """What to tell of a file whose ``<text>`` has no text (a catalogue record: all
        it says is in the header, which is not shown)."""
        text = root.find(f"{{{TEI_NS}}}text")
        where = f" (line {text.sourceline})" if text is not None and text.sourceline else ""
        return f"the file's <text>{where} has no text to read or annotate" + _elsewhere(root)

    # -- the offset map ---------------------------------------------------------
    def trim(self, start: int, end: int) -> tuple[int, int]:
        """Shrink [start, end) so both ends are real characters of the source.

        Paragraph separators and the spaces ``<lb/>`` stands for have no place
        in the source a pointer could name. (start, start) if nothing is left.
        The model does the same (``Document.trim_to_paragraphs`` knows the
        ``synthetic`` offsets), so every edit is trimmed this way.
        """
        return self.document.trim_to_paragraphs(start, end)

    def to_source(self, start: int, end: int) -> list[SourceRange]:
        """The pointer ranges for text [start, end): one per block it touches, in order.

        Ends on synthetic characters are left out (see ``trim``).
        """
        ranges: list[SourceRange] = []
        for fragment in self.document.fragments(start, end):
            block = self._blocks[self.document.paragraph_index_at(fragment.start)]
            lo, hi = fragment.start - block.start, fragment.end - block.start
            first = block.real_char(lo, hi, True)
            if first is None:
                continue
            last = block.real_char(first, hi, False)
            assert last is not None
            ranges.append(SourceRange(block.anchor, block.anchor_offset(first),
                                      block.anchor_offset(last) + 1))
        return ranges

    def to_source_runs(self, start: int, end: int) -> list[SourceRange]:
        """Like ``to_source``, without what the reader does not see between the ends.

        One range per run of consecutive real characters: a note, the other
        reading of a choice or a running head inside the span is left out, and so
        is the space of an ``<lb/>``. The inline export wraps exactly these.
        """
        runs: list[SourceRange] = []
        for fragment in self.document.fragments(start, end):
            block = self._blocks[self.document.paragraph_index_at(fragment.start)]
            lo, hi = fragment.start - block.start, fragment.end - block.start
            index = bisect_right(block.rstarts(), lo) - 1
            count = block.count()
            while index < count:
                r, _, rlen, alen, _ = block.seg(index)
                if r >= hi:
                    break
                index += 1
                if not alen:
                    continue
                first, last = max(lo, r), min(hi, r + rlen) - 1
                run = SourceRange(block.anchor, block.anchor_offset(first),
                                  block.anchor_offset(last) + 1)
                if runs and runs[-1].anchor == run.anchor and runs[-1].end == run.start:
                    run = SourceRange(run.anchor, runs[-1].start, run.end)
                    runs.pop()
                runs.append(run)
        return runs

    def to_text(self, anchor: int, start: int, end: int) -> tuple[int, int] | None:
        """The text span of the real characters in [start, end) of ``anchor``'s string value."""
        numbers = self._anchor_blocks.get(anchor)
        if numbers is None or start >= end:
            return None
        if isinstance(numbers, int):
            numbers = [numbers]
        first = last = None
        for number in numbers:
            block = self._blocks[number]
            local = block.block_offset(start, after=True)
            if local is not None:
                first = block.start + local
                break
        for number in reversed(numbers):
            block = self._blocks[number]
            local = block.block_offset(end - 1, after=False)
            if local is not None:
                last = block.start + local
                break
        if first is None or last is None or first > last:
            return None
        return first, last + 1

    def anchor_length(self, anchor: int) -> int:
        """Code points in the string value of anchor ``anchor``."""
        return string_length(self._anchor_elements[anchor])

    def quoted(self, ranges: Iterable[SourceRange], line_breaks: bool = True) -> str:
        """The text ``ranges`` of the source cover, as an annotation's ``@n`` keeps it
        (``quoted_text``): what tells on reading whether a pointer still gives it.

        With ``line_breaks`` each ``<lb/>`` inside a range that the reading text shows
        as a space (one the string value lacks: ``טלא<lb/>שור``) is that space, so
        ``@n`` says what the annotation list and the exports say; without, the string
        value alone (as files saved before 2026-12 kept it).
        """
        values = self._string_values
        pieces = []
        for r in ranges:
            value = values.get(r.anchor)
            if value is None:
                value = values[r.anchor] = self._anchor_elements[r.anchor].xpath("string(.)")
            piece = value[r.start:r.end]
            if line_breaks:
                cut = [at - r.start for at in self._line_break_spaces(r.anchor)
                       if r.start < at < r.end]
                if cut:
                    piece = " ".join(piece[i:j] for i, j in zip([0, *cut], [*cut, None],
                                                                  strict=True))
            pieces.append(piece)
        return quoted_text(" ".join(pieces))

    def _line_break_spaces(self, anchor: int) -> list[int]:
        """The offsets in ``anchor``'s string value where the reading text has the space
        of an ``<lb/>`` (its synthetic segments), ascending."""
        numbers = self._anchor_blocks.get(anchor)
        if numbers is None:
            return []
        offsets = []
        for number in [numbers] if isinstance(numbers, int) else numbers:
            block = self._blocks[number]
            if block.synthetic:
                segs = block.segs
                offsets += [segs[n - SEG_ANCHOR_LENGTH + SEG_ANCHOR_OFFSET]
                            for n in range(SEG_ANCHOR_LENGTH, len(segs), SEG_FIELDS)
                            if not segs[n]]
        return offsets

    def targets(self, start: int, end: int) -> str:
        """The ``@target`` value for text [start, end): ``#string-range(...)`` pointers."""
        return " ".join(f"#string-range({self._anchor_id_list[r.anchor]},{r.start},"
                        f"{r.end - r.start})" for r in self.to_source(start, end))


def _repeated(with_id: dict[etree._Element, str]) -> dict[str, list[int]]:
    """The xml:ids that more than one element has, each with those elements' lines."""
    lines: dict[str, list[int]] = {}
    for element, value in with_id.items():
        lines.setdefault(value, []).append(element.sourceline or 0)
    return {value: found for value, found in lines.items() if len(found) > 1}
