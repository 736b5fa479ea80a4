"""The cleaner's data: repairs, the byline, the clean report, and a span-tracking text."""

from __future__ import annotations

from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class RepairKind(StrEnum):
    MOJIBAKE = "mojibake"  # GBK bytes decoded out of phase, re-decoded in phase
    LOST_CHARACTER = "lost_character"  # a character gone outright, chosen from candidates
    PHANTOM = "phantom"  # a spurious character made of two neighbours' bytes
    PINYIN = "pinyin"  # romanization glued after a Han character
    PUNCTUATION = "punctuation"  # ASCII punctuation restored to full width
    STRAY_COMMA = "stray_comma"  # a comma doubled or set before other punctuation
    WHITESPACE = "whitespace"
    CHROME = "chrome"  # site navigation, 原標題, 責任編輯 and the like
    # Damaged bytes left as received: no reading of them was clearly better (flagged, not guessed).
    UNRESOLVED = "unresolved"


@dataclass(frozen=True, slots=True)  # slots: a long report has 100 k of them
class Repair:
    """One change the cleaner made: ``raw`` at ``[start, end)`` of the decoded input (for
    ``unresolved``, a stretch it flagged and left as received)."""

    kind: RepairKind
    start: int
    end: int
    raw: str
    replacement: str
    confidence: float
    note: str = ""


@dataclass(frozen=True)
class Byline:
    outlet: str | None = None
    reporter: str | None = None
    editor: str | None = None
    # The dateline as printed, e.g. 惠州日報訊（記者戴建）; None when the report has none.
    dateline: str | None = None


@dataclass(frozen=True)
class CleanReport:
    title_lines: tuple[str, ...]
    byline: Byline
    paragraphs: tuple[str, ...]
    repairs: tuple[Repair, ...] = ()
    encoding: str = "utf-8"
    removed_lines: tuple[str, ...] = ()
    decoding_problems: tuple[str, ...] = ()  # bytes that had to be dropped or replaced

    @property
    def lines(self) -> tuple[str, ...]:
        """Title lines, then the dateline if any, then one line per paragraph."""
        dateline = (self.byline.dateline,) if self.byline.dateline else ()
        return (*self.title_lines, *dateline, *self.paragraphs)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def body(self) -> str:
        return "\n".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Edit:
    """A replacement of ``[start, end)`` of the current text, proposed by a pass."""

    start: int
    end: int
    replacement: str
    kind: RepairKind
    confidence: float = 1.0
    note: str = ""


@dataclass
class TrackedText:
    """Text that remembers, for each character, where it came from in the original.

    Passes propose :class:`Edit` s against the current text; applying them keeps
    the origin map, so every :class:`Repair` names its span in the decoded input. The map
    is an array of machine integers (8 bytes a character, where a list of ints took ~36).
    """

    original: str
    text: str = ""
    # None until the first edit: each character is where it was (clean text never pays
    # for the map).
    origin: array[int] | None = None
    repairs: list[Repair] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.origin is None:
            self.text = self.original

    def _original_span(self, start: int, end: int) -> tuple[int, int]:
        origin = self.origin
        if start < end:
            return (start, end) if origin is None else (origin[start], origin[end - 1] + 1)
        if origin is None:
            return start, start
        anchor = origin[start] if start < len(origin) else len(self.original)
        return anchor, anchor

    def apply(self, edits: Iterable[Edit]) -> None:
        """Apply non-overlapping edits (any order); overlapping ones are skipped."""
        edits = sorted(edits, key=lambda e: (e.start, e.end))
        if not edits:
            return  # most passes find nothing in clean text: no copy of text and map
        if self.origin is None:
            self.origin = array("q", range(len(self.text)))
        pieces: list[str] = []
        origin = array("q")
        cursor = 0
        for edit in edits:
            if edit.start < cursor:
                continue
            pieces.append(self.text[cursor : edit.start])
            origin.extend(self.origin[cursor : edit.start])
            o_start, o_end = self._original_span(edit.start, edit.end)
            pieces.append(edit.replacement)
            origin.extend(array("q", [o_start]) * len(edit.replacement))
            self.repairs.append(
                Repair(
                    kind=edit.kind,
                    start=o_start,
                    end=o_end,
                    raw=self.original[o_start:o_end],
                    replacement=edit.replacement,
                    confidence=round(edit.confidence, 3),
                    note=edit.note,
                )
            )
            cursor = edit.end
        pieces.append(self.text[cursor:])
        origin.extend(self.origin[cursor:])
        self.text = "".join(pieces)
        self.origin = origin
