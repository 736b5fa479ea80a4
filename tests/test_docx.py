"""A Word document (.docx) reads as the report it holds — minutes are often published as
attachments — and an archive built to hurt the reader is refused, not read."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiyao.cleaning import clean_bytes, clean_file, clean_text, docx
from jiyao.cli import app
from jiyao.errors import BinaryInputError
from jiyao.extraction import extract_offline
from tests.helpers import ROOT, assert_refused

GOLD = (ROOT / "evals" / "corpus" / "dev" / "50.txt").read_text(encoding="utf-8").strip("\n")
TITLE, *LINES = GOLD.split("\n")
LABELLED = [line.split("：", 1) for line in LINES if 0 < line.find("：") <= 4]  # 时间：… as a table's rows
PROSE = [line for line in LINES if not 0 < line.find("：") <= 4]
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def word_document(body: str | None = None, *, xml: str | None = None, parts: dict[str, str] | None = None) -> bytes:
    """A .docx as Word writes it, down to what jiyao reads: the parts in a ZIP archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        if xml is None and body is not None:
            head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            xml = f"{head}<w:document {W} {MC}><w:body>{body}</w:body></w:document>"
        if xml is not None:
            archive.writestr("word/document.xml", xml)
        for name, content in (parts or {}).items():
            archive.writestr(name, content)
    return buffer.getvalue()


def paragraph(*runs: str) -> str:
    return "<w:p>" + "".join(f'<w:r><w:t xml:space="preserve">{run}</w:t></w:r>' for run in runs) + "</w:p>"


def table(*rows: tuple[str, ...]) -> str:
    cells = ("".join(f"<w:tc>{cell}</w:tc>" for cell in row) for row in rows)
    return "<w:tbl>" + "".join(f"<w:tr>{row}</w:tr>" for row in cells) + "</w:tbl>"


def minutes() -> bytes:
    """dev/50's minutes as a Word document: the title, the labelled lines as a table of
    label and value, the prose in runs split as Word splits them."""
    rows = [(paragraph(label), paragraph(value)) for label, value in LABELLED]
    prose = [paragraph(line[:9], line[9:]) for line in PROSE]
    return word_document(paragraph(TITLE) + table(*rows) + "".join(prose))


def test_minutes_in_a_word_document_read_as_the_minutes_in_text() -> None:
    # Before: refused, exit 2 ("a ZIP archive: save the report as plain text").
    report = clean_bytes(minutes(), path="minutes.docx")
    assert report.source == "docx"
    assert report.text == clean_text(GOLD).text
    assert extract_offline(report) == extract_offline(clean_text(GOLD))


def test_a_document_written_by_python_docx_reads_as_the_minutes() -> None:
    # Built on Word's own template (styles, sections, settings), not by this file's hand.
    import docx as python_docx

    document = python_docx.Document()
    document.add_heading(TITLE, level=1)
    grid = document.add_table(rows=len(LABELLED), cols=2)
    for row, (label, value) in zip(grid.rows, LABELLED, strict=True):
        row.cells[0].text, row.cells[1].text = label, value
    for line in PROSE:
        document.add_paragraph(line)
    saved = io.BytesIO()
    document.save(saved)
    report = clean_bytes(saved.getvalue(), path="minutes.docx")
    assert report.text == clean_text(GOLD).text


