"""Who chaired, who spoke, who attended: rules over the sentences of the clean text.

All matching runs on the simplified form of the text, which OpenCC keeps the same
length, so every offset found there points at the same characters of the original.

A sentence that reports presence (出席, 参会, 参加会议, 主持…) or speech (讲话, 强调,
通报, 作了…部署…) is split at commas into groups; a group is titles and names
separated by 、, 及 or 和 and ends where its verb phrase starts. Titles run up to a
title word (书记, 市长, 主任, 领导…); a bare name after a generic title (市领导)
inherits it; a more specific title later in the report replaces a generic one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from jiyao.names import looks_like_name

_TITLE_END = re.compile(r"(书记|主任|主席|组长|委员|常委|领导|总理|专员|负责人|长)$")
_GENERIC_TITLE = re.compile(r"领导$")
# Where a group's verb phrase starts: presence, speech, or a place (在…会场).
_VERB = re.compile(r"等|分别|在|出席|参会|参加|列席|主持|讲话|强调|指出|表示|要求|通报|提出|就|作了|并讲话")
_PRESENT = re.compile(r"出席|参会|参加会议|列席|主持|会场")
_SPOKE = re.compile(r"讲话|强调|指出|表示|要求|通报|提出|作了[^，。]*?部署|安排部署")
_SPEECH_VERBS = re.compile(r"强调|指出|表示|要求|讲话|通报|提出")
_SENTENCE = re.compile(r"[^。！？\n]+[。！？]?")


@dataclass
class Mention:
    name: str
    title: str | None
    start: int  # offset of the name in the text
    speaker: bool = False
    chair: bool = False


@dataclass
class People:
    mentions: dict[str, Mention] = field(default_factory=dict)

    def add(self, mention: Mention) -> None:
        known = self.mentions.get(mention.name)
        if known is None:
            self.mentions[mention.name] = mention
            return
        known.speaker |= mention.speaker
        known.chair |= mention.chair
        if mention.title and (known.title is None or _is_generic(known.title)) and not _is_generic(mention.title):
            known.title = mention.title

    @property
    def chair(self) -> Mention | None:
        return next((m for m in self.mentions.values() if m.chair), None)


def _is_generic(title: str) -> bool:
    return bool(_GENERIC_TITLE.search(title))


def split_title_name(text: str) -> tuple[str | None, str] | None:
    """``市委书记郭文海`` → (市委书记, 郭文海); a bare name → (None, name); else None."""
    text = text.strip()
    if looks_like_name(text):
        return None, text
    for size in (3, 2, 4):
        if len(text) <= size:
            continue
        name, title = text[-size:], text[:-size]
        if looks_like_name(name) and _TITLE_END.search(title) and "，" not in title:
            return title, name
    return None


def _group_mentions(head: str, offset: int) -> list[Mention]:
    """Mentions in the subject part of one comma group (before its verb)."""
    mentions: list[Mention] = []
    pending_titles: list[str] = []
    inherited: str | None = None
    cursor = 0
    for item in re.split(r"、|及|和", head):
        item_start = head.index(item, cursor) if item else cursor
        cursor = item_start + len(item)
        parsed = split_title_name(item)
        if parsed is None:
            if _TITLE_END.search(item) and not re.search(r"[，（）]", item):
                pending_titles.append(item)
            continue
        title, name = parsed
        if title is not None:
            title = "、".join([*pending_titles, title])
            if _is_generic(title):
                inherited = title
        elif pending_titles:
            title = "、".join(pending_titles)
        else:
            title = inherited
        pending_titles = []
        mentions.append(Mention(name, title, offset + item_start + len(item) - len(name)))
    return mentions


def find_people(text: str, body_start: int) -> People:
    """Chair, speakers and attendees reported in ``text[body_start:]`` (simplified script).

    Groups without a verb are subjects waiting for one (``A，B就…作了安排部署``):
    the next group's verb phrase says whether they chaired, spoke, or were present.
    """
    people = People()
    for sentence in _SENTENCE.finditer(text, body_start):
        waiting: list[Mention] = []
        group_start = sentence.start()
        for group in sentence.group().split("，"):
            verb = _VERB.search(group)
            head = group[: verb.start()] if verb else group
            waiting += _group_mentions(head, group_start)
            group_start += len(group) + 1
            if verb is None:
                continue
            phrase = group[verb.start() :]
            chaired = phrase.startswith("主持")
            spoke = bool(_SPOKE.search(phrase))
            present = chaired or spoke or bool(_PRESENT.search(phrase))
            for mention in waiting if present else ():
                mention.chair, mention.speaker = chaired, spoke
                people.add(mention)
            waiting = []
    return people


def speakers_by_verb(text: str, body_start: int, people: People) -> None:
    """``郭文海强调`` / ``王立指出``: a known person followed by a speech verb speaks."""
    if not people.mentions:
        return
    names = "|".join(sorted(map(re.escape, people.mentions), key=len, reverse=True))
    for match in re.finditer(rf"({names})(?:最后|还|再次)?({_SPEECH_VERBS.pattern})", text[body_start:]):
        people.mentions[match.group(1)].speaker = True
