"""kind cluster lifecycle for the e2e suites: create, load the image, install in wave order, wait, tear down."""

from __future__ import annotations

import contextlib
import re
import secrets
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from kindlab.kind_config import kind_config
from kindlab.plan import dump_all, install_plan, suite_secrets
from urlplatform import names as n
from urlplatform.config import load_profile
from urlplatform.render import render, tree_files, write_tree


def run(argv, *, input_text: str | None = None, timeout: float = 900, check: bool = True) -> str:
    print("+", " ".join(argv), file=sys.stderr, flush=True)
    r = subprocess.run(list(argv), input=input_text, capture_output=True, text=True, timeout=timeout)
    if check and r.returncode != 0:
        raise RuntimeError(f"{argv[0]} failed ({r.returncode}): {r.stderr.strip()[-500:]}")
    return r.stdout


@dataclass
class Lab:
    """A running kind cluster with the platform installed; `api_key` is the initial Shlink key."""

    name: str
    kubeconfig: Path
    api_key: str
    host: str

    def kubectl(self, *args: str, **kw) -> str:
        return run(["kubectl", "--kubeconfig", str(self.kubeconfig), *args], **kw)

    @contextlib.contextmanager
    def port_forward(self, target: str, namespace: str, remote_port: int):
        """`kubectl port-forward` on 127.0.0.1 with an ephemeral local port; yields that port."""
        proc = subprocess.Popen(["kubectl", "--kubeconfig", str(self.kubeconfig), "port-forward", "--address",
                                 "127.0.0.1", "-n", namespace, target, f"0:{remote_port}"],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        try:
            line = proc.stdout.readline()
            m = re.search(r"127\.0\.0\.1:(\d+)", line)
            if not m:
                raise RuntimeError(f"port-forward failed: {line.strip()}")
            yield int(m.group(1))
        finally:
            proc.terminate()
            proc.wait(10)


def create_lab(image: str, workdir: Path) -> Lab:
    profile = load_profile("kind")
    name = profile.cluster.name
    cfg = workdir / "kind.yaml"
    cfg.write_text(yaml.safe_dump(kind_config(profile)))
    kubeconfig = workdir / "kubeconfig"
    run(["kind", "create", "cluster", "--config", str(cfg), "--kubeconfig", str(kubeconfig), "--wait", "120s"])
    run(["kind", "load", "docker-image", image, "--name", name])
    rendered = workdir / "rendered"
    tree = render(profile)
    write_tree(tree_files(tree, profile), rendered)
    lab = Lab(name, kubeconfig, api_key=secrets.token_hex(16), host=profile.shlink_host)
    db_pw, redis_pw = secrets.token_hex(16), secrets.token_hex(16)
    created_secrets = False
    for step in install_plan(tree, rendered):
        if not created_secrets and step.app in ("data", "shlink"):
            for ns in (n.DATA_NS, n.SHLINK_NS):  # the Namespaces come from the data/shlink folders
                lab.kubectl("create", "namespace", ns, check=False)
            lab.kubectl("apply", "-f", "-", input_text=dump_all(suite_secrets(profile, lab.api_key, db_pw, redis_pw)))
            created_secrets = True
        argv = list(step.argv)
        if step.values is not None:
            values = workdir / f"{step.app}-values.yaml"
            values.write_text(step.values)
            argv += ["-f", str(values)]
        run([argv[0], "--kubeconfig", str(kubeconfig), *argv[1:]])
    wait_ready(lab)
    return lab


def wait_ready(lab: Lab, timeout_s: int = 900) -> None:
    """Operators' custom resources ready, then Shlink rolled out."""
    deadline = time.monotonic() + timeout_s
    lab.kubectl("wait", "--for=condition=Ready", "pod", "-l", "redisfailovers-role=master", "-n", n.DATA_NS,
                "--timeout", "600s")
    lab.kubectl("wait", "--for=condition=Ready", "pod", "-l", "postgres-operator.crunchydata.com/role=master",
                "-n", n.DATA_NS, "--timeout", f"{max(60, int(deadline - time.monotonic()))}s")
    lab.kubectl("rollout", "status", f"deployment/{n.SHLINK_APP}", "-n", n.SHLINK_NS, "--timeout", "600s")


def delete_lab(lab: Lab) -> None:
    run(["kind", "delete", "cluster", "--name", lab.name], check=False)


@contextlib.contextmanager
def lab_session(image: str):
    with tempfile.TemporaryDirectory(prefix="kindlab-") as tmp:
        lab = create_lab(image, Path(tmp))
        try:
            yield lab
        finally:
            delete_lab(lab)
