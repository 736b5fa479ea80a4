"""Scalar and list fields other than people, by rule. Text is simplified script."""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from jiyao import jurisdictions
from jiyao.cleaning import regex_cache
from jiyao.cleaning.plausibility import jieba_dictionary
from jiyao.glossary import load_glossary
from jiyao.schemas import MeetingFormat, TimeOfDay
from jiyao.titles import grassroots_at_start, place_before_level, zone_at_start, zone_english


@dataclass(frozen=True)
class Found:
    """A value and the span of the text that supports it."""

    value: str
    start: int
    end: int
    # A stretch inside the span that the value leaves out (召开 between an organ and its
    # meeting: 县领导小组召开第十二次会议 → 县领导小组第十二次会议).
    skip: tuple[int, int] | None = None

    def of(self, text: str) -> str:
        """The value as ``text`` writes it (the same span in the report's own script)."""
        if self.skip is None:
            return text[self.start : self.end]
        return text[self.start : self.skip[0]] + text[self.skip[1] : self.end]


# 日 may be a character the cleaner marked lost (6月30□，): the day is still there.
# The weekday may stand between the day and its part: 12月5日（星期二）上午, 12月5日周二下午;
# or the bracket the date was given in: 今天（3月5日）上午.
# A space may stand before a weekday or a part of the day (12月5日 上午, a dateline's form).
_PART_OF_DAY = (
    "(?:[ \u3000]?（?(?:星期|周)[一二三四五六日天]）?|）)?"
    "(?:[ \u3000]?(上午|下午|晚上|晚间|傍晚|晚|夜间|夜|早上|早晨|清晨|凌晨|午后))?"
)
# Two days written as one (12月30—31日, 3月2至3日): the first is the day it met.
_DATE = regex_cache.compile(
    r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})(?:(?:[—–－~～-]|至|到)\d{1,2})?(?:日|号|□(?=\D))" + _PART_OF_DAY
)
# 2023-12-16, 2023.12.16, 2023/12/16: read only when the text has no date in words.
_NUMERIC_DATE = regex_cache.compile(r"(?<![\d.])(\d{4})[-./](\d{1,2})[-./](\d{1,2})(?![\d.])" + _PART_OF_DAY)
_TIME_OF_DAY: dict[str, TimeOfDay] = {
    "上午": "morning", "下午": "afternoon", "晚上": "evening", "晚间": "evening",
    "傍晚": "evening", "晚": "evening", "夜间": "evening", "夜": "evening",
    "早上": "morning", "早晨": "morning", "清晨": "morning", "凌晨": "morning", "午后": "afternoon",
}  # fmt: skip


# In words, as formal documents date themselves: 二〇二四年三月十五日.
_DATE_IN_WORDS = regex_cache.compile(
    r"(?:([〇○零一二三四五六七八九]{4})年)?(十[一二]?|[一二三四五六七八九])月([一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日"
    + _PART_OF_DAY
)
_DIGITS = {ch: str(i) for i, ch in enumerate("〇一二三四五六七八九")} | {"○": "0", "零": "0"}
# A deadline or a period, not the day of the meeting: 3月10日前, 截至3月10日, 3月10日起;
# nor a day the report says something of (3月10日是…).
_NOT_THE_DAY_AFTER = regex_cache.compile(r"(?:之前|以前|前(?!夕)|起|止|以来|是)")
_NOT_THE_DAY_BEFORE = regex_cache.compile(r"(?:截至|截止|到)$")


def _number_in_words(words: str) -> int:
    """一 … 三十一: tens written with 十."""
    if "十" not in words:
        return int(_DIGITS[words])
    tens, _, units = words.partition("十")
    return int(_DIGITS[tens] if tens else 1) * 10 + (int(_DIGITS[units]) if units else 0)


def _next_date(text: str, pos: int, patterns: tuple[re.Pattern[str], ...]) -> re.Match[str] | None:
    """The first date at or after ``pos`` written the ways ``patterns`` read."""
    found = [match for pattern in patterns if (match := pattern.search(text, pos)) is not None]
    return min(found, key=re.Match.start) if found else None


# The report opens by saying only "recently": a date after it is what the meeting spoke of
# (日前，县委召开会议，部署10月1日国庆期间…), not the day it met.
_RECENTLY_FIRST = regex_cache.compile(r"[^，。\n\d]{0,24}?(?:近日|日前|近期|前不久|最近)[，,]")


def find_date(text: str, body_start: int) -> tuple[Found | None, TimeOfDay | None]:
    """The first date in the body that is a day, not a deadline (3月10日前) or a period's end."""
    if _RECENTLY_FIRST.match(text, body_start):
        return None, None
    # 2023-12-16: only when the text has no date in words.
    in_words = _DATE, _DATE_IN_WORDS
    patterns = in_words if any(p.search(text, body_start) for p in in_words) else (_NUMERIC_DATE,)
    pos = body_start
    while (match := _next_date(text, pos, patterns)) is not None:
        if match.re.pattern == _DATE_IN_WORDS.pattern:  # a match's re is the compiled pattern, not the stand-in
            digits = match.group(1)
            year = "".join(_DIGITS[ch] for ch in digits) if digits else None
            month, day = _number_in_words(match.group(2)), _number_in_words(match.group(3))
        else:
            year, month, day = match.group(1), int(match.group(2)), int(match.group(3))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return None, None
        before = text[max(0, match.start() - 4) : match.start()]
        if _NOT_THE_DAY_AFTER.match(text, match.end()) or _NOT_THE_DAY_BEFORE.search(before):
            pos = match.end()
            continue
        value = f"{int(year):04d}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"  # ２０２３ is 2023
        part = _TIME_OF_DAY.get(match.groups()[-1] or "") or _part_by_clock(text, match.end())
        return Found(value, match.start(), match.end()), part
    return None, None


# The days a meeting ran, from its first: 1月8日至10日, 12月30—31日, 11月28日至12月1日.
_DAYS = regex_cache.compile(
    r"(?:\d{4}年)?\d{1,2}月\d{1,2}(?P<within>(?:[—–－~～-]|至|到)\d{1,2})?[日号]"
    r"(?P<after>(?:[—–－~～-]|至|到)(?:\d{1,2}月)?\d{1,2}[日号])?"
)


def days_ran(text: str, date: Found) -> Found | None:
    """Where the date ``find_date`` read is the first of several days the text names (a
    session of a congress, a two-day meeting), the span naming them all; else None."""
    days = _DAYS.match(text, date.start)
    if days is None or not (days.group("within") or days.group("after")):
        return None
    return Found(days.group(), days.start(), days.end())


# The hour the meeting began, where no word gives the part of the day: 3月8日19:30, 3月8日14时.
_CLOCK = regex_cache.compile(r"[ \u3000]?(\d{1,2})(?:[:：][0-5]\d|时|点)")
_AFTERNOON_FROM, _EVENING_FROM, _HOURS = 12, 18, 24


def _part_by_clock(text: str, at: int) -> TimeOfDay | None:
    clock = _CLOCK.match(text, at)
    if clock is None or (hour := int(clock.group(1))) >= _HOURS:
        return None
    return "morning" if hour < _AFTERNOON_FROM else "afternoon" if hour < _EVENING_FROM else "evening"


# The report opens with a day counted from when it was published (昨日上午，县委…).
_RELATIVE_DAY = regex_cache.compile(r"[^，。\n\d]{0,24}?(前天|前日|昨天|昨日|今天|今日)" + _PART_OF_DAY)
_DAYS_BACK = {"前天": 2, "前日": 2, "昨天": 1, "昨日": 1, "今天": 0, "今日": 0}


# Or with a day of the week (上周五, 本周一, 周二 — not 周一至周五, a span): the page's week or
# the one before; a bare 周二 is the last before the page, 本周五 still to come is no day met.
# A pause or a part of the day after it: 周一鸣主持 is a name.
_WEEKDAY = regex_cache.compile(
    r"[^，。\n\d周]{0,24}?(上周|上星期|本周|这周|本星期|周|星期)([一二三四五六日天])"
    r"(?=[，,、\s（(]|上午|下午|晚|早|凌晨|清晨|午后|夜)" + _PART_OF_DAY
)
_WEEKDAYS = "一二三四五六日"


# Or with a day of the month alone (5日上午，县委…; 本月5日): the page's month, or the month
# before when that day is still to come on the day it was published.
_DAY_ALONE = regex_cache.compile(
    r"(?:本月)?(\d{1,2})[日号]" + _PART_OF_DAY + r"(?=[，,\s]|[^\d，。\n]{0,24}?(?:召开|举行|主持))"
)


