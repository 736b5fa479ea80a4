"""UTF-16 files that lost or gained a byte: read back in phase (cleaning.utf16).

Before, a UTF-16 file whose length the damage made odd was refused ("starts with a utf-16
BOM but is not utf-16", exit 2), and one whose pairs went out of phase and back read as
Hangul and rare ideographs: the byte fuzzer refused 306 of its 400 damaged UTF-16 pages of
seed 1 (tests/byte_fuzz.py).
"""

from __future__ import annotations

import codecs

import pytest

from jiyao.cleaning import clean_bytes
from jiyao.cleaning.decoding import decode_bytes
from jiyao.errors import BinaryInputError
from tests.helpers import gold_text

OUT_OF_PHASE = "the UTF-16 bytes went out of phase in 1 place"


@pytest.mark.parametrize(("codec", "bom"), [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE)])
def test_a_lost_byte_costs_one_character_not_the_file(codec: str, bom: bytes) -> None:
    text = gold_text("001")
    data = text.encode(codec)
    mended = 0
    for index in range(100, 900, 20):  # 40 characters, either byte of each
        for at in (2 * index, 2 * index + 1):
            decoded = decode_bytes(bom + data[:at] + data[at + 1 :])
            assert decoded.encoding == "utf-16"
            if decoded.text == text[:index] + "\ufffd" + text[index + 1 :]:
                assert any(OUT_OF_PHASE in problem for problem in decoded.problems)
                mended += 1
    # Of 80: 77 little-endian, 73 big-endian. The others: a unit read out of phase that
    # reads by chance, kept beside the □, or a character beside it lost as well.
    assert mended >= 72, mended


def test_a_byte_added_or_changed_is_read_past_too() -> None:
    text = gold_text("002")
    data = text.encode("utf-16-le")
    at = 2 * 300
    added = decode_bytes(codecs.BOM_UTF16_LE + data[:at] + b"?" + data[at:])
    assert added.text == text[:300] + "\ufffd" + text[300:]
    inside = decode_bytes(codecs.BOM_UTF16_LE + data[: at + 1] + b"?" + data[at + 1 :])
    assert inside.text == text[:300] + "\ufffd" + text[301:]  # the character it went into is lost
    # A byte changed into half of a surrogate pair, alone: that character is lost.
    changed = decode_bytes(codecs.BOM_UTF16_LE + data[:at] + b"\x00\xd8" + data[at + 2 :])
    assert changed.text == text[:300] + "\ufffd" + text[301:]


def test_utf16_without_a_bom_that_lost_a_byte_is_read() -> None:
    text = gold_text("000")
    data = text.encode("utf-16-le")
    decoded = decode_bytes(data[:501] + data[502:])
    assert decoded.encoding == "utf-16" and decoded.text == text[:250] + "\ufffd" + text[251:]


def test_whole_utf16_is_read_as_it_is_whatever_it_holds() -> None:
    # A passage no report's Chinese reads as (Hangul, Greek, rare characters) is no damage:
    # no byte dropped reads better.
    gold = gold_text("000")
    text = gold[:300] + "\n한국어 문단입니다.\n" + gold[300:400] + "αβγδε 䶵䶴䶳" + gold[400:600]
    decoded = decode_bytes(text.encode("utf-16"))
    assert decoded.text == text and not decoded.problems


def test_the_cleaner_marks_the_place_and_reads_on() -> None:
    text = gold_text("003")
    data = text.encode("utf-16")
    whole = clean_bytes(data).text
    report = clean_bytes(data[:801] + data[802:])
    assert len(report.text) == len(whole)
    differ = [i for i, (a, b) in enumerate(zip(whole, report.text, strict=True)) if a != b]
    assert len(differ) == 1 and report.text[differ[0]] == "□"


def test_a_few_bytes_of_binary_data_are_not_read_as_damaged_utf16() -> None:
    # Nine bytes with a NUL: read back in phase they had made '□湡特', a report (exit 0).
    with pytest.raises(BinaryInputError):
        decode_bytes(b"\x00\x01\x02binary")


def test_damage_close_together_is_flagged_not_shown_as_text() -> None:
    # Two bytes put in three characters apart: the stretch between is read out of phase and
    # is too short to be judged so; it had been shown as text (講ⶊݎ謹).
    text = gold_text("002")
    data = text.encode("utf-16-le")
    damaged = data[:601] + b"?" + data[601:607] + b"?" + data[607:]
    decoded = decode_bytes(codecs.BOM_UTF16_LE + damaged)
    assert decoded.text[:295] == text[:295] and decoded.text[-200:] == text[-200:]
    middle = decoded.text[295:-200]
    assert "\ufffd" in middle
    assert all(ch == "\ufffd" or ch in text[290:-195] for ch in middle), middle
