"""The Python API: one function per job, each taking a report as text, bytes or a path.

>>> import jiyao
>>> report = jiyao.clean("11月1日，市委書記王立主持會(huì)議,,研究部署工作。")
>>> report.text
'11月1日，市委書記王立主持會議，研究部署工作。'
>>> jiyao.extract(report).chair.name
'王立'

``str`` is report text; ``bytes`` are a file's raw bytes in any encoding the cleaner
reads; a :class:`pathlib.Path` is a file. Settings come from the environment, ``.env``
and the config file unless given (``jiyao.Settings.from_env(model=...)``); without an
endpoint, ``extract``, ``summarize`` and ``brief`` use the offline engine, and
``translate`` raises :class:`jiyao.ConfigError` saying what to set.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from jiyao.cleaning import CleanReport
    from jiyao.pipeline.engine import LLMEngine
    from jiyao.pipeline.translation import Translation
    from jiyao.schemas import Readout
    from jiyao.settings import Settings

Engine = Literal["auto", "offline", "llm"]


def clean(
    source: str | bytes | PathLike[str] | CleanReport,
    *,
    script: Literal["simplified", "traditional"] | None = None,
    names: Iterable[str] = (),
) -> CleanReport:
    """The clean report: text lines, byline, paragraphs, and every repair made.
    ``names``: people the report may name (``jiyao.read_names(path)`` reads a names file):
    where the page lost bytes inside a name, the name that fits the bytes left is read."""
    from jiyao.cleaning import CleanReport, clean_bytes, clean_file, clean_text, require_text

    if isinstance(source, CleanReport):
        return source
    chosen = script
    if isinstance(source, bytes):
        return clean_bytes(source, script=chosen, names=names)
    if isinstance(source, str):
        return require_text(clean_text(source, script=chosen, names=names))
    return clean_file(Path(source), script=chosen, names=names)


def read_names(path: str | PathLike[str]) -> frozenset[str]:
    """The names in a names file: one a line, a title or note after a space, ``#`` comments."""
    from jiyao.cleaning import read_names as read_names_file

    return read_names_file(Path(path))


@contextlib.contextmanager
def _engine(settings: Settings | None, engine: Engine) -> Iterator[LLMEngine | None]:
    """The engine for one call, closed after it: its connections are not left open."""
    from jiyao.pipeline import engine_for
    from jiyao.settings import Settings

    settings = settings or Settings.from_env()
    if engine == "offline":
        yield None
        return
    if engine == "llm":
        settings.endpoint()  # ConfigError saying what to set
    chosen = engine_for(settings)
    if chosen is None:
        yield None
        return
    with chosen:
        yield chosen


def extract(
    source: str | bytes | PathLike[str] | CleanReport, *, settings: Settings | None = None, engine: Engine = "auto"
) -> Readout:
    """Who met, when, where, what was ordered: the :class:`~jiyao.Readout`, with evidence."""
    from jiyao.pipeline import readout

    with _engine(settings, engine) as chosen:
        return readout(clean(source), chosen)


def summarize(source: str | bytes | PathLike[str] | CleanReport, *, settings: Settings | None = None) -> Readout:
    """The readout with English and Chinese summaries (an LLM; offline, a templated one)."""
    return extract(source, settings=settings, engine="auto")


def translate(source: str | bytes | PathLike[str] | CleanReport, *, settings: Settings | None = None) -> Translation:
    """The paragraph-aligned English translation; ``.failures`` names any part missing."""
    from jiyao.pipeline import translate as run

    with _engine(settings, "llm") as llm:
        assert llm is not None
        return run(clean(source), llm)


def brief(
    source: str | bytes | PathLike[str] | CleanReport,
    *,
    settings: Settings | None = None,
    format: Literal["md", "html"] = "md",
    engine: Engine = "auto",
) -> str:
    """The bilingual brief as Markdown or one self-contained HTML page."""
    from jiyao.pipeline import brief as make

    with _engine(settings, engine) as chosen:
        return make(clean(source), chosen, format)
