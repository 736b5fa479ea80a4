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

Hostile archives are refused, not read: a part over :data:`MAX_BODY` bytes unpacked (a
ZIP bomb), or XML with a document type declaration (where entity expansion lives; Word
never writes one).
"""

from __future__ import annotations

import io
import re
import zipfile
from xml.etree import ElementTree

from jiyao.cleaning.docx_numbering import Numbering

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_BODY_PART = "word/document.xml"
_NUMBERING_PART = "word/numbering.xml"
_STYLES_PART = "word/styles.xml"
# A long report's body is a few MB of XML; more than this unpacked is no report (nor a
# list of numbering formats).
MAX_BODY = 64 * 1024 * 1024
# Elements whose text no reader sees: deleted runs, and Word's fallback copy of a text box.
_SKIPPED = frozenset({f"{_W}del", f"{_W}moveFrom", _FALLBACK, f"{_W}instrText", f"{_W}delText"})
# A row of a label and its value (会议时间 | 3月5日): a short label, no mark of its own.
_LABEL = re.compile(r"[^\s，。：:；;、]{1,8}")
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
        root = _part(archive, _BODY_PART)
        if root is None:
            raise NotAWordDocument
        numbering_part = _part(archive, _NUMBERING_PART)
        # Styles matter only to number paragraphs: read where the document numbers any.
        styles = _part(archive, _STYLES_PART) if numbering_part is not None else None
        numbering = Numbering(numbering_part, styles)
    body = root.find(f"{_W}body")
    lines: list[str] = []
    if body is not None:
        try:
            _Reader(numbering).block(body, lines)
        except RecursionError as e:  # content controls in content controls, thousands deep
            raise UnreadableDocument("a Word document whose body is nested too deep to read") from e
    return "\n".join(lines).strip("\n") + "\n"


def _part(archive: zipfile.ZipFile, name: str) -> ElementTree.Element | None:
    """A part of the document, parsed (None when the archive has no such part)."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > MAX_BODY:
        raise UnreadableDocument(
            f"a Word document whose {name} unpacks to {info.file_size:,} bytes (jiyao reads at most {MAX_BODY:,})"
        )
    try:
        xml = archive.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError) as e:
        raise UnreadableDocument(f"a Word document whose {name} cannot be unpacked ({e})") from e
    root_at = _ROOT_ELEMENT.search(xml)
    if b"<!DOCTYPE" in xml[: root_at.start() if root_at else len(xml)].upper():
        raise UnreadableDocument(f"a Word document whose {name} declares a document type (Word never writes one)")
    try:
        return ElementTree.fromstring(xml)
    except ElementTree.ParseError as e:
        raise UnreadableDocument(f"a Word document whose {name} is not well-formed XML ({e})") from e


class _Reader:
    """One document's paragraphs and tables as lines, its numbered paragraphs counted."""

    def __init__(self, numbering: Numbering) -> None:
        self._numbering = numbering

    def block(self, element: ElementTree.Element, lines: list[str]) -> None:
        """The paragraphs and tables of a body, a cell or a content control, in order."""
        for child in element:
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