def find_unanchored_day(text: str, body_start: int) -> tuple[Found, TimeOfDay | None] | None:
    """The day the body opens with as :func:`find_relative_date` reads it (昨日, 上周五,
    5日) and its part of the day, for a page that gives no publication date to count from."""
    if (match := _RELATIVE_DAY.match(text, body_start)) is not None:
        found, part = Found(match.group(1), match.start(1), match.end(1)), match.group(2)
    elif (match := _WEEKDAY.match(text, body_start)) is not None:
        found, part = Found(match.group(1) + match.group(2), match.start(1), match.end(2)), match.group(3)
    elif (match := _DAY_ALONE.match(text, body_start)) is not None:
        found, part = Found(text[match.start() : match.end(1) + 1], match.start(), match.end(1) + 1), match.group(2)
    else:
        return None
    return found, _TIME_OF_DAY.get(part or "")


# The body opens with no day, only that it was lately (近日，县委…): no date to read, and
# the reader is told why (a readout with no date and no word had looked like a miss).
_VAGUE_DAY = regex_cache.compile(
    r"(?<!附)(近日|日前|近期|前不久|近段时间|近来|最近)(?=[，,]|[^\n。]{0,30}?(?:召开|举行))"
)
_VAGUE_WITHIN = 120  # characters of the body's opening


def find_vague_day(text: str, body_start: int) -> Found | None:
    """The word the body's opening dates the meeting by when it gives no day (近日, 日前)."""
    match = _VAGUE_DAY.search(text, body_start, body_start + _VAGUE_WITHIN)
    return None if match is None else Found(match.group(1), match.start(1), match.end(1))


def find_relative_date(text: str, body_start: int, published: str) -> tuple[Found | None, TimeOfDay | None]:
    """A day the body opens with counted back from the page's publication date
    (``YYYY-MM-DD``): 昨日 in a report published on 12 March is 11 March; 5日 in it,
    5 March (and 15日, 15 February); 上周五 in one published on Wednesday 13 March, 8 March."""
    try:
        page = datetime.date.fromisoformat(published[:10])
    except ValueError:
        return None, None
    said = find_unanchored_day(text, body_start)
    if said is None or (day := _counted_from(said[0].value, page)) is None:
        return None, None
    return Found(day.isoformat(), said[0].start, said[0].end), said[1]


def _counted_from(said: str, page: datetime.date) -> datetime.date | None:
    """The day ``said`` (昨日, 上周五, 本月5日) names on a page published on ``page``."""
    if (digits := _DIGITS_IN.search(said)) is not None:
        # A day of the month alone: the page's month, or the one before for a day to come.
        if not 1 <= (number := int(digits.group())) <= 31:
            return None
        month_start = page.replace(day=1)
        if number > page.day:
            month_start = (month_start - datetime.timedelta(days=1)).replace(day=1)
        try:
            return month_start.replace(day=number)
        except ValueError:  # 31日 of a month of 30 days
            return None
    if said in _DAYS_BACK:
        return page - datetime.timedelta(days=_DAYS_BACK[said])
    week, name = said[:-1], said[-1].replace("天", "日")
    day = page + datetime.timedelta(days=_WEEKDAYS.index(name) - page.weekday())
    if week.startswith("上"):
        day -= datetime.timedelta(days=7)
    elif day > page and week in ("周", "星期"):
        day -= datetime.timedelta(days=7)
    return None if day > page else day  # 本周五 still to come is no day met


_DIGITS_IN = regex_cache.compile(r"\d+")


# An agency's dateline names the day it filed (新华社北京3月11日电); its report, the day of
# the month alone (李强11日主持…), or none (the meeting met that day).
_DATELINE_DAY = regex_cache.compile(r"(\d{1,2})月(\d{1,2})日[电電讯訊]")
_DAY_IN_FIRST_SENTENCE = regex_cache.compile(r"[^。！？\n]*?(?<![\d月年])(\d{1,2})[日号]" + _PART_OF_DAY)


def find_dateline_date(text: str, body_start: int, dateline_start: int) -> tuple[Found, TimeOfDay | None, str] | None:
    """The meeting's date from the dateline's day (``--MM-DD``) where the body's first
    sentence gives the day alone or no day; with where it came from, for a note."""
    filed = _DATELINE_DAY.search(text, dateline_start, body_start)
    if filed is None:
        return None
    month, filed_day = int(filed.group(1)), int(filed.group(2))
    if not (1 <= month <= 12 and 1 <= filed_day <= 31):
        return None
    said = _DAY_IN_FIRST_SENTENCE.match(text, body_start)
    if said is None:
        found = Found(f"--{month:02d}-{filed_day:02d}", filed.start(), filed.end() - 1)
        return found, None, "the dateline's day: the text gives none"
    if not 1 <= (day := int(said.group(1))) <= filed_day:
        return None  # a day after the dateline's: another month's, not guessed
    found = Found(f"--{month:02d}-{day:02d}", said.start(1), said.end(1) + 1)
    return found, _TIME_OF_DAY.get(said.group(2) or ""), "its month is the dateline's"


# A date the page lost part of: 月 and a digit went with a lost byte (4□6日 for 4月16日).
_DAMAGED_DATE = regex_cache.compile(r"(?:\d{4}年)?\d{1,2}月?□\d{0,2}[日号]")


def find_damaged_date(text: str, body_start: int) -> Found | None:
    """A date the text has only in part, to say so rather than guess it."""
    match = _DAMAGED_DATE.search(text, body_start)
    return Found(match.group(), match.start(), match.end()) if match else None


# Where a report names who chaired, attended or spoke: a damaged stretch before such a
# verb in its sentence may have held a name.
_ROLE_VERB = regex_cache.compile(r"主持|出席|参加|参会|列席|旁听|陪同|讲话|召集")
_SENTENCE = regex_cache.compile(r"[^。；！？\n]+")
_CLAUSE = regex_cache.compile(r"[^，；。\n]+")
# □ where a name goes: after a title or a list's 、 (a name's first characters between),
# at a clause's start, or just before a 、.
_BEFORE_NAME = regex_cache.compile(r"(?:^|[长记任席员委导、])[^、，□\d]{0,2}$")
_BEFORE_LIST_MARK = regex_cache.compile(r"[^、，]{0,2}、")


def _name_slot(clause: str, at: int) -> bool:
    # _BEFORE_NAME reads three characters back at most: searched from there, not from the
    # clause's start (a page of one long clause was quadratic).
    return bool(_BEFORE_NAME.search(clause, max(0, at - 3), at) or _BEFORE_LIST_MARK.match(clause, at + 1))


def find_unread_names(text: str, body_start: int) -> list[Found]:
    """The clauses where people are named that hold characters the cleaner could not read
    (□): a name there may be missing or cut (副镇长□娟、赵听□参加会议)."""
    found: list[Found] = []
    if "□" not in text:
        return found
    for sentence in _SENTENCE.finditer(text, body_start):
        if "□" not in sentence.group():
            continue
        verbs = [sentence.start() + verb.start() for verb in _ROLE_VERB.finditer(sentence.group())]
        for clause in _CLAUSE.finditer(text, sentence.start(), sentence.end()):
            # A lost character where a name goes, with a verb after it that names a role.
            # (The clause's text taken once: a copy of it for each □ was quadratic.)
            words = clause.group()
            lost = [at for at, char in enumerate(words) if char == "□" and _name_slot(words, at)]
            if lost and verbs and max(verbs) > clause.start() + min(lost):
                found.append(Found(words, clause.start(), clause.end()))
    return found


