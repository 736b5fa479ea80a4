"""Character-level passes: glued pinyin, punctuation, stray commas, whitespace.

Each pass reads the current text and returns :class:`Edit` s; the caller applies them.
"""

from __future__ import annotations

import functools
import operator
import re
import unicodedata

from jiyao.cleaning import regex_cache, tables
from jiyao.cleaning.glued import SYLLABLE, TONED, damaged_readings, damaged_spelling, spells_a_reading
from jiyao.cleaning.loss_marks import LOST_CHARACTER
from jiyao.cleaning.model import Edit, RepairKind
from jiyao.cleaning.script import HAN_CLASS, is_han, simplify_characters
from jiyao.surnames import SURNAMES

# A reading in parentheses; glued when a Han character stands right before it (tested in
# Python: a regex class spanning the Han block costs ~2 ms to compile on every start).
# The sites' converters differ: (huì), （huì）, (hui4), and a word's readings at once
# after the word: 書記(shū jì); some in capitals, 會(HUÌ).
_READING = rf"\s*({SYLLABLE}[1-5]?(?:\s+{SYLLABLE}[1-5]?){{0,3}})\s*[)）]"
# One pattern per opening parenthesis: a literal first character is found ~10x faster.
# Compiled when a text holds one (~0.7 ms each, on every start).


@functools.cache
def _glued(opening: str) -> re.Pattern[str]:
    return regex_cache.compile(re.escape(opening) + _READING)


_TONE_DIGIT = regex_cache.compile("[1-5]$")
_FULL_WIDTH = {",": "，", ":": "：", ";": "；", "!": "！", "?": "？", "(": "（", ")": "）", ".": "。"}
# One class, which the regex engine scans fast: with a full stop's lookarounds in the
# pattern, clean text was cleaned 1.3x slower. Which full stops count: _sentence_stop.
_ASCII_PUNCT = regex_cache.compile(r"[,:;!?().]")
_CJK_MARKS = "，。、；：！？“”‘’（）《》〈〉【】—…·"
_LIST_NUMBER = regex_cache.compile(r"\s*[一二三四五六七八九十]{1,3}")
# A stray run of commas, spaces between them too (， ，: the whitespace pass closes them
# up): after a mark, before one (past spaces, ，\t、, as cleaning the text again would read
# it once the whitespace pass has closed it up), or two commas or more between words. One
# pattern: a loop over every comma of a report had cost the garbled seeds ~3%.
_GAPS = r"[ \t\u3000\u00a0]*"
_STRAY_RUNS = regex_cache.compile(
    rf"[。、；：！？]{_GAPS}(?P<after>，(?:{_GAPS}，)*)"
    rf"|(?P<before>，(?:{_GAPS}，)*)(?={_GAPS}[。、；：！？])"
    rf"|(?P<between>，(?:{_GAPS}，)+)"
)
# What every stray run of commas stands next to, found ~3x faster than the runs (no
# lookbehind): two marks, spaces between them or none. (Written to open with a class, which
# a search skips along the text to.)
_COMMA_BY_MARK = regex_cache.compile(r"[，。、；：！？][ \t\u3000\u00a0]*[，。、；：！？]")


def _is_cjk(char: str) -> bool:
    # □ stands for a character the bytes lost: a comma after it is Chinese text's.
    return bool(char) and (is_han(char) or char in _CJK_MARKS or char == LOST_CHARACTER)


@functools.cache
def _readings(char: str) -> frozenset[str]:
    """Every reading of ``char``, toned and plain (pypinyin's table, via :mod:`.tables`)."""
    return frozenset(tables.readings_of(char))


