"""Shared fixtures. Every test runs with a clean environment and its own cache directory."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# A check must not fail on an example no earlier run has seen: the property tests draw the
# same examples every run (derandomize). HYPOTHESIS_PROFILE=explore searches anew.
settings.register_profile("fixed", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fixed"))


@pytest.fixture(scope="session")
def tables_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One table directory for the session: building the tables once is enough."""
    return tmp_path_factory.mktemp("tables")


@pytest.fixture(autouse=True)
def isolated_environment(tables_dir: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No test sees the developer's endpoint, keys or cache."""
    for name in list(os.environ):
        if name.startswith(("JIYAO_", "OPENAI_")):
            monkeypatch.delenv(name)
    cache_dir = tmp_path / "cache"
    monkeypatch.setenv("JIYAO_CACHE_DIR", str(cache_dir))
    # Nor the developer's config file or .env.
    monkeypatch.setenv("JIYAO_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.setenv("JIYAO_ENV_FILE", str(tmp_path / "no.env"))
    monkeypatch.setenv("JIYAO_TABLES_DIR", str(tables_dir))
    from jiyao.cleaning import tables
    from jiyao.glossary import use_user_glossary

    tables.use_directory(tables_dir)
    # Nor a glossary an earlier test's settings named (a process-wide choice, set at the edge).
    use_user_glossary(None)
    return cache_dir


@pytest.fixture(autouse=True)
def _close_what_the_test_made() -> Iterator[None]:
    from tests.helpers import close_what_the_test_made

    yield
    close_what_the_test_made()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fake-profile",
        default="plain",
        help="which real server the fake endpoint behaves like (tests/fake_profiles.py): "
        "plain, openai, openai-reasoning, vllm, vllm-old, ollama, llamacpp, reasoning, chatty, proxy, azure, deepseek, "
        "dashscope, groq",
    )


@pytest.fixture
def fake_llm(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """A fake OpenAI-compatible server on 127.0.0.1, configured as jiyao's endpoint, behaving
    like the server named by ``--fake-profile`` (a test may pin one with ``@pytest.mark.profile``)."""
    from tests.fake_openai import FakeOpenAI
    from tests.fake_profiles import PROFILES

    marker = request.node.get_closest_marker("profile")
    name = marker.args[0] if marker else request.config.getoption("--fake-profile")
    fake = FakeOpenAI(profile=name).start()
    monkeypatch.setenv("JIYAO_BASE_URL", fake.base_url)
    monkeypatch.setenv("JIYAO_MODEL", fake.model)
    window = PROFILES[name].context_window
    if window:  # what the server's operator knows and the README says to set
        monkeypatch.setenv("JIYAO_CONTEXT_WINDOW", str(window))
    monkeypatch.setenv("JIYAO_API_KEY", "sk-test-secret-key-0000")
    monkeypatch.setenv("JIYAO_RETRY_DELAY", "0.01")
    # Not 2 s: the fake answers from this process, and its first answers build jiyao's
    # tables (a chunk no label covers is read by the offline engine) — over 2 s on a slow
    # 2-core machine, where the proxy profile's faults then used up every retry. Tests of
    # stalls set their own timeouts.
    monkeypatch.setenv("JIYAO_TIMEOUT", "10")
    yield fake
    fake.stop()


@pytest.fixture
def llm_settings(fake_llm):  # type: ignore[no-untyped-def]
    from jiyao.settings import Settings

    return Settings.from_env()
