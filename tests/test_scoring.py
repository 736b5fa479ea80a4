"""The scorer is tested honestly: perfect predictions, one removal, one wrong field."""

from __future__ import annotations

import pytest

from jiyao.evaluation.runner import load_label
from jiyao.evaluation.scoring import ALL_FIELDS, normalize, score_readout
from jiyao.schemas import Directive, Person
from tests.helpers import ROOT, SEEDS, gold_text

LABELS = ROOT / "evals" / "labels"


def _label_and_text(prefix: str):  # type: ignore[no-untyped-def]
    (path,) = [p for p in LABELS.glob(f"{prefix}*.json")]
    return load_label(path), gold_text(prefix)


@pytest.mark.parametrize("prefix", [p.name[:3] for p in SEEDS])
def test_labels_scored_against_themselves_are_perfect(prefix: str) -> None:
    label, text = _label_and_text(prefix)
    scores = score_readout(label, label, text)
    assert set(scores) == set(ALL_FIELDS)
    assert all(s.f1 == 1.0 and s.precision == 1.0 and s.recall == 1.0 for s in scores.values())


def test_removing_one_attendee_lowers_recall_by_exactly_one_share() -> None:
    label, text = _label_and_text("002")
    n = len(label.attendees)
    predicted = label.model_copy(update={"attendees": label.attendees[1:]})
    scores = score_readout(predicted, label, text)
    assert scores["attendees"].recall == pytest.approx((n - 1) / n)
    assert scores["attendees"].precision == 1.0
    others = {k: v for k, v in scores.items() if k not in ("attendees",)}
    assert all(v.f1 == 1.0 for v in others.values())


def test_a_wrong_date_scores_zero_for_date_and_nothing_else_moves() -> None:
    label, text = _label_and_text("000")
    scores = score_readout(label.model_copy(update={"date": "--11-29"}), label, text)
    assert scores["date"].f1 == 0.0
    assert all(v.f1 == 1.0 for k, v in scores.items() if k != "date")


def test_an_extra_attendee_lowers_precision_only() -> None:
    label, text = _label_and_text("000")
    extra = [*label.attendees, Person(name="張三")]
    scores = score_readout(label.model_copy(update={"attendees": extra}), label, text)
    n = len(label.attendees)
    assert scores["attendees"].precision == pytest.approx(n / (n + 1))
    assert scores["attendees"].recall == 1.0


def test_titles_are_scored_apart_from_names() -> None:
    label, text = _label_and_text("003")
    wrong_title = [p.model_copy(update={"title": "市長"}) if p.name == "王濱" else p for p in label.attendees]
    scores = score_readout(label.model_copy(update={"attendees": wrong_title}), label, text)
    assert scores["attendees"].f1 == 1.0
    # 王濱's gold title has two parts, one of which (市長) is not among them: title F1 0 for him.
    assert scores["attendee_titles"].f1 == pytest.approx((len(label.attendees) - 1) / len(label.attendees))


def test_names_match_across_scripts_and_widths() -> None:
    assert normalize("歐陽錦全") == normalize("欧阳锦全")
    assert normalize("（記者 李羿玫）") == normalize("(记者李羿玫)")


def test_directives_match_when_one_contains_the_other() -> None:
    label, text = _label_and_text("001")
    longer = [Directive(text_zh=d.text_zh + "，劃分責任區") for d in label.directives]
    assert score_readout(label.model_copy(update={"directives": longer}), label, text)["directives"].f1 == 1.0


def test_grounding_counts_quotes_not_in_the_text() -> None:
    from jiyao.schemas import Evidence

    label, text = _label_and_text("000")
    quote = text[0:6]
    good = Evidence(field="date", quote=quote, start=0, end=6)
    bad = Evidence(field="chair", quote="不存在的人", start=10, end=15)
    scores = score_readout(label.model_copy(update={"evidence": [good, bad]}), label, text)
    assert scores["grounding"].f1 == 0.5


def test_who_gave_a_directive_is_scored_over_the_directives_found() -> None:
    label, text = _label_and_text("002")
    # The last directive credited to 王立 instead of 馬澤江, and the first one not found:
    # one wrong of the seven judged; the one not found is the directives field's miss.
    wrong = [d.model_copy(update={"by": "王立"}) if i == len(label.directives) - 1 else d
             for i, d in enumerate(label.directives)][1:]  # fmt: skip
    scores = score_readout(label.model_copy(update={"directives": wrong}), label, text)
    by = scores["directive_by"]
    assert (by.tp, by.fp, by.f1) == (6, 1, pytest.approx(6 / 7))
    assert by.missed == ("要千方百計守牢安全 ← 馬澤江",) and by.extra == ("要千方百計守牢安全 ← 王立",)
    assert scores["directives"].recall == pytest.approx(7 / 8)
    # The meeting's own words (會議強調) are no one's: crediting them to the chair is wrong.
    label4, text4 = _label_and_text("004")
    credited = [d.model_copy(update={"by": "劉寧"}) for d in label4.directives]
    assert score_readout(label4.model_copy(update={"directives": credited}), label4, text4)["directive_by"].f1 == 0.0
