"""Paragraph-aligned English translation, chunk by chunk.

Each chunk gets the source text before it (bounded) as context, and only the
glossary entries and romanized names present in it; so no chunk waits for
another, and a report's chunks are translated at once. Its
output is checked — as many paragraphs as the source, none empty or a refusal,
every number of the source kept, glossary terms and names used — and a
failing check is re-asked with its reason; a chunk that still fails is
reported and the rest of the report goes on.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationInfo, model_validator

from jiyao.chunking import Chunk, Piece, chunk_lines
from jiyao.cleaning import CleanReport
from jiyao.errors import ContentFilteredError, ContextWindowError, OutputError, TruncatedError
from jiyao.extraction import people_in
from jiyao.glossary import Term
from jiyao.llm.models import TranslationOutput
from jiyao.names import romanize_name
from jiyao.pipeline.engine import (
    NEIGHBOUR_CONTEXT_CHARS,
    OUTPUT_RATIO,
    LLMEngine,
    PlannedCall,
    narrows_refusals,
    parts_of,
)

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_DATE = re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # fmt: skip


def missing_numbers(source: str, target: str) -> list[str]:
    """Numbers and dates of ``source`` not found in ``target`` (dates may be written in English)."""
    flat = target.replace(",", "")
    missing = []
    for match in _DATE.finditer(source):
        year, month, day = match.groups()
        month_name = _MONTHS[int(month) - 1] if 1 <= int(month) <= 12 else month
        found = (month_name.lower() in flat.lower() or re.search(rf"\b{int(month)}\b", flat)) and re.search(
            rf"\b{int(day)}(st|nd|rd|th)?\b", flat
        )
        if not found or (year and year not in flat):
            missing.append(match.group())
    rest = _DATE.sub(" ", source)
    missing += [n for n in _NUMBER.findall(rest) if n not in flat]
    return missing


_REFUSAL = re.compile(r"^\s*(I'm sorry|I am sorry|I cannot|I can't|I won't|As an AI)", re.IGNORECASE)


class CheckedTranslation(TranslationOutput):
    """A translation that passes the chunk's checks (given as validation context)."""

    @model_validator(mode="after")
    def _checks(self, info: ValidationInfo) -> CheckedTranslation:
        context: dict[str, Any] = info.context or {}
        sources: list[str] = context.get("sources", [])
        if sources and len(self.paragraphs) != len(sources):
            raise ValueError(f"expected {len(sources)} paragraphs, got {len(self.paragraphs)}; keep them one for one")
        problems = []
        for i, (source, target) in enumerate(zip(sources, self.paragraphs, strict=False), 1):
            if not target.strip():
                problems.append(f"paragraph {i} is empty")
            elif _REFUSAL.match(target):
                problems.append(f"paragraph {i} is a refusal, not a translation")
            missing = missing_numbers(source, target)
            if missing:
                problems.append(f"paragraph {i} drops the numbers {', '.join(missing)}")
        joined = " ".join(self.paragraphs).lower()
        for zh, en in context.get("terms", []):
            if en.lower() not in joined:
                problems.append(f"{zh} must be rendered as '{en}'")
        for zh, en in context.get("names", []):
            if en.lower() not in joined:
                problems.append(f"the name {zh} must be written '{en}'")
        if problems:
            raise ValueError("; ".join(problems))
        return self


@dataclass(frozen=True)
class ParagraphPair:
    index: int
    source: str
    target: str | None  # None when its chunk failed


@dataclass(frozen=True)
class Translation:
    pairs: tuple[ParagraphPair, ...]
    failures: tuple[str, ...]

    @property
    def complete(self) -> bool:
        return not self.failures


def translation_chunks(engine: LLMEngine, report: CleanReport) -> list[Chunk]:
    return chunk_lines(report.lines, _chunk_budget(engine, report), engine.model)


def _chunk_budget(engine: LLMEngine, report: CleanReport) -> int:
    empty = {"count": "0", "glossary": "", "names": "", "previous": "", "paragraphs": ""}
    prompt = engine.prompt_tokens(engine.prompts["translate"], empty, CheckedTranslation) + 150  # glossary, names
    return engine.chunk_budget("translate", prompt, report.text, 3 * NEIGHBOUR_CONTEXT_CHARS)


def _names(report: CleanReport) -> list[tuple[str, str]]:
    """The report's people (by the offline rules: no LLM needed) and their romanized names."""
    return [(name, romanize_name(name)) for name in people_in(report)]


def _chunk_variables(
    engine: LLMEngine, chunk: Chunk, previous: str | None, names: list[tuple[str, str]]
) -> tuple[dict[str, str], dict[str, Any]]:
    sources = [p.text for p in chunk.pieces]
    terms: list[Term] = list(engine.glossary.terms_in(chunk.text))
    # A term inside a longer term present in the chunk is covered by the longer one.
    terms = [t for t in terms if not any(t.zh != o.zh and t.zh in o.zh for o in terms)]
    present_names = [(zh, en) for zh, en in names if zh in chunk.text]
    # The source before the chunk, not its translation: chunks then wait for no other
    # chunk and run at once; names and terms stay consistent through the lists above.
    prev = f"…{previous[-NEIGHBOUR_CONTEXT_CHARS:]}" if previous else "(start of report)"
    variables = {
        "count": str(len(sources)),
        "glossary": "\n".join(f"  {t.zh} → {t.en}" for t in terms) or "  (none in this part)",
        "names": "\n".join(f"  {zh} → {en}" for zh, en in present_names) or "  (none in this part)",
        "previous": prev,
        "paragraphs": json.dumps({str(i): s for i, s in enumerate(sources, 1)}, ensure_ascii=False, indent=1),
    }
    context = {"sources": sources, "terms": [(t.zh, t.en) for t in terms], "names": present_names}
    return variables, context


