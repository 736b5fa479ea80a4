"""A batch's cleaning in worker processes (`jiyao batch --workers`): the same outputs as in
the batch's own process, every failure told the same way, and the batch's own process as
the fallback when no worker can start."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jiyao import batch as batch_module
from jiyao.batch import Batch
from jiyao.cli import app
from jiyao.cpu_pool import CpuPool
from jiyao.settings import Settings
from tests.reliability.corpus import garbled_corpus_reports

runner = CliRunner()


def _reports(directory: Path) -> None:
    garbled_corpus_reports(directory, 5)
    (directory / "zz_binary.txt").write_bytes(b"\x00\x01\x02binary")


def _outputs(directory: Path) -> dict[str, bytes]:
    """Every file a batch wrote but its summary and manifest (which hold times)."""
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file() and path.name not in ("summary.json", "manifest.json", ".jiyao-batch.lock")
    }


def _reasons(state: batch_module.BatchState) -> dict[str, tuple[str, str | None]]:
    return {o.name: (o.status, o.reason) for o in state.outcomes}


def _never_in_this_process(*args: object, **kwargs: object) -> None:
    raise AssertionError("a report was cleaned in the batch's own process")


def _waits_for_its_workers(pool: CpuPool) -> bool:
    """As ``CpuPool.started``, once the workers have started: each report goes to them (the
    batch cleans in its own threads only while they start)."""
    for job in pool._warming:
        job.exception(timeout=120)
    return all(job.exception() is None for job in pool._warming)


def test_workers_write_what_the_batchs_own_process_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _reports(tmp_path / "in")
    monkeypatch.setattr(batch_module, "WORKERS_FROM", 3)
    settings = Settings.from_env()
    alone = Batch(tmp_path / "in", tmp_path / "alone", settings, engine=None).run()

    # In this process the cleaner now fails: every report must be cleaned (and read) by a
    # worker, which imports the module afresh.
    monkeypatch.setattr(batch_module, "clean_bytes", _never_in_this_process)
    monkeypatch.setattr(CpuPool, "started", property(_waits_for_its_workers))
    batch = Batch(tmp_path / "in", tmp_path / "workers", settings, engine=None, workers=2)
    with_workers = batch.run()

    assert batch._pool is not None and batch._pool_warmed
    assert _reasons(with_workers) == _reasons(alone)
    # The binary file fails as in the batch's own process, its name said once, not twice.
    status, reason = _reasons(with_workers)["zz_binary.txt"]
    assert status == "failed" and reason is not None and "binary" in reason and "zz_binary" not in reason
    assert sum(o.status == "done" for o in with_workers.outcomes) == 5
    assert _outputs(tmp_path / "workers") == _outputs(tmp_path / "alone")


def test_a_batch_whose_workers_cannot_start_cleans_in_its_own_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _reports(tmp_path / "in")
    monkeypatch.setattr(batch_module, "WORKERS_FROM", 3)

    def no_python(pool: CpuPool) -> None:  # as spawning one fails in a frozen app
        raise FileNotFoundError(2, "No such file or directory", "/opt/app/python")

    monkeypatch.setattr(CpuPool, "warm", no_python)
    batch = Batch(tmp_path / "in", tmp_path / "out", Settings.from_env(), engine=None, workers=2)
    state = batch.run()
    assert batch._pool_warmed and batch._pool is None  # tried once, then given up
    assert sum(o.status == "done" for o in state.outcomes) == 5
    assert [o.name for o in state.failed] == ["zz_binary.txt"]


def test_a_small_batch_starts_no_worker(tmp_path: Path) -> None:
    _reports(tmp_path / "in")
    batch = Batch(tmp_path / "in", tmp_path / "out", Settings.from_env(), engine=None, workers=2)
    batch.run()
    assert batch._pool is None  # 6 reports, under WORKERS_FROM: the workers' start would cost more


def test_the_cli_takes_a_count_of_workers(tmp_path: Path) -> None:
    _reports(tmp_path / "in")
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--workers", "0"])
    assert result.exit_code == 1 and "6 reports: 5 done" in result.stderr
    refused = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--workers", "-1"])
    assert refused.exit_code == 2 and "--workers" in refused.stderr


def _workers_of(pid: int) -> set[int]:
    """The spawned worker processes whose parent is ``pid``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:  # gone meanwhile
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        if parent == pid and b"--multiprocessing-fork" in command:
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_ctrl_c_stops_a_batch_and_its_workers(tmp_path: Path) -> None:
    garbled_corpus_reports(tmp_path / "in", 150)
    out = tmp_path / "out"
    batch = subprocess.Popen(
        [sys.executable, "-m", "jiyao", "batch", str(tmp_path / "in"), "-o", str(out), "--workers", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's job is
    )
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and batch.poll() is None:
            workers |= _workers_of(batch.pid)
            if len(list(out.glob("*.brief.html"))) >= 3 and workers:
                break
            time.sleep(0.02)
        assert batch.poll() is None and workers, "the batch ran with its workers"
        os.killpg(batch.pid, signal.SIGINT)  # the terminal sends it to the whole group
        assert batch.wait(timeout=60) == 130
    finally:
        batch.kill()
        _, said = batch.communicate(timeout=30)
    assert "Traceback" not in said and "KeyboardInterrupt" not in said, said
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["interrupted"] is True and 3 <= summary["counts"]["done"] < 150
    assert summary["counts"]["failed"] == 0  # a report a worker was cleaning is interrupted, not failed
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not any(_alive(pid) for pid in workers), "no worker outlives its batch"


def test_while_the_workers_start_the_batch_cleans_one_report_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The batch has a reader thread a worker; before the workers are ready each thread had
    # cleaned in this process at once, under the GIL: the first reports were ready when all were.
    _reports(tmp_path / "in")
    monkeypatch.setattr(batch_module, "WORKERS_FROM", 3)
    monkeypatch.setattr(CpuPool, "warm", lambda pool: None)  # workers that never become ready
    cleaning, most = 0, 0
    guard = threading.Lock()
    real = batch_module.clean_bytes

    def counted(*args: Any, **kwargs: Any) -> Any:
        nonlocal cleaning, most
        with guard:
            cleaning += 1
            most = max(most, cleaning)
        try:
            time.sleep(0.05)  # long enough for another reader thread to come in
            return real(*args, **kwargs)
        finally:
            with guard:
                cleaning -= 1

    monkeypatch.setattr(batch_module, "clean_bytes", counted)
    state = Batch(tmp_path / "in", tmp_path / "out", Settings.from_env(), engine=None, workers=3).run()
    assert sum(o.status == "done" for o in state.outcomes) == 5
    assert most == 1
