"""Structured output: a pydantic model back from any OpenAI-compatible endpoint.

The ladder: ``response_format`` json_schema (strict) → json_object with the
schema in the prompt → a plain prompt with the JSON cut out of the reply. We
step down only when the endpoint rejects the format itself (a 400 naming
response_format), never on auth, quota or rate errors, and remember the rung
that works per endpoint and model.

A reply that is not valid JSON, does not validate, or is a refusal is re-asked
with the error text (``reask`` prompt), at most ``settings.reasks`` times; then
the unit fails with :class:`~jiyao.errors.OutputError` naming it.
"""

from __future__ import annotations

import copy
import functools
import json
import re
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError

from jiyao.errors import FormatUnsupportedError, OutputError, RefusalError
from jiyao.llm.backend import LADDER, Backend, Completion, OutputMode, Request, Usage
from jiyao.prompts import Message, Prompt

T = TypeVar("T", bound=BaseModel)

_REFUSAL = re.compile(
    r"^\s*(I'm sorry|I am sorry|I cannot|I can't|I won't|Sorry, I|As an AI|抱歉|對不起|对不起|我不能|我无法|我無法)",
    re.IGNORECASE,
)
_FENCE = re.compile(r"```(?:json)?\s*(.*?)```", re.DOTALL)


@functools.cache
def schema_digest(model: type[BaseModel]) -> str:
    """A short hash of the model's strict schema, for cache keys."""
    import hashlib

    return hashlib.sha256(json.dumps(strict_schema(model), sort_keys=True).encode()).hexdigest()[:16]


@functools.cache
def strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema as OpenAI's strict mode wants it: every key required,
    no extra keys, no defaults. Cached per model: callers must not change it."""
    schema = copy.deepcopy(model.model_json_schema())

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            node.pop("default", None)
            node.pop("title", None)
            if node.get("type") == "object" and "properties" in node:
                node["required"] = list(node["properties"])
                node["additionalProperties"] = False
            for value in node.values():
                visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(schema)
    return schema


def extract_json(text: str) -> str:
    """The JSON object in a reply: the whole reply, a fenced block, or the outermost {…}."""
    stripped = text.strip()
    if stripped.startswith("{"):
        return stripped
    fenced = _FENCE.search(text)
    if fenced:
        return fenced.group(1).strip()
    start, end = text.find("{"), text.rfind("}")
    return text[start : end + 1] if 0 <= start < end else stripped


@dataclass(frozen=True)
class Structured(Generic[T]):
    value: T
    usage: Usage
    mode: OutputMode


class Rungs:
    """The working ladder rung per (endpoint, model); optionally persisted in a cache."""

    def __init__(self, store: Any | None = None) -> None:
        self._memory: dict[str, OutputMode] = {}
        self._store = store

    def _key(self, backend: Backend) -> str:
        return f"rung:{backend.endpoint.base_url}:{backend.endpoint.model}"

    def get(self, backend: Backend) -> OutputMode:
        key = self._key(backend)
        if key not in self._memory:
            stored = self._store.get(key) if self._store is not None else None
            self._memory[key] = OutputMode(stored) if stored in {m.value for m in OutputMode} else LADDER[0]
        return self._memory[key]

    def set(self, backend: Backend, mode: OutputMode) -> None:
        self._memory[self._key(backend)] = mode
        if self._store is not None:
            self._store.set(self._key(backend), mode.value)


def _schema_note(model: type[BaseModel]) -> Message:
    return Message(
        "system",
        "Answer with one JSON object only, no prose, matching this JSON schema:\n"
        + json.dumps(strict_schema(model), ensure_ascii=False),
    )


class StructuredClient:
    def __init__(self, backend: Backend, *, reask_prompt: Prompt, reasks: int, rungs: Rungs | None = None) -> None:
        self.backend = backend
        self.reask_prompt = reask_prompt
        self.reasks = reasks
        self.rungs = rungs or Rungs()

    def _request(
        self, messages: list[Message], model: type[BaseModel], mode: OutputMode, max_tokens: int | None
    ) -> Request:
        extra = [] if mode is OutputMode.JSON_SCHEMA else [_schema_note(model)]
        return Request(
            messages=[messages[0], *extra, *messages[1:]],
            mode=mode,
            schema=strict_schema(model) if mode is OutputMode.JSON_SCHEMA else None,
            schema_name=model.__name__,
            max_tokens=max_tokens,
        )

    def _complete_on_ladder(
        self, messages: list[Message], model: type[BaseModel], max_tokens: int | None
    ) -> tuple[Completion, OutputMode]:
        mode = self.rungs.get(self.backend)
        while True:
            try:
                completion = self.backend.complete(self._request(messages, model, mode, max_tokens))
            except FormatUnsupportedError:
                lower = LADDER[LADDER.index(mode) + 1 :]
                if not lower:
                    raise
                mode = lower[0]
                self.rungs.set(self.backend, mode)
                continue
            return completion, mode

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
        for _ in range(self.reasks + 1):
            completion, mode = self._complete_on_ladder(conversation, model, max_tokens)
            usage = usage + completion.usage
            value, error, refused = self._parse(completion, model, validation_context)
            if value is not None:
                return Structured(value, usage, mode)
            last_error = error
            reask = self.reask_prompt.render({"error": error})[1]
            conversation = [*conversation, Message("assistant", completion.text or "(empty)"), reask]
        kind, message = (
            (RefusalError, f"the model refused: {last_error}")
            if refused
            else (OutputError, f"no valid output after {self.reasks} re-asks: {last_error}")
        )
        endpoint = self.backend.endpoint
        raise kind(message, unit=unit, provider=endpoint.base_url, model=endpoint.model, attempts=usage.requests)

    @staticmethod
    def _parse(completion: Completion, model: type[T], context: dict[str, Any] | None) -> tuple[T | None, str, bool]:
        if completion.refusal:
            return None, f"refusal: {completion.refusal[:200]}", True
        text = completion.text or ""
        if completion.finish_reason == "length":
            return None, "the answer was cut off (finish_reason=length); answer more briefly", False
        if not text.strip():
            return None, "the answer was empty", False
        if _REFUSAL.match(text) and "{" not in text:
            return None, f"refusal: {text[:200]}", True
        try:
            return model.model_validate_json(extract_json(text), context=context), "", False
        except ValidationError as e:
            problems = "; ".join(f"{'.'.join(map(str, x['loc'])) or '(root)'}: {x['msg']}" for x in e.errors()[:5])
            return None, f"JSON did not match the structure: {problems}", False