def glued_pinyin(text: str) -> list[Edit]:
    """``會(huì)議`` → ``會議`` (and ``會（huì）``, ``會(hui4)``, ``書記(shū jì)``); genuine
    parentheses (``(記者 李羿玫)``, ``王明(Wang Ming)``) do not match."""
    edits: list[Edit] = []
    removed_to, glued_to = -1, -1  # where the last reading removed ends, and the character it was glued to
    matches = [match for opening in "(（" if opening in text for match in _glued(opening).finditer(text)]
    if len(matches) > 1 and "(" in text and "（" in text:
        matches.sort(key=_MATCH_START)  # in order along the text: a reading may follow another's
    for match in matches:
        reading = unicodedata.normalize("NFC", match.group(1)).lower()
        # The character the reading is glued to: past spaces before it (會 (huì), which the
        # later passes close up into 會（huì）, read on a second cleaning), and past a
        # reading removed just before (會(huì)(huì)): what cleaning the text again would see.
        start = match.start()
        while start and text[start - 1] in _GAP:
            start -= 1
        glued_at = glued_to if start == removed_to else start
        if " " not in reading and not reading[-1].isdigit():
            # One toned syllable after one character: what the seeds' sites write (hundreds).
            if not glued_at or not is_han(text[glued_at - 1]):
                continue
            if reading in _readings(text[glued_at - 1]):
                confidence = 1.0
            elif any(ch in TONED for ch in reading):
                confidence = 0.8  # tone-marked pinyin, but not a listed reading of the character
            else:
                continue  # plain Latin in parentheses: keep it
        elif _readings_fit(reading, text, glued_at):
            confidence = 1.0
        else:
            continue
        edits.append(Edit(start, match.end(), "", RepairKind.PINYIN, confidence, reading))
        removed_to, glued_to = match.end(), glued_at
    if "?" in text or "\ufffd" in text:
        edits += damaged_readings(text)  # glued to a character a repair made (平原全省領(l?ng))
    return _with_cut_openings(text, edits)


_MATCH_START = operator.methodcaller("start")
# A reading whose opening bracket a lost byte took (召開kāi )常委會): toned letters (or
# letters and a mark or two) glued to the character they read, then the closing bracket.
# Looked for back from each closing bracket, found by str.find (a scan of the whole text by
# a regular expression had cost clean text a fifth of its speed).
_CUT_OPENING = regex_cache.compile(rf"{HAN_CLASS}([a-z{TONED}?\ufffd]{{1,6}}) ?$")
_READING_LETTERS = frozenset(f"abcdefghijklmnopqrstuvwxyz{TONED}?\ufffd")
_CUT_OPENING_NOTE = "a reading glued to the character before it, its opening bracket lost"


def _with_cut_openings(text: str, edits: list[Edit]) -> list[Edit]:
    """``edits`` and the removal of each reading that lost its opening bracket, where it is
    a toned reading of the character before it, or spells one with a byte damaged (毛麗l? )娟,
    a Big5 page's); else the letters are the page's own."""
    cut = []
    for bracket in ")）":
        at = text.find(bracket)
        while at >= 0:
            # Most brackets close after a character or a digit: no letters to look back at.
            before = text[max(0, at - 2) : at].rstrip(" ")[-1:]
            found = _CUT_OPENING.search(text, max(0, at - 8), at) if before in _READING_LETTERS else None
            if found is not None and _reads(unicodedata.normalize("NFC", found.group(1)), text[found.start()]):
                note = f"{found.group(1)}: {_CUT_OPENING_NOTE}"
                cut.append(Edit(found.start() + 1, at + 1, "", RepairKind.PINYIN, 0.8, note))
            at = text.find(bracket, at + 1)
    return sorted(edits + cut, key=_EDIT_START) if cut else edits


def _reads(letters: str, char: str) -> bool:
    if "?" in letters or "\ufffd" in letters:  # as a damaged reading in its brackets is judged
        return damaged_spelling(letters) and spells_a_reading(letters, char)
    return any(ch in TONED for ch in letters) and letters in _readings(char)


_EDIT_START = operator.attrgetter("start")
_GAP = " \t\u3000\u00a0"  # what the whitespace pass removes before a full-width parenthesis


def _readings_fit(reading: str, text: str, start: int) -> bool:
    """Whether each syllable of ``reading`` (a tone as a digit or none) reads the character
    at its place before ``start`` — and a tone is written: plain letters after a name,
    ``王明(wang ming)``, are the writer's own romanization."""
    syllables = reading.split()
    before = text[max(0, start - len(syllables)) : start]
    if len(before) != len(syllables) or not all(map(is_han, before)):
        return False
    marked = any(ch in TONED for ch in reading) or any(s[-1].isdigit() for s in syllables)
    if len(syllables) > 1 and not marked:
        return False
    return all(_TONE_DIGIT.sub("", s) in _readings(ch) for s, ch in zip(syllables, before, strict=True))


