"""A page a scraper saved as Markdown, read as the text it shows.

Scrapers built for LLMs (and html2text, markdownify) deliver a page as Markdown: the
headline as ``# …``, emphasis as ``**…**``, links as ``[text](url)``, pictures as
``![…](url)``, the site's menus as lists of links. Read as text, the marks and the
addresses pass into the clean text and the readout, and a menu reads as title lines.

Here each mark goes and the words stay: a heading's ``#``, emphasis, a quote's ``>``, a
link's address (its words kept), a picture whole, a rule (``---``). A line that is only
links — two or more side by side, or one as a list item among others (a menu set one link
to a line), or one to a place on the page itself (``[跳转到主要内容](#main)``) — is the
site's navigation and goes. A Chinese report writes none of these
marks, so a text without them is left as it is.
"""

from __future__ import annotations

import re

from jiyao.cleaning import regex_cache
from jiyao.cleaning.model import Edit, RepairKind

_IMAGE = regex_cache.compile(r"!\[[^\]\n]*\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\)")
_LINK = regex_cache.compile(r"\[([^\]\n]*)\]\((?:[^)\s]*)(?:\s+\"[^\"\n]*\")?\)")
_HEADING = regex_cache.compile(r"^[ \t]{0,3}#{1,6}[ \t]+", re.MULTILINE)
_CLOSING_HASHES = regex_cache.compile(r"[ \t]+#+[ \t]*$", re.MULTILINE)
_QUOTE = regex_cache.compile(r"^[ \t]{0,3}>[ \t]?", re.MULTILINE)
_RULE = regex_cache.compile(r"^[ \t]{0,3}(?:[-*_][ \t]*){3,}$\n?", re.MULTILINE)
_EMPHASIS = regex_cache.compile(r"(\*\*|__)(?=\S)([^\n]+?)(?<=\S)\1")
_LIST_ITEM = regex_cache.compile(r"[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+")
_TO_THIS_PAGE = regex_cache.compile(r"\]\((?:#|javascript:)")
# Characters a line of links may hold besides them: separators of a menu.
_BETWEEN_LINKS = regex_cache.compile(r"[\s|｜/·•>»\-–—]*")


def looks_like_markdown(text: str) -> bool:
    """Whether ``text`` shows a Markdown link, picture or heading (cheap tests first)."""
    return ("](" in text and _LINK.search(text) is not None) or ("#" in text and _HEADING.search(text) is not None)


def markdown_marks(text: str) -> list[Edit]:
    """Edits that read a Markdown page as its text: marks out, menus out, words kept."""
    edits: list[Edit] = []
    menu_lines = _menu_lines(text)
    offset = 0
    for number, line in enumerate(text.split("\n")):
        if number in menu_lines:
            edits.append(Edit(offset, offset + len(line) + 1, "", RepairKind.MARKUP, 1.0, "a menu of links"))
        offset += len(line) + 1
    taken = [(e.start, e.end) for e in edits]

    def free(start: int, end: int) -> bool:
        return not any(start < stop and begin < end for begin, stop in taken)

    for pattern, note in ((_RULE, "a rule"), (_IMAGE, "a picture"), (_HEADING, "a heading's mark")):
        edits += [
            Edit(m.start(), m.end(), "", RepairKind.MARKUP, 1.0, note)
            for m in pattern.finditer(text)
            if free(*m.span())
        ]
    for pattern, note in ((_CLOSING_HASHES, "a heading's mark"), (_QUOTE, "a quote's mark")):
        edits += [
            Edit(m.start(), m.end(), "", RepairKind.MARKUP, 1.0, note)
            for m in pattern.finditer(text)
            if free(*m.span())
        ]
    for match in _LINK.finditer(text):
        if free(*match.span()) and not _IMAGE.match(text, max(0, match.start() - 1)):
            edits.append(Edit(match.start(), match.end(), match.group(1), RepairKind.MARKUP, 1.0, "a link's address"))
    for match in _EMPHASIS.finditer(text):
        if free(*match.span()):
            mark = len(match.group(1))
            edits.append(Edit(match.start(), match.start() + mark, "", RepairKind.MARKUP, 1.0, "emphasis"))
            edits.append(Edit(match.end() - mark, match.end(), "", RepairKind.MARKUP, 1.0, "emphasis"))
    return edits


def _menu_lines(text: str) -> set[int]:
    """Lines that are links and nothing else: two or more on the line, or one on each of
    two list items in a row (a menu set one link to a line)."""
    lines = text.split("\n")
    only_links: list[int] = []  # per line: how many links, when nothing else is on it
    for line in lines:
        body = _LIST_ITEM.sub("", line, count=1) if _LIST_ITEM.match(line) else line
        links = len(_LINK.findall(body))
        rest = _BETWEEN_LINKS.fullmatch(_IMAGE.sub("", _LINK.sub("", body)))
        only_links.append(links if links and rest is not None else 0)
    menu = {number for number, links in enumerate(only_links) if links >= 2}
    # A link to a place on the page itself (跳转到主要内容, 返回顶部) is no text of the report.
    menu |= {number for number, line in enumerate(lines) if only_links[number] == 1 and _TO_THIS_PAGE.search(line)}
    for number, line in enumerate(lines):
        if only_links[number] == 1 and _LIST_ITEM.match(line):
            neighbours = (number - 1, number + 1)
            if any(0 <= n < len(lines) and only_links[n] and _LIST_ITEM.match(lines[n]) for n in neighbours):
                menu.add(number)
    return menu
