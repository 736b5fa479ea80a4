"""Line structure: site chrome out, then title lines, dateline/byline and paragraphs.

Rules, in order:

* ``原標題:`` (or 原标题) marks the start of the article: the lines before it with
  no sentence or clause punctuation are site chrome (article text before it stays), the
  marker goes, text after it on the same line is a title;
* ``責任編輯: X`` (or 责任编辑) anywhere is chrome; ``X`` becomes the editor;
* the page's publication line (``發布時間：2024-10-28 17:20 來源：縣委辦 瀏覽次數：123``)
  in the page's head or foot is chrome; its date becomes the byline's ``published``;
* the lines that close the page — ``【打印本頁】【關閉窗口】``, ``分享到：``, ``上一篇：…``,
  ``下一篇：…``, ``相關鏈接`` — are chrome, read from the end up to the last line of text;
* the page's share bar under the title (``分享到：微信 微博``, ``掃一掃在手機打開當前頁``),
  and an image's placeholder or caption (``[圖片]``, ``（圖為會議現場。記者 李華 攝）``)
  inside the article, are chrome;
* a WeChat article's head line (``原創 某某縣發布 2024-10-28 09:30 發表於湖南``: the
  date is the page's, the account its outlet where no credit names one), its call to
  follow (``點擊藍字 關注我們``), its credits written with a bar (``編輯 | 王芳``) and its
  closing lines (``閱讀原文``, ``分享 收藏 點贊 在看``) are chrome;
* a column's tags before the headline (``【聚焦兩會】``) are chrome;
* before the article starts, lines of several short items with no sentence
  punctuation are navigation: space-separated (``演播廳 會議室``) or a breadcrumb trail
  (``當前位置：首頁 > 要聞``, ``首頁 | 時政 | 民生``);
* title lines are the short lines before the first paragraph that has a sentence
  mark (。！？) or runs long; a dateline ``XX訊（記者 Y）`` is the byline, whether
  on its own line or opening the first paragraph.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from jiyao.cleaning import regex_cache
from jiyao.cleaning.loss_marks import indenting_marks
from jiyao.cleaning.model import Byline, Edit, RepairKind, contains_any
from jiyao.cleaning.script import is_han, simplify_characters
from jiyao.surnames import SURNAMES_BY_RANK

_ORIGINAL_TITLE = regex_cache.compile(r"^\s*(?:原[標标][題题]\s*[:：]\s*)+")  # pasted twice, too
_EDITOR = regex_cache.compile(r"[（(]?\s*[責责]任[編编][輯辑]\s*[:：]\s*([^\s）)]+)\s*[）)]?\s*$")
# A dateline: 惠州日報訊（記者戴建）, 紅網時刻新聞3月11日訊（記者 張三）, 新華社長沙3月11日電
# （記者張三） — an agency's, with its city and day — or the reporter alone, （記者 張三）.
# The outlet is named without the day and the city (which an agency's ends in 社, 網, 報…).
_DATELINE = regex_cache.compile(
    r"^(?P<dateline>(?:(?P<outlet>[^\s，。（(\d]{2,16}?)(?:\d{1,2}月\d{1,2}日)?[訊讯]"
    r"|(?P<agency>[^\s，。（(\d]{1,12}[社网網报報台])[\u4e00-\u9fff]{0,6}?\d{1,2}月\d{1,2}日[電电])"
    r"(?:\s*[（(]\s*[記记]者\s*(?P<reporter>[^）)]{2,24}?)\s*[）)])?"
    r"|[（(]\s*[記记]者\s*(?P<reporter_alone>[^）)]{2,24}?)\s*[）)])"
)
# A line that opens as a report's body does: the day, then a comma (6月12日，…) — never a
# title, even cut short by a fixed width before its first 。.
_OPENS_WITH_DAY = regex_cache.compile(r"[ \t\u3000]*(?:\d{4}年)?\d{1,2}月\d{1,2}日(?:上午|下午|晚上|晚)?[，,]")


# A field of minutes (会议纪要): 时间：, 地点：, 主持人：, 出席人员：… — each on its own line,
# and the body's, not the title's. A table of them loses its colons: 主持人\t王明, or 主持人
# alone on its line, 王明 on the next.
_FIELD_WORDS = (
    r"(?:会议|會議)?(?:[时時][间間]|地[点點]|主持人?|召集人|[记記][录錄](?:人|[员員])?|[议議][题題]"
    r"|(?:出席|[参參][会會加]|列席|缺席|[请請]假)(?:人[员員]|[单單]位|[领領][导導])?)"
)
FIELD_LABEL = rf"[ \t\u3000]*{_FIELD_WORDS}(?:[ \t]*[：:]|[ \t\u3000]+(?=\S)|[ \t\u3000]*$)"
_FIELD_LABEL = regex_cache.compile(FIELD_LABEL)
# A field's label with its colon, where a page that lost its line breaks ran the fields of
# its minutes together (时间：6月12日下午地点：县政府四楼会议室主持人：县长周明轩…). Looked for
# back from each colon, a few characters at most: a pattern that opens with no literal,
# searched along a whole text, had made cleaning clean text twice as slow.
_LABEL_AT_COLON = regex_cache.compile(rf"{_FIELD_WORDS}[ \t]*：$")
_LONGEST_LABEL = 8  # 会议出席人员 and a space or two
# Where the minutes' body opens, run into the last field (…局长孔令辉会议听取了…).
_BODY_OPENS = regex_cache.compile(
    r"(?:会议|會議)(?:听取|聽取|研究|审议|審議|讨论|討論|议定|議定|指出|强调|強調|要求|认为|認為|决定|決定|同意|传达|傳達)"
)


def _labels_with_colon(text: str) -> list[int]:
    """Where each field's label that has its colon starts."""
    starts = []
    colon = text.find("：")
    while colon >= 0:
        # Most colons follow no label's last character: no pattern tried for them.
        if text[colon - 1 : colon] in _LABEL_ENDS or text[colon - 1 : colon] in " \t":
            label = _LABEL_AT_COLON.search(text, max(0, colon - _LONGEST_LABEL), colon + 1)
            if label is not None:
                starts.append(label.start())
        colon = text.find("：", colon + 1)
    return starts


