"""The glossary of official titles and policy terms (``data/glossary.json``)."""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import json
from dataclasses import dataclass

from jiyao.cleaning.script import to_simplified


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
        """English for a title as written; compound titles (A、B) part by part, or None."""
        parts = [p for p in title.split("、") if p]
        english = [self.titles.get(to_simplified(p)) for p in parts]
        if not parts or any(e is None for e in english):
            return None
        return "; ".join(e for e in english if e)

    def slogans(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.slogan)

    def terms_in(self, text: str) -> tuple[Term, ...]:
        """The terms that occur in ``text`` (either script), longest first."""
        simple = to_simplified(text)
        return tuple(sorted((t for t in self.terms if t.zh in simple), key=lambda t: -len(t.zh)))


@functools.cache
def load_glossary() -> Glossary:
    raw = importlib.resources.files("jiyao").joinpath("data", "glossary.json").read_bytes()
    data = json.loads(raw)
    terms = tuple(Term(zh, entry["en"], bool(entry.get("slogan"))) for zh, entry in data["terms"].items())
    return Glossary(dict(data["titles"]), terms, hashlib.sha256(raw).hexdigest()[:16])
