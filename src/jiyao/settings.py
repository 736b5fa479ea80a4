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
``JIYAO_CONTEXT_WINDOW``   the model's context window in tokens (default: by model family, else 8192)
``JIYAO_MAX_OUTPUT_TOKENS`` the most the model may write in one answer (default: by family, else 4096)
``JIYAO_MAX_CHUNK_TOKENS`` largest chunk of report text per request (default: from the window)
``JIYAO_REASONING_TOKENS`` extra output allowance for models that think first (default: by family, else 0)
``JIYAO_TOKEN_PARAM``      max_tokens, max_completion_tokens or none (default: by model family)
``JIYAO_PRICE_INPUT``      dollars per million input tokens (default: genai-prices' table, else unknown)
``JIYAO_PRICE_OUTPUT``     dollars per million output tokens (likewise)
``JIYAO_PROMPTS_DIR``      prompt files (default: those shipped in the package)
``JIYAO_RPM``              client-side limit, requests per minute (default: none)
``JIYAO_TPM``              client-side limit, tokens per minute (default: none)
``JIYAO_SERVICE_TOKEN``    bearer token the HTTP service requires (default: none; empty is an error)
``JIYAO_REPORT_TIMEOUT``   seconds one report may take, all its work included (default 600; 0: none)
``JIYAO_GLOSSARY``         your glossary (JSON, the shape of data/glossary.json), merged over the shipped one
``JIYAO_NAMES``            a names file (one name a line): people your reports name, read where bytes were lost
``JIYAO_CHUNK_CONCURRENCY`` calls of one report (chunks) in flight at once (default 4; 1: one by one)
``JIYAO_TABLES_DIR``      the cleaner's language tables and compiled patterns (default <cache dir>/tables)
``JIYAO_CONFIG``           the config file (default: config.toml in the user config directory)
``JIYAO_ENV_FILE``         the .env file read (default: .env in the current directory)

Each may also stand in the config file (short names: ``model = "qwen2.5:7b"``) or in
``.env``; precedence is flag > environment > .env > config file > default.
=========================  ==============================================================
"""

from __future__ import annotations

import dataclasses
import os
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from jiyao.errors import ConfigError


def default_prompts_dir() -> Path:
    """The prompts shipped inside the installed package, else those of this checkout."""
    packaged = Path(__file__).resolve().parent / "prompt_files"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "prompts"


_REPO_PROMPTS = default_prompts_dir()


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
    cache_dir: Path = field(default_factory=lambda: Path(_default_cache_dir()))
    use_cache: bool = True
    timeout: float = 60.0
    max_retries: int = 4
    retry_base_delay: float = 1.0
    max_retry_wait: float = 60.0
    reasks: int = 2
    context_window: int = 8192
    max_output_tokens: int = 4096
    max_chunk_tokens: int | None = None
    reasoning_tokens: int = 0
    token_param: str | None = None
    price_input: float | None = None
    price_output: float | None = None
    prompts_dir: Path = _REPO_PROMPTS
    rpm: float | None = None
    tpm: float | None = None
    service_token: str | None = field(default=None, repr=False)
    report_timeout: float = 600.0
    glossary_path: Path | None = None
    names_path: Path | None = None  # the default of --names
    tables_dir: Path | None = None  # None: <cache_dir>/tables
    chunk_concurrency: int = 4

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
        parts = urlparse(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            # Else the SDK tries to connect to it, and every retry fails alike (~20 s).
            raise ConfigError(
                f"JIYAO_BASE_URL (or --base-url) must be an http:// or https:// URL with a host, such as "
                f"http://localhost:11434/v1 or https://api.openai.com/v1; got {self.base_url!r}"
            )
        return Endpoint(self.base_url.rstrip("/"), self.model, self.api_key or "not-needed")

    def __post_init__(self) -> None:
        from jiyao.redact import register_secret

        register_secret(self.api_key)
        register_secret(self.service_token)
        # The glossary (and pydantic, which reads it) loads only for commands that use it.
        if self.glossary_path is not None or "jiyao.glossary" in sys.modules:
            from jiyao.glossary import use_user_glossary

            use_user_glossary(self.glossary_path)
        from jiyao.cleaning.tables import use_directory

        use_directory(self.tables_dir or self.cache_dir / "tables")

    def replace(self, **changes: object) -> Settings:
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **flags: object) -> Settings:
        """Flags (not None) win over the environment, then ``.env``, then the config file
        (:mod:`jiyao.config_sources`), then defaults."""
        from jiyao.config_sources import layered

        env = layered(os.environ if env is None else env).values

        def number(name: str, default: Any, kind: type = float) -> Any:
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
        model = flags.get("model") or env.get("JIYAO_MODEL") or ""
        window, output = model_limits(str(model), str(flags.get("base_url") or env.get("JIYAO_BASE_URL") or ""))
        values: dict[str, object] = {
            "base_url": env.get("JIYAO_BASE_URL") or None,
            "model": env.get("JIYAO_MODEL") or None,
            "api_key": env.get("JIYAO_API_KEY") or env.get("OPENAI_API_KEY") or None,
            "cache_dir": Path(cache_dir),
            "timeout": number("JIYAO_TIMEOUT", 60.0),
            "max_retries": int(number("JIYAO_MAX_RETRIES", 4, int)),
            "retry_base_delay": number("JIYAO_RETRY_DELAY", 1.0),
            "reasks": int(number("JIYAO_REASKS", 2, int)),
            "context_window": number("JIYAO_CONTEXT_WINDOW", window, int),
            "max_output_tokens": number("JIYAO_MAX_OUTPUT_TOKENS", output, int),
            "max_chunk_tokens": number("JIYAO_MAX_CHUNK_TOKENS", None, int),
            "reasoning_tokens": number("JIYAO_REASONING_TOKENS", thinking_allowance(str(model)), int),
            "token_param": _token_param(env),
            "price_input": number("JIYAO_PRICE_INPUT", None),
            "price_output": number("JIYAO_PRICE_OUTPUT", None),
            "prompts_dir": Path(env.get("JIYAO_PROMPTS_DIR") or _REPO_PROMPTS),
            "rpm": number("JIYAO_RPM", 0.0) or None,
            "tpm": number("JIYAO_TPM", 0.0) or None,
            "service_token": _service_token(env),
            "report_timeout": number("JIYAO_REPORT_TIMEOUT", 600.0),
            "glossary_path": Path(env["JIYAO_GLOSSARY"]) if env.get("JIYAO_GLOSSARY") else None,
            "names_path": Path(env["JIYAO_NAMES"]).expanduser() if env.get("JIYAO_NAMES") else None,
            "tables_dir": Path(env["JIYAO_TABLES_DIR"]) if env.get("JIYAO_TABLES_DIR") else None,
            "chunk_concurrency": max(1, number("JIYAO_CHUNK_CONCURRENCY", 4, int)),
        }
        values.update({k: v for k, v in flags.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


SETTING_NAMES = (
    "JIYAO_BASE_URL", "JIYAO_MODEL", "JIYAO_API_KEY", "JIYAO_CACHE_DIR", "JIYAO_TIMEOUT", "JIYAO_MAX_RETRIES",
    "JIYAO_RETRY_DELAY", "JIYAO_REASKS", "JIYAO_CONTEXT_WINDOW", "JIYAO_MAX_OUTPUT_TOKENS", "JIYAO_MAX_CHUNK_TOKENS",
    "JIYAO_REASONING_TOKENS", "JIYAO_TOKEN_PARAM", "JIYAO_PRICE_INPUT", "JIYAO_PRICE_OUTPUT", "JIYAO_PROMPTS_DIR",
    "JIYAO_RPM", "JIYAO_TPM", "JIYAO_SERVICE_TOKEN", "JIYAO_REPORT_TIMEOUT", "JIYAO_GLOSSARY", "JIYAO_NAMES",
    "JIYAO_TABLES_DIR", "JIYAO_CHUNK_CONCURRENCY",
)  # fmt: skip
SECRET_NAMES = ("JIYAO_API_KEY", "OPENAI_API_KEY", "JIYAO_SERVICE_TOKEN")


# Context window and largest answer by model family, for when the user sets neither.
_FAMILIES: tuple[tuple[str, int, int], ...] = (
    ("gpt-4.1", 1_000_000, 32_768),
    ("gpt-4o", 128_000, 16_384),
    ("gpt-5", 400_000, 128_000),
    ("o1", 200_000, 100_000),
    ("o3", 200_000, 100_000),
    ("o4", 200_000, 100_000),
    ("deepseek", 64_000, 8_192),
    ("qwen", 32_768, 8_192),
    ("llama3", 8_192, 4_096),
    ("llama-3", 8_192, 4_096),
)


# Ollama's window is its server's, not the model's: 4,096 tokens on a machine with less than
# 24 GiB of VRAM unless OLLAMA_CONTEXT_LENGTH raises it; and a prompt over it is cut without a
# word (the model reads the end). Ollama names models name:tag, and listens on 11434.
OLLAMA_WINDOW = 4096
_OLLAMA_MODEL = re.compile(r"^(?!ft:)[\w.\-/]+:[\w.\-]+$")


def is_ollama(model: str, base_url: str) -> bool:
    try:
        port = urlparse(base_url).port
    except ValueError:
        port = None
    return port == 11434 or bool(_OLLAMA_MODEL.match(model))


def model_limits(model: str, base_url: str = "") -> tuple[int, int]:
    """Context window and largest answer when the user sets neither: the model family's, in
    Ollama's default window for an Ollama endpoint (an answer is then capped by the room the
    prompt leaves, request by request)."""
    name = model.rsplit("/", 1)[-1].lower()
    window, output = next(((w, o) for prefix, w, o in _FAMILIES if name.startswith(prefix)), (8192, 4096))
    return (OLLAMA_WINDOW, output) if is_ollama(model, base_url) else (window, output)


# Models that think before they answer, by name, and the room their thinking takes on top of
# the answer's: a reply cut off while thinking costs a request and gives nothing. OpenAI's
# reasoning models hide it but count it against max_completion_tokens (OpenAI advises
# reserving ~25,000 at first); the open ones (R1 and its distills, QwQ, the Thinking builds,
# gpt-oss, Magistral) write one to a few thousand tokens of it before a readout. Qwen3's
# hybrid models are not named here: some servers turn their thinking off (DashScope).
_THINKING_MODELS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^(o\d|gpt-5)(?!.*-chat)", re.IGNORECASE), 8192),
    (re.compile(r"r1\b|r1-|reasoner|qwq|thinking|magistral|gpt-oss|-reasoning", re.IGNORECASE), 4096),
)


def thinking_allowance(model: str) -> int:
    """The output tokens a model's thinking takes, when the user does not say: by family."""
    name = model.rsplit("/", 1)[-1]
    return next((tokens for pattern, tokens in _THINKING_MODELS if pattern.search(name)), 0)


def _token_param(env: Mapping[str, str]) -> str | None:
    value = env.get("JIYAO_TOKEN_PARAM") or None
    if value not in (None, "max_tokens", "max_completion_tokens", "none"):
        raise ConfigError(f"JIYAO_TOKEN_PARAM must be max_tokens, max_completion_tokens or none, not {value!r}")
    return value


def _service_token(env: Mapping[str, str]) -> str | None:
    token = env.get("JIYAO_SERVICE_TOKEN")
    if token is None:
        return None
    if not token.strip():
        # Set but empty is a mistake (an unset variable in a script), never "serve openly".
        raise ConfigError("JIYAO_SERVICE_TOKEN is set but empty: give it a secret, or unset it to serve without one")
    return token


def _default_cache_dir() -> str:
    from platformdirs import user_cache_dir

    return user_cache_dir("jiyao")
