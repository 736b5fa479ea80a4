"""The cleaner: scraped report bytes in, a :class:`CleanReport` out.

Passes, in order (each records its :class:`Repair` s against the decoded input):

1. decode the bytes (:mod:`.decoding`); text a scraper decoded as Windows-1252 or
   Latin-1 is read again from its bytes (:mod:`.misread`), and UTF-8 it decoded as GBK
   (:mod:`.utf8_as_gbk`); a page's HTML source is read as the text it
   shows, and markup left in a text (``<br>``, ``&ldquo;``) taken out (:mod:`.html_page`);
   a page saved as Markdown read as the text it shows (:mod:`.markdown`); a scraper's record
   saved as JSON read as the report it holds (:mod:`.records`);
   a PDF's text: page numbers out, lines a fixed width broke joined into their paragraphs,
   lines spaced out a character at a time closed up (:mod:`.wrapping`);
2. re-decode out-of-phase GBK runs, drop phantoms, restore lost characters
   (:mod:`.mojibake`) — first, because it reads the pinyin that survived them;
3. remove pinyin glued after Han characters;
4. ASCII punctuation in Chinese text to full width, then stray commas;
5. whitespace and site chrome; then the line layout (:mod:`.structure`).

``clean_text`` never raises; ``clean_bytes`` raises only
:class:`~jiyao.errors.InputError` for empty or binary input.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import operator
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from jiyao import deadline
from jiyao.cleaning import (
    escapes,
    exports,
    markdown,
    mojibake,
    passes,
    records,
    regex_cache,
    structure,
    utf8_as_gbk,
    wrapping,
)
from jiyao.cleaning.decoding import decode_bytes
from jiyao.cleaning.html_page import looks_like_html, markup_left, page_text
from jiyao.cleaning.known_names import KnownNames, known_names, read_names
from jiyao.cleaning.loss_marks import LOST_CHARACTER
from jiyao.cleaning.lost_choices import ReadBack
from jiyao.cleaning.misread import read_again
from jiyao.cleaning.model import Byline, CleanReport, Repair, RepairKind, TrackedText
from jiyao.cleaning.script import HAN_CLASS, Script, convert, detect_script
from jiyao.errors import BinaryInputError, EmptyInputError, InputError

# Bump when a change to the cleaner can change its output: it is part of every cache key.
CLEANER_VERSION = "50"

__all__ = [
    "CLEANER_VERSION",
    "Byline",
    "CleanReport",
    "KnownNames",
    "Repair",
    "RepairKind",
    "clean_bytes",
    "clean_file",
    "clean_text",
    "known_names",
    "read_names",
]


_SURROGATE = regex_cache.compile("[\ud800-\udfff]")


def _normalize_newlines(text: str) -> str:
    if "\u2028" in text or "\u2029" in text:
        text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    return _carriage_returns_read(text)


def _carriage_returns_read(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def _chosen(read_back: ReadBack, count: int, lost: str) -> str:
    """What a reading back says of the bytes it had to choose, and of the names' characters
    it left open (□)."""
    said = f"; {count} byte{'s' if count > 1 else ''} {lost}, chosen by the words around" if count else ""
    if read_back.guessed:
        from jiyao.cleaning.chooser import guessed_names_note

        said += guessed_names_note(read_back.guessed)
    return said


def clean_text(
    text: str,
    *,
    script: Script | None = None,
    encoding: str = "utf-8",
    decoding_problems: tuple[str, ...] = (),
    source: str = "text",
    names: Iterable[str] = (),
) -> CleanReport:
    """Clean already-decoded report text (or a page's HTML source). Never raises, but
    for ``names`` that are not names (InputError).
    ``source``: what the text was read from, when not a text file ("docx");
    ``names``: people the report may name (:mod:`.known_names`), for the decoder to read
    where bytes of theirs were lost."""
    known = known_names(names) if names else frozenset()
    # U+2028 and U+2029 are kept until the text is read: JSON writes them raw inside a
    # string, where a newline would make it no JSON.
    text = _carriage_returns_read(text).lstrip("\ufeff")
    if (unescaped := escapes.unescaped(text)) is not None:
        text, example = unescaped
        decoding_problems = (
            *decoding_problems,
            f"the text was saved as escape sequences ({example}): read as the characters they stand for",
        )
    if (again := read_again(text)) is not None:
        read_back, misread_as, chosen = again
        text = read_back.text
        decoding_problems = (
            *decoding_problems,
            f"the text was {misread_as} read as Windows-1252 or Latin-1 (ä¼šè®® or »áÒé for 会议): read again"
            + _chosen(read_back, chosen, "Windows-1252 has no character for"),
        )
    if (as_utf8 := utf8_as_gbk.read_as_utf8(text)) is not None:
        read_back, chosen = as_utf8
        text = read_back.text
        decoding_problems = (
            *decoding_problems,
            "the text was UTF-8 read as GBK (鏈堜細璁 for 月会议): read again"
            + _chosen(read_back, chosen, "GBK could not read"),
        )
    not_one_report = None
    first = exports.first_character(text)
    if first == "{" and (record := records.record_text(text)) is not None:
        # Repairs' offsets then point into the report the record holds.
        text, source = record, "json"
    elif first == "[" and (why := records.many_records(text)) is not None:
        not_one_report = why  # judged on the text as it came: cleaning rewrites its quotes
    elif (export := exports.export_of(text)) is not None:
        if export.unreadable is not None:
            not_one_report = export.unreadable
        elif len(export.records) > 1:
            not_one_report = exports.several(export.kind, len(export.records))
        elif (record := records.text_of(export.records[0])) is not None:
            text, source = record, export.source
    if "<" in text and looks_like_html(text):
        # Repairs' offsets then point into the page's text, as the cleaner read it.
        text, source = page_text(text), "html"
    # Again: reading the text again (its bytes, a record, a page) can bring line breaks back.
    text = unicodedata.normalize("NFC", _normalize_newlines(text))
    if _SURROGATE.search(text):
        # Half a UTF-16 pair (text decoded with surrogateescape, a JSON "\ud800"): no
        # character, and nothing downstream can encode it.
        count = len(_SURROGATE.findall(text))
        text = _SURROGATE.sub("\ufffd", text)
        decoding_problems = (
            *decoding_problems,
            f"{count} lone surrogate code point{'s' if count > 1 else ''} replaced with U+FFFD",
        )
    tracked = TrackedText(text)
    tracked.apply(passes.controls(text))  # first: every pass after reads the text without them
    # A page's text too: what its markup left there (&amp;nbsp;, escaped twice) is read as a
    # text's, as cleaning the clean text again would read it.
    tracked.apply(markup_left(tracked.text))
    if source != "html":
        if markdown.looks_like_markdown(tracked.text):
            tracked.apply(markdown.markdown_marks(tracked.text))
            source = "markdown" if source == "text" else source
        # First: the passes after it read whole lines (a run of lost bytes, a glued reading).
        tracked.apply(wrapping.page_numbers(tracked.text))
        if source != "docx":  # a Word document's lines are its paragraphs and table rows: no width broke them
            tracked.apply(wrapping.hard_wraps(tracked.text))
        tracked.apply(wrapping.letter_spacing(tracked.text))
    # Between passes, each linear: a long report's take seconds (the decoder checks within).
    # A short one's take microseconds, less than a look at the budget costs.
    checked = deadline.check if len(text) > _CHECKED_FROM else _no_check
    checked()
    if "斤拷" in tracked.text:  # 锟斤拷: characters lost before the page was saved
        tracked.apply(mojibake.replacements_read_as_gbk(tracked.text))
    if mojibake.has_loss_marks(tracked.text):
        # A page that lost characters whole has no bytes to read, and its marks are no spaces.
        repairs = mojibake.characters_lost_whole(tracked.text)
        if repairs is None:
            tracked.apply(structure.spaces_written_as_marks(tracked.text))  # before the marks are read
            repairs = mojibake.find_repairs(tracked.text, known)
        elif lost := sum(len(edit.replacement) for edit in repairs):
            decoding_problems = (
                *decoding_problems,
                f"{lost} characters were written ? before the page was saved, by an encoder whose charset "
                "lacked them (a simplified page saved as Big5, a traditional one as GB2312?): marked □; "
                "fetch the page again and save the bytes as they come",
            )
        flagged = mojibake.unresolved(tracked.text, repairs)
        tracked.apply([*repairs, *flagged])
    for edits_of in (
        passes.glued_pinyin,
        passes.full_width_punctuation,
        passes.stray_commas,
        passes.padded_names,
        passes.whitespace,
        structure.fields_run_together,
    ):
        checked()
        tracked.apply(edits_of(tracked.text))
    checked()
    chrome_edits, credits = structure.chrome(tracked.text)
    removed = (
        tuple(line for edit in chrome_edits if (line := tracked.text[edit.start : edit.end].strip()))
        if chrome_edits
        else ()
    )
    tracked.apply(chrome_edits)
    result = structure.layout(tracked.text, credits)
    report = CleanReport(
        title_lines=result.title_lines,
        byline=result.byline,
        paragraphs=result.paragraphs,
        repairs=tuple(sorted(tracked.repairs, key=_SPAN)) if tracked.repairs else (),
        encoding=encoding,
        removed_lines=removed,
        decoding_problems=decoding_problems,
        source=source,
        not_one_report=not_one_report,
    )
    if tracked.origin is not None and any(r.kind in _RECONSTRUCTIVE for r in tracked.repairs):
        report = dataclasses.replace(report, reconstructed=_reconstructed(tracked, report.lines))
    if script is not None and script != detect_script(report.text):
        report = _convert_script(report, script)
    return report


_CHECKED_FROM = 20_000  # characters: a pass over fewer takes well under a millisecond


def _no_check() -> None:
    return None


_RECONSTRUCTIVE = frozenset({RepairKind.MOJIBAKE, RepairKind.LOST_CHARACTER, RepairKind.PHANTOM})
_SPAN = operator.attrgetter("start", "end")


def _reconstructed(tracked: TrackedText, lines: tuple[str, ...]) -> tuple[tuple[int, int, float], ...]:
    """Where the reconstructive repairs' characters ended up in the report's text.

    Origins only grow along the text (every pass keeps order), so each repair's characters
    are one stretch of it, found by bisection; the report's lines are stripped stretches of
    the tracked text, in order, so each is found from where the last one ended, and the
    lines a stretch falls in are found by bisection too (each repair against every line
    was quadratic: a 2 MB report's 1,345 repairs, 20 k lines, 11 s)."""
    origin = tracked.origin
    assert origin is not None
    placed: list[tuple[int, int, int]] = []  # (offset in tracked text, in report text, length)
    cursor = offset = 0
    for line in lines:
        at = tracked.text.find(line, cursor)
        if at >= 0:
            placed.append((at, offset, len(line)))
            cursor = at + len(line)
        offset += len(line) + 1
    starts = [at for at, _, _ in placed]  # increasing, the lines apart
    spans = []
    for repair in tracked.repairs:
        if repair.kind not in _RECONSTRUCTIVE or not repair.replacement or repair.end <= repair.start:
            continue
        first, last = bisect.bisect_left(origin, repair.start), bisect.bisect_left(origin, repair.end)
        # From the line the stretch starts in (or the first after it) to the last it reaches.
        index = max(bisect.bisect_right(starts, first) - 1, 0)
        while index < len(placed) and placed[index][0] < last:
            at, offset, length = placed[index]
            start, end = max(first, at), min(last, at + length)
            if start < end:
                spans.append((offset + start - at, offset + end - at, repair.confidence))
            index += 1
    return tuple(sorted(spans))


def _convert_script(report: CleanReport, script: Script) -> CleanReport:
    def conv(value: str | None) -> str | None:
        return convert(value, script) if value else value

    byline = Byline(
        outlet=conv(report.byline.outlet),
        reporter=conv(report.byline.reporter),
        editor=conv(report.byline.editor),
        dateline=conv(report.byline.dateline),
        published=report.byline.published,
    )
    return dataclasses.replace(
        report,
        title_lines=tuple(convert(t, script) for t in report.title_lines),
        byline=byline,
        paragraphs=tuple(convert(p, script) for p in report.paragraphs),
    )


def clean_bytes(
    data: bytes, *, script: Script | None = None, path: str | None = None, names: Iterable[str] = ()
) -> CleanReport:
    """Decode and clean report bytes; raise on empty or binary input, and on a page that
    holds nothing but the site's chrome. ``names``: as :func:`clean_text` takes them."""
    decoded = decode_bytes(data, path=path)
    report = clean_text(
        decoded.text,
        script=script,
        encoding=decoded.encoding,
        decoding_problems=decoded.problems,
        source=decoded.source,
        names=names,
    )
    return require_text(report, path)


# A text this much U+FFFD lost its characters before jiyao saw it (GBK bytes a scraper
# decoded as UTF-8 become U+FFFD, one or two a character): nothing is left to read.
_MOSTLY_LOST = 0.25
_LOST_AT_LEAST = 20


def require_text(report: CleanReport, path: str | Path | None = None) -> CleanReport:
    """``report``, unless cleaning left no text: a page of navigation, ``原標題:`` or
    ``責任編輯:`` lines alone is no report, and an empty readout of it would pass for one;
    nor is a text whose characters were lost (mostly U+FFFD), or one of characters modern
    Chinese seldom uses (a page read in the wrong double-byte encoding)."""
    text = report.text
    if report.not_one_report:
        raise InputError(report.not_one_report, path=path)
    if not text.strip():
        raise EmptyInputError(
            "no report text: the page holds only the site's chrome (navigation, 責任編輯…)", path=path
        )
    lost = text.count("\ufffd") + _replaced_before_saving(report)
    mostly_lost = lost >= _LOST_AT_LEAST and lost >= _MOSTLY_LOST * sum(1 for ch in text if ord(ch) > 0x7F)
    # Big5 read as GBK loses a third of its characters too, but keeps more than it loses:
    # what it kept says what happened (GBK read as UTF-8 keeps next to none).
    if (not mostly_lost or count_han(text, lost + 1) > lost) and (rare := _rare_characters(text)) is not None:
        share, examples, start = rare
        where = f" from character {start:,} on" if start else ""
        raise BinaryInputError(
            f"the text does not read as Chinese: {share:.0%} of its Chinese characters{where} are ones modern "
            f"Chinese seldom uses ({examples}…) — the page was decoded in the wrong encoding before it was "
            "saved (Big5 read as GBK, or GBK as Big5?), or it is no Chinese text; fetch it again and save the "
            "bytes as they come",
            path=path,
        )
    if mostly_lost:
        raise BinaryInputError(
            f"no readable report text: {lost} characters are U+FFFD (or 锟斤拷, two of them read as GBK), "
            "what a decoder writes for bytes "
            "it could not read — the page was decoded in the wrong encoding (GBK as UTF-8?) before it "
            "was saved, and its characters are gone; fetch it again and save the bytes as they come",
            path=path,
        )
    # Each Chinese character written as ? (a page encoded into a charset without them, with
    # errors replaced): a few ? are GBK's lost bytes, which the decoder reads; more ? (and
    # □ it left) than Chinese characters are no text.
    questions = text.count("?") + text.count(LOST_CHARACTER)
    if questions >= _LOST_AT_LEAST and count_han(text, questions + 1) <= questions:
        raise BinaryInputError(
            f"no readable report text: {questions} characters are ? (or □, unread), and fewer are Chinese — "
            "the page's Chinese was written as ?, what an encoder writes for characters its charset lacks, "
            "before it was saved, and is gone; fetch it again and save the bytes as they come",
            path=path,
        )
    return report


_HAN = regex_cache.compile(HAN_CLASS)
# A page read in the wrong one of two double-byte encodings is made of characters few texts
# use: Big5 read as GBK (縣委 → 郡〆, 會議 → 穦某) 18–34% of them (the corpus's dev golds so
# read), GBK as Big5 40–65%; the seeds and the corpus, garbled or not, 2% at most.
_RARE_SHARE = 0.1
_RARE_SAMPLE = 600
_RARE_AT_LEAST = 30


def _rare_characters(text: str) -> tuple[float, str, int] | None:
    """The share of not common characters among the first Chinese characters of the text's
    head, middle or end, a few of them, and where that sample starts, when that is more than
    :data:`_RARE_SHARE`; else None. Three samples: a page put together from parts in two
    encodings can read right at its head alone."""
    window = _RARE_SAMPLE * 4
    middle, end = max(0, len(text) // 2 - window // 2), max(0, len(text) - window)
    common: frozenset[str] | None = None
    for start, last in ((0, False), (middle, False), (end, True)) if end else ((0, False),):
        found = _HAN.findall(text, start, start + window)
        han = found[-_RARE_SAMPLE:] if last else found[:_RARE_SAMPLE]
        if len(han) < _RARE_AT_LEAST:
            continue
        if common is None:
            from jiyao.cleaning.plausibility import common_characters

            common = common_characters()
        rare = [char for char in han if char not in common]
        if len(rare) > _RARE_SHARE * len(han):
            return len(rare) / len(han), "".join(dict.fromkeys(rare))[:8], start
    return None


def _replaced_before_saving(report: CleanReport) -> int:
    """How many of the report's □ stand for U+FFFD (or 锟斤拷) the page came with."""
    return sum(
        repair.replacement.count(LOST_CHARACTER)
        for repair in report.repairs
        if repair.kind is RepairKind.UNRESOLVED and ("\ufffd" in repair.raw or "斤拷" in repair.raw)
    )


def count_han(text: str, at_most: int | None = None) -> int:
    """How many Han characters ``text`` holds, counted no further than ``at_most``."""
    return sum(1 for _ in itertools.islice(_HAN.finditer(text), at_most))


def clean_file(path: Path | str, *, script: Script | None = None, names: Iterable[str] = ()) -> CleanReport:
    """Read and clean one report file; missing files and directories raise InputError."""
    path = Path(path)
    if path.is_dir():
        raise InputError("is a directory, not a report file", path=path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise InputError("no such file", path=path) from e
    except OSError as e:
        raise InputError(f"cannot read: {e.strerror}", path=path) from e
    return clean_bytes(data, script=script, path=str(path), names=names)
