"""Personnel decisions a report tells of: who was appointed, removed, elected, nominated,
or let go at their request (任命黄海为县财政局局长; 免去周丹的县教育局局长职务), by rule, on the
simplified view of the clean text. People's congresses' standing committees and Party
committees decide them at the meetings the reports cover, and analysts follow them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jiyao.cleaning import regex_cache
from jiyao.names import looks_like_name
from jiyao.schemas import PersonnelAction

_NAME = r"[\u4e00-\u9fff]{2,4}?(?:·[\u4e00-\u9fff]{1,8})?"
_COMRADE = r"(?:同志)?"
# A post: up to the clause's end; 、 joins several (县教育局局长、党组书记).
_POST = r"[^，。；：“”\n为的]{2,30}?"
_NAME_ENDS = r"(?=同志|的|[省市县区州盟旗镇乡]|中共)"
# A post up to a word that ends it (职务, 的请求): 为 may stand inside it.
_POST_BEFORE_WORD = r"[^，。；：“”\n的]{2,30}?"
# Where a post ends: its clause's end, or the motion or decision that names it (审议通过了关于
# 任命黄海为县财政局局长的议案, 提名王五为副县长候选人的议案: none had been read).
_END = r"(?=[，。；]|$|的(?:议案|决定|请示|报告|任免))"
# Each decision opens with its verb; those that name posts as X为Y may go on, clause by
# clause (任命黄海为县财政局局长，张丽为县教育局局长).
_DECISIONS: tuple[tuple[PersonnelAction, re.Pattern[str]], ...] = (
    ("appointed", regex_cache.compile(rf"任命了?({_NAME}(?:、{_NAME})*){_COMRADE}为({_POST}){_END}")),
    # 补选, 增补: a by-election.
    (
        "elected",
        regex_cache.compile(rf"(?:选举|补选|增补)了?({_NAME}(?:、{_NAME})*){_COMRADE}为({_POST}){_END}"),
    ),
    ("elected", regex_cache.compile(rf"(?:^|(?<=[，。；\n]))({_NAME}){_COMRADE}当选为?({_POST})(?=[，。；]|$)")),
    # An appointment notice's (经研究决定：王明同志任县委办公室主任；…): 同志 says it is one.
    # …or agreed to (会议同意陈刚同志任县应急管理局党委书记).
    ("appointed", regex_cache.compile(rf"(?:^|(?<=[：:；。\n])|(?<=同意))({_NAME})同志任({_POST})(?=[，。；]|$)")),
    # Let go of a post (孙丽同志不再担任县水利局局长职务), as 免去 says it.
    (
        "removed",
        regex_cache.compile(
            rf"(?:^|(?<=[：:；。\n，])|(?<=同意))({_NAME}){_COMRADE}不再担任({_POST_BEFORE_WORD})(?:职务)?(?=[，。；]|$)"
        ),
    ),
    # …or decided as such (会议决定雷振东任县财政局局长).
    ("appointed", regex_cache.compile(rf"决定[：:]?({_NAME}){_COMRADE}任({_POST})(?=[，。；]|$)")),
    ("nominated", regex_cache.compile(rf"提名({_NAME}){_COMRADE}为({_POST}){_END}")),
    # Put forward as a candidate (推荐赵敏为县政协副主席人选): not a recommendation for an award.
    ("nominated", regex_cache.compile(rf"推荐({_NAME}){_COMRADE}为({_POST}(?:人选|候选人)){_END}")),
    # With no 同志 or 的 after the name, the post must open with its level or 中共: where else
    # would the name end (免去刘志强县民政局局长职务: not 刘志, of 强县…)?
    ("removed", regex_cache.compile(rf"免去({_NAME}(?:、{_NAME})*){_NAME_ENDS}{_COMRADE}的?({_POST_BEFORE_WORD})职务")),
    # The post to the clause's end, with no 职务 after it: 同志 or 的 ends the name.
    ("removed", regex_cache.compile(rf"免去({_NAME}(?:、{_NAME})*)(?:同志的?|的)({_POST})(?<!职务)(?=[，。；]|$)")),
    ("resigned", regex_cache.compile(rf"(?:接受|同意)({_NAME}){_COMRADE}辞去({_POST_BEFORE_WORD})(?:职务)?的请求")),
)
_MORE = regex_cache.compile(rf"，({_NAME}){_COMRADE}为({_POST})(?=[，。；]|$)")
_GOES_ON = ("appointed", "elected")


@dataclass(frozen=True)
class Decision:
    action: PersonnelAction
    name: str
    name_start: int
    post: str
    post_start: int
    start: int  # the clause that says it, for evidence
    end: int


def find_personnel(text: str, body_start: int) -> list[Decision]:
    """Every decision the body tells of, in text order, each person once per action and post."""
    verbs = ("任命", "免去", "选举", "补选", "增补", "当选", "提名", "推荐", "辞去", "同志任", "不再担任")
    if not any(verb in text for verb in verbs) and not ("决定" in text and "任" in text):
        return []  # most reports
    found: dict[tuple[str, str, str], Decision] = {}
    for action, pattern in _DECISIONS:
        for match in pattern.finditer(text, body_start):
            clauses = [match]
            while action in _GOES_ON and (more := _MORE.match(text, clauses[-1].end())) is not None:
                clauses.append(more)
            for clause in clauses:
                _add(found, action, clause, match.start())
    return sorted(found.values(), key=lambda d: (d.start, d.name_start))


def _add(
    found: dict[tuple[str, str, str], Decision], action: PersonnelAction, clause: re.Match[str], start: int
) -> None:
    names, post = clause.group(1), clause.group(2)
    at = clause.start(1)
    for name in names.split("、"):
        if looks_like_name(name, after_title=True):  # 吐尔逊·买买提 too
            decision = Decision(action, name, at, post, clause.start(2), start, clause.end())
            found.setdefault((action, name, post), decision)
        at += len(name) + 1
