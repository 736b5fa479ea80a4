"""Bytes in every encoding the scrapers deliver decode to the same clean report."""

from __future__ import annotations

import codecs

import pytest

from jiyao.cleaning import clean_bytes
from jiyao.cleaning.decoding import decode_bytes
from jiyao.errors import BinaryInputError, EmptyInputError
from tests.helpers import gold_text, seed

# A paragraph of seed 003 (traditional) that Big5 can encode in full.
PARAGRAPH = gold_text("003").split("\n")[4]


@pytest.mark.parametrize(
    ("encoding", "data"),
    [
        ("utf-8", PARAGRAPH.encode("utf-8")),
        ("utf-8-sig", codecs.BOM_UTF8 + PARAGRAPH.encode("utf-8")),
        ("gb18030", PARAGRAPH.encode("gb18030")),
        ("gb18030", PARAGRAPH.encode("gbk")),
        ("big5", PARAGRAPH.encode("big5")),
        ("utf-16", PARAGRAPH.encode("utf-16")),
        ("utf-16", codecs.BOM_UTF16_BE + PARAGRAPH.encode("utf-16-be")),
    ],
)
def test_each_encoding_is_detected(encoding: str, data: bytes) -> None:
    decoded = decode_bytes(data)
    assert decoded.text == PARAGRAPH
    assert decoded.encoding == encoding


def test_utf16_without_bom_is_detected() -> None:
    text = "Report 報告 2022\n" + PARAGRAPH
    assert decode_bytes(text.encode("utf-16-le")).text == text


def test_a_whole_seed_reencoded_as_gbk_cleans_the_same() -> None:
    raw = seed("003").read_bytes()
    as_gbk = raw.decode("utf-8").encode("gb18030")
    assert clean_bytes(as_gbk).text == clean_bytes(raw).text == gold_text("003")


@pytest.mark.parametrize("data", [b"", b"   \n\t  \n"])
def test_empty_input_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(EmptyInputError, match="empty"):
        decode_bytes(data, path="report.txt")


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n" + bytes(200),
        b"\x7fELF\x02\x01\x01" + b"\x00\x01\x02\x03" * 50,
    ],
)
def test_binary_input_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(BinaryInputError) as info:
        decode_bytes(data, path="x.bin")
    assert "x.bin" in str(info.value)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a damaged PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a .docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), ".doc"),
        (b"{\\rtf1\\ansi\\ansicpg936 {\\fonttbl}", "RTF"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "OCR"),
        (b"\x1f\x8b\x08\x00" + bytes(20), "gunzip"),
    ],
)
def test_a_file_of_another_kind_is_named_with_what_to_do(data: bytes, what: str) -> None:
    with pytest.raises(BinaryInputError, match="not a text report") as info:
        decode_bytes(data, path="report")
    assert what in str(info.value)


def test_binary_data_that_decodes_as_utf16_is_not_taken_for_it() -> None:
    # A PDF's compressed stream, its header cut off: once read as UTF-16 Han characters
    # (倥䙄ㄭ…) and cleaned as a report, exit 0.
    data = b"\n1 0 obj\n<< /Length 44 >>\nstream\nx\x9c\x00\x01\x02\x03\x04\xff\xfe\x80\x81\nendstream\n\n"
    assert len(data) % 2 == 0
    with pytest.raises(BinaryInputError):
        decode_bytes(data, path="x.bin")


def test_a_seed_in_utf16_without_a_bom_is_still_read() -> None:
    text = gold_text("000")
    for encoding in ("utf-16-le", "utf-16-be"):
        assert decode_bytes(text.encode(encoding)).text == text


SHORT_REPORT = "3月5日，市长王明主持召开会议。副市长李强出席。"


def test_a_short_utf8_report_with_a_stray_bad_byte_is_read_and_the_byte_named() -> None:
    # Before: under 200 bytes, one truncated character made the whole report "binary
    # data?" — though neither GBK nor Big5 reads its bytes either.
    head, tail = SHORT_REPORT[:16], SHORT_REPORT[16:]
    decoded = decode_bytes(head.encode() + b"\xe4\xbc" + tail.encode())
    assert decoded.encoding == "utf-8" and decoded.text == f"{head}\ufffd{tail}"
    assert decoded.problems == ("invalid UTF-8 bytes replaced with U+FFFD in 1 place",)


def test_a_utf8_page_damaged_in_several_places_is_read_when_nothing_else_reads_it() -> None:
    # Before: past three damaged places a page under 60 KB was "binary data?", exit 2 (the
    # byte fuzzer: 78 of its 1,000 damaged GBK, GB18030 and UTF-8 pages of seed 1).
    text = gold_text("001")[:200]
    places = [i for i in range(20, 200, 40) if "\u4e00" <= text[i] <= "\u9fff"][:4]
    assert len(places) == 4
    damaged, want = b"", ""
    for a, b in zip([0, *places], [*places, len(text)], strict=True):
        piece = text[a:b].encode()
        damaged += piece[1:] if a else piece  # each place's character loses its lead byte
        want += "\ufffd" + text[a + 1 : b] if a else text[a:b]
    decoded = decode_bytes(damaged)
    assert decoded.encoding == "utf-8" and decoded.text == want
    assert decoded.problems == ("invalid UTF-8 bytes replaced with U+FFFD in 4 places",)


