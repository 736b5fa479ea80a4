"""The decoder's readings keep to the page: its script, and its encoding where a mark
alone cannot tell (pages garbled by the corpus's garbler from probe sentences)."""

from __future__ import annotations

import pytest

from jiyao.cleaning import clean_text


def test_a_trail_byte_after_a_site_s_ascii_comma_is_read_on_a_gbk_page() -> None:
    # 縣 of 縣委副書記 lost its lead byte after the site's ASCII commas; its trail byte
    # shows as h (`,,?h委副書記`). It had been marked □ on every page: the title read □委.
    page = (
        "網站首頁 | 時政要聞 | 部門動態 | 基層風(fēng)采\n縣政府召開(kāi)專(zhuān)題(tí)會(huì)議\n"
        "10月8日,縣委書記(jì)王軍(jūn)主持會議,,?h委副書記(jì)、縣長孫麗(lì)講(jiǎng)話(huà)。"
        "縣人大?Ｎ瘯?敝魅?,、縣總工會主席馬超出席。\n責任編(biān)輯: 陳(chén)靜(jìng)\n"
    )
    report = clean_text(page)
    assert "主持會議，縣委副書記、縣長孫麗講話。縣人大常委會副主任" in report.text
    assert clean_text(report.text).text == report.text


@pytest.mark.parametrize(
    ("page", "kept"),
    [
        # 要 of 要求 (Big5 AD 6E): GBK reads the n as 籲 of 籲求, a word, on a Big5 page
        # whose other marks neither encoding reads surely — the page stays GBK by default.
        (
            "當(dāng)前位置:首頁 > 要聞(wén)動態(tài)\n縣政府召開(kāi)專題會(huì)議\n5月8日,縣委書(shū)記(jì)王海主持"
            "召開(kāi)會(huì)??(yì),縣長(zhǎng)劉建國(guó)出席。劉建國(guó)引用省長(zhǎng)孫(sūn)志剛的講(jiǎng)話,"
            "?n求各部門壓(yā)實(shí)責(zé)任。\n",
            "講話，□求各部門壓實責任",
        ),
        # 力 of 力爭 (Big5 A4 4F): GBK's 極 of 極爭.
        (
            "縣(xiàn )政府召開專(zhuān )題(tí )會(huì )議(yì )\n會??(yì )提出,,?O爭(zhēng )全年完成"
            "固定資(zī )產(chǎn )投資(zī )50億(yì )元,同比增??(zhǎng )8.5%。\n",
            "提出，□爭全年完成",
        ),
    ],
    ids=["yao-of-yaoqiu", "li-of-lizheng"],
)
def test_a_trail_byte_after_a_comma_on_a_page_that_may_be_big5_is_read_as_gbk_only_when_clear(
    page: str, kept: str
) -> None:
    assert kept in clean_text(page).text


@pytest.mark.parametrize(
    ("page", "read", "not_read"),
    [
        # A traditional page (converted by s2t): 李 of 李明遠 lost its lead byte; the
        # decoder chose the simplified 项, which no converted page can hold.
        (
            "縣(xiàn )政府召開專(zhuān )題(tí )會議(yì )\n5月8日,縣(xiàn )委書(shū )記(jì )王海主持召開(kāi )"
            "會(huì )議(yì )。縣(xiàn )領導(dǎo )劉(liú )建國(guó )、?蠲鬟h(yuǎn )、張(zhāng )華(huá )及縣(xiàn )"
            "直各部門(mén )主要負(fù )責(zé )人蔘加會(huì )議(yì )。\n",
            "縣領導劉建國、□明遠、張華",
            "项",
        ),
        # A simplified page: 军 of 王军 lost its trail byte and the next character its lead
        # byte; the decoder chose the traditional 維 (王維).
        (
            "网站首页 | 时政要闻 | 部门动态 | 基层风采\n县政府召开专题会议\n10月8日,市委副书记、"
            "市?ね蹙?,市委常委、组织部部长李红出席会议。\n责任编辑: 李明\n",
            "市委副书记、市长王□，市委常委",
            "維",
        ),
        # A simplified page: 第3次集体学习 had read 第3宋集村学生 — the beam's place for
        # 次 held traditional characters the quick score ranks with their simplified forms.
        (
            "网站首页 | 时政要闻 | 部门动态 | 基层风采\n县政府召开专题会议\n县委?砺垩?爸行淖榫傩?2024年"
            "第3?渭?逖??,,县委书记王明主持并讲话,县委常委张华,、赵东作?涣鞣⒀?,。\n责任编辑: 陈静\n",
            "县委理论学习中心组举行2024年第3次集体学习，县委书记王明主持并讲话",
            "宋集村",
        ),
    ],
    ids=["simplified-on-traditional", "traditional-on-simplified", "beam-of-one-script"],
)
def test_a_repair_keeps_to_the_page_s_script(page: str, read: str, not_read: str) -> None:
    text = clean_text(page).text
    assert read in text
    assert not_read not in text


def test_a_list_after_a_verb_is_no_list_of_names() -> None:
    # 河 of 河西乡 lost its lead byte after 城关镇、: 城 is a surname, and 城关镇 had passed
    # for a listed name — 河 no surname where one begins, so marked □.
    page = "县政府召开专题会议\n县委书记王明一行深入到城关镇、?游飨缂觳榘踩???ぷ?,,县委常委,、办公室主任张华陪同。\n"
    assert "深入到城关镇、河西乡检查" in clean_text(page).text
