"""The HTTP service under uvicorn on 127.0.0.1, spoken to with httpx."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator

import httpx
import pytest

from jiyao.schemas import Readout
from jiyao.service import create_app
from jiyao.settings import Settings
from tests.fake_openai import Fail, FakeOpenAI
from tests.helpers import gold_text, seed
from tests.live_server import LiveServer


@pytest.fixture
def offline_service() -> Iterator[str]:
    with LiveServer(create_app(Settings.from_env(), body_limit=64 * 1024)) as server:
        yield server.url


@pytest.fixture
def llm_service(fake_llm: FakeOpenAI) -> Iterator[str]:
    with LiveServer(create_app(Settings.from_env())) as server:
        yield server.url


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def test_health_and_docs(offline_service: str) -> None:
    health = httpx.get(f"{offline_service}/healthz").json()
    assert health["status"] == "ok" and health["engine"] == "offline"
    assert httpx.get(f"{offline_service}/docs").status_code == 200
    assert "/v1/readout" in httpx.get(f"{offline_service}/openapi.json").json()["paths"]


def test_healthz_says_when_the_workers_are_ready() -> None:
    # A readiness probe (and the tests' own servers) can wait for the worker processes,
    # which start with the service and take seconds to load the tables on a busy machine.
    with LiveServer(create_app(Settings.from_env()), until_ready=False) as server:
        assert httpx.get(f"{server.url}/healthz").json()["workers"] == "starting"
        deadline = time.monotonic() + 60
        while httpx.get(f"{server.url}/healthz").json()["workers"] != "ready":
            assert time.monotonic() < deadline
            time.sleep(0.05)
        # No worker start-up left to wait for: within httpx's default timeout (5 s) on any machine.
        assert httpx.post(f"{server.url}/v1/clean", json={"text": "會議。"}).status_code == 200


def test_clean_from_text_and_from_gbk_bytes(offline_service: str) -> None:
    raw = seed("003").read_text(encoding="utf-8")
    by_text = httpx.post(f"{offline_service}/v1/clean", json={"text": raw}).json()
    assert by_text["text"] == gold_text("003")
    by_bytes = httpx.post(f"{offline_service}/v1/clean", json={"base64": _b64(raw.encode("gb18030"))}).json()
    assert by_bytes["text"] == gold_text("003") and by_bytes["encoding"] == "gb18030"


def test_clean_a_word_document_sent_as_bytes(offline_service: str) -> None:
    from tests.test_docx import GOLD, minutes

    cleaned = httpx.post(f"{offline_service}/v1/clean", json={"base64": _b64(minutes())}).json()
    assert cleaned["source"] == "docx" and cleaned["text"].split("\n")[0] == GOLD.split("\n")[0]


def test_offline_readout_and_brief(offline_service: str) -> None:
    raw = seed("000").read_text(encoding="utf-8")
    readout = Readout.model_validate(httpx.post(f"{offline_service}/v1/readout", json={"text": raw}).json())
    assert readout.chair is not None and readout.chair.name_en == "Guo Wenhai"
    brief = httpx.post(f"{offline_service}/v1/brief", json={"text": raw, "format": "md"})
    assert brief.headers["content-type"].startswith("text/markdown") and "Guo Wenhai" in brief.text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "exactly one of 'text' or 'base64'"),
        ({"text": "a", "base64": "YQ=="}, "exactly one of"),
        ({"text": "   "}, "empty"),
        ({"text": "首頁 > 新聞中心 > 本地要聞\n責任編輯: 劉洋"}, "no report text"),
        ({"base64": _b64("当前位置：首页 > 要闻动态\n".encode("gb18030"))}, "no report text"),
        ({"base64": "@@not base64@@"}, "not valid base64"),
        ({"base64": _b64(b"\x89PNG\r\n\x1a\n" + bytes(100))}, "binary"),
        ({"text": "x", "colour": "red"}, "colour"),
        ({}, "body: give the report as exactly one of"),  # named, not ": give…"
    ],
)
def test_invalid_input_is_422_with_a_message(offline_service: str, body: dict[str, str], message: str) -> None:
    response = httpx.post(f"{offline_service}/v1/clean", json=body)
    assert response.status_code == 422
    assert message in response.json()["error"]
    assert "Traceback" not in response.text


def test_a_body_over_the_limit_is_413(offline_service: str) -> None:
    response = httpx.post(f"{offline_service}/v1/clean", json={"text": "字" * 40_000})
    assert response.status_code == 413 and "over 65536 bytes" in response.json()["error"]


def test_translate_without_an_endpoint_is_503_saying_what_to_set(offline_service: str) -> None:
    response = httpx.post(f"{offline_service}/v1/translate", json={"text": "會議召開。"})
    assert response.status_code == 503 and "JIYAO_BASE_URL" in response.json()["error"]


def test_token_auth(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIYAO_SERVICE_TOKEN", "service-token-1234")
    with LiveServer(create_app(Settings.from_env())) as server:
        url = f"{server.url}/v1/clean"
        assert httpx.post(url, json={"text": "會議。"}).status_code == 401
        assert httpx.post(url, json={"text": "會議。"}, headers={"Authorization": "Bearer nope"}).status_code == 403
        ok = httpx.post(url, json={"text": "會議。"}, headers={"Authorization": "Bearer service-token-1234"})
        assert ok.status_code == 200
        assert httpx.get(f"{server.url}/healthz").status_code == 200  # health needs no token


def test_llm_translate_and_brief(llm_service: str, fake_llm: FakeOpenAI) -> None:
    raw = seed("003").read_text(encoding="utf-8")
    result = httpx.post(f"{llm_service}/v1/translate", json={"text": raw}, timeout=30).json()
    assert all(p["target"] for p in result["paragraphs"])
    html = httpx.post(f"{llm_service}/v1/brief", json={"text": raw}, timeout=30)
    assert html.headers["content-type"].startswith("text/html") and "[EN " in html.text


def test_upstream_failure_is_502_with_the_reason(llm_service: str, fake_llm: FakeOpenAI) -> None:
    fake_llm.responder = lambda seen: Fail(401, "Incorrect API key provided")
    response = httpx.post(f"{llm_service}/v1/readout", json={"text": "11月1日，市委書記王立主持會議。"}, timeout=30)
    assert response.status_code == 502
    assert "API key was refused" in response.json()["error"]
    assert "sk-test-secret-key-0000" not in response.text


def test_jiyao_serve_starts_the_service(tmp_path: object) -> None:
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        [sys.executable, "-m", "jiyao", "serve", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline and server.poll() is None, "server did not start"
                time.sleep(0.2)
        assert health.json()["status"] == "ok"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize(
    ("headers", "content", "message"),
    [
        # A file posted as it is: the error had read "body: Input should be a valid dictionary…".
        ({"content-type": "text/plain"}, "縣委書記王明主持召開會議。".encode(), "sent as text/plain"),
        ({"content-type": "application/x-www-form-urlencoded"}, b"text=abc", "not a JSON object"),
        ({"content-type": "application/json"}, b'"abc"', "not a JSON object"),
        ({"content-type": "application/json"}, b'{"text": "abc', "not valid JSON (at character"),
        ({"content-type": "application/json"}, b'{"txt": "abc"}', "txt: no such field"),
    ],
)
def test_a_body_that_is_no_report_object_says_how_to_send_one(
    offline_service: str, headers: dict[str, str], content: bytes, message: str
) -> None:
    response = httpx.post(f"{offline_service}/v1/readout", headers=headers, content=content)
    assert response.status_code == 422
    error = response.json()["error"]
    assert message in error and '{"text": "…"} or {"base64": "…"}' in error and "application/json" in error, error
