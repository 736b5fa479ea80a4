"""The backend and the structured-output ladder, through the real SDK and a real HTTP fake."""

from __future__ import annotations

import asyncio
import json
import threading
import time

import pytest
from pydantic import BaseModel, ConfigDict

from jiyao import deadline
from jiyao.errors import (
    CancelledError,
    ContentFilteredError,
    ContextWindowError,
    EndpointError,
    FormatUnsupportedError,
    OutputError,
    RateLimitedError,
    RefusalError,
    ThinkingCutError,
    UpstreamError,
)
from jiyao.llm.backend import Completion, OpenAIBackend, OutputMode, Request
from jiyao.llm.structured import Rungs, StructuredClient, extract_json
from jiyao.llm.verdicts import judge_status, server_words
from jiyao.prompts import Message, latest_prompt
from jiyao.settings import Endpoint, Settings
from tests.fake_openai import Fail, FakeOpenAI, Reply, Stall
from tests.helpers import ROOT, closed_after_the_test

# These tests script the server's exact answers, request by request: they speak to the
# plain profile. tests/test_endpoint_profiles.py runs the real servers' behaviours.
pytestmark = pytest.mark.profile("plain")


class Answer(BaseModel):
    model_config = ConfigDict(extra="forbid")
    city: str
    count: int


GOOD = '{"city": "中山市", "count": 13}'
MESSAGES = [Message("system", "You answer in JSON."), Message("user", "Which city? How many?")]


def _backend(settings: Settings) -> OpenAIBackend:
    return closed_after_the_test(OpenAIBackend(settings))


def _client(settings: Settings, **kw) -> StructuredClient:  # type: ignore[no-untyped-def]
    return StructuredClient(
        _backend(settings),
        reask_prompt=latest_prompt(ROOT / "prompts", "reask"),
        reasks=kw.pop("reasks", 2),
        rungs=kw.pop("rungs", Rungs()),
    )


def test_json_schema_is_tried_first_and_strict(fake_llm: FakeOpenAI, llm_settings: Settings) -> None:
    fake_llm.queue(Reply(GOOD))
    result = _client(llm_settings).ask(MESSAGES, Answer, unit="u")
    assert result.value == Answer(city="中山市", count=13) and result.mode is OutputMode.JSON_SCHEMA
    (seen,) = fake_llm.completions()
    schema = seen.body["response_format"]["json_schema"]
    assert seen.mode == "json_schema" and schema["strict"] is True
    assert schema["schema"]["additionalProperties"] is False and schema["schema"]["required"] == ["city", "count"]
    assert seen.headers.get("authorization") == "Bearer sk-test-secret-key-0000"


def test_a_rejected_json_schema_steps_down_to_json_object_and_is_remembered(
    fake_llm: FakeOpenAI, llm_settings: Settings
) -> None:
    fake_llm.reject_formats = {"json_schema"}
    fake_llm.responder = lambda seen: Reply(GOOD)
    rungs = Rungs()
    client = _client(llm_settings, rungs=rungs)
    assert client.ask(MESSAGES, Answer, unit="u").mode is OutputMode.JSON_OBJECT
    assert [s.mode for s in fake_llm.completions()] == ["json_schema", "json_object"]
    # The json_object request carries the schema in the prompt.
    assert '"city"' in fake_llm.completions()[1].body["messages"][1]["content"]
    client.ask(MESSAGES, Answer, unit="u")
    assert [s.mode for s in fake_llm.completions()][2:] == ["json_object"]


def test_plain_prompt_is_the_last_rung_and_json_is_cut_out_of_prose(
    fake_llm: FakeOpenAI, llm_settings: Settings
) -> None:
    fake_llm.reject_formats = {"json_schema", "json_object"}
    fake_llm.responder = lambda seen: Reply(f"Here you are:\n```json\n{GOOD}\n```\nAnything else?")
    result = _client(llm_settings).ask(MESSAGES, Answer, unit="u")
    assert result.mode is OutputMode.PLAIN and result.value.count == 13
    assert [s.mode for s in fake_llm.completions()] == ["json_schema", "json_object", "plain"]


