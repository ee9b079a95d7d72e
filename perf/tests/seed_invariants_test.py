"""The harness reproduces the seed's four scenarios: whole stage tables, executors, start times, setup
counts, popularity mixes, create payloads and thresholds.

Expected values are written out here from the seed's files, not taken from perf/k6harness/seed.py:
manubalasree/url-shortener-sre-lab@b032593cc1593d766b16206a9cc7d764b21fe22c:load-tests/
scenario1-baseline.js, scenario2-peak-hours.js, scenario3-viral-event.js, redis-cache-performance.js.
Rates are per second (the seed's timeUnit is 1s); the plan emits per-minute rates and is converted back.
"""

import re

import pytest

from k6harness.model import SCENARIOS, expected_share
from k6harness.plan import build_plan
from k6harness.slo import SLOS

# scenario -> stream -> (executor, start, [(duration_s, target), ...], startTime_s)
SEED_TABLES = {
    "baseline": {
        "creation": ("constant-arrival-rate", 1, [(600, 1)], 120),
        "redirect": ("constant-arrival-rate", 20, [(600, 20)], 120),
    },
    "peak": {
        "creation": ("ramping-arrival-rate", 1, [(30, 2), (270, 2), (30, 0)], 0),
        "redirect": ("ramping-arrival-rate", 20, [(30, 50), (270, 50), (30, 20)], 0),
    },
    "viral": {
        "creation": ("ramping-arrival-rate", 2, [(60, 3), (120, 5), (240, 5), (120, 8), (60, 2)], 0),
        "redirect": ("ramping-arrival-rate", 50, [(60, 80), (120, 120), (120, 180), (120, 200), (120, 120), (60, 50)], 0),
        "viral": ("ramping-arrival-rate", 0, [(120, 0), (30, 50), (60, 100), (30, 150), (120, 80), (60, 30), (120, 0)], 0),
    },
    "cache": {
        "redirect": ("ramping-vus", 1, [(30, 20), (60, 50), (120, 100), (60, 50), (30, 0)], 0),
    },
}

SEED_THRESHOLDS = {
    "baseline": {"http_req_duration": ["p(95)<200", "p(99)<500"], "http_req_failed": ["rate<0.01"],
                 "http_req_duration{type:creation}": ["p(95)<500"], "http_req_duration{type:redirect}": ["p(95)<100"]},
    "peak": {"http_req_duration": ["p(95)<300", "p(99)<1000"], "http_req_failed": ["rate<0.02"],
             "http_req_duration{type:creation}": ["p(95)<800", "p(99)<2000"],
             "http_req_duration{type:redirect}": ["p(95)<150", "p(99)<500"], "http_reqs": ["rate>30"]},
    "viral": {"http_req_duration": ["p(95)<500", "p(99)<2000"], "http_req_failed": ["rate<0.05"],
              "http_req_duration{type:creation}": ["p(95)<1500", "p(99)<3000"],
              "http_req_duration{type:redirect}": ["p(95)<300", "p(99)<1000"],
              "http_req_duration{type:viral}": ["p(95)<400"], "http_reqs": ["rate>50"]},
    "cache": {"http_req_duration": ["p(95)<100", "p(99)<200"], "cached_response_time": ["p(95)<50", "p(99)<100"],
              "uncached_response_time": ["p(95)<150"], "cache_hit_rate": ["rate>0.80"],
              "redirect_success_rate": ["rate>0.99"], "http_req_failed": ["rate<0.01"]},
}

SEED_SETUP = {"baseline": 100, "peak": 200, "viral": 300, "cache": 14}

# payload facts: (longUrl template, customSlug template, tags, title)
SEED_CREATION = {
    "baseline": ("https://example.com/test/{ts}/{rand}", None, ["load-test", "scenario1", "baseline"], None),
    "peak": ("https://example.com/peak/{ts}/{rand}", None, ["load-test", "scenario2", "peak-hours"], None),
    "viral": ("https://example.com/campaign/{ts}/{rand}?utm_source=viral&utm_medium=social", None,
              ["viral-campaign", "marketing", "scenario3"], "Viral Content {rand}"),
}
SEED_SETUP_PAYLOAD = {
    "baseline": [("https://example.com/baseline/test-{ts}-{i}", "baseline-{ts}-{i}", [], 100)],
    "peak": [("https://example.com/peak/test-{ts}-{i}", "peak-{ts}-{i}", [], 200)],
    "viral": [("https://example.com/viral/content-{ts}-{i}", "viral-{ts}-{i}", ["load-test", "scenario3", "viral-event"],
               300)],
    "cache": [("https://example.com/popular/{i}", "popular{n}", [], 4), ("https://example.com/normal/{i}", "test{n}", [], 10)],
}


