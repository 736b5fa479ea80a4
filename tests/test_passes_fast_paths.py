"""The cleaning passes' fast paths find exactly the edits of the plain regexes they replace."""

from __future__ import annotations

import dataclasses
import random
import re

import pytest

from jiyao.cleaning.gbk_beam import pair_char
from jiyao.cleaning.gbk_runs import _decode_in_phase as decode_in_phase
from jiyao.cleaning.model import Edit, Repair, RepairKind, TrackedText
from jiyao.cleaning.passes import controls, stray_commas, whitespace

_MARKS = "，。、；：！？“”‘’（）《》〈〉【】—…·"
_WS = "[ \\t\\u3000\\u00a0]"
# The regexes the passes used before their fast paths: the oracle.
_SPACE_BY_MARK = re.compile(rf"{_WS}+(?=[{_MARKS}])|(?<=[{_MARKS}]){_WS}+")
_SPACES = re.compile(rf"{_WS}+")
_TRAILING_BAR = re.compile(r"[ \t]+\|[ \t]*$", re.MULTILINE)
_CONTROLS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]+"
)
_EMOJI = re.compile("[\U0001f000-\U0001faff\u2600-\u27bf]")


def _controls_everywhere(text: str) -> list[Edit]:
    return [
        Edit(m.start(), m.end(), "", RepairKind.WHITESPACE, 1.0, "control characters")
        for m in _CONTROLS.finditer(text)
        if not (m.group() == "\u200d" and _EMOJI.match(text, m.end()))  # a joiner inside an emoji stays
    ]


def _whitespace_by_lines(text: str) -> list[Edit]:
    edits = [Edit(m.start(), m.end(), "", RepairKind.CHROME, 1.0, "trailing bar") for m in _TRAILING_BAR.finditer(text)]
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


_COMMA_RUN = re.compile(r"，(?:[ \t\u3000\u00a0]*，)*")


def _stray_commas_everywhere(text: str) -> list[tuple[int, int, str]]:
    """Every run of commas, judged by the marks past the spaces around it."""
    found = []
    for match in _COMMA_RUN.finditer(text):
        before = text[: match.start()].rstrip(" \t\u3000\u00a0")[-1:]
        after = text[match.end() :].lstrip(" \t\u3000\u00a0")[:1]
        if (before and before in "。、；：！？") or (after and after in "。、；：！？"):
            found.append((match.start(), match.end(), ""))
        elif match.group().count("，") > 1:
            found.append((match.start(), match.end(), "，"))
    return found


def _random_texts(alphabet: str, count: int) -> list[str]:
    rng = random.Random(11)
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(count)]


def test_whitespace_finds_the_edits_the_line_by_line_pass_found() -> None:
    for text in _random_texts("會議 \t\u3000\u00a0\n，。“（|a\x01\u00ad\u200d\u2060\U0001f468", 3000):
        assert sorted(controls(text), key=repr) == sorted(_controls_everywhere(text), key=repr), repr(text)
        tracked = TrackedText(text)
        tracked.apply(controls(text))
        without = tracked.text
        assert sorted(whitespace(without), key=repr) == sorted(_whitespace_by_lines(without), key=repr), repr(text)


def test_stray_commas_skips_only_text_without_any() -> None:
    for text in _random_texts("會議，，，。、；！a \t\u3000", 3000):
        found = [(e.start, e.end, e.replacement) for e in stray_commas(text)]
        assert found == _stray_commas_everywhere(text), repr(text)


def _in_phase_pair_by_pair(data: bytes) -> str | None:
    """The oracle: each pair decoded on its own, as the decoder read runs before."""
    if len(data) % 2:
        return None
    chars = [pair_char(data[i : i + 2]) for i in range(0, len(data), 2)]
    return None if None in chars else "".join(c for c in chars if c)