def test_the_rung_is_remembered_across_runs_through_the_store(fake_llm: FakeOpenAI, llm_settings: Settings) -> None:
    store: dict[str, str] = {}

    class Store:
        get = store.get

        def set(self, key: str, value: str) -> None:
            store[key] = value

    fake_llm.reject_formats = {"json_schema"}
    fake_llm.responder = lambda seen: Reply(GOOD)
    _client(llm_settings, rungs=Rungs(Store())).ask(MESSAGES, Answer, unit="u")
    fake_llm.requests.clear()
    _client(llm_settings, rungs=Rungs(Store())).ask(MESSAGES, Answer, unit="u")
    assert [s.mode for s in fake_llm.completions()] == ["json_object"]


@pytest.mark.parametrize("status", [401, 403, 429])
def test_auth_and_rate_errors_never_step_down_the_ladder(fake_llm: FakeOpenAI, status: int) -> None:
    settings = Settings.from_env().replace(max_retries=1)
    fake_llm.responder = lambda seen: Fail(status, "response_format is fine, but no")
    with pytest.raises((EndpointError, RateLimitedError)):
        _client(settings).ask(MESSAGES, Answer, unit="u")
    assert {s.mode for s in fake_llm.completions()} == {"json_schema"}


def test_401_is_final_with_context(fake_llm: FakeOpenAI, llm_settings: Settings) -> None:
    fake_llm.queue(Fail(401, "Incorrect API key provided"))
    with pytest.raises(EndpointError) as info:
        _client(llm_settings).ask(MESSAGES, Answer, unit="u")
    assert len(fake_llm.completions()) == 1
    assert info.value.provider == fake_llm.base_url and info.value.attempts == 1
    assert "API key was refused" in str(info.value)
    assert isinstance(info.value.__cause__, Exception)


def test_an_account_out_of_credits_stops_every_later_request(fake_llm: FakeOpenAI, llm_settings: Settings) -> None:
    # OpenRouter's 402 "insufficient credits": before, "request rejected (402)", and every
    # later report of a batch sent its requests to be refused again.
    fake_llm.queue(Fail(402, "Your account or API key has insufficient credits. Add more credits and retry."))
    client = _client(llm_settings)
    with pytest.raises(EndpointError, match="out of credits"):
        client.ask(MESSAGES, Answer, unit="u")
    with pytest.raises(EndpointError, match="out of credits"):
        client.ask(MESSAGES, Answer, unit="v")
    assert len(fake_llm.completions()) == 1


def test_429_is_retried_honouring_retry_after(fake_llm: FakeOpenAI, llm_settings: Settings) -> None:
    fake_llm.queue(Fail(429, "slow down", {"Retry-After": "0.3"}), Reply(GOOD))
    start = time.monotonic()
    result = _client(llm_settings).ask(MESSAGES, Answer, unit="u")
    assert time.monotonic() - start >= 0.3
    assert result.value.count == 13
    assert result.usage.requests == 2 and result.usage.prompt_tokens > 0


def test_429_for_ever_gives_up_after_the_retries(fake_llm: FakeOpenAI) -> None:
    settings = Settings.from_env().replace(max_retries=2)
    fake_llm.responder = lambda seen: Fail(429, "quota", {"Retry-After": "0"})
    with pytest.raises(RateLimitedError) as info:
        _client(settings).ask(MESSAGES, Answer, unit="u")
    assert info.value.attempts == 3 and len(fake_llm.completions()) == 3


def test_500_then_success(fake_llm: FakeOpenAI, llm_settings: Settings) -> None:
    fake_llm.queue(Fail(500), Fail(503), Reply(GOOD))
    assert _client(llm_settings).ask(MESSAGES, Answer, unit="u").usage.requests == 3


