"""Chinese script detection and conversion (OpenCC)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Any, Literal

Script = Literal["simplified", "traditional"]

# The Han characters, as a regex class: CJK unified ideographs, extension A and the
# compatibility ideographs (those :func:`is_han` tests).
HAN_CLASS = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"


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


def to_traditional_regional(text: str) -> str:
    """``text`` in Taiwan's and then Hong Kong's traditional forms (秘, 峰 where s2t has 祕, 峯)."""
    return f"{_converter('s2tw').convert(text)}\n{_converter('s2hk').convert(text)}"


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


def foreign_characters(counts: Mapping[str, int]) -> frozenset[str]:
    """The characters a page with these character ``counts`` would not show: on a page in
    traditional script the simplified characters OpenCC's s2t always converts, on one in
    simplified script the traditional ones t2s always converts; none on a page of mixed
    script. (A lost byte's candidates: 体委 for 區委 on a traditional page was a guess no
    converted page could hold. The name prior prices a broader set of the other script's
    characters softly; these, which no converter leaves, are left out.)"""
    script = page_script(counts)
    if script is None:
        return frozenset()
    return script_marks()[0 if script == "traditional" else 1]


def page_script(counts: Mapping[str, int], at_least: int = 20, other_share: float = 0.1) -> Script | None:
    """The script of a page with these character ``counts`` when it is of one: its marks,
    characters no converter leaves, are ``at_least`` of one script and the other's at most
    ``other_share`` of them (20 and 0.1: a site's simplified chrome on a converted page);
    else None."""
    marks = script_marks()
    simplified = sum(n for char, n in counts.items() if char in marks[0])
    traditional = sum(n for char, n in counts.items() if char in marks[1])
    if traditional >= at_least and simplified <= other_share * traditional:
        return "traditional"
    if simplified >= at_least and traditional <= other_share * simplified:
        return "simplified"
    return None


def script_marks() -> tuple[frozenset[str], frozenset[str]]:
    """The characters of simplified script alone and of traditional script alone: those
    no converter leaves as they are."""
    from jiyao.cleaning import tables

    table = tables.script_marks()
    return _marks(table["simplified"], table["traditional"])


@functools.cache
def _marks(simplified: str, traditional: str) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(simplified), frozenset(traditional)


def convert(text: str, script: Script) -> str:
    return to_simplified(text) if script == "simplified" else to_traditional(text)
