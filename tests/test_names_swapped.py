"""The readout's people do not hang on the names the rules were written beside.

Every person of each dev report (the chair, the attendees, people mentioned, who gave a
directive) is given another name throughout its gold text, and the report is read again:
the chair and everyone present must be read as the label says, under their new names.
Two pools of names: ordinary ones, and names that are also words (汪洋, 黎明, 高峰, 夏天,
任重, 陆军 …), which officials bear and a name test that checks common words could reject.
Names that are nothing but common words (全面, 安全, 支持, 任务) are left out: the readout
rejects those on purpose, as the scraped pages' non-names taken for names.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from jiyao.cleaning import clean_text
from jiyao.cleaning.script import to_traditional
from jiyao.evaluation.corpus import CorpusDocument, load_corpus
from jiyao.extraction import extract_offline

DEV = load_corpus(Path(__file__).resolve().parents[1] / "evals" / "corpus", "dev")

ORDINARY = (
    "王振宇 李晓峰 张立新 刘明远 陈志刚 杨文斌 赵海燕 黄晓丽 周建军 吴丽华 孙志远 马晓东 朱立强 胡振华 "
    "郭晓明 何文涛 冯志勇 于海波 罗晓红 梁振东 宋立群 谢文博 韩晓燕 唐志华 董立伟 程晓宇 曹振国 袁立华"
).split()
WORDS_TOO = (
    "汪洋 黎明 高峰 任重 夏天 田野 方圆 陆军 白云 康健 江河 万里 雷鸣 常青 文静 钟声 杜鹃 许诺 石磊 "
    "金鑫 魏巍 林森 唐宁 龙飞 余庆 王建国 李国庆 张卫东 刘建设 陈红梅 杨海涛 赵志强 黄平安 周建华 "
    "吴文明 孙光明 马永红 朱胜利 胡和平 郭振兴 郝建设 何平 冯雷 于洋 高山 向阳 严峻 易峰 路遥 安然"
).split()


def _people(document: CorpusDocument) -> list[str]:
    label = document.label
    named = [label.chair.name] if label.chair else []
    named += [person.name for person in label.attendees] + list(label.mentioned)
    named += [directive.by for directive in label.directives or () if directive.by]
    return list(dict.fromkeys(named))


def _renamed(document: CorpusDocument, pool: list[str], seed: int) -> tuple[str, dict[str, str]]:
    people = _people(document)
    chosen = random.Random(f"{seed}/{document.name}").sample(pool, len(people))
    if document.label.script == "traditional":
        chosen = [to_traditional(name) for name in chosen]
    renamed = dict(zip(people, chosen, strict=True))
    text = document.gold
    # Through placeholders, the longest name first: no new name is read as part of an old one.
    for index, name in sorted(enumerate(people), key=lambda item: -len(item[1])):
        text = text.replace(name, f"\x00{index}\x00")
    for index, name in enumerate(people):
        text = text.replace(f"\x00{index}\x00", renamed[name])
    return text, renamed


@pytest.mark.parametrize("pool", [ORDINARY, WORDS_TOO], ids=["ordinary", "words-too"])
@pytest.mark.parametrize("seed", [1, 2])
def test_the_people_of_every_dev_report_are_read_under_other_names(pool: list[str], seed: int) -> None:
    wrong = []
    for document in DEV:
        text, renamed = _renamed(document, pool, seed)
        readout = extract_offline(clean_text(text))
        chair = readout.chair.name if readout.chair else None
        want_chair = renamed[document.label.chair.name] if document.label.chair else None
        present = {person.name for person in readout.attendees} | ({chair} if chair else set())
        want_present = {renamed[person.name] for person in document.label.attendees}
        if chair != want_chair or present != want_present:
            wrong.append((document.name, chair, want_chair, sorted(present ^ want_present)))
    assert not wrong


def test_a_name_with_he_after_a_title_whose_first_character_is_a_surname() -> None:
    # 区长胡 reads as a name (区 is a surname, Ou): 区长胡和平 had been split at 和 as a list
    # of two, and the chair read as 区长胡 (Ou Changhu), 胡和平 lost — found by the test above.
    text = "12月30日上午，区安全生产委员会召开全体会议。会议由区委副书记、区长胡和平主持。副区长钟永和、王和平出席。"
    readout = extract_offline(clean_text(text))
    assert readout.chair is not None
    assert (readout.chair.name, readout.chair.title) == ("胡和平", "区委副书记、区长")
    assert [person.name for person in readout.attendees] == ["胡和平", "钟永和", "王和平"]
