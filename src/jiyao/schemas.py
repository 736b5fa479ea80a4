"""The readout of one report: the schema every engine produces and every label uses.

Pydantic, ``extra="forbid"``: these models sit at the edges (LLM output, label
files, JSON output), where unknown or misspelled fields must fail loudly.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

_DATE = re.compile(r"^([0-9]{4}|-)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$")  # not \d: it takes ２０２３

TimeOfDay = Literal["morning", "afternoon", "evening"]
MeetingFormat = Literal["in_person", "video", "teleconference", "hybrid", "unknown"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Person(_Strict):
    name: str = Field(min_length=1, description="Chinese name as written in the clean text")
    title: str | None = Field(None, description="Chinese title(s) as written, joined with 、")
    name_en: str | None = Field(None, description="Pinyin, surname first: 歐陽錦全 → Ouyang Jinquan")
    title_en: str | None = None


class Directive(_Strict):
    text_zh: str = Field(min_length=1)
    text_en: str | None = None
    by: str | None = Field(
        None,
        description="who gave it: the name, as written, of the last of the readout's people the report says "
        "spoke before it (王立強調…); null after the meeting's own words (會議強調…) or when none did",
    )


class Target(_Strict):
    value: str = Field(min_length=1, description="the figure as written, e.g. 79144")
    meaning: str | None = Field(None, description="what the figure stands for, in Chinese")
    meaning_en: str | None = None


PersonnelAction = Literal["appointed", "removed", "elected", "nominated", "resigned"]
# How the readable form and the brief say each.
PERSONNEL_EN: dict[PersonnelAction, str] = {
    "appointed": "Appointed",
    "removed": "Removed",
    "elected": "Elected",
    "nominated": "Nominated",
    "resigned": "Resigned",
}


class PersonnelDecision(_Strict):
    """A personnel decision the report tells of (任命黄海为县财政局局长: appointed)."""

    action: PersonnelAction = Field(description="resigned: a request to resign accepted")
    person: Person = Field(description="who, with the post concerned as their title")


class Evidence(_Strict):
    """A verbatim quote of the clean text supporting one field (or one person)."""

    field: str
    quote: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Readout(_Strict):
    title: str | None = None
    subtitles: list[str] = Field(default_factory=list)
    title_en: str | None = None
    date: str | None = Field(None, description="YYYY-MM-DD, or --MM-DD when the report gives no year")
    time_of_day: TimeOfDay | None = None
    location: str | None = Field(None, description="jurisdiction holding the meeting, with its level")
    location_en: str | None = None
    venue: str | None = Field(None, description="the room or building it was held in, as written (县政府三楼会议室)")
    venue_en: str | None = None
    meeting: str | None = None
    format: MeetingFormat = "unknown"
    chair: Person | None = None
    speakers: list[Person] = Field(default_factory=list)
    attendees: list[Person] = Field(default_factory=list)
    # Named but not there: a leader whose speech was studied, one on whose behalf someone chaired.
    mentioned: list[Person] = Field(default_factory=list)
    personnel: list[PersonnelDecision] = Field(default_factory=list)
    outlet: str | None = None
    reporter: str | None = None
    editor: str | None = None
    directives: list[Directive] = Field(default_factory=list)
    slogans: list[str] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    summary_en: str | None = None
    summary_zh: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list, description="what this engine could not do")

    @field_validator("date")
    @classmethod
    def _canonical_date(cls, value: str | None) -> str | None:
        if value is not None and not _DATE.match(value):
            raise ValueError(f"date must be YYYY-MM-DD or --MM-DD, not {value!r}")
        return value


# The fields a label file may carry: everything an engine extracts except free English text.
LABEL_FIELDS = (
    "title",
    "subtitles",
    "date",
    "time_of_day",
    "location",
    "meeting",
    "format",
    "chair",
    "speakers",
    "attendees",
    "outlet",
    "reporter",
    "editor",
    "directives",
    "slogans",
    "targets",
)
