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
import dataclasses
import enum
import json
import logging
import random
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from jiyao.errors import (
    CONTENT_FILTER,
    ContentFilteredError,
    ContextWindowError,
    EndpointError,
    FormatUnsupportedError,
    LLMError,
    RateLimitedError,
    UpstreamError,
)
from jiyao.llm.ratelimit import RateLimiter
from jiyao.prompts import Message
from jiyao.settings import Endpoint, Settings

log = logging.getLogger("jiyao.llm")
# The server counts with its own tokenizer and adds its chat template: allow for ~15% more.
SERVER_TOKEN_MARGIN = 1.15


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

    def cost(self, settings: Settings) -> float | None:
        """Dollars, from the configured or the maintained price of the model; None when unknown."""
        from jiyao.llm.pricing import price_for

        price = price_for(settings)
        if price is None:
            return None if self.prompt_tokens or self.completion_tokens else 0.0
        return (self.prompt_tokens * price.input + self.completion_tokens * price.output) / 1e6


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


@dataclass(frozen=True)
class Dialect:
    """How an endpoint wants its parameters: learned from the model family, a setting, or its 400s."""

    token_param: str = "max_tokens"  # or max_completion_tokens (OpenAI's reasoning models)
    temperature: bool = True  # reasoning models accept only their default
    # Qwen3 on DashScope thinks unless told not to, and then refuses any call that does not
    # stream: "parameter.enable_thinking must be set to false for non-streaming calls".
    thinking_off: bool = False


_REASONING_FAMILY = re.compile(r"^(o\d|gpt-5)", re.IGNORECASE)


def dialect_for(model: str, token_param: str | None) -> Dialect:
    reasoning = bool(_REASONING_FAMILY.match(model.rsplit("/", 1)[-1]))
    param = token_param or ("max_completion_tokens" if reasoning else "max_tokens")
    return Dialect(param, temperature=not reasoning)


def _body(request: Request, model: str, dialect: Dialect = Dialect()) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": model,
        "messages": [{"role": m.role, "content": m.content} for m in request.messages],
    }
    if dialect.temperature:
        body["temperature"] = request.temperature
    if request.max_tokens and dialect.token_param != "none":
        body[dialect.token_param] = request.max_tokens
    if dialect.thinking_off:
        body["enable_thinking"] = False
    if request.mode is OutputMode.JSON_SCHEMA and request.schema is not None:
        body["response_format"] = {
            "type": "json_schema",
            "json_schema": {"name": request.schema_name, "schema": request.schema, "strict": True},
        }
    elif request.mode is OutputMode.JSON_OBJECT:
        body["response_format"] = {"type": "json_object"}
    return body


def adapted(dialect: Dialect, adapt: str | None) -> Dialect | None:
    """The dialect a server's refusal asks for (ask again at once), or None: nothing to change."""
    if adapt == "token_param" and dialect.token_param == "max_tokens":
        return dataclasses.replace(dialect, token_param="max_completion_tokens")
    if adapt == "temperature" and dialect.temperature:
        return dataclasses.replace(dialect, temperature=False)
    if adapt == "thinking_off" and not dialect.thinking_off:
        return dataclasses.replace(dialect, thinking_off=True)
    return None


# Fields of the request body that are no parameter of the SDK's create(): sent as extra_body.
_BEYOND_SDK = ("enable_thinking",)


def _sdk_arguments(body: dict[str, Any]) -> dict[str, Any]:
    extra = {key: body[key] for key in _BEYOND_SDK if key in body}
    plain = {key: value for key, value in body.items() if key not in extra}
    return plain | ({"extra_body": extra} if extra else {})


@dataclass(frozen=True)
class _Verdict:
    retry: bool
    wait: float | None  # from Retry-After
    error: LLMError
    adapt: str | None = None  # a parameter the server refused: change it and ask again at once


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
        body = getattr(error, "body", None)
        return judge_status(error.status_code, body, _short(error), endpoint, attempts, _retry_after(error))
    if isinstance(error, ValueError | AttributeError | TypeError | openai.APIResponseValidationError):
        # A 200 whose body is not a completion: a proxy's HTML page, a cut-off or empty body.
        return _Verdict(True, None, fail(UpstreamError, "the endpoint answered with a body that is not a completion"))
    return _Verdict(False, None, fail(LLMError, f"unexpected error: {type(error).__name__}: {error}"))


