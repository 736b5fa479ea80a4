"""Repair GBK text that was decoded one byte out of phase.

What the scrapers did: a page in GBK lost one lead byte (it shows as ``?``), and
the bytes after it were decoded in pairs shifted by one — (trail of one
character, lead of the next) — until an ASCII-range byte put the decoder back
in phase. Full-width punctuation met inside such a run was flattened to ASCII
(``！`` → ``!``). Re-encoded and prefixed with the lost lead byte, the run
decodes in phase again::

    ?!坝袉栴}  →  A1 | A3A1 B0D3 D086 968A 7D  →  。“有問題

Three shapes occur, alone or together:

* **lost lead byte** — ``?`` then an out-of-phase run; the lead byte is chosen
  among every byte that makes the run decode, by plausibility in context;
* **phantom** — ``?`` then pinyin then ``)``: a character made of the previous
  character's trail byte and the next one's lead byte was annotated with its
  reading by the site's converter (``們?cè)谒季S``: 冊 = 83 D4, 83 is 們's trail,
  D4 is 在's lead). The phantom pins the lost lead byte exactly and is dropped;
* **lost character** — ``?`` then the pinyin that survived it (``?zhèn)``):
  chosen among every character with that reading, by plausibility in context.

A page whose every character Big5 has may have been a Big5 page: its runs are read
as Big5 too (:mod:`.big5_runs`), and the reading that fits its context best is kept.
"""

from __future__ import annotations

import functools
import math
import os
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from jiyao import deadline
from jiyao.cleaning import big5_runs, gbk_beam, tables
from jiyao.cleaning.model import Edit, RepairKind
from jiyao.cleaning.name_prior import in_name, report_prior
from jiyao.cleaning.plausibility import DocumentModel, common_characters, pair_logp, pair_logps, plausibility
from jiyao.cleaning.script import is_han, simplify_characters

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
_PINYIN_CLOSE = re.compile(rf"[a-z{_TONED}]{{1,7}}\s?\)")  # some sites write (huì )
_GLUED_PINYIN = re.compile(rf"\(\s*[a-z{_TONED}]{{1,7}}\s*\)")
_READING_BEFORE = re.compile(rf"\(\s*[a-z{_TONED}]{{1,7}}\s*\)$")
# ASCII punctuation that stood for full-width GBK punctuation inside a run.
_FLATTENED = {"!": "！", "?": "？"}
_CUT_READING_END = re.compile(rf"^[a-z{_TONED}]*\s?\)")
_CUT_READING_START = re.compile(rf"\(\s*[a-z{_TONED}]*\s*$")
_LOSS_MARKS = {"?", "\ufffd"}
_SUSPECT_RUN = re.compile(r"[?\ufffd][^，。,、\n]{0,10}")
_FULL_WIDTH = str.maketrans(",:;!?()", "，：；！？（）")
_CONTEXT = 6
_MARKS = frozenset("，。、；：！？“”‘’（）《》—…·")
# A lost byte leaves one `?` (two where the next byte was full-width punctuation or an
# unreadable pair, `??h`; three when two pairs were, right after a character: `安???a`);
# more in a row, or three anywhere else, are the page's own (indents, placeholders).
_BARE_STRETCH = 3
# Out-of-phase runs seen in the wild are 1–8 characters; reading further only costs time
# (each `?` would re-read the rest of a long run: quadratic) and invites invention.
_MAX_RUN_CHARS = 24
# A repair must read better than the raw text; a length difference is charged at a
# typical character's log-probability, so dropping junk is not a gain in itself.
_CHAR_LOGP = -8.0
_MARKS_AFTER = frozenset("，。、；：！？“”）,.;:!?)\n")


def _cjk_after(text: str, pos: int) -> bool:
    """Whether Chinese text, a mark or the line's end follows at ``pos``."""
    return pos >= len(text) or is_han(text[pos]) or text[pos] in _MARKS_AFTER


# One surviving trail byte fits ~100 characters: repair only when the context is clear.
_LONE_TRAIL_CONFIDENCE = 0.6
_BEAM_WIDTH = 8
_DECODES_BASE = 30
_CHARS_PER_DECODE = 30
# A skipped pair leaves the last character with its lead byte at most: a guess, kept only
# when one reading stands far above the rest.
_DROPPED_RUN_CHARS = 3
_DROPPED_CONFIDENCE = 0.95
_SKIPPED_MARKS = ("，", "：", "；", "！", "？")
_LINE_END_MARKS = ("。", "”", "）", "！", "？", "；", "：")
_ASCII_MARKS = frozenset(",:;!?.")
_SEEN_PAIR = math.log(50)
# A run that opens with ``?``: read as an unreadable pair, the bytes leave one character
# free and the next one half free, and the text model fills them with a common word;
# read as the flattened ``？`` every byte is accounted for. The unreadable reading pays for
# its freedom (dev: 。縣 stays, 會議 for ``??h`` only where it reads far better).
_OPENING_HOLE_COST = 9.0


