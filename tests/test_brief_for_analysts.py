"""The brief answers what an analyst asks: who made it and how, when, who ordered what,
which characters were reconstructed, where each row stands in the text."""

from __future__ import annotations

import re

import pytest

from jiyao.briefing import date_english, render_brief
from jiyao.cleaning import clean_file, clean_text
from jiyao.extraction import extract_offline
from tests.helpers import seed


def _brief(prefix: str, fmt: str = "html") -> str:
    report = clean_file(seed(prefix))
    return render_brief(report, extract_offline(report), None, fmt, source=seed(prefix).name, made="2026-01-02")  # type: ignore[arg-type]


def test_readable_dates_say_when_the_year_is_missing() -> None:
    assert date_english("--11-28") == "28 November (year not given)"
    assert date_english("--11-28", "evening") == "28 November (evening; year not given)"
    assert date_english("2023-12-30") == "30 December 2023"


def test_the_date_in_chinese_is_as_the_report_gives_it() -> None:
    # The Chinese column had shown the readout's ISO form: `--11-28` beside "28 November".
    row = next(line for line in _brief("000", "md").splitlines() if line.startswith("| Date |"))
    assert row.startswith("| Date | 11月28日晚 | 28 November (evening; year not given) |"), row


def test_the_header_names_source_outlet_reporter_and_how_it_was_made() -> None:
    html = _brief("003")
    header = re.search(r'<p class="header">(.*?)</p>', html).group(1)  # type: ignore[union-attr]
    assert "003_9eb5c255221f770b.txt" in header and "惠州日報" in header and "戴建" in header
    assert "made 2026-01-02 by jiyao" in header and "offline engine" in header


def test_the_language_tag_follows_the_script() -> None:
    html = _brief("000")
    assert 'lang="zh-Hant"' in html and 'lang="zh"' not in html


def test_reconstructed_characters_are_marked_with_their_confidence() -> None:
    html = _brief("000")
    marks = re.findall(r'<mark title="reconstructed from damaged bytes, confidence (\d\.\d\d)">(.*?)</mark>', html)
    assert marks and any("有問題" in text for _, text in marks)
    assert "Reconstructed from damaged bytes" in html


def test_each_directive_is_attributed_and_every_row_links_to_its_paragraph() -> None:
    md = _brief("000", "md")
    assert "| Directive 1 (Guo Wenhai) |" in md
    slogan_rows = [line for line in md.splitlines() if line.startswith("| Slogan |")]
    assert slogan_rows and all("[¶" in row for row in slogan_rows)


@pytest.mark.parametrize(
    ("prefix", "labels"),
    [
        # 閆晨曦強調… then 李云峰強調…: each directive is the last speaker's before it, not
        # the speaker first named last (張潞萍, in the list of who attended).
        (
            "001",
            {
                1: "Directive 1 (Yan Chenxi)",
                3: "Directive 3 (Yan Chenxi)",
                4: "Directive 4 (Li Yunfeng)",
                13: "Directive 13 (Li Yunfeng)",
            },
        ),
        ("002", {1: "Directive 1 (Wang Li)", 16: "Directive 16 (Wang Li)", 17: "Directive 17 (Ma Zejiang)"}),
        ("003", {1: "Directive 1 (Liu Ji)", 2: "Directive 2 (Liu Ji)", 3: "Directive 3 (Wen Jinrong)"}),
        # 會議強調…: the meeting's, no one's.
        ("004", {1: "Directive 1", 8: "Directive 8"}),
    ],
)
def test_a_directive_is_given_by_whoever_was_last_said_to_speak_before_it(prefix: str, labels: dict[int, str]) -> None:
    rows = [line.split(" | ")[0].removeprefix("| ") for line in _brief(prefix, "md").splitlines()]
    directives = [row for row in rows if row.startswith("Directive ")]
    for number, label in labels.items():
        assert directives[number - 1] == label


def test_a_directive_after_he_said_is_the_last_one_named() -> None:
    text = "會議召開\n2月24日，全縣安全生產工作會議召開。縣長廖春生出席會議並講話，他強調，要全面壓實責任。"
    report = clean_text(text)
    md = render_brief(report, extract_offline(report), None, "md")
    assert "| Directive 1 (Liao Chunsheng) |" in md


def test_an_incomplete_brief_says_so_at_the_top() -> None:
    report = clean_file(seed("000"))
    readout = extract_offline(report).model_copy(update={"notes": ["failed: x summary: cut off"]})
    html = render_brief(report, readout, None, "html")
    assert html.index('class="banner"') < html.index("<h1")


