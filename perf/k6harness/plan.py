"""Turns a scaled Scenario + SloSpec into the k6 options and parameters the one k6 script reads."""

from __future__ import annotations

import math

from k6harness.model import Scenario, Stream, pareto_weights
from k6harness.slo import SloSpec

SUMMARY_STATS = ["avg", "min", "med", "max", "p(50)", "p(90)", "p(95)", "p(99)", "count"]
TYPES = ("creation", "redirect", "viral", "setup")


def _vus(stream: Stream) -> tuple[int, int]:
    peak = max([stream.start_rate] + [s.target for s in stream.stages])
    pre = max(2, math.ceil(peak * 0.5))  # ~500 ms per iteration worst case
    return pre, max(pre * 4, 20)


def per_minute(rate_per_s: float) -> int:
    """k6 arrival rates are integers per timeUnit; a 1-minute unit keeps scaled fractional rates."""
    return round(rate_per_s * 60)


def k6_scenario(stream: Stream) -> dict:
    """An open-model executor: constant- or ramping-arrival-rate, one iteration = one request."""
    pre, max_vus = _vus(stream)
    common = {"exec": stream.tag, "preAllocatedVUs": pre, "maxVUs": max_vus, "tags": {"type": stream.tag},
              "timeUnit": "1m"}
    if stream.constant:
        return common | {"executor": "constant-arrival-rate", "rate": per_minute(stream.start_rate),
                         "duration": f"{stream.duration_s:.3f}s"}
    return common | {"executor": "ramping-arrival-rate", "startRate": per_minute(stream.start_rate),
                     "stages": [{"duration": f"{s.duration_s:.3f}s", "target": per_minute(s.target)}
                                for s in stream.stages]}


def build_plan(scenario: Scenario, slo: SloSpec, *, rate_scale: float, base_url: str,
               host_header: str | None = None) -> dict:
    """Everything the k6 script needs: options (scenarios, thresholds) and run parameters."""
    expected = scenario.expected_iterations()
    thresholds: dict[str, list[str]] = {}
    for o in slo.objectives:
        thresholds.setdefault(o.k6_metric, []).append(o.expression(rate_scale))
    budget = math.floor(sum(expected.values()) * slo.dropped_iterations_budget)
    thresholds["dropped_iterations"] = [f"count<={budget}"]
    for t in TYPES:  # expose per-type counts in the summary
        thresholds.setdefault(f"http_reqs{{type:{t}}}", []).append("count>=0")
    for s in scenario.streams:
        thresholds.setdefault(f"checks{{type:{s.tag}}}", []).append("rate>=0")
    weights = pareto_weights(scenario.setup_urls, scenario.pareto_top_share)
    cumulative, acc = [], 0.0
    for w in weights:
        acc += w
        cumulative.append(acc)
    return {
        "options": {
            "scenarios": {s.tag: k6_scenario(s) for s in scenario.streams},
            "thresholds": thresholds,
            "summaryTrendStats": SUMMARY_STATS,
            "setupTimeout": f"{max(60, scenario.setup_urls / scenario.setup_rate * 3):.0f}s",
            "discardResponseBodies": False,
            "noConnectionReuse": False,
        },
        "params": {
            "baseUrl": base_url.rstrip("/"),
            "hostHeader": host_header,
            "setupUrls": scenario.setup_urls,
            "viralUrls": scenario.viral_urls,
            "setupPauseS": 1 / scenario.setup_rate,
            "paretoCumulative": cumulative,
            "popular": {s.tag: s.popular for s in scenario.streams},
        },
        "expected": expected,
    }