def test_what_a_reader_does_not_see_is_left_out() -> None:
    body = (
        # Tracked changes: the deleted words go, the inserted ones stay.
        "<w:p><w:r><w:t>会议要求，</w:t></w:r><w:del><w:r><w:delText>暂缓</w:delText></w:r></w:del>"
        "<w:ins><w:r><w:t>立即开展排查。</w:t></w:r></w:ins></w:p>"
        # A field's code is no text; its result is.
        '<w:p><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r><w:r><w:t>第2页</w:t></w:r></w:p>'
        # A text box: Word writes it twice, the second a fallback for older readers.
        "<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent>"
        + paragraph("县应急管理局供稿")
        + "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>"
        + paragraph("县应急管理局供稿")
        + "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"
        # A line break inside a paragraph, a tab, and a cell holding a name a line.
        + "<w:p><w:r><w:t>一、加强值守</w:t><w:br/><w:t>二、</w:t><w:tab/><w:t>做好转移</w:t></w:r></w:p>"
        + table(
            (paragraph("出席"), paragraph("王明") + paragraph("李强")),
            (paragraph("甲"), paragraph("乙"), paragraph("丙")),
        )
    )
    assert docx.docx_text(word_document(body)).split("\n") == [
        "会议要求，立即开展排查。",
        "第2页",
        "",
        "县应急管理局供稿",
        "",
        "一、加强值守",
        "二、 做好转移",
        "出席：王明 李强",
        "甲 乙 丙",
        "",
    ]


NUMBERING = f"""<?xml version="1.0"?><w:numbering {W}>
<w:abstractNum w:abstractNumId="7">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>
    <w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/>
    <w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="8">
  <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf06c"/></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="8"/></w:num>
<w:num w:numId="3"><w:abstractNumId w:val="7"/>
  <w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
</w:numbering>"""


def numbered(number_id: int, level: int, text: str) -> str:
    properties = f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{number_id}"/></w:numPr></w:pPr>'
    return f"<w:p>{properties}<w:r><w:t>{text}</w:t></w:r></w:p>"


def test_numbered_paragraphs_keep_the_numbers_word_shows() -> None:
    # Word keeps 一、 and （1） in numbering.xml, not in the text: the minutes' decisions had
    # been read without them (各乡镇要… for 一、各乡镇要…).
    body = paragraph(TITLE) + table(*[(paragraph(label), paragraph(value)) for label, value in LABELLED])
    body += "".join(numbered(1, 0, line[2:]) if line[1:2] == "、" else paragraph(line) for line in PROSE)
    assert body.count("<w:numPr>") == 2  # dev/50's two decisions, 一、 and 二、
    report = clean_bytes(word_document(body, parts={"word/numbering.xml": NUMBERING}))
    assert report.text == clean_text(GOLD).text

    levels = [numbered(1, 1, "核查隐患"), numbered(1, 1, "落实责任"), numbered(1, 0, "转移群众")]
    levels += [numbered(1, 1, "摸清底数"), numbered(2, 0, "要点"), numbered(3, 0, "另起一组")]
    levels += [numbered(1, 0, f"第{n}项") for n in range(10)]
    document = word_document(paragraph("开头") + "".join(levels), parts={"word/numbering.xml": NUMBERING})
    text = docx.docx_text(document)
    lines = text.split("\n")
    assert lines[:4] == ["开头", "（1）核查隐患", "（2）落实责任", "一、转移群众"]
    assert lines[4:7] == ["（1）摸清底数", "要点", "一、另起一组"]  # a bullet is no number
    # List 1 goes on from list 3's count: they share a pattern, as Word counts them.
    counted = ["二", "三", "四", "五", "六", "七", "八", "九", "十", "十一"]
    assert lines[7:17] == [f"{label}、第{n}项" for n, label in enumerate(counted)]


def test_paragraphs_numbered_by_their_style_keep_their_numbers() -> None:
    # Word's own template numbers "List Number" paragraphs by the style (styles.xml), not
    # the paragraph: they had been read without 1. 2. 3.
    import docx as python_docx

    document = python_docx.Document()
    document.add_paragraph("会议议定以下事项：")
    for decision in ("各乡镇开展隐患排查。", "县应急管理局牵头督查。", "县财政局保障经费。"):
        document.add_paragraph(decision, style="List Number")
    document.add_paragraph("要点", style="List Bullet")  # a bullet: no number
    saved = io.BytesIO()
    document.save(saved)
    assert docx.docx_text(saved.getvalue()).split("\n")[:5] == [
        "会议议定以下事项：",
        "1.各乡镇开展隐患排查。",
        "2.县应急管理局牵头督查。",
        "3.县财政局保障经费。",
        "要点",
    ]


