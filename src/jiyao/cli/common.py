"""What every command shares: options, settings, the report reader, output, errors → exit codes."""

from __future__ import annotations

import enum
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from jiyao.errors import ConfigError, InputError, JiyaoError

if TYPE_CHECKING:
    from jiyao.cleaning import CleanReport
    from jiyao.pipeline.engine import LLMEngine, PlannedCall
    from jiyao.settings import Settings

T = TypeVar("T")

EXIT_CODES = (
    "Exit codes: 0 ok; 1 an eval regression, or a batch with failed reports; 2 bad input, arguments "
    "or settings; 3 the LLM endpoint failed; 4 over --max-cost; 5 partial: a readout, translation or "
    "brief with a failed part (named on stderr and in the output); 6 over the time budget "
    "(--timeout); 7 the provider's content filter refused the report; 70 an internal error; 130 interrupted "
    "(Ctrl-C); 143 a batch stopped by SIGTERM."
)
CONTENT_FILTER_HINT = (
    "jiyao: the provider's moderation refuses this text, and asking again will not change that: use "
    "another endpoint (a model you host: vLLM, Ollama, llama.cpp), or --engine offline for the "
    "rule-based readout and brief."
)
PARTIAL_EXIT = 5


class EngineChoice(enum.StrEnum):
    auto = "auto"
    offline = "offline"
    llm = "llm"


def fail(error: JiyaoError) -> typer.Exit:
    from jiyao.redact import redact

    typer.echo(f"jiyao: error: {redact(str(error))}", err=True)
    content_filter_hint([str(error)])
    return typer.Exit(error.exit_code)


def run(action: Callable[[], T]) -> T:
    """Run library code, turning its errors into a one-line message and an exit code."""
    try:
        return action()
    except JiyaoError as e:
        raise fail(e) from None


@contextmanager
def budget(settings: Settings, what: str) -> Iterator[None]:
    """The command's work under the per-report time budget; its error becomes exit code 6."""
    from jiyao.deadline import time_budget

    try:
        with time_budget(settings.report_timeout, what):
            yield
    except JiyaoError as e:
        raise fail(e) from None


def shown(name: str) -> str:
    """A file's name as a terminal may print it: a newline, a tab or an escape sequence in it
    written as Python writes them (a name with ESC[2J had cleared the screen)."""
    return name if name.isprintable() else "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


# Formats a file may be named for that jiyao never writes: such a name, without -f, is
# refused (brief -o b.pdf had written Markdown into b.pdf).
_OTHER_FORMATS = frozenset(
    {"pdf", "doc", "docx", "odt", "rtf", "epub", "xml", "csv", "tsv", "xls", "xlsx", "yaml", "yml", "toml"}
)


def format_from(output: Path | None, given: str | None, choices: tuple[str, ...], default: str) -> str:
    """``-f`` if given, else the output file's extension when it names a choice, else the
    default — unless the extension names a format jiyao does not write (exit 2)."""
    if given:
        return given
    if output is not None:
        suffix = output.suffix.lower().lstrip(".")
        suffix = {"htm": "html", "markdown": "md", "txt": "text"}.get(suffix, suffix)
        if suffix in choices:
            return suffix
        if suffix in _OTHER_FORMATS:
            names = " or ".join("." + {"text": "txt"}.get(choice, choice) for choice in choices)
            raise fail(
                InputError(
                    f"jiyao does not write .{suffix}: this command writes {' or '.join(choices)}; "
                    f"name the file {names}, or give -f to write one of them under this name",
                    path=output,
                )
            )
    return default


def check_output(output: Path | None, *sources: Path) -> None:
    """Refuse an output that is one of the inputs, or a directory (exit 2), before any work."""
    if output is None or str(output) == "-":
        return
    if output.is_dir():
        raise fail(InputError("the output is a directory; give a file name", path=output))
    for source in sources:
        if str(source) != "-" and output.exists() and source.exists() and output.resolve() == source.resolve():
            raise fail(InputError("the output is the input report: refusing to overwrite it", path=output))


def write_output(text: str, output: Path | None) -> None:
    """To stdout, or atomically to a file (an existing one is replaced whole, never in place)."""
    if output is None or str(output) == "-":
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return
    from jiyao.files import atomic_write

    try:
        atomic_write(output, text)
    except OSError as e:
        raise fail(InputError(f"cannot write: {e.strerror or e}", path=output)) from None
    typer.echo(f"written: {output}", err=True)


