"""CPU-bound work in worker processes, so a server's event loop never waits for the GIL.

Cleaning and rule-based extraction are pure Python: run in threads, they hold the GIL
and a busy pool delays even a health check by tens of milliseconds. Here each job runs
in one of ``size`` spawned processes, under the per-report time budget (checked inside
the child, as in the CLI). A :class:`~jiyao.errors.JiyaoError` raised in a child comes
back as the same class with the same message; a child that dies (killed, out of memory)
fails its job with :class:`WorkerCrashedError` and the pool is rebuilt for the next one.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any, TypeVar

from jiyao import deadline, errors
from jiyao.errors import JiyaoError, WorkerCrashedError

T = TypeVar("T")


def _start_worker(parent: int) -> None:
    """In each child, first: leave when the server is gone, and load the tables."""
    # However the server ends (uvicorn re-raises SIGTERM after its shutdown, which skips
    # the executor's goodbye; kill -9; a crash), no worker outlives it holding memory.
    threading.Thread(target=_exit_with, args=(parent,), name="jiyao-parent-watch", daemon=True).start()
    # Ctrl-C reaches the whole process group: the server decides what stops, not its workers.
    # A child is born with SIGINT blocked (see _sigint_blocked); ignoring it drops one that came
    # while this child was starting, and only then is it unblocked.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # not on Windows
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    from jiyao.cleaning import clean_text

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged PDF's repairs: no server log lines
    clean_text("會議。")


@contextmanager
def _sigint_blocked() -> Iterator[None]:
    """Around a call that may spawn workers: a child inherits the blocked signal through exec,
    so a Ctrl-C while its Python starts and imports (hundreds of ms on a busy machine) waits
    for ``_start_worker`` instead of printing a KeyboardInterrupt trace or a fatal error.
    (Only this thread blocks it: the server still gets its own Ctrl-C.)"""
    if not hasattr(signal, "pthread_sigmask"):  # Windows: no masks (and no SIGINT to a group)
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _exit_with(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.25)
    os._exit(0)


def _run(fn: Callable[..., Any], args: tuple[Any, ...], budget: float | None, what: str) -> tuple[bool, Any]:
    """In the child: the job under its time budget; an error travels back as (class name, text),
    because error classes with keyword-only context do not unpickle."""
    try:
        with deadline.time_budget(budget, what):
            return True, fn(*args)
    except JiyaoError as e:
        return False, (type(e).__name__, str(e))


def _rebuild_error(name: str, message: str) -> JiyaoError:
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, JiyaoError)):
        cls = JiyaoError
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.message = message
    return error


class CpuPool:
    """``size`` worker processes, started on first use (or by :meth:`warm`)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._warming: list[Future[int]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                # spawn, not fork: the server has threads, and a forked child could inherit a held lock.
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(
                    self.size, mp_context=context, initializer=_start_worker, initargs=(os.getpid(),)
                )
            return self._pool

    def warm(self) -> None:
        """Start every worker now, so the first requests don't pay for start-up."""
        executor = self._executor()
        with _sigint_blocked():
            self._warming = [executor.submit(int) for _ in range(self.size)]

    @property
    def ready(self) -> bool:
        """Whether the work :meth:`warm` sent has run: the workers started and loaded the
        tables (seconds after start-up on a busy machine; a request before waits for them)."""
        return all(job.done() for job in self._warming)

    async def run(self, fn: Callable[..., T], *args: Any, budget: float | None = None, what: str = "the report") -> T:
        executor = self._executor()
        try:
            with _sigint_blocked():  # the executor starts a worker inside submit, when one is missing
                job = executor.submit(_run, fn, args, budget, what)
            ok, value = await asyncio.wrap_future(job)
        except BrokenProcessPool as e:
            with self._lock:
                if self._pool is executor:
                    self._pool = None
            executor.shutdown(wait=False, cancel_futures=True)
            raise WorkerCrashedError(f"the worker process for {what} died (killed, or out of memory?)") from e
        if not ok:
            raise _rebuild_error(*value)
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            # The server is stopping and its requests are over: end running jobs now, or the
            # executor's goodbye at interpreter exit waits for them (seconds, after Ctrl-C).
            # (``_processes`` is the executor's own table; shutdown empties it.)
            running = list((getattr(pool, "_processes", None) or {}).values())
            for process in running:
                process.terminate()
            # Then wait for the executor's thread, which sees them gone: its queues are freed
            # here, with their semaphores (uvicorn's SIGTERM leaves no exit hooks to do it).
            pool.shutdown(wait=True, cancel_futures=True)
