"""Jurisdictions the rules of place names do not find: those of a city's rank that are no
city — prefectures (地区: Xinjiang's, Tibet's and Daxing'anling's, and those that became
cities, for older reports), Inner Mongolia's leagues (盟), the autonomous prefectures
(自治州) — and the autonomous counties and banners (城步苗族自治县), with their English.

The first are a closed list, as the country has them: a report's 喀什地区 is Kashi
Prefecture, not the city of 喀什 inside it, and 湘西州 (as reports shorten 湘西土家族苗族
自治州) is the Xiangxi Tujia and Miao Autonomous Prefecture. An autonomous county is
known by its form: a name, the peoples it is for, 自治县 or 自治旗. Names are romanized as
jiyao romanizes every place (pinyin: Kashi, not Kashgar); the peoples, in English.
"""

from __future__ import annotations

import functools
import re

from jiyao.cleaning import regex_cache

PREFECTURES = frozenset(
    "阿克苏 喀什 和田 塔城 阿勒泰 阿里 大兴安岭"
    # Cities since 2011–2017, prefectures in the reports of their years.
    " 吐鲁番 哈密 日喀则 昌都 林芝 山南 那曲 铜仁 毕节".split()
)
LEAGUES = frozenset("兴安 锡林郭勒 阿拉善".split())
# Each autonomous prefecture's full name, under the name reports shorten it to before 州.
AUTONOMOUS_PREFECTURES = {
    "延边": "延边朝鲜族自治州", "恩施": "恩施土家族苗族自治州", "湘西": "湘西土家族苗族自治州",
    "阿坝": "阿坝藏族羌族自治州", "甘孜": "甘孜藏族自治州", "凉山": "凉山彝族自治州",
    "黔东南": "黔东南苗族侗族自治州", "黔南": "黔南布依族苗族自治州", "黔西南": "黔西南布依族苗族自治州",
    "楚雄": "楚雄彝族自治州", "红河": "红河哈尼族彝族自治州", "文山": "文山壮族苗族自治州",
    "西双版纳": "西双版纳傣族自治州", "大理": "大理白族自治州", "德宏": "德宏傣族景颇族自治州",
    "怒江": "怒江傈僳族自治州", "迪庆": "迪庆藏族自治州", "临夏": "临夏回族自治州", "甘南": "甘南藏族自治州",
    "海北": "海北藏族自治州", "黄南": "黄南藏族自治州", "海南": "海南藏族自治州", "果洛": "果洛藏族自治州",
    "玉树": "玉树藏族自治州", "海西": "海西蒙古族藏族自治州", "昌吉": "昌吉回族自治州",
    "博尔塔拉": "博尔塔拉蒙古自治州", "巴音郭楞": "巴音郭楞蒙古自治州", "克孜勒苏": "克孜勒苏柯尔克孜自治州",
    "伊犁": "伊犁哈萨克自治州",
}  # fmt: skip
# The 55 peoples by the names autonomous places are given (族 after them; after a name of
# two characters or more, as some are written, not always: 博尔塔拉蒙古自治州).
PEOPLES = {
    "蒙古": "Mongol", "回": "Hui", "藏": "Tibetan", "维吾尔": "Uyghur", "苗": "Miao", "彝": "Yi",
    "壮": "Zhuang", "布依": "Buyei", "朝鲜": "Korean", "满": "Manchu", "侗": "Dong", "瑶": "Yao",
    "白": "Bai", "土家": "Tujia", "哈尼": "Hani", "哈萨克": "Kazakh", "傣": "Dai", "黎": "Li",
    "傈僳": "Lisu", "佤": "Va", "畲": "She", "高山": "Gaoshan", "拉祜": "Lahu", "水": "Sui",
    "东乡": "Dongxiang", "纳西": "Naxi", "景颇": "Jingpo", "柯尔克孜": "Kirghiz", "土": "Tu",
    "达斡尔": "Daur", "仫佬": "Mulao", "羌": "Qiang", "布朗": "Blang", "撒拉": "Salar",
    "毛南": "Maonan", "仡佬": "Gelao", "锡伯": "Xibe", "阿昌": "Achang", "普米": "Pumi",
    "塔吉克": "Tajik", "怒": "Nu", "乌孜别克": "Uzbek", "俄罗斯": "Russian", "鄂温克": "Evenki",
    "德昂": "De'ang", "保安": "Bonan", "裕固": "Yugur", "京": "Gin", "塔塔尔": "Tatar",
    "独龙": "Derung", "鄂伦春": "Oroqen", "赫哲": "Hezhen", "门巴": "Monba", "珞巴": "Lhoba",
    "基诺": "Jino",
}  # fmt: skip
_PEOPLE = "|".join(
    re.escape(name) + ("族" if len(name) == 1 else "族?") for name in sorted(PEOPLES, key=len, reverse=True)
)
# An autonomous place as written: its name (after a mark, 中共 or the level above; none
# where the peoples name it: 鄂温克族自治旗), its peoples, its level.
_AUTONOMOUS = regex_cache.compile(
    rf"(?:^|(?<=[^\u4e00-\u9fff])|(?<=中共)|(?<=[省市州盟]))(?!中共)((?:(?![省市州盟县])[\u4e00-\u9fff]){{0,5}}?)"
    rf"((?:{_PEOPLE})+)自治([县旗州])"
)
_ONE_PEOPLE = regex_cache.compile(_PEOPLE)


