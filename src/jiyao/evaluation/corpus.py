"""The development corpus: short reports written for jiyao, garbled, cleaned and read back.

``evals/corpus/<split>/<name>.txt`` is a gold clean text and ``<name>.json`` its
hand-made label (see the corpus README). The ``dev`` split is read while writing
rules; the ``test`` split is only scored. Each gold is garbled into several
variants (:mod:`.garble`) and each variant is cleaned and read by the offline
engine. Measured per split:

* **CER** of the cleaned variant against the gold;
* **runs restored**: a byte-loss run counts as restored when the variant with
  only that run cleans to the same text as the variant without it; apart for runs
  that lost their lead byte only (the bytes decide them, up to which lead byte) and
  runs that lost more (a pair skipped or unreadable, a byte at a line end: a
  character left with one byte or none, for the text model to guess);
* **Big5 runs restored**: the same, for the traditional golds Big5 can encode,
  garbled as a Big5 page (same variants, the runs read by the ``big5`` codec);
* **mbstring runs restored**: the same variants' GBK runs as PHP's mbstring reads
  them (a lone byte and the ASCII byte after it one ``?``);
* **read as GBK**: each variant without its byte loss, as a UTF-8 page a scraper decoded
  as GBK (a browser's GB18030 decoder and Python's ``gbk`` codec), cleaned: its CER against
  the variant's own cleaning, and the share of the label's people's names it holds that
  come out wrong with no character of them marked □ (a name silently wrong);
* **characters lost whole**: each gold saved in the charset of the other script (a
  traditional gold as GB2312, a simplified one as Big5), every character it lacks written
  ``?`` as an encoder writes it, cleaned: the share of the gold's characters shown wrong or
  left out, not marked □ (no byte of a lost character is left to read; text invented after
  a mark counts). A page refused (more ``?`` than Chinese) is left out: it says why;
* **invented repairs**: byte-level repairs the cleaner makes on the gold itself, on
  the gold with its paragraphs indented by ``??`` (a page's ``&nbsp;&nbsp;`` written
  by a charset without it) or on a variant without any byte loss — text the bytes did
  not support;
* **chair**, **date** (exact), **attendees** (precision/recall/F1 over names,
  micro-averaged), from the cleaned variants;
* **directives** (precision/recall/F1, micro-averaged; a match when one text holds
  the other, as ``jiyao eval`` matches them) and **directive_by** (of the gold
  directives found, the share credited to the label's speaker), where a label lists
  its directives.
"""

from __future__ import annotations

import functools
import json
import re
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from jiyao.cleaning import CleanReport, RepairKind, clean_text
from jiyao.cleaning.script import is_han, to_simplified
from jiyao.errors import InputError, JiyaoError, LabelError
from jiyao.evaluation.garble import garble
from jiyao.evaluation.scoring import directive_scores, normalize
from jiyao.metrics import character_error_rate, unmarked_error_rate
from jiyao.schemas import Directive, Person, Readout

SPLITS = ("dev", "test")
_BYTE_REPAIRS = (RepairKind.MOJIBAKE, RepairKind.LOST_CHARACTER, RepairKind.PHANTOM)


class CorpusLabel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    script: str
    date: str | None
    chair: Person | None
    attendees: list[Person]
    mentioned: list[str] = []  # named in the report, not present: never attendees
    directives: list[Directive] | None = None  # None: not labelled


@dataclass(frozen=True)
class CorpusDocument:
    name: str
    split: str
    gold: str
    label: CorpusLabel


