"""200 concurrent requests to the service, with an endpoint of fixed latency: none lost."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from jiyao.service import create_app
from jiyao.settings import Settings
from tests.fake_openai import FakeOpenAI
from tests.live_server import LiveServer

REQUESTS = 200


@pytest.mark.timeout(300)
def test_200_concurrent_translations_are_all_answered_correctly(fake_llm: FakeOpenAI) -> None:
    fake_llm.latency = 0.05
    # A queue long enough for every request: this test is about answers, not admission.
    with LiveServer(create_app(Settings.from_env(), queue=256)) as server:

        async def one(client: httpx.AsyncClient, i: int) -> tuple[int, int, str]:
            text = f"第{i}號通報：共{i + 1000}人參加會議。"
            response = await client.post(f"{server.url}/v1/translate", json={"text": text, "name": f"r{i}"})
            target = response.json()["paragraphs"][0]["target"] if response.status_code == 200 else response.text
            return i, response.status_code, target

        async def all_at_once() -> list[tuple[int, int, str]]:
            limits = httpx.Limits(max_connections=REQUESTS, max_keepalive_connections=REQUESTS)
            async with httpx.AsyncClient(timeout=120, limits=limits) as client:
                return await asyncio.gather(*(one(client, i) for i in range(REQUESTS)))

        results = asyncio.run(all_at_once())
    assert len(results) == REQUESTS
    assert all(status == 200 for _, status, _ in results), [r for r in results if r[1] != 200][:3]
    # Each answer is the translation of its own request (its numbers, nobody else's).
    assert all(str(i) in target and str(i + 1000) in target for i, _, target in results)
    assert len(fake_llm.completions("translate")) == REQUESTS
