"""Readings the sites glued after characters (``會(huì)``), as the byte-loss decoder
meets them: a reading after a run names its last character, a reading after ``?``
names a character lost outright, and the context of a repair is read without them."""

from __future__ import annotations

import functools
import re
import unicodedata

from jiyao.cleaning import regex_cache, tables
from jiyao.cleaning.script import simplify_characters

TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_TONED_UPPER = TONED.upper()
# One syllable: lower case, as most converters write it; or styled in capitals (HUÌ, Huì),
# then with a tone mark, so that an abbreviation (WHO) or a name (Wang) is no reading.
SYLLABLE = (
    rf"(?:[a-z{TONED}]{{1,7}}"
    rf"|(?=[{_TONED_UPPER}]|[A-Z][a-z]*[{TONED}])[A-Z{_TONED_UPPER}][a-z{TONED}]{{0,6}}"
    rf"|(?=[A-Z]*[{_TONED_UPPER}])[A-Z{_TONED_UPPER}]{{1,7}})"
)
_LETTERS = rf"[A-Za-z{TONED}{_TONED_UPPER}]"
PINYIN_CLOSE = regex_cache.compile(rf"{SYLLABLE}\s?\)")  # some sites write (huì )
GLUED_PINYIN = regex_cache.compile(rf"\(\s*{SYLLABLE}\s*\)")
READING_BEFORE = regex_cache.compile(rf"\(\s*{SYLLABLE}\s*\)$")
CUT_READING_END = regex_cache.compile(rf"^{_LETTERS}*\s?\)")
CUT_READING_START = regex_cache.compile(rf"\(\s*{_LETTERS}*\s*$")


@functools.cache
def _chars_by_reading() -> dict[str, tuple[str, ...]]:
    """Every GBK character of each tone-marked reading (pypinyin's table, via :mod:`.tables`)."""
    return {reading: tuple(chars) for reading, chars in tables.chars()["by_reading"].items()}


def chars_read(reading: str) -> tuple[str, ...]:
    """Characters a glued reading can follow. The sites' converters annotate the characters
    they converted, so those whose simplified form differs come first: 曉 before 小."""
    return _converted_first(unicodedata.normalize("NFC", reading.strip()).lower())


@functools.cache
def _converted_first(reading: str) -> tuple[str, ...]:
    chars = _chars_by_reading().get(reading, ())
    converted = tuple(c for c in chars if simplify_characters(c) != c)
    return converted or chars


def reading_of(match: re.Match[str]) -> str:
    """The reading in a ``PINYIN_CLOSE`` or ``GLUED_PINYIN`` match, in lower case."""
    return match.group().strip("() ").lower()
