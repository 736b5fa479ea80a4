"""Character error rate of the cleaner against the hand-cleaned gold, per seed."""

from __future__ import annotations

from pathlib import Path

import pytest

from jiyao.cleaning import clean_file
from jiyao.metrics import character_error_rate
from tests.helpers import GOLD_CLEAN, SEEDS

TARGET = 0.003  # 0.3%


def test_every_seed_has_gold() -> None:
    assert len(SEEDS) == 5
    assert sorted(p.name for p in GOLD_CLEAN.glob("*.txt")) == [p.name for p in SEEDS]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_cer_on_seed_is_within_target(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = (GOLD_CLEAN / path.name).read_text(encoding="utf-8").rstrip("\n")
    cer = character_error_rate(clean_file(path).text, gold)
    with capsys.disabled():
        print(f"\n  CER {path.name}: {cer:.4%} ({len(gold)} gold characters)")
    assert cer <= TARGET


def test_cer_counts_one_edit_per_character() -> None:
    assert character_error_rate("會議召開", "會議召開") == 0.0
    assert character_error_rate("會議召", "會議召開") == pytest.approx(0.25)
    # NFKC first: full- and half-width forms of the same mark are not an error.
    assert character_error_rate("A，B", "A,B") == 0.0


def test_the_unmarked_error_rate_counts_what_a_reader_cannot_see() -> None:
    from jiyao.metrics import unmarked_error_rate

    gold = "赵铁军参加"
    # A wrong name reads as a fact; a gap marked □ does not.
    assert unmarked_error_rate("赵听见参加", gold) == pytest.approx(0.4)
    assert unmarked_error_rate("赵□□参加", gold) == 0.0
    assert character_error_rate("赵□□参加", gold) == pytest.approx(0.4)
    # A character left out is unseen too; one too many is shown.
    assert unmarked_error_rate("赵铁参加", gold) == pytest.approx(0.2)
    assert unmarked_error_rate("赵铁军军参加", gold) == pytest.approx(0.2)
    assert unmarked_error_rate(gold, gold) == 0.0
