"""English for the name of a meeting, composed from its parts: whose meeting it is (an
organ: 县政府第二十次常务会议 → 20th executive meeting of the County Government) or
what it is about and for whom (全县安全生产工作会议 → county-wide work safety
conference), its number or year, and its kind (the glossary's meeting terms).

As with titles (:mod:`jiyao.titles`), only what the tables know is composed; a name
with any part they don't know gives None, never a guess.
"""

from __future__ import annotations

from jiyao.cleaning import regex_cache
from jiyao.cleaning.script import to_simplified
from jiyao.glossary import Glossary, load_glossary
from jiyao.titles import (
    FULL_ORGAN_NAMES,
    PLACE_NOUNS,
    compose_title_en,
    level_of,
    organ_en,
    place_before_level,
    with_place_name,
    with_prefecture_level,
)

# Kinds the glossary's terms leave out: the plain ones, by how the meeting was held.
# (大会 here, not in the glossary: a translator told 大会 is a conference would misread 人民代表大会.)
_PLAIN_KINDS = {
    "会议": "meeting", "会": "meeting", "大会": "conference",
    "视频会议": "video meeting", "电视电话会议": "teleconference",
    "紧急会议": "emergency meeting", "约谈会": "admonition meeting",  # 约谈: leaders summon those lagging
    "推介会": "presentation", "例会": "regular meeting", "恳谈会": "dialogue", "学习会": "study session",
    "办公会议": "office meeting",
    # A federation's congress (县妇联第十四次代表大会); the Party's is composed apart.
    "代表大会": "congress", "会员代表大会": "members' congress",
}  # fmt: skip
_QUOTES = regex_cache.compile(r"[“”「」]")
_ENLARGED = regex_cache.compile(r"[（(]扩大[）)]")
_NUMBERED = regex_cache.compile(r"(?:(\d{4})年度?)?(?:第?([一二三四五六七八九十\d]{1,4})次)?$")
# A year the meeting is for, after its scope: 全县2024年经济工作会议.
_YEAR = regex_cache.compile(r"(\d{4})年度?")
# For whom: a whole level (全县), or the level's own (县招商引资工作调度会).
_SCOPES = {
    "全省": "province-wide", "全市": "city-wide", "全县": "county-wide", "全区": "district-wide",
    "全州": "prefecture-wide", "全镇": "town-wide", "全乡": "township-wide",
    "全地区": "prefecture-wide", "全盟": "league-wide", "全旗": "banner-wide",
    "省": "provincial", "市": "city", "县": "county", "区": "district", "镇": "town", "乡": "township",
    "中央": "central",  # 中央生态环境保护督察…: the central inspectors'
}  # fmt: skip
# What it is about, as the genre's meetings name it.
_SUBJECTS = {
    "安全生产": "work safety", "疫情防控": "epidemic prevention and control", "防汛": "flood control",
    "防汛抗旱": "flood control and drought relief", "防汛备汛": "flood preparedness",
    "招商引资": "investment promotion", "乡村振兴": "rural revitalization", "森林防火": "forest fire prevention",
    "经济运行": "economic performance", "安全稳定": "safety and stability", "脱贫攻坚": "poverty alleviation",
    "项目建设": "project construction", "重点项目": "key project", "信访": "petition", "河长制": "river chief system",
    "生态环境保护": "ecological and environmental protection", "营商环境": "business environment",
    "消防安全": "fire safety", "食品安全": "food safety", "党建": "Party building", "意识形态": "ideology",
    "经济": "economic work", "环境保护": "environmental protection", "生态环境": "ecological and environmental",
    "文明城市创建": "civilized city creation", "河湖长制": "river and lake chief system",
    "林长制": "forest chief system",
    "耕地保护": "farmland protection", "粮食安全": "food security", "民生实事": "livelihood projects",
    "社会治理": "social governance", "扫黑除恶": "anti-gang crime", "平安建设": "public security",
    "纪检监察": "discipline inspection and supervision", "森林防灭火": "forest fire prevention and suppression",
    "防灾减灾": "disaster prevention and mitigation", "应急管理": "emergency management",
    "城市管理": "urban management", "火灾防控": "fire prevention and control",
    "春耕生产": "spring farming", "秋粮收购": "autumn grain purchase", "疫苗接种": "vaccination",
    "人口普查": "census", "统战": "united front work", "宣传思想": "publicity and ideological work",
    "组织": "organization work", "农村": "rural work", "城市": "urban work",
    "政法": "political and legal affairs", "信访维稳": "petition and stability maintenance",
    "维稳": "stability maintenance", "水利": "water conservancy", "道路交通安全": "road traffic safety",
    "交通安全": "traffic safety", "燃气安全": "gas safety", "校园安全": "campus safety", "教育": "education",
    "卫生健康": "health", "就业": "employment", "人居环境整治": "living environment improvement",
    "农村人居环境整治": "rural living environment improvement", "党风廉政建设": "Party conduct and integrity",
    "基层党建": "grassroots Party building", "作风建设": "work style", "固定资产投资": "fixed-asset investment",
    "审计": "audit", "巡察": "inspection tour", "优化营商环境": "business environment improvement",
    "建设": "construction", "重点项目建设": "key project construction", "廉政": "integrity",
    "宣传思想文化": "publicity, ideological and cultural work", "重点": "key work",
    "扫黑除恶专项斗争": "special campaign against organized crime", "经济形势": "economic situation",
    "重大项目": "major project", "农业农村": "agriculture and rural affairs", "农业": "agriculture",
    "目标考核": "target appraisal", "绩效考核": "performance appraisal", "综合考核": "comprehensive appraisal",
    "党员领导干部": "Party member and leading cadre", "领导干部": "leading cadre", "党员干部": "Party member and cadre",
    "督导": "supervision", "督查": "supervision and inspection", "主题教育": "theme education",
    "三级": "three-level", "民营企业": "private enterprise", "企业家": "entrepreneur",
    "换届风气监督": "election conduct supervision", "安全防范": "safety precaution",
    "森林草原防火": "forest and grassland fire prevention",
    "森林草原防灭火": "forest and grassland fire prevention and suppression",
    "防火": "fire prevention", "禁毒": "drug control", "地质灾害防治": "geological disaster prevention",
    # With whom (座谈会s): private entrepreneurs, government and business, experts, retired cadres.
    "民营企业家": "private entrepreneur", "政企": "government-business", "专家": "expert",
    "老干部": "veteran cadre", "离退休老干部": "retired veteran cadre", "民营经济": "private economy",
    "民营经济发展": "private economy development", "项目": "project", "高质量发展": "high-quality development",
    "党外人士": "non-Party personage", "民主党派": "democratic party",
    "开学": "school opening", "农田水利": "farmland water conservancy",
    "农田水利建设": "farmland water conservancy construction", "冬修水利": "winter water conservancy",
    "干部队伍教育整顿": "cadre education and rectification", "教育整顿": "education and rectification",
    "村党组织书记": "village Party organization secretaries'",
    "巩固拓展脱贫攻坚成果": "consolidating poverty alleviation gains",
    "村（社区）两委换届": "village (community) committees' election", "村两委换届": "village committees' election",
    "换届": "election",
    # Fraud, grid governance and the land's subjects a county's meetings are about too.
    "防范电信网络诈骗": "telecom and online fraud prevention", "反电信网络诈骗": "anti-telecom and online fraud",
    "反诈": "anti-fraud", "网格化治理": "grid-based governance", "网格化管理": "grid-based management",
    "安全生产大检查": "work safety inspection", "秸秆禁烧": "straw burning ban", "森林督查": "forest inspection",
    "能源保供": "energy supply", "迎峰度夏": "summer peak power supply", "冬季供暖": "winter heating",
    "人才": "talent work", "国家安全": "national security", "创建全国文明城市": "national civilized city creation",
}  # fmt: skip
# When, between the scope and the subject (全市国庆期间安全稳定工作会议).
_WHEN = {
    "国庆期间": "National Day", "春节期间": "Spring Festival", "节日期间": "holiday", "节假日期间": "holiday",
    "国庆节前": "pre-National Day", "春节前": "pre-Spring Festival", "节前": "pre-holiday",
    "中秋国庆期间": "Mid-Autumn Festival and National Day", "元旦春节期间": "New Year and Spring Festival",
    "两节期间": "New Year and Spring Festival",
    "汛期": "flood-season", "秋冬季": "autumn and winter", "冬春季": "winter and spring",
    "上半年": "first-half", "下半年": "second-half", "岁末年初": "year-end", "冬春": "winter and spring",
    "春季": "spring", "夏季": "summer", "秋季": "autumn", "冬季": "winter", "半年": "half-year",
    "第一季度": "first-quarter", "第二季度": "second-quarter", "第三季度": "third-quarter",
    "第四季度": "fourth-quarter", "一季度": "first-quarter", "二季度": "second-quarter",
    "三季度": "third-quarter", "四季度": "fourth-quarter",
}  # fmt: skip
# What is done about the subject, after it (生态环境保护督察整改工作推进会).
_DONE = {
    "督察整改": "inspection rectification", "整改": "rectification", "督察": "inspection", "总结": "review",
    # 中央生态环境保护督察反馈问题整改: rectifying the problems the central inspectors found.
    "督察反馈问题整改": "inspection feedback rectification", "反馈问题整改": "feedback rectification",
}  # fmt: skip
_LEADING_GROUP = "领导小组"
_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


