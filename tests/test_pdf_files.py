"""A PDF file reads as the report its text layer holds (before: refused, "extract its
text first with pdftotext"); a scan, a password or a damaged file says so, exit 2. The
PDFs are made with reportlab, with its Chinese CID font, as a PDF library lays them out."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from jiyao.cleaning import clean_bytes, clean_text
from jiyao.extraction import extract_offline
from tests.helpers import ROOT, assert_refused

GOLD = (ROOT / "evals" / "corpus" / "dev" / "50.txt").read_text(encoding="utf-8").strip("\n")
FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def pdf(pages: list[list[str]], *, encrypt: StandardEncryption | None = None, numbered: bool = True) -> bytes:
    """Each page's lines at the left margin, 24 points apart, its number at the foot."""
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer, pagesize=A4, encrypt=encrypt)
    for number, lines in enumerate(pages, 1):
        document.setFont(FONT, 14)
        for at, line in enumerate(lines):
            document.drawString(72, 770 - 24 * at, line)
        if numbered:
            document.drawCentredString(A4[0] / 2, 40, f"- {number} -")
        document.showPage()
    document.save()
    return buffer.getvalue()


def test_a_pdf_of_two_pages_reads_as_the_report() -> None:
    lines = GOLD.split("\n")
    report = clean_bytes(pdf([lines[:5], lines[5:]]), path="minutes.pdf")
    assert report.source == "pdf"
    assert report.text == clean_text(GOLD).text  # the page numbers gone
    assert extract_offline(report) == extract_offline(clean_text(GOLD))


def test_a_pdf_with_an_owners_password_only_is_read() -> None:
    # "Protected" against printing or copying, but opened with no password: most such notices.
    locked = StandardEncryption("", ownerPassword="owner", canPrint=0, canCopy=0)
    assert clean_bytes(pdf([GOLD.split("\n")], encrypt=locked)).text == clean_text(GOLD).text


def _scan() -> bytes:
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer, pagesize=A4)
    document.rect(72, 400, 400, 300, fill=1)  # a page that is a picture
    document.showPage()
    document.save()
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (_scan(), "no text in it"),
        (pdf([GOLD.split("\n")], encrypt=StandardEncryption("secret")), "password-protected"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "damaged PDF"),
    ],
    ids=["scan", "password", "damaged"],
)
def test_a_pdf_with_no_report_to_read_says_why(data: bytes, said: str, tmp_path: Path) -> None:
    assert_refused(data, said, tmp_path, "x.pdf")


def _misplaced_cross_references() -> bytes:
    """A readable PDF whose startxref points at the wrong place: pypdf repairs it and says so."""
    data = pdf([GOLD.split("\n")[:3]])
    at = data.rfind(b"startxref\n") + len(b"startxref\n")
    return data[:at] + b"12" + data[data.index(b"\n", at) :]


def test_reading_a_damaged_pdf_leaves_the_hosts_logging_alone(caplog: pytest.LogCaptureFixture) -> None:
    # Reading a PDF had set pypdf's logger to ERROR for the whole process: a library's host
    # decides what of another library's logging it shows.
    import logging

    with caplog.at_level(logging.WARNING, logger="pypdf"):  # the host's choice
        report = clean_bytes(_misplaced_cross_references(), path="x.pdf")
        assert logging.getLogger("pypdf").level == logging.WARNING
    assert report.text == clean_text("\n".join(GOLD.split("\n")[:3])).text
    assert any(record.name.startswith("pypdf") for record in caplog.records)  # the host saw pypdf's note


