"""A page whose ``?`` each stand for a whole character its encoding could not hold.

A simplified page saved as Big5, a traditional one as GB2312 (or a name's rare character
in either) comes with a ``?`` for every character the encoding lacks: 县 in
``?政府第十八次常?会议``. No byte of the character is left, and the text around each mark
is in phase. Read as a GBK page's lost bytes, the characters after each mark were
re-read out of phase and words were invented (``?安委?全体??召?`` had read
``“参□，全体服務費``).

The two are told apart page by page, by the text beside the marks: out of phase, a lost
byte's run reads as no words (-10 a character and below, in jieba's counts) on one side
of its marks at least (after a GBK page's ``?``, before the last ``?`` of a run PHP's
mbstring read); a lost character's neighbours read as the page does, on both sides. Or
by what is left of it: a charset of one script lacks the other's characters of its own
(Big5 has no 会, GB2312 no 會), so such a page holds next to none of either, where a
report holds hundreds. Such a page's marks are each marked ``□``, and nothing after them
is re-read; a page that lost a few characters only (a name's rare one) is left to the
decoder.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from jiyao.cleaning import regex_cache
from jiyao.cleaning.loss_marks import LOST_CHARACTER, bare, blank_date, in_phase, next_mark, stretch_end
from jiyao.cleaning.model import Edit, RepairKind
from jiyao.cleaning.script import script_marks

# Measured on the dev corpus: its golds saved in the other script's charset (a character
# lost whole for each ``?``), and garbled with none to 20 byte-loss runs a page (GBK,
# Big5, as PHP's mbstring reads them: 1,080 pages). Three marks with Chinese on both sides
# that reads as words tell a page that lost characters (26 of the 40 golds so saved; no
# garbled page has three).
_IN_PHASE_AROUND = 3
# Or, with as many marks, a page of neither script: of its first 40 Chinese characters or
# more, at most one in fifty of those a charset of the other script lacks (the golds so
# saved hold none; the garbled pages, a quarter of their Chinese and more). Both: 40 of 40,
# and no garbled page.
_NEITHER_SCRIPT_FROM = 40
_NEITHER_SCRIPT_SHARE = 0.02
_AROUND = 3  # characters read on each side of the marks
_TELLING = 200  # marks read to tell a page's kind: it is one kind throughout
_NOT_HAN = regex_cache.compile(r"[^\u4e00-\u9fff]+")
_HAN_BEFORE = regex_cache.compile(r"[\u4e00-\u9fff]{2,}$")
_HAN_AFTER = regex_cache.compile(r"[\u4e00-\u9fff]{2,}")
NOTE = f"a character the page's encoding could not hold, written ? before it was saved: marked {LOST_CHARACTER}"


def lost_whole(text: str, asks: Callable[[str, int, int], bool]) -> list[Edit] | None:
    """Each mark of a page that lost characters whole, marked ``□``; None when the page's
    marks read as lost bytes (or are too few to tell). ``asks``: whether marks are a
    question's (the page's own, left as they are)."""
    stretches = _stretches(text, asks)
    if not _lost_whole(text, [(start, end) for start, end, own in stretches if not own]):
        return None
    edits = [
        Edit(start, end, LOST_CHARACTER * (end - start), RepairKind.UNRESOLVED, 0.0, NOTE)
        for start, end, _ in stretches
        if text[start:end].strip("?") == ""  # a U+FFFD among them is bytes lost: not this page's kind
    ]
    return edits + _line_openings(text)


def _line_openings(text: str) -> list[Edit]:
    """Marks that open a line before its text: characters lost (会议传达 as ????, 时间 as
    ??), after the page's indent where every line after the first opens with marks (its
    ``&nbsp;``, which neither charset holds): as many as the fewest such a line opens with."""
    first_line_end = text.find("\n")
    openings = list(_OPENING_MARKS.finditer(text))
    below = [found for found in openings if found.start() > first_line_end >= 0]
    lines = [line for line in text[first_line_end + 1 :].split("\n") if line.strip()] if first_line_end >= 0 else []
    indented = bool(lines) and len(below) == len(lines)
    indent = min((found.end() - found.start() for found in below), default=0) if indented else 0
    edits = []
    for found in openings:
        start = found.start()
        if indent and start > first_line_end:
            edits.append(Edit(start, start + indent, "", RepairKind.WHITESPACE, 0.9, "an indent written as ?"))
            start += indent
        if start < found.end():
            lost = LOST_CHARACTER * (found.end() - start)
            edits.append(Edit(start, found.end(), lost, RepairKind.UNRESOLVED, 0.0, NOTE))
    return edits


def _lost_whole(text: str, stretches: list[tuple[int, int]]) -> bool:
    stretches = stretches[:_TELLING]  # a page of a hundred thousand had read each one's neighbours
    if len(stretches) < _IN_PHASE_AROUND:
        return False
    if _of_neither_script(text[: stretches[-1][1]]):
        return True
    return sum(_in_phase_around(text, start, end) for start, end in stretches) >= _IN_PHASE_AROUND


def _of_neither_script(text: str) -> bool:
    """Whether ``text`` holds Chinese but next to no character of one script alone (会 or 會,
    县 or 縣: a report has hundreds): what is left of either script once a charset of the
    other dropped its own."""
    chinese = len(_NOT_HAN.sub("", text))
    if chinese < _NEITHER_SCRIPT_FROM:
        return False
    dropped = _dropped_by_the_other_charset()
    own = sum(map(dropped.__contains__, text))
    return own <= _NEITHER_SCRIPT_SHARE * chinese


@functools.cache
def _dropped_by_the_other_charset() -> frozenset[str]:
    """Simplified script's own characters Big5 lacks, and traditional script's own GB2312
    lacks: a page in one script saved in the other's charset keeps none of them (Big5 holds
    并 and 确, simplified script's own; they say nothing)."""
    simplified, traditional = script_marks()
    return frozenset(
        [
            *(char for char in simplified if not _holds("big5", char)),
            *(char for char in traditional if not _holds("gb2312", char)),
        ]
    )


