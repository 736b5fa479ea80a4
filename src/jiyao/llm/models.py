"""What the prompts ask the model to return; validated at the edge, ``extra="forbid"``."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from jiyao.schemas import MeetingFormat, TimeOfDay


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Quoted(_Strict):
    value: str
    quote: str


class ChunkPerson(_Strict):
    name: str = Field(min_length=1)
    title: str | None
    roles: list[Literal["chair", "speaker", "attendee"]]
    quote: str


class ChunkTarget(_Strict):
    value: str
    meaning: str | None
    quote: str


class ChunkReadout(_Strict):
    """``readout`` prompt: the facts of one chunk, each with a verbatim quote."""

    date: Quoted | None
    time_of_day: TimeOfDay | None
    location: Quoted | None
    meeting: Quoted | None
    format: MeetingFormat
    people: list[ChunkPerson]
    directives: list[Quoted]
    slogans: list[str]
    targets: list[ChunkTarget]


class SummaryOutput(_Strict):
    """``summary`` prompt: English and Chinese summaries from the merged facts."""

    title_en: str | None
    summary_en: str = Field(min_length=1)
    summary_zh: str = Field(min_length=1)
    directives_en: list[str]
    targets_en: list[str]


class TranslationOutput(_Strict):
    """``translate`` prompt: one English string per numbered source paragraph."""

    paragraphs: list[str]


class ReportDirective(Quoted):
    value_en: str


class ReportTarget(ChunkTarget):
    meaning_en: str | None


class ReportReadout(_Strict):
    """``report`` prompt: a whole report in one call — its facts and the summaries."""

    date: Quoted | None
    time_of_day: TimeOfDay | None
    location: Quoted | None
    meeting: Quoted | None
    format: MeetingFormat
    people: list[ChunkPerson]
    directives: list[ReportDirective]
    slogans: list[str]
    targets: list[ReportTarget]
    title_en: str | None
    summary_en: str = Field(min_length=1)
    summary_zh: str = Field(min_length=1)
