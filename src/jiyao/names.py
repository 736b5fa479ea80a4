"""Chinese personal names: recognising them, and romanizing them the official way.

``郭文海`` → ``Guo Wenhai``; ``歐陽錦全`` → ``Ouyang Jinquan``; ``上官福令`` → ``Shangguan Fuling``.
Surname first; the given name's syllables joined, with an apostrophe before a
syllable that starts with a, o or e (``Jia'en``). Surnames read differently
from the character's everyday reading (單 Shan, 曾 Zeng) come from a table.
"""

from __future__ import annotations

import functools

from jiyao.cleaning.script import to_simplified

# Compound surnames (simplified) and their romanization.
COMPOUND_SURNAMES = {
    "欧阳": "Ouyang", "上官": "Shangguan", "司马": "Sima", "诸葛": "Zhuge", "东方": "Dongfang",
    "皇甫": "Huangfu", "尉迟": "Yuchi", "公孙": "Gongsun", "慕容": "Murong", "令狐": "Linghu",
    "长孙": "Zhangsun", "宇文": "Yuwen", "司徒": "Situ", "夏侯": "Xiahou", "轩辕": "Xuanyuan",
    "端木": "Duanmu", "西门": "Ximen", "南宫": "Nangong", "澹台": "Tantai", "呼延": "Huyan",
    "万俟": "Moqi", "闻人": "Wenren", "太史": "Taishi", "申屠": "Shentu", "钟离": "Zhongli",
    "濮阳": "Puyang", "淳于": "Chunyu", "单于": "Chanyu", "公冶": "Gongye", "赫连": "Helian",
}  # fmt: skip

# Surnames whose reading differs from the character's most common one.
SURNAME_READINGS = {
    "单": "Shan", "曾": "Zeng", "解": "Xie", "区": "Ou", "仇": "Qiu", "朴": "Piao", "查": "Zha",
    "乐": "Yue", "盖": "Ge", "缪": "Miao", "翟": "Zhai", "员": "Yun", "覃": "Qin", "尉": "Yu",
    "燕": "Yan", "种": "Chong", "秘": "Bi", "万": "Wan", "藏": "Zang", "长": "Chang", "重": "Chong",
    "沈": "Shen", "折": "She", "祭": "Zhai", "纪": "Ji", "召": "Shao", "繁": "Po", "华": "Hua",
}  # fmt: skip

# Polyphonic characters read differently in given names than pypinyin's default.
GIVEN_NAME_READINGS = {"长": "chang", "朝": "chao"}

# Common single-character surnames (simplified), to tell a name from a word; most common
# first, as the census ranks them.
SURNAMES_BY_RANK = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖萧田董袁潘于蒋蔡余杜叶程苏魏吕"
    "丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严"
    "覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒"
    "阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古"
    "吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇"
    "桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉"
    "伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿"
    "薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元"
    "束檀衣信展阴昝智幸奉植衡富尧闭由赖洪贝萨揭巢"
)
SURNAMES = frozenset(SURNAMES_BY_RANK)


def split_name(name: str) -> tuple[str, str]:
    """(surname, given name), by the compound-surname table first."""
    simple = to_simplified(name)
    if len(name) >= 3 and simple[:2] in COMPOUND_SURNAMES:
        return name[:2], name[2:]
    return name[:1], name[1:]


def looks_like_name(text: str) -> bool:
    """A 2–4 character Han string starting with a known surname."""
    if not 2 <= len(text) <= 4 or not all("\u4e00" <= ch <= "\u9fff" for ch in text):
        return False
    simple = to_simplified(text)
    if simple[-1] in _PARTICLES:
        return False  # 孙强的讲话: the name ends before its particle
    if simple[:2] in COMPOUND_SURNAMES:
        return len(text) >= 3
    return simple[0] in SURNAMES and len(text) <= 3


_PARTICLES = frozenset("的了们")


@functools.cache
def romanize_name(name: str) -> str:
    """Pinyin of a Chinese personal name, surname first: 郭文海 → Guo Wenhai."""
    from jiyao.pinyin import lazy_pinyin

    surname, given = split_name(name)
    simple_surname = to_simplified(surname)
    if simple_surname in COMPOUND_SURNAMES:
        family = COMPOUND_SURNAMES[simple_surname]
    elif simple_surname in SURNAME_READINGS:
        family = SURNAME_READINGS[simple_surname]
    else:
        family = "".join(lazy_pinyin(simple_surname)).replace("v", "ü").capitalize()
    # pypinyin's phrase table is in simplified script: 長春 reads zhang chun, 长春 chang chun.
    simple_given = to_simplified(given)
    syllables = [
        GIVEN_NAME_READINGS.get(char, syllable).replace("v", "ü")
        for char, syllable in zip(simple_given, lazy_pinyin(simple_given), strict=False)
    ]
    joined = ""
    for i, syllable in enumerate(syllables):
        if i and syllable[:1] in ("a", "o", "e"):
            joined += "'"
        joined += syllable
    return f"{family} {joined.capitalize()}".strip()
