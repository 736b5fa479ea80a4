"""Tone-less pinyin of short Han strings (names, place names) without importing pypinyin.

Importing pypinyin and segmenting with its phrase table costs ~0.4 s, most of a CLI
call. :func:`lazy_pinyin` answers exactly what ``pypinyin.lazy_pinyin(text,
style=Style.NORMAL)`` answers — the same strict forward maximum matching over pypinyin's
phrases, the same first reading per character — from a compact table
(:func:`jiyao.cleaning.tables.phrases`) that holds every phrase of up to ``PHRASE_SPAN``
characters and every prefix of that length of every phrase: segmenting a string of n
characters looks at nothing longer than n. Longer strings, and characters pypinyin does
not treat as Han, go to pypinyin itself. ``tests/test_pinyin.py`` compares the two.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from jiyao.cleaning import tables


def lazy_pinyin(text: str) -> list[str]:
    """One tone-less syllable per character (``ü`` written ``v``, as pypinyin does)."""
    if not 1 <= len(text) <= tables.PHRASE_SPAN or any(_default(char) is None for char in text):
        return _pypinyin(text)
    index = tables.phrases()["index"]
    syllables: list[str] = []
    for word in _cut(text, index):
        number = index.get(word) or 0
        if number:
            syllables.extend(tables.phrase_reading(number).split(" "))
        else:
            syllables.extend(str(_default(char)) for char in word)
    return syllables


def _cut(text: str, index: tables.PackedCounts) -> Iterator[str]:
    """pypinyin's ``mmseg.Seg.cut`` with ``no_non_phrases=True``: at each point the longest
    phrase among the prefixes that stay in the prefix set, else one character — and when
    the whole rest is a prefix holding no phrase, every character of it alone."""
    remain = text
    while remain:
        longest = 0
        for size in range(1, len(remain) + 1):
            number = index.get(remain[:size])
            if number is None:  # not even a prefix of a phrase: stop looking further
                break
            if number:
                longest = size
        else:
            if not longest:
                yield from remain
                return
        step = longest or 1
        yield remain[:step]
        remain = remain[step:]


def place_name(name: str, level: str) -> str:
    """A place's name romanized as one word (安阳 → Anyang), read together with its level:
    the phrase table knows 朝阳区 (Chaoyang), where 朝阳 alone is the morning sun (zhaoyang) —
    and with another level where only that one is a phrase (朝阳市, read as 朝阳区 is).
    A place's 长 is chang where the table has no phrase for it (长武 → Changwu; 长子 is Zhangzi),
    and its 勒 le.
    A syllable that opens with a, o or e after another is set apart, as place names are
    written (西安 → Xi'an, 六安 → Lu'an)."""
    index = tables.phrases()["index"]
    read_as = next((name + other for other in (level, *_LEVELS) if index.get(name + other)), name + level)
    syllables = lazy_pinyin(read_as)[: len(name)]
    if name[:1] in ("长", "長") and syllables[:1] == ["zhang"] and name[:2] not in ("长子", "長子"):
        syllables[0] = "chang"
    # 勒 of a transliterated name is le (阿勒泰 Aletai, 锡林郭勒 Xilinguole), never lei.
    syllables = ["le" if ch == "勒" else syllable for ch, syllable in zip(name, syllables, strict=False)]
    joined = syllables[0] + "".join(("'" if s[:1] in "aoe" else "") + s for s in syllables[1:]) if syllables else ""
    return joined.capitalize()


_LEVELS = ("市", "区", "县")


_default = functools.lru_cache(maxsize=8192)(tables.default_reading)


def _pypinyin(text: str) -> list[str]:
    from pypinyin import Style
    from pypinyin import lazy_pinyin as reference

    return list(reference(text, style=Style.NORMAL))
