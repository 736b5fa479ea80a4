"""Line structure: site chrome out, then title lines, dateline/byline and paragraphs.

Rules, in order:

* ``原標題:`` (or 原标题) marks the start of the article: the lines before it with
  no sentence or clause punctuation are site chrome (article text before it stays), the
  marker goes, text after it on the same line is a title;
* ``責任編輯: X`` (or 责任编辑) anywhere is chrome; ``X`` becomes the editor;
* before the article starts, lines of several short items with no sentence
  punctuation are navigation: space-separated (``演播廳 會議室``) or a breadcrumb trail
  (``當前位置：首頁 > 要聞``, ``首頁 | 時政 | 民生``);
* title lines are the short lines before the first paragraph that has a sentence
  mark (。！？) or runs long; a dateline ``XX訊（記者 Y）`` is the byline, whether
  on its own line or opening the first paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiyao.cleaning.model import Byline, Edit, RepairKind
from jiyao.cleaning.script import is_han

_ORIGINAL_TITLE = re.compile(r"^\s*原[標标][題题]\s*[:：]\s*")
_EDITOR = re.compile(r"[（(]?\s*[責责]任[編编][輯辑]\s*[:：]\s*([^\s）)]+)\s*[）)]?\s*$")
_DATELINE = re.compile(
    r"^(?P<dateline>(?P<outlet>[^\s，。（(]{2,16}?)[訊讯]\s*[（(]\s*[記记]者\s*(?P<reporter>[^）)]{2,24}?)\s*[）)])"
)
_TRAILING_REPORTER = re.compile(r"[（(]\s*[記记]者\s*([^）)]{2,24}?)\s*[）)]\s*$")
_SENTENCE_END = re.compile(r"[。！？]")
_TITLE_MAX = 60
_NAV_ITEM_MAX = 8


@dataclass(frozen=True)
class Layout:
    title_lines: tuple[str, ...]
    byline: Byline
    paragraphs: tuple[str, ...]


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


_BREADCRUMB = re.compile(r"\s*(?:[>|»›/＞｜]+|&gt;)\s*")
_YOU_ARE_HERE = re.compile(r"^\s*(?:[當当]前|您的|你的|[現现]在)?位置\s*[:：]\s*")


def _is_navigation(line: str) -> bool:
    """Several short Chinese items, no sentence punctuation or figures: 演播廳 會議室, or a
    breadcrumb trail: 當前位置：首頁 > 新聞中心 > 本地要聞, 首頁 | 時政要聞 | 部門動態."""
    line = _YOU_ARE_HERE.sub("", line)
    items = _BREADCRUMB.sub(" ", line).split()
    return (
        len(items) >= 2
        and all(len(item) <= _NAV_ITEM_MAX and any(map(is_han, item)) for item in items)
        and not re.search(r"[，。、；：！？\d]", line)
    )


def _is_chrome_before_marker(line: str) -> bool:
    """Before 原標題, a line with no sentence or clause punctuation is page furniture;
    article text (it has commas and full stops) stays."""
    return not re.search(r"[，。！？；,]", line)


def chrome(text: str) -> tuple[list[Edit], str | None]:
    """Edits that remove site chrome, and the editor's name if the report gives one."""
    edits: list[Edit] = []
    editor = None
    marker = None
    # Most reports have neither marker nor credit: no line needs the per-line patterns.
    if "原" in text or "任編" in text or "任编" in text:
        spans = _line_spans(text)
        lines = [text[s:e] for s, e in spans]
        marker = next((i for i, line in enumerate(lines) if _ORIGINAL_TITLE.match(line)), None)
        for i, ((start, end), line) in enumerate(zip(spans, lines, strict=True)):
            whole_line = (start, min(end + 1, len(text)))
            if marker is not None and i < marker and line.strip() and _is_chrome_before_marker(line):
                edits.append(Edit(*whole_line, "", RepairKind.CHROME, 1.0, "navigation before 原標題"))
            elif marker is not None and i == marker:
                match = _ORIGINAL_TITLE.match(line)
                assert match is not None
                rest_empty = not line[match.end() :].strip()
                span = whole_line if rest_empty else (start, start + match.end())
                edits.append(Edit(*span, "", RepairKind.CHROME, 1.0, "原標題 marker"))
            elif (found := _EDITOR.search(line)) is not None:
                editor = found.group(1)
                span = whole_line if not line[: found.start()].strip() else (start + found.start(), end)
                edits.append(Edit(*span, "", RepairKind.CHROME, 1.0, "editor credit"))
    if marker is None:
        # Navigation leads the page: read lines until the first that is none.
        start = 0
        while start <= len(text):
            end = text.find("\n", start)
            end = len(text) if end < 0 else end
            line = text[start:end]
            if line.strip():
                if not _is_navigation(line):
                    break
                edits.append(Edit(start, min(end + 1, len(text)), "", RepairKind.CHROME, 0.8, "navigation"))
            start = end + 1
    return edits, editor


def layout(text: str, editor: str | None = None) -> Layout:
    """Split chrome-free text into title lines, byline and paragraphs."""
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    titles: list[str] = []
    paragraphs: list[str] = []
    dateline = outlet = reporter = None
    for line in lines:
        if dateline is None and not paragraphs and (match := _DATELINE.match(line)):
            dateline, outlet, reporter = match["dateline"], match["outlet"], match["reporter"]
            line = line[match.end() :].strip()
            if not line:
                continue
        is_title = not paragraphs and dateline is None and len(line) <= _TITLE_MAX and not _SENTENCE_END.search(line)
        (titles if is_title else paragraphs).append(line)
    if not paragraphs and titles:
        paragraphs, titles = titles, []
    if reporter is None and paragraphs and (match := _TRAILING_REPORTER.search(paragraphs[-1])):
        reporter = match.group(1)
    byline = Byline(outlet=outlet, reporter=reporter, editor=editor, dateline=dateline)
    return Layout(tuple(titles), byline, tuple(paragraphs))