_LABEL_ENDS = frozenset("间間点點持人员員题題位导導席加会會假")


def fields_run_together(text: str) -> list[Edit]:
    """A line break before each field of minutes that a line which opens with a field runs
    into (…会议室主持人：… → …会议室⏎主持人：…), and before the body they run into
    (…孔令辉会议听取了…): each field on its line, as minutes set them and as the readout
    reads them. Only labels with their colon, after a line that opens with one: a sentence's
    时间： (报名截止时间：6月1日) opens no line of fields; nor after a space: a table's row of
    fields (主持人：王明　记录人：赵刚) stays a row."""
    if text.count("：") < 2:
        return []
    labels = _labels_with_colon(text)
    if len(labels) < 2:
        return []
    edits = []
    opening = -1  # the line start of the last line found to open with a field
    for at in labels:
        line_start = text.rfind("\n", 0, at) + 1
        if not text[line_start:at].strip(" \t\u3000"):
            opening = line_start
            continue  # the line's first field
        if line_start != opening or text[at - 1] in " \t\u3000":
            continue
        edits.append(Edit(at, at, "\n", RepairKind.WHITESPACE, 0.9, "fields run together"))
    # The body, run into the last field of a line of fields run together: looked for from
    # that field on.
    last_field_on_line = {text.rfind("\n", 0, edit.start) + 1: edit.start for edit in edits}
    for last_field in last_field_on_line.values():
        line_end = text.find("\n", last_field)
        body = _BODY_OPENS.search(text, last_field, line_end if line_end >= 0 else len(text))
        if body is not None:
            edits.append(Edit(body.start(), body.start(), "\n", RepairKind.WHITESPACE, 0.9, "fields run together"))
    return edits


def is_minutes_field(line: str) -> bool:
    """Whether ``line`` opens with a field of minutes (主持人：…, 记录人 赵刚)."""
    return _FIELD_LABEL.match(line) is not None


def spaces_written_as_marks(text: str) -> list[Edit]:
    """The spaces of a publication line or a line of credits written as ``?`` before a
    label (``来源：县政府办??发布时间：…``: a page's ``&nbsp;``, which GBK lacks), each a
    space again: the line is read as the page's, and no lost byte is read into them (the
    decoder had put 的， there, and the line stayed in the text); so are names set apart by
    them, and a paragraph's indent of them is taken out."""
    if "?" not in text:
        return []  # most reports
    edits = []
    if "：" in text or ":" in text:
        edits += [
            Edit(found.start(), found.end(), " ", RepairKind.WHITESPACE, 0.9, "spaces written as ?")
            for found in _MARKS_BEFORE_LABEL.finditer(text)
        ]
    # A paragraph's indent (??會議傳達…, ??9月5日…): taken out, as an indent of spaces is.
    for found in _MARKS_OPENING_LINE.finditer(text):
        if indenting_marks(text, found.start(1)):
            edits.append(Edit(found.start(1), found.end(1), "", RepairKind.WHITESPACE, 0.9, "an indent written as ?"))
    # A list of names set apart so (出席：王明??李强??张华): the decoder had read the names
    # after the marks as bytes out of phase, and put others in their place.
    for found in _MARKS_BETWEEN_WORDS.finditer(text):
        if _name_shaped(found["before"]) and _name_shaped(found["after"]):
            edits.append(Edit(found.start(2), found.end(2), " ", RepairKind.WHITESPACE, 0.9, "spaces written as ?"))
    return edits  # in any order: TrackedText.apply sorts them


