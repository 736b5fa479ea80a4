"""The cleaner's language tables, built once from the installed packages and then loaded
from two compact files in milliseconds instead of parsed on every start.

* ``words``: jieba's word frequencies (``dict.txt``, read as data: jieba is never
  imported) and its city and province names — loaded only when a report needs them;
* ``chars``: the common characters in both scripts, every GBK character of each
  reading and every reading of each character (pypinyin's single-character table) —
  so cleaning never imports pypinyin's phrase dictionaries.

The files are named by a hash of the versions of jieba, pypinyin and OpenCC and of this
module's format: an upgrade builds them anew. They live in a directory the settings
choose (``JIYAO_TABLES_DIR``, else ``<cache dir>/tables``); when it cannot be written the
tables are built in memory, as before.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import importlib.resources
import marshal
import threading
import unicodedata
from pathlib import Path
from typing import Any

FORMAT = "1"
_directory: Path | None = None
_guard = threading.Lock()


def use_directory(path: Path | None) -> None:
    """Where the table files are kept (set by the settings, at the edge)."""
    global _directory
    _directory = path


def _default_directory() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("jiyao")) / "tables"


@functools.cache
def _stamp() -> str:
    versions = [FORMAT]
    for package in ("jieba", "pypinyin", "opencc"):
        try:
            versions.append(f"{package}={importlib.metadata.version(package)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{package}=?")
    return hashlib.sha256(";".join(versions).encode()).hexdigest()[:12]


def _load(name: str, build: Any) -> Any:
    directory = _directory or _default_directory()
    path = directory / f"{name}-{_stamp()}.marshal"
    try:
        return marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        pass
    data = build()
    try:
        from jiyao.files import atomic_write

        atomic_write(path, marshal.dumps(data))
    except OSError:
        pass  # a read-only or full disk: the tables still work, built in memory
    return data


_loaded: dict[str, dict[str, Any]] = {}


def _table(name: str, build: Any) -> dict[str, Any]:
    """A table, once per process; concurrent first callers wait for one load."""
    with _guard:
        if name not in _loaded:
            _loaded[name] = _load(name, build)
        return _loaded[name]


def words() -> dict[str, Any]:
    """``{"counts": {word: count}, "cities": [...], "provinces": [...]}``."""
    return _table("words", _build_words)


def chars() -> dict[str, Any]:
    """``{"common": str, "by_reading": {reading: str}, "readings": {char: [readings]}}``."""
    return _table("chars", _build_chars)


def _build_words() -> dict[str, Any]:
    counts: dict[str, int] = {}
    cities: set[str] = set()
    provinces: set[str] = set()
    resource = importlib.resources.files("jieba").joinpath("dict.txt")
    with resource.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split(" ")
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            word = parts[0]
            counts[word] = int(parts[1])
            if len(parts) > 2 and parts[2] == "ns" and len(word) >= 3:
                if word.endswith("市"):
                    cities.add(word[:-1])
                elif word.endswith("省"):
                    provinces.add(word[:-1])
    return {"counts": counts, "cities": sorted(cities), "provinces": sorted(provinces)}


def _gbk(char: str) -> bool:
    try:
        return len(char.encode("gbk")) == 2
    except UnicodeEncodeError:
        return False


def _build_chars() -> dict[str, Any]:
    from pypinyin import Style, pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    from jiyao.cleaning.script import to_traditional

    counts = _load("words", _build_words)["counts"]
    common = {ch for word, n in counts.items() if n >= 50 for ch in word}
    simplified = "".join(sorted(common))
    common_both = "".join(sorted(common | set(to_traditional(simplified))))
    by_reading: dict[str, list[str]] = {}
    readings: dict[str, list[str]] = {}
    for codepoint, listed in pinyin_dict.items():
        char = chr(codepoint)
        if _gbk(char):
            for reading in listed.split(","):
                by_reading.setdefault(unicodedata.normalize("NFC", reading), []).append(char)
        toned = pinyin(char, style=Style.TONE, heteronym=True, errors="ignore")
        plain = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
        readings[char] = sorted({unicodedata.normalize("NFC", r) for group in (*toned, *plain) for r in group})
    return {
        "common": common_both,
        "by_reading": {reading: "".join(chars) for reading, chars in by_reading.items()},
        "readings": readings,
    }
