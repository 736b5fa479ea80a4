"""Eval results a person can act on: a report of one run, and what changed between two.

* :func:`load_run` validates a run report (``evals/runs/*.json``) on load.
* :func:`run_report` renders one run as Markdown or one self-contained HTML page: per
  field P/R/F1 and TP/FP/FN, a document × field matrix, then for every imperfect cell
  the gold items missed and the items found that the gold lacks.
* :func:`compare_runs` lists every changed cell of two runs with the items that came and
  went, and warns when the runs differ in engine, model or prompt versions.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from jiyao.errors import InputError
from jiyao.evaluation.scoring import HOW_TO_READ


class ScoreIn(BaseModel):
    """One field's score as a run report stores it (read back, validated)."""

    model_config = ConfigDict(extra="forbid")

    precision: float
    recall: float
    f1: float
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: list[str] = []
    extra: list[str] = []


class RunReport(BaseModel):
    """A run report as ``jiyao eval`` writes it."""

    model_config = ConfigDict(extra="forbid")

    engine: str
    model: str | None
    prompt_versions: dict[str, str]
    started: str
    finished: str
    fields: dict[str, ScoreIn]
    documents: dict[str, dict[str, ScoreIn]]
    errors: dict[str, str] = {}


def load_run(path: Path) -> RunReport:
    try:
        return RunReport.model_validate_json(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        raise InputError("no such run report", path=path) from e
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read the run report: {e}", path=path) from e
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(map(str, first["loc"])) or "(root)"
        raise InputError(f"not a jiyao run report: {where}: {first['msg']}", path=path) from e


def run_from_json(data: dict[str, Any]) -> RunReport:
    return RunReport.model_validate(data)


@dataclass(frozen=True)
class Change:
    document: str
    field: str
    before: float | None
    after: float | None
    fixed: tuple[str, ...]  # missed (or extra) before, not any more
    broken: tuple[str, ...]  # missed (or extra) now, not before


@dataclass(frozen=True)
class Comparison:
    warnings: tuple[str, ...]
    fields: tuple[tuple[str, float | None, float | None], ...]
    changes: tuple[Change, ...]


def compare_runs(a: RunReport, b: RunReport) -> Comparison:
    warnings = []
    if a.engine != b.engine:
        warnings.append(f"the engines differ: {a.engine} vs {b.engine}")
    if a.model != b.model:
        warnings.append(f"the models differ: {a.model} vs {b.model}")
    if a.prompt_versions != b.prompt_versions:
        warnings.append(f"the prompt versions differ: {a.prompt_versions} vs {b.prompt_versions}")
    names = list(dict.fromkeys([*a.fields, *b.fields]))
    fields = tuple((n, _f1(a.fields.get(n)), _f1(b.fields.get(n))) for n in names)
    changes = []
    for document in dict.fromkeys([*a.documents, *b.documents]):
        before, after = a.documents.get(document, {}), b.documents.get(document, {})
        for field in dict.fromkeys([*before, *after]):
            x, y = before.get(field), after.get(field)
            wrong_x = _wrong(x)
            wrong_y = _wrong(y)
            if _f1(x) == _f1(y) and wrong_x == wrong_y:
                continue
            changes.append(
                Change(
                    document,
                    field,
                    _f1(x),
                    _f1(y),
                    tuple(sorted(wrong_x - wrong_y)),
                    tuple(sorted(wrong_y - wrong_x)),
                )
            )
    return Comparison(tuple(warnings), fields, tuple(changes))


def _f1(score: ScoreIn | None) -> float | None:
    return None if score is None else round(score.f1, 4)


def _wrong(score: ScoreIn | None) -> set[str]:
    if score is None:
        return set()
    return {f"missed {m}" for m in score.missed} | {f"extra {e}" for e in score.extra}


def comparison_text(comparison: Comparison, a: str, b: str) -> str:
    lines = [f"jiyao eval compare: {a} → {b}"]
    lines += [f"warning: {w}" for w in comparison.warnings]
    lines.append("")
    lines.append(f"{'field':18s} {'before':>8s} {'after':>8s}")
    for name, x, y in comparison.fields:
        mark = "" if x == y else ("  better" if (y or 0) > (x or 0) else "  worse")
        lines.append(f"{name:18s} {_num(x):>8s} {_num(y):>8s}{mark}")
    lines.append("")
    if not comparison.changes:
        lines.append("no document changed")
    for c in comparison.changes:
        lines.append(f"{c.document} · {c.field}: {_num(c.before)} → {_num(c.after)}")
        lines += [f"    fixed:  {item}" for item in c.fixed]
        lines += [f"    broken: {item}" for item in c.broken]
    return "\n".join(lines) + "\n"


def _num(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def run_report(run: RunReport, fmt: Literal["md", "html"]) -> str:
    """One run as Markdown or a self-contained HTML page (escaped, no scripts)."""
    documents = list(run.documents)
    fields = list(run.fields)
    problems = [
        (document, field, score)
        for document in documents
        for field, score in run.documents[document].items()
        if score.missed or score.extra
    ]
    if fmt == "md":
        return _markdown(run, documents, fields, problems)
    from jinja2 import Environment, PackageLoader

    env = Environment(loader=PackageLoader("jiyao", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    rendered: str = env.get_template("eval.html.j2").render(
        run=run, documents=documents, fields=fields, problems=problems, cell=_cell_class, how_to_read=HOW_TO_READ
    )
    return rendered


def _cell_class(f1: float) -> str:
    return "ok" if f1 >= 0.999 else "mid" if f1 >= 0.8 else "bad"


def _markdown(run: RunReport, documents: list[str], fields: list[str], problems: list[Any]) -> str:
    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")

    out = [f"# jiyao eval — {run.engine}" + (f", {run.model}" if run.model else ""), ""]
    out.append(f"{len(documents)} documents, finished {run.finished}.")
    if run.prompt_versions:
        out.append("Prompts: " + ", ".join(f"{k} {v}" for k, v in run.prompt_versions.items()) + ".")
    out += ["", "| field | P | R | F1 | TP | FP | FN |", "|---|---|---|---|---|---|---|"]
    for name, s in run.fields.items():
        out.append(f"| {name} | {s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {s.tp} | {s.fp} | {s.fn} |")
    out += ["", HOW_TO_READ, "", "## F1 by document and field", ""]
    out.append("| document | " + " | ".join(fields) + " |")
    out.append("|---|" + "---|" * len(fields))
    for document in documents:
        cells = [f"{run.documents[document][f].f1:.2f}" if f in run.documents[document] else "" for f in fields]
        out.append(f"| {esc(document)} | " + " | ".join(cells) + " |")
    out += ["", "## Expected vs got", ""]
    if not problems:
        out.append("Every item of every document matched.")
    for document, field, score in problems:
        out.append(f"- **{esc(document)} · {field}** (F1 {score.f1:.3f})")
        out += [f"  - missed: {esc(m)}" for m in score.missed]
        out += [f"  - extra: {esc(e)}" for e in score.extra]
    for name, error in run.errors.items():
        out.append(f"- **{esc(name)}** failed: {esc(error)}")
    return "\n".join(out) + "\n"


def write_text(path: Path, text: str) -> None:
    from jiyao.files import atomic_write

    try:
        atomic_write(path, text)
    except OSError as e:
        raise InputError(f"cannot write: {e.strerror or e}", path=path) from e


def as_json(run: RunReport) -> str:
    return json.dumps(run.model_dump(mode="json"), ensure_ascii=False, indent=2)
