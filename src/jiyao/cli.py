"""The ``jiyao`` command line: parse, call the library, format. Nothing else lives here.

Heavy modules are imported inside the commands so that ``jiyao --help`` starts fast.
"""

from __future__ import annotations

import enum
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import typer

from jiyao.errors import JiyaoError

app = typer.Typer(
    name="jiyao",
    help=(
        "jiyao (紀要) turns garbled Chinese government meeting reports into clean text, "
        "structured readouts and English briefs.\n\n"
        "Example:  jiyao clean seeds/000_5f474b3628a23a08.txt"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

T = TypeVar("T")


class TextFormat(enum.StrEnum):
    text = "text"
    json = "json"


class ScriptChoice(enum.StrEnum):
    simplified = "simplified"
    traditional = "traditional"


def _fail(error: JiyaoError) -> typer.Exit:
    typer.echo(f"jiyao: error: {error}", err=True)
    return typer.Exit(error.exit_code)


def _run(action: Callable[[], T]) -> T:
    """Run library code, turning its errors into a one-line message and an exit code."""
    try:
        return action()
    except JiyaoError as e:
        raise _fail(e) from None


def _script(choice: ScriptChoice | None) -> Literal["simplified", "traditional"] | None:
    if choice is None:
        return None
    return "simplified" if choice is ScriptChoice.simplified else "traditional"


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _version(value: bool) -> None:
    if value:
        from jiyao import __version__

        typer.echo(f"jiyao {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """jiyao (紀要): clean, read out, translate and brief Chinese meeting reports."""


@app.command()
def clean(
    path: Annotated[Path, typer.Argument(help="A report file, in any of UTF-8, UTF-16, GBK/GB18030, Big5.")],
    output_format: Annotated[
        TextFormat,
        typer.Option(
            "--format", "-f", help="text: title lines then paragraphs; json: the report with every repair."
        ),
    ] = TextFormat.text,
    script: Annotated[
        ScriptChoice | None,
        typer.Option(help="Convert to this script (OpenCC); default keeps the document's."),
    ] = None,
) -> None:
    """Repair a scraped report: encoding, mojibake, glued pinyin, punctuation, site chrome.

    Example:  jiyao clean seeds/001_309d56c1f1ac8f22.txt --format json
    """
    from jiyao.cleaning import clean_file
    from jiyao.cleaning.export import report_to_dict

    report = _run(lambda: clean_file(path, script=_script(script)))
    if output_format is TextFormat.json:
        _print_json(report_to_dict(report))
    else:
        sys.stdout.write(report.text + "\n")


def main() -> None:
    app()