@dataclass
class SplitScore:
    split: str
    documents: int = 0
    variants: int = 0
    cer: list[float] = field(default_factory=list)
    unmarked: list[float] = field(default_factory=list)  # of the CER, characters not marked □
    runs: int = 0
    runs_restored: int = 0
    runs_whole: int = 0  # runs that lost their lead byte only
    runs_whole_restored: int = 0
    runs_on_names: int = 0  # runs that took a character of a person the label names
    runs_on_names_restored: int = 0
    big5_runs: int = 0
    big5_runs_restored: int = 0
    mbstring_runs: int = 0
    mbstring_runs_restored: int = 0
    read_as_gbk_cer: list[float] = field(default_factory=list)
    read_as_gbk_names: int = 0  # names of the label's people in the variants so read
    read_as_gbk_names_silent: int = 0  # of them, read wrong with none of their characters □
    lost_whole_unmarked: list[float] = field(default_factory=list)  # pages that lost characters whole
    invented: int = 0
    chair_right: int = 0
    date_right: int = 0
    attendees_tp: int = 0
    attendees_fp: int = 0
    attendees_fn: int = 0
    titles_found: int = 0  # attendees found who are in the label
    titles_right: int = 0  # of them, with the label's title (or none, as the label)
    mentioned_tp: int = 0  # named, not present: read as such
    mentioned_fp: int = 0
    mentioned_fn: int = 0
    titles: int = 0  # attendees read with a title
    titles_english: int = 0  # of them, with the title in English too
    names_wrong: int = 0  # attendees read whom the label lacks
    names_wrong_flagged: int = 0  # of them, with a note: read from damaged bytes
    names_right: int = 0
    names_right_flagged: int = 0  # of them, flagged all the same (a false alarm)
    attendees_missed_noted: int = 0  # attendees missed in a readout that says names were left unread
    unread_notes: int = 0  # notes that damaged bytes left a name unread
    unread_notes_idle: int = 0  # of them, in a readout that missed no one
    directives_tp: int = 0
    directives_fp: int = 0
    directives_fn: int = 0
    directives_judged: int = 0  # gold directives found: their speaker is judged
    directives_by_right: int = 0
    misses: list[str] = field(default_factory=list)  # one line per wrong field, to read

    def add_text(self, cleaned: str, gold: str) -> None:
        self.cer.append(character_error_rate(cleaned, gold))
        self.unmarked.append(unmarked_error_rate(cleaned, gold))

    def add_reading(
        self,
        readout: Readout,
        chair: Person | None,
        date: str | None,
        attendees: list[Person],
        where: str,
        mentioned: list[str] | None = None,
        directives: list[Directive] | None = None,
    ) -> None:
        """Count one reading of a report against its label; note each wrong field.
        ``mentioned``, ``directives``: the label's (None: not labelled)."""
        if directives is not None:
            self._add_directives(readout.directives, directives, where)
        if mentioned is not None:
            tp, fp, fn = self._compare(
                f"{where} mentioned", _names(readout.mentioned), {normalize(n) for n in mentioned}
            )
            self.mentioned_tp += tp
            self.mentioned_fp += fp
            self.mentioned_fn += fn
        got_chair = normalize(readout.chair.name if readout.chair else "")
        want_chair = normalize(chair.name if chair else "")
        if got_chair == want_chair:
            self.chair_right += 1
        else:
            self.misses.append(f"{where} chair: got {got_chair or '-'}, want {want_chair or '-'}")
        if readout.date == date:
            self.date_right += 1
        else:
            self.misses.append(f"{where} date: got {readout.date}, want {date}")
        titled = [p for p in readout.attendees if p.title]
        self.titles += len(titled)
        self.titles_english += sum(1 for p in titled if p.title_en)
        wanted_titles = {normalize(p.name): normalize(p.title) for p in attendees}
        for person in readout.attendees:
            if (wanted := wanted_titles.get(normalize(person.name))) is not None:
                self.titles_found += 1
                self.titles_right += normalize(person.title) == wanted
        from jiyao.extraction import UNREAD_NAMES, flagged_names

        flagged, gold_names = flagged_names(readout.notes), _names(attendees)
        for person in readout.attendees:
            if normalize(person.name) in gold_names:
                self.names_right += 1
                self.names_right_flagged += person.name in flagged
            else:
                self.names_wrong += 1
                self.names_wrong_flagged += person.name in flagged
        tp, fp, fn = self._compare(f"{where} attendees", _names(readout.attendees), gold_names)
        self.attendees_tp += tp
        self.attendees_fp += fp
        self.attendees_fn += fn
        unread = sum(1 for note in readout.notes if UNREAD_NAMES in note)
        self.unread_notes += unread
        self.unread_notes_idle += unread if not fn else 0
        self.attendees_missed_noted += fn if unread else 0

    def _add_directives(self, got: list[Directive], want: list[Directive], where: str) -> None:
        found, by = directive_scores(got, want)
        self.directives_tp += found.tp
        self.directives_fp += found.fp
        self.directives_fn += found.fn
        judged = by.tp + by.fp
        self.directives_judged += judged
        self.directives_by_right += by.tp
        if found.missed or found.extra:
            self.misses.append(f"{where} directives: extra {list(found.extra)} missed {list(found.missed)}")
        for given, wanted in zip(by.extra, by.missed, strict=True):
            self.misses.append(f"{where} directive_by: got {given}, want {wanted}")

    def _compare(self, what: str, got: set[str], want: set[str]) -> tuple[int, int, int]:
        """True positives, false positives, misses; a line in ``misses`` when they differ."""
        if got != want:
            extra, missed = ",".join(sorted(got - want)), ",".join(sorted(want - got))
            self.misses.append(f"{what}: extra [{extra}] missed [{missed}]")
        return len(got & want), len(got - want), len(want - got)

    @property
    def cer_mean(self) -> float:
        return sum(self.cer) / len(self.cer) if self.cer else 0.0

    @property
    def cer_max(self) -> float:
        return max(self.cer, default=0.0)

    def rate(self, right: int) -> float:
        return right / self.variants if self.variants else 0.0

    @property
    def attendees_prf(self) -> tuple[float, float, float]:
        return _prf(self.attendees_tp, self.attendees_fp, self.attendees_fn)

    def figures(self) -> dict[str, float]:
        p, r, f1 = self.attendees_prf
        mentioned = (self.mentioned_tp, self.mentioned_fp, self.mentioned_fn)
        directives = (self.directives_tp, self.directives_fp, self.directives_fn)
        byte_loss = {"runs_restored": self.runs_restored / self.runs} if self.runs else {}
        if self.runs_whole:
            byte_loss["runs_restored_whole"] = self.runs_whole_restored / self.runs_whole
        if self.runs > self.runs_whole:
            partial = self.runs_restored - self.runs_whole_restored
            byte_loss["runs_restored_partial"] = partial / (self.runs - self.runs_whole)
        if self.runs_on_names:
            byte_loss["runs_restored_on_names"] = self.runs_on_names_restored / self.runs_on_names
        if self.runs > self.runs_on_names:
            off_names = self.runs_restored - self.runs_on_names_restored
            byte_loss["runs_restored_off_names"] = off_names / (self.runs - self.runs_on_names)
        if self.big5_runs:
            byte_loss["big5_runs_restored"] = self.big5_runs_restored / self.big5_runs
        if self.mbstring_runs:
            byte_loss["mbstring_runs_restored"] = self.mbstring_runs_restored / self.mbstring_runs
        if self.read_as_gbk_cer:
            byte_loss["read_as_gbk_cer_mean"] = sum(self.read_as_gbk_cer) / len(self.read_as_gbk_cer)
        if self.read_as_gbk_names:
            byte_loss["read_as_gbk_names_silent"] = self.read_as_gbk_names_silent / self.read_as_gbk_names
        if self.lost_whole_unmarked:
            byte_loss["lost_whole_unmarked"] = sum(self.lost_whole_unmarked) / len(self.lost_whole_unmarked)
        return {
            "cer_mean": self.cer_mean,
            "cer_max": self.cer_max,
            "cer_unmarked": sum(self.unmarked) / len(self.unmarked) if self.unmarked else 0.0,
            **byte_loss,
            "invented_repairs": float(self.invented),
            "chair": self.rate(self.chair_right),
            "date": self.rate(self.date_right),
            "attendees_precision": p,
            "attendees_recall": r,
            "attendees_f1": f1,
            **({"mentioned_f1": _prf(*mentioned)[2]} if any(mentioned) else {}),
            **({"directives_f1": _prf(*directives)[2]} if any(directives) else {}),
            **({"directive_by": self.directives_by_right / self.directives_judged} if self.directives_judged else {}),
            **({"titles": self.titles_right / self.titles_found} if self.titles_found else {}),
            **({"titles_english": self.titles_english / self.titles} if self.titles else {}),
            **({"names_wrong_flagged": self.names_wrong_flagged / self.names_wrong} if self.names_wrong else {}),
            **({"names_right_flagged": self.names_right_flagged / self.names_right} if self.names_right else {}),
            **(
                {"attendees_missed_noted": self.attendees_missed_noted / self.attendees_fn} if self.attendees_fn else {}
            ),
            **({"unread_notes_idle": self.unread_notes_idle / self.unread_notes} if self.unread_notes else {}),
        }


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def load_corpus(root: Path, split: str) -> list[CorpusDocument]:
    folder = root / split
    if not folder.is_dir():
        raise InputError(f"no corpus split {split!r}", path=folder)
    documents = []
    for label_path in sorted(folder.glob("*.json")):
        text_path = label_path.with_suffix(".txt")
        try:
            label = CorpusLabel.model_validate(json.loads(label_path.read_text(encoding="utf-8")))
            gold = text_path.read_text(encoding="utf-8").strip("\n")
        except (OSError, ValueError, ValidationError) as e:
            raise LabelError(f"cannot read corpus document: {e}", path=label_path) from e
        documents.append(CorpusDocument(label_path.stem, split, gold, label))
    if not documents:
        raise LabelError("no corpus documents (*.json beside *.txt)", path=folder)
    return documents


