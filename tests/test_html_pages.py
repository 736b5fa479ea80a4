"""A scraped page saved as its HTML source cleans as the page's text does."""

from __future__ import annotations

import base64
import html

import pytest

from jiyao.cleaning import RepairKind, clean_bytes, clean_file, clean_text
from jiyao.cleaning.html_page import looks_like_html, page_text
from jiyao.errors import BinaryInputError
from jiyao.extraction import extract_offline

from .helpers import seed


def _han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _page(report: str) -> str:
    """``report``'s lines as a government site serves them: a head, menus, a breadcrumb
    trail, a script, a share bar and a footer around one ``<p>`` per line; long lines
    broken in the source between two Chinese characters, as editors' HTML often is."""
    paragraphs = []
    for line in report.splitlines():
        escaped = html.escape(line)
        cut = next((i for i in range(20, len(escaped) - 20) if _han(escaped[i - 1]) and _han(escaped[i])), None)
        if cut is not None:
            escaped = f"{escaped[:cut]}\n          {escaped[cut:]}"
        paragraphs.append(f'    <p style="text-indent:2em">&nbsp;&nbsp;{escaped}</p>')
    body = "\n".join(paragraphs)
    return f"""<!DOCTYPE html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>{html.escape(report.splitlines()[0])}_某某市人民政府門戶網站</title>
  <style>.nav li {{ float: left; }}</style>
</head>
<body>
  <div class="top-nav"><ul><li><a href="/">首頁</a></li><li><a href="/zwgk/">政務公開</a></li>
    <li><a href="/xwzx/">新聞中心</a></li></ul></div>
  <div class="header"><img src="logo.png"><div class="links"><a href="/">首頁</a><a href="/a">政務服務</a><a
    href="/b">互動交流</a></div></div>
  <nav><a href="/">網站地圖</a> | <a href="/en/">English</a></nav>
  <div class="breadcrumb">當前位置：<a href="/">首頁</a> &gt; <a href="/xwzx/">新聞中心</a></div>
  <div class="position">您當前的位置：<a href="/">首頁</a> &gt; <a>工作動態</a></div>
  <div class="info">發布時間：2022-12-02 17:20 來源：市委辦 瀏覽次數：<span id="c">123</span></div>
  <div class="article">
{body}
  </div>
  <script>var title = "县委常委会召开会议"; document.write("<p>分享</p>");</script>
  <div id="share">分享到：微信 微博</div>
  <div class="bottom"><a href="javascript:print()">【打印本頁】</a><a href="javascript:close()">【關閉窗口】</a></div>
  <footer><p>版權所有：某某市人民政府辦公室 &copy; 2024</p></footer>
</body>
</html>
"""


@pytest.mark.parametrize("name", ["000", "001", "002", "003", "004"])
def test_a_seed_served_as_html_cleans_as_its_text(name: str) -> None:
    as_text = clean_file(seed(name))
    raw = seed(name).read_text(encoding="utf-8")
    page = clean_bytes(_page(raw).encode("utf-8"))
    assert page.source == "html" and as_text.source == "text"
    assert page.text == as_text.text
    assert page.byline.published == "2022-12-02" and as_text.byline.published is None
    # The same readout, but for the date's year and the outlet where the article names none:
    # the page's publication line gives them (來源：市委辦).
    from_page, from_text = extract_offline(page), extract_offline(as_text)
    assert from_page.outlet == (from_text.outlet or "市委辦")
    same = {"date": from_text.date, "notes": from_text.notes, "outlet": from_text.outlet}
    assert from_page.model_copy(update=same) == from_text
    if from_text.date and from_text.date.startswith("--"):
        assert from_page.date is not None and from_page.date[:4] in ("2022", "2021")


def _saved_as_mhtml(page: bytes, charset: str, transfer: str) -> bytes:
    """``page`` as Chrome's "Save as single file" writes it: a MIME message, the page
    quoted-printable or base64, a picture beside it."""
    from email.charset import BASE64, QP, Charset
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart
    from email.mime.nonmultipart import MIMENonMultipart

    message = MIMEMultipart("related", type="text/html")
    message["From"] = "<Saved by Blink>"
    message["Snapshot-Content-Location"] = "http://www.xx.gov.cn/art/2022/12/2/art_1.html"
    part = MIMENonMultipart("text", "html")
    coding = Charset(charset)
    coding.body_encoding = QP if transfer == "quoted-printable" else BASE64
    part.set_payload(page, charset=coding)
    message.attach(part)
    message.attach(MIMEImage(b"GIF89a" + bytes(40), "gif"))
    return message.as_bytes()


