"""What an endpoint's failure means: retry or not, and the jiyao error it is.

One judgement for every executor — online calls through the SDK and a provider batch's
answered lines — from the status and the server's own words, whatever the shape of its
error body: a rate limit or a server error (retried), a parameter to send otherwise, a
format the server does not take, the context window, the provider's moderation, a key or
path refused.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

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
from jiyao.settings import Endpoint


class GenerationFailed(Exception):
    """A 200 whose answer is a fragment: the server says its generation failed part way (a
    finish reason of :data:`FAILED_PART_WAY`). Asked again, as a 5xx is; never mended."""

    def __init__(self, reason: str, usage: Any) -> None:
        super().__init__(f"the server's generation failed part way (finish_reason {reason!r})")
        self.usage = usage  # what the fragment cost, the attempts before it included


# Finish reasons that say so: a gateway that lost its upstream after it had sent its 200
# (OpenRouter's "error"), z.AI's "network_error", DeepSeek's "insufficient_system_resource".
FAILED_PART_WAY = frozenset({"error", "network_error", "insufficient_system_resource"})
# Other servers' words for finish reasons jiyao reads: z.AI's moderation ("sensitive"), a
# stop in Anthropic's and xAI's words ("end_turn").
FINISH_ALIASES = {"sensitive": "content_filter", "end_turn": "stop"}


@dataclass(frozen=True)
class Verdict:
    retry: bool
    wait: float | None  # from Retry-After
    error: LLMError
    adapt: str | None = None  # a parameter the server refused: change it and ask again at once
    max_output: int | None = None  # with adapt "max_output": the largest limit the server takes


def _retry_after(error: Any) -> float | None:
    response = getattr(error, "response", None)
    raw = response.headers.get("retry-after") if response is not None else None
    try:
        return max(0.0, float(raw)) if raw is not None else None
    except ValueError:
        return None


def judge(error: Exception, endpoint: Endpoint, attempts: int) -> Verdict:
    """Retry or give up, and the jiyao error to raise if we give up."""
    import openai

    def fail(kind: type[LLMError], message: str) -> LLMError:
        return kind(message, provider=endpoint.base_url, model=endpoint.model, attempts=attempts)

    if isinstance(error, GenerationFailed):
        return Verdict(True, None, fail(UpstreamError, str(error)))
    if isinstance(error, openai.APITimeoutError):
        return Verdict(True, None, fail(UpstreamError, "the endpoint timed out"))
    if isinstance(error, openai.APIConnectionError):
        return Verdict(True, None, fail(EndpointError, f"cannot reach the endpoint: {error}"))
    if isinstance(error, openai.RateLimitError):
        return Verdict(True, _retry_after(error), fail(RateLimitedError, "rate limited (429)"))
    if isinstance(error, openai.APIStatusError):
        body = getattr(error, "body", None)
        return judge_status(error.status_code, body, _short(error), endpoint, attempts, _retry_after(error))
    if isinstance(error, ValueError | AttributeError | TypeError | openai.APIResponseValidationError):
        # A 200 whose body is not a completion: a proxy's HTML page, a cut-off or empty body.
        return Verdict(True, None, fail(UpstreamError, "the endpoint answered with a body that is not a completion"))
    return Verdict(False, None, fail(LLMError, f"unexpected error: {type(error).__name__}: {error}"))


def judge_status(
    status: int, body: Any, detail: str, endpoint: Endpoint, attempts: int, retry_after: float | None = None
) -> Verdict:
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
        return Verdict(False, None, refused)
    if status >= 500 and _FORMAT_REFUSED.search(detail):
        # llama-server until 2025 (ik_llama.cpp still) answered every exception as a 500: asked
        # again, the same format is refused again.
        return Verdict(False, None, fail(FormatUnsupportedError, f"format rejected ({status}): {detail}"))
    if status >= 500:
        return Verdict(True, retry_after, fail(UpstreamError, f"server error {status}: {detail}"))
    if status == 429:
        return Verdict(True, retry_after, fail(RateLimitedError, "rate limited (429)"))
    if status in (400, 413, 422) and _OVER_WINDOW.search(detail):
        # Before the parameters: vLLM's refusal names max_tokens and max_completion_tokens both.
        over = ContextWindowError(
            f"over the context window ({status}): {detail}",
            window=window_stated(body, detail),
            provider=endpoint.base_url,
            model=endpoint.model,
            attempts=attempts,
        )
        return Verdict(False, None, over)
    if status in (400, 422) and (cap := _OUTPUT_CAP.search(detail)) is not None:
        capped = fail(EndpointError, f"rejected the output limit: {detail}")
        return Verdict(False, None, capped, "max_output", _number(next(g for g in cap.groups() if g)))
    if status in (400, 422):
        if "max_completion_tokens" in lower and "max_tokens" in lower:
            return Verdict(False, None, fail(EndpointError, f"rejected max_tokens: {detail}"), "token_param")
        if "temperature" in lower and ("unsupported" in lower or "not support" in lower):
            return Verdict(False, None, fail(EndpointError, f"rejected temperature: {detail}"), "temperature")
        if "enable_thinking" in lower:
            return Verdict(False, None, fail(EndpointError, f"asks for enable_thinking: {detail}"), "thinking_off")
        if any(word in lower for word in _FORMAT_WORDS):
            return Verdict(False, None, fail(FormatUnsupportedError, f"format rejected ({status}): {detail}"))
    what = {
        401: "the API key was refused",
        402: "the account is out of credits (402)",  # OpenRouter's, and other prepaid gateways'
        403: "access denied",
        404: "model or path not found",
    }.get(status, f"request rejected ({status})")
    return Verdict(False, None, fail(EndpointError, f"{what}: {detail}{_azure_hint(status, body, detail)}"))


def rejected_answer(status: int | None, body: Any) -> str | None:
    """The model's answer that the server refused as no valid JSON, or None. Groq checks JSON
    mode and structured outputs after the model wrote, and answers one that fails with a 400
    ``json_validate_failed`` carrying the model's words in ``failed_generation`` (JSON in
    prose, or cut at the output limit): an answer to judge as any other (parsed, re-asked,
    asked again with more room), not a request refused — failed as one, it ended the unit."""
    if status != 400:
        return None
    inner = body.get("error", body) if isinstance(body, dict) else None
    if not isinstance(inner, dict) or inner.get("code") != "json_validate_failed":
        return None
    generated = inner.get("failed_generation")
    return generated if isinstance(generated, str) else ""


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
# ("…不安全或敏感内容"), Moonshot's "considered high risk", OpenAI's "safety system", OpenRouter's
# 403 "…requires moderation and your input was flagged" (its flags in metadata).
_MODERATION_CODES = frozenset({"content_filter", "data_inspection_failed", "1301", "content_policy_violation"})
_MODERATION_WORDS = re.compile(
    r"content management policy|content exists risk|data ?inspection ?failed|inappropriate content"
    r"|considered high risk|safety system|input was flagged|不安全或敏感|敏感内容",
    re.IGNORECASE,
)


def _moderated(body: Any, detail: str) -> bool:
    inner = body.get("error", body) if isinstance(body, dict) else None
    if isinstance(inner, dict) and {str(inner.get("code")).lower(), str(inner.get("type")).lower()} & _MODERATION_CODES:
        return True
    flags = inner.get("metadata") if isinstance(inner, dict) else None
    if isinstance(flags, dict) and ("flagged_input" in flags or "reasons" in flags):
        return True  # OpenRouter's 403 for a model whose provider requires moderation
    return bool(_MODERATION_WORDS.search(detail))


# How servers say a request is over the model's window, and where they say what it is:
# OpenAI, DeepSeek, vLLM and SGLang ("maximum context length is|of N"), vLLM's decoder prompt
# ("maximum model length of N"), llama.cpp ("available context size (N tokens)", and its
# body's n_ctx), Mistral ("N maximum context length"), xAI ("maximum prompt length is N"),
# DashScope ("Range of input length should be [1, N]": the longest prompt).
_OVER_WINDOW = re.compile(
    r"context (?:length|window|size)|maximum model length|context_length_exceeded|exceed_context_size"
    r"|too many tokens|maximum prompt length|range of input length|context tokens",
    re.IGNORECASE,
)
_WINDOW_STATED = re.compile(
    r"maximum context length (?:is|of) (\d[\d,]*)|maximum model length of (\d[\d,]*)"
    r"|available context size \((\d[\d,]*) tokens?\)|(\d[\d,]*) maximum context length"
    r"|maximum prompt length is (\d[\d,]*)|range of input length should be \[1, ?(\d[\d,]*)\]"
    r"|supports at most (\d[\d,]*) context tokens",
    re.IGNORECASE,
)
# How servers say the output limit asked is over the largest they take: OpenAI's "This model
# supports at most N completion tokens" (gpt-4o-2024-05-13: 4,096), DeepSeek's "the valid
# range of max_tokens is [1, N]", DashScope's "Range of max_tokens should be [1, N]", Groq's
# "must be less than or equal to `N`" (naming max_completion_tokens when that was sent).
_OUTPUT_CAP = re.compile(
    r"supports at most (\d[\d,]*) completion tokens|range of max_tokens (?:is|should be) \[1, ?(\d[\d,]*)\]"
    r"|max_(?:completion_)?tokens`? must be less than or equal to `?(\d[\d,]*)",
    re.IGNORECASE,
)


def _number(digits: str) -> int:
    return int(digits.replace(",", ""))


def window_stated(body: Any, detail: str) -> int | None:
    """The context window a server's refusal states, in tokens; None where it says none."""
    inner = body.get("error", body) if isinstance(body, dict) else None
    if isinstance(inner, dict) and isinstance(inner.get("n_ctx"), int) and inner["n_ctx"] > 0:
        return int(inner["n_ctx"])
    found = _WINDOW_STATED.search(detail)
    return _number(next(g for g in found.groups() if g)) if found else None


