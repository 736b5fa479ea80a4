"""The glossary of official titles and policy terms (``data/glossary.json``), with the
user's own file (``JIYAO_GLOSSARY``, same shape) merged over it: their renderings win."""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from jiyao.cleaning.script import to_simplified
from jiyao.errors import ConfigError
from jiyao.titles import compose_title_en


@dataclass(frozen=True)
class Term:
    zh: str  # simplified
    en: str
    slogan: bool


@dataclass(frozen=True)
class Glossary:
    titles: dict[str, str]
    terms: tuple[Term, ...]
    digest: str  # content hash, part of cache keys

    def title_en(self, title: str) -> str | None:
        """English for a title as written; compound titles (A、B) part by part, or None.
        A part the glossary lacks is composed from its level, organ and post
        (:mod:`jiyao.titles`) when it can be."""
        parts = [to_simplified(p) for p in title.split("、") if p]
        composed = compose_title_en(parts)
        english = [_more_specific(self.titles.get(p), made) for p, made in zip(parts, composed, strict=True)]
        if not parts or any(e is None for e in english):
            return None
        return "; ".join(e for e in english if e)

    def slogans(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.slogan)

    def terms_in(self, text: str) -> tuple[Term, ...]:
        """The terms that occur in ``text`` (either script), longest first."""
        simple = to_simplified(text)
        return tuple(sorted((t for t in self.terms if t.zh in simple), key=lambda t: -len(t.zh)))


def _more_specific(glossed: str | None, composed: str | None) -> str | None:
    """The glossary's English for a title, unless the composed one says the same and whose
    (县委常委、宣传部长: Head of the Publicity Department of the County Party Committee)."""
    if glossed and composed and composed.startswith(glossed + " of the "):
        return composed
    return glossed or composed


class _TermEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")

    en: str = Field(min_length=1)
    slogan: bool = False


class _GlossaryFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    about: str | None = Field(None, alias="_about")
    titles: dict[str, str] = {}
    terms: dict[str, _TermEntry] = {}


_user_glossary: Path | None = None


def use_user_glossary(path: Path | None) -> None:
    """Merge this file over the shipped glossary from now on (set by the settings, at the edge)."""
    global _user_glossary
    _user_glossary = path


def load_glossary() -> Glossary:
    user = _user_glossary
    try:  # the file's version is part of the memo: an edited glossary is read again
        stamp = (user.stat().st_mtime_ns, user.stat().st_size) if user is not None else None
    except OSError:
        stamp = None
    return _load(user, stamp)


@functools.cache
def _load(user: Path | None, stamp: tuple[int, int] | None) -> Glossary:
    raw = importlib.resources.files("jiyao").joinpath("data", "glossary.json").read_bytes()
    shipped = _GlossaryFile.model_validate_json(raw)
    titles = dict(shipped.titles)
    entries = dict(shipped.terms)
    digest = hashlib.sha256(raw)
    if user is not None:
        try:
            own_raw = user.read_bytes()
            own = _GlossaryFile.model_validate_json(own_raw)
        except OSError as e:
            raise ConfigError(f"JIYAO_GLOSSARY: cannot read {user}: {e.strerror or e}") from e
        except ValidationError as e:
            first = e.errors()[0]
            where = ".".join(map(str, first["loc"])) or "(root)"
            raise ConfigError(
                f"JIYAO_GLOSSARY: {user} is not a glossary ({where}: {first['msg']}); "
                'expected {"titles": {"市长": "Mayor"}, "terms": {"动态清零": {"en": "…", "slogan": true}}}'
            ) from e
        titles.update({to_simplified(k): v for k, v in own.titles.items()})
        entries.update({to_simplified(k): v for k, v in own.terms.items()})
        digest.update(own_raw)
    terms = tuple(Term(zh, entry.en, entry.slogan) for zh, entry in entries.items())
    return Glossary(titles, terms, digest.hexdigest()[:16])
