"""Broken disks, hostile folders, overload: the batch, the cache, the service and the CLI
each fail one thing clearly and lose nothing else (issue 13, cases 3-6 and 8-10)."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from jiyao import service
from jiyao.cache import ResultCache
from jiyao.cli import app
from jiyao.service import create_app
from jiyao.settings import Settings
from tests.helpers import ROOT, SEEDS, runs_read_out_of_phase, seed
from tests.live_server import LiveServer
from tests.reliability.corpus import many_reports

runner = CliRunner()
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _summary(out: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


# --- 3. one unwritable output never aborts the batch -----------------------------------------


def test_a_long_name_fails_that_report_only(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    many_reports(folder, 4)
    fine = "長" * 77 + ".txt"  # 235 bytes: before, the temporary file's name passed 255 bytes
    long_name = "長" * 82 + ".txt"  # 250 bytes: legal, but name + ".readout.json" is not
    (folder / fine).write_bytes(seed("001").read_bytes())
    (folder / long_name).write_bytes(seed("000").read_bytes())
    result = runner.invoke(app, ["batch", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    summary = _summary(tmp_path / "out")
    assert summary["counts"]["done"] == 5 and summary["counts"]["failed"] == 1
    (failed,) = [r for r in summary["results"] if r["status"] == "failed"]
    assert failed["name"] == long_name and "File name too long" in failed["reason"]


def test_a_file_in_the_way_of_an_output_folder_fails_that_report_only(tmp_path: Path) -> None:
    many_reports(tmp_path / "in" / "sub", 2)
    many_reports(tmp_path / "in", 1)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "sub").write_text("in the way", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1
    counts = _summary(tmp_path / "out")["counts"]
    assert counts == {"done": 1, "cached": 0, "skipped": 0, "failed": 2, "interrupted": 0, "not_run": 0}


@pytest.mark.skipif(IS_ROOT, reason="root writes through read-only modes")
def test_a_read_only_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    many_reports(tmp_path / "in", 1)
    (tmp_path / "out").mkdir(mode=0o500)
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "Traceback" not in result.stderr


# --- 4. a cache that heals -----------------------------------------------------------------


def _corrupt(directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "cache.db").write_bytes(b"this is not a sqlite database" * 100)


def test_a_corrupt_cache_is_moved_aside_and_made_anew(tmp_path: Path) -> None:
    _corrupt(tmp_path / "cache")
    cache = ResultCache(tmp_path / "cache")
    cache.set("k", {"v": 1})
    assert cache.get("k") == {"v": 1} and cache.problem and "moved to" in cache.problem
    assert list(tmp_path.glob("cache.corrupt-*"))


def test_cache_commands_work_on_a_corrupt_cache(isolated_environment: Path) -> None:
    _corrupt(isolated_environment)
    assert runner.invoke(app, ["cache", "stats"]).exit_code == 0
    cleared = runner.invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0, cleared.stderr


def test_cache_clear_removes_only_the_caches_own_files(tmp_path: Path) -> None:
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "cache.db").write_bytes(b"junk")
    (tmp_path / "c" / "notes.txt").write_text("mine", encoding="utf-8")
    (tmp_path / "c" / "ab").mkdir()
    from jiyao.cache import _remove_cache_files

    assert _remove_cache_files(tmp_path / "c") == 2
    assert (tmp_path / "c" / "notes.txt").exists()


def test_no_cache_never_opens_the_cache(fake_llm, isolated_environment: Path) -> None:  # type: ignore[no-untyped-def]
    isolated_environment.parent.mkdir(parents=True, exist_ok=True)
    isolated_environment.write_text("a file where the cache folder should be", encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(seed("000")), "--no-cache"])
    assert result.exit_code == 0, result.stderr


def test_an_unusable_cache_is_bypassed_with_one_warning(fake_llm, isolated_environment: Path) -> None:  # type: ignore[no-untyped-def]
    isolated_environment.parent.mkdir(parents=True, exist_ok=True)
    isolated_environment.write_text("a file where the cache folder should be", encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(seed("000"))])
    assert result.exit_code == 0, result.stderr


def test_the_service_reports_cache_health(fake_llm, isolated_environment: Path) -> None:  # type: ignore[no-untyped-def]
    isolated_environment.parent.mkdir(parents=True, exist_ok=True)
    isolated_environment.write_text("not a folder", encoding="utf-8")
    with LiveServer(create_app(Settings.from_env())) as server:
        health = httpx.get(f"{server.url}/healthz").json()
        assert health["status"] == "ok" and health["cache"] != "ok"
        # The first request of a fresh installation may build the cleaner's tables: seconds.
        readout = httpx.post(f"{server.url}/v1/readout", json={"text": seed("000").read_text("utf-8")}, timeout=60)
        assert readout.status_code == 200


# --- 5. a changed input is redone ------------------------------------------------------------


def test_a_replaced_input_is_redone_not_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(seed("000").read_bytes())
    assert runner.invoke(app, ["batch", str(folder), "-o", str(tmp_path / "out")]).exit_code == 0
    (folder / "a.txt").write_bytes(seed("002").read_bytes())
    assert runner.invoke(app, ["batch", str(folder), "-o", str(tmp_path / "out")]).exit_code == 0
    readout = json.loads((tmp_path / "out" / "a.readout.json").read_text(encoding="utf-8"))
    assert readout["chair"]["name"] == "馬澤江"
    assert _summary(tmp_path / "out")["counts"]["done"] == 1
    assert runner.invoke(app, ["batch", str(folder), "-o", str(tmp_path / "out")]).exit_code == 0
    assert _summary(tmp_path / "out")["counts"]["skipped"] == 1


# --- 9. the batch reads only what it should, writes only where it should ------------------


def test_links_loops_and_unreadable_folders_are_reported_not_dropped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    many_reports(folder, 1)
    outside = tmp_path / "secret.txt"
    outside.write_bytes(seed("001").read_bytes())
    (folder / "leak.txt").symlink_to(outside)
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    (folder / "inside.txt").symlink_to(folder / "r000_000.txt")
    (folder / "cycle").symlink_to(folder, target_is_directory=True)
    result = runner.invoke(app, ["batch", str(folder), "-o", str(tmp_path / "out"), "--glob", "**/*"])
    summary = _summary(tmp_path / "out")
    reasons = {r["name"]: r["reason"] for r in summary["results"] if r["status"] == "failed"}
    assert result.exit_code == 1
    assert "outside the input folder" in reasons["leak.txt"]
    assert "dangling" in reasons["dangling.txt"] and "loop" in reasons["loop.txt"]
    assert "inside.txt" not in reasons and not (tmp_path / "out" / "leak.readout.json").exists()


@pytest.mark.skipif(IS_ROOT, reason="root reads unreadable folders")
def test_an_unreadable_folder_is_reported(tmp_path: Path) -> None:
    many_reports(tmp_path / "in" / "locked", 1)
    (tmp_path / "in" / "locked").chmod(0)
    try:
        runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
        assert _summary(tmp_path / "out")["counts"]["failed"] == 1
    finally:
        (tmp_path / "in" / "locked").chmod(0o755)


@pytest.mark.parametrize("pattern", ["../b/*.txt", "/etc/*", "sub/../../*.txt"])
def test_a_glob_that_leaves_the_folder_is_refused(tmp_path: Path, pattern: str) -> None:
    many_reports(tmp_path / "in", 1)
    result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--glob", pattern])
    assert result.exit_code == 2 and "--glob must be relative" in result.stderr


def test_an_output_folder_inside_the_input_is_never_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    many_reports(folder, 2)
    for _ in range(2):
        result = runner.invoke(app, ["batch", str(folder), "-o", str(folder / "out"), "--glob", "**/*"])
        assert result.exit_code == 0, result.stderr
    assert _summary(folder / "out")["reports"] == 2


def test_stale_temporary_files_are_removed_on_start(tmp_path: Path) -> None:
    many_reports(tmp_path / "in", 1)
    (tmp_path / "out" / "sub").mkdir(parents=True)
    stale = tmp_path / "out" / "sub" / ".jiyao-abc123.tmp"
    stale.write_text("half", encoding="utf-8")
    assert runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")]).exit_code == 0
    assert not stale.exists()


def test_a_second_batch_on_the_same_output_exits_2(tmp_path: Path) -> None:
    import fcntl

    many_reports(tmp_path / "in", 1)
    (tmp_path / "out").mkdir()
    with (tmp_path / "out" / ".jiyao-batch.lock").open("a") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)
        result = runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and "another jiyao batch" in result.stderr


def test_outputs_honour_the_umask(tmp_path: Path) -> None:
    many_reports(tmp_path / "in", 1)
    assert runner.invoke(app, ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out")]).exit_code == 0
    mask = os.umask(0)
    os.umask(mask)
    for path in (tmp_path / "out").glob("r000_000.*"):
        assert path.stat().st_mode & 0o777 == 0o666 & ~mask, path


# --- 8. -o never destroys the input ------------------------------------------------------------


@pytest.mark.parametrize("command", ["brief", "clean", "extract"])
def test_an_output_that_is_the_input_is_refused(tmp_path: Path, command: str) -> None:
    report = tmp_path / "r.txt"
    report.write_bytes(seed("000").read_bytes())
    result = runner.invoke(app, [command, str(report), "-o", str(tmp_path / "." / "r.txt")])
    assert result.exit_code == 2 and "refusing to overwrite" in result.stderr
    assert report.read_bytes() == seed("000").read_bytes()


# --- 10. exit codes that mean what they say -----------------------------------------------------


def test_bad_arguments_are_exit_2_not_70(tmp_path: Path) -> None:
    (tmp_path / "dir").mkdir()
    (tmp_path / "file").write_text("x", encoding="utf-8")
    assert runner.invoke(app, ["brief", str(seed("000")), "-o", str(tmp_path / "dir")]).exit_code == 2
    assert runner.invoke(app, ["eval", "--runs-dir", str(tmp_path / "file")]).exit_code == 2
    bad = tmp_path / "b.json"
    bad.write_text(json.dumps({"fields": {"date": "high"}}), encoding="utf-8")
    assert runner.invoke(app, ["eval", "--baseline", str(bad), "--runs-dir", str(tmp_path / "r")]).exit_code == 2
    empty = tmp_path / "e.json"
    empty.write_text(json.dumps({"fields": {}}), encoding="utf-8")
    result = runner.invoke(app, ["eval", "--baseline", str(empty), "--runs-dir", str(tmp_path / "r")])
    assert result.exit_code == 2 and "fields" in result.stderr
    assert runner.invoke(app, ["serve", "--body-limit", "-1"]).exit_code == 2


def test_an_earlier_run_report_is_accepted_as_a_baseline(tmp_path: Path) -> None:
    first = runner.invoke(app, ["eval", "--runs-dir", str(tmp_path)])
    assert first.exit_code == 0, first.stderr
    (report,) = tmp_path.glob("*.json")
    again = runner.invoke(app, ["eval", "--baseline", str(report), "--runs-dir", str(tmp_path / "2")])
    assert again.exit_code == 0, again.stderr


def test_an_empty_service_token_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIYAO_SERVICE_TOKEN", "")
    result = runner.invoke(app, ["serve"])
    assert result.exit_code == 2 and "JIYAO_SERVICE_TOKEN is set but empty" in result.stderr


def test_a_port_in_use_is_exit_2(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(app, ["serve", "--port", str(port)])
    assert result.exit_code == 2 and "cannot listen" in result.stderr


@pytest.mark.parametrize(
    ("data", "warning"),
    [
        (seed("000").read_bytes() + "會".encode()[:2], "cut off at the end"),
        (seed("000").read_bytes().replace("會議".encode(), "會議".encode() + b"\x00", 1), "NUL byte removed"),
    ],
)
def test_one_bad_byte_is_replaced_and_reported_not_a_rejection(tmp_path: Path, data: bytes, warning: str) -> None:
    path = tmp_path / "r.txt"
    path.write_bytes(data)
    result = runner.invoke(app, ["clean", str(path)])
    assert result.exit_code == 0 and warning in result.stderr


# --- 6. the service under hostile clients -------------------------------------------------


@pytest.fixture
def guarded_service(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("JIYAO_SERVICE_TOKEN", "s3cret-token")
    with LiveServer(create_app(Settings.from_env(), body_limit=64 * 1024, workers=1, queue=2)) as server:
        yield server


def test_a_connection_that_never_finishes_its_head_is_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "HEADER_TIMEOUT", 0.5)
    with LiveServer(create_app(Settings.from_env(), workers=1), http=service.guarded_http()) as server:
        host, port = server.url.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as conn:
            conn.sendall(b"POST /v1/clean HTTP/1.1\r\nHost: x\r\n")  # ... and never the rest (slowloris)
            started = time.monotonic()
            assert conn.recv(100) == b""  # closed by the server, not by our timeout of 10 s
            assert time.monotonic() - started < 5


def test_the_token_is_checked_before_the_body_is_read(guarded_service: LiveServer) -> None:
    host, port = guarded_service.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as conn:
        # Declare a huge body and send none of it: the answer must come from the headers alone.
        conn.sendall(b"POST /v1/clean HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 1000000\r\n\r\n")  # fmt: skip
        answer = conn.recv(200)
    assert answer.startswith(b"HTTP/1.1 401")


def test_a_chunked_body_over_the_limit_is_413(guarded_service: LiveServer) -> None:
    def chunks():  # type: ignore[no-untyped-def]
        for _ in range(100):
            yield b"x" * 4096

    response = httpx.post(
        f"{guarded_service.url}/v1/clean", content=chunks(), headers={"Authorization": "Bearer s3cret-token"}
    )
    assert response.status_code == 413


def test_a_lone_surrogate_is_422_not_500(guarded_service: LiveServer) -> None:
    response = httpx.post(
        f"{guarded_service.url}/v1/clean",
        content=b'{"text": "\\ud800 report"}',
        headers={"Authorization": "Bearer s3cret-token", "Content-Type": "application/json"},
    )
    assert response.status_code == 422


def test_a_full_queue_answers_503_and_healthz_stays_quick(guarded_service: LiveServer) -> None:
    hostile = {"text": runs_read_out_of_phase(20_000)}  # ~0.6 s each
    headers = {"Authorization": "Bearer s3cret-token"}
    statuses: list[int] = []

    def send() -> None:
        statuses.append(
            httpx.post(f"{guarded_service.url}/v1/clean", json=hostile, headers=headers, timeout=60).status_code
        )

    threads = [threading.Thread(target=send) for _ in range(8)]
    for t in threads:
        t.start()
    time.sleep(0.3)
    start = time.perf_counter()
    assert httpx.get(f"{guarded_service.url}/healthz").status_code == 200
    healthz = time.perf_counter() - start
    for t in threads:
        t.join()
    assert 503 in statuses and 200 in statuses
    assert healthz < 1.0


def _children(pid: int) -> set[int]:
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        found |= {int(child) for child in (task / "children").read_text().split()}
    return found


def _alive(pids: set[int]) -> set[int]:
    return {pid for pid in pids if Path(f"/proc/{pid}").exists() and "Z" not in _state(pid)}


def _catches_sigint(pid: int) -> bool:
    """A spawned worker's own Python catches SIGINT (not the forked copy of the server before exec)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        if b"spawn_main" not in Path(f"/proc/{pid}/cmdline").read_bytes():
            return False
    except OSError:
        return False
    caught = next(line for line in status.splitlines() if line.startswith("SigCgt:")).split()[1]
    return bool(int(caught, 16) & (1 << (signal.SIGINT - 1)))


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def _serve() -> tuple[subprocess.Popen[bytes], int]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIYAO_SERVICE")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jiyao", "serve", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )  # fmt: skip
    return server, port


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)


