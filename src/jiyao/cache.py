"""A disk cache of validated LLM outputs, so the same work is never paid for twice.

Keys hash everything that can change an output: the cleaner's version, the
prompt's name and content hash, the output schema, the glossary, the model,
the endpoint, the request parameters and the input text. Only validated
outputs are stored; errors never are. No secret is part of a key or a value.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class CacheStats:
    directory: Path
    entries: int
    size_bytes: int


def cache_key(**parts: Any) -> str:
    """A stable hash of the parts (JSON with sorted keys)."""
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class ResultCache:
    """diskcache under ``directory``; ``enabled=False`` makes every lookup miss and stores nothing."""

    def __init__(self, directory: Path, *, enabled: bool = True) -> None:
        self.directory = directory
        self.enabled = enabled
        self._cache: Any = None

    def _open(self) -> Any:
        if self._cache is None:
            import diskcache

            self.directory.mkdir(parents=True, exist_ok=True)
            self._cache = diskcache.Cache(str(self.directory))
        return self._cache

    def get(self, key: str) -> Any | None:
        if not self.enabled:
            return None
        return self._open().get(key)

    def set(self, key: str, value: Any) -> None:
        if self.enabled:
            self._open().set(key, value)

    def stats(self) -> CacheStats:
        cache = self._open()
        return CacheStats(self.directory, len(cache), int(cache.volume()))

    def clear(self) -> int:
        return int(self._open().clear())

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None


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
