"""jiyao (紀要): clean, read out, translate and brief Chinese government meeting reports.

The API (each documented in :mod:`jiyao.api`)::

    jiyao.clean(report)      -> CleanReport  (names=jiyao.read_names(path): people it may name)
    jiyao.extract(report)    -> Readout
    jiyao.summarize(report)  -> Readout with summaries
    jiyao.translate(report)  -> Translation
    jiyao.brief(report)      -> str (Markdown or HTML)

``report`` is text, bytes or a path. Errors derive from :class:`JiyaoError`.
Names load on first use, so ``import jiyao`` (and the CLI) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = [
    "BinaryInputError",
    "CleanReport",
    "ConfigError",
    "EmptyInputError",
    "InputError",
    "JiyaoError",
    "LLMError",
    "Readout",
    "Settings",
    "Translation",
    "__version__",
    "brief",
    "clean",
    "extract",
    "read_names",
    "summarize",
    "translate",
]

_WHERE = {
    "brief": "jiyao.api",
    "clean": "jiyao.api",
    "extract": "jiyao.api",
    "read_names": "jiyao.api",
    "summarize": "jiyao.api",
    "translate": "jiyao.api",
    "Settings": "jiyao.settings",
    "Readout": "jiyao.schemas",
    "CleanReport": "jiyao.cleaning",
    "Translation": "jiyao.pipeline.translation",
    "JiyaoError": "jiyao.errors",
    "InputError": "jiyao.errors",
    "EmptyInputError": "jiyao.errors",
    "BinaryInputError": "jiyao.errors",
    "ConfigError": "jiyao.errors",
    "LLMError": "jiyao.errors",
}

if TYPE_CHECKING:
    from jiyao.api import brief, clean, extract, read_names, summarize, translate
    from jiyao.cleaning import CleanReport
    from jiyao.errors import BinaryInputError, ConfigError, EmptyInputError, InputError, JiyaoError, LLMError
    from jiyao.pipeline.translation import Translation
    from jiyao.schemas import Readout
    from jiyao.settings import Settings


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        value = getattr(importlib.import_module(_WHERE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'jiyao' has no attribute {name!r}")
