"""Scoring a readout against a hand-made label, field by field.

* Scalars (date, location, meeting…, the chair's name and title) score 1 or 0,
  exact after normalization: script folded to simplified (OpenCC), full/half
  width folded (NFKC), whitespace removed. Both empty counts as right.
* Lists score precision, recall and F1 over sets: people by normalized name;
  slogans verbatim after normalization; directives match when one text contains
  the other; targets by their figure. Both empty counts as 1.0.
* Titles are scored apart from names: for each person found in both, the F1 of
  their title parts (split at 、), averaged.
* Who gave each directive (``directive_by``): of the gold directives found, the share
  whose ``by`` names the gold's speaker (None, the meeting's own words, included).
* Evidence: the grounding rate, the share of quotes found verbatim in the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from jiyao.cleaning.script import to_simplified
from jiyao.schemas import Directive, Person, Readout

SCALAR_FIELDS = (
    "title",
    "date",
    "time_of_day",
    "location",
    "meeting",
    "format",
    "outlet",
    "reporter",
    "editor",
)
LIST_FIELDS = ("subtitles", "speakers", "attendees", "directives", "slogans", "targets")
ATTRIBUTION_FIELDS = ("directive_by",)
TITLE_FIELDS = ("chair", "chair_title", "attendee_titles")
ALL_FIELDS = (*SCALAR_FIELDS, *TITLE_FIELDS, *LIST_FIELDS, *ATTRIBUTION_FIELDS, "grounding")
# Under every table of a run's fields: without it, `time_of_day 0.400` beside TP 0, FP 0
# read as a contradiction (two documents where neither the label nor the readout gives one).
HOW_TO_READ = (
    "precision, recall, F1: the mean over the documents, where a field that both the label and the readout "
    "leave empty counts 1.0; TP, FP, FN: the items counted, summed over the documents."
)


@dataclass(frozen=True)
class FieldScore:
    precision: float
    recall: float
    f1: float
    # What was counted, to read a change without opening JSON: true/false positives and
    # false negatives, the gold items missed and the items found that the gold lacks.
    tp: int = 0
    fp: int = 0
    fn: int = 0
    missed: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @classmethod
    def exact(cls, right: bool, got: str = "", expected: str = "") -> FieldScore:
        value = 1.0 if right else 0.0
        if right:
            return cls(value, value, value, tp=1 if expected else 0)
        return cls(
            value, value, value, fp=1 if got else 0, fn=1 if expected else 0,
            missed=(expected,) if expected else (), extra=(got,) if got else (),
        )  # fmt: skip


def normalize(value: str | None) -> str:
    if not value:
        return ""
    folded = unicodedata.normalize("NFKC", value)
    return re.sub(r"\s+", "", to_simplified(folded)).lower()


def _set_score(predicted: Sequence[str], gold: Sequence[str], match: Callable[[str, str], bool]) -> FieldScore:
    pred = list(dict.fromkeys(p for p in predicted if p))
    wanted = list(dict.fromkeys(g for g in gold if g))
    if not pred and not wanted:
        return FieldScore(1.0, 1.0, 1.0)
    unmatched = list(wanted)
    extra: list[str] = []
    hits = 0
    for item in pred:
        partner = next((g for g in unmatched if match(item, g)), None)
        if partner is not None:
            unmatched.remove(partner)
            hits += 1
        else:
            extra.append(item)
    precision = hits / len(pred) if pred else 0.0
    recall = hits / len(wanted) if wanted else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return FieldScore(precision, recall, f1, hits, len(extra), len(unmatched), tuple(unmatched), tuple(extra))


def _equal(a: str, b: str) -> bool:
    return a == b


def _contains(a: str, b: str) -> bool:
    return len(a) >= 2 and len(b) >= 2 and (a in b or b in a)


def _title_f1(predicted: str | None, gold: str | None) -> float:
    pred = {normalize(p) for p in (predicted or "").split("、") if p}
    want = {normalize(p) for p in (gold or "").split("、") if p}
    return _set_score(sorted(pred), sorted(want), _equal).f1


def _titles_score(predicted: Sequence[Person], gold: Sequence[Person]) -> FieldScore:
    by_name = {normalize(p.name): p for p in predicted}
    shared = [(by_name[normalize(g.name)], g) for g in gold if normalize(g.name) in by_name]
    if not shared:
        return FieldScore.exact(not gold and not predicted)
    mean = sum(_title_f1(p.title, g.title) for p, g in shared) / len(shared)
    return FieldScore(mean, mean, mean)


def _directive_by_score(predicted: Sequence[Directive], gold: Sequence[Directive]) -> FieldScore:
    """Of the gold directives found (as ``directives`` matches them), the share given to
    the gold's speaker; a directive found twice is judged by its first match."""
    judged: list[tuple[Directive, Directive]] = []
    for want in gold:
        found = next((d for d in predicted if _contains(normalize(d.text_zh), normalize(want.text_zh))), None)
        if found is not None:
            judged.append((found, want))
    if not judged:
        return FieldScore.exact(not gold)
    wrong = [(got, want) for got, want in judged if normalize(got.by) != normalize(want.by)]
    rate = 1 - len(wrong) / len(judged)
    return FieldScore(
        rate, rate, rate, tp=len(judged) - len(wrong), fp=len(wrong), fn=len(wrong),
        missed=tuple(f"{w.text_zh} ← {w.by or '(the meeting)'}" for _, w in wrong),
        extra=tuple(f"{g.text_zh} ← {g.by or '(the meeting)'}" for g, _ in wrong),
    )  # fmt: skip


