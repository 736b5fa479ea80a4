"""A page whose ``?`` each stand for a character its encoding could not hold (a simplified
page saved as Big5, a traditional one as GB2312): each is marked □, nothing after it is
re-read as lost bytes, and a page that lost bytes is not taken for one."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiyao.cleaning import clean_bytes, clean_text
from jiyao.cleaning.mojibake import characters_lost_whole
from jiyao.errors import InputError
from jiyao.evaluation.corpus import big5_page, load_corpus, variant_seeds
from jiyao.evaluation.garble import garble

# Written for these tests (a flood meeting of a county, in each script).
SIMPLIFIED = (
    "县政府召开防汛工作会议\n"
    "6月3日上午，县长赵明轩主持召开全县防汛工作会议，听取各乡镇汛前准备情况汇报，安排部署当前防汛工作。\n"
    "会议指出，今年入汛以来降雨偏多，各地要严格落实防汛责任制，加强值班值守，确保群众生命财产安全。\n"
    "会议要求，县水利局要对全县水库、山塘开展拉网式排查，发现隐患立即整改；各乡镇要提前转移危险区域群众。\n"
    "副县长刘建华、县应急管理局局长孙丽出席会议。"
)
TRADITIONAL = (
    "縣政府召開防汛工作會議\n"
    "6月3日上午，縣長趙明軒主持召開全縣防汛工作會議，聽取各鄉鎮汛前準備情況匯報，安排部署當前防汛工作。\n"
    "會議指出，今年入汛以來降雨偏多，各地要嚴格落實防汛責任制，加強值班值守，確保群眾生命財產安全。\n"
    "會議要求，縣水利局要對全縣水庫、山塘開展拉網式排查，發現隱患立即整改；各鄉鎮要提前轉移危險區域群眾。\n"
    "副縣長劉建華、縣應急管理局局長孫麗出席會議。"
)
CORPUS = Path(__file__).resolve().parents[1] / "evals" / "corpus"


def _saved_as(text: str, charset: str) -> str:
    """``text`` as a page saved in ``charset``: each character it lacks written ``?``."""
    return text.encode(charset, errors="replace").decode(charset)


def _each_lost_marked(text: str, charset: str) -> str:
    return "".join(char if _saved_as(char, charset) == char else "□" for char in text)


@pytest.mark.parametrize(("gold", "charset"), [(SIMPLIFIED, "big5"), (TRADITIONAL, "gb2312")])
def test_a_page_saved_in_a_charset_its_script_lacks_has_each_lost_character_marked_and_nothing_read_into_it(
    gold: str, charset: str
) -> None:
    # Before: the marks were read as a GBK page's lost bytes, and the characters after them
    # out of phase: ?政府召?防汛工作?? had come out with words of the decoder's own.
    page = _saved_as(gold, charset)
    assert page.count("?") > 20
    report = clean_text(page)
    assert report.text == _each_lost_marked(gold, charset)
    lost = report.text.count("□")
    assert [p for p in report.decoding_problems if p.startswith(f"{lost} characters were written ? before")]
    assert all(r.replacement == "□" * (r.end - r.start) for r in report.repairs if r.raw.strip("?") == "")
    assert clean_text(report.text).text == report.text  # cleaned again: nothing new to read


def test_a_page_whose_marks_stand_between_single_characters_is_told_by_what_is_left_of_its_script() -> None:
    # Lost characters close together leave no two words around a mark to read; what is
    # left tells the page: none of simplified script's own characters that Big5 lacks.
    gold = (
        "会议强调，各乡镇、县直各部门要认真贯彻落实县委县政府决策部署，压紧压实责任，确保各项任务按时保质完成，"
        "为全县经济社会高质量发展贡献力量。会议要求，各级各部门要进一步提高政治站位，强化责任担当，狠抓工作落实。"
        "县领导张伟、刘强、陈静出席会议。"
    )
    assert clean_text(_saved_as(gold, "big5")).text == _each_lost_marked(gold, "big5")


def test_a_line_opening_with_lost_characters_keeps_their_places_and_an_indent_of_marks_goes() -> None:
    # Before: ??指出 (会议 lost) at a line's start was taken for an indent of &nbsp; and
    # dropped, and the characters were gone without a mark.
    page = _saved_as(SIMPLIFIED, "big5")
    assert "\n??指出" in page
    assert "\n□□指出" in clean_text(page).text
    # A page that indents every paragraph with marks (its &nbsp;, which Big5 lacks too):
    # the indent goes, the lost characters after it are marked.
    headline, *lines = page.split("\n")
    indented = "\n".join([headline, *("??" + line for line in lines)])
    assert clean_text(indented).text == _each_lost_marked(SIMPLIFIED, "big5")


def test_a_question_the_words_ask_keeps_its_mark() -> None:
    # (是否 asks; 吗 is simplified only, so Big5 lacks it: 安全吗? is 安全?? on such a page.)
    page = _saved_as(SIMPLIFIED + "\n有群众提出：今年是否安全?", "big5")
    assert clean_text(page).text.endswith("今年是否安全？")


def test_a_page_more_lost_than_kept_is_refused_with_the_reason() -> None:
    # Most characters gone: nothing to deliver but marks; the error says what happened.
    page = _saved_as("会议传达学习县委会议精神，县长讲话。" * 3, "big5")
    with pytest.raises(InputError, match="charset lacks"):
        clean_bytes(page.encode("utf-8"), path="page.txt")


def test_pages_that_lost_bytes_are_not_taken_for_pages_that_lost_characters() -> None:
    # The dev corpus's golds garbled with byte-loss runs (GBK, Big5, as PHP's mbstring reads
    # them), up to eight a report: the text on one side of their marks reads out of phase.
    # (How many of its golds saved in the other script's charset are told, the corpus eval
    # measures: `jiyao eval corpus`, characters written ? by a charset.)
    for document in load_corpus(CORPUS, "dev")[:12]:
        encodings = ("gbk", "gbk-mbstring", "big5") if big5_page(document.gold) else ("gbk", "gbk-mbstring")
        for seed in variant_seeds(document, 2):
            for encoding in encodings:
                for runs in (None, 8):
                    page = garble(document.gold, seed, runs=runs, encoding=encoding).text
                    assert characters_lost_whole(page) is None, (document.name, seed, encoding, runs)
