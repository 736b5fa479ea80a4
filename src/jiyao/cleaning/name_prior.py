"""What the text model misses, for the decoder: reports name people, and after a title
(市長, 書記, 記者) a surname is likelier than word counts say; after a title and a
surname, characters often found in given names are likelier too. And a page is in one
script: the site's converter wrote all of it one way, so a reading in the other script
(來 in a simplified report) is all but ruled out."""

from __future__ import annotations

import functools
import math
import zlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from jiyao import surnames
from jiyao.cleaning import regex_cache, tables
from jiyao.cleaning.loss_marks import MARKS
from jiyao.cleaning.plausibility import char_logp, common_characters
from jiyao.cleaning.script import is_han, simplify_characters, to_traditional
from jiyao.surnames import NAME_DOTS

# What a name follows: a title (and most posts the readout's people rules know:
# 軍分區司令員駱□ had been read 駱駝, 司令員 taken for no title), or a list's opening.
_AFTER_TITLE = regex_cache.compile(
    r"(?:[書书][記记]|[記记]者|[長长]|主任|主席|[委][員员]|(?<!人大)常委|[領领][導导]"
    r"|[經经]理|[總总]裁|[總总][監监]|院士|教授"
    r"|政委|主委|司令[員员]|巡[視视][員员]|[調调]研[員员]|[專专][員员]|科[員员]|[專专]家|研究[員员]|特派[員员]"
    r"|[指教][導导][員员]|[聯联][絡络][員员]|[負负][責责]人|助理|[顧顾][問问]|督[學学]"
    r"|工程[師师]|[經经][濟济][師师]|[會会][計计][師师]|[規规][劃划][師师]|[醫医教][師师]"
    # A list of those present opens (出席會議的還有X、, minutes' 出席：X、 and 參會人員：X): its
    # first name as a title's (出席：严□、李娟 had been read 严重).
    r"|的[還还]有|(?:出席|[參参]加|列席|主持|持人|人[員员])[：:])\s?$"
)


# How many characters before a place decide its prior (see _place): a caller may pass
# only those. A title is at most three characters with its space, a surname one or two,
# and a given name's first character one.
PRIOR_CONTEXT = 6


def name_bonus(left: str, *, in_lists: bool = False) -> Mapping[str, float]:
    """What the text model misses about names, for the character after ``left``: after a
    title (市長, 書記, 記者) a surname is likelier than it says; after a title and a
    surname, a character often found in given names (華 of 蔣麗華, not 要). ``in_lists``:
    a list's next name too, as after a title (孟慶豐、薛 before 亮: 薛了 had been read). The
    GBK decoder does without (dev: one name more read right, one more read wrong)."""
    place = _place(left)
    if not place and in_lists:
        place = _listed_place(left)
    return _BONUSES[place]()


def _place(left: str) -> int:
    """0: anywhere; 1: after a title; 2: after a title, a surname and a character of a
    given name; 3: right after a title and a surname, where a name cannot end (副主席彭。);
    4: after a name's dot, in the next part of a transliterated name (阿不都热依木·艾)."""
    # The last few decide, and the decoder asks about the same few hundred endings.
    return _place_of_ending(left[-PRIOR_CONTEXT:])


@functools.lru_cache(maxsize=4096)
def _place_of_ending(left: str) -> int:
    if not left:
        return 0
    if _AFTER_TITLE.search(left):
        return 1
    # A compound surname first: 縣長司馬 is a surname waiting for its given name, not 司
    # and a given name's 馬.
    for surname_at, place in ((-2, 3), (-3, 2)):
        compound = simplify_characters(left[surname_at:][:2])
        if compound in surnames.COMPOUND_SURNAMES and _AFTER_TITLE.search(left[:surname_at]):
            return place
    for surname_at, place in ((-1, 3), (-2, 2)):
        if left[surname_at:][:1] in _surname_bonus() and _AFTER_TITLE.search(left[:surname_at]):
            return place
    if _in_transliterated_part(left):
        return 4
    return 0


def in_name(left: str) -> bool:
    """Whether the character after ``left`` would be a surname after a title, or a given
    name's after a title and a surname."""
    return _place(left) > 0


