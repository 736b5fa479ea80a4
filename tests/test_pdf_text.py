"""Text as a PDF gives it: lines broken at a fixed width (or by a fixed-width view, an
e-mail), page numbers between them, lines spaced out a character at a time — read as the
report's paragraphs; reports that show none of it are left as they are."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from jiyao.cleaning import clean_text
from jiyao.cleaning.wrapping import hard_wraps, letter_spacing, page_numbers
from jiyao.evaluation.corpus import load_corpus, variant_seeds
from jiyao.evaluation.garble import garble
from jiyao.extraction import extract_offline
from tests.helpers import ROOT, SEEDS

GOLDS = sorted((ROOT / "evals" / "gold" / "clean").glob("*.txt"))
CORPUS = [d for split in ("dev", "test") for d in load_corpus(ROOT / "evals" / "corpus", split)]


def _columns(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in "WF" else 1


def wrapped(text: str, width: int, *, columns: bool = False, indent: str = "", blank: bool = False) -> str:
    """``text`` as a fixed-width page breaks it: each paragraph (after the first line, the
    headline) opened with ``indent``, broken where ``width`` characters (or columns) run out,
    and followed by a blank line when ``blank``."""
    out = []
    for number, paragraph in enumerate(text.split("\n")):
        line = indent if number else ""
        for char in paragraph:
            size = sum(map(_columns, line)) if columns else len(line)
            if size + (_columns(char) if columns else 1) > width:
                out.append(line)
                line = ""
            line += char
        out.append(line)
        if blank:
            out.append("")
    return "\n".join(out)


# How fixed-width pages break Chinese text: 30–40 characters a line, or 56–72 columns.
LAYOUTS = {
    "30 characters": {"width": 30},
    "40 characters": {"width": 40},
    "56 columns, indented": {"width": 56, "columns": True, "indent": "\u3000\u3000"},
    "72 columns": {"width": 72, "columns": True},
    "30 characters, blank lines between": {"width": 30, "blank": True},
}


def _paragraph_breaks_at_sentence_ends_aside(text: str) -> str:
    # A line that ends at a sentence's end keeps its break: the paragraph may end there.
    return re.sub(r"(?<=[。！？])\n", "", text)


def _breaks_mid_sentence(page: str, layout: dict[str, object]) -> int:
    measure = (lambda line: sum(map(_columns, line))) if layout.get("columns") else len
    width = int(layout["width"])  # type: ignore[call-overload]
    slack = 2 if layout.get("columns") else 1
    ends = "。！？；：”）"
    return sum(1 for line in page.split("\n") if line and measure(line) >= width - slack and line[-1] not in ends)


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("gold", GOLDS, ids=lambda path: path.name[:3])
def test_a_seed_broken_at_a_fixed_width_cleans_to_its_paragraphs(gold: Path, layout: str) -> None:
    text = gold.read_text(encoding="utf-8").strip("\n")
    got = clean_text(wrapped(text, **LAYOUTS[layout])).text  # type: ignore[arg-type]
    want = clean_text(text).text
    assert _paragraph_breaks_at_sentence_ends_aside(got) == _paragraph_breaks_at_sentence_ends_aside(want)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_corpus_reports_broken_at_a_fixed_width_clean_to_their_paragraphs(layout: str) -> None:
    """Two lines or more broken mid-sentence show the width; a short report with one such
    line is left as it is (a line ending in no mark may be a title, a list)."""
    joined = 0
    for document in CORPUS:
        page = wrapped(document.gold, **LAYOUTS[layout])  # type: ignore[arg-type]
        got = clean_text(page).text
        # The text kept, cleaned again (jiyao extract on the output of jiyao clean), stays.
        assert clean_text(got).text == got, document.name
        if _breaks_mid_sentence(page, LAYOUTS[layout]) >= 2:
            want = clean_text(document.gold).text
            assert _paragraph_breaks_at_sentence_ends_aside(got) == _paragraph_breaks_at_sentence_ends_aside(want), (
                document.name
            )
            joined += 1
        else:
            assert not hard_wraps(page), document.name
    assert joined >= len(CORPUS) // 2


def test_a_page_that_indents_its_paragraphs_joins_a_sentence_end_at_the_width() -> None:
    # Before: a line at the width that ended a sentence kept its break, though the next
    # line was not indented as the page's paragraphs are: one paragraph came out as two.
    page = (
        "\u3000\u3000会议强调，各部门要压实防汛责任，加强巡查值守。\n"  # at the width, a sentence ends
        "要及时转移受威胁群众，确保不漏一户、不落一人，守\n"
        "住安全底线。\n"
        "\u3000\u3000县长王明主持会议，副县长李强、张华出席会议并讲\n"
        "话，县应急管理局负责同志汇报了前期工作情况。\n"
    )
    assert clean_text(page).text.split("\n")[:2] == [
        "会议强调，各部门要压实防汛责任，加强巡查值守。要及时转移受威胁群众，确保不漏一户、不落一人，守住安全底线。",
        "县长王明主持会议，副县长李强、张华出席会议并讲话，县应急管理局负责同志汇报了前期工作情况。",
    ]
    # Not on a page whose paragraphs open at the margin: there the break may be the paragraph's.
    flush = page.replace("\u3000\u3000", "")
    assert clean_text(flush).text.startswith("会议强调，各部门要压实防汛责任，加强巡查值守。\n要及时转移")


@pytest.mark.parametrize("width", [44, 56, 64, 72])
def test_indented_pages_clean_to_their_paragraphs_exactly(width: int) -> None:
    """Sentence ends at the width included (the other tests set those aside): before, 9, 4,
    2 and 1 pages of the seeds and the corpus at these widths kept such a break."""
    layout = {"width": width, "columns": True, "indent": "\u3000\u3000"}
    texts = [gold.read_text(encoding="utf-8").strip("\n") for gold in GOLDS] + [d.gold for d in CORPUS]
    pages = [(text, page) for text in texts if _breaks_mid_sentence(page := wrapped(text, **layout), layout) >= 2]  # type: ignore[arg-type]
    missed = [text[:12] for text, page in pages if clean_text(page).text != clean_text(text).text]
    assert len(pages) > 40 and len(missed) <= 1, missed


@pytest.mark.parametrize("seed_path", SEEDS, ids=lambda path: path.name[:3])
def test_a_garbled_seed_broken_at_a_fixed_width_is_read_as_before(seed_path: Path) -> None:
    """The width is found on the raw text, before its glued readings and lost bytes are
    repaired: a run or a reading that a break cut in two is read whole."""
    raw = seed_path.read_text(encoding="utf-8")
    want = clean_text(raw)
    readout = extract_offline(want)
    for layout in ("40 characters", "72 columns", "56 columns, indented"):
        report = clean_text(wrapped(raw, **LAYOUTS[layout]))  # type: ignore[arg-type]
        assert _paragraph_breaks_at_sentence_ends_aside(report.text) == _paragraph_breaks_at_sentence_ends_aside(
            want.text
        ), layout
        again = extract_offline(report)
        assert (again.date, again.chair, again.attendees) == (readout.date, readout.chair, readout.attendees)


def test_the_report_as_a_pdf_gives_it_read_right() -> None:
    # Before: the dateline's first piece read as a title (no date), and 县人大常委⏎会主任韦金海
    # lost 杜晓岚's neighbour's title and 杜晓岚 with it.
    gold = (ROOT / "evals" / "corpus" / "dev" / "46.txt").read_text(encoding="utf-8").strip("\n")
    readout = extract_offline(clean_text(wrapped(gold, 28)))
    assert readout.date == "2024-05-14"  # the year its meeting's name numbers it in (2024年第四次)
    assert readout.chair is not None and readout.chair.name == "程立新"
    assert {p.name for p in readout.attendees} == {"程立新", "贺建平", "杜晓岚", "韦金海", "盘永福", "潘文博"}


def test_reports_not_from_a_pdf_keep_every_line_and_space() -> None:
    texts = [path.read_text(encoding="utf-8") for path in [*SEEDS, *GOLDS]]
    texts += [garble(d.gold, seed).text for d in CORPUS for seed in variant_seeds(d, 10)]
    texts += [d.gold for d in CORPUS]
    for find in (hard_wraps, page_numbers, letter_spacing):
        assert [text[:20] for text in texts if find(text)] == [], find.__name__


@pytest.mark.parametrize(
    "text",
    [
        # Two titles of one length and no mark, then a paragraph far longer: no width.
        "县委常委会召开扩大会议研究部署工作\n县政府常务会议研究部署安全生产工作\n" + "县委书记王明主持会议。" * 12,
        # Navigation of one width is no paragraph to join.
        "首页 | 新闻中心 | 县区动态 | 图片新闻\n政务公开 | 政策解读 | 办事服务 | 互动交流\n"
        "首页 | 新闻中心 | 县区动态 | 图片新闻\n县委书记王明主持会议。",
    ],
)
def test_lines_of_one_length_that_are_no_wrapped_paragraph_are_left(text: str) -> None:
    assert clean_text(text).text == clean_text(text.replace("\n", "\n\n")).text


def test_a_first_line_cut_before_its_full_stop_is_no_title() -> None:
    # One line broken, in a short report: no width to find, and the line is left — but a
    # line that opens with the day and a comma opens the body, whatever it ends with.
    text = (
        "镇党委召开防汛工作专题会\n"
        "6月30日，镇党委书记刘春雨组织召开防汛工作专题会，镇长王家明，镇党委副书记陈思\n远参加会议。"
    )
    report = clean_text(text)
    assert report.title_lines == ("镇党委召开防汛工作专题会",)
    assert extract_offline(report).date == "--06-30"


def _spaced_out(text: str, gap: str = " ") -> str:
    return "\n".join(gap.join(line) for line in text.split("\n"))


@pytest.mark.parametrize("gap", [" ", "\u3000"])
def test_a_report_spaced_out_a_character_at_a_time_reads_as_written(gap: str) -> None:
    gold = (ROOT / "evals" / "corpus" / "dev" / "46.txt").read_text(encoding="utf-8").strip("\n")
    report = clean_text(_spaced_out(gold, gap))
    assert report.text == clean_text(gold).text
    readout = extract_offline(report)
    assert readout.chair is not None and readout.chair.name == "程立新"  # was 贺建 (贺 建 平 read as two)


def test_a_headline_spaced_across_the_page_is_a_title_not_navigation() -> None:
    report = clean_text("会 议 纪 要\n县委召开常委会会议\n3月2日，县委书记王明主持会议。")
    assert report.title_lines == ("会议纪要", "县委召开常委会会议")  # the first line was dropped as a menu


def test_words_set_apart_by_a_wider_gap_stay_apart() -> None:
    report = clean_text("会议召开\n3月2日，县委书记王明主持会议。\n王 明  李 强  张 华 出 席 会 议 。")
    assert report.paragraphs[-1] == "王明 李强 张华出席会议。"


@pytest.mark.parametrize("gap", ["\u3000", "\u3000\u3000"])
def test_a_list_of_padded_names_is_read_name_by_name(gap: str) -> None:
    # 王　明　李　强: two-character names padded to three, as official lists set them, one
    # space (or two) between names. Before, every space went and the list read as one name.
    line = gap.join(["王\u3000明", "李\u3000强", "张\u3000华"])
    report = clean_text(f"会议召开\n3月2日，县委书记王明主持会议。\n出席：{line}")
    assert report.paragraphs[-1] == "出席：王明 李强 张华"
    assert {p.name for p in extract_offline(report).attendees} == {"王明", "李强", "张华"}


@pytest.mark.parametrize("number", ["- 2 -", "— 2 —", "第 2 页 共 5 页", "第2页", "2/5", "－2－"])
def test_a_page_number_between_broken_lines_goes_and_the_lines_join(number: str) -> None:
    gold = GOLDS[2].read_text(encoding="utf-8").strip("\n")
    lines = wrapped(gold, 30).split("\n")
    page = "\n".join([*lines[:12], number, *lines[12:], number.replace("2", "3")])
    assert _paragraph_breaks_at_sentence_ends_aside(clean_text(page).text) == (
        _paragraph_breaks_at_sentence_ends_aside(clean_text(gold).text)
    )


def test_a_line_of_figures_is_no_page_number() -> None:
    assert page_numbers("全县共排查隐患\n1250\n处。\n2024年\n") == []


def test_a_page_s_navigation_with_readings_glued_is_never_joined_to_the_title() -> None:
    # The readings glued in the navigation made its items too long to read as one, and the
    # minutes' fields, of a width, looked like lines a width broke: the title had been
    # joined to the navigation (網站首頁 | … | 基層風采縣委常委會會議紀要).
    report = clean_text(
        "網站首頁(yè) | 時(shí)政要聞 | 部門(mén)動態(tài) | 基層風(fēng)采\n縣(xiàn)委常委會(huì)會(huì)議(yì)紀要\n"
        "時(shí)間(jiān):2024年3月5日\n地點:縣委常委會議室\n主持:王明\n"
        "出席:王明,縣委書記(jì);李強,縣??睍??(jì)、縣長;張華,縣委副書記(jì)\n"
        "列席:劉洋,縣人大常委會主任;陳(chén)東,縣??f主席\n會議研究了以下事項。\n責(zé)任編輯: 劉(liú)洋\n"
    )
    assert report.title_lines == ("縣委常委會會議紀要",)
    assert "網站首頁" not in report.text
