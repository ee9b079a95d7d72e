"""pytest fixtures shared by the kind suites; every suite skips with the reason when the tier is unavailable."""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request

import pytest

from kindlab.requirements import skip_reason

REASON = skip_reason()
requires_kind = pytest.mark.skipif(REASON is not None, reason=REASON or "")


@pytest.fixture(scope="module")
def lab():
    from kindlab.cluster import lab_session

    with lab_session(os.environ["SHLINK_IMAGE"]) as running:
        yield running


@pytest.fixture(scope="module")
def gateway(lab):
    """Base URL of the ingress gateway through a loopback port-forward."""
    with lab.port_forward("svc/istio-gateway", "istio-ingress", 80) as port:
        yield f"http://127.0.0.1:{port}"


def http(method: str, url: str, *, host: str, api_key: str | None = None, body: dict | None = None):
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
        with opener.open(req, timeout=10) as r:
            raw, status, hdrs = r.read(), r.status, dict(r.headers)
    except urllib.error.HTTPError as e:
        raw, status, hdrs = e.read(), e.code, dict(e.headers)
    try:
        parsed = json.loads(raw) if raw else None
    except ValueError:
        parsed = raw.decode(errors="replace")
    return status, hdrs, parsed
