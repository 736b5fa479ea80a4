"""Names the user knows: the officials of the place a report is from, given to the decoder.

Where a GBK or Big5 page lost a byte inside a name, the surviving byte fits a hundred
characters, and no model of text can tell 包文军 from 包文静: the cleaner marks the place □
(:mod:`.chooser`). A name the report spells whole elsewhere already settles it; a list of
the names an analyst knows (the city's leaders, a county's cadres) settles it where the
report names a person once — only where the bytes that survive fit the name.

A names file holds one name a line; after the name, a space or a tab and anything (a
title, a note); ``#`` opens a comment line. A name is two to four Chinese characters, or
a transliterated one whose parts are joined by a dot (阿不都热依木·艾买提). Each is matched
in both scripts, so a list in simplified serves a report in traditional.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from jiyao.cleaning import regex_cache
from jiyao.cleaning.script import HAN_CLASS, simplify_characters, to_traditional
from jiyao.errors import InputError
from jiyao.surnames import NAME_DOTS

# More than any one province's cadres, in both scripts: a list longer is no list of people.
MAX_NAMES = 20_000
_NAME = regex_cache.compile(rf"{HAN_CLASS}{{2,4}}|{HAN_CLASS}+(?:[{NAME_DOTS}]{HAN_CLASS}+)+")
_LONGEST_TRANSLITERATED = 24
_WHAT_A_NAME_IS = "a name is 2-4 Chinese characters, or parts joined by a dot as in 阿不都热依木·艾买提"


def read_names(path: Path | str) -> KnownNames:
    """The names in the file at ``path``, ready for :func:`jiyao.cleaning.clean_text`;
    InputError names the file and the line of any that is not a name."""
    return known_names(names_in_file(path), path=Path(path))


def names_in_file(path: Path | str) -> list[str]:
    """The names the file at ``path`` lists, checked, as written (in one script)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as e:
        raise InputError("no such names file", path=path) from e
    except IsADirectoryError as e:
        raise InputError("is a directory, not a names file", path=path) from e
    except UnicodeDecodeError as e:
        raise InputError("a names file must be UTF-8 text", path=path) from e
    except OSError as e:
        raise InputError(f"cannot read the names file: {e.strerror}", path=path) from e
    names = []
    for number, line in enumerate(text.splitlines(), 1):
        entry = line.strip()
        if not entry or entry.startswith("#"):
            continue
        name = entry.split(maxsplit=1)[0]
        if not is_name(name):
            raise InputError(
                f"line {number}: {name[:30]!r} is not a name ({_WHAT_A_NAME_IS}; one a line, "
                "a title or note after a space)",
                path=path,
            )
        names.append(name)
    if len(names) > MAX_NAMES:
        raise InputError(f"{len(names)} names: at most {MAX_NAMES} are read", path=path)
    return names


class KnownNames(frozenset[str]):
    """Names checked and in both scripts (:func:`known_names`): a report's cleaning takes
    them as they are, where a batch's thousand reports would check them a thousand times."""


def known_names(names: Iterable[str], *, path: Path | None = None) -> KnownNames:
    """``names`` checked, each in both scripts; InputError for one that is not a name."""
    if isinstance(names, KnownNames):
        return names
    return _in_both_scripts(checked_names(names, path=path))


def checked_names(names: Iterable[str], *, path: Path | None = None) -> tuple[str, ...]:
    """``names`` stripped and as NFC (as the cleaner reads a report: a compatibility ideograph,
    U+F900…, is its unified one); InputError for one that is not a name. Cheap: no OpenCC."""
    given = tuple(sorted({unicodedata.normalize("NFC", name.strip()) for name in names}))
    for name in given:
        if not is_name(name):
            raise InputError(f"{name[:30]!r} is not a name ({_WHAT_A_NAME_IS})", path=path)
    return given


@functools.lru_cache(maxsize=8)
def _in_both_scripts(given: tuple[str, ...]) -> KnownNames:
    """Once per list: the service's worker cleans every request with its default list."""
    if not given:
        return KnownNames()
    found = set(given) | {simplify_characters(name) for name in given}
    # One conversion for all: OpenCC costs ~35 ms to load, and then little per name.
    found.update(to_traditional("\n".join(sorted(found))).split("\n"))
    return KnownNames(name for name in found if is_name(name))


def is_name(name: str) -> bool:
    return len(name) <= _LONGEST_TRANSLITERATED and _NAME.fullmatch(name) is not None
