"""The cleaner's language tables, built once from the installed packages and then loaded
from compact files in milliseconds instead of parsed on every start.

* ``words``: jieba's word frequencies (``dict.txt``, read as data: jieba is never
  imported) and its city and province names — loaded only when a report needs them.
  The 349 k counts are a packed hash table (:class:`PackedCounts`): a few flat byte
  strings, loaded without building a Python object per word;
* ``chars``: the common characters in both scripts, every GBK character of each
  reading and every reading of each character (pypinyin's single-character table, as
  one string searched on demand) — so cleaning never imports pypinyin's phrase
  dictionaries;
* ``word-leaders``: the two-character words by their last character, built from
  ``words`` for the decoder's look-ahead from a pair with both bytes lost.

The files are named by a hash of this module's format and of where jieba, pypinyin and
OpenCC are installed, with the size and time of their files: an upgrade builds them
anew. They live in a directory the settings choose (``JIYAO_TABLES_DIR``, else
``<cache dir>/tables``); when it cannot be written the tables are built in memory.
"""

from __future__ import annotations

import array
import functools
import itertools
import marshal
import mmap
import operator
import os
import re
import threading
import unicodedata
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

FORMAT = "4"
_directory: Path | None = None
_guard = threading.RLock()  # re-entrant: one table may be built from another


def use_directory(path: Path | None) -> None:
    """Where the table files are kept (set by the settings, at the edge)."""
    global _directory
    _directory = path


_on_build: Callable[[str], None] | None = None


def on_build(callback: Callable[[str], None] | None) -> None:
    """``callback(name)`` before a table is built rather than loaded (once per
    installation, seconds for the largest): the edge may tell the user why it waits."""
    global _on_build
    _on_build = callback


def directory() -> Path:
    """Where the table files are kept now (other one-time builds may keep theirs beside)."""
    return _directory or _default_directory()


def chosen_directory() -> Path | None:
    """Where the settings chose to keep the table files; None before they have."""
    return _directory


def _default_directory() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("jiyao")) / "tables"


@functools.cache
def _stamp() -> str:
    # Each source package's installed files, by place, size and time: an upgrade rewrites
    # them. (importlib.metadata would say the version, but importing it costs 20-40 ms.)
    import importlib.util

    from jiyao.cleaning.vocabulary import STAMP
    from jiyao.surnames import COMPOUND_SURNAMES, SURNAMES_BY_RANK

    # The genre's words go into the word counts, and so into every table built from them;
    # the surnames choose which of jieba's names count as given names.
    parts = [FORMAT, STAMP, SURNAMES_BY_RANK, "".join(COMPOUND_SURNAMES)]
    for package in ("jieba", "pypinyin", "opencc", "snownlp"):
        spec = importlib.util.find_spec(package)
        origin = spec.origin if spec is not None else None
        try:
            info = os.stat(origin) if origin else None
        except OSError:
            info = None
        parts.append(f"{package}={origin}:{info.st_size}:{info.st_mtime_ns}" if info else f"{package}=?")
    return f"{zlib.crc32(';'.join(parts).encode()):08x}"


def built_mark() -> Path:
    """A file that says every table a report may need was built for these sources (written
    by :func:`jiyao.pipeline.warm_up`): a server checks it instead of loading them all."""
    return directory() / f"built-{_stamp()}.mark"


def _load(name: str, build: Any, sources: str = "") -> Any:
    stamp = _stamp() if not sources else f"{zlib.crc32(f'{_stamp()};{sources}'.encode()):08x}"
    path = directory() / f"{name}-{stamp}.table"
    try:
        return _parse_file(path)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    if _on_build is not None:
        _on_build(name)
    data = build()
    try:
        from jiyao.files import atomic_write

        atomic_write(path, _dump(data))
        _prune(name, path)
    except OSError:
        pass  # a read-only or full disk: the tables still work, built in memory
    return data


