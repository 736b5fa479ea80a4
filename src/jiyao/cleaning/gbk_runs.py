"""Reading a GBK page's lost bytes back.

What the scrapers did: a page in GBK lost one lead byte (it shows as ``?``), and
the bytes after it were decoded in pairs shifted by one — (trail of one
character, lead of the next) — until an ASCII-range byte put the decoder back
in phase. Full-width punctuation met inside such a run was flattened to ASCII
(``！`` → ``!``). Re-encoded and prefixed with the lost lead byte, the run
decodes in phase again::

    ?!坝袉栴}  →  A1 | A3A1 B0D3 D086 968A 7D  →  。“有問題

Three shapes occur, alone or together:

* **lost lead byte** — ``?`` then an out-of-phase run; the lead byte is chosen
  among every byte that makes the run decode, by plausibility in context;
* **phantom** — ``?`` then pinyin then ``)``: a character made of the previous
  character's trail byte and the next one's lead byte was annotated with its
  reading by the site's converter (``們?cè)谒季S``: 冊 = 83 D4, 83 is 們's trail,
  D4 is 在's lead). The phantom pins the lost lead byte exactly and is dropped;
* **lost character** — ``?`` then the pinyin that survived it (``?zhèn)``):
  chosen among every character with that reading, by plausibility in context.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from jiyao.cleaning import gbk_beam, regex_cache
from jiyao.cleaning.chooser import Chooser, RunBytes, best, guessed_names_note, left_context, unmarked
from jiyao.cleaning.glued import GLUED_PINYIN, PINYIN_CLOSE, chars_read, reading_cost, reading_of
from jiyao.cleaning.loss_marks import FLATTENED, LOSS_MARKS, LOST_CHARACTER, cjk_after, closable, marks_pair_up
from jiyao.cleaning.model import Edit, RepairKind
from jiyao.cleaning.name_prior import may_name
from jiyao.cleaning.script import is_han

# Out-of-phase runs seen in the wild are 1–8 characters; reading further only costs time
# (each `?` would re-read the rest of a long run: quadratic) and invites invention.
_MAX_RUN_CHARS = 24

# One surviving trail byte fits ~100 characters: repair only when the context is clear.
LONE_TRAIL_CONFIDENCE = 0.6
# Where a name goes, a character no text vouches for is a guessed name: surer still.
# (Dev: from 0.75 to 0.95, Big5 runs restored 92.1% → 93.4%, the rest the same; at 0.7 as
# before. 羅 of 市長?_建華 reads at 0.80, GBK's 關 for a Big5 byline's 周 at 0.63.)
_NAME_LONE_TRAIL_CONFIDENCE = 0.75


def _lone_trail_confidence(left: str) -> float:
    """How sure a GBK reading of one surviving trail byte after ``left`` must be. (A Big5
    page's lone character keeps 0.6 where a name goes: at 0.75 dev lost a run it reads right.)"""
    return _NAME_LONE_TRAIL_CONFIDENCE if may_name(left) else LONE_TRAIL_CONFIDENCE


# A run that opens with ``?``: read as an unreadable pair, the bytes leave one character
# free and the next one half free, and the text model fills them with a common word;
# read as the flattened ``？`` every byte is accounted for. The unreadable reading pays for
# its freedom (dev: 。縣 stays, 會議 for ``??h`` only where it reads far better).
_OPENING_HOLE_COST = 9.0
_ALL_BYTES = range(0x81, 0xFF)
_LINE_END_MARKS = ("。", "”", "）", "！", "？", "；", "：")
_ALL_TRAILS = [b for b in range(0x40, 0xFF) if b != 0x7F]


_gbk = gbk_beam.gbk_bytes
_decode_pair = gbk_beam.pair_char


@dataclass(frozen=True)
class Run:
    """An out-of-phase run: its raw end in the text and its bytes (lead byte missing)."""

    end: int
    data: bytes
    dangling: bool  # the last byte is a lead whose trail was lost
    # The dangling character's own reading survived after the run: its trail byte and the
    # ``(`` were read as one bad pair and skipped (``起韝xiàng)`` for 逐項(xiàng)).
    reading: str | None = None
    # Offsets in ``data`` of pairs the decoder could not read and wrote as ``?`` (or a
    # flattened ``？``: the bytes there are A3 BF until the beam says otherwise).
    holes: tuple[int, ...] = ()
    # The run opens with ``?``: a pair the decoder could not read, or a flattened ``？``
    # (A3 BF) — the bytes alone don't tell, so the beam reads both.
    opens_with_mark: bool = False
    # The run ends with ``?`` before an ASCII byte that is no trail (``,``, a digit, ``(``)
    # or the line end: the last character's trail byte, alone, written as ``?``. The ASCII
    # byte stays what it was (every decoder reads it as itself).
    lone_trail: bool = False


def read_run(text: str, start: int) -> Run | None:
    data = bytearray()
    holes: list[int] = []
    opens_with_mark = text[start : start + 1] == "?"
    pos = start
    limit = min(len(text), start + _MAX_RUN_CHARS)
    while pos < limit:
        char = text[pos]
        encoded = _gbk(char)
        if encoded is not None:
            data += encoded
            pos += 1
            continue
        if char == "?" and _no_trail_after(text, pos + 1):
            # ``饧?⏎`` for 見。, ``?猩?,`` for 招商，: the last trail byte met the line end or an
            # ASCII byte and was written alone. With nothing read before it, the ``?`` is that
            # trail, not an unreadable pair opening the run.
            return Run(pos + 1, bytes(data), True, None, tuple(holes), opens_with_mark and bool(data), True)
        if char in FLATTENED and pos + 1 < len(text) and not PINYIN_CLOSE.match(text, pos + 1):
            flattened = _gbk(FLATTENED[char])
            following = text[pos + 1]
            if flattened is not None and (_gbk(following) or following in FLATTENED or 0x40 <= ord(following) <= 0x7E):
                if char == "?" and data:
                    holes.append(len(data))
                data += flattened
                pos += 1
                continue
        if data and len(data) % 2 == 0 and (glued := PINYIN_CLOSE.match(text, pos)) and chars_read(reading_of(glued)):
            return Run(glued.end(), bytes(data), True, reading_of(glued), tuple(holes), opens_with_mark)
        if data and 0x40 <= ord(char) <= 0x7E and char not in FLATTENED:
            # An ASCII-range byte as the last trail: the decoder is back in phase after it.
            data.append(ord(char))
            return Run(pos + 1, bytes(data), False, None, tuple(holes), opens_with_mark)
        break
    if not data or (pos == limit and limit < len(text)):
        return None  # nothing read, or longer than any run we trust
    return Run(pos, bytes(data), len(data) % 2 == 0, None, tuple(holes), opens_with_mark)


def _no_trail_after(text: str, pos: int) -> bool:
    """Whether ``text[pos]`` ends a run whose last trail byte it followed: a line end, or an
    ASCII byte below 0x40 that is no trail (``!`` and ``?`` there are flattened marks)."""
    following = text[pos : pos + 1]
    return following in ("", "\n") or (following < "\x40" and following not in FLATTENED)


def _decode_in_phase(data: bytes) -> str | None:
    """``data`` read as pairs, each one printable character, or None. One decode of the
    whole: half as many characters as bytes means every one took a pair (GBK has no longer
    sequence), in phase from the first."""
    if len(data) % 2:
        return None
    try:
        decoded = data.decode("gbk")
    except UnicodeDecodeError:
        return None
    return decoded if 2 * len(decoded) == len(data) and decoded.isprintable() else None


def _finish(run: Run, lead: int, trail_choices: range | list[int]) -> list[str]:
    """Every in-phase decoding of ``lead + run`` (with each trail if one is missing)."""
    data = bytes([lead]) + run.data
    if not run.dangling:
        decoded = _decode_in_phase(data)
        return [decoded] if decoded else []
    out = []
    for trail in trail_choices:
        decoded = _decode_in_phase(data + bytes([trail]))
        if decoded:
            out.append(decoded)
    return out


def repair_gbk(text: str, anchor: int, chooser: Chooser) -> Edit | None:
    """The repair of the loss mark at ``anchor``, read as a GBK page's."""
    prev = text[anchor - 1] if anchor else ""
    pinyin = PINYIN_CLOSE.match(text, anchor + 1)
    if pinyin:
        reading = reading_of(pinyin)
        phantom = _phantom(prev, reading, text, pinyin.end(), chooser, anchor)
        if phantom is not None:
            return phantom
        return _lost_character(text, anchor, pinyin.end(), reading, chooser, RepairKind.LOST_CHARACTER)
    if text[anchor + 1 : anchor + 2] == "?" and (
        glued := GLUED_PINYIN.match(text, anchor + 2) or PINYIN_CLOSE.match(text, anchor + 2)
    ):
        # ``??(huì )``: the lost lead, the trail written alone before the reading's ``(``
        # (``??huì )``: PHP's mbstring took the ``(`` with it); the reading is all that is
        # left of the character.
        return _lost_character(text, anchor, glued.end(), reading_of(glued), chooser, RepairKind.LOST_CHARACTER)
    if lone_trail_at(text, anchor):
        glued = GLUED_PINYIN.match(text, anchor + 2)
        return _lone_trail(text, anchor, ord(text[anchor + 1]), chooser, reading_of(glued) if glued else None)
    run = read_run(text, anchor + 1)
    edit = _repair_run(text, anchor, run, chooser) if run is not None else None
    mbstring = _mbstring_end(text, anchor, chooser)
    if mbstring is None or edit is None:
        return edit or mbstring
    if _YEAR_LOST_DIGIT.match(text, mbstring.end):
        return mbstring  # read in phase, a year would start with 0: its 2 went with the run
    return _reads_best(text, anchor, [edit, mbstring], chooser)


def _reads_best(text: str, anchor: int, edits: list[Edit], chooser: Chooser) -> Edit:
    """The one of ``edits`` (all from ``anchor``) that reads best over the same stretch:
    each repair, then the page as it stands up to where the longest ends (the first on a tie)."""
    end = max(e.end for e in edits)
    left, right = chooser.context(anchor, end)
    # A day's lost digit (9月□日) is weighed as a digit, a character marked □ as read: □
    # itself is no text.
    return max(
        edits,
        key=lambda e: chooser.in_context(
            left, unmarked(e.replacement, e.note).replace(_LOST_DAY, "月1") + text[e.end : end], right
        ),
    )


_MBSTRING_MARKS = ("，", "：", "；")
# A ``?`` inside the run is an unreadable pair, up to this many (each way an end may be is
# one decode more). Runs of 5–8 characters hold three or four (`?踩???笈挪榇笳??对` for
# 安全生产大排查大整治，对: with two, the run was read to its third ``?`` and the rest left).
_MBSTRING_HOLES = 4
_DAY_UNITS = frozenset("日号")
_LOST_DAY = "月" + LOST_CHARACTER
_MBSTRING_CONFIDENCE = 0.5


def _mbstring_end(text: str, anchor: int, chooser: Chooser) -> Edit | None:
    """``?猩?全年`` for 招商，全年, as PHP's mbstring reads a page: it took the ASCII byte
    after the last lone trail (a comma, most often) as that trail, and wrote one ``?`` for
    both; the text after it is in phase. The lost byte is read as the mark that fits best;
    a lost digit cannot be told (no repair)."""
    found: list[Edit] = []
    data = bytearray()
    holes: list[int] = []
    opens_with_mark = read = False  # read: a byte of the page's own, not a ``?``'s stand-in
    for end in range(anchor + 1, min(len(text), anchor + 1 + _MAX_RUN_CHARS)):
        char = text[end]
        if char != "?":
            encoded = _gbk(char)
            if encoded is None:
                break
            data += encoded
            read = True
            continue
        # This ``?`` may end the run (the last trail and an ASCII byte), or be a pair the
        # decoder could not read inside it: each way is read, the best kept. Not after
        # stand-ins only: ``???会议`` is an indent, no bytes to read.
        if read or not data:
            run = Run(end + 1, bytes(data), True, None, tuple(holes), opens_with_mark, lone_trail=True)
            edit = _mbstring_end_at(text, anchor, end, run, chooser)
            if edit is not None:
                found.append(edit)
        if not data:
            # ``??昴勘耆挝?确保`` for 全年目标任务，确保: a run that opens with a pair the
            # decoder could not read, or a flattened ？ — both read, as read_run reads them.
            opens_with_mark = True
            data += b"\xa3\xbf"
            continue
        if len(holes) == _MBSTRING_HOLES or not data:
            break
        holes.append(len(data))
        data += b"\xa3\xbf"
    return _reads_best(text, anchor, found, chooser) if found else None


def _mbstring_end_at(text: str, anchor: int, end: int, run: Run, chooser: Chooser) -> Edit | None:
    following = text[end + 1 : end + 2]
    glued = PINYIN_CLOSE.match(text, end + 1)
    if glued and run.data and chars_read(reading_of(glued)):
        # ``鲿?huì )`` for 會(huì ): the ASCII byte taken was the reading's ``(``, and the
        # reading names the character.
        return _repair_run(text, anchor, replace(run, end=glued.end(), reading=reading_of(glued)), chooser)
    lost: tuple[str, ...]
    if is_han(following):
        lost = _MBSTRING_MARKS
    elif following in _CHINESE_MARKS:
        # 一户?、不落 for 一户,、不落: the byte taken was a stray comma before a mark in
        # phase (or a mark of its own, rarely: two marks in a row read worse).
        lost = ("", *_MBSTRING_MARKS)
    elif _YEAR_LOST_DIGIT.match(text, end + 1):
        lost = ("2",)  # a year of this century lost its first digit: 举行?024年 for 举行2024年
    else:
        return None  # a digit, or no in-phase text after: nothing tells what was lost
    edit = _repair_run(text, anchor, run, chooser)
    if edit is None:
        return None
    what = "a lost mark"
    read = unmarked(edit.replacement, edit.note)  # its characters marked □ as read
    if read.endswith("月") and following in _DAY_UNITS:
        # 9??日 for 9月3日: the day's digit was the byte taken, and no text tells which.
        lost, what = (LOST_CHARACTER,), "a lost digit, marked □"
    left, right = chooser.context(anchor, run.end)
    mark = max(lost, key=lambda m: chooser.in_context(left, read + m, right))
    if mark in _MBSTRING_MARKS and not chooser.beats_raw(read + mark, text[anchor : run.end], left, right):
        # The mark read in must earn its place too: 共有??名代表 had read 共有一，名代表. (A
        # lost digit's □ is no text to weigh; 9月□日 is weighed with a digit, _reads_best.)
        return None
    note = edit.note.replace("GBK run re-decoded in phase", f"GBK run re-decoded in phase (PHP's mbstring; {what})")
    # The lost byte is a guess whatever the run reads: never sure enough to keep a page
    # from being asked whether it reads better as Big5.
    confidence = min(edit.confidence, _MBSTRING_CONFIDENCE)
    return edit._replace(replacement=edit.replacement + mark, note=note, confidence=confidence)


# A year of this century whose first digit PHP's mbstring took as a trail byte.
_YEAR_LOST_DIGIT = regex_cache.compile(r"0\d\d年")


def _between_han(text: str, anchor: int, after_ascii_marks: bool = False) -> bool:
    """Whether ``?`` and the ASCII trail after it stand after a Han character or a Chinese
    mark (past any reading glued to it: 議(yì )?K講; 常委、?h委辦) and before Chinese text or a
    line end; ``after_ascii_marks``: past a site's ASCII commas too (宋雅琴,?^委常委)."""
    # A byline's space is no end of the Chinese before it: （記者 ?P曉雯） for 周曉雯.
    before = left_context(text, anchor).rstrip(" \u3000")
    before = (before.rstrip(",;:") if after_ascii_marks else before)[-1:]
    return (is_han(before) or before in _CHINESE_MARKS) and cjk_after(text, anchor + 2)


_CHINESE_MARKS = frozenset("、，。；：“”（）《》")


def lone_trail_at(text: str, anchor: int, after_ascii_marks: bool = False) -> bool:
    """Whether the mark at ``anchor`` is a lost lead byte whose trail survived as the ASCII
    character after it (``?z(jiǎn)``, ``主任?R華``): the two are one character.
    ``after_ascii_marks``: after a site's ASCII comma too (``宋雅琴,?^委``) — for marking
    the two as one lost character; reading them there is left to the run's decoder, as a
    Big5 page's trail reads better so (a GBK lone trail there, tried, read 縣長強調 for
    他強調 on Big5 pages)."""
    trail = text[anchor + 1 : anchor + 2]
    return (
        bool(trail)
        and 0x40 <= ord(trail) <= 0x7E
        and (bool(GLUED_PINYIN.match(text, anchor + 2)) or _between_han(text, anchor, after_ascii_marks))
    )


def repair_trail_after_ascii_mark(text: str, anchor: int, chooser: Chooser) -> Edit | None:
    """The lone trail byte after a site's ASCII comma (``宋雅琴,?^委常委``), read as a GBK
    page's — asked only once the page is known to be GBK: while the encoding is still
    being weighed, such a reading is a vote for GBK, and on Big5 pages it had won
    (縣長強調 for 他強調)."""
    if lone_trail_at(text, anchor) or not lone_trail_at(text, anchor, after_ascii_marks=True):
        return None
    glued = GLUED_PINYIN.match(text, anchor + 2)
    return _lone_trail(text, anchor, ord(text[anchor + 1]), chooser, reading_of(glued) if glued else None)


def _lone_trail(text: str, anchor: int, trail: int, chooser: Chooser, reading: str | None) -> Edit | None:
    """A lost lead byte whose trail survived as ASCII. With the reading glued after it the
    character is pinned (``?z(jiǎn)``: 檢 = 99 7A, read jiǎn); without one (``會?h。``) any
    of ~100 characters fits, and the repair is kept only when one clearly reads best."""
    if reading is None:
        candidates = gbk_beam.characters(None, trail)
    else:
        candidates = tuple(c for c in chars_read(reading) if (_gbk(c) or b"\0\0")[1] == trail)
    left, right = chooser.context(anchor, anchor + 2)
    choice = chooser.choose(list(candidates), left, right, reading)
    if choice is None:
        return None
    if reading is None and (
        choice.confidence < _lone_trail_confidence(left)
        or not chooser.beats_raw(choice.text, text[anchor : anchor + 2], left, right)
    ):
        return None
    why = f"lost lead byte; trail {chr(trail)!r}" + (
        f" and reading {reading} pin the character" if reading else " survived"
    )
    repaired, guessed = choice.text, ""
    if reading is None:
        repaired, guessed = chooser.mark_guessed_names(repaired, RunBytes([None, trail]), (left, right))
    return Edit(anchor, anchor + 2, repaired, RepairKind.MOJIBAKE, choice.confidence, why + guessed)


def _repair_run(text: str, anchor: int, run: Run, chooser: Chooser) -> Edit | None:
    """``?`` + an out-of-phase run, re-read in phase by a beam over its unknown bytes: the
    lost lead byte, pairs the decoder wrote as ``?``, a last trail byte lost with the line.
    A reading glued after the run (or swallowed by it) names the last character."""
    if run.dangling and text[run.end : run.end + 1] in LOSS_MARKS:
        lost = PINYIN_CLOSE.match(text, run.end + 1)
        if lost:
            return _run_then_lost_character(text, anchor, run, lost, chooser)
    end = run.end
    if (framed := _framed_word(text, anchor, run)) is not None:
        note = "GBK run re-decoded in phase (its frame)"
        return Edit(anchor, end, framed, RepairKind.MOJIBAKE, _FRAMED_CONFIDENCE, note)
    last = _last_character(text, anchor, run)
    last_read = _reading_after(text, run)
    left, right = chooser.context(anchor, end)
    scored: dict[str, float] = {}
    read_from: dict[str, RunBytes] = {}  # the bytes each reading was decoded from
    hypotheses = [(run.holes, 0.0)]
    if run.opens_with_mark:
        hypotheses.append(((0, *run.holes), -_OPENING_HOLE_COST))
    lead = _date_lead(text, anchor, run)
    closers_open = closable(text, anchor)
    scored_right: str | None = None
    for holes, charge in hypotheses:
        stream: list[int | None] = [lead, *run.data]
        for hole in holes:
            stream[hole + 1] = stream[hole + 2] = None
        if run.dangling:
            stream.append(None)
        unreadable = frozenset(hole + 1 for hole in holes)
        readings = chooser.decode(stream, unreadable, left, last, closable=closers_open)
        if not readings and last is not None and closers_open.issuperset(last):
            # The quote the line opened may close inside the run (两清零”。 — its ” in the
            # bytes): the hint that the run's last character closes it then fits no reading.
            readings = chooser.decode(stream, unreadable, left, None, closable=closers_open)
        # An opening ``?`` read as a flattened ？ gives the beam two bytes (A3 BF) that are
        # the hypothesis's, not the page's: a name's character built from them is no more
        # vouched for than one the bytes leave open (海况华 for 蒋丽华).
        vouched = stream if 0 in holes or not run.opens_with_mark else [stream[0], None, None, *stream[3:]]
        if readings and scored_right is None:
            scored_right = chooser.right_as_scored(left, [reading for reading, _ in readings], right)
        for reading, _ in readings:
            if not marks_pair_up(reading, text, anchor, end):
                continue
            score = chooser.in_context(left, reading, right if scored_right is None else scored_right) + charge
            if last_read is not None:
                score += reading_cost(reading[-1], last_read)
            if score > scored.get(reading, -math.inf):
                scored[reading], read_from[reading] = score, RunBytes(vouched, unreadable, last)

    if not scored:
        return None  # no reading of the bytes fits (or fits the reading after them): leave it
    repaired, confidence = best(scored)
    if not chooser.beats_raw(repaired, text[anchor:end], left, right):
        return None
    repaired, guessed = chooser.mark_guessed_names(repaired, read_from[repaired], (left, right))
    repaired, guessed = chooser.mark_unsure(repaired, guessed, scored, (left, right))
    return Edit(anchor, end, repaired, RepairKind.MOJIBAKE, confidence, "GBK run re-decoded in phase" + guessed)


def _last_character(text: str, anchor: int, run: Run) -> tuple[str, ...] | None:
    """What the run's last character may be, where the text around it says (None: any the
    bytes allow)."""
    end = run.end
    if (reading := _reading_after(text, run)) is not None:
        return chars_read(reading)
    if not run.lone_trail:
        return None
    if not run.data and (framed := _character_by_digits(text, anchor, end) or _chaired_by(text, anchor, end)):
        return framed
    if run.data and _MONTH_DAY.search(text, max(0, anchor - 8), anchor) and _DAY_AFTER.match(text, end):
        return _RANGE_MARKS  # 6月28日至29日: what joins two days
    lead_lost = not run.data or run.holes[-1:] == (len(run.data) - 2,)
    closer = _closing_mark(text, anchor)
    if closer and not lead_lost and run.data[-1] == (_gbk(closer) or b"\0")[0]:
        # ``到?弧?,`` after “ opened for 到位”，: the mark row fits 、 and ” alike; the open
        # quote tells.
        return (closer,)
    if lead_lost and text[end : end + 1] in ("", "\n"):
        # No byte left of the line's last character (``饧??⏎`` for 見。): a paragraph ends
        # with a mark, which a pair with both bytes lost is otherwise never read as, and
        # closes the （ or “ it opened (``軙增??⏎`` for 曉雯）).
        return (closer,) if closer else (*_LINE_END_MARKS, *gbk_beam.characters(None, None))
    return None


# A character with no byte left beside digits: a date's (``10??9日``) or an ordinal's
# (``召开??15次``); the digits around it tell which one. The text model can't: it counts no
# digits, and 了 is likelier than 月 anywhere.
_DIGIT_FRAMES = (
    (regex_cache.compile(r"(?:^|\D)\d{1,2}$"), regex_cache.compile(r"\d{1,2}[日号號]"), "月"),
    (regex_cache.compile(r"(?:^|\D)\d{1,2}月\d{1,2}$"), regex_cache.compile(r"\D|$"), "日"),
    (regex_cache.compile(r"(?:^|\D)(?:19|20)\d\d$"), regex_cache.compile(r"\d{1,2}月"), "年"),
    (regex_cache.compile(r"\d[日号號][上下中]$"), regex_cache.compile(r""), "午"),
    # A meeting's or a session's ordinal (县政府召开??15次常务会议): 第, as in every report
    # that numbers its meetings; the text model reads the organ's words on (政府党, 召开会).
    (regex_cache.compile(r""), regex_cache.compile(r"\d{1,3}[次届屆](?!数|數)"), "第"),
)


# A month and a day's digits: what follows is the day's 日 (or 号).
_MONTH_DAY = regex_cache.compile(r"(?:^|\D)\d{1,2}月\d{1,2}$")
# The character after a date's digits, where the run that lost its lead byte starts
# (``6月28?罩?29日`` for 6月28日至29日: 日's trail D5 survived, read with 至's lead as 罩).
# The text model reads 空中 there; the digits say 日 — when its trail byte is the one left.
_DATE_NEXT = (
    (_MONTH_DAY, ("日", "号", "號")),
    (regex_cache.compile(r"(?:^|\D)(?:19|20)\d\d$"), ("年",)),
)
# A run from a day's date to the next day's digits: 6月28?罩?29日 is 28日 + what joins them.
_DAY_AFTER = regex_cache.compile(r"\d{1,2}[日号號]")
_RANGE_MARKS = ("至", "到", "和", "、", "—")


def _reading_after(text: str, run: Run) -> str | None:
    """The reading that names the run's last character: swallowed by the run, or glued after it."""
    if run.reading:
        return run.reading
    glued = GLUED_PINYIN.match(text, run.end)
    return reading_of(glued) if glued else None


def _date_lead(text: str, anchor: int, run: Run) -> int | None:
    """The lost lead byte of the run's first character, when a date before it names it."""
    if not run.data or run.opens_with_mark:
        return None
    left = text[max(0, anchor - 8) : anchor]
    for before, characters in _DATE_NEXT:
        if before.search(left):
            for character in characters:
                raw = _gbk(character)
                if raw is not None and raw[1] == run.data[0]:
                    return raw[0]
    return None


def _character_by_digits(text: str, anchor: int, end: int) -> tuple[str, ...] | None:
    left = text[max(0, anchor - 8) : anchor]
    for before, after, character in _DIGIT_FRAMES:
        if before.search(left) and after.match(text, end):
            return (character,)
    return None


# ``会议由X主??,``: who chairs a meeting is named in this frame more than any other, and a
# lost 持 there is the readout's chair. The text model reads 主任 (a commoner word) and
# can't see 由 a clause back; an organ may host (由市委宣传部主办).
_CHAIRED_BY_FRAME = regex_cache.compile(r"由[^，。；,;:：\n]{2,30}主$")
_CLAUSE_END = regex_cache.compile(r"[,，。;；\n]|$")


# Words a frame before them names, read whole when every byte the run kept is theirs
# (会议由市委副书记崔明主??,: 主's trail and 持's lead survived as 鞒; the text model read
# 崔明明出, a name's character and a word).
_FRAMED_WORDS = ((_CHAIRED_BY_FRAME, ("主持", "主办")),)
_FRAMED_CONFIDENCE = 0.9


def _framed_word(text: str, anchor: int, run: Run) -> str | None:
    if not run.data or run.holes or run.opens_with_mark or not run.lone_trail:
        return None
    left = GLUED_PINYIN.sub("", text[max(0, anchor - 60) : anchor])
    for frame, words in _FRAMED_WORDS:
        for word in words:
            raw = b"".join(_gbk(char) or b"" for char in word)
            # The lead byte lost, the run's bytes, the last trail lost before the mark.
            if frame.search(left + word[:1]) and raw[1:-1] == run.data and _CLAUSE_END.match(text, run.end):
                return word
    return None


def _chaired_by(text: str, anchor: int, end: int) -> tuple[str, ...] | None:
    left = GLUED_PINYIN.sub("", text[max(0, anchor - 60) : anchor])
    return ("持", "办") if _CHAIRED_BY_FRAME.search(left) and _CLAUSE_END.match(text, end) else None


_CLOSERS = {"（": "）", "“": "”"}


# How far back a ``（`` or ``“`` is looked for: a paragraph's own quote, not the start of a
# page that has no line breaks (each run looked back to it: quadratic, 4 s for 240 k characters).
_OPENER_REACH = 500


def _closing_mark(text: str, anchor: int) -> str | None:
    """The mark that closes a ``（`` or ``“`` left open in the line before ``anchor``."""
    reach = max(0, anchor - _OPENER_REACH)
    newline = text.rfind("\n", reach, anchor)
    line = text[newline + 1 if newline >= 0 else reach : anchor]
    for opener, closer in _CLOSERS.items():
        if line.rfind(opener) > line.rfind(closer):
            return closer
    return None


def _run_then_lost_character(text: str, anchor: int, run: Run, lost: re.Match[str], chooser: Chooser) -> Edit | None:
    """A dangling run, then ``?`` and the reading of a character lost outright: the lead
    byte, the run's lost last trail, then the lost character, each in turn."""
    end, lost_reading = lost.end(), reading_of(lost)
    left, right = chooser.context(anchor, end)
    leads = [_decode_in_phase(bytes([lead]) + run.data[:-1]) or "" for lead in _ALL_BYTES]
    tails = [_decode_pair(run.data[-1:] + bytes([trail])) or "" for trail in _ALL_TRAILS]
    repaired, confidence = "", 1.0
    steps = ((leads, "", None), (tails, "", None), (list(chars_read(lost_reading)), right, lost_reading))
    for candidates, right_context, reading in steps:
        choice = chooser.choose(candidates, left + repaired, right_context, reading)
        if choice is None:
            return None
        repaired += choice.text
        confidence *= choice.confidence
    if not chooser.beats_raw(repaired, text[anchor:end], left, right):
        return None
    return Edit(anchor, end, repaired, RepairKind.MOJIBAKE, confidence, "GBK run re-decoded in phase")


# A name's character lost whole and read from its glued reading is shown at this share of
# its homophones or more, else marked □. Dev's four such: 0.63 to 1.0, all right; 孫離 for
# 孫麗 (a probe), 0.50.
_LOST_NAME_SURE = 0.6


def _lost_character(
    text: str,
    anchor: int,
    end: int,
    reading: str,
    chooser: Chooser,
    kind: RepairKind,
    lead: int | None = None,
) -> Edit | None:
    chars = [c for c in chars_read(reading) if lead is None or (_gbk(c) or b"\0")[0] == lead]
    left, right = chooser.context(anchor, end)
    choice = chooser.choose(chars, left, right, reading)
    if choice is None:
        return None
    note = f"lost character read {reading}"
    if kind is RepairKind.LOST_CHARACTER and may_name(left) and choice.confidence < _LOST_NAME_SURE:
        # A name's character known by its sound alone, among its homophones (孫離 for 孫麗).
        note += guessed_names_note([f"{choice.text} {choice.confidence:.2f}"])
        return Edit(anchor, end, LOST_CHARACTER, kind, choice.confidence, note)
    return Edit(anchor, end, choice.text, kind, choice.confidence, note)


def _phantom(prev: str, reading: str, text: str, after: int, chooser: Chooser, anchor: int) -> Edit | None:
    """``?<reading>)`` naming a character built from prev's trail and the next lead byte."""
    prev_bytes = _gbk(prev) if prev else None
    if prev_bytes is None:
        return None
    leads = sorted(
        {
            encoded[1]
            for c in chars_read(reading)
            if (encoded := _gbk(c)) is not None and encoded[0] == prev_bytes[1] and encoded[1] >= 0x81
        }
    )
    if not leads:
        return None
    # The next thing is either a lost character with its reading, or an out-of-phase run.
    if text[after : after + 1] in LOSS_MARKS and (nxt := PINYIN_CLOSE.match(text, after + 1)):
        for lead in leads:
            edit = _lost_character(text, anchor, nxt.end(), reading_of(nxt), chooser, RepairKind.PHANTOM, lead)
            if edit is not None:
                return Edit(
                    edit.start,
                    edit.end,
                    edit.replacement,
                    RepairKind.PHANTOM,
                    edit.confidence,
                    f"phantom read {reading} dropped; lead byte {lead:02X} restored",
                )
        return None
    run = read_run(text, after)
    if run is None:
        return None
    left, right = chooser.context(anchor, run.end)
    candidates = [c for lead in leads for c in _finish(run, lead, _ALL_TRAILS)]
    choice = chooser.choose(candidates, left, right)
    if choice is None:
        return None
    return Edit(
        anchor,
        run.end,
        choice.text,
        RepairKind.PHANTOM,
        choice.confidence,
        f"phantom read {reading} dropped; run re-decoded in phase",
    )