@pytest.mark.parametrize(
    ("words", "format_refused"),
    [
        # llama-server until 2025, ik_llama.cpp in 2025: a format it does not take, as a 500.
        ('response_format type must be one of "text" or "json_object", but got: json_schema', True),
        ("Unsupported response_format type: json_schema", True),
        # Faults that name the format are faults still: asked again, they may pass.
        ("Internal Server Error", False),
        ("EngineCore encountered an issue while decoding the json_schema request. See stack trace.", False),
        ("upstream timed out while guided decoding of response_format json_schema", False),
    ],
)
def test_a_500_that_refuses_the_format_steps_down_and_other_500s_are_retried(words: str, format_refused: bool) -> None:
    body = {"error": {"code": 500, "message": words, "type": "server_error"}}
    verdict = judge_status(500, body, server_words(body), Endpoint(base_url="http://h/v1", model="m", api_key="k"), 1)
    assert isinstance(verdict.error, FormatUnsupportedError) is format_refused
    assert verdict.retry is not format_refused


def test_a_stall_past_the_timeout_is_retried(fake_llm: FakeOpenAI) -> None:
    settings = Settings.from_env().replace(timeout=0.5)
    fake_llm.queue(Stall(1.5), Reply(GOOD))
    assert _client(settings).ask(MESSAGES, Answer, unit="u").value.count == 13
    assert len(fake_llm.completions()) == 2


def test_stalls_for_ever_are_an_upstream_error(fake_llm: FakeOpenAI) -> None:
    settings = Settings.from_env().replace(timeout=0.3, max_retries=1)
    fake_llm.responder = lambda seen: Stall(1.0)
    with pytest.raises(UpstreamError, match="timed out"):
        _client(settings).ask(MESSAGES, Answer, unit="u")


def test_an_unreachable_endpoint_is_a_clear_error() -> None:
    fake = FakeOpenAI().start()
    url = fake.base_url
    fake.stop()
    settings = Settings(base_url=url, model="m", max_retries=1, retry_base_delay=0.01, timeout=1)
    with pytest.raises(EndpointError, match="cannot reach"):
        _client(settings).ask(MESSAGES, Answer, unit="u")


def test_a_cut_off_answer_is_asked_again_with_more_room_never_mended(
    fake_llm: FakeOpenAI, llm_settings: Settings
) -> None:
    # Before: json-repair or "answer more briefly" with the same limit; a cut list parses and is wrong.
    fake_llm.queue(Reply('{"city": "中山市", "count": 13', finish_reason="length"), Reply(GOOD))
    result = _client(llm_settings).ask(MESSAGES, Answer, unit="u", max_tokens=100)
    assert result.value.count == 13
    first, second = fake_llm.completions()
    assert second.body["max_tokens"] == 2 * first.body["max_tokens"]
    assert second.body["messages"] == first.body["messages"]  # the same question, not a re-ask


@pytest.mark.parametrize("reason", ["error", "network_error", "insufficient_system_resource"])
def test_an_answer_the_server_says_failed_part_way_is_asked_again_never_mended(
    fake_llm: FakeOpenAI, llm_settings: Settings, reason: str
) -> None:
    # A gateway that lost its upstream after its 200 (OpenRouter's "error"), z.AI's
    # "network_error", DeepSeek's "insufficient_system_resource": the fragment written so far.
    # Before: json-repair closed the fragment, and a wrong answer passed (city 中山).
    fake_llm.queue(Reply('{"count": 13, "city": "中山', finish_reason=reason), Reply(GOOD))
    result = _client(llm_settings).ask(MESSAGES, Answer, unit="u", max_tokens=100)
    assert result.value.city == "中山市"
    first, second = fake_llm.completions()
    assert second.body["messages"] == first.body["messages"]  # asked again, as after a 5xx
    assert result.usage.requests == 2


