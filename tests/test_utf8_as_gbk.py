"""UTF-8 text a scraper decoded as GBK and saved so (鏈堜細璁 for 月会议) is read again."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from jiyao.cleaning import clean_bytes, clean_text
from jiyao.cleaning.utf8_as_gbk import read_as_utf8
from jiyao.extraction import extract_offline
from jiyao.metrics import character_error_rate
from tests.helpers import SEEDS, gold_text

REPORT = (
    "县政府召开常务会议\n"
    "3月5日上午，县长王明主持召开县政府第15次常务会议。副县长李强、张伟出席会议。\n"
    "会议要求，各乡镇、各部门要压实安全生产责任，确保全县安全形势稳定。"
)


@pytest.mark.parametrize("prefix", [path.name[:3] for path in SEEDS])
@pytest.mark.parametrize(
    ("codec", "worst"),
    # A browser's decoder (GB18030) keeps GBK's undefined pairs as private-use characters,
    # and back; Python's GBK codec (a scraper's requests told the page is GBK) writes each
    # as U+FFFD, a byte lost more. Measured on the seeds: 0.00-0.36% and 0.74-2.10%.
    [("gb18030", 0.006), ("gbk", 0.03)],
)
def test_a_report_in_utf8_read_as_gbk_comes_back(prefix: str, codec: str, worst: float) -> None:
    # Before: 3鏈?5鏃ワ紝甯傞暱… came out as it went in, exit 0, nothing said.
    gold = gold_text(prefix)
    report = clean_text(gold.encode("utf-8").decode(codec, errors="replace"))
    assert character_error_rate(report.text, gold) <= worst
    assert [p for p in report.decoding_problems if p.startswith("the text was UTF-8 read as GBK")]


@pytest.mark.parametrize("seed", SEEDS, ids=lambda path: path.name[:3])
# Measured: 0.48-2.10% (GB18030), 0.91-3.48% (GBK), mostly a name's character no reading
# follows, chosen among the 64 by its neighbours (劉寧 as 劉大).
@pytest.mark.parametrize(("codec", "worst"), [("gb18030", 0.025), ("gbk", 0.04)])
def test_a_report_as_received_read_as_gbk_comes_back(seed: Path, codec: str, worst: float) -> None:
    # The seeds as they came (readings glued after characters), read as GBK. Each character
    # a reading follows ends its run, so GBK cut a byte off nearly every one, and the choice
    # among the 64 bytes it may have been, made by neighbours that are readings' letters,
    # read 會議 as 有證: worse than the 9 nats a character a reading must beat, so every seed
    # so read was refused, exit 2 ("does not read as Chinese"). The reading after a character
    # names it (會(huì)); the letters are no neighbours.
    data = seed.read_bytes()
    received = clean_bytes(data).text
    report = clean_bytes(data.decode("utf-8").encode("utf-8").decode(codec, errors="replace").encode("utf-8"))
    assert character_error_rate(report.text, received) <= worst
    assert [p for p in report.decoding_problems if p.startswith("the text was UTF-8 read as GBK")]


@pytest.mark.parametrize("codec", ["gb18030", "gbk"])
def test_a_short_report_read_so_is_read_whole_and_its_people_found(codec: str) -> None:
    report = clean_text(REPORT.encode("utf-8").decode(codec, errors="replace"))
    readout = extract_offline(report)
    assert readout.chair is not None and readout.chair.name == "王明"
    assert [p.name for p in readout.attendees] == ["王明", "李强", "张伟"]
    assert character_error_rate(report.text, REPORT) <= 0.03


@pytest.mark.parametrize("damage", ["drop", "change", "mark"])
def test_a_short_report_read_so_whose_saved_bytes_were_damaged_is_read_all_the_same(damage: str) -> None:
    # The page saved as UTF-8 lost, changed or gained a byte: read again as UTF-8 the damaged
    # place costs a character or two (flagged □), which passed the 1% a short report allows;
    # the whole report had stayed mojibake. (Found by the byte fuzzer, tests/byte_fuzz.py.)
    data = bytearray(REPORT.encode("utf-8").decode("gbk", errors="replace").encode("utf-8"))
    at = len(data) // 2
    if damage == "drop":
        del data[at]
    elif damage == "change":
        data[at] = 0x41
    else:
        data[at:at] = b"?"
    report = clean_bytes(bytes(data))
    # Before: the whole report as it came (鍘垮箍…), a CER near 1. Now the damaged place
    # costs two to four characters (□) of 84, as the lost bytes a short report holds anyway.
    assert character_error_rate(report.text, REPORT) <= 0.07
    assert "副县长李强" in report.text and "出席会议" in report.text
    assert [p for p in report.decoding_problems if p.startswith("the text was UTF-8 read as GBK")]


@pytest.mark.parametrize(
    "text",
    [
        REPORT,
        gold_text("001"),
        # Chinese text with the characters that make the test look (瑕疵, 浠水县, 涓涓, 有月):
        "浠水县召开会议。会议指出，工作中仍有瑕疵，要涓涓细流汇成江海。人们在会上表示，是部门要做的。",
        "The city council met on Monday.",
    ],
)
def test_text_that_is_what_it_says_is_left_alone(text: str) -> None:
    assert read_as_utf8(text) is None
    assert not any("UTF-8 read as GBK" in p for p in clean_text(text).decoding_problems)


def test_a_long_page_so_read_keeps_to_the_reports_time_budget() -> None:
    # ~0.6 ms a character: before, a page of it ran past --timeout, which nothing looked at.
    from jiyao import deadline
    from jiyao.errors import TimeBudgetError

    page = (gold_text("000") * 20).encode("utf-8").decode("gbk", errors="replace")
    began = time.monotonic()
    with pytest.raises(TimeBudgetError), deadline.time_budget(0.5, "page"):
        clean_text(page)
    # Stopped within the reading, not after it (26 s here before: the next pass's look).
    assert time.monotonic() - began < 10


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\r\n"])
def test_a_line_break_the_reading_again_brings_back_is_a_newline(separator: str) -> None:
    # Before, U+2028 decoded back from the UTF-8 bytes stayed in the clean text (the text's
    # newlines had been read before it was): cleaning it again turned it into a newline.
    def read_as_gbk(text: str) -> str:
        return text.encode("utf-8").decode("gb18030", errors="replace")

    at = REPORT.index("王明")  # where the bytes of U+2028 come back whole
    report = clean_text(read_as_gbk(REPORT[:at] + separator + REPORT[at:]))
    assert report.text == clean_text(read_as_gbk(REPORT[:at] + "\n" + REPORT[at:])).text
    assert clean_text(report.text).text == report.text
