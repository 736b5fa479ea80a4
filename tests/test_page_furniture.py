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
