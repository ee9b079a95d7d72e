"""Exceptions: a named rule waived for one resource, with a mandatory reason and expiry date.

The gate's own findings use the same three-part id scheme as the policies, `gate.<part>.<check>`
(`<part>` is the gate module that raises it): `gate.waiver.expired`."""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path

import yaml

from policygate.engine import Finding, known_rules

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


def load_exceptions(path: Path, rules: set[str] | None = None) -> list[Waiver]:
    """Parse the exceptions file; a missing field, a bad date or a rule id no policy emits (`rules`, default
    every policy's) is a one-line ValueError."""
    if not path.exists():
        return []
    rules = known_rules() if rules is None else rules
    data = yaml.safe_load(path.read_text()) or {}
    if not isinstance(data, dict) or not isinstance(data.get("exceptions") or [], list):
        raise ValueError(f"{path}: expected a mapping with an `exceptions` list")
    out = []
    for i, e in enumerate(data.get("exceptions") or []):
        if not isinstance(e, dict):
            raise ValueError(f"{path}: exceptions[{i}] is not a mapping (rule, resource, reason, expires)")
        for field in ("rule", "resource", "reason", "expires"):
            if not e.get(field):
                raise ValueError(f"{path}: exceptions[{i}].{field} is required")
        if e["rule"] not in rules:
            near = difflib.get_close_matches(str(e["rule"]), rules, n=1)
            hint = f"did you mean {near[0]}?" if near else "ids are <domain>.<policy>.<check>"
            raise ValueError(f"{path}: exceptions[{i}].rule {e['rule']!r} is not a rule id any policy emits; {hint}")
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