def _name_shaped(word: str) -> bool:
    """Two or three characters opening with one of the commonest surnames."""
    return simplify_characters(word[0]) in _COMMON_SURNAMES


_MARKS_OPENING_LINE = regex_cache.compile(r"(?m)^[ \t\u3000]*(\?{2,3})(?!\?)")
# Between two words of two or three characters, each set apart on its other side too.
_MARKS_BETWEEN_WORDS = regex_cache.compile(
    r"(?<![\u4e00-\u9fff])(?P<before>[\u4e00-\u9fff]{2,3})(\?{1,4})(?=(?P<after>[\u4e00-\u9fff]{2,3})(?![\u4e00-\u9fff]))"
)
_COMMON_SURNAMES = frozenset(SURNAMES_BY_RANK[:100])


_MARKS_BEFORE_LABEL = regex_cache.compile(
    r"(?<=[^\s?])\?{1,4}(?=(?:(?:[发發][布表]|更新)(?:[时時][间間]|日期)|[来來]源|作者|[浏瀏][览覽](?:次[数數]|量)"
    r"|[点點][击擊](?:[数數]|量|率)|[阅閱][读讀](?:[数數]|量)|字[号號]|[审審][核]|校[对對]|[责責]任[编編][辑輯]|[编編][辑輯])"
    r"\s*[:：])"
)


def opens_body(line: str, start: int = 0) -> bool:
    """Whether ``line[start:]`` opens a report's body: with the day and a comma, a dateline,
    or a field of minutes (主持人：…)."""
    return bool(
        _OPENS_WITH_DAY.match(line, start)
        or _FIELD_LABEL.match(line, start)
        or _dateline(line.lstrip(" \t\u3000"))
    )


def _dateline(line: str) -> re.Match[str] | None:
    """The dateline ``line`` opens with: one that names a reporter, or an agency's
    (新華社長沙3月11日電 names its day); not 某某讯 alone, which a sentence may open with."""
    head = line[:40]
    if line[:1] not in "（(" and "讯" not in head and "訊" not in head and "电" not in head and "電" not in head:
        return None  # most lines: no dateline's mark (the pattern's branches cost ~1 µs a line)
    match = _DATELINE.match(line)
    if match is None or match["reporter"] or match["reporter_alone"] or match["agency"]:
        return match
    return None


_TRAILING_REPORTER = regex_cache.compile(r"[（(]\s*[記记]者\s*([^）)]{2,24}?)\s*[）)]\s*$")
# 本报讯, 本台讯, 本网讯: the outlet the page is, not named.
_THIS_OUTLET = frozenset({"本报", "本報", "本台", "本网", "本網", "本刊"})
# The reporters of a dateline, before its correspondents (记者 张三 通讯员 李四).
_CORRESPONDENTS = regex_cache.compile(r"\s*通[讯訊][员員].*$")


def _reporter(dateline_reporter: str) -> str:
    return _CORRESPONDENTS.sub("", dateline_reporter).strip() or dateline_reporter


_SENTENCE_END = regex_cache.compile(r"[。！？]")
_TITLE_MAX = 60
# A label of the page's publication line, at the line's start or after a space.
_PAGE_INFO_LABEL = (
    r"(?:^|(?<=\s))(?:(?:[发發][布表]|更新)(?:[时時][间間]|日期)|[来來]源|作者|[浏瀏][览覽](?:次[数數]|量)"
    r"|[点點][击擊](?:[数數]|量|率)|[阅閱][读讀](?:[数數]|量)|字[号號]|[审審][核]|校[对對])\s*[:：]"
)
# Every label of a publication line ends in a colon, and a report's body seldom holds one
# (none in the seeds' and the corpus's golds): only lines with one are read, found by
# str.find (looking for the labels' characters instead cost 5-10% of cleaning clean text).
_PAGE_INFO_HINTS = "：:"
_CLAUSE_MARK = regex_cache.compile(r"[，。！？；,]")
_PUBLISHED = r"(?<!\d)((?:19|20)\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)"
_PAGE_INFO_MAX = 150
_NAV_ITEM_MAX = 8


class Layout(NamedTuple):
    """The text's lines, sorted (a named tuple: built once a report, ~4x faster than a
    frozen dataclass, and as immutable)."""

    title_lines: tuple[str, ...]
    byline: Byline
    paragraphs: tuple[str, ...]


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


_BREADCRUMB = regex_cache.compile(r"\s*(?:[>|»›/＞｜]+|&gt;)\s*")
# What may part a line's items: a space or a breadcrumb's mark (&gt; starts with &).
_NAV_SEPARATOR = regex_cache.compile(r"[\s>|»›/＞｜&]")
_YOU_ARE_HERE = regex_cache.compile(r"^\s*(?:[您你]|[您你]的)?(?:[當当]前|[現现]在)?(?:的|所在)?位置\s*[:：]\s*")


