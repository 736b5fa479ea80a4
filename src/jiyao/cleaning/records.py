"""A scraper's record saved as JSON, read as the report it holds.

Scrapers save what they fetch as records: ``{"title": …, "publish_time": …, "content":
…}``. Read as text, the braces, keys and escapes (``\\u4f1a``) are the readout's input —
and with ASCII escapes there is no Chinese left at all. Here a JSON object is read as the
page it came from: its title, its publication line, its text (a page's HTML source when
the field holds one). The field names scrapers use are looked up in order, then any field
that holds enough Chinese; a record with none is left as it is. An array of records is no
one report: :func:`many_records` says so. Other exports (JSON Lines, CSV, feeds):
:mod:`.exports`.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from typing import Any

from jiyao.cleaning.html_page import looks_like_html

TEXT_FIELDS = (
    "content", "text", "body", "article", "article_text", "main_text", "maintext", "detail", "正文", "内容",
    "content_html", "html", "article_html", "body_html", "contentHtml", "markdown",
)  # fmt: skip
_TITLE_FIELDS = ("title", "标题", "標題", "headline", "article_title", "name")
_PUBLISHED_FIELDS = (
    "publish_time", "publishTime", "pub_time", "pubtime", "pub_date", "publish_date", "published", "date",
    "time", "发布时间", "發布時間", "日期",
)  # fmt: skip
_CJK_AT_LEAST = 20  # characters of Chinese in a field that holds a report


def _record(text: str) -> Any:
    stripped = text.strip()
    if not (stripped.startswith("{") and stripped.endswith("}")) and not (
        stripped.startswith("[") and stripped.endswith("]")
    ):
        return None
    try:
        return json.loads(stripped)
    except (ValueError, RecursionError):  # nested past the parser's depth: no scraper's record
        return None


def _chinese(value: Any) -> int:
    return sum(1 for ch in value if "\u4e00" <= ch <= "\u9fff") if isinstance(value, str) else 0


def holds_a_report(value: Any) -> bool:
    """Whether a record's field has Chinese enough to be a report's text."""
    return _chinese(value) >= _CJK_AT_LEAST


def _field(record: dict[str, Any], names: tuple[str, ...]) -> str | None:
    lowered = {str(key).lower(): value for key, value in record.items()}
    for name in names:
        value = record.get(name, lowered.get(name.lower()))
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def record_text(text: str) -> str | None:
    """The report a JSON record holds, as its page would show it — title line, publication
    line, text — or None when ``text`` is no JSON object with a report in it."""
    record = _record(text)
    return text_of(record) if isinstance(record, dict) else None


def text_of(record: dict[str, Any]) -> str | None:
    """The report a record holds (None when none of its fields holds one)."""
    body = _field(record, TEXT_FIELDS)
    if body is None or not holds_a_report(body):
        # A field of another name: the one that holds the most Chinese, if it holds enough.
        texts = [value for value in record.values() if holds_a_report(value)]
        body = max(texts, key=_chinese) if texts else None
    if body is None:
        return None
    title = _field(record, _TITLE_FIELDS)
    published = _epoch_day(record) or _field(record, _PUBLISHED_FIELDS)  # "1715738400" is a time too
    lines = [title] if title and title not in body[: len(title) + 200] else []
    if published:
        lines.append(f"发布时间：{published}")  # the page's publication line, read as a page's
    if lines and "<" in body and looks_like_html(body):
        # The body is a page's source: the lines before it as the page's own paragraphs
        # (a browser joins text lines, and the title had run into the publication line).
        lines = [f"<p>{html.escape(line)}</p>" for line in lines]
    return "\n".join([*lines, body])


def _epoch_day(record: dict[str, Any]) -> str | None:
    """A publication time given as seconds (or milliseconds) since 1970, as its day (UTC+8,
    where the pages are published)."""
    for name in _PUBLISHED_FIELDS:
        value = record.get(name)
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if isinstance(value, int) and not isinstance(value, bool) and 10**9 <= value < 10**13:
            seconds = value / 1000 if value >= 10**11 else value
            china = dt.timezone(dt.timedelta(hours=8))
            return dt.datetime.fromtimestamp(seconds, china).strftime("%Y-%m-%d")
    return None


def many_records(text: str) -> str | None:
    """Why ``text`` is no report when it is a JSON array of records (None otherwise)."""
    record = _record(text)
    if isinstance(record, list) and len(record) > 1:
        return (
            f"a JSON array of {len(record)} records, not one report: save each record's text as a file "
            "of its own and run `jiyao batch` on the folder"
        )
    return None
