"""The lines that close a scraped page are chrome; the article's own lines stay."""

from __future__ import annotations

import pytest

from jiyao.cleaning import clean_text

ARTICLE = "縣委常委會召開會議\n10月28日上午，縣委書記王明主持召開縣委常委會會議。\n王明強調，要堅持“預防爲主”。"


@pytest.mark.parametrize(
    "foot",
    [
        "【打印本頁】 【關閉窗口】",
        "【打印本页】【关闭窗口】【返回顶部】",
        "分享到：\n上一篇：全縣召開安全生產會議\n下一篇：我縣開展森林防火演練",
        "分享到：微信 微博 QQ空間",
        "掃一掃在手機打開當前頁\n【打印】【關閉】",
        "相關鏈接：\n責任編輯：李明\n【打印本頁】",
        # Unbracketed links, the site's footer, an empty attachments label.
        "打印本頁 關閉窗口",
        "版權所有：某某縣人民政府　備案號：湘ICP備12345678號",
        "附件：\n【打印】【關閉】",
    ],
)
def test_the_pages_closing_lines_are_chrome(foot: str) -> None:
    report = clean_text(f"{ARTICLE}\n{foot}\n")
    assert report.text == ARTICLE
    assert report.removed_lines


@pytest.mark.parametrize(
    "last",
    [
        "【通知】全縣森林防火工作會議定於11月召開。",  # a bracket opens a sentence of the article
        "會議要求，各地要互相分享經驗。",
        "上一篇文章說明了有關情況。",
    ],
)
def test_the_articles_own_last_lines_stay(last: str) -> None:
    report = clean_text(f"{ARTICLE}\n{last}\n【打印本頁】【關閉窗口】")
    assert report.paragraphs[-1] == last


@pytest.mark.parametrize(
    ("foot", "outlet", "reporter", "editor"),
    [
        ("來源：清遠日報\n責任編輯：李紅", "清遠日報", None, "李紅"),
        ("（來源：嘉禾縣融媒體中心）\n編輯：王五　審核：趙六", "嘉禾縣融媒體中心", None, "王五"),
        ("作者：劉七　編輯：周八\n【打印本頁】【關閉窗口】", None, "劉七", "周八"),
        ("供稿：縣委辦\n編審：吳九", None, None, "吳九"),
        # Read as a publication line (ASCII spaces, 校對): its editor had been lost.
        ("編輯：王五  審核：趙六  校對：孫七\n相關新聞", None, None, "王五"),
    ],
)
def test_the_credits_below_the_article_are_chrome_and_read(
    foot: str, outlet: str | None, reporter: str | None, editor: str | None
) -> None:
    report = clean_text(f"{ARTICLE}\n{foot}\n")
    assert report.text == ARTICLE
    assert (report.byline.outlet, report.byline.reporter, report.byline.editor) == (outlet, reporter, editor)


def test_a_datelines_reporter_is_not_its_correspondents_and_this_paper_is_no_outlet() -> None:
    report = clean_text("縣委常委會召開會議\n本報訊（記者 張三 通訊員 李四）10月28日上午，縣委書記王明主持召開會議。")
    assert (report.byline.outlet, report.byline.reporter) == (None, "張三")
    named = clean_text("縣委常委會召開會議\n惠州日報訊（記者 戴建）10月28日上午，縣委書記王明主持召開會議。")
    assert (named.byline.outlet, named.byline.reporter) == ("惠州日報", "戴建")


