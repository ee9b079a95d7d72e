"""The API server as the oracle: server-side dry-run into namespaces that enforce (and warn) one PSS level.

Facts from k8s.io/pod-security-admission@v0.31.4:
- api/constants.go: labels pod-security.kubernetes.io/{enforce,enforce-version,warn,warn-version}.
- admission/admission.go: Pods are rejected with `violates PodSecurity "<level>:<version>"`; objects with a
  pod template are never rejected, only warned with `would violate PodSecurity "<level>:<version>"`, so
  each namespace both enforces and warns the level. The pods/ephemeralcontainers subresource is evaluated
  (not in ignoredPodSubresources; an added ephemeral container is a significant update)."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

import yaml

from admission_parity.variants import Variant

VERSION = "v1.31"
NAMESPACES = {"baseline": "pss-parity-baseline", "restricted": "pss-parity-restricted"}
LABEL_PREFIX = "pod-security.kubernetes.io/"


def namespace_manifest(level: str) -> dict:
    labels = {f"{LABEL_PREFIX}{mode}": level for mode in ("enforce", "warn")}
    labels |= {f"{LABEL_PREFIX}{mode}-version": VERSION for mode in ("enforce", "warn")}
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NAMESPACES[level], "labels": labels}}


def classify(level: str, returncode: int, output: str) -> str:
    """allowed | denied | error: <why>, from one kubectl call's exit code and combined output."""
    text = output.replace('\\"', '"')
    tag = f'PodSecurity "{level}:{VERSION}"'
    if returncode != 0:
        if f"violates {tag}" in text:
            return "denied"
        lines = [ln for ln in text.strip().splitlines() if ln.strip()]
        return "error: " + (lines[-1][:300] if lines else f"kubectl exited {returncode}")
    return "denied" if f"would violate {tag}" in text else "allowed"


class Kubectl:
    def __init__(self, kubeconfig: str | None = None):
        self.kubeconfig = kubeconfig

    def argv(self, *args: str) -> list[str]:
        return [os.environ.get("KUBECTL_BIN") or "kubectl"] + (["--kubeconfig", self.kubeconfig] if self.kubeconfig else []) + list(args)

    def run(self, *args: str, input_text: str | None = None, timeout: float = 60) -> subprocess.CompletedProcess:
        return subprocess.run(self.argv(*args), input=input_text, capture_output=True, text=True, timeout=timeout)


class ApiServerOracle:
    def __init__(self, kubectl: Kubectl):
        self.kubectl = kubectl

    def setup(self) -> None:
        manifests = yaml.safe_dump_all([namespace_manifest(level) for level in NAMESPACES])
        r = self.kubectl.run("apply", "-f", "-", input_text=manifests)
        if r.returncode != 0:
            raise RuntimeError(f"cannot create the parity namespaces: {r.stderr.strip()}")
        # Pods (dry-run too) are refused until the namespace's default ServiceAccount exists.
        for ns in NAMESPACES.values():
            deadline = time.monotonic() + 120
            while self.kubectl.run("get", "serviceaccount", "default", "-n", ns).returncode != 0:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"namespace {ns}: no default ServiceAccount after 120 s")
                time.sleep(1)

    def verdict(self, variant: Variant, level: str) -> str:
        doc = copy.deepcopy(variant.doc)
        doc["metadata"]["namespace"] = NAMESPACES[level]
        if variant.via_subresource:
            return self._ephemeral(doc, level)
        r = self.kubectl.run("create", "--dry-run=server", "-o", "name", "-f", "-", input_text=yaml.safe_dump(doc))
        return classify(level, r.returncode, r.stdout + r.stderr)

    def _ephemeral(self, doc: dict, level: str) -> str:
        """Create the pod without its ephemeral containers, then dry-run adding them through the subresource."""
        ns, name = doc["metadata"]["namespace"], doc["metadata"]["name"]
        ephemeral = doc["spec"].pop("ephemeralContainers")
        r = self.kubectl.run("create", "-f", "-", input_text=yaml.safe_dump(doc))
        if r.returncode != 0:
            return "error: base pod not created: " + r.stderr.strip()[-300:]
        try:
            got = self.kubectl.run("get", "pod", name, "-n", ns, "-o", "json")
            pod = json.loads(got.stdout)
            pod["spec"]["ephemeralContainers"] = ephemeral
            # Unconditional update: the kubelet may have bumped the pod's resourceVersion since the get.
            pod["metadata"].pop("resourceVersion", None)
            with tempfile.TemporaryDirectory() as tmp:
                body = Path(tmp) / "pod.json"
                body.write_text(json.dumps(pod))
                r = self.kubectl.run("replace", "--raw",
                                     f"/api/v1/namespaces/{ns}/pods/{name}/ephemeralcontainers?dryRun=All",
                                     "-f", str(body))
            return classify(level, r.returncode, r.stdout + r.stderr)
        finally:
            self.kubectl.run("delete", "pod", name, "-n", ns, "--wait=false", "--grace-period=0", "--force")
