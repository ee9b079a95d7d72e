"""Compares the gate's verdicts with admission's and renders the report ending in `agree N / N`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Outcome:
    label: str
    level: str
    gate: str
    admission: str

    @property
    def agree(self) -> bool:
        return self.gate == self.admission


def render(outcomes: list[Outcome]) -> tuple[str, bool]:
    """(report text, all agree). Each disagreement is one line; the last line is `agree N / N`."""
    lines = [f"DIFFER {o.label} at {o.level}: gate {o.gate}, admission {o.admission}"
             for o in outcomes if not o.agree]
    agree = sum(o.agree for o in outcomes)
    lines.append(f"admission parity: agree {agree} / {len(outcomes)}")
    return "\n".join(lines), bool(outcomes) and agree == len(outcomes)