_gbk = gbk_beam.gbk_bytes
_decode_pair = gbk_beam.pair_char


@functools.cache
def _chars_by_reading() -> dict[str, tuple[str, ...]]:
    """Every GBK character of each tone-marked reading (pypinyin's table, via :mod:`.tables`)."""
    return {reading: tuple(chars) for reading, chars in tables.chars()["by_reading"].items()}


def _chars_read(reading: str) -> tuple[str, ...]:
    """Characters a glued reading can follow. The sites' converters annotate the characters
    they converted, so those whose simplified form differs come first: 曉 before 小."""
    return _converted_first(unicodedata.normalize("NFC", reading.strip()))


@functools.cache
def _converted_first(reading: str) -> tuple[str, ...]:
    chars = _chars_by_reading().get(reading, ())
    converted = tuple(c for c in chars if simplify_characters(c) != c)
    return converted or chars


def _reading(match: re.Match[str]) -> str:
    """The reading in a ``_PINYIN_CLOSE`` or ``_GLUED_PINYIN`` match."""
    return match.group().strip("() ")


@dataclass(frozen=True)
class _Run:
    """An out-of-phase run: its raw end in the text and its bytes (lead byte missing)."""

    end: int
    data: bytes
    dangling: bool  # the last byte is a lead whose trail was lost
    # The dangling character's own reading survived after the run: its trail byte and the
    # ``(`` were read as one bad pair and skipped (``起韝xiàng)`` for 逐項(xiàng)).
    reading: str | None = None
    # Offsets in ``data`` of pairs the decoder could not read and wrote as ``?`` (or a
    # flattened ``？``: the bytes there are A3 BF until the beam says otherwise).
    holes: tuple[int, ...] = ()
    # The run opens with ``?``: a pair the decoder could not read, or a flattened ``？``
    # (A3 BF) — the bytes alone don't tell, so the beam reads both.
    opens_with_mark: bool = False
    # The run ends its line with ``?``: its last pair was unreadable (or a flattened ``？``)
    # and the byte after it went with the line end — the last character is a mark.
    ends_line_with_mark: bool = False


def _read_run(text: str, start: int) -> _Run | None:
    data = bytearray()
    holes: list[int] = []
    opens_with_mark = text[start : start + 1] == "?"
    pos = start
    limit = min(len(text), start + _MAX_RUN_CHARS)
    while pos < limit:
        char = text[pos]
        encoded = _gbk(char)
        if encoded is not None:
            data += encoded
            pos += 1
            continue
        if char == "?" and data and len(data) % 2 == 0 and text[pos + 1 : pos + 2] in ("", "\n"):
            # ``饧?⏎`` for 見。: the pair (見's trail, 。's lead) unreadable, 。's trail lost.
            holes.append(len(data))
            return _Run(pos + 1, bytes(data) + b"\xa3\xbf", True, None, tuple(holes), opens_with_mark, True)
        if char in _FLATTENED and pos + 1 < len(text) and not _PINYIN_CLOSE.match(text, pos + 1):
            flattened = _gbk(_FLATTENED[char])
            following = text[pos + 1]
            if flattened is not None and (_gbk(following) or following in _FLATTENED or 0x40 <= ord(following) <= 0x7E):
                if char == "?" and data:
                    holes.append(len(data))
                data += flattened
                pos += 1
                continue
        if data and len(data) % 2 == 0 and (glued := _PINYIN_CLOSE.match(text, pos)) and _chars_read(_reading(glued)):
            return _Run(glued.end(), bytes(data), True, _reading(glued), tuple(holes), opens_with_mark)
        if data and 0x40 <= ord(char) <= 0x7E and char not in _FLATTENED:
            # An ASCII-range byte as the last trail: the decoder is back in phase after it.
            data.append(ord(char))
            return _Run(pos + 1, bytes(data), False, None, tuple(holes), opens_with_mark)
        break
    if not data or (pos == limit and limit < len(text)):
        return None  # nothing read, or longer than any run we trust
    return _Run(pos, bytes(data), len(data) % 2 == 0, None, tuple(holes), opens_with_mark)


def _decode_in_phase(data: bytes) -> str | None:
    if len(data) % 2:
        return None
    chars = []
    for i in range(0, len(data), 2):
        char = _decode_pair(data[i : i + 2])
        if char is None:
            return None
        chars.append(char)
    return "".join(chars)


@dataclass(frozen=True)
class _Choice:
    text: str
    confidence: float


