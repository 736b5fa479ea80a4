"""A report's date, and the year its page gives it.

Most reports date their meeting by month and day alone (``10月28日``), and a readout
then says ``--10-28``. The page they were scraped from often says when it was
published (``發布時間：2024-10-28``, read by the cleaner into ``Byline.published``).
A meeting is reported after it is held, so its year is the page's — or the year
before, when its month and day come later in the year than the page's (a meeting of
30 December published on 2 January). The readout says where the year came from.
"""

from __future__ import annotations

import datetime

from jiyao.schemas import Readout


def with_year(readout: Readout, published: str | None) -> Readout:
    """``readout`` with the year of its ``--MM-DD`` date taken from ``published``
    (``YYYY-MM-DD``); unchanged when either is missing or the date has its year."""
    if not published or not readout.date or not readout.date.startswith("--"):
        return readout
    month_day = readout.date[2:]
    year = int(published[:4]) - (month_day > published[5:])
    try:
        date = datetime.date.fromisoformat(f"{year:04d}-{month_day}").isoformat()
    except ValueError:
        return readout  # 29 February of a year that has none: the page's date is no help
    note = f"the date's year is from the page's publication date ({published}); the report gives none"
    return readout.model_copy(update={"date": date, "notes": [*readout.notes, note]})
