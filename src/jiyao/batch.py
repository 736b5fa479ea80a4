"""Many reports at once: clean → readout → translation → brief, per report, concurrently.

* Each report passes three stages in worker threads — read and clean, ask (readout and
  translation), write — sharing one endpoint client, cache, prompt set and rate limiter.
  Only the asking is limited to ``concurrency`` reports at a time: the next reports are
  cleaned, and the last ones written, while the endpoint answers. With ``workers``, the
  cleaning runs in that many worker processes (:mod:`jiyao.cpu_pool`), on every core.
* Inputs: regular files under the input folder (:mod:`jiyao.batch_inputs`); the outputs
  mirror their places under the output folder and never leave it.
* Outputs per report, written atomically once every stage succeeded:
  ``<name>.readout.json``, ``<name>.en.md`` (LLM only) and ``<name>.brief.html``.
* Resumable: ``manifest.json`` records each report's input hash, engine and model; a
  report is skipped only when its outputs are whole and were made from the same bytes
  by the same engine — a replaced input is redone.
* Nothing lost: any failure of one report (LLM, input, disk) is recorded and the rest go
  on; ``summary.json`` says, per report, done / cached / skipped / partial (written
  without a passage the provider's content filter refused, named) / failed (with the
  reason) / interrupted, requests, tokens and cost. One batch at a time per output folder
  (a lock file); temporary files a killed run left are removed on start.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ValidationError

from jiyao import deadline
from jiyao.batch_inputs import Found, find_reports
from jiyao.briefing import render_brief
from jiyao.cleaning import clean_bytes, known_names
from jiyao.errors import CONTENT_FILTER, BudgetExceededError, DeferredError, InputError, JiyaoError
from jiyao.files import atomic_write, remove_stale_temporaries
from jiyao.redact import redact
from jiyao.schemas import Readout
from jiyao.settings import Settings

if TYPE_CHECKING:
    from jiyao.cleaning.model import CleanReport
    from jiyao.cpu_pool import CpuPool
    from jiyao.pipeline.engine import PlannedCall
    from jiyao.pipeline.translation import Translation

log = logging.getLogger("jiyao.batch")
# "planned": a dry run's report, read, cleaned and planned, not asked (no summary is written).
Status = Literal["done", "cached", "skipped", "partial", "failed", "interrupted", "pending", "planned"]
SUMMARY_NAME = "summary.json"
MANIFEST_NAME = "manifest.json"
LOCK_NAME = ".jiyao-batch.lock"
# A batch of fewer reports cleans them in its own threads: its workers' start (a Python,
# its imports and tables: ~0.3 s of a core each) costs what they save on ~50 garbled
# reports (offline, 2 cores: 40 reports no faster, 100 1.2×, 200 1.4×).
WORKERS_FROM = 50


@dataclass(frozen=True)
class Outcome:
    name: str
    status: Status
    reason: str | None = None
    calls: int = 0
    requests: int = 0
    cache_hits: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    tokens_counted_here: int = 0  # answers whose tokens jiyao counted: the server reported none
    cost: float | None = 0.0
    outputs: tuple[str, ...] = ()


@dataclass
class BatchState:
    """What a batch has done so far; complete or not, it can be written as summary.json."""

    directory: Path
    output: Path
    engine: str
    model: str | None
    total: int = 0
    started: str = field(default_factory=lambda: _now())
    outcomes: list[Outcome] = field(default_factory=list)
    interrupted: bool = False
    # Requests sent that a stop did not wait for (a second Ctrl-C): counted in their
    # reports' requests, as a provider may bill them.
    unanswered: int = 0
    # Files under the folder that look like reports but the glob did not match.
    left_out: list[str] = field(default_factory=list)
    # --max-cost was reached: no report started after, and those asked then failed.
    over_budget: bool = False

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    @property
    def partial(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "partial"]

    def to_json(self) -> dict[str, Any]:
        statuses = ("done", "cached", "skipped", "partial", "failed", "interrupted", "pending")
        counts = {status: sum(o.status == status for o in self.outcomes) for status in statuses}
        for rare in ("partial", "pending"):  # a refused passage; a provider batch between passes
            if not counts[rare]:
                del counts[rare]
        costs = [o.cost for o in self.outcomes]
        summary: dict[str, Any] = {
            "directory": str(self.directory),
            "output": str(self.output),
            "engine": self.engine,
            "model": self.model,
            "started": self.started,
            "finished": _now(),
            "interrupted": self.interrupted,
            "reports": self.total,
            "counts": counts | {"not_run": self.total - len(self.outcomes)},
            "tokens": {
                "prompt": sum(o.prompt_tokens for o in self.outcomes),
                "completion": sum(o.completion_tokens for o in self.outcomes),
            },
            "requests": sum(o.requests for o in self.outcomes),
            "cost": None if any(c is None for c in costs) else round(sum(c or 0.0 for c in costs), 6),
            "results": [dataclasses.asdict(o) for o in sorted(self.outcomes, key=lambda o: o.name)],
        }
        if counted := sum(o.tokens_counted_here for o in self.outcomes):
            summary["tokens"]["counted_here"] = counted  # answers the server gave no usage with
        if self.unanswered:
            summary["requests_unanswered"] = self.unanswered
        if self.over_budget:
            summary["stopped_at_budget"] = True
        if self.left_out:
            summary["not_matched_by_glob"] = self.left_out
        return summary

    def write_summary(self) -> Path:
        path = self.output / SUMMARY_NAME
        atomic_write(path, json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n")
        return path


@dataclass(frozen=True)
class BatchPlan:
    """What a batch would ask now (``--dry-run``): each report's calls, by name; the reports it
    would skip (their outputs stand for their bytes) or could not read."""

    calls: tuple[tuple[str, tuple[PlannedCall, ...]], ...]
    skipped: int
    failed: tuple[Outcome, ...]


@dataclass
class _Report:
    """One report between its stages (read and clean → ask → write); its worker threads
    change it one stage at a time."""

    found: Found
    name: str
    engine: Any
    paths: dict[str, Path] = field(default_factory=dict)
    stamp: dict[str, Any] = field(default_factory=dict)
    report: CleanReport | None = None
    readout: Readout | None = None
    translation: Translation | None = None
    failed: list[str] = field(default_factory=list)
    asked: bool = False  # its LLM work began: a stop that does not wait for it records it
    spent: float = 0.0  # seconds of its own work so far; its waits for a slot are not counted

    def budget_left(self, budget: float | None) -> float | None:
        if not budget:
            return None
        return max(budget - self.spent, 1e-9)  # spent: the stage's first check says so


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _size(found: Found) -> int:
    try:
        return found.path.stat().st_size
    except OSError:
        return 0


def output_paths(output: Path, name: str, *, translation: bool) -> dict[str, Path]:
    """A report's outputs, by the name :func:`jiyao.batch_inputs.outputs_named` gave it."""
    paths = {"readout": output / f"{name}.readout.json"}
    if translation:
        paths["en"] = output / f"{name}.en.md"
    paths["brief"] = output / f"{name}.brief.html"
    return paths


