"""The traffic model: the seed's four scenarios (perf/k6harness/seed.py) with scaling, named variants,
planned volumes, popularity shares and the design load.

Fidelity by default: `scenario(name)` is the seed's scenario unchanged (executors, stage tables, start
times, setup groups, popularity mixes, payloads, iteration pauses). Scaling (`--time-scale`,
`--rate-scale`) multiplies stage durations, start times and setup pauses by the time scale and rates
(arrival rates, or VUs for the closed model) by the rate scale; iteration pauses are not scaled, since
in the seed's closed model they set the request rate.

Named deviations (documented in perf/README.md):
- `variant="open"` (cache only): the seed's ramping-VUs closed model becomes a ramping-arrival-rate
  stream whose rate is VUs / (mean pause + latency objective), i.e. the rate the seed's VUs produce
  when the target meets its p95 objective; the load then no longer slows down with the target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from k6harness.seed import SEED, SEED_SIZING, SEED_THRESHOLDS, Pick, SeedStream, SetupGroup, Stage

SECONDS_PER_DAY = 86_400
ARRIVAL_RATE = ("constant-arrival-rate", "ramping-arrival-rate")

# Which setup URLs count as "hot" for the `rank` tag (hot vs tail redirect latency).
HOT_POOL = {"baseline": "top20", "peak": "top20", "viral": "top20", "cache": "popular"}
VARIANTS = {"baseline": ("seed",), "peak": ("seed",), "viral": ("seed",), "cache": ("seed", "open")}


def mean_pause(stream: SeedStream) -> float:
    p = stream.pause_s
    return (p[0] + p[1]) / 2 if isinstance(p, tuple) else p


def max_pause(stream: SeedStream) -> float:
    p = stream.pause_s
    return p[1] if isinstance(p, tuple) else p


def area(start: float, stages: tuple[Stage, ...]) -> float:
    """Integral of the piecewise-linear curve from `start` through each stage's target."""
    total, level = 0.0, start
    for s in stages:
        total += (level + s.target) / 2 * s.duration_s
        level = s.target
    return total


def peak_level(stream: SeedStream) -> float:
    return max([stream.start] + [s.target for s in stream.stages])


def stream_duration(stream: SeedStream) -> float:
    return stream.start_time_s + sum(s.duration_s for s in stream.stages)


@dataclass(frozen=True)
class Scenario:
    """A seed scenario, possibly scaled or turned into a named variant."""

    name: str
    streams: tuple[SeedStream, ...]
    setup: tuple[SetupGroup, ...]
    viral_urls: int
    hot_pool: str
    variant: str = "seed"
    time_scale: float = 1.0
    rate_scale: float = 1.0

    @property
    def setup_urls(self) -> int:
        return sum(g.count for g in self.setup)

    @property
    def duration_s(self) -> float:
        return max(stream_duration(s) for s in self.streams)

    @property
    def closed_model_latency_s(self) -> float:
        """Latency assumed when planning a closed-model stream: the scenario's overall p95 objective."""
        return objective_ms(self.name, None, "p(95)") / 1000

    def expected_iterations(self) -> dict[str, float]:
        """Planned requests per stream: the area under the arrival-rate curve (open model), or
        VU-seconds / (mean pause + p95 objective) for the closed model (ramping-vus)."""
        out: dict[str, float] = {}
        for s in self.streams:
            if s.executor in ARRIVAL_RATE:
                n = area(s.start, s.stages)
            else:
                n = area(s.start, s.stages) / (mean_pause(s) + self.closed_model_latency_s)
            out[s.tag] = out.get(s.tag, 0.0) + n
        return out

    def scaled(self, time_scale: float = 1.0, rate_scale: float = 1.0) -> Scenario:
        if time_scale <= 0 or rate_scale <= 0:
            raise ValueError("time_scale and rate_scale must be > 0")

        def one(s: SeedStream) -> SeedStream:
            return replace(s, start=s.start * rate_scale, start_time_s=s.start_time_s * time_scale,
                           stages=tuple(Stage(x.duration_s * time_scale, x.target * rate_scale) for x in s.stages))

        return replace(self, streams=tuple(one(s) for s in self.streams),
                       setup=tuple(replace(g, pause_s=g.pause_s * time_scale) for g in self.setup),
                       time_scale=self.time_scale * time_scale, rate_scale=self.rate_scale * rate_scale)