STYLES = f"""<?xml version="1.0"?><w:styles {W}>
<w:style w:type="paragraph" w:styleId="Heading1"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:basedOn w:val="Heading1"/>
  <w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="Decision"><w:basedOn w:val="Heading1"/></w:style>
<w:style w:type="paragraph" w:styleId="Tied"><w:pPr><w:numPr><w:numId w:val="4"/></w:numPr></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="LoopA"><w:basedOn w:val="LoopB"/></w:style>
<w:style w:type="paragraph" w:styleId="LoopB"><w:basedOn w:val="LoopA"/></w:style>
</w:styles>"""
TIED = NUMBERING.replace(
    "<w:num w:numId=\"1\">",
    '<w:abstractNum w:abstractNumId="9"><w:lvl w:ilvl="0"><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:pStyle w:val="Tied"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%2"/></w:lvl>'
    '</w:abstractNum><w:num w:numId="4"><w:abstractNumId w:val="9"/></w:num><w:num w:numId="1">',
)


def styled(style: str, text: str, numbering: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{numbering}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>'


def test_a_style_numbers_at_its_level_through_the_styles_it_is_based_on() -> None:
    body = (
        styled("Heading1", "防汛工作")
        + styled("Heading2", "核查隐患")  # its own level, the list of the style it is based on
        + styled("Decision", "安全生产")  # no numbering of its own: its base style's
        + styled("Heading1", "不编号", '<w:numPr><w:numId w:val="0"/></w:numPr>')  # numbering taken off
        + styled("Tied", "细则")  # the level the pattern ties to the style
        + styled("LoopA", "循环样式")  # based on each other (a damaged file): no number, no hang
        + styled("Missing", "未定义样式")
    )
    parts = {"word/numbering.xml": TIED, "word/styles.xml": STYLES}
    assert docx.docx_text(word_document(body, parts=parts)).split("\n")[:7] == [
        "一、防汛工作",
        "（1）核查隐患",
        "二、安全生产",
        "不编号",
        "1.1细则",  # a shallower level never counted shows its start, as Word shows it
        "循环样式",
        "未定义样式",
    ]


def test_the_cli_reads_a_word_document_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "minutes.docx"
    path.write_bytes(minutes())
    result = CliRunner().invoke(app, ["extract", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert '"周明轩"' in result.stdout
    cleaned = CliRunner().invoke(app, ["clean", str(path), "-f", "json"])
    assert cleaned.exit_code == 0 and '"source": "docx"' in cleaned.stdout
    assert clean_file(path).text == clean_text(GOLD).text


def test_a_batch_reads_word_documents_it_is_pointed_at(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "minutes.docx").write_bytes(minutes())
    result = CliRunner().invoke(app, ["batch", str(reports), "-o", str(tmp_path / "out"), "--glob", "*.docx"])
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in (tmp_path / "out").rglob("*") if p.is_file())
    assert any(name.startswith("minutes") and name.endswith(".json") for name in written), written


def test_a_batch_names_the_word_documents_its_glob_left_out(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "minutes.docx").write_bytes(minutes())
    (reports / "report.txt").write_text(GOLD, encoding="utf-8")
    result = CliRunner().invoke(app, ["batch", str(reports), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "minutes.docx" in result.stderr and "--glob '**/*.docx'" in result.stderr


def test_an_archive_with_no_word_document_is_named_with_what_to_do() -> None:
    workbook = word_document(parts={"xl/workbook.xml": "<workbook/>"})
    with pytest.raises(BinaryInputError, match="no Word document in it") as info:
        clean_bytes(workbook, path="table.xlsx")
    assert "plain text" in str(info.value) and "table.xlsx" in str(info.value)


BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">'
    '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>'
    f"<w:document {W}><w:body><w:p><w:r><w:t>&lol3;</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (word_document(xml=BILLION_LAUGHS), "declares a document type"),
        (word_document(xml=f"<w:document {W}><w:body><w:p>"), "not well-formed XML"),
        (word_document(paragraph("会议") * 200), "unpacks to"),  # over the limit set below
        (b"PK\x03\x04" + bytes(300), "a damaged ZIP archive"),
    ],
    ids=["entity-expansion", "broken-xml", "zip-bomb", "cut-short"],
)
def test_a_hostile_or_damaged_word_document_is_refused(
    data: bytes, said: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(docx, "MAX_BODY", 4_000)  # a bomb's body, without writing 64 MB
    assert_refused(data, said, tmp_path, "x.docx")


def test_a_word_document_nested_thousands_deep_is_refused_not_a_crash(tmp_path: Path) -> None:
    # Content controls in content controls: the reader recursed past Python's limit (exit 70).
    deep = "<w:sdt><w:sdtContent>" * 5000 + paragraph("会议") + "</w:sdtContent></w:sdt>" * 5000
    assert_refused(word_document(deep), "nested too deep", tmp_path, "deep.docx")


def test_a_body_of_many_short_paragraphs_is_read_without_its_whole_tree() -> None:
    # A body is parsed a block at a time, each block dropped once read: the tree of a
    # million short paragraphs (a 175 kB .docx) had taken ~900 MB for a few MB of text.
    import tracemalloc

    many = paragraph("会") * 100_000
    document = word_document(many)
    xml_size = len(many.encode())
    tracemalloc.start()
    try:
        text = docx.docx_text(document)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert text == "会\n" * 100_000
    assert peak < 6 * xml_size  # the XML, its lines, one block's tree: 3.5 times (before: 15 times)


def test_a_list_level_word_does_not_have_is_no_number() -> None:
    # Word's lists have levels 0 to 8; a hostile file's level 50,000,000 cost seconds a
    # paragraph (its placeholders looked for level by level).
    numbering = NUMBERING.replace('w:ilvl="1"><w:start', 'w:ilvl="50000000"><w:start')
    body = numbered(1, 50_000_000, "核查隐患") + numbered(1, 0, "转移群众")
    text = docx.docx_text(word_document(body, parts={"word/numbering.xml": numbering}))
    assert text.split("\n")[:2] == ["核查隐患", "一、转移群众"]


def test_the_time_budget_stops_a_long_body_as_it_is_read() -> None:
    from jiyao import deadline
    from jiyao.errors import TimeBudgetError

    with pytest.raises(TimeBudgetError), deadline.time_budget(1e-6, "a Word document"):
        docx.docx_text(word_document(paragraph("会议") * 5_000))


def test_a_table_of_minutes_with_two_fields_a_row_is_read_field_by_field() -> None:
    # 主持人 | 县长王明 | 记录人 | 苏小琳: the row's cells joined by spaces had been read as
    # one field — the recorder present (or, 时间 | … | 地点 | …, no venue at all).
    rows = [
        ("时间", "2024年3月5日上午", "地点", "县政府三楼会议室"),
        ("主持人", "县长王明", "记录人", "县政府办科员苏小琳"),
        ("出席人员", "副县长李强、张华", "请假人员", "副县长赵刚"),
    ]
    body = paragraph("县政府常务会议纪要") + table(*(tuple(paragraph(c) for c in row) for row in rows))
    report = clean_bytes(word_document(body + paragraph("会议研究了防汛工作。")), path="minutes.docx")
    readout = extract_offline(report)
    assert (readout.date, readout.venue) == ("2024-03-05", "县政府三楼会议室")
    assert readout.chair is not None and readout.chair.name == "王明"
    assert [(p.name, p.title) for p in readout.attendees] == [("王明", "县长"), ("李强", "副县长"), ("张华", "副县长")]
    assert [m.name for m in readout.mentioned] == ["赵刚"]