def given_name_place(left: str) -> bool:
    """Whether the character after ``left`` would be a given name's, after a title and a
    surname (not a transliterated name's next part: 艾买提 after 阿不都热依木·)."""
    return _place(left) in (2, 3)


def surname_place(left: str) -> bool:
    """Whether the character after ``left`` would be a surname after a title."""
    return _place(left) == 1


def may_name(left: str) -> bool:
    """:func:`in_name`, or a name of a list's after another (邱立民、 before 覃, 邱立民、覃
    before 永健): where a character no byte vouches for would be a guessed name."""
    return in_name(left) or _listed_place(left) > 0


def _listed_place(left: str) -> int:
    """:func:`_place`'s places (1, 3, 2) for a name of a list after another: after its
    ``、``, after a surname, after a surname and one character (a compound surname too:
    、上官 before 婉清, where 上官光清 had been read unmarked); else 0."""
    if _after_listed_name(left):
        return 1
    for surname_at, place in ((-2, 3), (-3, 2)):
        compound = simplify_characters(left[surname_at:][:2])
        if compound in surnames.COMPOUND_SURNAMES and _after_listed_name(left[:surname_at]):
            return place
    for surname_at, place in ((-1, 3), (-2, 2)):
        if left[surname_at:][:1] in _surname_bonus() and _after_listed_name(left[:surname_at]):
            return place
    return 0


def opens_sentence_as_name(left: str) -> bool:
    """Whether ``left`` ends with a surname, and perhaps one character after it, that
    opens a sentence, a line or a clause (。章鸿 before 远指出, 会上，严 before 峻通报): a
    name's place when a speech or presence verb follows it — the report's subject, with no
    title before it."""
    for given in (0, 1):
        at = len(left) - 1 - given
        if at < 0 or left[at] not in _surname_bonus() or (at and left[at - 1] not in _SENTENCE_STARTS):
            continue
        if not given or simplify_characters(left[at:]) not in surnames.WORDS_NOT_NAMES:
            return True
    return False


_SENTENCE_STARTS = frozenset("。\n；！？，,")


def place_after_given(left: str) -> bool:
    """Whether ``left`` ends with a title, a surname and one character of a given name: a
    name may end there or go on."""
    return _place(left) == 2


def name_goes_on(left: str) -> bool:
    """Whether a name begun before the end of ``left`` cannot end there, so no mark can come
    next: right after a title and a surname (副主席彭), or a list's surname (雷鸣、侯)."""
    if _place(left) == 3:
        return True
    return left[-1:] in _surname_bonus() and _after_listed_name(left[:-1])


def opens_listed_name(left: str) -> bool:
    """Whether the character after ``left`` opens a list's next name (李娟、 before 赵)."""
    return _after_listed_name(left)


def _after_listed_name(left: str) -> bool:
    """After the ``、`` ending a two- or three-character name of a list (李娟、, and a
    minutes' 赵东（副县长）、) — not a title's word in a chain of titles (县委常委、常务副县长:
    常 is a surname, 常委 no name)."""
    if left.endswith(",、"):  # a site's stray comma before the list's mark (沈國棟,、)
        left = left[:-2] + "、"
    if left.endswith("）、"):
        # The decoder's context is a few characters: the title in brackets is what it sees.
        return bool(_AFTER_TITLE.search(left[:-2]))
    return left.endswith("、") and any(
        left[-n - 1 : -n] in _surname_bonus()
        and simplify_characters(left[-n - 1 : -1]) not in surnames.WORDS_NOT_NAMES
        and _opens_list_item(left[: -n - 1])
        for n in (2, 3)
    )


def _opens_list_item(before: str) -> bool:
    """Whether a list's name may begin after ``before``: a title, a mark, or too little
    seen to tell (the decoder's context is a few characters: 導 of 領導) — 加強水庫、 is no
    name's list: 水 is a surname, but a verb comes before."""
    return len(before) < 2 or before[-1] in _ITEM_STARTS or bool(_AFTER_TITLE.search(before))


_ITEM_STARTS = frozenset("、，,：:（(\n\u3000 ；;")


