"""The suites' HTTP helper against a loopback stand-in that sends lower-case header names, as Envoy
does on HTTP/1.1 (the ingress gateway is Envoy): lookups must not depend on header case."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from kindlab.httpclient import Headers, http


class EnvoyLikeShlink(BaseHTTPRequestHandler):
    """Named stand-in: a 302 with `location`, and a problem+json 400, both with lower-case header names."""

    protocol_version = "HTTP/1.1"

    def _send(self, status, headers, body=b""):
        self.send_response_only(status)
        for k, v in headers:
            self.send_header(k, v)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.headers["Host"] != "shlink.test":
            return self._send(404, [("content-type", "text/html")], b"<h1>not found</h1>")
        self._send(302, [("location", "https://example.com/x"), ("server", "envoy")])

    def do_POST(self):
        body = b'{"type":"https://shlink.io/api/error/non-unique-slug","status":400}'
        self._send(400, [("content-type", "application/problem+json")], body)

    def log_message(self, *a):
        pass


@pytest.fixture(scope="module")
def base():
    server = ThreadingHTTPServer(("127.0.0.1", 0), EnvoyLikeShlink)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_redirect_location_found_whatever_the_case(base):
    status, headers, _ = http("GET", f"{base}/abc", host="shlink.test")
    assert status == 302
    assert headers["Location"] == headers["location"] == "https://example.com/x"
    assert "LOCATION" in headers and headers.get("Server") == "envoy"


def test_problem_json_content_type_found_whatever_the_case(base):
    status, headers, body = http("POST", f"{base}/rest/v3/short-urls", host="shlink.test", body={"longUrl": "x"})
    assert status == 400 and headers["Content-Type"].startswith("application/problem+json")
    assert body["type"].endswith("non-unique-slug")


def test_host_header_is_sent(base):
    assert http("GET", f"{base}/abc", host="other.test")[0] == 404


def test_headers_mapping_is_case_insensitive_and_can_fail():
    h = Headers([("Content-Type", "a"), ("x-b", "b")])
    assert h["content-type"] == "a" and h["X-B"] == "b"
    with pytest.raises(KeyError):
        h["location"]
