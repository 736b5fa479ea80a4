"""The bilingual brief: the readout in English beside the Chinese, then the report
paragraph by paragraph, Chinese beside English. Markdown (renders on GitHub) or
one self-contained HTML file (no network, readable on a phone).

Every readout item links to the paragraph its evidence came from. Without an
LLM the brief holds the offline readout, a templated English summary and the
clean Chinese text, and says that the translation needs an endpoint.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from jiyao.attribution import directive_places, speaker_of
from jiyao.cleaning import CleanReport, tables
from jiyao.cleaning.script import to_simplified
from jiyao.extraction import doubts
from jiyao.glossary import Glossary, load_glossary
from jiyao.meeting_names import meeting_en
from jiyao.schemas import PERSONNEL_EN, Person, Readout

if TYPE_CHECKING:
    from jiyao.pipeline.translation import Translation

BriefFormat = Literal["md", "html"]
NO_TRANSLATION = "The English translation needs an LLM endpoint: set JIYAO_BASE_URL and JIYAO_MODEL."
_FORMATS = {
    "video": "video meeting",
    "teleconference": "teleconference",
    "hybrid": "hybrid meeting (on site and online)",
    "in_person": "meeting",
    "unknown": "meeting",
}
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")  # fmt: skip


@dataclass(frozen=True)
class Item:
    label: str
    zh: str
    en: str
    paragraph: int | None  # index into the brief's paragraphs


@dataclass(frozen=True)
class Paragraph:
    index: int
    zh: str
    en: str | None


def date_english(date: str | None, time_of_day: str | None = None) -> str:
    """``--11-28`` → ``28 November (year not given)``; ``2023-12-30`` → ``30 December 2023``."""
    if not date:
        return ""
    year, month, day = date.rsplit("-", 2)[0].strip("-"), int(date[-5:-3]), int(date[-2:])
    text = f"{day} {_MONTHS[month - 1]}" + (f" {year}" if year else "")
    notes = [n for n in (time_of_day, None if year else "year not given") if n]
    return f"{text} ({'; '.join(notes)})" if notes else text


def _titled(person: Person) -> str:
    return f"{person.title} {person.name}" if person.title else person.name


def _who(person: Person) -> str:
    title = f", {person.title_en}" if person.title_en else ""
    return f"{person.name_en or person.name}{title}"


def _who_briefly(person: Person) -> str:
    """Name and one title only, compound titles would blur a list of people: the first that
    says what the person runs — 县委副书记、县长 is the County Mayor, 县委常委、副县长 a
    Deputy County Mayor — not a seat on a Party body their office comes with."""
    if not person.title_en:
        return person.name_en or person.name
    posts = person.title_en.split("; ")
    post = next((p for p in posts if not p.startswith(_SEATS)), posts[0])
    return f"{person.name_en or person.name}, {post}"


# A seat on a Party body, which a chain of titles names before the office (市委常委、副市长).
_SEATS = ("Member of the Standing Committee", "Deputy Secretary of the", "Secretary of the Leading Party Group")


def templated_summary(readout: Readout) -> str:
    """An English summary from the readout's facts alone (no LLM)."""
    named = meeting_en(readout.meeting) if readout.meeting else None
    kind = named or _FORMATS[readout.format]
    meeting = f" ({readout.meeting})" if readout.meeting else ""
    place = f" in {readout.location_en}" if readout.location_en else ""
    when = f" on {date_english(readout.date, readout.time_of_day)}" if readout.date else ""
    if readout.chair:
        chair = _who_briefly(readout.chair) + ("," if readout.chair.title_en else "")
        first = f"{chair} chaired {_article(kind)} {kind}{meeting}{place}{when}."
    elif readout.meeting or readout.format != "unknown":
        first = f"{_article(kind).capitalize()} {kind}{meeting} was held{place}{when}."
    else:
        # A visit or an inspection the report tells of, with no meeting named: none is claimed.
        took_place = f"; what it tells of took place{place}{when}" if place or when else ""
        first = f"The report names no meeting{took_place}."
    sentences = [first]
    others = [p for p in readout.speakers if not readout.chair or p.name != readout.chair.name]
    if others:
        also = "Also speaking: " if readout.chair else "Speaking: "
        sentences.append(also + "; ".join(_who_briefly(p) for p in others) + ".")
    if readout.attendees:
        count = len(readout.attendees)
        sentences.append(f"{count} named official{' was' if count == 1 else 's were'} reported present.")
    if readout.directives:
        count = len(readout.directives)
        sentences.append(f"The report lists {count} directive{'' if count == 1 else 's'}.")
    if readout.personnel:
        counts = Counter(d.action for d in readout.personnel)
        told = ", ".join(f"{n} {PERSONNEL_EN[action].lower()}" for action, n in counts.items())
        sentences.append(f"Personnel decisions: {told}.")
    return " ".join(sentences)