# --- shared options --------------------------------------------------------------------

ReportPath = Annotated[
    Path,
    typer.Argument(
        metavar="REPORT",
        help="A report file (UTF-8, UTF-16, GBK/GB18030 or Big5 text, a .docx or a .pdf), or - for standard input.",
    ),
]
Output = Annotated[
    Path | None,
    typer.Option("-o", "--output", metavar="FILE", help="Write here instead of stdout (format from the extension)."),
]
Engine = Annotated[
    EngineChoice,
    typer.Option("--engine", "-e", help="offline: rules, no LLM; llm: the endpoint; auto: llm if one is configured."),
]
BaseUrl = Annotated[
    str | None, typer.Option("--base-url", metavar="URL", help="OpenAI-compatible endpoint (else JIYAO_BASE_URL).")
]
Model = Annotated[str | None, typer.Option("-m", "--model", metavar="MODEL", help="Model name (else JIYAO_MODEL).")]
NoCache = Annotated[bool, typer.Option("--no-cache", help="Neither read nor write the cache.")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Print the calls, tokens and cost; make no call.")]
MaxCost = Annotated[
    float | None,
    typer.Option("--max-cost", metavar="USD", min=0, help="Stop before spending more than this many dollars."),
]
AllowUnknownPrice = Annotated[
    bool, typer.Option("--allow-unknown-price", help="Run under --max-cost although the model's price is unknown.")
]
Timeout = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        metavar="SECONDS",
        min=0,
        help="Time budget per report (else JIYAO_REPORT_TIMEOUT, default 600; 0: none).",
    ),
]
Names = Annotated[
    Path | None,
    typer.Option(
        "--names",
        metavar="FILE",
        help="People the report may name, one a line (a title or note after a space): where the page "
        "lost bytes inside a name, the name that fits the bytes left is read, not marked □ (else JIYAO_NAMES).",
    ),
]
KeepUngrounded = Annotated[
    bool, typer.Option("--keep-ungrounded", help="Keep facts whose quotes are not in the text (flagged).")
]
Verbose = Annotated[bool, typer.Option("-v", "--verbose", help="Log retries, back-offs and cache hits to stderr.")]


def left_out_note(left_out: list[str], pattern: str) -> str:
    """What a batch's glob left out that looks like reports, and the glob that reads them."""
    suffixes = sorted({PurePosixPath(name).suffix for name in left_out})  # as written: globs tell case
    shown = ", ".join(left_out[:3]) + (f" and {len(left_out) - 3} more" if len(left_out) > 3 else "")
    globs = " or ".join(f"--glob '**/*{suffix}'" for suffix in suffixes)
    count = f"{len(left_out)} file" + ("s" if len(left_out) > 1 else "")
    return f"jiyao: note: {count} not matched by --glob {pattern!r}, not read: {shown} ({globs} reads them)"


def setup_logging(verbose: bool) -> None:
    if not verbose:
        return
    import logging

    from rich.logging import RichHandler

    handler = RichHandler(
        show_path=False, console=__import__("rich.console", fromlist=["Console"]).Console(stderr=True)
    )
    logging.basicConfig(level=logging.INFO, format="%(message)s", handlers=[handler], force=True)


@contextmanager
def progress(what: str, total: int, console: Any = None) -> Iterator[Callable[[str], None]]:
    """A bar on stderr for long work of ``total`` items, advanced as each is done
    (``advance(name)``); only on a terminal: a log or a pipe gets the result alone."""
    from rich.console import Console

    console = console or Console(stderr=True)
    if not console.is_terminal:
        yield lambda name: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn(f"[bold]{what}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.fields[name]}"))
    with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as bar:
        task = bar.add_task(what, total=total, name="")
        yield lambda name: bar.update(task, advance=1, name=name)


def settings(
    base_url: str | None = None, model: str | None = None, no_cache: bool = False, timeout: float | None = None
) -> Settings:
    from jiyao.settings import Settings

    chosen = run(
        lambda: Settings.from_env(
            base_url=base_url, model=model, use_cache=False if no_cache else None, report_timeout=timeout
        )
    )
    announce_table_builds()
    return chosen


