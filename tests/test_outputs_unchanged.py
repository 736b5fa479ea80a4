"""Speed work changes no output: the seeds and every garbled corpus variant clean, read
out and brief exactly as recorded in ``tests/snapshots/outputs.json``."""

from __future__ import annotations

import json

from tests.snapshots.outputs import FILE, snapshot


def test_outputs_match_the_recorded_digests() -> None:
    recorded = json.loads(FILE.read_text(encoding="utf-8"))
    now = snapshot()
    assert now.keys() == recorded.keys()
    changed = {f"{name} {kind}" for name in now for kind in now[name] if now[name][kind] != recorded[name][kind]}
    assert not changed, sorted(changed)[:10]