def outputs_complete(paths: dict[str, Path]) -> bool:
    """Every output exists and is whole: a valid Readout, a non-empty translation, a closed HTML page."""
    try:
        Readout.model_validate_json(paths["readout"].read_text(encoding="utf-8"))
        if "en" in paths and not paths["en"].read_text(encoding="utf-8").strip():
            return False
        return paths["brief"].read_text(encoding="utf-8").rstrip().endswith("</html>")
    except (OSError, ValidationError, UnicodeDecodeError):
        return False


class _Manifest:
    """What each output was made from: input hash, engine, model. Thread-safe.

    ``manifest.json`` holds the state as of the last batch's end; each record since is one
    line appended to ``manifest.json.journal`` (flushed to disk before the outputs it
    vouches for change), and :meth:`compact` folds the journal in. Rewriting the whole file
    per record made a batch quadratic: 3,000 reports spent 65 s on it.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.journal = path.with_name(path.name + ".journal")
        self._lock = threading.Lock()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            self.entries: dict[str, dict[str, Any]] = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            self.entries = {}
        self._replay()

    def _replay(self) -> None:
        try:
            raw = self.journal.read_bytes()
        except OSError:
            return
        whole = raw[: raw.rfind(b"\n") + 1]  # a line a killed run left half-written is dropped
        for line in whole.splitlines():
            try:
                change = json.loads(line)
                name, stamp = change["name"], change["stamp"]
            except (ValueError, KeyError, TypeError):
                continue
            if stamp is None:
                self.entries.pop(name, None)
            else:
                self.entries[name] = stamp
        if len(whole) < len(raw):
            try:
                with self.journal.open("r+b") as handle:
                    handle.truncate(len(whole))  # so the next line starts on a line of its own
            except OSError:
                pass  # a folder we cannot write: its reports fail, each with the reason

    def matches(self, name: str, stamp: dict[str, Any]) -> bool:
        with self._lock:
            return self.entries.get(name) == stamp

    def record(self, name: str, stamp: dict[str, Any] | None) -> None:
        line = json.dumps({"name": name, "stamp": stamp}, ensure_ascii=False, sort_keys=True) + "\n"
        with self._lock:
            if stamp is None:
                self.entries.pop(name, None)
            else:
                self.entries[name] = stamp
            with self.journal.open("ab") as handle:
                handle.write(line.encode("utf-8"))
                handle.flush()
                os.fsync(handle.fileno())

    def compact(self) -> None:
        """Write the whole state to ``manifest.json`` and drop the journal (replaying it over
        the new file, after a crash between the two steps, gives the same state)."""
        with self._lock:
            text = json.dumps(self.entries, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
            atomic_write(self.path, text)
            self.journal.unlink(missing_ok=True)


@functools.cache
def _code_digest() -> str:
    """A hash of jiyao's own code, templates and tables: its rules make the outputs, and a
    checkout or an upgrade can change them without a new version number (~2 ms, once)."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".j2", ".json", ".txt") and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


