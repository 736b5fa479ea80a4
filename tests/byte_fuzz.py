"""Damaged bytes, cleaned twice: a fuzzer beyond the garbler's model.

Each text is a dev report or a seed's gold, half of them garbled first as the corpus
garbles them, encoded as a page would be (GBK, GB18030, UTF-8, Big5 or UTF-16, or UTF-8
read as GBK and saved so), and then damaged: one to four bytes dropped, changed, or a
``?`` put in. It is cleaned from its bytes, as ``jiyao clean`` reads a file, and its text
cleaned again. A text whose second cleaning changes it is a bug: the first left damage
that only the second read.

    .venv/bin/python -m tests.byte_fuzz [--seeds 1-8] [--count 1500] [--encodings gbk,gb18030,utf-8]

prints how many texts changed, and the first few. ``tests/test_clean_twice.py`` runs a
small sample of it on every ``make test``.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from jiyao.cleaning import clean_bytes, clean_text
from jiyao.cleaning.script import to_simplified, to_traditional
from jiyao.errors import JiyaoError
from jiyao.evaluation.corpus import load_corpus
from jiyao.evaluation.garble import garble

ROOT = Path(__file__).resolve().parents[1]
ENCODINGS = ("gbk", "gb18030", "utf-8")
# And a UTF-8 page a scraper read as GBK and saved as UTF-8 (鏈堜細璁 for 会议).
UTF8_AS_GBK = "utf-8-as-gbk"
MORE_ENCODINGS = ("big5", "utf-16", UTF8_AS_GBK)


@dataclass(frozen=True)
class Damaged:
    data: bytes
    encoding: str
    how: str  # what was done to the bytes, for a report


def golds() -> list[str]:
    """The dev reports' and the seeds' golds: texts the rules were read against, never test's."""
    texts = [document.gold for document in load_corpus(ROOT / "evals" / "corpus", "dev")]
    texts += [path.read_text(encoding="utf-8") for path in sorted((ROOT / "evals" / "gold" / "clean").glob("*.txt"))]
    return texts


def _traditional(text: str) -> bool:
    return sum(to_simplified(ch) != ch for ch in text) > 3


def _damage(data: bytes, rng: random.Random) -> tuple[bytes, str]:
    buffer = bytearray(data)
    hows = []
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(buffer))
        kind = rng.choice(("drop", "change", "mark"))
        if kind == "drop":
            width = rng.randint(1, 3)
            del buffer[at : at + width]
            hows.append(f"drop {width}@{at}")
        elif kind == "change":
            buffer[at] = rng.randrange(256)
            hows.append(f"change@{at}")
        else:
            buffer[at:at] = b"?"
            hows.append(f"mark@{at}")
    return bytes(buffer), ", ".join(hows)


def damaged_texts(seed: int, count: int, encodings: tuple[str, ...] = ENCODINGS) -> Iterator[Damaged]:
    """``count`` damaged pages, the same for the same ``seed``."""
    rng = random.Random(seed)
    texts = golds()
    for _ in range(count):
        encoding = rng.choice(encodings)
        gold = rng.choice(texts)
        if encoding == "big5" and not _traditional(gold):
            gold = to_traditional(gold)  # a Big5 page is in traditional characters
        text = garble(gold, rng.randrange(10**6), encoding="big5" if encoding == "big5" else "gbk").text
        text = text if rng.random() < 0.5 else gold
        if encoding == UTF8_AS_GBK:
            page = text.encode("utf-8").decode("gbk", errors="replace").encode("utf-8")
        else:
            page = text.encode(encoding, errors="replace")
        data, how = _damage(page, rng)
        yield Damaged(data, encoding, how)


def cleaned_twice(damaged: Damaged) -> tuple[str, str] | None:
    """The first and second cleaning of ``damaged``; None where the page is refused (too
    little text left, say: an error, not a wrong answer)."""
    try:
        once = clean_bytes(damaged.data).text
    except JiyaoError:
        return None
    return once, clean_text(once).text


def changed_by_a_second_cleaning(damaged: Damaged) -> tuple[str, str] | None:
    """The first and second cleaning of ``damaged`` where they differ; None where they agree
    or the page is refused."""
    cleaned = cleaned_twice(damaged)
    return cleaned if cleaned is not None and cleaned[0] != cleaned[1] else None


def _first_difference(once: str, twice: str, around: int = 25) -> str:
    at = next((i for i, (a, b) in enumerate(zip(once, twice, strict=False)) if a != b), min(len(once), len(twice)))
    return f"{once[max(0, at - around) : at + around]!r}\n    → {twice[max(0, at - around) : at + around]!r}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="1-8", help="a range, first-last")
    parser.add_argument("--count", type=int, default=1500, help="texts per seed")
    parser.add_argument("--encodings", default=",".join(ENCODINGS), help=f"of {', '.join(ENCODINGS + MORE_ENCODINGS)}")
    parser.add_argument("--show", type=int, default=10, help="changed texts printed")
    args = parser.parse_args()
    first, _, last = args.seeds.partition("-")
    encodings = tuple(args.encodings.split(","))
    texts = changed = refused = 0
    for seed in range(int(first), int(last or first) + 1):
        for damaged in damaged_texts(seed, args.count, encodings):
            texts += 1
            cleaned = cleaned_twice(damaged)
            if cleaned is None:
                refused += 1
                continue
            if cleaned[0] == cleaned[1]:
                continue
            changed += 1
            if changed <= args.show:
                print(f"seed {seed}, {damaged.encoding}, {damaged.how}:\n    {_first_difference(*cleaned)}")
    print(f"{changed} of {texts} texts changed by a second cleaning; {refused} refused (exit 2)")


if __name__ == "__main__":
    main()