def test_a_run_read_in_phase_at_once_reads_as_pair_by_pair() -> None:
    rng = random.Random(11)
    read = 0
    for _ in range(50_000):
        length = rng.choice((0, 2, 3, 4, 6, 8))
        data = bytes(
            rng.choice((rng.randrange(0x81, 0xFF), rng.randrange(0x40, 0x100), rng.randrange(0x100)))
            for _ in range(length)
        )
        expected = _in_phase_pair_by_pair(data)
        assert decode_in_phase(data) == expected, data.hex()
        read += bool(expected)
    assert read > 5_000  # the random runs do include readable ones
    # An ASCII byte in a pair's place throws the phase: not a reading (A 丂 B, not 2 pairs).
    assert decode_in_phase(b"\x41\x81\x40\x42") is None


def test_an_applied_edit_records_the_repair_a_dataclass_would() -> None:
    tracked = TrackedText("會(huì)議,要")
    tracked.apply([Edit(1, 6, "", RepairKind.PINYIN, 1.0, "huì"), Edit(7, 8, "，", RepairKind.PUNCTUATION, 0.95123)])
    assert tracked.text == "會議，要"
    assert tracked.repairs == [
        Repair(RepairKind.PINYIN, 1, 6, "(huì)", "", 1.0, "huì"),
        Repair(RepairKind.PUNCTUATION, 7, 8, ",", "，", 0.951, ""),
    ]
    with pytest.raises(dataclasses.FrozenInstanceError):
        tracked.repairs[0].start = 2  # type: ignore[misc]


def test_the_characters_that_may_cross_an_unreadable_pair_are_found_by_lead_byte() -> None:
    from jiyao.cleaning.gbk_beam import _all_characters, _allowed_after, _may_follow

    options = _all_characters()
    for before in ("全", "的", "議", "，", "a", "", "□"):
        assert list(_allowed_after(before, options)) == [
            i for i, char in enumerate(options) if _may_follow(before, char, True)
        ], before
    # After 全 (trail AB, a row GBK leaves unassigned) most may; after 的 (trail C4) none.
    assert len(options) > len(_allowed_after("全", options)) > len(options) // 2
    assert not _allowed_after("的", options)


def test_a_free_pairs_quick_scores_as_changes_are_the_row_they_replace() -> None:
    from jiyao.cleaning.chooser import Chooser
    from jiyao.cleaning.gbk_beam import _all_characters
    from jiyao.cleaning.plausibility import candidates, pair_logp_changes, pair_logps

    options = _all_characters()
    table = candidates(options)
    chooser = Chooser("会议强调，各地各部门要紧盯全年目标任务。常委会研究了全年目标任务。")
    changed = 0
    for prev in ("全", "常委", "目标", "的", "，", "a", "□"):
        for dense, changes in (
            (pair_logps(prev, options), pair_logp_changes(prev, table)),
            (chooser.pair_scores(prev, options), chooser.pair_score_changes(prev, table)),
        ):
            row = list(table.fallback)
            for place, value in changes.items():
                row[place] = value
            assert row == dense, prev
            changed += len(changes)
    assert changed > 100  # words after 全, 常委, 目标 and the report's own pairs: the check can tell


def test_the_full_stops_widened_are_those_the_sentence_end_pattern_names() -> None:
    # Scanned as one character class (fast), then judged: the same marks as the pattern
    # with the full stop's lookarounds, which had made clean text 1.3x slower to clean.
    from jiyao.cleaning.passes import _ASCII_PUNCT, _sentence_stop

    pattern = re.compile(r"[,:;!?()]|(?<![.\s])\.(?![.0-9A-Za-z_])")
    alphabet = ".,:;!?() \t\n\u3000\xa0aZ09_会。"
    rng = random.Random(7)
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        found = _ASCII_PUNCT.finditer(text)
        scanned = [m.start() for m in found if m.group() != "." or _sentence_stop(text, m.start())]
        assert scanned == [m.start() for m in pattern.finditer(text)], text