# When, between a meeting and its 召开: 县委常委会会议于12月30日下午召开, …第十五次会议6月28日至29日召开.
_WHEN = r"(?:于?[\d年月日号至上下午晚间]{2,20}?)?"
# Held, or opened or closed (…会议在县会议中心胜利闭幕): a session held either way.
_HELD = r"(?:举行|召开|(?:隆重|胜利)?(?:开幕|闭幕))"
# A meeting's name may be followed by its format in brackets (召开全县…会议（视频会议）: no
# meeting had been read); what follows the name ends it.
_NAME_ENDS = r"(?=[，。；]|$|[（(](?:电视电话|视频|线上|现场)[^（）()]{0,8}[）)])"
_MEETING = (
    regex_cache.compile(rf"主持召开([^，。；\n]{{2,40}}?(?:会议|会)){_NAME_ENDS}", re.MULTILINE),
    # Not 召开的重要会议 (a meeting told of: 两会是在关键之年召开的重要会议); or held (举行政企恳谈会).
    regex_cache.compile(rf"(?:召开|举行)了?(?!的)([^，。；\n]{{2,40}}?(?:会议|会)){_NAME_ENDS}", re.MULTILINE),
    regex_cache.compile(rf"([^，。；\n]{{2,40}}?(?:会议|会)){_WHEN}(?:在[^，。；\n]{{1,12}}?)?{_HELD}"),
    # A study session: 中心组举行2024年第二次集体学习 (专题学习会: its 会 too).
    regex_cache.compile(r"(?:举行|召开|开展)([^，。；\n]{0,20}?(?:(?:集体|专题)学习会?|学习会))"),
    # Minutes headed by the meeting's name: 县政府常务会议纪要.
    regex_cache.compile(r"^(?!关于)([^，。；\n]{2,30}?会议)纪要$", re.MULTILINE),
    # A meeting held elsewhere that the report's officials attended: 出席在深圳举行的我市产业招商推介会.
    regex_cache.compile(
        r"(?:出席|参加)了?在[^，。；\n]{1,20}?(?:举行|召开)的([^，。；\n]{2,40}?(?:会议|会))(?=上|并|[，。；]|$)",
        re.MULTILINE,
    ),
    # After a visit, the meeting that followed it: 在随后召开的座谈会上.
    regex_cache.compile(
        r"(?:随后|随即|当天|当日)(?:召开|举行)的([^，。；\n]{2,30}?(?:会议|会))(?=上|[，。；]|$)", re.MULTILINE
    ),
    # A ceremony officials attend: 举行项目集中签约仪式; 战略合作协议签约仪式在市行政中心举行.
    regex_cache.compile(r"(?:举行|举办)([^，。；\n]{2,40}?仪式)(?=[，。；]|$)", re.MULTILINE),
    regex_cache.compile(rf"([^，。；\n]{{2,40}}?仪式){_WHEN}(?:在[^，。；\n]{{1,12}}?)?(?:举行|举办)"),
)


# Where a clause tells of a meeting before naming it: 出席了在市会展中心举行的 (up to the last).
_TOLD_BEFORE_NAME = regex_cache.compile(r".*(?:举行|召开|举办)的")
# Before 召开/举行, words that make it an order or a habit, not a meeting held (要召开, 每月召开).
_NOT_HELD = regex_cache.compile(r"(?:要|须|需|将|应|应当|适时|定期|及时|每月|每周|每季度|每年|每半年)$")


# Where the third and the last of _MEETING can match: each is tried only in such a clause
# (from every position of the body, its lazy 2–40 cost ~0.3 ms a report).
_CONVENED = regex_cache.compile(rf"会议?{_WHEN}(?:在[^，。；\n]{{1,12}}?)?{_HELD}")
_CEREMONY_HELD = regex_cache.compile(rf"仪式{_WHEN}(?:在[^，。；\n]{{1,12}}?)?(?:举行|举办)")
_NAME_BEFORE_VERB = {2: _CONVENED, len(_MEETING) - 1: _CEREMONY_HELD}


def _meetings(text: str, start: int, end: int) -> tuple[Found, ...]:
    """The meetings the text between start and end says were held, by position, each once."""
    found: list[Found] = []
    clauses: set[int] = set()  # where each found meeting's clause starts
    for index, pattern in enumerate(_MEETING):
        if (held := _NAME_BEFORE_VERB.get(index)) is not None:
            spans = [(max(start, _clause_of(text, m.start())), m.end()) for m in held.finditer(text, start, end)]
        else:
            spans = [(start, end)]
        for match in (match for span in spans for match in pattern.finditer(text, *span)):
            # Each pattern but the third and the last starts at its verb (要召开…; 每月召开…会);
            # those end at it, after 会, 会议 or 仪式, where no such word can stand.
            if _NOT_HELD.search(text, max(start, match.start() - 4), match.start()):
                continue
            item = Found(match.group(1), match.start(1), match.end(1))
            if index == 2 and (told := _TOLD_BEFORE_NAME.search(item.value)) is not None:
                # 市长出席了在市会展中心举行的…博览会开幕: the name after what was said of it.
                item = Found(item.value[told.end() :], item.start + told.end(), item.end)
                if len(item.value) < 2:
                    continue
            if index == 2 and _ORGAN_NAMED.search(item.value) and text.startswith("会议", match.end()):
                # 县委常委会召开会议: the organ, then its meeting — 县委常委会会议.
                item = Found(item.value + "会议", item.start, match.end() + 2, skip=(item.end, match.end()))
            generics = (_GENERIC_MEETING, _GENERIC_STUDY) if index < 2 else (_GENERIC_STUDY,) if index == 3 else ()
            if any(generic.fullmatch(item.value) for generic in generics):
                item = _with_organ(text, item, match.start(), start)
            elif index < 2 and _LEVELLESS_BODY.match(item.value):
                item = _with_convener(text, item, match.start(), start)
            # One meeting a clause (区安委会召开全体会议: the organ, then its meeting), named as
            # the earlier pattern names it.
            if (clause := _clause_of(text, item.start)) not in clauses:
                found.append(item)
                clauses.add(clause)
    return tuple(sorted(found, key=lambda item: item.start))


# Standing bodies named like a meeting (会): 县委常委会, 县安委会, 县人大常委会.
_ORGAN_NAMED = regex_cache.compile(r"(?:常委会|安委会|委员会)$")
# A meeting named by its number or kind alone (第十二次会议, 全体成员（扩大）会议, 第37次常务会议):
# whose it is was said before 召开 — 县疫情防控工作领导小组召开第十二次会议.
_GENERIC_MEETING = regex_cache.compile(
    r"(?:第?[一二三四五六七八九十百\d]{1,4}届)?(?:第?[一二三四五六七八九十百\d]{1,4}次)?"
    r"(?:全体成员|全体|常务|专题|学习|常委会|常委)?(?:（扩大）|扩大)?(?:会议|会)"
    # A democratic life meeting of a year: 县委常委班子召开2024年度民主生活会.
    r"|(?:\d{4}年度?)?(?:专题)?民主生活会"
)
# A study session named by its number alone (2024年第三次集体学习): the study group's, said before 举行.
_GENERIC_STUDY = regex_cache.compile(
    r"(?:\d{4}年度?)?(?:第[一二三四五六七八九十百\d]{1,4}次)?(?:(?:集体|专题)学习会?|学习会)"
)
# (Not across 在: 县长王明在县政府主持召开专题会议 is 县政府's, not 县长王明在县政府's.)
_ORGAN_BEFORE = regex_cache.compile(
    r"(?:中共)?(?:[省市县区镇乡州][^，。；、\n在]{0,24}?"
    r"(?:领导小组|委员会|安委会|常委会|指挥部|人民政府|政府|党组|党委|[县市区]委|理论学习中心组|中心组|政协|班子)"
    r"|[省市县区州]委)$"  # 县委召开常委会会议: the level's Party committee, named by its level alone
)


# A standing body's meeting named without its level (县委召开全面深化改革委员会第五次会议,
# 县政府召开安委会全体成员会议): the level's, said by who convened it.
_LEVELLESS_BODY = regex_cache.compile(
    r"(?![省市县区镇乡州]|全[省市县区镇乡州])[^，。；、\n]{0,16}?(?:委员会|安委会|领导小组|指挥部)(?!办)"
)
_PARTY_COMMISSIONS = (
    "全面深化改革委员会", "深化改革委员会", "全面依法治", "审计委员会", "财经委员会", "网络安全和信息化委员会",
    "机构编制委员会", "国家安全委员会", "外事工作委员会", "农村工作领导小组",
)  # fmt: skip
_CONVENER = regex_cache.compile(r"(?:中共)?([省市县区州])(委|政府|人民政府)?$")


def _with_convener(text: str, item: Found, verb: int, start: int) -> Found:
    """``item`` named with the level that convened it: a Party committee's own commission
    with 县委 (县委全面深化改革委员会), any other body with the level alone (县安委会)."""
    convener = _CONVENER.search(text, max(start, _clause_of(text, verb)), verb)
    if convener is None:
        return item
    level, organ = convener.groups()
    # The prefix is the text's own (the value is read back from the span): 县委 only where written.
    prefix = level + "委" if organ == "委" and item.value.startswith(_PARTY_COMMISSIONS) else level
    at = convener.start(1)
    return Found(prefix + item.value, at, item.end, skip=(at + len(prefix), item.start))


