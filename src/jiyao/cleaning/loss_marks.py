"""Which ``?`` in a text are lost bytes: a decoder's replacement for bytes it could not
read, not the page's own question marks, indents or URLs."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from jiyao.cleaning import regex_cache
from jiyao.cleaning.glued import GLUED_PINYIN, READING_BEFORE, damaged_reading_before
from jiyao.cleaning.script import is_han

_NONE_REPAIRED: Mapping[int, str] = {}

LOSS_MARKS = {"?", "\ufffd"}
# Full-width punctuation: what a pair of a run may be besides a character.
MARKS = frozenset("，。、；：！？“”‘’（）《》—…·")
LOST_CHARACTER = "□"  # how a printed page marks a character it cannot show (缺字)
# ASCII punctuation that stood for full-width GBK punctuation inside a run.
FLATTENED = {"!": "！", "?": "？"}
# A lost byte leaves one `?` (two where the next byte was full-width punctuation or an
# unreadable pair, `??h`; three when two pairs were, right after a character: `安???a`);
# more in a row, or three anywhere else, are the page's own (indents, placeholders).
_BARE_STRETCH = 3
_MARKS_AFTER = frozenset("，。、；：！？“”）,.;:!?)\n")


# Marks that come in pairs, with the ASCII a page may write for the other one.
_CLOSERS = {"《": "》>", "“": '”"', "‘": "’'", "（": "）)"}
_OPENERS = {"》": "《<", "”": '“"', "’": "‘'", "）": "（("}


def marks_pair_up(reading: str, text: str, start: int, end: int) -> bool:
    """Whether the marks ``reading`` puts in place of ``text[start:end]`` open and close on
    their line: 章鸿《指出 is no reading of 章鸿远指出, whose 《 closes nowhere."""
    if not any(mark in _CLOSERS or mark in _OPENERS for mark in reading):
        return True
    before, after = text[_line_start(text, start) : start], text[end : _line_end(text, end)]
    # A mark pairs with one the line leaves unmatched (确保人”转移“不漏一户 is no reading after
    # “…到位”: that quote is closed). Another run still unread on the line may hold the
    # other mark (?!坝 for 。“ … ?!笔 for 。”), and an ASCII one may be either.
    for at, mark in enumerate(reading):
        if mark in _CLOSERS:
            rest, closer = reading[at + 1 :] + after, _CLOSERS[mark][0]
            if rest.count(closer) <= rest.count(mark) and not _may_hold(rest, _CLOSERS[mark][1:]):
                return False
        if mark in _OPENERS:
            head, opener = before + reading[:at], _OPENERS[mark][0]
            if head.count(opener) <= head.count(mark) and not _may_hold(head, _OPENERS[mark][1:]):
                return False
    return True


def closable(text: str, start: int) -> frozenset[str]:
    """The closing marks a reading at ``start`` may open with: those whose opening mark
    the line before leaves unmatched (or may hold unseen). The beam keeps to them: a
    closing quote that closes nothing had taken its every place (确保人”转移 for 人员转移)."""
    head = text[_line_start(text, start) : start]
    return frozenset(
        closer
        for closer, openers in _OPENERS.items()
        if head.count(openers[0]) > head.count(closer) or _may_hold(head, openers[1:])
    )


# How far a mark is looked for a partner on its line: a paragraph of the seeds and the
# corpus is 952 characters at most. A page with no line break (a hostile one of runs:
# 333 k characters) had counted its marks from its start at every run: 60 s.
_LINE_REACH = 2_000


def _line_start(text: str, pos: int) -> int:
    reach = max(0, pos - _LINE_REACH)
    return max(text.rfind("\n", reach, pos) + 1, reach)


def _line_end(text: str, pos: int) -> int:
    reach = min(len(text), pos + _LINE_REACH)
    found = text.find("\n", pos, reach)
    return reach if found < 0 else found


def _may_hold(text: str, ascii_marks: str) -> bool:
    """Whether ``text`` may hold a mark of a pair unseen: an ASCII one, or an unread run."""
    return any(c in text for c in ascii_marks + "?\ufffd")


def cjk_after(text: str, pos: int) -> bool:
    """Whether Chinese text, a mark or the line's end follows at ``pos``."""
    return pos >= len(text) or is_han(text[pos]) or text[pos] in _MARKS_AFTER


