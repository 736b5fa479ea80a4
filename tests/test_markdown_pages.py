"""A page a scraper saved as Markdown reads as the text it shows; a text with no Markdown
in it is left as it is."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from jiyao.cleaning import clean_text
from jiyao.cleaning.markdown import looks_like_markdown
from jiyao.cli import app
from jiyao.evaluation.corpus import load_corpus, variant_seeds
from jiyao.evaluation.garble import garble
from jiyao.extraction import extract_offline
from tests.helpers import ROOT, SEEDS

GOLD = (ROOT / "evals" / "corpus" / "dev" / "46.txt").read_text(encoding="utf-8").strip("\n")
TITLE, *PARAGRAPHS = GOLD.split("\n")


def as_markdown(*, menu_as_list: bool = True) -> str:
    """The report as an LLM-minded scraper saves its page: a skip link, the menu, a
    breadcrumb trail, the headline as a heading, a picture, emphasis, a quote, a link in the
    text, a rule, and the links to the next and last reports."""
    menu = (
        "* [首页](http://www.xx.gov.cn/)\n* [政务公开](http://www.xx.gov.cn/zwgk/)\n* [新闻中心](http://www.xx.gov.cn/xwzx/)"
        if menu_as_list
        else "[首页](http://www.xx.gov.cn/) | [政务公开](http://www.xx.gov.cn/zwgk/) | [新闻中心](/xwzx/)"
    )
    first, second, third, fourth = PARAGRAPHS
    return "\n\n".join(
        [
            "[跳转到主要内容](#main)",
            menu,
            "[首页](http://www.xx.gov.cn/) > [新闻中心](http://www.xx.gov.cn/xwzx/) > 县区动态",
            f"# {TITLE}",
            "![](http://www.xx.gov.cn/images/2024/a.jpg)",
            first.replace("常务副县长、县委党校校长", "**常务副县长、县委党校校长**"),
            second,
            f"> {third}",
            fourth.replace("高质量发展", "[高质量发展](http://www.xx.gov.cn/a.html)"),
            "---",
            "[上一篇：县政府召开常务会议](http://www.xx.gov.cn/1.html)",
            "[下一篇：全县安全生产工作会议召开](http://www.xx.gov.cn/2.html)",
        ]
    )


@pytest.mark.parametrize("menu_as_list", [True, False])
def test_a_markdown_page_cleans_to_the_reports_text(menu_as_list: bool) -> None:
    # Before: # and ** in the text, the links' addresses, the menu and the picture as title lines.
    report = clean_text(as_markdown(menu_as_list=menu_as_list))
    assert report.text == clean_text(GOLD).text
    assert report.source == "markdown"
    readout = extract_offline(report)
    assert readout.chair is not None and readout.chair.name == "程立新"
    assert readout.chair.title == "常务副县长、县委党校校长"
    assert len(readout.attendees) == 6


def test_the_cli_says_where_a_markdown_page_came_from(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "report.md"
    path.write_text(as_markdown(), encoding="utf-8")
    result = CliRunner().invoke(app, ["clean", str(path), "-f", "json"])
    assert result.exit_code == 0
    cleaned = json.loads(result.stdout)
    assert cleaned["source"] == "markdown" and "](" not in cleaned["text"] and "#" not in cleaned["text"]


def test_a_single_link_in_a_sentence_keeps_its_words_and_a_lone_headline_link_stays() -> None:
    text = "[县委召开常委会会议](http://x.gov.cn/1.html)\n3月2日，县委书记王明主持会议，研究[安全生产](http://x)工作。"
    report = clean_text(text)
    assert report.title_lines == ("县委召开常委会会议",)
    assert report.paragraphs == ("3月2日，县委书记王明主持会议，研究安全生产工作。",)


def test_texts_without_markdown_are_left_alone() -> None:
    corpus = [d for split in ("dev", "test") for d in load_corpus(ROOT / "evals" / "corpus", split)]
    texts = [path.read_text(encoding="utf-8") for path in SEEDS]
    texts += [garble(d.gold, seed).text for d in corpus for seed in variant_seeds(d, 10)]
    assert [text[:20] for text in texts if looks_like_markdown(text)] == []
    # A report that names a figure in brackets, or opens a line with a number sign, is no page.
    for text in ("会议指出，要落实[2024]3号文件精神。", "#1号楼 施工现场安全检查"):
        assert not looks_like_markdown(text)
        assert clean_text(text).text == text