class _OutputLock:
    """One batch per output folder: a second one exits 2 instead of redoing the first's work."""

    def __init__(self, output: Path) -> None:
        self.path = output / LOCK_NAME
        self._handle: Any = None

    def __enter__(self) -> _OutputLock:
        import fcntl

        self._handle = self.path.open("a")
        try:
            fcntl.flock(self._handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self._handle.close()
            raise InputError("another jiyao batch is writing to this output folder", path=self.path.parent) from None
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()  # closing releases the lock; the empty file stays harmlessly


class Batch:
    manifest: _Manifest

    def __init__(
        self,
        directory: Path,
        output: Path,
        settings: Settings,
        *,
        pattern: str = "**/*.txt",
        concurrency: int = 4,
        on_event: Callable[[Outcome, BatchState], None] | None = None,
        engine: Any = "auto",
        names: Iterable[str] = (),
        on_stopping: Callable[[int], None] | None = None,
        on_started: Callable[[BatchState], None] | None = None,
        workers: int = 0,
    ) -> None:
        """``names``: people the reports may name, for the cleaner (:mod:`jiyao.cleaning.known_names`).
        ``workers``: processes that clean the reports, for a batch of ``WORKERS_FROM`` reports
        or more (0: the batch's own threads); they import the caller's main module again, as
        :mod:`multiprocessing`'s do — a script needs ``if __name__ == "__main__":``.
        ``on_stopping(unanswered)``: called when a Ctrl-C stops the batch while requests it
        sent are still unanswered, before it waits for them. ``on_started(state)``: called
        once the reports are found (``state.total``), before the first is read."""
        from jiyao.batch_inputs import check_pattern
        from jiyao.pipeline import engine_for

        if not directory.is_dir():
            raise InputError("not a directory", path=directory)
        if output.exists() and not output.is_dir():
            raise InputError("the output exists and is not a directory", path=output)
        check_pattern(pattern)
        self.directory = directory
        self.output = output
        self.pattern = pattern
        self.settings = settings
        self.concurrency = max(1, concurrency)
        self.on_event = on_event
        self.on_stopping = on_stopping
        self.on_started = on_started
        self.names = known_names(names)
        self.workers = max(0, workers)
        self._pool: CpuPool | None = None  # made by run when the batch is big enough
        self._pool_lock = threading.Lock()
        self._pool_warmed = False
        self._cleaning_here = threading.Lock()
        self.engine = None if engine is None else engine_for(settings) if engine == "auto" else engine
        self._closes_engine = engine == "auto"  # one it made; a caller's engine is the caller's to close
        self.cancelled = threading.Event()
        self._record_lock = threading.Lock()
        self._working: dict[str, _Report] = {}  # reports begun whose outcome is not recorded
        self._abandoned = False
        self._waits_for_answers = True  # on a stop; not after :meth:`stop_now`
        self._plans: dict[str, tuple[PlannedCall, ...]] | None = None  # a dry run's: no report asked
        self.state = BatchState(
            directory, output, "llm" if self.engine else "offline", self.engine.model if self.engine else None
        )
        self.made_with = self._made_with()

    def _stamp(self, data: bytes) -> dict[str, Any]:
        return {"sha256": hashlib.sha256(data).hexdigest(), **self.made_with}

    def _made_with(self) -> dict[str, Any]:
        """Everything besides the input that shapes a report's outputs: a re-run redoes the
        reports made otherwise (an edited prompt or glossary, another chunk size, another
        jiyao) — the LLM cache still answers every request that did not change."""
        from jiyao import __version__
        from jiyao.cleaning import CLEANER_VERSION
        from jiyao.glossary import load_glossary

        made: dict[str, Any] = {
            "engine": self.state.engine,
            "model": self.state.model,
            "cleaner": CLEANER_VERSION,
            "jiyao": f"{__version__} {_code_digest()}",
            "glossary": load_glossary().digest,
        }
        if self.names:  # another list of names may read a damaged name otherwise
            listed = "\n".join(sorted(self.names)).encode()
            made["names"] = hashlib.sha256(listed).hexdigest()[:16]
        if self.engine is not None:
            made |= {"prompts": self.engine.prompt_versions(), "chunk_tokens": self.settings.max_chunk_tokens}
        return made

    def _start(self, found: Found) -> _Report | Outcome:
        name = str(found.relative)
        if found.problem is not None:
            return Outcome(name, "failed", found.problem)
        engine = self.engine.fork(cancelled=self.cancelled) if self.engine else None
        work = _Report(found, name, engine)
        with self._record_lock:
            self._working[name] = work
        return work

    def _stage(self, work: _Report, stage: Callable[[_Report], Outcome | None]) -> Outcome | None:
        """One stage of a report: within what is left of its time budget (its own work so
        far, not its wait for a slot), its failures its outcome; never raises for them."""
        engine, name, began = work.engine, work.name, time.monotonic()
        try:
            with deadline.time_budget(work.budget_left(self.settings.report_timeout), name):
                return stage(work)
        except DeferredError:
            return self._outcome(name, "pending", "waiting for the provider batch", engine, ())
        except BudgetExceededError as e:
            self.state.over_budget = True  # no report starts after this one
            return self._outcome(name, "failed", str(e), engine, ())
        except JiyaoError as e:
            return self._outcome(name, "failed", redact(_reason(e)), engine, ())
        except OSError as e:
            return self._outcome(name, "failed", f"cannot read or write: {e.strerror or e}: {e.filename}", engine, ())
        except Exception as e:  # a bug of ours must cost one report, not the batch
            log.exception("internal error on %s", name)
            return self._outcome(name, "failed", f"internal error: {type(e).__name__}: {redact(str(e))}", engine, ())
        finally:
            work.spent += time.monotonic() - began

    def _record(self, outcome: Outcome) -> None:
        # Recorded by the worker itself: a report still finishing after Ctrl-C is counted too.
        with self._record_lock:
            if self._abandoned:  # recorded as interrupted, and the summary written
                return
            self._working.pop(outcome.name, None)
            self.state.outcomes.append(outcome)
            if self.on_event is not None:
                self.on_event(outcome, self.state)

    def _read(self, work: _Report) -> Outcome | None:
        """Read and clean, or skip a report whose outputs stand for these bytes."""
        work.paths = output_paths(self.output, work.found.outputs_name, translation=self.engine is not None)
        data = work.found.path.read_bytes()
        work.stamp = self._stamp(data)
        if outputs_complete(work.paths) and self.manifest.matches(work.name, work.stamp):
            return Outcome(work.name, "skipped", outputs=tuple(str(p) for p in work.paths.values()))
        pool = self._started_pool()
        if pool is None:
            # One report at a time in this process, as without workers (several at once under
            # the GIL are each ready when all are); the next one goes to the workers once
            # they have started.
            with self._cleaning_here:
                pool = self._started_pool()
                if pool is None:
                    work.report = clean_bytes(data, path=work.name, names=self.names)
                    return None
        # Offline, the readout is CPU work too (~7 ms a report): the worker makes it as well.
        offline = self.engine is None
        job = functools.partial(_cleaned_and_read if offline else clean_bytes, path=work.name, names=self.names)
        done: Any = pool.call(job, data, budget=work.budget_left(self.settings.report_timeout), what=work.name)
        if offline:
            work.report, work.readout = done
        else:
            work.report = done
        return None

    def _started_pool(self) -> CpuPool | None:
        """The workers, once they have started (started by the first report cleaned: a
        re-run that skips every report starts none); None before, and for good when they
        could not start — the reports are then cleaned in this process."""
        pool = self._pool
        if pool is None:
            return None
        with self._pool_lock:
            if not self._pool_warmed and not self.cancelled.is_set():
                self._pool_warmed = True
                try:
                    pool.warm()
                except (OSError, RuntimeError) as e:  # no Python to start (a frozen app), no processes left
                    log.warning("cleaning in this process: the worker processes did not start: %s", e)
                    self._pool = None
                    pool.close()
                    return None
        return pool if pool.started else None

    def _admit(self, work: _Report) -> bool:
        """Under --max-cost: the report's planned cost set aside in the batch's budget, so that
        a report started is finished; False, and the batch stops starting reports, when it does
        not fit what is left."""
        engine = work.engine
        assert engine is not None and engine.budget is not None
        try:
            cost = engine.planned_cost(self._planned(work))
        except JiyaoError:
            return True  # asked, it fails with the reason
        if cost is None:
            return True  # a price unknown, allowed: no budget to keep
        try:
            engine.budget = engine.budget.portion(cost, stopped=self.cancelled.is_set)
        except BudgetExceededError:
            self.state.over_budget = True
            return False
        return True

    def _ask(self, work: _Report) -> Outcome | None:
        """The readout and translation: the endpoint's (both at once), or the offline readout."""
        engine, report, name = work.engine, work.report, work.name
        assert report is not None
        work.asked = True
        if engine is None:
            from jiyao.extraction import extract_offline

            if work.readout is None:  # else made by the worker that cleaned it
                work.readout = extract_offline(report)
            return None
        # Imported here, not above: an offline batch had imported the LLM path (~0.1 s).
        from jiyao.pipeline.mapreduce import llm_readout
        from jiyao.pipeline.translation import translate_report

        try:
            work.readout, work.translation = engine.together(
                lambda: llm_readout(engine, report, name=name), lambda: translate_report(engine, report, name=name)
            )
        finally:
            if engine.budget is not None:
                engine.budget.close()  # the report's portion (--max-cost): what it did not spend is free
        work.failed += [n.removeprefix("failed: ") for n in work.readout.notes if n.startswith("failed: ")]
        work.failed += work.translation.failures
        # A passage the provider's moderation refused is refused on every run: the rest is
        # written, the passage named (partial). Any other failure may pass next time.
        if any(CONTENT_FILTER not in reason for reason in work.failed):
            return self._outcome(name, "failed", "; ".join(work.failed), engine, ())
        return None

    def _write(self, work: _Report) -> Outcome:
        engine, name, paths, readout, translation = work.engine, work.name, work.paths, work.readout, work.translation
        assert work.report is not None and readout is not None
        self.manifest.record(name, None)  # the old outputs no longer stand for this input
        atomic_write(paths["readout"], readout.model_dump_json(indent=2) + "\n")
        if translation is not None:
            atomic_write(paths["en"], "\n\n".join(p.target or "" for p in translation.pairs) + "\n")
        brief = render_brief(
            work.report, readout, translation, "html", source=name, engine=self.state.engine, model=self.state.model
        )
        atomic_write(paths["brief"], brief)
        self.manifest.record(name, work.stamp)
        written = tuple(str(p) for p in paths.values())
        if work.failed:
            return self._outcome(name, "partial", "; ".join(work.failed), engine, written)
        status: Status = "cached" if engine is not None and engine.ledger.calls == 0 else "done"
        return self._outcome(name, status, None, engine, written)

    def _outcome(self, name: str, status: Status, reason: str | None, engine: Any, outputs: tuple[str, ...]) -> Outcome:
        if status == "failed" and self.cancelled.is_set():
            status = "interrupted"
        if engine is None:
            return Outcome(name, status, reason, outputs=outputs)
        used = engine.ledger.usage
        cost = used.cost(engine.settings)
        return Outcome(
            name,
            status,
            reason,
            calls=engine.ledger.calls,
            requests=used.requests,
            cache_hits=engine.ledger.cache_hits,
            prompt_tokens=used.prompt_tokens,
            completion_tokens=used.completion_tokens,
            tokens_counted_here=used.counted_here,
            cost=round(cost, 6) if cost is not None else None,
            outputs=outputs,
        )

    async def run_async(self) -> BatchState:
        from jiyao.pipeline import warm_up

        left_out: list[PurePosixPath] = []
        reports = find_reports(self.directory, self.pattern, exclude=self.output, left_out=left_out)
        self.state.total = len(reports)
        self.state.left_out = [str(path) for path in left_out]
        if self.on_started is not None:
            self.on_started(self.state)
        warm_up(self.engine.model if self.engine else None, self.engine.backend if self.engine else None)
        if self.engine is not None:
            # Opened now, before the reports' threads ask it: each of the first ones waited on
            # one opening whose every SQL statement waited for the GIL behind a report being
            # cleaned (~0.2 s of a 40-report batch).
            self.engine.cache.healthy()
        # Only a report's asking holds one of the `concurrency` slots: the next reports are
        # read and cleaned while the endpoint answers, and a report's outputs are written
        # after its slot went to the next one — a report's CPU work is off the path of the
        # requests. Reports are read one at a time (one a worker process, with workers), in
        # order, two ahead of the slots: reading is CPU work under the GIL, and eight reports
        # read at once in threads are each ready when all are.
        slots = asyncio.Semaphore(self.concurrency)
        ahead = asyncio.Semaphore(self.concurrency + 2)
        loop = asyncio.get_running_loop()
        if self.workers and len(reports) >= WORKERS_FROM:
            from jiyao.cpu_pool import CpuPool

            self._pool, self._pool_warmed = CpuPool(self.workers), False
        reader = ThreadPoolExecutor(max_workers=self.workers if self._pool else 1, thread_name_prefix="jiyao-read")
        # Our own pool: the default one has min(32, cores + 4) threads, fewer than we use.
        pool = ThreadPoolExecutor(max_workers=2 * self.concurrency, thread_name_prefix="jiyao-report")

        async def one(found: Found) -> None:
            async with ahead:
                if self.cancelled.is_set() or self.state.over_budget:
                    return
                work = self._start(found)
                if isinstance(work, Outcome):
                    self._record(work)
                    return
                if await loop.run_in_executor(reader, self._advance, work, self._read):
                    return
                if self._plans is not None:  # a dry run
                    await loop.run_in_executor(pool, self._advance, work, self._plan)
                    return
                async with slots:
                    # Stopped, or at the budget, before it was asked: not run, as one never started.
                    stopped = self.cancelled.is_set() or self.state.over_budget
                    budgeted = work.engine is not None and work.engine.budget is not None
                    if stopped or (budgeted and not await loop.run_in_executor(pool, self._admit, work)):
                        return
                    if await loop.run_in_executor(pool, self._advance, work, self._ask):
                        return
                await loop.run_in_executor(pool, self._advance, work, self._write)

        try:
            # Longest first: the batch ends when its last report does, so big ones go early.
            await asyncio.gather(*(one(found) for found in sorted(reports, key=_size, reverse=True)))
        finally:
            # On Ctrl-C: no new report starts, each worker stops before its next LLM call,
            # and we wait for them so that what they spent is recorded.
            self.cancelled.set()
            unanswered = self.engine.unanswered.count if self.engine is not None else 0
            if unanswered and self.on_stopping is not None and self._waits_for_answers:
                self.on_stopping(unanswered)
            if self._pool is not None:  # a report being cleaned now is interrupted, not waited for
                self._pool.close()
            reader.shutdown(wait=self._waits_for_answers, cancel_futures=True)
            pool.shutdown(wait=self._waits_for_answers, cancel_futures=True)
        return self.state

    def stop_now(self) -> None:
        """Make the stop under way, or the next, one that waits for no answer (as a second
        Ctrl-C's): for a SIGTERM, whose sender (a service manager, ``timeout``, a container's
        stop) ends the process soon after. The caller then raises KeyboardInterrupt in the
        main thread; :meth:`run` records the reports in flight as interrupted and writes the
        summary."""
        self._waits_for_answers = False
        self.cancelled.set()

    def _abandon(self) -> None:
        """A Ctrl-C that does not wait (the second): each report whose asking began is
        recorded as interrupted, with the requests it sent and got no answer to; the threads
        still waiting for those answers are left to the process's exit. A report not yet
        asked is not run."""
        with self._record_lock:
            working, self._working = [w for w in self._working.values() if w.asked], {}
            for work in working:
                unanswered = work.engine.ledger.unanswered if work.engine is not None else 0
                reason = (
                    f"stopped with {_requests(unanswered)} unanswered: sent, their answers not waited for "
                    "(a provider may bill them)"
                    if unanswered
                    else "stopped before it finished"
                )
                outcome = self._outcome(work.name, "interrupted", reason, work.engine, ())
                outcome = dataclasses.replace(
                    outcome,
                    requests=outcome.requests + unanswered,
                    cost=None if unanswered else outcome.cost,  # the unanswered ones' tokens are unknown
                )
                self.state.outcomes.append(outcome)
                self.state.unanswered += unanswered
            self._abandoned = True

    def _advance(self, work: _Report, stage: Callable[[_Report], Outcome | None]) -> bool:
        """One stage in a worker thread; True when the report is over (its outcome recorded)."""
        outcome = self._stage(work, stage)
        if outcome is None and stage == self._ask and self.cancelled.is_set():
            # Ctrl-C while it was asked: what was paid for is written, not left unscheduled.
            outcome = self._stage(work, self._write)
        if outcome is not None:
            self._record(outcome)
        return outcome is not None

    def plan(self) -> BatchPlan:
        """What :meth:`run` would ask now, without asking or writing: every report read and
        cleaned as run reads it (in the worker processes, its progress told), skipped as run
        would skip it, and planned."""
        if self.engine is None:
            raise InputError("a dry run plans the LLM's calls: the offline engine makes none")
        self.manifest = _Manifest(self.output / MANIFEST_NAME)
        self._plans = {}
        asyncio.run(self.run_async())
        outcomes = self.state.outcomes
        return BatchPlan(
            tuple(sorted(self._plans.items())),
            sum(o.status == "skipped" for o in outcomes),
            tuple(sorted((o for o in outcomes if o.status == "failed"), key=lambda o: o.name)),
        )

    @staticmethod
    def _planned(work: _Report) -> tuple[PlannedCall, ...]:
        """The calls a report's readout and translation would make."""
        from jiyao.pipeline import plan

        assert work.report is not None and work.engine is not None
        return tuple(plan(work.report, work.engine, ("readout", "translate")))

    def _plan(self, work: _Report) -> Outcome:
        """A dry run's stage in place of asking: the report's calls kept, and an outcome that
        says what they would cost (for the progress shown)."""
        engine = work.engine
        assert engine is not None and self._plans is not None
        calls = self._planned(work)
        with self._record_lock:
            self._plans[work.name] = calls
        return dataclasses.replace(
            self._outcome(work.name, "planned", None, engine, ()),
            prompt_tokens=sum(c.prompt_tokens for c in calls),
            completion_tokens=sum(c.expected_output_tokens for c in calls),
            cost=engine.planned_cost(calls),
        )

    def run(self) -> BatchState:
        """Run every report; on Ctrl-C (or SIGTERM: :meth:`stop_now`) the finished ones stay
        written and the summary says so."""
        try:
            self.output.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise InputError(f"cannot create the output folder: {e.strerror or e}", path=self.output) from e
        with _OutputLock(self.output):
            remove_stale_temporaries(self.output)
            self.manifest = _Manifest(self.output / MANIFEST_NAME)
            try:
                asyncio.run(self.run_async())
            except KeyboardInterrupt:
                self.state.interrupted = True
                self._abandon()
                raise
            finally:
                try:
                    self.manifest.compact()
                except OSError as e:  # the journal stays, and the next run reads it
                    log.error("cannot fold the manifest's journal in %s: %s", self.output, e)
                try:
                    self.state.write_summary()
                    from jiyao import batch_index

                    batch_index.write(self.output, [(o.name, o.outputs) for o in self.state.outcomes if o.outputs])
                except OSError as e:
                    log.error("cannot write the summary or index in %s: %s", self.output, e)
                if self._closes_engine and self.engine is not None:
                    self.engine.close(wait=not self.state.unanswered)
        return self.state


def _cleaned_and_read(data: bytes, *, path: str, names: frozenset[str]) -> tuple[CleanReport, Readout]:
    """An offline batch's job for a worker process: the report cleaned, and its readout."""
    from jiyao.extraction import extract_offline

    report = clean_bytes(data, path=path, names=names)
    return report, extract_offline(report)


def _requests(count: int) -> str:
    return f"{count} request{'' if count == 1 else 's'}"


def _reason(error: JiyaoError) -> str:
    """Why a report failed, without its path in front: the outcome names the report
    (``failed: a.txt: a.txt: no report text`` had named it twice)."""
    path = getattr(error, "path", None)
    return str(error).removeprefix(f"{path}: ") if path is not None else str(error)
