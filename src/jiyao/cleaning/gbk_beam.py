"""A beam search over GBK byte hypotheses: the in-phase bytes of a garbled run, some of
them unknown, decoded into the characters that read best.

A run read out of phase gives most bytes exactly; the lost lead byte, a trail byte
lost at the end, and both bytes of a pair the decoder could not read (it wrote ``?``)
are unknown. Each pair of the in-phase stream is one character: a known lead or trail
narrows it to ~190 common characters, both known to one. A pair that the decoder could
not read constrains its two bytes too: read together they must not be a character.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Sequence

from jiyao.cleaning.plausibility import common_characters, pair_logp

Byte = int | None
_SHORTLIST = 8  # candidates fully scored per beam slot and step
_MARKS = frozenset("，。、；：！？“”‘’（）《》—…·")


def _pair_char(lead: int, trail: int) -> str | None:
    try:
        char = bytes([lead, trail]).decode("gbk")
    except UnicodeDecodeError:
        return None
    return char if len(char) == 1 and char.isprintable() else None


@functools.cache
def _index() -> tuple[dict[int, tuple[str, ...]], dict[int, tuple[str, ...]], dict[str, bytes]]:
    """Common characters by GBK lead byte and by trail byte, and their bytes."""
    by_lead: dict[int, list[str]] = {}
    by_trail: dict[int, list[str]] = {}
    encoded: dict[str, bytes] = {}
    for char in sorted(common_characters() | _MARKS):
        try:
            raw = char.encode("gbk")
        except UnicodeEncodeError:
            continue
        if len(raw) != 2:
            continue
        encoded[char] = raw
        by_lead.setdefault(raw[0], []).append(char)
        by_trail.setdefault(raw[1], []).append(char)
    return (
        {k: tuple(v) for k, v in by_lead.items()},
        {k: tuple(v) for k, v in by_trail.items()},
        encoded,
    )


def characters(lead: Byte, trail: Byte) -> tuple[str, ...]:
    """Every common character the pair can be (the exact one when both bytes are known)."""
    by_lead, by_trail, _ = _index()
    if lead is not None and trail is not None:
        char = _pair_char(lead, trail)
        return (char,) if char else ()
    if lead is not None:
        return by_lead.get(lead, ())
    if trail is not None:
        return by_trail.get(trail, ())
    return ()


def decode(
    stream: Sequence[Byte],
    unreadable: frozenset[int],
    score: Callable[[str], float],
    *,
    left: str = "",
    width: int = 8,
    window: int = 10,
    last: Sequence[str] | None = None,
    prior: Callable[[str, str], float] | None = None,
) -> list[tuple[str, float]]:
    """The ``width`` best readings of ``stream`` (even length), best first, with scores.

    ``score`` rates a short stretch of text; a reading's score is the sum, character by
    character, of how much each one adds to the ``window`` characters before it (``left``
    included), so that each step costs the same however long the run. ``unreadable``
    holds byte offsets ``j`` where the out-of-phase pair (stream[j], stream[j+1]) was
    written ``?``: the characters chosen there must not make it readable. ``last`` lists
    the only characters the final pair may be (a reading glued after the run names it).
    ``prior(context, char)`` adds what the text model does not know (a surname after a title).
    """
    _, _, encoded = _index()
    beam: list[tuple[str, float]] = [("", 0.0)]
    final = len(stream) - 2
    ahead = _known_ahead(stream)
    for start in range(0, len(stream), 2):
        lead, trail = stream[start], stream[start + 1]
        options = characters(lead, trail)
        if start == final and last is not None:
            options = tuple(c for c in last if _fits(encoded.get(c) or _gbk(c), lead, trail))
        if not options:
            return []
        # A quick pass (each candidate after the character before it) keeps the few worth
        # the full score: with ~70 candidates a pair, the full score of all is the cost.
        quick: list[tuple[float, int, str]] = []
        for index, (text, total) in enumerate(beam):
            prev = (left + text)[-1:]
            for char in options:
                if start - 1 in unreadable and text:
                    before = encoded.get(text[-1]) or _gbk(text[-1])
                    after = encoded.get(char) or _gbk(char)
                    # Readable there, the decoder would not have written ``?`` (unless it was ？).
                    if before and after and _pair_char(before[1], after[0]) not in (None, "？"):
                        continue
                guess = pair_logp(prev, char) if prev else 0.0
                if next_chars := ahead[start]:
                    guess += pair_logp(char, next_chars[0])
                quick.append((total + guess, index, char))
        quick.sort(key=lambda item: item[0], reverse=True)
        # Ranked with the known characters that follow (研 of 研究 before the common 中),
        # kept with what each character itself adds.
        ranked: list[tuple[float, str, float]] = []
        bases: dict[int, tuple[str, float]] = {}
        for _, index, char in quick[: width * _SHORTLIST]:
            text, total = beam[index]
            if index not in bases:
                context = (left + text)[-window:]
                bases[index] = (context, score(context) if context else 0.0)
            context, base = bases[index]
            added = score(context + char) - base + (prior(context, char) if prior else 0.0)
            lookahead = score(context + char + ahead[start]) - base if ahead[start] else added
            ranked.append((total + lookahead, text + char, total + added))
        ranked.sort(key=lambda item: item[0], reverse=True)
        beam = [(text, total) for _, text, total in ranked[:width]]
        if not beam:
            return []
    return beam


def _known_ahead(stream: Sequence[Byte], most: int = 2) -> dict[int, str]:
    """For each pair, the characters of the fully known pairs right after it (up to ``most``)."""
    ahead: dict[int, str] = {}
    for start in range(0, len(stream), 2):
        chars = ""
        for after in range(start + 2, min(len(stream), start + 2 + 2 * most), 2):
            lead, trail = stream[after], stream[after + 1]
            char = _pair_char(lead, trail) if lead is not None and trail is not None else None
            if char is None:
                break
            chars += char
        ahead[start] = chars
    return ahead


def _gbk(char: str) -> bytes | None:
    try:
        raw = char.encode("gbk")
    except UnicodeEncodeError:
        return None
    return raw if len(raw) == 2 else None


def _fits(raw: bytes | None, lead: Byte, trail: Byte) -> bool:
    return raw is not None and (lead is None or raw[0] == lead) and (trail is None or raw[1] == trail)


def confidence(scores: Sequence[float]) -> float:
    """The best reading's share of the probability mass of all readings kept."""
    if not scores:
        return 0.0
    top = max(scores)
    return 1.0 / sum(math.exp(s - top) for s in scores)