def report_prior(characters: Mapping[str, int]) -> Callable[[str], Mapping[str, float]]:
    """:func:`name_bonus` for a report whose ``characters`` are counted, with the other
    script's characters priced out when the report is clearly in one script."""
    script = _script_of(characters)
    if script is None:
        return name_bonus
    return lambda left: _with_script(script, _place(left))


# A character of the other script: one reading in twenty. Not less: the converters differ
# (s2t writes 祕 for 秘, the sites 秘書長). Dev: 要以 for 要對 in a traditional report,
# runs restored 70.7% → 71.6%; at 0.01, 70.7%.
_OTHER_SCRIPT = math.log(0.05)


def _script_of(characters: Mapping[str, int]) -> str | None:
    """ "simplified" or "traditional" when the characters only one script has say so
    clearly; None for a mixed or short text. Counted over the distinct characters (a few
    hundred), not the text: a pass over 3,000 characters cost 0.3 ms a script."""
    traditional_only, simplified_only = _traditional_only(), _simplified_only()
    traditional = sum(n for char, n in characters.items() if char in traditional_only)
    simplified = sum(n for char, n in characters.items() if char in simplified_only)
    if traditional > 3 * simplified + 3:
        return "traditional"
    if simplified > 3 * traditional + 3:
        return "simplified"
    return None


@functools.cache
def _with_script(script: str, place: int) -> Mapping[str, float]:
    bonus = _BONUSES[place]()
    foreign = _simplified_only() if script == "traditional" else _traditional_only()
    combined = dict.fromkeys(foreign, _OTHER_SCRIPT)
    for char, value in bonus.items():
        combined[char] = value + combined.get(char, 0.0)
    return combined


@functools.cache
def _simplified_only() -> frozenset[str]:
    """Common characters a traditional page never shows: the s2t converter changes them."""
    return frozenset(_priors()["simplified_only"])


@functools.cache
def _traditional_only() -> frozenset[str]:
    """Common characters a simplified page never shows: they have a simplified form."""
    return frozenset(_priors()["traditional_only"])


_NO_BONUS: Mapping[str, float] = {}


def _surname_bonus() -> Mapping[str, float]:
    """After a title the next character is a surname or an ordinary one, even odds: the
    text model's probability mixed half and half with the surname's share of people,
    log(1 + P(surname) / P(text)). 龔 (rank 74, rare in text) gains 6.9, 宮 (rank 224)
    2.4, 來 (a common word) 0.2. The share: Zipf's 1/(rank + 10) over the census-ordered
    table. Dev: 龔雪 for 宮雪 and 李娟 for 楊娟, runs restored 71.6% → 72.4%; a flat
    bonus of log 20 for every surname, and the mixture at 0.3 or 0.7, restored fewer
    or the same."""
    return _priors()["surname"]  # type: ignore[no-any-return]


def given_name_share(char: str, rivals: Sequence[str]) -> float:
    """``char``'s share among ``rivals`` (``char`` one of them) by how often each is a given
    name's character in jieba's person names, add-half: what names, not text, say of a
    name's character the bytes leave open (队 of 卫队 0.004, 东 of 卫东 far more)."""
    counts: Mapping[str, int] = tables.given_names()["counts"]
    total = sum(counts.get(simplify_characters(rival), 0) + 0.5 for rival in rivals)
    return (counts.get(simplify_characters(char), 0) + 0.5) / total


def _given_name_bonus() -> Mapping[str, float]:
    """After a title and a surname, as after a title: even odds of a given name or an
    ordinary character, log(1 + P(char | given names) / P(char | text)), from jieba's
    person names (of a known surname) and its word counts; in both scripts. 華, 麗 and
    雯 rarely stand alone and often name people; 之 and 要 stand alone everywhere. Dev,
    with a line-end mark read as lost bytes: CER 0.72% → 0.69%, F1 0.967 → 0.970 against
    the ratio capped at log 20; at odds of 4 to 1 a run fewer."""
    return _priors()["given"]  # type: ignore[no-any-return]


_ZIPF_OFFSET = 10
# The table file's name changes with what goes into it (the formulas: bump the version).
_PRIORS_NAME = f"name-priors-{zlib.crc32(f'1:{_ZIPF_OFFSET}:{surnames.SURNAMES_BY_RANK}'.encode()):08x}"


