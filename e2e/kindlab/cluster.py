"""One kind cluster per e2e run, built on pytest-kind's KindCluster: create it from the kind profile with
the pinned node image, load the Shlink image, install the platform in sync-wave order, wait, tear down."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from kindlab import pins as pins_mod
from kindlab.kind_config import kind_config
from kindlab.kube import Kube
from kindlab.plan import dump_all, install_plan, suite_secrets
from kindlab.tools import Tools
from urlplatform.components import postgres, shlink
from urlplatform.components.data import DATA
from urlplatform.config import load_profile
from urlplatform.render import render, tree_files, write_tree

REDIS_MASTER = "redisfailovers-role=master"
PG_PRIMARY = f"postgres-operator.crunchydata.com/cluster={postgres.CLUSTER},postgres-operator.crunchydata.com/role=master"


def run(argv, *, input_text: str | None = None, timeout: float = 1200) -> str:
    print("+", " ".join(str(a) for a in argv), file=sys.stderr, flush=True)
    r = subprocess.run([str(a) for a in argv], input=input_text, capture_output=True, text=True, timeout=timeout)
    if r.returncode != 0:
        raise RuntimeError(f"{Path(str(argv[0])).name} {argv[1]} failed ({r.returncode}): {r.stderr.strip()[-500:]}")
    return r.stdout


@dataclass
class Lab:
    """A running kind cluster with the platform installed; `api_key` is the initial Shlink key."""

    name: str
    kubeconfig: Path
    api_key: str
    host: str
    tools: Tools
    kube: Kube
    cluster: object  # pytest_kind.KindCluster
    namespaces: list[str]

    def kubectl(self, *args: str, **kw) -> str:
        return run([self.tools.kubectl, "--kubeconfig", self.kubeconfig, *args], **kw)

    @contextlib.contextmanager
    def port_forward(self, target: str, namespace: str, remote_port: int):
        """pytest-kind's `kubectl port-forward` (a TCP listener k6 can use) on a loopback port; yields it."""
        with self.cluster.port_forward(target, remote_port, "-n", namespace, "--address", "127.0.0.1") as port:
            yield port


def platform_namespaces(tree: dict[str, list[dict]]) -> list[str]:
    """Namespaces the rendered kind tree creates or installs into (diagnostics cover these)."""
    names = {o["metadata"]["name"] for objs in tree.values() for o in objs if o["kind"] == "Namespace"}
    names |= {o["spec"]["destination"]["namespace"] for o in tree.get("apps", []) if o["kind"] == "Application"}
    return sorted(names)


def create_lab(image: str, workdir: Path, tools: Tools, pins: pins_mod.Pins) -> Lab:
    from pytest_kind import KindCluster

    profile = load_profile("kind")
    cfg = workdir / "kind.yaml"
    cfg.write_text(yaml.safe_dump(kind_config(profile)))
    kubeconfig = workdir / "kubeconfig"
    with contextlib.chdir(workdir):  # KindCluster keeps its state in ./.pytest-kind
        cluster = KindCluster(profile.cluster.name, kubeconfig=kubeconfig, image=pins.node_image,
                              kind_path=tools.kind, kubectl_path=tools.kubectl)
    started = time.monotonic()
    cluster.create(config_file=cfg)
    kube = Kube(kubeconfig)
    tree = render(profile)
    lab = Lab(profile.cluster.name, kubeconfig, api_key=secrets.token_hex(16), host=profile.shlink_host,
              tools=tools, kube=kube, cluster=cluster, namespaces=platform_namespaces(tree))
    try:
        nodes = len(profile.cluster.nodes)
        _wait_nodes(kube, nodes, 300)
        outside = nodes_outside(kube.core.list_node().items, profile.cluster.node_network)
        if outside:
            raise RuntimeError(f"kind node addresses {outside} are outside the kind profile's node_network "
                               f"{profile.cluster.node_network} (its NetworkPolicies allow the API there)")
        cluster.load_docker_image(image)
        rendered = workdir / "rendered"
        write_tree(tree_files(tree, profile), rendered)
        install(lab, tree, rendered, workdir, profile)
        wait_ready(lab, profile.shlink.replicas, profile.postgres.instances)
    except BaseException:
        collect_diagnostics(lab, "install")
        if not os.environ.get("E2E_KEEP_CLUSTER"):
            cluster.delete()
        raise
    print(f"kindlab: cluster {lab.name} with the platform ready in {time.monotonic() - started:.0f}s", file=sys.stderr)
    return lab


