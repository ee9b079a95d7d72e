"""`bazel run //policies:pss_parity -- [--kind] [--kubeconfig PATH] [--require] [--jobs N]`

Server-side dry-runs every PSS sample, in every kind and container place admission reads, into a
namespace that enforces baseline and one that enforces restricted, and compares admission's verdict
with the gate's. Prints one line per disagreement and `admission parity: agree N / N`.
Exit 0 when all agree (or when skipped: no API server, one-line reason), 1 on any disagreement,
2 when --require is given and it cannot run."""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from admission_parity.gate import GateJudge
from admission_parity.oracle import ApiServerOracle, Kubectl
from admission_parity.report import Outcome, render
from admission_parity.samples import LEVELS, SampleError, load_samples
from admission_parity.variants import variants
from policygate.engine import POLICY_ROOT

CLUSTER = "pss-parity"
# The kind tier's one pin of the node image (the pinned kind release's default image, by digest).
PINS = POLICY_ROOT.parent / "e2e" / "pins.yaml"


def node_image() -> str:
    m = re.search(r"^node_image: (kindest/node:v\d+\.\d+\.\d+@sha256:[0-9a-f]{64})$", PINS.read_text(), flags=re.M)
    if not m:
        raise RuntimeError(f"{PINS}: no node_image pinned by digest")
    return m.group(1)


def tool(name: str) -> str:
    """The binary the workflow handed over (KIND_BIN, KUBECTL_BIN), else the one on PATH."""
    return os.environ.get(f"{name.upper()}_BIN") or name
# Beta and off by default in v1.31: without them the API drops procMount / hostUsers before admission
# sees them, and the procMount samples would test nothing.
FEATURE_GATES = {"ProcMountType": True, "UserNamespacesSupport": True}


def kind_config() -> dict:
    return {"kind": "Cluster", "apiVersion": "kind.x-k8s.io/v1alpha4", "name": CLUSTER,
            "featureGates": dict(FEATURE_GATES), "nodes": [{"role": "control-plane", "image": node_image()}]}


def missing_for_kind() -> str | None:
    for name in ("docker", "kind", "kubectl"):
        if not shutil.which(tool(name)):
            return f"{name} not installed"
    if subprocess.run(["docker", "info"], capture_output=True, timeout=30).returncode != 0:
        return "no Docker daemon reachable"
    return None


def unreachable(kubectl: Kubectl) -> str | None:
    if not shutil.which(tool("kubectl")):
        return "kubectl not installed"
    try:
        r = kubectl.run("get", "--raw", "/readyz", timeout=20)
    except subprocess.TimeoutExpired:
        return "no API server answered within 20 s"
    if r.returncode != 0:
        first = (r.stderr.strip().splitlines() or ["kubectl failed"])[0]
        return f"no API server reachable ({first[:160]})"
    return None


@contextlib.contextmanager
def kind_cluster():
    with tempfile.TemporaryDirectory(prefix="pss-parity-") as tmp:
        cfg, kubeconfig = Path(tmp) / "kind.yaml", Path(tmp) / "kubeconfig"
        cfg.write_text(yaml.safe_dump(kind_config()))
        r = subprocess.run([tool("kind"), "create", "cluster", "--config", str(cfg), "--kubeconfig", str(kubeconfig),
                            "--wait", "120s"], capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError(f"kind create cluster failed: {r.stderr.strip()[-300:]}")
        try:
            yield str(kubeconfig)
        finally:
            subprocess.run([tool("kind"), "delete", "cluster", "--name", CLUSTER], capture_output=True)


def run_parity(oracle: ApiServerOracle, jobs: int, samples=None) -> list[Outcome]:
    judge = GateJudge()
    work = [(v, level) for s in (samples if samples is not None else load_samples()) for v in variants(s)
            for level in LEVELS]
    oracle.setup()
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        verdicts = list(pool.map(lambda vl: oracle.verdict(*vl), work))
    return [Outcome(v.label, level, judge.verdict(v.doc, level), admitted)
            for (v, level), admitted in zip(work, verdicts)]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="pss_parity", description=__doc__.splitlines()[0])
    p.add_argument("--kind", action="store_true", help=f"create (and delete) the kind cluster {CLUSTER!r}")
    p.add_argument("--kubeconfig", help="use this cluster instead (default: kubectl's own)")
    p.add_argument("--require", action="store_true", help="fail (exit 2) instead of skipping")
    p.add_argument("--jobs", type=int, default=4, help="kubectl calls in parallel")
    args = p.parse_args(argv)
    try:
        load_samples()
    except SampleError as e:
        print(f"admission parity: {e}", file=sys.stderr)
        return 2
    reason = missing_for_kind() if args.kind else unreachable(Kubectl(args.kubeconfig))
    if reason:
        print(f"admission parity: skipped: {reason}", file=sys.stderr if args.require else sys.stdout)
        return 2 if args.require else 0
    try:
        with (kind_cluster() if args.kind else contextlib.nullcontext(args.kubeconfig)) as kubeconfig:
            outcomes = run_parity(ApiServerOracle(Kubectl(kubeconfig)), args.jobs)
    except (RuntimeError, subprocess.SubprocessError) as e:
        print(f"admission parity: {e}", file=sys.stderr)
        return 2
    text, ok = render(outcomes)
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
