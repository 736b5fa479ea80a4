"""A reading a site glued after a character (會(huì)) is that character's default reading,
far more often than another of its readings: the decoder weighs it so."""

from __future__ import annotations

import re
import unicodedata

from jiyao.cleaning import clean_text, tables
from jiyao.cleaning.chooser import Chooser
from jiyao.cleaning.glued import reading_cost
from tests.helpers import SEEDS, dev_variant

_GLUED = re.compile(r"([\u4e00-\u9fff])\(\s*([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+)\s*\)")


def test_the_seeds_glue_a_character_s_default_reading_after_it() -> None:
    # The evidence for the weight: of the readings the seeds glue after a character that
    # has several, nearly all are the one pypinyin lists first.
    default = other = 0
    for path in SEEDS:
        for match in _GLUED.finditer(path.read_text(encoding="utf-8", errors="replace")):
            char, reading = match.group(1), unicodedata.normalize("NFC", match.group(2))
            if (first := tables.toned_default(char)) is not None:
                default, other = default + (first == reading), other + (first != reading)
    assert default >= 500 and other / (default + other) < 0.02, (default, other)


def test_another_reading_of_a_character_costs_its_default_nothing() -> None:
    assert tables.toned_default("間") == "jiān" and tables.toned_default("見") == "jiàn"
    assert tables.toned_default("時") is None  # one reading: nothing to weigh
    assert reading_cost("見", "jiàn") == reading_cost("間", "jiān") == reading_cost("時", "shí") == 0.0
    assert reading_cost("間", "jiàn") < 0.0
    assert reading_cost("間", " JIÀN") == reading_cost("間", "jiàn")  # as chars_read reads it


def test_a_character_lost_before_its_reading_is_the_one_the_reading_is_the_default_of() -> None:
    # Between these neighbours 時間 reads a little better than 會見; jiàn after the second
    # character is 見's default reading and 間's second (間隔).
    chooser = Chooser("本報訊 市長主持召開會議，研究部署有關工作。\n")
    left, right = "市長在市政府", "省交通投資集團"
    without = chooser.choose(["時間", "會見"], left, right)
    read = chooser.choose(["時間", "會見"], left, right, "jiàn")
    assert without is not None and without.text == "時間"  # the premise
    assert read is not None and read.text == "會見"


def test_a_run_before_a_reading_ends_on_the_character_it_is_the_default_of() -> None:
    # 政府會見(jiàn) lost a lead byte: 政府時間 read as well, 間 being jiàn in 間隔 only.
    assert "在市政府會見省交通" in clean_text(dev_variant("60", 1, 0)).text
