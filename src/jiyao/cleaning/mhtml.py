"""A page saved as one file by a browser (MHTML, ``.mhtml``/``.mht``: Chrome's and Edge's
"Save as single file"): a MIME message whose HTML part is the page, in quoted-printable
or base64. Read as text it is that encoding's escapes (``=E4=BC=9A`` for 会); the HTML
part's bytes are what the cleaner reads, as any page's source.
"""

from __future__ import annotations

# The message's own header, where a browser writes it: before the first blank line.
_HEADER_REACH = 4096


def looks_like_mhtml(data: bytes) -> bool:
    """Whether ``data`` opens with a MIME header naming a multipart message of a page."""
    head = data[:_HEADER_REACH].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].lower()
    return b"mime-version:" in head and b"multipart/related" in head


def page_bytes(data: bytes) -> bytes | None:
    """The bytes of the page an MHTML file holds: its first HTML part (else its first
    text part), its transfer encoding undone, its charset left for the decoder to read.
    None when the message holds no such part."""
    import email  # ~15 ms, for a page saved so only
    import email.policy
    from email.message import EmailMessage

    message = email.message_from_bytes(data, policy=email.policy.default)
    parts = [part for part in message.walk() if isinstance(part, EmailMessage) and not part.is_multipart()]
    for wanted in ("text/html", "text/plain"):
        for part in parts:
            if part.get_content_type() == wanted:
                payload = part.get_payload(decode=True)
                if isinstance(payload, bytes) and payload.strip():
                    return payload
    return None
