"""CPU-bound work in worker processes: a server's event loop never waits for the GIL, and
a batch cleans its reports on every core.

Cleaning and rule-based extraction are pure Python: run in threads, they hold the GIL
and a busy pool delays even a health check by tens of milliseconds, and a batch's
cleaning (tens of ms a garbled report) runs on one core. Here each job runs in one of
``size`` spawned processes, under the per-report time budget (checked inside the child,
as in the CLI); the children read the tables from the directory the parent's settings
chose. A :class:`~jiyao.errors.JiyaoError` raised in a child comes back as the same class
with the same message and ``path``; a child that dies (killed, out of memory) fails its
job with :class:`WorkerCrashedError` and the pool is rebuilt for the next one. Jobs running
or waiting when the pool is closed (a server stopping, a batch's Ctrl-C) fail with
:class:`~jiyao.errors.CancelledError`.

Spawned children import the parent's main module again (as ``multiprocessing`` always
does): the CLI's and the service's are guarded; a script that uses a pool needs
``if __name__ == "__main__":``.
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
from concurrent import futures
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from jiyao import deadline, errors
from jiyao.errors import CancelledError, JiyaoError, WorkerCrashedError

T = TypeVar("T")


def cores() -> int:
    """The cores this process may run on (a container's or ``taskset``'s share, not the machine's)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on macOS or Windows
        return os.cpu_count() or 1


def default_workers() -> int:
    """A batch's cleaning processes unless told: one a core, up to 8 (each ~90 MiB resident
    once it has read a report, ~40 of them the table files it shares with the others); none
    on one core, where they would only add their start."""
    available = cores()
    return 0 if available < 2 else min(available, 8)


def _start_worker(parent: int, tables_directory: str) -> None:
    """In each child, first: leave when the parent is gone, and load the tables from where
    the parent's settings keep them (a batch's ``--cache-dir``: elsewhere, a child had
    built them anew, seconds)."""
    # However the server ends (uvicorn re-raises SIGTERM after its shutdown, which skips
    # the executor's goodbye; kill -9; a crash), no worker outlives it holding memory.
    threading.Thread(target=_exit_with, args=(parent,), name="jiyao-parent-watch", daemon=True).start()
    _ignore_ctrl_c()
    from jiyao.cleaning import clean_text, tables

    tables.use_directory(Path(tables_directory))
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # a damaged PDF's repairs: no server log lines
    clean_text("會議。")


def _ignore_ctrl_c() -> None:
    """In a child: Ctrl-C reaches the whole process group, and the server decides what stops,
    not its children. A child is born with SIGINT blocked (see _sigint_blocked); ignoring it
    drops one that came while this child was starting, and only then is it unblocked."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # not on Windows
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def build_tables_apart() -> None:
    """The language tables, built in a process of their own if this installation has not
    built them yet, and kept as files: else a server's workers each built them at their first
    garbled report (~10 s, every worker at once, after /healthz had said "ready"), and built
    here they would stay in this process's memory (~65 MiB) where no report is cleaned."""
    from jiyao.cleaning import tables

    if tables.built_mark().exists():
        return
    with _sigint_blocked():
        child = multiprocessing.get_context("spawn").Process(
            target=_build_tables, args=(str(tables.directory()),), name="jiyao-tables", daemon=True
        )
        child.start()
    child.join()


def _build_tables(tables_directory: str) -> None:
    _ignore_ctrl_c()
    from jiyao.cleaning import tables
    from jiyao.pipeline import warm_up

    tables.use_directory(Path(tables_directory))
    warm_up(None)


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
    """In the child: the job under its time budget; an error travels back as (class name,
    text, path), because error classes with keyword-only context do not unpickle."""
    try:
        with deadline.time_budget(budget, what):
            return True, fn(*args)
    except JiyaoError as e:
        path = getattr(e, "path", None)
        return False, (type(e).__name__, str(e), None if path is None else str(path))


def _rebuild_error(name: str, message: str, path: str | None) -> JiyaoError:
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, JiyaoError)):
        cls = JiyaoError
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.message = message
    if path is not None:  # the message names it already; a caller may take it off
        error.path = Path(path)  # type: ignore[attr-defined]
    return error


class CpuPool:
    """``size`` worker processes, started on first use (or by :meth:`warm`)."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._warming: list[Future[int]] = []
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()
        self._closed = False

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._closed:  # a job asked for after the pool's owner stopped: none starts again
                raise CancelledError("stopped before this work began")
            if self._pool is None:
                # spawn, not fork: the server has threads, and a forked child could inherit a held lock.
                context = multiprocessing.get_context("spawn")
                from jiyao.cleaning import tables

                self._pool = ProcessPoolExecutor(
                    self.size,
                    mp_context=context,
                    initializer=_start_worker,
                    initargs=(os.getpid(), str(tables.directory())),
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

    @property
    def started(self) -> bool:
        """Whether :meth:`warm`'s workers are ready and every one started: False while they
        start, and for good when one could not (a caller may then do the work itself)."""
        return bool(self._warming) and all(
            job.done() and not job.cancelled() and job.exception() is None for job in self._warming
        )

    async def run(self, fn: Callable[..., T], *args: Any, budget: float | None = None, what: str = "the report") -> T:
        """``fn(*args)`` in a worker, awaited (for an event loop)."""
        executor, job = self._submit(fn, args, budget, what)
        try:
            ok, value = await asyncio.wrap_future(job)
        except (BrokenProcessPool, futures.CancelledError) as e:
            raise self._failed(executor, what) from e
        return _returned(ok, value)  # type: ignore[no-any-return]

    def call(self, fn: Callable[..., T], *args: Any, budget: float | None = None, what: str = "the report") -> T:
        """``fn(*args)`` in a worker, waited for (from a thread of the caller's)."""
        executor, job = self._submit(fn, args, budget, what)
        try:
            ok, value = job.result()
        except (BrokenProcessPool, futures.CancelledError) as e:
            raise self._failed(executor, what) from e
        return _returned(ok, value)  # type: ignore[no-any-return]

    def _submit(
        self, fn: Callable[..., Any], args: tuple[Any, ...], budget: float | None, what: str
    ) -> tuple[ProcessPoolExecutor, Future[tuple[bool, Any]]]:
        executor = self._executor()
        try:
            with _sigint_blocked():  # the executor starts a worker inside submit, when one is missing
                return executor, executor.submit(_run, fn, args, budget, what)
        except BrokenProcessPool as e:
            raise self._failed(executor, what) from e
        except RuntimeError as e:  # shut down since this thread took it: closed meanwhile
            if not self._closed:
                raise
            raise self._failed(executor, what) from e

    def _failed(self, executor: ProcessPoolExecutor, what: str) -> JiyaoError:
        """Why a job did not come back: the pool was closed under it (its worker ended,
        or the job was never run), or its worker died."""
        if self._closed:
            return CancelledError(f"stopped before {what} was done")
        return self._crashed(executor, what)

    def _crashed(self, executor: ProcessPoolExecutor, what: str) -> WorkerCrashedError:
        """The pool a dead worker broke is dropped (the next job builds another)."""
        with self._lock:
            if self._pool is executor:
                self._pool = None
        executor.shutdown(wait=False, cancel_futures=True)
        return WorkerCrashedError(f"the worker process for {what} died (killed, or out of memory?)")

    def close(self) -> None:
        with self._lock:
            pool, self._pool, self._closed = self._pool, None, True
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


def _returned(ok: bool, value: Any) -> Any:
    if not ok:
        raise _rebuild_error(*value)
    return value
