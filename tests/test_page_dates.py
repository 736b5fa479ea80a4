"""The page's publication line is chrome, and its date gives a readout's date its year."""

from __future__ import annotations

import pytest

from jiyao.cleaning import clean_text
from jiyao.dating import with_year
from jiyao.extraction import extract_offline
from jiyao.schemas import Readout

REPORT = "縣委常委會召開會議\n{line}\n10月28日上午，縣委書記王明主持召開縣委常委會會議。縣長李強出席會議。"


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("發布時間：2024-10-28 17:20 來源：縣委辦 瀏覽次數：123", "2024-10-28"),
        ("发布日期：2024年10月30日  来源：县融媒体中心  字号：大 中 小", "2024-10-30"),
        ("2024/11/02 09:15:33 來源：某某日報", "2024-11-02"),
        ("来源：县委办  作者：李明  点击数：56", None),  # a publication line without a date
        # The page's date alone on a line above the article.
        ("2024年10月29日 星期二", "2024-10-29"),
        ("2024-10-29 08:30", "2024-10-29"),
    ],
)
def test_the_publication_line_is_chrome_and_its_date_the_bylines(line: str, published: str | None) -> None:
    report = clean_text(REPORT.format(line=line))
    assert report.title_lines == ("縣委常委會召開會議",)
    assert " ".join(line.split()) in report.removed_lines  # as the whitespace pass left it
    assert report.byline.published == published
    assert line.split("：")[0] not in report.text


@pytest.mark.parametrize(
    "line",
    [
        "資金來源：縣財政安排專項資金500萬元。",  # a sentence of the report
        "會議時間：2024年10月28日",  # a notice's own details, no label of a page
        "來源：縣委辦",  # one label, no date: could be anything
    ],
)
def test_lines_of_the_report_are_no_publication_line(line: str) -> None:
    report = clean_text(REPORT.format(line=line))
    assert line in report.text and report.byline.published is None


@pytest.mark.parametrize(
    ("date", "published", "dated"),
    [
        ("--10-28", "2024-10-28", "2024-10-28"),
        ("--10-28", "2024-11-03", "2024-10-28"),
        # Held in December, published in January: the year before.
        ("--12-30", "2025-01-02", "2024-12-30"),
        # A date that has its year keeps it; no page date, no year.
        ("2023-12-30", "2025-01-02", "2023-12-30"),
        ("--10-28", None, "--10-28"),
        # 29 February of a year that has none: left as the report gives it.
        ("--02-29", "2023-03-01", "--02-29"),
    ],
)
def test_the_year_is_the_pages_or_the_one_before(date: str, published: str | None, dated: str) -> None:
    result = with_year(Readout(date=date), published)
    assert result.date == dated
    assert any("publication date" in note for note in result.notes) == (dated != date)


@pytest.mark.parametrize(
    ("meeting", "date", "dated"),
    [
        # With no page date, a meeting numbered within its year had been left without one.
        ("縣委理論學習中心組2023年第六次集體學習", "--09-05", "2023-09-05"),
        ("縣政府2024年第15次常務會議", "--06-12", "2024-06-12"),
        # A quarter's review: of that year, or of the next when it meets before the quarter.
        ("2024年第三季度全市經濟運行分析會", "--10-22", "2024-10-22"),
        ("2024年第四季度全市經濟運行分析會", "--01-18", "2025-01-18"),
        ("2024年第4季度全市經濟運行分析會", "--12-28", "2024-12-28"),
        # A year's review or plan is held in that year or the next: no year.
        ("縣委常委班子2024年度民主生活會", "--01-20", "--01-20"),
        ("2025年全縣經濟工作會議", "--12-26", "--12-26"),
        ("縣委常委會會議", "--10-28", "--10-28"),
        # 29 February of a year that has none: left as the report gives it.
        ("2023年第二次全體會議", "--02-29", "--02-29"),
    ],
)
def test_with_no_page_date_the_year_is_the_one_the_meetings_name_numbers_it_in(
    meeting: str, date: str, dated: str
) -> None:
    result = with_year(Readout(date=date, meeting=meeting), None)
    assert result.date == dated
    assert any(f"meeting's name ({meeting})" in note for note in result.notes) == (dated != date)
    # The page's date, where there is one, says more than a name.
    assert with_year(Readout(date="--10-28", meeting=meeting), "2022-10-29").date == "2022-10-28"


def test_an_offline_readout_dates_a_meeting_its_title_numbers_in_a_year() -> None:
    text = "縣委理論學習中心組舉行2024年第八次集體學習\n9月26日，縣委書記王明主持學習並講話。縣長李強出席。"
    readout = extract_offline(clean_text(text))
    assert readout.date == "2024-09-26"


def test_an_offline_readout_dates_its_meeting_with_the_pages_year() -> None:
    text = REPORT.format(line="發布時間：2025-01-02 來源：縣委辦").replace("10月28日", "12月30日")
    readout = extract_offline(clean_text(text))
    assert readout.date == "2024-12-30"
    assert any("(2025-01-02)" in note for note in readout.notes)


