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
import re

from jiyao.schemas import Readout


def with_year(readout: Readout, published: str | None) -> Readout:
    """``readout`` with the year of its ``--MM-DD`` date taken from ``published``
    (``YYYY-MM-DD``), or else from the meeting's name where it numbers the meeting within
    a year (:func:`year_named`); unchanged when the date has its year or none is given."""
    if not readout.date or not readout.date.startswith("--"):
        return readout
    month_day = readout.date[2:]
    if not published:
        return _with_named_year(readout, month_day)
    year = int(published[:4]) - (month_day > published[5:])
    try:
        date = datetime.date.fromisoformat(f"{year:04d}-{month_day}").isoformat()
    except ValueError:
        return readout  # 29 February of a year that has none: the page's date is no help
    note = f"the date's year is from the page's publication date ({published}); the report gives none"
    return readout.model_copy(update={"date": date, "notes": [*readout.notes, note]})


# A meeting numbered within its year, or a quarter's review: 2024年第八次集体学习,
# 2024年第15次常务会议, 2024年第三季度经济运行分析会. Not 2024年度 (a year's democratic life
# meeting or review is held in the next one's first months as often as in its last), nor
# a bare 2025年全县工作会议 (a year's work is planned in the December before as well).
_NUMBERED_IN_YEAR = re.compile(r"((?:19|20)\d\d)年第([一二三四五六七八九十百\d]+)(次|季度)")
_QUARTERS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def year_named(name: str, month: int) -> int | None:
    """The year a meeting of ``month`` was held in, from its name: the year that numbers it
    (第八次), or that of the quarter it reviews — the next year's when it meets in a month
    before that quarter's first (2024年第四季度…分析会 meeting in January: 2025)."""
    found = _NUMBERED_IN_YEAR.search(name)
    if found is None:
        return None
    year, number, unit = int(found.group(1)), found.group(2), found.group(3)
    if unit == "次":
        return year
    quarter = _QUARTERS.get(number)
    if quarter is None:
        return None
    return year if month >= 3 * quarter - 2 else year + 1


def _with_named_year(readout: Readout, month_day: str) -> Readout:
    for name in (readout.meeting, readout.title):
        year = year_named(name or "", int(month_day[:2]))
        if year is None:
            continue
        try:
            date = datetime.date.fromisoformat(f"{year:04d}-{month_day}").isoformat()
        except ValueError:
            return readout
        note = f"the date's year is from the meeting's name ({name}); the report gives none"
        return readout.model_copy(update={"date": date, "notes": [*readout.notes, note]})
    return readout
