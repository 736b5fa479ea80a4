"""The batch through the provider's Files + Batches API (the fake serves both) and through
JSONL export/import for an offline runner: the same pipeline, the same outputs as online."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from jiyao.batch import Batch
from jiyao.cli import app
from jiyao.errors import DeferredError
from jiyao.llm.structured import THINKING_CUT, StructuredClient
from jiyao.provider_batch import ProviderBatch, ProviderState, batch_lines, completion_from, split_files
from jiyao.schemas import Readout
from jiyao.settings import Settings
from tests.fake_openai import FakeOpenAI
from tests.reliability.corpus import distinct_reports, garbled_corpus_reports, output_files

runner = CliRunner()
pytestmark = pytest.mark.profile("plain")


def _provider(folder: Path, out: Path, settings: Settings, **kw) -> ProviderBatch:  # type: ignore[no-untyped-def]
    return ProviderBatch(
        lambda engine: Batch(folder, out, settings, engine=engine), settings, out, poll_seconds=0, **kw
    )


def _online(folder: Path, out: Path, tmp_path: Path) -> dict[str, bytes]:
    settings = Settings.from_env().replace(cache_dir=tmp_path / "online-cache")
    assert not Batch(folder, out, settings).run().failed
    return output_files(out)


def test_provider_outputs_are_the_online_outputs_byte_for_byte(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    distinct_reports(folder, 6)
    expected = _online(folder, tmp_path / "online", tmp_path)
    settings = Settings.from_env().replace(cache_dir=tmp_path / "provider-cache")
    online_calls = len(fake_llm.completions())
    state = _provider(folder, tmp_path / "out", settings).run()
    assert not state.failed and output_files(tmp_path / "out") == expected
    assert fake_llm.batches and len(fake_llm.completions()) == online_calls  # nothing sent one by one


def test_failed_and_expired_requests_are_asked_again(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    distinct_reports(folder, 4)
    expected = _online(folder, tmp_path / "online", tmp_path)
    fake_llm.batch_fail_every = 3
    settings = Settings.from_env().replace(cache_dir=tmp_path / "c1")
    assert not _provider(folder, tmp_path / "out1", settings).run().failed
    assert output_files(tmp_path / "out1") == expected and len(fake_llm.batches) >= 2
    fake_llm.batch_fail_every, fake_llm.batch_expire = 0, True
    first = len(fake_llm.batches)
    settings = Settings.from_env().replace(cache_dir=tmp_path / "c2")
    runner_ = _provider(folder, tmp_path / "out2", settings, max_rounds=3)
    with pytest.raises(Exception, match="without an answer"):
        runner_.run()  # every batch expires half done: bounded, then a clear error
    assert len(fake_llm.batches) - first == 3
    fake_llm.batch_expire = False
    assert not _provider(folder, tmp_path / "out2", settings).run().failed  # resumed: the rest
    assert output_files(tmp_path / "out2") == expected


def test_a_rerun_after_a_kill_polls_and_never_resubmits(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    distinct_reports(folder, 3)
    expected = _online(folder, tmp_path / "online", tmp_path)
    settings = Settings.from_env().replace(cache_dir=tmp_path / "c")
    killed = _provider(folder, tmp_path / "out", settings)
    killed.wait_and_collect = lambda state: (_ for _ in ()).throw(KeyboardInterrupt())  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        killed.run()  # killed right after submitting
    state = ProviderState.load(tmp_path / "out" / "provider-batch.json")
    assert len(state.batches) == 1 and not state.batches[0]["collected"]
    submitted = len(fake_llm.batches)
    assert not _provider(folder, tmp_path / "out", settings).run().failed
    assert output_files(tmp_path / "out") == expected
    first_requests = set(state.batches[0]["keys"])
    later = ProviderState.load(tmp_path / "out" / "provider-batch.json").batches[submitted:]
    assert all(not first_requests & set(b["keys"]) for b in later)  # accepted requests never sent again


def test_export_and_import_for_an_offline_runner(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    distinct_reports(folder, 2)
    expected = _online(folder, tmp_path / "online", tmp_path)
    requests, results = tmp_path / "requests.jsonl", tmp_path / "results.jsonl"
    out = tmp_path / "out"
    for _ in range(4):  # one export/import round per stage; a seed-sized report needs one
        result = runner.invoke(app, ["batch", str(folder), "-o", str(out), "--export-jsonl", str(requests)]
                               + (["--import-jsonl", str(results)] if results.exists() else []))  # fmt: skip
        assert result.exit_code == 0, result.stderr
        if "0 waiting" in result.stderr:
            break
        lines = [json.loads(x) for x in requests.read_text(encoding="utf-8").splitlines()]
        assert all(x["url"] == "/v1/chat/completions" and x["method"] == "POST" for x in lines)
        # What `vllm run-batch` would do: answer each line, same format as the OpenAI batch output.
        answered = [
            {
                "custom_id": x["custom_id"],
                "response": {"status_code": 200, "body": fake_llm._batch_answer(x["body"], False)[1]},
            }
            for x in lines
        ]
        results.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in answered) + "\n", encoding="utf-8")
    assert output_files(out) == expected


def test_dry_run_prints_the_stage_and_max_cost_refuses_before_uploading(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    distinct_reports(folder, 2)
    dry = runner.invoke(app, ["batch", str(folder), "-o", str(tmp_path / "o1"), "--via", "provider", "--dry-run"])
    assert dry.exit_code == 0 and "4 requests" in dry.stderr and "prompt tokens" in dry.stderr
    capped = runner.invoke(
        app, ["batch", str(folder), "-o", str(tmp_path / "o2"), "--via", "provider", "--max-cost", "0.0001"]
    )
    assert capped.exit_code == 4 and not fake_llm.files


def test_files_are_split_at_the_providers_limits() -> None:
    pending = {f"k{i}": {"model": "m", "messages": [{"role": "user", "content": "x"}]} for i in range(5)}
    import jiyao.provider_batch as pb

    lines = batch_lines(pending)
    limit = pb.MAX_REQUESTS_PER_FILE
    try:
        pb.MAX_REQUESTS_PER_FILE = 2
        assert [len(f) for f in split_files(lines)] == [2, 2, 1]
    finally:
        pb.MAX_REQUESTS_PER_FILE = limit


def _killed(folder: Path, out: Path, when: Callable[[], bool]) -> None:
    """`jiyao batch --via provider` in its own process, killed with SIGKILL once ``when()``."""
    process = subprocess.Popen(
        [sys.executable, "-m", "jiyao", "batch", str(folder), "-o", str(out), "--via", "provider", "--poll", "0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while process.poll() is None and not when() and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        process.kill()
        process.wait(timeout=30)


@pytest.mark.timeout(600)
def test_200_reports_survive_a_kill_in_every_stage(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    garbled_corpus_reports(folder, 200)  # 40 reports of the development corpus, garbled 5 ways each
    expected = _online(folder, tmp_path / "online", tmp_path)
    settings = Settings.from_env().replace(cache_dir=tmp_path / "c")
    out = tmp_path / "out"

    # 1. kill -9 in the first pass, while the requests are being gathered (nothing sent yet).
    _killed(folder, out, lambda: (out / ".jiyao-batch.lock").exists())
    assert not fake_llm.batches

    # 2. Killed right after submitting.
    killed = _provider(folder, out, settings)
    killed.wait_and_collect = lambda state: (_ for _ in ()).throw(KeyboardInterrupt())  # type: ignore[method-assign]
    with pytest.raises(KeyboardInterrupt):
        killed.run()
    assert len(fake_llm.batches) == 1

    # 3. kill -9 after the results were downloaded, while the outputs are being written.
    _killed(folder, out, lambda: len(list(out.glob("*.brief.html"))) >= 20)
    assert len(fake_llm.batches) == 1  # polled and collected, never submitted again
    assert 0 < len(list(out.glob("*.brief.html"))) < 200

    # 4. The last run finishes from what is there. A later pass (a re-ask of an answer that
    # did not validate on garbled text) is a new batch; no request is ever sent twice.
    assert not _provider(folder, out, settings).run().failed
    assert output_files(out) == expected
    sent = [_custom_ids(fake_llm, batch) for batch in fake_llm.batches.values()]
    assert sum(map(len, sent)) == len(set().union(*sent))


def _custom_ids(fake: FakeOpenAI, batch: dict[str, Any]) -> set[str]:
    lines = fake.files[batch["input_file_id"]].decode().splitlines()
    return {json.loads(line)["custom_id"] for line in lines if line.strip()}


@pytest.mark.profile("azure")
def test_a_line_the_content_filter_refused_fails_its_report_not_the_batch(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    # Azure's Batch API moderates too: the refused request's line holds the 400 of its filter.
    # Before: read as "the provider batch answered 400", not as a content filter's refusal.
    from tests.helpers import seed

    folder = tmp_path / "in"
    folder.mkdir()
    for prefix in ("000", "002"):
        (folder / seed(prefix).name).write_bytes(seed(prefix).read_bytes())
    fake_llm.blocked = {"郭文海"}  # seed 000's chair
    settings = Settings.from_env().replace(cache_dir=tmp_path / "cache")
    state = _provider(folder, tmp_path / "out", settings).run()
    (failed,) = state.failed
    assert failed.name == seed("000").name
    assert failed.reason is not None and "content filter refused the prompt (400)" in failed.reason
    assert "content management policy" in failed.reason
    (other,) = [o for o in state.outcomes if o is not failed]  # written in an earlier pass, then kept
    assert other.name == seed("002").name and other.status in ("done", "skipped")
    assert (tmp_path / "out" / seed("002").name).with_suffix(".readout.json").exists()


@pytest.mark.profile("dashscope")
def test_a_parameter_refused_in_the_batch_is_sent_again_in_the_form_asked(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    # The batch's lines come back 400 "parameter.enable_thinking must be set to false…": the
    # requests go into the next batch with enable_thinking false. Before: every report failed.
    folder = tmp_path / "in"
    distinct_reports(folder, 2)
    settings = Settings.from_env().replace(cache_dir=tmp_path / "cache")
    state = _provider(folder, tmp_path / "out", settings).run()
    assert not state.failed, [o.reason for o in state.failed]
    assert len(fake_llm.batches) >= 2
    lines = [json.loads(line) for f in fake_llm.files.values() for line in f.decode().splitlines() if line.strip()]
    asked = [line["body"] for line in lines if line.get("method") == "POST"]  # requests, not results
    assert any(body.get("enable_thinking") is False for body in asked)


@pytest.mark.profile("groq")
def test_an_answer_refused_as_no_json_is_read_in_the_batch_too(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    # A line whose answer the server's JSON check refused holds its 400 json_validate_failed,
    # the model's words in failed_generation: read as online reads them. Before: online
    # failed on it; here, the report failed ("request rejected (400)").
    folder = tmp_path / "in"
    distinct_reports(folder, 2)
    expected = _online(folder, tmp_path / "online", tmp_path)
    settings = Settings.from_env().replace(cache_dir=tmp_path / "cache")
    state = _provider(folder, tmp_path / "out", settings).run()
    assert not state.failed, [o.reason for o in state.failed]
    assert output_files(tmp_path / "out") == expected
    results = [json.loads(line) for f in fake_llm.files.values() for line in f.decode().splitlines() if line.strip()]
    refused = [r for r in results if (r.get("response") or {}).get("status_code") == 400]
    assert any("failed_generation" in json.dumps(r["response"]["body"]) for r in refused)


def test_a_result_cut_off_while_its_model_thought_reads_as_such_in_the_batch_too() -> None:
    # vllm run-batch answers as its server does: the thinking in reasoning_content, the answer
    # null when the limit came first. The batch reads its results through the same client.
    body = {
        "choices": [
            {
                "index": 0,
                "finish_reason": "length",
                "message": {"role": "assistant", "content": None, "reasoning_content": "Let me read the list again."},
            }
        ],
        "usage": {"prompt_tokens": 900, "completion_tokens": 1400, "total_tokens": 2300},
    }
    completion = completion_from(body)
    assert completion.thinking == "Let me read the list again." and completion.text == ""
    assert StructuredClient._parse(completion, Readout, None)[1] == THINKING_CUT


def test_a_result_that_is_a_fragment_is_asked_again_in_the_next_batch(fake_llm: FakeOpenAI) -> None:
    # A result line whose generation failed part way (finish_reason "error": the fragment
    # written so far). Before: read as an answer, and json-repair closed the fragment.
    from jiyao.llm.backend import OutputMode, Request, _body
    from jiyao.prompts import Message
    from jiyao.provider_batch import ReplayBackend, request_key

    settings = Settings.from_env()
    request = Request([Message("system", "JSON."), Message("user", "Who chaired?")], OutputMode.JSON_OBJECT)
    key = request_key(_body(request, settings.endpoint().model))
    fragment = {"choices": [{"index": 0, "finish_reason": "error", "message": {"content": '{"chair": "王'}}]}
    replay = ReplayBackend(settings, {key: {"response": {"status_code": 200, "body": fragment}}})
    with pytest.raises(DeferredError, match="failed part way"):
        replay.complete(request)
    assert key in replay.pending and key not in replay.answers
