"""The decoder's shortcuts give the same numbers as the plain definitions they stand for."""

from __future__ import annotations

import random

from jiyao.cleaning import gbk_beam
from jiyao.cleaning.mojibake import _Chooser
from jiyao.cleaning.plausibility import pair_logp, pair_logps
from tests.helpers import seed_text


def test_a_row_of_pair_scores_equals_each_pair_scored_alone() -> None:
    free = gbk_beam.characters(None, None)
    by_lead = gbk_beam.characters(0xB0, None)
    chooser = _Chooser(seed_text("000"))
    prevs = random.Random(7).sample(free, 60) + list("，。市委國縣長會")
    for prev in prevs:
        for options in (free, by_lead):
            assert pair_logps(prev, options) == [pair_logp(prev, c) for c in options]
            assert chooser.pair_scores(prev, options) == [chooser.pair_score(prev, c) for c in options]


def test_free_pairs_are_frequent_characters_and_never_marks() -> None:
    free = gbk_beam.characters(None, None)
    assert len(free) == 3000
    assert not set(free) & set("，。、；：！？“”（）")
    assert {"的", "會", "会", "委", "縣"} <= set(free)