def plan(name):
    return build_plan(SCENARIOS[name], SLOS[name], rate_scale=1.0, base_url="http://127.0.0.1:1")


def _seconds(d: str) -> float:
    return float(d.rstrip("s"))


@pytest.mark.parametrize("name", sorted(SEED_TABLES))
def test_whole_stage_tables_are_the_seeds(name):
    scenarios = plan(name)["options"]["scenarios"]
    assert set(scenarios) == set(SEED_TABLES[name])
    for tag, (executor, start, stages, start_time) in SEED_TABLES[name].items():
        k = scenarios[tag]
        assert k["executor"] == executor, tag
        assert _seconds(k.get("startTime", "0s")) == start_time, tag
        if executor == "constant-arrival-rate":
            ((duration, target),) = stages
            assert (k["rate"] / 60, _seconds(k["duration"])) == (start, duration), tag
        elif executor == "ramping-arrival-rate":
            assert k["startRate"] / 60 == start, tag
            assert [(_seconds(s["duration"]), s["target"] / 60) for s in k["stages"]] == stages, tag
        else:
            assert k["startVUs"] == start, tag
            assert [(_seconds(s["duration"]), s["target"]) for s in k["stages"]] == stages, tag


@pytest.mark.parametrize("name", sorted(SEED_THRESHOLDS))
def test_seed_thresholds_are_the_defaults(name):
    th = plan(name)["options"]["thresholds"]
    for metric, exprs in SEED_THRESHOLDS[name].items():
        assert [_norm(e) for e in th[metric][: len(exprs)]] == [_norm(e) for e in exprs], metric


def _norm(expr: str) -> tuple[str, str, float]:
    m = re.match(r"^([a-z]+(?:\([\d.]+\))?)(<=|>=|<|>)([\d.]+)$", expr)
    return m.group(1), m.group(2), float(m.group(3))


@pytest.mark.parametrize("name", sorted(SEED_SETUP))
def test_setup_counts_and_payloads(name):
    p = plan(name)
    assert p["setup_planned"] == SEED_SETUP[name]
    got = [(g["payload"]["longUrl"], g["payload"]["slug"], g["payload"]["tags"], g["count"]) for g in p["params"]["setup"]]
    assert got == SEED_SETUP_PAYLOAD[name]
    assert all(g["pauseS"] == (0.1 if name != "cache" else 0.0) for g in p["params"]["setup"])


@pytest.mark.parametrize("name", sorted(SEED_CREATION))
def test_creation_payloads(name):
    c = plan(name)["params"]["streams"]["creation"]["payload"]
    assert (c["longUrl"], c["slug"], c["tags"], c["title"]) == SEED_CREATION[name]
    assert c["findIfExists"] is False


# Shares of each stream's redirects, worked out by hand from the seed's else-if chains:
# peak: 0.8 -> first 20 % of 200 URLs, else any of 200: top-20 % share = 0.8 + 0.2 x 0.2 = 0.84.
# viral redirect: 0.6 -> the 10 viral URLs (also the first 10 of 300), 0.3 -> first 60, 0.1 -> any:
#   top-20 % share = 0.6 + 0.3 + 0.1 x 0.2 = 0.92; viral-10 share = 0.6 + 0.3 x 10/60 + 0.1 x 10/300.
# viral spike: all to the first 3 viral URLs. cache: 0.8 -> 4 popular slugs, 0.2 -> 10 normal ones.
SEED_SHARES = [
    ("baseline", "redirect", "top20", 0.2),
    ("peak", "redirect", "top20", 0.84),
    ("viral", "redirect", "top20", 0.92),
    ("viral", "redirect", "viral", 0.6 + 0.3 * 10 / 60 + 0.1 * 10 / 300),
    ("viral", "viral", "viral3", 1.0),
    ("cache", "redirect", "popular", 0.8),
]


@pytest.mark.parametrize("name,tag,pool,share", SEED_SHARES)
def test_popularity_mix_shares(name, tag, pool, share):
    assert expected_share(SCENARIOS[name], tag, pool) == pytest.approx(share, abs=1e-9)


@pytest.mark.parametrize("name", sorted(SEED_TABLES))
def test_mix_branches_are_cumulative_to_one(name):
    for tag, s in plan(name)["params"]["streams"].items():
        if s["mix"]:
            cum, total = [], 0.0
            for b in s["mix"]:
                total += b["share"]
                cum.append(total)
            assert all(a < b for a, b in zip(cum, cum[1:])) and cum[-1] == pytest.approx(1.0), tag

