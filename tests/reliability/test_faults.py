"""30% of requests fail at random; the batch still ends with the fault-free outputs."""

from __future__ import annotations

import json
import random
import threading
from pathlib import Path

import pytest

from jiyao.batch import Batch
from jiyao.llm.models import ChunkReadout, ReportReadout, SummaryOutput, TranslationOutput
from jiyao.settings import Settings
from tests.fake_openai import Action, Fail, FakeOpenAI, Reply, Seen, Stall
from tests.reliability.corpus import many_reports, output_files

REPORTS = 50


class Faults:
    """Fails a share of requests at random, by a fixed seed, with every kind of fault."""

    def __init__(self, rate: float, timeout: float, seed: int = 7) -> None:
        self.rate = rate
        self.random = random.Random(seed)
        self.lock = threading.Lock()
        self.injected: dict[str, int] = {}
        self.kinds: list[tuple[str, Action]] = [
            ("429", Fail(429, "rate limited", {"Retry-After": "0"})),
            ("500", Fail(500, "server error")),
            ("stall", Stall(timeout + 0.4)),
            ("malformed", Reply("{this is not json")),
            ("truncated", Reply('{"paragraphs": ["cut off', finish_reason="length")),
            ("refusal", Reply("I'm sorry, but I can't help with that.")),
        ]

    def __call__(self, seen: Seen) -> Action | None:
        with self.lock:
            if self.random.random() >= self.rate:
                return None
            name, action = self.random.choice(self.kinds)
            self.injected[name] = self.injected.get(name, 0) + 1
            return action


def _settings(cache: Path, timeout: float) -> Settings:
    return Settings.from_env().replace(cache_dir=cache, timeout=timeout, max_retries=6, reasks=3)


@pytest.mark.timeout(600)
def test_a_batch_under_30_percent_faults_ends_with_the_fault_free_outputs(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    many_reports(reports, REPORTS)

    clean_run = Batch(reports, tmp_path / "clean-out", _settings(tmp_path / "clean-cache", 5.0), concurrency=8).run()
    assert [o.status for o in clean_run.outcomes].count("done") == REPORTS
    expected = output_files(tmp_path / "clean-out")
    assert len(expected) == 3 * REPORTS

    faults = Faults(rate=0.3, timeout=0.5)
    fake_llm.responder = faults
    faulty_cache = tmp_path / "faulty-cache"
    before = len(fake_llm.completions())
    faulty = Batch(reports, tmp_path / "faulty-out", _settings(faulty_cache, 0.5), concurrency=8).run()
    assert len(faulty.outcomes) == REPORTS
    # About 30% of the requests met a fault, every kind of fault at least once.
    assert sum(faults.injected.values()) > 0.2 * (len(fake_llm.completions()) - before)
    assert set(faults.injected) == {k for k, _ in faults.kinds}

    # Every report accounted for: written whole, or failed with a reason and nothing written.
    summary = json.loads((tmp_path / "faulty-out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["reports"] == REPORTS and len(summary["results"]) == REPORTS
    written = output_files(tmp_path / "faulty-out")
    for result in summary["results"]:
        stem = Path(result["name"]).stem
        mine = {name for name in written if name.startswith(stem + ".")}
        if result["status"] == "failed":
            assert result["reason"] and not mine
        else:
            assert result["status"] in ("done", "cached") and len(mine) == 3
    # A whole-report answer cut off at every re-ask (four truncation faults in a row: about
    # 1 in 80,000 calls) is read in chunks instead — another readout, whole, that says so.
    chunked = {name.split(".")[0] for name, data in written.items() if name.endswith(".readout.json")}
    chunked = {stem for stem in chunked if _read_in_chunks(written[f"{stem}.readout.json"])}
    assert len(chunked) <= 1, chunked
    differing = sorted(n for n, data in written.items() if data != expected[n] and n.split(".")[0] not in chunked)
    assert not differing, _notes_of(differing, written, expected)

    # Whatever failed, a resumed run (faults off) completes; then everything matches.
    fake_llm.responder = None
    resumed = Batch(reports, tmp_path / "faulty-out", _settings(faulty_cache, 5.0), concurrency=8).run()
    assert not resumed.failed
    final = output_files(tmp_path / "faulty-out")
    assert final.keys() == expected.keys()
    assert {n: d for n, d in final.items() if n.split(".")[0] not in chunked} == {
        n: d for n, d in expected.items() if n.split(".")[0] not in chunked
    }

    # Nothing invalid was cached: every stored output validates.
    import diskcache

    models = (ReportReadout, ChunkReadout, SummaryOutput, TranslationOutput)
    with diskcache.Cache(str(faulty_cache)) as cache:
        keys = [k for k in cache.iterkeys() if not str(k).startswith("rung:")]
        assert keys
        for key in keys:
            value = cache[key]
            assert any(_validates(model, value) for model in models), key


def _read_in_chunks(readout: bytes) -> bool:
    return any(note.startswith("read in chunks: ") for note in json.loads(readout)["notes"])


def _notes_of(differing: list[str], written: dict[str, bytes], expected: dict[str, bytes]) -> str:
    """The files that differ, and what their reports' readouts say of how they were read."""
    said = [f"differing: {differing}"]
    for stem in sorted({name.split(".")[0] for name in differing}):
        for run, files in (("faults", written), ("fault-free", expected)):
            readout = json.loads(files.get(f"{stem}.readout.json", b"{}"))
            said.append(f"{stem}, {run}: notes {readout.get('notes')}")
    return "\n".join(said)


def _validates(model: type, value: object) -> bool:
    try:
        model.model_validate(value)  # type: ignore[attr-defined]
    except Exception:
        return False
    return True
