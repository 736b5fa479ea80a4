"""Many reports at once: clean → readout → translation → brief, per report, concurrently.

* asyncio runs up to ``concurrency`` reports at a time; each report's pipeline runs in
  a worker thread (its LLM calls are sequential: a translation chunk needs the one
  before it), sharing one endpoint client, cache, prompt set and rate limiter.
* Outputs per report, written atomically once every stage succeeded:
  ``<name>.readout.json``, ``<name>.en.md`` (LLM only) and ``<name>.brief.html``,
  mirroring the input folders under the output directory.
* Resumable: a report whose outputs are all there and valid is skipped.
* A failing report never stops the others; ``summary.json`` says, per report,
  done / cached / skipped / failed (with the reason), tokens and cost.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from jiyao.brief import render_brief
from jiyao.cleaning import clean_file
from jiyao.errors import JiyaoError
from jiyao.files import atomic_write
from jiyao.schemas import Readout
from jiyao.settings import Settings

Status = Literal["done", "cached", "skipped", "failed"]
SUMMARY_NAME = "summary.json"


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
    cost: float = 0.0
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

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]

    def to_json(self) -> dict[str, Any]:
        counts = {
            status: sum(o.status == status for o in self.outcomes) for status in ("done", "cached", "skipped", "failed")
        }
        return {
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
            "cost": round(sum(o.cost for o in self.outcomes), 6),
            "results": [dataclasses.asdict(o) for o in sorted(self.outcomes, key=lambda o: o.name)],
        }

    def write_summary(self) -> Path:
        path = self.output / SUMMARY_NAME
        atomic_write(path, json.dumps(self.to_json(), ensure_ascii=False, indent=2) + "\n")
        return path


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def find_reports(directory: Path, pattern: str = "**/*.txt") -> list[Path]:
    return sorted(p for p in directory.glob(pattern) if p.is_file())


def output_paths(output: Path, relative: Path, *, translation: bool) -> dict[str, Path]:
    base = output / relative.parent / relative.stem
    paths = {"readout": base.with_name(f"{relative.stem}.readout.json")}
    if translation:
        paths["en"] = base.with_name(f"{relative.stem}.en.md")
    paths["brief"] = base.with_name(f"{relative.stem}.brief.html")
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


class Batch:
    def __init__(
        self,
        directory: Path,
        output: Path,
        settings: Settings,
        *,
        pattern: str = "**/*.txt",
        concurrency: int = 4,
        on_event: Callable[[Outcome, BatchState], None] | None = None,
    ) -> None:
        from jiyao.pipeline import engine_for

        self.directory = directory
        self.output = output
        self.pattern = pattern
        self.concurrency = max(1, concurrency)
        self.on_event = on_event
        self.engine = engine_for(settings)
        self.state = BatchState(
            directory, output, "llm" if self.engine else "offline", self.engine.model if self.engine else None
        )

    def process(self, path: Path) -> Outcome:
        """One report, start to finish; never raises for the report's own failures."""
        from jiyao.extraction import extract_offline
        from jiyao.pipeline.mapreduce import llm_readout
        from jiyao.pipeline.translation import translate_report

        relative = path.relative_to(self.directory)
        name = str(relative)
        paths = output_paths(self.output, relative, translation=self.engine is not None)
        if outputs_complete(paths):
            return Outcome(name, "skipped", outputs=tuple(str(p) for p in paths.values()))
        engine = self.engine.fork() if self.engine else None
        try:
            report = clean_file(path)
            if engine is None:
                readout, translation = extract_offline(report), None
            else:
                readout = llm_readout(engine, report, name=name)
                failed = [n for n in readout.notes if n.startswith("failed:")]
                if failed:
                    return self._failed(name, "; ".join(failed), engine)
                translation = translate_report(engine, report, name=name)
                if translation.failures:
                    return self._failed(name, "; ".join(translation.failures), engine)
        except JiyaoError as e:
            return self._failed(name, str(e), engine)
        atomic_write(paths["readout"], readout.model_dump_json(indent=2) + "\n")
        if translation is not None:
            atomic_write(paths["en"], "\n\n".join(p.target or "" for p in translation.pairs) + "\n")
        atomic_write(paths["brief"], render_brief(report, readout, translation, "html", source=name))
        status: Status = "cached" if engine is not None and engine.ledger.calls == 0 else "done"
        return self._outcome(name, status, None, engine, tuple(str(p) for p in paths.values()))

    def _failed(self, name: str, reason: str, engine: Any) -> Outcome:
        return self._outcome(name, "failed", reason, engine, ())

    def _outcome(self, name: str, status: Status, reason: str | None, engine: Any, outputs: tuple[str, ...]) -> Outcome:
        if engine is None:
            return Outcome(name, status, reason, outputs=outputs)
        used = engine.ledger.usage
        return Outcome(
            name,
            status,
            reason,
            calls=engine.ledger.calls,
            requests=used.requests,
            cache_hits=engine.ledger.cache_hits,
            prompt_tokens=used.prompt_tokens,
            completion_tokens=used.completion_tokens,
            cost=round(used.cost(engine.settings), 6),
            outputs=outputs,
        )

    async def run_async(self) -> BatchState:
        from jiyao.pipeline import warm_up

        reports = find_reports(self.directory, self.pattern)
        self.state.total = len(reports)
        warm_up(self.engine.model if self.engine else None)
        semaphore = asyncio.Semaphore(self.concurrency)
        loop = asyncio.get_running_loop()
        # Our own pool: the default one has min(32, cores + 4) threads, fewer than --concurrency.
        with ThreadPoolExecutor(max_workers=self.concurrency, thread_name_prefix="jiyao-report") as pool:

            async def one(path: Path) -> None:
                async with semaphore:
                    outcome = await loop.run_in_executor(pool, self.process, path)
                self.state.outcomes.append(outcome)
                if self.on_event is not None:
                    self.on_event(outcome, self.state)

            # Longest first: the batch ends when its last report does, so big ones go early.
            await asyncio.gather(*(one(path) for path in sorted(reports, key=_size, reverse=True)))
        return self.state

    def run(self) -> BatchState:
        """Run every report; on Ctrl-C the finished ones stay written and the summary says so."""
        self.output.mkdir(parents=True, exist_ok=True)
        try:
            asyncio.run(self.run_async())
        except KeyboardInterrupt:
            self.state.interrupted = True
            raise
        finally:
            self.state.write_summary()
        return self.state
