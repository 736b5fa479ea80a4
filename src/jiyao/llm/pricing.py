"""What a model costs per million tokens: the user's settings, else the maintained table of
``genai-prices`` by model name, else unknown (None) — never a silent $0."""

from __future__ import annotations

import functools
from dataclasses import dataclass

from jiyao.settings import Settings


@dataclass(frozen=True)
class Price:
    input: float  # dollars per million input tokens
    output: float
    source: str


def price_for(settings: Settings) -> Price | None:
    if settings.price_input is not None or settings.price_output is not None:
        return Price(settings.price_input or 0.0, settings.price_output or 0.0, "settings")
    return _table_price(settings.model) if settings.model else None


@functools.cache
def _table_price(model: str) -> Price | None:
    try:
        from genai_prices import Usage, calc_price

        calc = calc_price(Usage(input_tokens=1_000_000, output_tokens=1_000_000), model_ref=model)
    except (LookupError, ValueError, ImportError):
        return None
    return Price(float(calc.input_price), float(calc.output_price), "genai-prices")
