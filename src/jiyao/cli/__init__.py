"""The ``jiyao`` command line: parse, call the library, format. Nothing else lives here.

Commands by group: :mod:`.reports` (clean, extract, summarize, translate, brief),
:mod:`.operations` (batch, serve, doctor, cache), :mod:`.evals` (eval). Heavy
modules are imported inside the commands so that ``jiyao --help`` starts fast.
Errors become one line on stderr and an exit code (each error class names its own).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from jiyao.cli import common, evals, operations, reports
from jiyao.cli.common import EXIT_CODES

app = typer.Typer(
    name="jiyao",
    help=(
        "jiyao (紀要) turns garbled Chinese government meeting reports into clean text, "
        "structured readouts, English translations and bilingual briefs.\n\n"
        "With JIYAO_BASE_URL and JIYAO_MODEL set (or --base-url/-m), it uses that OpenAI-compatible "
        "endpoint; without them, or with --engine offline, the offline engine (rules, no LLM).\n\n"
        "Example:  jiyao brief seeds/000_5f474b3628a23a08.txt -o brief.html"
    ),
    epilog=EXIT_CODES,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: importing rich's renderer would double the start-up time
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from jiyao import __version__

        typer.echo(f"jiyao {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    context: typer.Context,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """jiyao (紀要): clean, read out, translate and brief Chinese meeting reports."""
    import logging

    context.call_on_close(common.close_engines)  # the endpoint's connections, when the command ends
    # pypdf logs each repair it makes to a damaged PDF: no concern of the user's.
    logging.getLogger("pypdf").setLevel(logging.ERROR)


reports.register(app)
operations.register(app)
evals.register(app)


def _app_for(args: list[str]) -> typer.Typer:
    """The app with only the command ``args`` names, when it names one: typer builds every
    registered command's options before it parses (~30 ms of a ~250 ms ``jiyao clean``).
    Anything else (``--help``, ``--version``, a typo) gets the whole app and its messages."""
    import copy

    from typer.main import get_command_name

    name = args[0] if args else ""

    def named(command: Any) -> str:
        return command.name or get_command_name(getattr(command.callback, "__name__", ""))

    commands = [c for c in app.registered_commands if named(c) == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return app
    only = copy.copy(app)
    only.registered_commands, only.registered_groups = commands, groups
    return only


def main() -> None:
    """The console script: no traceback reaches the user unless JIYAO_DEBUG is set."""
    import gc
    import os
    import sys

    try:
        _app_for(sys.argv[1:])()
    except Exception as e:  # a bug of ours: say so in one line, keep the traceback for debugging
        if os.environ.get("JIYAO_DEBUG"):
            raise
        from jiyao.redact import redact

        typer.echo(
            f"jiyao: internal error: {type(e).__name__}: {redact(str(e))} (set JIYAO_DEBUG=1 for the traceback)",
            err=True,
        )
        raise SystemExit(70) from None
    finally:
        # The process ends here, and its exit frees what the command made. Left to the
        # collector, the interpreter's collections at exit walk every object the run
        # created: ~35 ms of a 0.3 s `extract`.
        gc.freeze()


__all__ = ["app", "main"]
