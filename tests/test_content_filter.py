"""The provider's moderation: Azure's content filter, DeepSeek's "Content Exists Risk", Qwen's
``data_inspection_failed`` on DashScope, GLM's ``1301`` — each refuses a prompt with a 400 in
its own words; Azure also withholds an answer (``finish_reason: content_filter``).

Reports of Chinese government meetings meet these filters often (leaders' names, security
work). Before: the 400 read as "request rejected", a withheld answer was re-asked as if it
were bad JSON, a readout lost every chunk for one refused passage, and the message said
nothing of what to do. The fake answers as each provider does (tests/fake_profiles.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiyao.cli import app
from jiyao.schemas import Readout
from tests.fake_openai import FakeOpenAI
from tests.fake_profiles import MODERATION, PROFILES, Profile
from tests.helpers import seed

runner = CliRunner()
# Words of one paragraph of seed 002 (its fifth): the fake's filter refuses a prompt holding them.
BLOCKED = "共同締造"


def _provider(style: str, monkeypatch: pytest.MonkeyPatch) -> FakeOpenAI:
    """A server that moderates as ``style``'s provider does, configured as jiyao's endpoint."""
    base = PROFILES["azure"] if style == "azure" else PROFILES["deepseek"]
    fake = FakeOpenAI(profile=Profile(**{**base.__dict__, "moderation": style})).start()
    monkeypatch.setenv("JIYAO_BASE_URL", fake.base_url)
    monkeypatch.setenv("JIYAO_MODEL", fake.model)
    monkeypatch.setenv("JIYAO_API_KEY", "sk-test-secret-key-0000")
    monkeypatch.setenv("JIYAO_RETRY_DELAY", "0.01")
    if base.context_window:
        monkeypatch.setenv("JIYAO_CONTEXT_WINDOW", str(base.context_window))
    return fake


@pytest.mark.parametrize("style", sorted(MODERATION))
def test_a_refused_report_says_the_provider_refused_it_and_what_to_do(
    style: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _provider(style, monkeypatch)
    try:
        fake.blocked = {"会议", "會議"}  # in every part of the report: nothing can be read
        result = runner.invoke(app, ["summarize", str(seed("002")), "--format", "json"])
        assert result.exit_code == 7, result.stderr
        assert f"the provider's content filter refused the prompt ({MODERATION[style][0]})" in result.stderr
        assert "--engine offline" in result.stderr and "another endpoint" in result.stderr
        assert "request rejected" not in result.stderr and "Traceback" not in result.stderr
        # Never retried as if the server had failed; a refused part is looked for in halves,
        # then given up: a bounded number of requests, no answer asked of the model.
        assert not fake.completions() or all(s in fake.moderated for s in fake.completions())
        assert 1 <= len(fake.moderated) <= 12
    finally:
        fake.stop()


@pytest.mark.parametrize("style", ["azure", "deepseek", "dashscope", "zhipu"])
def test_one_refused_passage_costs_that_passage_not_the_readout(style: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = _provider(style, monkeypatch)
    monkeypatch.setenv("JIYAO_MAX_CHUNK_TOKENS", "600")  # seed 002 in several chunks
    try:
        fake.blocked = {BLOCKED}
        result = runner.invoke(app, ["summarize", str(seed("002")), "--format", "json"])
        # The rest is read; the refused part is named, with the provider's reason: partial.
        assert result.exit_code == 5, result.stderr
        readout = Readout.model_validate_json(result.stdout)
        assert readout.chair is not None and readout.chair.name == "馬澤江"
        assert len(readout.attendees) >= 10
        failed = [n for n in readout.notes if n.startswith("failed: ")]
        assert failed and all("content filter" in n for n in failed)
        assert "--engine offline" in result.stderr
    finally:
        fake.stop()


def test_a_withheld_answer_is_not_asked_again_as_bad_json(monkeypatch: pytest.MonkeyPatch) -> None:
    # Azure filters answers too: 200, finish_reason content_filter, no content. Before: read
    # as "the answer was empty" and re-asked with the error, the same answer withheld again.
    fake = _provider("azure", monkeypatch)
    try:
        fake.blocked_answers = {"Ma Zejiang"}
        result = runner.invoke(app, ["translate", str(seed("002"))])
        assert result.exit_code in (5, 7), result.stderr
        assert "withheld the answer (finish_reason=content_filter)" in result.stderr
        translations = fake.completions("translate")
        assert translations and not any(
            m.get("role") == "assistant" for s in translations for m in s.body["messages"]
        ), "a withheld answer was re-asked"
    finally:
        fake.stop()


def test_a_refusal_does_not_mark_the_format_or_the_endpoint_as_broken(monkeypatch: pytest.MonkeyPatch) -> None:
    # The next report goes out as before: the same structured-output rung, no refused key.
    fake = _provider("azure", monkeypatch)
    try:
        fake.blocked = {"郭文海"}  # seed 000's chair: only that report is refused
        first = runner.invoke(app, ["summarize", str(seed("000")), "--format", "json"])
        assert first.exit_code in (5, 7), first.stderr
        second = runner.invoke(app, ["summarize", str(seed("002")), "--format", "json"])
        assert second.exit_code == 0, second.stderr
        assert {s.mode for s in fake.completions()} == {"json_schema"}
    finally:
        fake.stop()


def test_a_batch_goes_on_past_a_refused_report_and_says_why(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    fake = _provider("deepseek", monkeypatch)
    try:
        reports = tmp_path / "in"
        reports.mkdir()
        for prefix in ("000", "002"):
            (reports / seed(prefix).name).write_bytes(seed(prefix).read_bytes())
        fake.blocked = {"郭文海"}  # seed 000 only
        result = runner.invoke(app, ["batch", str(reports), "-o", str(tmp_path / "out")])
        assert result.exit_code == 1, result.stderr
        summary = json.loads((tmp_path / "out" / "summary.json").read_text())
        by_name = {r["name"]: r for r in summary["results"]}
        assert by_name[seed("002").name]["status"] == "done"
        refused = by_name[seed("000").name]
        assert refused["status"] == "failed" and "content filter" in refused["reason"]
        assert "Content Exists Risk" in refused["reason"]
        assert "--engine offline" in result.stderr
    finally:
        fake.stop()


@pytest.mark.parametrize(
    ("style", "path", "blocked", "words"),
    [
        ("dashscope", "/v1/readout", {"会议", "會議"}, "inappropriate content"),  # every part refused
        # Before: 502, as if the endpoint had failed: a client would retry what is refused again.
        ("zhipu", "/v1/translate", {BLOCKED}, "不安全或敏感"),  # one passage refused
    ],
)
def test_the_service_answers_422_for_a_refused_text(
    style: str, path: str, blocked: set[str], words: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import httpx

    from jiyao.service import create_app
    from jiyao.settings import Settings
    from tests.live_server import LiveServer

    fake = _provider(style, monkeypatch)
    try:
        fake.blocked = blocked
        with LiveServer(create_app(Settings.from_env())) as server:
            text = seed("002").read_text(encoding="utf-8")
            response = httpx.post(f"{server.url}{path}", json={"text": text}, timeout=60)
        assert response.status_code == 422, response.text
        assert response.json()["kind"] == "ContentFilteredError" and words in response.json()["error"]
    finally:
        fake.stop()


def test_a_batch_keeps_a_report_with_a_refused_passage_and_names_the_passage(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Before: the report failed and nothing of it was written; every re-run asked again and was
    # refused again. Now its outputs are written with the refused passage named: partial.
    fake = _provider("dashscope", monkeypatch)
    try:
        reports, out = tmp_path / "in", tmp_path / "out"
        reports.mkdir()
        (reports / seed("002").name).write_bytes(seed("002").read_bytes())
        fake.blocked = {BLOCKED}
        result = runner.invoke(app, ["batch", str(reports), "-o", str(out)])
        assert result.exit_code == 5, result.stderr
        (outcome,) = json.loads((out / "summary.json").read_text())["results"]
        assert outcome["status"] == "partial" and "inappropriate content" in outcome["reason"]
        readout = Readout.model_validate_json((out / f"{seed('002').stem}.readout.json").read_text())
        assert readout.chair is not None and readout.chair.name == "馬澤江"
        assert any(n.startswith("failed: ") and "content filter" in n for n in readout.notes)
        assert "content filter" in (out / f"{seed('002').stem}.brief.html").read_text()
        # Its brief is in the index, with the failed part to check (it had been left out).
        assert f'href="{seed("002").stem}.brief.html"' in (out / "index.html").read_text()
        assert "--engine offline" in result.stderr
        # The same provider refuses the same text again: a re-run keeps what was written.
        sent = len(fake.moderated) + len(fake.completions())
        again = runner.invoke(app, ["batch", str(reports), "-o", str(out)])
        assert again.exit_code == 0, again.stderr
        assert len(fake.moderated) + len(fake.completions()) == sent
    finally:
        fake.stop()