def test_a_user_glossary_is_merged_over_the_shipped_one(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from jiyao.cli import app

    own = tmp_path / "mine.json"
    own.write_text('{"titles": {"市委書記": "Party Secretary"}, "terms": {}}', encoding="utf-8")
    monkeypatch.setenv("JIYAO_GLOSSARY", str(own))
    result = CliRunner().invoke(app, ["extract", str(seed("000")), "-f", "json"])
    assert result.exit_code == 0 and '"title_en": "Party Secretary"' in result.stdout
    own.write_text('{"titles": {"市委書記": 3}}', encoding="utf-8")
    bad = CliRunner().invoke(app, ["extract", str(seed("000"))])
    assert bad.exit_code == 2 and "JIYAO_GLOSSARY" in bad.stderr
    monkeypatch.delenv("JIYAO_GLOSSARY")
    back = CliRunner().invoke(app, ["extract", str(seed("000")), "-f", "json"])
    assert '"title_en": "Secretary of the Municipal Party Committee"' in back.stdout


def test_the_meeting_is_named_by_its_kind_and_whose_it_is_in_english() -> None:
    from jiyao.cleaning import clean_text

    def meeting_row(text: str) -> str:
        report = clean_text(text)
        brief = render_brief(report, extract_offline(report), None, "md")
        return next(line for line in brief.splitlines() if line.startswith("| Meeting"))

    executive = meeting_row("縣政府召開常務會議\n3月7日，縣長王明主持召開縣政府第二十次常務會議。\n")
    assert "| 20th executive meeting of the County Government |" in executive
    assert "| enlarged Standing Committee meeting of the County Party Committee |" in meeting_row(
        "縣委常委會召開擴大會議\n6月12日，縣委書記韓振宇主持召開縣委常委會擴大會議。\n"
    )
    assert "| county investment promotion coordination meeting |" in meeting_row(
        "調度會召開\n5月3日，縣長王明主持召開縣招商引資工作調度會。\n"
    )
    # A study group counts its sessions by year: whose, which and when.
    assert (
        "| 2nd collective study session of the Theoretical Study Group of the District Party Committee in 2024 |"
        in meeting_row("中心組學習\n3月8日，區委理論學習中心組舉行2024年第二次集體學習。\n")
    )
    assert "| 2nd collective study session of 2024 |" in meeting_row("學習\n3月8日，舉行2024年第二次集體學習。\n")
    # Only the kind known: the kind, said to be no translation of the name it has (the kind
    # and the place had passed for one: "Kashi Prefecture work conference").
    assert "| a progress meeting (its name not translated) |" in meeting_row(
        "推進會召開\n5月3日，縣長王明主持召開全縣某某工作推進會。\n"
    )
    assert "| a meeting in Kashi Prefecture (its name not translated) |" in meeting_row(
        "會議召開\n5月3日，喀什地區召開某某會議。地委書記王明主持。\n"
    )
    # A whole city's, on no one subject: for whom and the kind.
    video = meeting_row("全市視頻會議召開\n5月3日晚，市委書記孫立軍主持召開全市視頻會議。\n")
    assert "| city-wide video meeting |" in video
    assert "| 5th meeting of the Commission for Comprehensively Deepening Reform of the County Party Committee |" in (
        meeting_row("深改委會議\n3月2日，縣委召開全面深化改革委員會第五次會議，縣委書記王明主持。\n")
    )
    assert "| plenary meeting of the County Food Safety Committee |" in meeting_row(
        "食安委會議\n3月2日，縣政府召開食品安全委員會全體會議，縣長王明主持。\n"
    )
    assert "| county-wide three-level cadre conference |" in meeting_row(
        "三級幹部大會\n3月2日，縣委召開全縣三級幹部大會，縣委書記王明講話。\n"
    )
    assert "| inspection tour mobilization and deployment meeting |" in meeting_row(
        "巡察動員\n3月2日，縣委召開巡察工作動員部署會，縣委書記王明講話。\n"
    )


def test_two_speakers_named_at_the_same_place_do_not_break_the_brief() -> None:
    # Found on a garbled corpus report: two people whose evidence starts at one offset made
    # the speaker ordering compare Person objects (TypeError, a failed batch report).
    from jiyao.cleaning import clean_text
    from jiyao.schemas import Evidence, Person, Readout

    report = clean_text("縣政府召開會議\n王明、李強出席會議並講話。要抓好安全生產。\n")
    readout = Readout(
        chair=Person(name="王明"),
        speakers=[Person(name="李強")],
        evidence=[
            Evidence(field="person:王明", quote="王明", start=8, end=10),
            Evidence(field="person:李強", quote="王明", start=8, end=10),
        ],
    )
    brief = render_brief(report, readout, None, "md")
    assert "王明" in brief and "李強" in brief


def test_people_named_but_not_present_have_their_own_rows() -> None:
    from jiyao.cleaning import clean_text

    report = clean_text("縣委召開會議\n3月2日，縣委書記王明主持會議，傳達學習習近平總書記重要講話精神。\n")
    brief = render_brief(report, extract_offline(report), None, "md")
    assert "| Mentioned (not present) | 總書記 習近平 | Xi Jinping, General Secretary |" in brief
    assert "| Attendee | 總書記 習近平" not in brief


def test_a_name_read_from_damaged_bytes_is_marked_in_its_row() -> None:
    from jiyao.cleaning import clean_text
    from tests.helpers import dev_43_with_a_name_misread

    _, damaged = dev_43_with_a_name_misread()  # 振 of 范振国 lost its lead byte: read 民
    report = clean_text(damaged)
    rows = {
        line.split("|")[2].strip(): line
        for line in render_brief(report, extract_offline(report), None, "md").splitlines()
        if line.startswith("| Attendee")
    }
    assert "⚠ check the source: damaged bytes" in rows["区人大常委会主任 范民国"]
    assert "⚠" not in rows["区委常委、组织部部长 史晓明"]


def test_the_highlight_stands_on_the_rebuilt_character_not_its_first_twin() -> None:
    from jiyao.cleaning import clean_text

    trail = chr("縣".encode("gbk")[1])  # 縣 lost its lead byte; the reading pins it
    report = clean_text(f"會議召開\n縣委書記王明主持會議，全?{trail}(xiàn)召開大會。\n")
    assert report.paragraphs == ("縣委書記王明主持會議，全縣召開大會。",)
    html = render_brief(report, extract_offline(report), None, "html")
    assert re.search(r"縣委書記王明主持會議，全<mark title=\"reconstructed[^\"]*\">縣</mark>召開大會", html)


def test_the_summary_reads_as_english() -> None:
    from jiyao.briefing import templated_summary
    from jiyao.cleaning import clean_text

    report = clean_text(
        "中心組學習\n3月8日，區委理論學習中心組舉行2024年第二次集體學習，區委書記崔立新主持。"
        "區長傅海燕參加學習。崔立新強調，要帶頭學紀。\n"
    )
    summary = templated_summary(extract_offline(report))
    # A numbered meeting is the one of its number; one of anything is singular.
    assert "chaired the 2nd collective study session of the Theoretical Study Group of the District" in summary
    assert "2 named officials were reported present." in summary
    assert "The report lists 1 directive." in summary
    one = clean_text("縣政府召開常務會議\n3月7日，縣長王明主持召開縣政府第十八次常務會議。\n")
    summary = templated_summary(extract_offline(one))
    assert "chaired the 18th executive meeting of the County Government" in summary
    assert "1 named official was reported present." in summary
    # One title a person: the office they run, not the seat on a Party body named before it.
    chained = clean_text(
        "推進會召開\n3月15日，縣委副書記、縣長韓冰主持會議。縣委常委、副縣長劉建國，縣人大常委會黨組書記、主任"
        "周敏講話。\n"
    )
    summary = templated_summary(extract_offline(chained))
    assert summary.startswith("Han Bing, County Mayor, chaired")
    assert "Liu Jianguo, Deputy County Mayor" in summary
    assert "Zhou Min, Director of the Standing Committee of the County People's Congress" in summary


def test_a_visit_with_no_meeting_is_not_summarised_as_a_meeting() -> None:
    from jiyao.cleaning import clean_text

    report = clean_text(
        "副市長孫立軍到我縣調研\n3月2日，副市長孫立軍一行到我縣調研防汛工作。\n孫立軍強調，要壓緊壓實防汛責任。\n"
    )
    brief = render_brief(report, extract_offline(report), None, "md")
    assert "The report names no meeting; what it tells of took place on 2 March" in brief
    assert "Speaking: Sun Lijun, Vice Mayor." in brief
    assert "chaired" not in brief and "was held" not in brief and "| Meeting" not in brief


def test_the_templated_summary_says_a_meeting_was_held_on_site_and_online() -> None:
    from jiyao.briefing import templated_summary

    # There had been no such format: a meeting 线上线下相结合 read as of unknown form.
    report = clean_text("會議召開\n12月5日，縣委召開全縣經濟形勢分析會。會議採取線上線下相結合的方式召開。\n")
    readout = extract_offline(report)
    assert readout.format == "hybrid"
    no_name = readout.model_copy(update={"meeting": None})
    assert templated_summary(no_name).startswith("A hybrid meeting (on site and online) was held")


def test_a_target_links_to_the_paragraph_that_sets_it_not_one_whose_figure_ends_the_same() -> None:
    # 8% had linked to the paragraph of 5.8% (the first place its characters stood).
    text = (
        "经济运行分析会召开\n7月18日，全市经济运行分析会召开，市长黄丽萍主持会议。\n"
        "上半年，全市地区生产总值同比增长5.8%。\n"
        "黄丽萍强调，要确保全年地区生产总值增长6%以上，固定资产投资增长8%。\n"
    )
    report = clean_text(text)
    md = render_brief(report, extract_offline(report), None, source="t.txt", fmt="md")
    rows = [line for line in md.splitlines() if line.startswith("| Target |")]
    assert len(rows) == 2 and all("[¶4](#p4)" in row for row in rows), rows
