"""`jiyao eval` as a regression gate, and `jiyao extract`."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiyao.cli import app
from tests.helpers import ROOT, seed

runner = CliRunner()
LABELS = ROOT / "evals" / "labels"
BASELINE = ROOT / "evals" / "baselines" / "offline.json"


def _eval(tmp_path: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(
        app,
        [
            "eval",
            "--labels",
            str(LABELS),
            "--documents",
            str(ROOT / "seeds"),
            "--runs-dir",
            str(tmp_path / "runs"),
            *args,
        ],
    )


def test_committed_baseline_passes_and_writes_a_run_report(tmp_path: Path) -> None:
    result = _eval(tmp_path, "--baseline", str(BASELINE))
    assert result.exit_code == 0, result.output
    (report,) = (tmp_path / "runs").glob("*-offline.json")
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["engine"] == "offline" and set(data["documents"]) == {p.stem for p in LABELS.glob("*.json")}
    assert data["fields"]["attendees"]["f1"] >= 0.95
    assert data["started"] and data["finished"]


def test_a_drop_against_the_baseline_fails_with_exit_1(tmp_path: Path) -> None:
    better = json.loads(BASELINE.read_text(encoding="utf-8"))
    better["fields"]["slogans"] = 1.0  # pretend the last accepted run was perfect on slogans
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps(better), encoding="utf-8")
    result = _eval(tmp_path, "--baseline", str(path))
    assert result.exit_code == 1
    assert "regression: slogans" in result.stderr
    assert "regression: attendees" not in result.stderr
    # Within tolerance it passes.
    assert _eval(tmp_path, "--baseline", str(path), "--tolerance", "0.2").exit_code == 0


def test_accept_writes_the_new_baseline(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text(json.dumps({"fields": {"slogans": 1.0}}), encoding="utf-8")
    assert _eval(tmp_path, "--baseline", str(path), "--accept").exit_code == 0
    assert json.loads(path.read_text(encoding="utf-8"))["fields"]["slogans"] < 1.0
    assert _eval(tmp_path, "--baseline", str(path)).exit_code == 0


def test_by_document_prints_a_table_per_document(tmp_path: Path) -> None:
    result = _eval(tmp_path, "--baseline", str(BASELINE), "--by-document")
    assert result.exit_code == 0
    for label in LABELS.glob("*.json"):
        assert label.stem in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "cannot read label"),
        ('{"date": "28 Nov"}', "invalid label at date"),
        ('{"summary_en": "x"}', "not labeled by hand"),
        ('{"attendees": [{"nmae": "王立"}]}', "invalid label at attendees"),
    ],
)
def test_a_bad_label_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    labels = tmp_path / "labels"
    shutil.copytree(LABELS, labels)
    next(labels.glob("*.json")).write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["eval", "--labels", str(labels), "--runs-dir", str(tmp_path / "runs")])
    assert result.exit_code == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_a_missing_baseline_is_a_clear_error(tmp_path: Path) -> None:
    result = _eval(tmp_path, "--baseline", str(tmp_path / "nope.json"))
    assert result.exit_code == 2 and "baseline file not found" in result.stderr


def test_extract_json_is_a_valid_readout() -> None:
    from jiyao.schemas import Readout

    result = runner.invoke(app, ["extract", str(seed("002")), "--format", "json"])
    assert result.exit_code == 0
    readout = Readout.model_validate_json(result.stdout)
    assert readout.chair is not None and readout.chair.name == "馬澤江"
    assert "王立" in {p.name for p in readout.speakers}


def test_extract_text_is_readable() -> None:
    result = runner.invoke(app, ["extract", str(seed("004"))])
    assert result.exit_code == 0
    assert "Guangxi Zhuang Autonomous Region" in result.stdout and "Liu Ning" in result.stdout
    other = runner.invoke(app, ["extract", str(seed("002"))])
    meeting = "Meeting:   全市疫情防控視頻會議 (city-wide epidemic prevention and control video meeting) [video]"
    assert meeting in other.stdout
    assert "  1. (王立) 動態清零要常態化" in other.stdout and "  17. (馬澤江) 要千方百計防住疫情" in other.stdout
    # A format the report does not state is not printed as "[unknown]".
    unstated = runner.invoke(app, ["extract", str(seed("001"))])
    assert "Meeting:   " in unstated.stdout and "[unknown]" not in unstated.stdout


def test_long_evals_show_a_bar_on_a_terminal_and_nothing_in_a_log() -> None:
    import io
    import re

    from rich.console import Console

    from jiyao.cli.common import progress

    terminal = io.StringIO()
    with progress("documents", 2, Console(file=terminal, force_terminal=True, width=100)) as advance:
        advance("000")
        advance("001")
    shown = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", terminal.getvalue())
    assert "documents" in shown and "2/2 001" in shown
    log = io.StringIO()
    with progress("documents", 1, Console(file=log, force_terminal=False)) as advance:
        advance("000")
    assert log.getvalue() == ""


def test_a_failing_document_still_counts_as_done() -> None:
    from jiyao.errors import OutputError
    from jiyao.evaluation.runner import run_eval

    def engine(report):  # type: ignore[no-untyped-def]
        raise OutputError("no valid output", provider="x", model="m", attempts=1, unit="readout")

    done: list[str] = []
    run = run_eval(engine, engine_name="t", labels_dir=ROOT / "evals" / "labels", documents_dir=ROOT / "seeds",
                   on_document=done.append)  # fmt: skip
    assert len(done) == 5 and len(run.errors) == 5