def _stop(server: subprocess.Popen[bytes], stop: str) -> tuple[bytes, float]:
    """Stop the server as ``stop`` says; its stderr and the seconds it took to exit."""
    start = time.perf_counter()
    if stop == "ctrl-c":  # the terminal sends SIGINT to the whole process group
        os.killpg(server.pid, signal.SIGINT)
    else:
        getattr(server, stop)()
    _, stderr = server.communicate(timeout=30)
    # Ctrl-C is the server's to handle: its workers ignore it, even while their Python starts
    # (no KeyboardInterrupt traces, no "Fatal Python error: init_import_site"); and no request
    # cut off by the stop leaves a cancelled task's trace.
    for trace in (b"KeyboardInterrupt", b"Traceback", b"Fatal Python error"):
        assert trace not in stderr, stderr.decode()
    if stop != "kill":  # the pool's clean-up is done (after kill -9 it is the resource tracker's)
        assert b"leaked" not in stderr, stderr.decode()
    return stderr, time.perf_counter() - start


@pytest.mark.parametrize(
    ("stop", "while_"),
    [("terminate", "working"), ("kill", "working"), ("ctrl-c", "working"), ("ctrl-c", "starting")],
)
def test_the_service_and_its_workers_stop_within_seconds(stop: str, while_: str) -> None:
    server, port = _serve()
    try:
        answers: list[int | str] = []
        if while_ == "working":
            _wait_until_up(port)
            body = {"text": runs_read_out_of_phase(200_000)}  # ~4 s each
            sent = [threading.Thread(target=_post, args=(port, "clean", body, answers)) for _ in range(3)]
            for t in sent:
                t.start()
            time.sleep(0.5)
            workers = _children(server.pid)
        else:  # the workers spawned at start-up are still importing: the window a slow machine widens
            workers = set()
            deadline = time.monotonic() + 20
            # Python has started in a worker (it catches SIGINT) and the pool's start-up is not done.
            while not any(_catches_sigint(pid) for pid in workers) and time.monotonic() < deadline:
                time.sleep(0.005)
                workers = _children(server.pid)
        assert workers, "the service runs its work in worker processes"
        stderr, took = _stop(server, stop)
        assert took < 10
        # No orphan keeps running (or holding memory) after the server is gone, however it went.
        deadline = time.monotonic() + 10 - took
        while _alive(workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(workers)
        if while_ == "working" and stop != "kill":
            # Each request still working when the server stops is answered, not dropped: 503 and
            # Retry-After (send it again) once the grace is over.
            for t in sent:
                t.join(timeout=10)
            assert answers and set(answers) <= {200, 503}, answers
            assert b"timeout graceful shutdown exceeded" not in stderr
    finally:
        server.kill()


@pytest.mark.parametrize("stop", ["terminate", "ctrl-c"])
def test_llm_work_in_flight_is_answered_503_when_the_service_stops(stop: str, fake_llm) -> None:  # type: ignore[no-untyped-def]
    fake_llm.latency = 6.0  # the calls in flight outlast the grace (2 s) and uvicorn's last resort (3 s)
    server, port = _serve()
    try:
        _wait_until_up(port)
        answers: list[int | str] = []
        reports = [{"text": seed(f"00{i}").read_text("utf-8")} for i in range(3)]
        when: list[float] = []
        sent = [threading.Thread(target=_post, args=(port, "translate", body, answers, when)) for body in reports]
        for t in sent:
            t.start()
        deadline = time.monotonic() + 20
        while not fake_llm.completions() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert fake_llm.completions(), "calls are in flight"
        start = time.perf_counter()
        _, took = _stop(server, stop)
        for t in sent:
            t.join(timeout=10)
        assert answers == [503, 503, 503]
        answered = max(when) - start
        # Answered at the grace's end, not when the calls come back; and past the grace no new
        # call is sent: Ctrl-C's exit waits only for the calls already sent, SIGTERM's for none.
        assert answered < 5
        assert took < (10 if stop == "ctrl-c" else 5)
    finally:
        server.kill()


def _post(
    port: int, task: str, body: dict[str, str], answers: list[int | str], when: list[float] | None = None
) -> None:
    try:
        response = httpx.post(f"http://127.0.0.1:{port}/v1/{task}", json=body, timeout=30)
    except httpx.HTTPError as e:
        answers.append(type(e).__name__)
    else:
        answers.append(response.status_code)
        if when is not None:
            when.append(time.perf_counter())
        if response.status_code == 503:
            assert response.headers["Retry-After"] and "stopping" in response.json()["error"]


assert SEEDS and sqlite3  # the corpus and the cache's database are what these tests break


# --- a batch's Ctrl-C while its LLM calls are out --------------------------------------------


def _lines_of(stream: object, into: list[str]) -> threading.Thread:
    def read() -> None:
        for line in stream:  # type: ignore[attr-defined]
            into.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


def _until(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


@contextmanager
def _batch_with_calls_out(fake_llm, tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], list[str], int]]:  # type: ignore[no-untyped-def]
    """A real ``jiyao batch`` of three reports, two at a time, against an endpoint slow to
    answer (a reasoning model can take minutes), once every call of the first two is out:
    the process, what it said on stderr (read as it comes) and how many calls are out."""
    fake_llm.latency = 40.0
    many_reports(tmp_path / "in", 3)
    command = ["batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--concurrency", "2"]
    batch = subprocess.Popen(
        [sys.executable, "-m", "jiyao", *command],
        cwd=ROOT, env=os.environ | {"JIYAO_TIMEOUT": "120"}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
    )  # fmt: skip
    said: list[str] = []
    reader = _lines_of(batch.stderr, said)
    try:
        assert _until(lambda: fake_llm.in_flight >= 4, 60), "two reports' calls are out"
        sent = 0
        while sent != fake_llm.in_flight:  # every call of theirs out (a report may have several)
            sent = fake_llm.in_flight
            time.sleep(1.0)
        yield batch, said, sent
    finally:
        batch.kill()
        batch.wait()
        reader.join(timeout=5)
        batch.stderr.close()  # type: ignore[union-attr]
    assert not any("Traceback" in line for line in said), "".join(said)


