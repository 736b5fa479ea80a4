"""A UTF-16 file that lost a byte, or gained one, read back in phase.

One byte too few or too many shifts every pair after it: each code unit is then one
character's second byte and the next one's first, and reads as characters no report holds
(Hangul, Yi, rare ideographs, lone surrogates) — or, with the file's length odd, the file
was refused whole (exit 2). Where a stretch of such units begins after readable text, the
byte before it whose dropping reads best is dropped, and U+FFFD stands for the character
it was in (the cleaner marks it □ and flags it). A lone surrogate (a byte changed) is
U+FFFD too.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Resynced:
    text: str
    places: int


def resync(data: bytes, codec: str) -> Resynced | None:
    """``data`` (no BOM) read in ``codec`` (``utf-16-le`` or ``-be``) with a byte dropped at
    each place it went out of phase; None when it reads whole, or is no damaged text."""
    pieces: list[str] = []
    start, places = 0, 0
    while True:
        text = data[start : start + (len(data) - start) // 2 * 2].decode(codec, errors="surrogatepass")
        found, looked = None, 0
        at = _out_of_phase_at(text, 0)
        while at is not None and found is None and looked < _MAX_UNMENDED:
            # Not mended here (a rare word's characters before the place): the next such unit.
            found, looked = _read_on_at(data, start, text, at, codec), looked + 1
            at = _out_of_phase_at(text, at + 1) if found is None else at
        if found is None:
            if at is not None:
                return None  # out of phase, and no byte dropped reads
            odd = (len(data) - start) % 2
            if not places and not odd and not _has_lone_surrogate(text):
                return None
            pieces.append(_lone_surrogates_replaced(text) + ("\ufffd" if odd else ""))
            return Resynced("".join(pieces), places + odd)
        if places == _MAX_PLACES:
            return None
        # The units kept are the text's; U+FFFD after them (a character may be lost there),
        # and reading goes on in phase.
        kept, start = found[0], start + found[1]
        pieces.append(_lone_surrogates_replaced(text[:kept]) + "\ufffd")
        places += 1


def _reads(ch: str) -> bool:
    """Whether a character is one a report holds: common Chinese, ASCII, CJK punctuation."""
    from jiyao.cleaning.plausibility import common_characters

    code = ord(ch)
    return (
        0x20 <= code < 0x7F
        or ch in "\n\r\t"
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
