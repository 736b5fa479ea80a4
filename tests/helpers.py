"""Paths and readers for the seeds and their gold."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD_CLEAN = ROOT / "evals" / "gold" / "clean"

T = TypeVar("T")


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (e.g. "003")."""
    (match,) = [p for p in SEEDS if p.name.startswith(prefix)]
    return match


def seed_text(prefix: str) -> str:
    return seed(prefix).read_text(encoding="utf-8")


def gold_text(prefix: str) -> str:
    return (GOLD_CLEAN / seed(prefix).name).read_text(encoding="utf-8").rstrip("\n")


def dev_page(name: str) -> str:
    """Dev report ``name``'s gold as a site wrote it: ASCII commas."""
    from jiyao.evaluation.corpus import load_corpus

    document = next(d for d in load_corpus(ROOT / "evals" / "corpus", "dev") if d.name == name)
    return document.gold.replace("，", ",")


def dev_variant(name: str, variant: int, run: int, encoding: str = "gbk") -> str:
    """Dev report ``name``'s garbled variant (its seed's last two digits) with byte-loss run
    ``run`` alone (-1: none), as ``jiyao eval corpus`` makes it."""
    from jiyao.evaluation.corpus import load_corpus, variant_seeds
    from jiyao.evaluation.garble import garble

    document = next(d for d in load_corpus(ROOT / "evals" / "corpus", "dev") if d.name == name)
    seed = next(s for s in variant_seeds(document, max(3, variant + 1)) if s % 100 == variant)
    return garble(document.gold, seed, only_run=run, encoding=encoding).text


def lose_lead_byte(page: str, word: str, garbled: str) -> str:
    """``page`` once the first character of ``word`` lost its lead byte, read on out of phase
    as the garbler reads it; ``garbled`` is the run that must come out (the test's premise)."""
    from jiyao.evaluation.garble import shifted_read

    start = page.index(word)
    read = shifted_read(page, start)
    assert read is not None and read[0] == garbled, read
    return page[:start] + read[0] + page[read[1] :]


def dev_43_with_a_name_misread() -> tuple[str, str]:
    """Dev 43 as a site wrote it, and the same page once 振 of 范振国 (an attendee) lost its
    lead byte: ``?窆?,`` — 国 keeps its lead byte only, and 振's trail reads 民: 范民国, a
    name read wrong from damaged bytes that no rule can tell from a right one (民 is common
    in given names)."""
    page = dev_page("43")
    return page, lose_lead_byte(page, "振国,", "?窆?,")


# Engines and backends a test made: closed when it ends (conftest), as the CLI, the API,
# a batch and the service close theirs — the fake keeps connections alive.
_OPEN: list[Any] = []


def runs_read_out_of_phase(chars: int) -> str:
    """A hostile page the decoder must read and may not refuse: ``?`` before runs of random
    common characters, every one of which reads as lost bytes out of phase (as
    benchmarks/bench_memory.py's; ``?字`` repeated is a page that lost characters whole
    since, marked at once and refused: more ``?`` than Chinese)."""
    import random

    from jiyao.cleaning import gbk_beam

    rng = random.Random(3)
    common = sorted(gbk_beam.characters(None, None))
    runs = ("?" + "".join(rng.choice(common) for _ in range(14)) + "??，" for _ in range(chars // 18 + 1))
    return "".join(runs)[:chars]


def closed_after_the_test(thing: T) -> T:
    _OPEN.append(thing)
    return thing


def close_what_the_test_made() -> None:
    while _OPEN:
        _OPEN.pop().close()


def assert_refused(data: bytes, said: str, folder: Path, name: str) -> None:
    """``data`` is no report jiyao reads: the library says ``said``, and ``jiyao extract``
    on a file of it exits 2 with it on stderr, no traceback."""
    import pytest
    from typer.testing import CliRunner

    from jiyao.cleaning import clean_bytes
    from jiyao.cli import app
    from jiyao.errors import BinaryInputError

    with pytest.raises(BinaryInputError, match=said):
        clean_bytes(data, path=name)
    path = folder / name
    path.write_bytes(data)
    result = CliRunner().invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert said in result.stderr and "Traceback" not in result.output + result.stderr