def _neighbour(text: str, pos: int, step: int) -> str:
    """The character next to ``pos`` past spaces of any kind (the whitespace pass makes a run
    of them one space or none: cleaning the text again would judge by what is beyond)."""
    pos += step  # (the loop of _neighbour_at, not a call to it: this runs at every mark)
    while 0 <= pos < len(text) and text[pos] in _SPACE_CHARS:
        pos += step
    return text[pos] if 0 <= pos < len(text) else ""


def _neighbour_at(text: str, pos: int, step: int) -> int:
    """Where :func:`_neighbour` finds its character (-1 or ``len(text)`` where none is)."""
    pos += step
    while 0 <= pos < len(text) and text[pos] in _SPACE_CHARS:
        pos += step
    return pos


_SPACE_CHARS = " \t\u3000\u00a0"


def _as_left(text: str, edits: list[Edit], at: int) -> str:
    """The character at ``at`` as :func:`full_width_punctuation` leaves it: widened, if an
    edit of the pass's, before the character being judged, widened it."""
    for edit in reversed(edits):
        if edit.start <= at:
            return edit.replacement if edit.start == at else text[at]
    return text[at]


def _as_right(text: str, at: int, open_parens: list[bool]) -> str:
    """The character at ``at`` as the pass will leave it, where that is known already: a
    ``)`` that closes a parenthesis the pass widened will be widened too."""
    char = text[at : at + 1]
    return "）" if char == ")" and open_parens and open_parens[-1] else char


def _sentence_stop(text: str, pos: int) -> bool:
    """A full stop only where a sentence ends (会议.), not in 3.5, www.gov.cn, 通知.doc or ...:
    no full stop or space before it, no full stop, ASCII letter, digit or ``_`` after it."""
    before, after = text[pos - 1 : pos], text[pos + 1 : pos + 2]
    if before == "." or before.isspace():
        return False
    return not after or not (after in "._" or (after.isascii() and after.isalnum()))


def _after_a_figure(text: str, pos: int, line_start: int, right: str) -> bool:
    """A sentence's full stop after a figure: 增长6.5%.会议… and …11:00. at a line's end in
    Chinese text. Not after a number with Chinese after it (要求：1.加强…, a list's number)."""
    before = text[pos - 1 : pos]
    if before in ("%", "‰"):
        return right in ("", "\n") or _is_cjk(right)
    return before.isdigit() and right in ("", "\n") and any(map(is_han, text[line_start:pos]))


def full_width_punctuation(text: str) -> list[Edit]:
    """ASCII punctuation touching Chinese text becomes full width; ``3,000`` and ``1:2`` stay.

    Parentheses go in pairs: a ``)`` is full width when its ``(`` was; quotes pair up as
    :func:`ascii_quotes` says.
    """
    edits: list[Edit] = []
    open_parens: list[bool] = []
    line_end = -1
    for match in _ASCII_PUNCT.finditer(text):
        pos, char = match.start(), match.group()
        if pos > line_end:
            # Parentheses pair within a line: one a line left open (a damaged reading's, in
            # a line of navigation the chrome pass drops) had paired with a later line's ``)``,
            # and a second cleaning, without that line, paired it otherwise.
            line_end = text.find("\n", pos)
            line_end = len(text) if line_end < 0 else line_end
            open_parens.clear()
        if char == "." and not _sentence_stop(text, pos):
            continue
        wide = _FULL_WIDTH[char]
        if char == "?" and "?" in (text[pos - 1 : pos], text[pos + 1 : pos + 2]):
            continue  # `??` and longer are the page's own placeholders, not a question mark
        left, right = _neighbour(text, pos, -1), _neighbour(text, pos, 1)
        next_to_comma = left == "," or right == ","
        if left == "?":
            # After damaged bytes left as received (（???, for （女）,): judged by the text
            # before them, as it is once they are read or marked □.
            # (As this pass leaves it: 態勢;???( — the ; widened before them.)
            at = _neighbour_at(text, len(text[:pos].rstrip(" \t?")), -1)
            left = (_as_left(text, edits, at) if at >= 0 else "") or "?"
        if edits and (
            edits[-1].end == pos or (text[pos - 1] in _SPACE_CHARS and edits[-1].start == _neighbour_at(text, pos, -1))
        ):
            left = edits[-1].replacement  # widened just before (spaces between): judge as a second pass would
        if char == "(":
            chinese = _is_cjk(left) or (_is_cjk(right) and not left.isascii())
            open_parens.append(chinese)
        elif char == ")":
            chinese = open_parens.pop() if open_parens else _is_cjk(left)
        elif char == ".":
            # Not a list's number (一.各乡镇要…): a line that opens with numerals alone before it.
            line_start = text.rfind("\n", 0, pos) + 1
            numbered = _LIST_NUMBER.fullmatch(text, line_start, pos) is not None
            chinese = _is_cjk(left) or _after_a_figure(text, pos, line_start, right)
            chinese = chinese and text[pos - 1 : pos] not in (" ", "\t") and not numbered
        elif char == "," and next_to_comma:
            # A run of commas separates no number's digits (增长8%,,固定, 8,,固定): judged by
            # the text on both sides of the run (spaces in it too: , ,); the stray-comma pass
            # keeps one.
            start = end = pos
            while (at := _neighbour_at(text, start, -1)) >= 0 and text[at] == ",":
                start = at
            while (at := _neighbour_at(text, end, 1)) < len(text) and text[at] == ",":
                end = at
            before, after = _neighbour_at(text, start, -1), _neighbour_at(text, end, 1)
            run_left = _as_left(text, edits, before) if before >= 0 else ""
            chinese = _is_cjk(run_left) or _is_cjk(_as_right(text, after, open_parens))
        else:
            if right == ")":
                right = _as_right(text, _neighbour_at(text, pos, 1), open_parens)  # （zhǔn,）: as it will be
            chinese = _is_cjk(left) or (_is_cjk(right) and not (left.isascii() and left.isalnum()))
        if chinese:
            edits.append(Edit(pos, pos + 1, wide, RepairKind.PUNCTUATION, 1.0))
    # Quotes in the same pass (a pass of its own cost a call and an empty apply a report).
    return edits + ascii_quotes(text) if '"' in text or "'" in text else edits


