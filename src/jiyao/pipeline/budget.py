"""The dollars a command — or a whole batch, across its reports — may spend (``--max-cost``)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from jiyao.errors import BudgetExceededError

Settle = Callable[[float], None]  # a reserved call is over: what it cost, its every request


class Budget:
    """What may be spent, what was, and what the calls under way are expected to cost. A
    call is sent only if the three fit together: calls sent at once (a report's chunks and
    its translation, a batch's reports) cannot pass the budget between them, as each would
    if it were weighed against what was spent alone.

    A batch gives each report it starts a :meth:`portion` of its own, the report's planned
    cost: a report is started only if it fits whole, so the budget ends reports, not halves of
    them. Its planned calls are weighed against the portion by their estimates (an answer
    longer than expected does not refuse the next call planned); a call past the plan draws on
    what the batch has left. A report that does not fit while others are under way waits for
    them: their portions are estimates, and what they leave is free again."""

    def __init__(self, limit: float, parent: Budget | None = None, *, set_by: str = "--max-cost") -> None:
        self.limit = limit
        self.set_by = set_by  # what the refusal names: the flag, or a service request's field
        self.spent = 0.0
        self.under_way = 0.0
        self._calls = 0  # under way: their estimates, summed, are not an exact zero once settled
        self._estimated = 0.0  # the estimates of the calls taken (what a portion weighs)
        self._parent = parent
        self._lock = threading.Lock()
        self._settled = threading.Condition(self._lock)  # a call or portion is over: room may be free

    def _fits(self, estimate: float) -> bool:
        """Under the lock. A portion weighs the estimates of the calls it took, so an answer
        longer than expected does not refuse the next call planned; a batch, or a command's
        budget, weighs what was spent and what is under way."""
        taken = self._estimated if self._parent is not None else self.spent + self.under_way
        # Within a billionth of a dollar: a portion is its calls' estimates summed in another
        # order (planned together, reserved one by one), and it must fit them exactly.
        return taken + estimate <= self.limit + 1e-9

    def _count(self, estimate: float) -> None:
        """Under the lock: a call or a portion of about ``estimate`` is under way."""
        self._estimated += estimate
        self.under_way += estimate
        self._calls += 1

    def _take(self, estimate: float) -> bool:
        with self._lock:
            if not self._fits(estimate):
                return False
            self._count(estimate)
            return True

    def _settle(self, estimate: float, cost: float) -> None:
        with self._lock:
            self.under_way -= estimate
            self._calls -= 1
            self.spent += cost
            self._settled.notify_all()

    def reserve(self, estimate: float) -> Settle:
        """Count a call of about ``estimate`` dollars as under way, or raise if it does not fit;
        what to call with its cost once it is over."""
        if self._take(estimate):
            return lambda cost: self._settle(estimate, cost)
        if self._parent is not None:
            return self._parent.reserve(estimate)
        raise self._refusal(estimate)

    def _refusal(self, estimate: float) -> BudgetExceededError:
        under_way = f" and about ${self.under_way:.4f} under way" if self._calls else ""
        return BudgetExceededError(
            f"stopping: ${self.spent:.4f} spent{under_way}, the next call would add about ${estimate:.4f}, "
            f"over the budget of ${self.limit:.4f} ({self.set_by})"
        )

    def portion(self, amount: float, stopped: Callable[[], bool] = lambda: False) -> Budget:
        """``amount`` of this budget set aside for one report, once it fits — waiting, while
        others are under way, for them to be over (or for ``stopped``); raises when nothing is
        under way and it still does not fit. :meth:`close` it when the report is over."""
        with self._settled:
            while not self._fits(amount):
                if not self._calls or stopped():
                    raise self._refusal(amount)
                self._settled.wait(0.5)
            self._count(amount)
        return Budget(amount, parent=self, set_by=self.set_by)

    def close(self) -> None:
        """A portion's report is over: what it spent counts in its parent, the rest is free."""
        if self._parent is not None:
            self._parent._settle(self.limit, self.spent)
