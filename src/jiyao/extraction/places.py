"""Where the meeting was held (the convening government's place), by rule, and its English.
Text is simplified script."""

from __future__ import annotations

import functools

from jiyao import jurisdictions
from jiyao.cleaning import regex_cache
from jiyao.cleaning.plausibility import jieba_dictionary
from jiyao.extraction.found import Found
from jiyao.titles import grassroots_at_start, place_before_level, zone_at_start, zone_english

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
