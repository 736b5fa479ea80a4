"""The visible text of a page's HTML source (:func:`page_text`), for :mod:`.html_page`.

Kept apart, and imported only when a text is a page: the parser and the patterns for
Chinese line breaks cost ~10 ms to load, which a text report should not pay.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from jiyao.cleaning import regex_cache

# Ends a line: block elements and line breaks.
_BLOCK = frozenset(
    "address article blockquote br dd div dl dt figcaption figure h1 h2 h3 h4 h5 h6 hr li main ol p pre "
    "section table tbody td th thead tr ul".split()
)
# Never shown, or the site's frame around the article.
_HIDDEN = frozenset("head script style noscript template iframe object svg form select button nav footer aside".split())
# A class or id that names the site's frame rather than the article.
_FRAME = regex_cache.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|breadcrumbs?|crumbs?|share|copyright|sidebar|topbar)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Elements that have no end tag: they never open a hidden stretch.
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SPACE = regex_cache.compile(r"[ \t\r\n\f]+")
# The site's name after a page's title: 县委常委会召开会议_某县人民政府网, …-新华网, …｜…
_SITE_NAME = regex_cache.compile(r"\s*(?:[_|｜]|\s[-—–]+\s|——|--).*$")
# What may stand between the links of a menu line besides the links themselves.
_BETWEEN_LINKS = regex_cache.compile(r"[\s|｜/>＞»›·•【】\[\]]")
# A line break in the source between two Chinese characters is no space: browsers drop it
# (CSS Text, segment break transformation), where elsewhere it shows as one.
_WIDE = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_WIDE_BREAK = regex_cache.compile(rf"(?<=[{_WIDE}])[ \t\r\f]*\n[ \t\r\n\f]*(?=[{_WIDE}])")


class _PageText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.hidden: list[str] = []  # the open elements that hide what they hold
        self.links = 0  # open <a> elements
        self.link_text = 0  # characters of the current line inside links
        self.line_links = 0  # links the current line holds
        self.after_link = False  # nothing but space since the last link ended
        self.title: list[str] = []  # the <title>'s text, for a page whose body has no headline
        self.in_title = False
        self.headline = False  # an <h1>-<h3> was shown

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self._end_line()
        self.in_title = tag == "title"
        self.headline = self.headline or (tag in ("h1", "h2", "h3") and not self.hidden)
        if tag in _VOID:
            return
        if tag == "a":
            if self.after_link and not self.hidden:
                self.line.append(" | ")  # a menu's links, written side by side
            self.links += 1
            self.line_links += 1
        frame = any(name in ("class", "id") and value and _FRAME.search(value) for name, value in attrs)
        if self.hidden or tag in _HIDDEN or frame:
            self.hidden.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self._end_line()

    def handle_endtag(self, tag: str) -> None:
        self.in_title = False
        if tag == "a" and self.links:
            self.links -= 1
            self.after_link = True
        if self.hidden and tag in self.hidden:
            # Close up to the matching open tag: pages leave elements unclosed.
            while self.hidden and self.hidden.pop() != tag:
                pass
        if tag in _BLOCK:
            self._end_line()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.hidden:
            self.line.append(data)
            if self.links:
                self.link_text += len(data.strip())
            elif data.strip():
                self.after_link = False

    def _end_line(self) -> None:
        line = _SPACE.sub(" ", _WIDE_BREAK.sub("", "".join(self.line))).strip()
        # Two links or more and nothing else: a menu (one link alone may be a headline).
        menu = self.line_links >= 2 and len(_BETWEEN_LINKS.sub("", line)) <= self.link_text
        if line and not menu:
            self.lines.append(line)
        self.line, self.link_text, self.line_links, self.after_link = [], 0, 0, False

    def text(self) -> str:
        self._end_line()
        title = _SITE_NAME.sub("", _SPACE.sub(" ", "".join(self.title))).strip()
        if title and not self.headline and not any(title in line for line in self.lines):
            # No headline in the body: the <title>, without the site's name, is the report's.
            return "\n".join([title, *self.lines])
        return "\n".join(self.lines)


def page_text(source: str) -> str:
    """The visible text of a page's HTML source, one block per line."""
    parser = _PageText()
    parser.feed(source)
    parser.close()
    return parser.text()