def _open_variant(sc: Scenario) -> Scenario:
    def one(s: SeedStream) -> SeedStream:
        if s.executor in ARRIVAL_RATE:
            return s
        per_vu = 1 / (mean_pause(s) + sc.closed_model_latency_s)
        return replace(s, executor="ramping-arrival-rate", start=s.start * per_vu,
                       stages=tuple(Stage(x.duration_s, x.target * per_vu) for x in s.stages))

    return replace(sc, streams=tuple(one(s) for s in sc.streams), variant="open")


def scenario(name: str, variant: str = "seed") -> Scenario:
    """The seed's scenario `name` (or a named variant of it)."""
    if name not in SEED:
        raise ValueError(f"unknown scenario {name!r}; one of {', '.join(sorted(SEED))}")
    if variant not in VARIANTS[name]:
        raise ValueError(f"scenario {name} has no variant {variant!r}; one of {', '.join(VARIANTS[name])}")
    s = SEED[name]
    sc = Scenario(name, s.streams, s.setup, s.viral_urls, HOT_POOL[name])
    return _open_variant(sc) if variant == "open" else sc


SCENARIOS: dict[str, Scenario] = {name: scenario(name) for name in SEED}


def objective_ms(name: str, tag: str | None, stat: str) -> float | None:
    """A latency objective of the seed (`http_req_duration`, optionally `{type:tag}`) in ms, or None."""
    metric = f"http_req_duration{{type:{tag}}}" if tag else "http_req_duration"
    for expr in SEED_THRESHOLDS[name].get(metric, ()):
        if expr.startswith(stat + "<"):
            return float(expr.split("<", 1)[1])
    return None


# --- popularity -------------------------------------------------------------------------------------


def pools(sc: Scenario, created: int | None = None) -> dict[str, list[int]]:
    """Setup indices (0-based, creation order) in each pool, when `created` URLs exist (default: all)."""
    n = sc.setup_urls if created is None else created
    every = list(range(n))
    out = {"all": every, "top20": every[: math.floor(n * 0.2)],
           "viral": every[: min(sc.viral_urls, n)]}
    out["viral3"] = out["viral"][:3]
    start = 0
    for g in sc.setup:
        out.setdefault(g.name, list(range(start, min(start + g.count, n))))
        start += g.count
    return out


def url_probabilities(sc: Scenario, mix: tuple[Pick, ...]) -> list[float]:
    """P(a redirect of this mix goes to setup URL i), for the else-if chain the seed uses."""
    p = pools(sc)
    n = sc.setup_urls
    probs = [0.0] * n
    carry = 0.0  # mass of branches whose condition failed falls through to the next branch
    for k, branch in enumerate(mix):
        mass = carry + branch.share
        codes = p[branch.pool]
        cond = bool(codes) and (branch.pool == "viral" or n > branch.min_all)
        if k == len(mix) - 1 and not cond:
            codes, cond = p["all"], True
        if cond:
            for i in codes:
                probs[i] += mass / len(codes)
            carry = 0.0
        else:
            carry = mass
    return probs


def expected_share(sc: Scenario, tag: str, pool: str) -> float:
    """Share of stream `tag`'s redirects that go to `pool`."""
    stream = next(s for s in sc.streams if s.tag == tag)
    probs = url_probabilities(sc, stream.mix)
    return sum(probs[i] for i in pools(sc)[pool])


# --- design load ------------------------------------------------------------------------------------


def derive_rates(*, dau: int = SEED_SIZING["dau"], read_write_ratio: float = SEED_SIZING["read_write_ratio"],
                 writes_per_user_per_day: float = SEED_SIZING["urls_per_user_per_day"],
                 peak_hours: float = SEED_SIZING["peak_hours"]) -> dict[str, float]:
    """Design load from the seed's sizing: 1,000 DAU x 5 URLs a day, 100 reads per write, and a peak in
    which the whole day's traffic arrives within `peak_hours`. Returns per-second rates."""
    if dau <= 0 or read_write_ratio <= 0 or writes_per_user_per_day <= 0 or not 0 < peak_hours <= 24:
        raise ValueError("dau, read_write_ratio and writes_per_user_per_day must be > 0, peak_hours in (0, 24]")
    daily_writes = dau * writes_per_user_per_day
    writes = daily_writes / SECONDS_PER_DAY
    peak_writes = daily_writes / (peak_hours * 3600)
    return {"creation_avg": writes, "redirect_avg": writes * read_write_ratio,
            "creation_peak": peak_writes, "redirect_peak": peak_writes * read_write_ratio}
