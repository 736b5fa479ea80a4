"""Every way in closes the endpoint's connections when its work is done.

Real servers (uvicorn under vLLM, Ollama, llama.cpp) keep a connection open after each
answer, and so does the fake: a client left open holds a socket and a server slot until
it is collected, and then warns. The fake counts the connections still open.
"""

from __future__ import annotations

from pathlib import Path

import httpx
from typer.testing import CliRunner

import jiyao
from jiyao.batch import Batch
from jiyao.cli import app
from jiyao.pipeline import engine_for, readout
from jiyao.service import create_app
from jiyao.settings import Settings
from tests.fake_openai import FakeOpenAI
from tests.helpers import seed
from tests.live_server import LiveServer

runner = CliRunner()
REPORT = "11月1日，市委書記王立主持會議，研究部署疫情防控工作。市長李強出席會議。"


def test_the_api_closes_the_connections_of_each_call(fake_llm: FakeOpenAI, llm_settings: Settings) -> None:
    held = jiyao.extract(REPORT, settings=llm_settings, engine="llm")
    assert fake_llm.completions() and held.chair is not None
    assert fake_llm.connections_left() == 0
    jiyao.translate(REPORT, settings=llm_settings)
    assert fake_llm.connections_left() == 0


def test_a_batch_closes_the_engine_it_made_and_leaves_a_given_one_open(
    fake_llm: FakeOpenAI, llm_settings: Settings, tmp_path: Path
) -> None:
    reports = tmp_path / "in"
    reports.mkdir()
    (reports / "a.txt").write_text(REPORT, encoding="utf-8")
    state = Batch(reports, tmp_path / "out", llm_settings, concurrency=2).run()
    assert [o.status for o in state.outcomes] == ["done"] and fake_llm.connections_left() == 0

    engine = engine_for(llm_settings.replace(use_cache=False))
    assert engine is not None
    with engine:
        Batch(reports, tmp_path / "again", llm_settings, engine=engine).run()
        assert fake_llm.connections_left(within=0.2) > 0  # the caller's engine, still usable
        readout(seed_report(), engine)
    assert fake_llm.connections_left() == 0


def test_the_cli_closes_its_engine_when_the_command_ends(fake_llm: FakeOpenAI) -> None:
    result = runner.invoke(app, ["extract", str(seed("003")), "--engine", "llm"])
    assert result.exit_code == 0, result.output
    assert fake_llm.connections_left() == 0


def test_the_service_closes_its_engine_when_it_stops(fake_llm: FakeOpenAI, llm_settings: Settings) -> None:
    with LiveServer(create_app(llm_settings)) as server:
        response = httpx.post(f"{server.url}/v1/translate", json={"text": REPORT}, timeout=30)
        assert response.status_code == 200 and fake_llm.connections_left(within=0.2) > 0
    assert fake_llm.connections_left() == 0


def test_a_closed_engine_opens_new_connections_when_asked_again(fake_llm: FakeOpenAI, llm_settings: Settings) -> None:
    engine = engine_for(llm_settings.replace(use_cache=False))
    assert engine is not None
    fork = engine.fork()
    readout(seed_report(), fork)
    fork.close()  # a fork's connections are its parent's
    assert fake_llm.connections_left(within=0.2) > 0
    engine.close()
    assert fake_llm.connections_left() == 0
    readout(seed_report(), engine)
    engine.close()
    assert fake_llm.connections_left() == 0


def seed_report() -> jiyao.CleanReport:
    return jiyao.clean(seed("003"))
