"""A server whose context window is smaller than the one jiyao assumed from the model's name
(vLLM started with ``--max-model-len 8192`` for a Qwen2.5 of 32k, llama-server with
``-c 4096``): the server says its window when it refuses a request, and jiyao works in it.

Before: vLLM's refusal, which names both ``max_tokens`` and ``max_completion_tokens``, was
taken for a parameter the server wanted renamed; it was asked again under the other name,
then failed as "rejected max_tokens" (exit 3). llama.cpp's was "request rejected (400)".
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from jiyao.cleaning import clean_text
from jiyao.cli import app
from jiyao.errors import ContextWindowError
from jiyao.llm.models import SummaryOutput
from jiyao.llm.verdicts import judge_status, server_words
from jiyao.schemas import Directive, Person, Readout
from jiyao.settings import Endpoint, Settings
from tests.fake_openai import prompt_tokens
from tests.fake_profiles import PROFILES, llamacpp_window, ollama_current, openai_dated
from tests.helpers import SEEDS, seed
from tests.test_endpoint_profiles import serving

runner = CliRunner()
ENDPOINT = Endpoint(base_url="http://127.0.0.1:8000/v1", model="m", api_key="k")


def _error(message: str, **fields: object) -> dict[str, object]:
    return {"error": {"message": message, "type": "invalid_request_error", "param": None, "code": 400, **fields}}


# Each server's own words (their source and issue threads), and the window they state.
REFUSALS = {
    "vllm, max_tokens over the room": (
        _error(
            "'max_tokens' or 'max_completion_tokens' is too large: 8192. This model's maximum context length is "
            "8192 tokens and your request has 13050 input tokens (8192 > 8192 - 13050). None"
        ),
        8192,
    ),
    "vllm, the prompt alone": (
        _error(
            "This model's maximum context length is 8192 tokens. However, your request has 13050 input tokens. "
            "Please reduce the length of the input messages. None"
        ),
        8192,
    ),
    "vllm, the decoder prompt": (
        _error(
            "The decoder prompt (length 9000) is longer than the maximum model length of 8192. Make sure that "
            "`max_model_len` is no smaller than the number of text tokens."
        ),
        8192,
    ),
    "openai and deepseek": (
        _error(
            "This model's maximum context length is 65536 tokens. However, you requested 70000 tokens (61808 in "
            "the messages, 8192 in the completion). Please reduce the length of the messages or completion.",
            code="context_length_exceeded",
        ),
        65536,
    ),
    "sglang": (
        _error(
            "Requested token count exceeds the model's maximum context length of 8192 tokens. You requested a "
            "total of 9000 tokens: 1000 tokens from the input messages and 8000 tokens for the completion."
        ),
        8192,
    ),
    "llama.cpp": (
        _error(
            "request (4476 tokens) exceeds the available context size (4096 tokens), try increasing it",
            type="exceed_context_size_error",
            n_prompt_tokens=4476,
            n_ctx=4096,
        ),
        4096,
    ),
    "llama.cpp before it said the sizes": (
        _error("the request exceeds the available context size, try increasing it"),
        None,
    ),
    "mistral": (
        _error(
            "Prompt contains 40000 tokens and 0 draft tokens, too large for model with 32768 maximum context "
            "length"
        ),
        32768,
    ),
    "dashscope, the longest prompt": (_error("Range of input length should be [1, 30720]"), 30720),
}


@pytest.mark.parametrize("server", list(REFUSALS))
def test_each_servers_refusal_is_the_context_window_with_the_window_it_states(server: str) -> None:
    body, window = REFUSALS[server]
    verdict = judge_status(400, body, server_words(body), ENDPOINT, 1)
    assert isinstance(verdict.error, ContextWindowError), verdict.error
    assert verdict.error.window == window
    assert verdict.adapt is None and not verdict.retry  # not a parameter to rename, not a fault to retry


def _long_report(tmp_path: Path, reports: int = 5) -> Path:
    """Reports' text in one file: five, ~13,000 tokens, over an 8,192-token window; two,
    ~5,000, over a 4,096-token one."""
    path = tmp_path / "long.txt"
    path.write_text("\n\n".join(p.read_text(encoding="utf-8") for p in SEEDS[:reports]), "utf-8")
    return path


def test_vllm_with_a_smaller_window_than_the_models_is_worked_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Qwen2.5's name says 32,768; the server was started with --max-model-len 8192.
    with serving("vllm", monkeypatch) as fake:
        result = runner.invoke(app, ["extract", str(_long_report(tmp_path)), "--format", "json"])
        assert result.exit_code == 0, result.stderr
        readout = Readout.model_validate_json(result.stdout)
        assert len(readout.attendees) >= 40  # the five reports' people, every chunk read
        assert not [n for n in readout.notes if n.startswith("failed")], readout.notes
        # Refused once per request sent before the window was known: the first, and those in flight.
        assert 1 <= len(fake.rejected) <= 1 + 4, [r.mode for r in fake.rejected]
        assert all(
            json.dumps(c.body).count("max_completion_tokens") == 0 for c in fake.completions()
        )  # never renamed
        assert "context window is 8192 tokens" in result.stderr and "JIYAO_CONTEXT_WINDOW=8192" in result.stderr


def test_a_translation_over_the_servers_window_is_split_to_fit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with serving("vllm", monkeypatch):
        result = runner.invoke(app, ["translate", str(_long_report(tmp_path)), "--format", "json"])
        assert result.exit_code == 0, result.stderr
        pairs = json.loads(result.stdout)["paragraphs"]
        assert pairs and all(p["target"] for p in pairs)


def test_llama_server_with_a_4k_context_is_worked_in(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # llama.cpp refuses a prompt over -c, and stops an answer where the window ends. The
    # name ("local") says nothing: 8,192 was assumed.
    with serving(llamacpp_window(4096), monkeypatch):
        result = runner.invoke(app, ["extract", str(_long_report(tmp_path, 2)), "--format", "json"])
        assert result.exit_code == 0, result.stderr
        readout = Readout.model_validate_json(result.stdout)
        assert len(readout.attendees) >= 20 and readout.summary_en
        assert not [n for n in readout.notes if n.startswith("failed")], readout.notes
        assert "context window is 4096 tokens" in result.stderr


def test_a_summary_of_many_attendees_names_what_fits_the_window_and_counts_the_rest(llm_settings: Settings) -> None:
    from jiyao.pipeline import engine_for
    from jiyao.pipeline.mapreduce import _summary_variables

    people = [Person(name=f"王{chr(0x4E00 + i)}明", title="縣委常委、縣政府副縣長", name_en="Wang", title_en="Deputy")
              for i in range(150)]  # fmt: skip
    readout = Readout(title="縣政府召開會議", attendees=people, directives=[Directive(text_zh="抓好落實。")])
    report = clean_text("縣政府召開會議。" * 50)
    for window, named in ((32_768, 150), (4096, None)):
        engine = engine_for(llm_settings.replace(context_window=window))
        assert engine is not None
        try:
            facts = json.loads(_summary_variables(engine, report, readout)[0]["facts"])
            listed = [a for a in facts["attendees"] if not a.startswith("…")]
            if named is not None:
                assert len(listed) == named and len(facts["attendees"]) == 150  # all fit: none counted
            else:
                assert 6 <= len(listed) < 150 and facts["attendees"][-1] == f"… and {150 - len(listed)} more"
                variables = _summary_variables(engine, report, readout)[0]
                assert engine.leaves_room("summary", variables, SummaryOutput, 500)
        finally:
            engine.close()


def test_a_window_set_by_the_user_and_too_large_is_corrected_by_the_server(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIYAO_CONTEXT_WINDOW", "16384")
    with serving("vllm", monkeypatch):
        result = runner.invoke(app, ["extract", str(_long_report(tmp_path)), "--format", "json"])
        assert result.exit_code == 0, result.stderr
        assert "JIYAO_CONTEXT_WINDOW=8192" in result.stderr


def test_the_servers_window_too_small_for_any_request_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    small = PROFILES["vllm"].__class__(**{**PROFILES["vllm"].__dict__, "context_window": 600})
    with serving(small, monkeypatch):
        result = runner.invoke(app, ["extract", str(seed("003")), "--format", "json"])
        assert result.exit_code == 3, result.stderr
        assert "the server's context window (600 tokens" in result.stderr and "--max-model-len" in result.stderr


def test_a_window_set_too_small_for_any_report_text_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    # Before: "internal error: ValueError" (exit 70).
    monkeypatch.setenv("JIYAO_CONTEXT_WINDOW", "600")
    with serving("vllm", monkeypatch):
        result = runner.invoke(app, ["extract", str(seed("003")), "--format", "json"])
        assert result.exit_code == 2, result.stderr
        assert "leaves no room for report text" in result.stderr and "set JIYAO_CONTEXT_WINDOW" in result.stderr


@pytest.mark.parametrize(("window_set", "said"), [(None, "8192"), ("8192", None), ("4096", "8192")])
def test_doctor_reads_the_window_vllm_lists_for_its_model(
    window_set: str | None, said: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # vLLM's /v1/models gives each model's max_model_len: the window it was started with.
    if window_set:
        monkeypatch.setenv("JIYAO_CONTEXT_WINDOW", window_set)
    with serving("vllm", monkeypatch):
        result = runner.invoke(app, ["doctor"])
        assert result.exit_code == 0, result.stderr
        line = next(x for x in result.stdout.splitlines() if x.startswith("window:"))
        assert line.split()[1] == (window_set or "32768")
        if said:
            assert f"the server lists {said}: set JIYAO_CONTEXT_WINDOW={said}" in line
        else:
            assert "server" not in line


# --- the largest answer a model takes, as the server says it ---------------------------------

OUTPUT_CAPS = {
    "openai": (
        _error(
            "max_tokens is too large: 6000. This model supports at most 4096 completion tokens, whereas you "
            "provided 6000.",
            param="max_tokens",
            code="invalid_value",
        ),
        4096,
    ),
    "deepseek": (_error("Invalid max_tokens value, the valid range of max_tokens is [1, 8192]"), 8192),
    "dashscope": (_error("Range of max_tokens should be [1, 8192]"), 8192),
    "groq": (
        _error(
            "`max_tokens` must be less than or equal to `32768`, the maximum value for `max_tokens` is less than "
            "the `context_window` for this model"
        ),
        32768,
    ),
    # Groq, sent max_completion_tokens (a reasoning model's, or JIYAO_TOKEN_PARAM): before, a
    # request refused, the unit failed.
    "groq-completion": (
        _error(
            "`max_completion_tokens` must be less than or equal to `16384`, the maximum value for "
            "`max_completion_tokens` is less than the `context_window` for this model",
            param="max_completion_tokens",
        ),
        16384,
    ),
}


@pytest.mark.parametrize("server", list(OUTPUT_CAPS))
def test_each_servers_output_cap_is_a_limit_to_send_instead(server: str) -> None:
    body, cap = OUTPUT_CAPS[server]
    verdict = judge_status(400, body, server_words(body), ENDPOINT, 1)
    assert (verdict.adapt, verdict.max_output) == ("max_output", cap)
    assert not isinstance(verdict.error, ContextWindowError)


def test_a_window_stated_with_thousands_separators_is_read() -> None:
    body = _error("This model supports at most 64,000 context tokens. Requested tokens: 100000000.")
    verdict = judge_status(400, body, server_words(body), ENDPOINT, 1)
    assert isinstance(verdict.error, ContextWindowError) and verdict.error.window == 64_000


def test_gpt_4o_of_may_2024_answers_in_its_4096_tokens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # gpt-4o's family takes 16,384 completion tokens; its first release, 4,096. Before: a long
    # report's readout asked for more, and the 400 ended the command (exit 3).
    report = str(_long_report(tmp_path))
    with serving("openai", monkeypatch):
        uncapped = runner.invoke(app, ["extract", report, "--format", "json", "--no-cache"])
        assert uncapped.exit_code == 0, uncapped.stderr
    with serving(openai_dated(), monkeypatch) as fake:
        result = runner.invoke(app, ["extract", report, "--format", "json", "--no-cache"])
        assert result.exit_code == 0, result.stderr
        readout = Readout.model_validate_json(result.stdout)
        assert readout.attendees == Readout.model_validate_json(uncapped.stdout).attendees
        assert not [n for n in readout.notes if n.startswith("failed")], readout.notes
        assert all((c.body.get("max_tokens") or 0) <= 4096 for c in fake.completions())
        assert len(fake.rejected) <= 2  # the first request, and one sent beside it
        assert "set JIYAO_MAX_OUTPUT_TOKENS=4096" in result.stderr


# --- Ollama: a prompt over its window cut without a word ----------------------------------


def test_ollamas_cut_is_read_from_its_count_of_the_prompt() -> None:
    from jiyao.llm.backend import window_cut_to

    # Ollama keeps N - (N - 4) // 2 tokens of a prompt over its window of N and counts only
    # those (its users measured 4,096 → 2,050 and 32,768 → 16,386; its source says the same).
    assert window_cut_to(prompt=9000, read=2050) == 4096
    assert window_cut_to(prompt=9000, read=2051) == 4096  # a BOS token kept too
    assert window_cut_to(prompt=60_000, read=16_386) == 32_768
    # Counts of prompts that fit: 3,400 of our tokens could not be over 4,096 of the server's
    # (ours x 1.15 at most); counts of no cut's shape.
    assert window_cut_to(prompt=3400, read=2050) is None
    for read in (5400, 2052, 2049, 3000, 1):
        assert window_cut_to(prompt=9000, read=read) is None, read
    # Its runners before 2026 kept the whole window: read where the prompt was at least twice it.
    assert window_cut_to(prompt=9000, read=4096) == 4096
    assert window_cut_to(prompt=6000, read=4096) is None


def test_a_prompt_ollama_cut_without_a_word_is_asked_again_in_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `ollama pull qwen2.5` at Ollama's default window (4,096) on a port jiyao does not know:
    # qwen's 32k was assumed. Before: two reports in one file were sent whole, Ollama cut the
    # prompt to 2,050 tokens without a word, and the readout came back empty, exit 0.
    report = str(_long_report(tmp_path, 2))
    monkeypatch.setenv("JIYAO_RETRY_DELAY", "0.01")
    with serving(ollama_current(4096), monkeypatch):
        monkeypatch.setenv("JIYAO_CONTEXT_WINDOW", "4096")  # what the user should have set
        known = runner.invoke(app, ["extract", report, "--format", "json", "--no-cache"])
        assert known.exit_code == 0, known.stderr
    monkeypatch.delenv("JIYAO_CONTEXT_WINDOW")
    with serving(dataclasses.replace(ollama_current(4096), model="qwen2.5"), monkeypatch) as fake:
        result = runner.invoke(app, ["extract", report, "--format", "json", "--no-cache"])
        assert result.exit_code == 0, result.stderr
        readout = Readout.model_validate_json(result.stdout)
        expected = Readout.model_validate_json(known.stdout)
        assert readout.chair == expected.chair and readout.chair is not None
        assert readout.attendees == expected.attendees and len(readout.attendees) >= 20
        assert not [n for n in readout.notes if n.startswith("failed")], readout.notes
        assert fake.truncated == 1  # the first answer, from what was left of the prompt, not used
        assert "context window is 4096 tokens" in result.stderr and "JIYAO_CONTEXT_WINDOW=4096" in result.stderr
        assert "OLLAMA_CONTEXT_LENGTH" in result.stderr


def test_a_translation_ollama_cut_without_a_word_is_translated_in_parts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The translation's chunks go out at once (the asynchronous client): each answer from a cut
    # prompt is set aside, and its chunk translated in parts that fit.
    monkeypatch.setenv("JIYAO_RETRY_DELAY", "0.01")
    monkeypatch.setenv("JIYAO_CONTEXT_WINDOW", "32768")  # as if OLLAMA_CONTEXT_LENGTH had been raised
    report = str(_long_report(tmp_path))
    with serving(ollama_current(4096), monkeypatch) as fake:
        result = runner.invoke(app, ["translate", report, "--format", "json"])
        assert result.exit_code == 0, result.stderr
        pairs = json.loads(result.stdout)["paragraphs"]
        assert pairs and all(p["target"] for p in pairs)
        over = [c for c in fake.completions() if prompt_tokens(c.body) > 4096]
        assert 1 <= fake.truncated == len(over) <= 4  # those sent before the first answer said so
        assert "OLLAMA_CONTEXT_LENGTH=32768" in result.stderr


def test_ollama_with_its_context_shift_off_refuses_and_the_work_is_split_to_fit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Some models under Ollama 0.3x refuse instead of cutting, naming no number.
    body = _error(
        "the prompt is longer than the context length currently available to the model; shorten the prompt, "
        "adjust the context length in settings, or use a model with a longer context length"
    )
    verdict = judge_status(400, body, server_words(body), ENDPOINT, 1)
    assert isinstance(verdict.error, ContextWindowError) and verdict.error.window is None
    monkeypatch.setenv("JIYAO_RETRY_DELAY", "0.01")
    model = dataclasses.replace(ollama_current(4096, context_shift=False), model="qwen2.5")
    with serving(model, monkeypatch) as fake:
        result = runner.invoke(app, ["extract", str(_long_report(tmp_path, 2)), "--format", "json"])
        assert result.exit_code == 0, result.stderr
        readout = Readout.model_validate_json(result.stdout)
        assert len(readout.attendees) >= 20 and readout.summary_en
        assert fake.rejected and fake.truncated == 0


def test_a_summary_of_more_directives_than_a_4k_window_holds_has_them_translated_apart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Five reports in one file: 52 directives, whose English the summary writes. Before: at
    # llama.cpp's -c 4096 the summary did not fit (exit 5, no summary, no directive in English).
    with serving(llamacpp_window(4096), monkeypatch):
        result = runner.invoke(app, ["extract", str(_long_report(tmp_path)), "--format", "json"])
        assert result.exit_code == 0, result.stderr
        readout = Readout.model_validate_json(result.stdout)
        assert readout.summary_en and readout.summary_zh
        assert len(readout.directives) >= 40 and all(d.text_en for d in readout.directives)
        assert not [n for n in readout.notes if n.startswith("failed")], readout.notes


def test_doctor_tells_an_ollama_by_its_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    # Neither the name (no tag) nor the port says Ollama; its answer's fingerprint does. Before,
    # doctor printed the 32k window assumed and nothing else.
    with serving(dataclasses.replace(ollama_current(4096), model="qwen2.5"), monkeypatch):
        result = runner.invoke(app, ["doctor"])
        assert result.exit_code == 0, result.stderr
        assert "window:     32768 tokens (the server is Ollama, by its answer" in result.stdout, result.stdout
        assert "OLLAMA_CONTEXT_LENGTH" in result.stdout
    with serving("vllm", monkeypatch):  # no fingerprint: no such note
        assert "Ollama" not in runner.invoke(app, ["doctor"]).stdout


def test_a_learnt_output_cap_is_planned_for_as_if_it_were_set(llm_settings: Settings) -> None:
    # Before, chunks were planned for the setting's 16,384-token answers after the server had
    # said it takes 4,096: every chunk's answer was cut at the cap and the chunk split (gpt-4o
    # of May 2024, five seeds: 17 requests for extract; 12 now; 8 with the limit set at start).
    from jiyao.pipeline import engine_for

    set_at_start = engine_for(llm_settings.replace(max_output_tokens=4096, context_window=128_000))
    learnt = engine_for(llm_settings.replace(max_output_tokens=16_384, context_window=128_000))
    assert set_at_start is not None and learnt is not None
    try:
        text = clean_text("縣政府召開會議。" * 4000).text
        assert learnt.chunk_budget("readout", 900, text, 400) > set_at_start.chunk_budget("readout", 900, text, 400)
        learnt.backend.dialect = dataclasses.replace(learnt.backend.dialect, max_output=4096)
        for task in ("readout", "translate", "report"):
            assert learnt.chunk_budget(task, 900, text, 400) == set_at_start.chunk_budget(task, 900, text, 400)
        assert learnt.max_tokens_for(9000) == set_at_start.max_tokens_for(9000) == 4096
    finally:
        set_at_start.close()
        learnt.close()
