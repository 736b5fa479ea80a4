"""Readings the sites glued after characters (``會(huì)``), as the byte-loss decoder
meets them: a reading after a run names its last character, a reading after ``?``
names a character lost outright, and the context of a repair is read without them."""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Mapping

from jiyao.cleaning import regex_cache, tables
from jiyao.cleaning.model import Edit, RepairKind
from jiyao.cleaning.script import is_han, simplify_characters

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
# In ASCII brackets or full-width ones (會（huì）): sites write both.
PINYIN_CLOSE = regex_cache.compile(rf"{SYLLABLE}\s?[)）]")  # some sites write (huì )
GLUED_PINYIN = regex_cache.compile(rf"[(（]\s*{SYLLABLE}\s*[)）]")
READING_BEFORE = regex_cache.compile(rf"[(（]\s*{SYLLABLE}\s*[)）]$")
CUT_READING_END = regex_cache.compile(rf"^{_LETTERS}*\s?[)）]")
CUT_READING_START = regex_cache.compile(rf"[(（]\s*{_LETTERS}*\s*$")


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


# A site's converter writes each character's default reading: 575 of the seeds' 580 readings
# glued after a character that has several are pypinyin's first (the other five: 長 read
# cháng). Another of its readings is possible, not likely (時間 read before (jiàn), for 會見).
_OTHER_READING_LOGP = math.log(0.2)


def reading_cost(char: str, reading: str) -> float:
    """What a glued ``reading`` says against ``char``, in log-odds: nothing where it is the
    character's default reading (or its only one), _OTHER_READING_LOGP where it is another."""
    default = tables.toned_default(char)
    if default is None or default == unicodedata.normalize("NFC", reading.strip()).lower():
        return 0.0
    return _OTHER_READING_LOGP


def reading_of(match: re.Match[str]) -> str:
    """The reading in a ``PINYIN_CLOSE`` or ``GLUED_PINYIN`` match, in lower case."""
    return match.group().strip("()（） ").lower()


# A glued reading a byte of which was damaged: a loss mark among its letters (韓(há?n),
# 韓(h\ufffdn), 韓(hán? )), up to eight in all, two of them marks at most.
# Its closing bracket may be lost too (壓(y? “四方): then letters end where no letter follows.
_DAMAGED = regex_cache.compile(rf"[(（][ ]?((?:{_LETTERS}|[?\ufffd]){{1,8}})[ ]?(?:[)）]|(?![A-Za-z0-9{TONED}]))")
# A reading just before a bracket (體(t? )(z? )任, 會(huì)(huì), its closing bracket lost too:
# 進(j?n (hu? )): the bracket is glued past it.
_READING_JUST_BEFORE = regex_cache.compile(rf"[(（][ ]?(?:{_LETTERS}|[?\ufffd]){{1,8}}(?:[ ]?[)）])?$")
_MAX_MARKS = 2
_NONE_REPAIRED: Mapping[int, str] = {}
_LOST_MARKS = "?\ufffd□"  # a lost character as the page shows it, or as cleaning flags it
_READING_OPENS = "(（"


_DAMAGED_JUST_BEFORE = regex_cache.compile(rf"[(（][ ]?(?:{_LETTERS}|[?\ufffd]){{1,8}}[ ]?[)）]$")


def damaged_reading_before(text: str, end: int) -> int | None:
    """Where a damaged glued reading that ends at ``end`` starts, when the glued-pinyin pass
    takes it out (its letters spell a reading of the character it is glued to: ``縣(xi?n)``);
    None elsewhere (``問道(why?)`` stays)."""
    found = _DAMAGED_JUST_BEFORE.search(text, max(0, end - 12), end)
    if found is None:
        return None
    mark = next((i for i in range(found.start(), end) if text[i] in "?\ufffd"), None)
    return found.start() if mark is not None and damaged_reading(text, mark) is not None else None


def damaged_reading(
    text: str, pos: int, repaired_to: Mapping[int, str] = _NONE_REPAIRED
) -> tuple[int, int, str] | None:
    """The glued reading a loss mark at ``pos`` stands in (start, end, its letters and
    marks), when its letters, each mark standing for up to two letters, spell a reading of
    the character it is glued to (``repaired_to``: as :func:`in_damaged_reading`): the mark
    is the reading's damage, no lost byte of the text. None elsewhere (``王明(Wang?)``: no
    reading of 明)."""
    found = _bracket_around(text, pos)
    return _damaged(text, found, repaired_to) if found is not None else None


def _bracket_around(text: str, pos: int) -> re.Match[str] | None:
    """The bracket of letters and marks (a ``_DAMAGED`` match) the mark at ``pos`` stands in."""
    opening = max(text.rfind(mark, max(0, pos - 9), pos) for mark in _READING_OPENS)
    if opening < 1:
        return None
    found = _DAMAGED.match(text, opening)
    return found if found is not None and found.end() > pos else None


