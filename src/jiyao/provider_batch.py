"""A batch through the provider's bulk API (OpenAI's Batch API, Azure's batch deployments)
or an offline runner that reads and writes the same JSONL (``vllm run-batch``).

There is no second pipeline. A *pass* runs every report through :class:`jiyao.batch.Batch`
— the very code of the online batch — with a backend that answers from the results
downloaded so far and records every request it cannot answer (:class:`ReplayBackend`).
The recorded requests are the next stage (map → reduce/summary → translation chunks, and
any re-ask): they go to the provider as one batch file, the answers come back, and the next
pass finds them. Answers are validated and cached exactly as online answers are, so a
request already in the cache is never sent, and the outputs are the online outputs.

State (``OUT/provider-batch.json``) records every batch submitted and which requests it
carries; a re-run after a crash or Ctrl-C polls those batches instead of submitting again.
Requests that fail or expire inside a batch are simply asked again in the next one, up to
``max_rounds`` passes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jiyao.errors import DeferredError, InputError, LLMError
from jiyao.files import atomic_write
from jiyao.llm.backend import (
    Completion,
    Dialect,
    Request,
    Usage,
    _body,
    adapted,
    dialect_for,
    refused_answer,
    thinking_of,
)
from jiyao.llm.verdicts import FAILED_PART_WAY, FINISH_ALIASES, judge_status, rejected_answer, server_words
from jiyao.settings import Settings

log = logging.getLogger("jiyao.provider_batch")
STATE_NAME = "provider-batch.json"
RESULTS_DIR = ".provider-results"
MAX_REQUESTS_PER_FILE = 50_000  # OpenAI's limit per batch file
MAX_BYTES_PER_FILE = 190 * 1024 * 1024  # under the 200 MB limit
BATCH_PRICE_FACTOR = 0.5  # batch APIs bill half the online price
FINAL = ("completed", "failed", "expired", "cancelled")


def request_key(body: dict[str, Any]) -> str:
    """The custom_id of a request: a hash of its body (model, messages, parameters)."""
    return "jy-" + hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()[:32]


class ReplayBackend:
    """A :class:`~jiyao.llm.backend.Backend` that answers from batch results and records,
    instead of sending, every request it has no answer for."""

    def __init__(self, settings: Settings, answers: dict[str, dict[str, Any]]) -> None:
        self.settings = settings
        self.endpoint = settings.endpoint()
        self.dialect: Dialect = dialect_for(self.endpoint.model, settings.token_param)
        self.answers = answers
        self.window = settings.context_window  # a batch's requests are planned once, before they are sent
        self.pending: dict[str, dict[str, Any]] = {}
        self._guard = threading.Lock()

    def complete(self, request: Request) -> Completion:
        sent = self.dialect
        body = _body(request, self.endpoint.model, sent)
        key = request_key(body)
        answer = self.answers.get(key)
        if answer is None:
            with self._guard:
                self.pending[key] = body
            raise DeferredError(f"request {key} waits for the provider batch")
        response = answer.get("response") or {}
        status = int(response.get("status_code") or 0)
        fragment = status == 200 and _finish_reason(response.get("body")) in FAILED_PART_WAY
        if fragment or status in (0, 408, 429) or status >= 500:  # failed or expired in the batch: ask again
            with self._guard:
                self.answers.pop(key, None)
                self.pending[key] = body
            why = "its generation failed part way" if fragment else status or "no answer"
            raise DeferredError(f"request {key} failed in the batch ({why}); asked again")
        if status != 200:
            # Judged as the same answer online would be: a moderation refusal, a rejected format…
            said = response.get("body") or answer.get("error")
            if (text := rejected_answer(status, said)) is not None:  # the model's words, refused as no JSON
                return refused_answer(text, request, Usage(requests=1), 1, self.endpoint.model)
            words = server_words(said, json.dumps(said, ensure_ascii=False))
            verdict = judge_status(status, said, words, self.endpoint, 1)
            if adapted(sent, verdict) is None:
                raise verdict.error
            # A parameter the server refused (max_tokens, temperature, enable_thinking): asked
            # in the form it wants — answered already, or sent in the next batch.
            with self._guard:
                self.dialect = adapted(self.dialect, verdict) or self.dialect
            return self.complete(request)
        return completion_from(response["body"])

    async def acomplete(self, request: Request) -> Completion:
        return self.complete(request)

    def warm(self) -> None:
        """Nothing to build: no client, no connection."""

    def list_models(self) -> dict[str, int | None]:
        return {self.endpoint.model: None}

    def close(self) -> None:
        """Nothing to close."""


def _finish_reason(body: Any) -> Any:
    choices = (body.get("choices") if isinstance(body, dict) else None) or [{}]
    return choices[0].get("finish_reason") if isinstance(choices[0], dict) else None


def completion_from(body: dict[str, Any]) -> Completion:
    choices = body.get("choices") or [{}]
    message = choices[0].get("message") or {}
    used = body.get("usage") or {}
    reason = choices[0].get("finish_reason")
    return Completion(
        text=message.get("content") or "",
        refusal=message.get("refusal"),
        finish_reason=FINISH_ALIASES.get(reason, reason) if reason else None,
        usage=Usage(int(used.get("prompt_tokens") or 0), int(used.get("completion_tokens") or 0), 1),
        attempts=1,
        thinking=thinking_of(message, used),
    )


def batch_lines(pending: dict[str, dict[str, Any]]) -> list[str]:
    """The requests as lines of OpenAI batch JSONL (also what ``vllm run-batch`` reads)."""
    return [
        json.dumps(
            {"custom_id": key, "method": "POST", "url": "/v1/chat/completions", "body": body},
            ensure_ascii=False,
            sort_keys=True,
        )  # fmt: skip
        for key, body in sorted(pending.items())
    ]


def split_files(lines: list[str]) -> list[list[str]]:
    """Lines cut into files under the provider's limits (requests and bytes per file)."""
    files: list[list[str]] = [[]]
    size = 0
    for line in lines:
        length = len(line.encode()) + 1
        if files[-1] and (len(files[-1]) >= MAX_REQUESTS_PER_FILE or size + length > MAX_BYTES_PER_FILE):
            files.append([])
            size = 0
        files[-1].append(line)
        size += length
    return [f for f in files if f]


