"""The HTTP service under uvicorn on 127.0.0.1, spoken to with httpx."""

from __future__ import annotations

import base64
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from jiyao.cleaning import tables
from jiyao.errors import ConfigError
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


def test_the_tables_are_built_before_the_service_says_ready(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    # Before: /healthz said "ready" once the workers had cleaned a line with no lost bytes,
    # and after an install the first garbled report built the tables in its worker (~10 s,
    # every worker at once): past a client's 5 s timeout, and a test run alone failed so.
    fresh = tmp_path / "tables"
    monkeypatch.setenv("JIYAO_TABLES_DIR", str(fresh))
    tables.use_directory(fresh)
    with LiveServer(create_app(Settings.from_env())) as server:
        built = sorted(path.name for path in fresh.iterdir())
        assert any(name.startswith("news-trigrams") for name in built), built  # the decoder's model of news text
        raw = seed("003").read_text(encoding="utf-8")
        response = httpx.post(f"{server.url}/v1/readout", json={"text": raw}, timeout=60)
        assert response.status_code == 200 and Readout.model_validate(response.json()).chair
        assert sorted(path.name for path in fresh.iterdir()) == built  # read by the worker, not built again


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


@pytest.fixture
def priced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIYAO_PRICE_INPUT", "1000")  # dollars a million tokens: a seed's readout is planned at ~$4.4
    monkeypatch.setenv("JIYAO_PRICE_OUTPUT", "1000")


@pytest.mark.profile("plain")  # a model without a price, and no thinking to price
def test_a_request_may_say_what_it_may_spend(fake_llm: FakeOpenAI, priced: None) -> None:
    # Before: the service took no budget; a request's calls were sent whatever they cost.
    with LiveServer(create_app(Settings.from_env())) as server:
        url = f"{server.url}/v1/readout"
        refused = httpx.post(url, json={"text": seed("000").read_text("utf-8"), "max_cost": 0.5}, timeout=30)
        assert refused.status_code == 402, refused.text
        assert refused.json()["kind"] == "BudgetExceededError"
        assert "over the budget of $0.5000 (the request's max_cost)" in refused.text
        assert not fake_llm.completions()
        asked = httpx.post(url, json={"text": seed("000").read_text("utf-8")}, timeout=30)
        assert asked.status_code == 200
        # What it cost, beside the answer (before: nothing said it): the CLI's usage line.
        assert asked.headers["x-jiyao-calls"] == "1" and asked.headers["x-jiyao-cached"] == "0"
        tokens = int(asked.headers["x-jiyao-prompt-tokens"]) + int(asked.headers["x-jiyao-completion-tokens"])
        assert float(asked.headers["x-jiyao-cost"]) == pytest.approx(tokens / 1000, abs=1e-5)
        sent = len(fake_llm.completions())
        # 0: answers from the cache only — the report just read costs nothing, another is refused.
        cached = httpx.post(url, json={"text": seed("000").read_text("utf-8"), "max_cost": 0}, timeout=30)
        assert cached.status_code == 200 and Readout.model_validate(cached.json()).chair
        assert (cached.headers["x-jiyao-cached"], cached.headers["x-jiyao-cost"]) == ("1", "0.000000")
        another = httpx.post(url, json={"text": seed("001").read_text("utf-8"), "max_cost": 0}, timeout=30)
        assert another.status_code == 402, another.text
        assert len(fake_llm.completions()) == sent


@pytest.mark.profile("plain")  # a model without a price, and no thinking to price
def test_the_servers_max_cost_holds_for_every_request_and_each_has_its_own(fake_llm: FakeOpenAI, priced: None) -> None:
    with LiveServer(create_app(Settings.from_env(), max_cost=0.5)) as server:
        for body in ({}, {"max_cost": 100}):  # a request cannot raise the server's budget
            answer = httpx.post(f"{server.url}/v1/translate", json={"text": seed("003").read_text("utf-8"), **body})
            assert answer.status_code == 402 and "$0.5000 (the server's --max-cost" in answer.text, answer.text
        assert not fake_llm.completions()
    with LiveServer(create_app(Settings.from_env(), max_cost=6.0)) as server:
        # Each request spends from its own budget: three reports of ~$4.4 each, one after the other.
        for name in ("000", "001", "002"):
            answer = httpx.post(f"{server.url}/v1/readout", json={"text": seed(name).read_text("utf-8")}, timeout=30)
            assert answer.status_code == 200, answer.text


@pytest.mark.profile("plain")  # a model without a price, and no thinking to price
def test_a_budget_the_server_cannot_keep_is_refused(fake_llm: FakeOpenAI) -> None:
    with pytest.raises(ConfigError, match="JIYAO_PRICE_INPUT"):
        create_app(Settings.from_env(), max_cost=1.0)
    with LiveServer(create_app(Settings.from_env())) as server:
        answer = httpx.post(f"{server.url}/v1/brief", json={"text": seed("000").read_text("utf-8"), "max_cost": 1})
        assert answer.status_code == 422 and "JIYAO_PRICE_INPUT" in answer.json()["error"]
    assert not fake_llm.completions()
