"""Two batch processes on the same cache directory at once."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.fake_openai import FakeOpenAI
from tests.reliability.corpus import many_reports, output_files


@pytest.mark.timeout(600)
def test_two_batches_sharing_a_cache_both_finish_with_the_same_outputs(fake_llm: FakeOpenAI, tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    many_reports(reports, 12)
    fake_llm.latency = 0.02
    cache = tmp_path / "shared-cache"
    env = {**os.environ, "JIYAO_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "jiyao", "batch", str(reports), "--concurrency", "4", "-o"]
    runs = [
        subprocess.Popen([*command, str(tmp_path / f"out{i}")], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for i in (1, 2)
    ]
    for run in runs:
        _, stderr = run.communicate(timeout=300)
        assert run.returncode == 0, stderr.decode()
    first, second = output_files(tmp_path / "out1"), output_files(tmp_path / "out2")
    assert len(first) == 36 and first == second
    for i in (1, 2):
        summary = json.loads((tmp_path / f"out{i}" / "summary.json").read_text(encoding="utf-8"))
        assert summary["counts"]["failed"] == 0

    import diskcache

    with diskcache.Cache(str(cache)) as shared:
        assert shared.check() == []  # SQLite and files consistent
    # Each unit of work was paid for at most twice (both processes may miss at the same moment).
    made = len(fake_llm.completions())
    distinct = {json.dumps(s.body["messages"], sort_keys=True) for s in fake_llm.completions()}
    assert made <= 2 * len(distinct)
    again = subprocess.run([*command, str(tmp_path / "out3")], env=env, capture_output=True, timeout=300)
    assert again.returncode == 0 and len(fake_llm.completions()) == made
    assert output_files(tmp_path / "out3") == first