def _with_organ(text: str, item: Found, verb: int, start: int) -> Found:
    """``item`` with the organ that convened it before its name, when the clause says one."""
    subject = _ORGAN_BEFORE.search(text, max(start, _clause_of(text, verb)), verb)
    if subject is None:
        return item
    return Found(subject.group() + item.value, subject.start(), item.end, skip=(subject.end(), item.start))


def _clause_of(text: str, at: int) -> int:
    """Where the clause holding ``at`` starts."""
    return max(text.rfind(mark, 0, at) for mark in "，。；\n") + 1


def find_meetings(text: str, body_start: int) -> tuple[Found, ...]:
    """The meetings the body says were held, in order; else as the title names them (市委
    召开…会议 as the headline, and a body that only says who convened whom). A meeting held
    right after another to carry it out comes first: the report is of it."""
    held = _meetings(text, body_start, len(text)) or _meetings(text, 0, body_start)
    for index, item in enumerate(held[1:], 1):
        if _RELAY.search(text, max(0, item.start - 16), item.start):
            return (item, *held[:index], *held[index + 1 :])
    return held


# 全省防汛工作视频会议召开。会后 (会议召开后)，我县紧接着召开全县防汛工作会议: the county's own meeting,
# which the report is of (its chair, its format), after the one it took part in from afar.
_RELAY = regex_cache.compile(
    r"(?:会后|会议(?:结束|召开)后)，?(?:我[县市区镇乡旗]|[县市区]里)?(?:紧接[着著]|随即|立即|接[着著]|随后)?(?:召开|组织召开)了?$"
)


def find_meeting(text: str, body_start: int) -> Found | None:
    """The first meeting held (:func:`find_meetings`)."""
    held = find_meetings(text, body_start)
    return held[0] if held else None


def other_meetings(held: tuple[Found, ...]) -> list[Found]:
    """Of the meetings held, those besides the first, when a report tells of more than one
    (县委常委会…; 当天下午，县政府召开第8次常务会议…): each named differently, not one
    within another."""
    others: list[Found] = []
    for item in held[1:]:
        names = [name for m in (held[0], *others) if (name := _bare_meeting(m.value))]
        bare = _bare_meeting(item.value)
        if bare and not any(bare in name or name in bare for name in names):
            others.append(item)
    return others


def _bare_meeting(name: str) -> str:
    """A meeting's name without what every name has (会议, 会) or may leave out (全体, 扩大)."""
    return re.sub(r"[（(]扩大[）)]|全体|会议$|会$", "", name)


# On site and online at once: 线上线下相结合, “现场+视频” (which had read as video alone).
_BOTH = r"线上线下相结合|线上\+?线下|现场(?:\+|加|和|与)视频(?:相结合)?|视频(?:\+|加|和|与)现场(?:相结合)?"
_STATED_FORMAT = regex_cache.compile(
    rf"会议(?:以|采取|采用|通过)(?:网络)?“?({_BOTH}|电视电话会议|视频会议|视频|现场会议|现场|线上)”?"
    r"(?:连线)?(?:的)?(?:形式|方式)"
    # Or in brackets after the meeting's name: …工作会议（视频会议）.
    rf"|会议?[（(]({_BOTH}|电视电话会议|视频会议|视频|线上)[）)]"
    # Or how its chair convened it: 王明以视频连线方式主持召开….
    rf"|(?:以|采取|采用|通过)(?:网络)?“?({_BOTH}|电视电话会议|视频会议|视频|线上)”?(?:连线)?(?:的)?(?:形式|方式)"
    r"(?=(?:主持|组织)?(?:召开|举行))"
)


# On site and online at once, in either order and joined any way (线上线下相结合, 现场+视频).
_HYBRID_PAIRS = (("线上", "线下"), ("现场", "视频"))
_FORMAT_WORDS: tuple[tuple[str, MeetingFormat], ...] = (
    ("电视电话", "teleconference"),
    ("视频", "video"),
    ("线上", "video"),  # 以线上方式: online, by video
    ("现场", "in_person"),
)


# Where the meeting sat: minutes' 地点： line, or the room or building a sentence says it was
# held in (在县政府三楼会议室召开, 在市行政中心举行, X在…会议室主持召开) — not a sub-venue
# (在各分会场参会).
_VENUE_LINE = regex_cache.compile(
    # Its value ends at a space: another field may follow on the line (时间：…　地点：…　主持人：…).
    r"(?:^|(?<=[ \t\u3000]))(?:会议)?地点(?:[ \t]*[：:]|[ \t\u3000](?=\S)|\n)[ \t\u3000]*"
    r"([^\s。]{2,40}?)(?=[ \t\u3000。]|$)",
    re.MULTILINE,
)
_VENUE_NOUNS = (
    "会议室|会议中心|会议厅|礼堂|大会堂|会堂|报告厅|多功能厅|宾馆|酒店|饭店|大厦|大楼|办公楼|行政中心|服务中心|会展中心"
    "|主会场|会场|体育馆|剧院|党校|会商室|指挥中心"
    # Where ceremonies, exhibitions and drills are held.
    "|市民中心|文化中心|体育中心|展览馆|博物馆|科技馆|图书馆|广场|展厅|音乐厅|演播厅"
)
# Venues a city has one of, named alone (我市在市民中心举行…).
_VENUES_ALONE = "市民中心|人民大会堂"
_VENUE_HELD = regex_cache.compile(
    rf"在((?:(?![，。、；：,\n在各])[^分]|分(?!会场)){{1,20}}?(?:{_VENUE_NOUNS})|{_VENUES_ALONE})"
    r"(?:(?:隆重|正式|主持|组织)?(?:召开|举行|开幕|闭幕|举办)|主持(?:会议|并讲话))"
)


def find_venue(text: str, body_start: int) -> Found | None:
    """The room or building the meeting was held in, as the body first names it."""
    for pattern in (_VENUE_LINE, _VENUE_HELD):
        if (match := pattern.search(text, body_start)) is not None:
            return Found(match.group(1), match.start(1), match.end(1))
    return None


def find_format(text: str, meeting: Found | None) -> tuple[MeetingFormat, Found | None]:
    """An explicit 会议以…形式 (or the chair's 以视频连线方式主持召开) wins over what the meeting's name says."""
    stated = _STATED_FORMAT.search(text)
    source = next(filter(None, stated.groups())) if stated else (meeting.value if meeting else "")
    span = (stated.start(), stated.end()) if stated else ((meeting.start, meeting.end) if meeting else (0, 0))
    for first, second in _HYBRID_PAIRS:
        if first in source and second in source:
            return "hybrid", Found(first, *span)
    for word, kind in _FORMAT_WORDS:
        if word in source:
            return kind, Found(word, *span)
    return "unknown", None


_REGIONS = {
    "广西": "广西壮族自治区", "内蒙古": "内蒙古自治区", "西藏": "西藏自治区",
    "宁夏": "宁夏回族自治区", "新疆": "新疆维吾尔自治区",
}  # fmt: skip
_REGIONS_EN = {
    "广西壮族自治区": "Guangxi Zhuang Autonomous Region", "内蒙古自治区": "Inner Mongolia Autonomous Region",
    "西藏自治区": "Tibet Autonomous Region", "宁夏回族自治区": "Ningxia Hui Autonomous Region",
    "新疆维吾尔自治区": "Xinjiang Uygur Autonomous Region",
}  # fmt: skip


@functools.cache
def _places() -> tuple[frozenset[str], frozenset[str]]:
    """City and province names jieba's dictionary tags as places (ns), without 市 / 省 —
    but not its 各县, 各省, 外省 (各县市 is every county and city, no city named 各县)."""
    dictionary = jieba_dictionary()
    cities = frozenset(c for c in dictionary.cities if not c.startswith(("各", "外")) and c[-1] not in "县省")
    return cities, dictionary.provinces


def _most_mentioned(text: str, names: frozenset[str] | dict[str, str]) -> Found | None:
    """The name of ``names`` the text has most often (each count as ``str.count`` counts);
    on a tie, the one it has first. One pass over the text, looking names up by their first
    two characters: asking the text about each of ~800 cities took 1.7 ms a report, and a
    long report's time grew with both."""
    index = _by_first_two(names if isinstance(names, frozenset) else frozenset(names))
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    free: dict[str, int] = {}  # where the name's next occurrence may start (no overlaps)
    for at in range(len(text) - 1):
        group = index.get(text[at : at + 2])
        if group is None:
            continue
        for name in group:
            if at >= free.get(name, 0) and text.startswith(name, at):
                counts[name] = counts.get(name, 0) + 1
                first.setdefault(name, at)
                free[name] = at + len(name)
    if not counts:
        return None
    name = max(counts, key=lambda n: (counts[n], -first[n]))
    return Found(name, first[name], first[name] + len(name))


