"""The LLM engine's core: prompts, the cached structured ask, budget and the dry-run plan."""

from __future__ import annotations

import contextvars
import logging
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent import futures
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from jiyao import deadline
from jiyao.cache import ResultCache, SingleFlight, cache_key
from jiyao.chunking import Chunk, chunk_budget, neighbour_tokens, split_chunk
from jiyao.cleaning import CLEANER_VERSION
from jiyao.errors import ConfigError, ContentFilteredError, ContextWindowError, LLMError
from jiyao.glossary import load_glossary
from jiyao.llm.backend import Backend, OpenAIBackend, Usage, answer_room, prompt_tokens, too_little_room
from jiyao.llm.structured import Rungs, StructuredClient, schema_digest
from jiyao.pipeline.budget import Budget, Settle
from jiyao.prompts import Prompt, latest_prompt
from jiyao.settings import Settings

# Reports whose two parts run at once: threads are made as needed, up to this, and kept.
_PARTS_THREADS = 64

T = TypeVar("T")
U = TypeVar("U")
M = TypeVar("M", bound=BaseModel)
log = logging.getLogger("jiyao.llm")

# Expected output tokens per input token of report text, by task (CJK → English runs
# slightly shorter in tokens; a readout is a fraction of its chunk).
OUTPUT_RATIO = {"translate": 1.0, "readout": 0.6, "summary": 0.5, "report": 0.8}
NEIGHBOUR_CONTEXT_CHARS = 200
PROMPT_NAMES = (
    "report",
    "readout",
    "summary",
    "translate",
    "reask",
)  # bounded context from a neighbouring chunk, never the whole report


@dataclass(frozen=True)
class PlannedCall:
    task: str
    unit: str
    prompt_tokens: int
    expected_output_tokens: int


@dataclass
class Ledger:
    """What a job has spent and skipped so far."""

    usage: Usage = field(default_factory=Usage)
    cache_hits: int = 0
    calls: int = 0
    # Calls sent and not yet answered: a stop that will not wait for them counts them, as a
    # provider may bill them.
    unanswered: int = 0


def parts_of(chunk: Chunk, error: Exception, budget: Callable[[], int], model: str) -> list[Chunk]:
    """A chunk to ask about again in parts: halves; where the server's window held less than
    the chunk was planned for, parts the size ``budget`` gives in the window known now."""
    size = chunk.tokens // 2 + 1
    if isinstance(error, ContextWindowError):
        size = min(size, budget())
    return split_chunk(chunk, max(8, size), model)


def narrows_refusals(results: Sequence[object], depth: int) -> bool:
    """Whether to split the chunks the provider's content filter refused, to leave out only the
    refused passage: a report's own chunks, yes; halves, only while the filter passed one of
    them (each refusal costs a request: text refused whole is not cut ever finer), and only
    down to a quarter of a chunk."""
    passed = any(not isinstance(r, ContentFilteredError) for r in results)
    return depth == 0 or (depth == 1 and passed)


class WhileWaiting:
    """Work every report needs after its answers come (the price table, the brief's compiled
    templates: ~0.3 s on a cold process), started once, beside the first request: the CPU is
    idle while it waits, and the answers then find it done instead of paying for it."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._started = False
        self._lock = threading.Lock()

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._prepare, name="jiyao-prepare", daemon=True).start()

    def _prepare(self) -> None:
        from jiyao.briefing import prepare_templates
        from jiyao.llm.pricing import price_for

        try:
            price_for(self._settings)
            prepare_templates()
        except Exception:  # only ever a head start: whoever needs them next loads them again
            log.debug("preparing the outputs while waiting failed", exc_info=True)


class Unanswered:
    """Calls sent and not yet answered, counted across an engine and its forks: a stop
    that waits for them says how many, and one that does not counts them (a provider may
    bill them)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.count = 0

    def add(self, n: int) -> None:
        with self._lock:
            self.count += n


def _outcome(job: Callable[[], T]) -> T | BaseException:
    try:
        return job()
    except Exception as e:  # handed back to the caller, which decides per chunk
        return e


