"""Garble a clean report the way the scrapers do, to measure the cleaner on text it was not tuned to.

Modelled on what the seeds show, in the order it happens to a page:

1. **chrome** — a navigation line above the report, sometimes ``原標題:`` and the
   title again, a ``責任編輯:`` line below;
2. **glued readings** — the site's converter wrote the reading after a
   per-document subset of the characters whose simplified form differs
   (``會(huì)``, sometimes ``(huì )``); traditional texts only;
3. **ASCII punctuation** — ``，：；！？`` as ASCII; stray commas doubled or set
   before ``、`` and ``。``;
4. **GBK byte loss** — 0–3 runs: a character's lead byte became ``?`` and the
   bytes after it were read in pairs shifted by one — (trail, next lead) — until
   an ASCII-range byte put the decoder back in phase. A pair that is not a
   character becomes ``?``; a byte before an ASCII byte that is no trail (a digit,
   ``,``, ``(``) becomes ``?`` and the ASCII byte is read as itself, as every decoder
   does; ``！？`` read inside a run come out as ASCII.

   With ``encoding="gbk-mbstring"`` the page is read by PHP's mbstring, which takes
   the ASCII byte after a lone one as its trail and writes one ``?`` for both: the
   digit or comma is gone, marked.

   With ``encoding="big5"`` (traditional golds only) the page is Big5 and the run
   reads as Python's ``big5`` codec reads it: a pair that is no character becomes
   ``?`` and only its first byte is skipped, so the run ends there or at the first
   ASCII-range trail byte.

Everything is a pure function of the gold text and a seed. A run can be applied
alone (:func:`garble` with ``only_run``): cleaning the report with one run and
without it must give the same text when the run was restored exactly.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass

from jiyao.cleaning.script import to_simplified, to_traditional

_NAVIGATION = (
    "首頁 > 新聞中心 > 本地要聞",
    "網站首頁 | 時政要聞 | 部門動態 | 基層風采",
    "当前位置：首页 > 要闻动态",
    "要聞 政務 民生 視頻 專題",
)
_EDITORS = ("王小紅", "李明", "張潔", "陳靜", "劉洋")
_TO_ASCII = {"，": ",", "：": ":", "；": ";", "！": "!", "？": "?"}
_FLATTENED = {"！": "!", "？": "?"}
# The ideographic space: A1 A1 in GBK (a trail byte A1, 健's or 啊's, before the lead of 、
# or 。), A1 40 in Big5. Every decoder writes it as itself; it had been written ``?``
# (str.isprintable() is False for it), as if the pair were no character — bytes no decoder loses.
_IDEOGRAPHIC_SPACE = "\u3000"
# A run that does not come back into phase within this many characters is not what
# the wild shows (the sites' ASCII commas end runs within a clause): pick another spot.
_MAX_RUN = 12


@dataclass(frozen=True)
class Garbled:
    text: str
    runs: int  # how many byte-loss runs this variant holds
    # Per run: only its lead byte was lost (no pair skipped or unreadable, no byte lost at
    # a line end) — the bytes decide it, up to which lead byte it was.
    whole: tuple[bool, ...] = ()
    # Per run: the page's text it took the place of, with a few characters either side
    # (before, taken, after), to tell which runs fell on a person's name.
    taken: tuple[tuple[str, str, str], ...] = ()


def _reading(char: str) -> str:
    from pypinyin import Style, pinyin

    readings = pinyin(char, style=Style.TONE, errors="ignore")
    return str(readings[0][0]) if readings else ""


def _glue_readings(text: str, rng: random.Random, share: float) -> str:
    convertible = sorted({ch for ch in text if "\u4e00" <= ch <= "\u9fff" and to_simplified(ch) != ch})
    annotated = {ch for ch in convertible if rng.random() < share}
    spaced = share > 0.75  # some sites write (huì ) with a space
    out: list[str] = []
    for ch in text:
        out.append(ch)
        if ch in annotated and (reading := _reading(ch)):
            out.append(f"({reading}{' ' if spaced else ''})")
    return "".join(out)


def _ascii_punctuation(text: str, rng: random.Random) -> str:
    stray = rng.uniform(0.0, 0.25)
    out: list[str] = []
    for ch in text:
        if ch in "，、。" and rng.random() < stray:
            out.append(",")
        out.append(_TO_ASCII.get(ch, ch))
    return "".join(out)


def _chrome(rng: random.Random) -> tuple[list[str], list[str]]:
    """Lines the site put above and below the report."""
    above = [rng.choice(_NAVIGATION)] if rng.random() < 0.6 else []
    if rng.random() < 0.3:
        above.append("原標題:")  # as seed 004: the label alone, the title on the next line
    below = [f"責任編輯: {rng.choice(_EDITORS)}"] if rng.random() < 0.7 else []
    return above, below


def _encoded(char: str, encoding: str = "gbk") -> bytes | None:
    try:
        return char.encode(encoding)
    except UnicodeEncodeError:
        return None


def shifted_read(text: str, start: int) -> tuple[str, int] | None:
    """What the scrapers made of ``text[start:]`` once the lead byte of ``text[start]`` was lost:
    the garbled run and the index in ``text`` where reading is back in phase, or None when
    ``text[start]`` has no lead byte or the run does not end within :data:`_MAX_RUN` characters."""
    read = _shifted(text, start)
    return read[:2] if read is not None else None


def _shifted(text: str, start: int, encoding: str = "gbk") -> tuple[str, int, bool] | None:
    """:func:`shifted_read`, and whether every byte but the lead survived the run
    (``encoding="gbk-mbstring"``: the GBK page read by PHP's mbstring)."""
    if encoding == "big5":
        return _shifted_big5(text, start)
    mbstring = encoding == "gbk-mbstring"
    first = _encoded(text[start])
    if first is None or len(first) != 2:
        return None
    data = bytearray(b"?" + first[1:])
    ends: list[int] = [len(data)]  # byte offset where each character after the lost one ends
    for ch in text[start + 1 : start + 1 + _MAX_RUN]:
        encoded = _encoded(ch)
        if encoded is None or ch == "\n":
            break
        data += encoded
        ends.append(len(data))
    line_end = len(data) == ends[-1] and start + len(ends) < len(text) and text[start + len(ends)] == "\n"
    out = ["?"]
    whole = True
    i = 1
    while i < len(data):
        byte = data[i]
        if byte < 0x80:  # back in phase after this byte
            out.append(chr(byte))
            i += 1
            return "".join(out), start + next(k for k, end in enumerate(ends) if end >= i) + 1, whole
        if i + 1 >= len(data):
            # The line (a paragraph of the page) ended out of phase: its last byte, with the
            # line break after it, is no pair; the decoder writes it as ``?``.
            return ("".join(out) + "?", start + len(ends), False) if line_end else None
        pair = bytes(data[i : i + 2])
        i += 2
        if pair[1] < 0x40:
            # No trail: the decoder writes the lone byte as ``?`` and reads the ASCII byte as
            # itself, in phase after it (Python's codec, WHATWG's gb18030, iconv alike).
            # PHP's mbstring takes the ASCII byte as the trail: one ``?`` for both.
            out += ["?"] if mbstring else ["?", chr(pair[1])]
            return "".join(out), start + next(k for k, end in enumerate(ends) if end >= i) + 1, False
        try:
            char = pair.decode("gbk")
        except UnicodeDecodeError:
            char = ""
        if not char or not (char.isprintable() or char == _IDEOGRAPHIC_SPACE):
            whole = False
            out.append("?")
            continue
        out.append(_FLATTENED.get(char, char))
    return None


def _shifted_big5(text: str, start: int) -> tuple[str, int, bool] | None:
    """:func:`_shifted` for a Big5 page: the bytes after the lost lead, read by Python's
    ``big5`` codec (a scraper's ``errors="replace"``) up to where it is back in phase."""
    first = _encoded(text[start], "big5")
    if first is None or len(first) != 2:
        return None
    out = ["?"]
    byte, end = first[1], start + 1  # the pending byte, and the character after it
    while True:
        if byte < 0x80:  # an ASCII-range trail: read as itself, in phase after it
            out.append(chr(byte))
            return "".join(out), end, True
        following = _encoded(text[end], "big5") if end < len(text) else b"\n"
        if following is None or end - start > _MAX_RUN:
            return None  # a character Big5 lacks, or longer than runs in the wild
        char = bytes([byte, following[0]]).decode("big5", errors="replace")
        if len(char) != 1 or not (char.isprintable() or char == _IDEOGRAPHIC_SPACE) or char == "\ufffd":
            # No character: the codec skips the first byte only, the next one is a lead again.
            out.append("?")
            return "".join(out), end, False
        out.append(char)
        if len(following) == 1:  # an ASCII byte (a digit, a letter) read as the trail: in phase after it
            return "".join(out), end + 1, True
        byte, end = following[1], end + 1


def _loss_spots(text: str, rng: random.Random, count: int, encoding: str = "gbk") -> list[tuple[int, int, str, bool]]:
    """Up to ``count`` non-overlapping runs: (start, end, garbled, whole) in ``text``, left to right."""
    candidates = [i for i, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff"]
    rng.shuffle(candidates)
    spots: list[tuple[int, int, str, bool]] = []
    for start in candidates:
        if len(spots) == count:
            break
        read = _shifted(text, start, encoding)
        if read is None:
            continue
        garbled, end, whole = read
        if any(start < e + 2 and s < end + 2 for s, e, _, _ in spots):
            continue
        spots.append((start, end, garbled, whole))
    return sorted(spots)


def garble(
    gold: str, seed: int, *, runs: int | None = None, only_run: int | None = None, encoding: str = "gbk"
) -> Garbled:
    """One corrupted variant of ``gold``. ``runs`` byte-loss runs (0–3 chosen by the seed when
    None); ``only_run=k`` keeps only the k-th of them (``-1``: none), all else the same;
    ``encoding``: the page's, ``gbk`` or ``big5`` (traditional golds)."""
    rng = random.Random(seed)
    gold = unicodedata.normalize("NFC", gold.strip("\n"))
    traditional = sum(to_simplified(ch) != ch for ch in gold) > 3
    above, below = _chrome(rng)
    if encoding == "big5":  # a Big5 page's own lines are in Big5 too
        above, below = [to_traditional(line) for line in above], [to_traditional(line) for line in below]
    share = rng.uniform(0.4, 0.9)  # of the convertible characters, those the site annotated

    def site(part: str) -> str:
        part = part if traditional else to_simplified(part)
        glued = _glue_readings(part, rng, share) if traditional else part
        return _ascii_punctuation(glued, rng)

    title, _, body = gold.partition("\n")
    title, body = site(title), site(body)
    wanted = rng.randint(0, 3) if runs is None else runs
    spots = _loss_spots(body, rng, wanted, encoding)  # in the body only: the title keeps the report findable
    if only_run is not None:
        spots = [spots[only_run]] if 0 <= only_run < len(spots) else []
    pieces: list[str] = []
    cursor = 0
    for start, end, garbled, _ in spots:
        pieces += [body[cursor:start], garbled]
        cursor = end
    pieces.append(body[cursor:])
    lines = [*(site(line) for line in above), title, "".join(pieces), *(site(line) for line in below)]
    taken = tuple(
        (body[max(0, start - _AROUND) : start], body[start:end], body[end : end + _AROUND]) for start, end, *_ in spots
    )
    return Garbled("\n".join(lines) + "\n", len(spots), tuple(whole for *_, whole in spots), taken)


_AROUND = 8  # characters kept either side of a run: a name's, with a reading glued to each