@functools.cache
def _priors() -> dict[str, Any]:
    """The bonuses and each script's own characters, built once into a table file
    (~40 ms of word-count lookups on every start otherwise)."""
    return tables.table(_PRIORS_NAME, _build_priors)


def _build_priors() -> dict[str, Any]:
    common = _common_simplified()
    ranks: dict[str, int] = {}
    for rank, char in enumerate(surnames.SURNAMES_BY_RANK):
        ranks.setdefault(char, rank)
    total_share = sum(1 / (rank + _ZIPF_OFFSET) for rank in ranks.values())
    counts = tables.given_names()["counts"]
    total_given = sum(counts.values())
    surname: dict[str, float] = {}
    given: dict[str, float] = {}
    for char, simple in common:
        text_p = math.exp(char_logp(simple))
        if simple in ranks:
            surname[char] = math.log1p(1 / (ranks[simple] + _ZIPF_OFFSET) / total_share / text_p)
        if simple in counts:
            given[char] = math.log1p(counts[simple] / total_given / text_p)
    return {
        "surname": surname,
        "given": given,
        "traditional_only": "".join(char for char, simple in common if char != simple),
        "simplified_only": "".join(sorted(frozenset(tables.chars()["simplified_only"]) & common_characters())),
    }


def _common_simplified() -> tuple[tuple[str, str], ...]:
    """Each common character (both scripts) with its simplified form, converted in one call."""
    chars = sorted(common_characters())
    return tuple(zip(chars, simplify_characters("".join(chars)), strict=True))


@functools.cache
def _first_given_bonus() -> Mapping[str, float]:
    """:func:`_given_name_bonus`, and a mark all but ruled out: after a title, a surname is
    not a whole name (a decoder read 副主席彭。库 for 副主席彭晓光)."""
    return {**_given_name_bonus(), **dict.fromkeys(MARKS, _MARK_AFTER_SURNAME)}


_MARK_AFTER_SURNAME = math.log(0.01)

# The characters Uyghur, Kazakh and other names are transliterated with (古丽娜尔·吐尔逊,
# 阿不都热依木·艾买提), in both scripts: after a name's dot, the next part is written with
# them, which the text model reads as words (吐动态 for 吐尔逊, 包打听 for 艾买提).
_TRANSLITERATION = (
    "阿艾爱安奥巴拜班包贝别波布达代丹德迪丁都杜多尔额法甫伽盖甘戈格古哈海汗罕合赫洪胡吉加贾江杰金卡开凯坎克肯库"
    "拉来赖兰勒力丽利莉林鲁玛麦买满曼梅蒙米敏莫木穆纳娜尼努帕皮齐热仁萨塞桑沙莎尚舍斯苏塔太坦汤特提铁吐托瓦万"
    "维乌吾西希夏辛亚扎伊依尤玉再则孜祖逊素默比赛衣肉耶娅孙班日珠"
)
# As likely as the text model says, and twenty times more.
_TRANSLITERATION_BONUS = math.log(20)


@functools.cache
def _transliteration_chars() -> frozenset[str]:
    # Both scripts, converted on first use: the converter costs ~35 ms to load.
    return frozenset(_TRANSLITERATION + to_traditional(_TRANSLITERATION))


def _in_transliterated_part(left: str) -> bool:
    """Whether ``left`` ends with a name's dot after a character, and at most three of the
    transliteration's characters after it (阿不都热依木·, 古丽娜尔·吐)."""
    dot = max(left.rfind(d) for d in NAME_DOTS)
    if dot < 1 or len(left) - dot - 1 > 3 or not is_han(left[dot - 1]):
        return False
    chars = _transliteration_chars()
    return all(c in chars for c in left[dot + 1 :])


@functools.cache
def _transliteration_bonus() -> Mapping[str, float]:
    return dict.fromkeys(_transliteration_chars(), _TRANSLITERATION_BONUS)


_BONUSES: tuple[Callable[[], Mapping[str, float]], ...] = (
    lambda: _NO_BONUS,
    _surname_bonus,
    _given_name_bonus,
    _first_given_bonus,
    _transliteration_bonus,
)
