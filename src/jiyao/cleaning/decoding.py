"""Bytes to text: UTF-8 (with or without BOM), UTF-16, GB18030/GBK and Big5.

Detection never guesses silently: a file that is text in none of them, or that
is binary, raises :class:`~jiyao.errors.BinaryInputError`.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from jiyao.errors import BinaryInputError, EmptyInputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_CONTROL_OK = {"\n", "\r", "\t", "\f", "\v"}


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def _is_texty(text: str) -> bool:
    """At most 1% control characters (a stray one in a long report is tolerated)."""
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in _CONTROL_OK)
    return controls * 100 <= len(text)


def _utf16_without_bom(data: bytes) -> DecodedText | None:
    """UTF-16 without a BOM: NUL bytes from its ASCII (newlines at least), and it decodes."""
    if len(data) < 4 or len(data) % 2:
        return None
    candidates = []
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _is_texty(text) and "\x00" not in text:
            candidates.append(DecodedText(text, "utf-16"))
    if not candidates:
        return None
    return max(candidates, key=lambda c: (_common_share(c.text), sum(ch.isascii() for ch in c.text)))


def _common_share(text: str) -> float:
    from jiyao.cleaning.plausibility import common_characters

    common = common_characters()
    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return 0.0
    return sum(ch in common for ch in han) / len(han)


def decode_bytes(data: bytes, *, path: str | None = None) -> DecodedText:
    """Decode report bytes, detecting the encoding; raise on empty or binary input."""
    if not data.strip():
        raise EmptyInputError("the input is empty", path=path)
    decoded = _decode(data, path)
    if not decoded.text.strip():
        raise EmptyInputError("the input holds only whitespace", path=path)
    return decoded


def _decode(data: bytes, path: str | None) -> DecodedText:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return DecodedText(data.decode(encoding).lstrip("\ufeff"), encoding)
            except UnicodeDecodeError as e:
                raise BinaryInputError(f"starts with a {encoding} BOM but is not {encoding}: {e}", path=path) from e
    if b"\x00" in data:
        utf16 = _utf16_without_bom(data)
        if utf16 is not None:
            return utf16
        raise BinaryInputError("binary data (NUL bytes), not a text report", path=path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _is_texty(text):
            return DecodedText(text, "utf-8")
        raise BinaryInputError("binary data (control characters), not a text report", path=path)
    candidates: list[DecodedText] = []
    for encoding in ("gb18030", "big5"):
        try:
            decoded = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _is_texty(decoded):
            candidates.append(DecodedText(decoded, encoding))
    if not candidates:
        raise BinaryInputError("not text in UTF-8, UTF-16, GB18030/GBK or Big5 (binary data?)", path=path)
    # Both may decode: the right one reads as common Chinese, the wrong one as rare characters.
    return max(candidates, key=lambda c: _common_share(c.text))
