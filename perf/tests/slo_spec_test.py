"""The k6 thresholds come from the SLO spec (slo/shlink.yaml) and reproduce the seed's; the verdict's SLO
table states, per SLO, whether the run stayed inside it and the share of the error budget it would spend."""

import re
from pathlib import Path

import k6harness
import pytest
import yaml
from slospec.model import SPEC_FILE, SloSpec, load_spec

from k6harness.model import SCENARIOS, derive_rates
from k6harness.plan import build_plan
from k6harness.seed import SEED_THRESHOLDS
from k6harness.slo import SLOS, from_seed, parse
from k6harness.slo_budget import lines, slo_rows

SPEC = load_spec()


def _thresholds(name: str) -> dict[str, list[str]]:
    return build_plan(SCENARIOS[name], SLOS[name], rate_scale=1.0, base_url="http://127.0.0.1:1")["options"]["thresholds"]


@pytest.mark.parametrize("name", sorted(SEED_THRESHOLDS))
def test_the_spec_reproduces_every_seed_threshold(name):
    """The seed's published thresholds are the user's contract: with the committed spec, k6 gets each one."""
    k6 = _thresholds(name)
    for metric, exprs in SEED_THRESHOLDS[name].items():
        for e in exprs:  # compared as numbers: the seed writes rate>0.80, k6 gets rate>0.8
            assert parse(metric, e).expression() in k6[metric], (metric, e, k6.get(metric))


def test_baseline_k6_thresholds_equal_the_spec():
    """Baseline is the SLO itself: p(100 x target) of each route's type under the SLO threshold, failures
    under 1 - target, and the per-stream failure bound is the same budget."""
    k6 = _thresholds("baseline")
    tag = {"redirect": "redirect", "create": "creation"}
    for s in SPEC.slos:
        t = tag[s.sli.route]
        if s.sli.kind == "latency":
            assert f"p({s.target * 100:g})<{s.sli.threshold_ms:g}" in k6[f"http_req_duration{{type:{t}}}"]
        else:
            assert f"rate<{1 - s.target:.2g}" in k6["http_req_failed"]
            assert f"rate<{1 - s.target:.2g}" in k6[f"http_req_failed{{type:{t}}}"]


def _spec(**changes) -> SloSpec:
    data = yaml.safe_load(SPEC_FILE.read_text())
    for s in data["slos"]:
        s.update(changes.get(s["name"], {}))
    return SloSpec.model_validate(data)


def test_changing_the_spec_changes_the_k6_thresholds():
    """Not a copy: move the redirect latency SLO to 99 % within 250 ms and availability to 99.5 %."""
    spec = _spec(**{"redirect-latency": {"target": 0.99, "sli": {"kind": "latency", "route": "redirect",
                                                                  "threshold_ms": 250}},
                    "redirect-availability": {"target": 0.995}})
    def exprs(scenario, metric):
        return {o.expression() for o in from_seed(scenario, spec).objectives if o.k6_metric == metric}

    assert "p(99)<250" in exprs("baseline", "http_req_duration{type:redirect}")
    assert "p(95)<100" not in exprs("baseline", "http_req_duration{type:redirect}")
    assert exprs("baseline", "http_req_failed") == {"rate<0.005"}  # the tightest availability budget
    assert "p(99)<375" in exprs("peak", "http_req_duration{type:redirect}")  # x 1.5, the peak load factor


def test_scenario_js_counts_slow_requests_against_the_spec_threshold():
    plan = build_plan(SCENARIOS["viral"], SLOS["viral"], rate_scale=1.0, base_url="http://127.0.0.1:1")
    assert plan["params"]["sloSlowMs"] == {"redirect": 100, "viral": 100, "creation": 500}
    assert plan["options"]["thresholds"]["slo_slow{type:viral}"] == ["rate>=0"]
    js = (Path(k6harness.__file__).parent / "scenario.js").read_text()
    assert re.search(r"new Rate\('slo_slow'\)", js) and "sloSlow.add(d > P.sloSlowMs[type]" in js


def _rate(passes: int, total: int) -> dict:
    return {"type": "rate", "values": {"rate": passes / total if total else 0, "passes": passes, "fails": total - passes}}


def test_verdict_states_inside_and_budget_share_per_slo():
    summary = {"metrics": {
        "http_req_failed{type:redirect}": _rate(5, 1000),  # 0.5 %: inside 99 %
        "http_req_failed{type:viral}": _rate(0, 500),
        "http_req_failed{type:creation}": _rate(3, 100),  # 3 %: outside 99 %
        "slo_slow{type:redirect}": _rate(40, 1000),
        "slo_slow{type:viral}": _rate(60, 500),  # 100 / 1500 = 6.7 %: outside 95 %
        "slo_slow{type:creation}": _rate(2, 100),
    }}
    rows = {r["slo"]: r for r in slo_rows(summary, {"redirect": 1000, "viral": 500, "creation": 100})}
    assert (rows["redirect-availability"]["bad"], rows["redirect-availability"]["requests"]) == (5, 1500)
    assert rows["redirect-availability"]["inside"] is True and rows["create-availability"]["inside"] is False
    assert rows["redirect-latency"]["inside"] is False and rows["create-latency"]["inside"] is True
    redirects_30d = derive_rates()["redirect_avg"] * 30 * 86400
    assert rows["redirect-availability"]["budget_share"] == pytest.approx(5 / (0.01 * redirects_30d))
    table = "\n".join(lines(summary, {"redirect": 1000, "viral": 500, "creation": 100}))
    assert "| redirect-latency | 0.95 within 100 ms | 1500 | 100 | 6.667% | NO |" in table


def test_a_stream_without_planned_traffic_is_not_exercised():
    rows = {r["slo"]: r for r in slo_rows({"metrics": {}}, {"redirect": 100})}
    assert rows["create-availability"]["inside"] is None and rows["create-availability"]["requests"] == 0
    assert rows["redirect-availability"]["inside"] is None  # planned but k6 reported nothing