def announce_table_builds() -> None:
    """One line on stderr, on a terminal only, when the language tables are built: the
    first report after installing waits seconds for them (the model of news text alone
    takes ~5 s), and a silent wait reads as a hang."""
    from jiyao.cleaning import tables

    said = False

    def say(name: str) -> None:
        nonlocal said
        if not said and sys.stderr.isatty():
            said = True
            typer.echo("jiyao: building the language tables, once per installation (a few seconds)…", err=True)

    tables.on_build(say)


def engine(
    settings: Settings,
    choice: EngineChoice = EngineChoice.auto,
    *,
    max_cost: float | None = None,
    allow_unknown_price: bool = False,
) -> LLMEngine | None:
    """The LLM engine the choice asks for; None means the offline engine (said on stderr)."""
    from jiyao.pipeline import NO_ENDPOINT_NOTE, engine_for

    if choice is EngineChoice.offline:
        return None
    if choice is EngineChoice.llm:
        run(settings.endpoint)
    chosen = run(lambda: engine_for(settings))
    if chosen is None:
        typer.echo(f"jiyao: note: {NO_ENDPOINT_NOTE}", err=True)
        return None
    run(lambda: chosen.set_budget(max_cost, allow_unknown_price=allow_unknown_price))
    _open_engines.append(chosen)
    return chosen


# Engines the running command made: closed when it ends, however it ends (the root
# callback has the command's context close them).
_open_engines: list[LLMEngine] = []


def close_engines() -> None:
    while _open_engines:
        _open_engines.pop().close()


def read_report(path: Path, *, script: Any = None, names: Path | None = None) -> CleanReport:
    """Clean the report at ``path``; ``-`` reads standard input. ``names``: a names file."""
    from jiyao.cleaning import clean_bytes, clean_file

    known = read_names(names)
    if str(path) == "-":
        report = run(lambda: clean_bytes(sys.stdin.buffer.read(), script=script, path="<stdin>", names=known))
    else:
        report = run(lambda: clean_file(path, script=script, names=known))
    for problem in report.decoding_problems:
        typer.echo(f"jiyao: warning: {report_name(path)}: {problem}", err=True)
    return report


def read_names(path: Path | None) -> frozenset[str]:
    """The names in the file of ``--names`` (none without one); a bad file exits 2."""
    if path is None:
        return frozenset()
    from jiyao.cleaning import read_names as read_names_file

    return run(lambda: read_names_file(path))


def report_name(path: Path) -> str:
    return "stdin" if str(path) == "-" else path.name


def plan_totals(engine: LLMEngine, calls: Sequence[PlannedCall], max_cost: float | None = None) -> None:
    """A dry run's last lines: the planned calls' tokens and cost, and the prompts' versions."""
    total_in = sum(c.prompt_tokens for c in calls)
    total_out = sum(c.expected_output_tokens for c in calls)
    thinking = engine.settings.reasoning_tokens * len(calls)
    cost = engine.planned_cost(calls)
    price = f"${cost:.4f}" if cost is not None else "unknown (no price for this model)"
    if thinking:  # billed as output: a model that thinks first may use the room it is given
        price += f" with up to {thinking} tokens of thinking"
    over = ""
    if max_cost is not None and cost is not None and cost > max_cost:
        over = f", over --max-cost ${max_cost:.4f}: the run would stop there"
    typer.echo(f"total: prompt {total_in} tokens, expected output {total_out} tokens, estimated cost {price}{over}")
    if not engine.rung_known:
        typer.echo(
            "(no answer has shown yet whether this server takes a JSON schema: each prompt is counted with its "
            "schema written in, as a server that does not is sent it)"
        )
    typer.echo(f"prompts: {', '.join(engine.prompt_versions().values())}")


def report_usage(engine: LLMEngine | None) -> None:
    if engine is None:
        return
    used = engine.ledger.usage
    cost = used.cost(engine.settings)
    price = f"${cost:.4f}" if cost is not None else "unknown (no price for this model; set JIYAO_PRICE_INPUT/OUTPUT)"
    counted = " (counted by jiyao: the server reported no usage)" if used.counted_here else ""
    typer.echo(
        f"jiyao: {engine.ledger.calls} calls ({used.requests} requests), {engine.ledger.cache_hits} cached, "
        f"tokens in {used.prompt_tokens} / out {used.completion_tokens}{counted}, cost {price}",
        err=True,
    )
    window_note(engine)


