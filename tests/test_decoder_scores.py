"""The decoder's shortcuts give the same numbers as the plain definitions they stand for."""

from __future__ import annotations

import random
from typing import Any

import pytest

from jiyao.cleaning import clean_text, gbk_beam
from jiyao.cleaning.mojibake import _Chooser
from jiyao.cleaning.name_prior import name_bonus
from jiyao.cleaning.plausibility import best_follower, pair_logp, pair_logps
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


def test_the_best_follower_is_the_one_that_makes_a_word() -> None:
    # 時 is far commoner alone; 秘書 is a word.
    assert best_follower("秘", ["會", "書", "時"])[0] == "書"
    # No word either way: the commonest alone, the same for every character before it.
    assert best_follower("秘", ["會", "時"]) == best_follower("地", ["會", "時"])


def test_given_name_characters_get_a_bonus_after_a_title_and_a_surname() -> None:
    after_surname = name_bonus("，副縣長蔣")
    after_two = name_bonus("，副縣長蔣麗")
    assert after_surname.get("麗", 0) > 0 and after_two.get("華", 0) > 0
    # Characters that stand alone everywhere get none.
    assert after_two.get("要", 0) == 0 and after_two.get("為", 0) == 0
    # After a title, surnames; elsewhere, nothing.
    assert name_bonus("，副縣長").get("蔣", 0) > 0
    assert not name_bonus("會議強調，要")


def test_a_page_of_marks_and_random_characters_costs_a_bounded_number_of_decodes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Hostile input: every `?` looks like a lost byte and every reading fails. Without a
    # budget each cost up to four beam decodes (minutes for a large page).
    rng = random.Random(3)
    common = sorted(gbk_beam.characters(None, None))
    page = "".join("?" + "".join(rng.choice(common) for _ in range(4)) for _ in range(300))
    calls = 0
    real = gbk_beam.decode

    def counting(*args: Any, **kwargs: Any) -> list[tuple[str, float]]:
        nonlocal calls
        calls += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(gbk_beam, "decode", counting)
    report = clean_text(page)
    assert 0 < calls <= _Chooser(page).decodes_left == 30 + len(page) // 30
    assert report.text.count("?") + report.text.count("？") >= 250  # flagged, not guessed
