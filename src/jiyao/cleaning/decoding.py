"""Bytes to text: UTF-8 (with or without BOM), UTF-16, GB18030/GBK and Big5.

Detection never guesses silently: a file that is text in none of them, or that
is binary, raises :class:`~jiyao.errors.BinaryInputError`.
"""

from __future__ import annotations

import codecs
import itertools
import re
from dataclasses import dataclass

from jiyao.cleaning import byte_phase, mhtml, regex_cache, utf16
from jiyao.errors import BinaryInputError, EmptyInputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The control characters below U+0020 a text does not hold (it does hold \t \n \v \f \r).
_CONTROLS = regex_cache.compile("[\x00-\x08\x0e-\x1f]")
# Files a user may hand over for a report that are no text at all, by their first bytes:
# what they are, and what to do. (Decoded regardless, a PDF read as UTF-16 Han characters.)
_AS_TEXT_FIRST = "save the report as plain text (.txt) and give jiyao that"
_ZIP = b"PK\x03\x04"
_PDF = b"%PDF-"
_SIGNATURES = (
    (_ZIP, f"a ZIP archive with no Word document in it (an .xlsx, a .pptx?): {_AS_TEXT_FIRST}"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        f"an Office document of the old kind (.doc, .xls) or a password-protected .docx: {_AS_TEXT_FIRST}",
    ),
    (b"{\\rtf", f"an RTF document: {_AS_TEXT_FIRST}"),
    (b"\x89PNG", "a PNG image: jiyao reads text, not pictures of it (run OCR first)"),
    (b"\xff\xd8\xff", "a JPEG image: jiyao reads text, not pictures of it (run OCR first)"),
    (b"GIF8", "a GIF image: jiyao reads text, not pictures of it (run OCR first)"),
    (b"\x1f\x8b", "gzip-compressed data: decompress it first (gunzip)"),
)
# UTF-16 without a BOM is taken only when it reads as text: Chinese that is mostly common
# characters, or mostly ASCII (binary data decodes as UTF-16 too — into rare characters).
_UTF16_READABLE = 0.6


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    problems: tuple[str, ...] = ()  # damage repaired while decoding, to report (never silent)
    source: str = "text"  # "docx", "pdf": the text a Word document or a PDF shows


def _is_texty(text: str) -> bool:
    """At most 1% control characters (a stray one in a long report is tolerated): counted
    by a scan, no further than that (a loop over the characters was 30 ms a megabyte)."""
    allowed = len(text) // 100
    return sum(1 for _ in itertools.islice(_CONTROLS.finditer(text), allowed + 1)) <= allowed


def _utf16_resynced(data: bytes, codec: str) -> DecodedText | None:
    """UTF-16 that lost or gained a byte (or holds a lone surrogate) read back in phase
    (:mod:`.utf16`); None where it reads whole, or does not read so either."""
    resynced = utf16.resync(data, codec)
    if resynced is None or not _is_texty(resynced.text) or not _readable(resynced.text):
        return None
    if resynced.text.count("\ufffd") * 20 > len(resynced.text) or utf16.reads_share(resynced.text) < 0.9:
        return None  # one character in 20 lost or flagged, or one in 10 no report's: no text
    places = f"{resynced.places} place{'s' if resynced.places > 1 else ''}"
    problem = (
        f"the UTF-16 bytes went out of phase in {places} (a byte lost, added or changed): "
        "a byte dropped at each to read on, □ where a character may be lost"
    )
    return DecodedText(resynced.text, "utf-16", (problem,))


def _utf16_without_bom(data: bytes) -> DecodedText | None:
    """UTF-16 without a BOM: NUL bytes from its ASCII (newlines at least), and it decodes
    (or reads back in phase: a byte lost or added)."""
    if len(data) < 4:
        return None
    candidates = []
    for encoding in ("utf-16-le", "utf-16-be"):
        if (read_back := _utf16_resynced(data, encoding)) is not None:
            candidates.append(read_back)
            continue
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _is_texty(text) and "\x00" not in text and _readable(text):
            candidates.append(DecodedText(text, "utf-16"))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (common_share(c.text), sum(ch.isascii() for ch in c.text)))


def _readable(text: str) -> bool:
    ascii_share = sum(ch.isascii() for ch in text) / len(text)
    return ascii_share >= _UTF16_READABLE or common_share(text) >= _UTF16_READABLE