def variant_seeds(document: CorpusDocument, variants: int) -> Iterator[int]:
    base = zlib.crc32(f"{document.split}/{document.name}".encode())
    return (base * 100 + k for k in range(variants))


def _byte_repairs(report: CleanReport) -> int:
    return sum(1 for r in report.repairs if r.kind in _BYTE_REPAIRS)


def _names(people: list[Person]) -> set[str]:
    return {normalize(p.name) for p in people}


def people_of(label: CorpusLabel) -> frozenset[str]:
    """Everyone a report's label names: who a user following that government would know."""
    chair = [label.chair.name] if label.chair else []
    return frozenset([*chair, *(p.name for p in label.attendees), *label.mentioned])


def score_document(
    document: CorpusDocument,
    score: SplitScore,
    variants: int,
    read: Callable[[CleanReport], Readout],
    *,
    names_known: bool = False,
) -> None:
    """Add one document's variants to ``score``. ``names_known``: each report cleaned with
    the people its label names as the names given (``--names``)."""
    label, name = document.label, document.name
    people = people_of(label)
    clean = functools.partial(clean_text, names=people if names_known else ())
    score.documents += 1
    score.invented += _byte_repairs(clean(document.gold))
    score.invented += _byte_repairs(clean(indented_with_marks(document.gold)))
    _score_lost_whole(document.gold, score, clean)
    big5 = big5_page(document.gold)
    for seed in variant_seeds(document, variants):
        garbled = garble(document.gold, seed)
        report = clean(garbled.text)
        score.variants += 1
        score.add_text(report.text, document.gold)
        page = garble(document.gold, seed, only_run=-1).text  # the variant without its byte loss
        without = clean(page)
        score.invented += _byte_repairs(without)
        for run in range(garbled.runs):
            alone = clean(garble(document.gold, seed, only_run=run).text)
            restored = alone.text == without.text
            score.runs += 1
            score.runs_restored += restored
            score.runs_whole += garbled.whole[run]
            score.runs_whole_restored += garbled.whole[run] and restored
            on_name = takes_a_name(garbled.taken[run], people)
            score.runs_on_names += on_name
            score.runs_on_names_restored += on_name and restored
        _score_mbstring_runs(document.gold, seed, score, clean)
        _score_read_as_gbk(without.text, page, people, score, clean)
        if big5:
            _score_big5_runs(document.gold, seed, score, clean)
        where = f"{name}#{seed % 100}"
        score.add_reading(
            read(report), label.chair, label.date, label.attendees, where, label.mentioned, label.directives
        )


