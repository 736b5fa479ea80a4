"""Running an engine over labeled documents, comparing with a baseline, saving reports."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, ValidationError
from pydantic import Field as PydanticField

from jiyao.cleaning import CleanReport, clean_file
from jiyao.errors import InputError, JiyaoError, LabelError
from jiyao.evaluation.report import ScoreIn
from jiyao.evaluation.scoring import FieldScore, score_readout
from jiyao.schemas import LABEL_FIELDS, Readout

if TYPE_CHECKING:
    from jiyao.pipeline.engine import LLMEngine

Engine = Callable[[CleanReport], Readout]
TranslationCheck = Callable[[CleanReport, str], dict[str, float]]


def engine_callable(llm: LLMEngine | None) -> Engine:
    """The readout engine to score: the LLM's when given, else the offline rules."""
    if llm is None:
        from jiyao.extraction import extract_offline

        return extract_offline
    from jiyao.pipeline.mapreduce import llm_readout

    return lambda report: llm_readout(llm, report)


def translation_callable(llm: LLMEngine | None) -> TranslationCheck | None:
    """Reference-free translation checks per document, when there is an LLM to translate."""
    if llm is None:
        return None
    from jiyao.pipeline.translation import translate_report, translation_checks

    return lambda report, name: translation_checks(report, translate_report(llm, report, name=name))


@dataclass(frozen=True)
class DocumentResult:
    document: str
    scores: dict[str, FieldScore]


@dataclass(frozen=True)
class EvalRun:
    engine: str
    model: str | None
    prompt_versions: dict[str, str]
    started: str
    finished: str
    documents: list[DocumentResult]
    errors: dict[str, str] = field(default_factory=dict)

    def field_means(self) -> dict[str, FieldScore]:
        """Mean precision, recall and F1 per field over the documents that ran."""
        means: dict[str, FieldScore] = {}
        if not self.documents:
            return means
        n = len(self.documents)
        names = list(dict.fromkeys(name for d in self.documents for name in d.scores))
        for name in names:
            scores = [d.scores.get(name, FieldScore(0.0, 0.0, 0.0)) for d in self.documents]
            means[name] = FieldScore(
                sum(s.precision for s in scores) / n,
                sum(s.recall for s in scores) / n,
                sum(s.f1 for s in scores) / n,
                tp=sum(s.tp for s in scores),
                fp=sum(s.fp for s in scores),
                fn=sum(s.fn for s in scores),
            )
        return means

    def to_json(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "model": self.model,
            "prompt_versions": self.prompt_versions,
            "started": self.started,
            "finished": self.finished,
            "fields": {k: asdict(v) for k, v in self.field_means().items()},
            "documents": {d.document: {k: asdict(v) for k, v in d.scores.items()} for d in self.documents},
            "errors": self.errors,
        }


def load_label(path: Path) -> Readout:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise LabelError(f"cannot read label: {e}", path=path) from e
    if not isinstance(data, dict):
        raise LabelError("a label is a JSON object", path=path)
    extra = sorted(set(data) - set(LABEL_FIELDS))
    if extra:
        raise LabelError(f"fields not labeled by hand (remove them): {', '.join(extra)}", path=path)
    try:
        return Readout.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise LabelError(f"invalid label at {where}: {first['msg']}", path=path) from e