# Built files of a table kept beside the one just built, newest first: another
# installation sharing the directory (a second virtualenv) keeps its own. The older ones
# go: every upgrade of a source package builds a new set (~40 MB), and nothing else
# would ever remove the last set.
_KEEP_OTHERS = 2


def _prune(name: str, built: Path) -> None:
    stale = re.compile(rf"{re.escape(name)}-[0-9a-f]{{8}}\.table")
    others = [p for p in built.parent.iterdir() if p != built and stale.fullmatch(p.name)]
    others.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in others[_KEEP_OTHERS:]:
        old.unlink(missing_ok=True)  # a process that mapped it keeps its pages


# A table file: MAGIC, the header's length (8 bytes), the header (marshal: the table with
# its large byte strings taken out), the byte strings end to end, and where each goes
# (marshal, then its length). Loading maps the file and slices them out of it as
# memoryviews: only the header is copied.
_MAGIC = b"JYTB"
_SECTION_MIN = 4096


def _dump(table: dict[str, Any]) -> bytes:
    sections: list[tuple[tuple[str, ...], bytes]] = []

    def lift(value: Any, path: tuple[str, ...]) -> Any:
        if isinstance(value, dict):
            return {key: lift(item, (*path, key)) for key, item in value.items()}
        if isinstance(value, bytes) and len(value) >= _SECTION_MIN:
            sections.append((path, value))
            return None
        return value

    header = marshal.dumps(lift(table, ()))
    out = bytearray(_MAGIC + len(header).to_bytes(8, "little") + header)
    spans = []
    for path, section in sections:
        out += bytes(-len(out) % 8)  # aligned, for memoryview.cast
        spans.append((path, len(out), len(section)))
        out += section
    placement = marshal.dumps(spans)
    return bytes(out + placement + len(placement).to_bytes(8, "little"))


def _parse_file(path: Path) -> dict[str, Any]:
    """The table in the file at ``path``: its header and placements read, its byte strings
    mapped read-only. The mapped pages are read as lookups touch them and are the page
    cache's, shared by every process (read whole, the words table alone put 10 MB on each
    process's heap). The header and placements are read, not taken from the mapping: a
    kernel that caches the file in large folios maps 2 MiB into the process for each byte
    touched (~2 MiB a table at load). A table file is replaced by renaming, never
    rewritten in place, so a mapping never sees it change."""
    with path.open("rb") as handle:
        mapped = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        size = len(mapped)
        head = handle.read(12)
        if head[: len(_MAGIC)] != _MAGIC or size < 20:
            raise ValueError("not a jiyao table file")
        header = int.from_bytes(head[4:12], "little")
        table: dict[str, Any] = marshal.loads(handle.read(header))
        handle.seek(size - 8)
        tail = int.from_bytes(handle.read(8), "little")
        if 12 + header + tail + 8 > size:
            raise ValueError("a table file cut short")
        handle.seek(size - 8 - tail)
        placements = marshal.loads(handle.read(tail))
    view = memoryview(mapped)
    for path_in_table, start, length in placements:
        if start + length > size - 8 - tail:
            raise ValueError("a table file cut short")  # a slice past the end would just be shorter
        where = table
        for key in path_in_table[:-1]:
            where = where[key]
        where[path_in_table[-1]] = view[start : start + length]
    return table


_loaded: dict[str, dict[str, Any]] = {}


def _table(name: str, build: Any, unpack: Any = None, sources: str = "") -> dict[str, Any]:
    """A table, once per process; concurrent first callers wait for one load."""
    with _guard:
        if name not in _loaded:
            table = _load(name, build, sources)
            _loaded[name] = unpack(table) if unpack else table
        return _loaded[name]


def table(name: str, build: Any, sources: str = "") -> dict[str, Any]:
    """Another module's table: ``build()`` once per installation, then loaded from its file
    (``name`` must change whenever what ``build`` makes does). ``sources``: a stamp of what
    else it is built from (another package's files), so that their upgrade builds it anew
    and the old file goes as the cleaner's tables' do."""
    return _table(name, build, sources=sources)