def _assert_stopped_with_calls_out(out: Path, sent: int) -> None:
    summary = _summary(out)
    assert summary["interrupted"] is True and summary["counts"]["done"] == 0
    stopped = [r for r in summary["results"] if r["status"] == "interrupted"]
    # The requests sent are counted (a provider may bill them), and each report says why.
    assert len(stopped) == 2 and sum(r["requests"] for r in stopped) == sent == summary["requests"]
    assert summary["requests_unanswered"] == sent
    assert all("unanswered" in r["reason"] for r in stopped)
    assert summary["counts"]["not_run"] == 1


def test_a_batch_says_what_its_ctrl_c_waits_for_and_a_second_stops_it_at_once(fake_llm, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The first Ctrl-C had waited in silence for every answer still out, and a second one
    # had written the summary and then still waited, the exit joining the threads blocked
    # in those calls.
    with _batch_with_calls_out(fake_llm, tmp_path) as (batch, said, sent):
        os.killpg(batch.pid, signal.SIGINT)
        assert _until(lambda: any("waiting for" in line for line in said), 10), said
        told = next(line for line in said if "waiting for" in line)
        assert f"{sent} requests" in told and "Ctrl-C again" in told
        start = time.perf_counter()
        os.killpg(batch.pid, signal.SIGINT)
        assert batch.wait(timeout=30) == 130
        assert time.perf_counter() - start < 10
    _assert_stopped_with_calls_out(tmp_path / "out", sent)


def test_a_batch_stopped_by_sigterm_writes_what_it_did_and_paid_before_it_ends(fake_llm, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # `timeout`, a service manager or a container's stop sends SIGTERM (and SIGKILL soon
    # after): the process had ended by the signal, writing no summary, so the calls already
    # paid for were counted nowhere and an earlier run's summary was left to be read as this one's.
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "summary.json").write_text('{"earlier": "run"}', encoding="utf-8")
    with _batch_with_calls_out(fake_llm, tmp_path) as (batch, said, sent):
        start = time.perf_counter()
        os.killpg(batch.pid, signal.SIGTERM)
        assert batch.wait(timeout=30) == 143
        assert time.perf_counter() - start < 10  # nothing waits for the answers
    assert any("terminated (SIGTERM)" in line and "summary.json" in line for line in said), said
    assert not any("waiting for" in line for line in said), said
    _assert_stopped_with_calls_out(tmp_path / "out", sent)


@pytest.mark.parametrize("second", [False, True], ids=["ctrl-c", "ctrl-c twice"])
def test_a_services_ctrl_c_keeps_the_answers_out_or_a_second_stops_it_at_once(
    second: bool, fake_llm, isolated_environment: Path  # type: ignore[no-untyped-def]
) -> None:
    # The exit waited for the calls still out, in silence, and for nothing: their client was
    # closed under them, the answer lost (a paid call) and no retry let past the stop; a
    # second Ctrl-C then printed a KeyboardInterrupt from the interpreter's wait.
    fake_llm.latency = 6.0
    server, port = _serve()
    said: list[bytes] = []
    reader = _lines_of(server.stderr, said)
    try:
        _wait_until_up(port)
        answers: list[int | str] = []
        body = {"text": seed("000").read_text("utf-8")}
        client = threading.Thread(target=_post, args=(port, "translate", body, answers))
        client.start()
        assert _until(lambda: fake_llm.in_flight >= 1, 20), "a call is out"
        start = time.perf_counter()
        os.killpg(server.pid, signal.SIGINT)
        assert _until(lambda: any(b"waiting for the answers to" in line for line in said), 5), said
        if second:
            os.killpg(server.pid, signal.SIGINT)
        server.wait(timeout=30)
        took = time.perf_counter() - start
        client.join(timeout=10)
    finally:
        server.kill()
        server.wait()
        reader.join(timeout=5)
        server.stderr.close()  # type: ignore[union-attr]
    log = b"".join(said).decode()
    assert answers == [503] and "Traceback" not in log and "KeyboardInterrupt" not in log, log
    entries = ResultCache(Settings.from_env().cache_dir).stats().entries
    if second:
        assert took < 5  # not the call's 6 s
    else:  # every call sent was answered and cached: sent again, the report costs nothing more
        # (Beside the answers, the rung the first answer showed is kept with the cache.)
        assert took >= 5 and entries - 1 == len(fake_llm.completions()) >= 1