class LLMEngine:
    def __init__(
        self,
        settings: Settings,
        *,
        backend: Backend | None = None,
        cache: ResultCache | None = None,
        prompts: dict[str, Prompt] | None = None,
        rungs: Rungs | None = None,
        flights: SingleFlight | None = None,
        cancelled: threading.Event | None = None,
        pool: ThreadPoolExecutor | None = None,
        while_waiting: WhileWaiting | None = None,
        parts: ThreadPoolExecutor | None = None,
        unanswered: Unanswered | None = None,
    ) -> None:
        self.settings = settings
        self.unanswered = unanswered or Unanswered()  # every fork's; the ledger has its own
        self.while_waiting = while_waiting or WhileWaiting(settings)
        self._pool = pool
        self._parts = parts
        self._ledger_lock = threading.Lock()
        self._pools_lock = threading.Lock()
        self.cancelled = cancelled or threading.Event()
        self.backend = backend or OpenAIBackend(settings)
        self.cache = cache or ResultCache(settings.cache_dir, enabled=settings.use_cache)
        self.prompts: dict[str, Prompt] = prompts or {
            name: latest_prompt(settings.prompts_dir, name) for name in PROMPT_NAMES
        }
        # --no-cache never opens the cache: the rung is then remembered in memory only.
        self.rungs = rungs or Rungs(self.cache if settings.use_cache else None)
        self.structured = StructuredClient(
            self.backend,
            reask_prompt=self.prompts["reask"],
            reasks=settings.reasks,
            rungs=self.rungs,
            max_tokens_cap=settings.max_output_tokens + settings.reasoning_tokens,
        )
        self.flights = flights or SingleFlight()
        self.glossary = load_glossary()
        self.ledger = Ledger()
        self.budget: Budget | None = None  # --max-cost; a fork shares its parent's
        self._forked = False

    def close(self, *, wait: bool = True) -> None:
        """Close the endpoint's connections and stop the engine's threads. A fork closes
        nothing: what it holds is its parent's. ``wait=False``: a stop that leaves calls
        unanswered — their threads are not waited for, nor their connections closed under
        them."""
        if self._forked:
            return
        if wait:
            self.backend.close()
        for pool in (self._pool, self._parts):
            if pool is not None:
                pool.shutdown(wait=wait, cancel_futures=not wait)
        self._pool = self._parts = None

    def __enter__(self) -> LLMEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def context_window(self) -> int:
        """The window chunks are planned for: the setting's, or the server's where it said
        its own is smaller (the rest of the run then plans for that)."""
        return self.backend.window

    @property
    def max_output(self) -> int:
        """The largest answer planned for: the setting's, or the server's where its refusal said
        its own is smaller (gpt-4o-2024-05-13: 4,096; the rest of the run plans for that)."""
        cap = self.backend.dialect.max_output
        return min(self.settings.max_output_tokens, cap) if cap else self.settings.max_output_tokens

    def chunk_budget(self, task: str, prompt_tokens: int, text: str, context_chars: int) -> int:
        """The most report text one ``task`` call may hold, in the window known now: its
        prompt (``prompt_tokens``, the text left out), up to ``context_chars`` of ``text``
        around it, and the answer expected."""
        try:
            return chunk_budget(
                context_window=self.context_window,
                prompt_tokens=prompt_tokens,
                max_chunk_tokens=self.settings.max_chunk_tokens,
                output_ratio=OUTPUT_RATIO[task],
                context_tokens=neighbour_tokens(text, context_chars, self.model) if context_chars else 0,
                max_output_tokens=self.max_output,
            )
        except ValueError as e:
            if self.context_window < self.settings.context_window:
                endpoint = self.backend.endpoint
                raise ContextWindowError(
                    f"the server's context window ({self.context_window} tokens, as its refusal said) leaves no "
                    f"room for report text after the {task} prompt ({prompt_tokens} tokens): start the server "
                    "with a larger one (vLLM's --max-model-len, llama.cpp's -c)",
                    window=self.context_window,
                    provider=endpoint.base_url,
                    model=endpoint.model,
                    attempts=1,  # the refusal that said so
                ) from e
            raise ConfigError(f"{e}: set JIYAO_CONTEXT_WINDOW to the model's real window") from e

    def fork(self, *, cancelled: threading.Event | None = None, budget: Budget | None = None) -> LLMEngine:
        """An engine sharing this one's endpoint, cache, prompts, rung memory, in-flight work
        and budget, with its own ledger (and, if given, its own cancel signal, or a budget of
        its own: a service request's)."""
        forked = LLMEngine(
            self.settings,
            backend=self.backend,
            cache=self.cache,
            prompts=self.prompts,
            rungs=self.rungs,
            flights=self.flights,
            cancelled=cancelled or self.cancelled,
            pool=self.pool(),
            while_waiting=self.while_waiting,
            parts=self.parts(),
            unanswered=self.unanswered,
        )
        forked.budget = budget or self.budget
        forked._forked = True
        return forked

    def pool(self) -> ThreadPoolExecutor | None:
        """The threads that run a report's independent calls at once, shared by every fork."""
        if self._pool is None and self.settings.chunk_concurrency > 1:
            with self._pools_lock:  # the service's requests share one engine: one pool, not one each
                if self._pool is None:
                    self._pool = ThreadPoolExecutor(self.settings.chunk_concurrency, thread_name_prefix="jiyao-chunk")
        return self._pool

    def parts(self) -> ThreadPoolExecutor:
        """The threads that run a report's second part (:meth:`together`), shared by every
        fork and kept: a thread made per report opened its own connection to the cache's
        database (diskcache keeps one a thread) for every report of a batch."""
        if self._parts is None:
            with self._pools_lock:
                if self._parts is None:
                    self._parts = ThreadPoolExecutor(_PARTS_THREADS, thread_name_prefix="jiyao-part")
        return self._parts

    def run_all(self, jobs: Sequence[Callable[[], T]]) -> list[T | BaseException]:
        """Independent calls (a readout's chunks, a translation's chunks) at once, up to
        ``JIYAO_CHUNK_CONCURRENCY``; results — or the error each raised — in order. Each job
        runs in the caller's context, so the report's time budget follows it."""
        pool = self.pool() if len(jobs) > 1 else None
        if pool is None:
            return [_outcome(job) for job in jobs]
        submitted = [pool.submit(contextvars.copy_context().run, _outcome, job) for job in jobs]
        return [future.result() for future in submitted]

    def together(self, first: Callable[[], T], second: Callable[[], U]) -> tuple[T, U]:
        """Two independent parts of a report (its readout, its translation) at once: the
        second in the parts' threads (not the chunk pool, whose jobs the parts wait for)."""
        helper = self.parts().submit(contextvars.copy_context().run, _outcome, second)
        try:
            a = first()
        finally:
            futures.wait([helper])
        b = helper.result()
        if isinstance(b, BaseException):
            raise b
        return a, b

    def set_budget(self, max_cost: float | None, *, allow_unknown_price: bool = False) -> None:
        """Stop before spending more than ``max_cost`` dollars; with no known price for the
        model a budget cannot be kept, so that refuses to run unless explicitly allowed."""
        self.check_budget(max_cost, allow_unknown_price=allow_unknown_price)
        self.budget = Budget(max_cost) if max_cost is not None else None

    def check_budget(self, max_cost: float | None, *, allow_unknown_price: bool = False) -> None:
        """Refuses a budget that cannot be kept (no price known) unless that is allowed."""
        if max_cost is not None and not self.priced and not allow_unknown_price:
            raise ConfigError(
                f"--max-cost needs the price of {self.model!r}, which is not known: set JIYAO_PRICE_INPUT and "
                "JIYAO_PRICE_OUTPUT (dollars per million tokens), or pass --allow-unknown-price"
            )

    @property
    def rung_known(self) -> bool:
        """Whether the server's structured-output rung was learned (from an answer or a refusal);
        until it is, a priced prompt counts the schema in its messages (an upper bound)."""
        return self.structured.rungs.known(self.backend)

    @property
    def priced(self) -> bool:
        """Whether the model's price is known (settings, or the maintained table): a budget can be kept."""
        from jiyao.llm.pricing import price_for

        return price_for(self.settings) is not None

    @property
    def model(self) -> str:
        return self.backend.endpoint.model

    def prompt_versions(self) -> dict[str, str]:
        return {name: f"{p.label} {p.digest[:12]}" for name, p in self.prompts.items()}

    def prompt_tokens(
        self, prompt: Prompt, variables: dict[str, str], output: type[BaseModel] | None = None, *, priced: bool = False
    ) -> int:
        """A prompt's tokens with ``variables``, as the backend counts a request's; with
        ``output``, as its messages are sent on the rung in use (below json_schema, with the
        schema written into them: 547 tokens for a chunk's readout). ``priced``: as a cost is
        planned and weighed — while no answer has shown the server's rung, with the schema
        in, so that a report admitted under --max-cost then can afford its calls after."""
        messages = prompt.render(variables)
        if output is not None:
            messages = self.structured.sent(list(messages), output, at_most=priced)
        return prompt_tokens(messages, self.model)

    def estimate_cost(self, prompt_tokens: int, output_tokens: int) -> float | None:
        return Usage(prompt_tokens, output_tokens).cost(self.settings)

    def planned_cost(self, calls: Sequence[PlannedCall]) -> float | None:
        """What planned calls would cost: their prompts, their answers, and the thinking a model
        that thinks first is given room for (billed as output; JIYAO_REASONING_TOKENS)."""
        answers = sum(c.expected_output_tokens for c in calls)
        return self.expected_cost(sum(c.prompt_tokens for c in calls), answers, len(calls))

    def expected_cost(self, prompt_tokens: int, answer_tokens: int, calls: int = 1) -> float | None:
        thinking = self.settings.reasoning_tokens * calls
        return self.estimate_cost(prompt_tokens, answer_tokens + thinking)

    def leaves_room(
        self, task: str, variables: dict[str, str], output: type[BaseModel], expected_output_tokens: int
    ) -> bool:
        """Whether a ``task`` call would be sent: its prompt, as sent on the rung in use, leaves
        its answer room in the window known now (the backend's rule)."""
        room = answer_room(self.context_window, self.prompt_tokens(self.prompts[task], variables, output))
        return not too_little_room(room, self.max_tokens_for(expected_output_tokens))

    def max_tokens_for(self, expected_output_tokens: int) -> int:
        """The output limit of a call: room for an answer half again as long as expected, plus
        the reasoning allowance; never more than the model can write."""
        wanted = int(expected_output_tokens * 1.5) + 64 + self.settings.reasoning_tokens
        return min(wanted, self.max_output + self.settings.reasoning_tokens)

    def ask(
        self,
        task: str,
        variables: dict[str, str],
        output: type[M],
        *,
        unit: str,
        expected_output_tokens: int,
        validation_context: dict[str, Any] | None = None,
    ) -> M:
        """One structured call through the cache; only validated outputs are stored. Every
        request is counted in the ledger, those of a unit that finally fails too."""
        prompt = self.prompts[task]
        # The key names what can change the answer — prompt, schema, glossary, model and its
        # parameters, input — not how the endpoint is spelled (localhost or 127.0.0.1, a port).
        key = cache_key(
            kind="llm-output",
            cleaner=CLEANER_VERSION,
            prompt=prompt.label,
            prompt_digest=prompt.digest,
            reask_digest=self.prompts["reask"].digest,
            schema=schema_digest(output),
            glossary=self.glossary.digest,
            model=self.model,
            params={"temperature": 0.0, "reasks": self.settings.reasks},
            variables=variables,
            checks=validation_context or {},
        )
        with self.flights.hold(key):
            hit = self.cache.get(key)
            if hit is not None:
                try:
                    value = output.model_validate(hit, context=validation_context)
                    with self._ledger_lock:
                        self.ledger.cache_hits += 1
                    log.info("%s: from the cache", unit)
                    return value
                except ValidationError:
                    pass  # an entry from an older schema: ask again
            settle, used = None, Usage()
            try:
                with deadline.cancelled_by(self.cancelled):  # nor a retry, nor a re-ask, once cancelled
                    deadline.check_cancelled(unit)
                    deadline.check()
                    settle = self._reserve(prompt, variables, output, expected_output_tokens)
                    self.while_waiting.start()
                    with self._asking():
                        result = self.structured.ask(
                            prompt.render(variables),
                            output,
                            unit=unit,
                            max_tokens=self.max_tokens_for(expected_output_tokens),
                            validation_context=validation_context,
                        )
                used = result.usage
            except LLMError as e:
                if isinstance(e.spent, Usage):
                    used = e.spent
                    with self._ledger_lock:
                        self.ledger.usage = self.ledger.usage + e.spent
                raise
            finally:
                if settle is not None:
                    settle(used.cost(self.settings) or 0.0)
            with self._ledger_lock:
                self.ledger.usage = self.ledger.usage + result.usage
                self.ledger.calls += 1
            self.cache.set(key, result.value.model_dump(mode="json"))
            return result.value

    @contextmanager
    def _asking(self) -> Iterator[None]:
        with self._ledger_lock:
            self.ledger.unanswered += 1
        self.unanswered.add(1)
        try:
            yield
        finally:
            self.unanswered.add(-1)
            with self._ledger_lock:
                self.ledger.unanswered -= 1

    def _reserve(
        self, prompt: Prompt, variables: dict[str, str], output: type[BaseModel], expected_output_tokens: int
    ) -> Settle | None:
        """The call's expected cost counted as under way in the budget (or the budget's refusal),
        and what to settle it with; None without a budget, or with a price unknown and allowed
        (--allow-unknown-price)."""
        if self.budget is None:
            return None
        # Counted as the plan counts it: the messages as sent on the rung in use.
        estimate = self.expected_cost(
            self.prompt_tokens(prompt, variables, output, priced=True), expected_output_tokens
        )
        return self.budget.reserve(estimate) if estimate is not None else None
