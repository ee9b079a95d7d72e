"""The verdict's rules on synthetic k6 summaries: ERROR, FAIL on empty submetrics, n/a for empty trends."""

from k6harness.verdict import judge, render

PLAN = {"expected": {"creation": 10.0, "redirect": 100.0}, "setup_planned": 5, "variant": "seed",
        "params": {"hotPool": "top20", "streams": {"creation": {"mix": [], "latencyCheckMs": None},
                                                    "redirect": {"mix": [{"share": 1.0}], "latencyCheckMs": None}}}}


def trend(count, p95, ok=True, expr="p(95)<100"):
    return {"type": "trend", "values": {"count": count, "p(95)": p95}, "thresholds": {expr: {"ok": ok}}}


def summary(**metrics):
    base = {
        "http_reqs{type:creation}": {"type": "counter", "values": {"count": 10}},
        "http_reqs{type:redirect}": {"type": "counter", "values": {"count": 100}},
        "checks{type:creation}": {"type": "rate", "values": {"rate": 1, "passes": 10, "fails": 0}},
        "checks{type:redirect}": {"type": "rate", "values": {"rate": 1, "passes": 100, "fails": 0}},
    }
    return {"metrics": base | metrics, "setup_data": {"created": 5, "planned": 5}}


def test_pass():
    j = judge(0, summary(**{"http_req_duration{type:redirect}": trend(100, 5)}), PLAN)
    assert j.status == "PASS" and j.exit_code == 0, j.reasons


def test_empty_trend_with_planned_traffic_fails_and_shows_na():
    """k6 evaluates an empty trend as p95 = 0 and says ok: the verdict must not."""
    s = summary(**{"http_req_duration{type:redirect}": trend(0, 0, ok=True)})
    j = judge(0, s, PLAN)
    assert j.status == "FAIL" and any("no samples" in r for r in j.reasons)
    assert "| `http_req_duration{type:redirect}` | `p(95)<100` | n/a | FAIL (no samples) |" in render("x", j, s, PLAN)


def test_no_summary_is_error():
    j = judge(107, None, PLAN)
    assert j.status == "ERROR" and j.exit_code == 3 and "107" in j.reasons[0]


def test_abnormal_exit_with_summary_is_error():
    assert judge(108, summary(), PLAN).status == "ERROR"


def test_setup_not_completed_is_error():
    s = summary()
    del s["setup_data"]
    assert judge(100, s, PLAN).status == "ERROR"
    assert judge(0, s, PLAN).status == "ERROR"


def test_short_setup_fails():
    s = summary()
    s["setup_data"] = {"created": 4}
    j = judge(0, s, PLAN)
    assert j.status == "FAIL" and "setup created 4 of 5" in j.reasons[0]


def test_under_delivery_fails():
    s = summary(**{"checks{type:redirect}": {"type": "rate", "values": {"rate": 1, "passes": 96, "fails": 0}}})
    j = judge(0, s, PLAN)
    assert j.status == "FAIL" and any(r.startswith("redirect: served 96 of 100") for r in j.reasons)
    s = summary(**{"checks{type:redirect}": {"type": "rate", "values": {"rate": 1, "passes": 97, "fails": 0}}})
    assert judge(0, s, PLAN).status == "PASS"  # 97 + 1 iteration of rounding >= 98 % of 100


def test_failed_threshold_fails():
    s = summary(**{"http_req_duration{type:redirect}": trend(100, 500, ok=False)})
    j = judge(99, s, PLAN)
    assert j.status == "FAIL" and j.exit_code == 1


def test_empty_side_of_the_seeds_latency_split_is_na_not_fail():
    s = summary(**{"cached_response_time": trend(100, 5, expr="p(95)<50"),
                   "uncached_response_time": trend(0, 0, expr="p(95)<150")})
    j = judge(0, s, PLAN)
    assert j.status == "PASS", j.reasons
    assert "| `uncached_response_time` | `p(95)<150` | n/a | n/a (empty side" in render("x", j, s, PLAN)
    s["metrics"]["cached_response_time"] = trend(0, 0, expr="p(95)<50")
    assert judge(0, s, PLAN).status == "FAIL"  # both sides empty: no redirect measured at all