def asks(text: str, pos: int, end: int, *, by_place: bool = True) -> bool:
    """Question marks (``text[pos:end]``), not lost bytes: after a question word, or ending
    a line or a quote, or a question its words ask (:func:`_ends_a_question`); or ASCII
    text's own (``/art?id=5``, ``X?Y-2``): after an ASCII character, before two more — a
    lost byte's trail is one ASCII character at most. ``by_place=False``: not for ending a
    line or a quote alone (on a page whose ``?`` are lost characters, 召? at a title's end)."""
    return text[pos] == "?" and (
        text[pos - 1 : pos] in _QUESTION_WORDS
        or (by_place and (text[end : end + 1] in _LINE_OR_QUOTE_ENDS or text[end : end + 1] == " "))
        or _in_ascii_text(text, pos, end)
        or _ends_a_question(text, pos, end)
    )


def blank_date(text: str, pos: int, end: int) -> bool:
    """Whether the marks ``text[pos:end]`` stand for a date's number the page left blank or
    lost (a notice's 定于?月?日召开, ?年?月?日, 2024年?月, 10月?日): read as a lost byte's run, the
    bytes went through 月 and words were invented where the page gave none (会议定于言论，日召开).
    The marks are flagged, not read."""
    window = _BLANK_DATE.finditer(text, max(0, pos - _BLANK_DATE_REACH), end + _BLANK_DATE_REACH)
    return any(m.start() <= pos < m.end() for m in window)


# The marks only: a year's before a month; a month's before 月 and a day's blank or given;
# a day's after 月; a month's after 年.
_BLANK_DATE = regex_cache.compile(
    r"\?{1,4}(?=年(?:\?{1,2}|\d{1,2})月)|\?{1,2}(?=月(?:\?{1,2}|\d{1,2})[日号號])"
    r"|(?<=月)\?{1,2}(?=[日号號])|(?<=年)\?{1,2}(?=月)"
)
_BLANK_DATE_REACH = 8  # the longest stretch a match looks at: ????年??月


def _ends_a_question(text: str, pos: int, end: int) -> bool:
    """One ``?`` that ends a clause asking a question (是否到位?会议要求, 怎么办?关键在于,
    满意不满意?这是, 这是谁的责任?"), with words read in phase before it and after it
    (or an ASCII quote or bracket that closes): a lost byte leaves the characters after
    it read out of phase (如何做好防汛?ぷ鳌), and the ``?`` that ends a run has them before
    it (如何落实?鹑问?的问题: 鹑问)."""
    if end - pos != 1:
        return False
    clause = _CLAUSE_BEFORE.search(text, max(0, pos - _CLAUSE_LENGTH), pos)
    if clause is None or _INTERROGATIVE.search(clause.group()) is None:
        return False
    before = _HAN_BEFORE.search(clause.group())
    if before is None or not in_phase(before.group()):
        return False
    if text[end : end + 1] in _CLOSING_AFTER or text[end : end + 1] in _LINE_OR_QUOTE_ENDS:
        return True
    after = _HAN_AFTER.match(text, end)
    return after is not None and in_phase(after.group())


def in_phase(chars: str) -> bool:
    """Whether ``chars`` read as words (per character, above :data:`_GARBLED_LOGP`), not as
    bytes read out of phase."""
    from jiyao.cleaning.plausibility import segmentation_logp  # the word counts load only here

    return segmentation_logp(chars) / len(chars) >= _GARBLED_LOGP