def test_zais_sensitive_finish_is_the_content_filters(fake_llm: FakeOpenAI, llm_settings: Settings) -> None:
    # z.AI (GLM) withholds an answer its moderation flags with finish_reason "sensitive".
    # Before: read as an answer that was empty, and re-asked.
    fake_llm.queue(Reply("", finish_reason="sensitive"))
    with pytest.raises(ContentFilteredError) as refused:
        _client(llm_settings).ask(MESSAGES, Answer, unit="u", max_tokens=100)
    assert refused.value.stage == "answer" and len(fake_llm.completions()) == 1


def test_a_server_whose_generations_keep_failing_part_way_fails_as_a_fault(
    fake_llm: FakeOpenAI, llm_settings: Settings
) -> None:
    fake_llm.responder = lambda seen: Reply('{"count": 13, "city": "中山', finish_reason="error")
    with pytest.raises(UpstreamError, match="failed part way"):
        _client(llm_settings).ask(MESSAGES, Answer, unit="u", max_tokens=100)


@pytest.mark.profile("groq")
def test_an_answer_the_server_refused_as_no_json_is_read_from_its_error(
    fake_llm: FakeOpenAI, llm_settings: Settings
) -> None:
    # Groq checks JSON mode after the model wrote: the chatty model's fenced answer is a 400
    # json_validate_failed carrying it in failed_generation. Before: "request rejected (400)",
    # the unit failed (exit 3).
    fake_llm.queue(Reply(GOOD))
    result = _client(llm_settings).ask(MESSAGES, Answer, unit="u", max_tokens=100)
    assert result.value == Answer(city="中山市", count=13) and result.mode is OutputMode.JSON_OBJECT
    (sent,) = fake_llm.completions()
    assert result.usage.requests == 2 and result.usage.counted_here == 1  # the refused format, the answer
    assert result.usage.completion_tokens > 0 and result.usage.prompt_tokens > 0


@pytest.mark.profile("groq")
def test_an_answer_the_server_refused_cut_at_the_limit_is_asked_again_with_more_room(
    fake_llm: FakeOpenAI, llm_settings: Settings
) -> None:
    # No finish_reason comes with it: its JSON never closes, and it reached the limit. Mended
    # (json-repair closes a brace), a cut list would parse and be wrong.
    long = json.dumps({"city": "中山市" * 60, "count": 13}, ensure_ascii=False)
    fake_llm.queue(Reply(long), Reply(long))
    result = _client(llm_settings).ask(MESSAGES, Answer, unit="u", max_tokens=150)
    assert result.value.count == 13 and len(result.value.city) == 180
    first, second = fake_llm.completions()
    assert second.body["max_tokens"] == 2 * first.body["max_tokens"]
    assert second.body["messages"] == first.body["messages"]  # the same question, not a re-ask


@pytest.mark.profile("groq")
@pytest.mark.parametrize("broken", ["{broken", '{"count": 13, "city": "中山'])
def test_a_short_broken_answer_the_server_refused_is_re_asked_not_given_more_room(
    fake_llm: FakeOpenAI, llm_settings: Settings, broken: str
) -> None:
    # Never mended either: json-repair had closed the second into the city 中山, and it passed.
    fake_llm.queue(Reply(broken), Reply(GOOD))
    result = _client(llm_settings).ask(MESSAGES, Answer, unit="u", max_tokens=100)
    assert result.value == Answer(city="中山市", count=13)
    first, second = fake_llm.completions()
    assert second.body["max_tokens"] == first.body["max_tokens"]
    assert len(second.body["messages"]) == len(first.body["messages"]) + 2  # its answer, and what was wrong
    assert "never closed" in second.body["messages"][-1]["content"]


