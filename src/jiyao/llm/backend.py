"""The one interface to an LLM, and its implementation over the ``openai`` SDK.

Everything that talks to an endpoint goes through :class:`Backend`. The tests
run the real SDK against a fake OpenAI-compatible HTTP server: the two meet at
the HTTP boundary, never by mocking the SDK.

Retries are ours (the SDK's are turned off) so that every attempt is counted:
429, 5xx, timeouts and dropped connections are retried with exponential
backoff and jitter, honouring ``Retry-After``; a parameter the server refuses is sent
the way it asks, at once; anything else is final. What each failure means is judged in
:mod:`jiyao.llm.verdicts`; SDK errors are wrapped in :mod:`jiyao.errors` with ``raise … from``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import enum
import logging
import random
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from jiyao import deadline
from jiyao.errors import ContextWindowError, EndpointError, LLMError, UpstreamError
from jiyao.llm.ratelimit import RateLimiter
from jiyao.llm.verdicts import FAILED_PART_WAY, FINISH_ALIASES, GenerationFailed, Verdict, judge, rejected_answer
from jiyao.prompts import Message
from jiyao.settings import Endpoint, Settings, is_ollama

log = logging.getLogger("jiyao.llm")
# The server counts with its own tokenizer and adds its chat template: allow for ~15% more.
SERVER_TOKEN_MARGIN = 1.15


def prompt_tokens(messages: Sequence[Message], model: str) -> int:
    """A request's prompt, as our tokenizer counts it (:func:`answer_room` allows for the server's)."""
    from jiyao.chunking import count_tokens

    return sum(count_tokens(m.content, model) + 4 for m in messages)


def answer_room(window: int, prompt: int) -> int:
    """The output tokens a prompt leaves in a context window, with a margin for the server's
    tokenizer (it is not ours) and its chat template."""
    return window - int(prompt * SERVER_TOKEN_MARGIN) - 32


# Ollama does not refuse a prompt over its window (num_ctx): it keeps its first tokens
# (num_keep, 4, and a BOS) and its end, answers from that, and counts only what it read in
# usage.prompt_tokens. Its llama-server runner (2026) keeps N - (N - keep) // 2 tokens of a
# window of N (4,096 → 2,050; 32,768 → 16,386); its runners before kept N. Its answers say
# system_fingerprint "fp_ollama".
OLLAMA_FINGERPRINT = "fp_ollama"


def window_cut_to(prompt: int, read: int) -> int | None:
    """The window (a multiple of 1,024) that Ollama's count of the tokens it read of a prompt
    (``read``) says it cut the prompt to without a word, or None: a count of no cut's shape, or
    of a prompt that, as our count of it (``prompt``) says, could not have been over it."""
    for window in range(2 * read - 8, 2 * read, 2):
        kept = {window - (window - keep) // 2 for keep in (4, 5)}
        if read in kept and window % 1024 == 0 and prompt * SERVER_TOKEN_MARGIN >= window:
            return window
    if read >= 1024 and read % 1024 == 0 and read * 2 <= prompt:
        return read  # the older runners' cut, where the prompt was at least twice the window
    return None


def _stated_window(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def too_little_room(room: int, max_tokens: int) -> bool:
    """Whether an answer limited to ``max_tokens`` would be cut off in ``room``: a request
    left less than half its limit is not sent (the caller asks about less text instead)."""
    return room < 16 or room * 2 < max_tokens


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
    # Answers whose tokens we counted ourselves: the server reported no usage (Ollama and
    # llama-server before 2024, some gateways). Counted, a budget still stops; zero, it never would.
    counted_here: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.prompt_tokens + other.prompt_tokens,
            self.completion_tokens + other.completion_tokens,
            self.requests + other.requests,
            self.counted_here + other.counted_here,
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
    # What a server's reasoning parser took out of the answer (vLLM's --reasoning-parser,
    # DeepSeek's reasoner: ``reasoning_content``; ``reasoning`` since vLLM 0.11): never the answer.
    thinking: str = ""
    # The server refused the answer as no valid JSON and sent it back in its error (Groq's
    # json_validate_failed), with no finish_reason: whether it was cut is read from it — its
    # JSON never closed, and it is long enough to have met the limit (``long``: half of it,
    # by our count, since the server's tokenizer is not ours).
    rejected: bool = False
    long: bool = False


@dataclass(frozen=True)
class Request:
    messages: Sequence[Message]
    mode: OutputMode
    schema: dict[str, Any] | None = None
    schema_name: str = "output"
    max_tokens: int | None = None
    temperature: float = 0.0
    # The limit first asked for this question: a retry after a cut-off answer doubles
    # max_tokens, but the room the answer needs is judged by the first (too_little_room).
    first_max_tokens: int | None = None


class Backend(Protocol):
    endpoint: Endpoint
    dialect: Dialect  # how the endpoint wants its parameters, as learned so far

    @property
    def window(self) -> int:
        """The context window the endpoint's requests are fitted to, in tokens."""
        ...

    def complete(self, request: Request) -> Completion: ...

    async def acomplete(self, request: Request) -> Completion: ...

    def list_models(self) -> dict[str, int | None]:
        """The models the endpoint lists, each with the context window it states for it
        (vLLM's and SGLang's ``max_model_len``), else None."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True)
class Dialect:
    """How an endpoint wants its parameters: learned from the model family, a setting, or its 400s."""

    token_param: str = "max_tokens"  # or max_completion_tokens (OpenAI's reasoning models)
    temperature: bool = True  # reasoning models accept only their default
    # Qwen3 on DashScope thinks unless told not to, and then refuses any call that does not
    # stream: "parameter.enable_thinking must be set to false for non-streaming calls".
    thinking_off: bool = False
    # The largest output limit the server takes, where it said so (gpt-4o-2024-05-13: "This
    # model supports at most 4096 completion tokens"; DeepSeek's and DashScope's ranges).
    max_output: int | None = None
    # It cuts a prompt over its window without a word and answers from the rest: Ollama, told
    # by its answers' fingerprint or its endpoint.
    cuts_silently: bool = False


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
        body[dialect.token_param] = min(request.max_tokens, dialect.max_output or request.max_tokens)
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


def adapted(dialect: Dialect, verdict: Verdict) -> Dialect | None:
    """The dialect a server's refusal asks for (ask again at once), or None: nothing to change."""
    adapt, cap = verdict.adapt, verdict.max_output
    if adapt == "max_output" and cap is not None and cap < (dialect.max_output or cap + 1):
        return dataclasses.replace(dialect, max_output=cap)
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


