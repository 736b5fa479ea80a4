"""Eval results a person can act on: counts, expected vs got, reports, and run comparison."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from jiyao.cli import app
from jiyao.evaluation.report import compare_runs, load_run, run_report

runner = CliRunner()


def _run(tmp_path: Path, name: str, labels: Path | None = None) -> Path:
    runs = tmp_path / name
    args = ["eval", "--runs-dir", str(runs)] + (["--labels", str(labels)] if labels else [])
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.stderr
    (path,) = runs.glob("*.json")
    return path


def _edited_labels(tmp_path: Path) -> Path:
    """The labels with one attendee of seed 002 renamed: the offline engine's answer is now 'wrong'."""
    from tests.helpers import ROOT

    labels = tmp_path / "labels"
    labels.mkdir()
    for path in (ROOT / "evals" / "labels").glob("*.json"):
        (labels / path.name).write_bytes(path.read_bytes())
    target = labels / "002_1e77c7613b5a8bae.json"
    data = json.loads(target.read_text(encoding="utf-8"))
    data["attendees"][5]["name"] = "錢某某"
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return labels


def test_the_run_report_counts_and_names_what_was_missed(tmp_path: Path) -> None:
    run = load_run(_run(tmp_path, "a", _edited_labels(tmp_path)))
    cell = run.documents["002_1e77c7613b5a8bae"]["attendees"]
    assert (cell.tp, cell.fp, cell.fn) == (21, 1, 1)
    assert cell.missed == ["钱某某"] and cell.extra == ["汪伟"]  # normalized (simplified) as scored
    assert run.fields["attendees"].fn == 1


def test_compare_shows_every_changed_item_and_warns_on_different_runs(tmp_path: Path) -> None:
    good = _run(tmp_path, "a")
    bad = _run(tmp_path, "b", _edited_labels(tmp_path))
    result = runner.invoke(app, ["eval", "compare", str(good), str(bad)])
    assert result.exit_code == 0
    assert "002_1e77c7613b5a8bae · attendees: 1.000 → 0.955" in result.stdout
    assert "broken: missed 钱某某" in result.stdout and "broken: extra 汪伟" in result.stdout
    data = json.loads(bad.read_text(encoding="utf-8"))
    data["model"] = "other-model"
    other = tmp_path / "other.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    warned = compare_runs(load_run(good), load_run(other))
    assert any("models differ" in w for w in warned.warnings)


def test_a_broken_run_report_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.json"
    bad.write_text('{"engine": "offline"}', encoding="utf-8")
    result = runner.invoke(app, ["eval", "compare", str(bad), str(bad)])
    assert result.exit_code == 2 and "not a jiyao run report" in result.stderr


def test_html_and_markdown_reports_hold_the_matrix_and_stay_inert(tmp_path: Path) -> None:
    path = _run(tmp_path, "a", _edited_labels(tmp_path))
    data = json.loads(path.read_text(encoding="utf-8"))
    data["documents"]["002_1e77c7613b5a8bae"]["attendees"]["missed"] = ["<script>alert(1)</script>"]
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    run = load_run(path)
    html = run_report(run, "html")
    assert "<script>" not in html and "&lt;script&gt;" in html and "Content-Security-Policy" in html
    assert html.count("<tr>") >= len(run.fields) + len(run.documents)
    md = run_report(run, "md")
    assert "| document |" in md and "missed: &lt;script>" in md


def test_every_table_of_fields_says_how_its_columns_are_counted(tmp_path: Path) -> None:
    # `time_of_day 0.400` beside TP 0, FP 0 had read as a contradiction: P/R/F1 are means
    # over the documents (a field empty in both counts 1.0), TP/FP/FN sums of items.
    from jiyao.evaluation.scoring import HOW_TO_READ

    result = runner.invoke(app, ["eval", "--runs-dir", str(tmp_path / "r")])
    assert result.exit_code == 0 and HOW_TO_READ in " ".join(result.stdout.split())  # wrapped to the table
    run = load_run(next((tmp_path / "r").glob("*.json")))
    assert HOW_TO_READ in run_report(run, "md") and HOW_TO_READ in run_report(run, "html")
    assert "empty counts 1.0" in HOW_TO_READ and "summed" in HOW_TO_READ


def test_eval_writes_the_report_it_is_asked_for(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "--runs-dir", str(tmp_path / "r"), "--report", str(tmp_path / "e.html")])
    assert result.exit_code == 0 and (tmp_path / "e.html").read_text(encoding="utf-8").rstrip().endswith("</html>")


def test_eval_outside_a_checkout_says_what_to_give(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["eval"])
    assert result.exit_code == 2 and "--labels" in result.stderr