def takes_a_name(taken: tuple[str, str, str], people: frozenset[str]) -> bool:
    """Whether a run that took ``taken[1]`` (``taken``: before, taken, after) took a
    character of one of ``people``: the bytes of a name's character the run lost leave a
    choice no model of words can make (the report names them nowhere else, or the run is
    the only place), and the run is restored only where the text happens to pick right."""
    # Han characters only, in simplified script: a traditional page's readings glued after
    # a name's characters (蔣(jiǎng)麗華), whole or cut by the run's end, would hide it, and
    # the label and the page need not share a script.
    before, run, after = (to_simplified("".join(filter(is_han, part))) for part in taken)
    text, start, end = before + run + after, len(before), len(before) + len(run)
    for person in people:
        spelling = to_simplified(person)
        at = text.find(spelling)
        while at >= 0:
            if at < end and start < at + len(spelling):
                return True
            at = text.find(spelling, at + 1)
    return False


def indented_with_marks(gold: str, indent: str = "??") -> str:
    """``gold`` with each paragraph after its headline opened by ``indent`` (a page's
    ``&nbsp;&nbsp;`` written as ``??`` by GBK, which lacks U+00A0)."""
    headline, *paragraphs = gold.strip("\n").split("\n")
    return "\n".join([headline, *(indent + paragraph for paragraph in paragraphs)])


