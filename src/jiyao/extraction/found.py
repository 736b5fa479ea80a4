"""A value the rules found, with the span of the text that supports it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Found:
    """A value and the span of the text that supports it."""

    value: str
    start: int
    end: int
    # A stretch inside the span that the value leaves out (召开 between an organ and its
    # meeting: 县领导小组召开第十二次会议 → 县领导小组第十二次会议).
    skip: tuple[int, int] | None = None

    def of(self, text: str) -> str:
        """The value as ``text`` writes it (the same span in the report's own script)."""
        if self.skip is None:
            return text[self.start : self.end]
        return text[self.start : self.skip[0]] + text[self.skip[1] : self.end]
