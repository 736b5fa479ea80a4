"""A scraper's record saved as JSON reads as the report it holds; an array of records is
refused with what to do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiyao.cleaning import clean_text
from jiyao.cleaning.records import record_text
from jiyao.cli import app
from jiyao.extraction import extract_offline
from tests.helpers import ROOT, SEEDS

GOLD = (ROOT / "evals" / "corpus" / "dev" / "46.txt").read_text(encoding="utf-8").strip("\n")
TITLE, *PARAGRAPHS = GOLD.split("\n")
BODY = "\n".join(PARAGRAPHS)


def record(ensure_ascii: bool = True, **fields: object) -> str:
    return json.dumps(fields, ensure_ascii=ensure_ascii)


@pytest.mark.parametrize("ensure_ascii", [True, False])
def test_a_scrapers_record_reads_as_its_report(ensure_ascii: bool) -> None:
    # Before, with ASCII escapes (\u53bf…): no Chinese left, an empty readout and exit 0.
    text = record(
        ensure_ascii, url="http://www.xx.gov.cn/a.html", title=TITLE, publish_time="2024-05-15 10:00:00", content=BODY
    )
    report = clean_text(text)
    assert report.text == clean_text(GOLD).text
    assert report.source == "json" and report.byline.published == "2024-05-15"
    readout = extract_offline(report)
    assert readout.date == "2024-05-14"  # the year from the record's publication time
    assert readout.chair is not None and readout.chair.name == "程立新"


def test_a_record_whose_text_is_a_pages_source_reads_as_the_page() -> None:
    html = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)
    report = clean_text(record(title=TITLE, content_html=f"<div class='article'>{html}</div>"))
    assert report.text == clean_text(GOLD).text


def test_a_field_of_another_name_holding_the_text_is_found() -> None:
    report = clean_text(record(bt=TITLE, zw=BODY, pub=1715738400000))  # 正文 under a site's own key
    assert PARAGRAPHS[0] in report.text


@pytest.mark.parametrize("when", [1715738400, "1715738400", 1715738400000])  # 2024-05-15 10:00 in China
def test_a_publication_time_in_seconds_since_1970_is_the_pages_date(when: object) -> None:
    report = clean_text(record(title=TITLE, publishTime=when, text=BODY))
    assert report.byline.published == "2024-05-15"
    assert str(when) not in report.text  # a digit string was once kept as a line of the text


def test_an_array_of_records_is_refused_with_what_to_do(tmp_path: Path) -> None:
    path = tmp_path / "records.json"
    path.write_text(json.dumps([{"title": TITLE, "content": BODY}] * 2, ensure_ascii=False), encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert "a JSON array of 2 records, not one report" in result.stderr and "jiyao batch" in result.stderr


def test_texts_that_are_no_record_are_left_alone() -> None:
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    texts += ["{县委召开会议}\n3月2日，县委书记王明主持会议。", '{"a": 1}', "[1, 2]"]
    assert [text[:20] for text in texts if record_text(text) is not None] == []
