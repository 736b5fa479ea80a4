"""A UTF-16 file that lost a byte, or gained one, read back in phase.

One byte too few or too many shifts every pair after it: each code unit is then one
character's second byte and the next one's first, and reads as characters no report holds
(Hangul, Yi, rare ideographs, lone surrogates) — or, with the file's length odd, the file
was refused whole (exit 2). Where a stretch of such units begins after readable text, the
text a byte on is read from the place near it that reads likeliest, and U+FFFD stands
there (the cleaner marks it □ and flags it). A lone surrogate (a byte changed) is U+FFFD
too, and so are units left read out of phase between places close together: flagged, never
shown as text. A whole file is left as it is (:mod:`.decoding` reads it).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

_WINDOW = 12  # code units judged after a place: out of phase, few of them read
_READS = 0.75  # of them, the share that must read after a byte dropped
_BAD = 0.5  # of them, the share that does not read where a stretch is out of phase
_MAX_PLACES = 8  # more is no damaged file: another kind of file, or none
_FAR_BACK = 3  # code units before the first that does not read where the lost byte may be
# What a character fewer read costs, in nats: between news text's mean (-5.4 a character)
# and its model's floor (-16.7). Two seeds' golds, a byte lost at 320 places / a byte put
# inside a character at 160, read back exactly: -8: 207 / 81; -12: 297 / 106; -16: 300 / 101;
# -20: 300 / 11 (the character a byte put in costs is then read as a garbled one).
_A_CHARACTER = -12.0
_CONTEXT = 6  # units either side of the places tried, read with each
_MAX_UNMENDED = 8  # places that do not read, and that no byte dropped mends, looked at


_TONED = frozenset("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙÜ")


def reads_share(text: str) -> float:
    """The share of ``text``'s characters a report holds (U+FFFD aside)."""
    judged = [ch for ch in text if ch != "\ufffd"]
    return sum(map(_reads, judged)) / len(judged) if judged else 0.0


@dataclass(frozen=True)
class Resynced:
    text: str
    places: int


