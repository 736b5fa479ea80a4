"""jiyao's fixed regular expressions, compiled once per installation instead of once per
process, as Python keeps compiled bytecode.

Compiling the cleaner's and the readout's ~210 patterns was ~80 ms of every ``extract``
(a third of a command's time once its tables load in milliseconds): ``re`` keeps what it
compiles only for the process. :func:`compile` gives a stand-in that compiles on its first
use; the compiled program (the ``_sre`` code words) is then kept in a file beside the
language tables and rebuilt from it by later processes in microseconds.

The file is named by the interpreter's version and the regex engine's ``MAGIC`` (the
code's format), keyed by pattern and flags (a pattern's program depends on nothing
else), and read only when the settings have chosen the tables' directory: a module
imported before them compiles as ``re`` does. What a process compiled that the file
lacked is written at exit. Where ``re``'s internals are not those of CPython 3.11, which
this was written against (another interpreter, a version that changed them), patterns
compile as ``re`` does.

One change to what ``re`` would compile, matching the same: a pattern that opens with a
repeated class (``[ \t\u3000]+``) opens with the class once and then its repeat, so that
a search skips along the text to where the class matches instead of trying a match at
every character (``re`` does so only for a pattern that opens with a class or a literal).
"""

from __future__ import annotations

import array
import atexit
import marshal
import re
import sys
import threading
import zlib
from pathlib import Path
from typing import Any, cast

from jiyao.cleaning import tables

_sre: Any
try:  # CPython's engine: building a pattern from its program skips parsing and compiling
    import _sre  # type: ignore[import-not-found,no-redef]
    from re import _compiler, _constants, _parser  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - another interpreter
    _sre = None
if _sre is not None and array.array("I").itemsize != _sre.CODESIZE:  # pragma: no cover
    _sre = None

FORMAT = "2"  # 2: a leading repeat peeled
# A store past this many patterns keeps only those the last process used: every change of
# a pattern adds one, and nothing else would ever remove the old ones.
_MOST_KEPT = 1000

# A compiled program: (flags, code words as machine words, groups, group index, index group).
Program = tuple[int, bytes, int, dict[str, int], tuple[str | None, ...]]

_guard = threading.Lock()
_store: dict[tuple[str, int], Program] | None = None
_used: set[tuple[str, int]] = set()  # what this process asked for
_added = False


def compile(pattern: str, flags: int | re.RegexFlag = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)`` for a pattern fixed in jiyao's source (never built
    from a report's text): compiled on first use, from the store when it has it."""
    return cast(re.Pattern[str], _Deferred(pattern, int(flags)))


# What a caller may ask of a pattern, copied onto the stand-in once it is compiled so that
# later calls cost what calling the pattern's own methods does.
_ATTRIBUTES = (
    "search", "match", "fullmatch", "finditer", "findall", "sub", "subn", "split", "scanner",
    "flags", "groups", "groupindex",
)  # fmt: skip


def is_pattern(value: object) -> bool:
    """Whether ``value`` is a compiled pattern or :func:`compile`'s stand-in for one."""
    return isinstance(value, re.Pattern | _Deferred)


