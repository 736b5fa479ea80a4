"""`--max-cost`'s budget: calls under way count, and a batch's reports each get a portion."""

from __future__ import annotations

import threading

import pytest

from jiyao.errors import BudgetExceededError
from jiyao.pipeline.budget import Budget


def test_calls_reserved_at_once_cannot_pass_the_budget_between_them() -> None:
    # Before: each call was weighed against what was spent alone (nothing, while all were under
    # way): eight chunks sent at once each fitted, and together passed the budget.
    budget = Budget(5.5)
    start, taken, refused = threading.Barrier(20), [], []

    def call() -> None:
        start.wait()
        try:
            taken.append(budget.reserve(1.0))
        except BudgetExceededError as e:
            refused.append(str(e))

    threads = [threading.Thread(target=call) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(taken) == 5 and len(refused) == 15
    assert "about $5.0000 under way" in refused[0] and "over the budget of $5.5000" in refused[0]
    for settle in taken:
        settle(0.5)  # each cost less than feared: the room is back
    assert budget.spent == pytest.approx(2.5)
    budget.reserve(3.0)
    with pytest.raises(BudgetExceededError, match=r"\$2\.5000 spent and about \$3\.0000 under way"):
        budget.reserve(0.1)


def test_a_reports_portion_is_set_aside_whole_and_what_it_leaves_is_freed() -> None:
    batch = Budget(10.0)
    report = batch.portion(4.0)
    with pytest.raises(BudgetExceededError):
        batch.portion(6.5)  # 4 set aside: another report of 6.5 does not start
    report.reserve(2.0)(3.0)  # an answer longer than expected
    report.reserve(2.0)(1.0)  # the next call planned is not refused for it
    report.reserve(3.0)(2.5)  # past its plan: drawn on what the batch has left
    assert report.spent == pytest.approx(4.0) and batch.spent == pytest.approx(2.5)
    report.close()
    assert batch.spent == pytest.approx(6.5) and batch.under_way == pytest.approx(0.0)
    batch.portion(3.5)  # what is left after what the report spent
    with pytest.raises(BudgetExceededError):
        batch.portion(0.1)