# A question's clause: back to the sentence's or clause's start, at most a long clause's length.
_CLAUSE_LENGTH = 40
_CLAUSE_BEFORE = regex_cache.compile(r"[^。！？；!;，,：:\n?\ufffd]+$")
_HAN_BEFORE = regex_cache.compile(r"[\u4e00-\u9fff]{2,8}$")
# Words that ask, a verb asked yes-or-no (能不能, 是不是, 有没有, 满意不满意), and a clause
# that ends on 没有 (到位没有). Not 几: 几个方面 states as often as it asks.
_INTERROGATIVE = regex_cache.compile(
    r"是否|能否|可否|怎么|怎麼|怎样|怎樣|如何|为什么|為什麼|为何|為何|多少|哪|谁|誰|什么|什麼"
    r"|([\u4e00-\u9fff]{1,2})[不没沒]\1|[没沒]有$"
)
# ASCII marks that close a quote or a bracket after a question (not !: ``?!`` is a lost
# byte's, 。“ read out of phase, as the seeds show).
_CLOSING_AFTER = frozenset("\"')）")
_LINE_OR_QUOTE_ENDS = ("", "\n", "”", "」", "’")


def _in_ascii_text(text: str, pos: int, end: int) -> bool:
    before = text[pos - 1 : pos]
    if _ASCII_WORD.match(before) is None or _ASCII_WORD.match(text, end, end + 2) is None:
        return False
    # 3??15日, 2023??12月: a date's 月 or 年 with no byte left, between its digits — no URL's.
    return not (before.isdigit() and _DAY_AFTER.match(text, end))


_DAY_AFTER = regex_cache.compile(r"\d{1,2}[月日号號]")


# Letters, digits and what URLs join them with; not ``(``, ``)``: a reading glued to a
# character ends with one (議(yì )?K講), and a trail's own reading begins with one (?z(jiǎn)).
_ASCII_WORD = regex_cache.compile(r"[0-9A-Za-z/=&._:%-]{1,2}$|[0-9A-Za-z/=&._:%-]{2}")


_QUESTION_WORDS = frozenset("嗎吗呢吧麼么否啊呀")
_MARK = regex_cache.compile("[?\ufffd]")
_NOT_MARK = regex_cache.compile("[^?\ufffd]")


def next_mark(text: str, pos: int) -> int:
    found = _MARK.search(text, pos)
    return found.start() if found else len(text)


def stretch_end(text: str, pos: int) -> int:
    found = _NOT_MARK.search(text, pos)
    return found.start() if found else len(text)


# Words per character, as jieba's counts score them: text read out of phase scores below
# -10 (笈挪榇笳 -13.1, 扛辈砍 -10.6), a page's own above -6 (真的吗 -5.7, 热线咨询 -5.3).
_GARBLED_LOGP = -8.0


@functools.cache
def _run_after() -> re.Pattern[str]:
    """After four marks: a few characters read out of phase, then a lone trail's ``?`` (or
    two: a last unreadable pair) before an ASCII byte below 0x40 or the line's end. Compiled
    on first use: a class spanning the Han block costs ~1.4 ms, on every start otherwise."""
    return re.compile(r"([\u4e00-\u9fff\u3000-\u303f\uff01-\uff5e]{1,10})\?{1,2}(?:[\x20-\x3f]|\n|$)")


def _garbled_after(text: str, end: int) -> bool:
    """Whether the marks ending at ``end`` are followed by characters read out of phase: a
    few that no one writes, then a lone last trail's ``?`` before an ASCII byte or the line's
    end."""
    found = _run_after().match(text, end)
    return found is not None and not in_phase(found.group(1))


_HAN_AFTER = regex_cache.compile(r"[\u4e00-\u9fff]{2,8}")
# A list's item: 一、 or （一） (a digit's, 1. or 1、, is a digit's).
_ITEM_AFTER = regex_cache.compile(r"[一二三四五六七八九十]{1,3}、|（[一二三四五六七八九十]{1,3}）")


