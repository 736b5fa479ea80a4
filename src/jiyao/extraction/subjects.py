"""A clause's subject: the titles and names it lists, before its verb.

``副县长李强、张华，县政府办公室主任赵刚``: titles run up to a title word (书记, 市长,
主任, 领导…) and a name follows, from the surname table; items are joined by 、, 及, 和
or 与, or set apart by spaces as tables typeset them; a title heads the bare names after
it, and an office's name may stand for the title (县发改局李强). :mod:`.people` reads
the sentences around them: who chaired, spoke, attended, or is only mentioned.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from jiyao.cleaning import regex_cache
from jiyao.cleaning.plausibility import jieba_dictionary
from jiyao.cleaning.script import simplify_characters
from jiyao.names import TRANSLITERATED_NAME, has_name_dot, looks_like_name
from jiyao.titles import LEVEL_OPENINGS, organ_en, place_before_level

TITLE_WORD = (
    r"(?:书记|主任|主席|组长|委员|常委|领导|总理|专员|负责人|召集人|成员|指挥|政委|司令员|主委|经理|巡视员|调研员|助理|干部"
    r"|代表|候选人|教授|研究员|长"  # 人大代表, 退休干部代表 (not 代表县委: a verb); 县长候选人
    # A bureau's or a company's chief engineer, economist, accountant or planner, an expert,
    # a civil servant's grade (三级主任科员), an adviser, a school inspector, an instructor.
    r"|工程师|经济师|会计师|规划师|专家|科员|顾问|督学|特派员|指导员|教导员|联络员"
    # A company's president, officers, founder or partner; an academy's academician.
    r"|总裁|首席执行官|总监|创始人|合伙人|院士"
    r"|医师|教师"  # 市人民医院主任医师, 市第一中学教师: who speaks for those commended
    # Who a list of names is, not a post: 党外人士, 专家学者, 劳动模范, 客商, 老党员, 市委巡视组 (the
    # list's first name had been taken for a word, and none of them given the heading).
    r"|人士|学者|模范|劳模|嘉宾|来宾|客商|投资商|同胞|党员|评委|选手|记者"
    r"|巡视组|巡察组|督查组|督导组|检查组|工作组"
    r"|(?<=[导责老])同志|(?<=工作)人员)"  # 领导同志, 负责同志, 老同志, 工作人员 before the names
    r"(?:（[^（），、]{1,12}）)?"  # 副县长（挂职）, 县委副书记（正县级）, 局长（联席会议办公室主任）
)


class _TailPattern:
    """A pattern anchored at the end, searched over the last ``reach`` characters only:
    ``re`` tries a ``…$`` pattern at every position of the text, and a page of one long
    line asked it of ever longer items (quadratic)."""

    def __init__(self, pattern: str, reach: int) -> None:
        self._pattern = regex_cache.compile(pattern)
        self._reach = reach

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        end = len(text) if endpos is None else min(endpos, len(text))
        return self._pattern.search(text, max(pos, end - self._reach), end)


# A title word (巡视员, 人大代表) and a note in brackets of up to 14 characters: 20 at most.
TITLE_END = _TailPattern(rf"{TITLE_WORD}$", 24)
_GENERIC_TITLE = regex_cache.compile(r"领导$")


@dataclass
class Mention:
    name: str
    title: str | None
    start: int  # offset of the name in the text
    speaker: bool = False
    chair: bool = False
    # Where the report first says they chaired: with two meetings told of (推进会由县长邹宏主持，
    # then 会前，书记刘建平主持召开常委会), the first meeting's chair is the readout's.
    chaired_at: int | None = None
    # Spoke as one who leads (讲话, 强调, 部署), not only reported to the meeting (汇报, 通报).
    led: bool = False


def is_generic(title: str) -> bool:
    return bool(_GENERIC_TITLE.search(title))


def more_specific(title: str, than: str) -> bool:
    """Whether ``title`` says all ``than`` says and more: each of its posts, or the post with
    its organ (县委常委、副县长 over 副县长; 县政府副县长 over 副县长)."""
    posts = title.split("、")
    return len(title) > len(than) and all(any(post.endswith(known) for post in posts) for known in than.split("、"))


_NAME_THEN_TITLE = regex_cache.compile(r"([^（）]{2,4})（([^（）]+)）")
_TITLE_AFTER_NAME = regex_cache.compile(r"(.+?[^（）])（([^（）]+)）")
# A deputy head (李强副县长); a head (李强县长) unless the place's name is one we know
# (安阳县长: the county's head); a bare secretary, director or chairman (王明书记强调) —
# an organ's are written with it (县委书记, 文联主席: 文联 is no name).
_TITLE_AFTER = regex_cache.compile(r"(?:常务)?副[省市县区镇乡]长")
_HEAD_AFTER = regex_cache.compile(r"([县市区])长")
_POST_AFTER = frozenset({"书记", "主任", "主席"})
# Bodies whose first character is a surname, that head a post with no level before them.
_BODIES_LIKE_NAMES = frozenset("党组 党支部 党总支 文联 纪检 居委 卫健 房管 国资 文旅 海关 金融 高新 景区".split())


@functools.cache
def _title_then_dotted_name() -> re.Pattern[str]:
    """A title, then a transliterated name: 副县长买买提·艾力 (compiled on first use)."""
    return regex_cache.compile(rf"(.*?{TITLE_WORD})({TRANSLITERATED_NAME})")


# A name's length after a title, likeliest first; a Mongolian name may be longer (地委委员乌云其木格).
_NAME_SIZES = (3, 2, 4, 5, 6)


@functools.lru_cache(maxsize=8192)
def split_title_name(text: str) -> tuple[str | None, str] | None:
    """``市委书记郭文海`` or ``郭文海（市委书记）`` → (市委书记, 郭文海); a bare name → (None,
    name); else None."""
    text = text.strip()
    dotted = _title_then_dotted_name().fullmatch(text) if has_name_dot(text) else None
    if dotted and "，" not in dotted.group(1):
        return dotted.group(1), dotted.group(2)
    if looks_like_name(text):
        return None, text
    after = _NAME_THEN_TITLE.fullmatch(text)
    if after and looks_like_name(after.group(1)) and TITLE_END.search(after.group(2)):
        return after.group(2), after.group(1)  # 黄涛（镇党委书记）
    bracketed = _TITLE_AFTER_NAME.fullmatch(text)
    if bracketed and TITLE_END.search(bracketed.group(2)):
        before = split_title_name(bracketed.group(1))
        if before is not None and before[0] is not None:  # 副县长李强（县防指指挥长）: both his
            return f"{before[0]}、{bracketed.group(2)}", before[1]
    for size in _NAME_SIZES:
        if len(text) <= size:
            continue
        name, title = text[-size:], text[:-size]
        if looks_like_name(name, after_title=True) and TITLE_END.search(title) and "，" not in title:
            return title, name
    for size in (2, 3) if not _TITLE_AFTER.fullmatch(text) else ():  # 常务副市长 is a title, not 常务 the name
        # 李强副县长, as speech puts it: a name, then a deputy head's title (_TITLE_AFTER).
        name, title = text[:size], text[size:]
        if not looks_like_name(name):
            continue
        if _TITLE_AFTER.fullmatch(title):
            return title, name
        if "委" in name or name.endswith("副") or name in _BODIES_LIKE_NAMES:
            continue  # 区委副书记: 区 is a surname, 区委副 a title's start; 党组书记, 文联主席
        if title in _POST_AFTER:
            return title, name
        if (head := _HEAD_AFTER.fullmatch(title)) is not None and place_before_level(name + head.group(1)) is None:
            return title, name
    return None


TOGETHER = regex_cache.compile(r"一道|一起|一同|共同")


def joined_by_tong(head: str) -> str:
    """县长李强同（会同）县委副书记张红…一道出席: 同 joins the list (written as 、, the same
    length, so offsets hold) — when a name ends before it and a name follows (王同军 keeps
    its 同)."""
    joiner = _TONG.search(head)
    if joiner is None:
        return head
    left, right = head[: joiner.start()], head[joiner.end() :]
    if split_title_name(re.split("[、，]", left)[-1]) is not None and group_mentions(right, 0):
        return left + "、" * len(joiner.group()) + right
    return head


_TONG = regex_cache.compile(r"[会协]同|同")


_BRACKETED = regex_cache.compile(r"（[^（）]*）")
# Longer than a chain of titles and a name ever is (县委常委、县纪委书记、县监委主任褚红霞: 17):
# a 和 or 与 after it joins no list (a page of one long line, read item by item, was quadratic).
_LONGEST_ITEM = 80
_KEPT_PAUSE = "\x00"


# A name's title in brackets, a name right after it: 李强（副县长）张华（副县长）, a list
# typeset with spaces, which the cleaner closed up around the brackets.
_NOTE_THEN_NAME = regex_cache.compile(r"（([^（）]{1,24})）(?=[\u4e00-\u9fff])")


def _apart_after_note(note: re.Match[str]) -> str:
    """The bracket and a space after it where the bracket closes a name's title (not a
    title's note before its name: 县信访局局长（联席会议办公室主任）刘伟)."""
    head, start = note.string, note.start()
    reach = max(0, start - _LONGEST_ITEM)  # no item is longer: a long line's every note looked back to its start
    item_start = max(reach, max(head.rfind(mark, reach, start) for mark in "、 \t\u3000；）") + 1)
    named = split_title_name(head[item_start:start])
    if named is not None and named[1] and TITLE_END.search(note.group(1)):
        return note.group() + " "
    return note.group()