class _Chooser:
    """Scores candidate repairs in their context and keeps the most plausible."""

    def __init__(self, text: str) -> None:
        self.text = text
        # The runs themselves must not vouch for their own garbled bigrams.
        vocabulary = _SUSPECT_RUN.sub("\n", text)
        self.document = DocumentModel(_GLUED_PINYIN.sub("", vocabulary).translate(_FULL_WIDTH))
        self.prior = report_prior(self.document.unigrams)
        self._memo: dict[tuple[tuple[str, ...], str, str], _Choice] = {}
        self._stretches: dict[str, float] = {}
        self._pairs: dict[str, float] = {}
        self._seen_after: dict[str, set[str]] = {}
        self.dropped: dict[tuple[str, str, int], tuple[str, int, float] | None] = {}
        # Work a report may cost, in beam decodes: real ones need a few per lost byte, a
        # page of `?` and random characters would otherwise take minutes.
        self.decodes_left = _DECODES_BASE + len(text) // _CHARS_PER_DECODE

    def decode(
        self,
        stream: list[int | None],
        unreadable: frozenset[int],
        left: str,
        last: tuple[str, ...] | None = None,
        codec: gbk_beam.Codec = "gbk",
    ) -> list[tuple[str, float]]:
        """:func:`gbk_beam.decode` with this report's scores, while the budget lasts
        (then nothing: the marks are flagged, not read)."""
        if self.decodes_left <= 0:
            return []
        self.decodes_left -= 1
        return gbk_beam.decode(
            stream,
            unreadable,
            self.stretch_score,
            left=left,
            width=_BEAM_WIDTH,
            last=last,
            prior=self.prior,
            pair=self.pair_score,
            pairs=self.pair_scores,
            codec=codec,
        )

    def context(self, start: int, end: int) -> tuple[str, str]:
        # The slices may cut a glued reading in two: its ends go as well as whole ones.
        left = _CUT_READING_END.sub("", _GLUED_PINYIN.sub("", self.text[max(0, start - 3 * _CONTEXT) : start]))
        right = _CUT_READING_START.sub("", _GLUED_PINYIN.sub("", self.text[end : end + 3 * _CONTEXT]))
        left = "".join(ch for ch in left if ch not in _LOSS_MARKS)[-_CONTEXT:]
        right = right.split("?")[0][:_CONTEXT]
        return left, right

    def choose(self, candidates: list[str], left: str, right: str) -> _Choice | None:
        unique = tuple(dict.fromkeys(c for c in candidates if c))
        if not unique:
            return None
        key = (unique, left, right)
        if key not in self._memo:
            self._memo[key] = self._choose(unique, left, right)
        return self._memo[key]

    @staticmethod
    def _plausible(candidates: tuple[str, ...]) -> list[str]:
        # Rare characters are implausible repairs: score the common ones only, if there are any.
        common = common_characters()
        plausible = [c for c in candidates if all(ch in common or ch in _MARKS for ch in c)]
        return plausible or list(candidates)

    def _choose(self, candidates: tuple[str, ...], left: str, right: str) -> _Choice:
        unique = self._plausible(candidates)
        # Candidates of one run differ near its end: the text they share is scored once.
        shared = len(os.path.commonprefix(unique)) if len(unique) > 1 else 0
        scores = [self.in_context(left, c, right, shared) for c in unique]
        best = max(range(len(unique)), key=scores.__getitem__)
        top = scores[best]
        total = sum(math.exp(s - top) for s in scores)
        return _Choice(unique[best], 1.0 / total)

    def in_context(self, left: str, candidate: str, right: str, shared: int = 0) -> float:
        """Plausibility of a candidate between its neighbours; after a title (市長, 書記,
        記者) a surname is likelier than the text model alone says: reports name people.
        ``shared``: how many of its first characters other calls have too (for speed only)."""
        prior = sum(self.name_prior(left + candidate[:i], char) for i, char in enumerate(candidate))
        return plausibility(left + candidate + right, self.document, len(left) + shared) + prior

    def name_prior(self, left: str, char: str) -> float:
        return self.prior(left).get(char, 0.0)

    def pair_score(self, prev: str, char: str) -> float:
        """The quick score of ``char`` after ``prev``: jieba's pair, and the report's own
        bigram when the report has it (a name it repeats). Remembered: a free pair asks
        about the same 3,000 characters after each reading in the beam, and again for each
        way a run may end."""
        key = prev + char
        score = self._pairs.get(key)
        if score is None:
            seen = self.document.bigrams.get((prev, char), 0)
            score = self._pairs[key] = pair_logp(prev, char) + (_SEEN_PAIR if seen else 0.0)
        return score

    def pair_scores(self, prev: str, chars: Sequence[str]) -> list[float]:
        """:meth:`pair_score` of each of ``chars`` after ``prev``."""
        row = pair_logps(prev, chars)
        seen = self._seen_after.get(prev)
        if seen is None:
            seen = self._seen_after[prev] = {b for a, b in self.document.bigrams if a == prev}
        if not seen:
            return row
        return [score + _SEEN_PAIR if char in seen else score for char, score in zip(chars, row, strict=True)]

    def stretch_score(self, stretch: str, shared: int = 0) -> float:
        """Plausibility of a short stretch, remembered: the beam asks for the same ones.
        ``shared``: the length of a left context many calls have in common."""
        if stretch not in self._stretches:
            self._stretches[stretch] = plausibility(stretch, self.document, shared)
        return self._stretches[stretch]

    def beats_raw(self, repaired: str, raw: str, left: str, right: str) -> bool:
        """Whether the repair reads better than the raw text, and better than the raw text
        read as already in phase: the ``?`` a character lost whole, the rest as it stands
        (``10?日`` for 10月9日 — the bytes after the loss decoded in phase at once)."""
        gained = plausibility(left + repaired + right, self.document, len(left))
        for raw_view in ("".join(_FLATTENED.get(ch, ch) for ch in raw), raw[1:]):
            kept = plausibility(left + raw_view + right, self.document, len(left))
            if gained + _CHAR_LOGP * (len(raw_view) - len(repaired)) <= kept:
                return False
        return True


