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

from jiyao.cleaning.plausibility import common_characters

Byte = int | None
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
    width: int = 8,
) -> list[tuple[str, float]]:
    """The ``width`` best readings of ``stream`` (even length), best first, with scores.

    ``unreadable`` holds byte offsets ``j`` where the out-of-phase pair (stream[j],
    stream[j+1]) was written ``?``: the two characters chosen there must not make it readable.
    """
    _, _, encoded = _index()
    beam: list[tuple[str, float]] = [("", 0.0)]
    for start in range(0, len(stream), 2):
        options = characters(stream[start], stream[start + 1])
        if not options:
            return []
        grown: list[tuple[str, float]] = []
        for text, _ in beam:
            for char in options:
                if start - 1 in unreadable and text:
                    before = encoded.get(text[-1])
                    after = encoded.get(char) or char.encode("gbk")
                    # Readable there, the decoder would not have written ``?`` (unless it was ？).
                    if before is not None and _pair_char(before[1], after[0]) not in (None, "？"):
                        continue
                grown.append((text + char, score(text + char)))
        grown.sort(key=lambda item: item[1], reverse=True)
        beam = grown[:width]
        if not beam:
            return []
    return beam


def confidence(scores: Sequence[float]) -> float:
    """The best reading's share of the probability mass of all readings kept."""
    if not scores:
        return 0.0
    top = max(scores)
    return 1.0 / sum(math.exp(s - top) for s in scores)
