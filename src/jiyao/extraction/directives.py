"""What the meeting asked (directives), its slogans and its targets, by rule. Text is
simplified script."""

from __future__ import annotations

import re
from collections.abc import Iterator

from jiyao.cleaning import regex_cache
from jiyao.extraction.found import Found
from jiyao.glossary import load_glossary

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