_LIST_PAUSE = regex_cache.compile(r"、|以及|及|；|\s+")
_JOINER = regex_cache.compile(r"([和与])")


def list_items(head: str) -> tuple[str, ...]:
    """The items of a list joined by 、, 以及, 及, 和 or 与, or set apart by spaces (王明　李强,
    as lists are typeset) — but a 和 or 与 inside a name (王和平; 副镇长钟永和 right before
    its verb) or a place (和平区) stays."""
    # A clause's subject is read for its mentions, and again for a title heading the next
    # clause's names: a short one's items are remembered (a long one's would hold memory).
    return _short_list_items(head) if len(head) <= _REMEMBERED_HEAD else _items_of(head)


_REMEMBERED_HEAD = 120


@functools.lru_cache(maxsize=1024)
def _short_list_items(head: str) -> tuple[str, ...]:
    return _items_of(head)


def _items_of(head: str) -> tuple[str, ...]:
    items: list[str] = []
    if "）" in head:
        head = _NOTE_THEN_NAME.sub(_apart_after_note, head)
    # A 、 inside brackets joins one person's titles (王明（县委常委、副县长）): no list's.
    guarded = _BRACKETED.sub(lambda m: m.group().replace("、", _KEPT_PAUSE), head) if "（" in head else head
    for part in _LIST_PAUSE.split(guarded):
        part = part.replace(_KEPT_PAUSE, "、")
        pieces = _JOINER.split(part) if "和" in part or "与" in part else (part,)
        items.append(pieces[0])
        for joiner, piece in zip(pieces[1::2], pieces[2::2], strict=True):
            if len(items[-1]) > _LONGEST_ITEM:
                items[-1] += joiner + piece  # no one's title and name: nothing to tell apart
                continue
            joined = f"{items[-1]}{joiner}{piece}"
            whole = split_title_name(joined)
            inside = whole is not None and joiner in whole[1][1:]
            left = split_title_name(items[-1])
            # 区长胡 reads as a bare name (区 is a surname) where 区长胡和平 is a title and a
            # name: the "name" before 和 holds the title, so the 和 is the name's.
            title_in_name = (
                left is not None and left[0] is None and whole is not None and bool(whole[0])
                and items[-1].startswith(whole[0] or "")
            )  # fmt: skip
            if not items[-1] or ((not piece or left is None or title_in_name) and inside):
                items[-1] = joined  # no list starts with 和: 和平区委书记
            elif piece and left is None and not TITLE_END.search(items[-1]):
                # A body's own 和 (市发展和改革委员会主任杨帆, 住房和城乡建设局): what stands
                # before it is neither a name nor a title, and a list's items are.
                items[-1] = joined
            else:
                items.append(piece)
    return tuple(items)


