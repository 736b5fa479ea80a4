"""A per-report time budget, checked cooperatively by long loops; and a cancel signal.

Python cannot stop a thread from outside, so the work that can grow with its
input (the decoder's loop over loss marks, the LLM calls of a report) calls
:func:`check` between steps. The budget is a context variable: each report —
in the CLI, a batch worker thread or a service request — sets its own.

The same way, the LLM backend asks :func:`check_cancelled` before each attempt and waits
out its backoff with :func:`pause`, so a Ctrl-C in a batch or a stopping service sends no
retry and no re-ask (:func:`cancelled_by` names the signal, an ``Event``).
"""

from __future__ import annotations

import contextvars
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from jiyao.errors import CancelledError, TimeBudgetError


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


_cancel: contextvars.ContextVar[threading.Event | None] = contextvars.ContextVar("jiyao_cancel", default=None)


@contextmanager
def cancelled_by(event: threading.Event | None) -> Iterator[None]:
    """Work inside raises :class:`CancelledError` at its next check once ``event`` is set."""
    token = _cancel.set(event)
    try:
        yield
    finally:
        _cancel.reset(token)


def check_cancelled(what: str) -> None:
    event = _cancel.get()
    if event is not None and event.is_set():
        raise CancelledError(f"{what}: cancelled before it was sent")


def pause(seconds: float, what: str) -> None:
    """Sleep ``seconds``, or until the work is cancelled, which then raises."""
    event = _cancel.get()
    if event is None:
        time.sleep(seconds)
    elif event.wait(seconds):
        raise CancelledError(f"{what}: cancelled before it was sent")
