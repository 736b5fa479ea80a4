"""The ``jiyao`` command line: parse, call the library, format. Nothing else lives here.

Heavy modules are imported inside the commands so that ``jiyao --help`` starts fast.
Errors become one line on stderr and an exit code (each error class names its own).
"""

from __future__ import annotations

import enum
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, TypeVar

import typer

from jiyao.errors import ConfigError, InputError, JiyaoError

if TYPE_CHECKING:
    from jiyao.pipeline.engine import LLMEngine
    from jiyao.settings import Settings

app = typer.Typer(
    name="jiyao",
    help=(
        "jiyao (紀要) turns garbled Chinese government meeting reports into clean text, "
        "structured readouts, English translations and bilingual briefs.\n\n"
        "With JIYAO_BASE_URL and JIYAO_MODEL set, it uses that OpenAI-compatible endpoint; "
        "without them, the offline engine (rules, no LLM).\n\n"
        "Example:  jiyao brief seeds/000_5f474b3628a23a08.txt -o brief.html --format html"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: importing rich's renderer would double the start-up time
)
cache_app = typer.Typer(help="Inspect or empty the cache of LLM outputs.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")

T = TypeVar("T")


class TextFormat(enum.StrEnum):
    text = "text"
    json = "json"


class DocFormat(enum.StrEnum):
    md = "md"
    json = "json"


class BriefChoice(enum.StrEnum):
    md = "md"
    html = "html"


class ScriptChoice(enum.StrEnum):
    simplified = "simplified"
    traditional = "traditional"


class EngineChoice(enum.StrEnum):
    auto = "auto"
    offline = "offline"
    llm = "llm"


def _fail(error: JiyaoError) -> typer.Exit:
    typer.echo(f"jiyao: error: {error}", err=True)
    return typer.Exit(error.exit_code)


def _run(action: Callable[[], T]) -> T:
    """Run library code, turning its errors into a one-line message and an exit code."""
    try:
        return action()
    except JiyaoError as e:
        raise _fail(e) from None


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _write_output(text: str, output: Path | None) -> None:
    """To stdout, or atomically to a file: a crash never leaves half a file."""
    if output is None:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from jiyao.files import atomic_write

    atomic_write(output, text)
    typer.echo(f"written: {output}", err=True)


def _script(choice: ScriptChoice | None) -> Literal["simplified", "traditional"] | None:
    if choice is None:
        return None
    return "simplified" if choice is ScriptChoice.simplified else "traditional"


# --- shared options --------------------------------------------------------------------

BaseUrl = Annotated[str | None, typer.Option("--base-url", help="OpenAI-compatible endpoint (else JIYAO_BASE_URL).")]
Model = Annotated[str | None, typer.Option("--model", help="Model name (else JIYAO_MODEL).")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Print the chunks, tokens and cost; make no call.")]
MaxCost = Annotated[float | None, typer.Option("--max-cost", help="Stop before spending more than this (USD).")]
KeepUngrounded = Annotated[
    bool, typer.Option("--keep-ungrounded", help="Keep facts whose quotes are not in the text (flagged).")
]


def _settings(base_url: str | None, model: str | None, no_cache: bool) -> Settings:
    from jiyao.settings import Settings

    return _run(lambda: Settings.from_env(base_url=base_url, model=model, use_cache=False if no_cache else None))


def _engine(settings: Settings, max_cost: float | None, *, required: bool = False) -> LLMEngine | None:
    from jiyao.pipeline import NO_ENDPOINT_NOTE, engine_for

    if required:
        _run(settings.endpoint)
    engine = _run(lambda: engine_for(settings))
    if engine is None:
        typer.echo(f"jiyao: note: {NO_ENDPOINT_NOTE}", err=True)
    else:
        engine.max_cost = max_cost
    return engine


def _prepare(
    path: Path, base_url: str | None, model: str | None, no_cache: bool, max_cost: float | None, *, required: bool
) -> tuple[Any, LLMEngine | None]:
    """The clean report and the engine for an LLM command (None: the offline engine)."""
    from jiyao.cleaning import clean_file

    settings = _settings(base_url, model, no_cache)
    report = _run(lambda: clean_file(path))
    return report, _engine(settings, max_cost, required=required)


def _report_usage(engine: LLMEngine | None) -> None:
    if engine is None:
        return
    used = engine.ledger.usage
    typer.echo(
        f"jiyao: {engine.ledger.calls} calls ({used.requests} requests), {engine.ledger.cache_hits} cached, "
        f"tokens in {used.prompt_tokens} / out {used.completion_tokens}, cost ${used.cost(engine.settings):.4f}",
        err=True,
    )


def _dry_run(engine: LLMEngine | None, report: Any, tasks: tuple[str, ...]) -> None:
    from jiyao.pipeline import plan

    if engine is None:
        typer.echo("dry run: no endpoint configured; the offline engine makes no calls.")
        return
    calls = _run(lambda: plan(report, engine, tasks))
    total_in = sum(c.prompt_tokens for c in calls)
    total_out = sum(c.expected_output_tokens for c in calls)
    typer.echo(f"dry run: {len(calls)} calls to {engine.model} at {engine.backend.endpoint.base_url}")
    for c in calls:
        typer.echo(
            f"  {c.task:9s} {c.unit:12s} prompt {c.prompt_tokens:6d} tokens, "
            f"expected output {c.expected_output_tokens:6d}"
        )
    cost = engine.estimate_cost(total_in, total_out)
    typer.echo(f"total: prompt {total_in} tokens, expected output {total_out} tokens, estimated cost ${cost:.4f}")
    typer.echo(f"prompts: {', '.join(engine.prompt_versions().values())}")


# --- commands ---------------------------------------------------------------------------


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
        typer.Option("--format", "-f", help="text: title lines then paragraphs; json: the report with every repair."),
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


def _readout_command(
    path: Path, engine: LLMEngine | None, output_format: TextFormat, keep_ungrounded: bool, dry_run: bool
) -> None:
    from jiyao.cleaning import clean_file
    from jiyao.pipeline import readout
    from jiyao.render import readout_as_text

    report = _run(lambda: clean_file(path))
    if dry_run:
        _dry_run(engine, report, ("readout",))
        return
    result = _run(lambda: readout(report, engine, keep_ungrounded=keep_ungrounded, name=path.name))
    _report_usage(engine)
    if output_format is TextFormat.json:
        _print_json(result.model_dump(mode="json"))
    else:
        sys.stdout.write(readout_as_text(result))


@app.command()
def extract(
    path: Annotated[Path, typer.Argument(help="A report file.")],
    engine: Annotated[
        EngineChoice, typer.Option(help="offline: rules, no LLM; llm: the endpoint; auto: llm if configured.")
    ] = EngineChoice.auto,
    output_format: Annotated[
        TextFormat,
        typer.Option("--format", "-f", help="text: a readable readout; json: the Readout with evidence."),
    ] = TextFormat.text,
    base_url: BaseUrl = None,
    model: Model = None,
    no_cache: NoCache = False,
) -> None:
    """Read out who met, when, where, and what was ordered.

    Example:  jiyao extract seeds/002_1e77c7613b5a8bae.txt --engine offline --format json
    """
    settings = _settings(base_url, model, no_cache)
    chosen = None if engine is EngineChoice.offline else _engine(settings, None, required=engine is EngineChoice.llm)
    _readout_command(path, chosen, output_format, False, False)


@app.command()
def summarize(
    path: Annotated[Path, typer.Argument(help="A report file.")],
    output_format: Annotated[TextFormat, typer.Option("--format", "-f", help="text or json.")] = TextFormat.text,
    keep_ungrounded: KeepUngrounded = False,
    base_url: BaseUrl = None,
    model: Model = None,
    no_cache: NoCache = False,
    dry_run: DryRun = False,
    max_cost: MaxCost = None,
) -> None:
    """A structured readout with summaries in English and Chinese (LLM; offline without one).

    Example:  jiyao summarize seeds/003_9eb5c255221f770b.txt --format json
    """
    settings = _settings(base_url, model, no_cache)
    _readout_command(path, _engine(settings, max_cost), output_format, keep_ungrounded, dry_run)


@app.command()
def translate(
    path: Annotated[Path, typer.Argument(help="A report file.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    output_format: Annotated[
        DocFormat,
        typer.Option("--format", "-f", help="md: the English text; json: source and target per paragraph."),
    ] = DocFormat.md,
    base_url: BaseUrl = None,
    model: Model = None,
    no_cache: NoCache = False,
    dry_run: DryRun = False,
    max_cost: MaxCost = None,
) -> None:
    """A faithful, paragraph-aligned English translation (needs an LLM endpoint).

    Example:  jiyao translate seeds/004_c01af78e01a62579.txt -o 004.en.md
    """
    from jiyao.pipeline import translate as run_translation

    report, engine = _prepare(path, base_url, model, no_cache, max_cost, required=not dry_run)
    if dry_run:
        _dry_run(engine, report, ("translate",))
        return
    assert engine is not None
    result = _run(lambda: run_translation(report, engine, name=path.name))
    _report_usage(engine)
    if output_format is DocFormat.json:
        data = {
            "source": str(path),
            "complete": result.complete,
            "failures": list(result.failures),
            "paragraphs": [{"index": p.index, "source": p.source, "target": p.target} for p in result.pairs],
        }
        _write_output(json.dumps(data, ensure_ascii=False, indent=2) + "\n", output)
    else:
        _write_output("\n\n".join(p.target or f"[untranslated] {p.source}" for p in result.pairs) + "\n", output)
    for failure in result.failures:
        typer.echo(f"jiyao: error: {failure}", err=True)
    if result.failures:
        raise typer.Exit(3)


@app.command()
def brief(
    path: Annotated[Path, typer.Argument(help="A report file.")],
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of stdout.")] = None,
    output_format: Annotated[
        BriefChoice,
        typer.Option("--format", "-f", help="md (renders on GitHub) or html (one self-contained file)."),
    ] = BriefChoice.md,
    keep_ungrounded: KeepUngrounded = False,
    base_url: BaseUrl = None,
    model: Model = None,
    no_cache: NoCache = False,
    dry_run: DryRun = False,
    max_cost: MaxCost = None,
) -> None:
    """A bilingual brief: the readout in English beside the Chinese, then the report paragraph by paragraph.

    Without an endpoint it holds the offline readout and the clean Chinese text.

    Example:  jiyao brief seeds/000_5f474b3628a23a08.txt --format html -o brief.html
    """
    from jiyao.pipeline import brief as make_brief

    report, engine = _prepare(path, base_url, model, no_cache, max_cost, required=False)
    if dry_run:
        _dry_run(engine, report, ("readout", "translate"))
        return
    fmt: Literal["md", "html"] = "html" if output_format is BriefChoice.html else "md"
    text = _run(lambda: make_brief(report, engine, fmt, keep_ungrounded=keep_ungrounded, name=path.name))
    _report_usage(engine)
    _write_output(text, output)


@app.command()
def doctor(base_url: BaseUrl = None, model: Model = None) -> None:
    """Check the endpoint: reachable, model listed, which structured-output mode it accepts.

    Example:  JIYAO_BASE_URL=http://localhost:11434/v1 JIYAO_MODEL=qwen2.5:7b jiyao doctor
    """
    from jiyao.pipeline import doctor as check

    settings = _settings(base_url, model, False)
    report = _run(lambda: check(settings))
    typer.echo(f"endpoint:   {report.base_url}")
    typer.echo(f"model:      {report.model}")
    typer.echo(f"reachable:  {'yes' if report.reachable else 'no'}")
    if report.model_listed is not None:
        listed = "yes" if report.model_listed else f"no (listed: {', '.join(report.models[:10]) or 'none'})"
        typer.echo(f"listed:     {listed}")
    typer.echo(f"structured: {report.structured_mode or '-'}")
    if report.problem:
        typer.echo(f"jiyao: error: {report.problem}", err=True)
        raise typer.Exit(3)


@app.command()
def batch(
    directory: Annotated[Path, typer.Argument(help="A folder of reports (searched recursively).")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where the outputs and summary.json go.")],
    pattern: Annotated[str, typer.Option("--glob", help="Which files are reports.")] = "**/*.txt",
    concurrency: Annotated[int, typer.Option(help="Reports in flight at once.", min=1, max=256)] = 4,
    rpm: Annotated[float | None, typer.Option("--rpm", help="Client-side limit: requests per minute.")] = None,
    tpm: Annotated[float | None, typer.Option("--tpm", help="Client-side limit: tokens per minute.")] = None,
    base_url: BaseUrl = None,
    model: Model = None,
    no_cache: NoCache = False,
) -> None:
    """Every report in a folder: readout, translation and brief each, plus OUTPUT/summary.json.

    Re-running skips reports whose outputs are complete; a failing report never stops the
    others; the exit code is 1 when any report failed. Ctrl-C leaves no half-written file.

    Example:  jiyao batch seeds -o out --concurrency 8
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from jiyao.batch import Batch, BatchState, Outcome

    if not directory.is_dir():
        raise _fail(InputError("not a directory", path=directory))
    settings = _settings(base_url, model, no_cache).replace(rpm=rpm or None, tpm=tpm or None)
    if not settings.has_endpoint:
        from jiyao.pipeline import NO_ENDPOINT_NOTE

        typer.echo(f"jiyao: note: {NO_ENDPOINT_NOTE}", err=True)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[detail]}"),
        TimeElapsedColumn(),
        transient=False,
        console=__import__("rich.console", fromlist=["Console"]).Console(stderr=True),
    ) as progress:
        task = progress.add_task("reports", total=None, detail="")

        def on_event(outcome: Outcome, state: BatchState) -> None:
            tokens = sum(o.prompt_tokens + o.completion_tokens for o in state.outcomes)
            cost = sum(o.cost for o in state.outcomes)
            failed = len(state.failed)
            progress.update(
                task,
                total=state.total,
                completed=len(state.outcomes),
                detail=f"{failed} failed · {tokens} tokens · ${cost:.4f}",
            )

        runner = _run(
            lambda: Batch(directory, output, settings, pattern=pattern, concurrency=concurrency, on_event=on_event)
        )
        try:
            state = runner.run()
        except KeyboardInterrupt:
            typer.echo(f"jiyao: interrupted; finished reports are written, see {output / 'summary.json'}", err=True)
            raise typer.Exit(130) from None
    counts = state.to_json()["counts"]
    typer.echo(
        f"{state.total} reports: {counts['done']} done, {counts['cached']} cached, {counts['skipped']} skipped, "
        f"{counts['failed']} failed — {output / 'summary.json'}",
        err=True,
    )
    for outcome in state.failed:
        typer.echo(f"jiyao: failed: {outcome.name}: {outcome.reason}", err=True)
    if state.failed:
        raise typer.Exit(1)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    body_limit: Annotated[int, typer.Option(help="Largest request body in bytes (413 above).")] = 2 * 1024 * 1024,
) -> None:
    """The HTTP API: POST /v1/clean, /v1/readout, /v1/translate, /v1/brief; GET /healthz; docs at /docs.

    Set JIYAO_SERVICE_TOKEN to require a bearer token.

    Example:  JIYAO_SERVICE_TOKEN=s3cret jiyao serve --port 8000
    """
    import uvicorn

    from jiyao.service import create_app

    settings = _settings(None, None, False)
    if host not in ("127.0.0.1", "localhost", "::1") and settings.service_token is None:
        typer.echo("jiyao: warning: listening beyond this machine without JIYAO_SERVICE_TOKEN", err=True)
    app_ = _run(lambda: create_app(settings, body_limit=body_limit))
    uvicorn.run(app_, host=host, port=port, log_level="info")


@cache_app.command("stats")
def cache_stats() -> None:
    """Entries and size of the cache. Example:  jiyao cache stats"""
    from jiyao.cache import ResultCache

    settings = _settings(None, None, False)
    stats = ResultCache(settings.cache_dir).stats()
    typer.echo(f"directory: {stats.directory}\nentries:   {stats.entries}\nsize:      {stats.size_bytes} bytes")


@cache_app.command("clear")
def cache_clear() -> None:
    """Remove every cached output. Example:  jiyao cache clear"""
    from jiyao.cache import ResultCache

    settings = _settings(None, None, False)
    removed = ResultCache(settings.cache_dir).clear()
    typer.echo(f"removed {removed} entries from {settings.cache_dir}")


@app.command("eval")
def evaluate(
    engine: Annotated[
        EngineChoice, typer.Option(help="The engine to score (auto: llm if configured).")
    ] = EngineChoice.offline,
    labels: Annotated[Path, typer.Option(help="Hand-made labels, <name>.json.")] = Path("evals/labels"),
    documents: Annotated[Path, typer.Option(help="The reports, <name>.txt.")] = Path("seeds"),
    baseline: Annotated[Path | None, typer.Option(help="Compare with this baseline; exit 1 on a drop.")] = None,
    tolerance: Annotated[float, typer.Option(help="How far a field may drop before it counts.")] = 0.0,
    save_baseline: Annotated[Path | None, typer.Option(help="Write this run as a baseline to FILE.")] = None,
    accept: Annotated[bool, typer.Option(help="Write this run over --baseline.")] = False,
    by_document: Annotated[bool, typer.Option("--by-document", help="Also a table per document.")] = False,
    runs_dir: Annotated[Path, typer.Option(help="Where the JSON run report goes.")] = Path("evals/runs"),
    base_url: BaseUrl = None,
    model: Model = None,
    no_cache: NoCache = False,
) -> None:
    """Score an engine against the hand-made labels, per field; gate on a baseline.

    Example:  jiyao eval --engine offline --baseline evals/baselines/offline.json
    """
    from jiyao.evaluation import runner
    from jiyao.render import eval_tables

    settings = _settings(base_url, model, no_cache)
    llm = None if engine is EngineChoice.offline else _engine(settings, None, required=engine is EngineChoice.llm)
    if llm is None and engine is not EngineChoice.offline:
        engine = EngineChoice.offline
    base = _run(lambda: runner.load_baseline(baseline)) if baseline else None
    run = _run(
        lambda: runner.run_eval(
            runner.engine_callable(llm),
            engine_name=engine.value if llm is None else "llm",
            labels_dir=labels,
            documents_dir=documents,
            model=llm.model if llm else None,
            prompt_versions=llm.prompt_versions() if llm else None,
            translation=runner.translation_callable(llm),
        )
    )
    report_path = runner.save_run(run, runs_dir)
    deltas = runner.compare(run, base) if base else None
    eval_tables(run, deltas, runner.compare_documents(run, base) if base and by_document else None, by_document)
    _report_usage(llm)
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
    for d in regressions:
        typer.echo(f"jiyao: regression: {d.field} {d.baseline:.4f} -> {d.current:.4f}", err=True)
    if regressions or run.errors:
        raise typer.Exit(1)


def main() -> None:
    """The console script: no traceback reaches the user unless JIYAO_DEBUG is set."""
    import os

    try:
        app()
    except Exception as e:  # a bug of ours: say so in one line, keep the traceback for debugging
        if os.environ.get("JIYAO_DEBUG"):
            raise
        typer.echo(f"jiyao: internal error: {type(e).__name__}: {e} (set JIYAO_DEBUG=1 for the traceback)", err=True)
        raise SystemExit(70) from None
