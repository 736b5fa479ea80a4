"""The numbers Word writes before a numbered paragraph (一、 （1） ①): they are not in the
paragraph's text but in ``word/numbering.xml``, and a list of decisions read without them
loses its order (议定事项如下：一、… 二、…).

A paragraph names its list (``w:numId``) and level (``w:ilvl``); the list names its
pattern (``w:abstractNum``): for each level a format (``chineseCounting``, ``decimal``…),
a start and a text with the levels' numbers in it (``%1、``, ``（%2）``). Lists that share
a pattern share its counters, as Word counts them, unless a list restarts one
(``w:startOverride``); a level's counter restarts after a shallower level's paragraph.

A paragraph may be numbered by its style instead (``w:pStyle``: headings numbered 一、
二、 as a template sets them up): the style, or one it is based on, names the list in
``word/styles.xml``, and the level is the style's own, else that of the pattern's level
tied to the style (its ``w:pStyle``), else the first. Bullets are not written: they
carry no order to lose, and Word's glyphs for them are private-use characters of its
symbol fonts.
"""

from __future__ import annotations

from collections.abc import Callable
from xml.etree import ElementTree

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "〇一二三四五六七八九"
# Styles based on styles: Word's own chains are a few long; a cycle (a damaged file) ends here.
_MAX_BASED_ON = 16
_LEVELS = 9  # a list's levels, 0 to 8, as Word has them
_STEMS = "甲乙丙丁戊己庚辛壬癸"


def _chinese(number: int) -> str:
    """一 … 九十九, as Word's chineseCounting writes them (larger ones in digits)."""
    tens, units = divmod(number, 10)
    if number <= 0 or number >= 100:
        return str(number)
    if tens == 0:
        return _DIGITS[units]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[units] if units else "")


def _letters(first: str) -> Callable[[int], str]:
    return lambda number: chr(ord(first) + (number - 1) % 26) * ((number - 1) // 26 + 1)


def _roman(number: int) -> str:
    out = ""
    for value, numeral in ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                           (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):  # fmt: skip
        count, number = divmod(number, value)
        out += numeral * count
    return out


_FORMATS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": lambda n: str(n).translate({ord(d): 0xFF10 + int(d) for d in "0123456789"}),
    "chineseCounting": _chinese,
    "chineseCountingThousand": _chinese,
    "taiwaneseCountingThousand": _chinese,
    "ideographDigital": lambda n: "".join(_DIGITS[int(d)] for d in str(n)),
    "ideographTraditional": lambda n: _STEMS[(n - 1) % 10],
    "decimalEnclosedCircle": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedCircleChinese": lambda n: chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n),
    "decimalEnclosedParen": lambda n: chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})",
    "lowerLetter": _letters("a"),
    "upperLetter": _letters("A"),
    "lowerRoman": _roman,
    "upperRoman": lambda n: _roman(n).upper(),
}