def words() -> dict[str, Any]:
    """``{"counts": PackedCounts, "cities": [...], "provinces": [...]}``."""
    return _table("words", _build_words, lambda table: {**table, "counts": PackedCounts(table["counts"])})


def word_leaders() -> dict[str, tuple[str, bytes]]:
    """``{second: (firsts, counts)}``: the two-character words that end in ``second``, by
    their first characters, each one's count (unsigned 32-bit, native order) at its place.
    Built from the word counts once per installation (~0.4 s), read only when a decode
    needs it."""
    leaders: dict[str, tuple[str, bytes]] = _table("word-leaders", _build_word_leaders)["leaders"]
    return leaders


def _build_word_leaders() -> dict[str, Any]:
    counts: PackedCounts = words()["counts"]
    firsts: dict[str, list[str]] = {}
    values: dict[str, array.array[int]] = {}
    for word in counts:
        if len(word) == 2 and (count := counts[word]):
            firsts.setdefault(word[1], []).append(word[0])
            values.setdefault(word[1], array.array("I")).append(count)
    return {"leaders": {second: ("".join(firsts[second]), values[second].tobytes()) for second in firsts}}


def chars() -> dict[str, Any]:
    """``{"common": str, "by_reading": {reading: str}, "readings": str, "defaults": str}``;
    look readings up with :func:`readings_of` and :func:`toned_default`."""
    return _table("chars4", _build_chars)


def script_marks() -> dict[str, Any]:
    """``{"simplified": str, "traditional": str}``: the characters that show a text's
    script — simplified ones that OpenCC's s2t, s2tw and s2hk convert in every word of
    jieba's (体, 会; not 干, which 若干 keeps, nor 秘 and 峰, Taiwan's and Hong Kong's
    forms), and traditional ones that t2s converts in every word."""
    return _table("scripts2", _build_script_marks)


def _build_script_marks() -> dict[str, Any]:
    from jiyao.cleaning.script import to_simplified, to_traditional, to_traditional_regional

    table = chars()
    words = "\n".join(_jieba_words()[0])
    traditional = to_traditional(words)
    kept_by_s2t = set(traditional) | set(to_traditional_regional(words))
    # The t2s side is asked of the words' traditional forms: jieba lists some words in
    # traditional script (們, 個), which would vouch for themselves.
    kept_by_t2s = set(to_simplified(traditional))
    return {
        "simplified": "".join(c for c in table["simplified_only"] if c not in kept_by_s2t),
        "traditional": "".join(c for c in table["t2s_from"] if c not in kept_by_t2s),
    }


def given_names() -> dict[str, Any]:
    """``{"counts": {char: n}}``: in how many of jieba's person names (tagged nr: a known
    surname and one or two characters more) each character is part of the given name."""
    return _table("given-names", _build_given_names)


def _build_given_names() -> dict[str, Any]:
    import importlib.resources

    from jiyao.surnames import SURNAMES_BY_RANK

    surnames = frozenset(SURNAMES_BY_RANK)
    counts: dict[str, int] = {}
    resource = importlib.resources.files("jieba").joinpath("dict.txt")
    with resource.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.split()
            if len(parts) > 2 and parts[2] == "nr" and len(parts[0]) in (2, 3) and parts[0][0] in surnames:
                for char in parts[0][1:]:
                    counts[char] = counts.get(char, 0) + 1
    return {"counts": counts}


def phrases() -> dict[str, Any]:
    """pypinyin's phrase table cut to what segmenting a string of up to ``PHRASE_SPAN``
    characters looks at (:mod:`jiyao.pinyin`): ``{"index": PackedCounts(key → 0 for a
    prefix of a phrase, else the phrase's reading number), "readings": the tone-less
    readings, each ended by "\n" (:func:`phrase_reading`), "reading_ends": where they end,
    "singles": "\n" + char + default tone-less reading per entry}``."""
    return _table(
        "phrases",
        _build_phrases,
        lambda table: {
            **table,
            "index": PackedCounts(table["index"]),
            "reading_ends": memoryview(table["reading_ends"]).cast("I"),
        },
    )


