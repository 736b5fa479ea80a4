"""Lost bytes on a Big5 page: the runs read back in phase, a GBK page still read as GBK."""

from __future__ import annotations

import pytest

from jiyao.cleaning import RepairKind, clean_text
from jiyao.cleaning.gbk_beam import encoded_bytes
from jiyao.evaluation.corpus import SplitScore, load_corpus, score_document
from jiyao.evaluation.garble import _shifted_big5, garble
from jiyao.extraction import extract_offline
from tests.test_corpus import CORPUS

# Written for this test: a traditional report whose every character Big5 has.
REPORT = (
    "縣委召開防汛抗旱工作會議\n6月12日上午，縣委書記韓振宇主持召開全縣防汛抗旱工作會議，傳達學習省防汛抗旱工作會議精神，"
    "研究部署我縣防汛工作。縣長許文斌，縣委副書記鄧立新出席會議。會議強調，要堅持人民至上、生命至上，壓緊壓實各級責任，"
    "加強水庫、河道巡查，確保安全度汛。各鄉鎮要做好物資儲備和隊伍建設，對照問題清單逐項銷號。"
)


def lose_lead_byte(text: str, start: int) -> str:
    """The page from ``text[start]`` on, as Python's big5 codec reads it once the lead byte
    of ``text[start]`` became ``?`` (a scraper's ``errors="replace"``; U+FFFD shown as ``?``)."""
    raw = text[start:].encode("big5")
    return text[:start] + (b"?" + raw[1:]).decode("big5", errors="replace").replace("\ufffd", "?")


@pytest.mark.parametrize(
    ("word", "garbled"),
    [
        ("度汛。", "?蛈纂C"),  # a run, back in phase at 。's ASCII-range trail byte
        ("對照問題", "?儱荌暋D"),
        ("河", "?e"),  # the trail byte alone survived, as ASCII
        ("全", "??"),  # a pair that is no character: the trail lost, the lead after it in phase
        # A trail byte alone that GBK reads surely all the same (出賣 at 0.998, 工這): how
        # surely one encoding reads a lone trail says nothing of the page's encoding.
        ("席會議。會議", "?u"),
        ("作會議，", "?@"),
    ],
)
def test_a_big5_page_that_lost_a_lead_byte_is_read_back(word: str, garbled: str) -> None:
    start = REPORT.index(word, REPORT.index("\n"))
    damaged = lose_lead_byte(REPORT, start)
    assert garbled in damaged

    report = clean_text(damaged)

    assert report.text == clean_text(REPORT).text
    assert [r.kind for r in report.repairs if r.kind == RepairKind.MOJIBAKE] == [RepairKind.MOJIBAKE]
    assert any("Big5" in r.note for r in report.repairs)


def test_the_garbler_reads_a_big5_page_as_pythons_codec_does() -> None:
    gold = REPORT
    for start in range(gold.index("\n") + 1, len(gold)):
        read = _shifted_big5(gold, start)
        if read is None:
            continue
        run, end, _ = read
        assert lose_lead_byte(gold, start) == gold[:start] + run + gold[end:]


def test_the_garbler_reads_an_ascii_letter_taken_as_a_trail_byte_as_pythons_codec_does() -> None:
    # 控's trail byte and the C of COVID make a character: the garbler had asked the C for a
    # second byte and raised IndexError (a probe page with Latin letters, garbled as Big5).
    gold = "防控COVID疫情"
    for start in range(len(gold)):
        read = _shifted_big5(gold, start)
        if read is not None:
            run, end, _ = read
            assert lose_lead_byte(gold, start) == gold[:start] + run + gold[end:]
    assert _shifted_big5(gold, 1) == ("?婆", 3, True)


def test_a_simplified_page_is_never_read_as_big5() -> None:
    # A simplified page cannot be Big5: its run keeps the GBK reading (or none), never Big5's.
    gold = "县委召开防汛抗旱工作会议，传达学习省防汛抗旱工作会议精神，研究部署我县防汛工作。" * 2
    assert any(encoded_bytes(char, "big5") is None for char in gold)
    damaged = gold[:20] + "?e" + gold[21:]
    assert not any("Big5" in r.note for r in clean_text(damaged).repairs)