# A title, then a name of which damaged bytes left characters unread (□).
_LOST_NAME = regex_cache.compile(r"[^□]{0,2}□[^□]{0,2}|□{2,3}|□□[^□]|[^□]□□")


def title_before_lost_name(item: str) -> str | None:
    """The title of ``item`` when a name damaged bytes left characters of unread (□) follows
    it: 副市长丁佩□ → 副市长, 局长□华 → 局长 (not 局 with 长□华 for the name)."""
    if "□" not in item:
        return None  # the common case: nothing unread
    for cut in range(1, len(item)):
        if _LOST_NAME.fullmatch(item, cut) and TITLE_END.search(item, 0, cut):
            return item[:cut]
    return None


# An office named before another that shares its post (县委办、县政府办主任): the list's
# item has no post of its own.
_SHARED_POST_ORGAN = regex_cache.compile(
    r"[省市县区镇乡旗州盟](?:委|政府|人大|政协)?[^、，。\s]{0,6}?办"
    r"|[省市县区旗州盟](?:委|政府|人大|政协)"  # 市委、市政府领导A、B: the leaders of both
)


def group_mentions(head: str, offset: int, *, offices: bool = False) -> list[Mention]:
    """Mentions in the subject part of one comma group (before its verb). ``offices``: the
    list this group is part of names people by their offices (县委办李强，县政府办张华)."""
    mentions: list[Mention] = []
    pending_titles: list[str] = []
    inherited: str | None = None
    untitled: Mention | None = None  # the last name read with no title at all
    items = list_items(head)
    # A list typeset as a table puts a name's title a space after it (出席：李强 副县长、王明
    # 县政府办主任) — or before it (趙剛 孫麗華 縣政協主席 錢偉): a list that ends in a title
    # is the first kind, and so is a title a 、 or the list's end follows.
    names_first = bool(items) and split_title_name(items[-1]) is None and bool(TITLE_END.search(items[-1]))
    # Two offices' names at least (县委办李强，县政府办张华): one alone may be a word after an
    # office's name (县公安局干警参加).
    offices_listed = offices or lists_offices(items)
    cursor = 0
    for at, item in enumerate(items):
        item_start = head.index(item, cursor) if item else cursor
        typeset_after = untitled is not None and item_start > cursor and head[cursor:item_start].isspace()
        cursor = item_start + len(item)
        parsed = split_title_name(item)
        if parsed is None and at + 2 < len(items) and split_title_name(items[at + 1]) == (None, items[at + 1]):
            parsed = _heading_then_name(item)  # 企业家李强、张华、…: who the names after it are
        if parsed is None and offices_listed:
            parsed = _organ_then_name(item)  # 县发改局李强: minutes list people by their office
        if parsed is None:
            lost = title_before_lost_name(item)
            bare_title = "，" not in item and "（" not in item and "）" not in item
            if lost and bare_title:
                # 副市长丁佩□: a name lost with damaged bytes is no one to list, but its
                # title still heads the names after it (沈国栋 is 副市长 too).
                inherited, pending_titles = "、".join([*pending_titles, lost]), []
            elif (
                typeset_after
                and untitled is not None
                and bare_title
                and TITLE_END.search(item)
                and (names_first or not head[cursor : cursor + 1].isspace())
            ):
                untitled.title = item  # the name's a space before it, not the next one's
            elif (TITLE_END.search(item) or _SHARED_POST_ORGAN.fullmatch(item)) and bare_title:
                pending_titles.append(item)  # 县委办、县政府办主任王明: the post is both organs'
            untitled = None
            continue
        title, name = parsed
        if title is not None and "的" in title:
            # 来我市考察的某某集团董事长陈大文: what the clause before 的 says is no title.
            title = title.rsplit("的", 1)[1] or None
        if title is not None:
            title = inherited = "、".join([*pending_titles, title])
        elif pending_titles:
            # 副县长 周涛、吴敏: a title a space before the name heads the names after it too.
            title = inherited = "、".join(pending_titles)
        else:
            title = inherited
        pending_titles = []
        mentions.append(Mention(name, title, offset + item_start + item.rfind(name)))
        untitled = mentions[-1] if title is None else None
    return mentions


