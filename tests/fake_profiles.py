"""How each real OpenAI-compatible server differs, for the fake endpoint.

Written from the servers' documented behaviour and their observed error bodies, not from
jiyao's code: each profile decides what the server accepts, how it answers an error, and
how its model speaks. ``plain`` is a lenient server; every other one is strict somewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Profile:
    name: str
    model: str = "fake-model"
    json_schema: bool = True  # accepts response_format json_schema
    json_object: bool = True
    strict_schema_rules: bool = False  # OpenAI: validates the schema, 400 invalid_json_schema
    guided: bool = False  # answers conform to the schema exactly (vLLM, llama.cpp grammars)
    reasoning_params: bool = False  # OpenAI o-series: max_completion_tokens, default temperature only
    context_window: int | None = None  # prompt + max tokens must fit (vLLM max_model_len)
    # How the server says a request is over its window (over_window): "vllm", "openai" (OpenAI,
    # DeepSeek), "llamacpp" (counts the prompt only, and stops answering at the window),
    # "dashscope" (the longest prompt and the largest max_tokens, each a range).
    window_style: str = "vllm"
    # The largest output limit the model takes (gpt-4o-2024-05-13: 4,096; DeepSeek's chat:
    # 8,192): over it, a 400 in the server's words (over_output_limit).
    max_output: int | None = None
    # Ollama does not refuse a prompt over its window (num_ctx): it keeps the first few tokens
    # and the last, drops the middle, and answers — from what is left.
    truncates_silently: bool = False
    # How much it keeps: "fill", the whole window (its runners until 2025: "truncating input
    # prompt limit=2048 … new=2048"); "half", N - (N - keep) // 2 tokens, keep = 4 (its
    # llama-server runner, 2026: contextShiftPromptLimit; 4,096 → 2,050, 32,768 → 16,386).
    truncation: str = "fill"
    fingerprint: str | None = None  # its answers' system_fingerprint (Ollama's: "fp_ollama", since 2024)
    usage: bool = True
    models_endpoint: bool = True
    error_style: str = "openai"  # openai | vllm | string | llamacpp
    think: bool = False  # <think>…</think> with a draft JSON before the answer
    # How long the model thinks before it answers (tokens, counted against max_tokens as the
    # servers count them); 0: a short draft.
    thinking_tokens: int = 0
    # Where a server's reasoning parser puts the thinking (vLLM --reasoning-parser: reasoning_content,
    # ``reasoning`` since 0.11; DeepSeek's API: reasoning_content); None: inline in <think>;
    # "hidden": not returned, only counted (OpenAI's reasoning models: usage's
    # completion_tokens_details.reasoning_tokens). Cut off thinking, ``content`` is null ("" at OpenAI).
    reasoning_field: str | None = None
    chatty: bool = False  # prose and ```json fences around the answer
    proxy_faults: bool = False  # HTML 200 pages, truncated bodies, errors echoing the key
    # How the server's moderation refuses a prompt that holds a blocked word (MODERATION), or
    # withholds an answer (Azure: finish_reason content_filter). None: no moderation.
    moderation: str | None = None
    format_refusal: str | None = None  # its own words for a response_format it does not take
    # The status it says so with: llama-server until 2025 threw, and its handler answered every
    # throw as a 500 server_error (ik_llama.cpp still did in September 2025, its issue #778).
    format_refusal_status: int = 400
    json_word: bool = False  # json_object only when the messages say "json" (OpenAI, DashScope)
    api_path: str = "/v1"  # where its OpenAI-compatible API is (Azure: /openai/v1)
    thinking_by_default: bool = False  # Qwen3 on DashScope: a call that does not stream must
    # say enable_thinking false
    # Groq: JSON mode is checked after the model wrote, not constrained while it writes; an
    # answer that is no JSON (dressed in prose, or cut at max_tokens) is a 400
    # json_validate_failed that carries it in ``failed_generation``.
    checks_json: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


PROFILES: dict[str, Profile] = {
    "plain": Profile("plain"),
    "openai": Profile("openai", model="gpt-4o-mini", strict_schema_rules=True, guided=True, json_word=True),
    # o3-mini thinks unseen: its reasoning tokens count against max_completion_tokens.
    "openai-reasoning": Profile(
        "openai-reasoning",
        model="o3-mini",
        strict_schema_rules=True,
        guided=True,
        reasoning_params=True,
        think=True,
        thinking_tokens=2000,
        reasoning_field="hidden",
    ),
    "vllm": Profile("vllm", model="Qwen/Qwen2.5-7B-Instruct", guided=True, context_window=8192, error_style="vllm"),
    # vLLM before json_schema support: its request model rejects the type with a 422 `detail`.
    "vllm-old": Profile(
        "vllm-old", model="Qwen/Qwen2.5-7B-Instruct", json_schema=False, context_window=8192, error_style="vllm"
    ),
    # Ollama run with OLLAMA_CONTEXT_LENGTH raised to 32k (as the README says to): over it, a
    # prompt is cut silently. ollama_default_window() is the same server left at its default.
    "ollama": Profile(
        "ollama",
        model="qwen2.5:7b",
        json_schema=False,
        usage=False,
        models_endpoint=False,
        error_style="string",
        context_window=32_768,
        truncates_silently=True,
        fingerprint="fp_ollama",
    ),
    # Ollama as of 2026, OLLAMA_CONTEXT_LENGTH raised to 32k: json_schema, usage and
    # /v1/models; over its window a prompt is cut to about half of it (ollama_current()).
    "ollama-current": Profile(
        "ollama-current",
        model="qwen2.5:7b",
        guided=True,
        context_window=32_768,
        truncates_silently=True,
        truncation="half",
        window_style="ollama",
        fingerprint="fp_ollama",
    ),
    "llamacpp": Profile("llamacpp", model="local", json_schema=False, usage=False, models_endpoint=False),
    "reasoning": Profile("reasoning", model="deepseek-r1", json_schema=False, think=True),
    # vLLM serving an R1 distill with --reasoning-parser deepseek_r1: the thinking (long, as an
    # R1 model's is) in its own field, the answer alone in content, guided after </think>.
    "vllm-reasoning": Profile(
        "vllm-reasoning",
        model="deepseek-ai/DeepSeek-R1-Distill-Qwen-7B",
        guided=True,
        context_window=32_768,
        error_style="vllm",
        think=True,
        thinking_tokens=1500,
        reasoning_field="reasoning_content",
    ),
    # A server that takes no response_format at all; its model wraps JSON in prose and fences.
    "chatty": Profile(
        "chatty",
        model="chatty-7b",
        json_schema=False,
        json_object=False,
        chatty=True,
        extra={"no_response_format": True},
    ),  # fmt: skip
    "proxy": Profile("proxy", proxy_faults=True),
    # Azure OpenAI (the v1 API through the openai SDK): OpenAI's strict schemas, a model named
    # by its deployment, and a content filter on prompts (400) and answers (finish_reason).
    "azure": Profile(
        "azure",
        model="gpt-4o-mini-prod",
        strict_schema_rules=True,
        guided=True,
        moderation="azure",
        json_word=True,
        api_path="/openai/v1",
    ),
    # api.deepseek.com: json_object only, in its own words; moderation "Content Exists Risk".
    "deepseek": Profile(
        "deepseek",
        model="deepseek-chat",
        json_schema=False,
        context_window=65_536,
        window_style="openai",
        max_output=8192,
        moderation="deepseek",
        format_refusal="This response_format type is unavailable now",
    ),
    # GroqCloud (api.groq.com/openai/v1) with a model that has JSON mode only: json_object with
    # "json" in the messages, checked after the fact — and a model that dresses its answer.
    "groq": Profile(
        "groq",
        model="llama-3.3-70b-versatile",
        json_schema=False,
        format_refusal="This model does not support response format `json_schema`",
        json_word=True,
        chatty=True,
        checks_json=True,
        api_path="/openai/v1",
    ),
    # Qwen3 on DashScope's compatible mode: enable_thinking false or a 400 for every call that
    # does not stream; json_object only with "json" in the messages; data_inspection_failed.
    "dashscope": Profile(
        "dashscope",
        model="qwen3-32b",
        context_window=32_768,
        window_style="dashscope",
        moderation="dashscope",
        json_word=True,
        thinking_by_default=True,
    ),
}


def openai_dated(model: str = "gpt-4o-2024-05-13", max_output: int = 4096) -> Profile:
    """A dated OpenAI model whose largest answer is smaller than its family's (gpt-4o's first
    release: 4,096 completion tokens, where later ones take 16,384)."""
    return Profile(**{**PROFILES["openai"].__dict__, "model": model, "max_output": max_output})


def llamacpp_window(window: int = 4096) -> Profile:
    """llama-server started with ``--ctx-size`` (``-c``) 4096, as its examples run it."""
    return Profile(**{**PROFILES["llamacpp"].__dict__, "context_window": window, "window_style": "llamacpp"})


def llamacpp_2024() -> Profile:
    """llama-server of 2024 (and ik_llama.cpp, its fork, in September 2025): json_schema is not
    a type it takes, and it says so with a 500 — its handler answered every exception as a
    server error: ``response_format type must be one of "text" or "json_object", but got:
    json_schema``."""
    refusal = 'response_format type must be one of "text" or "json_object", but got: json_schema'
    return Profile(
        **{
            **PROFILES["llamacpp"].__dict__,
            "error_style": "llamacpp",
            "format_refusal": refusal,
            "format_refusal_status": 500,
        }
    )


def ollama_current(window: int = 4096, *, context_shift: bool = True) -> Profile:
    """Ollama as of 2026 (llama-server under it, read in its source): json_schema (the schema
    becomes its grammar), usage (the prompt's tokens as read, after a cut), /v1/models and
    OpenAI-shaped errors. A prompt over its window is cut to about half of it, without a word —
    or, where the model's context shift is off, refused with a 400 that names no number."""
    return Profile(
        **{**PROFILES["ollama-current"].__dict__, "context_window": window, "truncates_silently": context_shift}
    )


def ollama_default_window() -> Profile:
    """Ollama as installed: a 4,096-token window on a machine with less than 24 GiB of VRAM."""
    return Profile(**{**PROFILES["ollama"].__dict__, "context_window": 4096})


# How each provider's moderation says no to a prompt, as their servers answer (status, body).
MODERATION: dict[str, tuple[int, dict[str, Any]]] = {
    "azure": (400, {"error": {
        "message": "The response was filtered due to the prompt triggering Azure OpenAI's content management "
                   "policy. Please modify your prompt and retry. To learn more about our content filtering "
                   "policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
        "type": None, "param": "prompt", "code": "content_filter", "status": 400,
        "innererror": {"code": "ResponsibleAIPolicyViolation", "content_filter_result": {
            "hate": {"filtered": False, "severity": "safe"}, "self_harm": {"filtered": False, "severity": "safe"},
            "sexual": {"filtered": False, "severity": "safe"}, "violence": {"filtered": True, "severity": "medium"},
        }},
    }}),
    "deepseek": (400, {"error": {"message": "Content Exists Risk", "type": "invalid_request_error", "param": None,
                                 "code": "invalid_request_error"}}),
    "deepseek-2024": (400, {"detail": "Content Exists Risk"}),
    "dashscope": (400, {"error": {"code": "data_inspection_failed", "param": None,
                                  "message": "Input data may contain inappropriate content.",
                                  "type": "data_inspection_failed"},
                        "id": "chatcmpl-0f1e", "request_id": "0f1e"}),
    "zhipu": (400, {"error": {"code": "1301", "message": "系统检测到输入或生成内容可能包含不安全或敏感内容，"
                                                       "请您避免输入易产生敏感内容的提示语，感谢您的配合。"}}),
    # OpenRouter, for a model whose provider requires moderation: a 403 (its documented code
    # and words), the flags in metadata (reasons, flagged_input, provider_name, model_slug).
    "openrouter": (403, {"error": {"code": 403,
                                   "message": "Your chosen model requires moderation and your input was flagged",
                                   "metadata": {"reasons": ["violence"], "flagged_input": "…會議…",
                                                "provider_name": "OpenAI", "model_slug": "openai/gpt-4o-mini"}}}),
}  # fmt: skip

# OpenAI's strict mode: keywords it accepts in a schema (others: "… is not permitted").
OPENAI_KEYWORDS = {
    "type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf",
    "$ref", "$defs", "description", "pattern", "format", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "multipleOf", "minItems", "maxItems",
}  # fmt: skip


def strict_schema_problems(schema: dict[str, Any]) -> list[str]:
    """OpenAI's structured-output rules, as its 400 messages state them."""
    problems: list[str] = []
    if schema.get("type") != "object" or "anyOf" in schema:
        problems.append("In context=(), schema must be a JSON Schema of 'type: \"object\"', got 'type: \"None\"'.")

    def visit(node: Any, context: tuple[str, ...]) -> None:
        if not isinstance(node, dict):
            return
        for key in node:
            if key not in OPENAI_KEYWORDS:
                problems.append(f"In context={context}, '{key}' is not permitted.")
        if node.get("type") == "object" or "properties" in node:
            props = node.get("properties", {})
            required = node.get("required")
            if node.get("additionalProperties") is not False:
                problems.append(
                    f"In context={context}, 'additionalProperties' is required to be supplied and to be false."
                )
            if not isinstance(required, list):
                problems.append(f"In context={context}, 'required' is required to be supplied and to be an array "
                                "including every key in properties.")  # fmt: skip
            else:
                missing = [k for k in props if k not in required]
                extra = [k for k in required if k not in props]
                if missing:
                    problems.append(f"In context={context}, 'required' is required to be supplied and to be an "
                                    f"array including every key in properties. Missing '{missing[0]}'.")  # fmt: skip
                if extra:
                    problems.append(f"In context={context}, 'required' is required to be supplied and to be an "
                                    f"array including every key in properties. Extra required key '{extra[0]}' "
                                    "supplied.")  # fmt: skip
            for name, sub in props.items():
                visit(sub, (*context, "properties", name))
        if "items" in node:
            visit(node["items"], (*context, "items"))
        for i, sub in enumerate(node.get("anyOf", [])):
            visit(sub, (*context, "anyOf", str(i)))
        for name, sub in node.get("$defs", {}).items():
            visit(sub, (*context, "$defs", name))

    visit(schema, ())
    return problems


def conform(value: Any, schema: dict[str, Any], defs: dict[str, Any]) -> Any:
    """What guided decoding can produce: ``value`` forced into ``schema``'s shape. Keys the
    schema does not list cannot be produced; listed keys always are (a default if unknown)."""
    if "$ref" in schema:
        return conform(value, defs[schema["$ref"].rsplit("/", 1)[-1]], defs)
    if "anyOf" in schema:
        branches = schema["anyOf"]
        if value is None and any(b.get("type") == "null" for b in branches):
            return None
        for branch in branches:
            if branch.get("type") != "null":
                return conform(value, branch, defs)
        return None
    if "enum" in schema:
        return value if value in schema["enum"] else schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type")
    if kind == "object":
        source = value if isinstance(value, dict) else {}
        return {key: conform(source.get(key), sub, defs) for key, sub in schema.get("properties", {}).items()}
    if kind == "array":
        items = value if isinstance(value, list) else []
        return [conform(item, schema.get("items", {}), defs) for item in items]
    if kind == "string":
        return value if isinstance(value, str) else ("" if value is None else str(value))
    if kind == "boolean":
        return bool(value)
    if kind in ("integer", "number"):
        return value if isinstance(value, int | float) and not isinstance(value, bool) else 0
    if kind == "null":
        return None
    return value


DASHSCOPE_MAX_OUTPUT = 8192  # qwen3-32b, thinking off


def over_output_limit(profile: Profile, param: str, wanted: int) -> tuple[int, Any] | None:
    """The server's refusal of an output limit over the model's largest, in its words."""
    if profile.max_output is None or wanted <= profile.max_output:
        return None
    if profile.name == "deepseek":
        words = f"Invalid max_tokens value, the valid range of max_tokens is [1, {profile.max_output}]"
        return 400, {"error": {"message": words, "type": "invalid_request_error", "param": None,
                               "code": "invalid_request_error"}}  # fmt: skip
    return 400, {"error": {"message": f"{param} is too large: {wanted}. This model supports at most "
                           f"{profile.max_output} completion tokens, whereas you provided {wanted}.",
                           "type": "invalid_request_error", "param": param, "code": "invalid_value"}}  # fmt: skip


def over_window(style: str, window: int, prompt: int, wanted: int) -> tuple[int, Any] | None:
    """The server's refusal of a request over its context window (``wanted``: the max_tokens
    asked, 0 for none), in its own words; None when the request fits."""
    if style == "llamacpp":  # the prompt alone: the answer stops where the window ends
        if prompt < window:
            return None
        return 400, {"error": {"code": 400, "message": f"request ({prompt} tokens) exceeds the available context "
                               f"size ({window} tokens), try increasing it", "type": "exceed_context_size_error",
                               "n_prompt_tokens": prompt, "n_ctx": window}}  # fmt: skip
    if style == "ollama":  # the prompt alone, up to the window less one (fullPromptLimit)
        if prompt < window:
            return None
        return 400, error_body("openai", 400, "the prompt is longer than the context length currently available to "
                               "the model; shorten the prompt, adjust the context length in settings, or use a model "
                               "with a longer context length")  # fmt: skip
    if style == "dashscope":
        longest = window - DASHSCOPE_MAX_OUTPUT
        if prompt > longest:
            words = f"Range of input length should be [1, {longest}]"
        elif wanted > DASHSCOPE_MAX_OUTPUT:
            words = f"Range of max_tokens should be [1, {DASHSCOPE_MAX_OUTPUT}]"
        else:
            return None
        return 400, {"error": {"code": "invalid_parameter_error", "param": None, "message": words,
                               "type": "invalid_request_error"}, "request_id": "5c1e"}  # fmt: skip
    if prompt + wanted <= window and prompt < window:
        return None
    if style == "openai":
        return 400, {"error": {"message": f"This model's maximum context length is {window} tokens. However, you "
                               f"requested {prompt + wanted} tokens ({prompt} in the messages, {wanted} in the "
                               "completion). Please reduce the length of the messages or completion.",
                               "type": "invalid_request_error", "param": "messages",
                               "code": "context_length_exceeded"}}  # fmt: skip
    if prompt >= window or not wanted:
        words = (f"This model's maximum context length is {window} tokens. However, your request has {prompt} "
                 "input tokens. Please reduce the length of the input messages. None")  # fmt: skip
    else:
        words = (f"'max_tokens' or 'max_completion_tokens' is too large: {wanted}. This model's maximum context "
                 f"length is {window} tokens and your request has {prompt} input tokens ({wanted} > {window} - "
                 f"{prompt}). None")  # fmt: skip
    return 400, error_body("vllm", 400, words)


def error_body(style: str, status: int, message: str, param: str | None = None) -> Any:
    if style == "vllm":
        if status == 422:  # FastAPI's request validation, before vLLM sees the request
            loc = ["body", *(param or "body").split(".")]
            return {"detail": [{"type": "literal_error", "loc": loc, "msg": message, "input": None}]}
        return {"error": {"message": message, "type": "BadRequestError", "param": param, "code": status}}
    if style == "string":
        return {"error": message}
    if style == "llamacpp":  # format_error_response: the status is the code, the kind is the type
        kind = {400: "invalid_request_error", 404: "not_found_error", 501: "not_supported_error"}
        return {"error": {"code": status, "message": message, "type": kind.get(status, "server_error")}}
    return {"error": {"message": message, "type": "invalid_request_error", "param": param, "code": None}}
