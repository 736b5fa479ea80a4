"""Who gave each directive of a readout: whoever the report last says spoke before it
(郭文海強調…; 他強調… of the last one named), or no one after the meeting's own words
(會議強調…) — a report names the speaker, then what they asked for. For any engine's
readout: it needs the report's text, not the engine."""

from __future__ import annotations

import bisect
import re

from jiyao.schemas import Person, Readout


def directive_speakers(text: str, readout: Readout) -> list[tuple[int | None, Person | None]]:
    """For each of the readout's directives, in order: where it stands in ``text`` (None
    when it does not) and who gave it (None: the meeting, or no one said)."""
    offsets = [e.start for e in readout.evidence if e.field == "directive"]
    clauses = _speech_clauses(text, readout)
    out: list[tuple[int | None, Person | None]] = []
    for i, directive in enumerate(readout.directives):
        offset = offsets[i] if i < len(offsets) else _find(text, directive.text_zh)
        out.append((offset, _attributed(clauses, offset)))
    return out


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
        subject = next((s for s in subjects if before.endswith(s)), None)
        if subject in _PRONOUNS:
            # 他強調: of the last one named before it.
            last = max(((text.rfind(name, 0, verb.start()), person) for name, person in people.items()),
                       key=lambda found: found[0], default=(-1, None))  # fmt: skip
            clauses.append((verb.start(), last[1] if last[0] >= 0 else None))
        elif subject is not None:
            clauses.append((verb.start(), people.get(subject)))  # 會議強調: the meeting's own (None)
    return clauses


_PRONOUNS = ("他", "她")
_MEETING = ("會議", "会议", "會上", "会上")
_SPEECH_VERB = re.compile("(?:最後|最后|還|还|再次|也|在講話中|在讲话中)?(?:強調|强调|指出|要求|表示|提出)")


def _attributed(clauses: list[tuple[int, Person | None]], offset: int | None) -> Person | None:
    """The person of the last of ``clauses`` before ``offset``; None when that is the
    meeting's own (會議強調) or none comes before it."""
    if offset is None:
        return None
    at = bisect.bisect_right(clauses, offset, key=lambda clause: clause[0])  # they are in text order
    return clauses[at - 1][1] if at else None
