"""The meeting's date and time of day, by rule: the day given, a relative day counted from
the page's date, a dateline's day, a date whose digit was lost. Text is simplified script."""

from __future__ import annotations

import datetime
import re

from jiyao.cleaning import regex_cache
from jiyao.extraction.found import Found
from jiyao.schemas import TimeOfDay

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
