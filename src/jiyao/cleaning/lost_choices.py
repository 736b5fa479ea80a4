"""Characters whose bytes were partly lost, chosen by the words around them.

:mod:`.lost_bytes` works out what each such character may be; here one of its readings is
chosen: by jieba's words and the model of news text between its neighbours, by the pairs
of characters the page holds whole, by a reading glued after it (會(huì)), by quotes and
brackets that open and close in turn, in the page's script; two side by side together. A
name's character its bytes leave open is marked □, not guessed.
"""

from __future__ import annotations

import functools
import heapq
import math
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from jiyao import deadline
from jiyao.cleaning.script import Script

_LOST = "\ufffd"
_CHECK_EVERY = 64  # lost characters chosen between looks at the clock
# As a name's character known by its sound alone (gbk_runs._LOST_NAME_SURE).
_NAME_SURE = 0.6
# A pair of characters the page holds whole (chooser._SEEN_PAIR), and again for three.
_SEEN = math.log(50)
# The labels of a page's furniture, which the cleaner reads to move it out of the body
# (cleaning/structure.py), count as held whole: 原標題 had been read 原料題 (標 lost two
# bytes to Python's codec), and the line stayed in the text, no label left to find.
_LABELS = ("原標題", "原标题", "責任編輯", "责任编辑", "來源", "来源", "發布時間", "发布时间")
_FURNITURE = frozenset(label[i : i + n] for label in _LABELS for n in (2, 3) for i in range(len(label) - n + 1))


@dataclass(frozen=True)
class ReadBack:
    """A text read back from its bytes. ``guessed``: for each character of a name that its
    bytes left open, marked □ in ``text``, its likeliest reading and that one's share of
    the readings (``紅 0.42``)."""

    text: str
    guessed: tuple[str, ...] = ()


def choose(pieces: list[str], options: list[list[str]]) -> ReadBack:
    """The text of ``pieces`` with, between each two, one of the readings ``options`` gives
    the character lost there (U+FFFD where it has none)."""
    page = _Page(pieces, options)
    page.choose_each()
    page.choose_pairs()
    guessed = page.mark_open_names()
    return ReadBack("".join(page.parts), guessed)