def phrase_reading(number: int) -> str:
    """The tone-less reading (syllables joined by spaces) of phrase ``number`` (from 1)."""
    table = phrases()
    ends = table["reading_ends"]
    return str(table["readings"][ends[number - 1] : ends[number] - 1])


def default_reading(char: str) -> str | None:
    """pypinyin's first tone-less reading of ``char``; None when it reads no Han character there."""
    return _entry(phrases()["singles"], char)


def _entry(blob: str, char: str) -> str | None:
    """What follows ``char`` on its line of ``blob`` ("\n" + char + text, line by line, in
    the order of the characters): found by bisection. A scan (``str.find``) cost ~0.3 ms a
    character, 25 ms for the first report a process cleans."""
    if len(char) != 1:
        return None
    low, high = 0, len(blob)  # the line sought, if any, starts in [low, high)
    while low < high:
        middle = (low + high) // 2
        start = blob.rfind("\n", low, middle + 1)
        if start < 0:
            start = blob.find("\n", middle, high)
            if start < 0:
                return None
        key = blob[start + 1 : start + 2]
        if key == char:
            return blob[start + 2 : blob.index("\n", start + 2)]
        if key < char:
            low = blob.find("\n", start + 1, high)
            if low < 0:
                return None
        else:
            high = start
    return None


PHRASE_SPAN = 4


def _build_phrases() -> dict[str, Any]:
    from pypinyin.constants import PHRASES_DICT, PINYIN_DICT, RE_HANS
    from pypinyin.style._tone_convert import to_normal

    index: dict[str, int] = {}
    for phrase in PHRASES_DICT:
        for size in range(1, min(PHRASE_SPAN, len(phrase)) + 1):
            index.setdefault(phrase[:size], 0)
    readings: list[str] = []
    for phrase, listed in PHRASES_DICT.items():
        if len(phrase) <= PHRASE_SPAN:
            readings.append(" ".join(to_normal(options[0]) for options in listed))
            index[phrase] = len(readings)
    singles = [
        chr(codepoint) + to_normal(listed.split(",")[0])
        for codepoint, listed in sorted(PINYIN_DICT.items())  # in order: looked up by bisection
        if RE_HANS.match(chr(codepoint))
    ]
    ends = array.array("I", [0, *itertools.accumulate(len(r) + 1 for r in readings)])
    return {
        "index": pack_counts(index),
        "readings": "".join(r + "\n" for r in readings),
        "reading_ends": ends.tobytes(),
        "singles": "\n" + "\n".join(singles) + "\n",
    }


def readings_of(char: str) -> tuple[str, ...]:
    """Every reading of ``char``, toned and plain, sorted (none for a non-Han character)."""
    listed = _entry(chars()["readings"], char)
    return tuple(listed.split(",")) if listed else ()


def toned_default(char: str) -> str | None:
    """The toned reading pypinyin lists first for ``char``, where it lists several (None
    otherwise: one reading, or none)."""
    return _entry(chars()["defaults"], char)


