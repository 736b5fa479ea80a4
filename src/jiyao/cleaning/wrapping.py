"""Lines a page broke at a fixed width, joined back into their paragraphs.

Text taken from a PDF, a fixed-width view or an e-mail breaks its lines where the width
ran out, not where a paragraph ends (``…举行2024年第四次集⏎体学习，会议由…``). Read as it
stands, each piece is a paragraph of its own: a piece with no sentence mark reads as a
title line, and a list of names broken inside a title loses its person.

Such a page shows it: two or more lines of one width (in characters, or in columns where
a Han character takes two) end in no mark, and many long lines reach that width. Each line
of that width that ends in no mark is joined to the next — unless the next is blank,
indented past the page's margin (a paragraph starts there), opens with the day or a
dateline, is navigation, or is a line of the site's chrome. A page without that signature
is left as it is: a report's own lines end in a mark, and its titles are short.

A PDF's text shows two more things of its pages, taken out before: the page numbers
between its lines (``- 2 -``, ``— 3 —``, ``第 1 页 共 2 页``, ``2/5``), and lines set with a
space between every character (``会 议 纪 要``, a headline spread across the page — read
as they stand, they were navigation, and a name in one was two names). A list of
two-character names padded to three (``出席：王　明　李　强``) loses the space inside each
name only.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable

from jiyao.cleaning import regex_cache
from jiyao.cleaning.glued import GLUED_PINYIN
from jiyao.cleaning.loss_marks import indenting_marks
from jiyao.cleaning.model import Edit, RepairKind, contains_any
from jiyao.cleaning.script import simplify_characters
from jiyao.cleaning.structure import is_minutes_field, is_navigation, opens_body
from jiyao.surnames import SURNAMES

# Where a line that ends its paragraph ends; a line at the width that ends a sentence keeps
# its break too (the paragraph may end there).
_END_MARKS = frozenset("。！？；：…”’）」』】》!?;:.")
_SENTENCE_END = frozenset("。！？")
_SPACES = " \t\u3000\u00a0"
_WRAPPED_AT_LEAST = 2  # lines of one width ending in no mark: one could be chance
_NARROWEST = 16  # in characters; 32 in columns: a title or a name list is shorter
# A line may fall short of the width: by a character that did not fit in its columns, or
# that was pushed to it because a mark may not open a line.
_SLACK = 1
_SHARE_AT_WIDTH = 0.3  # of the lines longer than half the width
# An item of a list opens its line (二、 （三） 4、): a line before it that ends in no mark
# ends a field of minutes (列席人员：…孔令辉⏎二、县财政局要…), not at a width.
_LIST_OPENING = regex_cache.compile(
    r"[ \t\u3000\u00a0]*(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十\d]{1,3}[）)]|\d{1,2}[、．](?!\d))"
)
# Lines never joined: navigation, and the chrome the structure pass removes.
_CHROME_LABELS = ("原标题", "原標題", "责任编辑", "責任編輯")


@functools.cache
def _page_number_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A line that holds nothing but the page's number, and where one may start (looked for
    from each line break: a fast scan). Compiled on first use (~2 ms): most reports hold no
    character a page number is written with."""
    space = r"[^\S\n]*"
    number = re.compile(
        rf"^{space}(?:[-—–－]{space}\d{{1,4}}{space}[-—–－]"  # - 2 -, — 3 —
        rf"|第{space}\d{{1,4}}{space}[页頁](?:{space}[，,/]?{space}共{space}\d{{1,4}}{space}[页頁])?"  # 第 1 页 共 2 页
        rf"|\d{{1,4}}{space}/{space}\d{{1,4}}){space}(?:\n|$)",  # 2/5
        re.MULTILINE,
    )
    hint = re.compile(rf"\n{space}(?:[-—–－]{space}\d|第{space}\d|\d{{1,4}}{space}/)")
    return number, hint


_PAGE_NUMBER_CHARACTERS = tuple("-—–－页頁/")


