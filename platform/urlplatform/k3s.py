"""K3s server configuration (/etc/rancher/k3s/config.yaml) for each node, from the profile."""

from __future__ import annotations

from urlplatform.config import Profile
# istio-cni must install where K3s's containerd looks; the facts live beside the profile model, which validates
# k3s_version with them, and are re-exported here with the rest of the K3s node facts.
from urlplatform.config.k3s_cni import (  # noqa: F401
    CNI_BIN_DIR_LEGACY,
    CNI_BIN_DIR_STATIC,
    CNI_CONF_DIR,
    STATIC_CNI_BIN_SINCE,
    cni_bin_dir,
)

CONFIG_PATH = "/etc/rancher/k3s/config.yaml"
PSA_PATH = "/etc/rancher/k3s/psa.yaml"
# The join secret: written by hand on every server before K3s first starts (docs/bootstrap.md), never rendered.
TOKEN_PATH = "/etc/rancher/k3s/cluster-token"
SYSCTL_PATH = "/etc/sysctl.d/90-kubelet.conf"
# With protect-kernel-defaults the kubelet refuses to start unless the host already has these values
# (kubernetes/kubernetes pkg/kubelet/cm/container_manager_linux.go setupKernelTunables;
# component-helpers/node/util/sysctl/sysctl.go constants).
KUBELET_SYSCTLS = {"vm.overcommit_memory": 1, "vm.panic_on_oom": 0, "kernel.panic": 10, "kernel.panic_on_oops": 1,
                   "kernel.keys.root_maxkeys": 1000000, "kernel.keys.root_maxbytes": 25000000}
# Namespaces Pod Security Admission leaves alone: K3s's own pods (ServiceLB's svclb DaemonSets need NET_ADMIN,
# local-path-provisioner's helper pods use hostPath) run in kube-system.
PSA_EXEMPT_NAMESPACES = ("kube-system",)


def server_configs(profile: Profile) -> dict[str, dict]:
    """node name -> K3s config: the first server runs cluster-init, the others join it; traefik off, ServiceLB on."""
    c = profile.cluster
    first = c.nodes[0]
    out = {}
    for i, node in enumerate(c.nodes):
        cfg = {
            "node-name": node.name,
            "node-ip": str(node.ip),
            "advertise-address": str(node.ip),
            # API server certificate names: every server's address (clients may use any). Not the app hostname:
            # it names the ingress gateway, not the Kubernetes API.
            "tls-san": sorted({str(n.ip) for n in c.nodes}),
            "disable": ["traefik"],
            "cluster-cidr": str(c.pod_cidr),
            "service-cidr": str(c.service_cidr),
            "write-kubeconfig-mode": "0600",
            "secrets-encryption": True,
            "protect-kernel-defaults": True,
            "kube-apiserver-arg": [f"admission-control-config-file={PSA_PATH}"],
            # token is read from the file provisioned out of band, never rendered
            "token-file": TOKEN_PATH,
        }
        if i == 0:
            cfg["cluster-init"] = True
        else:
            cfg["server"] = f"https://{first.ip}:6443"
        out[node.name] = cfg
    return out


def psa_config() -> dict:
    """The API server's AdmissionConfiguration: restricted by default, kube-system exempt.

    Namespaces we render or ArgoCD creates carry their own pod-security labels, which override these defaults.
    """
    levels = {f"{mode}{suffix}": value for mode in ("enforce", "audit", "warn")
              for suffix, value in (("", "restricted"), ("-version", "latest"))}
    return {"apiVersion": "apiserver.config.k8s.io/v1", "kind": "AdmissionConfiguration",
            "plugins": [{"name": "PodSecurity", "configuration": {
                "apiVersion": "pod-security.admission.config.k8s.io/v1", "kind": "PodSecurityConfiguration",
                "defaults": levels,
                "exemptions": {"usernames": [], "runtimeClasses": [], "namespaces": list(PSA_EXEMPT_NAMESPACES)}}}]}


def sysctl_conf() -> str:
    """/etc/sysctl.d/90-kubelet.conf for every node (apply with `sysctl --system` before K3s starts)."""
    return "".join(f"{k} = {v}\n" for k, v in KUBELET_SYSCTLS.items())
