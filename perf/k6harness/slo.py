"""SLOs per scenario as a typed model, derived from the seed's thresholds (seed.SEED_THRESHOLDS).

Defaults are the seed's values, unchanged. On top of them the harness adds, per request stream with
planned traffic: `http_req_failed{type:T}` (the scenario's overall failure budget, per stream),
`checks{type:T} rate>0.99` and a `dropped_iterations{scenario:T}` budget (see plan.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from k6harness.seed import SEED_THRESHOLDS

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


def from_seed(scenario: str) -> SloSpec:
    table = SEED_THRESHOLDS[scenario]
    return SloSpec(scenario, tuple(parse(metric, expr) for metric, exprs in table.items() for expr in exprs))


SLOS: dict[str, SloSpec] = {name: from_seed(name) for name in SEED_THRESHOLDS}
