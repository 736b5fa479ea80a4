"""Prompt files: versioned TOML data in ``prompts/``, validated when loaded.

A file ``<name>.v<N>.toml`` holds ``name``, ``version``, ``description``,
``system``, ``user`` and the ``variables`` its templates use as ``{{variable}}``.
Loading checks that the declared variables are exactly the ones used; rendering
without one raises :class:`~jiyao.errors.MissingVariableError`. The file's
content hash is part of every cache key, so editing a prompt invalidates what
it produced.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jiyao.errors import MissingVariableError, PromptError

_PLACEHOLDER = re.compile(r"\{\{\s*([a-z_][a-z0-9_]*)\s*\}\}")
# Fences around data: <<<NAME … NAME>>>. Each rendering marks them with a tag derived from
# the data, so a report that writes "REPORT>>>" (or any fence) cannot close its fence early.
_FENCE_OPEN = re.compile(r"<<<([A-Z]+)\b")
_FENCE_CLOSE = re.compile(r"\b([A-Z]+)>>>")


class _PromptFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[a-z_]+$")
    version: int = Field(ge=1)
    description: str
    system: str = Field(min_length=1)
    user: str = Field(min_length=1)
    variables: list[str]


@dataclass(frozen=True)
class Message:
    role: str
    content: str


@dataclass(frozen=True)
class Prompt:
    name: str
    version: int
    system: str
    user: str
    variables: frozenset[str]
    digest: str
    path: Path

    @property
    def label(self) -> str:
        return f"{self.name}.v{self.version}"

    def render(self, values: dict[str, str]) -> list[Message]:
        missing = sorted(self.variables - values.keys())
        if missing:
            raise MissingVariableError(missing[0], prompt=self.label, path=self.path)
        unknown = sorted(values.keys() - self.variables)
        if unknown:
            raise PromptError(f"prompt {self.label!r} has no variable {unknown[0]!r}", path=self.path)

        tag = fence_tag(values)

        def fill(template: str) -> str:
            marked = _FENCE_CLOSE.sub(rf"\1 {tag}>>>", _FENCE_OPEN.sub(rf"<<<\1 {tag}", template))
            return _PLACEHOLDER.sub(lambda m: values[m.group(1)], marked)

        return [Message("system", fill(self.system)), Message("user", fill(self.user))]


def fence_tag(values: dict[str, str]) -> str:
    """A tag no value contains: from a hash of the values (deterministic, so a prompt and its
    cached answer stay reproducible), lengthened on the astronomically rare collision."""
    digest = hashlib.sha256("\x00".join(f"{k}={values[k]}" for k in sorted(values)).encode()).hexdigest()
    for size in range(12, len(digest) + 1, 4):
        tag = f"#{digest[:size]}"
        if not any(tag in value for value in values.values()):
            return tag
    return f"#{digest}"


def load_prompt(path: Path) -> Prompt:
    try:
        raw = path.read_bytes()
        data = tomllib.loads(raw.decode("utf-8"))
    except FileNotFoundError as e:
        raise PromptError("prompt file not found", path=path) from e
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise PromptError(f"cannot read prompt: {e}", path=path) from e
    try:
        spec = _PromptFile.model_validate(data)
    except ValidationError as e:
        first = e.errors()[0]
        raise PromptError(f"invalid prompt at {'.'.join(map(str, first['loc']))}: {first['msg']}", path=path) from e
    used = set(_PLACEHOLDER.findall(spec.system)) | set(_PLACEHOLDER.findall(spec.user))
    declared = set(spec.variables)
    if used - declared:
        raise PromptError(f"template uses undeclared variable {sorted(used - declared)[0]!r}", path=path)
    if declared - used:
        raise PromptError(f"declared variable {sorted(declared - used)[0]!r} is never used", path=path)
    if path.name != f"{spec.name}.v{spec.version}.toml":
        raise PromptError(f"file name must be {spec.name}.v{spec.version}.toml", path=path)
    return Prompt(
        spec.name,
        spec.version,
        spec.system,
        spec.user,
        frozenset(declared),
        hashlib.sha256(raw).hexdigest(),
        path,
    )


def latest_prompt(prompts_dir: Path, name: str) -> Prompt:
    """The highest version of prompt ``name`` in ``prompts_dir``."""
    candidates = sorted(
        prompts_dir.glob(f"{name}.v*.toml"),
        key=lambda p: int(m.group(1)) if (m := re.search(r"\.v(\d+)\.toml$", p.name)) else 0,
    )
    if not candidates:
        raise PromptError(f"no prompt named {name!r} (expected {name}.v1.toml)", path=prompts_dir)
    return load_prompt(candidates[-1])
