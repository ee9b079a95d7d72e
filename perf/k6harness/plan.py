"""Turns a (scaled) Scenario + SloSpec into the k6 options and parameters the one k6 script reads.

Sizing rules (stated here, pinned by perf/tests/plan_test.py):
- per-request timeout: `timeout_s = max(1 s, 2 x the largest latency objective of the stream)`, where the
  stream's objectives are the seed's `http_req_duration{type:T}` thresholds, else the untagged ones;
- `maxVUs = ceil(peak arrival rate x (timeout_s + longest iteration pause))`: the iterations in flight
  when every request of the stream hangs until its timeout at the peak rate, so k6 only drops
  iterations when the target is slower than the timeout; `preAllocatedVUs` = the seed's value
  (capped at maxVUs);
- `setupTimeout = max(60 s, sum over setup URLs of (setup pause + creation p95 objective))`, the time a
  setup takes when every creation meets its p95 objective (k6's default is 60 s).
"""

from __future__ import annotations

import math

from k6harness.model import ARRIVAL_RATE, Scenario, area, max_pause, mean_pause, objective_ms
from k6harness.seed import SEED_CACHE_SPLIT_MS, Payload, SeedStream
from k6harness.slo import SloSpec

SUMMARY_STATS = ["avg", "min", "med", "max", "p(50)", "p(90)", "p(95)", "p(99)", "count"]
TYPES = ("creation", "redirect", "viral", "setup")
RANKS = ("hot", "tail")
PHASES = ("warmup", "steady")  # opt-in cold-vs-warm split: the first stage of the stream, then the rest
# Thresholds that only make k6 report a submetric in its summary; the verdict does not list them.
EXPOSERS = ("count>=0", "rate>=0", "p(95)>=0")
K6_DEFAULT_SETUP_TIMEOUT_S = 60
FAILURE_BODIES = 5


def per_minute(rate_per_s: float) -> int:
    """k6 arrival rates are integers per timeUnit; a 1-minute unit keeps scaled fractional rates."""
    return round(rate_per_s * 60)


def timeout_s(name: str, stream: SeedStream) -> float:
    tagged = [objective_ms(name, stream.tag, s) for s in ("p(95)", "p(99)")]
    objectives = [v for v in tagged if v] or [v for v in (objective_ms(name, None, s) for s in ("p(95)", "p(99)")) if v]
    return max(1.0, 2 * max(objectives) / 1000)


def setup_timeout_s(sc: Scenario) -> float:
    creation_p95 = objective_ms(sc.name, "creation", "p(95)") or objective_ms(sc.name, None, "p(95)")
    needed = sum(g.count * (g.pause_s + creation_p95 / 1000) for g in sc.setup)
    return max(K6_DEFAULT_SETUP_TIMEOUT_S, math.ceil(needed))


def vus(name: str, stream: SeedStream) -> tuple[int, int]:
    """(preAllocatedVUs, maxVUs) of an arrival-rate stream, by the formula in the module docstring."""
    peak = max([stream.start] + [s.target for s in stream.stages])
    max_vus = max(1, math.ceil(peak * (timeout_s(name, stream) + max_pause(stream))))
    return max(1, min(stream.pre_allocated_vus or max_vus, max_vus)), max_vus


def k6_scenario(name: str, stream: SeedStream) -> dict:
    common = {"exec": stream.tag, "tags": {"type": stream.tag}}
    if stream.start_time_s:
        common["startTime"] = f"{stream.start_time_s:.3f}s"
    if stream.executor == "ramping-vus":
        return common | {"executor": "ramping-vus", "startVUs": round(stream.start),
                         "stages": [{"duration": f"{s.duration_s:.3f}s", "target": round(s.target)}
                                    for s in stream.stages]}
    pre, max_vus = vus(name, stream)
    common |= {"preAllocatedVUs": pre, "maxVUs": max_vus, "timeUnit": "1m"}
    if stream.executor == "constant-arrival-rate":
        (stage,) = stream.stages
        return common | {"executor": "constant-arrival-rate", "rate": per_minute(stream.start),
                         "duration": f"{stage.duration_s:.3f}s"}
    return common | {"executor": "ramping-arrival-rate", "startRate": per_minute(stream.start),
                     "stages": [{"duration": f"{s.duration_s:.3f}s", "target": per_minute(s.target)}
                                for s in stream.stages]}


def planned_iterations(sc: Scenario, scenarios: dict[str, dict]) -> dict[str, float]:
    """What the emitted k6 scenarios start (after k6's integer rounding), per stream."""
    from k6harness.seed import Stage

    out: dict[str, float] = {}
    for s in sc.streams:
        k = scenarios[s.tag]
        if k["executor"] == "constant-arrival-rate":
            n = k["rate"] / 60 * float(k["duration"].rstrip("s"))
        else:
            start = k.get("startRate", k.get("startVUs"))
            stages = tuple(Stage(float(x["duration"].rstrip("s")), x["target"]) for x in k["stages"])
            n = area(start, stages)
            n = n / 60 if k["executor"] in ARRIVAL_RATE else n / (mean_pause(s) + sc.closed_model_latency_s)
        out[s.tag] = out.get(s.tag, 0.0) + n
    return out