def _finish(run: _Run, lead: int, trail_choices: range | list[int]) -> list[str]:
    """Every in-phase decoding of ``lead + run`` (with each trail if one is missing)."""
    data = bytes([lead]) + run.data
    if not run.dangling:
        decoded = _decode_in_phase(data)
        return [decoded] if decoded else []
    out = []
    for trail in trail_choices:
        decoded = _decode_in_phase(data + bytes([trail]))
        if decoded:
            out.append(decoded)
    return out


# A page's marks read as Big5 must beat GBK by this much in all (log-probability):
# mainland sites are GBK. A mark only one encoding reads counts this much for it, and so
# does a mark GBK read surely (below). Chosen on dev, each run alone: at 6 and 10 no GBK
# run is lost; at 0 and 1 one is, at 3 and 6 two.
_BIG5_HEAD_START = 6.0
_ONE_SIDED = 10.0
# A GBK repair this sure is not asked of Big5 while deciding the page's encoding: a GBK
# page then costs ~5% more, not ~45% (garbled seeds). Dev: Big5 runs restored 91.8% when
# every mark is asked, 86.9% at 0.99, 82.0% at 0.9; GBK runs the same.
_SURE = 0.9
# Marks GBK is unsure of that are asked of Big5 to decide, at most (real pages have a few).
_BIG5_ASKS = 24
_ALL_BYTES = range(0x81, 0xFF)
_ALL_TRAILS = [b for b in range(0x40, 0xFF) if b != 0x7F]


def find_repairs(text: str) -> list[Edit]:
    """Edits that restore every out-of-phase run, phantom and lost character in ``text``:
    read as a GBK page's, or as a Big5 page's when the page may be one and its loss marks
    read better so (a page has one encoding: its runs are read all one way)."""
    if not any(mark in text for mark in _LOSS_MARKS):
        return []
    chooser = functools.cache(lambda: _Chooser(text))  # only for marks worth reading
    edits = _repairs(text, chooser, _repair_gbk)
    if not chooser.cache_info().currsize or not _maybe_big5(chooser().document.unigrams):
        return edits
    # Marks GBK read surely are not asked of Big5 to decide (most of a GBK page's: the
    # page then costs little more); if Big5 wins, it reads them all.
    sure = {edit.start: edit for edit in edits if edit.confidence >= _SURE}
    read_big5 = functools.cache(lambda anchor: _repair_big5(text, anchor, chooser()))
    unsure = 0

    def ask(anchor: int) -> Edit | None:
        nonlocal unsure
        if anchor in sure:
            return sure[anchor]
        unsure += 1
        # A page of random `?X` would be read twice over: the first marks decide.
        return read_big5(anchor) if unsure <= _BIG5_ASKS else None

    asked = _repairs(text, chooser, lambda _, anchor, __: ask(anchor))
    if not _big5_reads_better(text, chooser(), edits, asked):
        return edits
    return _repairs(text, chooser, lambda _, anchor, __: read_big5(anchor))


def _repairs(
    text: str, chooser: Callable[[], _Chooser], repair: Callable[[str, int, _Chooser], Edit | None]
) -> list[Edit]:
    edits: list[Edit] = []
    pos = _next_mark(text, 0)
    while pos < len(text):
        deadline.check()
        stretch = _stretch_end(text, pos)
        if _bare(text, pos, stretch, line_start_read=True) or _asks(text, pos, stretch):
            pos = _next_mark(text, stretch)
            continue
        edit = repair(text, pos, chooser())
        # A stretch of marks is read from its first: one left unread stays whole, so that
        # cleaning the output again finds nothing new to read (``??笔榧`` not as ``?`` + ``?笔榧``).
        pos = _next_mark(text, edit.end if edit is not None else stretch)
        if edit is not None:
            edits.append(edit)
    return edits


def _big5_reads_better(text: str, chooser: _Chooser, gbk: list[Edit], big5: list[Edit]) -> bool:
    """Whether the loss marks read better as a Big5 page's than as a GBK page's, by more
    than GBK's head start (mainland sites are GBK): summed over the marks both read, how
    much better the Big5 repair reads in its context; a mark only one reads counts a
    fixed amount for it."""
    by_start = {edit.start: edit for edit in gbk}
    votes = 0.0
    for edit in big5:
        other = by_start.pop(edit.start, None)
        if other is edit:  # a mark GBK read surely, not asked of Big5: a vote for GBK
            votes -= _ONE_SIDED
        else:
            votes += _ONE_SIDED if other is None else _gain(text, chooser, edit, other)
    return votes - _ONE_SIDED * len(by_start) > _BIG5_HEAD_START


