"""SLOs per scenario as a plain typed model (reused later for Prometheus burn-rate alerts)."""

from __future__ import annotations

from dataclasses import dataclass


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
    dropped_iterations_budget: float = 0.005  # share of expected iterations k6 may drop


def _latency(tag: str | None, p95: float, p99: float | None = None) -> tuple[Objective, ...]:
    out = (Objective("http_req_duration", "p(95)", "<", p95, tag),)
    return out + ((Objective("http_req_duration", "p(99)", "<", p99, tag),) if p99 else ())


SLOS: dict[str, SloSpec] = {
    "baseline": SloSpec("baseline", _latency(None, 300, 1000) + _latency("creation", 1000) + _latency("redirect", 200)
                        + (Objective("http_req_failed", "rate", "<", 0.01),)),
    "peak": SloSpec("peak", _latency(None, 500, 1500) + _latency("creation", 1500) + _latency("redirect", 300)
                    + (Objective("http_req_failed", "rate", "<", 0.02),)),
    "viral": SloSpec("viral", _latency(None, 500, 2000) + _latency("creation", 1500) + _latency("redirect", 300, 1000)
                     + _latency("viral", 400)
                     + (Objective("http_req_failed", "rate", "<", 0.05),
                        Objective("http_reqs", "rate", ">", 50, scales_with_rate=True))),
    "cache": SloSpec("cache", _latency(None, 300, 1000) + _latency("redirect", 150)
                     + (Objective("http_req_failed", "rate", "<", 0.01),)),
}
