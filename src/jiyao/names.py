"""Chinese personal names: recognising them, and romanizing them the official way.

``郭文海`` → ``Guo Wenhai``; ``歐陽錦全`` → ``Ouyang Jinquan``; ``上官福令`` → ``Shangguan Fuling``.
Surname first; the given name's syllables joined, with an apostrophe before a
syllable that starts with a, o or e (``Jia'en``). Surnames read differently
from the character's everyday reading (單 Shan, 曾 Zeng) come from a table.
"""

from __future__ import annotations

import functools
import re

from jiyao.cleaning.script import simplify_characters
from jiyao.surnames import COMPOUND_SURNAMES, NAME_DOTS, SURNAMES, SURNAMES_AFTER_TITLE, WORDS_NOT_NAMES

# Surnames whose reading differs from the character's most common one.
SURNAME_READINGS = {
    "单": "Shan", "曾": "Zeng", "解": "Xie", "区": "Ou", "仇": "Qiu", "朴": "Piao", "查": "Zha",
    "乐": "Yue", "盖": "Ge", "缪": "Miao", "翟": "Zhai", "员": "Yun", "覃": "Qin", "尉": "Wei",
    "燕": "Yan", "种": "Chong", "秘": "Bi", "万": "Wan", "藏": "Zang", "长": "Chang", "重": "Chong",
    "沈": "Shen", "折": "She", "祭": "Zhai", "纪": "Ji", "召": "Shao", "繁": "Po", "华": "Hua",
    "隗": "Wei", "佴": "Nai", "乜": "Nie", "卜": "Bu", "阚": "Kan", "都": "Du", "薄": "Bo", "蔚": "Yu",
}  # fmt: skip

# Polyphonic characters read differently in given names than pypinyin's default, or than
# a phrase the given name happens to spell (杨都 Yang Du, not Dou; 郭银行 Guo Yinxing).
GIVEN_NAME_READINGS = {"长": "chang", "朝": "chao", "都": "du", "卜": "bu", "还": "huan", "行": "xing", "勒": "le"}


