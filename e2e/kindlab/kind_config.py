"""The kind cluster config, generated from the `kind` profile (1 control plane + N-1 workers)."""

from __future__ import annotations

from urlplatform.config import Profile

KIND_API = "kind.x-k8s.io/v1alpha4"


def kind_config(profile: Profile) -> dict:
    """Node roles follow the profile's node list; pod/service CIDRs match K3s' so policies are alike."""
    nodes = [{"role": "control-plane" if i == 0 else "worker", "labels": {"urlshortener.lab/node": n.name}}
             for i, n in enumerate(profile.cluster.nodes)]
    return {"kind": "Cluster", "apiVersion": KIND_API, "name": profile.cluster.name,
            "networking": {"podSubnet": str(profile.cluster.pod_cidr), "serviceSubnet": str(profile.cluster.service_cidr)},
            "nodes": nodes}
