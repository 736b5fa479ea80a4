"""The API key and the service token never appear in caches, logs, reports or outputs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from jiyao.service import create_app
from jiyao.settings import Settings
from tests.fake_openai import Fail, FakeOpenAI
from tests.live_server import LiveServer
from tests.reliability.corpus import many_reports

API_KEY = "sk-test-secret-key-0000"
TOKEN = "svc-token-s3cr3t-9999"


def _files_containing(root: Path, secret: str) -> list[str]:
    return [str(p) for p in root.rglob("*") if p.is_file() and secret.encode() in p.read_bytes()]


@pytest.mark.timeout(300)
def test_secrets_stay_out_of_everything_written_or_logged(
    fake_llm: FakeOpenAI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    assert os.environ["JIYAO_API_KEY"] == API_KEY
    monkeypatch.setenv("JIYAO_SERVICE_TOKEN", TOKEN)
    cache = Path(os.environ["JIYAO_CACHE_DIR"])
    reports = tmp_path / "reports"
    many_reports(reports, 3)

    # The CLI: batch, eval, an upstream failure with its error message.
    batch = subprocess.run(
        [sys.executable, "-m", "jiyao", "batch", str(reports), "-o", str(tmp_path / "out")], capture_output=True
    )
    runs = tmp_path / "runs"
    evaluation = subprocess.run(
        [sys.executable, "-m", "jiyao", "eval", "--engine", "llm", "--runs-dir", str(runs)], capture_output=True
    )
    fake_llm.responder = lambda seen: Fail(401, "Incorrect API key provided")
    failure = subprocess.run(
        [sys.executable, "-m", "jiyao", "translate", str(reports / "r000_000.txt"), "--no-cache"], capture_output=True
    )
    assert batch.returncode == 0 and evaluation.returncode == 0 and failure.returncode == 3
    fake_llm.responder = None

    # The service, with its logs captured: a good request, a bad token, an upstream failure.
    with LiveServer(create_app(Settings.from_env())) as server:
        headers = {"Authorization": f"Bearer {TOKEN}"}
        ok = httpx.post(
            f"{server.url}/v1/readout", json={"text": "11月1日，市委書記王立主持會議。"}, headers=headers, timeout=30
        )
        bad = httpx.post(f"{server.url}/v1/clean", json={"text": "x"}, headers={"Authorization": "Bearer wrong"})
        fake_llm.responder = lambda seen: Fail(401, "Incorrect API key provided")
        upstream = httpx.post(f"{server.url}/v1/translate", json={"text": "會議召開。"}, headers=headers, timeout=30)
    assert (ok.status_code, bad.status_code, upstream.status_code) == (200, 403, 502)

    for secret in (API_KEY, TOKEN):
        for output in (batch, evaluation, failure):
            assert secret.encode() not in output.stdout + output.stderr
        for response in (ok, bad, upstream):
            assert secret not in response.text
        assert secret not in caplog.text
        for root in (cache, tmp_path / "out", runs):
            assert _files_containing(root, secret) == []
    assert any(cache.rglob("*")) and any((tmp_path / "out").rglob("*.html")) and any(runs.glob("*.json"))
    assert repr(Settings.from_env()).count(API_KEY) == 0 and repr(Settings.from_env()).count(TOKEN) == 0
