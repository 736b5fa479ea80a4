"""Repair text whose bytes were partly lost before it was decoded (``?`` and the
characters after it read out of phase).

A GBK page's runs, phantoms and lost characters are read by :mod:`.gbk_runs`; a page
whose every character Big5 has may have been a Big5 page, and its runs are read as
Big5 too (:mod:`.big5_runs`): the reading that fits its context best is kept, one
encoding per page. Candidates are scored by :mod:`.chooser`; which ``?`` are lost
bytes at all, :mod:`.loss_marks` decides. Marks no reading fits are flagged, not guessed.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections.abc import Callable, Mapping

from jiyao import deadline
from jiyao.cleaning import big5_runs, gbk_beam, regex_cache
from jiyao.cleaning.chooser import Chooser, RunBytes, best, unmarked
from jiyao.cleaning.gbk_runs import (
    LONE_TRAIL_CONFIDENCE,
    lone_trail_at,
    read_run,
    repair_gbk,
    repair_trail_after_ascii_mark,
)
from jiyao.cleaning.glued import (
    GLUED_PINYIN,
    chars_read,
    damaged_reading_edit,
    in_damaged_reading,
    reading_cost,
    reading_of,
)
from jiyao.cleaning.loss_marks import (
    LOSS_MARKS,
    LOST_CHARACTER,
    asks,
    bare,
    blank_date,
    cjk_after,
    closable,
    marks_pair_up,
    next_mark,
    opens_line,
    stretch_end,
)
from jiyao.cleaning.lost_whole import lost_whole
from jiyao.cleaning.model import Edit, RepairKind, contains_any
from jiyao.cleaning.name_prior import PRIOR_CONTEXT, in_name
from jiyao.cleaning.plausibility import common_characters
from jiyao.cleaning.script import is_han

# A page's marks read as Big5 must beat GBK by this much in all (log-probability):
# mainland sites are GBK. A mark only one encoding reads counts this much for it, and so
# does a mark GBK read surely (below). Chosen on dev, each run alone: at 6 and 10 no GBK
# run is lost; at 0 and 1 one is, at 3 and 6 two.
_BIG5_HEAD_START = 6.0
_ONE_SIDED = 10.0
# A GBK repair this sure is not asked of Big5 while deciding the page's encoding: a GBK
# page then costs ~5% more, not ~45% (garbled seeds). Dev: Big5 runs restored 91.8% when
# every mark is asked, 86.9% at 0.99, 82.0% at 0.9; GBK runs the same.
_SURE = 0.9
# A trail byte after an ASCII comma on a page that may be Big5 is read as GBK's only when
# that reads better than its best Big5 reading by this much (log-probability).
_OVER_BIG5 = 2.0
# Where such a trail byte may be (see gbk_runs.lone_trail_at): an ASCII mark, spaces, ?, the byte.
_TRAIL_AFTER_ASCII_MARK = regex_cache.compile(r"[,;:][ \u3000]*\?[\x40-\x7e]")
# Marks GBK is unsure of that are asked of Big5 to decide, at most (real pages have a few).
_BIG5_ASKS = 24


def has_loss_marks(text: str) -> bool:
    """Whether ``text`` holds a mark a decoder writes for bytes it could not read (``?``,
    U+FFFD): where none is, there is nothing to repair or flag (most reports)."""
    return contains_any(text, _LOSS_MARKS)


_LOSS_MARKS = tuple(LOSS_MARKS)


def characters_lost_whole(text: str) -> list[Edit] | None:
    """Each ``?`` marked □ on a page whose ``?`` stand for characters its encoding could not
    hold (:mod:`.lost_whole`), where no byte is left to read; None on any other page. A
    question's mark is the page's own even at a line's end only where its words ask one
    (召? ends a title whose 开 was lost)."""
    return lost_whole(text, functools.partial(_asks, by_place=False))


def find_repairs(text: str, known_names: frozenset[str] = frozenset()) -> list[Edit]:
    """Edits that restore every out-of-phase run, phantom and lost character in ``text``:
    read as a GBK page's, or as a Big5 page's when the page may be one and its loss marks
    read better so (a page has one encoding: its runs are read all one way)."""
    if not has_loss_marks(text):
        return []
    chooser = functools.cache(lambda: Chooser(text, known_names))  # only for marks worth reading
    edits = _repairs(text, chooser, repair_gbk)
    if not chooser.cache_info().currsize or not _maybe_big5(chooser().document.unigrams):
        return _gbk_page(text, chooser, edits)
    # Marks GBK read surely are not asked of Big5 to decide (most of a GBK page's: the
    # page then costs little more); if Big5 wins, it reads them all.
    # A lone trail byte is not among them: how surely GBK reads it says nothing of the
    # encoding (`出?u會`: GBK's 賣 at 0.998, where the Big5 page had 席).
    # Nor a reading with a character rare in text: sure of its bytes, it may be their other
    # encoding's (`安全?酋w工作`: GBK's 是鮳 at 0.97, where the Big5 page had 穩定).
    sure = {
        edit.start: edit
        for edit in edits
        if edit.confidence >= _SURE and not lone_trail_at(text, edit.start) and _all_common(edit.replacement)
    }
    read_big5 = functools.cache(lambda anchor: _repair_big5(text, anchor, chooser()))
    unsure = 0

    def ask(anchor: int) -> Edit | None:
        nonlocal unsure
        if anchor in sure:
            return sure[anchor]
        unsure += 1
        # A page of random `?X` would be read twice over: the first marks decide.
        return read_big5(anchor) if unsure <= _BIG5_ASKS else None

    asked = _repairs(text, chooser, lambda _, anchor, __: ask(anchor))
    votes = _big5_votes(text, chooser(), edits, asked)
    if votes > _BIG5_HEAD_START:
        return _repairs(text, chooser, lambda _, anchor, __: read_big5(anchor))
    return _gbk_page(text, chooser, edits, maybe_big5=True)


def _gbk_page(text: str, chooser: Callable[[], Chooser], edits: list[Edit], *, maybe_big5: bool = False) -> list[Edit]:
    """``edits``, and on a page now read as GBK the lone trail bytes after its ASCII commas
    that no edit read (``宋雅琴,?^委常委`` → 區委常委). GBK by default is no evidence: on a
    page that may be Big5, such a reading is kept only where it reads clearly better than
    the byte's best as Big5 (籲求 for 要求, 極爭 for 力爭, on Big5 pages whose marks
    neither encoding read surely)."""
    if not _TRAIL_AFTER_ASCII_MARK.search(text):
        return edits  # most pages: no second pass over their marks
    by_start = {edit.start: edit for edit in edits}

    def repair(text: str, anchor: int, reader: Chooser) -> Edit | None:
        if anchor in by_start:
            return by_start[anchor]
        edit = repair_trail_after_ascii_mark(text, anchor, reader)
        if edit is None or not maybe_big5 or _beats_big5(text, edit, reader):
            return edit
        return None

    return _repairs(text, chooser, repair)


def _beats_big5(text: str, edit: Edit, chooser: Chooser) -> bool:
    """Whether GBK's reading of a lone trail byte reads better than the byte's best Big5
    reading, by more than :data:`_OVER_BIG5`."""
    left, right = chooser.context(edit.start, edit.end)
    other = chooser.choose(list(gbk_beam.characters(None, ord(text[edit.start + 1]), "big5")), left, right)
    return other is None or (
        chooser.in_context(left, edit.replacement, right) - chooser.in_context(left, other.text, right) > _OVER_BIG5
    )


def _all_common(reading: str) -> bool:
    common = common_characters()
    return all(char in common or not is_han(char) for char in reading)


def _repairs(
    text: str, chooser: Callable[[], Chooser], repair: Callable[[str, int, Chooser], Edit | None]
) -> list[Edit]:
    edits: list[Edit] = []
    repaired_to: dict[int, str] = {}  # where the runs read so far end: their last characters
    started = False
    pos = next_mark(text, 0)
    while pos < len(text):
        deadline.check()
        if (reading := damaged_reading_edit(text, pos, repaired_to)) is not None:
            # A reading glued to a character, a byte of it damaged (韓(há?n)): no lost byte
            # of the text's to read (its marks had read as 唵), but the reading, which goes.
            edits.append(reading)
            pos = next_mark(text, reading.end)
            continue
        if in_damaged_reading(text, pos, repaired_to) is not None:
            # A mark among a reading's letters, or ASCII text's own: no lost byte of the
            # text's either way (:func:`unresolved` flags the first).
            pos = next_mark(text, pos + 1)
            continue
        stretch = stretch_end(text, pos)
        if (
            bare(text, pos, stretch, line_start_read=True, repaired_to=repaired_to)
            or _asks(text, pos, stretch)
            or blank_date(text, pos, stretch)
        ):
            pos = next_mark(text, stretch)
            continue
        reader = chooser()
        if not started:
            reader.start_pass()
            started = True
        edit = repair(text, pos, reader)
        if edit is not None and edit.end <= stretch and _indent_between_paragraphs(text, pos, stretch, edit, reader):
            edit = None
        if edit is not None and edit.end <= stretch and opens_line(text, pos):
            # Marks that open a line read into words with no byte after them to read: an
            # indent (a page's &nbsp;&nbsp; written as ?? by GBK, which lacks U+00A0), and
            # the words invented (??會議傳達 had read 在，會議傳達; ??9月5日, 月，9月5日).
            edit = None
        # A stretch of marks is read from its first: one left unread stays whole, so that
        # cleaning the output again finds nothing new to read (``??笔榧`` not as ``?`` + ``?笔榧``).
        pos = next_mark(text, edit.end if edit is not None else stretch)
        if edit is not None:
            edits.append(edit)
            if edit.replacement:
                repaired_to[edit.end] = edit.replacement[-1]
            reader.remember(edit)
    return edits


def _indent_between_paragraphs(text: str, pos: int, stretch: int, edit: Edit, reader: Chooser) -> bool:
    """Whether two or three marks after a sentence's end, before text in phase (a word's
    character, a digit), read better as nothing than as ``edit``'s reading of them: a
    paragraph's ``&nbsp;&nbsp;`` written as ``??``, its line break lost (``會議。??韓振宇強調``
    had read 會議。要，韓振宇). No byte is left there to read; a reading must earn its place."""
    if not _may_indent_paragraph(text, pos, stretch):
        return False
    return reader.nothing_reads_better(unmarked(edit.replacement, edit.note), *reader.context(pos, stretch))


def _may_indent_paragraph(text: str, pos: int, stretch: int) -> bool:
    following = text[stretch : stretch + 1]
    return (
        2 <= stretch - pos <= _INDENT_MARKS
        and not text[pos:stretch].strip("?")
        and text[pos - 1 : pos] in _SENTENCE_ENDS
        and (is_han(following) or "0" <= following <= "9")
    )


_SENTENCE_ENDS = frozenset("。！？；”）")
_INDENT_MARKS = 3


def _asks(text: str, pos: int, end: int, *, by_place: bool = True) -> bool:
    """:func:`asks` of the text as it reads without the readings glued around the marks
    (對嗎(ma)?大家 as 對嗎?大家, 責(zé)任(rèn)?會議 as 責任?會議: the reading had hidden the
    question's words, and the marks were flagged), but not marks that end a line where a
    name goes on (县自然资源局局长 蒙志?? in a minutes' list: no one asks a question there;
    the name's last character was lost; 周曉(xiǎo)???, the name seen past its reading)."""
    before = GLUED_PINYIN.sub("", text[max(0, pos - _WITH_READINGS) : pos])
    after = GLUED_PINYIN.sub("", text[end : end + _WITH_READINGS])
    if after.lstrip(" ")[:1] in (")", "）") and _in_brackets(text, pos):
        # The whitespace pass takes a space before a closing bracket out (書(=h? )長 →
        # 書（=h?）長): judged as a second cleaning reads it, the mark before it asks nothing.
        # (A bracket whose opening was lost, 毛麗l? )娟, is the glued-pinyin pass's to take.)
        after = after.lstrip(" ")
    at, marks = len(before), end - pos
    if not asks(before + text[pos:end] + after, at, at + marks, by_place=by_place):
        return False
    if after[:1] not in ("", "\n"):
        return True
    return not in_name(before[-PRIOR_CONTEXT:])


def _in_brackets(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside a bracket opened on its line, within a reading's length."""
    start = max(0, pos - 9, text.rfind("\n", 0, pos) + 1)
    opening = max(text.rfind(mark, start, pos) for mark in "(（")
    return opening >= 0 and not any(mark in text[opening:pos] for mark in ")）")


_WITH_READINGS = 8 * PRIOR_CONTEXT  # the context's characters, each with a reading glued on


def _big5_votes(text: str, chooser: Chooser, gbk: list[Edit], big5: list[Edit]) -> float:
    """How much better the loss marks read as a Big5 page's than as a GBK page's (Big5 is
    kept above GBK's head start: mainland sites are GBK): summed over the marks both read,
    how much better the Big5 repair reads in its context; a mark only one reads counts a
    fixed amount for it."""
    by_start = {edit.start: edit for edit in gbk}
    votes = 0.0
    for edit in big5:
        other = by_start.pop(edit.start, None)
        if other is edit:  # a mark GBK read surely, not asked of Big5: a vote for GBK
            votes -= _ONE_SIDED
        else:
            votes += _ONE_SIDED if other is None else _gain(text, chooser, edit, other)
    return votes - _ONE_SIDED * len(by_start)


def _gain(text: str, chooser: Chooser, first: Edit, second: Edit) -> float:
    """How much better ``first`` reads than ``second`` (log-probability) over the stretch
    either covers."""
    end = max(first.end, second.end)
    left, right = chooser.context(first.start, end)

    def reads(edit: Edit) -> float:
        # A name's characters marked □ are weighed as read: the mark is for the reader.
        reading = unmarked(edit.replacement, edit.note)
        return chooser.in_context(left, reading + GLUED_PINYIN.sub("", text[edit.end : end]), right)

    return reads(first) - reads(second)


def unresolved(text: str, edits: list[Edit]) -> list[Edit]:
    """Loss marks that look like lost bytes (not the page's own ``???``) and that no edit
    repaired: each with the run after it, to flag. The run stays as received, but its
    ``?`` become ``□``: a question mark there would be read as one (and widened to ``？``),
    and cleaning the text again would try the bytes again in another context."""
    flagged: list[Edit] = []
    pos = next_mark(text, 0)
    if pos >= len(text):
        return flagged  # no mark at all: most reports
    covered = _Covered(edits)
    repaired_to = {edit.end: edit.replacement[-1] for edit in edits if edit.replacement}
    note = f"damaged bytes left as received, lost characters marked {LOST_CHARACTER}: no reading was clearly better"
    while pos < len(text):
        stretch = stretch_end(text, pos)
        if not covered(pos) and not text[pos:stretch].strip(_REPLACEMENT):
            # U+FFFD is never the page's own (as ``???`` may be): however many, characters lost.
            flagged.append(Edit(pos, stretch, LOST_CHARACTER * (stretch - pos), RepairKind.UNRESOLVED, 0.0, note))
            pos = next_mark(text, stretch)
            continue
        if covered(pos):
            # The marks after the repair's end are read on their own (精�?� where the repair took �?).
            pos = next_mark(text, max(covered.reach, pos + 1))
            continue
        if (in_reading := in_damaged_reading(text, pos, repaired_to)) is not None:
            # A reading's damage is flagged where it stands (縣□（zh□ng）); ASCII text's own
            # question in brackets (問道(why?)) stays.
            if in_reading:
                flagged.append(Edit(pos, pos + 1, LOST_CHARACTER, RepairKind.UNRESOLVED, 0.0, _READING_NOTE))
            pos = next_mark(text, pos + 1)
            continue
        # A stretch with a U+FFFD in it is damage, whatever marks stand beside it (守?� for
        # 守住: no question's mark); else marks that may indent a paragraph, and that no
        # reading was found for, are an indent.
        page_s_own = (
            bare(text, pos, stretch, repaired_to=repaired_to)
            or _asks(text, pos, stretch)
            or _may_indent_paragraph(text, pos, stretch)
        )
        if page_s_own and _REPLACEMENT not in text[pos:stretch]:
            pos = next_mark(text, stretch)
            continue
        if blank_date(text, pos, stretch):
            # The marks alone: the date's 月 and 日 after them are the page's, read in phase.
            blank = LOST_CHARACTER * (stretch - pos)
            flagged.append(Edit(pos, stretch, blank, RepairKind.UNRESOLVED, 0.0, _BLANK_NOTE))
            pos = next_mark(text, stretch)
            continue
        if lone_trail_at(text, pos, after_ascii_marks=True):
            # ``主任?R華``, ``宋雅琴,?^委``: the trail byte shown as R is the lost character's, not text.
            flagged.append(Edit(pos, pos + 2, LOST_CHARACTER, RepairKind.UNRESOLVED, 0.0, note))
            pos = next_mark(text, pos + 2)
            continue
        run = read_run(text, pos + 1)
        end = run.end if run is not None else pos + 1
        marked = text[pos:end].replace("?", LOST_CHARACTER).replace(_REPLACEMENT, LOST_CHARACTER)
        flagged.append(Edit(pos, end, marked, RepairKind.UNRESOLVED, 0.0, note))
        pos = next_mark(text, end)
    return flagged


_REPLACEMENT = "\ufffd"
_READING_NOTE = f"a glued reading's letter lost, marked {LOST_CHARACTER}: no reading of the character before it"
_BLANK_NOTE = f"a date's number the page left blank or lost, marked {LOST_CHARACTER}"
# U+FFFD twice in UTF-8 (EF BF BD EF BF BD), read as GBK: 锟斤拷 (錕斤拷 once converted to
# traditional script) — what a site wrote where characters were lost before it saved the page.
_REPLACEMENTS_AS_GBK = regex_cache.compile(r"(?:[锟錕]斤拷)+")


def replacements_read_as_gbk(text: str) -> list[Edit]:
    """Each 锟斤拷 (two U+FFFD, read as GBK) marked as the two characters lost it stands for:
    no byte of them is left to read."""
    note = f"锟斤拷 (U+FFFD twice, read as GBK): characters lost before the page was saved, marked {LOST_CHARACTER}"
    return [
        Edit(m.start(), m.end(), LOST_CHARACTER * (2 * len(m.group()) // 3), RepairKind.UNRESOLVED, 0.0, note)
        for m in _REPLACEMENTS_AS_GBK.finditer(text)
    ]


class _Covered:
    """Whether an offset lies inside one of the edits, asked at offsets that only grow:
    the edits in order and the furthest end so far (a page of thousands of marks had asked
    each one of every edit: quadratic, 105 s for 250 k characters)."""

    def __init__(self, edits: list[Edit]) -> None:
        in_order = all(a.start <= b.start for a, b in itertools.pairwise(edits))  # as found: no copy
        self._edits = edits if in_order else sorted(edits, key=operator.attrgetter("start"))
        self._next = 0
        self._reach = -1

    def __call__(self, pos: int) -> bool:
        edits = self._edits
        while self._next < len(edits) and edits[self._next].start <= pos:
            self._reach = max(self._reach, edits[self._next].end)
            self._next += 1
        return self._reach > pos

    @property
    def reach(self) -> int:
        """The furthest end of the edits asked about so far."""
        return self._reach


def _maybe_big5(unigrams: Mapping[str, int]) -> bool:
    """Whether the page may have been Big5: its Han characters, a few of the site's own
    lines aside, all in Big5 (a simplified page's 会 or 县 are not)."""
    han = "".join(filter(is_han, unigrams))
    missing = han.encode("big5", errors="replace").count(b"?")  # one call, not one per character
    return len(han) > 20 and missing <= len(han) // 20


def _repair_big5(text: str, anchor: int, chooser: Chooser) -> Edit | None:
    """The run at ``anchor`` read as a Big5 page's (:mod:`.big5_runs`)."""
    run = big5_runs.read_run(text, anchor)
    if run is None:
        return None
    glued = GLUED_PINYIN.match(text, run.end)
    last_read = reading_of(glued) if glued else None
    last = big5_runs.last_choices(run, chars_read(last_read) if last_read is not None else None)
    left, right = chooser.context(anchor, run.end)
    scored: dict[str, float] = {}  # a longer run's readings, each scored in context
    if len(run.stream) == 2:
        # One character (``?|``, ``??``): its candidates weighed in the whole context. A
        # trail read as ASCII only before Chinese text and not after a letter (``A?B`` is
        # the page's own); a third of Big5 trails are ASCII, so also after a digit or at a
        # line's start (2023?~ for 2023年, ?X席 for 出席), where GBK's lone trails are not read.
        before = chooser.context(anchor, anchor)[0][-1:]
        if (
            run.unreadable_before is None
            and not glued
            and (not cjk_after(text, anchor + 2) or (before.isascii() and before.isalpha()))
        ):
            return None
        pool = last if last is not None else gbk_beam.characters(None, run.stream[1], "big5")
        choice = chooser.choose(list(pool), left, right, last_read)
        if choice is None or (not glued and choice.confidence < LONE_TRAIL_CONFIDENCE):
            return None  # one trail byte, or none, fits ~100 characters: only a clear winner
        repaired, confidence = choice.text, choice.confidence
    else:
        readings = chooser.decode(
            list(run.stream), frozenset(), left, last, codec="big5", closable=closable(text, anchor)
        )
        scored = {
            reading: chooser.in_context(left, reading, right)
            + (reading_cost(reading[-1], last_read) if last_read is not None else 0.0)
            for reading, _ in readings
            if marks_pair_up(reading, text, anchor, run.end)
        }
        if not scored:
            return None
        repaired, confidence = best(scored)
    if not chooser.beats_raw(repaired, text[anchor : run.end], left, right):
        return None
    guessed = ""
    if len(run.stream) > 2 or not glued:  # one character with its reading glued: pinned
        repaired, guessed = chooser.mark_guessed_names(
            repaired, RunBytes(run.stream, last=last, codec="big5"), (left, right)
        )
    if scored:
        repaired, guessed = chooser.mark_unsure(repaired, guessed, scored, (left, right))
    return Edit(anchor, run.end, repaired, RepairKind.MOJIBAKE, confidence, "Big5 run re-decoded in phase" + guessed)
