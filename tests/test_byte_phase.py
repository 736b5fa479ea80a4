"""GBK and Big5 files that lost or gained a byte: read back in phase (cleaning.byte_phase)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from jiyao.cleaning import clean_bytes
from jiyao.cleaning.decoding import decode_bytes
from tests.helpers import gold_text

OUT_OF_PHASE = "bytes went out of phase in 1 place (a byte lost or added)"


def _han_offsets(text: str, encoding: str) -> list[tuple[int, int]]:
    """(character index, byte offset of its lead) of every Chinese character."""
    offsets, at = [], 0
    for index, char in enumerate(text):
        if "\u4e00" <= char <= "\u9fff":
            offsets.append((index, at))
        at += len(char.encode(encoding))
    return offsets


def _read_back(
    text: str,
    encoding: str,
    characters: slice,
    damaged: Callable[[bytes, int], list[bytes]],
    *,
    after: bool = False,
    says: str = "1 place",
) -> int:
    """Of the pages made by ``damaged(data, lead)`` for each Chinese character of
    ``characters`` (its lead's byte offset), how many decode to ``text`` with U+FFFD for that
    character (``after``: just after it), each with a problem that ``says`` so."""
    data = text.encode(encoding)
    read_back = 0
    for index, lead in _han_offsets(text, encoding)[characters]:
        cut = index + 1 if after else index
        for page in damaged(data, lead):
            decoded = decode_bytes(page)
            if decoded.text == text[:cut] + "\ufffd" + text[index + 1 :]:
                assert any(says in problem for problem in decoded.problems)
                read_back += 1
    return read_back


@pytest.mark.parametrize(("encoding", "at_least"), [("gb18030", 40), ("big5", 25)])
def test_a_lost_lead_byte_costs_one_character_not_the_file(encoding: str, at_least: int) -> None:
    # Before: a GBK or Big5 file that lost one byte was "binary data?" (exit 2) where the
    # pairs after it met one that is no character, or read on as nonsense without a word.
    mended = _read_back(
        gold_text("000"), encoding, slice(200, 260), lambda data, at: [data[:at] + data[at + 1 :]], says=OUT_OF_PHASE
    )
    # Of 60 characters. The others: a neighbour lost instead, or (Big5) a trail byte read as
    # a letter that no dropped byte reads better than (個u作 for 個工作, as 推动A股 below).
    assert mended >= at_least, mended


def test_a_byte_added_inside_a_character_is_dropped_and_the_place_marked() -> None:
    mended = _read_back(
        gold_text("002"),
        "gb18030",
        slice(100, 140),
        lambda data, at: [data[: at + 1] + b"\xfe" + data[at + 1 :]],
        after=True,
    )
    assert mended >= 30, mended  # of 40


@pytest.mark.parametrize(("encoding", "at_least"), [("gb18030", 38), ("big5", 38)])
def test_an_ascii_byte_put_in_between_a_lead_and_its_trail_is_dropped(encoding: str, at_least: int) -> None:
    # A stray ? (or any byte below 0x40) between a character's two bytes: the lead reads as no
    # character and the pairs after it out of phase. Such a byte had never been tried as the
    # one to drop (no pair holds it), and the file was "binary data?", exit 2.
    # (Found by the byte fuzzer, tests/byte_fuzz.py: 11 of its 20 damaged GBK pages.)
    mended = _read_back(
        gold_text("000"),
        encoding,
        slice(100, 140),
        lambda data, at: [data[: at + 1] + b"?" + data[at + 1 :]],
        after=True,
    )
    assert mended >= at_least, mended  # of 40


def test_the_cleaner_marks_the_place_and_reads_on() -> None:
    text = gold_text("002")
    data = text.encode("gb18030")
    index, lead = _han_offsets(text, "gb18030")[300]
    whole = clean_bytes(data).text
    report = clean_bytes(data[:lead] + data[lead + 1 :])
    assert any(OUT_OF_PHASE in problem for problem in report.decoding_problems)
    # The same clean text but for the lost character, marked □ (flagged, not guessed).
    assert len(report.text) == len(whole)
    differ = [i for i, (a, b) in enumerate(zip(whole, report.text, strict=True)) if a != b]
    assert len(differ) == 1 and report.text[differ[0]] == "□" and whole[differ[0]] == text[index]


def test_a_file_that_reads_whole_is_left_as_it_is() -> None:
    text = gold_text("000")
    for encoding in ("gb18030", "big5"):
        decoded = decode_bytes(text.encode(encoding))
        assert decoded.text == text and not decoded.problems


def test_a_character_of_the_user_defined_area_in_a_whole_text_stays() -> None:
    # A site may write a rare name's character in GB18030's user-defined area (its own font):
    # the text around it reads well as it is, and no byte is dropped.
    text = gold_text("000")
    at = text.index("。", 400) + 1
    page = text[:at] + "市長王\ue000主持。" + text[at:]
    decoded = decode_bytes(page.encode("gb18030"))
    assert decoded.text == page and not decoded.problems


def test_a_letter_between_chinese_characters_in_a_whole_text_stays() -> None:
    # A lone letter between two Chinese characters is how a trail byte read as itself looks,
    # and how 推动A股上市 is written: dropping the A (a character lost, □) reads no better.
    text = gold_text("002")
    page = "，".join(part + ("，推动A股上市" if i % 3 == 0 else "") for i, part in enumerate(text.split("，")))
    assert page.count("A股") > 20
    decoded = decode_bytes(page.encode("gb18030"))
    assert decoded.text == page and not decoded.problems


@pytest.mark.parametrize(
    ("encoding", "lead", "trail"),
    [("gb18030", b"\x80", b"\xff"), ("big5", b"\x8a", b"\x80")],
)
def test_a_changed_byte_costs_one_character_not_the_file(encoding: str, lead: bytes, trail: bytes) -> None:
    # A byte changed into one that is no character's (a lead no character opens with, a
    # trail none ends with): no byte dropped mends that, and the file was "binary data?",
    # exit 2. The character is lost; the file is not. (Found by the byte fuzzer: 61 of its
    # 800 damaged Big5 pages of seed 1 refused, 1 of them with a single changed byte.)
    mended = _read_back(
        gold_text("000"),
        encoding,
        slice(100, 120),
        lambda data, at: [data[:at] + lead + data[at + 1 :], data[: at + 1] + trail + data[at + 2 :]],
    )
    # Of 40 (20 leads, 20 trails). Big5 misses two: a dropped byte reads likelier there.
    assert mended >= 38, mended


@pytest.mark.parametrize(("encoding", "at_least"), [("gb18030", 26), ("big5", 21)])
def test_a_lead_byte_changed_into_a_letter_costs_one_character(encoding: str, at_least: int) -> None:
    # A lead changed into an ASCII letter (會 as `a` + its trail): the trail opens pairs out
    # of phase, and dropping it leaves the letter between two Chinese characters — a sign of
    # bytes out of phase itself, so no byte dropped mended it and the file was "binary
    # data?", exit 2. (Found by the byte fuzzer: 4 of the 30 pages of seed 7 it refused.)
    mended = _read_back(
        gold_text("000"), encoding, slice(100, 130), lambda data, at: [data[:at] + b"a" + data[at + 1 :]]
    )
    # Of 30. The others have a trail that is a letter's byte too (難 as EB 79): `ay` reads in
    # phase between two characters, as a page's own `AI` does, and is left as it is.
    assert mended >= at_least, mended


# A page whose own mojibake (工作 lost a byte, read as 裙ぷ鳌) holds signs of bytes out of
# phase itself, as the seeds' `??` runs may; the text-level decoder repairs them later.
OWN_MOJIBAKE = (
    "市政府召開第二十三次常務會議\n"
    "11月2日上午，市長馮立新主持召開市政府常務會議，研究部署冬季安全生產和森林防?鸬裙ぷ鳌?\n"
    "副市長陸文斌、閻紅、殷志遠，市政府秘書長曹陽出席會議。市審計局、市財政局主要負責同志列席會議。\n"
)


def test_a_byte_put_in_after_a_sign_of_the_pages_own_is_dropped() -> None:
    # A stray ? between 遠's lead and trail, a line after the page's own ぷ: the stretch in which
    # a byte to drop is looked for reached back over ぷ, every reading held it, and the file was
    # "binary data?", exit 2. (Found by the byte fuzzer: seed 8's only page refused for one
    # damage.) It is looked for again past the sign left unmended.
    data = OWN_MOJIBAKE.encode("gbk")
    at = data.index("遠".encode("gbk"))
    report = clean_bytes(data[: at + 1] + b"?" + data[at + 1 :])
    assert "殷志遠□，市政府秘書長曹陽出席會議" in report.text
    assert "森林防火等工作" in report.text  # the page's own mojibake, repaired as before
    assert any(OUT_OF_PHASE in problem for problem in report.decoding_problems)


def test_a_changed_byte_on_a_page_with_a_sign_of_its_own_costs_one_character() -> None:
    # A trail changed into one no character ends with: read as changed, but such a reading
    # was taken only where no sign at all was left, and the page's own ぷ is one: exit 2.
    data = OWN_MOJIBAKE.encode("gbk")
    at = data.index("遠".encode("gbk"))
    report = clean_bytes(data[: at + 1] + b"\xff" + data[at + 2 :])
    assert "殷志□，市政府秘書長曹陽出席會議" in report.text
    assert any("a byte changed" in problem for problem in report.decoding_problems)


def test_a_short_big5_page_with_a_changed_byte_is_not_read_as_gbk() -> None:
    # GB18030 reads nearly any bytes: a short Big5 page whose one byte no Big5 character
    # holds read whole as GB18030 nonsense, and was refused ("does not read as Chinese").
    text = gold_text("001")[:150]
    data = text.encode("big5")
    index, at = _han_offsets(text, "big5")[60]
    decoded = decode_bytes(data[:at] + b"\x8a" + data[at + 1 :])
    assert decoded.encoding == "big5"
    assert decoded.text == text[:index] + "\ufffd" + text[index + 1 :]