@pytest.mark.parametrize(("charset", "transfer"), [("utf-8", "quoted-printable"), ("gbk", "base64")])
def test_a_page_saved_as_one_file_mhtml_reads_as_its_page(charset: str, transfer: str) -> None:
    # Before: its escapes read as the report (=E5=8E=BF=E6=94=BF…), exit 0.
    raw = seed("003").read_text(encoding="utf-8")
    page = _page(raw)
    if charset == "gbk":
        page = page.replace('<meta charset="utf-8">', '<meta charset="gbk">')
    saved = _saved_as_mhtml(page.encode(charset), charset, transfer)
    assert b"=E" in saved or transfer == "base64"
    report = clean_bytes(saved, path="page.mhtml")
    assert report.text == clean_file(seed("003")).text and report.source == "html"


def test_an_mhtml_file_with_no_page_in_it_is_refused() -> None:
    from email.mime.image import MIMEImage
    from email.mime.multipart import MIMEMultipart

    message = MIMEMultipart("related")
    message.attach(MIMEImage(b"GIF89a" + bytes(40), "gif"))
    with pytest.raises(BinaryInputError, match="MHTML with no HTML"):
        clean_bytes(message.as_bytes(), path="page.mhtml")


def test_an_mhtml_file_of_parts_nested_thousands_deep_is_refused_not_a_crash() -> None:
    head = b'MIME-Version: 1.0\nContent-Type: multipart/related; boundary="b0"\n\n'
    parts = b"".join(f'--b{n}\nContent-Type: multipart/related; boundary="b{n + 1}"\n\n'.encode() for n in range(3000))
    with pytest.raises(BinaryInputError, match="MHTML that cannot be read"):
        clean_bytes(head + parts, path="deep.mhtml")


def _saved_with_pictures(pictures: int) -> bytes:
    """A page saved as MHTML with ``pictures`` pictures beside it, in parts of their own."""
    page = _page(seed("003").read_text(encoding="utf-8")).encode("utf-8")
    head = b'MIME-Version: 1.0\nContent-Type: multipart/related; type="text/html"; boundary="----B"\n\n'
    html = b"------B\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n"
    html += base64.encodebytes(page) + b"\n"
    picture = b"------B\nContent-Type: image/gif\nContent-Transfer-Encoding: base64\n\nR0lGODlhAQABAAAAACw=\n"
    return head + html + picture * pictures + b"------B--\n"


def test_a_page_saved_with_its_pictures_reads_as_its_page() -> None:
    report = clean_bytes(_saved_with_pictures(2_000), path="page.mhtml")
    assert report.text == clean_file(seed("003")).text and report.source == "html"


def test_an_mhtml_file_of_too_many_parts_is_refused_before_it_is_parsed() -> None:
    # Before: parsed, a part at a time, ~0.5 ms each (50,000 parts: 25 s), and read.
    with pytest.raises(BinaryInputError, match=r"MHTML of 10,002 parts \(jiyao reads at most 10,000\)"):
        clean_bytes(_saved_with_pictures(10_001), path="page.mhtml")


def test_a_gbk_page_with_its_entities_reads_as_its_text() -> None:
    page = "<html><body><h1>縣委常委會召開會議</h1><p>10月28日，縣委書記王明主持召開會議。</p>" \
        "<p>王明強調，要堅持&ldquo;預防爲主&rdquo;&#12290;</p></body></html>"  # fmt: skip
    report = clean_bytes(page.encode("gbk"))
    assert report.text == "縣委常委會召開會議\n10月28日，縣委書記王明主持召開會議。\n王明強調，要堅持“預防爲主”。"
    assert extract_offline(report).slogans == ["預防爲主"]


def test_what_no_reader_sees_and_the_sites_frame_are_dropped() -> None:
    source = (
        "<head><title>標題_網站</title></head><body><ul class='main-menu'><li>首頁</li></ul>"
        "<p>第一段<br>第二行</p><!-- 註釋 --><style>p{}</style><form><select><option>市政府</option></select></form>"
        "<aside>熱點新聞</aside><div class='copyright'>版權所有</div><p>末段</p></body>"
    )
    # The body shows no headline: the <title> without the site's name stands for one.
    assert page_text(source) == "標題\n第一段\n第二行\n末段"
    assert page_text(source.replace("<p>第一段", "<h1>標題</h1><p>第一段")) == "標題\n第一段\n第二行\n末段"


