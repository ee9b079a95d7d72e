"""Exceptions: a named rule waived for one resource, with a mandatory reason and expiry date.

The gate's own findings use the same three-part id scheme as the policies, `gate.<part>.<check>`
(`<part>` is the gate module that raises it): `gate.waiver.expired`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from policygate.engine import Finding

DEFAULT_FILE = Path(__file__).resolve().parents[1] / "exceptions.yaml"
WAIVER_EXPIRED = "gate.waiver.expired"


@dataclass(frozen=True)
class Waiver:
    """One entry of the exceptions file: `rule` waived for `resource` until `expires` (inclusive), because `reason`."""

    rule: str
    resource: str
    reason: str
    expires: dt.date

    def matches(self, f: Finding) -> bool:
        return f.rule == self.rule and f.resource == self.resource


def load_exceptions(path: Path) -> list[Waiver]:
    """Parse the exceptions file; a missing field or bad date is a one-line ValueError."""
    if not path.exists():
        return []
    data = yaml.safe_load(path.read_text()) or {}
    out = []
    for i, e in enumerate(data.get("exceptions") or []):
        for field in ("rule", "resource", "reason", "expires"):
            if not e.get(field):
                raise ValueError(f"{path}: exceptions[{i}].{field} is required")
        expires = e["expires"]
        if not isinstance(expires, dt.date):
            try:
                expires = dt.date.fromisoformat(str(expires))
            except ValueError:
                raise ValueError(f"{path}: exceptions[{i}].expires {expires!r} is not a YYYY-MM-DD date") from None
        out.append(Waiver(e["rule"], e["resource"], e["reason"], expires))
    return out


def apply_exceptions(findings: list[Finding], exceptions: list[Waiver], today: dt.date) -> tuple[list[Finding], list[Finding]]:
    """(kept findings incl. expired-exception denials, excepted findings).

    `expires` is the last day an exception holds: on that day (UTC, see cli) it still waives, from the
    next day on it turns the finding into WAIVER_EXPIRED."""
    kept, excepted = [], []
    for f in findings:
        match = next((e for e in exceptions if e.matches(f)), None)
        if match is None:
            kept.append(f)
        elif match.expires < today:
            kept.append(Finding("deny", WAIVER_EXPIRED,
                                f"{f.resource}: exception for {f.rule} expired on {match.expires}; fix the finding "
                                f"or renew the exception ({match.reason})", f.path, f.resource, f.policy))
        else:
            excepted.append(f)
    return kept, excepted