def _gain(text: str, chooser: _Chooser, first: Edit, second: Edit) -> float:
    """How much better ``first`` reads than ``second`` (log-probability) over the stretch
    either covers."""
    end = max(first.end, second.end)
    left, right = chooser.context(first.start, end)

    def reads(edit: Edit) -> float:
        return chooser.in_context(left, edit.replacement + _GLUED_PINYIN.sub("", text[edit.end : end]), right)

    return reads(first) - reads(second)


LOST_CHARACTER = "□"  # how a printed page marks a character it cannot show (缺字)


def unresolved(text: str, edits: list[Edit]) -> list[Edit]:
    """Loss marks that look like lost bytes (not the page's own ``???``) and that no edit
    repaired: each with the run after it, to flag. The run stays as received, but its
    ``?`` become ``□``: a question mark there would be read as one (and widened to ``？``),
    and cleaning the text again would try the bytes again in another context."""
    covered = [(e.start, e.end) for e in edits]
    flagged: list[Edit] = []
    pos = _next_mark(text, 0)
    while pos < len(text):
        stretch = _stretch_end(text, pos)
        if _bare(text, pos, stretch) or any(s <= pos < e for s, e in covered) or _asks(text, pos, stretch):
            pos = _next_mark(text, stretch)
            continue
        run = _read_run(text, pos + 1)
        end = run.end if run is not None else pos + 1
        note = f"damaged bytes left as received, lost characters marked {LOST_CHARACTER}: no reading was clearly better"
        flagged.append(Edit(pos, end, text[pos:end].replace("?", LOST_CHARACTER), RepairKind.UNRESOLVED, 0.0, note))
        pos = _next_mark(text, end)
    return flagged


def _asks(text: str, pos: int, end: int) -> bool:
    """Question marks (``text[pos:end]``), not lost bytes: after a question word, or ending
    a line or a quote; or ASCII text's own (``/art?id=5``, ``X?Y-2``): after an ASCII
    character, before two more — a lost byte's trail is one ASCII character at most."""
    return text[pos] == "?" and (
        text[pos - 1 : pos] in _QUESTION_WORDS
        or text[end : end + 1] in ("", "\n", "”", "」", "’", " ")
        or (_ASCII_WORD.match(text[pos - 1 : pos]) is not None and _ASCII_WORD.match(text, end, end + 2) is not None)
    )


# Letters, digits and what URLs join them with; not ``(``, ``)``: a reading glued to a
# character ends with one (議(yì )?K講), and a trail's own reading begins with one (?z(jiǎn)).
_ASCII_WORD = re.compile(r"[0-9A-Za-z/=&._:%-]{1,2}$|[0-9A-Za-z/=&._:%-]{2}")


_QUESTION_WORDS = frozenset("嗎吗呢吧麼么否啊呀")
_MARK = re.compile("[?\ufffd]")
_NOT_MARK = re.compile("[^?\ufffd]")


def _next_mark(text: str, pos: int) -> int:
    found = _MARK.search(text, pos)
    return found.start() if found else len(text)


def _stretch_end(text: str, pos: int) -> int:
    found = _NOT_MARK.search(text, pos)
    return found.start() if found else len(text)


def _bare(text: str, start: int, end: int, *, line_start_read: bool = False) -> bool:
    """Loss marks that are not a lost byte: four or more in a row, three anywhere but
    right after a Han character or a comma (the sites' ASCII comma for ，), or marks that
    begin a line or follow a space (an indent) — no byte before them was lost. A reading glued before them is looked
    past (``召(yì )???`` as ``召???``): the cleaned text must be read the same way.

    ``line_start_read``: up to three at a line's start are read all the same — a line's
    first character loses its lead byte as often as any (``???笔榧恰⑶`` for 區委副書記、),
    and the repair must read better than the text as it stands; left unread, they are an
    indent again, never flagged."""
    glued = _READING_BEFORE.search(text, max(0, start - 12), start)
    at = glued.start() if glued else start
    before = text[at - 1] if at else "\n"
    if line_start_read and before == "\n" and end - start <= _BARE_STRETCH:
        return False
    after_text = is_han(before) or before in (",", "，", "、")
    if end - start > _BARE_STRETCH or (end - start == _BARE_STRETCH and not after_text):
        return True
    return end - start > 1 and before.isspace()


def _maybe_big5(unigrams: Mapping[str, int]) -> bool:
    """Whether the page may have been Big5: its Han characters, a few of the site's own
    lines aside, all in Big5 (a simplified page's 会 or 县 are not)."""
    han = "".join(filter(is_han, unigrams))
    missing = han.encode("big5", errors="replace").count(b"?")  # one call, not one per character
    return len(han) > 20 and missing <= len(han) // 20


