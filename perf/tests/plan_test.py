"""The k6 plan: open-model executors, seed thresholds, offline script without sleeps in iterations."""

import re
from pathlib import Path

from k6harness.model import SCENARIOS
from k6harness.plan import build_plan
from k6harness.slo import SLOS

SCRIPT = Path("perf/k6harness/scenario.js").read_text()


def plan(name, rate_scale=1.0):
    return build_plan(SCENARIOS[name], SLOS[name], rate_scale=rate_scale, base_url="http://127.0.0.1:1")


def test_only_arrival_rate_executors_with_type_tags():
    for name in SCENARIOS:
        for tag, sc in plan(name)["options"]["scenarios"].items():
            assert sc["executor"] in {"constant-arrival-rate", "ramping-arrival-rate"}
            assert sc["tags"] == {"type": tag} and sc["exec"] == tag


def test_viral_thresholds_are_the_seeds():
    th = plan("viral")["options"]["thresholds"]
    assert th["http_req_duration"] == ["p(95)<500", "p(99)<2000"]
    assert th["http_req_failed"] == ["rate<0.05"]
    assert th["http_req_duration{type:creation}"] == ["p(95)<1500"]
    assert th["http_req_duration{type:redirect}"] == ["p(95)<300", "p(99)<1000"]
    assert th["http_req_duration{type:viral}"] == ["p(95)<400"]
    assert th["http_reqs"] == ["rate>50"]
    assert th["dropped_iterations"][0].startswith("count<=")


def test_throughput_threshold_follows_rate_scale():
    assert plan("viral", 0.5)["options"]["thresholds"]["http_reqs"] == ["rate>25"]


def test_ramping_rates_per_minute_match_model():
    sc = plan("viral")["options"]["scenarios"]["redirect"]
    assert sc["timeUnit"] == "1m" and sc["startRate"] == 50 * 60
    assert max(s["target"] for s in sc["stages"]) == 200 * 60


def test_script_is_offline_and_sleep_free_in_iterations():
    imports = re.findall(r"^import .* from '([^']+)';", SCRIPT, flags=re.M)
    assert imports and all(i.startswith("k6") for i in imports)
    for fn in ("creation", "redirect", "viral"):
        body = re.search(rf"export function {fn}\(.*?\n", SCRIPT).group(0)
        assert "sleep" not in body
    assert "sleep(" in SCRIPT.split("export function setup")[1].split("\n}\n")[0]  # paced setup only
