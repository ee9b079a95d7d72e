"""Tool resolution: explicit *_BIN paths win over PATH, and a binary at another version than the pin is refused."""

import shutil
import stat
import subprocess

import pytest

from kindlab import pins as pins_mod
from kindlab.fixtures import skip_reason, tier_status
from kindlab.tools import reported_version, resolve

PINS = pins_mod.load()


@pytest.mark.parametrize("tool,output,version", [
    ("kind", "kind v0.25.0 go1.22.9 linux/amd64\n", "v0.25.0"),  # kubernetes-sigs/kind@v0.25.0:pkg/cmd/kind/version
    ("kubectl", "Client Version: v1.31.4\nKustomize Version: v5.4.2\n", "v1.31.4"),
    ("helm", "v3.16.4", "v3.16.4"),  # `helm version --template {{.Version}}`, helm/helm@v3.16.4:cmd/helm/version.go
    ("kind", "0.25.0\n", None),  # `kind version -q` prints the bare semver: not what we run
    ("helm", "version.BuildInfo{Version:\"v3.16.4\"}", None),
])
def test_reported_version(tool, output, version):
    assert reported_version(tool, output) == version


def _fake(tmp_path, name: str, line: str):
    """An executable that prints a version line, like the real tool's version command."""
    p = tmp_path / name
    p.write_text(f"#!/bin/sh\nprintf '%s\\n' '{line}'\n")
    p.chmod(p.stat().st_mode | stat.S_IEXEC)
    return p


def test_explicit_bins_at_the_pins_resolve(tmp_path, monkeypatch):
    monkeypatch.setenv("KIND_BIN", str(_fake(tmp_path, "kind", f"kind {PINS.kind} go1.22 linux/amd64")))
    monkeypatch.setenv("KUBECTL_BIN", str(_fake(tmp_path, "kubectl", f"Client Version: {PINS.kubectl}")))
    monkeypatch.setenv("HELM_BIN", str(_fake(tmp_path, "helm", PINS.helm)))
    tools, reason = resolve(PINS)
    assert reason is None and tools.kind == tmp_path / "kind" and tools.helm == tmp_path / "helm"


def test_real_kubectl_at_another_version_is_refused(tmp_path, monkeypatch):
    """The kubectl on this machine is not the pinned one; resolution must say so, naming both versions."""
    real = shutil.which("kubectl")
    if not real:
        pytest.skip("no kubectl on this machine")
    got = reported_version("kubectl", subprocess.run([real, "version", "--client=true"], capture_output=True,
                                                     text=True).stdout)
    if got == PINS.kubectl:
        pytest.skip("this machine's kubectl is the pinned one")
    monkeypatch.setenv("KIND_BIN", str(_fake(tmp_path, "kind", f"kind {PINS.kind} go1.22 linux/amd64")))
    monkeypatch.setenv("KUBECTL_BIN", real)
    tools, reason = resolve(PINS)
    assert tools is None and f"kubectl {got}" in reason and PINS.kubectl in reason


def test_missing_explicit_bin_is_named(tmp_path, monkeypatch):
    monkeypatch.setenv("KIND_BIN", str(tmp_path / "nope"))
    tools, reason = resolve(PINS)
    assert tools is None and reason.startswith("kind not found (KIND_BIN") and "\n" not in reason


def test_skip_reason_is_one_line_naming_what_is_missing():
    _, _, reason = tier_status()
    if reason is None:
        pytest.skip("kind tier is available here: nothing to explain")
    text = skip_reason(reason)
    assert text.startswith("kind e2e skipped: ") and "GitHub Actions" in text and "\n" not in text
