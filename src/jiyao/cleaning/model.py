"""The cleaner's data: repairs, the byline, the clean report, and a span-tracking text."""

from __future__ import annotations

import operator
from array import array
from collections.abc import Iterable
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import NamedTuple


class RepairKind(StrEnum):
    MOJIBAKE = "mojibake"  # GBK bytes decoded out of phase, re-decoded in phase
    LOST_CHARACTER = "lost_character"  # a character gone outright, chosen from candidates
    PHANTOM = "phantom"  # a spurious character made of two neighbours' bytes
    PINYIN = "pinyin"  # romanization glued after a Han character
    PUNCTUATION = "punctuation"  # ASCII punctuation restored to full width
    STRAY_COMMA = "stray_comma"  # a comma doubled or set before other punctuation
    WHITESPACE = "whitespace"
    CHROME = "chrome"  # site navigation, 原標題, 責任編輯 and the like
    MARKUP = "markup"  # a tag or an entity a page's HTML left in a scraped text
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
    # The page's publication date (YYYY-MM-DD), from its 發布時間/來源 line; None when it has none.
    published: str | None = None


@dataclass(frozen=True)
class CleanReport:
    title_lines: tuple[str, ...]
    byline: Byline
    paragraphs: tuple[str, ...]
    repairs: tuple[Repair, ...] = ()
    encoding: str = "utf-8"
    removed_lines: tuple[str, ...] = ()
    decoding_problems: tuple[str, ...] = ()  # bytes that had to be dropped or replaced
    # Stretches of ``text`` read from damaged bytes (mojibake, lost and phantom characters):
    # (start, end, confidence). A name or date there is the decoder's best reading, no more.
    reconstructed: tuple[tuple[int, int, float], ...] = ()
    # "html" when the input was a page's HTML source (offsets then point into its text),
    # "markdown" when it was a page saved as Markdown, "json" a scraper's record (offsets
    # then point into the report it holds), "docx" a Word document (offsets point into the
    # text it shows, a line per paragraph or table row); "csv" and "feed" a record of a
    # scraper's CSV file or a site's RSS or Atom feed, read as a JSON record is.
    source: str = "text"
    # Why the text is no one report but an export of several (a CSV file, a feed, JSON
    # Lines): the edges refuse it with this (:func:`jiyao.cleaning.require_text`).
    not_one_report: str | None = None

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


def contains_any(text: str, chars: tuple[str, ...]) -> bool:
    """Whether ``text`` holds any of ``chars``: a pass's cheap test before its patterns run.
    (A loop: ``any()`` over a generator cost ~3x as much on a short report.)"""
    for char in chars:
        if char in text:
            return True
    return False


class Edit(NamedTuple):
    """A replacement of ``[start, end)`` of the current text, proposed by a pass.

    Immutable, as a frozen dataclass would be, but made ~4x faster (a frozen dataclass
    sets each field through ``object.__setattr__``): a garbled report makes thousands."""

    start: int
    end: int
    replacement: str
    kind: RepairKind
    confidence: float = 1.0
    note: str = ""


_START_END = operator.itemgetter(0, 1)  # an Edit's (start, end)
# A frozen dataclass's __init__ sets each field through object.__setattr__ (~2.7 µs a
# Repair); the slots' own setters do the same in ~1.5 µs, and a garbled report makes
# thousands. Only :meth:`TrackedText.apply` builds them this way.
_SET_KIND, _SET_START, _SET_END, _SET_RAW, _SET_REPLACEMENT, _SET_CONFIDENCE, _SET_NOTE = (
    getattr(Repair, f.name).__set__ for f in fields(Repair)
)


def _new_repair(
    kind: RepairKind, start: int, end: int, raw: str, replacement: str, confidence: float, note: str
) -> Repair:
    repair = object.__new__(Repair)
    _SET_KIND(repair, kind)
    _SET_START(repair, start)
    _SET_END(repair, end)
    _SET_RAW(repair, raw)
    _SET_REPLACEMENT(repair, replacement)
    _SET_CONFIDENCE(repair, confidence)
    _SET_NOTE(repair, note)
    return repair


# An origin map's offsets as 32-bit integers: 4 bytes a character (a 10 MB report's map is
# 13 MB, not 27), and a text of up to two thousand million characters, far past any input.
_OFFSET = "i"


@dataclass
class TrackedText:
    """Text that remembers, for each character, where it came from in the original.

    Passes propose :class:`Edit` s against the current text; applying them keeps
    the origin map, so every :class:`Repair` names its span in the decoded input. The map
    is an array of machine integers (4 bytes a character, where a list of ints took ~36).
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

    def apply(self, edits: Iterable[Edit]) -> None:
        """Apply non-overlapping edits (any order); overlapping ones are skipped."""
        if not edits:
            return  # most passes find nothing in clean text: no sort, no copy of text and map
        edits = sorted(edits, key=_START_END)
        if not edits:
            return  # an iterator that yielded none (it is truthy before it is read)
        if self.origin is None:
            self.origin = array(_OFFSET, range(len(self.text)))
        # The loop runs once per edit (thousands a garbled report): locals, no per-edit helpers.
        text, source, original, repairs = self.text, self.origin, self.original, self.repairs
        pieces: list[str] = []
        origin = array(_OFFSET)
        add_piece, add_origins, add_origin, add_repair = pieces.append, origin.extend, origin.append, repairs.append
        cursor = 0
        for start, end, replacement, kind, confidence, note in edits:
            if start < cursor:
                continue
            if start > cursor:
                add_piece(text[cursor:start])
                add_origins(source[cursor:start])
            if start < end:
                o_start, o_end = source[start], source[end - 1] + 1
            else:
                o_start = o_end = source[start] if start < len(source) else len(original)
            add_piece(replacement)
            if len(replacement) == 1:
                add_origin(o_start)
            elif replacement:
                add_origins(array(_OFFSET, [o_start]) * len(replacement))
            # Most edits are sure (1.0, which rounds to itself).
            confidence = confidence if confidence == 1.0 else round(confidence, 3)
            add_repair(_new_repair(kind, o_start, o_end, original[o_start:o_end], replacement, confidence, note))
            cursor = end
        pieces.append(text[cursor:])
        origin.extend(source[cursor:])
        self.text = "".join(pieces)
        self.origin = origin
