"""k6 summary parsing against a summary the real k6 wrote, for a loopback server that fails 1 request in 4."""

import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from kindlab.k6summary import SummaryError, load_result, read

SCRIPT = """
import http from 'k6/http';
export const options = { scenarios: { s: { executor: 'shared-iterations', vus: 1, iterations: 40 } } };
export default function () { http.get(__ENV.TARGET); }
export function handleSummary(data) { return { [__ENV.SUMMARY]: JSON.stringify(data) }; }
"""


class EveryFourthFails(http.server.BaseHTTPRequestHandler):
    """Loopback target: 503 on every 4th request, 200 otherwise."""

    count = 0

    def do_GET(self):
        EveryFourthFails.count += 1
        self.send_response(503 if EveryFourthFails.count % 4 == 0 else 200)
        self.send_header("content-length", "0")
        self.end_headers()

    def log_message(self, *a):
        pass


@pytest.fixture(scope="module")
def k6_summary(tmp_path_factory):
    k6 = Path(sys.executable).parent / "k6"
    if not k6.exists():
        pytest.skip("k6 not in the locked venv")
    tmp = tmp_path_factory.mktemp("k6")
    (tmp / "s.js").write_text(SCRIPT)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EveryFourthFails)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        r = subprocess.run([str(k6), "run", "--quiet", str(tmp / "s.js")], capture_output=True,
                           text=True, timeout=120, env={"TARGET": f"http://127.0.0.1:{server.server_port}/",
                                                        "SUMMARY": str(tmp / "summary.json"), "HOME": str(tmp), "K6_NO_USAGE_REPORT": "true"})
    finally:
        server.shutdown()
    assert (tmp / "summary.json").exists(), r.stderr[-500:]
    return tmp / "summary.json"


def test_failed_rate_and_requests_from_a_real_k6_summary(k6_summary):
    res = read(k6_summary)
    assert res.requests == 40
    assert res.failed == 10 and res.failed_rate == pytest.approx(0.25)
    assert res.failed_rate >= 0.01  # the chaos threshold would reject this run


def test_missing_metric_is_a_one_line_error(k6_summary):
    data = json.loads(k6_summary.read_text())
    del data["metrics"]["http_req_failed"]
    with pytest.raises(SummaryError) as e:
        load_result(data, "x.json")
    assert "http_req_failed" in str(e.value) and "\n" not in str(e.value)


def test_no_requests_cannot_be_judged():
    with pytest.raises(SummaryError, match="no requests"):
        load_result({"metrics": {"http_reqs": {"values": {"count": 0}}, "http_req_failed": {"values": {"rate": 0}}}})


def test_unreadable_file(tmp_path):
    (tmp_path / "s.json").write_text("{not json")
    with pytest.raises(SummaryError, match="unreadable"):
        read(tmp_path / "s.json")