def is_navigation(line: str) -> bool:
    """Several short Chinese items, no sentence punctuation or figures: 演播廳 會議室, or a
    breadcrumb trail: 當前位置：首頁 > 新聞中心 > 本地要聞, 首頁 | 時政要聞 | 部門動態."""
    if line.startswith(("字号", "字號", "字体", "字體")) and _pattern(_FONT_SIZE).fullmatch(line):
        return True
    if not _NAV_SEPARATOR.search(line):
        return False  # one item at most (a title, a sentence): nothing parts it
    line = _YOU_ARE_HERE.sub("", line)
    items = _BREADCRUMB.sub(" ", line).split()
    return (
        len(items) >= 2
        and all(len(item) <= _NAV_ITEM_MAX and any(map(is_han, item)) for item in items)
        and not re.search(r"[，。、；：！？\d]", line)
    )


# A trail's or a menu's marks (首页 > 新闻中心, 首页 | 政务公开), or 当前位置：before it.
# (One class, & for &gt; and 位 for 位置: what it finds, is_navigation judges.)
_NAVIGATION_MARK = regex_cache.compile("[>|»›＞｜&位]")
_TRAIL_WITHIN = 300  # characters after the first line that is no navigation


def _marked_navigation(text: str, start: int, taken: set[int]) -> list[Edit]:
    """A breadcrumb trail or a menu with its marks among the head's lines, after a line that
    is none: an HTML page's <title> is put before the page's text, its trail then second
    (县政府召开常务会议 / 当前位置：首页 > 新闻中心 / …). Read up to the article's first
    clause; lines parted by spaces alone stay (they may be a subtitle's)."""
    begun = _CLAUSE_MARK.search(text, start, start + _TRAIL_WITHIN)  # the article's first clause
    if not _NAVIGATION_MARK.search(text, start, begun.start() if begun else start + _TRAIL_WITHIN):
        return []  # most pages: no trail's mark above the article (a scan of a line or two)
    edits = []
    for _ in range(_HEAD_LINES):
        if start > len(text):
            break
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if _CLAUSE_MARK.search(text, start, end):
            break  # the article has begun
        line = text[start:end]
        if start not in taken and _NAVIGATION_MARK.search(line) and is_navigation(line):
            edits.append(Edit(start, min(end + 1, len(text)), "", RepairKind.CHROME, 0.8, "navigation"))
        start = end + 1
    return edits


def _is_chrome_before_marker(line: str) -> bool:
    """Before 原標題, a line with no sentence or clause punctuation is page furniture;
    article text (it has commas and full stops) stays."""
    return not re.search(r"[，。！？；,]", line)


# A line of the page's head that is its date alone (2024年3月3日 星期日, 2024-03-03 10:20).
_DATE_LINE = _PUBLISHED + r"\s*日?\s*(?:(?:星期|周)[一二三四五六日天])?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?"
_HEAD_LINES = 6


def _head_lines(text: str) -> Iterator[tuple[int, int, str]]:
    """The first lines of the page (start, end past its newline, stripped text), up to
    the first that reads as the article's (it has a clause mark)."""
    start = 0
    for _ in range(_HEAD_LINES):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end].strip()
        if _CLAUSE_MARK.search(line):
            return  # the article has begun
        yield start, min(end + 1, len(text)), line
        if end >= len(text):
            return
        start = end + 1


def _day(groups: tuple[str | None, ...]) -> str | None:
    """``YYYY-MM-DD`` of a match's year, month and day, if they make a day."""
    year, month, day = (int(part or 0) for part in groups)
    return f"{year:04d}-{month:02d}-{day:02d}" if 1 <= month <= 12 and 1 <= day <= 31 else None


def _date_line(text: str) -> tuple[tuple[int, int], str] | None:
    """The span of a line above the article that gives the page's date alone, and the date."""
    head = text[:_PAGE_HEAD]
    if "\n20" not in head and "\n19" not in head and not head.startswith(("20", "19")):
        return None  # most pages: no line of the head starts with a year (one scan, ~1 µs)
    for start, end, line in _head_lines(text):
        if line[:2] in ("19", "20") and (date := _pattern(_DATE_LINE).fullmatch(line)) is not None:
            if (day := _day(date.groups())) is not None:
                return (start, end), day
    return None


# A WeChat article's head: 原创 某某县发布 [its writer] 2024-03-12 09:30 [发表于]广东 — the
# account (the outlet, unless the credits name one), the day, the minute, the province.
_ACCOUNT_LINE = (
    r"(?:原[创創]\s*)?(?P<account>[^\s\d][^\s]{0,19})(?:\s+[^\s\d][^\s]{0,19}){0,2}\s+"
    + _PUBLISHED
    + r"\s*日?\s+\d{1,2}:\d{2}(?:\s*(?:[发發]表于|[发發]表於)?\s*[\u4e00-\u9fff]{2,4})?"
)