def test_the_cli_shows_no_note_of_pypdfs_repairs(tmp_path: Path) -> None:
    # A process of its own: pytest's log capture would take pypdf's note before stderr did.
    import subprocess
    import sys

    path = tmp_path / "x.pdf"
    path.write_bytes(_misplaced_cross_references())
    result = subprocess.run(
        [sys.executable, "-m", "jiyao", "clean", str(path)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith(GOLD.split("\n")[0])


def test_the_time_budget_stops_a_long_pdf_between_pages() -> None:
    from jiyao import deadline
    from jiyao.errors import TimeBudgetError

    many = pdf([GOLD.split("\n")] * 40)
    with pytest.raises(TimeBudgetError), deadline.time_budget(1e-6, "a long PDF"):
        clean_bytes(many)


def _page_of_many_forms(forms: int, operators: int) -> bytes:
    """A hostile page: it draws ``forms`` forms (XObjects) of ``operators`` text operators
    each, compressed to a few kB, seconds of pypdf's reading in all."""
    import zlib

    drawn = b"BT /F1 12 Tf 72 700 Td (a) Tj ET\n" * operators
    packed = zlib.compress(drawn, 9)
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >>"
    form += b" /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(packed), packed)
    names = b" ".join(b"/X%d %d 0 R" % (i, 6 + i) for i in range(forms))
    content = b"BT /F1 12 Tf (hi) Tj ET " + b" ".join(b"/X%d Do" % i for i in range(forms))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R"
        b" /Resources << /Font << /F1 4 0 R >> /XObject << " + names + b" >> >> >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content),
        *[form] * forms,
    ]
    out, offsets = bytearray(b"%PDF-1.7\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    table = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, table)
    return bytes(out)


def test_the_time_budget_stops_a_page_of_many_forms_inside_the_page() -> None:
    # The budget was checked between pages only, and pypdf reads on past any error a form's
    # reading raises: a page like this one was read to its end (5.6 s against a budget of
    # 0.3 s, on the machine this was written on), whatever the budget.
    from jiyao import deadline
    from jiyao.cleaning import pdf as pdf_reader
    from jiyao.errors import TimeBudgetError

    page = _page_of_many_forms(10, 10_000)
    with pytest.raises(TimeBudgetError), deadline.time_budget(0.3, "a PDF"):
        pdf_reader.pdf_text(page)
    assert pdf_reader.pdf_text(_page_of_many_forms(2, 3)).split() == ["hi", "aaa", "aaa"]  # read whole in time


def _laid_out(gold: str, width: int) -> bytes:
    """``gold`` as a notice is typeset: the title centred, each paragraph indented two
    characters and broken at ``width``, pages numbered at the foot."""
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer, pagesize=A4)
    title, *paragraphs = gold.split("\n")
    lines = [(True, title)]
    for paragraph in paragraphs:
        text = "\u3000\u3000" + paragraph
        lines += [(False, text[at : at + width]) for at in range(0, len(text), width)]
    top, page = 780, 1
    for centred, line in lines:
        if top < 80:
            document.setFont(FONT, 12)
            document.drawCentredString(A4[0] / 2, 40, f"- {page} -")
            document.showPage()
            top, page = 780, page + 1
        document.setFont(FONT, 16)
        if centred:
            document.drawCentredString(A4[0] / 2, top, line)
        else:
            document.drawString(60, top, line)
        top -= 28
    document.setFont(FONT, 12)
    document.drawCentredString(A4[0] / 2, 40, f"- {page} -")
    document.showPage()
    document.save()
    return buffer.getvalue()


@pytest.mark.parametrize("name", ["01", "14", "18", "46", "50"])
def test_a_typeset_notice_reads_back_as_its_paragraphs(name: str) -> None:
    # Lines broken at the page's width joined, indents and page numbers gone; a line that
    # ends a sentence keeps its break (the paragraph may end there: 14, 18 so read).
    gold = (ROOT / "evals" / "corpus" / "dev" / f"{name}.txt").read_text(encoding="utf-8").strip("\n")
    read = clean_bytes(_laid_out(gold, 28)).text
    assert re.sub(r"(?<=[。！？])\n", "", read) == re.sub(r"(?<=[。！？])\n", "", clean_text(gold).text)
