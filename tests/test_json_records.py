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


# Other exports of records: JSON Lines, CSV, a site's feed. Before, each was read as text:
# the keys and commas as the report, a feed's items (in CDATA) dropped as markup, and an
# export of many records as one report, exit 0.
FEED_ITEM = (
    "<item><title>{title}</title><link>http://www.xx.gov.cn/art/1.html</link>"
    "<description><![CDATA[{body}]]></description><pubDate>Tue, 14 May 2024 10:00:00 +0800</pubDate></item>"
)


def _rss(*items: str) -> str:
    channel = f"<channel><title>要闻</title>{''.join(items)}</channel>"
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0">{channel}</rss>'


def _atom(body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>要闻</title>'
        f'<entry><title>{TITLE}</title><published>2024-05-14T10:00:00+08:00</published>'
        f'<content type="html"><![CDATA[{body}]]></content></entry></feed>'
    )


def _csv(rows: int) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["title", "url", "publish_time", "content"])
    for n in range(rows):
        writer.writerow([TITLE, f"http://www.xx.gov.cn/art/{n}.html", "2024-05-15 10:00:00", BODY])
    return out.getvalue()


HTML_BODY = "".join(f"<p>{paragraph}</p>" for paragraph in PARAGRAPHS)


@pytest.mark.parametrize(
    ("export", "published"),
    [
        (json.dumps({"title": TITLE, "content": BODY}, ensure_ascii=False) + "\n", None),
        (_csv(1), "2024-05-15"),
        (_rss(FEED_ITEM.format(title=TITLE, body=HTML_BODY)), "2024-05-14"),
        (_atom(HTML_BODY), "2024-05-14"),
    ],
    ids=["json-lines", "csv", "rss", "atom"],
)
def test_an_export_of_one_record_reads_as_its_report(export: str, published: str | None) -> None:
    report = clean_text(export)
    assert report.text == clean_text(GOLD).text
    assert report.byline.published == published
    assert extract_offline(report).chair is not None


@pytest.mark.parametrize(
    ("export", "said"),
    [
        ("\n".join([json.dumps({"title": TITLE, "content": BODY}, ensure_ascii=False)] * 3), "a JSON Lines file of 3"),
        (_csv(2), "a CSV file of 2 records"),
        (_rss(*[FEED_ITEM.format(title=TITLE, body=HTML_BODY)] * 4), "an RSS or Atom feed of 4 records"),
    ],
    ids=["json-lines", "csv", "rss"],
)
def test_an_export_of_several_records_is_refused_with_what_to_do(export: str, said: str, tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_text(export, encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert said in result.stderr and "jiyao batch" in result.stderr


def test_a_csv_export_the_csv_reader_cannot_read_is_refused_not_read_as_text(tmp_path: Path) -> None:
    # A field past the csv module's limit (131,072 characters): the header, commas and all,
    # had been read as the report's text, exit 0.
    path = tmp_path / "export.csv"
    path.write_text(_csv(1).replace(BODY, BODY * (131_072 // len(BODY) + 1)), encoding="utf-8")
    result = CliRunner().invoke(app, ["clean", str(path)])
    assert result.exit_code == 2
    assert "a CSV file jiyao cannot read (field larger than field limit" in result.stderr
    assert result.stdout == ""


def test_reports_that_only_look_like_an_export_are_read_as_reports() -> None:
    looks_like_a_header = "标题,正文\n" + GOLD  # a first line a CSV header could be
    assert clean_text(looks_like_a_header).not_one_report is None
    assert PARAGRAPHS[0] in clean_text(looks_like_a_header).text
    # Two items: read as a feed, it would be refused as an export of several records.
    item = f"<item><title>&a;</title><description>{BODY}</description></item>"
    entity_feed = f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "b">]><rss><channel>{item * 2}</channel></rss>'
    assert clean_text(entity_feed).not_one_report is None  # no feed read past a DOCTYPE
    for text in [path.read_text(encoding="utf-8") for path in SEEDS]:
        assert clean_text(text).source == "text" and clean_text(text).not_one_report is None


# U+2028 and U+2029, written raw inside JSON strings by JSON.stringify and by Python's
# json.dumps(ensure_ascii=False): legal JSON, and a line break once the record is read.
@pytest.mark.parametrize("separator", ["\u2028", "\u2029"])
def test_a_record_with_a_raw_line_separator_in_its_text_reads_as_its_report(separator: str) -> None:
    # Before, the separator became a newline before the record was parsed: a raw newline in
    # a JSON string is no JSON, and the record's source was the clean text, braces and all.
    body = BODY.replace("\n", separator)
    report = clean_text(record(False, title=TITLE, content=body))
    assert report.source == "json"
    assert report.text == clean_text(GOLD).text


def test_an_export_of_records_with_a_raw_line_separator_is_refused_as_one() -> None:
    # JSON Lines are split at "\n" alone: str.splitlines also splits at U+2028, inside a record.
    one = json.dumps({"title": TITLE, "content": BODY.replace("\n", "\u2028")}, ensure_ascii=False)
    assert clean_text("\n".join([one] * 3)).not_one_report == "a JSON Lines file of 3 records, not one report: " + (
        "save each record's text as a file of its own and run `jiyao batch` on the folder"
    )