@pytest.mark.parametrize(
    ("opening", "outlet", "reporter"),
    [
        # An agency's dateline, with its city and the day it filed; a paper's with its day;
        # the reporter alone. Each had stayed in the body, its outlet and reporter unread
        # (紅網時刻新聞3月11日 had been the outlet, the day in it).
        ("新華社長沙10月28日電（記者張三）", "新華社", "張三"),
        ("新華社北京10月28日電 ", "新華社", None),
        ("紅網時刻新聞10月28日訊（記者 張三）", "紅網時刻新聞", "張三"),
        ("（記者 張三 通訊員 李四）", None, "張三"),
    ],
)
def test_more_datelines_give_the_outlet_and_the_reporter(
    opening: str, outlet: str | None, reporter: str | None
) -> None:
    report = clean_text(f"縣委常委會召開會議\n{opening}10月28日上午，縣委書記王明主持召開會議。")
    assert (report.byline.outlet, report.byline.reporter) == (outlet, reporter)
    assert report.byline.dateline == opening.strip()
    assert report.text.endswith("\n10月28日上午，縣委書記王明主持召開會議。")


@pytest.mark.parametrize("opening", ["某某訊 ", "縣委書記王明致電"])
def test_a_body_that_only_opens_like_a_dateline_is_the_body(opening: str) -> None:
    report = clean_text(f"縣委常委會召開會議\n{opening}10月28日上午，縣委書記王明主持召開會議。")
    assert report.byline.dateline is None and opening.strip() in report.text


def test_a_credit_inside_the_article_stays() -> None:
    body = "會議指出，來源：群眾反映的問題要逐一解決。"
    report = clean_text(f"{ARTICLE}\n{body}\n王明要求，各地要抓好落實。")
    assert body in report.text


def test_the_font_size_switch_above_the_article_is_chrome() -> None:
    report = clean_text(f"字號：大 中 小\n{ARTICLE}\n")
    assert report.text == ARTICLE


@pytest.mark.parametrize(
    "tools", ["【字體：大 中 小】 【打印本頁】 【關閉窗口】", "【打印本頁】 【關閉窗口】", "【字号：大 中 小】【收藏】"]
)
def test_the_page_s_tools_under_the_title_are_chrome(tools: str) -> None:
    title, first, second = ARTICLE.split("\n")
    report = clean_text(f"{title}\n發布時間：2024-10-28 來源：縣融媒體中心\n{tools}\n{first}\n{second}\n")
    assert report.text == ARTICLE


@pytest.mark.parametrize(
    "share", ["分享到：微信 微博 QQ空間", "分享至 微信 朋友圈", "掃一掃在手機打開當前頁", "分享到："]
)
def test_the_share_bar_under_the_title_is_chrome_not_a_second_title_line(share: str) -> None:
    # It had been read as the headline's second line: the readout's subtitles held it.
    title, first, second = ARTICLE.split("\n")
    report = clean_text(f"{title}\n發布時間：2024-10-28 來源：縣融媒體中心\n{share}\n{first}\n{second}\n")
    assert report.text == ARTICLE and report.title_lines == (title,)


def test_a_bracketed_heading_of_the_article_under_the_title_stays() -> None:
    title, first, second = ARTICLE.split("\n")
    report = clean_text(f"{title}\n【會議要求】\n{first}\n{second}\n")
    assert report.text == f"{title}\n【會議要求】\n{first}\n{second}"


@pytest.mark.parametrize(
    "caption",
    [
        "▲會議現場",
        "（圖為會議現場）",
        "圖為會議現場。",
        "視頻加載中...",
        # An image's placeholder and a caption crediting its photographer (both had stayed).
        "[圖片]",
        "【图片】",
        "（圖為會議現場。記者 李華 攝）",
        "圖為會議現場。融媒體中心 王芳 攝影",
    ],
)
def test_a_photo_caption_or_a_players_placeholder_inside_the_article_is_chrome(caption: str) -> None:
    title, first, second = ARTICLE.split("\n")
    report = clean_text(f"{title}\n{first}\n{caption}\n{second}\n")
    assert report.text == ARTICLE


def test_a_line_that_only_starts_like_a_caption_stays() -> None:
    line = "圖為民辦實事的具體舉措，會議要求各地抓好落實，確保群眾滿意，並定期通報進展情況和存在問題。"
    report = clean_text(f"{ARTICLE}\n{line}")
    assert line in report.text


