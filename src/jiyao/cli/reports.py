"""The per-report commands: clean, extract, summarize, translate, brief."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal

import typer

from jiyao.cli import common
from jiyao.cli.common import (
    AllowUnknownPrice,
    BaseUrl,
    DryRun,
    Engine,
    EngineChoice,
    KeepUngrounded,
    MaxCost,
    Model,
    NoCache,
    Output,
    ReportPath,
    Timeout,
    Verbose,
)

if TYPE_CHECKING:
    from jiyao.cleaning import CleanReport
    from jiyao.pipeline.engine import LLMEngine


class ScriptChoice(enum.StrEnum):
    simplified = "simplified"
    traditional = "traditional"


class TextFormat(enum.StrEnum):
    text = "text"
    json = "json"


class DocFormat(enum.StrEnum):
    md = "md"
    json = "json"


class BriefFormat(enum.StrEnum):
    md = "md"
    html = "html"


TEXT_FORMATS = ("text", "json")
DOC_FORMATS = ("md", "json")
BRIEF_FORMATS = ("md", "html")
_FROM_EXTENSION = " Default: from the -o extension, else the first."
TextFormatOpt = Annotated[
    TextFormat | None, typer.Option("--format", "-f", help="text: readable; json: with evidence." + _FROM_EXTENSION)
]
DocFormatOpt = Annotated[
    DocFormat | None,
    typer.Option(
        "--format", "-f", help="md: the English text; json: source and target per paragraph." + _FROM_EXTENSION
    ),
]
BriefFormatOpt = Annotated[
    BriefFormat | None,
    typer.Option("--format", "-f", help="md (renders on GitHub) or html (one self-contained file)." + _FROM_EXTENSION),
]


def _dry_run(engine: LLMEngine | None, report: CleanReport, tasks: tuple[str, ...]) -> None:
    from jiyao.pipeline import plan

    if engine is None:
        typer.echo("dry run: the offline engine makes no calls.")
        return
    calls = common.run(lambda: plan(report, engine, tasks))
    typer.echo(f"dry run: {len(calls)} calls to {engine.model} at {engine.backend.endpoint.base_url}")
    for c in calls:
        typer.echo(
            f"  {c.task:9s} {c.unit:12s} prompt {c.prompt_tokens:6d} tokens, "
            f"expected output {c.expected_output_tokens:6d}"
        )
    common.plan_totals(engine, calls)


def register(app: typer.Typer) -> None:
    @app.command()
    def clean(
        path: ReportPath,
        output: Output = None,
        output_format: TextFormatOpt = None,
        script: Annotated[
            ScriptChoice | None, typer.Option(help="Convert to this script (OpenCC); default keeps the document's.")
        ] = None,
        names: common.Names = None,
        timeout: Timeout = None,
    ) -> None:
        """Repair a scraped report: encoding, mojibake, glued pinyin, punctuation, site chrome.

        A page saved as its HTML source, a Word document (.docx) and a PDF are read as
        the text they show. The page's publication date, if it prints one, is kept in the
        JSON's byline.

        Example:  jiyao clean seeds/001_309d56c1f1ac8f22.txt -f json
        """
        from jiyao.cleaning.export import report_to_dict

        fmt = common.format_from(output, output_format and output_format.value, ("text", "json"), "text")
        common.check_output(output, path)
        settings = common.settings(timeout=timeout)
        with common.budget(settings, common.report_name(path)):
            report = common.read_report(
                path, script=script.value if script else None, names=names or settings.names_path
            )
        if fmt == "json":
            text = json.dumps(report_to_dict(report), ensure_ascii=False, indent=2) + "\n"
        else:
            text = report.text + "\n"
        common.write_output(text, output)

    def _readout(
        path: Path,
        output: Path | None,
        fmt: str,
        choice: EngineChoice,
        keep_ungrounded: bool,
        dry_run: bool,
        options: dict[str, Any],
    ) -> None:
        from jiyao.pipeline import readout
        from jiyao.render import readout_as_text

        common.check_output(output, path)
        settings = common.settings(options["base_url"], options["model"], options["no_cache"], options["timeout"])
        llm = common.engine(
            settings, choice, max_cost=options["max_cost"], allow_unknown_price=options["allow_unknown_price"]
        )
        with common.budget(settings, common.report_name(path)):
            report = common.read_report(path, names=options["names"] or settings.names_path)
            if dry_run:
                _dry_run(llm, report, ("readout",))
                return
            result = common.run(
                lambda: readout(report, llm, keep_ungrounded=keep_ungrounded, name=common.report_name(path))
            )
        common.report_usage(llm)
        text = result.model_dump_json(indent=2) + "\n" if fmt == "json" else readout_as_text(result)
        common.write_output(text, output)
        common.report_partial([n.removeprefix("failed: ") for n in result.notes if n.startswith("failed: ")])

    def readout_command(
        path: ReportPath,
        output: Output = None,
        output_format: TextFormatOpt = None,
        engine: Engine = EngineChoice.auto,
        model: Model = None,
        base_url: BaseUrl = None,
        no_cache: NoCache = False,
        keep_ungrounded: KeepUngrounded = False,
        dry_run: DryRun = False,
        max_cost: MaxCost = None,
        allow_unknown_price: AllowUnknownPrice = False,
        names: common.Names = None,
        timeout: Timeout = None,
        verbose: Verbose = False,
    ) -> None:
        common.setup_logging(verbose)
        fmt = common.format_from(output, output_format and output_format.value, TEXT_FORMATS, "text")
        _readout(path, output, fmt, engine, keep_ungrounded, dry_run, locals())

    # One command under two names: users of earlier versions know both.
    app.command(
        "extract",
        help="Read out who met, when, where, and what was ordered; with an LLM, also the summaries.\n\n"
        "Example:  jiyao extract seeds/002_1e77c7613b5a8bae.txt --engine offline -f json",
    )(readout_command)
    app.command(
        "summarize",
        help="The readout with summaries in English and Chinese (LLM; offline without one: a templated one).\n\n"
        "Example:  jiyao summarize seeds/003_9eb5c255221f770b.txt -f json",
    )(readout_command)

    @app.command()
    def translate(
        path: ReportPath,
        output: Output = None,
        output_format: DocFormatOpt = None,
        model: Model = None,
        base_url: BaseUrl = None,
        no_cache: NoCache = False,
        dry_run: DryRun = False,
        max_cost: MaxCost = None,
        allow_unknown_price: AllowUnknownPrice = False,
        names: common.Names = None,
        timeout: Timeout = None,
        verbose: Verbose = False,
    ) -> None:
        """A faithful, paragraph-aligned English translation (needs an LLM endpoint).

        Example:  jiyao translate seeds/004_c01af78e01a62579.txt -o 004.en.md
        """
        from jiyao.pipeline import translate as run_translation

        common.setup_logging(verbose)
        fmt = common.format_from(output, output_format and output_format.value, DOC_FORMATS, "md")
        common.check_output(output, path)
        settings = common.settings(base_url, model, no_cache, timeout)
        llm = common.engine(settings, EngineChoice.llm, max_cost=max_cost, allow_unknown_price=allow_unknown_price)
        assert llm is not None
        name = common.report_name(path)
        with common.budget(settings, name):
            report = common.read_report(path, names=names or settings.names_path)
            if dry_run:
                _dry_run(llm, report, ("translate",))
                return
            result = common.run(lambda: run_translation(report, llm, name=name))
        common.report_usage(llm)
        if fmt == "json":
            data = {
                "source": name,
                "complete": result.complete,
                "failures": list(result.failures),
                "paragraphs": [{"index": p.index, "source": p.source, "target": p.target} for p in result.pairs],
            }
            text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        else:
            text = "\n\n".join(p.target or f"[untranslated] {p.source}" for p in result.pairs) + "\n"
        common.write_output(text, output)
        common.report_partial(list(result.failures))

    @app.command()
    def brief(
        path: ReportPath,
        output: Output = None,
        output_format: BriefFormatOpt = None,
        engine: Engine = EngineChoice.auto,
        model: Model = None,
        base_url: BaseUrl = None,
        no_cache: NoCache = False,
        keep_ungrounded: KeepUngrounded = False,
        dry_run: DryRun = False,
        max_cost: MaxCost = None,
        allow_unknown_price: AllowUnknownPrice = False,
        names: common.Names = None,
        timeout: Timeout = None,
        verbose: Verbose = False,
    ) -> None:
        """A bilingual brief: the readout in English beside the Chinese, then the report paragraph by paragraph.

        Without an endpoint (or with --engine offline) it holds the offline readout and the clean Chinese text.

        Example:  jiyao brief seeds/000_5f474b3628a23a08.txt -o brief.html
        """
        from jiyao.pipeline import brief_parts

        common.setup_logging(verbose)
        chosen = common.format_from(output, output_format and output_format.value, BRIEF_FORMATS, "md")
        fmt: Literal["md", "html"] = "html" if chosen == "html" else "md"
        common.check_output(output, path)
        settings = common.settings(base_url, model, no_cache, timeout)
        llm = common.engine(settings, engine, max_cost=max_cost, allow_unknown_price=allow_unknown_price)
        name = common.report_name(path)
        with common.budget(settings, name):
            report = common.read_report(path, names=names or settings.names_path)
            if dry_run:
                _dry_run(llm, report, ("readout", "translate"))
                return
            made = common.run(lambda: brief_parts(report, llm, fmt, keep_ungrounded=keep_ungrounded, name=name))
        common.report_usage(llm)
        common.write_output(made.text, output)
        common.report_partial(list(made.failures))
