"""The readout with an LLM: map over chunks, reduce to one :class:`Readout`.

* Map: each chunk gets its own text plus a bounded context from its neighbours.
* Reduce: people merged by normalized name (roles united, the most specific title
  kept), scalars from the first chunk that grounds them, directives in order.
* Grounding: every quote must be found in the clean text (exactly, then after
  normalization); ungrounded people and fields are dropped and named in the notes,
  or kept and flagged with ``keep_ungrounded``.
* Names are romanized and titles translated by the deterministic tables, not the LLM.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jiyao.attribution import with_speakers
from jiyao.chunking import Chunk, chunk_lines, count_tokens
from jiyao.cleaning import Byline, CleanReport
from jiyao.cleaning.script import to_simplified
from jiyao.dating import with_year
from jiyao.errors import (
    ContentFilteredError,
    ContextWindowError,
    LLMError,
    OutputError,
    ThinkingCutError,
    TruncatedError,
)
from jiyao.evaluation.scoring import normalize
from jiyao.extraction import (
    doubtful_readings,
    input_notes,
    mentioned_in,
    personnel_in,
    several_meetings,
    undated,
    venue_in,
)
from jiyao.extraction.places import location_english
from jiyao.extraction.venues import venue_english
from jiyao.grounding import locate
from jiyao.llm.models import ChunkPerson, ChunkReadout, Quoted, ReportReadout, SummaryOutput
from jiyao.names import romanize_name
from jiyao.pipeline.engine import (
    NEIGHBOUR_CONTEXT_CHARS,
    OUTPUT_RATIO,
    LLMEngine,
    PlannedCall,
    narrows_refusals,
    parts_of,
)
from jiyao.schemas import Directive, Evidence, Person, Readout, Target

_GENERIC = ("領導", "领导")
_SAYS_CHAIRED = re.compile("主持|召集")
_DATE = re.compile(r"^(\d{4}|-)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


def fits_one_call(engine: LLMEngine, report: CleanReport) -> bool:
    """Whether the whole report fits the ``report`` prompt: facts and summaries in one call."""
    prompt = engine.prompt_tokens(engine.prompts["report"], {"report": ""}, ReportReadout)
    budget = engine.chunk_budget("report", prompt, "", 0)
    return count_tokens(report.text, engine.model) <= budget


def _chunk_budget(engine: LLMEngine, report: CleanReport) -> int:
    # The prompt with a chunk's label and its context's frame, the text left out: counted.
    frame = {"chunk_label": "Chunk 99 of 99.", "context": "…\n[chunk]\n…", "report": ""}
    prompt = engine.prompt_tokens(engine.prompts["readout"], frame, ChunkReadout)
    return engine.chunk_budget("readout", prompt, report.text, 2 * NEIGHBOUR_CONTEXT_CHARS)


def readout_chunks(engine: LLMEngine, report: CleanReport) -> list[Chunk]:
    return chunk_lines(report.lines, _chunk_budget(engine, report), engine.model)


def _variables(chunks: list[Chunk], index: int, text: str) -> dict[str, str]:
    chunk = chunks[index]
    before = text[max(0, chunk.start - NEIGHBOUR_CONTEXT_CHARS) : chunk.start]
    after = text[chunk.end : chunk.end + NEIGHBOUR_CONTEXT_CHARS]
    context = (f"…{before}" if before else "(start of report)") + "\n[chunk]\n" + (f"{after}…" if after else "(end)")
    return {"chunk_label": f"Chunk {index + 1} of {len(chunks)}.", "context": context, "report": chunk.text}


def plan_readout(engine: LLMEngine, report: CleanReport) -> list[PlannedCall]:
    if fits_one_call(engine, report):
        tokens = count_tokens(report.text, engine.model)
        prompt = engine.prompt_tokens(engine.prompts["report"], {"report": report.text}, ReportReadout, priced=True)
        return [PlannedCall("report", "whole report", prompt, int(tokens * OUTPUT_RATIO["report"]) + 200)]
    chunks = readout_chunks(engine, report)
    calls = [
        PlannedCall(
            "readout",
            f"chunk {i + 1}/{len(chunks)}",
            engine.prompt_tokens(
                engine.prompts["readout"], _variables(chunks, i, report.text), ChunkReadout, priced=True
            ),
            int(chunk.tokens * OUTPUT_RATIO["readout"]) + 100,
        )
        for i, chunk in enumerate(chunks)
    ]
    opening = {"facts": "", "opening": report.text[:400]}
    summary_prompt = engine.prompt_tokens(engine.prompts["summary"], opening, SummaryOutput, priced=True)
    calls.append(PlannedCall("summary", "summary", summary_prompt + 600, 500))
    return calls


@dataclass
class _Merged:
    people: dict[str, tuple[Person, set[str], Evidence]]
    scalars: dict[str, tuple[str, Evidence]]
    time_of_day: str | None
    format: str
    directives: list[tuple[str, Evidence]]
    slogans: list[str]
    targets: list[tuple[str, str | None, Evidence | None]]
    dropped: list[str]
    # People claimed as chair with a quote that says so (主持, 召集): a chunk that lacks the
    # sentence may guess the first speaker; the chunk that has it wins.
    said_to_chair: set[str]


def _evidence(field: str, quote: str, text: str) -> Evidence | None:
    span = locate(quote, text)
    if span is None:
        return None
    return Evidence(field=field, quote=text[span[0] : span[1]], start=span[0], end=span[1])


def _better_title(old: str | None, new: str | None) -> str | None:
    if not new:
        return old
    if not old or (old.endswith(_GENERIC) and not new.endswith(_GENERIC)) or len(new) > len(old):
        return new
    return old


def _merge(parts: Sequence[ChunkReadout | ReportReadout], text: str, keep_ungrounded: bool) -> _Merged:
    merged = _Merged({}, {}, None, "unknown", [], [], [], [], set())

    def grounded(field: str, item: Quoted | ChunkPerson, label: str) -> Evidence | None:
        evidence = _evidence(field, item.quote, text)
        if evidence is not None:
            return evidence
        if field.startswith("person:") and (span := locate(label, text)) is not None:
            # The name stands in the text though the quote is off: the person is grounded.
            return Evidence(field=field, quote=text[span[0] : span[1]], start=span[0], end=span[1])
        merged.dropped.append(f"{field} {label!r}")
        # Kept on request, with an evidence that grounds nothing (it lowers the grounding rate).
        return Evidence(field=field, quote=item.quote, start=0, end=0) if keep_ungrounded else None

    for part in parts:
        for name in ("date", "location", "meeting"):
            item = getattr(part, name)
            if item is not None and name not in merged.scalars:
                evidence = grounded(name, item, item.value)
                if evidence is not None:
                    merged.scalars[name] = (item.value, evidence)
        merged.time_of_day = merged.time_of_day or part.time_of_day
        if merged.format == "unknown":
            merged.format = part.format
        for person in part.people:
            key = normalize(person.name)
            evidence = grounded(f"person:{person.name}", person, person.name)
            if evidence is None:
                continue
            if "chair" in person.roles and _SAYS_CHAIRED.search(person.quote):
                merged.said_to_chair.add(key)
            if key in merged.people:
                known, roles, first = merged.people[key]
                title = _better_title(known.title, person.title)
                merged.people[key] = (
                    known.model_copy(update={"title": title}),
                    roles | set(person.roles),
                    first,
                )
            else:
                merged.people[key] = (
                    Person(name=person.name, title=person.title),
                    set(person.roles),
                    evidence,
                )
        for directive in part.directives:
            evidence = grounded("directive", directive, directive.value)
            value = normalize(directive.value)
            if evidence and not any(value in normalize(d) or normalize(d) in value for d, _ in merged.directives):
                merged.directives.append((directive.value, evidence))
        for slogan in part.slogans:
            if locate(slogan, text) is None and not keep_ungrounded:
                merged.dropped.append(f"slogan {slogan!r}")
            elif normalize(slogan) not in {normalize(s) for s in merged.slogans}:
                merged.slogans.append(slogan)
        for target in part.targets:
            evidence = _evidence("target", target.quote, text) or _evidence("target", target.value, text)
            if evidence is None and not keep_ungrounded:
                merged.dropped.append(f"target {target.value!r}")
            elif target.value not in {t for t, _, _ in merged.targets}:
                merged.targets.append((target.value, target.meaning, evidence))
    return merged


def llm_readout(
    engine: LLMEngine, report: CleanReport, *, keep_ungrounded: bool = False, name: str = "report"
) -> Readout:
    """The readout with summaries: one call when the report fits, else map → reduce → summary."""
    fallback: list[str] = []
    if fits_one_call(engine, report):
        whole = _one_call(engine, report, name)
        if isinstance(whole, ReportReadout):
            parts: list[ChunkReadout | ReportReadout] = [whole]
            merged = _merge(parts, report.text, keep_ungrounded)
            readout = _assemble(engine, report, merged, _dropped_notes(merged, keep_ungrounded))
            return _with_summary(readout, whole, merged)
        # Said, not failed: the chunks answer instead, and the readout is whole.
        fallback = [f"read in chunks: {name} readout in one call: {whole.reason}"]
    notes: list[str] = []
    refused: list[ContentFilteredError] = []
    chunk_parts = _map(engine, report, readout_chunks(engine, report), name, notes, refused)
    if not chunk_parts and refused and len(refused) == len(notes):
        raise refused[0]  # every part was refused: no readout to give, and the reason is one
    merged = _merge(chunk_parts, report.text, keep_ungrounded)
    readout = _assemble(engine, report, merged, fallback + notes + _dropped_notes(merged, keep_ungrounded))
    return _summarize(engine, report, readout, name)


def _one_call(engine: LLMEngine, report: CleanReport, name: str) -> ReportReadout | LLMError:
    """The whole report in one call; the error when its answer does not fit, the server's
    window is smaller than assumed, or the provider's content filter refused it (then
    chunks: planned for the window the server said; the filter may refuse only some)."""
    tokens = count_tokens(report.text, engine.model)
    try:
        return engine.ask(
            "report",
            {"report": report.text},
            ReportReadout,
            unit=f"{name} readout",
            expected_output_tokens=int(tokens * OUTPUT_RATIO["report"]) + 200,
        )
    except (TruncatedError, ContentFilteredError, ContextWindowError) as e:
        return e


def _map(
    engine: LLMEngine,
    report: CleanReport,
    chunks: list[Chunk],
    name: str,
    notes: list[str],
    refused: list[ContentFilteredError],
    depth: int = 0,
) -> list[ChunkReadout]:
    """Each chunk's facts, the chunks at once; a chunk whose answer does not fit, that the
    server's window does not hold (planned before the server said it is smaller: split to
    fit it), or that the provider's content filter refused, is split in two and asked again
    (the refused passage is then left out alone, not the whole chunk)."""

    def unit(index: int) -> str:
        return f"{name} readout chunk {index + 1}/{len(chunks)}" + (f" (part, level {depth})" if depth else "")

    def job(index: int) -> Callable[[], ChunkReadout]:
        return lambda: engine.ask(
            "readout",
            _variables(chunks, index, report.text),
            ChunkReadout,
            unit=unit(index),
            expected_output_tokens=int(chunks[index].tokens * OUTPUT_RATIO["readout"]) + 100,
        )

    parts: list[ChunkReadout] = []
    results = engine.run_all([job(i) for i in range(len(chunks))])
    narrow = narrows_refusals(results, depth)
    for index, (chunk, result) in enumerate(zip(chunks, results, strict=True)):
        if isinstance(result, TruncatedError | ContentFilteredError | ContextWindowError):
            halves = parts_of(chunk, result, lambda: _chunk_budget(engine, report), engine.model)
            if depth >= 3 or len(halves) < 2 or (isinstance(result, ContentFilteredError) and not narrow):
                notes.append(f"failed: {unit(index)}: {result.reason}")
                refused += [result] if isinstance(result, ContentFilteredError) else []
                continue
            parts += _map(engine, report, halves, name, notes, refused, depth + 1)
        elif isinstance(result, OutputError):
            notes.append(f"failed: {unit(index)}: {result.reason}")
        elif isinstance(result, BaseException):
            raise result
        else:
            parts.append(result)
    return parts


def _dropped_notes(merged: _Merged, keep_ungrounded: bool) -> list[str]:
    verb = "kept" if keep_ungrounded else "dropped"
    return [f"ungrounded, {verb}: {d}" for d in dict.fromkeys(merged.dropped)]


def _with_summary(readout: Readout, whole: ReportReadout, merged: _Merged) -> Readout:
    english = {normalize(d.value): d.value_en for d in whole.directives}
    meanings = {t.value: t.meaning_en for t in whole.targets}
    return readout.model_copy(
        update={
            "title_en": whole.title_en if readout.title else None,
            "summary_en": whole.summary_en,
            "summary_zh": whole.summary_zh,
            "directives": [
                d.model_copy(update={"text_en": english.get(normalize(d.text_zh))}) for d in readout.directives
            ],
            "targets": [t.model_copy(update={"meaning_en": meanings.get(t.value)}) for t in readout.targets],
        }
    )


def _person(person: Person, engine: LLMEngine) -> Person:
    return person.model_copy(
        update={
            "name_en": romanize_name(person.name),
            "title_en": engine.glossary.title_en(person.title) if person.title else None,
        }
    )


def _assemble(engine: LLMEngine, report: CleanReport, merged: _Merged, notes: list[str]) -> Readout:
    people = [(_person(p, engine), roles, ev) for p, roles, ev in merged.people.values()]
    chairs = [(key, p) for key, (p, roles, _) in zip(merged.people, people, strict=True) if "chair" in roles]
    chair = next((p for key, p in chairs if key in merged.said_to_chair), chairs[0][1] if chairs else None)
    location = merged.scalars.get("location")
    date = merged.scalars.get("date")
    evidence = [ev for _, ev in merged.scalars.values()] + [ev for _, _, ev in people]
    evidence += [ev for _, ev in merged.directives]
    evidence += [ev for _, _, ev in merged.targets if ev is not None]
    # Who is named but not there, by the offline rules: the model reports who was present.
    named, named_evidence = mentioned_in(report)
    present = {normalize(p.name) for p, _, _ in people}
    mentioned = [(p, ev) for p, ev in zip(named, named_evidence, strict=True) if normalize(p.name) not in present]
    evidence += [ev for _, ev in mentioned]
    # Where it sat, by the offline rules too: the prompt asks the model for the jurisdiction.
    venue = venue_in(report)
    evidence += [venue[1]] if venue else []
    personnel, personnel_evidence = personnel_in(report)  # who was appointed, removed…: by rule too
    evidence += personnel_evidence
    readout = Readout(
        title=report.title_lines[0] if report.title_lines else None,
        subtitles=list(report.title_lines[1:]),
        date=date[0] if date and _valid_date(date[0]) else None,
        time_of_day=merged.time_of_day,
        location=location[0] if location else None,
        location_en=_location_en(location[0]) if location else None,
        venue=venue[0] if venue else None,
        venue_en=venue_english(venue[0]) if venue else None,
        meeting=merged.scalars["meeting"][0] if "meeting" in merged.scalars else None,
        format=merged.format,
        chair=chair,
        speakers=[p for p, roles, _ in people if "speaker" in roles],
        attendees=[p for p, _, _ in people],
        mentioned=[p for p, _ in mentioned],
        personnel=personnel,
        outlet=report.byline.outlet,
        reporter=report.byline.reporter,
        editor=report.byline.editor,
        directives=[Directive(text_zh=d) for d, _ in merged.directives],
        slogans=merged.slogans,
        targets=[Target(value=v, meaning=m) for v, m, _ in merged.targets],
        evidence=evidence,
        notes=[
            *input_notes(report),
            *several_meetings(report, by_rule=False),
            *doubtful_readings(report, evidence),
            *([] if date and _valid_date(date[0]) else undated(report)),
            *notes,
        ],
    )
    return with_year(with_speakers(report.text, readout), report.byline.published)


def _valid_date(value: str) -> bool:
    return bool(_DATE.match(value))


def _location_en(location: str) -> str | None:
    simple = to_simplified(location)
    if simple.endswith(("市", "省", "县", "区", "旗")):
        return location_english(simple)
    return None


def _compact_facts(readout: Readout, named: int | None = None, listed: int | None = None) -> dict[str, object]:
    """The merged facts in few tokens: one string a person (a list of 30 officials with their
    full titles would otherwise outgrow a small model's window); ``named``: the attendees
    listed, the rest counted; ``listed``: the directives listed, the rest counted."""

    def who(p: Person) -> str:
        english = ", ".join(x for x in (p.name_en, p.title_en) if x)
        return f"{p.name}{'（' + p.title + '）' if p.title else ''} = {english}"

    unnamed = len(readout.attendees) - named if named is not None else 0
    unlisted = len(readout.directives) - listed if listed is not None else 0

    return {
        "title": readout.title,
        "date": readout.date,
        "time_of_day": readout.time_of_day,
        "location": readout.location,
        "location_en": readout.location_en,
        "meeting": readout.meeting,
        "format": readout.format,
        "chair": who(readout.chair) if readout.chair else None,
        "speakers": [who(p) for p in readout.speakers],
        "attendees": [who(p) for p in readout.attendees[:named]] + ([f"… and {unnamed} more"] if unnamed > 0 else []),
        "directives": [d.text_zh for d in readout.directives[:listed]]
        + ([f"… and {unlisted} more"] if unlisted > 0 else []),
        "slogans": readout.slogans,
        "targets": [{"value": t.value, "meaning": t.meaning} for t in readout.targets],
    }


_SUMMARY_OUTPUT = 500  # tokens expected of a summary's sentences
_SUMMARY_NAMES_AT_LEAST = 6  # attendees a summary's facts always name


def _summary_output(engine: LLMEngine, readout: Readout, listed: int) -> int:
    """The answer expected of a summary: its sentences, and the English of each directive listed."""
    chinese = sum(count_tokens(d.text_zh, engine.model) for d in readout.directives[:listed])
    return _SUMMARY_OUTPUT + int(chinese * OUTPUT_RATIO["translate"])


def _summary_variables(engine: LLMEngine, report: CleanReport, readout: Readout) -> tuple[dict[str, str], int]:
    """The summary's facts fitted to the window, and how many directives they list. Past what
    fits, attendees are counted, not named (a summary names a few; 40 of them outgrew a
    4,096-token window); then directives are left to be translated apart (the summary writes
    each one's English: 52 of them outgrew it too)."""
    named, listed = len(readout.attendees), len(readout.directives)
    while True:
        facts = json.dumps(_compact_facts(readout, named, listed), ensure_ascii=False)
        variables = {"facts": facts, "opening": report.text[:400]}
        if engine.leaves_room("summary", variables, SummaryOutput, _summary_output(engine, readout, listed)):
            return variables, listed
        if named > _SUMMARY_NAMES_AT_LEAST:
            named = max(_SUMMARY_NAMES_AT_LEAST, named // 2)
        elif listed:
            listed //= 2
        else:
            return variables, listed  # asked all the same: the backend says what does not fit


def _directives_apart(
    engine: LLMEngine, directives: Sequence[Directive], name: str
) -> tuple[list[str | None], list[str]]:
    """The English of directives a summary's facts had no room for, by the translation (its
    chunks fitted to the window, its glossary and names), and its failures as notes."""
    from jiyao.pipeline.translation import translate_report

    lines = CleanReport(title_lines=(), byline=Byline(), paragraphs=tuple(d.text_zh for d in directives))
    translation = translate_report(engine, lines, name=f"{name} directives")
    return [pair.target for pair in translation.pairs], [f"failed: {failure}" for failure in translation.failures]


def _summarize(engine: LLMEngine, report: CleanReport, readout: Readout, name: str) -> Readout:
    variables, listed = _summary_variables(engine, report, readout)
    try:
        summary = engine.ask(
            "summary",
            variables,
            SummaryOutput,
            unit=f"{name} summary",
            expected_output_tokens=_summary_output(engine, readout, listed),
        )
    except (OutputError, ContextWindowError, ThinkingCutError) as e:
        # The readout stands without its summaries: said, and kept.
        return readout.model_copy(update={"notes": [*readout.notes, f"failed: {name} summary: {e.reason}"]})
    english: list[str | None] = list(summary.directives_en[:listed])
    english += [None] * (listed - len(english))
    notes = list(readout.notes)
    if listed < len(readout.directives):
        rest, failures = _directives_apart(engine, readout.directives[listed:], name)
        english += rest
        notes += failures
    directives = [d.model_copy(update={"text_en": english[i]}) for i, d in enumerate(readout.directives)]
    targets = [
        t.model_copy(update={"meaning_en": summary.targets_en[i] if i < len(summary.targets_en) else None})
        for i, t in enumerate(readout.targets)
    ]
    return readout.model_copy(
        update={
            "title_en": summary.title_en if readout.title else None,
            "summary_en": summary.summary_en,
            "summary_zh": summary.summary_zh,
            "directives": directives,
            "targets": targets,
            "notes": notes,
        }
    )
