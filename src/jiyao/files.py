"""Writing files so that a crash or Ctrl-C never leaves half of one, with the usual modes.

The temporary file is ``.jiyao-<random>.tmp`` beside the target: short whatever the
target's name (a 250-byte name plus a suffix would pass the file system's limit), and
recognisable, so :func:`remove_stale_temporaries` can clear what a kill -9 left.
"""

from __future__ import annotations

import functools
import os
import tempfile
import threading
from pathlib import Path

TEMP_PREFIX = ".jiyao-"
TEMP_SUFFIX = ".tmp"
_UMASK_GUARD = threading.Lock()


@functools.cache
def _file_mode() -> int:
    """0666 less the process umask, as open() would give (mkstemp always makes 0600)."""
    with _UMASK_GUARD:  # reading the umask means setting it: no other thread may see the probe
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


def atomic_write(path: Path, text: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``: readers see the
    old file or the new one, never a mix; an existing file is replaced whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX)
    try:
        os.fchmod(fd, _file_mode())
        with os.fdopen(fd, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def remove_stale_temporaries(directory: Path) -> int:
    """Remove the temporary files an interrupted writer left under ``directory``; how many."""
    removed = 0
    for path in directory.rglob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}"):
        try:
            if path.is_file() and not path.is_symlink():
                path.unlink()
                removed += 1
        except OSError:
            continue
    return removed
