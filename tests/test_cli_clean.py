"""`jiyao clean` and the CLI's error edge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiyao.cli import app
from tests.helpers import gold_text, seed

runner = CliRunner()


def test_clean_prints_title_lines_then_paragraphs() -> None:
    result = runner.invoke(app, ["clean", str(seed("003"))])
    assert result.exit_code == 0
    assert result.stdout.rstrip("\n") == gold_text("003")


def test_clean_json_carries_repairs() -> None:
    result = runner.invoke(app, ["clean", str(seed("000")), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    kinds = {r["kind"] for r in data["repairs"]}
    assert {"mojibake", "pinyin", "punctuation", "stray_comma"} <= kinds
    assert data["text"] == gold_text("000")
    assert data["encoding"] == "utf-8"


def test_clean_converts_script() -> None:
    result = runner.invoke(app, ["clean", str(seed("003")), "--script", "simplified"])
    assert result.exit_code == 0
    assert "全市疫情防控工作会议召开" in result.stdout


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "no such file"),
        (lambda d: d, "is a directory"),
        (lambda d: _write(d / "empty.txt", b""), "empty"),
        (lambda d: _write(d / "blob.bin", b"\x89PNG\r\n\x1a\n" + bytes(64)), "binary"),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["clean", str(make(tmp_path))])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("jiyao: error:")
    assert "Traceback" not in result.stderr


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_help_explains_with_an_example() -> None:
    result = runner.invoke(app, ["clean", "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout and "--script" in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["clean", "--help"],
        ["extract", "--help"],
        ["cache", "--help"],
        ["eval", "compare", "--help"],
        ["cache", "stats"],
        ["clean", "/no/such/report.txt"],
    ],
)
def test_the_console_script_parses_one_command_as_the_whole_app_does(args: list[str]) -> None:
    # main() builds only the command it is asked for (typer builds every command's options
    # first); what the user sees must not change.
    from jiyao.cli import _app_for

    only = _app_for(args)
    assert only is not app and len(only.registered_commands) + len(only.registered_groups) == 1
    alone, whole = runner.invoke(only, args), runner.invoke(app, args)
    assert (alone.exit_code, alone.stdout, alone.stderr) == (whole.exit_code, whole.stdout, whole.stderr)


@pytest.mark.parametrize("args", [[], ["--help"], ["--version"], ["clen"], ["-h", "clean"]])
def test_anything_but_a_command_name_gets_the_whole_app(args: list[str]) -> None:
    from jiyao.cli import _app_for

    assert _app_for(args) is app


@pytest.mark.parametrize(
    ("command", "name", "says"),
    [
        ("brief", "b.pdf", ".md or .html"),  # had written Markdown into b.pdf
        ("extract", "r.csv", ".txt or .json"),
        ("clean", "c.docx", ".txt or .json"),
    ],
)
def test_an_output_named_for_a_format_jiyao_does_not_write_is_refused(
    tmp_path: Path, command: str, name: str, says: str
) -> None:
    output = tmp_path / name
    result = runner.invoke(app, [command, str(seed("000")), "-o", str(output)])
    assert result.exit_code == 2 and says in result.stderr and "-f" in result.stderr, result.stderr
    assert not output.exists()
    # With -f the name is the user's choice; an extension of no known format is too.
    assert (
        runner.invoke(
            app, [command, str(seed("000")), "-o", str(output), "-f", "json" if command != "brief" else "md"]
        ).exit_code
        == 0
    )
    assert runner.invoke(app, [command, str(seed("000")), "-o", str(tmp_path / "x.out")]).exit_code == 0