def _holds(charset: str, char: str) -> bool:
    try:
        char.encode(charset)
    except UnicodeEncodeError:
        return False
    return True


def _stretches(text: str, asks: Callable[[str, int, int], bool]) -> list[tuple[int, int, bool]]:
    """The stretches of marks inside a line's text, not a question's or a date's blank
    number, each with whether it may be the page's own placeholder (four or more in a row:
    marked all the same on a page that lost characters, not counted to tell one). A line's
    opening marks are :func:`_line_openings`'."""
    found = []
    pos = next_mark(text, 0)
    while pos < len(text):
        end = stretch_end(text, pos)
        before = text[pos - 1 : pos]
        if before and not before.isspace() and not asks(text, pos, end) and not blank_date(text, pos, end):
            found.append((pos, end, bare(text, pos, end)))
        pos = next_mark(text, end)
    return found


_OPENING_MARKS = regex_cache.compile(r"(?m)^\?+(?=[\u4e00-\u9fff，。、：；“（0-9A-Za-z])")


def _in_phase_after(text: str, end: int) -> bool:
    """Whether the Chinese right after the marks ending at ``end`` reads as words."""
    after = _HAN_AFTER.match(text, end, end + _AROUND)
    return after is not None and in_phase(after.group())


def _in_phase_around(text: str, start: int, end: int) -> bool:
    """Whether the Chinese on both sides of the marks ``text[start:end]`` reads as words (a
    character lost whole there, not a run of lost bytes read out of phase after it)."""
    before = _HAN_BEFORE.search(text, max(0, start - _AROUND), start)
    return before is not None and in_phase(before.group()) and _in_phase_after(text, end)
