"""How figures read in every view (CLI, TUI, briefing): one wording, one rounding."""

from __future__ import annotations

from ach.estimative import CEILING, FLOOR


def percent(p: float) -> str:
    """A probability as a percentage that never claims certainty it does not have:
    held within 1–99 % (ACH-METHOD.md "Estimative language")."""
    if p > CEILING:
        return f">{CEILING:.0%}"
    if p < FLOOR:
        return f"<{FLOOR:.0%}"
    return f"{p:.1%}"


def score(value: float) -> str:
    """An inconsistency score: whole numbers stay whole, others get two decimals."""
    return f"{value:.0f}" if abs(value - round(value)) < 1e-9 else f"{value:.2f}"


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    return f"{count} {noun if count == 1 else (plural_form or noun + 's')}"
