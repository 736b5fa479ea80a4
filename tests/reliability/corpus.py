"""Report folders for the reliability tests, made from the seeds or the development corpus."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import SEEDS


def many_reports(directory: Path, count: int) -> list[Path]:
    """``count`` distinct reports: the seeds in turn, each with a numbered closing line."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        raw = SEEDS[i % len(SEEDS)].read_text(encoding="utf-8")
        path = directory / f"r{i:03d}_{SEEDS[i % len(SEEDS)].name[:3]}.txt"
        path.write_text(raw.rstrip(" |\n") + f"\n本報第{i + 1}號通報。\n", encoding="utf-8")
        paths.append(path)
    return paths


BOOKKEEPING = {
    "summary.json",
    "manifest.json",
    "manifest.json.journal",  # left by a killed run
    ".jiyao-batch.lock",
    "index.html",
    "meetings.csv",
    "people.csv",
    "provider-batch.json",
}


def output_files(directory: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(directory)): p.read_bytes()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name not in BOOKKEEPING and ".provider-results" not in p.parts
    }


def distinct_reports(directory: Path, count: int) -> list[Path]:
    """``count`` reports that share no paragraph: every line carries the report's number."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        source = SEEDS[i % len(SEEDS)]
        lines = source.read_text(encoding="utf-8").rstrip(" |\n").split("\n")
        path = directory / f"d{i:03d}_{source.name[:3]}.txt"
        path.write_text("\n".join(f"{line}（第{i + 1}號）" for line in lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def garbled_corpus_reports(directory: Path, count: int) -> list[Path]:
    """``count`` distinct reports: the development corpus (dev and test) garbled as
    `jiyao eval corpus` garbles it, one seed per report."""
    from jiyao.evaluation.corpus import SPLITS, load_corpus
    from jiyao.evaluation.garble import garble

    root = Path(__file__).resolve().parents[2] / "evals" / "corpus"
    documents = [d for split in SPLITS for d in load_corpus(root, split)]
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(count):
        document = documents[i % len(documents)]
        path = directory / f"g{i:03d}_{document.split}{document.name}.txt"
        path.write_text(garble(document.gold, seed=i).text, encoding="utf-8")
        paths.append(path)
    return paths
