"""A per-report time budget, checked cooperatively by long loops.

Python cannot stop a thread from outside, so the work that can grow with its
input (the decoder's loop over loss marks, the LLM calls of a report) calls
:func:`check` between steps. The budget is a context variable: each report —
in the CLI, a batch worker thread or a service request — sets its own.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from jiyao.errors import TimeBudgetError


@dataclass(frozen=True)
class _Budget:
    expires: float
    seconds: float
    what: str


_current: contextvars.ContextVar[_Budget | None] = contextvars.ContextVar("jiyao_time_budget", default=None)


@contextmanager
def time_budget(seconds: float | None, what: str = "the report") -> Iterator[None]:
    """Work inside may take at most ``seconds`` (None or 0: no limit); nested budgets keep the tighter."""
    if not seconds:
        yield
        return
    budget = _Budget(time.monotonic() + seconds, seconds, what)
    outer = _current.get()
    if outer is not None and outer.expires < budget.expires:
        budget = outer
    token = _current.set(budget)
    try:
        yield
    finally:
        _current.reset(token)


def check() -> None:
    """Raise :class:`TimeBudgetError` when the current budget is spent."""
    budget = _current.get()
    if budget is not None and time.monotonic() > budget.expires:
        raise TimeBudgetError(
            f"{budget.what} took longer than its time budget of {budget.seconds:g} s "
            "(JIYAO_REPORT_TIMEOUT or --timeout)"
        )