class _Page:
    """A page's pieces and lost characters: ``parts`` alternates them (pieces[0], the
    reading chosen for the first lost character, pieces[1], …)."""

    def __init__(self, pieces: list[str], options: list[list[str]]) -> None:
        from jiyao.cleaning.script import foreign_characters, page_script

        self.pieces = pieces
        self.parts = [piece for k, piece in enumerate(pieces) for piece in (piece, _LOST)][:-1]
        self.seen = _held_whole(pieces) | _FURNITURE
        self._after: dict[str, set[str]] = {}  # a character → those after it in the pairs held whole
        self._before: dict[str, set[str]] = {}
        for held in self.seen:
            if len(held) == 2:
                self._after.setdefault(held[0], set()).add(held[1])
                self._before.setdefault(held[1], set()).add(held[0])
        self._as_sets: dict[int, frozenset[str]] = {}
        self._scored: dict[str, float] = {}  # jieba's words' score of a text
        self._news: dict[str, float] = {}  # the news model's, weighed
        # A page of one script shows none of the other's (劉 on a traditional page, not 刘).
        counts = Counter(_LOST.join(pieces))
        foreign = foreign_characters(counts)
        # Of readings the words score alike (they are read simplified), the form of the
        # script most of its paragraph's marks are in (a site's chrome may be in the other),
        # else the page's (a short report lost many of them with its bytes).
        page = page_script(counts, at_least=1, other_share=0.5)
        scripts = [page_script(line, 1, 0.5) or page for line in _paragraphs(pieces)]
        # A page repeats its characters: the same readings (one list for the same bytes and
        # holes) are narrowed once a script, and once a glued reading.
        kept: dict[tuple[int, Script | None], list[str]] = {}
        read: dict[tuple[int, str], list[str]] = {}
        self.options = []
        for k, (found, line) in enumerate(zip(options, _lines_of(pieces), strict=True)):
            key = id(found), scripts[line]
            if (narrowed := kept.get(key)) is None:
                narrowed = [c for c in found if c not in foreign] or found
                narrowed = kept[key] = _in_own_form(narrowed, _own_form(scripts[line]))
            # A reading glued after the character names it (會(huì)): a run that ends before
            # ASCII lost a byte, so nearly every character a site annotated is one to choose.
            # And a reading's letter lost (發(f\ufffd)) is one that spells a reading of its character.
            self.options.append(_read_as(narrowed, pieces[k], pieces[k + 1], read))

    def fit(self, left: str, chars: str, right: str, *, news: bool = True) -> float:
        """How well ``chars`` reads between ``left`` and ``right``: jieba's words, which
        characters follow which in news (``news``), and in the page itself (郭文海 spelled
        whole elsewhere: 都文海 had read as well)."""
        from jiyao.cleaning.news_model import news_model
        from jiyao.cleaning.plausibility import NEWS_WEIGHT, segmentation_logp

        text = left + chars + right
        value = self._scored.get(text)
        if value is None:
            value = self._scored[text] = segmentation_logp(text)
        if news:
            if (told := self._news.get(text)) is None:
                told = self._news[text] = NEWS_WEIGHT * news_model().logp(text)
            value += told
        end, seen = len(left) + len(chars), self.seen
        found = sum(text[i : i + 2] in seen for i in range(max(0, len(left) - 1), end))
        found += sum(text[i : i + 3] in seen for i in range(max(0, len(left) - 2), end))
        return value + _SEEN * found

    def shortlist(self, found: list[str], left: str, right: str) -> list[str]:
        """Of many readings, the few to score in full (:func:`_shortlist`), and any that
        makes a pair the page holds whole with its neighbour."""
        if len(found) <= _SHORT:
            return found
        shortlist = _shortlist(found, left, right)
        held = self._after.get(left[-1:], set()) | self._before.get(right[:1], set())
        if not held:
            return shortlist
        among = self._among(found)
        return list(dict.fromkeys([*shortlist, *(char for char in held if char in among)]))

    def _among(self, found: list[str]) -> frozenset[str]:
        """``found`` as a set, made once (a page repeats its characters' lists of readings)."""
        if (among := self._as_sets.get(id(found))) is None:
            among = self._as_sets[id(found)] = frozenset(found)
        return among

    def context(self, k: int) -> tuple[str, str, str]:
        """The text left and right of lost character ``k`` and its paragraph before it."""
        at = 2 * k + 1
        return _around(self.parts, at, -1), _around(self.parts, at, 1), _line_before(self.parts, at)

    def choose_each(self) -> None:
        """Left to right, each choice in the context of the last: 4 characters either side.
        Then each again with the choices on both sides: where two lost characters stand
        together (召开 of 主持召开会议, both cut), the first had been chosen with no right context."""
        asked: dict[int, tuple[str, str, str]] = {}
        for _ in range(2):
            for k, found in enumerate(self.options):
                if k % _CHECK_EVERY == 0:
                    deadline.check()  # a page of such text takes seconds: the report's time budget holds
                left, right, line = around = self.context(k)
                if asked.get(k) == around:
                    continue  # nothing around it changed: the same choice
                asked[k] = around
                shortlist = _paired(self.shortlist(found, left, right), line, right)
                scorer = self._scorer(left, right, self.name_left(k), news=True)
                self.parts[2 * k + 1] = max(shortlist, key=scorer, default=_LOST)

    def _scorer(self, left: str, right: str, name_left: str, *, news: bool) -> Callable[[str], float]:
        """How well a reading reads between ``left`` and ``right``, with the name prior
        (after a title, a surname; after a surname, a given name's character), which reads
        the longer ``name_left``. ``news``: with the model of news; a name's character is
        weighed without it, as the cleaner's other repairs weigh one: its common sequences
        outweigh any name (左宏 read 左家, 王家明 王家是). A choice is weighed so, not made so:
        made so, a common word after a title or a list's comma lost to rare characters
        (領導要持續 read 領導袁持續, 機動 激動)."""
        from jiyao.cleaning.name_prior import name_bonus

        bonus = name_bonus(name_left, in_lists=True)
        return lambda char: self.fit(left, char, right, news=news) + bonus.get(char, 0.0)

    def name_left(self, k: int) -> str:
        """The text left of lost character ``k`` as far as a name's place is told by it: a
        listed name, its ``、``, a compound surname and a given name's first character (the
        four characters a choice reads had left 新、上官 of 張新、上官: no list seen)."""
        return _around(self.parts, 2 * k + 1, -1, _NAME_LEFT)

    def choose_pairs(self) -> None:
        """Two lost characters side by side, chosen together, from each one's best few: one
        at a time, each had kept the other's first choice (主持又强 for 主持召开)."""
        options, parts = self.options, self.parts
        for k in range(len(options) - 1):
            if self.pieces[k + 1] or not options[k] or not options[k + 1]:
                continue
            deadline.check()
            at = 2 * k + 1
            left, right, line = _around(parts, at, -1), _around(parts, at + 2, 1), _line_before(parts, at)
            ones = _paired(self.wide(options[k], left, ""), line, "")
            twos = self.wide(options[k + 1], "", right)
            # And what follows one of them in a pair the page holds whole (原標題: 題 after 標).
            after = {char for one in ones for char in self._after.get(one, ())} - set(twos)
            if after and (among := self._among(options[k + 1])):
                twos = [*twos, *(char for char in after if char in among)]
            parts[at], parts[at + 2] = self.pair(ones, twos, (left, right, line))

    def wide(self, found: list[str], left: str, right: str) -> list[str]:
        """A character's readings to rank for a pair: all of one byte's 64, a shortlist of two's."""
        return self.shortlist(found, left, right) if len(found) > _ONE_BYTE else found

    def pair(self, ones: list[str], twos: list[str], around: tuple[str, str, str]) -> tuple[str, str]:
        """Two lost characters side by side, chosen together: ``around`` is the text left and
        right of them and their paragraph before them."""
        left, right, line = around

        def whole(a: str, b: str) -> float:
            return self.fit(left, a + b, right)

        # Each side ranked by its own neighbour alone: ranked beside the other's choice, the
        # right pair had been out of reach. But beside each of the other's readings where a
        # glued reading leaves it a few (召開(kāi): 召 by 縣 alone had ranked below 又 and 反).
        firsts = sorted(
            ones, key=lambda a: -(self.fit(left, a, "") if len(twos) > _PINNED else max(whole(a, b) for b in twos))
        )[:_TOGETHER]
        seconds = sorted(
            twos, key=lambda b: -(self.fit("", b, right) if len(ones) > _PINNED else max(whole(a, b) for a in ones))
        )[:_TOGETHER]
        pairs = [(a, b) for a in firsts for b in seconds]
        if len(ones) > _PINNED and len(twos) > _PINNED:
            # And the pairs that make a word (召开 after 我县, each side poor by its neighbour
            # alone), and those the page holds whole.
            pairs += _word_pairs(ones, twos, left[-1:], right[:1])
            among = set(twos)
            pairs += [(a, b) for a in ones for b in self._after.get(a, ()) if b in among]
        return max([(a, b) for a, b in pairs if _fits(b, line + a)] or pairs, key=lambda pair: whole(*pair))

    def mark_open_names(self) -> tuple[str, ...]:
        """Mark □ each chosen character in a name's place (after a title, a surname, a
        listed name) that its bytes leave open: at less than _NAME_SURE of its readings'
        mass. Its neighbours do not tell a name's characters (閻紅 read 閻約, 王國斌 王國於)."""
        from jiyao.cleaning.chooser import share_of
        from jiyao.cleaning.glued import GLUED_PINYIN
        from jiyao.cleaning.loss_marks import LOST_CHARACTER

        parts = self.parts
        open_names: list[tuple[int, str]] = []
        for k, found in enumerate(self.options):
            at = 2 * k + 1
            chosen = parts[at]
            if len(found) < 2 or chosen == _LOST or GLUED_PINYIN.match(parts[at + 1]):
                continue  # a reading glued after it names it: the page's own word on it (龍(lóng))
            left, right, line = self.context(k)
            name_left = self.name_left(k)
            if not _name_goes(name_left):
                continue
            if len(found) > _ONE_BYTE:
                # Two of its bytes lost: thousands of readings, and a share among the few
                # scored in full says nothing (曾小梅 read 曾小時 at 0.96 of eight).
                open_names.append((at, f"{chosen}, two bytes lost"))
                continue
            readings = list(dict.fromkeys([chosen, *_paired(self.shortlist(found, left, right), line, right)]))
            share = share_of(list(map(self._scorer(left, right, name_left, news=False), readings)), 0)
            if share < _NAME_SURE:
                open_names.append((at, f"{chosen} {share:.2f}"))
        for at, _ in open_names:  # marked after all are weighed: each with the others' likeliest beside it
            parts[at] = LOST_CHARACTER
        return tuple(entry for _, entry in open_names)