def test_a_cut_off_answer_asked_again_near_the_window_is_sent_with_the_room_left(
    fake_llm: FakeOpenAI, llm_settings: Settings
) -> None:
    # The retry's doubled limit is over twice the room the window leaves, but the first limit
    # was not: the question is asked again in the room there is. (The rule that a request left
    # under half its limit is not sent had judged the doubled limit: a one-off cut answer near
    # the window was then split, and a batch under faults wrote another translation.)
    fake_llm.queue(Reply('{"city": "中山市", "count": 13', finish_reason="length"), Reply(GOOD))
    settings = llm_settings.replace(context_window=850)  # leaves ~800: over 1,000 / 2, under 2,000 / 2
    result = _client(settings).ask(MESSAGES, Answer, unit="u", max_tokens=1000)
    assert result.value.count == 13
    first, second = fake_llm.completions()
    assert 500 <= first.body["max_tokens"] == second.body["max_tokens"] < 1000  # the room left, twice


def test_a_reply_cut_off_inside_its_thinking_is_no_answer_too_long(
    fake_llm: FakeOpenAI, llm_settings: Settings
) -> None:
    # An unclosed <think> at finish_reason=length: no answer began. More room is tried as for a
    # long answer; then the error says so and what to set, and is no TruncatedError (a readout
    # splits its text on those, which shortens no one's thinking).
    thinking = Reply("<think>\n" + "Let me weigh every name in the list once more. " * 200, finish_reason="length")
    fake_llm.queue(thinking, thinking, thinking)
    with pytest.raises(ThinkingCutError, match="still thinking after 400 output tokens.*JIYAO_REASONING_TOKENS"):
        _client(llm_settings).ask(MESSAGES, Answer, unit="u", max_tokens=100)
    assert [c.body["max_tokens"] for c in fake_llm.completions()] == [100, 200, 400]


def test_an_answer_begun_after_the_thinking_and_cut_off_is_still_too_long(
    fake_llm: FakeOpenAI, llm_settings: Settings
) -> None:
    cut = Reply('<think>\nShort.\n</think>\n{"city": "中山市", "count": 1', finish_reason="length")
    fake_llm.queue(cut, cut, cut)
    with pytest.raises(OutputError, match="did not fit") as failure:
        _client(llm_settings).ask(MESSAGES, Answer, unit="u", max_tokens=100)
    assert not isinstance(failure.value, ThinkingCutError)


@pytest.mark.parametrize(
    "bad",
    [
        Reply('{"city": "中山市", "count": '),  # truncated
        Reply("{city: 中山市}"),  # malformed
        Reply('{"city": "中山市", "count": "many"}'),  # wrong type
        Reply('{"city": "中山市", "count": 1, "extra": true}'),  # extra key
        Reply(""),  # empty
    ],
)
def test_invalid_output_is_re_asked_with_the_error(fake_llm: FakeOpenAI, llm_settings: Settings, bad: Reply) -> None:
    fake_llm.queue(bad, Reply(GOOD))
    result = _client(llm_settings).ask(MESSAGES, Answer, unit="u")
    assert result.value.count == 13
    first, second = fake_llm.completions()
    reask = second.body["messages"][-1]["content"]
    assert "could not be used" in reask
    assert second.body["messages"][-2]["role"] == "assistant"
    assert result.usage.requests == 2


def test_re_asks_are_bounded_and_the_unit_is_named(fake_llm: FakeOpenAI, llm_settings: Settings) -> None:
    fake_llm.responder = lambda seen: Reply("not json")
    with pytest.raises(OutputError) as info:
        _client(llm_settings, reasks=2).ask(MESSAGES, Answer, unit="seed 004 readout chunk 2/3")
    assert len(fake_llm.completions()) == 3
    assert info.value.unit == "seed 004 readout chunk 2/3" and "chunk 2/3" in str(info.value)


@pytest.mark.parametrize(
    "refusal", [Reply(None, refusal="I can't help with that."), Reply("I'm sorry, I cannot do that.")]
)
def test_refusals_are_re_asked_then_reported(fake_llm: FakeOpenAI, llm_settings: Settings, refusal: Reply) -> None:
    fake_llm.responder = lambda seen: refusal
    with pytest.raises(RefusalError):
        _client(llm_settings, reasks=1).ask(MESSAGES, Answer, unit="u")
    assert len(fake_llm.completions()) == 2