def _account_line(text: str) -> tuple[tuple[int, int], str, str] | None:
    """The span of a WeChat article's head line, its date and its account."""
    if text.find(":", 0, _PAGE_HEAD) < 0:
        return None  # most pages: no time of day in the head (one scan)
    for start, end, line in _head_lines(text):
        if ":" in line and (found := _pattern(_ACCOUNT_LINE).fullmatch(line)) is not None:
            if (day := _day(found.groups()[1:4])) is not None:
                return (start, end), day, found["account"]
    return None


def _page_info(line: str) -> str | None:
    """The publication date (``YYYY-MM-DD``, or ``""`` when it gives none) if ``line`` is
    the page's publication line: no clause punctuation, and two of its labels, or one
    and a date (``2024-10-28 來源：新華網``); else None."""
    if len(line) > _PAGE_INFO_MAX or _CLAUSE_MARK.search(line):
        return None
    labels = len(_pattern(_PAGE_INFO_LABEL).findall(line))
    date = _pattern(_PUBLISHED).search(line)
    if labels >= 2 or (labels and date):
        if date is None:
            return ""
        return _day(date.groups()) or ""
    return None


# The page's font-size switch: 字号：大 中 小.
_FONT_SIZE = r"字[号號体體]\s*[:：]?\s*大\s*中\s*小"

_WECHAT_TOOL = r"(?:[阅閱][读讀]原文|[阅閱][读讀]\s*[\d,.万萬+]+|[点點]?[赞讚贊]|在看|分享|收藏|推[荐薦]|[写寫]?留言)"
# Below the article: links to print or close the page, to share it, to the next article.
_FOOT_FURNITURE = (
    r"(?:【[^【】]{1,10}】\s*)+"
    r"|(?:(?:打印本?[页頁]|[关關][闭閉](?:窗口|本?[页頁])|返回[顶頂]部|收藏)\s*){2,}"
    # A WeChat article's: 阅读原文, 预览时标签不可点, 微信扫一扫关注该公众号, 继续滑动看下一个.
    r"|(?:[轻輕][触觸])?[阅閱][读讀]原文|[预預][览覽][时時][标標][签簽籤]不可[点點]|[继繼][续續]滑[动動]看下一[个個]"
    r"|向上滑[动動]看下一[个個]|微信[扫掃]一[扫掃].{0,30}|[关關]注[该該]?公[众眾][号號]"
    # Its tool bar, of two of these or more (分享 收藏 点赞 在看), run together in a saved
    # page (阅读原文阅读 1234赞在看).
    rf"|(?:{_WECHAT_TOOL}\s*){{2,}}"
    # The site's own footer: who runs it and its registration (备案号 …ICP备…).
    r"|(?:版[权權]所有|主[办辦]单位|承[办辦]单位|[备備]案[号號]|[网網]站[标標]识[码碼])\s*[:：].{0,80}"
    r"|附件\s*[:：]?"
    rf"|{_FONT_SIZE}"
    r"|(?:分享[到至]|[扫掃]一[扫掃]|手[机機][扫掃][码碼]|[相][关關](?:[链鏈]接|新[闻聞]|[阅閱][读讀]|文章))[:：]?.{0,40}"
    r"|(?:上|下)一(?:篇|[条條])[:：].{0,60}"
)
# The characters such a line starts with: no other line needs the pattern (compiled once
# a page needs it: these three patterns cost ~2.5 ms to compile, on every start).
_FOOT_STARTS = "【分扫掃手相上下打关關返收版主承备備网網附字阅閱轻輕预預继繼微写寫留"
# A WeChat article's lines that open as sentences may (点赞, 在看, 向上滑动…): by their first
# words (by their first character, 在 and 向 had sent most reports' last line to the pattern).
_FOOT_OPENINGS = ("点赞", "點贊", "點讚", "赞", "讚", "贊", "在看", "推荐", "推薦", "向上滑")
# Credits below the article, a line of them (来源：县融媒体中心　编辑：王五　审核：赵六),
# or one in brackets: who published, wrote and edited it.
_CREDIT = (
    r"(?P<label>[来來]源|作者|(?:文/?[图圖]?\s*)?[记記]者|文字|文/?[图圖]?|[编編][辑輯]|[责責]任[编編][辑輯]|[责責][编編]"
    r"|[审審][核校]|[编編][审審]|校[对對]|供稿|[摄攝]影|通[讯訊][员員]|[终終][审審]|初[审審])"
    # After a colon, whatever it names; with a space alone, a name (编辑 周八, 文/图 记者 刘七).
    # A WeChat article writes the colon as a bar (来源丨县融媒体中心, 编辑 | 王芳).
    r"(?:\s*[:：|｜丨]\s*(?P<value>[^\s:：|｜丨（）()\[\]]{1,24})|\s+(?P<name>[\u4e00-\u9fff]{2,4})(?=[\s）)\]]|$))"
)
_CREDIT_LINE = rf"[（(\[]?\s*(?:{_CREDIT}\s*)+[）)\]]?|[（(]\s*[^（）()\s]{{2,20}}?\s*供稿\s*[）)]"
# The mark an agency's report ends with: （完）, (完), 【完】.
_END_MARK = regex_cache.compile(r"[ \t\u3000]*[（(【\[][ \t\u3000]*完[ \t\u3000]*[）)】\]][ \t\u3000]*$")
_CREDIT_STARTS = "来來作记記文编編责責审審校供摄攝通终終初（(["


