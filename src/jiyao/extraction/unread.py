"""Where a name's characters were lost (marked □ by the cleaner) in a place a name goes:
the readout says so, rather than leave the person out silently. Text is simplified script."""

from __future__ import annotations

from jiyao.cleaning import regex_cache
from jiyao.extraction.found import Found

# Where a report names who chaired, attended or spoke: a damaged stretch before such a
# verb in its sentence may have held a name.
_ROLE_VERB = regex_cache.compile(r"主持|出席|参加|参会|列席|旁听|陪同|讲话|召集")
_SENTENCE = regex_cache.compile(r"[^。；！？\n]+")
_CLAUSE = regex_cache.compile(r"[^，；。\n]+")
# □ where a name goes: after a title or a list's 、 (a name's first characters between),
# at a clause's start, or just before a 、.
_BEFORE_NAME = regex_cache.compile(r"(?:^|[长记任席员委导、])[^、，□\d]{0,2}$")
_BEFORE_LIST_MARK = regex_cache.compile(r"[^、，]{0,2}、")


def _name_slot(clause: str, at: int) -> bool:
    # _BEFORE_NAME reads three characters back at most: searched from there, not from the
    # clause's start (a page of one long clause was quadratic).
    return bool(_BEFORE_NAME.search(clause, max(0, at - 3), at) or _BEFORE_LIST_MARK.match(clause, at + 1))


def find_unread_names(text: str, body_start: int) -> list[Found]:
    """The clauses where people are named that hold characters the cleaner could not read
    (□): a name there may be missing or cut (副镇长□娟、赵听□参加会议)."""
    found: list[Found] = []
    if "□" not in text:
        return found
    for sentence in _SENTENCE.finditer(text, body_start):
        if "□" not in sentence.group():
            continue
        verbs = [sentence.start() + verb.start() for verb in _ROLE_VERB.finditer(sentence.group())]
        for clause in _CLAUSE.finditer(text, sentence.start(), sentence.end()):
            # A lost character where a name goes, with a verb after it that names a role.
            # (The clause's text taken once: a copy of it for each □ was quadratic.)
            words = clause.group()
            lost = [at for at, char in enumerate(words) if char == "□" and _name_slot(words, at)]
            if lost and verbs and max(verbs) > clause.start() + min(lost):
                found.append(Found(words, clause.start(), clause.end()))
    return found
