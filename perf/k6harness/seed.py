"""The seed's four k6 scenarios as data: executors, stage tables, setup, popularity mixes, payloads, thresholds.

Source: manubalasree/url-shortener-sre-lab@b032593cc1593d766b16206a9cc7d764b21fe22c, files
load-tests/scenario1-baseline.js, scenario2-peak-hours.js, scenario3-viral-event.js and
redis-cache-performance.js. Facts only (numbers, tag lists, URL shapes), restated as typed values;
`SEED_THRESHOLDS` is the one table the SLO spec must reproduce. Every value here is pinned by
perf/tests/seed_invariants_test.py against numbers written out from the seed's files.

Placeholders in URL/slug/title templates: `{ts}` milliseconds since the epoch at request time,
`{i}` 0-based setup index, `{n}` = i + 1, `{rand}` a random integer below 1,000,000.
"""

from __future__ import annotations

from dataclasses import dataclass

SEED_REPO = "manubalasree/url-shortener-sre-lab"
SEED_COMMIT = "b032593cc1593d766b16206a9cc7d764b21fe22c"


@dataclass(frozen=True)
class Stage:
    """Ramp linearly to `target` (iterations/s for arrival-rate executors, VUs for ramping-vus) over `duration_s`."""

    duration_s: float
    target: float


@dataclass(frozen=True)
class Pick:
    """One branch of a popularity mix: taken when u < cumulative share and the pool condition holds.

    Branches are tried in order with one uniform u (an else-if chain, as in the seed); a branch whose
    condition fails falls through to the next. Pools: `all` (every setup URL, in creation order),
    `top20` (the first floor(20 %) of them), `viral` (the viral candidates), `viral3` (the first 3 of
    them), or the name of a setup group. `min_all` is the seed's guard: the branch applies only while
    more than `min_all` setup URLs exist (0 = always; for `viral`: at least one candidate)."""

    share: float
    pool: str
    min_all: int = 0


@dataclass(frozen=True)
class Payload:
    """Body of POST /rest/v3/short-urls. `find_if_exists=None` means the field is not sent."""

    long_url: str
    slug: str | None = None
    tags: tuple[str, ...] = ()
    title: str | None = None
    find_if_exists: bool | None = False


@dataclass(frozen=True)
class SetupGroup:
    """`count` URLs created one by one in setup() with `payload`, then `pause_s` of sleep each."""

    name: str
    count: int
    payload: Payload
    pause_s: float


@dataclass(frozen=True)
class SeedStream:
    """One k6 scenario of the seed. `start` is startRate (arrival rate) or start VUs (ramping-vus).

    `pause_s` is the sleep at the end of each iteration: a number, or (low, high) for a uniform random pause.
    `latency_check_ms`: the seed's extra check that the request took less than this (None: no such check)."""

    tag: str  # request type tag: creation | redirect | viral
    executor: str  # constant-arrival-rate | ramping-arrival-rate | ramping-vus
    start: float
    stages: tuple[Stage, ...]
    pre_allocated_vus: int | None
    max_vus: int | None
    start_time_s: float = 0.0
    mix: tuple[Pick, ...] = ()  # empty for creation streams
    payload: Payload | None = None  # creation streams only
    pause_s: float | tuple[float, float] = 0.0
    ok_status: tuple[int, ...] = (200, 201)
    latency_check_ms: float | None = None


@dataclass(frozen=True)
class SeedScenario:
    name: str
    file: str  # path in the seed repo
    streams: tuple[SeedStream, ...]
    setup: tuple[SetupGroup, ...]
    viral_urls: int = 0  # setup indices below this are viral candidates


UNIFORM = (Pick(1.0, "all"),)

