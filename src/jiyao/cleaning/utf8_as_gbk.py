"""UTF-8 text a scraper decoded as GBK and saved so: 月会议 as 鏈堜細璁.

The most common Chinese mojibake: a page in UTF-8 read by a scraper that assumed GBK (the
sites moved to UTF-8; old scrapers did not). Its bytes are all there but one a run: GBK
reads two bytes a character, UTF-8 three, and where a run of Chinese ends before an ASCII
byte, a lone byte is left that GBK cannot read (Python's codec writes it U+FFFD; so does
one for a pair GBK leaves undefined). The characters are encoded back into the bytes GBK
read them from (GB18030: a browser's decoder maps GBK's undefined pairs to the private use
area, and back) and read as UTF-8; each lost byte is the one of UTF-8's continuation bytes
that makes the character that reads best between its neighbours.
"""

from __future__ import annotations

import itertools

from jiyao.cleaning import regex_cache
from jiyao.cleaning.glued import GLUED_PINYIN
from jiyao.cleaning.lost_bytes import Holes, with_lost_bytes
from jiyao.cleaning.lost_choices import ReadBack
from jiyao.cleaning.model import contains_any
from jiyao.cleaning.plausibility import segmentation_logp

# What GBK reads the first two bytes of common characters and marks as, in phase: 涓 for
# 中上下不一个 (E4 B8), 鐨 的, 鍦 在, 浜 人, 鏄 是, 閮 部, 瑕 要, 浼 会, 浠 以们, 鏈 有月;
# 銆 for 。、 (E3 80), 锛 for ，；：（） (EF BC), 鈥 for “”— (E2 80). A report so read holds
# dozens; Chinese text few of them (瑕疵, 浠水县, 涓涓): they only decide whether to look.
_HALLMARKS = regex_cache.compile("[涓鐨鍦浜鏄閮瑕浼浠鏈銆锛鈥]")
_AT_LEAST = 3
_HEAD = 500
# The commonest of them (中上下不一个, 。、, ，: every report has some), found by a plain
# search each, ~10x faster than the class over the head: a clean text pays ~0.5 µs.
_COMMONEST = ("涓", "銆", "锛")
_LOST = "\ufffd"
_CONTINUATION = tuple(range(0x80, 0xC0))
# What the bytes must read as to be taken: whole (a text of which a part was Chinese
# already reads as U+FFFD there), and as Chinese that reads far better than the text as it
# came — per character, in jieba's words: a report ~-5.5, the same read so ~-13.3 (the
# mojibake's characters are common ones, in no words).
_MAX_UNREAD_SHARE = 0.01
# ... or this many, whatever the length: the saved page's own bytes damaged (a byte dropped
# or changed costs the character or two UTF-8 reads around it, as U+FFFD, flagged □ later).
_MAX_UNREAD = 4
_SAMPLE = 500
_BETTER_BY = 3.0
_AT_MOST = -9.0


def read_as_utf8(text: str) -> tuple[ReadBack, int] | None:
    """The text read from its bytes as UTF-8 and how many lost bytes were chosen, when
    ``text`` is UTF-8 decoded as GBK; else None."""
    # The usual case, decided in a microsecond or two: its head (a page so read is so
    # throughout; its title holds them too) shows too few of them.
    if not contains_any(text[:_HEAD], _COMMONEST):
        return None
    if sum(1 for _ in itertools.islice(_HALLMARKS.finditer(text, 0, _HEAD), _AT_LEAST)) < _AT_LEAST:
        return None
    data, holes = bytearray(), Holes()
    for k, piece in enumerate(text.split(_LOST)):
        if k:
            holes[len(data)] = _CONTINUATION
            data.append(0x3F)
        try:
            data += piece.encode("gb18030")
        except UnicodeEncodeError:  # a lone surrogate: no bytes GBK could have read it from
            return None
    read_back = with_lost_bytes(data, holes, "utf-8")
    again = read_back.text
    if again.count(_LOST) > max(_MAX_UNREAD_SHARE * len(again), _MAX_UNREAD):
        return None
    # Readings glued after characters (會(huì)) read back as letters, in no words: scored without.
    read, came = _per_character(GLUED_PINYIN.sub("", again)), _per_character(text)
    if read < _AT_MOST or read < came + _BETTER_BY:
        return None
    return read_back, len(holes)


def _per_character(text: str) -> float:
    sample = text[:_SAMPLE]
    return segmentation_logp(sample) / max(1, len(sample))
