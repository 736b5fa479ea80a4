"""Who chaired, who spoke, who attended: rules over the sentences of the clean text.

All matching runs on the simplified form of the text, which OpenCC keeps the same
length, so every offset found there points at the same characters of the original.

A sentence that reports presence (出席, 参会, 参加会议, 主持…) or speech (讲话, 强调,
通报, 作了…部署…) is split at commas into groups; a group is titles and names
separated by 、, 及 or 和 and ends where its verb phrase starts. Titles run up to a
title word (书记, 市长, 主任, 领导…); a bare name after a generic title (市领导)
inherits it; a more specific title later in the report replaces a generic one. A
group's subject, its titles and names, is read by :mod:`.subjects`; this module reads
the sentences: which verb, and so who chaired, spoke, attended or was only named.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from jiyao import deadline
from jiyao.cleaning import regex_cache
from jiyao.cleaning.structure import FIELD_LABEL, is_minutes_field
from jiyao.extraction.subjects import (
    TITLE_END,
    TITLE_WORD,
    TOGETHER,
    Mention,
    add_chain,
    group_mentions,
    is_generic,
    joined_by_tong,
    list_items,
    lists_offices,
    more_specific,
    split_title_name,
    title_before_lost_name,
    title_chain,
    titles_before,
    with_organ,
)
from jiyao.names import TRANSLITERATED_NAME, has_name_dot, looks_like_name
from jiyao.surnames import SURNAMES

# Verbs that put their subject at the meeting (召集人 is a title, not 召集).
# (Not 主持 inside brackets: 副局长（主持工作）, a deputy who runs the office, is a title's note.)
_ATTENDED = r"出席|参会|参加|列席|旁听|到会|主持(?![^（）。，\n]{0,8}）)|召集(?!人)|组织召开|召开"
# Convened it at a place: 在市防指召开座谈会 (not 在…召开的会议上, a meeting others held).
_CONVENED_AT = r"在[^，。]{1,20}?召开(?!的)"
# A visit, and leading others on one: who made it was at the places the report tells of.
_VISITED = r"调研(?!员|组)|检查(?!组)|视察|督导(?!组)|暗访"
_LED = r"率队|带队|带领"
# Talks and visits received: 县长X会见…, 市长X与Y举行会谈, 县长X接见….
_MET_WITH = r"会见|接见|会谈"
# At a press conference: 局长X发布有关情况 (the official who gives the news); X介绍，…
_RELEASED = r"发布(?=[^，。]{0,6}?(?:情况|信息|消息|数据|成果|公告))"
_INTRODUCED = r"介绍(?=[^，。]{0,16}?情况|[，：])"
_SPEECH_VERB = r"(?:强调|指出|要求|表示|提出|希望|叮嘱)"
# A list closed by how many they are (李明、赵强两位副县长出席): the count, and the verbs after its title.
_COUNTED = "[两二三四五六七八九十]位"
_PRESENT_VERB = "(?:出席|参加|列席|参会|到会|陪同)"
# Giving views (谈了体会, 讲了意见, 谈体会): 谈 is a surname too, so with 了 or right before them.
_VIEWS = (
    r"(?:[谈讲]了(?=[^，。]{0,8}?(?:体会|认识|看法|意见|想法|感受))"
    r"|谈(?=[^，。]{0,2}(?:体会|认识|看法|想法|感受)))"
)
# Teaching a Party lesson: 讲授专题党课, 上了一堂专题党课, 讲党课 (上 and 讲 right before the
# lesson: they stand in names too, 上官明, 王上明).
_PARTY_LESSON = r"讲授|(?:上|讲)了?(?=(?:一堂|一次|一场)?(?:专题|微)?党课)"
_SPEECH_ADVERB = r"(?:最后|再次|进一步|特别|明确|严肃|郑重|首先|同时|随后|深刻|充分|又|还|也)"
# Where a group's verb phrase starts: presence, speech, or a place (在…会场). Not 提出 in
# 提出席: a name's end before 出席 (阿不都热合曼·买买提出席). Not 在, 为 or 作 right after a
# surname, before a name's last character and the list's next mark or verb (王在华、李强出席,
# 李为民为获奖单位颁奖) or ending the name (张为、李强): a given name's character, where the list
# had been cut.
_SURNAME = f"[{''.join(sorted(SURNAMES))}]"
_IN_NAME = (
    rf"(?<={_SURNAME}[在为作])(?:[\u4e00-\u9fff](?:、|，|等|同志|出席|参加|列席|在|为|$)|[、，])"
    # …or right after a title's or a list's end and a surname (县委书记张在明讲话, 组织部长何作明到会):
    # a title and a surname alone are no one.
    rf"|(?<=[长记任员委席理导监、，：\s]{_SURNAME}[在为作])"
)
_VERB = regex_cache.compile(
    rf"等|分别|在(?!家|职[^，。、]{{0,6}}?领导|{_IN_NAME})|{_ATTENDED}|讲话|强调|指出|表示|要求|通报|提出(?!席)|汇报|领学|发言|反馈|{_RELEASED}|{_INTRODUCED}"
    # Exhorting (a superior's 希望, 叮嘱); how it was said, before the verb (最后强调, 明确要求).
    rf"|希望|叮嘱|{_SPEECH_ADVERB}(?={_SPEECH_VERB})|对(?=[^，。]{{1,20}}?提出)"
    # How many they are, and their title, after a list: 李明、赵强两位副县长出席.
    rf"|{_COUNTED}(?=[^，。、]{{2,10}}?{_PRESENT_VERB})"
    r"|宣读|宣布|解读|(?:应|受)邀(?!嘉宾)|一同|共同|一道|一起|结合|围绕|致(?=[^，。]{0,4}?[辞词])"
    # For whom a ceremony's act or a talk was done: 县委书记李华为获奖单位颁奖, 为大家作辅导.
    rf"|为(?!{_IN_NAME})(?=[^，。]{{1,16}}?(?:揭牌|剪彩|授牌|授旗|颁奖|颁发)"
    rf"|[^，。]{{1,10}}?[作做]了?[^，。]{{0,6}}?(?:报告|辅导|讲座|宣讲|党课)|[^，。]{{1,10}}?(?:{_PARTY_LESSON}))"
    rf"|{_PARTY_LESSON}"
    rf"|就|作了|并讲话|传达|作(?!{_IN_NAME})(?=[^，。]{{0,6}}?(?:报告|发言|说明|部署|点评|讲评|讲话|辅导|讲座|宣讲|安排|汇报))"
    r"|关于(?=[^，。]*?(?:汇报|报告))"
    # Commenting or giving views: 进行了点评, 谈了体会, 讲了意见.
    rf"|进行了?(?=点评|讲评)|{_VIEWS}"
    r"|听取"
    # How or for whom, between the subject and its verb: 王明同志主持, 以视频方式主持,
    # 通过视频连线方式主持, 代表县委主持.
    r"|同志|(?<!人大)(?<!党)代表(?=[县市区省州盟旗镇乡村街党政全各我本公企单集学医双两巡督签与参受获优])|(?:以|通过|采取|采用)(?=[^，。]{0,4}?(?:视频|书面|线上|远程|电话|网络))"
    # …or by a manner named as such: 以“四不两直”方式暗访, 采取明查暗访的形式检查.
    r"|(?:以|通过|采取|采用)(?=[^，。]{1,10}?(?:方式|形式))"
    # On someone's behalf: 副书记李丽受书记王明委托主持 — 李丽 chairs.
    r"|受(?=[^，。]{2,20}?委托)"
    # 县长李强对全县工作进行了安排.
    r"|对(?=[^，。]*?(?:进行了?|作出|做出|作了|做了)[^，。]{0,6}?(?:安排|部署|说明|点评|讲评))"
    # When, between the subject and its verb: 王明12月3日主持, 王明于3日主持, 王明昨日上午主持.
    r"|于(?=\d)|\d{4}年|\d{1,2}月|\d{1,2}日|今天|今日|昨天|昨日|日前|近日|当天|当日|上午|下午|晚上"
    # An action that may lead to the verb in the next clause: 王明来到…，主持召开…. (Not 赴:
    # titles hold it, 赴广西工作组组长.)
    rf"|来到|[来到](?=我|本|[^，。]{{1,8}}?(?:调研|考察|视察|检查|督导))|深入|{_LED}|率|前往|走进|先后|一行|{_VISITED}"
    rf"|陪同|领誓|{_MET_WITH}|(?:举行|进行)(?=[^，。]{{0,4}}?(?:会谈|座谈))"
    r"|回答(?=[^，。]{0,4}?提问)"  # at a press conference: 局长X回答记者提问
)
# Who holds talks or meets (市长X与Y举行会谈), makes or leads a visit, or signs at the
# meeting (副县长X代表县政府与各乡镇签订目标责任书) was there.
_PRESENT = regex_cache.compile(
    rf"{_ATTENDED}|应邀|受邀|会场|汇报|领学|领誓|发言|陪同|{_MET_WITH}|座谈|{_VISITED}|考察|{_LED}|观摩|签订|签署|签约"
    # A ceremony's acts (共同为…揭牌, 为获奖单位颁奖): who performed them was there.
    r"|揭牌|剪彩|授牌|授旗|颁奖|颁发"
    # 在主席台就座: on the rostrum of a congress's session (就□: the cleaner left 座 unread).
    r"|就[座坐]|(?<=主席台)就□"
    r"|回答[^，。]{0,4}?提问"
)
# Whom someone met (县长X会见某集团董事长Y一行, 县长X在县行政中心会见…): there too.
_MET = regex_cache.compile(r"(?:在[^，。]{1,20}?)?(?:会见|接见)了?([^，。]+?)(?:一行)?(?:[，。]|$)")
_SPOKE = regex_cache.compile(
    # 反馈: an inspection group's head gives its findings at the meeting (反馈巡视意见).
    r"讲话|强调|指出|表示|要求|通报|提出|希望|叮嘱|汇报|发言|反馈|传达|宣读|宣布|解读|作了[^，。]*?部署|安排部署"
    r"|致[^，。]{0,4}?[辞词]"
    rf"|回答[^，。]{{0,4}}?提问|{_INTRODUCED}|{_RELEASED}"
    r"|作[^，。]{0,6}?(?:报告|说明|点评|讲评|部署|辅导|讲座|宣讲|安排)|点评|讲评"
    rf"|{_VIEWS}|{_PARTY_LESSON}"
    r"|^对[^，。]*?(?:进行了?|作出|做出|作了|做了)[^，。]{0,6}?(?:安排|部署)|(?:作了|作出|做出)[^，。]{0,8}?安排"
)
# Who convened the meeting chairs it when no one is said to 主持 it.
# Who led a team there and convened it too: 书记A、镇长B带队召开…, 率队…调研并召开….
_CONVENED = regex_cache.compile(rf"(?:(?:带队|率队)(?:[^，。]{{0,12}}?并)?)?(?:召集|组织召开|召开)|{_CONVENED_AT}")
_ETC_TITLE = regex_cache.compile(
    rf"等([省市县区镇乡]?领导|[^，。、]{{0,8}}?{TITLE_WORD}(?={_PRESENT_VERB}))"
    rf"|{_COUNTED}([^，。、]{{2,10}}?)(?={_PRESENT_VERB})"
)
# Speech that reports to the meeting rather than leads it.
_REPORTED = regex_cache.compile(
    rf"{_RELEASED}|汇报|通报|发言|领学|介绍|辅导|讲座|宣讲|解读|(?:作|做)[^，。]{{0,6}}?说明|回答[^，。]{{0,4}}?提问"
)
# A speech that was studied, not given: 学习省委书记王立平在…会议上的讲话.
_STUDIED = regex_cache.compile(r"^(?:在[^，。]*?上)?的(?:重要)?讲话")
# The longer words first: 传达 alone would leave 学习 to head the title (传达学习省委书记X).
_STUDY_LEAD = regex_cache.compile(r"^(?:会议)?(?:传达学习|深入学习|认真学习|传达|学习)了?")
# A list whose verb comes first: 出席会议的还有…, 参加会议的有…, 参加会议的领导有：…,
# 出席会议的县领导：…, 出席：…, 列席：…, 在分会场参加会议的有…, 在主席台前排就座的有：….
# A label's end: its colon, or the space a table's columns became (主持人\t王明, 参会人员 A、B).
_LABEL_END = r"(?:[：:]|[ \t\u3000]+)"
# Or the name right after the label, in a sentence (主持人王明, and 参加人员李强 below).
_LABEL_GLUED = r"(?<=人)(?=[\u4e00-\u9fff])"
_VERB_FIRST = regex_cache.compile(
    r"^(?:在[^，。]{0,8}?会场)?(?:出席|参加|参会|列席|旁听|在主席台(?:前排)?就座)(?:会议|学习|活动)?"
    # 出席会议的市领导同志还有A、B: 同志 may follow 领导 (nobody had been read).
    rf"(?:的(?P<leaders>[省市县区镇]?级?领导)?(?:同志)?(?:还)?有{_LABEL_END}?"
    # 参会人员名单：, 出席名单 (a list's heading, its names a line each).
    rf"|(?:的(?P<titled>[省市县区镇]?级?领导)?(?:同志)?|人员(?:名单)?|名单)?{_LABEL_END}|人员(?P<glued>(?:为|有|包括)?)(?=[\u4e00-\u9fff]))"
)
_LIST_ETC = regex_cache.compile(r"等(?:[省市县区镇]?级?领导|同志)?$")
# A title heading its names in a list of minutes: 出席：县委常委：A、B、C；副县长：D.
_TITLE_COLON = regex_cache.compile(r"([^：:，。；、]{2,24})[：:]")
# Minutes label their chair and convener too: 主持人：…, 会议主持：…, 召集人：….
_LABELLED_CHAIR = regex_cache.compile(
    rf"^(?:会议)?(?:(?P<chair>主持人?)|(?P<convener>召集人))(?:{_LABEL_END}|{_LABEL_GLUED})"
)
# A field's label alone on its line, its value on the next (see _lists_laid_plain).
_LABEL_ALONE = regex_cache.compile(
    r"^([ \t\u3000]*(?:会议)?(?:主持人?|召集人|(?:出席|参加|参会|列席|请假|缺席)(?:人员)?(?:名单)?))\n(?=[^\n])",
    re.MULTILINE,
)
# Fields of minutes several to a line, as a table's row sets them (主持人 王明 记录人 赵刚,
# 召集人：王明　主持人：李强, 出席人员：A，B　主持人：C): each is read as on a line of its own.
_FIELD_ROW = regex_cache.compile(rf"^{FIELD_LABEL}[^\n]*", re.MULTILINE)
_NEXT_FIELD = regex_cache.compile(rf"[ \t\u3000](?={FIELD_LABEL})")


def _fields_apart(row: re.Match[str]) -> str:
    """A row of fields with the space before each field after the first a line break: one
    character for one, so the offsets hold."""
    return _NEXT_FIELD.sub("\n", row.group())


# Words before the subject that are not part of it: 会议由X主持, 受X委托; a guest who
# teaches a study session: 会议邀请了省委党校教授X作专题辅导.
_SUBJECT_LEAD = regex_cache.compile(
    # Not 特邀 of 特邀嘉宾, a heading: its guests' title.
    r"(?:会议|会上|本次会议|[^\s，。；、]{1,4}会)?由|(?:会议|会上|学习会|本次学习)?(?:特别|专门)?特?邀请?了?(?!嘉宾)"
)
# When, before the subject: 6月30日下午县委书记王明主持… (a comma lost, or never written).
_WHEN_FIRST = regex_cache.compile(
    r"(?:(?:\d{4}年)?(?:\d{1,2}月)?\d{1,2}[日□]|今天|今日|昨天|昨日|日前|近日|当天|当日)(?:上午|下午|晚上|晚)?"
)
# An organ that convenes the meeting, and the title of its head.
_ORGAN_CONVENES = regex_cache.compile(
    r"([省市县区镇乡])(委|党委|政府|人大常委会|政协|安委会)(?:常委会|理论学习中心组|中心组)?(?:召开|举行)"
)
_HEADQUARTERS_CONVENE = regex_cache.compile(r"([省市县区镇乡][^，。、]{0,14}?(?:指挥部|领导小组))(?:召开|举行)")
_ORGAN_HEAD = {
    "委": "委书记", "党委": "党委书记", "政府": "长", "人大常委会": "人大常委会主任", "政协": "政协主席",
    "安委会": "安委会主任",
}  # fmt: skip
# A group that ends in its speech verb: the rest of the sentence is what was said.
_QUOTES_AFTER = regex_cache.compile(r"(?:最后|还|再次|在讲话中|在总结讲话中)?(?:强调|指出|表示|要求|说)")
# 会议听取了X关于…的汇报: X reported.
_ACCOMPANIED = regex_cache.compile(r"^在([^，。]{2,40}?)的?陪同下")
_EXCUSED = regex_cache.compile(
    # 请假未出席会议 too (no one had been named).
    r"(?:同志)?(?:因(?:公|事|病|故)?)?(?:(?:请假|缺席)(?:未能?(?:出席|参加|参会))?|未能?(?:出席|参加|参会))(?:会议)?。?$"
)
# Minutes' field of those excused: 请假人员：A，B, 缺席 A — named, and not there.
_ABSENT_LABEL = regex_cache.compile(rf"^(?:请假|缺席)(?:人员)?{_LABEL_END}")
# 县长X的讲话稿由副县长Y代为宣读: X's words, read out by Y, who was there.
_READ_FOR = regex_cache.compile(r"^([^，。]{2,40}?)的(?:书面)?(?:讲话|致辞)稿?由([^，。]{2,40}?)代为?(?:宣读|读)")
# 县长X委托副县长Y主持会议, 因公请假的副县长X委托副县长Y代为发表意见, (X因公请假，)委托Y代为
# 发言: X is named, Y was there, chairing or speaking for X (X had been read as Y's title).
_DEPUTED = regex_cache.compile(
    r"^(?:因[公事病故]?(?:请假|缺席)的)?([^，。]{2,40}?)?委托([^，。]{2,30}?)(?:代为?)?"
    r"(?:(?P<chaired>主持)|宣读|发表意见|发言|表态|讲话|作[^，。]{0,6}?(?:发言|讲话|表态|说明))"
)
_SPOKEN_AT = regex_cache.compile(r"在[^，。]*?(?:上|时|中|期间)$")
_QUOTING = regex_cache.compile(r"引用了?([^，。“”]{2,30}?)的(?:一段|一句|一番)?(?:话|讲话|论述|名言)")
_ACCORDING_TO = regex_cache.compile(r"据([^，。]{2,40}?)(?:介绍|说|称|透露|表示)")
_HEARD = regex_cache.compile(r"^(?:会议|会上)?(?:还)?听取了?(.+?)关于[^，。]*?(?:汇报|报告)")
# 参加由X主持的会议: X chairs.
_CHAIRED_BY = regex_cache.compile(r"由([^，。]+?)主持")
# 全会由县委常委会主持, 大会由主席团主持: a body chairs, no one person (its head reports for it).
_BODY_CHAIRS = regex_cache.compile(r"[^，。由]*?(?:常委会|常务委员会|委员会|主席团|党组|领导小组)")
# 在X的主持下, 会议在X主持下召开: X chairs.
_CHAIRED_UNDER = regex_cache.compile(r"在([^，。在]+?)的?主持下")
# 受X委托 after the subject: X is named, not the one who acts.
_ON_BEHALF_OF = regex_cache.compile(r"^受([^，。]+?)委托")
# A clause with no subject of its own whose subject is the last clause's: 市长王明深入…调研，
# 并在市防指召开座谈会 — he convened it.
_CARRIES_SUBJECT = regex_cache.compile(rf"主持|召集|组织召开|出席|参加|{_CONVENED_AT}|召开(?!的)")
_LINKS = frozenset({"", "并", "随后", "随即", "后", "之后", "还"})
# Whose words a meeting relayed or studied: …和省委书记王海涛的讲话要求.
_WHOSE_WORDS = regex_cache.compile(
    r"(?:^|(?<=[了和及、]))([^，。、了和及]{2,24}?)的(?:重要)?(?:讲话|指示|批示|要求|论述)"
)
# The national leader whose words every report studies (习 is no surname in the table).
_LEADER_NAMED = regex_cache.compile(r"(习近平)(总书记)?")
_SPEECH_VERBS = regex_cache.compile(rf"强调|指出|表示|要求|讲话|通报|提出|希望|叮嘱|{_INTRODUCED}")
_SENTENCE = regex_cache.compile(r"[^。！？\n]+[。！？]?")


@dataclass
class People:
    mentions: dict[str, Mention] = field(default_factory=dict)
    # Named but not present: a speech that was studied, a leader on whose behalf someone chaired.
    mentioned: dict[str, Mention] = field(default_factory=dict)
    # Named in what someone was reported saying: mentioned, unless present after all.
    quoted: dict[str, Mention] = field(default_factory=dict)
    chair_title: str | None = None  # 县委书记主持会议: the chair named by title only
    chair_lost: bool = False  # 副县长蒋丽□主持会议: said to chair, the name lost with damaged bytes
    chair_body: str | None = None  # 全会由县委常委会主持: a body chaired, no one person
    convener: str | None = None
    organ_head: str | None = None  # 县委召开…: 县委书记, the head of the organ that convened it
    # Each name's title where the report first gives one, present there or not: 县长骆明带队
    # 检查… then 骆明要求… — the second, bare, is the same man.
    titles: dict[str, str] = field(default_factory=dict)

    def saw(self, mentions: list[Mention]) -> None:
        for mention in mentions:
            title, known = mention.title, self.titles.get(mention.name)
            if title and not is_generic(title) and (known is None or more_specific(title, known)):
                self.titles[mention.name] = title

    def only_mentioned(self, mentions: list[Mention]) -> None:
        """Named, not present: kept apart (the first mention of each)."""
        for mention in mentions:
            self.mentioned.setdefault(mention.name, mention)

    def add(self, mention: Mention) -> None:
        if mention.title is None:
            mention.title = self.titles.get(mention.name)
        known = self.mentions.get(mention.name)
        if known is None:
            self.mentions[mention.name] = mention
            return
        known.speaker |= mention.speaker
        if mention.chair and not known.chair:
            known.chaired_at = mention.start
        known.chair |= mention.chair
        known.led |= mention.led
        title = mention.title
        if (
            title
            and not is_generic(title)
            and (known.title is None or is_generic(known.title) or more_specific(title, known.title))
        ):
            known.title = title  # the most specific the report gives (县委常委、副县长 over 副县长)

    @property
    def chair(self) -> Mention | None:
        said, chair = self._chair_said()
        if said:
            return chair
        # 推进会召开，县委书记王明出席并讲话: no chair, no convener; the first who was there
        # and spoke — reports name the most senior first — but not one who only reported
        # to the meeting (局长王五汇报了汛情): they answer to it.
        return next((m for m in self.mentions.values() if m.led), None)

    @property
    def chair_said(self) -> bool:
        """Whether the report says who chaired (or convened, or whose organ held it), rather
        than the chair being only the first who was there and spoke."""
        return self._chair_said()[0]

    def _chair_said(self) -> tuple[bool, Mention | None]:
        chairs = [m for m in self.mentions.values() if m.chair]
        if chairs:
            return True, min(chairs, key=lambda m: m.start if m.chaired_at is None else m.chaired_at)
        if self.chair_title is not None:
            # 会议由县委副书记主持: the one person who holds that title (县委副书记、县长
            # 龚晓春), not whoever else is named — none when no one, or several, hold it.
            holders = [m for m in self.mentions.values() if m.title and self.chair_title in m.title.split("、")]
            return True, holders[0] if len(holders) == 1 else None
        if self.chair_lost:
            return True, None  # not whoever else is named: the readout says the name went unread
        if self.chair_body is not None:
            return True, None  # not the body's head, who reports for it (县委书记代表常委会作报告)
        if self.convener:
            return True, self.mentions.get(self.convener)
        # 县委召开…，县委书记王明出席: no one is said to chair; the organ's head does.
        head = self._titled(self.organ_head)
        return head is not None, head

    def _titled(self, title: str | None) -> Mention | None:
        """The first person whose (last) title is ``title``."""
        if title is None:
            return None
        return next((m for m in self.mentions.values() if m.title and m.title.split("、")[-1] == title), None)


_LEADING_LABEL = regex_cache.compile(r"^[^：:，。]{1,12}[：:]")


def _lists_people(line: str) -> bool:
    """Whether ``line`` goes on a list whose label stood alone on a line above it: another
    label, a title and its colon (县委常委：…), or names and titles only."""
    if (label := _VERB_FIRST.match(line)) is not None or (label := _LABELLED_CHAIR.match(line)) is not None:
        return label.end() == len(line)
    if is_minutes_field(line):  # 记录人：…: a field of its own, not a title heading names
        return False
    if (titled := _TITLE_COLON.match(line)) and title_chain(titled.group(1)):
        return True
    items = [item for group in re.split("[，；]", line) for item in list_items(group)]
    named = [split_title_name(item) is not None for item in items]
    # A title may stand apart from its name, as a table typesets it (县财政局局长 周海).
    return any(named) and all(is_name or title_chain(item) for is_name, item in zip(named, items, strict=True))


# A note in brackets after a name: 张华（女）, 王明（回族）, 杨光（主持县政府工作）,
# 阿依古丽·吐尔逊（女，维吾尔族） — its comma is the note's, not the list's.
_ASIDE = regex_cache.compile(r"（[^（）。\n]{1,14}）")


def _blank_asides(text: str, body_start: int) -> str:
    """``text`` with each note in brackets after a name blanked out (spaces: the offsets
    hold), so its words are neither a verb (主持) nor part of the name. A title in brackets
    (黄涛（镇党委书记）, 副县长（挂职）) stays: it says who the person is."""
    if "（" not in text:
        return text
    found = []
    for aside in _ASIDE.finditer(text, body_start):
        before = text[max(0, aside.start() - 3) : aside.start()]
        if TITLE_END.search(aside.group()[1:-1]) or TITLE_END.search(before):
            continue
        if any(looks_like_name(before[-size:]) for size in (2, 3) if len(before) >= size) or _after_dotted_name(
            text, aside.start()
        ):
            found.append(aside)
    if not found:
        return text
    parts, cursor = [], 0
    for aside in found:
        parts += [text[cursor : aside.start()], " " * len(aside.group())]
        cursor = aside.end()
    return "".join(parts) + text[cursor:]


# A list item's number where a line or a list's item opens (参会人员：\n1.王明（县长）, 1、县长王明；
# 2、…): blanked as a note is, or the item's name was no name (1.王明) and its title 1.县长.
_ENUMERATOR = regex_cache.compile(
    r"(?:^|(?<=[：:；;]))[ \t\u3000]*(?:\d{1,2}[.．、]|[（(]\d{1,2}[）)]|[\u2460-\u2473])"
    r"(?=[ \t\u3000]*[\u4e00-\u9fff])",
    re.MULTILINE,
)


# A table of those present, flattened: its header line (姓名\t职务, 序号 姓名 职务), blanked
# with its line's end (a blank line would end the list), and a row's number before its name
# (1\t王明\t常务副县长). The header had made the list no one's.
_TABLE_HEADER = regex_cache.compile(
    r"^[ \t\u3000]*(?:(?:序号|编号|姓名|职务|职位|单位|工作单位|单位及职务|单位职务|部门|备注)"
    r"(?:[ \t\u3000]+|$)){2,}$\n?"
    r"|^[ \t\u3000]*\d{1,2}(?=[ \t\u3000]+[\u4e00-\u9fff])",
    re.MULTILINE,
)


def _lists_laid_plain(text: str, body_start: int) -> str:
    """``text`` with what hides its lists laid plain, one character for one (the offsets
    hold): list items' numbers and a table's header line blanked; a row of minutes' fields
    set a line each; a field's label alone on its line given the colon its value on the next
    line lost (主持人⏎县长王明, as a table's cells a line each leave it)."""
    body = text[body_start:]
    blanked = _ENUMERATOR.sub(lambda number: " " * len(number.group()), body)
    blanked = _TABLE_HEADER.sub(lambda header: " " * len(header.group()), blanked)
    blanked = _FIELD_ROW.sub(_fields_apart, blanked)
    blanked = _LABEL_ALONE.sub(r"\1：", blanked)
    return text if blanked == body else text[:body_start] + blanked


@functools.cache
def _dotted_name_end() -> re.Pattern[str]:
    return regex_cache.compile(rf"{TRANSLITERATED_NAME}$")


def _after_dotted_name(text: str, at: int) -> bool:
    """Whether ``text[:at]`` ends with a name written with a dot (阿依古丽·吐尔逊)."""
    before = text[max(0, at - 16) : at]
    return has_name_dot(before) and _dotted_name_end().search(before) is not None


def find_people(text: str, body_start: int) -> People:
    """Chair, speakers and attendees reported in ``text[body_start:]`` (simplified script).

    Groups without a verb are subjects waiting for one (``A，B就…作了安排部署``):
    the next group's verb phrase says whether they chaired, spoke, or were present.
    """
    people = People()
    text = _lists_laid_plain(_blank_asides(text, body_start), body_start)
    # 张华同志（县委副书记）: the title in brackets is the name's, 同志 after it (as long).
    text = _COMRADE_BEFORE_TITLE.sub(r"（\1）同志", text)
    if organ := _ORGAN_CONVENES.search(text, body_start):
        level, body = organ.groups()
        people.organ_head = level + _ORGAN_HEAD[body]
    elif headquarters := _HEADQUARTERS_CONVENE.search(text, body_start):
        # 县防汛抗旱指挥部召开…: its 指挥长 (a leading group's 组长) chairs.
        people.organ_head = headquarters.group(1) + ("指挥长" if headquarters.group(1).endswith("指挥部") else "组长")
    section = False  # a label alone on its line (出席：), its list on the lines after it
    for sentence in _SENTENCE.finditer(text, body_start):
        deadline.check()  # a long report's sentences take seconds
        waiting: list[Mention] = []
        acting: list[Mention] = []  # the sentence's first subject, for a clause that has none
        group_start = sentence.start()
        line = sentence.group().strip().rstrip("。")
        section = section and _lists_people(line)
        listing, leaders = section, None
        offices: bool | None = None  # whether a list of the sentence names people by office
        absent = False  # 请假人员：A，B: each group of the line names someone not there
        if (label := _VERB_FIRST.match(line)) is not None and (
            label.end() == len(line) or _lists_people(line[label.end() :].strip())
        ):
            # 出席人员：, or 出席人员：副县长李强 with a name and title a line after it, as a
            # table's rows set them.
            section = True
        chain: str | None = None  # titles a comma parted from their name (县长，县防指指挥长李强)
        last_post: str | None = None  # the post last named, whose organ a bare one takes (县政协副主席A，秘书长B)
        listed_bare: Mention | None = None  # a name listed alone, its title perhaps after it
        # A semicolon parts clauses as a comma does (…通报了情况；副县长B就…作了安排).
        parts = re.split("([，；])", sentence.group())
        quoting = False  # in what someone was reported saying, up to the report's own words
        for group, after in zip(parts[0::2], [*parts[1::2], ""], strict=True):
            offset = group_start
            group_start += len(group) + 1
            if quoting:
                if not _narrated_speech(group):
                    _quoted_mentions(text, offset, offset + len(group), people)
                    continue
                quoting = False
            absent_label = None if absent or listing else _ABSENT_LABEL.match(group)
            if absent or absent_label is not None:
                skip = absent_label.end() if absent_label is not None else 0
                people.only_mentioned(group_mentions(group[skip:].rstrip("。 \t\u3000"), offset + skip))
                absent = True
                continue
            if not listing and (labelled := _LABELLED_CHAIR.match(group)) is not None:
                value = group[labelled.end() :].rstrip("。 \t\u3000")
                for mention in group_mentions(value, offset + labelled.end()):
                    mention.chair = bool(labelled.group("chair"))
                    if labelled.group("convener") and people.convener is None:
                        people.convener = mention.name
                    people.add(mention)
                continue
            listed = _VERB_FIRST.match(group)
            if listed is not None and listed.group("glued") is not None:
                # 参加人员要提前到会: those taking part, told what to do; no list.
                listed = listed if group_mentions(group[listed.end() :].rstrip("。"), 0) else None
            if listing or listed is not None:
                # 出席会议的还有A、B，C: every group of the sentence from there on is present.
                listing, skip = True, listed.end() if listed else 0
                if listed is not None:
                    leaders = listed.group("leaders") or listed.group("titled")
                    leaders = leaders if leaders and leaders[0] in "省市县区镇" else None  # not 领导 alone
                body = group[skip:].rstrip("。")
                if (titled := _TITLE_COLON.match(body)) and title_chain(titled.group(1)):
                    # 县委常委：A、B: the title heads the names as 县委常委A、B would (and they
                    # stand a character later in the text than in ``body``).
                    body, skip = titled.group(1) + body[titled.end() :], skip + 1
                # 在主席台就座的有：…，县委副书记赵敏等: the list's 等 ends it, no name's.
                if offices is None:  # once a sentence, and only for a list
                    groups = re.split("[，；]", _LEADING_LABEL.sub("", line))
                    offices = lists_offices([item for group in groups for item in list_items(group)])
                listed_here = group_mentions(_LIST_ETC.sub("", body), offset + skip, offices=offices)
                titles_after = None if listed_here else title_chain(body)
                if listed_bare is not None and titles_after and after != "，":
                    # 出席：王明，县委书记；李强，县长: a name, then its titles up to the semicolon.
                    people.add(Mention(listed_bare.name, titles_after, listed_bare.start))
                    listed_bare = chain = None
                    continue
                add_chain(chain, listed_here)
                last_post = with_organ(listed_here, last_post)
                chain = titles_after
                bare = len(listed_here) == 1 and listed_here[0].title is None and not leaders
                listed_bare = listed_here[0] if bare else None
                for mention in listed_here:
                    # 出席会议的县领导：王明、张华 — 县领导 is each one's, short of a title of their own.
                    mention.title = mention.title or leaders
                    people.add(mention)
                continue
            if group.startswith("受") and group.endswith("委托"):
                # 受X委托，Y主持: X is named, Y chairs.
                people.only_mentioned(group_mentions(group[1:-2], offset + 1))
                continue
            if (accompanied := _ACCOMPANIED.match(group)) is not None:
                # 在县长李强的陪同下，…: who accompanied the visit was there.
                for mention in group_mentions(accompanied.group(1), offset + accompanied.start(1)):
                    people.add(mention)
                continue
            if (deputed := _DEPUTED.match(group)) is not None and (
                deputies := group_mentions(deputed.group(2), offset + deputed.start(2))
            ):
                if deputed.group(1):
                    people.only_mentioned(group_mentions(deputed.group(1), offset + deputed.start(1)))
                for mention in deputies:
                    mention.chair, mention.speaker = bool(deputed.group("chaired")), not deputed.group("chaired")
                    people.add(mention)
                continue
            if (read_for := _READ_FOR.match(group)) is not None:
                people.only_mentioned(group_mentions(read_for.group(1).rstrip(), offset))
                for mention in group_mentions(read_for.group(2), offset + read_for.start(2)):
                    mention.speaker = True
                    people.add(mention)
                continue
            if (excused := _EXCUSED.search(group)) is not None:
                # 县长李强因公请假: named, and not there.
                people.only_mentioned(group_mentions(group[: excused.start()], offset))
                continue
            if (told := _ACCORDING_TO.fullmatch(group)) is not None:
                # 据县应急管理局局长刘敏介绍: quoted by the reporter, not said to be at the meeting.
                people.only_mentioned(group_mentions(told.group(1), offset + told.start(1)))
                continue
            heard = _HEARD.match(group)
            if heard is not None:
                # 会议听取了X关于…的汇报: X reported, so was there.
                for mention in group_mentions(heard.group(1), offset + heard.start(1)):
                    mention.speaker = True
                    people.add(mention)
                continue
            under = _CHAIRED_UNDER.search(group)
            if under is not None:
                for mention in group_mentions(under.group(1), offset + under.start(1)):
                    mention.chair = True
                    people.add(mention)
                continue
            when = _WHEN_FIRST.match(group)
            lead = _SUBJECT_LEAD.match(group, when.end() if when else 0)
            skip = lead.end() if lead else when.end() if when else 0
            verb = _VERB.search(group, skip)
            while verb is not None and verb.group() == "同志" and _COMRADES_GO_ON.match(group, verb.start()):
                # 副县长王明同志、李强同志出席: a list goes on; 领导同志李强、张华出席: a heading.
                verb = _VERB.search(group, verb.end())
            head = group[skip : verb.start()] if verb else group[skip:]
            if verb is not None and verb.group() == "同志" and verb.end() == len(group):
                # 县长王明同志，副县长李强同志出席: 同志 ends a name; the verb is still to come.
                verb = None
            head = _COMRADE_IN_LIST.sub("、、", head)  # as long as before: offsets hold
            if verb is not None and TOGETHER.match(group, verb.start()):
                head = joined_by_tong(head)
            found = group_mentions(head, offset + skip)
            people.saw(found)
            add_chain(chain, found)
            last_post = with_organ(found, last_post)
            chain = title_chain(head) if verb is None and not found else None
            if not found and head in _LINKS and verb is not None and _CARRIES_SUBJECT.match(group, verb.start()):
                # 王明来到…，主持召开…: the same subject (copies: what this clause says of
                # them must not undo what the last one said — 主持会议，随后出席).
                found = [Mention(m.name, m.title, m.start) for m in acting]
            if verb is not None and found and (lead_words := _STUDY_LEAD.match(head)):
                # 学习省委书记王立平在…的讲话: the title starts after 学习.
                people.only_mentioned(group_mentions(head[lead_words.end() :], offset + skip + lead_words.end()))
                continue
            waiting += found
            if verb is None:
                continue
            acting = acting or waiting  # the sentence's topic: 王明率队检查，李强陪同，随后主持
            phrase = group[verb.start() :]
            if (behalf := _ON_BEHALF_OF.match(phrase)) is not None:
                people.only_mentioned(group_mentions(behalf.group(1), offset + verb.start() + 1))
            if study := _STUDY_LEAD.match(phrase):
                # 传达学习了…精神和省委书记王海涛的讲话要求: whose words were relayed — from
                # after the verb (传达学习省委书记X的讲话: no title starts with 传达学习).
                for words in _WHOSE_WORDS.finditer(phrase):
                    start = titles_before(phrase, max(words.start(1), study.end()))
                    whose = _SPOKEN_AT.sub("", phrase[start : words.end(1)])  # 在…会议上: where, not who
                    people.only_mentioned(group_mentions(whose, offset + verb.start() + start))
            for quoted in _QUOTING.finditer(phrase):
                # 在会上引用了省长X的话: X's words, quoted; X is named, not said to be there.
                people.only_mentioned(group_mentions(quoted.group(1), offset + verb.start() + quoted.start(1)))
            if _STUDIED.match(phrase) or (phrase.startswith("在") and _STUDIED.search(phrase)):
                people.only_mentioned(waiting)
                waiting = []
                continue
            # 主持会议, 出席并主持, 在主持会议时强调, 同志主持, 以视频方式主持 — but not
            # 参加由X主持的会议, where someone else chaired.
            at = phrase.find("主持")
            chaired = at >= 0 and "由" not in phrase[:at]
            if (by := _CHAIRED_BY.search(phrase)) is not None:
                for mention in group_mentions(by.group(1), offset + verb.start() + by.start(1)):
                    mention.chair = True
                    people.add(mention)
            by_body = lead is not None and lead.group().endswith("由") and _BODY_CHAIRS.fullmatch(head)
            if chaired and not waiting and by_body and people.chair_body is None:
                people.chair_body = head
            elif chaired and not waiting and TITLE_END.search(head) and not re.search(r"[、，]", head):
                people.chair_title = _bare_title(head)
            elif chaired and not waiting and title_before_lost_name(head):
                people.chair_lost = True
            if (generic := _ETC_TITLE.match(phrase)) is not None:
                # 张伟、李强等县领导出席, 张伟、李强等副县长出席, 李明、赵强两位副县长出席: the
                # title after 等 (N位) is each one's.
                for mention in waiting:
                    mention.title = mention.title or generic.group(1) or generic.group(2)
            spoke = bool(_SPOKE.search(phrase))
            led = spoke and bool(_SPOKE.search(_REPORTED.sub("", phrase)))
            present = chaired or spoke or bool(_PRESENT.search(phrase))
            for mention in waiting if present else ():
                mention.chair, mention.speaker, mention.led = chaired, spoke, led
                people.add(mention)
                if people.convener is None and _CONVENED.match(phrase):
                    people.convener = mention.name
            if present and (met := _MET.match(phrase)) is not None:
                people.saw(guests := group_mentions(met.group(1), offset + verb.start() + met.start(1)))
                for mention in guests:
                    people.add(mention)
            waiting = []
            if _QUOTES_AFTER.fullmatch(phrase):
                # 王明指出，省委书记孙强在调研时强调…: what follows is what was said, and
                # whoever it names was not there.
                quoting = True
    said = (
        any(m.chair for m in people.mentions.values())
        or people.chair_title
        or people.convener
        or people.chair_lost
        or people.chair_body
    )
    if not said:
        _chair_in_title(text[:body_start], people)
    for leader in _LEADER_NAMED.finditer(text, body_start):
        # 习近平总书记, 习近平新时代…思想: named in nearly every report, never at the table.
        people.only_mentioned([Mention(leader.group(1), leader.group(2) or None, leader.start(1))])
    for cited in _CITED.finditer(text, body_start):
        # 落实省委书记孙强的指示要求, 省委书记孙强对此作出批示: cited, so not (or not
        # only) there — mentioned unless the report has them present. Whose: the words
        # before, back to the last mark (looked for from the keyword: a pattern that looked
        # back from every character would cost a long report dearly).
        start = max(body_start, cited.start() - _CITED_REACH)
        before = text[start : cited.start()]
        cut = max(before.rfind(mark) for mark in _MARKS_BEFORE_CITED) + 1
        for mention in _titled_names(before[cut:], start + cut):
            people.quoted.setdefault(mention.name, mention)
        if (comrade := _COMRADE_FIRST.match(before, cut)) and looks_like_name(comrade.group(1)):
            # 《孙强同志在全市经济工作会议上的讲话》: a speech's title names its speaker so.
            people.quoted.setdefault(comrade.group(1), Mention(comrade.group(1), None, start + comrade.start(1)))
    for name in people.mentioned:
        people.mentions.pop(name, None)
    people.only_mentioned([m for name, m in people.quoted.items() if name not in people.mentions])
    return people


# Whose words, instructions or approval a report cites: X的讲话 / 指示 / 批示 / 要求 / 部署,
# X批示精神, X(对…)作出批示 — X within this many characters before, after the last of these marks.
_CITED = regex_cache.compile(
    r"的(?:重要)?(?:讲话|指示|批示|要求|论述|部署)|(?:作出|做出)(?:重要)?(?:批示|指示)"
    r"|(?<=[\u4e00-\u9fff])(?:重要)?(?:讲话|指示|批示)精神"
)
_CITED_REACH = 40
_COMRADE_FIRST = regex_cache.compile(r"([\u4e00-\u9fff]{2,3}?)同志")
_COMRADE_IN_LIST = regex_cache.compile(r"同志(?=、)")
_COMRADES_GO_ON = regex_cache.compile(r"同志、|(?<=[导责老])同志(?=[\u4e00-\u9fff])")
_COMRADE_BEFORE_TITLE = regex_cache.compile(r"同志（([^（），。]{1,20})）")
_MARKS_BEFORE_CITED = "，。；《》“”\n"
# A title, then a name that ends where a particle, a verb, a mark or a word of when or how
# begins (市委书记李华近日对…作出批示: no one had been read).
_TITLED_NAME = regex_cache.compile(
    rf"{TITLE_WORD}([\u4e00-\u9fff]{{2,3}}?)(?=同志|对|在|的|和|与|、|来|到|作|做|就|关于|等|强调|指出|要求|表示|批示|指示|讲话"
    r"|近日|日前|专门|亲自|多次|先后|此前|曾|$)"
)
_TITLE_START = regex_cache.compile(r"(?:中央|国务院|全国|[省市县区镇乡州])[^，。、；\s了的]{0,10}$")


def _titled_names(segment: str, offset: int) -> list[Mention]:
    """Everyone named with a title in ``segment`` (``text[offset:]``): 省委书记孙强的 → 孙强."""
    found = []
    for match in _TITLED_NAME.finditer(segment):
        name = match.group(1)
        if not looks_like_name(name, after_title=True):
            continue
        before = segment[: match.start(1)]
        start = _TITLE_START.search(before)
        title = before[start.start() :] if start else match.group()[: -len(name)]
        found.append(Mention(name, title, offset + match.start(1)))
    return found


# The report's own words again after what someone said: 县长李强就…提出要求, 对…作了部署.
_NARRATED = regex_cache.compile(
    r"([^，。、]{3,20}?)(?:就|对)[^，。]{2,30}?(?:提出|作出|做出|作了|做了)[^，。]{0,6}?(?:要求|部署|安排)"
)


def _narrated_speech(group: str) -> bool:
    """Whether ``group`` tells of a titled speaker's own instructions, not what another said."""
    match = _NARRATED.match(group)
    parsed = split_title_name(match.group(1)) if match else None
    return parsed is not None and parsed[0] is not None


def _quoted_mentions(text: str, start: int, end: int, people: People) -> None:
    """People named in ``text[start:end]``, words someone was reported saying."""
    offset = start
    for clause in text[start:end].split("，"):
        verb = _VERB.search(clause)
        for mention in group_mentions(clause[: verb.start()] if verb else clause, offset):
            if mention.title:  # a bare "name" in what was said is as likely a word (文化)
                people.quoted.setdefault(mention.name, mention)
        for mention in _titled_names(clause, offset):  # 市委书记孙强对我县工作给予了肯定
            people.quoted.setdefault(mention.name, mention)
        offset += len(clause) + 1


def _chair_in_title(titles: str, people: People) -> None:
    """``李强主持召开县政府常务会议`` as the title, and a body that never says who chaired."""
    for line in re.finditer(r"[^\n]+", titles):
        at = line.group().find("主持")
        head = re.split(r"[，：:\s]", line.group()[:at])[-1] if at > 0 else ""
        found = group_mentions(head, line.start() + at - len(head)) if head else []
        if len(found) == 1:
            found[0].chair = True
            people.add(found[0])
            return


def _bare_title(head: str) -> str:
    """The title in a subject with no name: 区委书记 of 区重点项目…召开，区委书记."""
    match = re.search(r"[^，、。\s]*?(书记|主任|主席|组长|指挥|长)$", head)
    return match.group() if match else head


def speakers_by_verb(text: str, body_start: int, people: People) -> None:
    """``郭文海强调`` / ``王立指出``: a known person followed by a speech verb speaks."""
    if not people.mentions:
        return
    names = "|".join(sorted(map(re.escape, people.mentions), key=len, reverse=True))
    body = text[body_start:]
    for match in re.finditer(rf"({names})(?:最后|还|再次)?({_SPEECH_VERBS.pattern})", body):
        mention = people.mentions[match.group(1)]
        mention.speaker = True
        mention.led |= not _REPORTED.fullmatch(match.group(2))
    # 他强调 / 她指出: the last one named before it speaks (李强察看现场…。他强调，…). One
    # pass, names and pronouns in order: a long report with many is not read again for each.
    last: str | None = None
    for match in re.finditer(rf"({names})|(?<!其)[他她](?:最后|还|再次)?({_SPEECH_VERBS.pattern})", body):
        if match.group(1):
            last = match.group(1)
        elif last is not None:
            mention = people.mentions[last]
            mention.speaker = True
            mention.led |= not _REPORTED.fullmatch(match.group(2))
