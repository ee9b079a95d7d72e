"""pytest plugin of the kind tier (loaded once with `-p kindlab.fixtures`, so the session fixture
creates ONE cluster for every suite in the run); every suite skips with the reason when the tier is unavailable."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from kindlab import pins as pins_mod
from kindlab.tools import resolve

GATEWAY_SERVICE, GATEWAY_NS, GATEWAY_PORT = "svc/istio-gateway", "istio-ingress", 80


def docker_reason() -> str | None:
    docker = shutil.which("docker")
    if not docker:
        return "docker CLI not installed"
    r = subprocess.run([docker, "info", "--format", "{{.ServerVersion}}"], capture_output=True, timeout=20)
    return None if r.returncode == 0 else "no Docker daemon reachable"


def tier_status():
    """(pins, tools, None) when the tier can run here, else (pins, None, one-line reason)."""
    pins = pins_mod.load()
    reason = docker_reason()
    tools = None
    if reason is None:
        tools, reason = resolve(pins)
    if reason is None and not os.environ.get("SHLINK_IMAGE"):
        reason = "SHLINK_IMAGE not set (build it with bazel run //images/shlink:build)"
    return pins, tools, reason


def skip_reason(reason: str | None) -> str | None:
    return f"kind e2e skipped: {reason}; runs in the GitHub Actions e2e workflow" if reason else None


PINS, TOOLS, _REASON = tier_status()
REASON = skip_reason(_REASON)
requires_kind = pytest.mark.skipif(REASON is not None, reason=REASON or "")


@pytest.fixture(scope="session")
def lab(request):
    from kindlab.cluster import collect_diagnostics, lab_session

    state = os.environ.get("E2E_STATE_DIR")
    workdir = Path(state) if state else Path(tempfile.mkdtemp(prefix="kindlab-"))
    workdir.mkdir(parents=True, exist_ok=True)
    with lab_session(os.environ["SHLINK_IMAGE"], workdir, TOOLS, PINS) as running:
        yield running
        if request.session.testsfailed:
            collect_diagnostics(running, "tests-failed")


@pytest.fixture(scope="session")
def gateway(lab):
    """Base URL of the ingress gateway through a loopback port-forward."""
    with lab.port_forward(GATEWAY_SERVICE, GATEWAY_NS, GATEWAY_PORT) as port:
        yield f"http://127.0.0.1:{port}"


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


def create_short_url(gateway: str, lab, long_url: str, **extra):
    return http("POST", f"{gateway}/rest/v3/short-urls", host=lab.host, api_key=lab.api_key,
                body={"longUrl": long_url, **extra})
