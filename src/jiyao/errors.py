"""Every error jiyao raises on purpose derives from :class:`JiyaoError`.

The tree::

    JiyaoError
    ├── InputError                 bad input; carries ``path``
    │   ├── EmptyInputError        a file or text with nothing in it
    │   └── BinaryInputError       bytes that are not text in any encoding we read
    ├── ConfigError                a setting is missing or wrong; says what to set
    ├── LabelError                 an eval label file is unreadable or invalid; carries ``path``
    ├── PromptError                a prompt file is invalid; carries ``path``
    │   └── MissingVariableError   a template variable was not supplied
    ├── BudgetExceededError        the job would cost more than ``--max-cost``
    ├── TimeBudgetError            one report took longer than its time budget
    ├── CancelledError             the user interrupted (Ctrl-C) before the work was sent
    ├── DeferredError              a provider-batch pass met a request whose answer is not in yet
    ├── WorkerCrashedError         a service worker process died during a job (killed, out of memory)
    └── LLMError                   the endpoint failed; carries ``provider``, ``model``, ``attempts``
        ├── EndpointError          unreachable, or refused our credentials (401/403/404)
        ├── RateLimitedError       still 429 after every retry
        ├── UpstreamError          still 5xx or timing out after every retry
        ├── FormatUnsupportedError the endpoint rejects a response_format (400/422)
        ├── ContextWindowError     prompt and answer do not fit the model's context window;
        │                          carries ``window``, where the server said what it is
        ├── ThinkingCutError       the model was still thinking at the output limit: no answer began
        └── OutputError            no valid output after every re-ask; carries ``unit``
            ├── RefusalError       the model refused
            ├── TruncatedError     the answer did not fit the output token limit, even raised
            └── ContentFilteredError the provider's moderation blocked the prompt or the answer;
                                   carries ``stage``

Each class names the process exit code the CLI uses for it (``exit_code``);
the library itself never exits and never prints.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class JiyaoError(Exception):
    """Base of every error jiyao raises on purpose."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(JiyaoError):
    """The input cannot be processed; the message says why."""

    exit_code = 2

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        super().__init__(f"{self.path}: {message}" if self.path else message)


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input is binary, or text in no encoding jiyao can read."""


class ConfigError(JiyaoError):
    """A setting is missing or invalid."""

    exit_code = 2


class LabelError(JiyaoError):
    """An eval label file is unreadable or does not match the schema."""

    exit_code = 2

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        super().__init__(f"{self.path}: {message}" if self.path else message)


class PromptError(JiyaoError):
    """A prompt file is invalid."""

    exit_code = 2

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        super().__init__(f"{self.path}: {message}" if self.path else message)


class MissingVariableError(PromptError):
    """A prompt template was rendered without one of its variables."""

    def __init__(self, variable: str, *, prompt: str, path: Path | str | None = None) -> None:
        self.variable = variable
        self.prompt = prompt
        super().__init__(f"prompt {prompt!r} needs variable {variable!r}", path=path)


class BudgetExceededError(JiyaoError):
    """Going on would cost more than the budget the user set."""

    exit_code = 4


class TimeBudgetError(JiyaoError):
    """One report's work took longer than ``JIYAO_REPORT_TIMEOUT`` allows."""

    exit_code = 6


class CancelledError(JiyaoError):
    """The work was cancelled (Ctrl-C in a batch) before it was sent."""

    exit_code = 130


class DeferredError(JiyaoError):
    """A provider-batch pass needs an answer that is not in yet: the request goes into the
    next batch, and the report waits for the next pass. Never an error a user sees."""

    exit_code = 1


class WorkerCrashedError(JiyaoError):
    """A worker process of the service died while running a job (killed, out of memory)."""

    exit_code = 70


class LLMError(JiyaoError):
    """The LLM endpoint failed; says which, with which model, after how many attempts."""

    exit_code = 3

    def __init__(self, message: str, *, provider: str = "", model: str = "", attempts: int = 1) -> None:
        self.provider = provider
        self.model = model
        self.attempts = attempts
        self.reason = message  # without provider and attempts: stable between runs, for outputs
        self.spent: Any = None  # the Usage of every request this failure cost, when known
        where = f" ({provider}, model {model}, {attempts} attempt{'s' if attempts != 1 else ''})" if provider else ""
        super().__init__(message + where)


class EndpointError(LLMError):
    """The endpoint is unreachable or refuses the request as such (auth, unknown model)."""


class RateLimitedError(LLMError):
    """The endpoint kept answering 429."""


class UpstreamError(LLMError):
    """The endpoint kept failing (5xx) or timing out."""


class FormatUnsupportedError(LLMError):
    """The endpoint rejects the requested response_format."""


class ContextWindowError(LLMError):
    """The prompt and the answer do not fit the model's context window. ``window``: the
    window in tokens, where the server's refusal states it (vLLM's ``--max-model-len``,
    llama.cpp's ``-c``), else None."""

    def __init__(
        self, message: str, *, window: int | None = None, provider: str = "", model: str = "", attempts: int = 1
    ) -> None:
        self.window = window
        super().__init__(message, provider=provider, model=model, attempts=attempts)


class ThinkingCutError(LLMError):
    """A model that thinks first used every output token allowed on its reasoning, even after
    the limit was raised, and never began its answer: no shorter question helps (its thinking
    does not shrink with the text), so the message says what to set instead."""


class OutputError(LLMError):
    """The model's output stayed invalid after every re-ask."""

    def __init__(self, message: str, *, unit: str = "", provider: str = "", model: str = "", attempts: int = 1) -> None:
        self.unit = unit
        super().__init__(f"{unit}: {message}" if unit else message, provider=provider, model=model, attempts=attempts)
        self.reason = message  # the unit is named apart: callers write "unit: reason"


class RefusalError(OutputError):
    """The model refused to do the task."""


class TruncatedError(OutputError):
    """The answer was cut off at the output token limit, even after raising it."""


CONTENT_FILTER = "the provider's content filter"  # how every such failure begins: edges look for it


class ContentFilteredError(OutputError):
    """The provider's content moderation blocked the prompt (``stage="prompt"``: a 400 such as
    Azure's ``content_filter``, DeepSeek's ``Content Exists Risk``, Qwen's
    ``data_inspection_failed``, GLM's ``1301``) or the answer (``stage="answer"``:
    ``finish_reason: content_filter``). The same text is refused again: never retried."""

    exit_code = 7

    def __init__(
        self, message: str, *, stage: str, unit: str = "", provider: str = "", model: str = "", attempts: int = 1
    ) -> None:
        self.stage = stage
        super().__init__(message, unit=unit, provider=provider, model=model, attempts=attempts)