def resync(data: bytes, codec: str) -> Resynced | None:
    """``data`` (no BOM) read in ``codec`` (``utf-16-le`` or ``-be``) with a byte dropped at
    each place it went out of phase; None when it reads whole, or is no damaged text."""
    if len(data) < 4 * _WINDOW:
        return None  # too short to tell text read out of phase from bytes that are no text
    pieces: list[str] = []
    start, places, unmended = 0, 0, 0
    while True:
        text = data[start : start + (len(data) - start) // 2 * 2].decode(codec, errors="surrogatepass")
        found, looked = None, 0
        at = _out_of_phase_at(text, 0)
        while at is not None and found is None and looked < _MAX_UNMENDED:
            found, looked = _read_on_at(data, start, text, at, codec), looked + 1
            if found is None:
                # Not mended here: damage close together (flagged below, where the units are
                # a jumble of scripts, as pairs read out of phase are), or a passage in another
                # script (Hangul, Greek: left as it is). The next such unit.
                unmended += _jumbled(text[at : at + _WINDOW])
                at = _out_of_phase_at(text, at + _WINDOW)
        if found is None:
            if at is not None:
                return None  # out of phase throughout, and no byte dropped reads: no text
            odd = (len(data) - start) % 2
            unmended += _jumbled_runs(text)
            if not places and not odd and not unmended and not _has_lone_surrogate(text):
                return None
            pieces.append(_lone_surrogates_replaced(text) + ("\ufffd" if odd else ""))
            return Resynced(_unread_flagged("".join(pieces)), places + odd + unmended)
        if places == _MAX_PLACES:
            return None
        # The units kept are the text's; U+FFFD after them (a character may be lost there),
        # and reading goes on in phase.
        kept, start = found[0], start + found[1]
        pieces.append(_lone_surrogates_replaced(text[:kept]) + "\ufffd")
        places += 1


def _reads(ch: str) -> bool:
    """Whether a character is one a report holds: common Chinese, ASCII, a reading's toned
    letters (ǎ, ù), CJK punctuation."""
    from jiyao.cleaning.plausibility import common_characters

    code = ord(ch)
    return (
        0x20 <= code < 0x7F
        or ch in "\n\r\t"
        or ch in _TONED
        or 0x3000 <= code <= 0x301F
        or 0xFF00 <= code <= 0xFFEF
        or 0x2010 <= code <= 0x206F
        or ch in common_characters()
    )


def _out_of_phase_at(text: str, start: int) -> int | None:
    """The first unit from ``start`` that does not read, where most of the window from it
    does not either."""
    for at in range(start, len(text)):
        if _reads(text[at]):
            continue
        window = text[at : at + _WINDOW]
        if len(window) >= 4 and sum(not _reads(c) for c in window) >= _BAD * len(window):
            return at
    return None


def _read_on_at(data: bytes, start: int, text: str, at: int, codec: str) -> tuple[int, int] | None:
    """Where the text read so far (``text``, units from ``start``) stops reading and the
    text one byte on starts to, near the unit ``at`` (the first that does not read): how
    many units to keep, and the byte offset from ``start`` to read on from. Of the places
    after which the text a byte on reads, the one whose stretch around it reads likeliest
    per character as news text (a unit read out of phase that reads by chance, 炀 for the
    肺 before it, is a rare character and a rarer sequence); the units kept are those before
    it, less any at their end that do not read (a byte added inside a character: its first
    byte and that one). None when the text a byte on does not read well near ``at``."""
    from jiyao.cleaning.news_model import news_model

    shifted = data[start + 1 : start + 1 + (len(data) - start - 1) // 2 * 2].decode(codec, errors="surrogatepass")
    low, high = max(0, at - _FAR_BACK - _CONTEXT), at + _FAR_BACK + _CONTEXT
    best: tuple[float, int, int] | None = None
    for place in range(max(0, at - _FAR_BACK), min(at + _FAR_BACK, len(shifted)) + 1):
        after = shifted[place : place + _WINDOW]
        if len(after) < min(4, len(shifted) - place) or sum(map(_reads, after)) < _READS * len(after):
            continue
        kept = place
        while kept > 0 and not _reads(text[kept - 1]):
            kept -= 1
        read = _lone_surrogates_replaced(text[low:kept] + shifted[place:high])
        # Over the same bytes: a character fewer read costs what a character reads at.
        score = news_model().logp(read) + (high - low - len(read)) * _A_CHARACTER
        if best is None or score > best[0]:
            best = (score, place, kept)
    if best is None:
        return None
    _, place, kept = best
    return kept, 2 * place + 1


def _jumbled(window: str) -> bool:
    """Whether the units that do not read in ``window`` are of three scripts or more (as
    their names begin: HANGUL, YI, CJK; none for private use): pairs read out of phase land
    anywhere; a passage in another script keeps to its own."""
    return len({unicodedata.name(ch, "").partition(" ")[0] for ch in window if not _reads(ch)}) >= 3


def _jumbled_runs(text: str) -> int:
    """Stretches of three units or more in a row that do not read, of two scripts or more
    (㼁㔰텟: two bytes put in a few characters apart leave such a stretch between them, read
    out of phase, too short for a window to judge)."""
    runs, at = 0, 0
    while at < len(text):
        end = at
        while end < len(text) and not _reads(text[end]) and text[end] != "\ufffd":
            end += 1
        if end - at >= 3 and len({unicodedata.name(ch, "").partition(" ")[0] for ch in text[at:end]}) >= 2:
            runs += 1
        at = end + 1
    return runs


def _unread_flagged(text: str) -> str:
    """Two or more units in a row that do not read, as U+FFFD each: damage close together
    leaves a stretch between places read out of phase, too short to be judged one, or one
    no byte dropped mends (鄭國華在講ⶊݎ謹): flagged, not shown as text. Only in a file read
    back in phase: a whole one's rare characters stay."""
    flags = [ch != "\ufffd" and not _reads(ch) for ch in text]
    out = list(text)
    for at, unread in enumerate(flags):
        if unread and ((at and flags[at - 1]) or (at + 1 < len(flags) and flags[at + 1])):
            out[at] = "\ufffd"
    return "".join(out)


def _has_lone_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)


def _lone_surrogates_replaced(text: str) -> str:
    """Surrogate pairs joined (surrogatepass leaves them apart), lone ones as U+FFFD."""
    if not _has_lone_surrogate(text):
        return text
    out: list[str] = []
    at = 0
    while at < len(text):
        code = ord(text[at])
        low = ord(text[at + 1]) if at + 1 < len(text) else 0
        if 0xD800 <= code <= 0xDBFF and 0xDC00 <= low <= 0xDFFF:
            out.append(chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)))
            at += 2
            continue
        out.append("\ufffd" if 0xD800 <= code <= 0xDFFF else text[at])
        at += 1
    return "".join(out)