# The last character of a word for who people are, not what post they hold: 企业家, 志愿者,
# 贫困户, 农民工, 新乡贤, 大学生, 老红军, 退役军人, 军属, 网格员, 侨胞, 华侨, 致富能手, 校友,
# 返乡青年, 老战士, 企业主.
_WHO_THEY_ARE = frozenset("家者户工贤生军兵人属员胞侨手友年士主")
# More last characters of words for who people are (干警, 干部, 同志, 群众, 代表, 医师), read
# only after an office (县公安局干警): headings of names don't take them.
_WHO_SERVE = frozenset("警部志众表师")
# …and words that end so but say when, how or who else (今年李强、张华、赵刚出席: no heading).
_NOT_WHO = frozenset(
    "今年 明年 去年 前年 当年 同年 近年 全年 多年 每年 历年 往年 次年 新年 周年 半年 或者 再者 前者 后者 两者 三者"
    " 大家 国家 自家 各家 全家 回家 本人 他人 有人 个人 别人 某人 人人 每人 众人 二人 两人 三人 其人 民主 自主"
    " 为主 做主 发生 产生 先生 一生 终生 开工 完工 复工 施工 动工 分工 联手 携手 着手 入手 动手 出手 全军 开户"
    " 入户 落户 所属 附属 直属 金属".split()
)