def _paragraphs(pieces: list[str]) -> list[Counter[str]]:
    """The characters of each paragraph of the page (its lines)."""
    return [Counter(line) for line in "".join(pieces).split("\n")]


def _lines_of(pieces: list[str]) -> list[int]:
    """The line each lost character (between two pieces) is on."""
    lines, line = [], 0
    for piece in pieces[:-1]:
        line += piece.count("\n")
        lines.append(line)
    return lines


def _name_goes(left: str) -> bool:
    """Whether a name's character would follow ``left`` (name_prior.may_name), unless its
    last two make a word that is no name (領導幹部: a title, 幹 a surname, and 部 no given name's)."""
    from jiyao import surnames
    from jiyao.cleaning.name_prior import may_name
    from jiyao.cleaning.script import simplify_characters

    return may_name(left) and simplify_characters(left[-2:]) not in surnames.WORDS_NOT_NAMES


def _held_whole(pieces: list[str]) -> frozenset[str]:
    """The pairs and threes of Han characters the page holds whole, readings taken out: a
    name, a place, a term, and the page's words, as the cleaner's other repairs count its
    bigrams. (A word's rival held whole misleads: 發揚 held once, 發揮 cut wherever it stood,
    in seed 001 read as GBK. Leaving jieba's words out mended that and lost as many that
    the page held whole, 處置 read 處罰 in seed 003; dev the same either way.)"""
    from jiyao.cleaning.glued import GLUED_PINYIN
    from jiyao.cleaning.script import is_han

    found: set[str] = set()
    for piece in pieces:
        text = GLUED_PINYIN.sub("", piece) if "(" in piece else piece
        han = [is_han(char) for char in text]
        found.update(text[i : i + 2] for i in range(len(text) - 1) if han[i] and han[i + 1])
        found.update(text[i : i + 3] for i in range(len(text) - 2) if han[i] and han[i + 1] and han[i + 2])
    return frozenset(found)