@functools.cache
def _pattern(source: str) -> re.Pattern[str]:
    return re.compile(source)


# A page prints its publication line above the article or below it, not in its body.
_PAGE_HEAD, _PAGE_FOOT = 1000, 500


def _occurrences(text: str, chars: str) -> Iterator[int]:
    """Where each of ``chars`` stands in the page's head and foot."""
    size = len(text)
    windows = ((0, size),) if size <= _PAGE_HEAD + _PAGE_FOOT else ((0, _PAGE_HEAD), (size - _PAGE_FOOT, size))
    for low, high in windows:
        for char in chars:
            at = text.find(char, low, high)
            while at >= 0:
                yield at
                at = text.find(char, at + 1, high)


# A photo's caption or a video player's placeholder, a line of its own inside the article:
# ▲会议现场, （图为会议现场）, 视频加载中….
# An image's placeholder ([图片]) and a caption that credits its photographer after it
# (（图为会议现场。记者 李华 摄）) are such lines too.
_CAPTION = regex_cache.compile(
    r"[ \t\u3000]*(?:[▲△]\s*[^\n]{1,40}"
    r"|[（(]?(?:[图圖](?:片)?[为為]|[图圖]：)[^\n。]{1,40}"
    r"(?:。[^\n。（）()]{1,20}?[摄攝](?:影)?)?[。]?[）)]?"
    r"|[\[【［]\s*[图圖]片\s*[\]】］]"
    r"|[视視][频頻](?:正在)?加[载載]中[.。…]*)[ \t\u3000]*$",
    re.MULTILINE,
)
# A character each caption holds: one character is found at memory-scan speed, a longer
# needle several times slower (ten of them had cost clean text a tenth of its speed).
_CAPTION_HINTS = ("▲", "△", "图", "圖", "载", "載")


def _captions(text: str) -> list[Edit]:
    if not contains_any(text, _CAPTION_HINTS):
        return []
    edits = []
    for match in _CAPTION.finditer(text):
        start = match.start()
        if start and text[start - 1] != "\n":
            continue  # only a whole line
        edits.append(Edit(start, min(match.end() + 1, len(text)), "", RepairKind.CHROME, 0.9, "caption"))
    return edits


# The page's tools in brackets, printed above the article as often as below it, under the
# title: 【字体：大 中 小】【打印本页】【关闭窗口】. A bracketed line of the article
# (【会议要求】) names none of them.
_HEAD_TOOLS = r"(?:【[^【】]{1,10}】\s*)+"
_TOOL_WORD = regex_cache.compile(r"字[号號体體]|打印|[关關][闭閉]|收藏|分享|返回")


# The page's share bar, printed under the title as often as below the article (分享到：微信
# 微博 QQ空间, 扫一扫在手机打开当前页): a line of the head that no sentence mark ends. It
# had been read as a second title line.
_HEAD_SHARE = regex_cache.compile(
    r"(?:分享[到至]\s*[:：]|分享[到至](?=[^。！？\n]{0,20}(?:微信|微博|QQ|朋友圈|空[间間]))"
    r"|[扫掃]一[扫掃]|手[机機][扫掃][码碼])[^。！？\n]{0,40}"
    # A WeChat article's call to follow the account: 点击蓝字 关注我们, 点击上方“XX发布”关注我们.
    r"|[点點][击擊]\s*(?:上方|下方|[蓝藍]字)[^。！？\n]{0,30}[关關]注[^。！？\n]{0,10}"
)


def _head_tools(text: str) -> list[Edit]:
    edits = _head_share_bar(text)
    at = text.find("【", 0, _PAGE_HEAD)
    while at >= 0:
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = text[start:end].strip()
        if line.startswith("【") and _pattern(_HEAD_TOOLS).fullmatch(line) and _TOOL_WORD.search(line):
            edits.append(Edit(start, min(end + 1, len(text)), "", RepairKind.CHROME, 0.9, "page tools"))
        at = text.find("【", end, _PAGE_HEAD)
    return edits


