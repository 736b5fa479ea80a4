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
        batch.portion(6.5, stopped=lambda: True)  # 4 set aside: another report of 6.5 does not start
    report.reserve(2.0)(3.0)  # an answer longer than expected
    report.reserve(2.0)(1.0)  # the next call planned is not refused for it
    report.reserve(3.0)(2.5)  # past its plan: drawn on what the batch has left
    assert report.spent == pytest.approx(4.0) and batch.spent == pytest.approx(2.5)
    report.close()
    assert batch.spent == pytest.approx(6.5) and batch.under_way == pytest.approx(0.0)
    last = batch.portion(3.5)  # what is left after what the report spent
    last.reserve(3.5)(3.5)
    last.close()
    with pytest.raises(BudgetExceededError):
        batch.portion(0.1)  # all spent, nothing under way to wait for: refused at once


def test_a_report_that_does_not_fit_yet_waits_for_those_under_way() -> None:
    # Their portions are estimates: what they do not spend is free again when they end.
    batch = Budget(10.0)
    first = batch.portion(6.0)
    admitted: list[Budget] = []
    waiting = threading.Thread(target=lambda: admitted.append(batch.portion(6.0)))
    waiting.start()
    waiting.join(0.3)
    assert waiting.is_alive() and not admitted  # 6 + 6 > 10: it waits
    first.reserve(6.0)(3.0)
    first.close()  # spent 3 of its 6
    waiting.join(5)
    assert len(admitted) == 1 and batch.under_way == pytest.approx(6.0)
    stop = threading.Event()
    refused: list[BaseException] = []

    def third() -> None:
        try:
            batch.portion(2.0, stopped=stop.is_set)
        except BudgetExceededError as e:
            refused.append(e)

    waiting = threading.Thread(target=third)
    waiting.start()
    stop.set()  # the batch stops (Ctrl-C): a report waiting for room stops waiting
    waiting.join(5)
    assert not waiting.is_alive() and len(refused) == 1


def test_a_portion_fits_its_planned_calls_exactly_whatever_the_order_of_the_sums() -> None:
    # Planned together, priced once: (3589 + 3227) prompt and (2126 + 2428) answer tokens at
    # $1,000 a million; reserved one by one, each priced alone. The float sums differ in the
    # last bit, and the second call had been refused by its own report's portion.
    def cost(prompt: int, answer: int) -> float:
        return (prompt * 1000 + answer * 1000) / 1e6

    portion = Budget(100.0).portion(cost(3589 + 3227, 2126 + 2428))
    portion.reserve(cost(3227, 2428))
    portion.reserve(cost(3589, 2126))
    assert portion._estimated == pytest.approx(portion.limit)