class PackedCounts(Mapping[str, int]):
    """jieba's word counts as an open-addressing hash table over flat bytes: loading it
    copies four byte strings instead of creating 349 k Python objects (~150 ms → ~5 ms).
    A lookup costs about ten times a dict's: callers in hot loops memoize."""

    def __init__(self, packed: dict[str, Any]) -> None:
        self._blob: bytes | memoryview = packed["blob"]  # the words, UTF-8, end to end
        self._offsets = memoryview(packed["offsets"]).cast("I")  # word i is blob[offsets[i]:offsets[i+1]]
        self._counts = memoryview(packed["counts"]).cast("I")
        self._slots = memoryview(packed["slots"]).cast("I")  # word index + 1 by hash, 0 for empty
        self._mask = len(self._slots) - 1
        self._firsts: dict[str, tuple[int, int]] = packed["firsts"]  # the words are sorted: a range per first char
        self.total: int = packed["total"]

    def followers(self, first: str) -> dict[str, int]:
        """``{second: count}`` of the two-character words that start with ``first``."""
        start, end = self._firsts.get(first, (0, 0))
        offsets, found = self._offsets, {}
        for i in range(start, end):
            word = str(self._blob[offsets[i] : offsets[i + 1]], "utf-8")
            if len(word) == 2:
                found[word[1]] = int(self._counts[i])
        return found

    def words_of_three(self, first: str) -> dict[str, dict[str, int]]:
        """``{second: {third: count}}`` of the three-character words that start with
        ``first``: one pass over its words."""
        start, end = self._firsts.get(first, (0, 0))
        offsets, blob = self._offsets, self._blob
        found: dict[str, dict[str, int]] = {}
        for i in range(start, end):
            if offsets[i + 1] - offsets[i] >= 6:  # three characters are 6 to 12 bytes in UTF-8
                word = str(blob[offsets[i] : offsets[i + 1]], "utf-8")
                if len(word) == 3:
                    found.setdefault(word[1], {})[word[2]] = int(self._counts[i])
        return found

    def _find(self, word: str) -> int:
        key = word.encode("utf-8")
        slot = zlib.crc32(key) & self._mask
        while entry := self._slots[slot]:
            if self._blob[self._offsets[entry - 1] : self._offsets[entry]] == key:
                return int(self._counts[entry - 1])
            slot = (slot + 1) & self._mask
        return -1

    def __getitem__(self, word: str) -> int:
        count = self._find(word) if isinstance(word, str) else -1
        if count < 0:
            raise KeyError(word)
        return count

    def get(self, word: str, default: Any = None) -> Any:
        count = self._find(word)
        return default if count < 0 else count

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._find(word) >= 0

    def __len__(self) -> int:
        return len(self._counts)

    def __iter__(self) -> Iterator[str]:
        offsets = self._offsets
        for i in range(len(self._counts)):
            yield str(self._blob[offsets[i] : offsets[i + 1]], "utf-8")


def pack_counts(counts: dict[str, int], *, max_load: float = 0.4) -> dict[str, Any]:
    """The packed form :class:`PackedCounts` reads (what the table file stores), its hash
    table at most ``max_load`` full. Built in bulk: the news model's 541 k entries."""
    words = sorted(counts)
    encoded = [word.encode("utf-8") for word in words]
    blob = b"".join(encoded)
    offsets = array.array("I", [0])
    offsets.extend(itertools.accumulate(map(len, encoded)))
    values = array.array("I", map(counts.__getitem__, words))
    firsts: dict[str, tuple[int, int]] = {}
    index = 0
    for first, group in itertools.groupby(words, key=operator.itemgetter(0)):  # sorted: one run each
        size_of_group = sum(1 for _ in group)
        firsts[first] = (index, index + size_of_group)
        index += size_of_group
    size = 1 << max(4, int(len(counts) / max_load).bit_length())
    mask = size - 1
    slots = array.array("I", bytes(4 * size))
    for number, hashed in enumerate(map(zlib.crc32, encoded), 1):
        slot = hashed & mask
        while slots[slot]:
            slot = (slot + 1) & mask
        slots[slot] = number
    return {
        "blob": blob,
        "offsets": offsets.tobytes(),
        "counts": values.tobytes(),
        "slots": slots.tobytes(),
        "firsts": firsts,
        "total": sum(counts.values()),
    }


def _jieba_words() -> tuple[dict[str, int], list[str], list[str]]:
    counts, places = _jieba_dictionary()
    return counts, places["市"], places["省"]