# The Party's congress of a level, named or not: 中共平江县第十五次代表大会, 县第十五次党代会.
_PARTY_CONGRESS = regex_cache.compile(
    r"(?:中共(?P<of>.{0,8}?[省市县区])第?(?P<n>[一二三四五六七八九十\d]{1,4})次代表大会"
    r"|(?P<level>.{0,8}?[省市县区])第?(?P<m>[一二三四五六七八九十\d]{1,4})次党(?:代会|代表大会))"
)
# A Party committee's plenary session by its full name, and 全体会议 for 全会 after a term's
# session: 中共平江县第十五届委员会第七次全体会议 → 平江县委十五届七次全会.
_PARTY_PLENARY = regex_cache.compile(
    r"^中共(.{0,8}?[省市县区州])第([一二三四五六七八九十\d]{1,4})届委员会第([一二三四五六七八九十\d]{1,4})次全(?:体会议|会)$"
)
_SESSION_IN_FULL = regex_cache.compile(r"(届[一二三四五六七八九十\d]{1,4}次)全体会议$")
# The CPPCC's term before its level: 政协第十届县委员会 → 县第十届政协.
_CPPCC_TERM = regex_cache.compile(r"^政协(第?[一二三四五六七八九十\d]{1,4}届)([省市县区州])委员会")
# 政协平江县第十届委员会 → 平江县第十届政协; 县政协第十届委员会 → 县政协第十届.
_CPPCC_PLACE_TERM = regex_cache.compile(r"^政协([^第]{0,6}?[省市县区州])(第?[一二三四五六七八九十\d]{1,4}届)委员会")
_CPPCC_TERM_AFTER = regex_cache.compile(r"政协(第?[一二三四五六七八九十\d]{1,4}届)委员会")
# Organs whose numbered 会议 are the plenary sessions of a term (县第十八届人大第四次会议:
# the 4th session), where a standing committee's are its meetings.
_PLENARY = ("People's Congress", "Committee of the CPPCC")


