"""The offline engine: a :class:`~jiyao.schemas.Readout` from clean text, by rule, no LLM.

Every value carries evidence: the span of ``report.text`` it was read from. Names
are romanized and titles translated by the deterministic tables (:mod:`jiyao.names`,
:mod:`jiyao.glossary`); free English (title, summary, directives) needs an LLM and
is left empty with a note saying so.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import threading
from collections import OrderedDict
from concurrent.futures import Future

from jiyao import deadline
from jiyao.attribution import with_speakers
from jiyao.cleaning import CleanReport, count_han, regex_cache
from jiyao.cleaning.given_names import AS_GIVEN
from jiyao.cleaning.script import simplify_characters, to_simplified
from jiyao.dating import with_year
from jiyao.extraction import dates, meetings, places
from jiyao.extraction.directives import find_directives, find_slogans, find_targets
from jiyao.extraction.found import Found
from jiyao.extraction.people import People, find_people, speakers_by_verb
from jiyao.extraction.personnel import find_personnel
from jiyao.extraction.unread import find_unread_names
from jiyao.extraction.venues import venue_english
from jiyao.glossary import Glossary, load_glossary
from jiyao.names import romanize_name
from jiyao.schemas import Directive, Evidence, Person, PersonnelDecision, Readout, Target

NEEDS_LLM = (
    "offline engine: title_en, directives' text_en, targets' meaning_en and the summaries "
    "need an LLM endpoint (set JIYAO_BASE_URL and JIYAO_MODEL)"
)


def _body_start(report: CleanReport) -> int:
    head = [*report.title_lines, *([report.byline.dateline] if report.byline.dateline else [])]
    return sum(len(line) + 1 for line in head)


def _join_names_cut_by_damage(people: People, simple: str, reconstructed: tuple[tuple[int, int, float], ...]) -> None:
    """A two-character name whose third character damaged bytes may have taken (羅燕在主持
    for 羅燕磊主持: 磊's trail byte is 在's too), where the report also names the one
    three-character name it begins: the same person, with the roles of both."""
    if not reconstructed:
        return
    for short in [name for name in people.mentions if len(name) == 2]:
        longer = [name for name in people.mentions if len(name) == 3 and name.startswith(short)]
        if len(longer) != 1:
            continue
        if not any(
            not simple.startswith(longer[0], at) and any(s <= at + 2 < e for s, e, _ in reconstructed)
            for at in _occurrences(simple, short)
        ):
            continue  # never cut where bytes were rebuilt: two names, two people
        mention, whole = people.mentions.pop(short), people.mentions[longer[0]]
        if mention.chair and not whole.chair:
            whole.chaired_at = mention.start if mention.chaired_at is None else mention.chaired_at
        whole.chair |= mention.chair
        whole.speaker |= mention.speaker
        whole.led |= mention.led
        whole.title = whole.title or mention.title


def _occurrences(text: str, word: str) -> list[int]:
    found, at = [], text.find(word)
    while at >= 0:
        found.append(at)
        at = text.find(word, at + 1)
    return found


# Corner brackets, as Taiwan's and Hong Kong's pages (and converters writing for them)
# quote: the rules read the mainland's curly quotes (确保「…」 held no slogan).
_CORNER_QUOTES = str.maketrans("「」『』", "“”‘’")


# Kept for a batch's reports in flight: the LLM path asks for the view of one report from
# several places (people named, the venue, notes on meetings and lost characters).
@functools.lru_cache(maxsize=32)
def _simplified_view(text: str) -> str:
    """Simplified text of the same length, so offsets carry over; else the text itself.
    Quotes are the mainland's. A character the converter's phrase rules alone change stays
    as written: they read names as words (沈靜勇 → 沉静勇, 沈靜 being "calm"), and 沉 is
    no surname."""
    return _simplified_characters(text).translate(_CORNER_QUOTES)


def _simplified_characters(text: str) -> str:
    simple = to_simplified(text)
    if len(simple) != len(text):
        return text
    if simple == text:
        return simple
    by_character = simplify_characters(text)
    if by_character == simple:
        return simple
    return "".join(
        written if by_table == written else phrased
        for written, by_table, phrased in zip(text, by_character, simple, strict=True)
    )


class _Evidence:
    def __init__(self, text: str) -> None:
        self.text = text
        self.items: list[Evidence] = []

    def add(self, field: str, found: Found | None) -> None:
        if found is not None and found.end > found.start:
            self.items.append(
                Evidence(field=field, quote=self.text[found.start : found.end], start=found.start, end=found.end)
            )


def _person(name: str, title: str | None, glossary: Glossary) -> Person:
    return Person(
        name=name,
        title=title,
        name_en=romanize_name(name),
        title_en=glossary.title_en(title) if title else None,
    )


def people_in(report: CleanReport) -> list[str]:
    """The names of everyone reported present, as written (the offline rules; no LLM)."""
    text = report.text
    people = _people_read_only(_simplified_view(text), _body_start(report))
    return [text[m.start : m.start + len(m.name)] for m in people.mentions.values()]


def mentioned_in(report: CleanReport) -> tuple[list[Person], list[Evidence]]:
    """People named but not present (the offline rules; no LLM), with their evidence."""
    text, simple = report.text, _simplified_view(report.text)
    people = _people_read_only(simple, _body_start(report))
    return _mentioned(people, text, simple, load_glossary())


def personnel_in(report: CleanReport) -> tuple[list[PersonnelDecision], list[Evidence]]:
    """Who was appointed, removed, elected, nominated or let go (the offline rules; an LLM's
    readout takes them from them too), with their evidence."""
    return _personnel(report.text, _simplified_view(report.text), _body_start(report), load_glossary())


def _personnel(
    text: str, simple: str, body_start: int, glossary: Glossary
) -> tuple[list[PersonnelDecision], list[Evidence]]:
    decisions, evidence = [], []
    for found in find_personnel(simple, body_start):
        name = text[found.name_start : found.name_start + len(found.name)]
        post = text[found.post_start : found.post_start + len(found.post)]
        decisions.append(PersonnelDecision(action=found.action, person=_person(name, post, glossary)))
        quote = text[found.start : found.end]
        evidence.append(Evidence(field=f"personnel:{name}", quote=quote, start=found.start, end=found.end))
    return decisions, evidence


def venue_in(report: CleanReport) -> tuple[str, Evidence] | None:
    """Where the meeting sat, by the offline rules (an LLM's readout takes it from them too),
    as the text writes it, with its evidence."""
    text, simple = report.text, _simplified_view(report.text)
    venue = meetings.find_venue(simple, _body_start(report))
    if venue is None:
        return None
    quote = text[venue.start : venue.end]
    return quote, Evidence(field="venue", quote=quote, start=venue.start, end=venue.end)


def doubts(report: CleanReport, evidence: list[Evidence]) -> dict[str, tuple[str, float]]:
    """The date and the names read from characters the cleaner rebuilt from damaged bytes —
    the decoder's best reading, which may be a plausible wrong one (赵听见 for 赵铁军):
    ``{"date" or "person:NAME": (what, confidence)}``."""
    found: dict[str, tuple[str, float]] = {}
    starts = [start for start, _, _ in report.reconstructed]
    reach = list(itertools.accumulate((end for _, end, _ in report.reconstructed), max))
    for item in evidence:
        kind, _, name = item.field.partition(":")
        if kind == "date":
            key, what, start, end = "date", f"date {item.quote}", item.start, item.end
        elif kind in ("person", "mentioned") and name:
            # The quote may be the words around the name (an LLM's): only the name counts.
            at = report.text.find(name, item.start, item.end)
            start, end = (at, at + len(name)) if at >= 0 else (item.start, item.end)
            key, what = f"person:{name}", f"name {name}"
            if _written_intact(report.text, name, starts, reach):
                continue  # the report spells it elsewhere from bytes nothing damaged
        else:
            continue
        if "□" in report.text[start:end]:  # characters lost outright: a model may have guessed them
            found.setdefault(key, (what, 0.0))
        for span_start, span_end, confidence in report.reconstructed:
            if key not in found and span_start < end and start < span_end:
                found[key] = (what, confidence)
    return found


def _written_intact(text: str, name: str, starts: list[int], reach: list[int]) -> bool:
    """Whether ``text`` writes ``name`` somewhere no repair of damaged bytes touches: the
    repairs' spans by their starts (in order) and, for each, the farthest any span up to it
    reaches (they may overlap)."""
    at = text.find(name)
    while at >= 0:
        before = bisect.bisect_left(starts, at + len(name)) - 1
        if before < 0 or reach[before] <= at:
            return True
        at = text.find(name, at + 1)
    return False


# What a note says where damaged bytes may have taken a name (the evals count such notes).
UNREAD_NAMES = "left characters unread (□) where people are named"


def doubtful_readings(report: CleanReport, evidence: list[Evidence]) -> list[str]:
    """A note for each of :func:`doubts`, and for each clause naming people where damaged
    bytes left characters unread: the readout may lack a name there."""
    text = report.text
    # Only a text with a lost character is simplified again for it (the readout's rules did).
    unread = find_unread_names(_simplified_view(text), _body_start(report)) if "□" in text else []
    given = _names_given_read(report)
    return [
        *(
            f"check the source: {what} was read "
            f"{AS_GIVEN if what.removeprefix('name ') in given else 'from damaged bytes'}"
            f" (confidence {confidence:.2f})"
            for what, confidence in doubts(report, evidence).values()
        ),
        *(
            f"check the source: damaged bytes {UNREAD_NAMES} ({text[clause.start : clause.end]}): "
            "a name may be missing or cut"
            for clause in unread
        ),
    ]


# The decoder's note where a names list (--names) read a name in: 包文军, from damaged bytes, …
_GIVEN_READ = regex_cache.compile(rf"([^\s;、,]+(?:、[^\s;、,]+)*), {re.escape(AS_GIVEN)}")


def _names_given_read(report: CleanReport) -> set[str]:
    """The names a names list read in where bytes were lost: their flag says so, as a name
    the user gave is likelier right than the text model's guess."""
    return {
        name
        for repair in report.repairs
        if repair.note and AS_GIVEN in repair.note
        for found in _GIVEN_READ.finditer(repair.note)
        for name in found.group(1).split("、")
    }


def undated(report: CleanReport) -> list[str]:
    """For a readout with no date: a note when the body dates the meeting only as lately
    (近日，县委…; 日前), so there is no day to read (an empty date, with no word of why, had
    looked like a miss)."""
    text = report.text
    found = dates.find_vague_day(_simplified_view(text), _body_start(report))
    if found is None:
        return []
    published = report.byline.published
    before = f", on or before the day the page was published ({published})" if published else ""
    return [f"the date: the report gives no day, only {found.of(text)} (lately){before}"]


def several_meetings(report: CleanReport, held: tuple[Found, ...] | None = None, *, by_rule: bool) -> list[str]:
    """A note when the body tells of more than one meeting held (县委常委会…; 当天下午，县政府
    召开第8次常务会议…): a readout holds one, so the reader is told which is which. ``held``:
    :func:`meetings.find_meetings` of the report, when the caller has it already."""
    text = report.text
    if held is None:
        held = meetings.find_meetings(_simplified_view(text), _body_start(report))
    others = meetings.other_meetings(held)
    if not others:
        return []
    names = "; ".join(m.of(text) for m in (held[0], *others))
    fields_read = (
        "its date, chair and meeting are read for the first, its attendees are everyone present at any"
        if by_rule
        else "check which one its date, chair and meeting describe; its attendees may be those of all"
    )
    told = f"the report tells of more than one meeting ({names}); this readout holds them as one"
    return [f"check the source: {told}: {fields_read}"]


# Latin letters, against Han characters: what tells a Chinese report from a page in
# another language.
_LATIN = regex_cache.compile("[A-Za-z\u00c0-\u024f]")
# A page with this many Latin letters for every Han character is no Chinese report (a
# Chinese one quoting English, or giving pinyin, stays far below it: a character is a word).
_LETTERS_PER_HAN = 10


def input_notes(report: CleanReport) -> list[str]:
    """What a reader of the readout alone must know of its input: what decoding had to
    replace or read again (the command line also says it on stderr; a batch's and the
    service's readouts had said nothing), and a text that is no Chinese report, whose
    readout is empty because there is nothing to read, not because nothing was found."""
    notes = [f"the input: {problem}" for problem in report.decoding_problems]
    text = report.text
    latin = len(_LATIN.findall(text))
    # Counted no further than it takes to tell (a report's thousands are not needed).
    han = count_han(text, latin // _LETTERS_PER_HAN + 1)
    if han == 0 or han * _LETTERS_PER_HAN < latin:
        counted = "no Chinese characters" if han == 0 else f"only {han} Chinese characters"
        notes.append(
            f"check the source: the text holds {counted}: jiyao reads reports written in Chinese "
            "(is this the right file?)"
        )
    return notes


_FLAGGED_NAME = regex_cache.compile(r"check the source: name (\S+) was read from damaged bytes")


def flagged_names(notes: list[str]) -> set[str]:
    """The names a readout's notes say were read from damaged bytes."""
    return {match.group(1) for note in notes if (match := _FLAGGED_NAME.match(note))}


# Reports whose people were read lately, each once: a batch's reports in flight (its
# concurrency, 8 by default) and those read ahead; each entry holds its report's text.
_PEOPLE_KEPT = 32
_people_read: OrderedDict[tuple[str, int], Future[People]] = OrderedDict()
_people_guard = threading.Lock()


def _people_read_only(simple: str, body_start: int) -> People:
    """:func:`find_people`, once per report for the LLM path, which asks twice and at once,
    from two threads (the translation's names, the readout's people named but not
    present): the second waits for the first's answer. Never mutated."""
    key = (simple, body_start)
    with _people_guard:
        reading = _people_read.get(key)
        first = reading is None
        if reading is None:
            reading = _people_read[key] = Future()
            if len(_people_read) > _PEOPLE_KEPT:
                _people_read.popitem(last=False)
        else:
            _people_read.move_to_end(key)
    if first:
        try:
            reading.set_result(find_people(simple, body_start))
        except BaseException as e:
            with _people_guard:  # not kept: the next ask reads again (a time budget may have run out)
                if _people_read.get(key) is reading:
                    del _people_read[key]
            reading.set_exception(e)
            raise
    return reading.result()


def _mentioned(people: People, text: str, simple: str, glossary: Glossary) -> tuple[list[Person], list[Evidence]]:
    persons, evidence = [], []
    for mention in people.mentioned.values():
        name = text[mention.start : mention.start + len(mention.name)]
        persons.append(_person(name, _original_title(text, simple, mention.title), glossary))
        end = mention.start + len(mention.name)
        evidence.append(Evidence(field=f"mentioned:{name}", quote=name, start=mention.start, end=end))
    return persons, evidence


# A date alone in brackets on a line of the headline (…会议纪要 / （2024年5月20日）).
_DATE_UNDER_TITLE = regex_cache.compile(r"^[（(]\d{4}年\d{1,2}月\d{1,2}日[）)]$", re.MULTILINE)


def extract_offline(report: CleanReport) -> Readout:
    text = report.text
    simple = _simplified_view(text)
    body = _body_start(report)
    glossary = load_glossary()
    evidence = _Evidence(text)

    def original(found: Found) -> str:
        return found.of(text)

    date, time_of_day = dates.find_date(simple, body)
    date_source: list[str] = []  # where a date the text does not say came from
    if date is None and (published := report.byline.published):
        date, time_of_day = dates.find_relative_date(simple, body, published)
        if date is not None:
            date_source = [f"the date is {original(date)} counted from the page's publication date ({published})"]
    elif date is None and (unanchored := dates.find_unanchored_day(simple, body)) is not None:
        # 昨日上午，… on a page that gives no day it was published: the part of the day
        # holds; the day is the reader's to count (the readout had said nothing of it).
        day, time_of_day = unanchored
        date_source = [
            f"check the source: the date is given as {original(day)}, counted from the day the page "
            "was published, which the page does not give"
        ]
    if date is None and (dated := _DATE_UNDER_TITLE.search(simple, 0, body)) is not None:
        # Minutes and speeches date themselves under the title: the day, when the text names none.
        date, time_of_day = dates.find_date(simple, dated.start())
        if date is not None:
            date_source = [f"the date is {original(date)}, the one under the title: the text gives none"]
    if date is None and (dateline := report.byline.dateline):
        # 新华社北京3月11日电 李强11日主持…: the month, or the day too, from the dateline (the
        # line before the body: _body_start).
        if (filed := dates.find_dateline_date(simple, body, max(0, body - len(dateline) - 1))) is not None:
            date, time_of_day, source = filed
            date_source = [f"the date is {original(date)}: {source} ({dateline})"]
    evidence.add("date", date)
    if date is not None and (days := dates.days_ran(simple, date)) is not None:
        date_source.append(f"the text dates it over more than one day ({original(days)}): the date is the first")
    lost = dates.find_damaged_date(simple, body) if date is None else None
    damaged = (
        [f"check the source: the date is damaged ({original(lost)}: a digit went with a lost byte), not read"]
        if lost
        else []
    )

    people: People = find_people(simple, body)
    deadline.check()  # between the readout's passes, each linear: a long report's take seconds
    speakers_by_verb(simple, body, people)
    _join_names_cut_by_damage(people, simple, report.reconstructed)
    mentions = list(people.mentions.values())
    for mention in mentions:
        evidence.add(
            f"person:{text[mention.start : mention.start + len(mention.name)]}",
            Found(mention.name, mention.start, mention.start + len(mention.name)),
        )

    def as_person(mention_name: str) -> Person:
        m = people.mentions[mention_name]
        name = text[m.start : m.start + len(m.name)]
        title = _original_title(text, simple, m.title)
        return _person(name, title, glossary)

    deadline.check()
    held = meetings.find_meetings(simple, body)
    # A visit with no meeting held (副市长X到我县调研…，X强调…): whoever spoke chaired nothing.
    chair = people.chair if held or people.chair_said else None
    chair_person = as_person(chair.name) if chair else None
    mentioned, mentioned_evidence = _mentioned(people, text, simple, glossary)
    personnel, personnel_evidence = _personnel(text, simple, body, glossary)

    # People's names must not count as places (李长春 is not 长春市), nor the reporters'
    # (本报讯（记者 邵华 通讯员 柏林）: no meeting in Berlin).
    masked = _mask_dateline_names(simple, report.byline.dateline)
    for name in people.mentions:
        masked = masked.replace(name, "□" * len(name))
    location = places.find_location(masked, chair.title if chair else None, _simplified_or_none(report.byline.outlet))
    evidence.add("location", location)
    location_value = _location_as_written(location, text, simple) if location else None

    venue = meetings.find_venue(simple, body)
    evidence.add("venue", venue)
    meeting = held[0] if held else None
    evidence.add("meeting", meeting)
    meeting_format, format_found = meetings.find_format(simple, meeting)
    evidence.add("format", format_found)

    deadline.check()
    directives = find_directives(simple, body)
    slogans = find_slogans(simple, body)
    deadline.check()
    targets = find_targets(simple, body)
    for item in directives:
        evidence.add("directive", item)
    for item in slogans:
        evidence.add("slogan", item)

    readout = Readout(
        title=report.title_lines[0] if report.title_lines else None,
        subtitles=list(report.title_lines[1:]),
        date=date.value if date else None,
        time_of_day=time_of_day,
        location=location_value,
        location_en=places.location_english(location.value) if location else None,
        venue=original(venue) if venue else None,
        venue_en=venue_english(original(venue)) if venue else None,
        meeting=original(meeting) if meeting else None,
        format=meeting_format,
        chair=chair_person,
        speakers=[as_person(m.name) for m in mentions if m.speaker],
        attendees=[as_person(m.name) for m in mentions],
        mentioned=mentioned,
        personnel=personnel,
        outlet=report.byline.outlet,
        reporter=report.byline.reporter,
        editor=report.byline.editor,
        directives=[Directive(text_zh=original(d)) for d in directives],
        slogans=[original(s) for s in slogans],
        targets=[
            Target(value=original(value), meaning=original(meaning) if meaning else None) for value, meaning in targets
        ],
        evidence=[*evidence.items, *mentioned_evidence, *personnel_evidence],
        notes=[
            *input_notes(report),
            *several_meetings(report, held, by_rule=True),
            *doubtful_readings(report, [*evidence.items, *mentioned_evidence]),
            *damaged,
            *date_source,
            *_chaired_by_a_body(people, text, simple),
            *(undated(report) if date is None and not lost else []),
            *_nothing_found(report, meeting, date, mentions, directives),
            NEEDS_LLM,
        ],
    )
    return with_year(with_speakers(report.text, readout), report.byline.published)


def _chaired_by_a_body(people: People, text: str, simple: str) -> list[str]:
    """Why the readout names no chair where the report says who chaired: a body did."""
    if people.chair_body is None or any(m.chair for m in people.mentions.values()):
        return []
    at = simple.find(people.chair_body)
    body = text[at : at + len(people.chair_body)] if at >= 0 else people.chair_body
    return [f"the chair: the report says a body chaired ({body}), not one person: the readout names none"]


def _nothing_found(report: CleanReport, *found: object) -> list[str]:
    """A note when the rules found no meeting, date, person or instruction in a Chinese text:
    an empty readout then says the report is of another kind (a weather notice, a list of
    links), or of a form the rules do not know — and an LLM may read it."""
    if any(found) or not count_han(report.text, 1):
        return []
    return [
        "found no meeting, date, person present or instruction in the text: the offline engine "
        "reads reports of meetings by rule; if this is one, an LLM endpoint may read it"
    ]


def _original_title(text: str, simple: str, title: str | None) -> str | None:
    """The title as written in the original script (titles were matched in simplified)."""
    if title is None:
        return None
    written = _as_written(title, text, simple)
    if written is None:
        # 副县长李强（县防指指挥长）: the parts are apart; 县政协 + 秘书长: put together.
        written = "、".join(_pieces_as_written(part, text, simple) for part in title.split("、"))
    return written


def _pieces_as_written(value: str, text: str, simple: str) -> str:
    """``value`` as the text writes it, from the longest pieces the text has, in order; what
    it has not (政府 in 市政府秘书长) converted to its script."""
    pieces, missing, at = [], "", 0
    while at < len(value):
        size = next((n for n in range(len(value) - at, 0, -1) if value[at : at + n] in simple), 0)
        if not size:
            missing, at = missing + value[at], at + 1
            continue
        if missing:
            pieces.append(_to_script(missing, text, simple))
            missing = ""
        pieces.append(text[(start := simple.find(value[at : at + size])) : start + size])
        at += size
    if missing:
        pieces.append(_to_script(missing, text, simple))
    return "".join(pieces)


def _as_written(value: str, text: str, simple: str) -> str | None:
    """``value`` (simplified) as the text writes it, where the text has it."""
    start = simple.find(value)
    return text[start : start + len(value)] if start >= 0 else None


def _simplified_or_none(value: str | None) -> str | None:
    return to_simplified(value) if value else None


def _location_as_written(location: Found, text: str, simple: str) -> str:
    """The place in the text's own script: its name as the text writes it, and 市 or 省
    (the same in both scripts), or a county's level as written after it (縣, 区) — no
    converter to load (~35 ms)."""
    name = simple[location.start : location.end]
    suffix = location.value[len(name) :]
    if location.value.startswith(name) and suffix in ("市", "省"):
        return text[location.start : location.end] + suffix
    if location.value.startswith(name) and simple[location.end : location.end + 1] == suffix:
        return text[location.start : location.end + 1]  # 安陽縣: the level as the text writes it
    return _to_script(location.value, text, simple)


def _to_script(value: str, text: str, simple: str) -> str:
    """A simplified value in the script of ``text``: as the text writes it where it does
    (no converter to load), else converted."""
    if (written := _as_written(value, text, simple)) is not None:
        return written
    from jiyao.cleaning.script import detect_script, to_traditional

    return to_traditional(value) if detect_script(text) == "traditional" else value


def _mask_dateline_names(simple: str, dateline: str | None) -> str:
    """``simple`` with the bracket of the dateline (who reported) masked."""
    if not dateline or (opening := dateline.find("（")) < 0:
        return simple
    at = simple.find(to_simplified(dateline))
    if at < 0:
        return simple
    end = dateline.find("）", opening)
    start, end = at + opening, at + (end if end > opening else len(dateline))
    return simple[:start] + "□" * (end - start) + simple[end:]