@pytest.mark.parametrize(
    ("opening", "published", "dated", "part"),
    [
        ("昨日上午，", "發布時間：2024-03-12 09:30", "2024-03-11", "morning"),
        ("本報訊 今天下午，", "發布時間：2024-03-12", "2024-03-12", "afternoon"),
        ("前天，", "發布時間：2024-03-01", "2024-02-28", None),
        # A day of the month alone: the page's month, or the one before for a day still to come.
        ("5日上午，", "發布時間：2024-03-12", "2024-03-05", "morning"),
        ("15日，", "發布時間：2024-03-12", "2024-02-15", None),
        ("本月5日，", "發布時間：2024-03-12", "2024-03-05", None),
        ("5日前，各單位要上報材料。", "發布時間：2024-03-12", None, None),  # a deadline
        # A day of the week: of the page's week (2024-03-13 is a Wednesday), or the week before.
        ("上週五，", "發布時間：2024-03-13", "2024-03-08", None),
        ("上星期日下午，", "發布時間：2024-03-13", "2024-03-10", "afternoon"),
        ("本週一上午，", "發布時間：2024-03-13", "2024-03-11", "morning"),
        ("週二，", "發布時間：2024-03-13", "2024-03-12", None),
        ("本週五，", "發布時間：2024-03-13", None, None),  # still to come: no day the meeting was
        ("週一至週五，", "發布時間：2024-03-13", None, None),  # a span of days
        ("週一鳴主持會議，", "發布時間：2024-03-13", None, None),  # a name (週一鳴)
        # No page date: nothing to count from, no date (the part of the day holds).
        ("昨日上午，", "", None, "morning"),
        ("上週五，", "", None, None),
        ("5日上午，", "", None, "morning"),
    ],
)
def test_a_day_counted_from_publication_is_dated_from_the_page(
    opening: str, published: str, dated: str | None, part: str | None
) -> None:
    readout = extract_offline(clean_text(f"全縣會議召開\n{published}\n{opening}縣委書記王明主持召開會議。\n"))
    assert (readout.date, readout.time_of_day) == (dated, part)
    assert any("counted from the page's publication date" in note for note in readout.notes) == (dated is not None)


@pytest.mark.parametrize("opening", ["昨日上午，", "上週五，", "5日上午，"])
def test_a_day_counted_from_a_publication_date_the_page_lacks_is_a_note_to_check(opening: str) -> None:
    # The readout's date was empty, and nothing said the report had given one.
    readout = extract_offline(clean_text(f"全縣會議召開\n{opening}縣委書記王明主持召開會議。\n"))
    said = opening.removeprefix("上").rstrip("上午，")
    assert readout.date is None
    assert any(
        note.startswith("check the source: the date is given as") and said in note and "does not give" in note
        for note in readout.notes
    ), readout.notes


def test_a_date_alone_below_the_article_stays_its_text() -> None:
    # A notice's closing date (落款) is the document's, not the page's furniture.
    report = clean_text("縣委常委會召開會議\n10月28日上午，縣委書記王明主持召開會議。\n2024年10月29日")
    assert report.text.endswith("2024年10月29日") and report.byline.published is None


def test_the_publication_line_names_the_outlet_and_the_writer() -> None:
    report = clean_text(REPORT.format(line="發布時間：2024-10-28 17:20 來源：縣融媒體中心 作者：王芳 瀏覽次數：123"))
    assert (report.byline.outlet, report.byline.reporter) == ("縣融媒體中心", "王芳")
    readout = extract_offline(report)
    assert (readout.outlet, readout.reporter) == ("縣融媒體中心", "王芳")


@pytest.mark.parametrize("dated", ["（2024年5月20日）", "(2024年5月20日)"])
def test_a_date_in_brackets_under_the_title_dates_a_report_whose_text_gives_none(dated: str) -> None:
    # Minutes and speeches date themselves so (…纪要 / （2024年5月20日）): the meeting's day
    # when the text says no other, with a note that says where it came from.
    readout = extract_offline(clean_text(f"縣政府常務會議紀要\n{dated}\n縣長李強主持會議。\n"))
    assert readout.date == "2024-05-20"
    assert any("under the title" in note for note in readout.notes)
    said = extract_offline(clean_text("縣政府常務會議紀要\n（2024年5月20日）\n5月18日，縣長李強主持召開會議。\n"))
    assert said.date is not None and said.date.endswith("05-18")
    assert not any("under the title" in note for note in said.notes)


@pytest.mark.parametrize(
    ("body", "dated", "part", "said"),
    [
        # An agency's report gives the day alone, or no day: the dateline's month, or its day.
        ("國務院總理李強11日上午主持召開國務院常務會議。", "--03-11", "morning", "its month is the dateline's"),
        ("國務院總理李強主持召開國務院常務會議。", "--03-11", None, "the text gives none"),
        ("國務院總理李強9日主持召開國務院常務會議。", "--03-09", None, "its month is the dateline's"),
        # A day after the dateline's is another month's: not guessed.
        ("國務院總理李強25日主持召開國務院常務會議。", None, None, None),
    ],
)
def test_an_agency_reports_date_is_read_with_its_datelines(
    body: str, dated: str | None, part: str | None, said: str | None
) -> None:
    readout = extract_offline(clean_text(f"國務院召開常務會議\n新華社北京3月11日電 {body}\n"))
    assert (readout.date, readout.time_of_day) == (dated, part)
    noted = [note for note in readout.notes if "(新華社北京3月11日電)" in note]
    assert [said in note for note in noted] == ([True] if said else [])
    assert readout.chair is not None and readout.chair.name == "李強"
