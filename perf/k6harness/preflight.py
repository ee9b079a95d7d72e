"""Pre-flight: resolve the API key and check the target before any load is sent."""

from __future__ import annotations

import base64
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path


class PreflightError(RuntimeError):
    """One-line reason the run cannot start."""


def tool(name: str) -> str:
    """A binary from the locked venv (k6, kubectl), else from PATH."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise PreflightError(f"{name} not found; run inside the Bazel toolchain (bazel run //perf:...)")
    return found


def api_key_from_cluster(namespace: str = "shlink", secret: str = "shlink-initial-api-key") -> str:
    cmd = [tool("kubectl"), "get", "secret", secret, "-n", namespace, "--request-timeout=5s",
           "-o", "jsonpath={.data.api-key}"]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=10)
    except (subprocess.TimeoutExpired, PreflightError) as e:
        raise PreflightError(f"no API key: kubectl could not read secret {namespace}/{secret} ({e})") from None
    if out.returncode != 0 or not out.stdout:
        reason = (out.stderr.strip().splitlines() or ["empty secret"])[-1]
        raise PreflightError(f"no API key: pass --api-key or set SHLINK_API_KEY (cluster lookup failed: {reason})")
    return base64.b64decode(out.stdout).decode().strip()


def resolve_api_key(cli_key: str | None) -> str:
    return cli_key or os.environ.get("SHLINK_API_KEY") or api_key_from_cluster()


def _get(url: str, headers: dict, timeout: float) -> int:
    req = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def check_target(base_url: str, api_key: str, timeout: float = 5.0, host_header: str | None = None) -> None:
    """Health must answer 200 and the key must be accepted, else PreflightError."""
    base = base_url.rstrip("/")
    host = {"Host": host_header} if host_header else {}
    try:
        health = _get(f"{base}/rest/health", host, timeout)
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, "reason", e)
        raise PreflightError(f"target {base} unreachable: {reason}") from None
    if health != 200:
        raise PreflightError(f"target {base}/rest/health answered {health}, expected 200")
    status = _get(f"{base}/rest/v3/short-urls?itemsPerPage=1", host | {"X-Api-Key": api_key}, timeout)
    if status == 401:
        raise PreflightError(f"API key rejected by {base} (401); check --api-key / SHLINK_API_KEY")
    if status != 200:
        raise PreflightError(f"{base}/rest/v3/short-urls answered {status}, expected 200")