def _completion(response: Any, usage: Usage, attempts: int, prompt: int, model: str) -> Completion:
    """The answer of ``response`` to a prompt of ``prompt`` tokens (our count)."""
    if not isinstance(getattr(response, "choices", None), list):
        raise ValueError("not a chat completion")  # judged as a malformed body: retried
    choice = response.choices[0] if response.choices else None
    message = choice.message if choice else None
    used = response.usage
    text = (message.content or "") if message else ""
    thinking = thinking_of(message, used)
    if used is not None and (used.prompt_tokens or used.completion_tokens):
        this = Usage(used.prompt_tokens or 0, used.completion_tokens or 0)
    else:
        from jiyao.chunking import count_tokens

        this = Usage(prompt, count_tokens(thinking + text, model) if thinking or text else 0, counted_here=1)
    reason = choice.finish_reason if choice else None
    if reason in FAILED_PART_WAY:
        raise GenerationFailed(reason, usage + this)
    return Completion(
        text=text,
        refusal=getattr(message, "refusal", None) if message else None,
        finish_reason=FINISH_ALIASES.get(reason, reason) if reason else None,
        usage=usage + this,
        attempts=attempts,
        thinking=thinking,
    )


def refused_answer(text: str, request: Request, usage: Usage, attempts: int, model: str) -> Completion:
    """The answer a server refused as no valid JSON and sent back in its error (see
    :func:`~jiyao.llm.verdicts.rejected_answer`), its tokens counted here (it says none)."""
    from jiyao.chunking import count_tokens

    tokens = count_tokens(text, model) if text else 0
    long = request.max_tokens is not None and tokens >= request.max_tokens // 2
    this = Usage(prompt_tokens(request.messages, model), tokens, counted_here=1)
    return Completion(text, None, None, usage + this, attempts, rejected=True, long=long)


def _refused_answer_in(
    error: Exception, request: Request, usage: Usage, attempts: int, model: str
) -> Completion | None:
    import openai

    if not isinstance(error, openai.APIStatusError):
        return None
    text = rejected_answer(error.status_code, error.body)
    return None if text is None else refused_answer(text, request, usage, attempts, model)


def _field(value: Any, name: str) -> Any:
    return value.get(name) if isinstance(value, dict) else getattr(value, name, None)