@pytest.mark.parametrize(
    ("foot", "reporter", "editor"),
    [
        ("[編輯：王五]", None, "王五"),
        ("（縣委辦供稿）", None, None),
        ("文字：李四 攝影：王五", "李四", None),
        # With a space and no colon: a name.
        ("文/圖 記者 劉七\n編輯 周八", "劉七", "周八"),
        ("責任編輯 王五", None, "王五"),
    ],
)
def test_more_ways_to_write_the_credits(foot: str, reporter: str | None, editor: str | None) -> None:
    report = clean_text(f"{ARTICLE}\n{foot}\n")
    assert report.text == ARTICLE
    assert (report.byline.reporter, report.byline.editor) == (reporter, editor)


def test_a_last_line_that_only_starts_like_a_credit_stays() -> None:
    last = "編輯部全體同志參加了學習。"
    report = clean_text(f"{ARTICLE}\n{last}")
    assert report.paragraphs[-1] == last


PAGE = """<html><head><meta charset="utf-8"><title>县政府召开常务会议_某县人民政府</title></head>
<body><table><tr><td><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/xw">新闻中心</a></td></tr>
<tr><td>当前位置：<a href="/">首页</a> &gt; <a href="/xw">新闻中心</a> &gt; 县内要闻</td></tr>
<tr><td class="title">县政府召开第15次常务会议</td></tr>
<tr><td><p>3月5日上午，县长王明主持召开县政府第15次常务会议。副县长李强出席会议。</p></td></tr>
</table></body></html>"""


def test_a_breadcrumb_trail_after_the_pages_title_is_chrome() -> None:
    # Before: a page laid out in a table, with no <h1>, had its <title> put first and its
    # trail (当前位置：首页 > 新闻中心 > 县内要闻) kept as the headline's second line: only
    # navigation that led the page was taken out.
    report = clean_text(PAGE)
    assert report.title_lines == ("县政府召开常务会议", "县政府召开第15次常务会议")
    assert any("当前位置" in line for line in report.removed_lines)
    text = "县政府召开常务会议\n首頁 | 政務公開 | 新聞中心\n县政府召开第15次常务会议\n3月5日上午，县长王明主持会议。"
    assert clean_text(text).title_lines == ("县政府召开常务会议", "县政府召开第15次常务会议")


@pytest.mark.parametrize(
    "second",
    ["演播厅 会议室", "——在全县安全生产工作会议上的讲话", "（2024年3月5日）", "县委书记 王明"],
)
def test_a_second_headline_line_without_a_trails_marks_stays(second: str) -> None:
    text = f"县政府召开常务会议\n{second}\n3月5日上午，县长王明主持召开会议。"
    assert second in clean_text(text).text


@pytest.mark.parametrize(
    ("head", "foot", "outlet", "editor"),
    [
        (
            "原創 某某縣發布 某某縣發布 2024-10-29 09:30 發表於湖南\n點擊藍字 關注我們",
            "來源 | 縣融媒體中心\n編輯 | 王芳\n審核 | 李強\n閱讀原文\n分享 收藏 點贊 在看",
            "縣融媒體中心",
            "王芳",
        ),
        # The account is the outlet where no source is named; the bar written 丨.
        (
            "某某縣發布 2024年10月29日 09:30 湖南",
            "編輯丨王芳\n預覽時標簽不可點\n微信掃一掃關注該公眾號",
            "某某縣發布",
            "王芳",
        ),
        ("點擊上方“某某縣發布”關注我們", "繼續滑動看下一個\n輕觸閱讀原文", None, None),
    ],
)
def test_a_wechat_articles_head_and_foot_are_chrome_and_read(
    head: str, foot: str, outlet: str | None, editor: str | None
) -> None:
    # A county's WeChat account, where many reports are first published: its head line had
    # been read as a second title line, its credits (written with a bar) and closing
    # lines as the article's text.
    title, first, second = ARTICLE.split("\n")
    report = clean_text(f"{title}\n{head}\n{first}\n{second}\n{foot}\n")
    assert report.text == ARTICLE and report.title_lines == (title,)
    assert (report.byline.outlet, report.byline.editor) == (outlet, editor)
    assert report.byline.published == ("2024-10-29" if "2024" in head else None)