def page_numbers(text: str) -> list[Edit]:
    """Each line that holds only a page's number, taken out with its line break."""
    if not contains_any(text, _PAGE_NUMBER_CHARACTERS):
        return []
    number, hint = _page_number_patterns()
    if not hint.search(text) and not number.match(text):
        return []  # the common case, found fast: no line starts as a page number does
    return [
        Edit(m.start(), m.end(), "", RepairKind.CHROME, 1.0, "a page's number")
        for m in number.finditer(text)
        if m.group().strip()
    ]


# A line spaced out a character at a time: four characters or more, each alone.
_SPACED_OUT_AT_LEAST = 4
_SPACED_OUT_SHARE = 0.8
_GAP = regex_cache.compile(r"[ \u3000]+")


def letter_spacing(text: str) -> list[Edit]:
    """The spaces of each line set a character at a time (``会 议 纪 要``, ``县 委 书 记 王 明``),
    taken out. A space between words (``王明 李强``, ``首页 新闻``) stays: in such a line most
    of what the spaces part is longer than a character."""
    if " " not in text and "\u3000" not in text:
        return []
    edits = []
    offset = 0
    for line in text.split("\n"):
        if " " not in line and "\u3000" not in line:
            pass
        elif (padded := _padded_names(line)) is not None:
            edits += [
                Edit(offset + start, offset + end, "", RepairKind.WHITESPACE, 1.0, "a two-character name padded")
                for start, end in padded
            ]
        elif _spaced_out(line):
            stripped = line.strip(_SPACES)
            start = offset + len(line) - len(line.lstrip(_SPACES))
            gaps = list(_GAP.finditer(stripped))
            narrowest = min(len(gap.group()) for gap in gaps)
            edits += [
                # A wider gap than the rest parts words (王 明  李 强): one space stays.
                Edit(start + gap.start(), start + gap.end(), "" if len(gap.group()) == narrowest else " ",
                     RepairKind.WHITESPACE, 1.0, "a line spaced out")
                for gap in gaps
            ]  # fmt: skip
        offset += len(line) + 1
    return edits


def _spaced_out(line: str) -> bool:
    items = line.split()
    return len(items) >= _SPACED_OUT_AT_LEAST and sum(len(item) == 1 for item in items) >= _SPACED_OUT_SHARE * len(
        items
    )


def _padded_names(line: str) -> list[tuple[int, int]] | None:
    """``出席：王　明　李　强　张　华``: two-character names padded to three as official lists
    set them, one space between names too — the spaces inside each name (surname, space,
    given name), or None when the line (after its label) is no such list. Closed up
    whole, the list read as one name."""
    start = line.rfind("：") + 1
    gaps = list(_GAP.finditer(line, start + len(line[start:]) - len(line[start:].lstrip(_SPACES))))
    names = line[start:].split()
    if len(names) < _SPACED_OUT_AT_LEAST or len(names) % 2 or any(len(item) != 1 for item in names):
        return None
    if not all(simplify_characters(item) in SURNAMES for item in names[::2]):
        return None
    inner = [gap for gap in gaps if gap.end() < len(line.rstrip(_SPACES))]
    return [gap.span() for gap in inner[::2]] if len(inner) == len(names) - 1 else None


def _columns(line: str) -> int:
    widths = _WIDTHS
    return sum(widths.get(ch) or _width(ch) for ch in line)


_WIDTHS: dict[str, int] = {}  # bounded by the characters there are


def _width(char: str) -> int:
    width = _WIDTHS[char] = 2 if unicodedata.east_asian_width(char) in "WF" else 1
    return width


def _indent(line: str) -> int:
    spaces = len(line) - len(line.lstrip(_SPACES))
    # Two or three ? that open a line before its words indent it too: a page's &nbsp;&nbsp;
    # written as ?? by a charset without U+00A0.
    marks = indenting_marks(line, spaces) if line.startswith("??", spaces) else 0
    return _columns(line[:spaces]) + marks