# ASCII quotes and what a pair of them may hold to be Chinese text's: a slogan, a name, a
# quoted sentence (with its marks) — but not markup or English (他说"hello" stays).
_QUOTE_PAIRS = {'"': ("“", "”", 500), "'": ("‘", "’", 20)}


def ascii_quotes(text: str) -> list[Edit]:
    """``"六稳""六保"`` → ``“六稳”“六保”``: a page that wrote Chinese text's quotes in ASCII
    had its slogans lost (the readout reads them between “ and ”). Quotes pair up within a
    line, in order; a pair becomes full width when what it holds has a Han character and no
    ASCII letter. A line with an odd number of one kind is left as it is: which quote opens
    would be a guess (他说"很好" then a stray ")."""
    edits: list[Edit] = []
    for quote, (opening, closing, longest) in _QUOTE_PAIRS.items():
        if quote not in text:
            continue
        line_start = 0
        for line in text.split("\n"):
            count = line.count(quote)
            if count and count % 2 == 0:
                at = [i for i, char in enumerate(line) if char == quote]
                for first, second in zip(at[::2], at[1::2], strict=True):
                    held = line[first + 1 : second]
                    if len(held) <= longest and any(map(is_han, held)) and not _ASCII_LETTER.search(held):
                        for where, wide in ((line_start + first, opening), (line_start + second, closing)):
                            edits.append(Edit(where, where + 1, wide, RepairKind.PUNCTUATION, 0.9))
            line_start += len(line) + 1
    return edits


_ASCII_LETTER = regex_cache.compile("[A-Za-z<>=]")


def stray_commas(text: str) -> list[Edit]:
    """``，，`` → ``，``; a comma before or after another mark is dropped (``，。`` → ``。``)."""
    if not _COMMA_BY_MARK.search(text):  # every stray comma sits by a mark or a comma
        return []
    edits = []
    # Whole runs: a run by a mark goes (、，， → 、), a run between words keeps one comma.
    # (A pattern of three branches had dropped the first comma of 、，， and kept the
    # second, which only cleaning the text again took.)
    for match in _STRAY_RUNS.finditer(text):
        if (between := match.span("between")) != (-1, -1):
            edits.append(Edit(*between, "，", RepairKind.STRAY_COMMA, 0.95))
        else:
            start, end = match.span("after") if match["after"] else match.span("before")
            edits.append(Edit(start, end, "", RepairKind.STRAY_COMMA, 0.95))
    return edits


_SPACES = regex_cache.compile(r"[ \t\u3000\u00a0]+")
_MARK_SET = frozenset(_CJK_MARKS)
_TRAILING_BAR = regex_cache.compile(r"[ \t]+\|[ \t]*$", re.MULTILINE)