def meeting_en(meeting: str, glossary: Glossary | None = None) -> str | None:
    """English for the meeting's name, or None when a part of it is not known."""
    # A subject in quotes is the subject (全市“营商环境”专题协商会).
    name = _QUOTES.sub("", to_simplified(meeting.strip()))
    for full, short in FULL_ORGAN_NAMES:  # the organs' short names
        name = name.replace(full, short)
    if (congress := _PARTY_CONGRESS.fullmatch(name)) is not None:
        return _party_congress(congress["of"] or congress["level"], congress["n"] or congress["m"])
    name = _SESSION_IN_FULL.sub(r"\1全会", _PARTY_PLENARY.sub(r"\1委\2届\3次全会", name))
    name = _CPPCC_TERM.sub(r"\2\1政协", name).removeprefix("中共")  # the Party's, by its full name
    name = _CPPCC_TERM_AFTER.sub(r"政协\1", _CPPCC_PLACE_TERM.sub(r"\1\2政协", name))
    name = with_prefecture_level(name)  # 行署常务会议: the prefecture's
    if (placed := place_before_level(name)) is not None:
        return _of_place(meeting_en(name[len(placed[0]) :], glossary), *placed)
    enlarged = bool(_ENLARGED.search(name))
    name = _ENLARGED.sub("", name)
    kinds = _kinds(glossary or load_glossary())
    kind = next((k for k in sorted(kinds, key=len, reverse=True) if name.endswith(k)), None)
    if kind is None:
        return None
    rest = name[: -len(kind)]
    held = ""
    if rest.endswith("视频") and "视频" not in kind:  # 视频调度会: a coordination meeting by video
        rest, held = rest[:-2], "video "
    numbered = _NUMBERED.search(rest)
    year, number = (numbered.group(1), numbered.group(2)) if numbered else (None, None)
    year = str(int(year)) if year else None  # ２０２３ as 2023: full-width digits are digits
    rest = rest[: numbered.start()] if numbered else rest
    english = ("enlarged " if enlarged else "") + held + kinds[kind]
    if number is not None:
        english = f"{ordinal(number_written(number))} {english}"
    if not rest:
        if not (year or number or enlarged) and kind in _PLAIN_KINDS:
            return None  # a bare kind (会议) says nothing the brief's format does not (座谈会 does)
        return f"{english} of {year}" if year and number else f"{year} {english}" if year else english
    organ = _organ_of_term(rest)
    if year:
        # A body that counts its sessions by year: 县委理论学习中心组2024年第三次集体学习; a
        # meeting it holds for a year: 县委常委班子2024年度民主生活会.
        if organ is None:
            return None
        return f"{english} of the {organ} in {year}" if number else f"{year} {english} of the {organ}"
    if organ is not None:
        if kind == "会议" and number and organ.endswith(_PLENARY) and not organ.startswith("Standing Committee"):
            english = f"{ordinal(number_written(number))} session"
        return f"{english} of the {organ}"
    if kind.endswith(("办公会", "办公会议")) and (head := compose_title_en([rest])[0]) is not None:
        return f"{head}'s {english}"  # 县长办公会议: the county mayor's office meeting
    kind_en = "conference" if kind == "工作会议" else english  # work safety conference
    if number:
        return None  # 全县第二次安全生产会议: a numbered meeting on a subject, not a form seen
    if (about := _about(rest)) is not None:
        return f"{about} {kind_en}"
    # An organ's meeting on a subject: 市委经济工作会议 → economic work conference of the
    # Municipal Party Committee.
    for cut in range(2, len(rest) - 1):
        if (organ := organ_en(rest[:cut])) is not None and (subject := _subjects(rest[cut:].removesuffix("工作"))):
            return f"{' '.join(subject)} {kind_en} of the {organ}"
    return None