# Where a share bar's line may be: one scan of the head for the first two characters of
# its openings (a pattern that opens with a class, which a search skips along the text to;
# as an alternation of words it tried each place of the head: 23 µs a report).
_HEAD_SHARE_HINT = regex_cache.compile(r"[分扫掃手点點][享一机機击擊]")


def _head_share_bar(text: str) -> list[Edit]:
    edits: list[Edit] = []
    # Above the article's first clause only (a bar under the title): a scan of a line or two.
    begun = text.find("，", 0, _PAGE_HEAD)
    for hint in _HEAD_SHARE_HINT.finditer(text, 0, _PAGE_HEAD if begun < 0 else begun):
        start = text.rfind("\n", 0, hint.start()) + 1
        if edits and edits[-1].start == start:
            continue  # a second hint on a line already taken
        end = text.find("\n", hint.end())
        end = len(text) if end < 0 else end
        if _HEAD_SHARE.fullmatch(text[start:end].strip()):
            edits.append(Edit(start, min(end + 1, len(text)), "", RepairKind.CHROME, 0.9, "share bar"))
    return edits


def chrome(text: str) -> tuple[list[Edit], Credits]:
    """Edits that remove site chrome, and what the page credits: the editor, the page's
    publication date (``YYYY-MM-DD``), the outlet and the writer, where it gives them."""
    edits: list[Edit] = _captions(text)
    editor = published = None
    head_credits: dict[str, str] = {}
    marker = None
    info_lines: set[int] = set()  # where each publication line starts
    read: set[int] = set()
    hinted = "：" in text or ":" in text  # _PAGE_INFO_HINTS; most reports: no colon at all
    for at in _occurrences(text, _PAGE_INFO_HINTS) if hinted else ():
        start = text.rfind("\n", 0, at) + 1
        if start in read:
            continue
        read.add(start)
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        # Cheap tests first, on the text itself: a body paragraph has a clause mark.
        if end - start > _PAGE_INFO_MAX or _CLAUSE_MARK.search(text, start, end):
            continue
        info = _page_info(text[start:end].strip())
        if info is not None:
            edits.append(Edit(start, min(end + 1, len(text)), "", RepairKind.CHROME, 1.0, "publication line"))
            info_lines.add(start)
            published = published or info or None
            # 来源：县融媒体中心 作者：王芳 — the outlet, the writer and the editor, as the credits
            # below name them (编辑：张三 审核：李四, read as a publication line, had lost its editor).
            for credit in _pattern(_CREDIT).finditer(text, start, end):
                if (kind := _credit_kind(credit["label"])) in ("outlet", "reporter", "editor"):
                    head_credits.setdefault(kind, credit["value"] or credit["name"])
    for tools in _head_tools(text):
        edits.append(tools)
        info_lines.add(tools.start)  # taken: no other pass reads the line again
    if published is None and (dated := _date_line(text)) is not None:
        (start, end), published = dated
        edits.append(Edit(start, end, "", RepairKind.CHROME, 0.9, "publication date"))
        info_lines.add(start)
    account = None
    if published is None and (posted := _account_line(text)) is not None:
        (start, end), published, account = posted
        edits.append(Edit(start, end, "", RepairKind.CHROME, 0.9, "account line"))
        info_lines.add(start)
    # Most reports have neither marker nor credit: no line needs the per-line patterns.
    if "原" in text or "任編" in text or "任编" in text:
        spans = _line_spans(text)
        lines = [text[s:e] for s, e in spans]
        marker = next((i for i, line in enumerate(lines) if _ORIGINAL_TITLE.match(line)), None)
        for i, ((start, end), line) in enumerate(zip(spans, lines, strict=True)):
            whole_line = (start, min(end + 1, len(text)))
            if start in info_lines:
                continue  # the publication line, already taken
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
            if line.strip() and start not in info_lines:
                if not is_navigation(line):
                    break
                edits.append(Edit(start, min(end + 1, len(text)), "", RepairKind.CHROME, 0.8, "navigation"))
            start = end + 1
        edits += _marked_navigation(text, start, info_lines)
    # The page's furniture closes it: read lines from the end until the first that is none.
    # (Most reports end with a line of the article: one test, and done.)
    taken = {edit.start for edit in edits}
    credits: dict[str, str] = dict(head_credits)
    end = len(text)
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end].strip()
        if line and start not in taken:
            if line[0] in _CREDIT_STARTS and _pattern(_CREDIT_LINE).fullmatch(line):
                for credit in _pattern(_CREDIT).finditer(line):
                    credits.setdefault(_credit_kind(credit["label"]), credit["value"] or credit["name"])
                edits.append(Edit(start, end, "", RepairKind.CHROME, 0.9, "credits"))
            elif (line[0] in _FOOT_STARTS or line.startswith(_FOOT_OPENINGS)) and _pattern(
                _FOOT_FURNITURE
            ).fullmatch(line):
                edits.append(Edit(start, end, "", RepairKind.CHROME, 0.9, "page furniture"))
            elif "完" in line[-4:] and (finis := _END_MARK.search(text, start, end)) is not None:
                # An agency's end mark (新华社's （完）), on the article's last line or its own.
                edits.append(Edit(finis.start(), end, "", RepairKind.CHROME, 1.0, "end mark"))
                if finis.start() > start:
                    break
            else:
                break
        end = start - 1
    if (tag := _column_tag(text, edits)) is not None:
        edits.append(tag)
    if account is not None:
        credits.setdefault("outlet", account)  # the account, where the credits name no source
    if not (editor or published or credits):
        return edits, _NO_CREDITS  # most pages: no frozen dataclass to build (~1 µs a report)
    return edits, Credits(editor or credits.get("editor"), published, credits.get("outlet"), credits.get("reporter"))


