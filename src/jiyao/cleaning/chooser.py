"""Scoring candidate repairs of lost bytes in their context: the text model of
:mod:`.plausibility`, the report's own bigrams, and what reports say of names
(:mod:`.name_prior`), behind one object per report that remembers what it scored."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from jiyao import surnames
from jiyao.cleaning import gbk_beam, regex_cache
from jiyao.cleaning.given_names import given_names, read_given
from jiyao.cleaning.glued import CUT_READING_END, CUT_READING_START, GLUED_PINYIN, reading_cost
from jiyao.cleaning.loss_marks import FLATTENED, LOSS_MARKS, LOST_CHARACTER, MARKS
from jiyao.cleaning.model import Edit
from jiyao.cleaning.name_prior import (
    PRIOR_CONTEXT,
    given_name_place,
    given_name_share,
    may_name,
    name_goes_on,
    opens_listed_name,
    opens_sentence_as_name,
    place_after_given,
    report_prior,
    surname_place,
)
from jiyao.cleaning.plausibility import (
    Candidates,
    DocumentModel,
    common_characters,
    pair_logp,
    pair_logp_changes,
    pair_logps,
    plausibility,
    word_pair_logp,
)
from jiyao.cleaning.script import foreign_characters, simplify_characters

_SUSPECT_RUN = regex_cache.compile(r"[?\ufffd][^，。,、\n]{0,10}")
_FULL_WIDTH = tuple(zip(",:;!?()", "，：；！？（）", strict=True))

_CONTEXT = 6
# How far back the left context may reach through the repairs before it (raw text, readings
# glued after each character included).
_REPAIRED_REACH = 400
# A repair must read better than the raw text; a length difference is charged at a
# typical character's log-probability, so dropping junk is not a gain in itself.
_CHAR_LOGP = -8.0
# One or two ``?`` before a count's unit: a number the page left blank or lost (共有??名代表,
# 全镇??个村), weighed as 几 — the word for any number the text models know (a digit they
# barely do). It reads better than a mark read into the bytes (共有一，名代表).
_COUNT_LEFT_BLANK = regex_cache.compile(r"\?{1,2}(?=[个個名家项項处處条條件万萬亿億户戶位])")
# What a character read where no byte survived must make up to beat reading nothing there
# (log-probability). Dev at 3: no run restored is lost (read after any character, at 3 to 8,
# mbstring's and Big5's runs of a character and a mark lost before words in phase were).
_NOTHING_LOST_PER_CHAR = 3.0
# Readings kept at each step of a run. Dev: 8 → 16 (with 6 candidates a slot fully scored,
# not 8, and 24 for a pair with no byte left, not 32: the same work a step as at 12) restored
# 2 runs of 151 more, CER 0.35% → 0.33%, mbstring's runs 69.1% → 71.6%; the garbled seeds
# cost 1.12–1.16× as much. At 12 (8, 32): one run more.
_BEAM_WIDTH = 16
# Work a report may cost, in the beam's steps (a pair of bytes read, each scoring a beam of
# readings): a decode's cost grows with its run, so a budget of decodes let a page of `?`
# and random characters, every run read out of phase to its end, take 138 s and 975 MB for
# 236 k characters. The garbled variants of the corpus and the probe reports (1,133) took
# at most 149 steps a report, the garbled seeds 14.
_STEPS_BASE = 300
_CHARS_PER_STEP = 100
_SEEN_PAIR = math.log(50)
# A reading that spells a name the report spells whole elsewhere (县委常委翁志刚 damaged, 翁志刚要求
# intact): the report's own word for it, as its bigrams are (程志刚 had won on 程's rank).
_NAME_SPELLED = math.log(50)
# Where a report spells a name whole: after a title, before a mark or a verb of presence;
# opening a clause, before a verb of speech.
_TITLED_NAME = regex_cache.compile(
    r"(?:(?:[書书][記记]|[長长]|主任|主席|[委][員员]|常委|[領领][導导]|[經经]理|[總总]裁|[總总][監监]|院士|教授)"
    r"([\u4e00-\u9fff]{2,3}?)"
    r"(?=[，、。,（(]|出席|主持|参加|參加|列席|一行|同志|等|表示|要求|强调|強調|指出|[讲講][话話]"
    r"|[带帶][领領队隊]|率[队隊领領]?|陪同|深入|来到|來到)"
    r"|(?:^|(?<=[。\n，,.]))([\u4e00-\u9fff]{2,3}?)(?=要求|強調|强调|指出|表示|通[报報]|主持|[讲講][话話]))",
    re.MULTILINE,
)


def _names_spelled(text: str) -> frozenset[str]:
    """Names ``text`` spells whole (the report with its damaged runs taken out)."""
    found = set()
    for match in _TITLED_NAME.finditer(text):
        name = match.group(1) or match.group(2)
        simple = simplify_characters(name)
        if simple[0] in surnames.SURNAMES and simple not in surnames.WORDS_NOT_NAMES:  # 书记高度重视
            found.add(name)
    return frozenset(found)


# A character the bytes leave open is weighed against this many others the quick score
# ranks first, each in the full context of the reading around it.
_RIVALS = 8
# A title's chain goes on after its mark (县委常委、常务副县长): the mark is no name's place.
_CHAIN_MARKS = frozenset("、，")
# A title's level or organ opening a list's next item (王明、县长李强), not a name.
_LEVEL_FIRST = regex_cache.compile(r"[省市县区镇乡村]|[^，。、]{0,8}?[长任记席员]")
_TITLE_NEXT = regex_cache.compile(
    r"常务|副[^，。、]{0,6}?[长任记席]|[省市县区镇乡]委|[省市县区镇乡]政府|[省市县区镇乡]人大|[省市县区镇乡]政协"
)
# 常委 is a title (縣委常委王明), but 常委會 the standing committee: no name follows there.
_STANDING_COMMITTEE = regex_cache.compile(r"常委[会會]$")
# Words a text model reads after a two-character name, where a third character may have been;
# and the presence verbs after which such a word is suspect (杨兰在出席会议, not 在出席…时).
_ENDS_A_NAME = frozenset("在的了和与是对就到等及为")
_PRESENCE_AFTER = regex_cache.compile(r"(?:出席|参加|列席|到会)(?![^，。；]{0,8}?[时中])")
# A report longer than this is not indexed for its names' spellings (only those it spells
# after a title): at 50,000 characters of varied text the index costs ~0.35 s and ~8 MiB
# (measured at 200,000: 1.4 s, 32 MiB), and a report is a few thousand.
_SPELLED_REACH = 50_000
# What a sentence never ends on: a verb of speech (强调，…) or a pronoun.
_NO_STOP_AFTER = regex_cache.compile(r"(?:强调|指出|要求|表示|他|她)[，,]{0,2}$")
_STOP_AFTER_SPEECH = math.log(0.001)
# A name the report spells whole, opening a clause, is most often followed by its verb of
# speech (向东希望， for 向东海外，: the beam had let 希 go at its first step).
_SPEECH_FIRSTS = frozenset("强強指要表希提认認介说說")
_SPOKEN_BY_NAME = math.log(100)
_CLAUSE_OPENS = frozenset("。\n，,")
# What a name's next character is not: a word after a name, or a verb's first character.
_NO_NAME_GOES_ON = _ENDS_A_NAME | frozenset("主出参參列讲講强強指要表致宣通汇匯同")
# What follows a name, never a list's 、: its verb.
_VERB_AFTER = regex_cache.compile(r"(?:主持|出席|参加|列席|讲话|强调|指出|要求|致辞|宣布|通报|汇报|同志)")
# A name's character whose surviving byte fits many is shown when the text gives it at
# least this share among them. Dev: at 0.4, precision of attendees 0.989 → 0.993, CER the
# same (0.49%); at 0.5, CER 0.50%; at 0.3 nothing marked; at 0.8, runs restored 77.6% → 74.4%.
_NAME_SHARE = 0.4
# A character the text without the model of news gives at least this share replaces a name's
# character the reading chose under _NAME_SHARE. Dev: at 0.5, runs restored 80.1% → 80.8%;
# at 0.7, as without.
_NAME_PREFERRED = 0.5
# A character of a run's reading where a name goes, or no common one, is shown where the
# readings that agree on it hold at least this share of the probability mass — more likely
# right than wrong; below, it is marked □ (the issue: "below a threshold … flagged, never
# guessed"), its likeliest reading in the note. Dev: characters shown wrong 0.29% → 0.27%
# of all, attendees' precision 0.984 → 0.989, nothing else changed (陈思源 for 陈思远,
# 包文静 for 包文军). Every character so (not kept): probes' variants with one shown wrong
# 22.2% → 18.0%, but dev's runs restored 77.7% → 77.2%, and right words marked (生产□□情况).
_SHOWN_SHARE = 0.5
# A reading holding less than this share of the probability mass is likelier wrong than
# right (dev: none of the 5 runs rated under 0.3 was restored): every character of it, common
# or not, is then marked where the readings agreeing on it hold less than _SHOWN_SHARE (安全鉴定
# had been shown as 安全省殑). Characters shown wrong: test 0.32% → 0.31%, dev 0.27% as it was,
# nothing else changed. At 0.35, dev 0.25%, but right characters marked where rivals read
# others (9月□日 → 9□□日, 安全生产 → 安全生□).
_UNSURE_RUN = 0.25
# A given name's character the bytes leave open, shown by the text's choice, is marked □
# where it holds less than this share of the characters they allow by how often each is a
# given name's (name_prior.given_name_share). Dev: at 0.03, five wrong ones marked (傅海洋
# twice, 庞卫队, 钟卫队, 柴房) and one right one (汪洋); at 0.06 and 0.1, right ones too (金秋).
_GIVEN_NAME_SHARE = 0.03


@dataclass(frozen=True)
class RunBytes:
    """A run's bytes in phase as a reading was decoded from them (None: unknown), with the
    offsets of pairs the decoder wrote ``?``, what its last pair may be, and the codec."""

    stream: Sequence[int | None]
    unreadable: frozenset[int] = frozenset()
    last: Sequence[str] | None = None
    codec: gbk_beam.Codec = "gbk"

    def choices(self) -> tuple[tuple[str, ...], ...]:
        return gbk_beam.choices(self.stream, self.unreadable, self.last, self.codec)


@dataclass(frozen=True)
class Choice:
    text: str
    confidence: float


class Chooser:
    """Scores candidate repairs in their context and keeps the most plausible."""

    def __init__(self, text: str, known_names: frozenset[str] = frozenset()) -> None:
        """``known_names``: names the user gave (:mod:`.known_names`)."""
        self.text = text
        # The runs themselves must not vouch for their own garbled bigrams.
        vocabulary = _SUSPECT_RUN.sub("\n", text)
        self.vocabulary = _full_width(GLUED_PINYIN.sub("", vocabulary))
        self.document = DocumentModel(self.vocabulary)
        self.spelled = _names_spelled(vocabulary)
        self.names = self.spelled | known_names
        self._name_lengths = sorted({len(name) for name in self.names})
        # The names given, read in where the report's own spellings left a place open.
        self.given = given_names(known_names)
        # Longest first, then in order: a set's order varies from run to run (str hashing).
        self._names_longest_first = sorted(self.spelled, key=lambda name: (-len(name), name))
        self._name_prior = report_prior(self.document.unigrams)
        self.prior = self._prior_with_speech if self.names else self._name_prior
        self.foreign = foreign_characters(self.document.unigrams)
        self._memo: dict[tuple[tuple[str, ...], str, str, str | None], Choice] = {}
        self._stretches: dict[str, float] = {}
        self._pairs: dict[str, float] = {}
        self._seen_after: dict[str, set[str]] | None = None  # character → those the report has after it
        self.steps_left = _STEPS_BASE + len(text) // _CHARS_PER_STEP
        self._repaired: list[Edit] = []  # this pass's repairs so far, in text order
        # The report's spellings of names, by their neighbours (see spelled_elsewhere).
        self._trigram_index: dict[tuple[str, str], set[str]] | None = None
        self._name_index: dict[tuple[str, str], set[str]] | None = None

    def start_pass(self) -> None:
        """A new pass over the marks: the last pass's repairs are no context of this one's."""
        self._repaired = []

    def _prior_with_speech(self, left: str) -> Mapping[str, float]:
        """The name prior, and after a name the report spells (or one given) that opens its
        clause, the first characters of verbs of speech made likelier."""
        bonus = self._name_prior(left)
        for length in self._name_lengths:  # a lookup per length, not a test per name
            if len(left) < length or left[-length:] not in self.names:
                continue
            if len(left) == length or left[-length - 1] in _CLAUSE_OPENS:
                return {**bonus, **{c: bonus.get(c, 0.0) + _SPOKEN_BY_NAME for c in _SPEECH_FIRSTS}}
        return bonus

    def remember(self, edit: Edit) -> None:
        """A repair made: a run after it reads it, not its garble, as its left context
        (王??, after 領??(dǎo) read as 領導: the name's slot after a title)."""
        self._repaired.append(edit)

    def decode(
        self,
        stream: list[int | None],
        unreadable: frozenset[int],
        left: str,
        last: tuple[str, ...] | None = None,
        codec: gbk_beam.Codec = "gbk",
        closable: frozenset[str] | None = None,
    ) -> list[tuple[str, float]]:
        """:func:`gbk_beam.decode` with this report's scores, while the budget of steps
        lasts (then nothing: the marks are flagged, not read)."""
        steps = len(stream) // 2
        if steps > self.steps_left:
            return []
        self.steps_left -= steps
        return gbk_beam.decode(
            stream,
            unreadable,
            self.stretch_score,
            left=left,
            width=_BEAM_WIDTH,
            last=last,
            prior=self.prior,
            pair=self.pair_score,
            pairs=self.pair_scores,
            pair_changes=self.pair_score_changes,
            codec=codec,
            foreign=self.foreign,
            closable=closable,
        )

    def name_place(self, reading: str, index: int, around: tuple[str, str]) -> bool:
        """Whether ``reading[index]``, read between ``around``, stands where a name goes."""
        left, right = around
        before = left + reading[:index]
        return (
            (may_name(before) or self._subject_slot(before, reading[index + 1 :] + right))
            and not _STANDING_COMMITTEE.search(before + reading[index])
            and not (
                reading[index] in _CHAIN_MARKS
                and not name_goes_on(before)  # 副主席彭、: a name cut short, still marked
                and _TITLE_NEXT.match(simplify_characters(reading[index + 1 :] + right))
            )
        )

    def mark_guessed_names(self, reading: str, read: RunBytes, around: tuple[str, str]) -> tuple[str, str]:
        """``reading`` of ``read`` with the characters of names that the text chose and
        the bytes did not marked □, and a note naming each one's likeliest reading (empty
        if none): a plausible wrong name (赵听见 for 赵铁军) reads as a fact, a gap as what
        it is. Marked, where a name goes: a character neither byte vouches for, and one
        whose surviving byte leaves it unlikely (杨帆□会 for 杨帆到会 too: the slot can't
        tell a two-character name from a three)."""
        left, stream = around[0], read.stream
        reading, spelled_note, spelled = self.spelled_names(reading, read, around)
        unsure: dict[int, str] = {}
        if self.given:
            given = read_given(self.given, reading, read, around, spelled)
            reading, unsure = given.reading, given.unsure
            spelled, spelled_note = spelled | given.places | set(unsure), spelled_note + given.note
        named = [
            i
            for i in range(min(len(reading), len(stream) // 2))
            if i not in spelled and self.name_place(reading, i, around)
        ]
        if not named and not unsure:
            return reading, spelled_note
        options = read.choices()
        lost = [i for i in named if stream[2 * i] is None and stream[2 * i + 1] is None and len(options[i]) > 1]
        weighed = self.shares(reading, read, around, [i for i in named if i not in lost])
        # The reading was chosen with the model of news, which knows words, not names: a
        # character that the text without it clearly prefers takes the place (金秋, not 金钱).
        chars = list(reading)
        shares: dict[int, tuple[float, float]] = {}  # the shown character's share, the best one's
        for i, (share, best, best_share) in weighed.items():
            # Also where the text alone prefers another, even at a share above the bar (李廣
            # for 李強 at 0.44, 強 0.52): the news model's pick is then no name's.
            if (share < _NAME_SHARE or best_share > share) and best_share >= _NAME_PREFERRED:
                chars[i], share = best, best_share
            shares[i] = (share, best_share)
        reading = "".join(chars)
        likeliest = {i: f"{reading[i]}, no byte left" for i in lost}
        # A given name's character that names all but never have, however well it reads
        # with its neighbours (傅海洋 for 傅海燕, 庞卫队 for 庞卫东, 柴房 for 柴峰: the text
        # model knows the words 海洋, 卫队, 柴房, not names).
        likeliest |= {
            i: f"{reading[i]} {shares[i][0]:.2f}" for i in shares if self._unlike_a_given_name(reading, i, read, around)
        }
        likeliest |= {
            i: f"{reading[i]} {share:.2f}"
            for i, (share, best_share) in shares.items()
            if share < _NAME_SHARE or best_share > share
        }
        # A word that ends a two-character name where bytes left a third open (杨兰在出席 for
        # 杨兰磊出席: 磊's trail byte is 在's too): the text always prefers the word.
        likeliest |= {
            i: f"{reading[i]}, a word where a name may go on"
            for i in named
            if i not in likeliest
            and len(options[i]) > 1
            and reading[i] in _ENDS_A_NAME
            and place_after_given(left + reading[:i])
            and _PRESENCE_AFTER.match(simplify_characters(reading[i + 1 :] + around[1]))
        }
        # A mark where the name must go on (侯（新 for 侯建新: 建's trail byte is （'s too), and
        # a list's 、 that no name follows (裴紅、主持 for 裴紅英主持: 英's trail is 、's too).
        likeliest |= {
            i: f"{reading[i]}, a mark inside a name"
            for i in named
            if len(options[i]) > 1
            and reading[i] in MARKS
            and (
                name_goes_on(left + reading[:i])
                or (reading[i] == "、" and _VERB_AFTER.match(simplify_characters(reading[i + 1 :] + around[1])))
            )
        }
        # A list's next name opening with no surname where the bytes allow one (最強、 for
        # 李強、: 最 is 李's trail byte too, and 最强 a word) — unless a title comes next.
        likeliest |= {
            i: f"{reading[i]}, no surname where a listed name begins"
            for i in named
            if i not in likeliest
            and len(options[i]) > 1
            and opens_listed_name(left + reading[:i])
            and simplify_characters(reading[i]) not in surnames.SURNAMES
            and any(simplify_characters(c) in surnames.SURNAMES for c in options[i])
            and not _TITLE_NEXT.match(simplify_characters(reading[i:] + around[1]))
            and not _LEVEL_FIRST.match(simplify_characters(reading[i:]))
        }
        likeliest |= unsure
        if not likeliest:
            return reading, spelled_note
        chars = list(reading)
        for index in likeliest:
            chars[index] = LOST_CHARACTER
        return "".join(chars), spelled_note + guessed_names_note([likeliest[i] for i in sorted(likeliest)])

    @staticmethod
    def _unlike_a_given_name(reading: str, index: int, read: RunBytes, around: tuple[str, str]) -> bool:
        """Whether ``reading[index]`` stands in a given name (after a title and a surname)
        and holds under :data:`_GIVEN_NAME_SHARE` of the characters its bytes allow there
        by how often each is a given name's. Not a character that ends a name or opens
        the verb after it (曹陽出席: 出 is no name's, and not meant as one)."""
        before, char = around[0] + reading[:index], reading[index]
        if not given_name_place(before) or char in _NO_NAME_GOES_ON:
            return False
        allowed = gbk_beam.neighbours_allow(read.stream, read.unreadable, reading, index)
        rivals = [c for c in read.choices()[index] if allowed(c)]
        return char in rivals and given_name_share(char, rivals) < _GIVEN_NAME_SHARE

    def spelled_names(self, reading: str, read: RunBytes, around: tuple[str, str]) -> tuple[str, str, set[int]]:
        """``reading`` with each character of a name the report spells whole elsewhere, where
        the bytes allow it, as the report spells it (县委书记黄海??， beside 黄海涛在闭幕会上
        讲话; 李??鞅硎? read 李說明表示 beside 主席李耀明一行): the report's own word, not a
        guess; a note of each changed (empty if none); and the places so read. Where a name
        goes, a three-character stretch the report writes with a surname first will do;
        elsewhere, only a name it spells after a title or before a verb."""
        left, right = around
        stream = read.stream
        chars, note, places = list(reading), "", set()
        for i in range(min(len(reading), len(stream) // 2)):
            lead, trail = stream[2 * i], stream[2 * i + 1]
            if lead is not None and trail is not None:
                continue  # both bytes known: the character is
            before, after = left + "".join(chars[:i]), "".join(chars[i + 1 :]) + right
            named = self.name_place("".join(chars), i, around)
            spelled = self.spelled_elsewhere(before, after, windows=named)
            if spelled is None:
                continue
            if spelled == chars[i]:
                places.add(i)  # the text chose it too: no mark, no note
                continue
            raw = gbk_beam.encoded_bytes(spelled, read.codec)
            if raw is None or lead not in (None, raw[0]) or trail not in (None, raw[1]):
                continue
            if not gbk_beam.neighbours_allow(stream, read.unreadable, "".join(chars), i)(spelled):
                continue
            chars[i] = spelled
            places.add(i)
            lost = "no byte left" if lead is None and trail is None else "one byte left"
            note += f"; {spelled} of a name, {lost}, as the report spells it elsewhere"
        if not places:
            chars, note, places = self._spelled_whole(chars, read, left)
        return "".join(chars), note, places

    def _spelled_whole(self, chars: list[str], read: RunBytes, left: str) -> tuple[list[str], str, set[int]]:
        """The rest of a name the report spells whole, over two or more damaged characters
        after its first (李??鞅硎? read 李東西表示 beside 主席李耀明一行: each character alone
        has no neighbour of the name's to go by). Only where every one of them fits its
        bytes and some byte of theirs survives: the report's word, not a free guess."""
        stream, reading = read.stream, "".join(chars)
        for name in self._names_longest_first:
            for cut in range(1, len(name) - 1):  # name[:cut] stands before the run
                head, rest = name[:cut], name[cut:]
                if not left.endswith(head) or len(rest) > min(len(chars), len(stream) // 2):
                    continue
                # Where a name goes: after a title or a list's name, or opening a sentence
                # (a surname inside a word, 行李, is none).
                if reading.startswith(rest) or not (may_name(left) or opens_sentence_as_name(left)):
                    continue
                raws = [gbk_beam.encoded_bytes(char, read.codec) for char in rest]
                pairs = [(stream[2 * i], stream[2 * i + 1]) for i in range(len(rest))]
                # A character both bytes give is what it is: the pass one by one reads there.
                known = any(lead is not None and trail is not None for lead, trail in pairs)
                if known or any(raw is None for raw in raws):
                    continue
                fits = all(
                    lead in (None, raw[0]) and trail in (None, raw[1])  # type: ignore[index]
                    for raw, (lead, trail) in zip(raws, pairs, strict=True)
                )
                vouched = any(lead is not None or trail is not None for lead, trail in pairs)
                if not (fits and vouched):
                    continue
                whole = list(rest) + chars[len(rest) :]
                if not all(
                    gbk_beam.neighbours_allow(stream, read.unreadable, "".join(whole), i)(whole[i])
                    for i in range(len(rest))
                ):
                    continue
                note = f"; {rest} of {name}, from damaged bytes, as the report spells the name elsewhere"
                return whole, note, set(range(len(rest)))
        return chars, "", set()

    def spelled_elsewhere(self, before: str, after: str, *, windows: bool = True) -> str | None:
        """The one character the report, outside its damaged runs, writes between the end
        of ``before`` and the start of ``after`` in a three-character name (a surname and
        two, the surname itself the one sought or not), or in a name it spells whole after a
        title or before a verb of speech; None where it writes none, or several."""
        found: set[str] = set()
        for k in (2, 1, 0) if windows else ():
            head, tail = before[len(before) - k :] if k else "", after[: 2 - k]
            if len(head) != k or len(tail) != 2 - k or tail[:1] in _NO_NAME_GOES_ON:
                continue  # 李□在 beside 李明在: a name of two, or any
            found.update(self._trigrams().get((head, tail), ()))
        names = self._names_by_neighbours()
        for prefix in range(3):
            for suffix in range(3 - prefix):
                if len(before) >= prefix and len(after) >= suffix:
                    found.update(names.get((before[len(before) - prefix :], after[:suffix]), ()))
        return found.pop() if len(found) == 1 else None

    def _trigrams(self) -> dict[tuple[str, str], set[str]]:
        """Each three-character stretch of the report's undamaged text that opens with a
        surname, by what stands before and after each of its characters: built on first use,
        once per report — a lookup per character asked, not a pass over the report."""
        if self._trigram_index is None:
            trigrams: dict[tuple[str, str], set[str]] = {}
            text = self.vocabulary if len(self.vocabulary) <= _SPELLED_REACH else ""
            simple = simplify_characters(text)  # character by character: the offsets hold
            for at in range(len(text) - 2):
                a, b, c = text[at], text[at + 1], text[at + 2]
                if not ("\u4e00" <= a <= "\u9fff" and "\u4e00" <= b <= "\u9fff" and "\u4e00" <= c <= "\u9fff"):
                    continue
                if simple[at] in surnames.SURNAMES:
                    for key, char in (((a + b, ""), c), ((a, c), b), (("", b + c), a)):
                        trigrams.setdefault(key, set()).add(char)
            self._trigram_index = trigrams
        return self._trigram_index

    def _names_by_neighbours(self) -> dict[tuple[str, str], set[str]]:
        """Each character of the names the report spells (:attr:`spelled`), by what stands
        before and after it in the name."""
        if self._name_index is None:
            self._name_index = {}
            for name in self.spelled:
                for at, char in enumerate(name):
                    self._name_index.setdefault((name[:at], name[at + 1 :]), set()).add(char)
        return self._name_index

    def mark_unsure(
        self, reading: str, guessed: str, scored: dict[str, float], around: tuple[str, str]
    ) -> tuple[str, str]:
        """``reading``, the best of ``scored`` with names' characters marked by
        :meth:`mark_guessed_names` (its note: ``guessed``), with each other character where a
        name goes, or that is no common character (a rare one, a mark), or any character of a
        reading that holds less than :data:`_UNSURE_RUN` of the probability mass, marked □ where the
        readings agreeing on it hold less than :data:`_SHOWN_SHARE` of the probability mass;
        and the note for all the □, each with its likeliest reading, in order (what
        :func:`unmarked` reads back)."""
        best = max(scored, key=scored.__getitem__)
        top = scored[best]
        weights = {other: math.exp(score - top) for other, score in scored.items()}
        total = sum(weights.values())
        if 1.0 / total >= _SHOWN_SHARE:
            return reading, guessed  # the whole reading is: so is each of its characters
        aligned = [(other, weight) for other, weight in weights.items() if len(other) == len(best)]
        unsure: dict[int, float] = {}
        common = common_characters()
        doubtful = 1.0 / total < _UNSURE_RUN
        given = self._given_read(reading, around)
        for i, char in enumerate(reading[: len(best)]):
            # Not a name's character the text chose instead, nor its □, nor a name given.
            if i in given:
                continue
            if char == best[i] and (doubtful or char not in common or self.name_place(best, i, around)):
                share = sum(weight for other, weight in aligned if other[i] == char) / total
                if share < _SHOWN_SHARE:
                    unsure[i] = share
        if not unsure:
            return reading, guessed
        found = _LIKELIEST.search(guessed)
        named = found.group(1).split("; ") if found else []
        entries, chars, names_left = [], list(reading), iter(named)
        for i, char in enumerate(reading):
            if i in unsure:
                entries.append(f"{char} {unsure[i]:.2f}")
                chars[i] = LOST_CHARACTER
            elif char == LOST_CHARACTER:
                entries.append(next(names_left, LOST_CHARACTER))
        unsure_ones = f"{len(unsure)} character{'s' if len(unsure) > 1 else ''}"
        what = f"{unsure_ones} the bytes leave unsure"
        if named:
            what = f"{len(named)} of a name's characters the bytes leave open and {unsure_ones} more they leave unsure"
        return "".join(chars), f"; {what} marked {LOST_CHARACTER} (likeliest: {'; '.join(entries)})"

    def _given_read(self, reading: str, around: tuple[str, str]) -> set[int]:
        """The places of ``reading`` where it reads a name given (the bytes fit it: the
        reading is theirs)."""
        if not self.given:
            return set()
        reach = self.given.longest
        left = around[0][-reach:]
        covered: set[int] = set()
        for start, end in self.given.read_in(left + reading + around[1][:reach]):
            covered.update(range(max(0, start - len(left)), min(len(reading), end - len(left))))
        return covered

    @staticmethod
    def _subject_slot(before: str, after: str) -> bool:
        """A name's place with no title before it: the sentence's subject, a surname
        opening it, a speech or presence verb right after (章鸿□指出)."""
        return opens_sentence_as_name(before) and bool(_VERB_AFTER.match(simplify_characters(after)))

    def shares(
        self, reading: str, read: RunBytes, around: tuple[str, str], positions: Sequence[int]
    ) -> dict[int, tuple[float, str, float]]:
        """For each of ``positions`` in ``reading`` where the bytes allow other characters,
        the chosen one's share of the probability among them, the rest of the reading as it
        is: how far the text, not the bytes, chose it (李 of 李娟 after 镇长: 0.48 against
        杨 and others); and the character with the largest share, with its share. Rivals
        are the few the quick score ranks first; a pair with both bytes lost has ~3,000
        and is best not asked."""
        left, right = around
        shares: dict[int, tuple[float, str, float]] = {}
        options_at = read.choices()
        for index in positions:
            options = options_at[index]
            if len(options) < 2:
                continue
            chosen, before, after = reading[index], reading[:index], reading[index + 1 :]
            allowed = gbk_beam.neighbours_allow(read.stream, read.unreadable, reading, index)
            rivals = [c for c in options if c != chosen and allowed(c)]
            if not rivals:
                continue
            context = left + before
            bonus = self.prior(context[-10:])
            onward = after[:1] or right[:1]
            # The rivals a name's character is weighed against: the likeliest in the slot by
            # each word's own frequency. Given the character before, a rare one that all but
            # fixes the next (爵 of 王爵) crowds out the common ones, and a wrong name wins its
            # share (王爵 0.70 where 王□ had been marked).
            quick = self.pair_scores(context[-1:], rivals, given=False) if context else [0.0] * len(rivals)
            ranked = sorted(
                zip(rivals, quick, strict=True),
                key=lambda item: (
                    item[1]
                    + bonus.get(item[0], 0.0)
                    + (self.pair_score(item[0], onward, given=False) if onward else 0.0)
                ),
                reverse=True,
            )
            candidates = [chosen, *(c for c, _ in ranked[:_RIVALS])]
            # Without the model of news: it knows words, not names, and lends a word's
            # confidence to a wrong name (庞卫队 for 庞卫东, 丁佩日 for 丁佩琳).
            scores = [self.in_context(context, c + after, right, news=False) for c in candidates]
            best = max(range(len(scores)), key=scores.__getitem__)
            shares[index] = (share_of(scores, 0), candidates[best], share_of(scores, best))
        return shares

    def context(self, start: int, end: int) -> tuple[str, str]:
        span = 3 * _CONTEXT
        while True:  # a page that glues a reading after each character needs a longer stretch
            raw = self.text[end : end + span]
            right = CUT_READING_START.sub("", GLUED_PINYIN.sub("", raw)).split("?")[0]
            if len(right) >= _CONTEXT or end + span >= len(self.text) or "?" in raw:
                break
            span *= 2
        before = self._repaired_before(start)
        return left_context(before, len(before)), right[:_CONTEXT]

    def _repaired_before(self, start: int) -> str:
        """The stretch of text before ``start`` with this pass's repairs in it."""
        cut = max(0, start - _REPAIRED_REACH)
        before = self.text[cut:start]
        for edit in reversed(self._repaired):  # from the right: the offsets to the left hold
            if edit.start < cut:
                break
            if edit.end <= start:
                before = before[: edit.start - cut] + edit.replacement + before[edit.end - cut :]
        return before

    def choose(self, candidates: list[str], left: str, right: str, reading: str | None = None) -> Choice | None:
        """The candidate that reads best between ``left`` and ``right``, and its share;
        ``reading``: one glued after the candidates' last character (:func:`reading_cost`)."""
        unique = tuple(dict.fromkeys(c for c in candidates if c))
        if not unique:
            return None
        key = (unique, left, right, reading)
        if key not in self._memo:
            self._memo[key] = self._choose(unique, left, right, reading)
        return self._memo[key]

    def _plausible(self, candidates: tuple[str, ...]) -> list[str]:
        # Rare characters are implausible repairs, and so are the other script's: score the
        # common ones of the page's script only, if there are any.
        common, foreign = common_characters(), self.foreign
        plausible = [c for c in candidates if all((ch in common or ch in MARKS) and ch not in foreign for ch in c)]
        return plausible or list(candidates)

    def _choose(self, candidates: tuple[str, ...], left: str, right: str, reading: str | None) -> Choice:
        unique = self._plausible(candidates)
        # Candidates of one run differ near its end: the text they share is scored once.
        shared = len(os.path.commonprefix(unique)) if len(unique) > 1 else 0
        # Where a name goes, without the model of news, as for a name's shares.
        news = not may_name(left)
        scores = [self.in_context(left, c, right, shared, news=news) for c in unique]
        if reading is not None:
            scores = [score + reading_cost(c[-1], reading) for score, c in zip(scores, unique, strict=True)]
        best = max(range(len(unique)), key=scores.__getitem__)
        top = scores[best]
        total = sum(math.exp(s - top) for s in scores)
        return Choice(unique[best], 1.0 / total)

    def in_context(self, left: str, candidate: str, right: str, shared: int = 0, *, news: bool = True) -> float:
        """Plausibility of a candidate between its neighbours; after a title (市長, 書記,
        記者) a surname is likelier than the text model alone says: reports name people.
        ``shared``: how many of its first characters other calls have too (for speed only);
        ``news``: with the model of news text."""
        if news:
            # The left context's marks as the text models count them: full-width (a site's
            # ASCII comma had hidden the report's own ，市 from its bigrams: 有氣象局 for
            # 市氣象局). Not where a name goes, nor on the right: there dev read two names'
            # characters wrong and unflagged (陈思源 for 陈思远), the models vouching across the mark.
            left = _full_width(left)
        text, prior_of, prior = left + candidate, self.prior, 0.0
        # Each character's prior reads the few before it only: no copy of the whole left.
        for at, char in enumerate(candidate, len(left)):
            context = text[at - PRIOR_CONTEXT if at > PRIOR_CONTEXT else 0 : at]
            bonus = prior_of(context).get(char, 0.0)
            # No surname right before a title (大会主席张常务主席 for 主席团常务主席): a name
            # is a surname and more.
            if bonus > 0 and surname_place(context):
                if _TITLE_NEXT.match(simplify_characters((text[at + 1 :] + right)[:8])):
                    bonus = 0.0
            prior += bonus
        # No sentence ends on a verb of speech or a pronoun (他要求 read 他。可): a reading
        # that puts its stop there pays odds of a thousand to one.
        if (stop := candidate.find("。")) >= 0:
            at = len(left) + stop
            if _NO_STOP_AFTER.search(simplify_characters(text[max(0, at - 4) : at])):
                prior += _STOP_AFTER_SPEECH
        if self.spelled:  # not the names given: they are read in where they fit (given_names)
            around = left[-2:] + candidate + right[:2]
            lo, hi = min(2, len(left)), min(2, len(left)) + len(candidate)
            for name in self.spelled:
                at = around.find(name)
                if at >= 0 and at < hi and at + len(name) > lo:
                    prior += _NAME_SPELLED
                    break
        return plausibility(text + right, self.document, len(left) + shared, news=news) + prior

    def right_as_scored(self, left: str, readings: Sequence[str], right: str) -> str:
        """The text after a run as the full score of its ``readings`` reads it: its ASCII
        marks full-width, as the text models count them (an ASCII comma is a character they
        never saw, and rates the one before it by chance: 排不, for 排查, at ``排?,``) —
        unless a reading ends where a name goes, where the models would vouch across the
        mark for a wrong name's character (陈思源 for 陈思远). One for all the readings: their
        scores compare."""
        if any(reading and self.name_place(reading, len(reading) - 1, (left, right)) for reading in readings):
            return right
        return _full_width(right)

    def pair_score(self, prev: str, char: str, *, given: bool = True) -> float:
        """The quick score of ``char`` after ``prev``: jieba's pair, and the report's own
        bigram when the report has it (a name it repeats). Remembered: a free pair asks
        about the same 3,000 characters after each reading in the beam, and again for each
        way a run may end. ``given=False``: the pair as a word, not given ``prev``."""
        key = prev + char if given else f"{prev}{char}\x00"
        score = self._pairs.get(key)
        if score is None:
            seen = self.document.bigrams.get(prev + char, 0)
            quick = pair_logp(prev, char) if given else word_pair_logp(prev, char)
            score = self._pairs[key] = quick + (_SEEN_PAIR if seen else 0.0)
        return score

    def pair_scores(self, prev: str, chars: Sequence[str], *, given: bool = True) -> list[float]:
        """:meth:`pair_score` of each of ``chars`` after ``prev`` (its last character, or
        its last two where they begin a three-character word)."""
        row = pair_logps(prev, chars, given=given)
        seen = self._seen_after_char(prev[-1:])
        if not seen:
            return row
        return [score + _SEEN_PAIR if char in seen else score for char, score in zip(chars, row, strict=True)]

    def pair_score_changes(self, prev: str, table: Candidates) -> dict[int, float]:
        """:meth:`pair_scores` of ``table.chars`` where it is not ``table.fallback``."""
        changes = pair_logp_changes(prev, table)
        seen = self._seen_after_char(prev[-1:])
        if seen:
            fallback, places = table.fallback, table.places_of_char
            for char in seen:
                for place in places.get(char, ()):
                    changes[place] = changes.get(place, fallback[place]) + _SEEN_PAIR
        return changes

    def _seen_after_char(self, char: str) -> set[str] | None:
        if self._seen_after is None:
            # One pass over the report's pairs, for every character asked about after.
            self._seen_after = {}
            for first, second in self.document.bigrams:
                self._seen_after.setdefault(first, set()).add(second)
        return self._seen_after.get(char)

    def stretch_score(self, stretch: str, shared: int = 0) -> float:
        """Plausibility of a short stretch, remembered: the beam asks for the same ones.
        ``shared``: the length of a left context many calls have in common."""
        if stretch not in self._stretches:
            self._stretches[stretch] = plausibility(stretch, self.document, shared)
        return self._stretches[stretch]

    def nothing_reads_better(self, repaired: str, left: str, right: str) -> bool:
        """Whether the text reads better with nothing between ``left`` and ``right`` than
        with ``repaired`` there, each of its characters allowed _NOTHING_LOST_PER_CHAR."""
        gained = plausibility(left + repaired + right, self.document, len(left))
        kept = plausibility(left + right, self.document, len(left))
        return gained + _NOTHING_LOST_PER_CHAR * len(repaired) <= kept

    def beats_raw(self, repaired: str, raw: str, left: str, right: str) -> bool:
        """Whether the repair reads better than the raw text, and better than the raw text
        read as already in phase: the ``?`` a character lost whole, the rest as it stands
        (``10?日`` for 10月9日 — the bytes after the loss decoded in phase at once), or the
        marks before a count's unit a number left blank (共有??名代表)."""
        gained = plausibility(left + repaired + right, self.document, len(left))
        views = ["".join(FLATTENED.get(ch, ch) for ch in raw), raw[1:]]
        if right and (count := _COUNT_LEFT_BLANK.sub("几", raw + right[0])[:-1]) != raw:
            views.append(count)
        for raw_view in views:
            kept = plausibility(left + raw_view + right, self.document, len(left))
            if gained + _CHAR_LOGP * (len(raw_view) - len(repaired)) <= kept:
                return False
        return True


def _full_width(text: str) -> str:
    """The ASCII marks in ``text`` as the full-width ones they stand for: a replace each
    (str.translate walks a Chinese text character by character, ~20x slower)."""
    for ascii_mark, full_width in _FULL_WIDTH:
        text = text.replace(ascii_mark, full_width)
    return text


def guessed_names_note(likeliest: Sequence[str]) -> str:
    """A repair's note on the name characters it marked □, with each one's likeliest reading
    (what :func:`unmarked` and the brief read back)."""
    readings = "; ".join(likeliest)
    return f"; {len(likeliest)} of a name's characters the bytes leave open marked □ (likeliest: {readings})"


def left_context(text: str, start: int) -> str:
    """The text before ``start`` as the text model reads it: no glued readings, no marks —
    its last few characters, however many readings were glued between them (湯(tāng )紅(hóng )
    after 部長(zhǎng ): three stretches' worth of raw text had held 湯紅 alone, and no title)."""
    span = 3 * _CONTEXT
    while True:
        # The slice may cut a glued reading in two: its ends go as well as whole ones.
        left = CUT_READING_END.sub("", GLUED_PINYIN.sub("", text[max(0, start - span) : start]))
        left = "".join(ch for ch in left if ch not in LOSS_MARKS)
        if len(left) >= _CONTEXT or span >= start:
            return left[-_CONTEXT:]
        span *= 2


_LIKELIEST = regex_cache.compile(r"marked □ \(likeliest: (.+)\)$")


def unmarked(replacement: str, note: str) -> str:
    """``replacement`` with each □ :meth:`Chooser.mark_guessed_names` put there given back
    its likeliest reading, from the note it wrote: what the decoder read, to weigh one
    reading of a page against another (a □ the text model would price as junk)."""
    found = _LIKELIEST.search(note)
    if found is None or LOST_CHARACTER not in replacement:
        return replacement
    chars = iter(entry[:1] for entry in found.group(1).split("; "))
    return "".join(next(chars, char) if char == LOST_CHARACTER else char for char in replacement)


def share_of(scores: Sequence[float], index: int) -> float:
    """The share of ``scores[index]`` in the probability mass of all of them."""
    top = max(scores)
    return math.exp(scores[index] - top) / sum(math.exp(s - top) for s in scores)


def best(scored: dict[str, float]) -> tuple[str, float]:
    """The best-scored reading and its share of the probability mass of all of them."""
    best = max(scored, key=scored.__getitem__)
    return best, gbk_beam.confidence(list(scored.values()))