def _between_han(text: str, anchor: int, chooser: _Chooser) -> bool:
    """Whether ``?`` and the ASCII trail after it stand after a Han character (past any
    reading glued to it: 議(yì )?K講) and before Chinese text or a line end."""
    before = chooser.context(anchor, anchor)[0][-1:]
    return is_han(before) and _cjk_after(text, anchor + 2)


def _repair_big5(text: str, anchor: int, chooser: _Chooser) -> Edit | None:
    """The run at ``anchor`` read as a Big5 page's (:mod:`.big5_runs`)."""
    run = big5_runs.read_run(text, anchor)
    if run is None:
        return None
    glued = _GLUED_PINYIN.match(text, run.end)
    last = big5_runs.last_choices(run, _chars_read(_reading(glued)) if glued else None)
    left, right = chooser.context(anchor, run.end)
    if len(run.stream) == 2:
        # One character (``?|``, ``??``): its candidates weighed in the whole context. A
        # trail read as ASCII only before Chinese text and not after a letter (``A?B`` is
        # the page's own); a third of Big5 trails are ASCII, so also after a digit or at a
        # line's start (2023?~ for 2023年, ?X席 for 出席), where GBK's lone trails are not read.
        before = chooser.context(anchor, anchor)[0][-1:]
        if (
            run.unreadable_before is None
            and not glued
            and (not _cjk_after(text, anchor + 2) or (before.isascii() and before.isalpha()))
        ):
            return None
        pool = last if last is not None else gbk_beam.characters(None, run.stream[1], "big5")
        choice = chooser.choose(list(pool), left, right)
        if choice is None or (not glued and choice.confidence < _LONE_TRAIL_CONFIDENCE):
            return None  # one trail byte, or none, fits ~100 characters: only a clear winner
        repaired, confidence = choice.text, choice.confidence
    else:
        readings = chooser.decode(list(run.stream), frozenset(), left, last, codec="big5")
        scored = {reading: chooser.in_context(left, reading, right) for reading, _ in readings}
        if not scored:
            return None
        repaired, confidence = _best(scored)
    if not chooser.beats_raw(repaired, text[anchor : run.end], left, right):
        return None
    return Edit(anchor, run.end, repaired, RepairKind.MOJIBAKE, confidence, "Big5 run re-decoded in phase")


def _best(scored: dict[str, float]) -> tuple[str, float]:
    """The best-scored reading and its share of the probability mass of all of them."""
    best = max(scored, key=scored.__getitem__)
    return best, gbk_beam.confidence(list(scored.values()))


def _repair_gbk(text: str, anchor: int, chooser: _Chooser) -> Edit | None:
    """The repair of the loss mark at ``anchor``, read as a GBK page's."""
    prev = text[anchor - 1] if anchor else ""
    pinyin = _PINYIN_CLOSE.match(text, anchor + 1)
    if pinyin:
        reading = _reading(pinyin)
        phantom = _phantom(prev, reading, text, pinyin.end(), chooser, anchor)
        if phantom is not None:
            return phantom
        return _lost_character(text, anchor, pinyin.end(), reading, chooser, RepairKind.LOST_CHARACTER)
    trail = text[anchor + 1 : anchor + 2]
    if trail and 0x40 <= ord(trail) <= 0x7E:
        glued = _GLUED_PINYIN.match(text, anchor + 2)
        if glued or _between_han(text, anchor, chooser):
            return _lone_trail(text, anchor, ord(trail), chooser, _reading(glued) if glued else None)
    run = _read_run(text, anchor + 1)
    edit = _repair_run(text, anchor, run, chooser) if run is not None else None
    return edit or _dropped_pair(text, anchor, chooser)


def _dropped_pair(text: str, anchor: int, chooser: _Chooser) -> Edit | None:
    """``?`` then text that reads in phase at once, or after a few out-of-phase pairs: the
    last character's trail byte met an ASCII byte (``,``, a digit) that is no trail, and
    the decoder skipped the two (``排?做到`` for 排查，做到). The lost ASCII byte is read as
    the mark that fits best, or as a stray comma when a mark follows; a lost digit cannot
    be told, so after a digit the ``?`` stays, flagged."""
    if text[anchor - 1 : anchor].isdigit():
        return _lost_day(text, anchor)
    left, ahead = chooser.context(anchor, anchor + 1)
    most = 0  # out-of-phase characters the run may hold: none with a reading glued inside
    while most < min(_DROPPED_RUN_CHARS, len(ahead) - 1) and text[anchor + 1 + most] == ahead[most]:
        most += 1
    key = (left, ahead, most)
    if key not in chooser.dropped:  # a page repeating one pattern decodes it once
        chooser.dropped[key] = _read_dropped(chooser, left, ahead, most)
    found = chooser.dropped[key]
    if found is None:
        return None
    repaired, k, confidence = found
    if k == 0 and in_name(left):
        # No byte of the character is left, and it names someone (主任范振? for 范振國):
        # the text model's favourite given name is a guess, however sure it looks.
        return None
    end = anchor + 1 + k
    _, right = chooser.context(anchor, end)
    if confidence < _DROPPED_CONFIDENCE or not chooser.beats_raw(repaired, text[anchor:end], left, right):
        return None
    why = "lost lead byte; the last trail byte and an ASCII byte after it were skipped"
    return Edit(anchor, end, repaired, RepairKind.MOJIBAKE, confidence, why)


