"""The cleaning passes' fast paths find exactly the edits of the plain regexes they replace."""

from __future__ import annotations

import random
import re

from jiyao.cleaning.model import Edit, RepairKind
from jiyao.cleaning.passes import stray_commas, whitespace

_MARKS = "，。、；：！？“”‘’（）《》〈〉【】—…·"
_WS = "[ \\t\\u3000\\u00a0]"
# The regexes the passes used before their fast paths: the oracle.
_SPACE_BY_MARK = re.compile(rf"{_WS}+(?=[{_MARKS}])|(?<=[{_MARKS}]){_WS}+")
_SPACES = re.compile(rf"{_WS}+")
_TRAILING_BAR = re.compile(r"[ \t]+\|[ \t]*$", re.MULTILINE)
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b\ufeff]+")


def _whitespace_by_lines(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end(), "", RepairKind.CHROME, 1.0, "trailing bar") for m in _TRAILING_BAR.finditer(text)]
    edits += [
        Edit(m.start(), m.end(), "", RepairKind.WHITESPACE, 1.0, "control characters") for m in _CONTROLS.finditer(text)
    ]
    taken = {i for e in edits for i in range(e.start, e.end)}
    for match in _SPACE_BY_MARK.finditer(text):
        if match.start() not in taken:
            edits.append(Edit(match.start(), match.end(), "", RepairKind.WHITESPACE, 1.0))
            taken.update(range(match.start(), match.end()))
    offset = 0
    for line in text.split("\n"):
        stripped = line.strip(" \t\u3000\u00a0")
        lead = len(line) - len(line.lstrip(" \t\u3000\u00a0"))
        if lead and offset not in taken:
            edits.append(Edit(offset, offset + lead, "", RepairKind.WHITESPACE, 1.0))
        tail_start = offset + lead + len(stripped)
        if tail_start < offset + len(line) and tail_start not in taken:
            edits.append(Edit(tail_start, offset + len(line), "", RepairKind.WHITESPACE, 1.0))
        for match in _SPACES.finditer(stripped):
            start = offset + lead + match.start()
            if match.group() != " " and start not in taken:
                edits.append(Edit(start, offset + lead + match.end(), " ", RepairKind.WHITESPACE, 1.0))
        offset += len(line) + 1
    return edits


_STRAY = re.compile(r"，+(?=[，。、；：！？])|(?<=[。、；：！？])，+|，{2,}")


def _random_texts(alphabet: str, count: int) -> list[str]:
    rng = random.Random(11)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(count)]


def test_whitespace_finds_the_edits_the_line_by_line_pass_found() -> None:
    for text in _random_texts("會議 \t\u3000\u00a0\n，。“（|a\x01", 3000):
        assert sorted(whitespace(text), key=repr) == sorted(_whitespace_by_lines(text), key=repr), repr(text)


def test_stray_commas_skips_only_text_without_any() -> None:
    for text in _random_texts("會議，，。、；！a", 3000):
        assert [(e.start, e.end) for e in stray_commas(text)] == [m.span() for m in _STRAY.finditer(text)], repr(text)