def split_name(name: str) -> tuple[str, str]:
    """(surname, given name), by the compound-surname table first. Names are simplified
    character by character throughout: phrase rules read a name as words (沈靜勇 → 沉静勇,
    沈靜 being "calm" to the converter, and 沉 no surname)."""
    simple = simplify_characters(name)
    if len(name) >= 3 and simple[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


# Names transliterated from Uyghur, Tibetan, Mongolian…: parts joined by a middle dot.
# (A pattern string, compiled on first use: a Unicode class with counted repeats takes
# ~2 ms to compile, and most reports name no one this way.)
TRANSLITERATED_NAME = rf"[\u4e00-\u9fff]{{1,8}}(?:[{NAME_DOTS}][\u4e00-\u9fff]{{1,8}})+"


def has_name_dot(text: str) -> bool:
    return any(dot in text for dot in NAME_DOTS)


@functools.cache
def _transliterated() -> re.Pattern[str]:
    return re.compile(TRANSLITERATED_NAME)


# Tibetan names have no surname: two parts of two characters (扎西次仁, 格桑卓玛), each of
# the few dozen names are made of; romanized part by part (Zhaxi Ciren).
TIBETAN_NAME_PARTS = frozenset(
    "扎西 次仁 格桑 卓玛 央金 达瓦 尼玛 多吉 多杰 旺堆 平措 顿珠 洛桑 丹增 旦增 索朗 边巴 拉巴 普布 德吉"
    " 白玛 其美 米玛 巴桑 益西 嘎玛 仁青 贡布 次旦 次珠 央宗 曲珍 拉姆 措姆 阿旺 强巴 土登 群培 罗布 琼达"
    " 旺姆 卓嘎 桑珠 才让 才旦 拉毛 仁增 贡觉 洛松 朗杰 晋美 欧珠 次央 德庆 赤列 美朵 更登 吉美 普琼 边珍"
    " 拉珍 央拉 顿旦 坚参 坚赞 江白 降措 降央 泽仁 泽旺 尕藏 公保 罗桑 扎桑 多布 旺杰 次成 群宗 达娃 次旺 索南"
    " 旦巴 贡嘎".split()
)
# Mongolian names have none either (Inner Mongolia's reports, and Xinjiang's and Qinghai's):
# one part (巴特尔) or two (乌云其木格, 斯琴高娃) of the words they are made of, romanized part by
# part. A part of two characters alone is read as no one (乌兰 opens 乌兰察布, 巴图 a word).
MONGOLIAN_NAME_PARTS = frozenset(
    "巴特尔 其木格 格日勒 毕力格 特木尔 阿拉坦 额尔敦 巴雅尔 乌力吉 满都拉 包力高 阿木尔 巴达玛 莫日根 敖其尔"
    " 其其格 萨日娜 乌日娜 图布信 吉日嘎拉 额尔德尼 德力格尔 朝格图 那木吉拉 苏日娜 额日和 宝力道 达日玛"
    " 乌云 斯琴 高娃 那仁 宝音 图雅 苏和 孟和 朝鲁 巴图 哈斯 达来 呼和 萨仁 托雅 娜仁 塔娜 巴音 布和 图门"
    " 乌兰 敖登 格根 那顺 朝克 乌日图".split()
)
_MONGOLIAN_ALONE_MIN = 3


def surnameless_parts(text: str) -> tuple[str, ...] | None:
    """The parts of a Tibetan or Mongolian name, which has no surname (扎西次仁 → 扎西, 次仁;
    乌云其木格 → 乌云, 其木格; 巴特尔 alone), in simplified script; None for any other text."""
    simple = simplify_characters(text)
    if len(simple) == 4 and simple[:2] in TIBETAN_NAME_PARTS and simple[2:] in TIBETAN_NAME_PARTS:
        return simple[:2], simple[2:]
    if len(simple) >= _MONGOLIAN_ALONE_MIN and simple in MONGOLIAN_NAME_PARTS:
        return (simple,)
    for cut in range(2, len(simple) - 1):
        if simple[:cut] in MONGOLIAN_NAME_PARTS and simple[cut:] in MONGOLIAN_NAME_PARTS:
            return simple[:cut], simple[cut:]
    return None


@functools.lru_cache(maxsize=8192)  # the extractor asks about the same few hundred strings per report
def looks_like_name(text: str, *, after_title: bool = False) -> bool:
    """A 2–4 character Han string starting with a known surname, or a transliterated
    name in parts joined by a middle dot (买买提·艾力). ``after_title``: the text follows a
    title (市长步云飞), where rarer surnames are read too."""
    if has_name_dot(text):
        return _transliterated().fullmatch(text) is not None
    if not 2 <= len(text) <= _LONGEST_SURNAMELESS or not all("\u4e00" <= ch <= "\u9fff" for ch in text):
        return False
    if surnameless_parts(text) is not None:
        return True
    if len(text) > 4:
        return False
    simple = simplify_characters(text)
    if simple[-1] in _PARTICLES:
        return False  # 孙强的讲话: the name ends before its particle
    if simple in WORDS_NOT_NAMES:
        return False  # 县委常委班子召开: 班 is a surname, 班子 a word
    if len(simple) == 3 and simple[-1] in _JURISDICTIONS:
        return False  # 南平市召开…: 南 is a surname, 南平市 a city (白沙镇 a town)
    if len(simple) == 2 and simple[-1] in "省市县区":
        return False  # 长沙县召开…: 沙 is a surname and 沙县 a county, no one's name
    if simple.endswith("委"):
        return False  # 中共长武县委: 武 is a surname, 武县委 a county's Party committee
    if simple[1:] in _ORGANS:
        return False  # 区政府召开…: 区 is a surname, 区政府 the district's government
    if simple[:2] in COMPOUND_SURNAMES:
        return len(text) >= 3 and simple[2:] not in FORMS_OF_ADDRESS
    surnames = SURNAMES_AFTER_TITLE if after_title else SURNAMES
    return simple[0] in surnames and len(text) <= 3 and simple[1:] not in FORMS_OF_ADDRESS


# A surname and a post is how a report speaks of someone already named (王书记强调, 刘县长
# 要求): a form of address, never anyone's name.
FORMS_OF_ADDRESS = frozenset(
    "书记 副书记 省长 市长 县长 区长 镇长 乡长 州长 主任 主席 局长 部长 厅长 院长 处长 科长 所长 校长 站长 同志"
    " 副省长 副市长 副县长 副区长 副镇长 副乡长 副主任 副主席 副局长 副部长".split()
)

_PARTICLES = frozenset("的了们")
_LONGEST_SURNAMELESS = 8  # 那木吉拉额尔德尼
_ORGANS = frozenset("政府 人大 政协 党委 党组 纪委 监委 法院 检察院 委员会 常委会 工委".split())
_JURISDICTIONS = frozenset("省市县区镇乡村")  # 石门村召开…: a village, no one named 石门村


@functools.cache
def romanize_name(name: str) -> str:
    """Pinyin of a Chinese personal name, surname first: 郭文海 → Guo Wenhai; a
    transliterated name, or one with no surname, part by part: 买买提·艾力 → Maimaiti Aili."""
    from jiyao.pinyin import lazy_pinyin

    if has_name_dot(name):
        parts = re.split(f"[{NAME_DOTS}]", simplify_characters(name))
        return " ".join("".join(lazy_pinyin(part)).replace("v", "ü").capitalize() for part in parts if part)
    if (surnameless := surnameless_parts(name)) is not None:  # 乌云其木格 → Wuyun Qimuge
        return " ".join(_joined_syllables(_name_syllables(part)).capitalize() for part in surnameless)
    surname, given = split_name(name)
    simple_surname = simplify_characters(surname)
    if simple_surname in COMPOUND_SURNAMES:
        family = COMPOUND_SURNAMES[simple_surname]
    elif simple_surname in SURNAME_READINGS:
        family = SURNAME_READINGS[simple_surname]
    else:
        family = "".join(lazy_pinyin(simple_surname)).replace("v", "ü").capitalize()
    # pypinyin's phrase table is in simplified script: 長春 reads zhang chun, 长春 chang chun.
    return f"{family} {_joined_syllables(_name_syllables(simplify_characters(given))).capitalize()}".strip()


def _name_syllables(simple: str) -> list[str]:
    """Pinyin of a name's characters, as names read them (都 du, not dou)."""
    from jiyao.pinyin import lazy_pinyin

    readings = lazy_pinyin(simple)
    return [GIVEN_NAME_READINGS.get(char, syllable) for char, syllable in zip(simple, readings, strict=False)]


def _joined_syllables(syllables: list[str]) -> str:
    """Syllables as one word, an apostrophe before one that opens with a, o or e (Jia'en)."""
    joined = ""
    for i, syllable in enumerate(syllables):
        if i and syllable[:1] in ("a", "o", "e"):
            joined += "'"
        joined += syllable.replace("v", "ü")
    return joined
