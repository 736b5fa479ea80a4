"""Settings, read from flags, then the environment, then defaults — only at the edge.

Environment variables:

=========================  ==============================================================
``JIYAO_BASE_URL``         OpenAI-compatible endpoint, e.g. ``http://localhost:11434/v1``
``JIYAO_MODEL``            model name at that endpoint
``JIYAO_API_KEY``          key; falls back to ``OPENAI_API_KEY``; local servers need none
``JIYAO_CACHE_DIR``        cache directory (default: the user cache directory)
``JIYAO_TIMEOUT``          seconds per request (default 60)
``JIYAO_MAX_RETRIES``      retries on 429, 5xx and timeouts (default 4)
``JIYAO_RETRY_DELAY``      first backoff in seconds, doubled per retry, with jitter (default 1)
``JIYAO_REASKS``           re-asks after invalid output (default 2)
``JIYAO_CONTEXT_WINDOW``   the model's context window in tokens (default 8192)
``JIYAO_MAX_CHUNK_TOKENS`` largest chunk of report text per request (default 1200)
``JIYAO_PRICE_INPUT``      price per million input tokens, for cost estimates (default 0)
``JIYAO_PRICE_OUTPUT``     price per million output tokens (default 0)
``JIYAO_PROMPTS_DIR``      prompt files (default: ``prompts/`` of this checkout)
``JIYAO_RPM``              client-side limit, requests per minute (default: none)
``JIYAO_TPM``              client-side limit, tokens per minute (default: none)
``JIYAO_SERVICE_TOKEN``    bearer token the HTTP service requires (default: none)
=========================  ==============================================================
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from jiyao.errors import ConfigError

_REPO_PROMPTS = Path(__file__).resolve().parents[2] / "prompts"


@dataclass(frozen=True)
class Endpoint:
    base_url: str
    model: str
    api_key: str = field(repr=False)


@dataclass(frozen=True)
class Settings:
    base_url: str | None = None
    model: str | None = None
    api_key: str | None = field(default=None, repr=False)
    cache_dir: Path = Path(".jiyao-cache")
    use_cache: bool = True
    timeout: float = 60.0
    max_retries: int = 4
    retry_base_delay: float = 1.0
    max_retry_wait: float = 60.0
    reasks: int = 2
    context_window: int = 8192
    max_chunk_tokens: int = 1200
    price_input: float = 0.0
    price_output: float = 0.0
    prompts_dir: Path = _REPO_PROMPTS
    rpm: float | None = None
    tpm: float | None = None
    service_token: str | None = field(default=None, repr=False)

    @property
    def has_endpoint(self) -> bool:
        return bool(self.base_url and self.model)

    def endpoint(self) -> Endpoint:
        """The configured endpoint, or an error that says exactly what to set."""
        missing = [
            name for name, value in (("JIYAO_BASE_URL", self.base_url), ("JIYAO_MODEL", self.model)) if not value
        ]
        if missing:
            raise ConfigError(
                f"no LLM endpoint: set {' and '.join(missing)} (or --base-url/--model), "
                "e.g. JIYAO_BASE_URL=http://localhost:11434/v1 JIYAO_MODEL=qwen2.5:7b"
            )
        assert self.base_url and self.model
        return Endpoint(self.base_url.rstrip("/"), self.model, self.api_key or "not-needed")

    def replace(self, **changes: object) -> Settings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **flags: object) -> Settings:
        """Flags (not None) win over the environment, which wins over defaults."""
        env = os.environ if env is None else env

        def number(name: str, default: float, kind: type = float) -> float:
            raw = env.get(name)
            if raw in (None, ""):
                return default
            try:
                value = kind(raw)
            except ValueError:
                raise ConfigError(f"{name} must be a number, not {raw!r}") from None
            if value < 0:
                raise ConfigError(f"{name} must not be negative, not {raw!r}")
            return float(value) if kind is float else value

        cache_dir = env.get("JIYAO_CACHE_DIR") or _default_cache_dir()
        values: dict[str, object] = {
            "base_url": env.get("JIYAO_BASE_URL") or None,
            "model": env.get("JIYAO_MODEL") or None,
            "api_key": env.get("JIYAO_API_KEY") or env.get("OPENAI_API_KEY") or None,
            "cache_dir": Path(cache_dir),
            "timeout": number("JIYAO_TIMEOUT", 60.0),
            "max_retries": int(number("JIYAO_MAX_RETRIES", 4, int)),
            "retry_base_delay": number("JIYAO_RETRY_DELAY", 1.0),
            "reasks": int(number("JIYAO_REASKS", 2, int)),
            "context_window": int(number("JIYAO_CONTEXT_WINDOW", 8192, int)),
            "max_chunk_tokens": int(number("JIYAO_MAX_CHUNK_TOKENS", 1200, int)),
            "price_input": number("JIYAO_PRICE_INPUT", 0.0),
            "price_output": number("JIYAO_PRICE_OUTPUT", 0.0),
            "prompts_dir": Path(env.get("JIYAO_PROMPTS_DIR") or _REPO_PROMPTS),
            "rpm": number("JIYAO_RPM", 0.0) or None,
            "tpm": number("JIYAO_TPM", 0.0) or None,
            "service_token": env.get("JIYAO_SERVICE_TOKEN") or None,
        }
        values.update({k: v for k, v in flags.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def _default_cache_dir() -> str:
    from platformdirs import user_cache_dir

    return user_cache_dir("jiyao")
