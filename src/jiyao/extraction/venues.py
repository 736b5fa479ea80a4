"""English for a venue, the room or building a meeting sat in (县政府三楼会议室 → meeting
room, 3rd floor, County Government), composed from the organ's English and a closed list
of rooms; None for any venue with a part the lists do not hold (a hotel's own name), which
the reader sees as written.
"""

from __future__ import annotations

import re

from jiyao.cleaning import regex_cache
from jiyao.cleaning.script import simplify_characters
from jiyao.meeting_names import number_written, ordinal
from jiyao.titles import level_of, organ_en

# Rooms and buildings. A building after a level alone is a proper name (县会议中心 → County
# Conference Center), any other a common noun (the Standing Committee's room keeps its capitals).
_ROOMS = {
    "会议室": "meeting room",
    "常委会议室": "Standing Committee meeting room",
    "常委会会议室": "Standing Committee meeting room",
    "常务会议室": "executive meeting room",
    "视频会议室": "video conference room",
    "会商室": "consultation room",
    "会议厅": "conference hall",
    "多功能厅": "multi-function hall",
    "报告厅": "lecture hall",
    "礼堂": "auditorium",
    "大礼堂": "auditorium",
    "会堂": "assembly hall",
    "大会堂": "great hall",
    "主会场": "main venue",
    "会场": "venue",
    "指挥中心": "command center",
    "应急指挥中心": "emergency command center",
    "演播厅": "studio",
    "会议中心": "conference center",
    "行政中心": "administrative center",
    "会展中心": "convention and exhibition center",
    "政务服务中心": "government services center",
    "办公楼": "office building",
    "大楼": "building",
    "党校": "Party school",
    "文化中心": "cultural center",
    "体育中心": "sports center",
    "图书馆": "library",
    "博物馆": "museum",
    # A level's people's hall, where its congress sits (县人民会堂).
    "人民会堂": "people's hall",
    "人民礼堂": "people's auditorium",
    "人民大会堂": "great hall of the people",
}
_BUILDINGS = frozenset(
    "大会堂 指挥中心 会议中心 行政中心 会展中心 政务服务中心 办公楼 大楼 党校 文化中心 体育中心 图书馆 博物馆"
    " 人民会堂 人民礼堂 人民大会堂 应急指挥中心".split()
)
_NAMED = {
    "人民大会堂": "Great Hall of the People",
    "市民中心": "Civic Center",
    "市民服务中心": "Citizen Service Center",
}
_SMALL_WORDS = frozenset({"and", "of", "the"})
_ROOM = regex_cache.compile(
    r"(?P<floor>[一二三四五六七八九十\d]{1,3}(?:楼|层))?"
    r"(?:第(?P<ordinal>[一二三四五六七八九十\d]{1,2})|(?P<number>\d{1,2})号|(?P<door>\d{3,4}))?"
    r"(?P<room>" + "|".join(sorted(_ROOMS, key=len, reverse=True)) + ")"
)


def venue_english(venue: str) -> str | None:
    """English for ``venue`` as a report writes it, or None where a part has none."""
    simple = simplify_characters(venue)
    if simple in _NAMED:
        return _NAMED[simple]
    for cut in range(len(simple), -1, -1):  # the longest owner first (县委党校 before 县委)
        owner = simple[:cut]
        owner_en = _owner_english(owner) if cut else ""
        level, level_en = level_of(owner) if owner_en is None else ("", "")
        if owner_en is None and owner != level:
            continue  # no organ or building, and more than a level (县, 市) alone
        if cut == len(simple):
            return owner_en or None
        room = _ROOM.fullmatch(simple, cut)
        if room is None:
            continue
        return _composed(room, owner_en or "", level_en)
    return None


def _owner_english(owner: str) -> str | None:
    """An organ's English (县政府), or a level's building's (市行政中心第一会议室: the room's)."""
    if (english := organ_en(owner)) is not None:
        return english
    level, level_en = level_of(owner)
    building = owner.removeprefix(level)
    if level and building in _BUILDINGS:
        return f"{level_en} {_proper(_ROOMS[building])}"
    return None


def _proper(english: str) -> str:
    return " ".join(w if w in _SMALL_WORDS else w[0].upper() + w[1:] for w in english.split())


def _composed(room: re.Match[str], owner_en: str, level_en: str) -> str | None:
    english = _ROOMS[room["room"]]
    numbered = room["floor"] or room["ordinal"] or room["number"] or room["door"]
    if level_en:  # 县会议中心: the level's building; 县三楼会议室 says not whose floor
        if numbered or room["room"] not in _BUILDINGS:
            return None
        return f"{level_en} {_proper(english)}"
    if room["door"]:
        english = f"{english} {room['door']}"
    elif (written := room["ordinal"] or room["number"]) is not None:
        if not (n := number_written(written)):
            return None
        english = f"{english} No. {n}"
    if room["room"] in _BUILDINGS and owner_en and not numbered:
        return f"{owner_en} {english}"  # 市委大楼: Municipal Party Committee building
    parts = [english]
    if room["floor"]:
        if not (n := number_written(room["floor"][:-1])):
            return None
        parts.append(f"{ordinal(n)} floor")
    return ", ".join([*parts, *([owner_en] if owner_en else [])])
