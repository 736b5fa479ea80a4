"""Shared fixtures. Every test runs with a clean environment and its own cache directory."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def isolated_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No test sees the developer's endpoint, keys or cache."""
    for name in list(os.environ):
        if name.startswith(("JIYAO_", "OPENAI_")):
            monkeypatch.delenv(name)
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("JIYAO_CACHE_DIR", str(cache_dir))
    return cache_dir
