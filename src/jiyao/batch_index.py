"""What a batch leaves for people: ``index.html`` (every brief, by date and by place),
``meetings.csv`` (a row a report: when, where, what, who chaired, how many were there and
what was ordered) and ``people.csv`` (everyone named, with role and report), from the
readouts it wrote."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from jiyao.files import atomic_write
from jiyao.schemas import Readout

INDEX_NAME = "index.html"
PEOPLE_NAME = "people.csv"
MEETINGS_NAME = "meetings.csv"


@dataclass(frozen=True)
class Entry:
    name: str  # the report's path under the input folder
    readout: Readout
    brief: str  # the brief's path relative to the output folder


def collect(output: Path, written: list[tuple[str, tuple[str, ...]]]) -> list[Entry]:
    """The readouts of the reports ``written``: each report's name and its outputs' paths."""
    entries = []
    for name, outputs in sorted(written):
        readout_path = next((Path(p) for p in outputs if p.endswith(".readout.json")), None)
        brief_path = next((Path(p) for p in outputs if p.endswith(".brief.html")), None)
        if readout_path is None or brief_path is None:
            continue
        try:
            readout = Readout.model_validate_json(readout_path.read_text(encoding="utf-8"))
        except (OSError, ValidationError, UnicodeDecodeError):
            continue
        entries.append(Entry(name, readout, brief_path.relative_to(output).as_posix()))
    return entries


# Text a spreadsheet would run as a formula (=HYPERLINK(…), +, -, @; a tab or a carriage
# return before them): names, titles, meetings and slogans come from scraped pages, and
# reports' names from files, so such a cell is written with a ' before it, which a
# spreadsheet shows as text (OWASP, "CSV injection"). jiyao's own values (a date's
# --11-28, counts, roles) are written as they are.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def people_csv(entries: list[Entry]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["name", "name_en", "title", "title_en", "role", "report"])
    for entry in entries:
        r = entry.readout
        chair = r.chair.name if r.chair else None
        speakers = {p.name for p in r.speakers}
        present = r.attendees or ([r.chair] if r.chair else [])
        roles = ["chair" if p.name == chair else "speaker" if p.name in speakers else "attendee" for p in present]
        # Named, not there (a leader whose speech was studied): listed, with that role.
        for person, role in [*zip(present, roles, strict=True), *((p, "mentioned") for p in r.mentioned)]:
            writer.writerow([
                _text(person.name), _text(person.name_en or ""), _text(person.title or ""),
                _text(person.title_en or ""), role, _text(entry.name),
            ])  # fmt: skip
    return buffer.getvalue()


MEETINGS_COLUMNS = (
    "report", "date", "time_of_day", "place", "place_en", "meeting", "meeting_en", "format",
    "chair", "chair_en", "chair_title", "chair_title_en", "attendees", "directives", "slogans",
    "to_check", "brief",
)  # fmt: skip


def meetings_csv(entries: list[Entry]) -> str:
    """A row a report, to sort and filter a batch in a spreadsheet: the counts of those
    present (the chair included) and of directives, the slogans joined with ；, and how many
    notes ask to check the source before quoting."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MEETINGS_COLUMNS)
    for entry in entries:
        r = entry.readout
        chair = r.chair
        present = {p.name for p in r.attendees} | ({chair.name} if chair else set())
        chair_cells = (chair.name, chair.name_en or "", chair.title or "", chair.title_en or "") if chair else ("",) * 4
        writer.writerow([
            _text(entry.name), r.date or "", r.time_of_day or "", _text(r.location or ""), _text(r.location_en or ""),
            _text(r.meeting or ""), _text(_meeting_en(r) or ""), r.format, *map(_text, chair_cells),
            len(present), len(r.directives), _text("；".join(r.slogans)), len(to_check(r)), _text(entry.brief),
        ])  # fmt: skip
    return buffer.getvalue()


def index_html(entries: list[Entry]) -> str:
    from jinja2 import Environment, PackageLoader

    env = Environment(loader=PackageLoader("jiyao", "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True)

    def by_date(e: Entry) -> tuple[str, str]:
        date = e.readout.date or ""
        return (date[2:] if date.startswith("--") else date[5:], e.name)  # month-day first; years often absent

    rows = {
        "date": sorted(entries, key=by_date),
        "place": sorted(entries, key=lambda e: (e.readout.location or "~", e.name)),
    }
    rendered: str = env.get_template("index.html.j2").render(
        rows=rows, count=len(entries), meeting_en=_meeting_en, to_check=to_check
    )
    return rendered


# Notes that ask the reader to look at the source before trusting the readout (not those
# that only say what needs an LLM or where a year came from).
_CHECK_OPENINGS = ("check the source", "the input:", "found no meeting", "failed:")


def to_check(readout: Readout) -> list[str]:
    """The readout's notes a reader of many should see first: in a batch of a hundred
    briefs, which to open before quoting them."""
    return [note for note in readout.notes if note.startswith(_CHECK_OPENINGS)]


def _meeting_en(readout: Readout) -> str | None:
    """The meeting's name in English where its parts are known (the brief's Meeting row)."""
    from jiyao.meeting_names import meeting_en

    return meeting_en(readout.meeting) if readout.meeting else None


def write(output: Path, written: list[tuple[str, tuple[str, ...]]]) -> None:
    entries = collect(output, written)
    atomic_write(output / INDEX_NAME, index_html(entries))
    atomic_write(output / MEETINGS_NAME, meetings_csv(entries))
    atomic_write(output / PEOPLE_NAME, people_csv(entries))