def _jieba_dictionary() -> tuple[dict[str, int], dict[str, list[str]]]:
    """jieba's word counts, and the places it tags (ns) by their level: 市 and 省 without
    it (three characters or more), 县, 区 and 旗 with it (three to six)."""
    counts: dict[str, int] = {}
    places: dict[str, set[str]] = {level: set() for level in "市省县区旗"}
    import importlib.resources

    resource = importlib.resources.files("jieba").joinpath("dict.txt")
    with resource.open(encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split(" ")
            if len(parts) < 2 or not parts[1].isdigit():
                continue
            word = parts[0]
            counts[word] = int(parts[1])
            if len(parts) > 2 and parts[2] == "ns" and len(word) >= 3:
                if word[-1] in "市省":
                    places[word[-1]].add(word[:-1])
                elif word[-1] in "县区旗" and len(word) <= 6:
                    places[word[-1]].add(word)
    return counts, {level: sorted(names) for level, names in places.items()}


def counties() -> dict[str, Any]:
    """``{"names": "\n"-joined}``: the counties, districts and banners (…县, …区, …旗) jieba's
    dictionary tags as places (ns), each with its level."""
    return _table("counties", _build_counties)


def _build_counties() -> dict[str, Any]:
    places = _jieba_dictionary()[1]
    return {"names": "\n".join(sorted(places["县"] + places["区"] + places["旗"]))}


def _build_words() -> dict[str, Any]:
    from jiyao.cleaning.vocabulary import COUNT, WORDS

    counts, cities, provinces = _jieba_words()
    for word in WORDS:  # the genre's words jieba lacks or counts as rare
        counts[word] = max(counts.get(word, 0), COUNT)
    return {"counts": pack_counts(counts), "cities": cities, "provinces": provinces}


def _gbk(char: str) -> bool:
    try:
        return len(char.encode("gbk")) == 2
    except UnicodeEncodeError:
        return False


def _build_chars() -> dict[str, Any]:
    from pypinyin import Style, pinyin
    from pypinyin.pinyin_dict import pinyin_dict

    from jiyao.cleaning.script import to_simplified, to_traditional

    counts = _jieba_words()[0]
    common = {ch for word, n in counts.items() if n >= 50 for ch in word}
    simplified = "".join(sorted(common))
    common_both = "".join(sorted(common | set(to_traditional(simplified))))
    gbk = [chr(codepoint) for codepoint in range(0x4E00, 0xA000) if _gbk(chr(codepoint))]
    traditional = to_traditional("\n".join(gbk)).split("\n")  # one by one: no phrase rules
    each_simplified = to_simplified("\n".join(gbk)).split("\n")
    t2s = [(c, s) for c, s in zip(gbk, each_simplified, strict=True) if len(s) == 1 and s != c]
    by_reading: dict[str, list[str]] = {}
    readings: list[str] = []
    defaults: list[str] = []
    for codepoint, listed in sorted(pinyin_dict.items()):  # in order: looked up by bisection
        char = chr(codepoint)
        if _gbk(char):
            for reading in listed.split(","):
                by_reading.setdefault(unicodedata.normalize("NFC", reading), []).append(char)
            if "," in listed:  # pypinyin lists a character's default reading first
                defaults.append(char + unicodedata.normalize("NFC", listed.split(",")[0]))
        toned = pinyin(char, style=Style.TONE, heteronym=True, errors="ignore")
        plain = pinyin(char, style=Style.NORMAL, heteronym=True, errors="ignore")
        listed_readings = sorted({unicodedata.normalize("NFC", r) for group in (*toned, *plain) for r in group})
        if listed_readings:
            readings.append(char + ",".join(listed_readings))
    return {
        "common": common_both,
        # Characters the s2t converter changes, one by one: what a simplified text shows.
        "simplified_only": "".join(c for c, t in zip(gbk, traditional, strict=True) if c != t),
        # Each character's simplified form, one by one: what the decoder's scores need.
        "t2s_from": "".join(c for c, _ in t2s),
        "t2s_to": "".join(s for _, s in t2s),
        "by_reading": {reading: "".join(chars) for reading, chars in by_reading.items()},
        # One string, "\n" + char + readings per entry: loads in 2 ms, where a dict of
        # 42 k lists took 35 ms; a report looks up only the characters it annotates.
        "readings": "\n" + "\n".join(readings) + "\n",
        # The default reading of each character that has several, as "\n" + char + reading.
        "defaults": "\n" + "\n".join(defaults) + "\n",
    }