@pytest.mark.parametrize(
    "text",
    [
        "會議召開\n王明指出，x < y 時要加強監測。",
        "會議召開\n文件《關於<加強>防汛工作的通知》已印發。",
        "會議召開\n網址 https://example.gov.cn/a?b=<1>",
        # A text with a few line breaks or links left in keeps its own lines.
        "會議召開<br>\n10月28日，縣委書記王明主持會議。<br>\n<a href='/x'>詳見</a>通知。",
    ],
)
def test_text_with_angle_brackets_is_no_page(text: str) -> None:
    assert not looks_like_html(text)
    assert clean_text(text).source == "text"


def test_a_line_of_links_is_a_menu_but_one_link_or_a_link_in_a_sentence_is_text() -> None:
    source = (
        "<div><a href='/'>首頁</a><a href='/a'>政務公開</a></div>"
        "<h1><a href='/n/1'>縣委常委會召開會議</a></h1>"
        "<p>詳見<a href='/f'>通知</a>。</p>"
        "<p><a href='/x'>上一篇</a>　<a href='/y'>下一篇</a></p>"
    )
    assert page_text(source) == "縣委常委會召開會議\n詳見通知。"


def test_markup_left_in_a_text_is_taken_out_and_its_lines_kept() -> None:
    text = (
        "會議召開<br>\n10月28日，縣委書記王明主持會議。<br>縣長李強出席會議。\n"
        "<a href='/x'>王明</a>強調，要堅持&ldquo;預防爲主&rdquo;&#12290;<span class=\"s\"></span>"
    )
    report = clean_text(text)
    assert report.source == "text"
    assert report.text == "會議召開\n10月28日，縣委書記王明主持會議。\n縣長李強出席會議。\n王明強調，要堅持“預防爲主”。"
    assert {r.kind for r in report.repairs} == {RepairKind.MARKUP}
    assert [r.raw for r in report.repairs][:2] == ["<br>", "<br>"]
    assert extract_offline(report).directives[0].by == "王明"


WECHAT_PAGE = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>縣政府召開常務會議</title></head><body>
<div id="js_article" class="rich_media">
<h1 class="rich_media_title" id="activity-name">縣政府召開常務會議</h1>
<div id="meta_content" class="rich_media_meta_list">
<span class="rich_media_meta rich_media_meta_text">原創</span>
<span class="rich_media_meta rich_media_meta_nickname"><a id="js_name">某某縣發布</a></span>
<em id="publish_time" class="rich_media_meta rich_media_meta_text">2024-03-12 09:30</em>
<em id="js_ip_wording_wrp" class="rich_media_meta rich_media_meta_text">發表於廣東</em>
</div>
<div class="rich_media_content" id="js_content">
<p>3月11日上午，縣長陳志明主持召開縣政府常務會議。副縣長林美玲出席會議。</p>
<p>會議要求，各鄉鎮要抓好春耕備耕。</p>
<p>{credits}</p>
</div>
<div id="js_pc_qr_code"><p>微信掃一掃<br>關注該公眾號</p></div>
<div class="rich_media_tool"><a id="js_view_source">閱讀原文</a><span>閱讀 1234</span>
<span>贊</span><span>在看</span></div>
</div></body></html>"""


@pytest.mark.parametrize(
    ("credits", "outlet", "editor"),
    [("來源 | 縣政府辦</p><p>編輯 | 王芳", "縣政府辦", "王芳"), ("", "某某縣發布", None)],
)
def test_a_saved_wechat_article_reads_as_its_text_with_its_account_and_day(
    credits: str, outlet: str, editor: str | None
) -> None:
    # Its spans run together (原創某某縣發布, 閱讀原文閱讀 1234贊在看): the head line had been
    # the account "原創某某縣發布", and its foot — tool bar, QR code, credits — the article's text.
    report = clean_bytes(WECHAT_PAGE.replace("{credits}", credits).encode(), path="page.html")
    body = "3月11日上午，縣長陳志明主持召開縣政府常務會議。副縣長林美玲出席會議。\n會議要求，各鄉鎮要抓好春耕備耕。"
    assert report.text == f"縣政府召開常務會議\n{body}"
    byline = report.byline
    assert (byline.outlet, byline.editor, byline.published) == (outlet, editor, "2024-03-12")