_FORMAT_WORDS = ("response_format", "json_schema", "json_object", "structured output", "guided_json", "grammar")
# A refusal of the format asked, in words no fault would use: llama-server's 'response_format
# type must be one of "text" or "json_object", but got: json_schema'.
_FORMAT_REFUSED = re.compile(
    r"response_format\b.{0,40}\b(?:must be one of|not supported|unsupported|unavailable|not allowed)"
    r"|(?:unsupported|unknown|invalid) response_format",
    re.IGNORECASE,
)


def _short(error: Any) -> str:
    """The server's own words in an SDK error."""
    response = getattr(error, "response", None)
    raw = getattr(response, "text", "") if response is not None else ""
    fallback = raw if isinstance(raw, str) and raw.strip() else str(getattr(error, "message", error))
    return server_words(getattr(error, "body", None), fallback)


def server_words(body: Any, fallback: str = "") -> str:
    """The server's own words, whatever the shape of its error body (OpenAI's
    ``{"error": {"message"}}`` (with OpenRouter's ``metadata.raw``, the provider's own words),
    vLLM's 422 ``{"detail": [...]}``, ``{"error": "..."}``, Gemini's
    ``[{"error": {"message"}}]``, bare text), shortened and with secrets taken out."""
    from jiyao.redact import redact

    text = ""
    if isinstance(body, list) and len(body) == 1 and isinstance(body[0], dict):
        body = body[0]  # Gemini's OpenAI-compatible API: [{"error": {"code", "message", "status"}}]
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict) and inner.get("message"):
            text = str(inner["message"])
            # A gateway's "Provider returned error" keeps the provider's own words apart
            # (OpenRouter's metadata.raw): the reason is there.
            raw = inner.get("metadata", {}).get("raw") if isinstance(inner.get("metadata"), dict) else None
            if isinstance(raw, str) and raw.strip() and raw not in text:
                text = f"{text}: {raw}"
        elif isinstance(inner, str):
            text = inner
        elif "detail" in body:
            text = json.dumps(body["detail"], ensure_ascii=False)
        elif body.get("message"):
            text = str(body["message"])
    elif isinstance(body, str):
        text = body
    return redact(" ".join((text or fallback).split()))[:300]
