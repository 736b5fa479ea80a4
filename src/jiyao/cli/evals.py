"""``jiyao eval``: score an engine against the hand-made labels, per field; gate on a baseline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from jiyao.cli import common
from jiyao.cli.common import BaseUrl, EngineChoice, Model, NoCache
from jiyao.errors import ConfigError, InputError


def register(app: typer.Typer) -> None:
    @app.command("eval")
    def evaluate(
        engine: Annotated[
            EngineChoice, typer.Option("--engine", "-e", help="The engine to score (auto: llm if configured).")
        ] = EngineChoice.offline,
        labels: Annotated[Path, typer.Option(metavar="DIR", help="Hand-made labels, <name>.json.")] = Path(
            "evals/labels"
        ),
        documents: Annotated[Path, typer.Option(metavar="DIR", help="The reports, <name>.txt.")] = Path("seeds"),
        baseline: Annotated[
            Path | None, typer.Option(metavar="FILE", help="Compare with this baseline; exit 1 on a drop.")
        ] = None,
        tolerance: Annotated[float, typer.Option(min=0, help="How far a field may drop before it counts.")] = 0.0,
        save_baseline: Annotated[
            Path | None, typer.Option(metavar="FILE", help="Write this run as a baseline to FILE.")
        ] = None,
        accept: Annotated[bool, typer.Option(help="Write this run over --baseline.")] = False,
        by_document: Annotated[bool, typer.Option("--by-document", help="Also a table per document.")] = False,
        runs_dir: Annotated[Path, typer.Option(metavar="DIR", help="Where the JSON run report goes.")] = Path(
            "evals/runs"
        ),
        base_url: BaseUrl = None,
        model: Model = None,
        no_cache: NoCache = False,
    ) -> None:
        """Score an engine against the hand-made labels, per field; gate on a baseline.

        Example:  jiyao eval --engine offline --baseline evals/baselines/offline.json
        """
        from jiyao.evaluation import runner
        from jiyao.render import eval_tables

        if runs_dir.exists() and not runs_dir.is_dir():
            raise common.fail(InputError("--runs-dir is a file, not a directory", path=runs_dir))
        settings = common.settings(base_url, model, no_cache)
        llm = common.engine(settings, engine)
        if llm is None and engine is not EngineChoice.offline:
            engine = EngineChoice.offline
        base = common.run(lambda: runner.load_baseline(baseline)) if baseline else None
        run = common.run(
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
        report_path = common.run(lambda: runner.save_run(run, runs_dir))
        deltas = runner.compare(run, base) if base else None
        eval_tables(run, deltas, runner.compare_documents(run, base) if base and by_document else None, by_document)
        common.report_usage(llm)
        for name, error in run.errors.items():
            typer.echo(f"jiyao: {name}: failed: {error}", err=True)
        typer.echo(f"run report: {report_path}", err=True)
        if save_baseline:
            runner.write_baseline(run, save_baseline)
            typer.echo(f"baseline written: {save_baseline}", err=True)
        if accept:
            if baseline is None:
                raise common.fail(ConfigError("--accept needs --baseline FILE to write to"))
            runner.write_baseline(run, baseline)
            typer.echo(f"baseline accepted: {baseline}", err=True)
            return
        regressions = [d for d in deltas or [] if d.regressed(tolerance)]
        for d in regressions:
            typer.echo(f"jiyao: regression: {d.field} {d.baseline:.4f} -> {d.current:.4f}", err=True)
        if regressions or run.errors:
            raise typer.Exit(1)
