"""Settings: flags, then environment, then defaults; errors say exactly what to set."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiyao.errors import ConfigError
from jiyao.settings import Settings
from tests.helpers import ROOT, SEEDS


def test_flags_win_over_the_environment_which_wins_over_defaults() -> None:
    env = {"JIYAO_BASE_URL": "http://env/v1", "JIYAO_MODEL": "env-model", "JIYAO_TIMEOUT": "7"}
    settings = Settings.from_env(env, model="flag-model")
    assert (settings.base_url, settings.model, settings.timeout) == ("http://env/v1", "flag-model", 7.0)
    assert Settings.from_env({}).max_retries == 4


def test_the_api_key_falls_back_to_openai_api_key_and_never_shows() -> None:
    assert Settings.from_env({"OPENAI_API_KEY": "sk-openai"}).api_key == "sk-openai"
    settings = Settings.from_env({"JIYAO_API_KEY": "sk-jiyao", "OPENAI_API_KEY": "sk-openai"})
    assert settings.api_key == "sk-jiyao"
    assert "sk-jiyao" not in repr(settings) and "sk-jiyao" not in repr(
        settings.replace(base_url="http://u/v1", model="m").endpoint()
    )


def test_a_local_server_needs_no_key() -> None:
    assert Settings.from_env({"JIYAO_BASE_URL": "http://localhost:11434/v1", "JIYAO_MODEL": "m"}).endpoint().api_key


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "set JIYAO_BASE_URL and JIYAO_MODEL"),
        ({"JIYAO_BASE_URL": "http://x/v1"}, "set JIYAO_MODEL"),
        # Before: the SDK was asked to connect to these, and failed five times over ~20 s.
        ({"JIYAO_BASE_URL": "localhost:11434/v1", "JIYAO_MODEL": "m"}, "must be an http:// or https:// URL"),
        ({"JIYAO_BASE_URL": "notaurl", "JIYAO_MODEL": "m"}, "got 'notaurl'"),
        ({"JIYAO_BASE_URL": "ftp://host/v1", "JIYAO_MODEL": "m"}, "http://localhost:11434/v1"),
        ({"JIYAO_BASE_URL": "http:///v1", "JIYAO_MODEL": "m"}, "with a host"),
    ],
)
def test_a_missing_endpoint_says_what_to_set(env: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Settings.from_env(env).endpoint()


@pytest.mark.parametrize(
    ("name", "value"), [("JIYAO_TIMEOUT", "soon"), ("JIYAO_MAX_RETRIES", "-1"), ("JIYAO_RPM", "x")]
)
def test_a_bad_number_names_the_variable(name: str, value: str) -> None:
    with pytest.raises(ConfigError, match=name):
        Settings.from_env({name: value})


def test_the_cache_directory_follows_the_environment(isolated_environment: Path) -> None:
    assert Settings.from_env().cache_dir == isolated_environment


def test_seeds_are_byte_identical_to_the_shared_originals() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    assert sorted(p.name for p in shared.glob("*.txt")) == [p.name for p in SEEDS]
    for path in SEEDS:
        assert path.read_bytes() == (shared / path.name).read_bytes(), path.name


@pytest.mark.parametrize(
    ("model", "room"),
    [
        ("o3-mini", 8192),
        ("gpt-5", 8192),
        ("deepseek-r1:14b", 4096),
        ("deepseek-ai/DeepSeek-R1-Distill-Qwen-7B", 4096),
        ("deepseek-reasoner", 4096),
        ("Qwen/QwQ-32B", 4096),
        ("openai/gpt-oss-120b", 4096),
        ("gpt-5-chat-latest", 0),
        ("gpt-4o-mini", 0),
        ("deepseek-chat", 0),
        ("qwen3-32b", 0),
        ("Qwen/Qwen2.5-7B-Instruct", 0),
    ],
)
def test_a_model_that_thinks_first_is_given_room_to_think_unless_told(
    model: str, room: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("JIYAO_MODEL", model)
    assert Settings.from_env().reasoning_tokens == room
    monkeypatch.setenv("JIYAO_REASONING_TOKENS", "0")
    assert Settings.from_env().reasoning_tokens == 0
