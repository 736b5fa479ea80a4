"""The pipeline's public face: what the CLI (and any other edge) calls.

With an endpoint configured, readouts, translations and briefs go through the
LLM engine; without one, the offline engine runs and the result says what
needs an LLM. Nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from jiyao.cleaning import CleanReport
from jiyao.extraction import extract_offline
from jiyao.schemas import Readout
from jiyao.settings import Settings

if TYPE_CHECKING:
    from jiyao.briefing import BriefFormat
    from jiyao.llm.backend import Backend
    from jiyao.pipeline.engine import LLMEngine, PlannedCall
    from jiyao.pipeline.translation import Translation

NO_ENDPOINT_NOTE = "no LLM endpoint configured (set JIYAO_BASE_URL and JIYAO_MODEL): used the offline engine"


def engine_for(settings: Settings) -> LLMEngine | None:
    """The LLM engine for these settings, or None when no endpoint is configured."""
    if not settings.has_endpoint:
        return None
    from jiyao.pipeline.engine import LLMEngine

    return LLMEngine(settings)


def warm_up(model: str | None, backend: Any = None) -> None:
    """Load the tables every report needs (word list, OpenCC, pinyin; with a ``model``, its
    tokenizer) once, up front: workers that all start cold would each build them at once,
    under the GIL. Without a model nothing counts tokens: the offline engine's batch had
    loaded the tokenizer for nothing (~0.35 s of a `jiyao batch` of five seeds' ~1.7 s)."""
    from jiyao.chunking import tokenizer_for
    from jiyao.cleaning import gbk_beam, tables
    from jiyao.cleaning.name_prior import name_bonus
    from jiyao.cleaning.news_model import news_model
    from jiyao.cleaning.plausibility import common_characters, jieba_dictionary
    from jiyao.cleaning.script import to_simplified, to_traditional
    from jiyao.names import romanize_name

    if model is not None:
        tokenizer_for(model)
    if backend is not None:
        backend.warm()
    jieba_dictionary()
    common_characters()
    to_simplified("會議")
    to_traditional("会议")
    romanize_name("王立")
    gbk_beam.characters(None, None)  # the decoder's index, and its name priors
    tables.word_leaders()  # the words by their last character, for a pair with both bytes lost
    tables.script_marks()  # which script a report is in
    tables.counties()  # the readout's places
    name_bonus("縣長王")
    news_model()
    try:
        tables.built_mark().touch()
    except OSError:
        pass  # a read-only directory: the tables were built in memory


def readout(
    report: CleanReport, engine: LLMEngine | None, *, keep_ungrounded: bool = False, name: str = "report"
) -> Readout:
    if engine is None:
        return extract_offline(report)
    from jiyao.pipeline.mapreduce import llm_readout

    return llm_readout(engine, report, keep_ungrounded=keep_ungrounded, name=name)


def translate(report: CleanReport, engine: LLMEngine, *, name: str = "report") -> Translation:
    from jiyao.pipeline.translation import translate_report

    return translate_report(engine, report, name=name)


@dataclass(frozen=True)
class Brief:
    text: str
    failures: tuple[str, ...]  # the parts that are missing (each also shown in the brief)


def brief_parts(
    report: CleanReport,
    engine: LLMEngine | None,
    fmt: BriefFormat = "md",
    *,
    keep_ungrounded: bool = False,
    name: str = "report",
) -> Brief:
    if engine is None:
        result, translation = readout(report, None, keep_ungrounded=keep_ungrounded, name=name), None
    else:  # independent: at once
        result, translation = engine.together(
            lambda: readout(report, engine, keep_ungrounded=keep_ungrounded, name=name),
            lambda: translate(report, engine, name=name),
        )
    failures = [n.removeprefix("failed: ") for n in result.notes if n.startswith("failed: ")]
    failures += list(translation.failures) if translation is not None else []
    from jiyao.briefing import render_brief  # extract needs no brief, nor its glossary

    text = render_brief(
        report,
        result,
        translation,
        fmt,
        source=name,
        engine="llm" if engine is not None else "offline",
        model=engine.model if engine is not None else None,
    )
    return Brief(text, tuple(failures))


def brief(
    report: CleanReport,
    engine: LLMEngine | None,
    fmt: BriefFormat = "md",
    *,
    keep_ungrounded: bool = False,
    name: str = "report",
) -> str:
    return brief_parts(report, engine, fmt, keep_ungrounded=keep_ungrounded, name=name).text


def plan(report: CleanReport, engine: LLMEngine, tasks: tuple[str, ...]) -> list[PlannedCall]:
    """The calls a job would make, with token estimates, without making any."""
    from jiyao.pipeline.mapreduce import plan_readout
    from jiyao.pipeline.translation import plan_translation

    calls: list[PlannedCall] = []
    if "readout" in tasks:
        calls += plan_readout(engine, report)
    if "translate" in tasks:
        calls += plan_translation(engine, report)
    return calls


@dataclass(frozen=True)
class DoctorReport:
    base_url: str
    model: str
    reachable: bool
    model_listed: bool | None
    models: tuple[str, ...]
    structured_mode: str | None
    problem: str | None
    thinks: bool | None = None  # whether the model thought before answering the check
    server_window: int | None = None  # the model's window as the server lists it (vLLM's max_model_len)
    cuts_silently: bool = False  # Ollama, by its answer: its window is its own, and it says nothing


def doctor(settings: Settings) -> DoctorReport:
    """Check the endpoint: reachable, model listed, which structured-output rung works."""
    from jiyao.llm.backend import OpenAIBackend

    backend = OpenAIBackend(settings.replace(max_retries=1))
    try:
        return _checked(settings, backend)
    finally:
        backend.close()  # its connections: a server's doctor runs again and again


def _checked(settings: Settings, backend: Backend) -> DoctorReport:
    from pydantic import BaseModel, ConfigDict

    from jiyao.errors import LLMError
    from jiyao.llm.structured import Rungs, StructuredClient
    from jiyao.prompts import Message, latest_prompt

    endpoint = settings.endpoint()
    try:
        listing: dict[str, int | None] | None = backend.list_models()
    except LLMError as e:
        if "not found" not in e.reason:  # Ollama and llama.cpp may have no /v1/models: ask anyway
            return DoctorReport(endpoint.base_url, endpoint.model, False, None, (), None, str(e))
        listing = None

    class Ping(BaseModel):
        model_config = ConfigDict(extra="forbid")
        ok: bool

    client = StructuredClient(
        backend, reask_prompt=latest_prompt(settings.prompts_dir, "reask"), reasks=1, rungs=Rungs()
    )
    messages = [Message("system", "You answer in JSON."), Message("user", 'Answer {"ok": true}.')]
    try:
        # Room for a model that thinks or chats before its answer.
        room = min(1024, settings.max_output_tokens) + settings.reasoning_tokens
        answer = client.ask(messages, Ping, unit="doctor", max_tokens=room)
        mode, problem, thinks = answer.mode.value, None, answer.thought
    except LLMError as e:
        mode, problem, thinks = None, str(e), None
    listed = endpoint.model in listing if listing is not None else None
    models, window = tuple(listing or ()), (listing or {}).get(endpoint.model)
    cuts = backend.dialect.cuts_silently
    return DoctorReport(endpoint.base_url, endpoint.model, True, listed, models, mode, problem, thinks, window, cuts)