def common_share(text: str) -> float:
    from jiyao.cleaning.plausibility import common_characters

    common = common_characters()
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return 0.0
    return sum(ch in common for ch in han) / len(han)


def _read_past_bad_bytes(data: bytes, tolerated: int) -> tuple[str, int, int]:
    """``data`` read as UTF-8 with U+FFFD where its bytes are bad; how many bad byte
    sequences there were, and how many places they damaged — the U+FFFD written. A
    stretch of bad bytes damaged one character for each lead byte in it (a byte inserted
    after a character's lead leaves the lead, itself and the continuation bytes each a
    bad sequence of its own: four for one character, which had made a report with one
    such character "binary data?" near its start and □□□□ elsewhere), one at least, and
    one for every eight bytes at least (a stretch of junk is no single place). Past the
    ``tolerated`` places, the count stops and the text is not marked so (a GBK file read
    as UTF-8 has a stretch of bad bytes for every few characters)."""
    text = data.decode("utf-8", errors="replace")
    sequences = text.count("\ufffd") - data.decode("utf-8", errors="ignore").count("\ufffd")
    if not sequences:
        return text, 0, 0
    escaped = data.decode("utf-8", errors="surrogateescape")
    stretches = list(itertools.islice(_ESCAPED_BYTES.finditer(escaped), tolerated + 1))
    if len(stretches) > tolerated:
        return text, sequences, len(stretches)
    places, pieces, at = 0, [], 0
    for stretch in stretches:
        run = stretch.group()
        leads = sum(1 for char in run if _LEAD_BYTES[0] <= ord(char) - 0xDC00 <= _LEAD_BYTES[1])
        count = max(1, leads, -(-len(run) // 8))
        places += count
        pieces += [escaped[at : stretch.start()], "\ufffd" * count]
        at = stretch.end()
    return "".join(pieces) + escaped[at:], sequences, places


# Bytes UTF-8 could not read, as ``surrogateescape`` writes them: one code point a byte.
# (Compiled by ``re``, not kept by regex_cache: its files hold no lone surrogates.)
_ESCAPED_BYTES = re.compile("[\udc80-\udcff]+")
_LEAD_BYTES = (0xC2, 0xF4)  # the bytes that open a character of two to four bytes


def _tolerated(data: bytes) -> int:
    """How many damaged places a UTF-8 text may hold and still be read as UTF-8 before
    other encodings are tried (a GBK line in a UTF-8 page: each line read in its own)."""
    return max(3, len(data) // 20_000)


def _foreign_stretch(data: bytes) -> bool:
    """Whether bad bytes stand close together more than damage leaves them: a byte put in a
    character splits it in two stretches, a few bytes dropped leave two or three; a GBK
    phrase in a UTF-8 line reads as U+FFFD between Cyrillic and the like (Ҫ����ץ): another
    encoding's text, no damage to read past."""
    ends, stretches, bad = -_CLOSE, 0, 0
    for stretch in _ESCAPED_BYTES.finditer(data.decode("utf-8", errors="surrogateescape")):
        if stretch.start() - ends >= _CLOSE:
            stretches, bad = 0, 0
        stretches, bad = stretches + 1, bad + len(stretch.group())
        if stretches > _STRETCHES_A_PLACE or bad > _BAD_BYTES_A_PLACE:
            return True
        ends = stretch.end()
    return False


_CLOSE = 4  # characters between stretches of bad bytes of one damaged place, at most
_STRETCHES_A_PLACE = 3
_BAD_BYTES_A_PLACE = 8


def _tolerated_at_last(data: bytes) -> int:
    """How many, once no other encoding reads the bytes (not with bytes dropped or changed,
    nor line by line): one every 40 bytes (a GBK or Big5 file read as UTF-8 has one every
    few). Three had made a short page whose bytes were damaged in four places "binary
    data?" (the byte fuzzer: 78 of its 1,000 GBK, GB18030 and UTF-8 pages of seed 1)."""
    return max(3, len(data) // 40)


def _replaced(places: int) -> str:
    return f"invalid UTF-8 bytes replaced with U+FFFD in {places} place{'s' if places > 1 else ''}"


def _damaged_utf8(data: bytes, error: UnicodeDecodeError) -> tuple[str, str] | None:
    """UTF-8 with a few bad bytes (a cut-off last character, a stray byte): the text with
    U+FFFD in their place and a note — when it is UTF-8 apart from them, not GBK or Big5
    (a few bad bytes in a text under 200 are no sign of UTF-8: see :func:`_utf8_at_last`)."""
    text, bad, places = _read_past_bad_bytes(data, _tolerated(data))
    if error.start >= len(data) - 3 and bad == 1:
        return text, "a UTF-8 character cut off at the end was replaced with U+FFFD"
    if places <= _tolerated(data) and len(data) > 200 and _is_texty(text):
        for encoding in ("gb18030", "big5"):
            try:
                data.decode(encoding)
                return None  # it reads whole in another encoding: let that one be tried
            except UnicodeDecodeError:
                continue
        return text, _replaced(places)
    return None


def _utf8_at_last(data: bytes) -> tuple[str, str] | None:
    """UTF-8 with a few bad bytes, however short, once no other encoding reads ``data``."""
    tolerated = _tolerated_at_last(data)
    text, _, places = _read_past_bad_bytes(data, tolerated)
    if places > 3 and _foreign_stretch(data):
        return None
    return (text, _replaced(places)) if places <= tolerated and _is_texty(text) else None


_NAMES = {"utf-8": "UTF-8", "gb18030": "GB18030/GBK", "big5": "Big5"}


def _resynced(resynced: byte_phase.Resynced, encoding: str) -> str:
    places = f"{resynced.places} place{'s' if resynced.places > 1 else ''}"
    if resynced.changed == resynced.places:
        return (
            f"{places} of the {_NAMES[encoding]} bytes no character holds (a byte changed): "
            "□ for each character lost"
        )
    return (
        f"the {_NAMES[encoding]} bytes went out of phase in {places} (a byte lost or added): "
        "a byte dropped at each to read on, □ where a character may be lost"
        + (f" ({resynced.changed} of them a byte changed)" if resynced.changed else "")
    )


def _line_by_line(data: bytes) -> DecodedText | None:
    """A file whose lines are in different encodings, each whole in one (a scraper that
    joined a UTF-8 page's head to a GBK body): each line read in its own — UTF-8 where it
    reads (Chinese in GBK or Big5 is seldom valid UTF-8; the reverse is common), else the
    one of GB18030 and Big5 that reads as commoner Chinese. None when a line reads in none."""
    lines, used = [], dict.fromkeys(_NAMES, 0)
    for raw in data.split(b"\n"):
        readings = []
        for encoding in _NAMES:
            try:
                readings.append((raw.decode(encoding), encoding))
            except UnicodeDecodeError:
                continue
            if encoding == "utf-8":
                break
        if not readings:
            return None
        line, encoding = max(readings, key=lambda reading: common_share(reading[0]))
        lines.append(line)
        used[encoding] += not raw.isascii()
    text = "\n".join(lines)
    if sum(1 for count in used.values() if count) < 2 or not _is_texty(text):
        return None
    counts = ", ".join(f"{count} in {_NAMES[encoding]}" for encoding, count in used.items() if count)
    main = max(used, key=lambda encoding: used[encoding])
    return DecodedText(text, main, (f"lines in different encodings ({counts}): each read in its own",))


def _pdf_document(data: bytes, path: str | None) -> DecodedText:
    """A PDF's text layer (:mod:`.pdf`)."""
    from jiyao.cleaning.pdf import UnreadablePdf, pdf_text

    try:
        return DecodedText(pdf_text(data), "utf-8", source="pdf")
    except UnreadablePdf as e:
        raise BinaryInputError(f"not a text report jiyao can read: {e}", path=path) from e


def _word_document(data: bytes, path: str | None) -> DecodedText | None:
    """A Word document's text (:mod:`.docx`); None for another kind of ZIP archive."""
    from jiyao.cleaning.docx import NotAWordDocument, UnreadableDocument, docx_text

    try:
        return DecodedText(docx_text(data), "utf-8", source="docx")
    except NotAWordDocument:
        return None
    except UnreadableDocument as e:
        raise BinaryInputError(f"not a text report jiyao can read: {e}", path=path) from e


def decode_bytes(data: bytes, *, path: str | None = None) -> DecodedText:
    """Decode report bytes, detecting the encoding; raise on empty or binary input."""
    if not data.strip():
        raise EmptyInputError("the input is empty", path=path)
    decoded = _decode(data, path)
    if not decoded.text.strip():
        raise EmptyInputError("the input holds only whitespace", path=path)
    return decoded


def _decode(data: bytes, path: str | None) -> DecodedText:
    if data.startswith(_PDF):
        return _pdf_document(data, path)
    if data.startswith(_ZIP) and (document := _word_document(data, path)) is not None:
        return document
    if mhtml.looks_like_mhtml(data):
        try:
            page = mhtml.page_bytes(data)
        except mhtml.UnreadablePage as e:
            raise BinaryInputError(f"not a text report jiyao can read: {e}", path=path) from e
        except (RecursionError, ValueError, LookupError) as e:  # parts in parts, thousands deep
            raise BinaryInputError(f"a page saved as MHTML that cannot be read: {type(e).__name__}", path=path) from e
        if page is None:
            raise BinaryInputError("a page saved as MHTML with no HTML or text in it", path=path)
        return _decode(page, path)
    for signature, what in _SIGNATURES:
        if data.startswith(signature):
            raise BinaryInputError(f"binary data, not a text report: {what}", path=path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            codec = "utf-16-le" if bom == codecs.BOM_UTF16_LE else "utf-16-be"
            if encoding == "utf-16" and (read_back := _utf16_resynced(data[len(bom) :], codec)) is not None:
                return read_back
            try:
                return DecodedText(data.decode(encoding).lstrip("\ufeff"), encoding)
            except UnicodeDecodeError as e:
                raise BinaryInputError(f"starts with a {encoding} BOM but is not {encoding}: {e}", path=path) from e
    problems: tuple[str, ...] = ()
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        nuls = data.count(0)
        if nuls > max(2, len(data) // 1000):
            raise BinaryInputError("binary data (NUL bytes), not a text report", path=path)
        # A stray NUL or two in a text file (a scraper's bug): drop them, say so.
        data = data.replace(b"\x00", b"")
        problems = (f"{nuls} NUL byte{'s' if nuls > 1 else ''} removed",)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        damaged = _damaged_utf8(data, e)
        if damaged is not None:
            return DecodedText(damaged[0], "utf-8", problems + (damaged[1],))
    else:
        if _is_texty(text):
            return DecodedText(text, "utf-8", problems)
        raise BinaryInputError("binary data (control characters), not a text report", path=path)
    candidates: list[DecodedText] = []
    # Readings that took bytes for changed ones: the last resort, after UTF-8 with a few bad
    # bytes and lines each in its own encoding (GB18030 reads those so too, as nonsense).
    changed: list[DecodedText] = []
    strict: dict[str, str | None] = {}
    for encoding in ("gb18030", "big5"):
        try:
            strict[encoding] = data.decode(encoding)
        except UnicodeDecodeError:
            strict[encoding] = None
    # One reading whole, with no sign of pairs out of phase: nothing to read back.
    whole = any(text is not None and not byte_phase.out_of_phase(text) for text in strict.values())
    for encoding, decoded in strict.items():
        if not whole and (decoded is None or byte_phase.out_of_phase(decoded)):
            # A byte lost or added: read back in phase (it had been "binary data?", or
            # characters of the user-defined area and kana taken as text without a word).
            resynced = byte_phase.resync(data, encoding)
            if resynced is not None and _is_texty(resynced.text):
                reading = DecodedText(resynced.text, encoding, problems + (_resynced(resynced, encoding),))
                if not resynced.changed:
                    candidates.append(reading)
                elif byte_phase.signs_left(resynced.text) * 100 <= len(resynced.text):
                    # Bytes changed, and (nearly) no sign left: a page's own mojibake may show
                    # one or two (工作 as ぷ); another encoding's bytes read so show many.
                    changed.append(reading)
                continue
        if decoded is not None and _is_texty(decoded):
            candidates.append(DecodedText(decoded, encoding, problems))
    if not candidates:
        if (damaged := _utf8_at_last(data)) is not None:
            return DecodedText(damaged[0], "utf-8", problems + (damaged[1],))
        if (mixed := _line_by_line(data)) is not None:
            return DecodedText(mixed.text, mixed.encoding, problems + mixed.problems)
    if not candidates + changed:
        raise BinaryInputError("not text in UTF-8, UTF-16, GB18030/GBK or Big5 (binary data?)", path=path)
    # Both may decode: the right one reads as common Chinese, the wrong one as rare characters.
    return max(candidates + changed, key=lambda c: common_share(c.text))
