"""What the text model misses about names, for the decoder: reports name people, and
after a title (市長, 書記, 記者) a surname is likelier than word counts say; after a
title and a surname, characters often found in given names are likelier too."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Mapping

from jiyao import names
from jiyao.cleaning import tables
from jiyao.cleaning.plausibility import char_logp, common_characters
from jiyao.cleaning.script import simplify_characters

_AFTER_TITLE = re.compile(r"(?:[書书]記|[記记]者|[長长]|主任|主席|[委][員员]|常委|[領领][導导])\s?$")
_SURNAME_AFTER_TITLE = math.log(20)


def name_bonus(left: str) -> Mapping[str, float]:
    """What the text model misses about names, for the character after ``left``: after a
    title (市長, 書記, 記者) a surname is likelier than it says; after a title and a
    surname, a character often found in given names (華 of 蔣麗華, not 要)."""
    if not left:
        return _NO_BONUS
    if _AFTER_TITLE.search(left):
        return _surname_bonus()
    for surname_at in (-1, -2):
        if left[surname_at:][:1] in _surname_bonus() and _AFTER_TITLE.search(left[:surname_at]):
            return _given_name_bonus()
    return _NO_BONUS


_NO_BONUS: Mapping[str, float] = {}


@functools.cache
def _surname_bonus() -> Mapping[str, float]:
    return {char: _SURNAME_AFTER_TITLE for char, simple in _common_simplified() if simple in names.SURNAMES}


@functools.cache
def _given_name_bonus() -> Mapping[str, float]:
    """How much likelier each character is in a given name than as a word of its own:
    log(P(char | given names) / P(char | text)), from jieba's person names (of a known
    surname) and its word counts, between 0 and the surname's bonus; in both scripts.
    華 and 麗 rarely stand alone and often name people; 之 and 要 stand alone everywhere."""
    counts = tables.given_names()["counts"]
    total = sum(counts.values())
    bonus = {}
    for char, simple in _common_simplified():
        if simple in counts:
            ratio = math.log(counts[simple] / total) - char_logp(simple)
            if ratio > 0:
                bonus[char] = min(ratio, _SURNAME_AFTER_TITLE)
    return bonus


@functools.cache
def _common_simplified() -> tuple[tuple[str, str], ...]:
    """Each common character (both scripts) with its simplified form, converted in one call."""
    chars = sorted(common_characters())
    return tuple(zip(chars, simplify_characters("".join(chars)), strict=True))