@functools.cache
def _listed() -> dict[str, tuple[str, str]]:
    """Every listed name as a report may write it (simplified script) → the place it names:
    its name before its level, and its kind (喀什地区 → 喀什, 地区; 湘西州 and 湘西土家族苗族
    自治州 → 湘西, 州)."""
    names = {name + "地区": (name, "地区") for name in PREFECTURES} | {name + "盟": (name, "盟") for name in LEAGUES}
    for short, full in AUTONOMOUS_PREFECTURES.items():
        names[full] = names[short + "州"] = (short, "州")
    return names


def english(name: str) -> str | None:
    """English for a jurisdiction of this module (喀什地区 → Kashi Prefecture, 湘西州 →
    Xiangxi Tujia and Miao Autonomous Prefecture, 城步苗族自治县 → Chengbu Miao Autonomous
    County), or None for any other name."""
    from jiyao.pinyin import place_name

    base, kind = _listed().get(name, (None, None))
    if base is not None and kind == "地区":
        return f"{place_name(base, '地区')} Prefecture"
    if base is not None and kind == "盟":
        return f"{place_name(base, '盟')} League"
    autonomous = _AUTONOMOUS.fullmatch(AUTONOMOUS_PREFECTURES[base] if base is not None else name)
    if autonomous is None:
        return None
    place, peoples, level = autonomous.groups()
    kind = {"县": "County", "旗": "Banner", "州": "Prefecture"}[level]
    named = f"{place_name(place, level)} " if place else ""
    return f"{named}{_peoples_english(peoples)} Autonomous {kind}"


def _peoples_english(peoples: str) -> str:
    """苗族 → Miao; 土家族苗族 → Tujia and Miao; 拉祜族佤族布朗族傣族 → Lahu, Va, Blang and Dai."""
    names = [PEOPLES[match.group().removesuffix("族")] for match in _ONE_PEOPLE.finditer(peoples)]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


# The kinds of jurisdiction a chair's title names (地委书记, 行署专员, 盟委书记, 盟长, 州委书记,
# 州长), and where each kind's names end.
_KIND_OF_TITLE = regex_cache.compile(r"(地委|地区|行署|行政公署)|(盟)|(州|自治州)")
_KIND_ENDS = ("地区", "盟", "州")
# One of them named as the body that holds a meeting: its Party committee, its government,
# or convening (喀什地区召开…, 锡林郭勒盟委, 湘西州人民政府).
_HOLDS = regex_cache.compile(r"委|行署|行政公署|人民政府|政府|召开|举行|人大|政协|第[一二三四五六七八九十\d]+[次届]")


def kind_of_title(title: str) -> str | None:
    """The kind of jurisdiction (地区, 盟, 州) a title opens with, or None."""
    match = _KIND_OF_TITLE.match(title)
    if match is None or match.lastindex is None:
        return None
    return _KIND_ENDS[match.lastindex - 1]


def _positions(text: str, kind: str | None) -> list[tuple[int, str, tuple[str, str]]]:
    """(where, name, place) of every listed name of ``kind`` (any: None) and autonomous county
    or banner the text has; the place, (name before the level, kind), is one for every way
    of writing it (湘西州, 湘西土家族苗族自治州)."""
    found = []
    for name, place in _listed().items():
        if kind is not None and place[1] != kind:
            continue
        start = text.find(name)
        while start != -1:
            found.append((start, name, place))
            start = text.find(name, start + len(name))
    if kind is None or kind in ("县", "旗"):
        for match in _AUTONOMOUS.finditer(text) if "自治" in text else ():
            if match.group(3) == kind or (kind is None and match.group(3) != "州"):  # 州: listed
                found.append((match.start(), match.group(), (match.group(), match.group(3))))
    return found


def most_named(text: str, kind: str | None, *, holding: bool = False) -> tuple[str, int] | None:
    """The jurisdiction of ``kind`` (地区, 盟, 州, 县, 旗; any: None) the text names most (in
    full or short, one count; on a tie, the first), as the text first writes it, and where;
    ``holding``: only where named as the body holding a meeting (喀什地区召开, 湘西州委)."""
    counts: dict[tuple[str, str], int] = {}
    first: dict[tuple[str, str], tuple[int, str]] = {}
    for start, name, key in _positions(text, kind):
        if holding and not _HOLDS.match(text, start + len(name)):
            continue
        counts[key] = counts.get(key, 0) + 1
        first[key] = min(first.get(key, (start, name)), (start, name))
    if not counts:
        return None
    key = max(counts, key=lambda k: (counts[k], -first[k][0]))
    start, name = first[key]
    return name, start