def window_note(engine: LLMEngine | None) -> None:
    """Where the server said its context window, or the largest answer it takes, is smaller
    than the one assumed: what to set, so that the next run plans for it from its first request."""
    if engine is None:
        return
    settings = engine.settings
    if (window := engine.context_window) < settings.context_window:
        cut = engine.backend.dialect.cuts_silently
        typer.echo(
            f"jiyao: note: the server's context window is {window} tokens, not the {settings.context_window} "
            f"assumed for {engine.model}"
            + (" (Ollama cuts a prompt over it without a word: an answer from a cut prompt is not used)" if cut else "")
            + f": the work was fitted to it; set JIYAO_CONTEXT_WINDOW={window} to plan for it from the first request"
            + (f", or start Ollama with OLLAMA_CONTEXT_LENGTH={settings.context_window}" if cut else ""),
            err=True,
        )
    if (cap := engine.backend.dialect.max_output) is not None and cap < settings.max_output_tokens:
        typer.echo(
            f"jiyao: note: the server takes at most {cap} output tokens a request, not the "
            f"{settings.max_output_tokens} assumed for {engine.model}: every request was capped; set "
            f"JIYAO_MAX_OUTPUT_TOKENS={cap} to plan for it from the first request",
            err=True,
        )


def report_partial(failures: list[str]) -> None:
    """One line per missing part on stderr, then exit code 5."""
    if not failures:
        return
    from jiyao.redact import redact

    for failure in failures:
        typer.echo(f"jiyao: incomplete: {redact(failure)}", err=True)
    content_filter_hint(failures)
    raise typer.Exit(PARTIAL_EXIT)


def content_filter_hint(reasons: list[str]) -> None:
    """What to do when the provider's moderation refused some of the work."""
    from jiyao.errors import CONTENT_FILTER

    if any(CONTENT_FILTER in reason for reason in reasons):
        typer.echo(CONTENT_FILTER_HINT, err=True)


def stopping_note(unanswered: int, timeout: float, what_waits: str) -> str:
    """What a Ctrl-C waits for, and what a second one gives up: it ends the process at once
    (:func:`exit_on_second_ctrl_c`)."""
    requests = f"{unanswered} request{'' if unanswered == 1 else 's'}"
    return (
        f"jiyao: stopping: waiting for the answers to {requests} already sent (at most {timeout:g} s), "
        f"{what_waits}. Ctrl-C again to stop now: a provider may bill them all the same"
    )


def exit_on_second_ctrl_c() -> None:
    """From now on Ctrl-C ends the process at once (the exit would otherwise wait for the
    threads blocked in LLM calls, and print a KeyboardInterrupt from that wait)."""
    import signal

    signal.signal(signal.SIGINT, lambda *_: exit_leaving_threads(130))


@contextmanager
def sigterm_stops(stop_now: Callable[[], None]) -> Iterator[Callable[[], bool]]:
    """Inside, SIGTERM stops the work as a second Ctrl-C does: ``stop_now()``, then
    KeyboardInterrupt in the main thread, so that what was done is recorded before the
    process ends. Its sender (a service manager, ``timeout``, a container's stop) kills the
    process soon after, so nothing waits for answers. Yields whether SIGTERM came (exit 143,
    not Ctrl-C's 130). Outside the main thread signals cannot be caught: nothing changes."""
    import signal
    import threading

    came = threading.Event()

    def on_sigterm(signum: int, frame: Any) -> None:
        if not came.is_set():  # a second SIGTERM while the summary is written changes nothing
            came.set()
            stop_now()
            raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield came.is_set
        return
    previous = signal.signal(signal.SIGTERM, on_sigterm)
    try:
        yield came.is_set
    finally:
        signal.signal(signal.SIGTERM, previous)


def exit_leaving_threads(code: int) -> None:
    """Exit now, with what was written flushed. For a stop that did not wait for LLM calls
    in flight: the interpreter's exit joins every worker thread, each blocked in its call
    until the endpoint answers or the timeout passes (minutes, for a slow model)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def debug() -> bool:
    return bool(os.environ.get("JIYAO_DEBUG"))


__all__ = ["ConfigError", "InputError"]
