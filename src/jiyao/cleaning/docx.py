"""A Word document (.docx) read as the report it holds: minutes and notices are often
published as attachments, and a user should not have to save each one as text first.

A .docx is a ZIP archive whose ``word/document.xml`` holds the body (Office Open XML,
WordprocessingML). Its paragraphs are read in order, one line each, with a table's rows
as lines too: a row of a label and its value as minutes write it in text
(``出席人员 | 李强、王明`` → ``出席人员：李强、王明``), other rows with their cells apart; a
numbered paragraph with the number Word shows before it (一、, （1）, set on the paragraph
or by its style: :mod:`.docx_numbering`).
What a reader does not see is left out: deleted text of tracked changes, field codes,
and the fallback copy of a text box that Word writes beside the text box itself.

Hostile archives are refused, not read: a body over :data:`MAX_BODY` bytes unpacked (a
ZIP bomb; numbering or styles over :data:`MAX_PART`), or XML with a document type
declaration (where entity expansion lives; Word never writes one). The body is read a
block at a time as it is parsed, each dropped once read, the time budget looked at as
it goes.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from xml.etree import ElementTree

from jiyao import deadline
from jiyao.cleaning import regex_cache
from jiyao.cleaning.docx_numbering import Numbering

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_BODY_PART = "word/document.xml"
_NUMBERING_PART = "word/numbering.xml"
_STYLES_PART = "word/styles.xml"
# A long report's body is a few MB of XML; more than this unpacked is no report (nor a
# list of numbering formats).
MAX_BODY = 64 * 1024 * 1024
# Numbering and styles: tens or hundreds of kB as Word writes them; parsed whole.
MAX_PART = 8 * 1024 * 1024
# How often the body's reading looks at the report's time budget, in blocks read.
_BLOCKS_PER_CHECK = 1024
# Elements whose text no reader sees: deleted runs, and Word's fallback copy of a text box.
_SKIPPED = frozenset({f"{_W}del", f"{_W}moveFrom", _FALLBACK, f"{_W}instrText", f"{_W}delText"})
# A row of a label and its value (会议时间 | 3月5日): a short label, no mark of its own.
_LABEL = regex_cache.compile(r"[^\s，。：:；;、]{1,8}")
# The document type declaration, if any, stands before the root element.
_ROOT_ELEMENT = re.compile(rb"<[A-Za-z_]")


class NotAWordDocument(Exception):
    """A ZIP archive with no Word body (an .xlsx, a .pptx, any other archive)."""


class UnreadableDocument(Exception):
    """A Word document jiyao will not read (damaged, or built to exhaust the reader)."""


def docx_text(data: bytes) -> str:
    """The text a Word document shows, a line per paragraph or table row, numbered
    paragraphs with their numbers (:mod:`.docx_numbering`).

    Raises :class:`NotAWordDocument` for another kind of archive and
    :class:`UnreadableDocument` for a damaged or hostile one."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise UnreadableDocument(f"a damaged ZIP archive (a .docx cut short?): {e}") from e
    with archive:
        body = _xml(archive, _BODY_PART, MAX_BODY)
        if body is None:
            raise NotAWordDocument
        # Styles (Word's template's are 350 kB) are read only if a paragraph names a style
        # and no list of its own, in a document that numbers paragraphs at all.
        numbering = Numbering(_part(archive, _NUMBERING_PART), lambda: _part(archive, _STYLES_PART))
        try:
            lines = _body_lines(body, _Reader(numbering))
        except RecursionError as e:  # content controls in content controls, thousands deep
            raise UnreadableDocument("a Word document whose body is nested too deep to read") from e
        except ElementTree.ParseError as e:
            raise UnreadableDocument(f"a Word document whose {_BODY_PART} is not well-formed XML ({e})") from e
    return "\n".join(lines).strip("\n") + "\n"


def _body_lines(xml: bytes, reader: _Reader) -> list[str]:
    """The body's lines, read a block (a paragraph, a table) at a time as the XML is parsed,
    each block dropped once read: the tree of a body of a million short paragraphs took
    ~900 MB (its text, a few MB)."""
    lines: list[str] = []
    depth = 0
    body: ElementTree.Element | None = None
    blocks = 0
    for event, element in ElementTree.iterparse(io.BytesIO(xml), events=("start", "end")):
        if event == "start":
            depth += 1
            if depth == 2 and element.tag == f"{_W}body":
                body = element
            continue
        depth -= 1
        if depth == 1:
            body = None  # the body, or another part of the document, ended
        elif depth == 2 and body is not None:  # one of the body's blocks, whole
            reader.block([element], lines)
            body.clear()
            blocks += 1
            if blocks % _BLOCKS_PER_CHECK == 0:
                deadline.check()
    return lines


def _xml(archive: zipfile.ZipFile, name: str, limit: int) -> bytes | None:
    """A part's XML (None when the archive has no such part), refused when it would unpack
    past ``limit`` or declares a document type."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        raise UnreadableDocument(
            f"a Word document whose {name} unpacks to {info.file_size:,} bytes (jiyao reads at most {limit:,})"
        )
    try:
        xml = archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError) as e:
        raise UnreadableDocument(f"a Word document whose {name} cannot be unpacked ({e})") from e
    root_at = _ROOT_ELEMENT.search(xml)
    if b"<!DOCTYPE" in xml[: root_at.start() if root_at else len(xml)].upper():
        raise UnreadableDocument(f"a Word document whose {name} declares a document type (Word never writes one)")
    return xml


def _part(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    """A part of the document besides its body (its numbering, its styles), parsed."""
    xml = _xml(archive, name, MAX_PART)
    if xml is None:
        return None
    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError as e:
        raise UnreadableDocument(f"a Word document whose {name} is not well-formed XML ({e})") from e


class _Reader:
    """One document's paragraphs and tables as lines, its numbered paragraphs counted."""

    def __init__(self, numbering: Numbering) -> None:
        self._numbering = numbering

    def block(self, children: Iterable[ElementTree.Element], lines: list[str]) -> None:
        """Paragraphs and tables, in order: a body's, a cell's or a content control's."""
        for child in children:
            if child.tag == f"{_W}p":
                lines.append(self._numbering.label(child) + _paragraph(child))
            elif child.tag == f"{_W}tbl":
                for row in child.findall(f"{_W}tr"):
                    lines.append(self._row(row))
            elif child.tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins"):
                self.block(child, lines)

    def _row(self, row: ElementTree.Element) -> str:
        cells = []
        for cell in row.findall(f"{_W}tc"):
            parts: list[str] = []
            self.block(cell, parts)
            # A cell's paragraphs (a name a line) stay apart: a space, as a list is spaced.
            cells.append(" ".join(part.strip() for part in parts if part.strip()))
        cells = [cell for cell in cells if cell]
        if len(cells) == 2 and _LABEL.fullmatch(cells[0]):
            return f"{cells[0]}：{cells[1]}"
        return " ".join(cells)


def _paragraph(paragraph: ElementTree.Element) -> str:
    out: list[str] = []
    _runs(paragraph, out)
    return "".join(out)


def _runs(element: ElementTree.Element, out: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIPPED:
            continue
        if tag == f"{_W}t":
            out.append(child.text or "")
        elif tag == f"{_W}tab":
            out.append(" ")
        elif tag in (f"{_W}br", f"{_W}cr"):
            out.append("\n")
        elif tag == f"{_W}noBreakHyphen":
            out.append("-")
        elif tag == f"{_W}p":
            # A text box's own paragraphs, inside the one that anchors it: a line each.
            out.append("\n" + _paragraph(child) + "\n")
        else:
            _runs(child, out)