def directive_scores(predicted: Sequence[Directive], gold: Sequence[Directive]) -> tuple[FieldScore, FieldScore]:
    """``directives`` (a match when one text contains the other) and ``directive_by``."""
    found = _set_score([normalize(d.text_zh) for d in predicted], [normalize(d.text_zh) for d in gold], _contains)
    return found, _directive_by_score(predicted, gold)


def grounding_rate(readout: Readout, text: str) -> FieldScore:
    """Share of evidence quotes that stand verbatim in ``text`` (1.0 when there are none)."""
    if not readout.evidence:
        return FieldScore(1.0, 1.0, 1.0)
    grounded = sum(1 for e in readout.evidence if e.quote and text[e.start : e.end] == e.quote)
    rate = grounded / len(readout.evidence)
    return FieldScore(rate, rate, rate)


def score_readout(predicted: Readout, gold: Readout, text: str) -> dict[str, FieldScore]:
    """Per-field scores of one document."""
    scores: dict[str, FieldScore] = {}
    for name in SCALAR_FIELDS:
        got, expected = str(getattr(predicted, name) or ""), str(getattr(gold, name) or "")
        scores[name] = FieldScore.exact(normalize(got) == normalize(expected), got, expected)
    pred_chair, gold_chair = predicted.chair, gold.chair
    got_name, want_name = (pred_chair.name if pred_chair else ""), (gold_chair.name if gold_chair else "")
    scores["chair"] = FieldScore.exact(normalize(got_name) == normalize(want_name), got_name, want_name)
    got_title = (pred_chair.title if pred_chair else None) or ""
    want_title = (gold_chair.title if gold_chair else None) or ""
    scores["chair_title"] = FieldScore.exact(_title_f1(got_title, want_title) == 1.0, got_title, want_title)
    scores["attendee_titles"] = _titles_score(predicted.attendees, gold.attendees)

    def names(people: Sequence[Person]) -> list[str]:
        return [normalize(p.name) for p in people]

    scores["subtitles"] = _set_score(
        [normalize(s) for s in predicted.subtitles], [normalize(s) for s in gold.subtitles], _equal
    )
    scores["speakers"] = _set_score(names(predicted.speakers), names(gold.speakers), _equal)
    scores["attendees"] = _set_score(names(predicted.attendees), names(gold.attendees), _equal)
    scores["directives"], scores["directive_by"] = directive_scores(predicted.directives, gold.directives)
    scores["slogans"] = _set_score(
        [normalize(s) for s in predicted.slogans], [normalize(s) for s in gold.slogans], _equal
    )
    scores["targets"] = _set_score(
        [normalize(t.value) for t in predicted.targets], [normalize(t.value) for t in gold.targets], _equal
    )
    scores["grounding"] = grounding_rate(predicted, text)
    return scores
