"""Jurisdictions of a city's rank that are no city: prefectures (地区: Xinjiang's, Tibet's
and Daxing'anling's, and those that became cities, for older reports), Inner Mongolia's
leagues (盟) and the autonomous prefectures (自治州), with their English.

A closed list, as the country has them: a report's 喀什地区 is Kashi Prefecture, not the
city of 喀什 inside it, and 湘西州 (as reports shorten 湘西土家族苗族自治州) is the Xiangxi
Tujia and Miao Autonomous Prefecture. Names are romanized as jiyao romanizes every place
(pinyin: Kashi, not Kashgar); the peoples an autonomous prefecture is named for, in English.
"""

from __future__ import annotations

import functools

from jiyao.cleaning import regex_cache

PREFECTURES = frozenset(
    "阿克苏 喀什 和田 塔城 阿勒泰 阿里 大兴安岭"
    # Cities since 2011–2017, prefectures in the reports of their years.
    " 吐鲁番 哈密 日喀则 昌都 林芝 山南 那曲 铜仁 毕节".split()
)
LEAGUES = frozenset("兴安 锡林郭勒 阿拉善".split())
# Each autonomous prefecture under the name reports shorten it to, before 州 (湘西州).
AUTONOMOUS_PREFECTURES = {
    "延边": ("延边朝鲜族自治州", "Korean"),
    "恩施": ("恩施土家族苗族自治州", "Tujia and Miao"),
    "湘西": ("湘西土家族苗族自治州", "Tujia and Miao"),
    "阿坝": ("阿坝藏族羌族自治州", "Tibetan and Qiang"),
    "甘孜": ("甘孜藏族自治州", "Tibetan"),
    "凉山": ("凉山彝族自治州", "Yi"),
    "黔东南": ("黔东南苗族侗族自治州", "Miao and Dong"),
    "黔南": ("黔南布依族苗族自治州", "Buyei and Miao"),
    "黔西南": ("黔西南布依族苗族自治州", "Buyei and Miao"),
    "楚雄": ("楚雄彝族自治州", "Yi"),
    "红河": ("红河哈尼族彝族自治州", "Hani and Yi"),
    "文山": ("文山壮族苗族自治州", "Zhuang and Miao"),
    "西双版纳": ("西双版纳傣族自治州", "Dai"),
    "大理": ("大理白族自治州", "Bai"),
    "德宏": ("德宏傣族景颇族自治州", "Dai and Jingpo"),
    "怒江": ("怒江傈僳族自治州", "Lisu"),
    "迪庆": ("迪庆藏族自治州", "Tibetan"),
    "临夏": ("临夏回族自治州", "Hui"),
    "甘南": ("甘南藏族自治州", "Tibetan"),
    "海北": ("海北藏族自治州", "Tibetan"),
    "黄南": ("黄南藏族自治州", "Tibetan"),
    "海南": ("海南藏族自治州", "Tibetan"),
    "果洛": ("果洛藏族自治州", "Tibetan"),
    "玉树": ("玉树藏族自治州", "Tibetan"),
    "海西": ("海西蒙古族藏族自治州", "Mongol and Tibetan"),
    "昌吉": ("昌吉回族自治州", "Hui"),
    "博尔塔拉": ("博尔塔拉蒙古自治州", "Mongol"),
    "巴音郭楞": ("巴音郭楞蒙古自治州", "Mongol"),
    "克孜勒苏": ("克孜勒苏柯尔克孜自治州", "Kirghiz"),
    "伊犁": ("伊犁哈萨克自治州", "Kazakh"),
}


@functools.cache
def _names() -> dict[str, str]:
    """Every name of the list as a report may write it (simplified script) → its name before
    its level and its level's English (喀什地区 → 喀什, Prefecture)."""
    names = {name + "地区": name for name in PREFECTURES} | {name + "盟": name for name in LEAGUES}
    for short, (full, _) in AUTONOMOUS_PREFECTURES.items():
        names[full] = names[short + "州"] = short
    return names


def english(name: str) -> str | None:
    """English for a listed jurisdiction, romanized as jiyao romanizes places (喀什地区 →
    Kashi Prefecture, 湘西州 → Xiangxi Tujia and Miao Autonomous Prefecture), or None."""
    from jiyao.pinyin import place_name

    base = _names().get(name)
    if base is None:
        return None
    if name.endswith("地区"):
        return f"{place_name(base, '地区')} Prefecture"
    if name.endswith("盟"):
        return f"{place_name(base, '盟')} League"
    return f"{place_name(base, '州')} {AUTONOMOUS_PREFECTURES[base][1]} Autonomous Prefecture"


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
    if match is None:
        return None
    return _KIND_ENDS[match.lastindex - 1] if match.lastindex else None


def _positions(text: str, kind: str | None) -> list[tuple[int, str]]:
    """(where, name) of every listed name of ``kind`` (any kind: None) that ``text`` has."""
    found = []
    for name in _names():
        if kind is not None and not name.endswith(kind):
            continue
        start = text.find(name)
        while start != -1:
            found.append((start, name))
            start = text.find(name, start + len(name))
    return found


def most_named(text: str, kind: str | None, *, holding: bool = False) -> tuple[str, int] | None:
    """The listed jurisdiction of ``kind`` the text names most (in full or short, one count;
    on a tie, the first), as the text first writes it and where; ``holding``: only where
    named as the body holding a meeting (喀什地区召开, 湘西州委)."""
    names = _names()
    counts: dict[str, int] = {}
    first: dict[str, tuple[int, str]] = {}
    for start, name in _positions(text, kind):
        if holding and not _HOLDS.match(text, start + len(name)):
            continue
        key = names[name]
        counts[key] = counts.get(key, 0) + 1
        first[key] = min(first.get(key, (start, name)), (start, name))
    if not counts:
        return None
    key = max(counts, key=lambda k: (counts[k], -first[k][0]))
    start, name = first[key]
    return name, start
