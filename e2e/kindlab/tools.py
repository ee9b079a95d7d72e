"""The kind, kubectl and helm binaries the tier runs, resolved explicitly and checked against e2e/pins.yaml.

Bazel fixes the test PATH (.bazelrc), so the workflow passes the binaries it installed as KIND_BIN,
KUBECTL_BIN and HELM_BIN; without them the tools are looked up on PATH. A binary at another version
than the pin is refused: a runner's preinstalled kind/kubectl/helm must never be used by accident."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from kindlab.pins import Pins

ENV = {"kind": "KIND_BIN", "kubectl": "KUBECTL_BIN", "helm": "HELM_BIN"}
VERSION_ARGV = {
    "kind": ("version",),
    "kubectl": ("version", "--client=true"),
    "helm": ("version", "--template", "{{.Version}}"),
}


@dataclass(frozen=True, kw_only=True)
class Tools:
    kind: Path
    kubectl: Path
    helm: Path


def reported_version(tool: str, output: str) -> str | None:
    """The vX.Y.Z a tool's version command printed (`kind v0.25.0 go1.22.9 linux/amd64`,
    `Client Version: v1.31.4`, `v3.16.4`), or None."""
    pattern = {"kind": r"^kind (v\d+\.\d+\.\d+)\b", "kubectl": r"Client Version: (v\d+\.\d+\.\d+)\b",
               "helm": r"^(v\d+\.\d+\.\d+)\b"}[tool]
    m = re.search(pattern, output.strip(), re.M)
    return m.group(1) if m else None


def locate(tool: str) -> Path | None:
    explicit = os.environ.get(ENV[tool])
    if explicit:
        return Path(explicit) if os.access(explicit, os.X_OK) else None
    found = shutil.which(tool)
    return Path(found) if found else None


def resolve(pins: Pins) -> tuple[Tools | None, str | None]:
    """(tools, None) when all three exist at the pinned versions, else (None, one-line reason)."""
    paths = {}
    for tool in ENV:
        path = locate(tool)
        if path is None:
            where = os.environ.get(ENV[tool]) or "PATH"
            return None, f"{tool} not found ({ENV[tool]} or PATH; looked at {where})"
        r = subprocess.run([str(path), *VERSION_ARGV[tool]], capture_output=True, text=True, timeout=30)
        got = reported_version(tool, r.stdout)
        want = getattr(pins, tool)
        if got != want:
            return None, f"{path} is {tool} {got or 'of unknown version'}, e2e/pins.yaml pins {want}"
        paths[tool] = path
    return Tools(**paths), None