def _prose(content: str) -> bool:
    if content.startswith(_CHROME_LABELS) or is_navigation(content):
        return False
    # A breadcrumb trail read as the page shows it once its glued readings are gone:
    # 首頁(yè) | 時(shí)政要聞 is the site's, the readings made its items too long to tell.
    # (Not every line: 樹立…意識 發揮…作用 堅決, a slogan set apart by spaces, is prose.)
    return not (_BREADCRUMB_MARK.search(content) and is_navigation(GLUED_PINYIN.sub("", content)))


_BREADCRUMB_MARK = regex_cache.compile("[>|»›＞｜]")


def hard_wraps(text: str) -> list[Edit]:
    """The line breaks of ``text`` that a fixed width made, each removed (with the spaces
    around it), or none when the text shows no fixed width."""
    if text.count("\n") < _WRAPPED_AT_LEAST:
        return []
    lines = text.split("\n")
    # Cheap tests first, by length: most reports end every long line in a mark, or have
    # paragraphs far longer than any line that ends in none. (A line shorter than the
    # narrowest width is so without its trailing spaces too: only the others are stripped.)
    open_lengths = [
        len(content)
        for line in lines
        if len(line) >= _NARROWEST
        and len(content := line.rstrip(_SPACES)) >= _NARROWEST
        and content[-1] not in _END_MARKS
    ]
    if len(open_lengths) < _WRAPPED_AT_LEAST:
        return []
    contents = [line.rstrip(_SPACES) for line in lines]
    longest_open = max(open_lengths)  # once: taken in the test below, it made long texts quadratic
    if any(len(content) > 2 * longest_open and not content.isascii() for content in contents):
        return []
    # A line's break can be a width's only where the next line could go on from it: not
    # before a blank line, a field of minutes or a list's item. Lines before those are no
    # evidence of a width (出席人员：… and 列席人员：… of a length had made one, and the line
    # after them, 会议议定事项如下：, was joined on).
    may_go_on = [_goes_on(content, following) for content, following in zip(contents[:-1], lines[1:], strict=True)]
    may_go_on.append(False)  # the last line: none after it
    written = [
        (content, goes_on) for content, goes_on in zip(contents, may_go_on, strict=True) if content.strip(_SPACES)
    ]
    width = _fixed_width([content for content, _ in written], [goes_on for _, goes_on in written])
    if width is None:
        return []
    measure, widest, slack = width
    margin = min(_indent(line) for line in lines if line.strip(_SPACES))
    indented = _indents_paragraphs(lines, contents, measure, widest - slack, margin)
    edits = []
    offset = 0
    for index, content in enumerate(contents[:-1]):
        line, following = lines[index], lines[index + 1]
        start, offset = offset + len(content), offset + len(line) + 1
        if not content.strip(_SPACES) or not following.strip(_SPACES):
            continue  # a blank line ends a paragraph
        if not widest - slack <= measure(content) <= widest or _indent(following) > margin:
            continue  # the line ended before the width did, or the next one starts a paragraph
        if measure(following.rstrip(_SPACES)) > widest:
            # The next line runs past the width: no width broke this one (two fields of
            # minutes of a length, then 会议听取了… longer than both).
            continue
        if content[-1] in _SENTENCE_END and not indented:
            # The break may be the paragraph's own: kept, as a sentence ends there. (A page
            # that indents its paragraphs says so: the next line, not indented, goes on.)
            continue
        if not _goes_on(content, following) or not _prose(content) or not _prose(following.strip(_SPACES)):
            continue
        end = offset + len(following) - len(following.lstrip(_SPACES))
        # Joined with nothing between: a width breaks words too (a glued reading, dān⏎g).
        edits.append(Edit(start, end, "", RepairKind.WHITESPACE, 1.0, f"a line broken at a width of {widest}"))
    return edits


