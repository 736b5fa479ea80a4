"""Structured output: a pydantic model back from any OpenAI-compatible endpoint.

The ladder: ``response_format`` json_schema (strict) → json_object with the
schema in the prompt → a plain prompt with the JSON cut out of the reply. We
step down only when the endpoint rejects the format itself (a 400 naming
response_format), never on auth, quota or rate errors, and remember the rung
that works per endpoint and model.

A reply that is not valid JSON, does not validate, or is a refusal is re-asked
with the error text (``reask`` prompt), at most ``settings.reasks`` times; then
the unit fails with :class:`~jiyao.errors.OutputError` naming it. A prompt or an answer
the provider's moderation blocks is never re-asked: the same text is blocked again
(:class:`~jiyao.errors.ContentFilteredError`).
"""

from __future__ import annotations

import copy
import dataclasses
import functools
import json
import re
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from jiyao.errors import (
    CONTENT_FILTER,
    ContentFilteredError,
    FormatUnsupportedError,
    LLMError,
    OutputError,
    RefusalError,
    ThinkingCutError,
    TruncatedError,
)
from jiyao.llm.backend import LADDER, Backend, Completion, OutputMode, Request, Usage
from jiyao.prompts import Message, Prompt

T = TypeVar("T", bound=BaseModel)

_REFUSAL = re.compile(
    r"^\s*(I'm sorry|I am sorry|I cannot|I can't|I won't|Sorry, I|As an AI|抱歉|對不起|对不起|我不能|我无法|我無法)",
    re.IGNORECASE,
)
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)
TRUNCATED = "the answer was cut off at the output token limit (finish_reason=length)"
THINKING_CUT = "the model was still thinking at the output token limit (finish_reason=length): no answer began"


@functools.cache
def schema_digest(model: type[BaseModel]) -> str:
    """A short hash of the model's strict schema, for cache keys."""
    import hashlib

    return hashlib.sha256(json.dumps(strict_schema(model), sort_keys=True).encode()).hexdigest()[:16]


# Keywords OpenAI's strict mode accepts; pydantic's others (title, default, minLength…)
# are dropped from the schema sent, and still enforced when we validate the answer.
_SCHEMA_KEYWORDS = frozenset(
    {"type", "properties", "required", "additionalProperties", "items", "enum", "const", "anyOf", "$ref", "$defs",
     "description", "pattern", "format", "minimum", "maximum", "minItems", "maxItems"}
)  # fmt: skip


