"""Text a scraper saved as escape sequences: ``\\u4f1a\\u8bae`` for 会议 (a JSON string
written with ``ensure_ascii``, Python's default), ``\\xe4\\xbc\\x9a`` (the ``str()`` of a
bytes object: the page's UTF-8 or GBK bytes, written out as their escapes), ``%E4%BC%9A``
(URL-encoded, as a form field is) or ``=E4=BC=9A`` (quoted-printable, as mail and MHTML
archives write it).

Such a text holds no Chinese character at all, only what stands for them; it is read as
the characters the escapes stand for, its escaped line breaks as line breaks. A text that
only mentions an escape among its own characters (a page on programming) is left as it is.
"""

from __future__ import annotations

import re

from jiyao.cleaning import regex_cache

_UNICODE = regex_cache.compile(r"\\u([0-9a-fA-F]{4})")
# Escaped bytes, each kind by a run of them and one of them; an example for the message.
_BYTE_ESCAPES = (
    (regex_cache.compile(r"(?:\\x[0-9a-fA-F]{2})+"), regex_cache.compile(r"\\x([0-9a-fA-F]{2})"), "\\xe4\\xbc\\x9a"),
    (regex_cache.compile(r"(?:%[0-9a-fA-F]{2})+"), regex_cache.compile(r"%([0-9a-fA-F]{2})"), "%E4%BC%9A"),
    (regex_cache.compile(r"(?:=[0-9A-F]{2})+"), regex_cache.compile(r"=([0-9A-F]{2})"), "=E4=BC=9A"),
)
_SOFT_BREAK = regex_cache.compile(r"=\n")  # quoted-printable's: a line too long, cut
# The other escapes of a JSON string or a Python literal, read once the text is taken as one.
_OTHER = regex_cache.compile(r"\\([nrt\"'/\\])")
_OTHERS = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "'": "'", "/": "/", "\\": "\\"}
_AT_LEAST = 10  # escapes of characters beyond ASCII, before a text is taken as escaped
_HEAD = 4000


def unescaped(text: str) -> tuple[str, str] | None:
    """The text read from its escapes, and an example of their kind (``\\u4f1a\\u8bae for 会议``),
    when it is a text saved as escapes: at least ten of them stand for characters beyond
    ASCII and none of those is written as itself; else None."""
    head = text[:_HEAD]
    if not head.isascii():
        return None  # the page's own characters (any Chinese report): escapes in it are its text
    if "\\u" not in head and "\\x" not in head and "%" not in head and "=" not in head:
        return None
    stripped = text.strip()
    if stripped[:1] in ("{", "["):
        return None  # a JSON record: read as one, its strings' escapes with it (records.py)
    if stripped[:2] in ("b'", 'b"') and stripped[-1:] == stripped[1]:
        text = stripped[2:-1]  # b'…', the repr of bytes, entire
    elif stripped[:1] in ('"', "'") and stripped[-1:] == stripped[:1] and len(stripped) > 1:
        text = stripped[1:-1]  # "…", a JSON string entire
    beyond = [m for m in _UNICODE.finditer(head) if int(m.group(1), 16) > 0x7F]
    if len(beyond) >= _AT_LEAST:
        read = _UNICODE.sub(lambda m: chr(int(m.group(1), 16)), text)
        # A character beyond the first plane is two escapes (a surrogate pair): joined.
        read = read.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
        return _OTHER.sub(lambda m: _OTHERS[m.group(1)], read), "\\u4f1a\\u8bae for 会议"
    for run, one, example in _BYTE_ESCAPES:
        if sum(len(one.findall(m.group())) for m in run.finditer(head)) >= 2 * _AT_LEAST:
            return _read_bytes(text, run, one, example), f"{example} for 会"
    return None


def _read_bytes(text: str, run: re.Pattern[str], one: re.Pattern[str], example: str) -> str:
    """``text`` with each ``run`` of escaped bytes read as the characters they encode."""
    if example.startswith("="):
        text = _SOFT_BREAK.sub("", text)

    def characters(found: re.Match[str]) -> str:
        return _decoded(bytes(int(byte, 16) for byte in one.findall(found.group())))

    read = run.sub(characters, text)
    return _OTHER.sub(lambda m: _OTHERS[m.group(1)], read) if example.startswith("\\") else read


def _decoded(data: bytes) -> str:
    """A run of escaped bytes as UTF-8, or as GB18030 where it is no UTF-8."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")