def test_a_short_report_with_a_stray_nul_byte_is_read_and_the_byte_named() -> None:
    # Before: a NUL byte in a file under 1,000 bytes was "binary data (NUL bytes)", exit 2
    # (the byte fuzzer: 4 of its 800 damaged Big5 pages of seed 1, a byte changed to 0).
    data = SHORT_REPORT.encode("gbk")
    at = data.index("会议".encode("gbk"))
    decoded = decode_bytes(data[:at] + b"\x00" + data[at:])
    assert decoded.text == SHORT_REPORT and decoded.problems == ("1 NUL byte removed",)
    with pytest.raises(BinaryInputError, match="NUL bytes"):
        decode_bytes(data[:at] + b"\x00" * 3 + data[at:])  # three in 60 bytes: no text file's


@pytest.mark.parametrize("stray", [b"\xff", b"\xff\xfe", b"\xc0", b"\xfe\xfe\xfe"])
@pytest.mark.parametrize("where", ["the head", "the middle"])
def test_bytes_inserted_into_a_utf8_character_damage_one_place_wherever_they_are(stray: bytes, where: str) -> None:
    # Before: a byte inserted between a character's lead and its continuation bytes left
    # four bad sequences (E4 | FF | BC | 9A): more than three made the report "binary
    # data?" (exit 2) where it fell near the start, and □□□□ for one character elsewhere.
    text = gold_text("002")
    at = 40 if where == "the head" else len(text) // 2
    while not "\u4e00" <= text[at] <= "\u9fff":
        at += 1
    data = text.encode()
    split = len(text[:at].encode()) + 1  # after the character's lead byte
    decoded = decode_bytes(data[:split] + stray + data[split:])
    assert decoded.encoding == "utf-8"
    assert decoded.text == text[:at] + "\ufffd" + text[at + 1 :]
    assert decoded.problems == ("invalid UTF-8 bytes replaced with U+FFFD in 1 place",)


def test_bad_utf8_bytes_are_counted_by_the_places_they_damage() -> None:
    # One place for each lead byte in a stretch of bad bytes, and one for every eight bytes
    # at least; enough places is no UTF-8 text at all (a GBK line read as UTF-8).
    text = gold_text("002")
    data = text.encode()
    middle = len(data) // 2
    while data[middle] & 0xC0 == 0x80:
        middle += 1
    junk = decode_bytes(data[:middle] + b"\xff" * 16 + data[middle:])
    assert junk.problems == ("invalid UTF-8 bytes replaced with U+FFFD in 2 places",)
    assert junk.text.count("\ufffd") == 2
    with pytest.raises(BinaryInputError):
        decode_bytes(data[:middle] + "会议要求各部门抓好落实".encode("gbk") + data[middle:])


def test_damaged_utf8_is_read_so_only_where_nothing_reads_it_whole() -> None:
    # The same short report as GBK bytes: read as GBK, no U+FFFD, no problem to report.
    gbk = decode_bytes(SHORT_REPORT.encode("gbk"))
    assert gbk.text == SHORT_REPORT and not gbk.problems
    cut = decode_bytes(SHORT_REPORT.encode()[:-2])  # the last character cut off
    assert cut.text == SHORT_REPORT[:-1] + "\ufffd"
    assert cut.problems == ("a UTF-8 character cut off at the end was replaced with U+FFFD",)
    with pytest.raises(BinaryInputError):  # many bad bytes: no text
        decode_bytes(bytes(range(0x80, 0x100)) * 4)


def test_a_file_whose_lines_are_in_different_encodings_is_read_line_by_line() -> None:
    # Before: "not text in UTF-8, UTF-16, GB18030/GBK or Big5 (binary data?)" — a scraper
    # that joins a UTF-8 page's head to a GBK body makes such files.
    lines = ["市政府召开常务会议", "3月5日，市长王明主持召开会议。", "副市长李强出席。", "會議要求，各部門要落實。"]
    data = b"\n".join(
        [lines[0].encode(), lines[1].encode(), lines[2].encode("gbk"), lines[3].encode("big5")]
    )
    decoded = decode_bytes(data)
    assert decoded.text == "\n".join(lines) and decoded.encoding == "utf-8"
    assert decoded.problems == (
        "lines in different encodings (2 in UTF-8, 1 in GB18030/GBK, 1 in Big5): each read in its own",
    )
    # A line no encoding reads whole leaves the file unread, as before: no guess.
    with pytest.raises(BinaryInputError):
        decode_bytes(data + b"\n\xff\xfe\xfd\xfc")


def test_a_text_is_texty_as_its_share_of_control_characters_says() -> None:
    # Counted by a scan that stops once the share is passed; the same verdict as a count
    # of every character below U+0020 but tab, newline, \v, \f and \r.
    import random

    from jiyao.cleaning.decoding import _is_texty

    rng = random.Random(5)
    alphabet = [chr(code) for code in range(0x21)] + ["會", "a"] * 1400  # ~1% controls: near the line
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.choice((1, 5, 99, 100, 101, 250, 1000))))
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f\v")
        assert _is_texty(text) == (controls * 100 <= len(text)), repr(text)
