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

from jiyao.errors import ConfigError, JiyaoError

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


class EngineChoice(enum.StrEnum):
    offline = "offline"
    llm = "llm"


def _engine(choice: EngineChoice) -> Callable[[Any], Any]:
    if choice is EngineChoice.llm:
        raise _fail(ConfigError("the llm engine is not available in this version; use --engine offline"))
    from jiyao.extraction import extract_offline

    return extract_offline


@app.command()
def extract(
    path: Annotated[Path, typer.Argument(help="A report file.")],
    engine: Annotated[EngineChoice, typer.Option(help="offline: rules, no LLM.")] = EngineChoice.offline,
    output_format: Annotated[
        TextFormat,
        typer.Option("--format", "-f", help="text: a readable readout; json: the Readout with evidence."),
    ] = TextFormat.text,
) -> None:
    """Read out who met, when, where, and what was ordered.

    Example:  jiyao extract seeds/002_1e77c7613b5a8bae.txt --format json
    """
    from jiyao.cleaning import clean_file
    from jiyao.render import readout_as_text

    run_engine = _engine(engine)
    readout = _run(lambda: run_engine(clean_file(path)))
    if output_format is TextFormat.json:
        _print_json(readout.model_dump(mode="json"))
    else:
        sys.stdout.write(readout_as_text(readout))


@app.command("eval")
def evaluate(
    engine: Annotated[EngineChoice, typer.Option(help="The engine to score.")] = EngineChoice.offline,
    labels: Annotated[Path, typer.Option(help="Hand-made labels, <name>.json.")] = Path("evals/labels"),
    documents: Annotated[Path, typer.Option(help="The reports, <name>.txt.")] = Path("seeds"),
    baseline: Annotated[
        Path | None, typer.Option(help="Compare with this baseline; exit 1 on a drop.")
    ] = None,
    tolerance: Annotated[float, typer.Option(help="How far a field may drop before it counts.")] = 0.0,
    save_baseline: Annotated[Path | None, typer.Option(help="Write this run as a baseline to FILE.")] = None,
    accept: Annotated[bool, typer.Option(help="Write this run over --baseline.")] = False,
    by_document: Annotated[bool, typer.Option("--by-document", help="Also a table per document.")] = False,
    runs_dir: Annotated[Path, typer.Option(help="Where the JSON run report goes.")] = Path("evals/runs"),
) -> None:
    """Score an engine against the hand-made labels, per field; gate on a baseline.

    Example:  jiyao eval --engine offline --baseline evals/baselines/offline.json
    """
    from jiyao.evaluation import runner
    from jiyao.render import eval_tables

    run_engine = _engine(engine)
    base = _run(lambda: runner.load_baseline(baseline)) if baseline else None
    run = _run(
        lambda: runner.run_eval(
            run_engine, engine_name=engine.value, labels_dir=labels, documents_dir=documents
        )
    )
    report_path = runner.save_run(run, runs_dir)
    deltas = runner.compare(run, base) if base else None
    eval_tables(
        run, deltas, runner.compare_documents(run, base) if base and by_document else None, by_document
    )
    for name, error in run.errors.items():
        typer.echo(f"jiyao: {name}: failed: {error}", err=True)
    typer.echo(f"run report: {report_path}", err=True)
    if save_baseline:
        runner.write_baseline(run, save_baseline)
        typer.echo(f"baseline written: {save_baseline}", err=True)
    if accept:
        if baseline is None:
            raise _fail(ConfigError("--accept needs --baseline FILE to write to"))
        runner.write_baseline(run, baseline)
        typer.echo(f"baseline accepted: {baseline}", err=True)
        return
    regressions = [d for d in deltas or [] if d.regressed(tolerance)]
    if regressions or run.errors:
        for d in regressions:
            typer.echo(f"jiyao: regression: {d.field} {d.baseline:.4f} -> {d.current:.4f}", err=True)
        raise typer.Exit(1)


def main() -> None:
    app()
