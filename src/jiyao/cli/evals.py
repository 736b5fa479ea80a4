"""``jiyao eval``: score an engine against the hand-made labels, per field; gate on a baseline."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from jiyao.cli import common
from jiyao.cli.common import BaseUrl, EngineChoice, Model, NoCache
from jiyao.errors import ConfigError, InputError

if TYPE_CHECKING:
    from jiyao.evaluation.corpus import SplitScore


def register(app: typer.Typer) -> None:
    eval_app = typer.Typer(
        invoke_without_command=True,
        help="Score an engine against the hand-made labels, per field; gate on a baseline; compare runs.",
    )
    app.add_typer(eval_app, name="eval")

    @eval_app.command("compare")
    def compare(
        run_a: Annotated[Path, typer.Argument(metavar="RUN_A", help="The earlier run report (evals/runs/*.json).")],
        run_b: Annotated[Path, typer.Argument(metavar="RUN_B", help="The later run report.")],
        report: Annotated[
            Path | None, typer.Option("--report", metavar="FILE", help="Also write the later run as .md or .html.")
        ] = None,
    ) -> None:
        """Every field and document cell that changed between two runs, with the items that came and went.

        Example:  jiyao eval compare evals/runs/A-offline.json evals/runs/B-llm.json
        """
        from jiyao.evaluation.report import compare_runs, comparison_text, load_run, run_report, write_text

        a, b = common.run(lambda: load_run(run_a)), common.run(lambda: load_run(run_b))
        comparison = compare_runs(a, b)
        typer.echo(comparison_text(comparison, run_a.name, run_b.name), nl=False)
        for warning in comparison.warnings:
            typer.echo(f"jiyao: warning: {warning}", err=True)
        if report is not None:
            fmt: Literal["md", "html"] = "html" if report.suffix.lower() in (".html", ".htm") else "md"
            common.run(lambda: write_text(report, run_report(b, fmt)))
            typer.echo(f"written: {report}", err=True)

    @eval_app.command("corpus")
    def corpus(
        split: Annotated[
            list[str] | None,
            typer.Option("--split", metavar="NAME", help="seeds, dev or test; repeat for several (default: all)."),
        ] = None,
        corpus_dir: Annotated[Path, typer.Option("--corpus", metavar="DIR", help="<split>/<name>.txt + .json.")] = Path(
            "evals/corpus"
        ),
        variants: Annotated[int, typer.Option(min=1, max=20, help="Garbled variants of each report.")] = 3,
        baseline: Annotated[
            Path | None, typer.Option(metavar="FILE", help="Compare with this baseline; exit 1 on a drop.")
        ] = None,
        accept: Annotated[bool, typer.Option(help="Write this run over --baseline.")] = False,
        misses: Annotated[
            bool, typer.Option("--misses", help="List every wrong chair, date, attendee list and directive.")
        ] = False,
        names_known: Annotated[
            bool,
            typer.Option(
                "--names-known",
                help="Clean each report with the people its label names as its --names list (what a user "
                "who follows that government knows). Not comparable with a baseline made without.",
            ),
        ] = False,
    ) -> None:
        """The cleaner and the offline engine on reports nobody tuned them to.

        Each gold report of the development corpus is garbled the way scrapers garble
        pages (glued pinyin, ASCII punctuation, stray commas, GBK byte loss, site
        chrome), cleaned and read back; the seeds are scored beside it. Quote the test
        split: the rules were written while reading dev and the seeds.

        Example:  jiyao eval corpus --split dev --misses
        """
        import json

        from jiyao.evaluation import corpus as corpus_eval
        from jiyao.evaluation.report import write_text
        from jiyao.render import corpus_table

        wanted = split or (list(corpus_eval.SPLITS) if names_known else ["seeds", *corpus_eval.SPLITS])
        unknown = sorted(set(wanted) - {"seeds", *corpus_eval.SPLITS})
        if unknown:
            raise common.fail(InputError(f"--split: unknown split {', '.join(unknown)} (seeds, dev or test)"))
        if names_known and ("seeds" in wanted or baseline is not None):
            raise common.fail(InputError("--names-known scores dev and test only, and against no baseline"))
        scores = {}
        for name in wanted:
            if name == "seeds":
                scores[name] = common.run(
                    lambda: corpus_eval.score_seeds(Path("seeds"), Path("evals/gold/clean"), Path("evals/labels"))
                )
            else:
                scores[name] = _score_split(corpus_dir, name, variants, names_known)
        figures = {name: score.figures() for name, score in scores.items()}
        sizes = {name: f"{s.documents} × {s.variants // max(1, s.documents)}" for name, s in scores.items()}
        corpus_table(figures, sizes)
        if misses:
            for score in scores.values():
                for line in score.misses:
                    typer.echo(f"{score.split} {line}")
        if baseline is not None and accept:
            common.run(lambda: write_text(baseline, json.dumps(figures, indent=2, sort_keys=True) + "\n"))
            typer.echo(f"baseline accepted: {baseline}", err=True)
            return
        if baseline is not None:
            try:
                before = json.loads(baseline.read_text(encoding="utf-8"))
            except (OSError, ValueError) as e:
                raise common.fail(InputError(f"cannot read the baseline: {e}", path=baseline)) from e
            worse = corpus_eval.regressions(figures, before, tolerance=0.0)
            for line in worse:
                typer.echo(f"jiyao: regression: {line}", err=True)
            if worse:
                raise typer.Exit(1)

    @eval_app.callback()
    def evaluate(
        ctx: typer.Context,
        engine: Annotated[
            EngineChoice, typer.Option("--engine", "-e", help="The engine to score (auto: llm if configured).")
        ] = EngineChoice.offline,
        labels: Annotated[Path, typer.Option(metavar="DIR", help="Hand-made labels, <name>.json.")] = Path(
            "evals/labels"
        ),
        documents: Annotated[
            Path, typer.Option("--reports", "--documents", metavar="DIR", help="The reports, <name>.txt.")
        ] = Path("seeds"),
        report: Annotated[
            Path | None,
            typer.Option("--report", metavar="FILE", help="Write a report to share: .md, or .html (self-contained)."),
        ] = None,
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

        Example:  jiyao eval --engine offline --baseline evals/baselines/offline.json --report eval.html
        """
        from jiyao.evaluation import runner
        from jiyao.render import eval_tables

        if ctx.invoked_subcommand is not None:
            return
        for folder, what in ((labels, "--labels"), (documents, "--reports")):
            if not folder.is_dir():
                raise common.fail(
                    InputError(
                        f"{what}: no such folder (run from a checkout of jiyao, or give {what} DIR)", path=folder
                    )
                )
        if runs_dir.exists() and not runs_dir.is_dir():
            raise common.fail(InputError("--runs-dir is a file, not a directory", path=runs_dir))
        settings = common.settings(base_url, model, no_cache)
        llm = common.engine(settings, engine)
        if llm is None and engine is not EngineChoice.offline:
            engine = EngineChoice.offline
        base = common.run(lambda: runner.load_baseline(baseline)) if baseline else None
        with common.progress("documents", len(list(labels.glob("*.json")))) as advance:
            run = common.run(
                lambda: runner.run_eval(
                    runner.engine_callable(llm),
                    engine_name=engine.value if llm is None else "llm",
                    labels_dir=labels,
                    documents_dir=documents,
                    model=llm.model if llm else None,
                    prompt_versions=llm.prompt_versions() if llm else None,
                    on_document=advance,
                    translation=runner.translation_callable(llm),
                )
            )
        report_path = common.run(lambda: runner.save_run(run, runs_dir))
        if base is not None:
            for key, label in (("engine", "engine"), ("model", "model"), ("prompt_versions", "prompt versions")):
                mine = {"engine": run.engine, "model": run.model, "prompt_versions": run.prompt_versions}[key]
                if base.get(key) not in (None, {}) and base.get(key) != mine:
                    typer.echo(f"jiyao: warning: the baseline's {label} differ: {base.get(key)} vs {mine}", err=True)
        if report is not None:
            from jiyao.evaluation.report import run_from_json, run_report, write_text

            fmt: Literal["md", "html"] = "html" if report.suffix.lower() in (".html", ".htm") else "md"
            common.run(lambda: write_text(report, run_report(run_from_json(run.to_json()), fmt)))
            typer.echo(f"written: {report}", err=True)
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


def _score_split(corpus_dir: Path, name: str, variants: int, names_known: bool = False) -> SplitScore:
    """One split of the corpus, with a bar on a terminal (a split takes tens of seconds)."""
    from jiyao.evaluation import corpus as corpus_eval

    with common.progress(f"{name} split", len(list((corpus_dir / name).glob("*.json")))) as advance:
        return common.run(
            lambda: corpus_eval.score_split(
                corpus_dir, name, variants=variants, on_document=advance, names_known=names_known
            )
        )
