"""Postgres probe against a loopback fake of the Prometheus query API that this test starts."""

import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from k6harness.prometheus import PrometheusProbe


@pytest.fixture
def prometheus():
    queries = []
    answers = {"blks_hit": "990", "blks_read": "10", "top_mean": "1.25"}

    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_GET(self):
            q = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
            queries.append(q["query"][0])
            value = next((v for k, v in answers.items() if k in q["query"][0]), None)
            result = [] if value is None else [{"metric": {}, "value": [float(q["time"][0]), value]}]
            data = json.dumps({"status": "success", "data": {"resultType": "vector", "result": result}}).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = HTTPServer(("127.0.0.1", 0), H)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", queries, answers
    server.shutdown()


def test_ratio_and_visit_latency(prometheus):
    url, queries, _ = prometheus
    lines = PrometheusProbe(url).lines(1000.0, 1120.0)
    assert "0.9900 (990 hits, 10 reads)" in lines[0] and "1.25 ms" in lines[1]
    assert 'ccp_stat_database_blks_hit{dbname="shlink"}[120s]' in queries[0]
    assert "ccp_pg_stat_statements_top_mean_exec_time_ms" in queries[2] and "visits" in queries[2]


def test_missing_series_is_na(prometheus):
    url, _, answers = prometheus
    answers.clear()
    lines = PrometheusProbe(url).lines(0, 60)
    assert "n/a" in lines[0] and "n/a" in lines[1]


def test_unreachable_is_reported_not_raised():
    lines = PrometheusProbe("http://127.0.0.1:1").lines(0, 60)
    assert lines[0].startswith("Postgres") and "not measured" in lines[0]
