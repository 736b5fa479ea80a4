"""A page saved as one file by a browser (MHTML, ``.mhtml``/``.mht``: Chrome's and Edge's
"Save as single file"): a MIME message whose HTML part is the page, in quoted-printable
or base64. Read as text it is that encoding's escapes (``=E4=BC=9A`` for 会); the HTML
part's bytes are what the cleaner reads, as any page's source.

A browser saves a page with its images and style sheets, tens or hundreds of parts; a
file of more than :data:`MAX_PARTS` is refused before it is parsed. The message is read
with the email package's compat32 policy: the modern one parses each part's headers
into objects, ~15 times slower (50,000 parts: 25 s).
"""

from __future__ import annotations

import re

# The message's own header, where a browser writes it: before the first blank line.
_HEADER_REACH = 4096
MAX_PARTS = 10_000
_BOUNDARY = re.compile(rb'boundary\s*=\s*"?([^"\s;]+)', re.IGNORECASE)
_DELIMITER_LINE = re.compile(rb"^--(\S+)", re.MULTILINE)


class UnreadablePage(Exception):
    """An MHTML file jiyao will not read; the message says why and what to do."""


def looks_like_mhtml(data: bytes) -> bool:
    """Whether ``data`` opens with a MIME header naming a multipart message of a page."""
    head = data[:_HEADER_REACH].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].lower()
    return b"mime-version:" in head and b"multipart/related" in head


def page_bytes(data: bytes) -> bytes | None:
    """The bytes of the page an MHTML file holds: its first HTML part (else its first
    text part), its transfer encoding undone, its charset left for the decoder to read.
    None when the message holds no such part; :class:`UnreadablePage` for one of too many parts."""
    import email  # ~15 ms, for a page saved so only
    import email.policy

    if (count := _parts(data)) > MAX_PARTS:
        raise UnreadablePage(
            f"a page saved as MHTML of {count:,} parts (jiyao reads at most {MAX_PARTS:,}): "
            "save the page as HTML (.html) and give jiyao that"
        )
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    parts = [part for part in message.walk() if not part.is_multipart()]
    for wanted in ("text/html", "text/plain"):
        for part in parts:
            if part.get_content_type() == wanted:
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes) and payload.strip():
                    return payload
    return None


def _parts(data: bytes) -> int:
    """How many parts the message holds, its parts' parts included, in one pass: each
    opens with a line of ``--`` and its boundary (the closing line adds ``--``)."""
    boundaries = set(_BOUNDARY.findall(data))  # the message's, and those of parts in parts
    return sum(1 for line in _DELIMITER_LINE.finditer(data) if line.group(1) in boundaries)
