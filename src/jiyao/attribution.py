"""Who gave each directive of a readout: whoever the report last says spoke before it
(郭文海強調…; 他強調… of the last one named), or no one after the meeting's own words
(會議強調…) — a report names the speaker, then what they asked for. For any engine's
readout: it needs the report's text, not the engine; each engine sets ``Directive.by``
with :func:`with_speakers`, and a brief reads it back with :func:`speaker_of`."""

from __future__ import annotations

import bisect

from jiyao.cleaning import regex_cache
from jiyao.cleaning.script import simplify_characters
from jiyao.names import split_name
from jiyao.schemas import Directive, Person, Readout


def with_speakers(text: str, readout: Readout) -> Readout:
    """``readout`` with each directive's ``by`` set: the name of who gave it, or None."""
    if not readout.directives:
        return readout
    clauses = _speech_clauses(text, readout)
    directives = [
        d.model_copy(update={"by": person.name if (person := _attributed(clauses, offset)) else None})
        for d, offset in zip(readout.directives, directive_places(text, readout), strict=True)
    ]
    return readout.model_copy(update={"directives": directives})


def directive_places(text: str, readout: Readout) -> list[int | None]:
    """Where each of the readout's directives stands in ``text``: its evidence, else where
    its words are found (None when they are not)."""
    offsets = [e.start for e in readout.evidence if e.field == "directive"]
    return [offsets[i] if i < len(offsets) else _find(text, d.text_zh) for i, d in enumerate(readout.directives)]


def speaker_of(readout: Readout, directive: Directive) -> Person | None:
    """The person a directive's ``by`` names, with their title and English when the readout
    lists them (a readout from elsewhere may name someone it does not list)."""
    if directive.by is None:
        return None
    people = [*([readout.chair] if readout.chair else []), *readout.speakers, *readout.attendees]
    return next((p for p in people if p.name == directive.by), None) or Person(name=directive.by)


def _find(text: str, quote: str) -> int | None:
    at = text.find(quote) if quote else -1
    return at if at >= 0 else None


def _speech_clauses(text: str, readout: Readout) -> list[tuple[int, Person | None]]:
    """Where ``text`` says someone spoke (郭文海強調…; 他強調… of the last one named) or the
    meeting did (會議要求…, None), in text order: a report names the speaker, then what
    they asked for."""
    people = {p.name: p for p in [*([readout.chair] if readout.chair else []), *readout.speakers, *readout.attendees]}
    subjects = [*sorted(people, key=len, reverse=True), *_PRONOUNS, *_MEETING]
    longest = max(map(len, subjects))
    clauses: list[tuple[int, Person | None]] = []
    # From each speech verb back to its subject: a long report has a few hundred verbs, and
    # a pass over it per name would cost more than the rest of the brief.
    for verb in _SPEECH_VERB.finditer(text):
        before = text[max(0, verb.start() - longest) : verb.start()]
        subject = (
            next((s for s in subjects if before.endswith(s)), None)
            or _damaged_name(before, people)
            or _addressed(before, verb.group(), people)
        )
        if subject is None and text[verb.start() - 1 : verb.start()] in _CLAUSE_MARKS:
            # …，要求各乡镇要…: the sentence's subject, named earlier in it (讲话中，李强充分
            # 肯定了成绩，要求…), the last one named before the verb.
            sentence = max(text.rfind(mark, 0, verb.start()) for mark in _SENTENCE_ENDS) + 1
            found = [(text.rfind(s, sentence, verb.start()), s) for s in subjects]
            at, subject = max(found, default=(-1, None))
            subject = subject if at >= 0 else None
        if subject in _PRONOUNS:
            # 他強調: of the last one named before it.
            last = max(((text.rfind(name, 0, verb.start()), person) for name, person in people.items()),
                       key=lambda found: found[0], default=(-1, None))  # fmt: skip
            clauses.append((verb.start(), last[1] if last[0] >= 0 else None))
        elif subject is not None:
            clauses.append((verb.start(), people.get(subject)))  # 會議強調: the meeting's own (None)
    return clauses


def _damaged_name(before: str, people: dict[str, Person]) -> str | None:
    """The one person whose name ``before`` ends with where the cleaner marked a character
    lost (章鸿□指出 after 章鸿远 was named), the rest the same; None if not exactly one."""
    if "□" not in before:
        return None
    found = {
        name
        for name in people
        if len(name) >= 2
        and (tail := before[-len(name) :]).count("□") < len(name) - 1
        and "□" in tail
        and all(char in (wanted, "□") for char, wanted in zip(tail, name, strict=True))
    }
    return found.pop() if len(found) == 1 else None


def _addressed(before: str, verb: str, people: dict[str, Person]) -> str | None:
    """The one person a surname and a post before the verb speak of (王書記強調, 劉副縣長
    要求: 王海 the 縣委書記, 劉建國 the 副縣長), when exactly one named has both; else None."""
    post = _POST.match(verb)
    if post is None:
        return None
    deputy = before.endswith("副")
    head = simplify_characters(before[:-1] if deputy else before)
    wanted = simplify_characters(("副" if deputy else "") + post.group())
    found = set()
    for name, person in people.items():
        parts = simplify_characters(person.title or "").split("、")
        holds = any(part.endswith(wanted) and (deputy or not part.endswith("副" + wanted)) for part in parts)
        if holds and head.endswith(simplify_characters(split_name(name)[0])):
            found.add(name)
    return found.pop() if len(found) == 1 else None


# A post a report puts between a speaker and the verb (李強書記強調), or after a surname alone
# (王書記強調: :func:`_addressed`).
_POSTS = "書記|书记|縣長|县长|市長|市长|區長|区长|鎮長|镇长|鄉長|乡长|局長|局长|部長|部长|主任|主席"
_POST = regex_cache.compile(_POSTS)
_PRONOUNS = ("他", "她")
_CLAUSE_MARKS = frozenset("，,；;")
_SENTENCE_ENDS = "。！？\n"
_MEETING = ("會議", "会议", "會上", "会上")
# Between the speaker and the verb: their post or 同志 (李強書記強調, as speech puts it);
# 最後, 還, 也; 在講話中, 在總結講話時, 在會上, 在主持會議時; on what: 就做好下一步工作提出, 對…提出.
_SPEECH_VERB = regex_cache.compile(
    f"(?:{_POSTS}|同志)?"
    "(?:最後|最后|還|还|再次|也|進一步|进一步|特別|特别|明確|明确|嚴肅|严肃|郑重|鄭重"
    "|在[^，。；“”]{0,6}?(?:講話|讲话|會議上|会议上|會上|会上|主持會議|主持会议)(?:中|時|时)?"
    "|(?:就|對|对)[^，。；：“”]{1,20}?)?"
    "(?:強調|强调|指出|要求|表示|提出|希望|叮囑|叮嘱)"  # 希望, 叮嘱: how a superior's instruction is put
)


def _attributed(clauses: list[tuple[int, Person | None]], offset: int | None) -> Person | None:
    """The person of the last of ``clauses`` before ``offset``; None when that is the
    meeting's own (會議強調) or none comes before it."""
    if offset is None:
        return None
    at = bisect.bisect_right(clauses, offset, key=lambda clause: clause[0])  # they are in text order
    return clauses[at - 1][1] if at else None