SEED: dict[str, SeedScenario] = {
    "baseline": SeedScenario(
        "baseline", "load-tests/scenario1-baseline.js",
        streams=(
            SeedStream("creation", "constant-arrival-rate", 1, (Stage(600, 1),), 2, 10, start_time_s=120,
                       payload=Payload("https://example.com/test/{ts}/{rand}",
                                       tags=("load-test", "scenario1", "baseline")), pause_s=0.1),
            SeedStream("redirect", "constant-arrival-rate", 20, (Stage(600, 20),), 10, 50, start_time_s=120,
                       mix=UNIFORM, pause_s=0.05, ok_status=(301, 302)),
        ),
        setup=(SetupGroup("all", 100, Payload("https://example.com/baseline/test-{ts}-{i}",
                                              slug="baseline-{ts}-{i}"), 0.1),),
    ),
    "peak": SeedScenario(
        "peak", "load-tests/scenario2-peak-hours.js",
        streams=(
            SeedStream("creation", "ramping-arrival-rate", 1, (Stage(30, 2), Stage(270, 2), Stage(30, 0)), 5, 20,
                       payload=Payload("https://example.com/peak/{ts}/{rand}",
                                       tags=("load-test", "scenario2", "peak-hours")),
                       pause_s=0.1, latency_check_ms=2000),
            SeedStream("redirect", "ramping-arrival-rate", 20, (Stage(30, 50), Stage(270, 50), Stage(30, 20)), 20, 100,
                       mix=(Pick(0.8, "top20", min_all=5), Pick(0.2, "all")), pause_s=0.02,
                       ok_status=(301, 302), latency_check_ms=500),
        ),
        setup=(SetupGroup("all", 200, Payload("https://example.com/peak/test-{ts}-{i}", slug="peak-{ts}-{i}"), 0.1),),
    ),
    "viral": SeedScenario(
        "viral", "load-tests/scenario3-viral-event.js",
        streams=(
            SeedStream("creation", "ramping-arrival-rate", 2,
                       (Stage(60, 3), Stage(120, 5), Stage(240, 5), Stage(120, 8), Stage(60, 2)), 10, 50,
                       payload=Payload("https://example.com/campaign/{ts}/{rand}?utm_source=viral&utm_medium=social",
                                       tags=("viral-campaign", "marketing", "scenario3"), title="Viral Content {rand}"),
                       pause_s=0.1, latency_check_ms=3000),
            SeedStream("redirect", "ramping-arrival-rate", 50,
                       (Stage(60, 80), Stage(120, 120), Stage(120, 180), Stage(120, 200), Stage(120, 120),
                        Stage(60, 50)), 50, 300,
                       mix=(Pick(0.6, "viral"), Pick(0.3, "top20", min_all=10), Pick(0.1, "all")),
                       pause_s=0.01, ok_status=(301, 302), latency_check_ms=1000),
            SeedStream("viral", "ramping-arrival-rate", 0,
                       (Stage(120, 0), Stage(30, 50), Stage(60, 100), Stage(30, 150), Stage(120, 80), Stage(60, 30),
                        Stage(120, 0)), 20, 100,
                       mix=(Pick(1.0, "viral3"),), ok_status=(301, 302), latency_check_ms=100),
        ),
        setup=(SetupGroup("all", 300, Payload("https://example.com/viral/content-{ts}-{i}", slug="viral-{ts}-{i}",
                                              tags=("load-test", "scenario3", "viral-event")), 0.1),),
        viral_urls=10,
    ),
    # Top-level `stages` in the seed: k6 turns them into one ramping-vus scenario starting at 1 VU
    # (grafana/k6@v1.1.0:lib/executor/execution_config_shortcuts.go, ramping_vus.go).
    "cache": SeedScenario(
        "cache", "load-tests/redis-cache-performance.js",
        streams=(
            SeedStream("redirect", "ramping-vus", 1,
                       (Stage(30, 20), Stage(60, 50), Stage(120, 100), Stage(60, 50), Stage(30, 0)), None, None,
                       mix=(Pick(0.8, "popular"), Pick(0.2, "normal")), pause_s=(0.1, 0.4), ok_status=(302,),
                       latency_check_ms=200),
        ),
        setup=(SetupGroup("popular", 4, Payload("https://example.com/popular/{i}", slug="popular{n}",
                                                find_if_exists=None), 0.0),
               SetupGroup("normal", 10, Payload("https://example.com/normal/{i}", slug="test{n}",
                                                find_if_exists=None), 0.0)),
    ),
}

# The seed's thresholds, scenario -> k6 metric (with tag filter) -> expressions. The cache scenario's
# `cache_hit_rate`, `cached_response_time` and `uncached_response_time` are the seed's latency
# classification (a redirect under 50 ms counts as a "hit"), not a cache measurement;
# `redirect_success_rate` is the share of redirects passing all three of its checks
# (302, Location, under 200 ms).
SEED_THRESHOLDS: dict[str, dict[str, tuple[str, ...]]] = {
    "baseline": {
        "http_req_duration": ("p(95)<200", "p(99)<500"),
        "http_req_failed": ("rate<0.01",),
        "http_req_duration{type:creation}": ("p(95)<500",),
        "http_req_duration{type:redirect}": ("p(95)<100",),
    },
    "peak": {
        "http_req_duration": ("p(95)<300", "p(99)<1000"),
        "http_req_failed": ("rate<0.02",),
        "http_req_duration{type:creation}": ("p(95)<800", "p(99)<2000"),
        "http_req_duration{type:redirect}": ("p(95)<150", "p(99)<500"),
        "http_reqs": ("rate>30",),
    },
    "viral": {
        "http_req_duration": ("p(95)<500", "p(99)<2000"),
        "http_req_failed": ("rate<0.05",),
        "http_req_duration{type:creation}": ("p(95)<1500", "p(99)<3000"),
        "http_req_duration{type:redirect}": ("p(95)<300", "p(99)<1000"),
        "http_req_duration{type:viral}": ("p(95)<400",),
        "http_reqs": ("rate>50",),
    },
    "cache": {
        "http_req_duration": ("p(95)<100", "p(99)<200"),
        "cached_response_time": ("p(95)<50", "p(99)<100"),
        "uncached_response_time": ("p(95)<150",),
        "cache_hit_rate": ("rate>0.80",),
        "redirect_success_rate": ("rate>0.99",),
        "http_req_failed": ("rate<0.01",),
    },
}

# The seed's cache scenario splits redirects at this latency into "cached" and "uncached".
SEED_CACHE_SPLIT_MS = 50

# The seed's sizing (docs/05-lessons-learned.md, "Traffic Modeling Should Be Based on DAU"):
# 1,000 DAU x 5 URLs per user per day, 100 reads per write, peak hours = the day's traffic in 8 hours.
SEED_SIZING = {"dau": 1000, "urls_per_user_per_day": 5, "read_write_ratio": 100, "peak_hours": 8}