def test_async_completion_retries_too(fake_llm: FakeOpenAI, llm_settings: Settings) -> None:
    fake_llm.queue(Fail(500), Reply(GOOD))
    backend = OpenAIBackend(llm_settings)
    request = Request(messages=MESSAGES, mode=OutputMode.JSON_OBJECT)

    async def ask() -> Completion:
        try:
            return await backend.acomplete(request)
        finally:
            await backend.aclose()  # the server keeps the connection alive: close it in this loop

    completion = asyncio.run(ask())
    assert json.loads(completion.text)["count"] == 13 and completion.attempts == 2
    assert backend._async is None


def test_models_are_listed(fake_llm: FakeOpenAI, llm_settings: Settings) -> None:
    assert _backend(llm_settings).list_models() == {"fake-model": None, "other-model": None}


def test_extract_json_finds_the_object() -> None:
    assert extract_json('{"a": 1}') == '{"a": 1}'
    assert extract_json('text ```json\n{"a": 1}\n``` more') == '{"a": 1}'
    assert extract_json('Sure: {"a": {"b": 2}} done') == '{"a": {"b": 2}}'


def test_an_error_body_that_is_a_list_gives_the_servers_words() -> None:
    # Gemini's OpenAI-compatible API answers a 400 with a list of one error; its words had
    # been shown as the whole JSON text.
    import json

    from jiyao.llm.verdicts import server_words

    message = 'Invalid JSON payload received. Unknown name "reasoning": Cannot find field.'
    body = [{"error": {"code": 400, "message": message, "status": "INVALID_ARGUMENT"}}]
    assert server_words(body, json.dumps(body)) == message
    assert server_words({"error": {"message": message}}) == message  # OpenAI's, as before


def test_a_gateways_provider_returned_error_is_judged_by_the_providers_words() -> None:
    # OpenRouter answers "Provider returned error" and keeps the provider's own words in
    # metadata.raw. Before: "request rejected (400): Provider returned error", the window
    # (and every other reason) unread.
    from jiyao.llm.verdicts import server_words

    raw = "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens."
    body = {"error": {"message": "Provider returned error", "code": 400,
                      "metadata": {"raw": raw, "provider_name": "DeepInfra"}}}  # fmt: skip
    verdict = judge_status(400, body, server_words(body), Endpoint(base_url="http://h/v1", model="m", api_key="k"), 1)
    assert isinstance(verdict.error, ContextWindowError) and verdict.error.window == 8192
    assert server_words(body) == f"Provider returned error: {raw}"


def test_a_cancel_during_the_backoff_sends_no_retry(fake_llm: FakeOpenAI, llm_settings: Settings) -> None:
    # A Ctrl-C in a batch, or a service stopping: the retry after a 503 is not sent, and the
    # backoff's wait ends at once (before, the retry went out, and the report went on).
    settings = llm_settings.replace(retry_base_delay=20.0, max_retry_wait=20.0)
    cancel = threading.Event()
    failed_at: list[float] = []

    def answer(seen: object) -> Fail | Reply:
        if failed_at:
            return Reply(GOOD)
        failed_at.append(time.perf_counter())
        threading.Timer(0.3, cancel.set).start()  # during the 10-20 s backoff
        return Fail(503)

    fake_llm.responder = answer
    with deadline.cancelled_by(cancel), pytest.raises(CancelledError, match="attempt 2: cancelled"):
        _client(settings).ask(MESSAGES, Answer, unit="u")
    assert time.perf_counter() - failed_at[0] < 5
    assert len(fake_llm.completions()) == 1


def test_a_cancel_before_a_re_ask_sends_none(fake_llm: FakeOpenAI, llm_settings: Settings) -> None:
    cancel = threading.Event()
    fake_llm.responder = lambda seen: (cancel.set(), Reply("not JSON at all"))[1]
    with deadline.cancelled_by(cancel), pytest.raises(CancelledError):
        _client(llm_settings).ask(MESSAGES, Answer, unit="u")
    assert len(fake_llm.completions()) == 1
