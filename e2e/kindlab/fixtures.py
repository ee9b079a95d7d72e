"""pytest plugin of the kind tier (loaded once with `-p kindlab.fixtures`, so the session fixture
creates ONE cluster for every suite in the run); every suite skips with the reason when the tier is unavailable."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from kindlab import pins as pins_mod
from kindlab.httpclient import Headers, http  # noqa: F401  (re-exported for the suites)
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
# The workflows set TIER_REQUIRED=1: there a missing piece must fail the run, never turn it into skips.
REQUIRED = os.environ.get("TIER_REQUIRED") == "1"
requires_kind = pytest.mark.skipif(REASON is not None and not REQUIRED, reason=REASON or "")


@pytest.fixture(scope="session")
def lab(request):
    from kindlab.cluster import collect_diagnostics, lab_session

    if _REASON is not None:
        pytest.fail(f"TIER_REQUIRED=1 but the kind tier cannot run: {_REASON}", pytrace=False)
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


def create_short_url(gateway: str, lab, long_url: str, **extra):
    return http("POST", f"{gateway}/rest/v3/short-urls", host=lab.host, api_key=lab.api_key,
                body={"longUrl": long_url, **extra})