def test_a_line_of_the_article_with_a_date_and_a_time_stays() -> None:
    # Read as a WeChat account's head line only above the article's first clause.
    title, first, second = ARTICLE.split("\n")
    line = "報名時間 2024-10-29 09:30 縣委會議室"
    report = clean_text(f"{title}\n{first}\n{line}\n{second}\n")
    assert line in report.text and report.byline.published is None


@pytest.mark.parametrize(
    ("last", "foot"),
    [
        # An agency's end mark had stayed at the end of the article's text.
        ("王明強調，要堅持“預防爲主”。（完）", ""),
        ("王明強調，要堅持“預防爲主”。 (完)", ""),
        ("王明強調，要堅持“預防爲主”。【完】", "\n責任編輯：李明"),
        # On a line of its own, above the page's credits.
        ("王明強調，要堅持“預防爲主”。\n（完）", "\n【打印本頁】 【關閉窗口】"),
    ],
)
def test_an_agencys_end_mark_is_chrome(last: str, foot: str) -> None:
    article, _, _ = ARTICLE.rpartition("\n")
    report = clean_text(f"{article}\n{last}{foot}\n")
    assert report.text == ARTICLE


def test_an_end_mark_inside_the_article_stays() -> None:
    text = "縣委常委會召開會議\n10月28日上午，縣委書記王明主持召開會議。\n會議要求，各鄉鎮要抓好落實（完）。"
    assert clean_text(text).text == text


@pytest.mark.parametrize(
    "head",
    [
        # The column's tag the site puts before the headline had stayed in the title
        # (the readout's and the brief's): 【聚焦兩會】縣委常委會召開會議.
        "【聚焦兩會】",
        "【學習貫徹黨的二十大精神】 ",
        "【要聞】【縣域經濟】",
        "首頁 > 要聞\n原標題：【聚焦兩會】",
    ],
)
def test_a_columns_tag_before_the_headline_is_chrome(head: str) -> None:
    report = clean_text(f"{head}{ARTICLE}\n")
    assert report.text == ARTICLE
    assert report.title_lines == ("縣委常委會召開會議",)


@pytest.mark.parametrize(
    "text",
    [
        # A headline in brackets whole, a dateline in brackets, an editor's note: the report's own.
        "【縣委常委會召開會議】\n10月28日上午，縣委書記王明主持召開會議。",
        "【縣融媒體中心訊】10月28日上午，縣委書記王明主持召開縣委常委會會議。",
        "縣委常委會召開會議\n【編者按】10月28日上午，縣委書記王明主持召開會議。",
    ],
)
def test_brackets_that_are_the_reports_own_stay(text: str) -> None:
    tag = text[text.index("【") : text.index("】") + 1]
    assert tag in clean_text(text).text


@pytest.mark.parametrize(
    ("info", "outlet", "published"),
    [
        ("來源：縣委辦??發布時間：2024-10-28??瀏覽次數：123", "縣委辦", "2024-10-28"),
        ("發布時間：2024-10-28?來源：縣委辦???作者：李華", "縣委辦", "2024-10-28"),
    ],
)
def test_a_publication_line_whose_spaces_were_written_as_marks_is_chrome_and_read(
    info: str, outlet: str, published: str
) -> None:
    # The page's &nbsp; between its labels, which GBK lacks, written as ?: the decoder read
    # words into the marks (縣委辦的，發布時間), and the line stayed in the text, unread.
    headline, body = ARTICLE.split("\n", 1)
    report = clean_text(f"{headline}\n{info}\n{body}")
    assert report.text == clean_text(ARTICLE).text
    assert (report.byline.outlet, report.byline.published) == (outlet, published)
    assert not [r for r in report.repairs if r.kind.name in ("MOJIBAKE", "UNRESOLVED")]
