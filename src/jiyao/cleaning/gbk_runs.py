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
from dataclasses import dataclass

from jiyao.cleaning import gbk_beam
from jiyao.cleaning.chooser import Chooser, RunBytes, best
from jiyao.cleaning.glued import GLUED_PINYIN, PINYIN_CLOSE, chars_read, reading_of
from jiyao.cleaning.loss_marks import FLATTENED, LOSS_MARKS, MARKS, cjk_after
from jiyao.cleaning.model import Edit, RepairKind
from jiyao.cleaning.name_prior import in_name
from jiyao.cleaning.script import is_han

# Out-of-phase runs seen in the wild are 1–8 characters; reading further only costs time
# (each `?` would re-read the rest of a long run: quadratic) and invites invention.
_MAX_RUN_CHARS = 24

# One surviving trail byte fits ~100 characters: repair only when the context is clear.
LONE_TRAIL_CONFIDENCE = 0.6
# A skipped pair leaves the last character with its lead byte at most: a guess, kept only
# when one reading stands far above the rest.
_DROPPED_RUN_CHARS = 3
_DROPPED_CONFIDENCE = 0.95
_SKIPPED_MARKS = ("，", "：", "；", "！", "？")
_LINE_END_MARKS = ("。", "”", "）", "！", "？", "；", "：")
_ASCII_MARKS = frozenset(",:;!?.")
# A run that opens with ``?``: read as an unreadable pair, the bytes leave one character
# free and the next one half free, and the text model fills them with a common word;
# read as the flattened ``？`` every byte is accounted for. The unreadable reading pays for
# its freedom (dev: 。縣 stays, 會議 for ``??h`` only where it reads far better).
_OPENING_HOLE_COST = 9.0
_ALL_BYTES = range(0x81, 0xFF)
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
    # The run ends its line with ``?``: its last pair was unreadable (or a flattened ``？``)
    # and the byte after it went with the line end — the last character is a mark.
    ends_line_with_mark: bool = False


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
        if char == "?" and data and len(data) % 2 == 0 and text[pos + 1 : pos + 2] in ("", "\n"):
            # ``饧?⏎`` for 見。: the pair (見's trail, 。's lead) unreadable, 。's trail lost.
            holes.append(len(data))
            return Run(pos + 1, bytes(data) + b"\xa3\xbf", True, None, tuple(holes), opens_with_mark, True)
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


def _decode_in_phase(data: bytes) -> str | None:
    if len(data) % 2:
        return None
    chars = []
    for i in range(0, len(data), 2):
        char = _decode_pair(data[i : i + 2])
        if char is None:
            return None
        chars.append(char)
    return "".join(chars)


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
    trail = text[anchor + 1 : anchor + 2]
    if trail and 0x40 <= ord(trail) <= 0x7E:
        glued = GLUED_PINYIN.match(text, anchor + 2)
        if glued or _between_han(text, anchor, chooser):
            return _lone_trail(text, anchor, ord(trail), chooser, reading_of(glued) if glued else None)
    run = read_run(text, anchor + 1)
    edit = _repair_run(text, anchor, run, chooser) if run is not None else None
    return edit or _dropped_pair(text, anchor, chooser)


def _between_han(text: str, anchor: int, chooser: Chooser) -> bool:
    """Whether ``?`` and the ASCII trail after it stand after a Han character (past any
    reading glued to it: 議(yì )?K講) and before Chinese text or a line end."""
    before = chooser.context(anchor, anchor)[0][-1:]
    return is_han(before) and cjk_after(text, anchor + 2)