def plan_translation(engine: LLMEngine, report: CleanReport) -> list[PlannedCall]:
    chunks = translation_chunks(engine, report)
    names = _names(report)
    calls = []
    for i, chunk in enumerate(chunks):
        variables, _ = _chunk_variables(engine, chunk, chunks[i - 1].text if i else None, names)
        calls.append(
            PlannedCall(
                "translate",
                f"chunk {i + 1}/{len(chunks)}",
                engine.prompt_tokens(engine.prompts["translate"], variables, CheckedTranslation, priced=True),
                int(chunk.tokens * OUTPUT_RATIO["translate"]) + 20,
            )
        )
    return calls


def translate_report(engine: LLMEngine, report: CleanReport, *, name: str = "report") -> Translation:
    failures: list[str] = []
    refused: list[ContentFilteredError] = []
    chunks = translation_chunks(engine, report)
    done = _translated(engine, report, chunks, None, _names(report), name, failures, refused)
    if refused and len(refused) == len(failures) and all(target is None for _, target in done):
        raise refused[0]  # every part was refused: no translation to give, and the reason is one
    pieces: dict[int, list[str | None]] = {}
    for piece, target in done:
        pieces.setdefault(piece.line, []).append(target)
    pairs = []
    for index, line in enumerate(report.lines):
        parts = pieces.get(index, [None])
        target = None if any(p is None for p in parts) else " ".join(p for p in parts if p)
        pairs.append(ParagraphPair(index, line, target))
    return Translation(tuple(pairs), tuple(failures))


def _translated(
    engine: LLMEngine,
    report: CleanReport,
    chunks: list[Chunk],
    before: str | None,
    names: list[tuple[str, str]],
    name: str,
    failures: list[str],
    refused: list[ContentFilteredError],
    depth: int = 0,
) -> list[tuple[Piece, str | None]]:
    """Each piece of ``chunks`` with its translation (None where it failed), in order, the
    chunks at once. A chunk the provider's content filter refused is split in two and asked
    again (:func:`narrows_refusals`): the refused passage is left untranslated alone. So is
    one whose translation did not fit, or that the server's window does not hold (planned
    before the server said it is smaller: split to fit it)."""

    def unit(i: int) -> str:
        return f"{name} translation chunk {i + 1}/{len(chunks)}" + (f" (part, level {depth})" if depth else "")

    def previous(i: int) -> str | None:
        return chunks[i - 1].text if i else before

    def job(i: int) -> Callable[[], CheckedTranslation]:
        variables, context = _chunk_variables(engine, chunks[i], previous(i), names)
        return lambda: engine.ask(
            "translate",
            variables,
            CheckedTranslation,
            unit=unit(i),
            expected_output_tokens=int(chunks[i].tokens * OUTPUT_RATIO["translate"]) + 20,
            validation_context=context,
        )

    done: list[tuple[Piece, str | None]] = []
    results = engine.run_all([job(i) for i in range(len(chunks))])
    narrow = narrows_refusals(results, depth)
    for i, (chunk, result) in enumerate(zip(chunks, results, strict=True)):
        if (isinstance(result, ContentFilteredError) and narrow) or (
            isinstance(result, TruncatedError | ContextWindowError) and depth < 3
        ):
            halves = parts_of(chunk, result, lambda: _chunk_budget(engine, report), engine.model)
            if len(halves) >= 2:
                done += _translated(engine, report, halves, previous(i), names, name, failures, refused, depth + 1)
                continue
        targets: list[str | None]
        if isinstance(result, OutputError | ContextWindowError):
            failures.append(f"{unit(i)}: {result.reason}")
            refused += [result] if isinstance(result, ContentFilteredError) else []
            targets = [None] * len(chunk.pieces)
        elif isinstance(result, BaseException):
            raise result
        else:
            targets = list(result.paragraphs)
        done += zip(chunk.pieces, targets, strict=True)
    return done


def translation_checks(report: CleanReport, translation: Translation) -> dict[str, float]:
    """Reference-free quality of one translation, each 0..1 (for ``jiyao eval --engine llm``).

    translation_aligned: share of paragraphs translated (one for one);
    translation_numbers: share of translated paragraphs that keep every number and date;
    translation_glossary: share of glossary terms of the report rendered as the glossary says;
    translation_names: share of the report's people written in their romanized form.
    """
    from jiyao.glossary import load_glossary

    done = [p for p in translation.pairs if p.target]
    joined = " ".join(p.target or "" for p in translation.pairs).lower()
    terms = load_glossary().terms_in(report.text)
    names = _names(report)

    def share(hits: int, total: int) -> float:
        return hits / total if total else 1.0

    return {
        "translation_aligned": share(len(done), len(translation.pairs)),
        "translation_numbers": share(sum(not missing_numbers(p.source, p.target or "") for p in done), len(done)),
        "translation_glossary": share(sum(t.en.lower() in joined for t in terms), len(terms)),
        "translation_names": share(sum(en.lower() in joined for _, en in names), len(names)),
    }
