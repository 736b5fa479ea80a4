"""The service's worker processes: errors and time budgets cross the process boundary,
a worker that dies fails its own request only, and the event loop stays free meanwhile."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from jiyao.service import create_app
from jiyao.settings import Settings
from tests.helpers import seed_text
from tests.live_server import LiveServer


def _big_garbled_report() -> str:
    # About 1.5 MB of the seeds: seconds of cleaning, under the 2 MB body limit.
    text = "\n".join(seed_text(f"00{i}") for i in range(5))
    return (text + "\n") * max(1, 1_500_000 // len(text.encode()))


def _wait_until_busy(url: str) -> dict[str, object]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        health = httpx.get(f"{url}/healthz", timeout=5)
        assert health.status_code == 200
        if health.json()["busy"]:
            return dict(health.json())
        time.sleep(0.02)
    raise AssertionError("the worker never became busy")


@pytest.fixture
def service() -> Iterator[str]:
    with LiveServer(create_app(Settings.from_env(), workers=1, queue=4)) as server:
        yield server.url


def test_an_input_error_raised_in_a_worker_comes_back_as_422(service: str) -> None:
    response = httpx.post(f"{service}/v1/clean", json={"text": "   \n "}, timeout=60)
    assert response.status_code == 422
    assert response.json()["kind"] == "InputError" and "empty" in response.json()["error"]


def test_the_time_budget_holds_inside_a_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIYAO_REPORT_TIMEOUT", "0.05")
    with LiveServer(create_app(Settings.from_env(), workers=1)) as server:
        response = httpx.post(f"{server.url}/v1/clean", json={"text": _big_garbled_report()}, timeout=120)
    assert response.status_code == 504
    assert response.json()["kind"] == "TimeBudgetError" and "time budget of 0.05 s" in response.json()["error"]


def test_a_killed_worker_fails_its_request_only_and_the_next_one_is_served(service: str) -> None:
    answers: list[httpx.Response] = []
    thread = threading.Thread(
        target=lambda: answers.append(
            httpx.post(f"{service}/v1/clean", json={"text": _big_garbled_report()}, timeout=120)
        )
    )
    thread.start()
    _wait_until_busy(service)
    workers = multiprocessing.active_children()
    assert workers, "the service runs its work in worker processes"
    for worker in workers:
        assert worker.pid is not None
        os.kill(worker.pid, signal.SIGKILL)
    thread.join(timeout=120)
    assert answers[0].status_code == 500
    assert answers[0].json()["kind"] == "WorkerCrashedError"
    again = httpx.post(f"{service}/v1/clean", json={"text": seed_text("000")}, timeout=120)
    assert again.status_code == 200 and again.json()["text"]


def test_health_answers_while_every_worker_is_busy(service: str) -> None:
    # With the only worker cleaning a large report, /healthz still answers, and says so.
    thread = threading.Thread(
        target=lambda: httpx.post(f"{service}/v1/clean", json={"text": _big_garbled_report()}, timeout=120)
    )
    thread.start()
    health = _wait_until_busy(service)
    assert thread.is_alive(), "the report was still being cleaned while /healthz answered"
    thread.join(timeout=120)
    assert health["busy"] == 1 and health["status"] == "ok"


def test_jobs_in_flight_when_the_pool_closes_are_cancelled_not_crashed() -> None:
    # A server stopping (or a batch's Ctrl-C) closes the pool while jobs run and wait. The
    # running one had failed as a dead worker (WorkerCrashedError: "killed, or out of
    # memory?"), the waiting one with the executor's own CancelledError (an internal error).
    from concurrent.futures import ThreadPoolExecutor

    from jiyao.cpu_pool import CpuPool
    from jiyao.errors import CancelledError

    pool = CpuPool(1)
    pool.warm()
    deadline = time.monotonic() + 60
    while not pool.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert pool.started
    with ThreadPoolExecutor(2) as threads:
        running = threads.submit(pool.call, time.sleep, 30)
        time.sleep(0.5)  # the first job is in the worker
        waiting = threads.submit(pool.call, time.sleep, 30)
        time.sleep(0.2)
        pool.close()
        for job in (running, waiting):
            error = job.exception(timeout=30)
            assert isinstance(error, CancelledError), repr(error)
    # And a job asked for afterwards starts nothing.
    with pytest.raises(CancelledError):
        pool.call(time.sleep, 0)