def judge_status(
    status: int, body: Any, detail: str, endpoint: Endpoint, attempts: int, retry_after: float | None = None
) -> _Verdict:
    """An error status from the endpoint (or a provider batch's line): retry or not, and the
    jiyao error it is. ``detail`` is the server's own words."""

    def fail(kind: type[LLMError], message: str) -> LLMError:
        return kind(message, provider=endpoint.base_url, model=endpoint.model, attempts=attempts)

    lower = detail.lower()
    if status in (400, 403, 422) and _moderated(body, detail):
        # Final: the same text is refused again, and it says nothing about the endpoint.
        refused = ContentFilteredError(
            f"{CONTENT_FILTER} refused the prompt ({status}): {detail}",
            stage="prompt",
            provider=endpoint.base_url,
            model=endpoint.model,
            attempts=attempts,
        )
        return _Verdict(False, None, refused)
    if status >= 500:
        return _Verdict(True, retry_after, fail(UpstreamError, f"server error {status}: {detail}"))
    if status == 429:
        return _Verdict(True, retry_after, fail(RateLimitedError, "rate limited (429)"))
    if status in (400, 422):
        if "max_completion_tokens" in lower and "max_tokens" in lower:
            return _Verdict(False, None, fail(EndpointError, f"rejected max_tokens: {detail}"), "token_param")
        if "temperature" in lower and ("unsupported" in lower or "not support" in lower):
            return _Verdict(False, None, fail(EndpointError, f"rejected temperature: {detail}"), "temperature")
        if "enable_thinking" in lower:
            return _Verdict(False, None, fail(EndpointError, f"asks for enable_thinking: {detail}"), "thinking_off")
        if "context length" in lower or "context window" in lower or "too many tokens" in lower:
            return _Verdict(False, None, fail(ContextWindowError, f"over the context window ({status}): {detail}"))
        if any(word in lower for word in _FORMAT_WORDS):
            return _Verdict(False, None, fail(FormatUnsupportedError, f"format rejected ({status}): {detail}"))
    what = {401: "the API key was refused", 403: "access denied", 404: "model or path not found"}.get(
        status, f"request rejected ({status})"
    )
    return _Verdict(False, None, fail(EndpointError, f"{what}: {detail}{_azure_hint(status, body, detail)}"))


def _azure_hint(status: int, body: Any, detail: str) -> str:
    """What to set, when Azure OpenAI's 404s say the path or the deployment is wrong."""
    inner = body.get("error", body) if isinstance(body, dict) else None
    code = str(inner.get("code")) if isinstance(inner, dict) else ""
    if status == 404 and code == "DeploymentNotFound":
        return " (Azure OpenAI: JIYAO_MODEL is the name of your deployment, as the portal lists it, not the model's)"
    if status == 404 and code == "404" and detail == "Resource not found":
        return " (Azure OpenAI: JIYAO_BASE_URL is https://<resource>.openai.azure.com/openai/v1/)"
    return ""


# How providers say that their moderation refused a prompt: Azure's code content_filter
# ("…content management policy"), Qwen on DashScope's data_inspection_failed ("Input data may
# contain inappropriate content"), DeepSeek's "Content Exists Risk", GLM's code 1301
# ("…不安全或敏感内容"), Moonshot's "considered high risk", OpenAI's "safety system".
_MODERATION_CODES = frozenset({"content_filter", "data_inspection_failed", "1301", "content_policy_violation"})
_MODERATION_WORDS = re.compile(
    r"content management policy|content exists risk|data ?inspection ?failed|inappropriate content"
    r"|considered high risk|safety system|不安全或敏感|敏感内容",
    re.IGNORECASE,
)


def _moderated(body: Any, detail: str) -> bool:
    inner = body.get("error", body) if isinstance(body, dict) else None
    if isinstance(inner, dict) and {str(inner.get("code")).lower(), str(inner.get("type")).lower()} & _MODERATION_CODES:
        return True
    return bool(_MODERATION_WORDS.search(detail))


_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "structured output", "guided_json", "grammar")


def _short(error: Any) -> str:
    """The server's own words in an SDK error."""
    response = getattr(error, "response", None)
    raw = getattr(response, "text", "") if response is not None else ""
    fallback = raw if isinstance(raw, str) and raw.strip() else str(getattr(error, "message", error))
    return server_words(getattr(error, "body", None), fallback)


def server_words(body: Any, fallback: str = "") -> str:
    """The server's own words, whatever the shape of its error body (OpenAI's
    ``{"error": {"message"}}``, vLLM's 422 ``{"detail": [...]}``, ``{"error": "..."}``, bare
    text), shortened and with secrets taken out."""
    from jiyao.redact import redact

    text = ""
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            text = str(inner["message"])
        elif isinstance(inner, str):
            text = inner
        elif "detail" in body:
            text = json.dumps(body["detail"], ensure_ascii=False)
        elif body.get("message"):
            text = str(body["message"])
    elif isinstance(body, str):
        text = body
    return redact(" ".join((text or fallback).split()))[:300]


