"""Chinese script detection and conversion (OpenCC)."""

from __future__ import annotations

import functools
from typing import Any, Literal

Script = Literal["simplified", "traditional"]


def is_han(char: str) -> bool:
    """Whether ``char`` (one character, or none) is a Han character: two comparisons, where a
    regex class spanning the Han block costs ~1.5 ms to compile on every start."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf" or "\uf900" <= char <= "\ufaff"


@functools.cache
def _converter(config: str) -> Any:
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return str(_converter("t2s").convert(text))


def simplify_characters(text: str) -> str:
    """Each character to its simplified form, from a table: no converter to load (~35 ms)
    and no phrase rules — for scoring text, not for showing it."""
    return text.translate(_character_map())


@functools.cache
def _character_map() -> dict[int, int]:
    from jiyao.cleaning import tables

    table = tables.chars()
    return str.maketrans(table["t2s_from"], table["t2s_to"])


def to_traditional(text: str) -> str:
    return str(_converter("s2t").convert(text))


def detect_script(text: str) -> Script:
    """Traditional when converting to simplified changes more than it would the other way.

    The other way is first counted from a table of the characters s2t changes: loading
    that converter costs ~35 ms, and only a mixed text needs its exact count."""
    to_simple = sum(a != b for a, b in zip(text, to_simplified(text), strict=False))
    if not to_simple:
        return "simplified"
    from jiyao.cleaning import tables

    simplified_only = _simplified_only(tables.chars()["simplified_only"])
    estimate = sum(char in simplified_only for char in text)
    if to_simple > 2 * estimate + 20:
        return "traditional"
    to_trad = sum(a != b for a, b in zip(text, to_traditional(text), strict=False))
    return "traditional" if to_simple > to_trad else "simplified"


@functools.cache
def _simplified_only(chars: str) -> frozenset[str]:
    return frozenset(chars)


def convert(text: str, script: Script) -> str:
    return to_simplified(text) if script == "simplified" else to_traditional(text)