# A congress's term, after its level: 市第十七届人大常委会 → the 17th Municipal People's Congress.
_TERM = regex_cache.compile(r"第?([一二三四五六七八九十\d]{1,4})届")


# An organ's term after it: 县委十四届 (its plenary sessions: 县委十四届五次全会; 县纪委十五届
# 三次全会), 县政协十届
# (its standing committee's meetings: 县政协十届二十次常委会议).
_TERM_AFTER = regex_cache.compile(r"([省市县区州](?:委|纪委|政协))第?([一二三四五六七八九十\d]{1,4})届")


def _organ_of_term(rest: str) -> str | None:
    """The organ ``rest`` names (a leading group the glossary lacks too), its term if written."""
    if (termed := _TERM_AFTER.fullmatch(rest)) is not None and (organ := organ_en(termed.group(1))):
        return f"{ordinal(number_written(termed.group(2)))} {organ}"
    level, level_english = level_of(rest)
    term = _TERM.match(rest, len(level)) if level else None
    if term is None:
        return organ_en(rest) or _leading_group(rest)
    organ = organ_en(level + rest[term.end() :])
    term_ordinal = ordinal(number_written(term.group(1)))
    if organ is not None and organ.startswith(level_english):  # 县第十八届人大: the congress itself
        return f"{term_ordinal} {organ}"
    if organ is None or f"the {level_english}" not in organ:
        return None
    return organ.replace(f"the {level_english}", f"the {term_ordinal} {level_english}", 1)


def _kinds(glossary: Glossary) -> dict[str, str]:
    named = {t.zh: t.en for t in glossary.terms if t.zh.endswith(("会", "会议", "学习", "仪式"))}
    return {**_PLAIN_KINDS, **named}


def _about(rest: str) -> str | None:
    """``[scope] [when] subject [subject] [done] [工作]`` in English (全县 安全生产 工作 →
    county-wide work safety; 全市 上半年 经济运行 → city-wide first-half economic performance)."""
    # A scope, unless it is the subject's own first character (乡村振兴工作推进会).
    for scope in dict.fromkeys((_longest_prefix(rest, _SCOPES), "")):
        after = rest[len(scope) :]
        year = _YEAR.match(after)
        after = after[year.end() :] if year else after
        when = _longest_prefix(after, _WHEN)
        after = after[len(when) :].removesuffix("工作")
        done = next((d for d in sorted(_DONE, key=len, reverse=True) if after.endswith(d)), "")
        subjects = _joined_subjects(after[: len(after) - len(done)].removesuffix("工作"))  # 主题教育工作总结
        if not after and scope.startswith("全") and not year:
            subjects = ""  # 全县干部大会: for a whole county, on no one subject
        if subjects is not None:
            parts = (_SCOPES.get(scope), year and str(int(year.group(1))), _WHEN.get(when), subjects, _DONE.get(done))
            return " ".join(x for x in parts if x)
    return None