class _Deferred:
    """A pattern compiled the first time any of it but its source is asked for. It is not
    the compiled pattern: a match's ``re`` is that one (compare sources, not identities),
    and ``re``'s functions take it only by its ``pattern``."""

    def __init__(self, pattern: str, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and the like ask the class first
            raise AttributeError(name)
        compiled = compiled_pattern(self.pattern, self._flags)
        for attribute in _ATTRIBUTES:
            self.__dict__[attribute] = getattr(compiled, attribute)
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"re.compile({self.pattern!r}, {self._flags})"


def compiled_pattern(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """The pattern, built from its stored program when the store has it."""
    flags = int(flags)
    key = (pattern, flags)
    store = _load()
    if store is None:
        try:
            return _build(pattern, _program(pattern, flags))
        except (AttributeError, TypeError, ValueError, RuntimeError):  # re's internals are not 3.11's
            return re.compile(pattern, flags)
    if (program := store.get(key)) is not None:
        try:
            built = _build(pattern, program)
        except (TypeError, ValueError, RuntimeError):
            pass  # a program this engine refuses (a damaged file): compiled again below
        else:
            _used.add(key)
            return built
    try:
        program = _program(pattern, flags)
        built = _build(pattern, program)
    except (AttributeError, TypeError, ValueError, RuntimeError):  # re's internals are not 3.11's
        return re.compile(pattern, flags)
    _note(key, program)
    return built


def _program(pattern: str, flags: int) -> Program:
    # re._compiler.compile, stopping before the pattern object is made (a bad pattern
    # raises re.error here, as re.compile would).
    parsed = _parser.parse(pattern, flags)
    _peel_leading_repeat(parsed)
    code = _compiler._code(parsed, flags)
    groupindex = dict(parsed.state.groupdict)
    indexgroup: list[str | None] = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    words = array.array("I", code).tobytes()
    return (flags | parsed.state.flags, words, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def _peel_leading_repeat(parsed: Any) -> None:
    """``[ \\t]+…`` → ``[ \\t][ \\t]*…``: the same matches, but the engine can skip along the
    text to where the class first matches (a search of ``[ \\t\\u3000]+`` tried a match at
    every character, ~3x slower on a text with no space)."""
    data = parsed.data
    if not data:
        return
    op, av = data[0]
    if op is _constants.SUBPATTERN:
        _peel_leading_repeat(av[3])
        parsed.width = None
        return
    if op not in (_constants.MAX_REPEAT, _constants.MIN_REPEAT):
        return
    low, high, item = av
    if low < 1 or len(item.data) != 1:
        return
    item_op, item_av = item.data[0]
    if item_op is _constants.IN and item_av[:1] != [(_constants.NEGATE, None)] or item_op is _constants.LITERAL:
        rest = [] if high == 1 else [(op, (low - 1, high if high == _constants.MAXREPEAT else high - 1, item))]
        data[0:1] = [item.data[0], *rest]
        parsed.width = None


def _build(pattern: str, program: Program) -> re.Pattern[str]:
    final_flags, words, groups, groupindex, indexgroup = program
    code = array.array("I", words).tolist()
    # _sre.compile checks the code words before it accepts them.
    return cast(re.Pattern[str], _sre.compile(pattern, final_flags, code, groups, groupindex, indexgroup))


def _note(key: tuple[str, int], program: Program) -> None:
    # New, or in place of a stored program the engine refused: written at exit either way.
    global _added
    with _guard:
        _used.add(key)
        if _store is not None and _store.get(key) != program:
            _store[key] = program
            _added = True


def _path(directory: Path) -> Path:
    stamp = f"{sys.version}|{getattr(_sre, 'MAGIC', '')}|{FORMAT}"
    return directory / f"regex-{zlib.crc32(stamp.encode()):08x}.marshal"


def _load() -> dict[tuple[str, int], Program] | None:
    """The store once per process; None while no directory is chosen or without ``_sre``."""
    global _store
    directory = tables.chosen_directory()
    if _store is not None or _sre is None or directory is None:
        return _store
    with _guard:
        if _store is None:
            path = _path(directory)
            try:
                loaded = marshal.loads(path.read_bytes())
                store = loaded if isinstance(loaded, dict) else {}
            except (OSError, ValueError, EOFError, TypeError):
                store = {}
            _store = store
            atexit.register(save, path)
    return _store


def save(path: Path) -> bool:
    """Write what this process compiled that the store lacked; whether it wrote."""
    global _added
    with _guard:
        if _store is None or not _added:
            return False
        kept = _store if len(_store) <= _MOST_KEPT else {key: _store[key] for key in _used if key in _store}
        data = marshal.dumps(kept)
        _added = False
    try:
        from jiyao.files import atomic_write

        atomic_write(path, data)
    except OSError:
        return False  # a read-only or full disk: patterns compile as re does
    return True


def forget() -> None:
    """Read the store anew on next use (tests, and a change of the tables' directory)."""
    global _store, _added
    with _guard:
        _store, _added = None, False
        _used.clear()