def big5_page(gold: str) -> bool:
    """Whether the gold could be a Big5 page: traditional, and every character in Big5."""
    try:
        gold.encode("big5")
    except UnicodeEncodeError:
        return False
    return to_simplified(gold) != gold


def _score_big5_runs(gold: str, seed: int, score: SplitScore, clean: Callable[[str], CleanReport]) -> None:
    """The variant's runs as a Big5 page's, each alone: restored when it cleans as without
    (and the page without them must be left as it is: invented repairs)."""
    runs = garble(gold, seed, encoding="big5").runs
    if not runs:
        return
    without_report = clean(garble(gold, seed, only_run=-1, encoding="big5").text)
    score.invented += _byte_repairs(without_report)
    without = without_report.text
    for run in range(runs):
        alone = clean(garble(gold, seed, only_run=run, encoding="big5").text)
        score.big5_runs += 1
        score.big5_runs_restored += alone.text == without


def _score_mbstring_runs(gold: str, seed: int, score: SplitScore, clean: Callable[[str], CleanReport]) -> None:
    """The variant's GBK runs as PHP's mbstring reads them, each alone, where that differs
    (a run that met an ASCII byte): restored when it cleans as without."""
    garbled = garble(gold, seed, encoding="gbk-mbstring")
    python = garble(gold, seed)
    if garbled.text == python.text:
        return
    without = clean(garble(gold, seed, only_run=-1).text).text
    for run in range(garbled.runs):
        alone = garble(gold, seed, only_run=run, encoding="gbk-mbstring").text
        if alone == garble(gold, seed, only_run=run).text:
            continue  # the same run either way: scored with the others
        score.mbstring_runs += 1
        score.mbstring_runs_restored += clean(alone).text == without


