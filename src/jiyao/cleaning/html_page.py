"""A scraped page saved as HTML, read as the text a browser shows.

Scrapers deliver the page's source as often as its text. Read as text, its tags,
entities (``&ldquo;``) and menus would pass into the clean text and every readout.
Here a page is recognised by its tags and reduced to its visible text: one line per
block element (``<p>``, ``<div>``, ``<br>``, headings, list items, table rows), entities
decoded, the source's own line breaks inside a paragraph joined as a browser joins
them. What no reader sees, and the site's menus, are dropped: ``<head>`` (its
``<title>`` repeats the headline with the site's name: it stands in for one, without
the name, only when the body shows none), scripts and styles, forms,
``<nav>``, ``<footer>``, ``<aside>``, and elements whose class or id names a menu, a
breadcrumb trail, a sharing bar or a copyright line. Navigation written as text
(``首頁 > 新聞中心``) and ``責任編輯:`` lines are left to the cleaner's chrome pass, as
in a text page; links side by side are kept apart (``首頁 | 政務公開``) so that it knows a
menu, and a line of two links or more and nothing else (a menu, ``【打印本頁】【關閉窗口】``) is
dropped.
"""

from __future__ import annotations

import re

from jiyao.cleaning import regex_cache
from jiyao.cleaning.model import Edit, RepairKind

# Tags that build a page: two of them (opening or closing) and the text is a page's source.
# Line breaks and inline tags alone (<br>, <a>, <span>) are not enough: a text scraped with a
# few of them left in keeps its own line breaks, which reading it as a page would join.
_TAG = regex_cache.compile(
    r"<(?:!doctype\s+html|/?(?:html|head|body|title|meta|p|div|h[1-6]|table|tr|td|ul|ol|li|script|style)\b[^<>]*)>",
    re.IGNORECASE,
)
_ENOUGH_TAGS = 2

# What a page's markup leaves in a scraped text: a line break or an inline tag, an entity.
_STRAY_TAG = regex_cache.compile(r"<(?:br\s*/?|/?(?:a|span|font|strong|b|i|em|u|sup|sub)(?:\s[^<>]*)?)>", re.IGNORECASE)
# An entity, escaped again by a page that escaped its text twice (&amp;nbsp;, &amp;amp;amp;):
# read through every escaping at once, as cleaning the text again would read what is left.
_ENTITY = regex_cache.compile(r"&(?:amp;)*(?:[a-zA-Z][a-zA-Z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6});")


def markup_left(text: str) -> list[Edit]:
    """Edits that take out what markup left in a text that is no page: a stray ``<br>``
    becomes a line break (none when one follows), an inline tag goes, an entity becomes
    its character (``&ldquo;`` → “, ``&nbsp;`` a space)."""
    edits: list[Edit] = []
    if "<" in text:
        for match in _STRAY_TAG.finditer(text):
            line_break = match.group().lower().startswith("<br") and text[match.end() : match.end() + 1] != "\n"
            edits.append(Edit(match.start(), match.end(), "\n" if line_break else "", RepairKind.MARKUP, 1.0, "tag"))
    if "&" in text:
        from html import unescape

        for match in _ENTITY.finditer(text):
            char = unescape(match.group())
            while char.startswith("&") and (again := unescape(char)) != char:
                char = again
            char = char.replace("\xa0", " ")
            if char != match.group():
                edits.append(Edit(match.start(), match.end(), char, RepairKind.MARKUP, 1.0, "entity"))
    return edits


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is a page's HTML source rather than its text."""
    found = 0
    for _ in _TAG.finditer(text):
        found += 1
        if found >= _ENOUGH_TAGS:
            return True
    return False


def page_text(source: str) -> str:
    """The visible text of a page's HTML source, one block per line."""
    from jiyao.cleaning.html_text import page_text as read_page

    return read_page(source)
