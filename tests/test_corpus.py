"""The development corpus, its garbler and the figures `jiyao eval corpus` prints."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

from jiyao.cleaning import RepairKind, clean_text
from jiyao.cli import app
from jiyao.errors import InputError
from jiyao.evaluation.corpus import (
    SPLITS,
    CorpusLabel,
    SplitScore,
    _score_read_as_gbk,
    load_corpus,
    people_of,
    regressions,
    score_split,
    takes_a_name,
    variant_seeds,
)
from jiyao.evaluation.garble import _shifted, garble, shifted_read
from jiyao.evaluation.scoring import normalize
from jiyao.extraction import extract_offline
from jiyao.schemas import Person, Readout

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "evals" / "corpus"
DOCUMENTS = [d for split in SPLITS for d in load_corpus(CORPUS, split)]
runner = CliRunner()


def test_the_corpus_has_forty_reports_split_once_in_both_scripts() -> None:
    dev, test = load_corpus(CORPUS, "dev"), load_corpus(CORPUS, "test")
    assert len(dev) >= 20 and len(test) >= 20
    assert not {d.name for d in dev} & {d.name for d in test}
    scripts = {d.label.script for d in DOCUMENTS}
    assert scripts == {"simplified", "traditional"}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: f"{d.split}/{d.name}")
def test_labels_agree_with_their_text(document) -> None:  # type: ignore[no-untyped-def]
    label, text = document.label, normalize(document.gold)
    for person in label.attendees:
        assert normalize(person.name) in text, person.name
    assert label.chair is None or normalize(label.chair.name) in {normalize(p.name) for p in label.attendees}
    assert not {normalize(m) for m in label.mentioned} & {normalize(p.name) for p in label.attendees}


def test_the_garbler_reproduces_a_run_seen_in_the_wild() -> None:
    # Seed 003 holds `?!坝袉栴}` where the page had `。“有問題` (GBK: A1A3 A1B0 D3D0 8696 8A7D).
    assert shifted_read("。“有問題", 0) == ("?!坝袉栴}", 5)
    # A lead byte lost before a reading: 檢 is 99 7A, so its trail survives as `z`.
    assert shifted_read("檢(jiǎn)查", 0) == ("?z", 1)


def test_the_garbler_tells_runs_that_lost_only_their_lead_byte() -> None:
    # Every byte after the lost one read back: only the lead byte is missing.
    assert _shifted("。“有問題", 0) == ("?!坝袉栴}", 5, True)
    # 月 (D4 C2) then the digit 9: C2 39 is no pair. The decoder writes C2 as `?` and reads
    # the 9 as itself (Python's codec, WHATWG's gb18030 and iconv alike): C2 is lost.
    assert _shifted("10月9日,", 2) == ("??9", 4, False)
    assert b"\xc2\x39".decode("gbk", errors="replace") == "\ufffd9"
    # PHP's mbstring takes the 9 as 月's trail: one `?` for the two bytes, the 9 gone.
    assert _shifted("10月9日,", 2, "gbk-mbstring") == ("??", 4, False)
    # A run that reaches the line end out of phase: its last byte meets the line break.
    assert _shifted("見。\n", 0)[0].endswith("?")  # type: ignore[index]
    # 國 (B9 FA) then ，(A3 AC): FA A3 is unassigned, written `?` — two bytes unknown.
    assert _shifted("范振國，區政協", 2) == ("??瑓^", 5, False)
    # 健's trail A1 then 、's lead A1: the pair A1 A1 is the ideographic space, which every
    # decoder writes as itself. It had been written `?` (str.isprintable() is False for it),
    # two bytes taken for lost that no decoder loses: 覃永健、 could not be read back.
    assert b"\xa1\xa1".decode("gbk") == "\u3000"
    assert _shifted("永健、白雪松。\n", 0) == ("?澜\u3000?籽┧伞?", 7, False)
    garbled = garble(DOCUMENTS[0].gold, 11, runs=3)
    assert len(garbled.whole) == garbled.runs
    alone = garble(DOCUMENTS[0].gold, 11, runs=3, only_run=1)
    assert alone.whole == garbled.whole[1:2]


def test_the_corpus_score_splits_runs_by_what_they_lost() -> None:
    score = SplitScore("dev", runs=10, runs_restored=7, runs_whole=4, runs_whole_restored=4)
    figures = score.figures()
    assert figures["runs_restored"] == 0.7
    assert figures["runs_restored_whole"] == 1.0
    assert figures["runs_restored_partial"] == 0.5
    assert "runs_restored_whole" not in SplitScore("seeds").figures()
    assert SplitScore("dev", mbstring_runs=4, mbstring_runs_restored=3).figures()["mbstring_runs_restored"] == 0.75


def test_the_corpus_score_splits_runs_on_names_from_the_rest() -> None:
    score = SplitScore("test", runs=88, runs_restored=73, runs_on_names=24, runs_on_names_restored=14)
    figures = score.figures()
    assert figures["runs_restored_on_names"] == pytest.approx(14 / 24)
    assert figures["runs_restored_off_names"] == pytest.approx(59 / 64)
    assert "runs_restored_on_names" not in SplitScore("dev", runs=3, runs_restored=3).figures()


@pytest.mark.parametrize(
    ("taken", "on_name"),
    [
        (("副县长蒋", "丽华主", "持会议"), True),  # the run took the name's last two characters
        (("，副县长", "蒋丽", "华主持"), True),  # its first two
        (("会议由蒋丽华", "主持召开", "。"), False),  # the words after it
        (("，副縣長蔣(jiǎng)", "麗(lì)華", "主持"), True),  # a traditional page: readings glued after
        (("，副縣長蔣(jiǎ", "ng)麗華主", "持"), True),  # and one cut by the run
        (("县长", "王海涛", "出席"), True),  # someone only mentioned is a name too
    ],
)
def test_a_run_is_on_a_name_where_it_took_a_character_of_one(taken: tuple[str, str, str], on_name: bool) -> None:
    assert takes_a_name(taken, frozenset({"蒋丽华", "王海涛"})) is on_name


def test_each_garbled_run_keeps_the_text_it_took() -> None:
    gold = DOCUMENTS[0].gold
    garbled = garble(gold, 11, runs=3)
    assert len(garbled.taken) == garbled.runs
    for run, (_, taken, _) in enumerate(garbled.taken):
        assert taken and taken in garble(gold, 11, runs=0).text
        assert garble(gold, 11, runs=3, only_run=run).taken == (garbled.taken[run],)


def test_the_corpus_score_counts_people_named_but_not_present() -> None:
    readout = extract_offline(clean_text("縣委召開會議\n3日，會議傳達學習了習近平總書記重要講話精神。縣長王明出席。"))
    score = SplitScore("dev")
    score.add_reading(readout, None, None, [Person(name="王明")], "probe", mentioned=["習近平", "孫強"])
    assert (score.mentioned_tp, score.mentioned_fp, score.mentioned_fn) == (1, 0, 1)
    assert score.figures()["mentioned_f1"] == pytest.approx(2 / 3)
    assert any("mentioned" in miss and "孙强" in miss for miss in score.misses)
    # Seeds have no such label: not scored.
    unlabelled = SplitScore("seeds")
    unlabelled.add_reading(readout, None, None, [Person(name="王明")], "seed")
    assert "mentioned_f1" not in unlabelled.figures()


def test_the_corpus_score_counts_titles_right_and_given_in_english() -> None:
    readout = extract_offline(clean_text("縣召開會議\n3日，縣委書記王明主持會議，縣委常委李強、王紅，張偉出席。"))
    labelled = [Person(name="王明", title="縣委書記"), Person(name="李強", title="縣委常委"), Person(name="張偉")]
    score = SplitScore("dev")
    score.add_reading(readout, None, None, labelled, "probe")
    # 王紅 is not in the label; 張偉 has no title, as labelled. 李強's English is composed
    # from the title's parts, not listed in the glossary.
    assert (score.titles_found, score.titles_right) == (3, 3)
    assert (score.titles, score.titles_english) == (3, 3)
    assert score.figures()["titles"] == score.figures()["titles_english"] == 1.0
    assert "titles" not in SplitScore("seeds").figures()


def test_the_corpus_score_counts_wrong_names_flagged_and_false_alarms() -> None:
    readout = Readout(
        attendees=[Person(name="王明"), Person(name="李強"), Person(name="趙聽見"), Person(name="錢二")],
        notes=[
            "check the source: name 李強 was read from damaged bytes (confidence 0.90)",
            "check the source: name 趙聽見 was read from damaged bytes (confidence 0.55)",
        ],
    )
    labelled = [Person(name="王明"), Person(name="李強"), Person(name="趙鐵軍")]
    score = SplitScore("dev")
    score.add_reading(readout, None, None, labelled, "probe")
    # Wrong: 趙聽見 (flagged) and 錢二 (not); right: 王明 (not flagged) and 李強 (flagged).
    assert (score.names_wrong, score.names_wrong_flagged, score.names_right, score.names_right_flagged) == (2, 1, 2, 1)
    assert score.figures()["names_wrong_flagged"] == score.figures()["names_right_flagged"] == 0.5


def test_garbling_is_deterministic_and_a_run_can_be_applied_alone() -> None:
    gold = DOCUMENTS[0].gold
    assert garble(gold, 7) == garble(gold, 7)
    full = garble(gold, 7, runs=2)
    assert full.runs == 2
    assert garble(gold, 7, runs=2, only_run=-1).runs == 0
    assert garble(gold, 7, runs=2, only_run=1).runs == 1


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda d: f"{d.split}/{d.name}")
def test_cleaning_gives_the_gold_back_without_byte_loss_and_is_idempotent(document) -> None:  # type: ignore[no-untyped-def]
    gold = document.gold
    assert clean_text(gold).text == gold
    assert not clean_text(gold).repairs  # nothing invented on clean text
    for seed in range(4):
        cleaned = clean_text(garble(gold, seed, only_run=-1).text).text
        assert cleaned == gold
        with_runs = clean_text(garble(gold, seed, runs=3).text).text
        assert clean_text(with_runs).text == with_runs


def test_a_repair_never_invents_text_next_to_question_marks_the_page_wrote() -> None:
    report = clean_text("縣委書記主持會議。\n???縣長出席會議。\n他問：是否到位?會議要求?\n")
    assert not [r for r in report.repairs if r.kind in (RepairKind.MOJIBAKE, RepairKind.LOST_CHARACTER)]
    # Nor flags them as lost characters: 是否到位□會議要求 had been.
    assert "是否到位？會議要求？" in report.text


@pytest.mark.parametrize(
    ("name", "variant", "run", "phrase"),
    [("43", 2, 1, "区委副书记、区长傅"), ("03", 0, 2, "排查整治")],
)
def test_the_text_model_knows_the_genres_words(name: str, variant: int, run: int, phrase: str) -> None:
    # jieba lacks 副书记 and 排查整治: the decoder read 区委员书记 and 排查政治 (dev runs).
    document = next(d for d in load_corpus(CORPUS, "dev") if d.name == name)
    seed = list(variant_seeds(document, 3))[variant]
    assert phrase in clean_text(garble(document.gold, seed, only_run=run).text).text


def test_the_lead_byte_before_a_reading_is_restored_from_trail_and_reading() -> None:
    trail = chr("縣".encode("gbk")[1])  # an ASCII-range trail byte: `h`
    report = clean_text(f"全?{trail}(xiàn)召開會議。\n")
    assert report.text == "全縣召開會議。"


def test_the_scores_count_what_they_say(tmp_path: Path) -> None:
    split = tmp_path / "dev"
    split.mkdir()
    text = "縣委召開常委會\n3月2日，縣委書記王明主持召開會議。縣長李強，副縣長張華出席會議。\n"
    (split / "a.txt").write_text(text, encoding="utf-8")
    label = {
        "script": "traditional",
        "date": "--03-02",
        "chair": {"name": "王明", "title": "縣委書記"},
        "attendees": [{"name": n, "title": None} for n in ("王明", "李強", "張華", "趙六")],
    }
    (split / "a.json").write_text(json.dumps(label, ensure_ascii=False), encoding="utf-8")
    # A fixed reader, so that only the counting is under test.
    found = Readout(
        date="--03-02",
        chair=Person(name="王明"),
        attendees=[Person(name=n) for n in ("王明", "李強", "錢七")],
    )
    score = score_split(tmp_path, "dev", variants=2, read=lambda report: found)
    figures = score.figures()
    assert score.documents == 1 and score.variants == 2
    assert figures["chair"] == 1.0 and figures["date"] == 1.0
    # Per variant: 王明 and 李強 right, 錢七 extra, 張華 and 趙六 missed.
    assert (score.attendees_tp, score.attendees_fp, score.attendees_fn) == (4, 2, 4)
    assert figures["attendees_precision"] == pytest.approx(4 / 6)
    assert figures["attendees_recall"] == pytest.approx(4 / 8)
    assert len(score.misses) == 2 and "extra [钱七]" in score.misses[0]


def test_the_corpus_scores_a_page_read_as_gbk_by_its_names_silently_wrong() -> None:
    # A name marked □ is no silent error; one read wrong is; a page refused is all wrong.
    cleaned, page = "副縣長閻紅、殷志遠出席", "副縣長閻紅、殷志遠出席"
    readings = iter(["副縣長閻□、海志遠出席", None])

    def clean(text: str) -> SimpleNamespace:
        assert text != page  # the page as GBK read its UTF-8 bytes
        reading = next(readings)
        if reading is None:
            raise InputError("refused")
        return SimpleNamespace(text=reading)

    score = SplitScore("dev")
    _score_read_as_gbk(cleaned, page, frozenset({"閻紅", "殷志遠", "趙六"}), score, clean)  # type: ignore[arg-type]
    assert score.read_as_gbk_cer == [pytest.approx(2 / 11), 1.0]
    assert (score.read_as_gbk_names, score.read_as_gbk_names_silent) == (4, 3)
    figures = score.figures()
    assert figures["read_as_gbk_names_silent"] == 0.75
    assert figures["read_as_gbk_cer_mean"] == pytest.approx((2 / 11 + 1) / 2)
    assert "read_as_gbk_cer_mean" not in SplitScore("seeds").figures()


def test_regressions_know_which_way_is_better() -> None:
    base = {"test": {"cer_mean": 0.004, "chair": 0.9}}
    assert regressions({"test": {"cer_mean": 0.003, "chair": 0.95}}, base, 0.0) == []
    silent = {"test": {"read_as_gbk_names_silent": 0.05}}
    assert regressions({"test": {"read_as_gbk_names_silent": 0.06}}, silent, 0.0) != []
    assert regressions({"test": {"cer_mean": 0.005, "chair": 0.9}}, base, 0.0) == ["test cer_mean: 0.0040 -> 0.0050"]
    assert regressions({"test": {"cer_mean": 0.004, "chair": 0.85}}, base, 0.0) == ["test chair: 0.9000 -> 0.8500"]


def test_eval_corpus_prints_each_split_and_gates_on_a_baseline(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(ROOT)
    result = runner.invoke(app, ["eval", "corpus", "--split", "dev", "--variants", "1"])
    assert result.exit_code == 0, result.output
    assert "dev" in result.output and "chair correct" in result.output
    better = tmp_path / "better.json"
    better.write_text(json.dumps({"dev": {"chair": 1.01}}), encoding="utf-8")
    result = runner.invoke(app, ["eval", "corpus", "--split", "dev", "--variants", "1", "--baseline", str(better)])
    assert result.exit_code == 1
    assert "regression: dev chair" in result.stderr
    result = runner.invoke(app, ["eval", "corpus", "--split", "nope"])
    assert result.exit_code == 2 and "unknown split" in result.stderr


def test_damaged_bytes_left_as_received_are_flagged_in_the_report_and_the_brief() -> None:
    from jiyao.briefing import render_brief
    from jiyao.extraction import extract_offline

    # 10月9日 lost 月's lead byte; its trail went with the digit 9: nothing can bring 9 back.
    report = clean_text("全區推進會召開\n10?日,全區生態環境保護督察整改工作推進會召開。\n")
    assert "10□日" in report.text  # marked lost, not guessed
    flagged = [r for r in report.repairs if r.kind == RepairKind.UNRESOLVED]
    assert [(r.raw, r.replacement, r.confidence) for r in flagged] == [("?日", "□日", 0.0)]
    brief = render_brief(report, extract_offline(report), None, "md")
    note = "Damaged bytes left as received, lost characters marked □ (no reading of them was clearly better)"
    assert f"{note}: □日 (¶2)\n\n## Report" in brief


def test_with_the_people_known_more_runs_are_restored_and_none_invented(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    # Dev's runs inside names are the decoder's largest loss; the people its labels name,
    # given as a user's --names list, read them back where the bytes left fit.
    monkeypatch.chdir(ROOT)
    plain = score_split(ROOT / "evals" / "corpus", "dev", variants=1)
    known = score_split(ROOT / "evals" / "corpus", "dev", variants=1, names_known=True)
    assert known.runs == plain.runs
    assert known.runs_restored > plain.runs_restored
    assert known.invented == plain.invented == 0
    assert known.cer_mean < plain.cer_mean
    result = runner.invoke(app, ["eval", "corpus", "--names-known", "--baseline", "evals/baselines/corpus.json"])
    assert result.exit_code == 2 and "against no baseline" in result.stderr


def test_the_people_known_are_everyone_a_label_names() -> None:
    label = CorpusLabel(
        script="simplified",
        date=None,
        chair=Person(name="王明"),
        attendees=[Person(name="王明"), Person(name="李强")],
        mentioned=["张华"],
    )
    assert people_of(label) == {"王明", "李强", "张华"}
