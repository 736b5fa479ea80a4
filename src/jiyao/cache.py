"""A disk cache of validated LLM outputs, so the same work is never paid for twice.

Keys hash everything that can change an output: the cleaner's version, the
prompt's name and content hash, the output schema, the glossary, the model,
the request parameters and the input text. Only validated outputs are stored;
errors never are. No secret is part of a key or a value.

A cache is a convenience, never a reason to fail: one that is corrupt is moved
aside and made anew; one that cannot be written (read-only disk, full disk) is
reported once and bypassed. ``problem`` says what happened.
"""

from __future__ import annotations

import hashlib
import json
import logging
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

log = logging.getLogger("jiyao.cache")

# What diskcache keeps in its directory: the database and two-hex-digit value folders.
_DB_FILES = ("cache.db", "cache.db-wal", "cache.db-shm")


@dataclass(frozen=True)
class CacheStats:
    directory: Path
    entries: int
    size_bytes: int
    problem: str | None = None


def cache_key(**parts: Any) -> str:
    """A stable hash of the parts (JSON with sorted keys)."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _cache_errors() -> tuple[type[BaseException], ...]:
    import sqlite3

    return (sqlite3.Error, OSError)


class ResultCache:
    """diskcache under ``directory``; ``enabled=False`` never opens it: every lookup misses."""

    def __init__(self, directory: Path, *, enabled: bool = True) -> None:
        self.directory = directory
        self.enabled = enabled
        self.problem: str | None = None
        self._cache: Any = None
        self._guard = threading.Lock()

    def _open(self) -> Any:
        if self._cache is None:
            with self._guard:
                if self._cache is None:
                    self._cache = self._open_or_heal()
        return self._cache

    def _open_or_heal(self) -> Any:
        import diskcache

        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            cache = diskcache.Cache(str(self.directory))
            len(cache)  # a corrupt database fails here, not later
            return cache
        except _cache_errors() as first:
            if not (self.directory / "cache.db").exists():
                raise
            aside = self.directory.with_name(f"{self.directory.name}.corrupt-{int(time.time())}")
            try:
                self.directory.rename(aside)
                self.directory.mkdir(parents=True)
                cache = diskcache.Cache(str(self.directory))
            except _cache_errors():
                raise first from None
            self._report(f"the cache at {self.directory} was unreadable ({first}); moved to {aside}")
            return cache

    def _report(self, problem: str) -> None:
        if self.problem is None:
            log.warning("%s", problem)
        self.problem = problem

    def _bypass(self, error: BaseException) -> None:
        self.enabled = False
        self._report(f"cache disabled: {self.directory}: {error}")

    def get(self, key: str) -> Any | None:
        if not self.enabled:
            return None
        try:
            return self._open().get(key)
        except _cache_errors() as e:
            self._bypass(e)
            return None

    def set(self, key: str, value: Any) -> None:
        if not self.enabled:
            return
        try:
            self._open().set(key, value)
        except _cache_errors() as e:
            self._bypass(e)

    def healthy(self) -> bool:
        """Open (healing if need be) and answer a read; False with ``problem`` set otherwise."""
        if not self.enabled:
            return self.problem is None
        try:
            len(self._open())
            return True
        except _cache_errors() as e:
            self._bypass(e)
            return False

    def stats(self) -> CacheStats:
        try:
            cache = self._open()
            return CacheStats(self.directory, len(cache), int(cache.volume()), self.problem)
        except _cache_errors() as e:
            return CacheStats(self.directory, 0, 0, f"unreadable: {e}")

    def clear(self) -> int:
        """Remove every entry; a cache too broken to open is removed file by file."""
        try:
            return int(self._open().clear())
        except _cache_errors():
            self.close()
            return _remove_cache_files(self.directory)

    def close(self) -> None:
        if self._cache is not None:
            try:
                self._cache.close()
            except _cache_errors():
                pass
            self._cache = None


def _remove_cache_files(directory: Path) -> int:
    """Delete only what diskcache itself keeps there; anything else in the folder stays."""
    removed = 0
    for name in _DB_FILES:
        path = directory / name
        if path.exists():
            path.unlink()
            removed += 1
    for child in directory.iterdir() if directory.is_dir() else ():
        if child.is_dir() and len(child.name) == 2 and all(c in "0123456789abcdef" for c in child.name):
            shutil.rmtree(child)
            removed += 1
    return removed


class SingleFlight:
    """At most one thread at a time works on a given key; the others wait for it.

    Threads of one process asking for the same output at once would each pay for it:
    with this, the first computes and caches it, the rest find it in the cache.
    """

    def __init__(self) -> None:
        self._guard = threading.Lock()
        self._locks: dict[str, tuple[threading.Lock, int]] = {}

    @contextmanager
    def hold(self, key: str) -> Iterator[None]:
        with self._guard:
            lock, users = self._locks.get(key, (threading.Lock(), 0))
            self._locks[key] = (lock, users + 1)
        try:
            with lock:
                yield
        finally:
            with self._guard:
                lock, users = self._locks[key]
                if users == 1:
                    del self._locks[key]
                else:
                    self._locks[key] = (lock, users - 1)