def _joined_subjects(text: str) -> str | None:
    """Subjects joined by 暨 (安全生产暨森林防灭火: work safety and forest fire prevention),
    each one or two in a row, in English."""
    # Each part may name its 工作 (开学工作暨校园安全: the last one's went with the kind).
    parts = [_subjects(part.removesuffix("工作")) or _pair_of_subjects(part) for part in text.split("暨")]
    if any(part is None for part in parts):
        return None
    return " and ".join(" ".join(part) for part in parts if part)


def _pair_of_subjects(text: str) -> list[str] | None:
    """Two known subjects joined by 和 (安全生产和消防安全), as one."""
    first, joined, second = text.partition("和")
    if not joined or (one := _subjects(first)) is None or (other := _subjects(second)) is None:
        return None
    return [" ".join(one), "and", " ".join(other)]


def _subjects(text: str) -> list[str] | None:
    """One known subject, or two in a row (招商引资 重点项目; 重点项目 建设), in English."""
    if text in _SUBJECTS:
        return [_SUBJECTS[text]]
    for cut in range(len(text) - 1, 1, -1):  # the longest first subject that leaves a second
        first, second = text[:cut], text[cut:]
        if first in _SUBJECTS and second in _SUBJECTS:
            return [_SUBJECTS[first], _SUBJECTS[second]]
    return None


def _leading_group(rest: str) -> str | None:
    """``[level] subject [工作] 领导小组`` (乡村振兴工作领导小组 → Rural Revitalization Leading
    Group): a leading group the glossary does not name."""
    if not rest.endswith(_LEADING_GROUP):
        return None
    group = rest.removesuffix(_LEADING_GROUP)
    # A level first (市…), unless it is the subject's own first character (乡村振兴).
    for level, level_en in (level_of(group), ("", "")):
        subject = group[len(level) :].removesuffix("工作")
        if level and subject.startswith("委") and subject[1:] in _SUBJECTS:
            # 县委统战工作领导小组: the Party committee's.
            return f"{_capitalized(_SUBJECTS[subject[1:]])} Leading Group of the {level_en} Party Committee"
        if subject in _SUBJECTS:
            return " ".join(x for x in (level_en, _capitalized(_SUBJECTS[subject]), "Leading Group") if x)
    return None


def _party_congress(of: str, number: str) -> str | None:
    """The Party's congress of ``of`` (县, 平江县): 15th Pingjiang County Party Congress."""
    from jiyao.pinyin import place_name

    level, level_en = level_of(of)
    if of == level:
        return f"{ordinal(number_written(number))} {level_en} Party Congress"
    placed = place_before_level(of)
    if placed is None or placed[1] not in PLACE_NOUNS or len(placed[0]) + len(placed[1]) != len(of):
        return None
    return f"{ordinal(number_written(number))} {place_name(*placed)} {PLACE_NOUNS[placed[1]]} Party Congress"


def _of_place(english: str | None, place: str, level: str) -> str | None:
    """``english`` for a meeting of the level, of the place named: 平阳县委十五届六次全会 →
    6th plenary session of the 15th Pingyang County Party Committee; 平阳县安全生产工作会议
    → Pingyang County work safety conference."""
    from jiyao.pinyin import place_name

    if english is None:
        return None
    if (named := with_place_name(english, place, level)) is not None:
        return named
    scope = _SCOPES.get(level, "")
    if scope and english.startswith(scope + " "):
        return f"{place_name(place, level)} {PLACE_NOUNS[level]} {english.removeprefix(scope + ' ')}"
    return None


def _capitalized(english: str) -> str:
    return " ".join(w if w in ("and", "of") else w[:1].upper() + w[1:] for w in english.split())


def _longest_prefix(text: str, table: dict[str, str]) -> str:
    return next((key for key in sorted(table, key=len, reverse=True) if text.startswith(key)), "")


def number_written(written: str) -> int:
    """一 … 九十九 or digits as a number; 0 for what is neither."""
    if written.isdigit():
        return int(written)
    tens, ten, units = written.partition("十")
    if not ten:
        return _DIGITS.get(written, 0)
    return (_DIGITS.get(tens, 0) if tens else 1) * 10 + _DIGITS.get(units, 0)


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