def _word_pairs(ones: list[str], twos: list[str], before: str, after: str) -> list[tuple[str, str]]:
    """The _TOGETHER pairs of ``ones`` × ``twos`` that read best with their neighbours, by
    the quick pair guesses (a lookup each)."""
    from jiyao.cleaning.plausibility import pair_logp, pair_logps, word_pair_logp

    lead = [pair_logp(before, a) if before not in ("", _LOST) else 0.0 for a in ones]
    tail = [word_pair_logp(b, after) if after not in ("", _LOST) else 0.0 for b in twos]
    ranked = heapq.nlargest(
        _TOGETHER,
        (
            (first + middle + last, i, j)
            for i, (a, first) in enumerate(zip(ones, lead, strict=True))
            for j, (middle, last) in enumerate(zip(pair_logps(a, twos), tail, strict=True))
        ),
    )
    return [(ones[i], twos[j]) for _, i, j in ranked]


def _read_as(found: list[str], before: str, after: str, known: dict[tuple[int, str], list[str]]) -> list[str]:
    """Of a lost character's readings, those a glued reading just after it spells (會(huì)),
    or that spell, among the letters around, a reading of the character before the bracket
    (發(f?)); all where none does. ``known``: what a glued reading left of a list before."""
    from jiyao.cleaning import tables
    from jiyao.cleaning.glued import CUT_READING_END, CUT_READING_START, GLUED_PINYIN, reading_of
    from jiyao.cleaning.script import is_han

    if (glued := GLUED_PINYIN.match(after)) is not None:
        reading = unicodedata.normalize("NFC", reading_of(glued))
        if (spelled := known.get((id(found), reading))) is None:
            spelled = known[id(found), reading] = [c for c in found if reading in tables.readings_of(c)] or found
        return spelled
    opened, closed = CUT_READING_START.search(before), CUT_READING_END.match(after)
    if opened is None or closed is None or not opened.start() or not is_han(before[opened.start() - 1]):
        return found
    readings = tables.readings_of(before[opened.start() - 1])
    head, tail = opened.group().lstrip("(（").strip(), closed.group().rstrip(")）").strip()
    # As written (lǐ, not lǏ: both lower to one reading), else as a capitalized reading may be.
    for case in (str, str.lower):
        if spelled := [char for char in found if case(head + char + tail) in readings]:
            return spelled
    return found


_TOGETHER = 12  # each side's best, for a pair of lost characters chosen together
_PINNED = 4  # a side with this many readings or fewer ranks the other's beside each of them

# Quotes and brackets open and close in turn within a paragraph: of a lost byte's readings
# (“ and ” differ in their last byte), one that opens what is open, or closes what is not,
# is no choice. Left to the words, ”。 had read “。 (the words barely tell them apart).
_OPENS = {"“": "”", "‘": "’", "（": "）", "《": "》", "「": "」", "『": "』", "【": "】", "〔": "〕"}
_CLOSES = {closer: opener for opener, closer in _OPENS.items()}
_LINE_REACH = 400  # characters a paragraph is looked back over for what is open


def _fits(char: str, line: str) -> bool:
    """Whether ``char``, after ``line`` (its paragraph so far), keeps quotes and brackets paired."""
    if (closer := _OPENS.get(char)) is not None:
        return line.rfind(char) <= line.rfind(closer)
    if (opener := _CLOSES.get(char)) is not None:
        return line.rfind(opener) > line.rfind(char)
    return True


