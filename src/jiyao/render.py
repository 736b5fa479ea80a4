"""Human-readable output for the CLI: readouts as text, eval results as tables."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jiyao.schemas import PERSONNEL_EN, Person, Readout

if TYPE_CHECKING:
    from jiyao.evaluation.runner import EvalRun, FieldDelta


def _person(p: Person) -> str:
    english = ", ".join(x for x in (p.name_en, p.title_en) if x)
    title = f"{p.title} " if p.title else ""
    return f"{title}{p.name}" + (f" ({english})" if english else "")


def _meeting(meeting: str | None) -> str:
    from jiyao.meeting_names import meeting_en

    english = meeting_en(meeting) if meeting else None
    return f"{meeting} ({english})" if english else meeting or "-"


def readout_as_text(r: Readout) -> str:
    """The readout for people to read: each directive says who gave it (``Directive.by``)."""
    lines = []
    if r.title:
        lines.append(r.title)
    when = " ".join(x for x in (r.date, r.time_of_day) if x)
    if not r.date and r.time_of_day:  # 昨日上午 on an undated page: a time of day is no date
        when = f"- ({r.time_of_day})"
    place = " ".join(x for x in (r.location, f"({r.location_en})" if r.location_en else None) if x)
    lines += [
        f"Date:      {when or '-'}",
        f"Place:     {place or '-'}",
        *([f"Venue:     {r.venue}" + (f" ({r.venue_en})" if r.venue_en else "")] if r.venue else []),
        f"Meeting:   {_meeting(r.meeting)}" + (f" [{r.format}]" if r.format != "unknown" else ""),
        f"Chair:     {_person(r.chair) if r.chair else '-'}",
        "Speakers:  " + ("; ".join(_person(p) for p in r.speakers) or "-"),
        f"Attendees ({len(r.attendees)}):",
        *(f"  - {_person(p)}" for p in r.attendees),
    ]
    if r.mentioned:
        lines.append("Named, not present: " + "; ".join(_person(p) for p in r.mentioned))
    for decision in r.personnel:
        lines.append(f"{PERSONNEL_EN[decision.action] + ':':10} {_person(decision.person)}")
    if r.directives:
        lines.append("Directives:")
        lines += [
            f"  {i}. " + (f"({d.by}) " if d.by else "") + d.text_zh + (f" — {d.text_en}" if d.text_en else "")
            for i, d in enumerate(r.directives, 1)
        ]
    if r.slogans:
        lines.append("Slogans:   " + "；".join(r.slogans))
    for t in r.targets:
        lines.append(f"Target:    {t.value}" + (f" = {t.meaning}" if t.meaning else ""))
    byline = ", ".join(
        f"{k} {v}" for k, v in (("outlet", r.outlet), ("reporter", r.reporter), ("editor", r.editor)) if v
    )
    if byline:
        lines.append(f"Byline:    {byline}")
    if r.summary_en:
        lines += ["", r.summary_en]
    lines += [f"Note: {n}" for n in r.notes]
    return "\n".join(lines) + "\n"


def _fmt_delta(delta: FieldDelta | None) -> str:
    if delta is None or delta.delta is None:
        return ""
    if abs(delta.delta) < 1e-9:
        return "="
    colour = "green" if delta.delta > 0 else "red"
    return f"[{colour}]{delta.delta:+.3f}[/{colour}]"


def eval_tables(
    run: EvalRun,
    deltas: list[FieldDelta] | None,
    document_deltas: dict[str, list[FieldDelta]] | None,
    by_document: bool,
) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    from jiyao.evaluation.scoring import HOW_TO_READ

    table = Table(title=f"jiyao eval — engine {run.engine}, {len(run.documents)} documents", caption=HOW_TO_READ)
    for column in ("field", "precision", "recall", "F1", "TP", "FP", "FN", "Δ vs baseline"):
        table.add_column(column, justify="left" if column == "field" else "right")
    by_field = {d.field: d for d in deltas or []}
    for name, score in run.field_means().items():
        table.add_row(
            name,
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            str(score.tp),
            str(score.fp),
            str(score.fn),
            _fmt_delta(by_field.get(name)),
        )
    console.print(table)
    if not by_document:
        return
    for doc in run.documents:
        doc_table = Table(title=doc.document)
        for column in ("field", "F1", "Δ"):
            doc_table.add_column(column, justify="left" if column == "field" else "right")
        doc_deltas = {d.field: d for d in (document_deltas or {}).get(doc.document, [])}
        for name, score in doc.scores.items():
            doc_table.add_row(name, f"{score.f1:.3f}", _fmt_delta(doc_deltas.get(name)))
        console.print(doc_table)


_CORPUS_ROWS = (
    ("cer_mean", "CER, mean", "{:.2%}"),
    ("cer_max", "CER, worst variant", "{:.2%}"),
    ("cer_unmarked", "  of the mean, characters not marked □", "{:.2%}"),
    ("runs_restored", "byte-loss runs restored", "{:.1%}"),
    ("runs_restored_whole", "  of them, lead byte lost only", "{:.1%}"),
    ("runs_restored_partial", "  of them, more bytes lost", "{:.1%}"),
    ("runs_restored_on_names", "  of them, on a person's name", "{:.1%}"),
    ("runs_restored_off_names", "  of them, off names", "{:.1%}"),
    ("big5_runs_restored", "Big5 byte-loss runs restored", "{:.1%}"),
    ("mbstring_runs_restored", "runs as PHP's mbstring reads them, restored", "{:.1%}"),
    ("read_as_gbk_cer_mean", "without byte loss, UTF-8 read as GBK: CER, mean", "{:.2%}"),
    ("read_as_gbk_names_silent", "  people's names read wrong, not marked □", "{:.1%}"),
    ("lost_whole_unmarked", "? for characters a charset lacks: wrong, not □", "{:.1%}"),
    ("invented_repairs", "invented repairs (clean text)", "{:.0f}"),
    ("chair", "chair correct", "{:.3f}"),
    ("date", "date correct", "{:.3f}"),
    ("attendees_precision", "attendees precision", "{:.3f}"),
    ("attendees_recall", "attendees recall", "{:.3f}"),
    ("attendees_f1", "attendees F1", "{:.3f}"),
    ("mentioned_f1", "named, not present: F1", "{:.3f}"),
    ("directives_f1", "directives F1", "{:.3f}"),
    ("directive_by", "directives credited to the right speaker", "{:.3f}"),
    ("titles", "attendees' titles correct", "{:.3f}"),
    ("titles_english", "titles given in English", "{:.1%}"),
    ("names_wrong_flagged", "wrong names flagged (damaged bytes)", "{:.1%}"),
    ("names_right_flagged", "right names flagged all the same", "{:.1%}"),
    ("attendees_missed_noted", "missed attendees a note points to (name unread)", "{:.1%}"),
    ("unread_notes_idle", "  such notes where no one was missed", "{:.1%}"),
)


def corpus_table(figures: dict[str, dict[str, float]], sizes: dict[str, str]) -> None:
    """One column per split (seeds, dev, test), one row per figure."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title="jiyao eval corpus — offline engine on garbled reports")
    table.add_column("figure")
    for split in figures:
        table.add_column(f"{split}\n{sizes[split]}", justify="right")
    for key, label, fmt in _CORPUS_ROWS:
        table.add_row(label, *(fmt.format(f[key]) if key in f else "–" for f in figures.values()))
    Console().print(table)
