"""The suites' HTTP client: no redirects followed, Host header set, header lookups case-insensitive."""

from __future__ import annotations

import json
import urllib.error
import urllib.request


class Headers(dict):
    """Response headers with case-insensitive lookup: Envoy lower-cases HTTP/1.1 header names."""

    def __init__(self, items):
        super().__init__((k.lower(), v) for k, v in items)

    def __getitem__(self, key: str):
        return super().__getitem__(key.lower())

    def get(self, key: str, default=None):
        return super().get(key.lower(), default)

    def __contains__(self, key) -> bool:
        return super().__contains__(key.lower())


def http(method: str, url: str, *, host: str, api_key: str | None = None, body: dict | None = None,
         timeout: float = 10):
    """(status, headers, parsed body) without following redirects."""
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    headers = {"Host": host, "Accept": "application/json"}
    if api_key:
        headers["X-Api-Key"] = api_key
    data = None
    if body is not None:
        data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=timeout) as r:
            raw, status, hdrs = r.read(), r.status, Headers(r.headers.items())
    except urllib.error.HTTPError as e:
        raw, status, hdrs = e.read(), e.code, Headers(e.headers.items())
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode(errors="replace")
    return status, hdrs, parsed