# Controls (C0 but tab and newline, DEL, C1) and the invisible format characters a page
# carries into a name or a word (李&shy;强, a word joiner, a direction mark): none shows, and
# each kept a name from being read (李\u00ad强 was no name). One class, which a search skips
# along the text to (a second branch had made the clean text's pass ~3x slower); a zero-width
# joiner before an emoji, whose sequence it joins, is kept by the pass.
_CONTROLS = regex_cache.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e"
    r"\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]+"
)
_JOINER = "\u200d"


def _joins_an_emoji(text: str, match: re.Match[str]) -> bool:
    after = text[match.end() : match.end() + 1]
    return (
        match.group() == _JOINER
        and bool(after)
        and ("\U0001f000" <= after <= "\U0001faff" or "\u2600" <= after <= "\u27bf")
    )


# Where a padded name may start: a line or clause, right after a title (县长李　强) or a
# list's opening (出席会议的还有赵　刚).
_BEFORE_PADDED = frozenset("\n，。、；：“（ \u3000记記长長任席员員理委官导導书書有")


# A full-width space, two half-width ones (王  军; &nbsp;&nbsp; from a page), or any wider
# run: the whitespace pass makes every run inside a line one space, which cleaning the text
# again would read as a padding (丁\t\t建伟 → 丁 建伟 → 丁建伟), so it is read as one now.
# Found as runs (a pattern that opens with a class skips along the text; one that opened
# with a lookbehind was tried at every character: 0.5 ms a pass over the seeds, a third of
# cleaning clean text).
_SPACE_RUNS = regex_cache.compile(r"[ \t\u3000\u00a0]+")


def padded_names(text: str) -> list[Edit]:
    """``王　明`` → ``王明``: official lists pad a two-character name with a space (or two
    half-width ones) to the width of three (``县长李　强、副县长张晓华``). The space goes when a surname stands
    before it, a character after it, and before the surname a line or clause starts or a
    title ends; a space between two names (``王明　李强``) stays."""
    edits = []
    for padding in _SPACE_RUNS.finditer(text, 1):
        at, end = padding.span()
        surname, given = text[at - 1], text[end : end + 1]
        if (
            given
            and is_han(given)
            and is_han(surname)
            and simplify_characters(surname) in SURNAMES
            and (at < 2 or text[at - 2] in _BEFORE_PADDED or not is_han(text[at - 2]))
        ):
            edits.append(Edit(at, end, "", RepairKind.WHITESPACE, 1.0, "a two-character name padded"))
    return edits


def controls(text: str) -> list[Edit]:
    """Control and invisible format characters, removed before any other pass reads the
    text: inside a glued reading (``領(lǐn`` U+FEFF ``g)``) or a name they had kept it from being
    read, and cleaning the text again, without them, read it."""
    if not _CONTROLS.search(text):
        return []
    return [
        Edit(m.start(), m.end(), "", RepairKind.WHITESPACE, 1.0, "control characters")
        for m in _CONTROLS.finditer(text)
        if not _joins_an_emoji(text, m)
    ]


def whitespace(text: str) -> list[Edit]:
    """Spaces around full-width marks, line-edge spaces, runs of spaces, a trailing `` |``."""
    edits = (
        [Edit(m.start(), m.end(), "", RepairKind.CHROME, 1.0, "trailing bar") for m in _TRAILING_BAR.finditer(text)]
        if "|" in text
        else []
    )
    taken = {i for e in edits for i in range(e.start, e.end)} if edits else set()
    # Each run of spaces, found once in the whole text (a lookbehind regex and a loop over
    # every line cost ~8x more): it goes next to a full-width mark or at a line's edge; an
    # inner run of more than one plain space becomes one.
    for match in _SPACES.finditer(text):
        start, end = match.span()
        if start in taken:
            continue
        by_mark = text[end : end + 1] in _MARK_SET or text[start - 1 : start] in _MARK_SET
        at_edge = start == 0 or text[start - 1] == "\n" or end == len(text) or text[end] == "\n"
        if by_mark or at_edge:
            edits.append(Edit(start, end, "", RepairKind.WHITESPACE, 1.0))
        elif match.group() != " ":
            edits.append(Edit(start, end, " ", RepairKind.WHITESPACE, 1.0))
    return edits