def _article(phrase: str) -> str:
    """a or an, by how the phrase is said (an enlarged meeting); the for a numbered one,
    which there is only one of (the 18th executive meeting of the Municipal Government)."""
    if re.match(r"\d+(?:st|nd|rd|th)\b", phrase):
        return "the"
    return "an" if phrase[:1] in "aeiouAEIOU" else "a"


def _term_en(text: str, glossary: Glossary) -> str:
    simple = to_simplified(text)
    return next((t.en for t in glossary.terms if t.zh == simple), "")


def _described(readout: Readout, meeting: str, glossary: Glossary) -> str:
    """The meeting described where its name has no English: its kind and place — said to be
    no translation of a name it has (the column had glossed 森林草原防火工作会议 as "Kashi
    Prefecture work conference", its subject dropped, as if that were the name)."""
    kind = _meeting_kind_en(meeting, glossary) or _FORMATS[readout.format]
    if not meeting:
        return " ".join(x for x in (readout.location_en, kind) if x)
    place = f" in {readout.location_en}" if readout.location_en else ""
    return f"{_article(kind)} {kind}{place} (its name not translated)"


def _meeting_kind_en(meeting: str, glossary: Glossary) -> str:
    """The English of the longest kind of meeting the name holds (县政府第二十次常务会议 →
    executive meeting), from the glossary's terms that name meetings (…会, …会议, …学习)."""
    simple = to_simplified(meeting)
    kinds = [t for t in glossary.terms if t.zh.endswith(("会", "会议", "学习")) and t.zh in simple]
    return max(kinds, key=lambda t: len(t.zh)).en if kinds else ""


class _ParagraphIndex:
    """Which paragraph of the clean text an offset falls in."""

    def __init__(self, report: CleanReport) -> None:
        self.starts: list[int] = []
        offset = 0
        for line in report.lines:
            self.starts.append(offset)
            offset += len(line) + 1

    def of(self, offset: int | None) -> int | None:
        if offset is None:
            return None
        return max(0, bisect.bisect_right(self.starts, offset) - 1)


