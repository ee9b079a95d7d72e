"""What the kind tier needs, and the one-line reason when this machine lacks it."""

from __future__ import annotations

import os
import shutil
import subprocess


def missing() -> str | None:
    """None when docker (daemon), kind, kubectl and helm are all usable, else what is missing."""
    for tool in ("docker", "kind", "helm", "kubectl"):
        if not shutil.which(tool):
            return f"{tool} not installed"
    r = subprocess.run(["docker", "info", "--format", "{{.ServerVersion}}"], capture_output=True, timeout=20)
    if r.returncode != 0:
        return "no Docker daemon reachable"
    if not os.environ.get("SHLINK_IMAGE"):
        return "SHLINK_IMAGE not set (build it with bazel run //images/shlink:build)"
    return None


def skip_reason() -> str | None:
    reason = missing()
    return f"kind e2e skipped: {reason}; runs in the GitHub Actions e2e workflow" if reason else None
