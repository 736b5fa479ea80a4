"""Secrets out of every text that leaves the process: files, logs, stderr, HTTP answers.

Upstream errors sometimes echo the request, key included. Everything that reports an
error passes it through :func:`redact`, which removes the keys this process knows
(registered by the settings) and anything shaped like a key or a bearer token.
"""

from __future__ import annotations

import re
import threading

_SHAPES = re.compile(
    r"(?:sk|pk|rk)-[A-Za-z0-9_\-]{8,}"  # OpenAI-style keys, sk-proj-…, DeepSeek, …
    r"|(?i:bearer)\s+[A-Za-z0-9._~+/\-]{6,}=*"  # Authorization: Bearer …
    r"|(?i:api[_-]?key)[\"']?\s*[:=]\s*[\"']?[A-Za-z0-9._\-]{6,}"  # api_key=…, "api-key": "…"
)
_known: set[str] = set()
_guard = threading.Lock()
MASK = "[redacted]"


def register_secret(secret: str | None) -> None:
    """Remember a secret (the API key, the service token) so every later redact() removes it."""
    if secret and len(secret) >= 4 and secret not in ("not-needed", "EMPTY"):
        with _guard:
            _known.add(secret)


def redact(text: str) -> str:
    with _guard:
        known = sorted(_known, key=len, reverse=True)
    for secret in known:
        text = text.replace(secret, MASK)
    return _SHAPES.sub(MASK, text)
