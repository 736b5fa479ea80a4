"""A PDF's text layer read as the report: notices and minutes are published as PDFs more
than as anything else, and a user should not need another tool first.

The pages' text is read with pypdf (pure Python), page after page; what a PDF's text
brings with it — page numbers between the lines, lines broken at the page's width,
headings spaced out a character at a time — the cleaner's passes for a PDF's text undo
(:mod:`.wrapping`), as for text another tool extracted. A PDF whose pages are pictures
(a scan) has no text to read, and says so; so does one that needs a password.

pypdf reads what it is given however damaged, and a damaged or hostile file may make it
raise anything at all: every failure is this module's :class:`UnreadablePdf`, and a file
of more than :data:`MAX_PAGES` pages is refused before its pages are read, and the
report's time budget is checked as the pages' operators are read (a page of a hostile
file may take seconds).

pypdf logs each repair it makes to a damaged file (``Ignoring wrong pointing object``):
the host's logging decides what of it to show — jiyao's command line and service show
none; a library must not set another library's logging for its host.
"""

from __future__ import annotations

import io
import itertools
from typing import Any

from jiyao import deadline
from jiyao.errors import JiyaoError, TimeBudgetError

MAX_PAGES = 2000
# How often a page's reading looks at the time budget: a page of a hostile file may hold
# millions of operators, or forms drawn from it holding millions more (seconds each).
_OPERATORS_PER_CHECK = 256


class UnreadablePdf(Exception):
    """A PDF jiyao cannot read a report from; the message says why and what to do."""


def pdf_text(data: bytes) -> str:
    """The text of the PDF's pages, a page after another. Raises :class:`UnreadablePdf`."""
    from pypdf import PdfReader  # ~0.1 s, for a PDF only

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):  # "protected" often means no user password
            raise UnreadablePdf("a password-protected PDF: open it, save it without a password, and give jiyao that")
        if len(reader.pages) > MAX_PAGES:
            raise UnreadablePdf(f"a PDF of {len(reader.pages):,} pages (jiyao reads at most {MAX_PAGES:,})")
        pages = [_page_text(page) for page in reader.pages]
    except (UnreadablePdf, JiyaoError):
        raise
    except _OutOfTime as stop:
        raise stop.error from None
    except Exception as e:  # a third party's parser on hostile bytes: anything may come out
        raise UnreadablePdf(f"a damaged PDF ({type(e).__name__}: {e})") from e
    text = "\n".join(page.strip("\n") for page in pages)
    if not text.strip():
        raise UnreadablePdf("a PDF with no text in it (its pages are pictures: a scan?): run OCR on it first")
    return text + "\n"


class _OutOfTime(BaseException):
    """The time budget spent inside pypdf, which catches any Exception a form's reading
    raises and reads on (a page of a thousand forms would be read to its end, less the
    forms): it lets this one through."""

    def __init__(self, error: TimeBudgetError) -> None:
        self.error = error


def _page_text(page: Any) -> str:
    """A page's text, the report's time budget checked as its operators are read."""
    read = itertools.count()

    def on_operator(*_: object) -> None:
        if next(read) % _OPERATORS_PER_CHECK == 0:
            try:
                deadline.check()
            except TimeBudgetError as e:
                raise _OutOfTime(e) from None

    return page.extract_text(visitor_operand_before=on_operator) or ""
