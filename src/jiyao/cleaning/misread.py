"""Text whose bytes a scraper decoded in a Western encoding and saved so.

A page in UTF-8, GBK or Big5 read as Windows-1252 or Latin-1 turns every Chinese
character into two or three Western ones (``ä¼šè®®`` for 会议 in UTF-8, ``»áÒé`` in
GBK), and the file is then valid UTF-8 of the wrong characters. Nothing is lost
but what Windows-1252 has no character for (bytes 81, 8D, 8F, 90, 9D), which a
decoder wrote as U+FFFD. The characters are turned back into their bytes and read
as UTF-8, GBK and Big5, and the reading in common Chinese characters is taken (as
:mod:`.decoding` chooses between GBK and Big5); a byte written as U+FFFD is the one of
the five that makes the character reading best between its neighbours.
"""

from __future__ import annotations

from itertools import islice

from jiyao.cleaning.script import is_han

_UNDEFINED = (0x81, 0x8D, 0x8F, 0x90, 0x9D)  # no character in Windows-1252
_CP1252 = {bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in _UNDEFINED}
_LOST = "\ufffd"
# Enough Western characters to tell, almost all of them, and next to no Chinese.
_MIN_NON_ASCII = 8
_LOOK_FOR_HAN = 2000  # characters read for a first Han one (a page's head may hold none)
_MIN_WESTERN_SHARE = 0.9
_MAX_HAN_SHARE = 0.05
# What the bytes must read as to be taken: Chinese, in common characters.
_MIN_HAN_SHARE = 0.6
_MIN_COMMON_SHARE = 0.9


def _western(char: str) -> bool:
    return ord(char) < 0x100 or char in _CP1252 or char == _LOST


def looks_misread(text: str) -> bool:
    """Whether ``text`` reads like Chinese bytes decoded as Windows-1252 or Latin-1."""
    for char in islice(text, _LOOK_FOR_HAN):
        if is_han(char):
            return False  # Chinese shows a Han character at once: the usual case, decided fast
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if len(non_ascii) < _MIN_NON_ASCII:
        return False
    western = sum(map(_western, non_ascii))
    han = sum(map(is_han, non_ascii))
    return western >= _MIN_WESTERN_SHARE * len(non_ascii) and han <= _MAX_HAN_SHARE * len(non_ascii)


def _as_bytes(text: str) -> tuple[bytearray, list[int]] | None:
    """The bytes the text was decoded from, and where a byte was written as U+FFFD."""
    data, lost = bytearray(), []
    for char in text:
        code = ord(char)
        if code < 0x100:
            data.append(code)
        elif char in _CP1252:
            data.append(_CP1252[char])
        elif char == _LOST:
            lost.append(len(data))
            data.append(0x3F)
        else:
            return None
    return data, lost


def _char_spans(data: bytearray, lost: list[int], encoding: str) -> list[tuple[int, int]]:
    """For each lost byte, the span of the character it belongs to (the first lost byte of
    a character stands for the others)."""
    spans: list[tuple[int, int]] = []
    if encoding == "utf-8":
        for at in lost:
            if spans and at < spans[-1][1]:
                continue
            start = at - 1
            while start > at - 4 and start > 0 and data[start] & 0xC0 == 0x80:
                start -= 1
            lead = data[start] if start >= 0 else 0
            size = 2 if 0xC0 <= lead < 0xE0 else 3 if 0xE0 <= lead < 0xF0 else 4 if 0xF0 <= lead < 0xF8 else 0
            spans.append((start, start + size) if start >= 0 and start + size > at else (at, at + 1))
        return spans
    # GBK and Big5: a byte from 80 up leads a pair (a lost byte is one: all five are), an
    # ASCII byte stands alone — the phase is known from the start.
    wanted, i, pending = set(lost), 0, iter(lost)
    next_lost = next(pending, None)
    while i < len(data) and next_lost is not None:
        size = 2 if data[i] >= 0x80 or i in wanted else 1
        if i <= next_lost < i + size:
            spans.append((i, i + size))
            while next_lost is not None and next_lost < i + size:
                next_lost = next(pending, None)
        i += size
    return spans


def _with_lost_bytes(data: bytearray, lost: list[int], encoding: str) -> str:
    """The text in ``encoding``, each byte written as U+FFFD read back as the one of
    Windows-1252's five undefined bytes that makes the character that reads best between
    its neighbours; U+FFFD where none makes one."""
    from jiyao.cleaning.plausibility import segmentation_logp

    spans = _char_spans(data, lost, encoding)
    options: list[list[str]] = []
    for start, end in spans:
        holes = [i for i in lost if start <= i < end]
        found = []
        for fill in _fillings(len(holes)):
            attempt = bytearray(data[start:end])
            for hole, byte in zip(holes, fill, strict=True):
                attempt[hole - start] = byte
            try:
                char = attempt.decode(encoding)
            except UnicodeDecodeError:
                continue
            if len(char) == 1 and char.isprintable():
                found.append(char)
        options.append(found)
    pieces: list[str] = []
    cursor = 0
    for start, end in spans:
        pieces.append(bytes(data[cursor:start]).decode(encoding, errors="replace"))
        cursor = end
    pieces.append(bytes(data[cursor:]).decode(encoding, errors="replace"))
    # Left to right, each choice in the context of the last: 4 characters either side.
    chars = list(pieces[0])
    for k, found in enumerate(options):
        right, left = pieces[k + 1][:4], "".join(chars[-4:])
        chars.append(max(found, key=lambda c: segmentation_logp(left + c + right), default=_LOST))
        chars.extend(pieces[k + 1])
    return "".join(chars)


def _fillings(holes: int) -> list[tuple[int, ...]]:
    fills: list[tuple[int, ...]] = [()]
    for _ in range(holes):
        fills = [(*fill, byte) for fill in fills for byte in _UNDEFINED]
    return fills


def _reading(text: str) -> tuple[float, float]:
    """The share of Han among the non-ASCII characters, and of common ones among the Han."""
    from jiyao.cleaning.decoding import common_share

    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    han = sum(map(is_han, non_ascii))
    return (han / len(non_ascii), common_share(text)) if han else (0.0, 0.0)


def read_again(text: str) -> tuple[str, str] | None:
    """The text read from its bytes again and the encoding it was in, when ``text`` is
    Chinese decoded as Windows-1252 or Latin-1; else None."""
    if not looks_misread(text):
        return None
    found = _as_bytes(text)
    if found is None:
        return None
    data, lost = found
    readings = [(_with_lost_bytes(data, lost, encoding), encoding) for encoding in ("utf-8", "gb18030", "big5")]
    scored = [(_reading(again), again, encoding) for again, encoding in readings]
    (han_share, common_share), again, encoding = max(scored, key=lambda s: (s[0][1] * s[0][0], -s[1].count(_LOST)))
    if han_share < _MIN_HAN_SHARE or common_share < _MIN_COMMON_SHARE:
        return None
    return again, encoding
