"""Files a human puts on the nodes or feeds to `helm install` once: rendered, complete, and consistent.

- kubernetes/kubernetes pkg/kubelet/cm/container_manager_linux.go setupKernelTunables with
  component-helpers/node/util/sysctl/sysctl.go: with protect-kernel-defaults the kubelet exits unless
  vm.overcommit_memory=1, vm.panic_on_oom=0, kernel.panic=10, kernel.panic_on_oops=1,
  kernel.keys.root_maxkeys=1000000, kernel.keys.root_maxbytes=25000000 (read through the code index; the
  v1.31.4 tag itself was not fetched).
- K3s reads `admission-control-config-file` as an apiserver.config.k8s.io/v1 AdmissionConfiguration whose
  PodSecurity plugin takes a pod-security.admission.config.k8s.io/v1 PodSecurityConfiguration (Kubernetes API
  since 1.25); a missing file stops the API server.
"""

from pathlib import Path

import yaml
from rendered import objects

from urlplatform.config import load_profile
from urlplatform.render import render, tree_files

KUBELET_SYSCTLS = {"vm.overcommit_memory": "1", "vm.panic_on_oom": "0", "kernel.panic": "10",
                   "kernel.panic_on_oops": "1", "kernel.keys.root_maxkeys": "1000000",
                   "kernel.keys.root_maxbytes": "25000000"}
NODE_DIR = "/etc/rancher/k3s/"


def _files():
    p = load_profile("homelab")
    return tree_files(render(p), p)


def _node_configs(files):
    return {rel: yaml.safe_load(text) for rel, text in files.items()
            if rel.startswith("k3s/") and rel.removeprefix("k3s/").startswith("k3s-")}


def _copy_target(text: str) -> str:
    """The path a rendered node file says it is copied to (first-line comment)."""
    return text.splitlines()[0].rsplit("copy to ", 1)[1].strip()


def test_every_node_path_the_k3s_config_names_is_rendered_or_a_documented_secret():
    files = _files()
    targets = {_copy_target(t) for rel, t in files.items() if rel.startswith("k3s/")}
    guide = Path("docs/bootstrap.md").read_text()
    for rel, cfg in _node_configs(files).items():
        named = [a.split("=", 1)[1] for a in cfg.get("kube-apiserver-arg", []) if a.split("=", 1)[1].startswith("/")]
        named.append(cfg["token-file"])
        for path in named:
            assert path in targets or path in guide, f"{rel} names {path}: neither rendered nor in docs/bootstrap.md"
        assert cfg["token-file"] not in targets, "the cluster token is a secret: documented, never rendered"


def test_pod_security_admission_config():
    files = _files()
    [psa] = [yaml.safe_load(t) for t in files.values() if t.startswith("#") and "psa.yaml" in t.splitlines()[0]]
    assert (psa["apiVersion"], psa["kind"]) == ("apiserver.config.k8s.io/v1", "AdmissionConfiguration")
    [plugin] = psa["plugins"]
    conf = plugin["configuration"]
    assert plugin["name"] == "PodSecurity" and conf["kind"] == "PodSecurityConfiguration"
    assert conf["apiVersion"] == "pod-security.admission.config.k8s.io/v1"
    assert {conf["defaults"][m] for m in ("enforce", "audit", "warn")} == {"restricted"}
    assert "kube-system" in conf["exemptions"]["namespaces"], "ServiceLB's svclb pods run there and need NET_ADMIN"
    # Nothing we render relies on the exemption: our namespaces label themselves.
    assert "kube-system" not in {o["metadata"]["name"] for o in objects(kind="Namespace")}


def test_protect_kernel_defaults_has_its_sysctls():
    files = _files()
    confs = [t for rel, t in files.items() if rel.startswith("k3s/") and _copy_target(t).startswith("/etc/sysctl.d/")]
    assert len(confs) == 1
    got = dict(line.replace(" ", "").split("=", 1) for line in confs[0].splitlines() if line and line[0] != "#")
    assert got == KUBELET_SYSCTLS
    assert all(cfg["protect-kernel-defaults"] is True for cfg in _node_configs(files).values())


def test_tls_san_names_the_api_servers_not_the_app():
    p = load_profile("homelab")
    for cfg in _node_configs(_files()).values():
        sans = set(cfg["tls-san"])
        assert {str(n.ip) for n in p.cluster.nodes} <= sans
        assert p.shlink_host not in sans and p.cluster.domain not in sans


def test_argocd_bootstrap_values_equal_what_the_argocd_application_adopts():
    files = _files()
    [values] = [yaml.safe_load(t) for rel, t in files.items() if rel == "bootstrap/argocd-values.yaml"]
    [app] = [a for a in objects("apps", "Application") if a["metadata"]["name"] == "argocd"]
    assert values == yaml.safe_load(app["spec"]["source"]["helm"]["values"])
    # The Application health check is what makes root's waves wait for each child (convergence_test).
    assert "resource.customizations.health.argoproj.io_Application" in values["configs"]["cm"]