def load_labels(labels_dir: Path) -> dict[str, Readout]:
    if not labels_dir.is_dir():
        raise LabelError("labels directory not found", path=labels_dir)
    labels = {path.stem: load_label(path) for path in sorted(labels_dir.glob("*.json"))}
    if not labels:
        raise LabelError("no label files (*.json)", path=labels_dir)
    return labels


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def run_eval(
    engine: Engine,
    *,
    engine_name: str,
    labels_dir: Path,
    documents_dir: Path,
    model: str | None = None,
    prompt_versions: Mapping[str, str] | None = None,
    on_document: Callable[[str], None] | None = None,
    translation: TranslationCheck | None = None,
) -> EvalRun:
    """Score ``engine`` on every labeled document; a failing document is recorded, not fatal."""
    labels = load_labels(labels_dir)
    started = _now()
    results: list[DocumentResult] = []
    errors: dict[str, str] = {}
    for name, gold in labels.items():
        document = documents_dir / f"{name}.txt"
        if not document.is_file():
            raise InputError(f"no document for label {name}.json", path=document)
        report = clean_file(document)
        try:
            predicted = engine(report)
            scores = score_readout(predicted, gold, report.text)
            if translation is not None:
                scores |= {k: FieldScore(v, v, v) for k, v in translation(report, name).items()}
        except JiyaoError as e:
            errors[name] = str(e)
        else:
            results.append(DocumentResult(name, scores))
        if on_document is not None:
            on_document(name)  # done, well or not
    return EvalRun(engine_name, model, dict(prompt_versions or {}), started, _now(), results, errors)


def save_run(run: EvalRun, runs_dir: Path) -> Path:
    from jiyao.files import atomic_write

    stamp = run.finished.replace(":", "").replace("+0000", "Z")
    path = runs_dir / f"{stamp}-{run.engine}.json"
    try:
        atomic_write(path, json.dumps(run.to_json(), ensure_ascii=False, indent=2) + "\n")
    except OSError as e:
        raise InputError(f"cannot write the run report: {e.strerror or e}", path=runs_dir) from e
    return path


# --- baselines -------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldDelta:
    field: str
    baseline: float | None
    current: float

    @property
    def delta(self) -> float | None:
        return None if self.baseline is None else self.current - self.baseline

    def regressed(self, tolerance: float) -> bool:
        return self.delta is not None and self.delta < -tolerance - 1e-9


def baseline_payload(run: EvalRun) -> dict[str, Any]:
    return {
        "engine": run.engine,
        "model": run.model,
        "prompt_versions": run.prompt_versions,
        "created": run.finished,
        "fields": {k: round(v.f1, 4) for k, v in run.field_means().items()},
        "documents": {d.document: {k: round(v.f1, 4) for k, v in d.scores.items()} for d in run.documents},
    }


def write_baseline(run: EvalRun, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(baseline_payload(run), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


class _Baseline(BaseModel):
    """A baseline file, or a run report (its scores are P/R/F1 objects: their F1 is used)."""

    model_config = ConfigDict(extra="allow")

    engine: str | None = None
    model: str | None = None
    prompt_versions: dict[str, str] = {}
    fields: dict[str, float | ScoreIn] = PydanticField(min_length=1)
    documents: dict[str, dict[str, float | ScoreIn]] = {}


def _f1(value: float | ScoreIn) -> float:
    return round(value.f1 if isinstance(value, ScoreIn) else value, 4)  # as runs are compared


def load_baseline(path: Path) -> dict[str, Any]:
    """A baseline or an earlier run report, validated; scores reduced to F1 per field."""
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError as e:
        raise InputError("baseline file not found (write one with --save-baseline)", path=path) from e
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read baseline: {e}", path=path) from e
    try:
        data = _Baseline.model_validate_json(raw)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(map(str, first["loc"])) or "(root)"
        raise InputError(f"not a jiyao baseline or run report: {where}: {first['msg']}", path=path) from e
    return {
        "engine": data.engine,
        "model": data.model,
        "prompt_versions": data.prompt_versions,
        "fields": {k: _f1(v) for k, v in data.fields.items()},
        "documents": {d: {k: _f1(v) for k, v in scores.items()} for d, scores in data.documents.items()},
    }


def compare(run: EvalRun, baseline: Mapping[str, Any]) -> list[FieldDelta]:
    fields = baseline["fields"]
    return [FieldDelta(name, fields.get(name), round(score.f1, 4)) for name, score in run.field_means().items()]


def compare_documents(run: EvalRun, baseline: Mapping[str, Any]) -> dict[str, list[FieldDelta]]:
    documents = baseline.get("documents", {})
    return {
        d.document: [
            FieldDelta(name, documents.get(d.document, {}).get(name), round(score.f1, 4))
            for name, score in d.scores.items()
        ]
        for d in run.documents
    }