def _wait_nodes(kube: Kube, count: int, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        nodes = kube.core.list_node().items
        ready = [nd for nd in nodes if any(c.type == "Ready" and c.status == "True" for c in nd.status.conditions or [])]
        if len(ready) >= count:
            return
        time.sleep(3)
    raise RuntimeError(f"kind nodes not Ready within {timeout_s:.0f}s")


def nodes_outside(nodes: list, network) -> list[str]:
    """IPv4 InternalIPs of the nodes that are not in `network` (kind's kindnetd enforces NetworkPolicies,
    kubernetes-sigs/kind@v0.25.0:images/kindnetd/cmd/kindnetd/main.go)."""
    import ipaddress

    ips = [a.address for nd in nodes for a in nd.status.addresses or [] if a.type == "InternalIP"]
    return [ip for ip in ips if ipaddress.ip_address(ip).version == 4 and ipaddress.ip_address(ip) not in network]


def install(lab: Lab, tree, rendered: Path, workdir: Path, profile) -> None:
    """Replays the app-of-apps in wave order; test-only Secrets go in before the first app that mounts them."""
    db_pw, redis_pw = secrets.token_hex(16), secrets.token_hex(16)
    created_secrets = False
    for step in install_plan(tree, rendered):
        if not created_secrets and step.app in ("data", "shlink"):
            for ns in (DATA.namespace, shlink.WORKLOAD.namespace):  # the Namespaces come from the data/shlink folders
                lab.kubectl("apply", "-f", "-", input_text=dump_all([{"apiVersion": "v1", "kind": "Namespace",
                                                                      "metadata": {"name": ns}}]))
            lab.kubectl("apply", "-f", "-", input_text=dump_all(suite_secrets(profile, lab.api_key, db_pw, redis_pw)))
            created_secrets = True
        if step.fetch is not None:
            fetch_revision(*step.fetch)
        argv = list(step.argv)
        if step.values is not None:
            values = workdir / f"{step.app}-values.yaml"
            values.write_text(step.values)
            argv += ["-f", str(values)]
        binary = lab.tools.helm if argv[0] == "helm" else lab.tools.kubectl
        started = time.monotonic()
        run([binary, "--kubeconfig", lab.kubeconfig, *argv[1:]])
        print(f"kindlab: wave {step.wave} {step.app} installed in {time.monotonic() - started:.0f}s", file=sys.stderr)


def fetch_revision(repo: str, revision: str, checkout: Path) -> None:
    """Check out one revision of an upstream repository (what ArgoCD's repo-server does for a path source)."""
    git = shutil.which("git")
    if not git:
        raise RuntimeError(f"git not found: needed to fetch {repo}@{revision}")
    checkout.mkdir(parents=True, exist_ok=True)
    run([git, "-C", checkout, "init", "-q"])
    run([git, "-C", checkout, "fetch", "-q", "--depth", "1", repo, revision], timeout=300)
    run([git, "-C", checkout, "checkout", "-q", "FETCH_HEAD"])


def wait_ready(lab: Lab, shlink_replicas: int, pg_instances: int, timeout_s: float = 900) -> None:
    """Redis master and Postgres primary Ready (operator/Patroni labels), then every Shlink replica Ready."""
    lab.kube.wait_ready(DATA.namespace, REDIS_MASTER, count=1, timeout_s=timeout_s)
    lab.kube.wait_ready(DATA.namespace, PG_PRIMARY, count=1, timeout_s=timeout_s)
    pods = shlink.WORKLOAD
    lab.kube.wait_ready(pods.namespace, ",".join(f"{k}={v}" for k, v in pods.pod_labels.items()), count=shlink_replicas,
                        timeout_s=timeout_s)


def artifacts_dir() -> Path:
    """Where diagnostics go: E2E_ARTIFACTS_DIR (the workflow uploads it), else Bazel's undeclared outputs."""
    base = os.environ.get("E2E_ARTIFACTS_DIR") or os.environ.get("TEST_UNDECLARED_OUTPUTS_DIR") or "/tmp/e2e-artifacts"
    return Path(base)


def collect_diagnostics(lab: Lab, reason: str) -> Path | None:
    from kindlab import diagnostics

    out = artifacts_dir() / f"diagnostics-{reason}"
    try:
        diagnostics.write(diagnostics.assemble(diagnostics.collect(lab.kube, lab.namespaces)), out)
    except OSError as e:  # never mask the failure being diagnosed
        print(f"kindlab: diagnostics ({reason}) not written to {out}: {e}", file=sys.stderr)
        return None
    print(f"kindlab: diagnostics ({reason}) written to {out}", file=sys.stderr)
    return out


@contextlib.contextmanager
def lab_session(image: str, workdir: Path, tools: Tools, pins: pins_mod.Pins):
    """The lab for the whole pytest session; deleted at the end unless E2E_KEEP_CLUSTER is set
    (the workflow keeps it for the perf run and deletes it itself)."""
    lab = create_lab(image, workdir, tools, pins)
    env = workdir / "lab.env"  # for the workflow's perf step; never uploaded
    env.touch(0o600)
    env.write_text(f"SHLINK_HOST={lab.host}\nSHLINK_API_KEY={lab.api_key}\n")
    try:
        yield lab
    finally:
        if not os.environ.get("E2E_KEEP_CLUSTER"):
            lab.cluster.delete()
