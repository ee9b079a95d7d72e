"""The verdict's SLO table: per SLO of slo/shlink.yaml, whether the run stayed inside it and what share of
the SLO's 30-day error budget the run's bad events would represent at the design load.

Bad events as the run saw them: availability, a failed request (`http_req_failed`: any status k6 does
not expect, so stricter than the SLI's 5xx); latency, a request slower than the SLO threshold
(`slo_slow`, counted by scenario.js from the spec). The budget in events is
(1 - target) x the design rate of the route (model.derive_rates: average creations or redirects per second)
x the SLO window."""

from __future__ import annotations

from slospec.model import SloSpec, load_spec

from k6harness.model import derive_rates
from k6harness.slo import K6_TYPES

WINDOW_S = {"30d": 30 * 86400}
DESIGN_RATE = {"redirect": "redirect_avg", "create": "creation_avg"}


def _rate_counts(summary: dict | None, metric: str) -> tuple[int, int]:
    """(true samples, all samples) of a k6 Rate (sub)metric; (0, 0) when k6 did not report it."""
    v = ((summary or {}).get("metrics", {}).get(metric) or {}).get("values") or {}
    passes, fails = int(v.get("passes", 0)), int(v.get("fails", 0))
    return passes, passes + fails


def slo_rows(summary: dict | None, expected: dict[str, float], spec: SloSpec | None = None) -> list[dict]:
    """One row per SLO: requests, bad, bad share, allowed share, inside (None: not exercised), budget share."""
    spec = spec or load_spec()
    rates = derive_rates()
    rows = []
    for s in spec.slos:
        metric = "http_req_failed" if s.sli.kind == "availability" else "slo_slow"
        types = [t for t in K6_TYPES[s.sli.route] if expected.get(t, 0) > 0]
        bad = total = 0
        for t in types:
            b, n = _rate_counts(summary, f"{metric}{{type:{t}}}")
            bad, total = bad + b, total + n
        budget_events = s.error_budget * rates[DESIGN_RATE[s.sli.route]] * WINDOW_S[spec.window]
        rows.append({"slo": s.name, "target": s.target, "requests": total, "bad": bad,
                     "share": bad / total if total else None, "allowed": s.error_budget,
                     "inside": (bad / total <= s.error_budget) if total else None,
                     "budget_share": bad / budget_events})
    return rows


def lines(summary: dict | None, expected: dict[str, float], spec: SloSpec | None = None) -> list[str]:
    spec = spec or load_spec()
    out = ["", f"SLOs of `slo/shlink.yaml` ({spec.window} window): did the run stay inside, and how much of the "
           f"{spec.window} error budget (at the design load) would its bad events spend?", "",
           "| SLO | objective | requests | bad | bad share | inside | share of the error budget |",
           "| --- | --- | --- | --- | --- | --- | --- |"]
    for r, s in zip(slo_rows(summary, expected, spec), spec.slos):
        objective = (f"{s.target:.4g} non-5xx" if s.sli.kind == "availability"
                     else f"{s.target:.4g} within {s.sli.threshold_ms:g} ms")
        inside = "not exercised" if r["inside"] is None else "yes" if r["inside"] else "NO"
        share = "n/a" if r["share"] is None else f"{r['share']:.3%}"
        out.append(f"| {s.name} | {objective} | {r['requests']} | {r['bad']} | {share} | {inside} | "
                   f"{r['budget_share']:.4%} |")
    return out