def indenting_marks(line: str, start: int = 0) -> int:
    """How many ``?`` open ``line`` at ``start`` as an indent (0 if none): two or three before
    the page's own text, read in phase — a digit, a list's item, or words (a page's ``&nbsp;&nbsp;`` written
    as ``??`` by a charset without U+00A0). Not before characters read out of phase: a
    line's first character lost its lead byte there."""
    end = start
    while end < len(line) and line[end] == "?":
        end += 1
    if not 2 <= end - start <= _BARE_STRETCH:
        return 0
    if "0" <= line[end : end + 1] <= "9" or _ITEM_AFTER.match(line, end):
        return end - start
    # The words after as the text reads without the readings glued to them (??當(dāng)天下午:
    # 當 alone before a bracket had kept the indent, for a second cleaning to take out).
    found = _HAN_AFTER.match(GLUED_PINYIN.sub("", line[end : end + _READ_AFTER]))
    if found is None or not in_phase(found.group()):
        return 0
    return end - start


_READ_AFTER = 80  # eight characters, each with a reading glued on


def opens_line(text: str, start: int) -> bool:
    """Whether the marks at ``start`` open a line, a reading glued before them looked past."""
    return _character_before(text, start) == "\n"


def _character_before(text: str, start: int, repaired_to: Mapping[int, str] = _NONE_REPAIRED) -> str:
    """The character before the marks at ``start``, past a reading glued to it (``\n`` at
    the text's start); where a repair ends there, the last character it reads
    (``repaired_to``: ``?h(xiàn)???h`` is 縣???h to a second cleaning)."""
    glued = READING_BEFORE.search(text, max(0, start - 12), start)
    # A damaged reading the glued-pinyin pass takes out too (縣(xi?n)???: 縣 before the marks,
    # as a second cleaning reads them; the bracket had made three marks the page's own).
    at = glued.start() if glued else (damaged_reading_before(text, start) if text[start - 1 : start] in ")）" else None)
    at = start if at is None else at
    if at in repaired_to:
        return repaired_to[at]
    return text[at - 1] if at else "\n"


def _after_last_trail(text: str, start: int) -> bool:
    return start >= 2 and "\x40" <= text[start - 1] <= "\x7e" and (text[start - 2] == "?" or is_han(text[start - 2]))


def bare(
    text: str, start: int, end: int, *, line_start_read: bool = False, repaired_to: Mapping[int, str] = _NONE_REPAIRED
) -> bool:
    """Loss marks that are not a lost byte: four or more in a row, three anywhere but
    right after a Han character or a comma (the sites' ASCII comma for ，), or marks that
    begin a line or follow a space (an indent) — no byte before them was lost. A reading glued before them is looked
    past (``召(yì )???`` as ``召???``): the cleaned text must be read the same way.

    ``line_start_read``: up to three at a line's start are read all the same — a line's
    first character loses its lead byte as often as any (``???笔榧恰⑶`` for 區委副書記、),
    and the repair must read better than the text as it stands, and read more than the
    marks (:func:`.mojibake._repairs`); left unread, they are an indent again, never flagged."""
    before = _character_before(text, start, repaired_to)
    if line_start_read and before == "\n" and end - start <= _BARE_STRETCH:
        return False
    # After a run's last trail byte (``?r???``, ``??匍_???``): a character's, read as one in
    # the repair — not the page's own ASCII text.
    after_text = is_han(before) or before in (",", "，", "、") or _after_last_trail(text, start)
    if end - start == _BARE_STRETCH + 1 and is_han(before) and _garbled_after(text, end):
        # Three pairs no decoder could read after a lost lead byte (`安????笈挪榇笳??,` for
        # 安全生产大排查大整治，): what follows is a run read out of phase, not the page's
        # own text after its own marks (`他说????真的吗?`).
        return False
    if end - start > _BARE_STRETCH or (end - start == _BARE_STRETCH and not after_text):
        return True
    return end - start > 1 and before.isspace()