# A column's tags before the headline (【聚焦两会】县委召开…, 【学习贯彻二十大精神】…): the
# site's words, not the report's; within the page's head (navigation may come first).
_COLUMN_TAG = regex_cache.compile(
    r"(?:[ \t\u3000]*[【［][^【】［］\n。，！？；：]{2,16}[】］])+[ \t\u3000]*(?=[^\s【［])"
)
_COLUMN_TAG_WITHIN = 1000
# Han characters after the tags, at least: a tag alone on its line is a headline.
_HEADLINE_AT_LEAST = 4
_HEADLINE_AT_MOST = 64


def _column_tag(text: str, edits: list[Edit]) -> Edit | None:
    """An edit that takes the column's tags off the headline, the first line chrome left."""
    if "【" not in text[:_COLUMN_TAG_WITHIN] and "［" not in text[:_COLUMN_TAG_WITHIN]:
        return None  # most pages
    removed = {edit.start: edit.end for edit in edits}
    start = 0
    while start < min(len(text), _COLUMN_TAG_WITHIN):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        at = removed.get(start, start)  # after a 原標題 marker, the rest of its line
        if at >= end or not text[at:end].strip():
            start = end + 1
            continue
        tag = _COLUMN_TAG.match(text, at, end)
        headline = text[tag.end() : end] if tag is not None else ""
        if (
            tag is None
            or sum(map(is_han, headline)) < _HEADLINE_AT_LEAST
            or len(headline) > _HEADLINE_AT_MOST
            or "。" in headline  # a paragraph: 【编者按】…。, a dateline 【县融媒体讯】3月8日，…。
        ):
            return None
        return Edit(tag.start(), tag.end(), "", RepairKind.CHROME, 0.9, "column tag")
    return None


@dataclass(frozen=True)
class Credits:
    """What the page says of the report besides its text: editor, publication date, and
    from the credits below it, the outlet and the writer."""

    editor: str | None = None
    published: str | None = None
    outlet: str | None = None
    reporter: str | None = None


_NO_CREDITS = Credits()
_NO_BYLINE = Byline()


def _credit_kind(label: str) -> str:
    if label[0] in "来來":
        return "outlet"
    if label[0] in "作记記文":
        return "reporter"
    if label[0] in "编編责責":
        return "editor"
    return label  # a reviewer, a photographer…: removed with the line, not kept


def layout(text: str, credits: Credits = _NO_CREDITS) -> Layout:
    """Split chrome-free text into title lines, byline and paragraphs."""
    lines = [stripped for line in text.split("\n") if (stripped := line.strip())]
    titles: list[str] = []
    paragraphs: list[str] = []
    dateline = outlet = reporter = None
    for line in lines:
        if dateline is None and not paragraphs and (match := _dateline(line)):
            dateline = match["dateline"]
            outlet, reporter = match["outlet"] or match["agency"], match["reporter"] or match["reporter_alone"]
            line = line[match.end() :].strip()
            if not line:
                continue
        is_title = (
            not paragraphs
            and dateline is None
            and len(line) <= _TITLE_MAX
            and not _SENTENCE_END.search(line)
            and not _OPENS_WITH_DAY.match(line)
            and not _FIELD_LABEL.match(line)
        )
        (titles if is_title else paragraphs).append(line)
    if not paragraphs and titles:
        paragraphs, titles = titles, []
    if reporter is None and paragraphs and (match := _TRAILING_REPORTER.search(paragraphs[-1])):
        reporter = match.group(1)
    if outlet in _THIS_OUTLET:
        outlet = None  # 本报讯: "this paper reports", no name
    if credits is _NO_CREDITS and not (outlet or reporter or dateline):
        byline = _NO_BYLINE  # most reports: no frozen dataclass to build
    else:
        byline = Byline(
            outlet=outlet or credits.outlet,
            reporter=_reporter(reporter) if reporter else credits.reporter,
            editor=credits.editor,
            dateline=dateline,
            published=credits.published,
        )
    return Layout(tuple(titles), byline, tuple(paragraphs))