def _paired(found: list[str], line: str, right: str) -> list[str]:
    """Of a lost character's readings, those that keep quotes and brackets paired; the
    closer alone where one is open and a mark or the line's end follows (（女）, not （女，,)."""
    fitting = [char for char in found if _fits(char, line)] or found
    if right[:1] in _CLAUSE_ENDS and (closers := [char for char in fitting if char in _CLOSES]):
        return closers
    return fitting


_CLAUSE_ENDS = frozenset(["", "\n", *"，,。.、；;：:！!？?", *_CLOSES])


def _line_before(parts: list[str], at: int) -> str:
    """The text of ``parts[at]``'s paragraph before it (at most _LINE_REACH characters)."""
    found: list[str] = []
    size = 0
    for index in range(at - 1, -1, -1):
        piece = parts[index]
        if (cut := piece.rfind("\n")) >= 0:
            found.append(piece[cut + 1 :])
            break
        found.append(piece)
        size += len(piece)
        if size >= _LINE_REACH:
            break
    return "".join(reversed(found))


@functools.cache
def _own_form(script: Script | None) -> Callable[[str], bool]:
    """Whether a character is the form a converter writes in the page's ``script`` (in
    either, on a page of both)."""
    from jiyao.cleaning.script import simplify_characters, to_traditional

    @functools.cache
    def own(char: str) -> bool:
        simple = simplify_characters(char)
        if script == "simplified" or (script is None and char == simple):
            return char == simple
        return char == to_traditional(simple)

    return own


def _in_own_form(found: list[str], own_form: Callable[[str], bool]) -> list[str]:
    """Of readings alike simplified (幹 and 干, 鎮 and 鎭, 查 and 査), which the words cannot
    tell apart, the page's own form: the first in byte order had been kept (干部 on a
    traditional page, 鎭 for every 鎮 lost)."""
    from jiyao.cleaning.script import simplify_characters

    simple = simplify_characters("".join(found))  # one character for one
    if len(set(simple)) == len(found):
        return found
    by_simple: dict[str, list[str]] = {}
    for char, simplified in zip(found, simple, strict=True):
        by_simple.setdefault(simplified, []).append(char)
    keep = {char for alike in by_simple.values() for char in ([c for c in alike if own_form(c)] or alike)}
    return [char for char in found if char in keep]


_SHORT = 24  # a wide choice's readings scored in full: the best by each neighbour, this many in all


_ONE_BYTE = 64
_NAME_LEFT = 8  # characters: 張新、上官 before 婉, with what opens the list item


def _shortlist(found: list[str], left: str, right: str) -> list[str]:
    """Of many readings (UTF-8's 64 continuation bytes, 4,096 for two), those that pair best
    with the character before and the one after (a lookup each), for the full score in
    context: each in full, twice, had cost seconds a report."""
    if len(found) <= _SHORT:
        return found
    from jiyao.cleaning.plausibility import pair_logp, word_pair_logp

    before, after = left[-1:], right[:1]
    sides = [
        sorted(found, key=key)
        for usable, key in (
            (before not in ("", _LOST), lambda c: -pair_logp(before, c)),
            (after not in ("", _LOST), lambda c: -word_pair_logp(c, after)),
        )
        if usable
    ]
    if not sides:
        return found[:_SHORT]
    return list(dict.fromkeys(char for side in sides for char in side[: _SHORT // len(sides)]))


def _around(parts: list[str], at: int, step: int, width: int = 4) -> str:
    """The ``width`` characters before (``step`` -1) or after (1) ``parts[at]``, without
    the readings glued among them (會(huì)議): their letters are no neighbours to choose by."""
    found, index = "", at + step
    while 0 <= index < len(parts):
        found = parts[index] + found if step < 0 else found + parts[index]
        index += step
        # Gathered until ``width`` are left once the readings are out: on a page that glues
        # one after each character a fixed room had left 記錢曉 of 書記錢曉 (no title: no
        # name's place), as 書(shū )記錢(qián )曉(xiǎo ) is 20 characters.
        if len(found) >= width and ("(" not in found and "（" not in found or len(_unread(found)) >= width):
            break
    if "(" in found or "（" in found:
        found = _unread(found)
    return found[-width:] if step < 0 else found[:width]


def _unread(text: str) -> str:
    """``text`` without the readings glued in it."""
    from jiyao.cleaning.glued import GLUED_PINYIN

    return GLUED_PINYIN.sub("", text)
