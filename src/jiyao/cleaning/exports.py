"""What scrapers export besides one JSON object (:mod:`.records`): JSON Lines, a CSV
file, a site's RSS or Atom feed. Each holds records — title, time, text (or the page's
HTML) — and was read as text: the keys, the commas and the XML were the report, and a
feed's items, inside CDATA, were dropped as markup (`要闻县政府召开常务会议http://…`).

One record is read as the report it holds, as a JSON object is; several are no one report
and are refused with what to do (:func:`several`), as a JSON array is.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any, NamedTuple

from jiyao.cleaning import regex_cache
from jiyao.cleaning.records import TEXT_FIELDS, holds_a_report

# A CSV file's first line: its header, naming a field that holds a report's text.
_CSV_REACH = 2000
_TEXT_NAMES = frozenset(name.lower() for name in TEXT_FIELDS)
_SPACE = regex_cache.compile(r"\s*")
# A feed's root after an XML declaration and comments only: no document type declaration
# (where entity expansion lives; no feed needs one) is let through to the parser.
_FEED_ROOT = regex_cache.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)
_ATOM = "{http://www.w3.org/2005/Atom}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DUBLIN_DATE = "{http://purl.org/dc/elements/1.1/}date"


class Export(NamedTuple):
    kind: str  # what it is, as a message names it: "a CSV file"
    source: str  # what a report read from one record says it came from: "csv"
    records: list[dict[str, Any]]
    unreadable: str | None = None  # why an export that is one cannot be read, and what to do


def export_of(text: str) -> Export | None:
    """The records of ``text`` when it is a scraper's export of records: JSON
    Lines of more than one object, a CSV file whose header names a text field, an RSS or
    Atom feed. None for anything else (a JSON object or array is :mod:`.records`')."""
    start = content_start(text)
    opening = text[start : start + 1]
    if opening == "{":
        return _json_lines(text[start:])
    if opening == "<":
        return _feed(text)
    line_end = text.find("\n", start, start + _CSV_REACH)
    first = text[start : line_end if line_end >= 0 else start + _CSV_REACH]
    if "," in first and _TEXT_NAMES & {cell.strip().strip('"').lower() for cell in first.split(",")}:
        return _csv_rows(text[start:])
    return None


def content_start(text: str) -> int:
    """Where ``text`` starts after leading space — not ``text.lstrip()``, which copies it
    (a report may be 10 MB)."""
    if text[:1].isspace():
        found = _SPACE.match(text)
        return found.end() if found else 0
    return 0


def first_character(text: str) -> str:
    """``text``'s first character after leading space ("" for none)."""
    start = content_start(text)
    return text[start : start + 1]


def several(kind: str, count: int) -> str:
    """Why an export of ``count`` records is refused, and what to do."""
    return (
        f"{kind} of {count} records, not one report: save each record's text as a file of its own "
        "and run `jiyao batch` on the folder"
    )


def _json_lines(text: str) -> Export | None:
    # At "\n" alone: str.splitlines also splits at U+2028, which JSON writes raw in a string.
    lines = [line for line in text.split("\n") if line.strip()]
    if len(lines) < 2:
        return None  # one object: a JSON record, read by .records
    found = []
    for line in lines:
        try:
            value = json.loads(line)
        except (ValueError, RecursionError):
            return None
        if not isinstance(value, dict):
            return None
        found.append(value)
    return Export("a JSON Lines file", "json", found)


def _csv_rows(text: str) -> Export | None:
    import csv  # for a CSV file only

    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as e:  # a field past the csv module's limit (131,072 characters), a NUL
        # Its header names a text field: an export, not a report to read as text.
        why = f"a CSV file jiyao cannot read ({e}): save the report's text as a file of its own and give jiyao that"
        return Export("a CSV file", "csv", [], why)
    # Records are the rows whose text field holds a report: a report that only looks like
    # a CSV file's header on its first line has none.
    records = [
        {key: value for key, value in row.items() if key is not None}
        for row in rows
        if any(key and key.strip().lower() in _TEXT_NAMES and holds_a_report(value) for key, value in row.items())
    ]
    return Export("a CSV file", "csv", records) if records else None


def _feed(text: str) -> Export | None:
    root_at = _FEED_ROOT.match(text)
    if root_at is None:
        return None
    from xml.etree import ElementTree

    try:
        root = ElementTree.fromstring(text.strip())
    except ElementTree.ParseError:
        return None
    items = root.iter("item") if root_at.group(1) != "feed" else root.iter(f"{_ATOM}entry")
    found = [_item(item) for item in items]
    if not found:
        items = root.iter("{http://purl.org/rss/1.0/}item")  # RSS 1.0 (rdf:RDF)
        found = [_item(item) for item in items]
    return Export("an RSS or Atom feed", "feed", found) if found else None


def _item(item: Any) -> dict[str, Any]:
    """A feed's item as a record: its title, its time, its text (HTML, most often)."""

    def text_of(*tags: str) -> str | None:
        for tag in tags:
            element = item.find(tag)
            if element is not None and (element.text or "").strip():
                return str(element.text).strip()
        return None

    record: dict[str, Any] = {}
    title = text_of("title", f"{_ATOM}title", "{http://purl.org/rss/1.0/}title")
    body = text_of(
        _CONTENT, "description", f"{_ATOM}content", f"{_ATOM}summary", "{http://purl.org/rss/1.0/}description"
    )
    when = text_of("pubDate", _DUBLIN_DATE, f"{_ATOM}published", f"{_ATOM}updated")
    if title:
        record["title"] = title
    if body:
        record["content"] = body
    if when:
        record["publish_time"] = _day(when)
    return record


def _day(when: str) -> str:
    """A feed's time as a page's publication line writes it (RFC 822 in RSS: ``Tue, 05
    Mar 2024 10:00:00 +0800`` → 2024-03-05 10:00:00); left as it is when unread."""
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(when).strftime("%Y-%m-%d %H:%M:%S")
    except (TypeError, ValueError, IndexError):
        return when