def _dropped_pair(text: str, anchor: int, chooser: Chooser) -> Edit | None:
    """``?`` then text that reads in phase at once, or after a few out-of-phase pairs: the
    last character's trail byte met an ASCII byte (``,``, a digit) that is no trail, and
    the decoder skipped the two (``排?做到`` for 排查，做到). The lost ASCII byte is read as
    the mark that fits best, or as a stray comma when a mark follows; a lost digit cannot
    be told, so after a digit the ``?`` stays, flagged."""
    if text[anchor - 1 : anchor].isdigit():
        return _lost_day(text, anchor)
    left, ahead = chooser.context(anchor, anchor + 1)
    most = 0  # out-of-phase characters the run may hold: none with a reading glued inside
    while most < min(_DROPPED_RUN_CHARS, len(ahead) - 1) and text[anchor + 1 + most] == ahead[most]:
        most += 1
    key = (left, ahead, most)
    if key not in chooser.dropped:  # a page repeating one pattern decodes it once
        chooser.dropped[key] = _read_dropped(chooser, left, ahead, most)
    found = chooser.dropped[key]
    if found is None:
        return None
    repaired, k, confidence = found
    if k == 0 and in_name(left):
        # No byte of the character is left, and it names someone (主任范振? for 范振國):
        # the text model's favourite given name is a guess, however sure it looks.
        return None
    end = anchor + 1 + k
    _, right = chooser.context(anchor, end)
    if confidence < _DROPPED_CONFIDENCE or not chooser.beats_raw(repaired, text[anchor:end], left, right):
        return None
    why = "lost lead byte; the last trail byte and an ASCII byte after it were skipped"
    return Edit(anchor, end, repaired, RepairKind.MOJIBAKE, confidence, why)


_MONTH_AND_DAY = re.compile(r"(?<!\d)\d{1,2}月\d{1,2}$")
_DAY_CONFIDENCE = 0.99


def _lost_day(text: str, anchor: int) -> Edit | None:
    """``6月30?,`` for 6月30日，: after a month and a day's digits 日 stands; it lost its
    lead byte, and its trail went with the ASCII byte after it. A Han character
    right after means that byte was the comma. ``12?0日`` (a digit lost with 月) stays."""
    if not _MONTH_AND_DAY.search(text, max(0, anchor - 6), anchor):
        return None
    after = text[anchor + 1 : anchor + 2]
    if after.isdigit():
        return None
    replacement = "日，" if is_han(after) else "日"
    why = "lost lead byte of the day's 日; its trail and an ASCII byte after it were skipped"
    return Edit(anchor, anchor + 1, replacement, RepairKind.MOJIBAKE, _DAY_CONFIDENCE, why)


def _read_dropped(chooser: Chooser, left: str, ahead: str, most: int) -> tuple[str, int, float] | None:
    """The best reading of a skipped pair after ``k <= most`` characters of ``ahead``: the
    replacement, ``k`` and its confidence."""
    candidates: dict[str, tuple[str, int, float]] = {}  # reading → (lost mark, raw characters covered, score)
    for k in range(most + 1):
        stream: list[int | None] = [None]
        for char in ahead[:k]:
            stream += _gbk(char) or b""
        if len(stream) != 2 * k + 1:
            break
        readings = chooser.decode([*stream, None], frozenset(), left)
        # The skipped ASCII byte: a mark, unless a mark follows (then a stray comma).
        after = ahead[k : k + 1]
        lost_marks = ("",) if after in MARKS or after in _ASCII_MARKS else _SKIPPED_MARKS
        if _YEAR_LOST_DIGIT.match(ahead, k):
            lost_marks = ("2",)  # not a mark: the first digit of a year (行?024年)
        for reading, _ in readings:
            # Scored over the same stretch for every k: the reading, then the rest as it
            # stands; the confidence is the reading's, whichever mark it takes.
            score, lost = max((chooser.in_context(left, reading + lost + ahead[k:], ""), lost) for lost in lost_marks)
            if score > candidates.get(reading, ("", 0, -math.inf))[2]:
                candidates[reading] = (lost, k, score)
    if not candidates:
        return None
    ranked = sorted(candidates.items(), key=lambda item: -item[1][2])
    reading, (lost, k, _) = ranked[0]
    return reading + lost, k, gbk_beam.confidence([score for _, (_, _, score) in ranked])


def _lone_trail(text: str, anchor: int, trail: int, chooser: Chooser, reading: str | None) -> Edit | None:
    """A lost lead byte whose trail survived as ASCII. With the reading glued after it the
    character is pinned (``?z(jiǎn)``: 檢 = 99 7A, read jiǎn); without one (``會?h。``) any
    of ~100 characters fits, and the repair is kept only when one clearly reads best."""
    if reading is None:
        candidates = gbk_beam.characters(None, trail)
    else:
        candidates = tuple(c for c in chars_read(reading) if (_gbk(c) or b"\0\0")[1] == trail)
    left, right = chooser.context(anchor, anchor + 2)
    choice = chooser.choose(list(candidates), left, right)
    if choice is None:
        return None
    if reading is None and (
        choice.confidence < LONE_TRAIL_CONFIDENCE
        or not chooser.beats_raw(choice.text, text[anchor : anchor + 2], left, right)
    ):
        return None
    why = f"lost lead byte; trail {chr(trail)!r}" + (
        f" and reading {reading} pin the character" if reading else " survived"
    )
    return Edit(anchor, anchor + 2, choice.text, RepairKind.MOJIBAKE, choice.confidence, why)