@functools.lru_cache(maxsize=8)
def _by_first_two(names: frozenset[str]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for name in names:
        if len(name) >= 2:
            index.setdefault(name[:2], []).append(name)
    return {two: tuple(group) for two, group in index.items()}


# A county or district as reports name the one holding a meeting: 安阳县召开…, 中共鹤城区委,
# 鹤城区人民政府 — the name right before its level and an organ or the verb (not 全县, 各区).
_COUNTY = regex_cache.compile(
    # Where a name may start: after a mark, 中共 or 政协 (政协平江县第十届委员会), or the level above
    # (湖南省怀化市鹤城区).
    r"(?:^|(?<=[^\u4e00-\u9fff□])|(?<=中共)|(?<=政协)|(?<=[省市州]))"
    r"(?!中共|政协|[各该我外邻此每])([\u4e00-\u9fff]{2,4}?)([县区旗州镇乡])"
    r"(?=委|党委|政府|人民政府|人大|政协|安委会|防指|召开|举行|第[一二三四五六七八九十\d]+[次届]|\d{4}年)"
)
# A name the dictionary lacks may still be taken when the chair's level holds the meeting
# by it: 嘉禾县召开… with 县长王明 in the chair — but not these words, which name no place.
_CONVENES_HERE = regex_cache.compile(r"召开|举行")
_NOT_A_PLACE = frozenset({"部分", "多个", "有关", "相关", "周边", "沿海", "重点", "市辖", "两个", "乡镇", "县区"})
# Areas that are no jurisdiction: 工业园区, 景区, 社区, 辖区, 片区, 山区, 库区, 灾区, 矿区, 主城区.
_NOT_A_COUNTY_END = tuple("园景社辖片山库灾矿")
_NOT_A_COUNTY = frozenset({"主城", "老城", "开发", "经开", "高新", "示范", "保税", "综保", "试验", "新"})


@functools.cache
def _known_counties() -> frozenset[str]:
    from jiyao.cleaning import tables

    # Not the few words jieba tags as places that name no one county (各县区, 各省县, 该县).
    return frozenset(name for name in tables.counties()["names"].split("\n") if not name.startswith(("各", "该", "每")))


def _county(text: str, level: str) -> Found | None:
    """The county (县), district (区) or banner (旗) of ``level`` the text names most: one
    jieba lists as a place, or one written after 中共 or the level above it (a name the
    dictionary lacks; after a mark alone, 会议由区委 would pass for one)."""
    found: dict[str, Found] = {}
    counts: dict[str, int] = {}
    for match in _COUNTY.finditer(text):
        name, at_level = match.groups()
        if at_level != level:
            continue
        known = name + level in _known_counties()  # 衡山县, 黄山区: their 山 is no 山区's
        if not known and (
            len(name) < 2
            or name.endswith(_NOT_A_COUNTY_END)
            or name in _NOT_A_COUNTY
            or name.startswith(("全", "本", "各", "该", "每"))
        ):
            continue  # 全市各县召开…: the whole city's counties (全州县, 本溪县 are ones the table lists; 各县区 none)
        before = text[max(0, match.start(1) - 2) : match.start(1)]
        vouched = before.endswith("中共") or before[-1:] in ("省", "市", "州")
        named_convening = len(name) <= 3 and name not in _NOT_A_PLACE and _CONVENES_HERE.match(text, match.end(2))
        if not known and not vouched and not named_convening:
            continue
        counts[name] = counts.get(name, 0) + 1
        found.setdefault(name, Found(name + level, match.start(1), match.end(1)))
    if not counts:
        return None
    return found[max(counts, key=lambda n: (counts[n], -found[n].start))]


_COUNTY_LEVELS = ("县", "区", "旗", "州", "镇", "乡")
_SUBDISTRICT = regex_cache.compile(
    r"(?:^|(?<=[^\u4e00-\u9fff□]))(?![各该我本全])([\u4e00-\u9fff]{2,4}?)街道(?=党工委|办事处|召开|举行|\d{4}年)"
)
_PLACED_TITLE = regex_cache.compile(r"([\u4e00-\u9fff]{1,4}?)([县区旗])")
# A town's or subdistrict's title with its name (龙泉镇党委书记, 白沙乡乡长): no list holds it.
_TOWN_LEVELS = ("镇", "乡", "街道")


def _named(named: tuple[str, int]) -> Found:
    name, start = named
    return Found(name, start, start + len(name))


def _county_or_autonomous(text: str, level: str) -> Found | None:
    """:func:`_county`, or an autonomous county or banner (城步苗族自治县, named with the
    peoples it is for: longer than a county's name is) — first when it is the one said
    to hold the meeting, or when the text names no other."""
    if level not in ("县", "旗"):
        return _county(text, level)
    holding = jurisdictions.most_named(text, level, holding=True)
    if holding is None and (county := _county(text, level)) is not None:
        return county
    named = holding or jurisdictions.most_named(text, level)
    return None if named is None else _named(named)


_LEVEL_FIRSTS = "省市县区旗州镇乡"
# A deputy's or an executive deputy's post names its level after the rank (常务副县长).
_RANK = regex_cache.compile(r"^(?:常务)?副(?=[省市县区旗州镇乡])")
# A seat on a higher level's committee (省委常委、长沙市委书记): what the chair is, not whose.
_SEAT_ABOVE = regex_cache.compile(r"^[省市]委(?:常委|委员)$")


def _title_of_level(chair_title: str) -> str:
    """The first of the chair's titles that names a level, its rank dropped (大会执行主席、县人大
    常委会主任: the county's; 副县长: a county's too) — not a seat on a higher committee when
    a title of the chair's own level follows (省委常委、市委书记: the city's)."""
    titles = [_RANK.sub("", t) for t in chair_title.split("、")]
    leveled = [t for t in titles if t[:1] in _LEVEL_FIRSTS or t.startswith("自治区") or place_before_level(t)]
    if len(leveled) > 1 and _SEAT_ABOVE.match(leveled[0]):
        return leveled[1]
    return leveled[0] if leveled else titles[0]


def find_location(text: str, chair_title: str | None, outlet: str | None) -> Found | None:
    """The holding jurisdiction: its level from the chair's title, its name from outlet or text."""
    title = _title_of_level(chair_title or "")
    cities, provinces = _places()
    level = title[:1]
    if (placed := _PLACED_TITLE.match(title)) is not None and "".join(placed.groups()) in _known_counties():
        level = placed.group(2)  # 平江县委书记: a county's, its name before its level
    # The town's or subdistrict's name after the county's or district's (芙蓉区定王台街道党工委书记).
    within = title[len(outer[0]) + 1 :] if (outer := place_before_level(title)) is not None else title
    for place, town_level in grassroots_at_start(within):
        if town_level in _TOWN_LEVELS and (at := text.find(place + town_level)) >= 0:
            return Found(place + town_level, at, at + len(place) + len(town_level))  # 龙泉镇党委书记: not 龙泉市
    if (zone := zone_at_start(title)) is not None and (at := text.find("".join(zone))) >= 0:
        return Found("".join(zone), at, at + len("".join(zone)))  # 岳麓高新区党工委书记 chairs
    if (kind := jurisdictions.kind_of_title(title)) is not None and (
        prefecture := jurisdictions.most_named(text, kind)
    ) is not None:
        return _named(prefecture)  # 地委书记, 盟长, 州委书记 chairs: not the city of 喀什 in 喀什地区
    if title.startswith("街道") and (subdistrict := _SUBDISTRICT.search(text)) is not None:
        # 城关街道党工委书记 chairs: the subdistrict the report names before its organs.
        return Found(subdistrict.group(1) + "街道", subdistrict.start(1), subdistrict.end())
    if level in _COUNTY_LEVELS:
        county = _county_or_autonomous(text, level)
        if county is not None:
            return county  # 安阳县: not 安阳市, the city of the same name above it
        if level in ("县", "区", "旗"):
            # No county named: not a city the report names for something else (与浏阳市的合作,
            # 北京市委的部署) — a city is not where a county's meeting was held.
            return None
    if title.startswith("自治区"):
        region = _most_mentioned(text, _REGIONS)
        return Found(_REGIONS[region.value], region.start, region.end) if region else None
    if title.startswith("省"):
        province = _most_mentioned(text, provinces)
        return Found(province.value + "省", province.start, province.end) if province else None
    if not title and (county := _county_holding(text)) is not None:
        return county  # no title says: 平江县召开…, 长沙县委 (not 长沙市, the city of that name)
    if (prefecture := jurisdictions.most_named(text, None, holding=True)) is not None:
        return _named(prefecture)  # no title says: 喀什地区召开…, not the city inside it
    if outlet:
        for size in range(min(4, len(outlet)), 1, -1):
            if outlet[:size] in cities and outlet[:size] in text:
                start = text.index(outlet[:size])
                return Found(outlet[:size] + "市", start, start + size)
    # Not a city the officials went to, or guests came from (县委书记带队赴长沙招商: the
    # county's meeting is not Changsha's): its name blanked where one of those words leads it;
    # nor one that joined at a sub-venue (浏阳市副市长谭丽君在分会场参加会议): its sentence blanked.
    # Nor a city that opens a company's name (上海某科技集团董事长: the guest's firm, not where
    # the mayor met him).
    elsewhere = _ELSEWHERE.sub(lambda m: m.group(1) + "□" * len(m.group(2)), text)
    elsewhere = _blank_companies_cities(_blank_sub_venue_sentences(elsewhere), cities)
    city = _most_mentioned(elsewhere, cities)
    return Found(city.value + "市", city.start, city.end) if city else None


# A county, district or banner's level where it holds a meeting: its Party committee, its
# government or congress, or convening (平江县召开…; 湖南省平江县委…).
_LEVEL_HOLDING = regex_cache.compile(r"[县区旗](?=委|人民政府|政府|人大|政协|召开|举行)")
_LONGEST_COUNTY = 6  # characters, its level with them (县 names run to five: 东乡族自治县 aside)


def _county_holding(text: str) -> Found | None:
    """The first county, district or banner (one the tables know) named as holding a meeting,
    when no chair's title gives the level: 平江县召开… had read no place, and 长沙县召开… the
    city of 长沙."""
    counties = _known_counties()
    levels: list[str] = []
    for level in _LEVEL_HOLDING.finditer(text):
        end = level.end()
        for size in range(_LONGEST_COUNTY, 1, -1):
            if end - size >= 0 and text[end - size : end] in counties:
                return Found(text[end - size : end], end - size, end)
        if level.group() not in levels:
            levels.append(level.group())
    # Else one the tables lack (jieba's places miss many districts: 岳麓区) where the level
    # above vouches for it or it convenes (长沙市岳麓区召开…), as a chair's title reads it: once
    # a level (each a pass over the text; once a holding had made a long report quadratic).
    return next((named for level in levels if (named := _county(text, level)) is not None), None)


_ELSEWHERE = regex_cache.compile(r"(赴|前往|来自|与)([\u4e00-\u9fff]{2,3})")
_COMPANY = regex_cache.compile(r"集团|公司|银行|商会")
_COMPANY_NAME_REACH = 10  # how far before 集团 a company's name may open


def _blank_companies_cities(text: str, cities: frozenset[str]) -> str:
    """``text`` with each city named bare (no 市 after it) inside a company's name blanked
    (□): the few characters before 集团, 公司, 银行 or 商会, back to the clause's start."""
    chars: list[str] | None = None
    for found in _COMPANY.finditer(text):
        start = found.start() - _COMPANY_NAME_REACH
        name_start = max(start, 0, *(text.rfind(mark, max(start, 0), found.start()) + 1 for mark in "，。、；：\n "))
        for at in range(name_start, found.start() - 1):
            for size in (2, 3):
                if text[at : at + size] in cities and text[at + size : at + size + 1] != "市":
                    chars = chars if chars is not None else list(text)
                    chars[at : at + size] = "□" * size
    return "".join(chars) if chars is not None else text


# Who joined at a sub-venue (在分会场参加会议), not at the main and sub-venues (在主分会场出席)
# nor where the city's own zone set one up (宜昌高新区设分会场).
_AT_SUB_VENUE = regex_cache.compile(r"在(?:各(?:地|自))?分会场(?:参加|出席|参会|收听|收看)")
_SENTENCE_ENDS = regex_cache.compile(r"[。\n]")


def _blank_sub_venue_sentences(text: str) -> str:
    """``text`` with each sentence that says someone joined at a sub-venue blanked (□).
    Found by the phrase, then widened to its sentence, each character looked at a bounded
    number of times: a pattern that looked for the sentence first was quadratic on a page of
    one long line (20 s for 60,000 characters)."""
    parts: list[str] = []
    done = 0  # where the last blanked sentence ended (its 。 or line break, kept)
    for found in _AT_SUB_VENUE.finditer(text):
        if found.start() < done:
            continue  # in the sentence just blanked
        start = max(text.rfind("。", done, found.start()), text.rfind("\n", done, found.start()), done - 1) + 1
        end_mark = _SENTENCE_ENDS.search(text, found.end())
        end = end_mark.start() if end_mark else len(text)
        parts += [text[done:start], "□" * (end - start)]
        done = end
    return "".join(parts) + text[done:] if parts else text


def location_english(location: str) -> str:
    from jiyao.pinyin import place_name

    if location in _REGIONS_EN:
        return _REGIONS_EN[location]
    if (listed := jurisdictions.english(location)) is not None:
        return listed
    if (zone := zone_at_start(location)) is not None and "".join(zone) == location:
        return zone_english(*zone)  # 岳麓高新区: Yuelu High-tech Zone
    if location.endswith("新区"):  # 浦东新区: a new area, not 浦东新 District
        return f"{place_name(location[:-2], '区')} New Area"
    if location.endswith("街道"):
        # Read as a district's name would be: the phrase table knows 朝阳区 (Chaoyang), not 朝阳街道.
        return f"{place_name(location[:-2], '区')} Subdistrict"
    base, level = location[:-1], location[-1]
    return f"{place_name(base, level)} {_LEVELS_EN.get(level, 'Province')}"


_LEVELS_EN = {
    "市": "City", "省": "Province", "县": "County", "区": "District", "旗": "Banner", "州": "Prefecture",
    "镇": "Town", "乡": "Township", "盟": "League",
}  # fmt: skip


# 一是…；二是…, and 一要…；二要… (the item is what is asked: 要…, as 一是要… gives it).
# An item ends where the next one starts, after a comma too (一要压实责任，二要强化督查).
_NUMBERED = regex_cache.compile(
    r"(?:^|(?<=[。；，：\n]))[一二三四五六七八九十]+(?:是|(?=要))((?:(?!，[一二三四五六七八九十]+(?:是|要))[^；。])+)"
)
# Minutes' decisions, one a line (一、各乡镇要立即开展隐患大排查。) or one a sentence after the
# colon (会议议定：一、…。二、由县住建局牵头，6月底前完成…。). Not an item that records business
# done (一、听取了…的汇报; 三、审议通过了…): its instruction, if any, follows.
_NUMBERED_LINE = regex_cache.compile(
    r"(?:^|(?<=[：:。；]))[一二三四五六七八九十]+、(?!(?:会议)?(?:听取|研究|审议|传达|学习|通报))"
    # 一、会议要求，各乡镇要…: the instruction is what the meeting asked (or decided: 会议决定，成立…).
    r"(?:(?:会议)?(?:要求|强调|指出|提出|明确|决定|议定)[，：:])?([^；。\n]{4,})",
    re.MULTILINE,
)
# When something asked is due, as a clause of its own before it: 到2025年底，…; 年底前，….
_WHEN_DUE = r"(?:到|至|在)?(?:\d{4}年|今年|明年)(?:底|末)?前?|(?:年底|年内|年末)前?"
# 要 as an instruction, not inside a word (重要, 主要, 需要, 要素, 要求).
_YAO = r"(?<![重主需只纲摘概提首紧必显])要(?![素求点闻害件])"
# 必须 and 务必 ask as 要 does (会议强调，必须坚持…; 各乡镇务必严防死守).
_ASKS = rf"(?:{_YAO}|必须|务必)"
# 王明强调，要…; 王明要求，各乡镇要…; 会议提出，要…; 会议明确，各乡镇要…: what was asked,
# with who is to do it (a short subject without a pause), after at most six clauses that set
# the scene (会议指出，岁末年初是…多发期，各级各部门要…: the context is not the instruction; a
# speech may look back at length first).
_AFTER_SPEECH = regex_cache.compile(
    rf"(?:强调|指出|要求|提出|号召|表示|希望|叮嘱|(?<=会议)明确)[，：](?:[^，。；：]{{1,30}}，){{0,6}}?"
    rf"((?:[^，。；：“”]{{1,16}}?)?{_ASKS}[^，。；]{{2,40}})(?=[，。；])"
)
# 王明要求，对照问题清单逐项销号: what 要求 opens is the instruction, 要 or not — when no
# clause of the sentence says 要 (else that one is), and 要求 is a verb: a short clause of
# who asked (not 要坚决落实省委工作要求，, 按照省委要求，).
_ASKED = regex_cache.compile(
    rf"(?:^|(?<=[。\n，；]))(?!按|根据|依照|遵照|对照|落实|贯彻|对标|围绕)[^，。；：要“”\n]{{1,16}}(?<![的照据合定作])要求[，：](?![^。；]*?{_ASKS})"
    rf"((?:(?:{_WHEN_DUE})，)?(?:[^，。；：“”]|“[^，。；：“”]{{1,12}}”){{4,30}})(?=[，。；])"
)
# With no comma after the verb: 李强强调要压实责任; …，要求各乡镇要压实责任 (not 按照省委要求…; not
# …视察时，强调要…: a clause's bare 强调 is often a leader's words the meeting studied).
_ASKED_DIRECTLY = regex_cache.compile(
    r"(?:^|(?<=[。\n，；]))(?!按|根据|依照|遵照|对照|落实|贯彻|对标|围绕)"
    r"(?:[^，。；：要“”\n]{1,16}?(?<![的照据合定作])(?:要求|强调)|要求)"
    rf"((?:[^，。；：“”要]{{1,12}}?)?{_YAO}[^，。；]{{2,40}})(?=[，。；])"
)
# 第一，要压实责任；第二，要…: an item that asks (要), up to its clause's end.
_ORDINAL_ITEM = regex_cache.compile(rf"(?:^|(?<=[。；：\n]))第[一二三四五六七八九十]+[，、]({_YAO}[^，；。]{{2,40}})")
# The work a meeting deployed, item by item after a colon: 会议部署了下一阶段重点工作：A；B；C.
_DEPLOYED = regex_cache.compile(r"(?:部署|安排|明确)了?[^，。；：\n]{0,16}?(?:工作|任务)[：:]([^。\n]+)")
# An item numbered in digits that asks (1.县应急局要开展专项检查; （2）各乡镇要…), one a line.
_DIGIT_ITEM = regex_cache.compile(
    r"^[ \t\u3000]*[（(]?\d{1,2}[)）.．、](?!\d)[ \t\u3000]*"
    rf"((?:[^，。；：“”\n]{{1,16}}?)?{_ASKS}[^；。\n]{{2,40}})(?=[；。\n]|$)",
    re.MULTILINE,
)
# Another doer's instruction in the same sentence: 会议要求，各乡镇要…，县水利局要加强巡查.
_NEXT_DOER = regex_cache.compile(rf"，((?P<doer>[^，。；：“”要]{{2,12}}?){_ASKS}[^，。；]{{2,40}})(?=[，。；])")
_DOER = regex_cache.compile(
    r"^(?:各|全[县市区镇乡])|(?:局|委|办|部门|单位|乡镇|街道|镇|乡|村|社区|企业|院|中心|公司|指挥部|专班|小组|大队|支队)$"
)
_SHORT_YAO = regex_cache.compile(r"(?:^|(?<=[。\n]))(要[^，。；]{2,10})(?=[，。])")
_X_YAO_HUA = regex_cache.compile(r"(?:^|(?<=[。\n]|，))([^，。；“”]{2,6}要[^，。；]{1,4}化)(?=。)")


def find_directives(text: str, body_start: int) -> list[Found]:
    """Numbered items (一是…, a line's 一、…), 要… headings and ``X要Y化`` headings, in text order."""
    found: dict[int, Found] = {}
    # Which characters a directive already holds: a match reaching into one is part of it
    # (一要… read as 要… by the numbered pattern, and as 一要… by the one after speech).
    # (Asking every directive found so far made a long report quadratic: 16 M tests for
    # 480,000 characters.)
    taken = bytearray(len(text))
    patterns = (
        _NUMBERED,
        _ORDINAL_ITEM,
        _NUMBERED_LINE,
        _DIGIT_ITEM,
        _AFTER_SPEECH,
        _ASKED,
        _ASKED_DIRECTLY,
        _SHORT_YAO,
        _X_YAO_HUA,
    )
    for pattern in patterns:
        for match in pattern.finditer(text, body_start):
            start, end = match.span(1)
            if taken.find(1, start, end) < 0:
                found[start] = Found(match.group(1).strip(), start, end)
                taken[start:end] = b"\x01" * (end - start)
    for first in sorted(found):
        end = found[first].end
        while (more := _NEXT_DOER.match(text, end)) is not None and _DOER.search(more.group("doer")):
            start, end = more.span(1)
            if taken.find(1, start, end) >= 0:
                break
            found[start] = Found(more.group(1).strip(), start, end)
            taken[start:end] = b"\x01" * (end - start)
    for match in _DEPLOYED.finditer(text, body_start):
        for item in re.finditer(r"[^；]+", match.group(1)):
            start, end = match.start(1) + item.start(), match.start(1) + item.end()
            if 2 <= end - start <= 40 and taken.find(1, start, end) < 0:
                found[start] = Found(item.group().strip(), start, end)
                taken[start:end] = b"\x01" * (end - start)
    return [found[k] for k in sorted(found)]


# In double quotes, or single ones, alone or inside double (落实‘三个必须’要求; 『』, which the
# rules read as ‘’).
_QUOTED = (
    regex_cache.compile(r"“([^“”]{2,30})”"),
    regex_cache.compile(r"‘(?=[^‘’“”]{0,29}[\u4e00-\u9fff])([^‘’“”]{2,30})’"),
)
# Quoted, and no formula: holidays (“五一”假期, “两节”期间), bodies' or events' short names
# (村“两委”干部, 全国“两会”) and the five-year plans' periods (‘十四五’时期).
_NOT_FORMULAS = frozenset(
    {"五一", "十一", "国庆", "元旦", "春节", "中秋", "端午", "清明", "两节", "双节", "七一", "八一", "五四", "六一",
     "三八", "双十一", "两委", "两会", "十一五", "十二五", "十三五", "十四五", "十五五", "十六五"}
)  # fmt: skip


def find_slogans(text: str, body_start: int) -> list[Found]:
    """Quoted policy formulas (not quoted speech, figures or single characters), and
    the glossary's formulas where they stand unquoted."""
    found: dict[str, Found] = {}
    for match in (match for quoted in _QUOTED for match in quoted.finditer(text, body_start)):
        value = match.group(1)
        if re.search(r"[。！？，]", value) or value.isdigit() or value in _NOT_FORMULAS:
            continue
        found.setdefault(value, Found(value, match.start(1), match.end(1)))
    for term in load_glossary().slogans():
        start = text.find(term.zh, body_start)
        if start >= 0 and term.zh not in found:
            found[term.zh] = Found(term.zh, start, start + len(term.zh))
    return sorted(found.values(), key=lambda f: f.start)


# A figure's unit: 元, 亩, 公里…; days only as a span to keep to (库存保持在15天以上), not a
# deadline (3天内完成) or a rhythm (每3天巡查).
_UNIT = (
    r"[万亿]?(?:元|亩|吨|人次|人|斤|公斤|户|个|家|座|所|项|套|辆|台|处|口|眼|条|栋|公里|千米|平方米|平方公里|立方米|米"
    r"|千瓦时|千瓦|兆瓦)|天(?=以上|左右|以内)"
)
# Numerals in words, and the units a figure in words is a measure of.
_IN_WORDS = "零一二两三四五六七八九十百千"
_MEASURE = r"元|亩|吨|公斤|公里|千米|平方米|平方公里|立方米|千瓦时|千瓦|兆瓦"
# A figure before 目标 (“79144”防控目标), with its unit when it has one (突破300亿元目标); not a
# year (2024年度目标考核: an appraisal of the year's goals, no goal of 2024).
_TARGET = regex_cache.compile(rf"“?(\d{{3,}}(?![\d年])(?:\.\d+)?(?:{_UNIT})?)”?[^，。；“”]{{0,6}}目标")
_TARGET_LEAD = regex_cache.compile(r"(?:实现|确保|力争|争取|达到)")


# A figure a meeting set as a goal: 确保全年地区生产总值增长6%以上, 力争完成固定资产投资50亿元
# (not one reached: 已完成投资30亿元, 同比增长5.2%).
_FIGURE = (
    # A number with its thousands set apart (1,000亿元: read as 000亿元, a goal of 投资1, before),
    # or a share in words (增长百分之八, as formal writing puts it).
    rf"(?<![\d.,])((?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)(?:%|‰|个百分点|{_UNIT})"
    r"(?:以上|左右|以内)?|百分之[零一二三四五六七八九十点]+(?:以上|左右|以内)?"
    # Or in words: 一百亿元, 五千万元, 十万亩 — a measure, or any unit after 万 or 亿 (not 三个,
    # 两项: a count in words is a slogan's more often than a goal's, 三个确保).
    rf"|(?<![{_IN_WORDS}万亿点])[{_IN_WORDS}]+(?:点[零一二三四五六七八九]+)?(?:[万亿]+(?:{_UNIT})|{_MEASURE})"
    r"(?:以上|左右|以内)?)"
)
# Or a plan's: 今年全县要完成…项目12个, 计划新建堤防5.2公里 (要 or 计划 before a verb of doing).
_GOAL_VERB = r"(?:完成|实现|达到|新建|新修|修建|新增|新签约|开工|引进|建成|改造|培育)"
# Or the year's goals a work report sets: 主要预期目标是：地区生产总值增长6.5%左右.
_FIGURE_GOAL = regex_cache.compile(
    rf"(?:确保|力争|争取|(?:要|计划)(?={_GOAL_VERB})|目标(?:是|为)[：:]?)([^，。；：“”]{{2,24}}?){_FIGURE}"
)
# A deadline (年底前完成…): what is to be done by then is no figure reached.
_DUE = r"年底前|年内|[0-9一二三四五六七八九十]{1,2}月底前"
# When a goal listed after the first is due (…，年底前完成造林1.2万亩): not what it counts.
_BY_WHEN = rf"{_DUE}|今年|明年|全年|[上下]半年"
# Goals listed after the first, clause by clause: …项目12个，新建堤防5.2公里，…; …增长6.5%左右，
# 一般公共预算收入增长5% (not a comparison: 同比提高1个百分点).
_NEXT_GOAL = regex_cache.compile(
    rf"[，、；](?:并|再)?(?:{_BY_WHEN})?((?!同比|比|较){_GOAL_VERB}[^，。；：“”]{{1,22}}?"
    rf"|(?!同比|比|较)[^，。；：]{{1,16}}?(?:增长|提高|下降|控制在|突破|达到|超过|保持在|稳定在)){_FIGURE}(?=[，。；、]|$)"
)


# What was asked by a deadline, its subject first: 会议要求，到2025年底，全县森林覆盖率达到65%以上
# (not 会议指出，到2023年底，…达到60%: a figure reached by then).
_ASKED_BY_DEADLINE = regex_cache.compile(
    rf"(?:要求|提出|明确)[，：](?:{_WHEN_DUE})，"
    rf"([^，。；：“”]{{2,24}}?(?:{_GOAL_VERB}|提高到|提升到|下降到|控制在)){_FIGURE}(?=[，。；、]|$)"
)


# A goal in the clause after a deadline's, which covers it (会议议定，…，8月底前完成停车泊位规划，
# 新增公共停车泊位1500个): the deadline makes it a plan, not a figure reached.
_AFTER_DUE_CLAUSE = regex_cache.compile(
    rf"(?:^|(?<=[，；：。\n]))(?:{_DUE})[^，。；\d]{{2,30}}，({_GOAL_VERB}[^，。；：“”]{{1,22}}?){_FIGURE}(?=[，。；、]|$)"
)


# The figure first, what it counts after: 确保30项民生实事在年底前全部完成. (A figure is
# whole: 力争100%完成 is no 力争10 before a figure 0%.)
_FIGURE_FIRST = regex_cache.compile(rf"(?:确保|力争|争取){_FIGURE}([^，。；：“”]{{2,24}}?)(?=[，。；])")


# A goal given a deadline, wherever it stands (会议要求，各乡镇要…，年底前完成堤防加固12公里).
_DUE_GOAL = regex_cache.compile(
    rf"(?:^|(?<=[，；：。\n]))(?:{_DUE})({_GOAL_VERB}[^，。；：“”]{{1,22}}?){_FIGURE}(?=[，。；、]|$)"
)


# The year's goal as a clause of what was asked, with no 确保 or 力争 before it (王明要求，要…，
# 全年农村居民人均可支配收入增长7.5%以上): asked in its sentence, else a figure reached (会议指出，
# 全年实现…增长5.8%: last year's).
_YEAR_GOAL = regex_cache.compile(
    rf"(?:^|(?<=[，；]))(?:全年|今年|年内)(?!以来)([^，。；：“”]{{2,24}}?(?:增长|提高到|提升到|达到|控制在)){_FIGURE}"
    r"(?=[，。；、]|$)"
)
_ASKED_IN_SENTENCE = regex_cache.compile(rf"要求|强调|提出|明确|号召|{_YAO}")


def _year_goals(text: str, body_start: int) -> Iterator[re.Match[str]]:
    for match in _YEAR_GOAL.finditer(text, body_start):
        sentence = text.rfind("。", body_start, match.start()) + 1
        if _ASKED_IN_SENTENCE.search(text, max(sentence, body_start), match.start()):
            yield match


# A goal whose figure comes right after its verb (要完成12个小区改造任务, 年内新建5所幼儿园): what
# it counts is the rest of the clause, not the verb.
_VERB_ONLY = regex_cache.compile(rf"(?:{_BY_WHEN})?{_GOAL_VERB}")
_COUNTED_AFTER = regex_cache.compile(r"[^，。；：“”\d%]{2,16}(?=[，。；]|$)")
# …which a deadline may open with no 要 or 确保 (9月底前完成12个小区改造任务).
_DUE_FIGURE_FIRST = regex_cache.compile(
    rf"(?:^|(?<=[，；：。\n]))((?:{_DUE}){_GOAL_VERB}){_FIGURE}(?=[^，。；：“”\d%]{{2,16}}(?:[，。；]|$))"
)


def _goal(match: re.Match[str]) -> tuple[Found, Found]:
    figure = Found(match.group(2), match.start(2), match.end(2))
    if _VERB_ONLY.fullmatch(match.group(1)) and (counted := _COUNTED_AFTER.match(match.string, match.end(2))):
        return figure, Found(counted.group(), counted.start(), counted.end())
    return figure, Found(match.group(1), match.start(1), match.end(1))


def find_targets(text: str, body_start: int) -> list[tuple[Found, Found | None]]:
    """Numeric goals (“79144”防控目标, 增长6%以上) and what they stand for."""
    targets: list[tuple[Found, Found | None]] = []
    figures: set[int] = set()
    for match in (
        *_FIGURE_GOAL.finditer(text, body_start),
        *_ASKED_BY_DEADLINE.finditer(text, body_start),
        *_AFTER_DUE_CLAUSE.finditer(text, body_start),
    ):
        goal: re.Match[str] | None = match
        while goal is not None:
            if goal.start(2) not in figures:  # both patterns may reach a figure (要求，到…，确保…)
                targets.append(_goal(goal))
                figures.add(goal.start(2))
            goal = _NEXT_GOAL.match(text, goal.end())
    for match in (
        *_DUE_GOAL.finditer(text, body_start),
        *_DUE_FIGURE_FIRST.finditer(text, body_start),
        *_year_goals(text, body_start),
    ):
        if match.start(2) not in figures:
            targets.append(_goal(match))
            figures.add(match.start(2))
    for match in _FIGURE_FIRST.finditer(text, body_start):
        if match.start(1) not in figures:
            counted = Found(match.group(2), match.start(2), match.end(2))
            targets.append((Found(match.group(1), match.start(1), match.end(1)), counted))
    for match in _TARGET.finditer(text, body_start):
        full_stop = text.rfind("。", 0, match.start())
        sentence_start = max(full_stop, text.rfind("，", 0, match.start())) + 1
        # A lead of the target's own sentence (no lead holds a 。): looked for from its full
        # stop, not from the body's start (each target's search from there was quadratic).
        leads = list(_TARGET_LEAD.finditer(text, max(body_start, full_stop + 1), match.start()))
        meaning = None
        if leads:
            begin = leads[-1].end()
            meaning = Found(text[begin : match.start()].rstrip("“"), begin, match.start())
        elif sentence_start < match.start():
            meaning = Found(text[sentence_start : match.start()], sentence_start, match.start())
        targets.append((Found(match.group(1), match.start(1), match.end(1)), meaning))
    return sorted(targets, key=lambda target: target[0].start)