@functools.lru_cache(maxsize=4096)
def _organ_then_name(item: str) -> tuple[str, str] | None:
    """``县发改局李强`` → (县发改局, 李强): an office the titles know by its level (and can
    give in English), then a name — how minutes list who attended for which office. Not
    an organ whole (县人大常委会: 常委会 is no name)."""
    if len(item) < 5 or simplify_characters(item[0]) not in LEVEL_OPENINGS:
        return None  # the common case, found fast: no office's level opens it
    if organ_en(simplify_characters(item)) is not None:
        return None
    for size in (3, 2):
        organ, name = item[:-size], item[-size:]
        if (
            len(organ) >= 3
            and simplify_characters(name[-1]) not in _UNIT_ENDS
            and looks_like_name(name)  # not as after a title: an office is no title
            and not _word_for_people(name)  # 县公安局干警, 县卫健局医生
            and organ_en(simplify_characters(organ))
        ):
            return organ, name
    return None


_OFFICES_LISTED = 2


def lists_offices(items: Sequence[str]) -> bool:
    return sum(1 for item in items if _organ_then_name(item) is not None) >= _OFFICES_LISTED


def _word_for_people(word: str) -> bool:
    """A word for who people are (干警, 职工, 医生, 专家, 代表), as jieba lists it."""
    last = simplify_characters(word[-1])
    return (last in _WHO_THEY_ARE or last in _WHO_SERVE) and jieba_dictionary().frequencies.word_logp(
        simplify_characters(word)
    ) is not None


# How a bureau's own section ends (县应急局安监股, 县委宣传部文明办, 县林业局林场): no name.
_UNIT_ENDS = frozenset("办科股馆站队场处库室所局委部院会团组署台中心")


def _heading_then_name(item: str) -> tuple[str, str] | None:
    """``企业家李强`` at the head of a list of names → (企业家, 李强): a word for who they are,
    glued to the first name. jieba lists the word, its last two or three characters
    (返乡青年), or all but its last (网格员)."""
    words = jieba_dictionary().frequencies
    for size in (2, 3):
        heading, name = item[:-size], item[-size:]
        simple = simplify_characters(heading)
        if not (2 <= len(heading) <= 6 and simple[-1] in _WHO_THEY_ARE and looks_like_name(name)):
            continue
        if simple[-2:] in _NOT_WHO or (simple.endswith("年") and not simple.endswith(("青年", "少年"))):
            continue
        known = {simple, simple[-2:], simple[-3:]} | ({simple[:-1]} if len(simple) > 2 else set())
        if any(words.word_logp(word) is not None for word in known):
            return heading, name
    return None