@functools.cache
def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema as OpenAI's strict mode wants it: every property required,
    ``additionalProperties: false``, optionals as ``anyOf [..., null]``, only supported
    keywords. Property *names* are kept whatever they are (a property called ``title`` is
    data, not the ``title`` annotation). Cached per model: callers must not change it."""

    def schema_node(node: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in node.items():
            if key not in _SCHEMA_KEYWORDS:
                continue
            if key == "properties":
                out[key] = {name: schema_node(sub) for name, sub in value.items()}
            elif key == "$defs":
                out[key] = {name: schema_node(sub) for name, sub in value.items()}
            elif key == "items" and isinstance(value, dict):
                out[key] = schema_node(value)
            elif key == "anyOf":
                out[key] = [schema_node(sub) for sub in value]
            else:
                out[key] = copy.deepcopy(value)
        if out.get("type") == "object" or "properties" in out:
            out["required"] = list(out.get("properties", {}))
            out["additionalProperties"] = False
        return out

    return schema_node(model.model_json_schema())


_THINK = re.compile(r"<(think|thinking|reasoning)>.*?</\1>", re.DOTALL | re.IGNORECASE)
_OPEN_THINK = re.compile(r"^\s*<(think|thinking|reasoning)>", re.IGNORECASE)


def _more_room(limit: int | None) -> int:
    """A reasoning allowance worth trying after ``limit`` tokens were not enough: the next
    power of two at least twice as large."""
    room = 1024
    while room < 2 * (limit or 0):
        room *= 2
    return room


def _thought_first(completion: Completion) -> bool:
    """Whether the model thought before (or instead of) answering: a server's reasoning
    field or hidden count, or a reply that opens with a reasoning block."""
    return bool(completion.thinking or _OPEN_THINK.match(completion.text or ""))


def strip_reasoning(text: str) -> str:
    """The answer without the model's reasoning blocks; an unclosed block at the start means
    the reasoning never ended (cut off): no answer at all."""
    answer = _THINK.sub("", text)
    return "" if _OPEN_THINK.match(answer) else answer


def json_candidates(text: str) -> list[Any]:
    """Every JSON object in a reply, most likely first: the whole answer, fenced blocks, then
    each ``{…}`` that parses where it starts. Text outside them is never used."""
    answer = strip_reasoning(text).strip()
    decoder = json.JSONDecoder()
    found: list[Any] = []
    sources = [answer] + [m.group(1).strip() for m in _FENCE.finditer(answer)]
    for source in sources:
        for start in (i for i, ch in enumerate(source) if ch == "{"):
            try:
                value, _ = decoder.raw_decode(source, start)
            except ValueError:
                continue
            if isinstance(value, dict):
                found.append(value)
    if not found and "{" in answer:
        found += _repaired(answer[answer.index("{") :])
    return found


def _unclosed(text: str) -> bool:
    """Whether the JSON the answer opens is never closed: cut at the output limit (for an
    answer that came with no finish_reason to say so)."""
    start = text.find("{")
    if start < 0:
        return False
    depth, in_string, escaped = 0, False, False
    for ch in text[start:]:
        if in_string:
            escaped, in_string = (False, True) if escaped else (ch == "\\", ch != '"')
        elif ch == '"':
            in_string = True
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return False
    return True


def _repaired(text: str) -> list[Any]:
    """A nearly-JSON answer (trailing comma, single quotes, a missing brace) mended by
    json-repair: cheaper than paying for a re-ask."""
    from json_repair import repair_json

    value = repair_json(text, return_objects=True)
    return [value] if isinstance(value, dict) and value else []


def extract_json(text: str) -> str:
    """The first JSON object of a reply, as text (for callers that want the raw string)."""
    candidates = json_candidates(text)
    return json.dumps(candidates[0], ensure_ascii=False) if candidates else strip_reasoning(text).strip()


@dataclass(frozen=True)
class Structured(Generic[T]):
    value: T
    usage: Usage
    mode: OutputMode
    thought: bool = False  # the model thought before it answered (a <think> block, or a server's field)


class Rungs:
    """The working ladder rung per (endpoint, model); optionally persisted in a cache."""

    def __init__(self, store: Any | None = None) -> None:
        self._memory: dict[str, OutputMode] = {}
        self._taught: set[str] = set()  # the keys whose rung an answer or a refusal showed (or stored)
        self._store = store

    def _key(self, backend: Backend) -> str:
        return f"rung:{backend.endpoint.base_url}:{backend.endpoint.model}"  # a fact about this server

    def known(self, backend: Backend) -> bool:
        """Whether an answer (or a refusal) has shown this server's rung; until then the top is
        tried first."""
        self.get(backend)
        return self._key(backend) in self._taught

    def get(self, backend: Backend) -> OutputMode:
        key = self._key(backend)
        if key not in self._memory:
            stored = self._store.get(key) if self._store is not None else None
            if isinstance(stored, str) and stored in {m.value for m in OutputMode}:
                self._taught.add(key)
                self._memory[key] = OutputMode(stored)
            else:
                self._memory[key] = LADDER[0]
        return self._memory[key]

    def set(self, backend: Backend, mode: OutputMode) -> None:
        self._taught.add(self._key(backend))
        self._memory[self._key(backend)] = mode
        if self._store is not None:
            self._store.set(self._key(backend), mode.value)


def _schema_note(model: type[BaseModel]) -> Message:
    return Message(
        "system",
        "Answer with one JSON object only, no prose, matching this JSON schema:\n"
        + json.dumps(strict_schema(model), ensure_ascii=False),
    )


def _as_sent(messages: list[Message], model: type[BaseModel], mode: OutputMode) -> list[Message]:
    """Below json_schema, the schema is written into the messages, after the system prompt."""
    extra = [] if mode is OutputMode.JSON_SCHEMA else [_schema_note(model)]
    return [messages[0], *extra, *messages[1:]]


class StructuredClient:
    def __init__(
        self,
        backend: Backend,
        *,
        reask_prompt: Prompt,
        reasks: int,
        rungs: Rungs | None = None,
        max_tokens_cap: int | None = None,
    ) -> None:
        self.backend = backend
        self.max_tokens_cap = max_tokens_cap
        self.reask_prompt = reask_prompt
        self.reasks = reasks
        self.rungs = rungs or Rungs()

    def _request(
        self,
        messages: list[Message],
        model: type[BaseModel],
        mode: OutputMode,
        max_tokens: int | None,
        first: int | None,
    ) -> Request:
        return Request(
            messages=_as_sent(messages, model, mode),
            mode=mode,
            schema=strict_schema(model) if mode is OutputMode.JSON_SCHEMA else None,
            schema_name=model.__name__,
            max_tokens=max_tokens,
            first_max_tokens=first,
        )

    def sent(self, messages: list[Message], model: type[BaseModel], *, at_most: bool = False) -> list[Message]:
        """The messages as they would be sent now: on a rung below json_schema, with the schema
        written into them. ``at_most``: while no answer has shown the server's rung, as the
        rungs below send them (the longest they can be)."""
        known = not at_most or self.rungs.known(self.backend)
        return _as_sent(messages, model, self.rungs.get(self.backend) if known else LADDER[1])

    def _complete_on_ladder(
        self, messages: list[Message], model: type[BaseModel], max_tokens: int | None, first: int | None = None
    ) -> tuple[Completion, OutputMode]:
        mode = self.rungs.get(self.backend)
        refused = Usage()  # requests the server turned away still count in the ledger
        while True:
            try:
                completion = self.backend.complete(self._request(messages, model, mode, max_tokens, first))
            except FormatUnsupportedError as e:
                refused = refused + (e.spent or Usage())
                lower = LADDER[LADDER.index(mode) + 1 :]
                if not lower:
                    e.spent = refused
                    raise
                # A server that refuses response_format itself takes none: plain. One that refuses
                # a type of it (names one, or says "type": DeepSeek's "This response_format type
                # is unavailable now") may take the next: one rung down.
                named = any(kind.value in e.reason for kind in (OutputMode.JSON_SCHEMA, OutputMode.JSON_OBJECT))
                mode = lower[0] if named or re.search(r"\btype\b", e.reason) else LADDER[-1]
                self.rungs.set(self.backend, mode)
                continue
            except LLMError as e:
                e.spent = refused + (e.spent or Usage())
                raise
            if not self.rungs.known(self.backend):
                self.rungs.set(self.backend, mode)  # answered: what a plan counts is known now
            return dataclasses.replace(completion, usage=refused + completion.usage), mode

    def ask(
        self,
        messages: list[Message],
        model: type[T],
        *,
        unit: str,
        max_tokens: int | None = None,
        validation_context: dict[str, Any] | None = None,
    ) -> Structured[T]:
        """Ask until the reply validates (``validation_context`` goes to the model's validators)."""
        conversation = list(messages)
        usage = Usage()
        last_error = ""
        refused = False
        limit = tried = max_tokens
        truncations = thinking_cuts = attempts = 0
        thought = False
        for _ in range(self.reasks + 1):
            attempts += 1
            tried = limit  # the limit of the last request sent, for the errors below
            try:
                completion, mode = self._complete_on_ladder(conversation, model, limit, max_tokens)
            except ContentFilteredError as e:
                raise _filtered(e.reason, e.stage, unit, self.backend, usage + (e.spent or Usage())) from e
            except LLMError as e:
                e.spent = usage + (e.spent or Usage())
                raise
            usage = usage + completion.usage
            thought = thought or _thought_first(completion)
            if completion.finish_reason == "content_filter":
                reason = f"{CONTENT_FILTER} withheld the answer (finish_reason=content_filter)"
                raise _filtered(reason, "answer", unit, self.backend, usage)
            value, error, refused = self._parse(completion, model, validation_context)
            if value is not None:
                return Structured(value, usage, mode, thought)
            last_error = error
            if error in (TRUNCATED, THINKING_CUT):
                truncations += 1
                thinking_cuts += error == THINKING_CUT
                # Cut off at the limit: the same question with room to answer, never "shorter".
                # At the cap, ask again while re-asks last: a sampled answer may run shorter.
                cap = self.max_tokens_cap or 16_384
                if thinking_cuts and limit is not None and limit >= cap:
                    break  # thinking as long at the cap again helps no one: say what to set
                limit = min(limit * 2, cap) if limit is not None else cap
                continue
            reask = self.reask_prompt.render({"error": error})[1]
            conversation = [*conversation, Message("assistant", completion.text or "(empty)"), reask]
        endpoint = self.backend.endpoint
        if thinking_cuts == attempts:
            # Asking about less text would not help (the thinking does not shrink with it): a
            # setting does.
            where = f"after {tried} output tokens" if tried else "at the server's own output limit"
            why = (
                f"the model was still thinking {where} and never began its answer: set "
                f"JIYAO_REASONING_TOKENS to the room it needs to think (e.g. {_more_room(tried)}), or turn its "
                "thinking off on the server"
            )
            cut = ThinkingCutError(
                f"{unit}: {why}", provider=endpoint.base_url, model=endpoint.model, attempts=usage.requests
            )
            cut.reason = why  # the unit named apart, as an OutputError's
            cut.spent = usage
            raise cut
        kind: type[OutputError]
        if refused:
            kind, message = RefusalError, f"the model refused: {last_error}"
        elif truncations == attempts:  # only then is the answer too long, rather than bad
            kind, message = TruncatedError, f"the answer did not fit in {tried} output tokens"
        else:
            kind, message = OutputError, f"no valid output after {self.reasks} re-asks: {last_error}"
        failure = kind(message, unit=unit, provider=endpoint.base_url, model=endpoint.model, attempts=usage.requests)
        failure.spent = usage
        raise failure

    @staticmethod
    def _parse(completion: Completion, model: type[T], context: dict[str, Any] | None) -> tuple[T | None, str, bool]:
        if completion.refusal:
            return None, f"refusal: {completion.refusal[:200]}", True
        text = completion.text or ""
        unclosed = completion.rejected and _unclosed(strip_reasoning(text))
        if completion.finish_reason == "length" or (unclosed and completion.long):
            # Never mend a cut-off answer: a list cut short still parses, and is wrong.
            cut_thinking = _thought_first(completion) and not strip_reasoning(text).strip()
            return None, THINKING_CUT if cut_thinking else TRUNCATED, False
        if unclosed:  # short for a cut, but it may be one (the server's tokenizer is not ours)
            return None, "the JSON object was never closed", False
        answer = strip_reasoning(text)
        if _REFUSAL.match(answer) and "{" not in answer:
            return None, f"refusal: {answer.strip()[:200]}", True
        candidates = json_candidates(text)
        problems = ""
        for candidate in candidates:
            try:
                return model.model_validate(candidate, context=context), "", False
            except ValidationError as e:
                # The first (outermost) candidate's problems are the ones worth re-asking about.
                problems = problems or "JSON did not match the structure: " + "; ".join(
                    f"{'.'.join(map(str, x['loc'])) or '(root)'}: {x['msg']}" for x in e.errors()[:5]
                )
        problems = problems or "no JSON object in the answer"
        if not answer.strip():
            return None, "the answer was empty", False
        return None, problems, False


def _filtered(reason: str, stage: str, unit: str, backend: Backend, usage: Usage) -> ContentFilteredError:
    endpoint = backend.endpoint
    error = ContentFilteredError(
        reason, stage=stage, unit=unit, provider=endpoint.base_url, model=endpoint.model, attempts=usage.requests
    )
    error.spent = usage
    return error
