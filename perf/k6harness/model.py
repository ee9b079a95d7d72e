"""The traffic model: the seed's four scenarios as stage tables, URL popularity, derived rates."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

SECONDS_PER_DAY = 86_400


@dataclass(frozen=True)
class Stage:
    """Ramp linearly to `target` iterations/s over `duration_s`."""

    duration_s: float
    target: float


@dataclass(frozen=True)
class Stream:
    """One open-model request stream (a k6 scenario) tagged `type=<tag>`."""

    tag: str  # creation | redirect | viral
    start_rate: float
    stages: tuple[Stage, ...]
    popular: str = "uniform"  # which URLs redirects pick: uniform | pareto | viral

    @property
    def duration_s(self) -> float:
        return sum(s.duration_s for s in self.stages)

    @property
    def constant(self) -> bool:
        return all(s.target == self.start_rate for s in self.stages)

    def expected_iterations(self) -> float:
        """Area under the rate curve: what an open-model executor starts."""
        total, rate = 0.0, self.start_rate
        for s in self.stages:
            total += (rate + s.target) / 2 * s.duration_s
            rate = s.target
        return total

    def scaled(self, time_scale: float, rate_scale: float) -> Stream:
        return replace(self, start_rate=self.start_rate * rate_scale,
                       stages=tuple(Stage(s.duration_s * time_scale, s.target * rate_scale) for s in self.stages))


@dataclass(frozen=True)
class Scenario:
    """A named load shape: streams plus the URLs created in setup."""

    name: str
    streams: tuple[Stream, ...]
    setup_urls: int
    viral_urls: int = 0
    setup_rate: float = 20.0  # creations/s during setup (paced, scaled by time_scale)
    pareto_top_share: float = 0.8  # share of redirects going to the top 20 % of URLs

    @property
    def duration_s(self) -> float:
        return max(s.duration_s for s in self.streams)

    def scaled(self, time_scale: float = 1.0, rate_scale: float = 1.0) -> Scenario:
        if time_scale <= 0 or rate_scale <= 0:
            raise ValueError("time_scale and rate_scale must be > 0")
        return replace(self, streams=tuple(s.scaled(time_scale, rate_scale) for s in self.streams),
                       setup_rate=self.setup_rate / time_scale)

    def expected_iterations(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for s in self.streams:
            out[s.tag] = out.get(s.tag, 0.0) + s.expected_iterations()
        return out


def derive_rates(*, dau: int = 1000, read_write_ratio: float = 100.0, writes_per_user_per_day: float = 10.0,
                 peak_to_average: float = 10.0) -> dict[str, float]:
    """Design load from the seed's sizing: 1,000 daily users, 100 reads per write.

    Each user creates `writes_per_user_per_day` links; reads are `read_write_ratio` times writes;
    the busiest minute runs `peak_to_average` times the daily average. Returns per-second rates:
    average and peak creations and redirects.
    """
    if dau <= 0 or read_write_ratio <= 0 or writes_per_user_per_day <= 0 or peak_to_average < 1:
        raise ValueError("dau, read_write_ratio and writes_per_user_per_day must be > 0, peak_to_average >= 1")
    writes = dau * writes_per_user_per_day / SECONDS_PER_DAY
    reads = writes * read_write_ratio
    return {"creation_avg": writes, "redirect_avg": reads,
            "creation_peak": writes * peak_to_average, "redirect_peak": reads * peak_to_average}


def zipf_weights(n: int, exponent: float) -> list[float]:
    """Normalised Zipf popularity of n URLs ranked 1..n: weight ∝ 1 / rank^exponent."""
    if n < 1 or exponent < 0:
        raise ValueError("n must be >= 1 and exponent >= 0")
    raw = [1 / (r ** exponent) for r in range(1, n + 1)]
    total = sum(raw)
    return [w / total for w in raw]


def top_share(weights: list[float], fraction: float = 0.2) -> float:
    """Share of traffic going to the top `fraction` of URLs."""
    k = max(1, math.floor(len(weights) * fraction))
    return sum(sorted(weights, reverse=True)[:k])


def pareto_weights(n: int, top_fraction_share: float = 0.8, fraction: float = 0.2) -> list[float]:
    """Zipf weights whose top `fraction` of URLs carries `top_fraction_share` of traffic (80/20 by default)."""
    uniform = max(1, math.floor(n * fraction)) / n
    if not uniform <= top_fraction_share < 1:
        raise ValueError(f"top share must be in [{uniform:.3f}, 1) for n={n}")
    lo, hi = 0.0, 8.0
    for _ in range(60):
        mid = (lo + hi) / 2
        if top_share(zipf_weights(n, mid), fraction) < top_fraction_share:
            lo = mid
        else:
            hi = mid
    return zipf_weights(n, hi)


def _const(tag: str, rate: float, seconds: float, popular: str = "uniform") -> Stream:
    return Stream(tag, rate, (Stage(seconds, rate),), popular)


SCENARIOS: dict[str, Scenario] = {
    "baseline": Scenario("baseline", (_const("creation", 1, 600), _const("redirect", 20, 600)), setup_urls=100),
    "peak": Scenario("peak", (_const("creation", 2, 300), _const("redirect", 50, 300)), setup_urls=100),
    "viral": Scenario("viral", (
        Stream("creation", 2, (Stage(120, 2), Stage(180, 8), Stage(180, 8), Stage(120, 2))),
        Stream("redirect", 50, (Stage(120, 50), Stage(180, 200), Stage(180, 200), Stage(120, 50))),
        Stream("viral", 0, (Stage(240, 0), Stage(60, 150), Stage(120, 150), Stage(60, 0), Stage(120, 0)), "viral"),
    ), setup_urls=300, viral_urls=10),
    "cache": Scenario("cache", (_const("creation", 1, 300), _const("redirect", 50, 300, "pareto")), setup_urls=300),
}
