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
            "tls-san": sorted({str(first.ip), str(c.ingress_ip), c.domain}),
            "disable": ["traefik"],
            "cluster-cidr": str(c.pod_cidr),
            "service-cidr": str(c.service_cidr),
            "write-kubeconfig-mode": "0600",
            "secrets-encryption": True,
            "protect-kernel-defaults": True,
            "kube-apiserver-arg": ["admission-control-config-file=/etc/rancher/k3s/psa.yaml"],
            # token is read from the file provisioned out of band, never rendered
            "token-file": "/etc/rancher/k3s/cluster-token",
        }
        if i == 0:
            cfg["cluster-init"] = True
        else:
            cfg["server"] = f"https://{first.ip}:6443"
        out[node.name] = cfg
    return out