_MONTH_AND_DAY = re.compile(r"(?<!\d)\d{1,2}月\d{1,2}$")
_DAY_CONFIDENCE = 0.99


def _lost_day(text: str, anchor: int) -> Edit | None:
    """``6月30?,`` for 6月30日，: after a month and a day's digits 日 stands; it lost its
    lead byte, and its trail went with the ASCII byte after it. A Han character
    right after means that byte was the comma. ``12?0日`` (a digit lost with 月) stays."""
    if not _MONTH_AND_DAY.search(text, max(0, anchor - 6), anchor):
        return None
    after = text[anchor + 1 : anchor + 2]
    if after.isdigit():
        return None
    replacement = "日，" if is_han(after) else "日"
    why = "lost lead byte of the day's 日; its trail and an ASCII byte after it were skipped"
    return Edit(anchor, anchor + 1, replacement, RepairKind.MOJIBAKE, _DAY_CONFIDENCE, why)


def _read_dropped(chooser: _Chooser, left: str, ahead: str, most: int) -> tuple[str, int, float] | None:
    """The best reading of a skipped pair after ``k <= most`` characters of ``ahead``: the
    replacement, ``k`` and its confidence."""
    candidates: dict[str, tuple[str, int, float]] = {}  # reading → (lost mark, raw characters covered, score)
    for k in range(most + 1):
        stream: list[int | None] = [None]
        for char in ahead[:k]:
            stream += _gbk(char) or b""
        if len(stream) != 2 * k + 1:
            break
        readings = chooser.decode([*stream, None], frozenset(), left)
        # The skipped ASCII byte: a mark, unless a mark follows (then a stray comma).
        after = ahead[k : k + 1]
        lost_marks = ("",) if after in _MARKS or after in _ASCII_MARKS else _SKIPPED_MARKS
        if _YEAR_LOST_DIGIT.match(ahead, k):
            lost_marks = ("2",)  # not a mark: the first digit of a year (行?024年)
        for reading, _ in readings:
            # Scored over the same stretch for every k: the reading, then the rest as it
            # stands; the confidence is the reading's, whichever mark it takes.
            score, lost = max((chooser.in_context(left, reading + lost + ahead[k:], ""), lost) for lost in lost_marks)
            if score > candidates.get(reading, ("", 0, -math.inf))[2]:
                candidates[reading] = (lost, k, score)
    if not candidates:
        return None
    ranked = sorted(candidates.items(), key=lambda item: -item[1][2])
    reading, (lost, k, _) = ranked[0]
    return reading + lost, k, gbk_beam.confidence([score for _, (_, _, score) in ranked])


def _lone_trail(text: str, anchor: int, trail: int, chooser: _Chooser, reading: str | None) -> Edit | None:
    """A lost lead byte whose trail survived as ASCII. With the reading glued after it the
    character is pinned (``?z(jiǎn)``: 檢 = 99 7A, read jiǎn); without one (``會?h。``) any
    of ~100 characters fits, and the repair is kept only when one clearly reads best."""
    if reading is None:
        candidates = gbk_beam.characters(None, trail)
    else:
        candidates = tuple(c for c in _chars_read(reading) if (_gbk(c) or b"\0\0")[1] == trail)
    left, right = chooser.context(anchor, anchor + 2)
    choice = chooser.choose(list(candidates), left, right)
    if choice is None:
        return None
    if reading is None and (
        choice.confidence < _LONE_TRAIL_CONFIDENCE
        or not chooser.beats_raw(choice.text, text[anchor : anchor + 2], left, right)
    ):
        return None
    why = f"lost lead byte; trail {chr(trail)!r}" + (
        f" and reading {reading} pin the character" if reading else " survived"
    )
    return Edit(anchor, anchor + 2, choice.text, RepairKind.MOJIBAKE, choice.confidence, why)