def _repair_run(text: str, anchor: int, run: Run, chooser: Chooser) -> Edit | None:
    """``?`` + an out-of-phase run, re-read in phase by a beam over its unknown bytes: the
    lost lead byte, pairs the decoder wrote as ``?``, a last trail byte lost with the line.
    A reading glued after the run (or swallowed by it) names the last character."""
    if run.dangling and text[run.end : run.end + 1] in LOSS_MARKS:
        lost = PINYIN_CLOSE.match(text, run.end + 1)
        if lost:
            return _run_then_lost_character(text, anchor, run, lost, chooser)
    end = run.end
    last: tuple[str, ...] | None = None
    if run.ends_line_with_mark:
        last = _LINE_END_MARKS
    elif run.reading:
        last = chars_read(run.reading)
    elif glued := GLUED_PINYIN.match(text, end):
        last = chars_read(reading_of(glued))
    left, right = chooser.context(anchor, end)
    scored: dict[str, float] = {}
    read_from: dict[str, RunBytes] = {}  # the bytes each reading was decoded from
    hypotheses = [(run.holes, 0.0)]
    if run.opens_with_mark:
        hypotheses.append(((0, *run.holes), -_OPENING_HOLE_COST))
    for holes, charge in hypotheses:
        stream: list[int | None] = [None, *run.data]
        for hole in holes:
            stream[hole + 1] = stream[hole + 2] = None
        if run.dangling:
            stream.append(None)
        unreadable = frozenset(hole + 1 for hole in holes)
        readings = chooser.decode(stream, unreadable, left, last)
        for reading, _ in readings:
            score = chooser.in_context(left, reading, right) + charge
            if score > scored.get(reading, -math.inf):
                scored[reading], read_from[reading] = score, RunBytes(stream, unreadable, last)

    if not scored:
        return None  # no reading of the bytes fits (or fits the reading after them): leave it
    repaired, confidence = best(scored)
    if not chooser.beats_raw(repaired, text[anchor:end], left, right):
        return None
    repaired, guessed = chooser.mark_guessed_names(repaired, read_from[repaired], (left, right))
    if run.dangling and not run.ends_line_with_mark and not run.reading and _YEAR_LOST_DIGIT.match(text, end):
        repaired += "2"  # the ASCII byte lost with the last trail began a year: 举行024年 for 举行2024年
    return Edit(anchor, end, repaired, RepairKind.MOJIBAKE, confidence, "GBK run re-decoded in phase" + guessed)


# A year of this century that lost its first digit with the trail byte before it.
_YEAR_LOST_DIGIT = re.compile(r"0\d\d年")


def _run_then_lost_character(text: str, anchor: int, run: Run, lost: re.Match[str], chooser: Chooser) -> Edit | None:
    """A dangling run, then ``?`` and the reading of a character lost outright: the lead
    byte, the run's lost last trail, then the lost character, each in turn."""
    end, lost_reading = lost.end(), reading_of(lost)
    left, right = chooser.context(anchor, end)
    leads = [_decode_in_phase(bytes([lead]) + run.data[:-1]) or "" for lead in _ALL_BYTES]
    tails = [_decode_pair(run.data[-1:] + bytes([trail])) or "" for trail in _ALL_TRAILS]
    repaired, confidence = "", 1.0
    for candidates, right_context in ((leads, ""), (tails, ""), (list(chars_read(lost_reading)), right)):
        choice = chooser.choose(candidates, left + repaired, right_context)
        if choice is None:
            return None
        repaired += choice.text
        confidence *= choice.confidence
    if not chooser.beats_raw(repaired, text[anchor:end], left, right):
        return None
    return Edit(anchor, end, repaired, RepairKind.MOJIBAKE, confidence, "GBK run re-decoded in phase")


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
    choice = chooser.choose(chars, left, right)
    if choice is None:
        return None
    return Edit(anchor, end, choice.text, kind, choice.confidence, f"lost character read {reading}")


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
