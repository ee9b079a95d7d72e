"""SLOs per scenario as a typed model, derived from the seed's thresholds (seed.SEED_THRESHOLDS) and the
service's SLO spec (slo/shlink.yaml, the one the Prometheus rules are generated from).

Defaults are the seed's values, unchanged. The SLO-shaped ones come from the spec: the per-type `p(95)` of
`http_req_duration{type:redirect|creation}` is the latency SLO (p(100 x target) < threshold), the overall
`http_req_failed` rate is the availability SLOs' error budget, each times the scenario's load factor
(`LOAD_FACTORS`); perf/tests/slo_spec_test.py proves the spec reproduces the seed's numbers. On top of them the harness adds, per request stream with
planned traffic: `http_req_failed{type:T}` (the scenario's overall failure budget, per stream),
`checks{type:T} rate>0.99` and a `dropped_iterations{scenario:T}` budget (see plan.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from slospec.model import SloSpec as ServiceSlos
from slospec.model import load_spec

from k6harness.seed import SEED, SEED_THRESHOLDS

CHECKS_RATE = 0.99  # per-stream share of requests that must pass their check
DROPPED_BUDGET = 0.005  # per-stream share of planned iterations k6 may drop


@dataclass(frozen=True)
class Objective:
    """One k6 threshold: `metric` (optionally tagged) must satisfy `stat op value`."""

    metric: str
    stat: str  # p(95), p(99), rate, count
    op: str  # < <= > >=
    value: float
    tag: str | None = None  # request type the metric is restricted to
    scales_with_rate: bool = False  # throughput objectives follow --rate-scale

    @property
    def k6_metric(self) -> str:
        return f"{self.metric}{{type:{self.tag}}}" if self.tag else self.metric

    def expression(self, rate_scale: float = 1.0) -> str:
        value = self.value * rate_scale if self.scales_with_rate else self.value
        return f"{self.stat}{self.op}{value:g}"


@dataclass(frozen=True)
class SloSpec:
    scenario: str
    objectives: tuple[Objective, ...]
    checks_rate: float = CHECKS_RATE
    dropped_iterations_budget: float = DROPPED_BUDGET
    slow_ms: dict[str, float] | None = None  # k6 type -> the latency SLO's threshold (scenario.js counts slo_slow)

    @property
    def failure_budget(self) -> float:
        """The scenario's overall `http_req_failed` rate bound, applied to each stream too."""
        return next(o.value for o in self.objectives if o.metric == "http_req_failed" and o.tag is None)


_METRIC = re.compile(r"^(?P<metric>[a-z_]+)(?:\{type:(?P<tag>[a-z]+)\})?$")
_EXPR = re.compile(r"^(?P<stat>[a-z]+(?:\([\d.]+\))?)(?P<op><=|>=|<|>)(?P<value>[\d.]+)$")


def parse(metric: str, expression: str) -> Objective:
    m, e = _METRIC.match(metric), _EXPR.match(expression)
    if not m or not e:
        raise ValueError(f"unparsable threshold {metric}: {expression}")
    return Objective(m["metric"], e["stat"], e["op"], float(e["value"]), m["tag"],
                     scales_with_rate=m["metric"] == "http_reqs" and e["stat"] == "rate")


# SLO route (slo/shlink.yaml) -> the k6 request types that hit it; the first one carries the seed's threshold.
K6_TYPES = {"redirect": ("redirect", "viral"), "create": ("creation",)}
# The traffic model's load multipliers: how much looser than the SLO each scenario may run (1 when absent),
# per SLO name, on the latency threshold or the error budget. Baseline is the SLO itself.
LOAD_FACTORS: dict[str, dict[str, float]] = {
    "peak": {"redirect-latency": 1.5, "create-latency": 1.6, "redirect-availability": 2, "create-availability": 2},
    "viral": {"redirect-latency": 3, "create-latency": 3, "redirect-availability": 5, "create-availability": 5},
}


def _from_spec(scenario: str, o: Objective, spec: ServiceSlos) -> Objective:
    """`o` as the SLO spec sets it for `scenario`, or `o` unchanged when it is not SLO-shaped."""
    factors = LOAD_FACTORS.get(scenario, {})
    if o.metric == "http_req_duration" and o.stat == "p(95)" and o.tag:
        route = next((r for r, types in K6_TYPES.items() if types[0] == o.tag), None)
        s = spec.for_sli("latency", route) if route else None
        if s:
            return Objective(o.metric, f"p({round(s.target * 100, 6):g})", "<",
                             round(s.sli.threshold_ms * factors.get(s.name, 1), 6), o.tag)
    if o.metric == "http_req_failed" and o.stat == "rate" and o.tag is None:
        avail = [s for s in spec.slos if s.sli.kind == "availability"]
        if avail:  # one k6 bound for every stream: the tightest budget
            return Objective(o.metric, "rate", "<", min(round(s.error_budget * factors.get(s.name, 1), 9) for s in avail))
    return o


def from_seed(scenario: str, spec: ServiceSlos | None = None) -> SloSpec:
    spec = spec or load_spec()
    table = SEED_THRESHOLDS[scenario]
    objectives = tuple(_from_spec(scenario, parse(metric, expr), spec) for metric, exprs in table.items() for expr in exprs)
    types = {st.tag for st in SEED[scenario].streams}
    slow = {t: s.sli.threshold_ms for s in spec.slos if s.sli.kind == "latency"
            for t in K6_TYPES[s.sli.route] if t in types}
    # Exposers so k6 reports slo_slow per type for the verdict's SLO table.
    objectives += tuple(Objective("slo_slow", "rate", ">=", 0, t) for t in sorted(slow))
    return SloSpec(scenario, objectives, slow_ms=slow)


SLOS: dict[str, SloSpec] = {name: from_seed(name) for name in SEED_THRESHOLDS}
