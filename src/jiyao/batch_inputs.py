"""Which files a batch reads: regular files under the input folder, matched by a glob.

* The glob is relative (``**/*.txt``); an absolute one, or one with ``..``, is refused:
  every output mirrors its input's place under the output folder and never leaves it.
* Symbolic links are followed only when they resolve inside the input folder; a link
  outside it, a dangling link, a link loop and an unreadable folder are each reported
  as a failed entry — never dropped silently.
* The output folder, when it lies inside the input folder, is never read.
* Files the glob leaves out that look like reports (a saved page, ``.html``) are listed
  for the caller to say so: a folder of pages run with the default glob read nothing.
* Each report's outputs are named by its stem (``a.txt`` → ``a.readout.json``), or by its
  whole name where another report in its folder has the same stem (``a.txt``, ``a.md``).
"""

from __future__ import annotations

import dataclasses
import errno
import os
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from jiyao.errors import InputError


@dataclass(frozen=True)
class Found:
    """A report to run (``problem`` None), or an entry that cannot be read, with why."""

    relative: PurePosixPath
    path: Path
    problem: str | None = None
    # Its outputs' name before .readout.json, under the output folder (see outputs_named).
    outputs_name: str = ""


def _glob_regex(pattern: str) -> re.Pattern[str]:
    """``**/`` any folders (or none), ``*`` and ``?`` within one name, ``[…]`` a class."""
    out, i = [], 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:[^/]+/)*")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and (close := pattern.find("]", i + 1)) > i + 1:
            body = pattern[i + 1 : close]
            out.append("[" + ("^" + re.escape(body[1:]) if body[0] in "!^" else re.escape(body)) + "]")
            i = close + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def check_pattern(pattern: str) -> re.Pattern[str]:
    parts = PurePosixPath(pattern).parts
    if not pattern or pattern.startswith(("/", "\\")) or ".." in parts or re.match(r"^[A-Za-z]:", pattern):
        raise InputError(
            f"--glob must be relative to the input folder, without '..' (got {pattern!r}); e.g. '**/*.txt'"
        )
    return _glob_regex(pattern)


# What reports are saved as: text, the pages a browser or a scraper saves, Word documents.
REPORT_SUFFIXES = frozenset(
    {
        ".txt",
        ".text",
        ".html",
        ".htm",
        ".shtml",
        ".xhtml",
        ".mhtml",
        ".mht",
        ".md",
        ".markdown",
        ".docx",
        ".pdf",
        ".json",
    }
)


def find_reports(
    directory: Path,
    pattern: str = "**/*.txt",
    *,
    exclude: Path | None = None,
    left_out: list[PurePosixPath] | None = None,
) -> list[Found]:
    """Every matching entry under ``directory``, sorted by relative path; the files with a
    report's suffix that ``pattern`` does not match are added to ``left_out``."""
    regex = check_pattern(pattern)
    root = directory.resolve()
    excluded = exclude.resolve() if exclude is not None else None
    found: list[Found] = []

    def unreadable(error: OSError) -> None:
        where = Path(error.filename) if error.filename else directory
        relative = _relative(where, directory)
        found.append(Found(relative, where, f"cannot read folder: {error.strerror or error}"))

    for folder, dirs, files in os.walk(directory, onerror=unreadable, followlinks=False):
        here = Path(folder)
        dirs[:] = sorted(d for d in dirs if excluded is None or (here / d).resolve() != excluded)
        linked_dirs = [d for d in dirs if (here / d).is_symlink()]
        for name in sorted(files) + linked_dirs:
            path = here / name
            relative = _relative(path, directory)
            if not regex.match(str(relative)):
                if left_out is not None and path.suffix.lower() in REPORT_SUFFIXES:
                    left_out.append(relative)
                continue
            found.append(_inspect(path, relative, root))
    return outputs_named(sorted(found, key=lambda f: str(f.relative)))


def outputs_named(found: list[Found]) -> list[Found]:
    """``found`` with the name each report's outputs take: its stem, or its whole name
    where another report in its folder has the same stem (a.txt and a.md had both written
    a.readout.json, the second over the first), compared without case (an output folder
    on macOS or Windows tells no case apart); numbered if those still meet."""

    def key(name: str, relative: PurePosixPath) -> str:
        return str(relative.parent / name).casefold()

    stems = Counter(key(f.relative.stem, f.relative) for f in found)
    names = [f.relative.stem if stems[key(f.relative.stem, f.relative)] == 1 else f.relative.name for f in found]
    taken = Counter(key(name, f.relative) for name, f in zip(names, found, strict=True))
    named, seen = [], Counter[str]()
    for name, f in zip(names, found, strict=True):
        if taken[key(name, f.relative)] > 1:  # a.txt beside a.txt.md and a.txt.json: rare
            seen[key(name, f.relative)] += 1
            name = f"{name}.{seen[key(name, f.relative)]}"
        named.append(dataclasses.replace(f, outputs_name=str(f.relative.parent / name)))
    return named


def _relative(path: Path, directory: Path) -> PurePosixPath:
    return PurePosixPath(Path(os.path.relpath(path, directory)).as_posix())


def _inspect(path: Path, relative: PurePosixPath, root: Path) -> Found:
    if path.is_symlink():
        try:
            target = path.resolve(strict=True)
        except RuntimeError:  # Python 3.11 and 3.12 say a loop this way
            return Found(relative, path, "symbolic link loop")
        except OSError as e:
            if e.errno == errno.ELOOP:
                return Found(relative, path, "symbolic link loop")
            return Found(relative, path, f"dangling symbolic link ({e.strerror or e})")
        if not target.is_relative_to(root):
            return Found(relative, path, "symbolic link to a file outside the input folder: not read")
        path_is_file = target.is_file()
    else:
        path_is_file = path.is_file()
    if not path_is_file:
        return Found(relative, path, "not a regular file")
    return Found(relative, path)
