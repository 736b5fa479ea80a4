"""Commands that run jiyao at scale or look after it: batch, serve, doctor, cache."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from jiyao.cli import batch_progress, common
from jiyao.cli.common import BaseUrl, DryRun, Engine, EngineChoice, MaxCost, Model, NoCache, Timeout, Verbose
from jiyao.errors import BudgetExceededError, InputError

if TYPE_CHECKING:
    from jiyao.batch import Batch, BatchPlan
    from jiyao.settings import Settings


def register(app: typer.Typer) -> None:
    cache_app = typer.Typer(help="Inspect or empty the cache of LLM outputs.", no_args_is_help=True)
    app.add_typer(cache_app, name="cache")
    config_app = typer.Typer(help="Where settings come from: config file, .env, environment.", no_args_is_help=True)
    app.add_typer(config_app, name="config")

    @config_app.command("show")
    def config_show() -> None:
        """Every setting in force, with its source; secrets redacted. Example:  jiyao config show"""
        from jiyao.config_sources import layered
        from jiyao.settings import SECRET_NAMES, SETTING_NAMES

        settings = common.settings()  # validates them all first: a bad value is exit 2
        layers = common.run(layered)
        for name in SETTING_NAMES:
            attribute = {
                "JIYAO_RETRY_DELAY": "retry_base_delay",
                "JIYAO_GLOSSARY": "glossary_path",
                "JIYAO_NAMES": "names_path",
            }.get(name, name.removeprefix("JIYAO_").lower())
            value = getattr(settings, attribute)
            source = layers.sources.get(name, "default")
            if name == "JIYAO_API_KEY" and name not in layers.sources and "OPENAI_API_KEY" in layers.sources:
                source = layers.sources["OPENAI_API_KEY"] + " (OPENAI_API_KEY)"
            shown = "-" if value is None else "[redacted]" if name in SECRET_NAMES else str(value)
            typer.echo(f"{name:24s} {shown:40s} {source}")

    @config_app.command("path")
    def config_path_command() -> None:
        """The config file and the .env file jiyao reads. Example:  jiyao config path"""
        from jiyao.config_sources import config_path, env_file_path

        for label, path in (("config file", config_path()), (".env", env_file_path())):
            typer.echo(f"{label + ':':13s}{path}{'' if path.exists() else '  (not there)'}")

    @app.command()
    def doctor(base_url: BaseUrl = None, model: Model = None) -> None:
        """Check the endpoint: reachable, model listed, which structured-output mode it accepts.

        Example:  JIYAO_BASE_URL=http://localhost:11434/v1 JIYAO_MODEL=qwen2.5:7b jiyao doctor
        """
        from jiyao.pipeline import doctor as check

        settings = common.settings(base_url, model)
        report = common.run(lambda: check(settings))
        typer.echo(f"endpoint:   {report.base_url}")
        typer.echo(f"model:      {report.model}")
        typer.echo(f"reachable:  {'yes' if report.reachable else 'no'}")
        if report.model_listed is not None:
            listed = "yes" if report.model_listed else f"no (listed: {', '.join(report.models[:10]) or 'none'})"
            typer.echo(f"listed:     {listed}")
        elif report.reachable:
            typer.echo("listed:     - (the endpoint has no model list)")
        typer.echo(f"structured: {report.structured_mode or '-'}")
        note = _window_note(settings, report.server_window, report.cuts_silently)
        typer.echo(f"window:     {settings.context_window} tokens{note}")
        if report.thinks is not None:
            typer.echo(f"thinks:     {_thinking_note(report.thinks, settings.reasoning_tokens)}")
        if report.problem:
            from jiyao.redact import redact

            typer.echo(f"jiyao: error: {redact(report.problem)}", err=True)
            raise typer.Exit(3)

    @app.command()
    def batch(
        directory: Annotated[Path, typer.Argument(metavar="DIR", help="A folder of reports (searched recursively).")],
        output: Annotated[
            Path, typer.Option("-o", "--output", metavar="DIR", help="Where the outputs and summary.json go.")
        ],
        pattern: Annotated[
            str, typer.Option("--glob", metavar="GLOB", help="Which files are reports, relative to DIR.")
        ] = "**/*.txt",
        concurrency: Annotated[
            int, typer.Option(help="Reports asked at once (the next ones are cleaned meanwhile).", min=1, max=256)
        ] = 4,
        rpm: Annotated[
            float | None, typer.Option("--rpm", min=0, help="Client-side limit: requests per minute.")
        ] = None,
        tpm: Annotated[float | None, typer.Option("--tpm", min=0, help="Client-side limit: tokens per minute.")] = None,
        engine: Engine = EngineChoice.auto,
        model: Model = None,
        base_url: BaseUrl = None,
        no_cache: NoCache = False,
        timeout: Timeout = None,
        verbose: Verbose = False,
        via: Annotated[
            str,
            typer.Option(
                "--via",
                metavar="online|provider",
                help="online: interactive calls; provider: the provider's Batch API (half the price, hours).",
            ),
        ] = "online",
        export_jsonl: Annotated[
            Path | None,
            typer.Option(
                "--export-jsonl", metavar="FILE", help="Write the next stage's requests for `vllm run-batch`."
            ),
        ] = None,
        import_jsonl: Annotated[
            Path | None,
            typer.Option(
                "--import-jsonl", metavar="FILE", help="Take a runner's results, then go on (or export again)."
            ),
        ] = None,
        poll: Annotated[
            float, typer.Option(min=0.0, metavar="SECONDS", help="Provider batches: poll interval.")
        ] = 30.0,
        dry_run: DryRun = False,
        max_cost: MaxCost = None,
        allow_unknown_price: common.AllowUnknownPrice = False,
        names: common.Names = None,
        workers: Annotated[
            int | None,
            typer.Option(
                min=0,
                max=64,
                help="Processes that clean the reports, from 50 reports on (default: one a core, up to 8; 0: none).",
            ),
        ] = None,
    ) -> None:
        """Every report in a folder: readout, translation and brief each; for the batch,
        summary.json, index.html (every brief), meetings.csv (a row a report) and people.csv.

        Re-running skips reports whose outputs are complete and made from the same input; a
        failing report never stops the others; the exit code is 1 when any report failed, 5 when
        one was written without a passage the provider's content filter refused. --max-cost is
        one budget for the batch: a report starts only if its planned cost fits what is left, and
        the batch stops there (exit 4); --dry-run prints each report's calls and cost. Ctrl-C stops
        before the next LLM call, waits for the answers already asked for (and says how many),
        and leaves no half-written file; a second Ctrl-C stops at once. SIGTERM (timeout, a
        service manager, a container's stop) stops at once too, writing summary.json first (exit 143).

        Example:  jiyao batch seeds -o out --concurrency 8
        """
        from jiyao.batch import Batch
        from jiyao.cpu_pool import default_workers

        common.setup_logging(verbose)
        settings = common.settings(base_url, model, no_cache, timeout).replace(rpm=rpm or None, tpm=tpm or None)
        if via not in ("online", "provider"):
            raise common.fail(InputError(f"--via takes online or provider, not {via!r}"))
        known = common.read_names(names or settings.names_path)
        cleaners = default_workers() if workers is None else workers
        if via == "provider" or export_jsonl or import_jsonl:
            _provider_batch(
                directory, output, settings, pattern, concurrency, via, export_jsonl, import_jsonl, poll, dry_run,
                max_cost, known, cleaners,
            )  # fmt: skip
            return
        # One budget for the whole batch, its reports' calls weighed against it together.
        chosen = common.engine(settings, engine, max_cost=max_cost, allow_unknown_price=allow_unknown_price)
        # Made, not yet shown: a batch its arguments refuse (no such folder, an output that is
        # a file) says so alone, without an empty bar after it.
        progress = batch_progress.for_stderr()
        if dry_run and chosen is None:
            typer.echo("dry run: the offline engine makes no calls.")
            return
        if dry_run:  # read and cleaned as the batch would, on the workers, its progress shown
            planner = common.run(
                lambda: Batch(
                    directory, output, settings, pattern=pattern, engine=chosen, names=known, workers=cleaners,
                    on_event=progress.done, on_started=progress.started,
                )
            )  # fmt: skip
            with progress:
                planned = common.run(planner.plan)
            _dry_run(planner, planned, max_cost)
            return
        runner = common.run(
            lambda: Batch(
                directory,
                output,
                settings,
                pattern=pattern,
                concurrency=concurrency,
                on_event=progress.done,
                engine=chosen,
                names=known,
                on_started=progress.started,
                workers=cleaners,
                on_stopping=lambda unanswered: progress.note(
                    common.stopping_note(unanswered, settings.timeout, "so that their reports are written")
                ),
            )
        )
        with progress, common.sigterm_stops(runner.stop_now) as terminated:
            try:
                state = common.run(runner.run)
            except KeyboardInterrupt:
                how, code = ("terminated (SIGTERM)", 143) if terminated() else ("interrupted", 130)
                typer.echo(f"jiyao: {how}; what was done and paid is in {output / 'summary.json'}", err=True)
                if runner.state.unanswered:
                    common.exit_leaving_threads(code)
                raise typer.Exit(code) from None
        counts = state.to_json()["counts"]
        partial = f"{len(state.partial)} partial, " if state.partial else ""
        typer.echo(
            f"{state.total} reports: {counts['done']} done, {counts['cached']} cached, {counts['skipped']} skipped, "
            f"{partial}{counts['failed']} failed — {output / 'summary.json'}",
            err=True,
        )
        for outcome in state.partial:
            typer.echo(f"jiyao: incomplete: {common.shown(outcome.name)}: {outcome.reason}", err=True)
        for outcome in state.failed:
            typer.echo(f"jiyao: failed: {common.shown(outcome.name)}: {outcome.reason}", err=True)
        common.content_filter_hint([outcome.reason or "" for outcome in state.failed + state.partial])
        common.window_note(runner.engine)
        if state.left_out:
            typer.echo(common.left_out_note(state.left_out, pattern), err=True)
        elif not state.total:
            typer.echo(f"jiyao: note: no file under {directory} matches {pattern!r}: nothing to do", err=True)
        if state.over_budget:
            typer.echo(
                f"jiyao: stopped at the budget of ${max_cost:.4f} (--max-cost): "
                f"{state.total - len(state.outcomes)} reports not run; run again with a larger budget to go on "
                "(reports written are skipped, answers already paid for come from the cache)",
                err=True,
            )
            raise typer.Exit(BudgetExceededError.exit_code)
        if state.failed:
            raise typer.Exit(1)
        if state.partial:
            raise typer.Exit(common.PARTIAL_EXIT)

    @app.command()
    def serve(
        host: Annotated[str, typer.Option(metavar="HOST", help="Interface to listen on.")] = "127.0.0.1",
        port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
        body_limit: Annotated[int, typer.Option(min=1, metavar="BYTES", help="Largest request body (413 above).")] = 2
        * 1024
        * 1024,
        workers: Annotated[int, typer.Option(min=1, max=64, help="Reports worked on at once.")] = 2,
        queue: Annotated[int, typer.Option(min=0, max=10_000, help="Requests waiting beyond those (503 above).")] = 64,
        names: common.Names = None,
        timeout: Timeout = None,
        max_cost: Annotated[
            float | None,
            typer.Option(
                "--max-cost",
                metavar="USD",
                min=0,
                help="What one request may spend on LLM calls (402 before a call would pass it); "
                "a request's own max_cost may lower it.",
            ),
        ] = None,
        allow_unknown_price: common.AllowUnknownPrice = False,
    ) -> None:
        """The HTTP API: POST /v1/clean, /v1/readout, /v1/translate, /v1/brief; GET /healthz; docs at /docs.

        Set JIYAO_SERVICE_TOKEN to require a bearer token. A request may say what it may spend
        ("max_cost" in its body, dollars): a call that would pass it is not sent (402).

        Example:  JIYAO_SERVICE_TOKEN=s3cret jiyao serve --port 8000
        """
        from jiyao.service import create_app, serve_forever

        settings = common.settings(timeout=timeout)
        if names is not None:
            settings = settings.replace(names_path=names)
        if host not in ("127.0.0.1", "localhost", "::1") and settings.service_token is None:
            typer.echo("jiyao: warning: listening beyond this machine without JIYAO_SERVICE_TOKEN", err=True)
        app_ = common.run(
            lambda: create_app(
                settings,
                body_limit=body_limit,
                workers=workers,
                queue=queue,
                max_cost=max_cost,
                allow_unknown_price=allow_unknown_price,
            )
        )
        try:
            common.run(lambda: serve_forever(app_, host, port))
        except KeyboardInterrupt:  # uvicorn stopped on it, and raises it again as it returns
            if unanswered := app_.state.unanswered():
                what = "cached for when their reports are sent again"
                typer.echo(common.stopping_note(unanswered, settings.timeout, what), err=True)
                common.exit_on_second_ctrl_c()
            raise

    @cache_app.command("stats")
    def cache_stats() -> None:
        """Entries and size of the cache. Example:  jiyao cache stats"""
        from jiyao.cache import ResultCache

        settings = common.settings()
        stats = ResultCache(settings.cache_dir).stats()
        typer.echo(f"directory: {stats.directory}\nentries:   {stats.entries}\nsize:      {stats.size_bytes} bytes")
        if stats.problem:
            typer.echo(f"jiyao: warning: {stats.problem}", err=True)

    @cache_app.command("clear")
    def cache_clear() -> None:
        """Remove every cached output, even from a cache too broken to open. Example:  jiyao cache clear"""
        from jiyao.cache import ResultCache

        settings = common.settings()
        try:
            removed = ResultCache(settings.cache_dir).clear()
        except OSError as e:
            raise common.fail(
                InputError(f"cannot clear the cache: {e.strerror or e}", path=settings.cache_dir)
            ) from None
        typer.echo(f"removed {removed} entries from {settings.cache_dir}")


def _dry_run(runner: Batch, planned: BatchPlan, max_cost: float | None) -> None:
    """The calls the batch would make now, report by report; none is made, nothing written."""
    assert runner.engine is not None
    calls = [call for _, planned_calls in planned.calls for call in planned_calls]
    skipped = f"; {planned.skipped} skipped, their outputs up to date" if planned.skipped else ""
    typer.echo(
        f"dry run: {len(planned.calls)} reports, {len(calls)} calls to {runner.engine.model} at "
        f"{runner.engine.backend.endpoint.base_url}{skipped}"
    )
    for name, planned_calls in planned.calls:
        typer.echo(
            f"  {common.shown(name)}: {len(planned_calls)} calls, prompt {sum(c.prompt_tokens for c in planned_calls)} "
            f"tokens, expected output {sum(c.expected_output_tokens for c in planned_calls)}"
        )
    for outcome in planned.failed:
        typer.echo(f"  {common.shown(outcome.name)}: would fail: {outcome.reason}")
    common.plan_totals(runner.engine, calls, max_cost)


def _provider_batch(
    directory: Path,
    output: Path,
    settings: object,
    pattern: str,
    concurrency: int,
    via: str,
    export_jsonl: Path | None,
    import_jsonl: Path | None,
    poll: float,
    dry_run: bool,
    max_cost: float | None,
    names: frozenset[str],
    workers: int,
) -> None:
    """The same batch through the provider's Batch API, or a JSONL runner (export/import)."""
    from jiyao.batch import Batch
    from jiyao.provider_batch import ProviderBatch
    from jiyao.settings import Settings

    assert isinstance(settings, Settings)
    common.run(settings.endpoint)

    def make(engine: object) -> Batch:
        return Batch(
            directory, output, settings, pattern=pattern, concurrency=concurrency, engine=engine, names=names,
            workers=workers,
        )  # fmt: skip

    runner = ProviderBatch(
        make, settings, output, poll_seconds=poll, on_status=lambda m: typer.echo(f"jiyao: {m}", err=True)
    )
    if import_jsonl is not None:
        count = common.run(lambda: runner.import_results(import_jsonl))
        typer.echo(f"jiyao: imported {count} results from {import_jsonl}", err=True)
    state = common.run(lambda: runner.run(dry_run=dry_run, max_cost=max_cost, export=export_jsonl))
    counts = state.to_json()["counts"]
    waiting = counts.get("pending", 0)
    written = counts["done"] + counts["skipped"] + counts.get("partial", 0)
    typer.echo(
        f"{state.total} reports: {written} written, {counts['failed']} failed, "
        f"{waiting} waiting for results — {output / 'summary.json'}",
        err=True,
    )
    for outcome in state.partial:
        typer.echo(f"jiyao: incomplete: {outcome.name}: {outcome.reason}", err=True)
    common.content_filter_hint([outcome.reason or "" for outcome in state.failed + state.partial])
    if counts["failed"]:
        raise typer.Exit(1)
    if state.partial:
        raise typer.Exit(common.PARTIAL_EXIT)


def _window_note(settings: Settings, listed: int | None, ollama: bool) -> str:
    from jiyao.settings import OLLAMA_WINDOW, is_ollama

    if listed is not None and listed != settings.context_window:
        return f" (the server lists {listed}: set JIYAO_CONTEXT_WINDOW={listed})"
    if settings.context_window == OLLAMA_WINDOW and is_ollama(settings.model or "", settings.base_url or ""):
        return " (Ollama's default: a server run with OLLAMA_CONTEXT_LENGTH raised needs JIYAO_CONTEXT_WINDOW too)"
    if ollama:  # told by its answer, where the model's name and the port did not say
        return (
            f" (the server is Ollama, by its answer: its window is {OLLAMA_WINDOW} unless OLLAMA_CONTEXT_LENGTH "
            "raised it, and it cuts a longer prompt without a word; set JIYAO_CONTEXT_WINDOW to the one it runs with)"
        )
    return ""


def _thinking_note(thinks: bool, room: int) -> str:
    """Whether the model thinks before it answers, and whether each request leaves it room."""
    if not thinks:
        return "no"
    if room:
        return f"yes: each request leaves it {room} tokens for that (JIYAO_REASONING_TOKENS)"
    # A model the name does not tell (Qwen3's hybrids on a server that leaves thinking on).
    return (
        "yes, and JIYAO_REASONING_TOKENS is 0: set it (e.g. 4096), or a readout's request may run "
        "out while the model thinks and be asked again"
    )
