"""TEST FIXTURE: a loopback stand-in for Shlink 4.6's REST API and redirects as seen through the
Istio ingress gateway, counting what it serves, with switches that inject faults. Binds to 127.0.0.1.

Behaviour, verified against shlinkio/shlink@v4.6.0 (facts only; no upstream code or page is copied):
- header names are lower-case, as Envoy sends them over HTTP/1.1 (`server: istio-envoy` as the gateway's);
- a missing `X-Api-Key` answers 401 application/problem+json with type `https://shlink.io/api/error/
  missing-authentication`, title "Invalid authorization" and `expectedHeaders` (module/Rest/src/
  Middleware/AuthenticationMiddleware.php, module/Rest/src/Exception/MissingAuthenticationException.php);
  a wrong key answers type `.../invalid-api-key`, title "Invalid API key"
  (module/Rest/src/Exception/VerifyAuthenticationException.php); the type prefix is
  module/Core/functions/functions.php `toProblemDetailsType`;
- an unknown short code answers 404 with an HTML page (text/html), not problem+json: the redirect route
  matched but no short URL exists, so NotFoundTemplateHandler renders invalid-short-code.html
  (module/Core/src/ErrorHandler/NotFoundTemplateHandler.php, module/Core/src/ErrorHandler/Model/NotFoundType.php);
  any other unknown path gets the plain 404 page;
- a known short code answers 302 with `location` (default REDIRECT_STATUS_CODE 302,
  module/Core/src/Config/Options/RedirectOptions.php);
- a creation answers 200 with the full short URL body: shortUrl (on the default domain), shortCode,
  longUrl, dateCreated, tags, meta{validSince, validUntil, maxVisits}, domain (null for the default
  domain), title, crawlable (default false), forwardQuery (default true), visitsSummary{total, nonBots,
  bots}, hasRedirectRules (module/Rest/src/Action/ShortUrl/AbstractCreateShortUrlAction.php,
  module/Core/src/ShortUrl/Transformer/ShortUrlDataTransformer.php, module/Core/src/ShortUrl/Entity/
  ShortUrl.php `toArray`, module/Core/src/Visit/Model/VisitsSummary.php); generated codes have 5
  characters (config/constants.php DEFAULT_SHORT_CODES_LENGTH); a taken custom slug answers 400
  `.../non-unique-slug`, title "Invalid custom slug" (module/Core/src/Exception/NonUniqueSlugException.php);
  a body without longUrl answers 400 `.../invalid-data` (module/Core/src/Exception/ValidationException.php);
- list endpoints carry `pagination` {currentPage, pagesCount, itemsPerPage, itemsInCurrentPage,
  totalItems}, 10 items per page by default (docs/swagger/definitions/Pagination.json,
  module/Core/src/ShortUrl/Model/ShortUrlsParams.php DEFAULT_ITEMS_PER_PAGE);
- /rest/health answers application/health+json {status, version, links{about, project}}: 200 "pass",
  or 503 "fail" when the database is unreachable (module/Rest/src/Action/HealthAction.php).

Fault switches (`Faults`): slow creations, 5xx on creations after N, dropped connections, health 503.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import secrets
import socket
import string
import threading
import urllib.parse
from collections import Counter
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PROBLEM = "https://shlink.io/api/error/"
CODE_ALPHABET = string.ascii_letters + string.digits
SHORT_CODE_LENGTH = 5
ITEMS_PER_PAGE = 10
VERSION = "4.6.0"
HEALTH_LINKS = {"about": "https://shlink.io", "project": "https://github.com/shlinkio/shlink"}
NOT_FOUND_HTML = ("<!DOCTYPE html><html lang=\"en\"><head><title>{title} | Shlink</title></head>"
                  "<body><h1>404</h1><p>{title}</p></body></html>")


@dataclass
class Faults:
    """Switches, all off by default. Settable while the stub runs."""

    create_latency_s: float = 0.0  # every creation waits this long before answering
    create_5xx_after: int | None = None  # creations after the first N answer 503
    drop_every: int | None = None  # every k-th request (of any kind) gets its connection closed, no answer
    drop_after_creates: int = 0  # ... counting only requests after this many successful creations
    health_503: bool = False  # /rest/health answers 503 "fail" (database unreachable)


class StubState:
    def __init__(self, api_key: str, latency_s: float = 0.0, required_host: str | None = None,
                 faults: Faults | None = None, domain: str = "s.test"):
        self.api_key = api_key
        self.required_host = required_host
        self.latency_s = latency_s
        self.faults = faults or Faults()
        self.domain = domain
        self.urls: dict[str, dict] = {}  # short code -> stored short URL
        self.served: Counter = Counter()  # kind of request -> count
        self.redirects: Counter = Counter()  # short code -> redirects served
        self.creates_ok = 0
        self.requests = 0
        self.lock = threading.Lock()


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _handler(state: StubState):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            super().setup()
            # Headers and body go out in separate writes: without NODELAY, Nagle + delayed ACK add 40 ms.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, *args):
            pass

        def send_response(self, code, message=None):
            """Status line plus lower-case `server`/`date`, as Envoy forwards them."""
            self.send_response_only(code, message)
            self.send_header("server", "istio-envoy")
            self.send_header("date", self.date_time_string())

        def _send(self, status: int, body=None, ctype="application/json", headers=None):
            data = body.encode() if isinstance(body, str) else (json.dumps(body).encode() if body is not None else b"")
            self.send_response(status)
            self.send_header("content-type", ctype)
            self.send_header("content-length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k.lower(), v)
            self.end_headers()
            self.wfile.write(data)

        def _problem(self, status: int, code: str, title: str, detail: str, **extra):
            self._send(status, {"type": PROBLEM + code, "title": title, "detail": detail, "status": status, **extra},
                       "application/problem+json")

        def _count(self, kind: str):
            with state.lock:
                state.served[kind] += 1

        def _dropped(self) -> bool:
            """Fault: close the connection without an answer on every k-th request."""
            with state.lock:
                if state.creates_ok < state.faults.drop_after_creates:
                    return False
                state.requests += 1
                n = state.requests
            k = state.faults.drop_every
            if k and n % k == 0:
                self._count("dropped")
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return True
            return False

        def _authorised(self) -> bool:
            key = self.headers.get("x-api-key")
            if key == state.api_key:
                return True
            if not key:
                self._problem(401, "missing-authentication", "Invalid authorization",
                              'Expected one of the following authentication headers, ["X-Api-Key"], but none were '
                              "provided", expectedHeaders=["X-Api-Key"])
            else:
                self._problem(401, "invalid-api-key", "Invalid API key", "Provided API key does not exist or is invalid.")
            return False

        def _wrong_host(self) -> bool:
            """Like an ingress gateway: requests for another virtual host get 404."""
            if state.required_host and self.headers.get("host") != state.required_host:
                self._count("wrong-host")
                self._send(404, "", "text/plain")
                return True
            return False

        def _not_found(self, title: str):
            self._send(404, NOT_FOUND_HTML.format(title=title), "text/html; charset=utf-8")

        def do_GET(self):
            if self._dropped() or self._wrong_host():
                return
            if state.latency_s:
                threading.Event().wait(state.latency_s)
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/rest/health":
                self._count("health")
                down = state.faults.health_503
                return self._send(503 if down else 200, {"status": "fail" if down else "pass", "version": VERSION,
                                                         "links": HEALTH_LINKS}, "application/health+json")
            if url.path in ("/rest/v3/short-urls", "/rest/v2/short-urls"):
                self._count("list")
                if self._authorised():
                    self._list(urllib.parse.parse_qs(url.query))
                return
            if url.path.startswith("/rest/"):
                self._count("not-found")
                return self._not_found("Not Found")
            code = url.path.lstrip("/")
            with state.lock:
                target = state.urls.get(code)
                if target:
                    state.redirects[code] += 1
            self._count("redirect" if target else "redirect-miss")
            if target:
                return self._send(302, "", "text/plain", {"location": target["longUrl"]})
            self._not_found("Invalid Short URL")

        def _list(self, query: dict):
            try:
                page = max(1, int(query.get("page", ["1"])[0]))
                per_page = int(query.get("itemsPerPage", [str(ITEMS_PER_PAGE)])[0])
            except ValueError:
                return self._problem(400, "invalid-data", "Invalid data", "Provided data is not valid")
            with state.lock:
                items = list(state.urls.values())
            per_page = per_page if per_page > 0 else max(1, len(items))  # -1: everything on one page
            chunk = items[(page - 1) * per_page: page * per_page]
            self._send(200, {"shortUrls": {"data": chunk, "pagination": {
                "currentPage": page, "pagesCount": math.ceil(len(items) / per_page) if items else 0,
                "itemsPerPage": per_page, "itemsInCurrentPage": len(chunk), "totalItems": len(items)}}})

        def do_POST(self):
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length)
            if self._dropped() or self._wrong_host():
                return
            if self.path != "/rest/v3/short-urls":
                self._count("not-found")
                return self._not_found("Not Found")
            self._count("create")
            if not self._authorised():
                return
            f = state.faults
            if f.create_latency_s:
                threading.Event().wait(f.create_latency_s)
            with state.lock:
                failing = f.create_5xx_after is not None and state.creates_ok >= f.create_5xx_after
            if failing:
                self._count("create-5xx")
                return self._send(503, "upstream connect error or disconnect/reset before headers", "text/plain")
            try:
                body = json.loads(raw)
                long_url = body["longUrl"]
                tags = [str(t) for t in body.get("tags", [])]
            except (ValueError, KeyError, TypeError):
                return self._problem(400, "invalid-data", "Invalid data", "Provided data is not valid",
                                     invalidElements=["longUrl"])
            slug = body.get("customSlug")
            with state.lock:
                conflict = bool(slug) and slug in state.urls
                if not conflict:
                    code = slug or "".join(secrets.choice(CODE_ALPHABET) for _ in range(SHORT_CODE_LENGTH))
                    short = {
                        "shortUrl": f"https://{state.domain}/{code}", "shortCode": code, "longUrl": long_url,
                        "dateCreated": _now(), "tags": tags,
                        "meta": {"validSince": body.get("validSince"), "validUntil": body.get("validUntil"),
                                 "maxVisits": body.get("maxVisits")},
                        "domain": None, "title": body.get("title"), "crawlable": bool(body.get("crawlable", False)),
                        "forwardQuery": bool(body.get("forwardQuery", True)),
                        "visitsSummary": {"total": 0, "nonBots": 0, "bots": 0}, "hasRedirectRules": False,
                    }
                    state.urls[code] = short
                    state.creates_ok += 1
            if conflict:
                return self._problem(400, "non-unique-slug", "Invalid custom slug",
                                     f'Provided slug "{slug}" is already in use.', customSlug=slug)
            self._send(200, short)

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # dropped connections (a fault switch) end in socket errors: not worth a traceback


class ShlinkStub:
    """Start with `with ShlinkStub(api_key) as stub:`; `stub.url`, `stub.state.served`, `stub.state.faults`."""

    def __init__(self, api_key: str = "test-key", latency_s: float = 0.0, required_host: str | None = None,
                 faults: Faults | None = None):
        self.state = StubState(api_key, latency_s, required_host, faults)
        self.server = _Server(("127.0.0.1", 0), _handler(self.state))
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

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--api-key", default="test-key")
    ap.add_argument("--seconds", type=float, default=300, help="stop after this long")
    ap.add_argument("--create-latency", type=float, default=0.0)
    ap.add_argument("--create-5xx-after", type=int)
    ap.add_argument("--drop-every", type=int)
    ap.add_argument("--health-503", action="store_true")
    a = ap.parse_args()
    faults = Faults(a.create_latency, a.create_5xx_after, a.drop_every, health_503=a.health_503)
    with ShlinkStub(a.api_key, faults=faults) as stub:
        print(stub.url, flush=True)
        time.sleep(a.seconds)
        print(json.dumps(stub.state.served), flush=True)