def thinking_of(message: Any, usage: Any = None) -> str:
    """The reasoning a server returned beside the answer (an SDK object or a dict), or, where
    it keeps it hidden and only counts it (OpenAI's reasoning models), a note of how long it
    was; "" when the model did not think."""
    for field in ("reasoning_content", "reasoning"):
        value = _field(message, field) if message is not None else None
        if isinstance(value, str) and value:
            return value
    details = _field(usage, "completion_tokens_details") if usage is not None else None
    hidden = _field(details, "reasoning_tokens") if details is not None else None
    return f"({hidden} reasoning tokens, not shown)" if isinstance(hidden, int) and hidden > 0 else ""


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
        self._refused: LLMError | None = None  # a refused key (or no credits) stops every later request
        self._window = settings.context_window  # smaller once the server says its own is

    @property
    def window(self) -> int:
        """The context window requests are fitted to: the setting (or the model family's),
        or the server's, once a refusal said it is smaller."""
        return self._window

    def _fit(self, request: Request, prompt: int, usage: Usage) -> Request:
        """Cap the output limit so that prompt + output fit the context window; refuse to send
        a request whose answer would be cut off (:func:`too_little_room`)."""
        if request.max_tokens is None:
            return request
        window = self._window
        room = answer_room(window, prompt)
        if too_little_room(room, request.first_max_tokens or request.max_tokens):
            said = window < self.settings.context_window
            left = "no room to answer" if room < 16 else f"{room} tokens to answer, of the {request.max_tokens} asked,"
            error = ContextWindowError(
                f"the prompt ({prompt} tokens) leaves {left} in the context window of {window} tokens"
                + (" (the server's own)" if said else ": set JIYAO_CONTEXT_WINDOW to the model's real window"),
                window=window if said else None,
                provider=self.endpoint.base_url,
                model=self.endpoint.model,
                attempts=usage.requests,
            )
            error.spent = usage
            raise error
        return dataclasses.replace(request, max_tokens=min(request.max_tokens, room))

    def _learn_window(self, stated: int) -> None:
        with self._guard:
            if stated >= self._window:
                return  # another request taught it first
            log.info("%s: the server's context window is %d tokens, not %d", self.endpoint.model, stated, self._window)
            self._window = stated

    def _answered_cut(self, response: Any, prompt: int, window: int) -> bool:
        """Whether Ollama answered from a prompt (``prompt`` tokens by our count, fitted to
        ``window``) that it had cut to its own window without a word. Its window is learnt:
        asked again, the request no longer fits and is split by the caller."""
        used = getattr(response, "usage", None)
        read = getattr(used, "prompt_tokens", None)
        ollama = getattr(response, "system_fingerprint", None) == OLLAMA_FINGERPRINT or is_ollama(
            self.endpoint.model, self.endpoint.base_url
        )
        if ollama and not self.dialect.cuts_silently:
            with self._guard:
                self.dialect = dataclasses.replace(self.dialect, cuts_silently=True)
        if not ollama or not isinstance(read, int) or (cut := window_cut_to(prompt, read)) is None:
            return False
        log.warning(
            "%s: the server read %d tokens of a prompt of about %d: it cut it to a window of %d tokens without a "
            "word; its answer is not used",
            self.endpoint.model,
            read,
            prompt,
            cut,
        )
        # Cut though fitted to a window no larger: the server counts more tokens than we allow for.
        self._learn_window(cut if cut < window else window * 3 // 4)
        return True

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

    def close(self) -> None:
        """Close the synchronous client's kept-alive connections; the next request opens new
        ones. (The asynchronous client's are closed by :meth:`aclose`, in its own loop.)"""
        with self._guard:
            client, self._sync = self._sync, None
        if client is not None:
            client.close()

    async def aclose(self) -> None:
        """Close the asynchronous client's connections, in the event loop that used them: a
        kept-alive connection left open is closed at collection, its loop gone, and warns."""
        with self._guard:
            client, self._async = self._async, None
        if client is not None:
            await client.close()

    def warm(self) -> None:
        """Build the client before the first request (importing the SDK takes ~0.5 s), and
        its chat resource, which the SDK imports at first use (~0.1 s)."""
        self._client(False).chat.completions  # noqa: B018

    def _wait(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.settings.max_retry_wait)
        backoff = self.settings.retry_base_delay * 2.0 ** (attempt - 1)
        return float(min(backoff * (0.5 + random.random()), self.settings.max_retry_wait))

    def _next(self, error: Exception, attempt: int, usage: Usage, sent: Dialect, window: int) -> float:
        """After a failed attempt (sent in dialect ``sent``, fitted to ``window``): seconds to
        wait before the next one, or raise."""
        verdict = judge(error, self.endpoint, attempt)
        if adapted(sent, verdict) is not None:
            # Judged against the form it was sent in: a request sent at the same time as the
            # one that taught us the change is refused too, and asked again, not failed.
            with self._guard:
                self.dialect = adapted(self.dialect, verdict) or self.dialect
            return 0.0
        stated = verdict.error.window if isinstance(verdict.error, ContextWindowError) else None
        if stated is not None and stated < window:
            # The server's window is smaller than the one assumed (vLLM's --max-model-len,
            # llama.cpp's -c): fitted to it, the request is asked again at once, or refused here.
            self._learn_window(stated)
            return 0.0
        verdict.error.spent = usage
        if isinstance(verdict.error, EndpointError) and any(
            code in verdict.error.reason for code in ("API key was refused", "access denied", "out of credits")
        ):
            self._refused = verdict.error
        if not verdict.retry or attempt > self.settings.max_retries:
            raise verdict.error from error
        wait = self._wait(attempt, verdict.wait)
        log.info(
            "%s: attempt %d failed (%s); retrying in %.1f s", self.endpoint.model, attempt, verdict.error.reason, wait
        )
        return wait

    def _start(self, request: Request) -> int:
        if self._refused is not None:
            raise self._refused
        return prompt_tokens(request.messages, self.endpoint.model)

    def _attempt(self, request: Request, prompt: int, usage: Usage) -> tuple[Request, int, int]:
        """The request fitted to the window known now, the tokens it may use (for the
        limiter), and that window."""
        window = self._window
        fitted = self._fit(request, prompt, usage)
        return fitted, prompt + (fitted.max_tokens or 0) if self.limiter.active else 0, window

    def complete(self, request: Request) -> Completion:
        prompt = self._start(request)
        usage = Usage()
        for attempt in range(1, self.settings.max_retries + 4):
            deadline.check_cancelled(f"{self.endpoint.model}: attempt {attempt}")
            fitted, tokens, window = self._attempt(request, prompt, usage)
            usage = usage + Usage(requests=1)
            self.limiter.acquire(tokens)
            dialect = self.dialect
            try:
                response = self._client(False).chat.completions.create(
                    **_sdk_arguments(_body(fitted, self.endpoint.model, dialect))
                )
                completion = _completion(response, usage, attempt, prompt, self.endpoint.model)
                if self._answered_cut(response, prompt, window):
                    usage = completion.usage
                    continue
                return completion
            except Exception as e:  # the SDK's errors and malformed bodies, judged and wrapped
                if (answer := _refused_answer_in(e, fitted, usage, attempt, self.endpoint.model)) is not None:
                    return answer
                if isinstance(e, GenerationFailed):
                    usage = e.usage  # the fragment's tokens: billed
                wait = self._next(e, attempt, usage, dialect, window)
                deadline.pause(wait, f"{self.endpoint.model}: attempt {attempt + 1}")
        raise UpstreamError("gave up", provider=self.endpoint.base_url, model=self.endpoint.model)

    async def acomplete(self, request: Request) -> Completion:
        prompt = self._start(request)
        usage = Usage()
        for attempt in range(1, self.settings.max_retries + 4):
            deadline.check_cancelled(f"{self.endpoint.model}: attempt {attempt}")
            fitted, tokens, window = self._attempt(request, prompt, usage)
            usage = usage + Usage(requests=1)
            await asyncio.to_thread(self.limiter.acquire, tokens)
            dialect = self.dialect
            try:
                body = _body(fitted, self.endpoint.model, dialect)
                response = await self._client(True).chat.completions.create(**_sdk_arguments(body))
                completion = _completion(response, usage, attempt, prompt, self.endpoint.model)
                if self._answered_cut(response, prompt, window):
                    usage = completion.usage
                    continue
                return completion
            except Exception as e:  # the SDK's errors and malformed bodies, judged and wrapped
                if (answer := _refused_answer_in(e, fitted, usage, attempt, self.endpoint.model)) is not None:
                    return answer
                if isinstance(e, GenerationFailed):
                    usage = e.usage  # the fragment's tokens: billed
                await asyncio.sleep(self._next(e, attempt, usage, dialect, window))
        raise UpstreamError("gave up", provider=self.endpoint.base_url, model=self.endpoint.model)

    def list_models(self) -> dict[str, int | None]:
        try:
            page = self._client(False).models.list()
        except Exception as e:
            raise judge(e, self.endpoint, 1).error from e
        return {m.id: _stated_window(getattr(m, "max_model_len", None)) for m in page.data}