# 县政协副主席A、B，秘书长C: a bare 秘书长 (党组成员、秘书长) among an organ's officers is
# that organ's; after a government's heads (副县长A，秘书长B), the government's.
_BARE_OFFICER = frozenset({"秘书长", "副秘书长", "党组成员", "党组副书记"})
# …and the organ's office, after such an officer's post (党组成员、办公室主任).
_BARE_OFFICE = frozenset({"办公室主任", "办公室副主任"})
_OFFICERS_ORGAN = regex_cache.compile(r"[省市县区旗州盟]?(?:政协|人大常委会)")
_GOVERNMENT_HEAD = regex_cache.compile(r"(?:常务)?副?([省市县区旗州盟])长")


def _organ_of(title: str | None) -> str | None:
    """The organ whose officer ``title`` (its last post) names: 县政协副主席 → 县政协,
    副县长 → 县政府."""
    if not title:
        return None
    last = title.split("、")[-1]
    if (organ := _OFFICERS_ORGAN.match(last)) is not None:
        return organ.group()
    if (head := _GOVERNMENT_HEAD.fullmatch(last)) is not None:
        return head.group(1) + "政府"
    return None


def with_organ(found: list[Mention], before: str | None) -> str | None:
    """Give the bare officers of ``found`` the organ of the post named before them in the
    sentence (``before``), and a bare deputy the head's organ (巡视组组长A，副组长B → 巡视组
    副组长); the post the group leaves for the next one."""
    for mention in found:
        title = mention.title
        if not title:
            before = None
            continue
        posts = title.split("、")
        if posts[0] in _BARE_OFFICER and all(post in _BARE_OFFICER or post in _BARE_OFFICE for post in posts):
            if (organ := _organ_of(before)) is not None:
                mention.title = organ + title
        elif len(posts) == 1 and before is not None and (deputy := _deputy_of(title, before)) is not None:
            mention.title = deputy
        else:
            before = posts[-1]
    return before


def _deputy_of(title: str, head: str) -> str | None:
    """``title`` (副组长) with the organ of ``head`` (巡视组组长 → 巡视组副组长), when it is
    the deputy of the head's post and the head names an organ; a bare member likewise
    (督导组副组长A、成员B → 督导组成员)."""
    if _LEVEL_IN_TITLE.search(title):
        return None  # 副县长 is whole: the government's, whatever stood before (代县长A，副县长B)
    if title in ("成员", "组员"):
        post = next((post for post in ("组长", "主任", "队长") if head.endswith(post)), "")
        organ = head[: -len(post)].removesuffix("常务副").removesuffix("副").removeprefix("代") if post else ""
        return organ + title if organ else None
    for deputy in ("常务副", "副"):
        post = title.removeprefix(deputy)
        if post != title and post and head.endswith(post):
            organ = head[: -len(post)].removesuffix("常务副").removesuffix("副").removeprefix("代")
            return organ + title if organ else None
    return None


_LEVEL_IN_TITLE = regex_cache.compile("[省市县区镇乡旗州盟]")


def titles_before(phrase: str, start: int) -> int:
    """Where a name's titles start when the first are listed before it (传达了市委副书记、市长
    孙立军…的讲话: 市委副书记 is his too), else ``start``."""
    if phrase[start - 1 : start] != "、":
        return start
    begin = max(phrase.rfind(mark, 0, start - 1) for mark in "了和及，") + 1
    return begin if title_chain(phrase[begin : start - 1]) else start


def title_chain(head: str) -> str | None:
    """``head`` as titles with no name yet (县委副书记、县长), which the next comma group's
    first name holds too — but not those of a whole group of people (各乡镇党委书记)."""
    items = list_items(head)
    if not items or any(
        not item
        or not TITLE_END.search(item)
        or split_title_name(item) is not None
        or item.startswith("各")
        or "等" in item
        for item in items
    ):
        return None
    return "、".join(items)


def add_chain(chain: str | None, mentions: list[Mention]) -> None:
    if chain and mentions:
        first = mentions[0]
        first.title = f"{chain}、{first.title}" if first.title else chain
