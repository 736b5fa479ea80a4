"""What a batch shows while it runs: a bar on a terminal; in a log, a line now and then.

A bar drawn to a file is only written once, when it stops: a batch of hours run by cron
or under a service manager showed nothing until its end. In a log each failure is told
as it happens, and the counts on the first report's end, then at most every ``every``
seconds, and on the last.
"""

from __future__ import annotations

import time
from types import TracebackType
from typing import TYPE_CHECKING, Any

from jiyao.cli.common import shown

if TYPE_CHECKING:
    from jiyao.batch import BatchState, Outcome


def for_stderr(every: float = 10.0) -> BatchBar | BatchLines:
    from rich.console import Console

    console = Console(stderr=True)
    return BatchBar(console) if console.is_terminal else BatchLines(console, every)


def _detail(state: BatchState) -> str:
    failed = f"{len(state.failed)} failed"
    if state.engine == "offline":
        return failed  # no tokens, nothing paid: "0 tokens · $0.0000" said nothing
    tokens = sum(o.prompt_tokens + o.completion_tokens for o in state.outcomes)
    costs = [o.cost for o in state.outcomes]
    cost = "$?" if any(c is None for c in costs) else f"${sum(c or 0.0 for c in costs):.4f}"
    return f"{failed} · {tokens} tokens · {cost}"


class BatchBar:
    def __init__(self, console: Any) -> None:
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self._progress = Progress(
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}"),
            TimeElapsedColumn(),
            console=console,
        )
        self._task = self._progress.add_task("reports", total=None, detail="")

    def __enter__(self) -> BatchBar:
        self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self._progress.stop()

    def started(self, state: BatchState) -> None:
        # Out of the reports found from the start, not from the first done.
        self._progress.update(self._task, total=state.total)

    def done(self, outcome: Outcome, state: BatchState) -> None:
        self._progress.update(self._task, total=state.total, completed=len(state.outcomes), detail=_detail(state))

    def note(self, text: str) -> None:
        self._progress.console.print(text, markup=False, highlight=False, soft_wrap=True)


class BatchLines:
    def __init__(self, console: Any, every: float) -> None:
        self._console = console
        self._every = every
        self._began = time.monotonic()
        self._last: float | None = None

    def __enter__(self) -> BatchLines:
        self._began = time.monotonic()  # the clock counts from the batch's start, not from when built
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        return None

    def started(self, state: BatchState) -> None:
        self.note(f"jiyao: batch: {state.total} report{'' if state.total == 1 else 's'} found")

    def done(self, outcome: Outcome, state: BatchState) -> None:
        if outcome.status in ("failed", "partial"):
            self.note(f"jiyao: {outcome.status}: {shown(outcome.name)}: {outcome.reason}")
        now = time.monotonic()
        finished = len(state.outcomes)
        if self._last is None or now - self._last >= self._every or finished == state.total:
            self._last = now
            elapsed = int(now - self._began)
            clock = f"{elapsed // 3600}:{elapsed // 60 % 60:02d}:{elapsed % 60:02d}"
            self.note(f"jiyao: batch: {finished}/{state.total} reports · {_detail(state)} · {clock}")

    def note(self, text: str) -> None:
        self._console.print(text, markup=False, highlight=False, soft_wrap=True)