def _indents_paragraphs(lines: list[str], contents: list[str], measure: Measure, short: int, margin: int) -> bool:
    """Whether the page indents its paragraphs: the lines that open one (after a blank line,
    or after a line that ended before the width did) are indented past the margin, two at
    least and nearly all. The first line counts when indented: at the margin, it is the
    headline's as often."""
    opening = [
        following
        for content, following in zip(contents[:-1], lines[1:], strict=True)
        if following.strip(_SPACES) and (not content.strip(_SPACES) or measure(content) < short)
    ]
    opening += [line for line in lines[:1] if _indent(line) > margin]
    indented = sum(1 for line in opening if _indent(line) > margin)
    return indented >= _WRAPPED_AT_LEAST and indented >= _INDENTED_SHARE * len(opening)


_INDENTED_SHARE = 0.8


def _goes_on(content: str, following: str) -> bool:
    """Whether ``following`` could go on from the line before it, ``content``: not a field of
    minutes, nor a list's item after a line that ends in no mark (after ；or ： an item may
    run on in its paragraph: …；（二）…)."""
    if not following.strip(_SPACES) or opens_body(following):
        return False
    if (is_minutes_field(content) or _LABEL_OPENING.match(content)) and _LABEL_OPENING.match(following):
        # A field, then a line that opens as one, its label damaged (□席人员：, 列席了在：
        # for 列席人员：; the field before may have lost a byte of its label too): the next
        # field, not the field before going on.
        return False
    return not (_LIST_OPENING.match(following) and content[-1:] not in _ITEM_BEFORE)


_ITEM_BEFORE = frozenset("；：;:")
_LABEL_OPENING = regex_cache.compile(r"[ \t\u3000]*[^，。、；：:\s]{2,6}[：:]")


Measure = Callable[[str], int]


def _length(line: str) -> int:
    return len(line)


def _fixed_width(contents: list[str], may_go_on: list[bool]) -> tuple[Measure, int, int] | None:
    """How the page measured its lines (in characters, or in columns), the width and the
    slack below it, when the page has one; else None. Of the two measures, the one more
    lines reach and fewer run over (a line of digits is narrower in columns than its
    characters say). ``may_go_on``: whether the line after each could go on from it."""
    found = []
    for measure, narrowest, slack in ((_length, _NARROWEST, _SLACK), (_columns, 2 * _NARROWEST, 2 * _SLACK)):
        sizes = [measure(content) for content in contents]
        width = _width_by(contents, sizes, may_go_on, narrowest, slack)
        if width is not None:
            at_width = sum(1 for size in sizes if width - slack <= size <= width)
            over = sum(1 for size in sizes if size > width)
            found.append((at_width - over, measure, width, slack))
    if not found:
        return None
    _, measure, width, slack = max(found, key=lambda item: item[0])
    return measure, width, slack


def _width_by(contents: list[str], sizes: list[int], may_go_on: list[bool], narrowest: int, slack: int) -> int | None:
    """The width the lines were broken at, by one measure: the longest a line gets, give or
    take a few lines that ran over it a little, or a URL. Two lines or more that reach it
    end in no mark with a line after that could go on from them, and the lines that reach it
    are most of the long ones — a report's own paragraphs end where their sentences do, at
    lengths all their own."""
    ranked = sorted(sizes, reverse=True)
    for width in ranked[: len(ranked) // 20 + 2]:
        if width < narrowest:
            return None
        lines = list(zip(contents, sizes, strict=True))
        if any(2 * size > 3 * width and not content.isascii() for content, size in lines):
            return None  # a paragraph far longer than the width: the page has none
        at_width = [
            (content, go)
            for content, size, go in zip(contents, sizes, may_go_on, strict=True)
            if width - slack <= size <= width
        ]
        open_at_width = sum(1 for content, go in at_width if go and content[-1] not in _END_MARKS)
        long_lines = sum(1 for size in sizes if 2 * size > width)
        if open_at_width >= _WRAPPED_AT_LEAST and len(at_width) >= _SHARE_AT_WIDTH * long_lines:
            return width
    return None