def _completion(response: Any, usage: Usage, attempts: int) -> Completion:
    if not isinstance(getattr(response, "choices", None), list):
        raise ValueError("not a chat completion")  # judged as a malformed body: retried
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
        self.dialect = dialect_for(self.endpoint.model, settings.token_param)
        self._sync: Any = None
        self._async: Any = None
        self._guard = threading.Lock()
        self._refused: LLMError | None = None  # a refused key stops every later request

    def _prompt_tokens(self, request: Request) -> int:
        from jiyao.chunking import count_tokens

        return sum(count_tokens(m.content, self.endpoint.model) + 4 for m in request.messages)

    def _fit(self, request: Request) -> tuple[Request, int]:
        """Cap the output limit so that prompt + output fit the context window, with a margin
        for the server's tokenizer (it is not ours) and its chat template."""
        prompt = self._prompt_tokens(request)
        if request.max_tokens is None:
            return request, prompt
        room = self.settings.context_window - int(prompt * SERVER_TOKEN_MARGIN) - 32
        if room < 16:
            raise ContextWindowError(
                f"the prompt ({prompt} tokens) leaves no room to answer in the context window of "
                f"{self.settings.context_window} tokens: set JIYAO_CONTEXT_WINDOW to the model's real window",
                provider=self.endpoint.base_url,
                model=self.endpoint.model,
                attempts=0,
            )
        return dataclasses.replace(request, max_tokens=min(request.max_tokens, room)), prompt

    def _client(self, asynchronous: bool) -> Any:
        import openai

        options: dict[str, Any] = {
            "base_url": self.endpoint.base_url,
            "api_key": self.endpoint.api_key,
            "timeout": self.settings.timeout,
            "max_retries": 0,  # ours count every attempt
        }
        with self._guard:
            if asynchronous:
                if self._async is None:
                    self._async = openai.AsyncOpenAI(**options)
                return self._async
            if self._sync is None:
                self._sync = openai.OpenAI(**options)
            return self._sync

    def warm(self) -> None:
        """Build the client before the first request (importing the SDK takes ~0.5 s), and
        its chat resource, which the SDK imports at first use (~0.1 s)."""
        self._client(False).chat.completions  # noqa: B018

    def _wait(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.settings.max_retry_wait)
        backoff = self.settings.retry_base_delay * 2.0 ** (attempt - 1)
        return float(min(backoff * (0.5 + random.random()), self.settings.max_retry_wait))

    def _next(self, error: Exception, attempt: int, usage: Usage, sent: Dialect) -> float:
        """After a failed attempt (sent in dialect ``sent``): seconds to wait before the next
        one, or raise."""
        verdict = _judge(error, self.endpoint, attempt)
        if adapted(sent, verdict.adapt) is not None:
            # Judged against the form it was sent in: a request sent at the same time as the
            # one that taught us the change is refused too, and asked again, not failed.
            with self._guard:
                self.dialect = adapted(self.dialect, verdict.adapt) or self.dialect
            return 0.0
        verdict.error.spent = usage
        if isinstance(verdict.error, EndpointError) and any(
            code in verdict.error.reason for code in ("API key was refused", "access denied")
        ):
            self._refused = verdict.error
        if not verdict.retry or attempt > self.settings.max_retries:
            raise verdict.error from error
        wait = self._wait(attempt, verdict.wait)
        log.info(
            "%s: attempt %d failed (%s); retrying in %.1f s", self.endpoint.model, attempt, verdict.error.reason, wait
        )
        return wait

    def _start(self, request: Request) -> tuple[Request, int]:
        if self._refused is not None:
            raise self._refused
        fitted, prompt = self._fit(request)
        return fitted, prompt + (fitted.max_tokens or 0) if self.limiter.active else 0

    def complete(self, request: Request) -> Completion:
        request, tokens = self._start(request)
        usage = Usage()
        for attempt in range(1, self.settings.max_retries + 4):
            usage = usage + Usage(requests=1)
            self.limiter.acquire(tokens)
            dialect = self.dialect
            try:
                response = self._client(False).chat.completions.create(
                    **_sdk_arguments(_body(request, self.endpoint.model, dialect))
                )
                return _completion(response, usage, attempt)
            except Exception as e:  # the SDK's errors and malformed bodies, judged and wrapped
                time.sleep(self._next(e, attempt, usage, dialect))
        raise UpstreamError("gave up", provider=self.endpoint.base_url, model=self.endpoint.model)

    async def acomplete(self, request: Request) -> Completion:
        request, tokens = self._start(request)
        usage = Usage()
        for attempt in range(1, self.settings.max_retries + 4):
            usage = usage + Usage(requests=1)
            await asyncio.to_thread(self.limiter.acquire, tokens)
            dialect = self.dialect
            try:
                body = _body(request, self.endpoint.model, dialect)
                response = await self._client(True).chat.completions.create(**_sdk_arguments(body))
                return _completion(response, usage, attempt)
            except Exception as e:  # the SDK's errors and malformed bodies, judged and wrapped
                await asyncio.sleep(self._next(e, attempt, usage, dialect))
        raise UpstreamError("gave up", provider=self.endpoint.base_url, model=self.endpoint.model)

    def list_models(self) -> list[str]:
        try:
            page = self._client(False).models.list()
            return [m.id for m in page.data]
        except Exception as e:
            raise _judge(e, self.endpoint, 1).error from e
