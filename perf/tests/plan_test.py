"""The k6 plan: sizing formulas, per-stream thresholds, offline script."""

import math
import re
from pathlib import Path

import pytest

from k6harness.model import SCENARIOS
from k6harness.plan import build_plan, setup_timeout_s, timeout_s
from k6harness.slo import SLOS

SCRIPT = Path("perf/k6harness/scenario.js").read_text()


def plan(name, rate_scale=1.0, time_scale=1.0):
    sc = SCENARIOS[name].scaled(time_scale, rate_scale)
    return build_plan(sc, SLOS[name], rate_scale=rate_scale, base_url="http://127.0.0.1:1")


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_per_stream_budgets(name):
    p = plan(name)
    th = p["options"]["thresholds"]
    overall = th["http_req_failed"][0]
    for tag, n in p["expected"].items():
        assert n > 0
        assert th[f"http_req_failed{{type:{tag}}}"] == [overall]
        assert th[f"checks{{type:{tag}}}"] == ["rate>0.99"]
        sc = p["options"]["scenarios"][tag]
        if "maxVUs" in sc:
            assert th[f"dropped_iterations{{scenario:{tag}}}"] == [f"count<={math.floor(n * 0.005)}"]


def test_max_vus_from_peak_rate_times_timeout():
    """viral redirect: peak 200/s, objectives p95 300 / p99 1000 ms -> timeout 2 s, pause 0.01 s -> 402 VUs."""
    p = plan("viral")
    sc = p["options"]["scenarios"]["redirect"]
    assert p["params"]["streams"]["redirect"]["timeout"] == "2s"
    assert sc["maxVUs"] == math.ceil(200 * (2 + 0.01)) and sc["preAllocatedVUs"] == 50
    creation = p["options"]["scenarios"]["creation"]
    assert p["params"]["streams"]["creation"]["timeout"] == "6s" and creation["maxVUs"] == math.ceil(8 * 6.1)


def test_timeout_at_least_one_second():
    assert all(timeout_s(n, s) >= 1 for n, sc in SCENARIOS.items() for s in sc.streams)


def test_setup_timeout_from_urls_pause_and_creation_objective():
    assert setup_timeout_s(SCENARIOS["viral"]) == math.ceil(300 * (0.1 + 1.5))
    assert setup_timeout_s(SCENARIOS["peak"]) == math.ceil(200 * (0.1 + 0.8))
    assert setup_timeout_s(SCENARIOS["cache"]) == 60  # 14 x 0.1 s is under k6's default
    assert plan("viral")["options"]["setupTimeout"] == "480s"


def test_throughput_threshold_follows_rate_scale():
    assert plan("viral", 0.5)["options"]["thresholds"]["http_reqs"] == ["rate>25"]


def test_planned_volume_matches_model_when_rates_are_whole_per_minute():
    p = plan("viral")
    for tag, n in SCENARIOS["viral"].expected_iterations().items():
        assert p["expected"][tag] == pytest.approx(n)


def test_script_is_offline():
    imports = re.findall(r"^import .* from '([^']+)';", SCRIPT, flags=re.M)
    assert imports and all(i.startswith("k6") for i in imports)


def test_cold_warm_is_opt_in_and_splits_at_the_first_stage():
    """The seed's cache scenario labels its first 30 s stage the cache warm-up; baseline starts at 2 m."""
    from k6harness.plan import warmup_s

    assert plan("cache")["params"]["warmupS"] is None
    assert not any("phase:" in k for k in plan("cache")["options"]["thresholds"])
    assert warmup_s(SCENARIOS["cache"]) == 30 and warmup_s(SCENARIOS["baseline"]) == 120 + 600
    sc = SCENARIOS["cache"].scaled(0.5, 1)
    p = build_plan(sc, SLOS["cache"], rate_scale=1, base_url="http://127.0.0.1:1", cold_warm=True)
    assert p["params"]["warmupS"] == 15
    assert "http_req_duration{type:redirect,phase:warmup}" in p["options"]["thresholds"]
