"""Real k6 against the loopback Shlink stub: every scenario scaled to <= 20 s, plus a failing SLO."""

import json
import urllib.request

import pytest

from k6harness.cli import main
from k6harness.model import SCENARIOS
from testing.shlink_stub import ShlinkStub

# (time-scale, rate-scale) keeping each run's load phase <= 20 s and the machine's 2 cores calm
SCALES = {"baseline": (0.02, 1.0), "peak": (0.04, 0.5), "viral": (0.03, 0.5), "cache": (0.04, 0.5)}


@pytest.mark.parametrize("name", sorted(SCENARIOS))
def test_scenario_against_stub(name, tmp_path, capsys):
    t, r = SCALES[name]
    assert SCENARIOS[name].scaled(t, r).duration_s <= 20
    out = tmp_path / name
    with ShlinkStub("key") as stub:
        code = main([name, "--base-url", stub.url, "--api-key", "key", "--time-scale", str(t),
                     "--rate-scale", str(r), "--out", str(out), "--redis-url", "redis://127.0.0.1:1/0"])
        served = dict(stub.state.served)
    assert code == 0, (out / "verdict.md").read_text()
    summary = json.loads((out / "summary.json").read_text())
    plan = json.loads((out / "plan.json").read_text())
    metrics = summary["metrics"]
    # k6's request count equals what the server served (health/list are the pre-flight's)
    assert metrics["http_reqs"]["values"]["count"] == served.get("create", 0) + served.get("redirect", 0)
    assert metrics.get("dropped_iterations", {}).get("values", {}).get("count", 0) == 0
    for tag, expected in plan["expected"].items():
        got = metrics[f"http_reqs{{type:{tag}}}"]["values"]["count"]
        assert got == pytest.approx(expected, rel=0.1, abs=3), tag
    assert metrics["http_reqs{type:setup}"]["values"]["count"] == SCENARIOS[name].setup_urls
    report = (out / "report.html").read_text()
    assert "<html" in report.lower() and report.rstrip().endswith("</html>")
    assert "| `http_req_failed` | `rate<" in (out / "verdict.md").read_text()


def test_failing_slo_exits_non_zero(tmp_path):
    out = tmp_path / "slow"
    with ShlinkStub("key", latency_s=0.35) as stub:
        code = main(["cache", "--base-url", stub.url, "--api-key", "key", "--time-scale", "0.02",
                     "--rate-scale", "0.2", "--out", str(out), "--redis-url", "redis://127.0.0.1:1/0"])
    assert code == 99
    verdict = (out / "verdict.md").read_text()
    assert verdict.startswith("# cache: FAIL")
    assert "| `http_req_duration{type:redirect}` | `p(95)<150` |" in verdict and "| FAIL |" in verdict


def test_stub_serves_slug_conflict_as_problem_json():
    with ShlinkStub("key") as stub:
        def post(slug):
            req = urllib.request.Request(stub.url + "/rest/v3/short-urls", method="POST",
                                         data=json.dumps({"longUrl": "https://e.org", "customSlug": slug}).encode(),
                                         headers={"X-Api-Key": "key", "Content-Type": "application/json"})
            try:
                with urllib.request.urlopen(req, timeout=2) as r:
                    return r.status, json.loads(r.read())
            except urllib.error.HTTPError as e:
                return e.code, json.loads(e.read())
        assert post("s")[0] == 200
        status, body = post("s")
    assert status == 400 and body["type"].endswith("non-unique-slug")


def test_host_header_routes_through_a_virtual_host(tmp_path, capsys):
    with ShlinkStub("key", required_host="shlink.kind.local") as stub:
        args = ["cache", "--base-url", stub.url, "--api-key", "key", "--time-scale", "0.01", "--rate-scale", "0.2",
                "--redis-url", "redis://127.0.0.1:1/0"]
        assert main(args + ["--out", str(tmp_path / "no-host")]) == 2
        assert "answered 404" in capsys.readouterr().err
        assert main(args + ["--out", str(tmp_path / "host"), "--host-header", "shlink.kind.local"]) == 0
        assert stub.state.served["redirect"] > 0
