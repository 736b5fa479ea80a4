"""Where settings come from, lowest first: defaults, the config file, ``.env``, the
environment, then flags. Each layer speaks in ``JIYAO_*`` names; the config file may use
the short lower-case names (``model = "qwen2.5:7b"``).

* config file: ``JIYAO_CONFIG``, else ``config.toml`` in the user config directory
  (``jiyao config path`` prints it);
* ``.env``: ``JIYAO_ENV_FILE``, else ``.env`` in the current directory; only ``JIYAO_*``
  and ``OPENAI_API_KEY`` lines are read.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from jiyao.errors import ConfigError

PREFIX = "JIYAO_"
_ALSO = ("OPENAI_API_KEY",)


@dataclass(frozen=True)
class Layered:
    values: dict[str, str]  # JIYAO_* name → raw value, the winning layer's
    sources: dict[str, str]  # JIYAO_* name → "config file", ".env" or "environment"


def config_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get("JIYAO_CONFIG"):
        return Path(env["JIYAO_CONFIG"])
    from platformdirs import user_config_dir

    return Path(user_config_dir("jiyao")) / "config.toml"


def env_file_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return Path(env.get("JIYAO_ENV_FILE") or ".env")


def read_config_file(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ConfigError(f"{path}: cannot read the config file: {e}") from e
    values: dict[str, str] = {}
    for key, value in data.items():
        if isinstance(value, dict | list):
            raise ConfigError(f"{path}: {key} must be a plain value, not a table or list")
        name = key.upper() if key.upper().startswith(PREFIX) or key.upper() in _ALSO else PREFIX + key.upper()
        values[name] = str(value).lower() if isinstance(value, bool) else str(value)
    return values


def read_env_file(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    values: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: cannot read: {e}") from e
    for line in lines:
        line = line.strip().removeprefix("export ").strip()
        name, sep, value = line.partition("=")
        name = name.strip()
        if not sep or line.startswith("#") or not (name.startswith(PREFIX) or name in _ALSO):
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        values[name] = value
    return values


def layered(env: Mapping[str, str] | None = None) -> Layered:
    """The settings' raw values and where each came from (environment over .env over file)."""
    env = os.environ if env is None else env
    values: dict[str, str] = {}
    sources: dict[str, str] = {}
    own = {k: v for k, v in env.items() if k.startswith(PREFIX) or k in _ALSO}
    layers = (
        ("config file", read_config_file(config_path(env))),
        (".env", read_env_file(env_file_path(env))),
        ("environment", own),
    )
    for label, layer in layers:
        for name, value in layer.items():
            values[name] = value
            sources[name] = label
    return Layered(values, sources)