def _items(readout: Readout, report: CleanReport) -> list[Item]:
    where = _ParagraphIndex(report)
    first_offset: dict[str, int] = {}
    first_quote: dict[str, str] = {}
    for e in readout.evidence:
        first_offset.setdefault(e.field, e.start)
        first_quote.setdefault(e.field, e.quote)

    def at(field: str) -> int | None:
        return where.of(first_offset.get(field))

    doubtful = doubts(report, readout.evidence)

    def checked(field: str, english: str) -> str:
        """The English, and a warning when the value was read from damaged bytes."""
        return f"{english} ⚠ check the source: damaged bytes" if field in doubtful else english

    glossary = load_glossary()
    meeting = readout.meeting or ""
    meeting_english = (
        ""
        if not meeting and readout.format == "unknown"
        else (_term_en(meeting, glossary) or meeting_en(meeting, glossary) or _described(readout, meeting, glossary))
    )
    items = [
        Item(
            "Date",
            # The Chinese column says what the report says (11月28日晚), not the readout's ISO form (--11-28).
            first_quote.get("date", readout.date) if readout.date else "",
            checked("date", date_english(readout.date, readout.time_of_day)),
            at("date"),
        ),
        Item("Place", readout.location or "", readout.location_en or "", at("location")),
        *([Item("Venue", readout.venue, readout.venue_en or "", at("venue"))] if readout.venue else []),
        Item("Meeting", meeting, meeting_english, at("meeting")),
    ]
    if readout.chair:
        items.append(
            Item(
                "Chair",
                _titled(readout.chair),
                checked(f"person:{readout.chair.name}", _who(readout.chair)),
                at(f"person:{readout.chair.name}"),
            )
        )
    # Each person once: the chair, then other speakers, then everyone else present.
    listed = {readout.chair.name} if readout.chair else set()
    for label, people in (("Speaker", readout.speakers), ("Attendee", readout.attendees)):
        for p in people:
            if p.name not in listed:
                listed.add(p.name)
                items.append(Item(label, _titled(p), checked(f"person:{p.name}", _who(p)), at(f"person:{p.name}")))
    # Named, not there: a leader whose speech was studied is no attendee.
    items += [
        Item("Mentioned (not present)", _titled(p), checked(f"person:{p.name}", _who(p)), at(f"mentioned:{p.name}"))
        for p in readout.mentioned
        if p.name not in listed
    ]
    items += [
        Item(PERSONNEL_EN[d.action], _titled(d.person), _who(d.person), at(f"personnel:{d.person.name}"))
        for d in readout.personnel
    ]
    for i, (d, offset) in enumerate(zip(readout.directives, directive_places(report.text, readout), strict=True)):
        by = speaker_of(readout, d)
        label = f"Directive {i + 1}" + (f" ({by.name_en or by.name})" if by else "")
        items.append(Item(label, d.text_zh, d.text_en or "", where.of(offset)))
    items += [Item("Slogan", s, _term_en(s, glossary), where.of(_find(report, s))) for s in readout.slogans]
    items += [
        Item(
            "Target",
            f"{t.value}：{t.meaning or ''}",
            t.meaning_en or "",
            where.of(_find_figure(report, t.value, t.meaning)),
        )
        for t in readout.targets
    ]
    return [i for i in items if i.zh or i.en]


def _find(report: CleanReport, text: str) -> int | None:
    at = report.text.find(text) if text else -1
    return at if at >= 0 else None


def _find_figure(report: CleanReport, value: str, meaning: str | None) -> int | None:
    """Where a target stands: with what it counts beside it (固定资产投资增长8%, 确保30项民生
    实事), else its figure where it is whole — not the 8% that ends 5.8%."""
    text = report.text
    if meaning:
        for said in (meaning + value, value + meaning):
            if (at := text.find(said)) >= 0:
                return at
    at = text.find(value) if value else -1
    while at > 0 and (text[at - 1].isdigit() or text[at - 1] == "."):
        at = text.find(value, at + 1)
    return at if at >= 0 else None


