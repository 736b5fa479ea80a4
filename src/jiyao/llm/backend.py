"""The one interface to an LLM, and its implementation over the ``openai`` SDK.

Everything that talks to an endpoint goes through :class:`Backend`. The tests
run the real SDK against a fake OpenAI-compatible HTTP server: the two meet at
the HTTP boundary, never by mocking the SDK.

Retries are ours (the SDK's are turned off) so that every attempt is counted:
429, 5xx, timeouts and dropped connections are retried with exponential
backoff and jitter, honouring ``Retry-After``; anything else is final. SDK
errors are wrapped in :mod:`jiyao.errors` with ``raise … from``.
"""

from __future__ import annotations

import asyncio
import enum
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from jiyao.errors import (
    EndpointError,
    FormatUnsupportedError,
    LLMError,
    RateLimitedError,
    UpstreamError,
)
from jiyao.llm.ratelimit import RateLimiter
from jiyao.prompts import Message
from jiyao.settings import Endpoint, Settings


class OutputMode(enum.StrEnum):
    """The structured-output ladder, best first."""

    JSON_SCHEMA = "json_schema"
    JSON_OBJECT = "json_object"
    PLAIN = "plain"


LADDER = (OutputMode.JSON_SCHEMA, OutputMode.JSON_OBJECT, OutputMode.PLAIN)


@dataclass(frozen=True)
class Usage:
    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.requests + other.requests,
        )

    def cost(self, settings: Settings) -> float:
        return (self.prompt_tokens * settings.price_input + self.completion_tokens * settings.price_output) / 1e6


@dataclass(frozen=True)
class Completion:
    text: str
    refusal: str | None
    finish_reason: str | None
    usage: Usage  # every attempt, retries included
    attempts: int


@dataclass(frozen=True)
class Request:
    messages: Sequence[Message]
    mode: OutputMode
    schema: dict[str, Any] | None = None
    schema_name: str = "output"
    max_tokens: int | None = None
    temperature: float = 0.0


class Backend(Protocol):
    endpoint: Endpoint

    def complete(self, request: Request) -> Completion: ...

    async def acomplete(self, request: Request) -> Completion: ...

    def list_models(self) -> list[str]: ...


def _body(request: Request, model: str) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": model,
        "messages": [{"role": m.role, "content": m.content} for m in request.messages],
        "temperature": request.temperature,
    }
    if request.max_tokens:
        body["max_tokens"] = request.max_tokens
    if request.mode is OutputMode.JSON_SCHEMA and request.schema is not None:
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": request.schema_name, "schema": request.schema, "strict": True},
        }
    elif request.mode is OutputMode.JSON_OBJECT:
        body["response_format"] = {"type": "json_object"}
    return body


@dataclass(frozen=True)
class _Verdict:
    retry: bool
    wait: float | None  # from Retry-After
    error: LLMError


def _retry_after(error: Any) -> float | None:
    response = getattr(error, "response", None)
    raw = response.headers.get("retry-after") if response is not None else None
    try:
        return max(0.0, float(raw)) if raw is not None else None
    except ValueError:
        return None


def _judge(error: Exception, endpoint: Endpoint, attempts: int) -> _Verdict:
    """Retry or give up, and the jiyao error to raise if we give up."""
    import openai

    def fail(kind: type[LLMError], message: str) -> LLMError:
        return kind(message, provider=endpoint.base_url, model=endpoint.model, attempts=attempts)

    if isinstance(error, openai.APITimeoutError):
        return _Verdict(True, None, fail(UpstreamError, "the endpoint timed out"))
    if isinstance(error, openai.APIConnectionError):
        return _Verdict(True, None, fail(EndpointError, f"cannot reach the endpoint: {error}"))
    if isinstance(error, openai.RateLimitError):
        return _Verdict(True, _retry_after(error), fail(RateLimitedError, "rate limited (429)"))
    if isinstance(error, openai.APIStatusError):
        status = error.status_code
        detail = _short(error)
        if status >= 500:
            return _Verdict(True, _retry_after(error), fail(UpstreamError, f"server error {status}: {detail}"))
        format_words = ("response_format", "json_schema", "json_object", "structured output")
        if status in (400, 422) and any(word in detail.lower() for word in format_words):
            return _Verdict(False, None, fail(FormatUnsupportedError, f"format rejected ({status}): {detail}"))
        what = {401: "the API key was refused", 403: "access denied", 404: "model or path not found"}.get(
            status, f"request rejected ({status})"
        )
        return _Verdict(False, None, fail(EndpointError, f"{what}: {detail}"))
    return _Verdict(False, None, fail(LLMError, f"unexpected error: {error}"))