def _glued_spelling(
    text: str, found: re.Match[str], repaired_to: Mapping[int, str] = _NONE_REPAIRED
) -> tuple[str, str] | None:
    """The character the bracket ``found`` is glued to (Han, or a lost one's marks: ``□``,
    ``?``, U+FFFD; or, where a repair ends, the last character it reads: ``repaired_to``),
    and its letters and marks in lower case, when it holds one or two marks among its
    letters; None elsewhere."""
    glued_to = found.start()
    while glued_to and text[glued_to - 1] in " \u3000":
        glued_to -= 1
    char = _glued_char(text, glued_to, repaired_to)
    if char is None and (before := _READING_JUST_BEFORE.search(text, max(0, glued_to - 12), glued_to)):
        char = _glued_char(text, before.start(), repaired_to)
    if char is None:
        return None
    spelled = unicodedata.normalize("NFC", found.group(1)).lower()
    return (char, spelled) if damaged_spelling(spelled) else None


def damaged_spelling(spelled: str) -> bool:
    """Whether ``spelled`` is letters with one or two marks among them: a reading a byte of
    which was damaged, if its letters spell one."""
    marks = sum(1 for ch in spelled if ch in "?\ufffd")
    return 0 < marks <= _MAX_MARKS and marks < len(spelled)


def _glued_char(text: str, glued_to: int, repaired_to: Mapping[int, str]) -> str | None:
    """The character before ``glued_to`` a reading can be glued to, or None."""
    if not glued_to:
        return None
    char = repaired_to.get(glued_to) or text[glued_to - 1]
    return char if is_han(char) or char in _LOST_MARKS else None


def _damaged(
    text: str, found: re.Match[str], repaired_to: Mapping[int, str] = _NONE_REPAIRED
) -> tuple[int, int, str] | None:
    """:func:`damaged_reading` of the bracket ``found`` (a ``_DAMAGED`` match)."""
    glued = _glued_spelling(text, found, repaired_to)
    if glued is None:
        return None
    char, spelled = glued
    return (found.start(), found.end(), spelled) if spells_a_reading(spelled, char) else None


def in_damaged_reading(text: str, pos: int, repaired_to: Mapping[int, str] = _NONE_REPAIRED) -> bool | None:
    """Whether the mark at ``pos``, in a bracket of letters glued to a character, is a
    reading's damage: True where the letters spell some reading, though not one of that
    character (國話(j? )化: 際 changed to 話, its reading damaged too; 縣??(zh?ng ): the
    character lost as well), or where a mark stands between letters (副縣(i?n )長, its x
    lost); False where they spell none and end with the marks (問道(why?): ASCII text's
    own question); None for a mark in no such bracket. Either way the mark is no lost
    byte of the text's: read as one, it had made 唵 of ``?n)``. ``repaired_to``: where the
    repairs so far end, and the last character each reads (a bracket there is glued to it:
    ``?麇^(g?ng)``, whose ``^`` the repair reads as part of 崗)."""
    found = _bracket_around(text, pos)
    glued = _glued_spelling(text, found, repaired_to) if found is not None else None
    if glued is None:
        return None
    spelled = glued[1]
    between_letters = any(ch in "?\ufffd" for ch in spelled.rstrip("?\ufffd"))
    return between_letters or _spells_some_reading(spelled)


def _spelling_pattern(spelled: str) -> re.Pattern[str]:
    """Letters as written, each mark standing for up to two letters."""
    return re.compile("".join("[^?\ufffd]{0,2}" if ch in "?\ufffd" else re.escape(ch) for ch in spelled))


@functools.lru_cache(maxsize=4096)
def spells_a_reading(spelled: str, char: str) -> bool:
    """Whether ``spelled``, each mark in it standing for up to two letters, is a reading of ``char``."""
    pattern = _spelling_pattern(spelled)
    return any(pattern.fullmatch(reading) for reading in tables.readings_of(char))


@functools.lru_cache(maxsize=1024)
def _spells_some_reading(spelled: str) -> bool:
    """Whether ``spelled`` (as :func:`spells_a_reading`) is a reading of any character."""
    pattern = _spelling_pattern(spelled)
    return any(pattern.fullmatch(reading) for reading in _chars_by_reading())


# How sure a damaged reading is one: its letters spell a reading of its character, but a
# mark stands for some of them.
_DAMAGED_CONFIDENCE = 0.8
_DAMAGED_NOTE = "a reading glued to the character before it, a byte of it damaged"


def damaged_reading_edit(text: str, pos: int, repaired_to: Mapping[int, str] = _NONE_REPAIRED) -> Edit | None:
    """The removal of the damaged reading the mark at ``pos`` stands in (:func:`damaged_reading`)."""
    return _removal(damaged_reading(text, pos, repaired_to))


def _removal(reading: tuple[int, int, str] | None) -> Edit | None:
    if reading is None:
        return None
    start, end, spelled = reading
    return Edit(start, end, "", RepairKind.PINYIN, _DAMAGED_CONFIDENCE, f"{spelled}: {_DAMAGED_NOTE}")


def damaged_readings(text: str) -> list[Edit]:
    """Every damaged reading's removal: those glued to a character a repair made (a run's
    last, 平原全省領(l?ng)), which the decoder met glued to bytes, not yet a character."""
    edits: list[Edit] = []
    # Bracketed letters and marks found by one scan: a page of marks is not asked mark by mark.
    for found in _DAMAGED.finditer(text):
        if (edit := _removal(_damaged(text, found))) is not None:
            edits.append(edit)
    return edits
