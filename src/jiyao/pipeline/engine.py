"""The LLM engine's core: prompts, the cached structured ask, budget and the dry-run plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from jiyao.cache import ResultCache, SingleFlight, cache_key
from jiyao.chunking import count_tokens
from jiyao.cleaning import CLEANER_VERSION
from jiyao.errors import BudgetExceededError
from jiyao.glossary import load_glossary
from jiyao.llm.backend import Backend, OpenAIBackend, Usage
from jiyao.llm.structured import Rungs, StructuredClient, schema_digest
from jiyao.prompts import Prompt, latest_prompt
from jiyao.settings import Settings

T = TypeVar("T", bound=BaseModel)

# Expected output tokens per input token of report text, by task (CJK → English runs
# slightly shorter in tokens; a readout is a fraction of its chunk).
OUTPUT_RATIO = {"translate": 1.0, "readout": 0.6, "summary": 0.5}
NEIGHBOUR_CONTEXT_CHARS = 200  # bounded context from a neighbouring chunk, never the whole report


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
    ) -> None:
        self.settings = settings
        self.backend = backend or OpenAIBackend(settings)
        self.cache = cache or ResultCache(settings.cache_dir, enabled=settings.use_cache)
        self.prompts: dict[str, Prompt] = prompts or {
            name: latest_prompt(settings.prompts_dir, name) for name in ("readout", "summary", "translate", "reask")
        }
        # Rung memory is kept even with --no-cache: it is knowledge of the endpoint, not output.
        self.rungs = rungs or Rungs(ResultCache(settings.cache_dir) if not settings.use_cache else self.cache)
        self.structured = StructuredClient(
            self.backend, reask_prompt=self.prompts["reask"], reasks=settings.reasks, rungs=self.rungs
        )
        self.flights = flights or SingleFlight()
        self.glossary = load_glossary()
        self.ledger = Ledger()
        self.max_cost: float | None = None

    def fork(self) -> LLMEngine:
        """An engine sharing this one's endpoint, cache, prompts, rung memory and in-flight
        work, with its own ledger."""
        return LLMEngine(
            self.settings,
            backend=self.backend,
            cache=self.cache,
            prompts=self.prompts,
            rungs=self.rungs,
            flights=self.flights,
        )

    @property
    def model(self) -> str:
        return self.backend.endpoint.model

    def prompt_versions(self) -> dict[str, str]:
        return {name: f"{p.label} {p.digest[:12]}" for name, p in self.prompts.items()}

    def prompt_tokens(self, prompt: Prompt, variables: dict[str, str]) -> int:
        return sum(count_tokens(m.content, self.model) for m in prompt.render(variables))

    def estimate_cost(self, prompt_tokens: int, output_tokens: int) -> float:
        return (prompt_tokens * self.settings.price_input + output_tokens * self.settings.price_output) / 1e6

    def ask(
        self,
        task: str,
        variables: dict[str, str],
        output: type[T],
        *,
        unit: str,
        expected_output_tokens: int,
        validation_context: dict[str, Any] | None = None,
    ) -> T:
        """One structured call through the cache; only validated outputs are stored."""
        prompt = self.prompts[task]
        key = cache_key(
            kind="llm-output",
            cleaner=CLEANER_VERSION,
            prompt=prompt.label,
            prompt_digest=prompt.digest,
            reask_digest=self.prompts["reask"].digest,
            schema=schema_digest(output),
            glossary=self.glossary.digest,
            model=self.model,
            endpoint=self.backend.endpoint.base_url,
            params={"temperature": 0.0, "reasks": self.settings.reasks},
            variables=variables,
            checks=validation_context or {},
        )
        with self.flights.hold(key):
            hit = self.cache.get(key)
            if hit is not None:
                self.ledger.cache_hits += 1
                return output.model_validate(hit, context=validation_context)
            self._check_budget(prompt, variables, expected_output_tokens)
            result = self.structured.ask(
                prompt.render(variables),
                output,
                unit=unit,
                max_tokens=max(256, expected_output_tokens * 2),
                validation_context=validation_context,
            )
            self.ledger.usage = self.ledger.usage + result.usage
            self.ledger.calls += 1
            self.cache.set(key, result.value.model_dump(mode="json"))
            return result.value

    def _check_budget(self, prompt: Prompt, variables: dict[str, str], expected_output_tokens: int) -> None:
        if self.max_cost is None:
            return
        spent = self.ledger.usage.cost(self.settings)
        next_call = self.estimate_cost(self.prompt_tokens(prompt, variables), expected_output_tokens)
        if spent + next_call > self.max_cost:
            raise BudgetExceededError(
                f"stopping: ${spent:.4f} spent, the next call would add about ${next_call:.4f}, "
                f"over the budget of ${self.max_cost:.4f} (--max-cost)"
            )