def _short(error: Any) -> str:
    body = getattr(error, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else None
        if message:
            return str(message)[:300]
    return str(getattr(error, "message", error))[:300]


def _completion(response: Any, usage: Usage, attempts: int) -> Completion:
    choice = response.choices[0] if response.choices else None
    message = choice.message if choice else None
    used = response.usage
    this = Usage(used.prompt_tokens or 0, used.completion_tokens or 0, 0) if used else Usage()
    return Completion(
        text=(message.content or "") if message else "",
        refusal=getattr(message, "refusal", None) if message else None,
        finish_reason=choice.finish_reason if choice else None,
        usage=usage + this,
        attempts=attempts,
    )


class OpenAIBackend:
    """An OpenAI-compatible endpoint through the ``openai`` SDK, sync and async."""

    def __init__(self, settings: Settings, *, limiter: RateLimiter | None = None) -> None:
        self.settings = settings
        self.endpoint = settings.endpoint()
        self.limiter = limiter or RateLimiter(settings.rpm, settings.tpm)
        self._sync: Any = None
        self._async: Any = None

    def _expected_tokens(self, request: Request) -> int:
        if not self.limiter.active:
            return 0
        from jiyao.chunking import count_tokens

        prompt = sum(count_tokens(m.content, self.endpoint.model) for m in request.messages)
        return prompt + (request.max_tokens or 0)

    def _client(self, asynchronous: bool) -> Any:
        import openai

        options: dict[str, Any] = {
            "base_url": self.endpoint.base_url,
            "api_key": self.endpoint.api_key,
            "timeout": self.settings.timeout,
            "max_retries": 0,  # ours count every attempt
        }
        if asynchronous:
            if self._async is None:
                self._async = openai.AsyncOpenAI(**options)
            return self._async
        if self._sync is None:
            self._sync = openai.OpenAI(**options)
        return self._sync

    def _wait(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.settings.max_retry_wait)
        backoff = self.settings.retry_base_delay * 2.0 ** (attempt - 1)
        return float(min(backoff * (0.5 + random.random()), self.settings.max_retry_wait))

    def complete(self, request: Request) -> Completion:
        body = _body(request, self.endpoint.model)
        usage = Usage()
        tokens = self._expected_tokens(request)
        for attempt in range(1, self.settings.max_retries + 2):
            usage = usage + Usage(requests=1)
            self.limiter.acquire(tokens)
            try:
                response = self._client(False).chat.completions.create(**body)
            except Exception as e:  # the SDK's errors, judged and wrapped below
                verdict = _judge(e, self.endpoint, attempt)
                if not verdict.retry or attempt > self.settings.max_retries:
                    raise verdict.error from e
                time.sleep(self._wait(attempt, verdict.wait))
                continue
            return _completion(response, usage, attempt)
        raise AssertionError("unreachable")

    async def acomplete(self, request: Request) -> Completion:
        body = _body(request, self.endpoint.model)
        usage = Usage()
        tokens = self._expected_tokens(request)
        for attempt in range(1, self.settings.max_retries + 2):
            usage = usage + Usage(requests=1)
            await asyncio.to_thread(self.limiter.acquire, tokens)
            try:
                response = await self._client(True).chat.completions.create(**body)
            except Exception as e:  # the SDK's errors, judged and wrapped below
                verdict = _judge(e, self.endpoint, attempt)
                if not verdict.retry or attempt > self.settings.max_retries:
                    raise verdict.error from e
                await asyncio.sleep(self._wait(attempt, verdict.wait))
                continue
            return _completion(response, usage, attempt)
        raise AssertionError("unreachable")

    def list_models(self) -> list[str]:
        try:
            page = self._client(False).models.list()
        except Exception as e:
            raise _judge(e, self.endpoint, 1).error from e
        return [m.id for m in page.data]
