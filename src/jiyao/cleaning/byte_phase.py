"""A GBK or Big5 file that lost a byte, or gained one, read back in phase.

One byte too few or too many in a double-byte encoding shifts every pair after it: the
decoder reads (trail, next lead) as characters until an ASCII byte puts it back in phase.
What it reads there is either no character at all — the file was refused as "binary
data?" — or characters no report holds, taken as text without a word: GB18030's
user-defined area, kana, Greek, box drawing, a trail byte read as a letter. Before each
such sign one byte is dropped: the one whose dropping reads likeliest (□ where it was), as
the decoder of lost-byte runs weighs readings, and likelier than the stretch as it stands
with each sign read as □ — so a page that does hold one (推动A股, α) is left as it is.
U+FFFD stands where the byte was: a character may be lost there (the cleaner marks it □
and flags it). A byte that is no character, where no byte dropped mends it, was changed
(a lead into one no character opens with, a trail into one none ends with): U+FFFD for its
character, read on in phase; the decoder takes such a reading last (:mod:`.decoding`).
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# How far before the first sign the dropped byte is looked for (a run out of phase ends
# at the first ASCII-range byte, a few characters on in Chinese text), and how far past it
# each reading is scored (a paragraph with no ASCII in it is not read whole for each).
_LOOK_BACK = 48
_LOOK_AHEAD = 24
_MAX_PLACES = 8  # more than this many places is no damaged file: another encoding, or none
# Signs looked at that no dropped byte mends: past these the page is taken to use such
# characters (Greek, A股), and is not tried letter by letter (each costs ~3 ms).
_MAX_UNMENDED = 8
# What pairs read out of phase show and Chinese reports don't hold: GB18030's user-defined
# area (private use), kana, Greek and Cyrillic, zhuyin, box drawing and vertical forms — the
# rows of symbols and other scripts GBK and Big5 keep beside their Chinese characters.
# And a lone ASCII letter or @ between two Chinese characters: a trail byte read as itself.
_SIGNS = re.compile(
    "[\ue000-\uf8ff\u3040-\u30ff\u0370-\u03ff\u0400-\u04ff\u3105-\u312f\u2500-\u257f\ufe30-\ufe4f\udc80-\udcff]"
    "|(?<=[\u4e00-\u9fff])[A-Za-z@](?=[\u4e00-\u9fff])"
)
# An ASCII letter, as a byte: a lead changed into one leaves it before its trail.
_LETTER = re.compile(b"[A-Za-z]")
# A byte that is no character, as ``surrogateescape`` reads it (a sign too).
_NO_CHARACTER = re.compile("[\udc80-\udcff]")
# A repair must read this much likelier than the stretch as it stands, in nats, where that
# reads at all (no byte in it that is no character).
_GAIN = 3.0


@dataclass(frozen=True)
class Resynced:
    text: str
    places: int
    changed: int = 0  # of the places, those read as a byte changed (no byte dropped mended them)


def resync(data: bytes, encoding: str) -> Resynced | None:
    """``data`` read in ``encoding`` with a byte dropped at each place it went out of phase,
    U+FFFD there; a byte that is no character, where no byte dropped mends it, read as a
    byte changed (U+FFFD too: ``changed`` counts them). None when it reads whole as it is,
    or past :data:`_MAX_PLACES`. Linear in the file: the bytes after a mended place are
    read once, and their signs looked at in turn."""
    pieces: list[str] = []
    start, places, unmended, changed = 0, 0, 0, 0
    while True:
        # Bytes that are no character read as lone surrogates: one reading shows every sign.
        rest = data[start:].decode(encoding, errors="surrogateescape")
        offset, scanned, mended = start, 0, None  # offset: where rest[scanned] is in data
        floor = 0  # where in rest the last sign left unmended ends
        for sign in _SIGNS.finditer(rest):
            if unmended == _MAX_UNMENDED or places == _MAX_PLACES:
                break
            offset += len(rest[scanned : sign.start()].encode(encoding, errors="surrogateescape"))
            scanned = sign.start()
            # The stretch to mend opens at a character boundary up to _LOOK_BACK bytes before;
            # else past the last sign left unmended (a page's own, 工作 as ぷ: every reading held it).
            low = _opening(rest, scanned, offset, 0, encoding)
            mended = _mend(data, start, low, offset, encoding)
            if mended is None and floor and (past := _opening(rest, scanned, offset, floor, encoding)) != low:
                mended = _mend(data, start, past, offset, encoding)
            if mended is None and _NO_CHARACTER.match(sign.group()):
                # A byte that is no character, and no byte dropped mends it: a byte changed.
                mended = _changed(data, start, offset, encoding)
                if mended is None:
                    return None
                changed += 1
            if mended is not None:
                break
            unmended += 1
            floor = sign.end()
        if mended is None:
            if not places or _NO_CHARACTER.search(rest):
                return None
            return Resynced("".join(pieces) + rest, places, changed)
        text, start = mended
        pieces.append(text)
        places += 1


def _opening(rest: str, scanned: int, offset: int, bottom: int, encoding: str) -> int:
    """The byte offset of the character boundary up to _LOOK_BACK bytes before ``offset``
    (where ``rest[scanned]`` is), not before ``rest[bottom]``."""
    low, back = offset, scanned
    while back > bottom and offset - low < _LOOK_BACK:
        back -= 1
        low -= len(rest[back].encode(encoding, errors="surrogateescape"))
    return low


def _mend(data: bytes, start: int, low: int, sign: int, encoding: str) -> tuple[str, int] | None:
    """The text from ``start`` to a point in phase after ``sign``, with the byte between
    ``low`` and the sign dropped that reads best (with the letter before it, for a lead
    changed into a letter), and that point; None when none reads well enough."""
    # The stretch closes at the first byte after the sign below 0x40, which no pair holds:
    # the decoder is back in phase there whatever it read.
    high = sign + 1
    if high < len(data) and data[high] < 0x40 and data[sign] >= 0x81:
        high += 1  # a byte put in between a lead and its trail (BC ? E4): the stretch goes on
    while high < len(data) and data[high] >= 0x40:
        high += 1
    # Scored up to _LOOK_AHEAD bytes past the sign: a paragraph with no ASCII in it would
    # otherwise be read whole for every byte that may be the one to drop.
    ahead = min(high, sign + _LOOK_AHEAD)
    # The stretch as it stands, each sign in it read as one unknown character (□), against
    # each byte dropped with □ where it was: a page that does hold such a character (α, a
    # rare name's in a site's own font, the A of 推动A股) reads no better for a byte dropped.
    before = _reading(data[low:ahead], encoding, signs_as=_UNKNOWN)
    bar = None if before is None else _plausibility(before) + _GAIN
    scored = []
    # Up to the sign's second byte: a byte added between a lead and its trail is there.
    for drop in range(low, min(sign + 2, ahead)):
        if data[drop] < 0x40 and not (drop > low and data[drop - 1] >= 0x81):
            # No pair holds it: its loss or gain shifts none — unless it was put in between
            # a lead byte and its trail (間 as BC ? E4: a stray ? in a GBK file).
            continue
        # The byte dropped; or, after a letter, the letter too: a lead changed into it (會 as
        # `a` + its trail), whose letter a drop alone leaves between two characters.
        for cut in (drop, drop - 1) if _letter_before(data, low, drop, encoding) else (drop,):
            text = _reading(data[low:cut] + data[drop + 1 : ahead], encoding)
            if text is not None:
                at = _boundary(text, cut - low, encoding)
                if cut < drop and text[at : at + 1] <= "\x7f":
                    continue  # a letter between two ASCII-free characters only (not `z)` of `(z)`)
                score = _plausibility(text[:at] + _UNKNOWN + text[at:])
                if bar is None or score >= bar:
                    scored.append((score, drop, cut))
    # The likeliest whose whole stretch reads too (past the window it may not).
    for _, drop, cut in sorted(scored, reverse=True):
        try:
            mended = (data[low:cut] + data[drop + 1 : high]).decode(encoding)
        except UnicodeDecodeError:
            continue
        if _SIGNS.search(mended):
            continue
        at = _boundary(mended, cut - low, encoding)
        return data[start:low].decode(encoding) + mended[:at] + "\ufffd" + mended[at:], high
    return None


def _letter_before(data: bytes, low: int, at: int, encoding: str) -> bool:
    """Whether the byte before ``at`` is a letter read as one (not a pair's trail: GBK and
    Big5 trails may be letters' bytes) just after a character that is no ASCII one: a lead
    changed into a letter leaves it so, a romanization's letter follows others or a bracket."""
    if at <= low or not _LETTER.match(data, at - 1):
        return False
    try:
        before = data[low : at - 1].decode(encoding)
    except UnicodeDecodeError:
        return False
    return before[-1:] > "\x7f"


def _changed(data: bytes, start: int, at: int, encoding: str) -> tuple[str, int] | None:
    """The text from ``start`` with the byte at ``at`` taken for a changed one: U+FFFD for
    it and the byte after, where that may be its trail (a lead changed into a byte no
    character opens with, or a lead whose trail was changed into one none ends with), for
    it alone before an ASCII byte; and the point past it. In phase all the same."""
    width = 2 if at + 1 < len(data) and data[at + 1] >= 0x40 else 1
    try:
        return data[start:at].decode(encoding) + "\ufffd", at + width
    except UnicodeDecodeError:
        return None


_UNKNOWN = "\u25a1"


def _reading(stretch: bytes, encoding: str, signs_as: str | None = None) -> str | None:
    """The bytes' text (a pair cut at the end left out); None when they are no text, or
    hold a sign and ``signs_as`` gives nothing to read it as."""
    try:
        text = codecs.getincrementaldecoder(encoding)().decode(stretch, final=False)
    except UnicodeDecodeError:
        return None
    if _SIGNS.search(text):
        return None if signs_as is None else _SIGNS.sub(signs_as, text)
    return text


def _boundary(text: str, offset: int, encoding: str) -> int:
    """The index of the first character boundary of ``text`` at or after byte ``offset``
    (a byte that came between a character's lead and trail leaves that character before it)."""
    at, read = 0, 0
    while read < offset and at < len(text):
        read += len(text[at].encode(encoding))
        at += 1
    return at


def _plausibility(text: str) -> float:
    """How likely the text reads as Chinese: jieba's words and the model of news text, as
    the decoder of lost-byte runs weighs readings."""
    # Imported here: reading a file that is whole loads no language model.
    from jiyao.cleaning.news_model import news_model
    from jiyao.cleaning.plausibility import NEWS_WEIGHT, segmentation_logp

    return segmentation_logp(text) + NEWS_WEIGHT * news_model().logp(text) if text else 0.0


def out_of_phase(text: str) -> bool:
    """Whether text holds a sign of bytes read out of phase (see ``_SIGNS``)."""
    return _SIGNS.search(text) is not None


def signs_left(text: str) -> int:
    """How many signs of bytes read out of phase ``text`` holds."""
    return sum(1 for _ in _SIGNS.finditer(text))
