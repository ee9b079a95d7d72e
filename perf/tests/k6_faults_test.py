"""Fault injection through the loopback stub: each fault gives the verdict it deserves (ERROR or FAIL)
where the old harness said PASS (empty trends as p95 = 0, one overall failure budget, no delivery check)."""

import json

from k6harness.cli import main
from testing.shlink_stub import Faults, ShlinkStub


def run(name, tmp_path, faults, *extra, t="0.03", r="0.5"):
    out = tmp_path / name
    with ShlinkStub("key", faults=faults) as stub:
        code = main([name, "--base-url", stub.url, "--api-key", "key", "--time-scale", t, "--rate-scale", r,
                     "--out", str(out), "--redis-url", "redis://127.0.0.1:1/0", *extra])
    return code, out, stub.state


def test_setup_timeout_is_error(tmp_path):
    """Slow creations: setup() times out (k6 exit 100) after some URLs; no load is sent -> ERROR, exit 3."""
    code, out, state = run("peak", tmp_path, Faults(create_latency_s=0.2), "--setup-timeout", "2")
    verdict = (out / "verdict.md").read_text()
    assert code == 3 and verdict.startswith("# peak: ERROR"), verdict
    assert "k6 exited 100" in verdict and "setup() did not complete" in verdict
    assert 0 < state.served["create"] < 200 and state.served["redirect"] == 0
    assert "Setup: did not complete" in verdict
    assert (out / "k6.log").read_text().strip()  # the log is kept on error


def test_every_creation_failing_is_fail(tmp_path):
    """5xx on every creation after setup: ~3 % of viral traffic, under the overall 5 % budget -> FAIL anyway."""
    code, out, state = run("viral", tmp_path, Faults(create_5xx_after=300))
    verdict = (out / "verdict.md").read_text()
    summary = json.loads((out / "summary.json").read_text())
    m = summary["metrics"]
    assert m["http_req_failed"]["values"]["rate"] < 0.05  # what the old harness looked at
    assert code == 1 and verdict.startswith("# viral: FAIL"), verdict
    assert "| `http_req_failed{type:creation}` | `rate<0.05` | 1 | FAIL |" in verdict
    assert "| `checks{type:creation}` | `rate>0.99` | 0 | FAIL |" in verdict
    assert "creation: served 0 of" in verdict
    failures = (out / "failures.log").read_text().splitlines()
    assert 0 < len(failures) <= 5 and all("status=503" in f for f in failures)


def test_dropped_connections_are_under_delivery(tmp_path):
    """After setup, 1 request in 5 gets its connection closed without an answer. k6's Go transport retries
    the idempotent GETs on a fresh connection, so only POSTs fail: the overall failure rate stays far under
    viral's 5 % budget (the old harness's only budget), but the creation stream falls short of its plan -> FAIL."""
    code, out, state = run("viral", tmp_path, Faults(drop_every=5, drop_after_creates=300))
    verdict = (out / "verdict.md").read_text()
    m = json.loads((out / "summary.json").read_text())["metrics"]
    assert m["http_req_failed"]["values"]["rate"] < 0.05
    assert code == 1 and verdict.startswith("# viral: FAIL"), verdict
    assert "creation: served" in verdict and "< 98 %" in verdict and state.served["dropped"] > 0
    assert "created 300 of 300" in verdict
