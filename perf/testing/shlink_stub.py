"""TEST FIXTURE: a loopback stand-in for the Shlink v3 REST API, counting what it serves.

Speaks just enough of the API for the perf harness: health, create (with slug conflicts and
key checks), list (key check) and redirects. Binds to 127.0.0.1 only."""

from __future__ import annotations

import json
import secrets
import socket
import threading
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class StubState:
    def __init__(self, api_key: str, latency_s: float = 0.0, required_host: str | None = None):
        self.api_key = api_key
        self.required_host = required_host
        self.latency_s = latency_s
        self.urls: dict[str, str] = {}
        self.served: Counter = Counter()
        self.lock = threading.Lock()


def _handler(state: StubState):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            super().setup()
            # Headers and body go out in separate writes: without NODELAY, Nagle + delayed ACK add 40 ms.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, *args):
            pass

        def _send(self, status: int, body: dict | None = None, ctype="application/json", headers=None):
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def _count(self, kind: str):
            with state.lock:
                state.served[kind] += 1

        def _authorised(self) -> bool:
            if self.headers.get("X-Api-Key") == state.api_key:
                return True
            self._send(401, {"type": "https://shlink.io/api/error/invalid-api-key", "title": "Invalid API key",
                             "status": 401, "detail": "Provided API key does not exist or is invalid."},
                       "application/problem+json")
            return False

        def _wrong_host(self) -> bool:
            """Like an ingress gateway: requests for another virtual host get 404."""
            if state.required_host and self.headers.get("Host") != state.required_host:
                self._count("wrong-host")
                self._send(404, {"status": 404, "detail": "no route for host"})
                return True
            return False

        def do_GET(self):
            if self._wrong_host():
                return
            if state.latency_s:
                threading.Event().wait(state.latency_s)
            if self.path == "/rest/health":
                self._count("health")
                return self._send(200, {"status": "pass", "version": "4.6.0"}, "application/health+json")
            if self.path.startswith("/rest/v3/short-urls"):
                self._count("list")
                if self._authorised():
                    self._send(200, {"shortUrls": {"data": [], "pagination": {"totalItems": len(state.urls)}}})
                return
            code = self.path.lstrip("/").split("?")[0]
            with state.lock:
                target = state.urls.get(code)
            self._count("redirect" if target else "redirect-miss")
            if target:
                return self._send(302, None, "text/plain", {"Location": target})
            self._send(404, {"type": "https://shlink.io/api/error/short-url-not-found", "status": 404},
                       "application/problem+json")

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length)
            if self._wrong_host():
                return
            if self.path != "/rest/v3/short-urls":
                return self._send(404, {"status": 404})
            self._count("create")
            if not self._authorised():
                return
            try:
                body = json.loads(raw)
                long_url = body["longUrl"]
            except (ValueError, KeyError):
                return self._send(400, {"type": "https://shlink.io/api/error/invalid-data", "status": 400},
                                  "application/problem+json")
            slug = body.get("customSlug")
            with state.lock:
                if slug and slug in state.urls:
                    conflict = True
                else:
                    conflict = False
                    code = slug or secrets.token_urlsafe(6).replace("-", "a").replace("_", "b")
                    state.urls[code] = long_url
            if conflict:
                return self._send(400, {"type": "https://shlink.io/api/error/non-unique-slug", "title": "Invalid custom slug",
                                        "status": 400, "detail": f'Provided slug "{slug}" is already in use.'},
                                  "application/problem+json")
            self._send(200, {"shortCode": code, "shortUrl": f"http://127.0.0.1/{code}", "longUrl": long_url})

    return Handler


class ShlinkStub:
    """Start with `with ShlinkStub(api_key) as stub:`; `stub.url`, `stub.state.served`."""

    def __init__(self, api_key: str = "test-key", latency_s: float = 0.0, required_host: str | None = None):
        self.state = StubState(api_key, latency_s, required_host)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self.state))
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> ShlinkStub:
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


if __name__ == "__main__":
    import argparse
    import time

    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--api-key", default="test-key")
    ap.add_argument("--seconds", type=float, default=300, help="stop after this long")
    a = ap.parse_args()
    with ShlinkStub(a.api_key) as stub:
        print(stub.url, flush=True)
        time.sleep(a.seconds)
        print(json.dumps(stub.state.served), flush=True)
