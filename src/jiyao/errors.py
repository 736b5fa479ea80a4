"""Every error jiyao raises on purpose derives from :class:`JiyaoError`.

The tree::

    JiyaoError
    ├── InputError                 bad input; carries ``path``
    │   ├── EmptyInputError        a file or text with nothing in it
    │   └── BinaryInputError       bytes that are not text in any encoding we read
    ├── ConfigError                a setting is missing or wrong; says what to set
    ├── LabelError                 an eval label file is unreadable or invalid; carries ``path``
    └── PromptError                a prompt file is invalid; carries ``path``
        └── MissingVariableError   a template variable was not supplied

Each class names the process exit code the CLI uses for it (``exit_code``);
the library itself never exits and never prints.
"""

from __future__ import annotations

from pathlib import Path


class JiyaoError(Exception):
    """Base of every error jiyao raises on purpose."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InputError(JiyaoError):
    """The input cannot be processed; the message says why."""

    exit_code = 2

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        super().__init__(f"{self.path}: {message}" if self.path else message)


class EmptyInputError(InputError):
    """The input holds no text."""


class BinaryInputError(InputError):
    """The input is binary, or text in no encoding jiyao can read."""


class ConfigError(JiyaoError):
    """A setting is missing or invalid."""

    exit_code = 2


class LabelError(JiyaoError):
    """An eval label file is unreadable or does not match the schema."""

    exit_code = 2

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        super().__init__(f"{self.path}: {message}" if self.path else message)


class PromptError(JiyaoError):
    """A prompt file is invalid."""

    exit_code = 2

    def __init__(self, message: str, *, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        super().__init__(f"{self.path}: {message}" if self.path else message)


class MissingVariableError(PromptError):
    """A prompt template was rendered without one of its variables."""

    def __init__(self, variable: str, *, prompt: str, path: Path | str | None = None) -> None:
        self.variable = variable
        self.prompt = prompt
        super().__init__(f"prompt {prompt!r} needs variable {variable!r}", path=path)
