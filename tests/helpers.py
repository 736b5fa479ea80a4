"""Paths and readers for the seeds and their gold."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
GOLD_CLEAN = ROOT / "evals" / "gold" / "clean"


def seed(prefix: str) -> Path:
    """The seed file whose name starts with ``prefix`` (e.g. "003")."""
    (match,) = [p for p in SEEDS if p.name.startswith(prefix)]
    return match


def seed_text(prefix: str) -> str:
    return seed(prefix).read_text(encoding="utf-8")


def gold_text(prefix: str) -> str:
    return (GOLD_CLEAN / seed(prefix).name).read_text(encoding="utf-8").rstrip("\n")
