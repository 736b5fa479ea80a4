"""Hostile text: runs of `?` in linear time and never turned into invented text;
markup in a report stays inert in every HTML brief; the time budget stops long work."""

from __future__ import annotations

import time

import pytest
from typer.testing import CliRunner

from jiyao import deadline
from jiyao.briefing import render_brief
from jiyao.cleaning import clean_text
from jiyao.cli import app
from jiyao.errors import TimeBudgetError
from jiyao.extraction import extract_offline
from jiyao.schemas import Person
from tests.helpers import runs_read_out_of_phase

runner = CliRunner()


def _best_of(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    """The shortest of ``runs`` timings: a busy machine's pauses lengthen one, not all (a
    small page's milliseconds, the ratio's divisor, most of all)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def _seconds(text: str, runs: int = 1) -> float:
    return _best_of(runs, lambda: clean_text(text))


def test_a_long_run_of_question_marks_cleans_in_near_linear_time() -> None:
    # Before: quadratic (384 marks took 35 s). Ratios, not absolute times: 10x the marks,
    # at most ~25x the time (linear plus noise), and 100k marks well within seconds.
    small, large = _seconds("會議" + "?" * 10_000 + "。", runs=3), _seconds("會議" + "?" * 100_000 + "。")
    assert large < 10 * 2.5 * max(small, 0.01)
    assert large < 5.0


@pytest.mark.parametrize("pattern", ["?字", "字?", "?!", "?a"])
def test_alternating_marks_stay_near_linear(pattern: str) -> None:
    small, large = _seconds(pattern * 2_000, runs=3), _seconds(pattern * 20_000)
    assert large < 10 * 3 * max(small, 0.01)


def test_marks_read_as_lone_trails_stay_near_linear() -> None:
    # Each `?X` reads as a character that lost its lead byte; the marks left unread were
    # each checked against every repair made (quadratic: 250 k characters took 105 s).
    _seconds("县?a长?b王?c" * 10)  # the tables load once: not in the small page's time
    small, large = _seconds("县?a长?b王?c" * 1_500, runs=3), _seconds("县?a长?b王?c" * 15_000)
    assert large < 10 * 3 * max(small, 0.01)


# The last: each sentence that says who joined at a sub-venue is blanked for the place
# (a pattern that looked for the sentence first took 20 s on 60,000 characters of one line).
# (…and a county that convenes with no chair's title, 某某县委召开…: each holding a pass over the
# whole text, quadratic: 19 k characters 2 s.)
@pytest.mark.parametrize("line", ["副县长□王与", "县長□李和", "乙市副市长王明在分会场参加", "某某县委召开会议，"])
def test_a_readout_of_one_long_line_of_names_stays_near_linear(line: str) -> None:
    # A page of one line: each 与 or 和 joined ever longer items, each asked whether it ends
    # in a title, and each □ looked back to the clause's start (quadratic: 20 k characters 0.76 s).
    def seconds(n: int, runs: int = 1) -> float:
        report = clean_text(line * n + "出席会议。")
        return _best_of(runs, lambda: extract_offline(report))

    seconds(10)  # the tables load once: not in the small page's time
    small, large = seconds(1_000, runs=3), seconds(10_000)
    assert large < 10 * 3 * max(small, 0.01)


def test_a_long_line_of_names_with_bracketed_titles_stays_near_linear() -> None:
    # 出席：李强（副县长）李强（副县长）…: each bracket looked back to the line's start for its
    # item (quadratic: 280 k characters 9.2 s, against 0.23 s for 28 k).
    def seconds(n: int, runs: int = 1) -> float:
        report = clean_text("会议召开\n出席：" + "李强（副县长）" * n + "\n会议研究了工作。")
        return _best_of(runs, lambda: extract_offline(report))

    seconds(10)  # the tables load once: not in the small page's time
    small, large = seconds(4_000, runs=3), seconds(40_000)
    assert large < 10 * 3 * max(small, 0.01)


def test_a_json_array_nested_past_the_parsers_depth_is_text_not_a_crash() -> None:
    # Before: RecursionError from the JSON parser, exit 70 ("internal error").
    for raw in ("[" * 50_000 + "]" * 50_000, '{"a":' * 20_000 + '"会议"' + "}" * 20_000):
        assert clean_text(raw).text.startswith(raw[:10])
    result = runner.invoke(app, ["clean", "-"], input="[" * 50_000 + "]" * 50_000)
    assert result.exit_code == 0 and "internal error" not in result.stderr


@pytest.mark.parametrize(
    "raw",
    [
        "??????",
        "第一段。\n???縣級幹部參加。",
        "第一段。\n  ??縣級幹部參加。",
        "會議?????????結束",
        "\ufffd\ufffd\ufffd縣",
    ],
)
def test_bare_runs_of_marks_are_never_repaired(raw: str) -> None:
    report = clean_text(raw)
    assert not [r for r in report.repairs if r.kind in ("mojibake", "lost_character", "phantom")]
    assert "浚" not in report.text and "。縣" not in report.text


def test_the_seed_run_after_a_character_is_still_repaired() -> None:
    assert "底線。縣級" in clean_text("防止隱匿傳播的底線(xiàn)??h級黨政主要領導").text


def test_time_budget_stops_the_decoder() -> None:
    hostile = runs_read_out_of_phase(400_000)
    with pytest.raises(TimeBudgetError, match="time budget"), deadline.time_budget(0.05):
        clean_text(hostile)


def _slow(seconds: float, real):  # type: ignore[no-untyped-def]
    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        time.sleep(seconds)
        return real(*args, **kwargs)

    return slow


def test_time_budget_stops_cleaning_between_its_passes(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only the decoder looked at the budget: a long report with no lost bytes (a pass of it
    # taking seconds) ran past its budget to the end (2 MB: 7.2 s against --timeout 3).
    from jiyao.cleaning import passes

    monkeypatch.setattr(passes, "stray_commas", _slow(0.2, passes.stray_commas))
    # Long enough to be looked at between passes (a short report's passes take microseconds).
    with pytest.raises(TimeBudgetError, match="time budget"), deadline.time_budget(0.1):
        clean_text("縣委召開常委會會議，研究部署安全生產工作。" * 1000)


@pytest.mark.parametrize(
    ("where", "stage"), [("jiyao.extraction.meetings", "find_meetings"), ("jiyao.extraction", "find_slogans")]
)
def test_time_budget_stops_the_readout_between_its_passes(
    where: str, stage: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    from jiyao.extraction import extract_offline

    module = importlib.import_module(where)  # where the readout looks the stage up
    report = clean_text("縣委召開常委會會議\n縣委書記王明主持會議，研究部署安全生產工作。")
    monkeypatch.setattr(module, stage, _slow(0.2, getattr(module, stage)))
    with pytest.raises(TimeBudgetError, match="time budget"), deadline.time_budget(0.1):
        extract_offline(report)


def test_time_budget_stops_the_readout_between_sentences(monkeypatch: pytest.MonkeyPatch) -> None:
    from jiyao.extraction import people

    report = clean_text("縣委召開常委會會議\n" + "縣委書記王明主持會議，研究部署安全生產工作。" * 20)
    monkeypatch.setattr(people, "group_mentions", _slow(0.02, people.group_mentions))
    with pytest.raises(TimeBudgetError, match="time budget"), deadline.time_budget(0.1):
        people.find_people(report.text, 0)


def test_time_budget_reaches_the_cli(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "hostile.txt"
    path.write_text(runs_read_out_of_phase(400_000), encoding="utf-8")
    result = runner.invoke(app, ["clean", str(path), "--timeout", "0.05"])
    assert result.exit_code == 6
    assert "time budget" in result.stderr


PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "</style><script>alert(2)</script>",
]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_markup_in_every_field_is_inert_in_the_html_brief(payload: str) -> None:
    report = clean_text(f"{payload}\n11月1日，市委書記王立主持會議{payload}。\n要做好防控{payload}。")
    readout = extract_offline(report)
    poisoned = readout.model_copy(
        update={
            "title_en": payload,
            "summary_en": payload,
            "summary_zh": payload,
            "meeting": payload,
            "location": payload,
            "chair": Person(name=payload, title=payload, name_en=payload, title_en=payload),
            "slogans": [payload],
            "notes": [payload],
        }
    )
    html = render_brief(report, poisoned, None, "html", source=payload)
    assert "<script>" not in html and "<img" not in html and "</style><" not in html
    assert 'href="javascript:' not in html
    assert "&lt;" in html or "javascript:alert" in html  # shown as text, not dropped
    assert "Content-Security-Policy" in html and "default-src 'none'" in html


def test_markup_through_the_cli_brief(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # One tag in a text is text: shown, escaped.
    path = tmp_path / "x.txt"
    path.write_text("會議<script>alert(1)\n", encoding="utf-8")
    result = runner.invoke(app, ["brief", str(path), "-f", "html"])
    assert result.exit_code == 0
    assert "<script>" not in result.stdout and "&lt;script&gt;alert(1)" in result.stdout
    # Two make a page's source: read as the page shows it, the script is no text at all.
    path.write_text("會議<script>alert(1)</script>\n", encoding="utf-8")
    result = runner.invoke(app, ["brief", str(path), "-f", "html"])
    assert result.exit_code == 0
    assert "<script>" not in result.stdout and "alert(1)" not in result.stdout and "會議" in result.stdout
