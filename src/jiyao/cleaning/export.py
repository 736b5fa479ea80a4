"""A :class:`CleanReport` as plain JSON-ready data."""

from __future__ import annotations

import dataclasses
from typing import Any

from jiyao.cleaning.model import CleanReport


def report_to_dict(report: CleanReport) -> dict[str, Any]:
    data = dataclasses.asdict(report)
    data["repairs"] = [{**r, "kind": str(r["kind"])} for r in data["repairs"]]
    data["text"] = report.text
    if data["not_one_report"] is None:
        del data["not_one_report"]  # set only on a text the edges refuse
    return data