def _payload(p: Payload | None) -> dict | None:
    if p is None:
        return None
    return {"longUrl": p.long_url, "slug": p.slug, "tags": list(p.tags), "title": p.title,
            "findIfExists": p.find_if_exists}


def _pause(s: SeedStream) -> list[float]:
    return list(s.pause_s) if isinstance(s.pause_s, tuple) else [s.pause_s, s.pause_s]


def warmup_s(sc: Scenario) -> float:
    """End of the warm-up phase, seconds after the load starts: the first stage of the first redirect
    stream (the seed's cache scenario calls its first 30 s stage the cache warm-up)."""
    s = next(s for s in sc.streams if s.mix)
    return s.start_time_s + s.stages[0].duration_s


def thresholds(sc: Scenario, slo: SloSpec, expected: dict[str, float], rate_scale: float,
               cold_warm: bool = False) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for o in slo.objectives:
        out.setdefault(o.k6_metric, []).append(o.expression(rate_scale))
    for s in sc.streams:
        if expected.get(s.tag, 0) <= 0:
            continue
        out.setdefault(f"http_req_failed{{type:{s.tag}}}", []).append(f"rate<{slo.failure_budget:g}")
        out.setdefault(f"checks{{type:{s.tag}}}", []).append(f"rate>{slo.checks_rate:g}")
        if s.executor in ARRIVAL_RATE:
            budget = math.floor(expected[s.tag] * slo.dropped_iterations_budget)
            out[f"dropped_iterations{{scenario:{s.tag}}}"] = [f"count<={budget}"]
    for t in TYPES:  # make k6 report each submetric in its summary
        out.setdefault(f"http_reqs{{type:{t}}}", []).append("count>=0")
    out.setdefault("checks{type:setup}", []).append("rate>=0")
    for s in sc.streams:
        if s.mix:
            for r in RANKS:
                out[f"http_req_duration{{type:{s.tag},rank:{r}}}"] = ["p(95)>=0"]
                out[f"http_reqs{{type:{s.tag},rank:{r}}}"] = ["count>=0"]
            for ph in PHASES if cold_warm else ():
                out[f"http_req_duration{{type:{s.tag},phase:{ph}}}"] = ["p(95)>=0"]
        if s.latency_check_ms:
            out[f"seed_latency_checks{{type:{s.tag}}}"] = ["rate>=0"]
    return out


def build_plan(sc: Scenario, slo: SloSpec, *, rate_scale: float, base_url: str, host_header: str | None = None,
               setup_timeout: float | None = None, failure_bodies: int = FAILURE_BODIES, cold_warm: bool = False) -> dict:
    """Everything the k6 script needs: options (scenarios, thresholds) and run parameters."""
    scenarios = {s.tag: k6_scenario(sc.name, s) for s in sc.streams}
    expected = planned_iterations(sc, scenarios)
    return {
        "options": {
            "scenarios": scenarios,
            "thresholds": thresholds(sc, slo, expected, rate_scale, cold_warm),
            "summaryTrendStats": SUMMARY_STATS,
            "setupTimeout": f"{setup_timeout or setup_timeout_s(sc):g}s",
            "discardResponseBodies": False,
        },
        "params": {
            "baseUrl": base_url.rstrip("/"),
            "hostHeader": host_header,
            "setup": [{"name": g.name, "count": g.count, "pauseS": g.pause_s, "payload": _payload(g.payload)}
                      for g in sc.setup],
            "viralUrls": sc.viral_urls,
            "hotPool": sc.hot_pool,
            "streams": {s.tag: {"mix": [{"share": p.share, "pool": p.pool, "minAll": p.min_all} for p in s.mix],
                                "payload": _payload(s.payload), "pauseS": _pause(s), "okStatus": list(s.ok_status),
                                "latencyCheckMs": s.latency_check_ms, "timeout": f"{timeout_s(sc.name, s):g}s"}
                        for s in sc.streams},
            "creationTimeout": f"{timeout_s(sc.name, _creation_like(sc)):g}s",
            "seedCacheMetrics": sc.name == "cache",
            "cacheSplitMs": SEED_CACHE_SPLIT_MS,
            "failureBodies": failure_bodies,
            "sloSlowMs": slo.slow_ms or {},
            "warmupS": warmup_s(sc) if cold_warm else None,
        },
        "expected": expected,
        "setup_planned": sc.setup_urls,
        "scenario": sc.name,
        "variant": sc.variant,
    }


def _creation_like(sc: Scenario) -> SeedStream:
    """The stream whose objectives bound a setup creation: the creation stream, else the first stream."""
    return next((s for s in sc.streams if s.tag == "creation"), sc.streams[0])
