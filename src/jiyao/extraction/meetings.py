"""The meeting's name (and others held with it), its format and its venue, by rule. Text
is simplified script."""

from __future__ import annotations

import re

from jiyao.cleaning import regex_cache
from jiyao.extraction.found import Found
from jiyao.schemas import MeetingFormat

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