@functools.cache
def _templates() -> Any:
    from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader

    class TemplateCache(FileSystemBytecodeCache):
        """Compiled templates, kept beside the language tables (compiling a brief's template
        cost ~30 ms of every ``jiyao brief``; jinja checks each file against the template's
        source). A cache that cannot be read or written is no cache, never an error."""

        def load_bytecode(self, bucket: Any) -> None:
            try:
                super().load_bytecode(bucket)
            except OSError:
                bucket.reset()

        def dump_bytecode(self, bucket: Any) -> None:
            try:
                os.makedirs(self.directory, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:
                pass

    return Environment(
        loader=PackageLoader("jiyao", "templates"),
        bytecode_cache=TemplateCache(str(tables.directory() / "templates")),
        # Every HTML template escapes by default (its name ends in .html.j2, which
        # select_autoescape's extension test never matched): report text is untrusted.
        autoescape=lambda name: name is not None and name.removesuffix(".j2").endswith((".html", ".htm")),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def prepare_templates() -> None:
    """Compile the briefs' templates now (jinja keeps each compiled template it loads)."""
    env = _templates()
    for name in ("brief.html.j2", "brief.md.j2"):
        env.get_template(name)


@dataclass(frozen=True)
class Reconstructed:
    text: str
    confidence: float
    paragraph: int | None  # where it stands, when it stands in one place only
    at: int | None = None  # its offset in that paragraph, when the cleaner says it exactly


def _reconstructed(report: CleanReport) -> list[Reconstructed]:
    """The stretches the cleaner rebuilt from damaged bytes, where it says they stand."""
    where = _ParagraphIndex(report)
    out = []
    for start, end, confidence in report.reconstructed:
        paragraph = where.of(start)
        assert paragraph is not None
        out.append(Reconstructed(report.text[start:end], confidence, paragraph, start - where.starts[paragraph]))
    return out


def _damaged(report: CleanReport) -> list[Reconstructed]:
    """Stretches of damaged bytes the cleaner flagged and left as received."""
    lines = report.lines
    out = []
    for repair in report.repairs:
        if str(repair.kind) != "unresolved":
            continue
        # As shown: the stretch with its lost characters marked (later passes may have
        # widened its ASCII punctuation: then it is named, not placed).
        shown = repair.replacement if any(repair.replacement in line for line in lines) else ""
        places = [i for i, line in enumerate(lines) if shown and shown in line]
        out.append(Reconstructed(shown or repair.raw, 0.0, places[0] if len(places) == 1 else None))
    return out


def _marked_html(line: str, marks: list[Reconstructed]) -> Any:
    """The paragraph, escaped, with each reconstructed stretch in <mark title=confidence>."""
    from markupsafe import Markup, escape

    pieces, cursor = [], 0
    # Where each stretch stands (a character such as 縣 may stand in the line more than once).
    for mark in sorted((m for m in marks if m.at is not None), key=lambda m: m.at or 0):
        at = mark.at or 0
        if at < cursor or line[at : at + len(mark.text)] != mark.text:
            continue
        title = f"reconstructed from damaged bytes, confidence {mark.confidence:.2f}"
        pieces += [escape(line[cursor:at]), Markup(f'<mark title="{title}">{escape(mark.text)}</mark>')]
        cursor = at + len(mark.text)
    return Markup("").join([*pieces, escape(line[cursor:])])


def render_brief(
    report: CleanReport,
    readout: Readout,
    translation: Translation | None,
    fmt: BriefFormat = "md",
    *,
    source: str = "",
    engine: str = "offline",
    model: str | None = None,
    made: str | None = None,
) -> str:
    import datetime as dt

    from jiyao import __version__
    from jiyao.cleaning.script import detect_script

    env = _templates()
    lang = "zh-Hant" if detect_script(report.text) == "traditional" else "zh-Hans"
    reconstructed = _reconstructed(report)
    targets = {p.index: p.target for p in translation.pairs} if translation else {}
    paragraphs = [Paragraph(i, line, targets.get(i)) for i, line in enumerate(report.lines)]
    marks: dict[int, list[Reconstructed]] = {i: [] for i in range(len(paragraphs))}
    for mark in reconstructed:  # one pass: each paragraph against every mark was quadratic
        if mark.paragraph in marks:
            marks[mark.paragraph].append(mark)
    notes = list(readout.notes)
    failed = [n for n in notes if n.startswith("failed:")] + (list(translation.failures) if translation else [])
    if translation is None:
        notes.append(NO_TRANSLATION)
    elif translation.failures:
        notes += [f"translation incomplete: {f}" for f in translation.failures]
    template = env.get_template("brief.html.j2" if fmt == "html" else "brief.md.j2")
    rendered: str = template.render(
        readout=readout,
        title=readout.title or readout.meeting or "Meeting report",
        summary_en=readout.summary_en or templated_summary(readout),
        items=_items(readout, report),
        paragraphs=paragraphs,
        notes=notes,
        source=source,
        lang=lang,
        incomplete=bool(failed),
        reconstructed=reconstructed,
        damaged=_damaged(report),
        marked=lambda p: _marked_html(p.zh, marks.get(p.index, [])),
        header={
            "source": source,
            "outlet": readout.outlet or report.byline.outlet,
            "reporter": readout.reporter or report.byline.reporter,
            "made": made or dt.date.today().isoformat(),
            "version": __version__,
            "engine": engine,
            "model": model,
        },
    )
    return rendered