def read_results(text: str) -> dict[str, dict[str, Any]]:
    """Batch output (or error) JSONL: custom_id → the line. Lines that do not parse are skipped."""
    answers = {}
    for line in text.splitlines():
        try:
            item = json.loads(line)
        except ValueError:
            continue
        if isinstance(item, dict) and isinstance(item.get("custom_id"), str):
            answers[item["custom_id"]] = item
    return answers


@dataclass
class ProviderState:
    """What has been submitted, saved after every change so a re-run picks up from it."""

    path: Path
    batches: list[dict[str, Any]] = field(default_factory=list)
    rounds: int = 0

    @classmethod
    def load(cls, path: Path) -> ProviderState:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(path, list(data.get("batches", [])), int(data.get("rounds", 0)))
        except (OSError, ValueError):
            return cls(path)

    def save(self) -> None:
        atomic_write(self.path, json.dumps({"batches": self.batches, "rounds": self.rounds}, indent=1) + "\n")

    def in_flight(self) -> set[str]:
        return {k for b in self.batches if b["status"] not in FINAL or not b.get("collected") for k in b["keys"]}


class ProviderBatch:
    """Runs passes of :class:`jiyao.batch.Batch` until no report waits for an answer."""

    def __init__(
        self,
        batch_factory: Callable[[Any], Any],
        settings: Settings,
        output: Path,
        *,
        poll_seconds: float = 30.0,
        max_rounds: int = 12,
        on_status: Callable[[str], None] | None = None,
    ) -> None:
        self.batch_factory = batch_factory  # engine → a Batch over the same reports and output
        self.settings = settings
        self.output = output
        self.poll_seconds = poll_seconds
        self.max_rounds = max_rounds
        self.on_status = on_status or (lambda message: None)
        self.results_dir = output / RESULTS_DIR
        self.answers: dict[str, dict[str, Any]] = {}

    # --- the passes -----------------------------------------------------------------------

    def load_answers(self) -> None:
        for path in sorted(self.results_dir.glob("*.jsonl")):
            self.answers.update(read_results(path.read_text(encoding="utf-8")))

    def import_results(self, path: Path) -> int:
        """Results of an offline runner (``vllm run-batch -o FILE``): kept with the others."""
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise InputError(f"cannot read results: {e.strerror or e}", path=path) from e
        found = read_results(text)
        if not found:
            raise InputError("no batch results in this file (lines with custom_id and response)", path=path)
        atomic_write(self.results_dir / f"import-{hashlib.sha256(text.encode()).hexdigest()[:12]}.jsonl", text)
        self.answers.update(found)
        return len(found)

    def one_pass(self) -> tuple[Any, dict[str, dict[str, Any]]]:
        """Every report once through the pipeline; the requests still without an answer."""
        from jiyao.pipeline.engine import LLMEngine

        backend = ReplayBackend(self.settings, self.answers)
        with LLMEngine(self.settings.replace(chunk_concurrency=1), backend=backend) as engine:
            state = self.batch_factory(engine).run()
        return state, backend.pending

    def export(self, pending: dict[str, dict[str, Any]], path: Path) -> None:
        atomic_write(path, "\n".join(batch_lines(pending)) + "\n")

    def estimate(self, pending: dict[str, dict[str, Any]]) -> tuple[int, int, float | None]:
        """Prompt tokens, output-token limit, and dollars at batch prices, of these requests."""
        from jiyao.chunking import count_tokens
        from jiyao.llm.pricing import price_for

        model = self.settings.model
        prompt = sum(count_tokens(m["content"], model) for body in pending.values() for m in body["messages"])
        output = sum(int(body.get("max_tokens") or body.get("max_completion_tokens") or 0) for body in pending.values())
        price = price_for(self.settings)
        cost = None if price is None else (prompt * price.input + output * price.output) / 1e6 * BATCH_PRICE_FACTOR
        return prompt, output, cost

    # --- the provider ---------------------------------------------------------------------

    def _client(self) -> Any:
        import openai

        endpoint = self.settings.endpoint()
        return openai.OpenAI(base_url=endpoint.base_url, api_key=endpoint.api_key, timeout=self.settings.timeout)

    def submit(self, pending: dict[str, dict[str, Any]], state: ProviderState) -> None:
        client = self._client()
        busy = state.in_flight()
        fresh = {k: v for k, v in pending.items() if k not in busy}
        for lines in split_files(batch_lines(fresh)):
            data = ("\n".join(lines) + "\n").encode("utf-8")
            try:
                uploaded = client.files.create(file=("jiyao-batch.jsonl", data), purpose="batch")
                created = client.batches.create(
                    input_file_id=uploaded.id, endpoint="/v1/chat/completions", completion_window="24h"
                )
            except Exception as e:  # the SDK's errors: say which and stop, the state keeps the rest
                raise LLMError(f"cannot submit the batch: {e}", provider=self.settings.base_url or "") from e
            keys = [json.loads(line)["custom_id"] for line in lines]
            state.batches.append({"id": created.id, "status": created.status, "keys": keys, "collected": False})
            state.save()
            self.on_status(f"submitted batch {created.id}: {len(keys)} requests")

    def wait_and_collect(self, state: ProviderState) -> None:
        """Poll every batch not yet collected until it ends; download its output and errors."""
        client = self._client()
        while True:
            open_batches = [b for b in state.batches if not b.get("collected")]
            if not open_batches:
                return
            for entry in open_batches:
                batch = client.batches.retrieve(entry["id"])
                entry["status"] = batch.status
                counts = getattr(batch, "request_counts", None)
                done = f"{counts.completed}/{counts.total}" if counts else "?"
                self.on_status(f"batch {entry['id']}: {batch.status} ({done})")
                if batch.status in FINAL:
                    for file_id in (batch.output_file_id, batch.error_file_id):
                        if file_id:
                            text = client.files.content(file_id).text
                            atomic_write(self.results_dir / f"{entry['id']}-{file_id}.jsonl", text)
                            self.answers.update(read_results(text))
                    entry["collected"] = True
                state.save()
            if any(not b.get("collected") for b in state.batches):
                time.sleep(self.poll_seconds)

    def run(self, *, dry_run: bool = False, max_cost: float | None = None, export: Path | None = None) -> Any:
        """Passes until every report is done or failed; returns the last pass's BatchState."""
        state = ProviderState.load(self.output / STATE_NAME)
        self.load_answers()
        if not dry_run and not export and any(not b.get("collected") for b in state.batches):
            self.wait_and_collect(state)  # a re-run: what was accepted is polled, never resubmitted
        while True:
            result, pending = self.one_pass()
            if not pending:
                return result
            prompt, output, cost = self.estimate(pending)
            price = f"${cost:.4f}" if cost is not None else "unknown"
            self.on_status(f"pass {state.rounds + 1}: {len(pending)} requests, {prompt} prompt tokens, "
                           f"at most {output} output tokens, about {price} at batch prices")  # fmt: skip
            if dry_run:
                return result
            if export is not None:
                self.export(pending, export)
                self.on_status(f"wrote {len(pending)} requests to {export}; run them, then --import-jsonl RESULTS")
                return result
            if max_cost is not None and (cost is None or cost > max_cost):
                from jiyao.errors import BudgetExceededError

                raise BudgetExceededError(f"this stage would cost about {price} at batch prices, over --max-cost")
            if state.rounds >= self.max_rounds:
                raise LLMError(f"still {len(pending)} requests without an answer after {self.max_rounds} batches")
            state.rounds += 1
            self.submit(pending, state)
            self.wait_and_collect(state)