class Numbering:
    """The numbers of one document's numbered paragraphs, in the order they are read."""

    def __init__(
        self, root: ElementTree.Element | None, styles: Callable[[], ElementTree.Element | None] = lambda: None
    ) -> None:
        # pattern → level → (format, start, text)
        self._levels: dict[str, dict[str, tuple[str, int, str]]] = {}
        self._pattern_of: dict[str, str] = {}  # list → its pattern
        self._restarts: dict[str, dict[str, int]] = {}  # list → level → start
        self._counters: dict[str, dict[int, int]] = {}  # pattern → level → the last number
        self._style_levels: dict[tuple[str, str], str] = {}  # (pattern, style) → the level tied to it
        self._styles: _StyleNumbering | None = None
        self._read_styles = styles
        if root is None:
            return
        for pattern in root.iter(f"{_W}abstractNum"):
            pattern_id = _value(pattern, "abstractNumId")
            levels = self._levels.setdefault(pattern_id, {})
            for level in pattern.iter(f"{_W}lvl"):
                levels[_value(level, "ilvl")] = (
                    _child_value(level, "numFmt") or "decimal",
                    _number(_child_value(level, "start"), 1),
                    _child_value(level, "lvlText") or "",
                )
                if (style := _child_value(level, "pStyle")) is not None:
                    self._style_levels.setdefault((pattern_id, style), _value(level, "ilvl"))
        for listed in root.iter(f"{_W}num"):
            number_id = _value(listed, "numId")
            self._pattern_of[number_id] = _child_value(listed, "abstractNumId") or ""
            for override in listed.iter(f"{_W}lvlOverride"):
                start = _child_value(override, "startOverride")
                if start is not None:
                    self._restarts.setdefault(number_id, {})[_value(override, "ilvl")] = _number(start, 1)

    def label(self, paragraph: ElementTree.Element) -> str:
        """The number Word shows before ``paragraph`` ("" for none), counted."""
        properties = paragraph.find(f"{_W}pPr/{_W}numPr")
        number_id = _child_value(properties, "numId") if properties is not None else None
        level_value = _child_value(properties, "ilvl") if properties is not None else None
        if number_id is None:  # numbered by its style, if at all
            paragraph_properties = paragraph.find(f"{_W}pPr")
            style = _child_value(paragraph_properties, "pStyle") if paragraph_properties is not None else None
            if style is None or not self._levels:
                return ""
            if self._styles is None:
                self._styles = _StyleNumbering(self._read_styles())
            number_id, style_level = self._styles.numbering(style)
            if number_id is None:
                return ""
            pattern_id = self._pattern_of.get(number_id, "")
            level_value = level_value or style_level or self._style_levels.get((pattern_id, style or ""))
        level = _number(level_value, 0)
        if not 0 <= level < _LEVELS:
            return ""  # no level Word has (a hostile file's 50,000,000th took seconds a paragraph)
        pattern = self._pattern_of.get(number_id)
        levels = self._levels.get(pattern or "")
        if not levels or str(level) not in levels:
            return ""  # numId 0 (numbering taken off), or a list the document does not define
        counters = self._counters.setdefault(pattern or "", {})
        restart = self._restarts.get(number_id, {}).pop(str(level), None)
        start = levels[str(level)][1]
        counters[level] = restart if restart is not None else counters.get(level, start - 1) + 1
        for deeper in [d for d in counters if d > level]:
            del counters[deeper]  # a deeper level starts again under this one
        fmt, _, text = levels[str(level)]
        if fmt in ("bullet", "none") or not text:
            return ""
        for shown in range(level, -1, -1):
            placeholder = f"%{shown + 1}"
            if placeholder in text:
                shown_fmt, shown_start, _ = levels.get(str(shown), ("decimal", 1, ""))
                value = counters.get(shown, shown_start)
                text = text.replace(placeholder, _FORMATS.get(shown_fmt, str)(value))
        return text


class _StyleNumbering:
    """Which list, and at which level if it says, each paragraph style numbers its
    paragraphs with: its own ``w:numPr``, else that of the style it is based on."""

    def __init__(self, styles: ElementTree.Element | None) -> None:
        self._own: dict[str, tuple[str | None, str | None]] = {}  # style → (list, level) it sets
        self._based_on: dict[str, str] = {}
        for style in styles.iter(f"{_W}style") if styles is not None else ():
            style_id = _value(style, "styleId")
            if (parent := _child_value(style, "basedOn")) is not None:
                self._based_on[style_id] = parent
            properties = style.find(f"{_W}pPr/{_W}numPr")
            if properties is not None:
                self._own[style_id] = (_child_value(properties, "numId"), _child_value(properties, "ilvl"))

    def numbering(self, style: str | None) -> tuple[str | None, str | None]:
        number_id = level = None
        for _ in range(_MAX_BASED_ON):
            if style is None:
                break
            own_id, own_level = self._own.get(style, (None, None))
            number_id, level = number_id or own_id, level or own_level
            if number_id is not None:
                break
            style = self._based_on.get(style)
        return number_id, level


def _value(element: ElementTree.Element, name: str) -> str:
    return element.get(f"{_W}{name}", "")


def _child_value(element: ElementTree.Element, name: str) -> str | None:
    child = element.find(f"{_W}{name}")
    return None if child is None else child.get(f"{_W}val")


def _number(value: str | None, default: int) -> int:
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default