def _score_read_as_gbk(
    cleaned: str, page: str, people: frozenset[str], score: SplitScore, clean: Callable[[str], CleanReport]
) -> None:
    """``page`` (a variant without byte loss, ``cleaned`` its cleaning) as UTF-8 a scraper
    decoded as GBK: its CER, and its people's names silently wrong. A page refused counts
    as all wrong."""
    from jiyao.cleaning.loss_marks import LOST_CHARACTER

    for codec in ("gb18030", "gbk"):
        try:
            text = clean(page.encode("utf-8").decode(codec, errors="replace")).text
        except JiyaoError:
            text = ""
        score.read_as_gbk_cer.append(min(1.0, character_error_rate(text, cleaned)))
        for name in people:
            held = cleaned.count(name)
            marked = len(re.findall("".join(f"[{re.escape(c)}{LOST_CHARACTER}]" for c in name), text))
            score.read_as_gbk_names += held
            score.read_as_gbk_names_silent += max(0, held - marked)


def _score_lost_whole(gold: str, score: SplitScore, clean: Callable[[str], CleanReport]) -> None:
    """``gold`` saved in the other script's charset, each character it lacks written ``?``:
    the share of it shown wrong, not marked □."""
    charset = "big5" if to_simplified(gold) == gold else "gb2312"
    page = gold.encode(charset, errors="replace").decode(charset)
    if page == gold:
        return
    try:
        cleaned = clean(page).text
    except JiyaoError:
        return  # refused, saying why: nothing shown wrong
    score.lost_whole_unmarked.append(unmarked_error_rate(cleaned, gold))


def score_split(
    root: Path,
    split: str,
    *,
    variants: int = 3,
    read: Callable[[CleanReport], Readout] | None = None,
    on_document: Callable[[str], None] | None = None,
    names_known: bool = False,
) -> SplitScore:
    if read is None:
        from jiyao.extraction import extract_offline

        read = extract_offline
    score = SplitScore(split)
    for document in load_corpus(root, split):
        score_document(document, score, variants, read, names_known=names_known)
        if on_document is not None:
            on_document(document.name)
    return score


def score_seeds(seeds_dir: Path, gold_dir: Path, labels_dir: Path) -> SplitScore:
    """The same figures on the five seeds (raw as received, hand-cleaned gold, labels):
    in-sample — the rules were written while reading them."""
    from jiyao.cleaning import clean_file
    from jiyao.evaluation.runner import load_labels
    from jiyao.extraction import extract_offline

    score = SplitScore("seeds")
    for name, label in load_labels(labels_dir).items():
        gold_path = gold_dir / f"{name}.txt"
        if not gold_path.is_file():
            raise InputError(f"no gold clean text for seed {name}", path=gold_path)
        report = clean_file(seeds_dir / f"{name}.txt")
        score.documents += 1
        score.variants += 1
        score.add_text(report.text, gold_path.read_text(encoding="utf-8").strip("\n"))
        readout = extract_offline(report)
        score.add_reading(readout, label.chair, label.date, label.attendees, name, directives=label.directives)
    return score


# Figures where lower is better; the others are rates where higher is.
LOWER_IS_BETTER = frozenset(
    {
        "cer_mean",
        "cer_max",
        "cer_unmarked",
        "read_as_gbk_cer_mean",
        "read_as_gbk_names_silent",
        "lost_whole_unmarked",
        "invented_repairs",
        "names_right_flagged",
        "unread_notes_idle",
    }
)


def regressions(
    current: dict[str, dict[str, float]], baseline: dict[str, dict[str, float]], tolerance: float
) -> list[str]:
    """One line per figure that got worse than the baseline by more than ``tolerance``."""
    lines = []
    for split, figures in current.items():
        for name, value in figures.items():
            before = baseline.get(split, {}).get(name)
            if before is None:
                continue
            worse = value - before if name in LOWER_IS_BETTER else before - value
            if worse > tolerance + 1e-9:
                lines.append(f"{split} {name}: {before:.4f} -> {value:.4f}")
    return lines
