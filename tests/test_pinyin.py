"""jiyao.pinyin answers what pypinyin answers, without loading pypinyin's phrases."""

from __future__ import annotations

import random

from pypinyin import Style
from pypinyin import lazy_pinyin as reference
from pypinyin.constants import PHRASES_DICT

from jiyao.pinyin import lazy_pinyin
from jiyao.surnames import SURNAMES


def _check(texts: list[str]) -> None:
    wrong = [(t, lazy_pinyin(t), reference(t, style=Style.NORMAL)) for t in texts]
    wrong = [w for w in wrong if w[1] != w[2]]
    assert not wrong, wrong[:5]


def test_every_short_phrase_and_its_neighbours() -> None:
    phrases = sorted(p for p in PHRASES_DICT if len(p) <= 4)
    rng = random.Random(7)
    texts = phrases[::5]
    # A phrase cut short or run on: the segmenter's harder cases.
    texts += [p[1:] + rng.choice(phrases)[0] for p in phrases[::11]]
    texts += [rng.choice(phrases)[-1] + p[:2] for p in phrases[::13]]
    _check(texts)


def test_names_and_random_strings_of_common_characters() -> None:
    rng = random.Random(11)
    common = "".join(sorted({ch for p in PHRASES_DICT for ch in p}))
    surnames = sorted(SURNAMES)
    texts = [rng.choice(surnames) + "".join(rng.choices(common, k=rng.randint(1, 2))) for _ in range(3000)]
    texts += ["".join(rng.choices(common, k=rng.randint(1, 4))) for _ in range(3000)]
    _check(texts)


def test_longer_strings_and_non_han_go_to_pypinyin() -> None:
    _check(["烏魯木齊市", "中华人民共和国", "A股", "〇一", "长春", "長春", "重庆", "朝阳"])