def _repair_run(text: str, anchor: int, run: _Run, chooser: _Chooser) -> Edit | None:
    """``?`` + an out-of-phase run, re-read in phase by a beam over its unknown bytes: the
    lost lead byte, pairs the decoder wrote as ``?``, a last trail byte lost with the line.
    A reading glued after the run (or swallowed by it) names the last character."""
    if run.dangling and text[run.end : run.end + 1] in _LOSS_MARKS:
        lost = _PINYIN_CLOSE.match(text, run.end + 1)
        if lost:
            return _run_then_lost_character(text, anchor, run, lost, chooser)
    end = run.end
    last: tuple[str, ...] | None = None
    if run.ends_line_with_mark:
        last = _LINE_END_MARKS
    elif run.reading:
        last = _chars_read(run.reading)
    elif glued := _GLUED_PINYIN.match(text, end):
        last = _chars_read(_reading(glued))
    left, right = chooser.context(anchor, end)
    scored: dict[str, float] = {}
    hypotheses = [(run.holes, 0.0)]
    if run.opens_with_mark:
        hypotheses.append(((0, *run.holes), -_OPENING_HOLE_COST))
    for holes, charge in hypotheses:
        stream: list[int | None] = [None, *run.data]
        for hole in holes:
            stream[hole + 1] = stream[hole + 2] = None
        if run.dangling:
            stream.append(None)
        readings = chooser.decode(stream, frozenset(hole + 1 for hole in holes), left, last)
        for reading, _ in readings:
            score = chooser.in_context(left, reading, right) + charge
            scored[reading] = max(score, scored.get(reading, -math.inf))
    if not scored:
        return None  # no reading of the bytes fits (or fits the reading after them): leave it
    repaired, confidence = _best(scored)
    if not chooser.beats_raw(repaired, text[anchor:end], left, right):
        return None
    if run.dangling and not run.ends_line_with_mark and not run.reading and _YEAR_LOST_DIGIT.match(text, end):
        repaired += "2"  # the ASCII byte lost with the last trail began a year: 举行024年 for 举行2024年
    return Edit(anchor, end, repaired, RepairKind.MOJIBAKE, confidence, "GBK run re-decoded in phase")


# A year of this century that lost its first digit with the trail byte before it.
_YEAR_LOST_DIGIT = re.compile(r"0\d\d年")


def _run_then_lost_character(text: str, anchor: int, run: _Run, lost: re.Match[str], chooser: _Chooser) -> Edit | None:
    """A dangling run, then ``?`` and the reading of a character lost outright: the lead
    byte, the run's lost last trail, then the lost character, each in turn."""
    end, lost_reading = lost.end(), _reading(lost)
    left, right = chooser.context(anchor, end)
    leads = [_decode_in_phase(bytes([lead]) + run.data[:-1]) or "" for lead in _ALL_BYTES]
    tails = [_decode_pair(run.data[-1:] + bytes([trail])) or "" for trail in _ALL_TRAILS]
    repaired, confidence = "", 1.0
    for candidates, right_context in ((leads, ""), (tails, ""), (list(_chars_read(lost_reading)), right)):
        choice = chooser.choose(candidates, left + repaired, right_context)
        if choice is None:
            return None
        repaired += choice.text
        confidence *= choice.confidence
    if not chooser.beats_raw(repaired, text[anchor:end], left, right):
        return None
    return Edit(anchor, end, repaired, RepairKind.MOJIBAKE, confidence, "GBK run re-decoded in phase")


def _lost_character(
    text: str,
    anchor: int,
    end: int,
    reading: str,
    chooser: _Chooser,
    kind: RepairKind,
    lead: int | None = None,
) -> Edit | None:
    chars = [c for c in _chars_read(reading) if lead is None or (_gbk(c) or b"\0")[0] == lead]
    left, right = chooser.context(anchor, end)
    choice = chooser.choose(chars, left, right)
    if choice is None:
        return None
    return Edit(anchor, end, choice.text, kind, choice.confidence, f"lost character read {reading}")


def _phantom(prev: str, reading: str, text: str, after: int, chooser: _Chooser, anchor: int) -> Edit | None:
    """``?<reading>)`` naming a character built from prev's trail and the next lead byte."""
    prev_bytes = _gbk(prev) if prev else None
    if prev_bytes is None:
        return None
    leads = sorted(
        {
            encoded[1]
            for c in _chars_read(reading)
            if (encoded := _gbk(c)) is not None and encoded[0] == prev_bytes[1] and encoded[1] >= 0x81
        }
    )
    if not leads:
        return None
    # The next thing is either a lost character with its reading, or an out-of-phase run.
    if text[after : after + 1] in _LOSS_MARKS and (nxt := _PINYIN_CLOSE.match(text, after + 1)):
        for lead in leads:
            edit = _lost_character(text, anchor, nxt.end(), _reading(nxt), chooser, RepairKind.PHANTOM, lead)
            if edit is not None:
                return Edit(
                    edit.start,
                    edit.end,
                    edit.replacement,
                    RepairKind.PHANTOM,
                    edit.confidence,
                    f"phantom read {reading} dropped; lead byte {lead:02X} restored",
                )
        return None
    run = _read_run(text, after)
    if run is None:
        return None
    left, right = chooser.context(anchor, run.end)
    candidates = [c for lead in leads for c in _finish(run, lead, _ALL_TRAILS)]
    choice = chooser.choose(candidates, left, right)
    if choice is None:
        return None
    return Edit(
        anchor,
        run.end,
        choice.text,
        RepairKind.PHANTOM,
        choice.confidence,
        f"phantom read {reading} dropped; run re-decoded in phase",
    )