def test_the_corpus_score_counts_big5_runs_of_traditional_golds_only() -> None:
    documents = {d.name: d for d in load_corpus(CORPUS, "dev")}
    traditional, simplified = documents["01"], documents["03"]
    score = SplitScore("dev")
    score_document(traditional, score, 3, extract_offline)
    assert score.big5_runs > 0
    assert 0 < score.figures()["big5_runs_restored"] <= 1
    runs = score.big5_runs
    score_document(simplified, score, 3, extract_offline)
    assert score.big5_runs == runs
    assert garble(traditional.gold, 1, encoding="big5").text != garble(traditional.gold, 1).text


@pytest.mark.parametrize(
    ("line", "kept"),
    [("詳見www.gov.cn/art?id=5，請查閱。", "art?id=5"), ("採購型號為X?Y-2型的設備。", "X?Y-2")],
)
def test_a_question_mark_in_ascii_text_is_the_pages_own(line: str, kept: str) -> None:
    # A lost byte leaves one ASCII character at most after its ``?``, and only after Han
    # text; a page that may be Big5 (this one) changes nothing here either.
    report = clean_text(REPORT + "\n" + line)

    assert kept in report.text
    assert not [r for r in report.repairs if r.kind in (RepairKind.MOJIBAKE, RepairKind.UNRESOLVED)]


def test_a_page_of_random_marks_asks_big5_about_a_few_of_them_only(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each Big5 reading weighs ~40 characters in context: on a traditional page of random
    # `?X`, the encoding is decided on the first few marks, not by reading all of them
    # twice (the work is bounded here, not timed).
    from jiyao.cleaning import mojibake

    asked: list[int] = []
    when_decided: list[int] = []
    read, decide = mojibake._repair_big5, mojibake._big5_votes
    monkeypatch.setattr(mojibake, "_repair_big5", lambda text, at, chooser: asked.append(at) or read(text, at, chooser))
    monkeypatch.setattr(mojibake, "_big5_votes", lambda *args: when_decided.append(len(asked)) or decide(*args))
    body = REPORT.split("\n")[1].replace("，", "").replace("。", "").replace("、", "")
    letters = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    page = "".join(char + ("?" + letters[i % 24] if i % 4 == 0 else "") for i, char in enumerate(body))

    clean_text(page * 4)

    assert page.count("?") * 4 > 100
    assert when_decided == [mojibake._BIG5_ASKS]


def test_a_name_s_character_on_a_big5_page_the_bytes_leave_open_is_marked_not_guessed() -> None:
    # dev 05: 雪 of 龔雪 lost its lead byte; its trail fits ~100 characters and the text
    # model reads 風 (龔風), with less than half of the share: marked, as on a GBK page.
    gold = next(d for d in load_corpus(CORPUS, "dev") if d.name == "05").gold
    start = gold.index("副市長龔雪，") + 4
    run, end, _ = _shifted_big5(gold, start) or pytest.fail("no run")
    report = clean_text(gold[:start] + run + gold[end:])
    assert "副市長龔□，" in report.text
    [repair] = [r for r in report.repairs if r.kind is RepairKind.MOJIBAKE]
    assert repair.note == (
        "Big5 run re-decoded in phase; 1 of a name's characters the bytes leave open marked □ (likeliest: 風 0.24)"
    )


def test_a_name_gbk_leaves_open_does_not_make_a_gbk_page_big5() -> None:
    # 郭麗 lost both bytes of 郭 and the lead of 麗: GBK reads the run and marks the name
    # □□; Big5 reads 何 there. Weighed as marked, the □ priced as junk had outvoted 記
    # (read surely), and the whole page was read as Big5: 書薊, 主任何？（lì）.
    text = (
        "縣防汛抗旱工作會議召開\n6月2日下午,全縣防汛抗旱工作會議召開。縣委書??(jì)馬俊出席並講話,"
        "縣委副書記、縣長黃志剛主持。縣人大常委會主任何建平,縣政協主席羅曉東,"
        "縣紀委書記、縣監委主任???(lì)參加會議。\n"
    )
    report = clean_text(text)
    assert "縣委書記馬俊" in report.text and "主任何" not in report.text.replace("主任何建平", "")
    assert not any("Big5" in repair.note for repair in report.repairs)
