"""NetworkPolicies: a namespace-wide default deny and typed explicit allows."""

from dataclasses import dataclass, field

from urlplatform.constructs.base import k8s_object
from constructs import Construct

NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"


@dataclass(frozen=True, kw_only=True)
class Peer:
    """A set of pods by namespace name and/or pod labels, or an address block (`cidr`)."""

    namespace: str | None = None
    pod_labels: dict = field(default_factory=dict)
    cidr: str | None = None

    def to_k8s(self) -> dict:
        if self.cidr:
            return {"ipBlock": {"cidr": self.cidr}}
        peer = {}
        if self.namespace:
            peer["namespaceSelector"] = {"matchLabels": {NAMESPACE_NAME_LABEL: self.namespace}}
        if self.pod_labels or not self.namespace:
            peer["podSelector"] = {"matchLabels": dict(self.pod_labels)}
        return peer


@dataclass(frozen=True, kw_only=True)
class Rule:
    """Traffic to/from `peers` on `ports` (TCP unless `protocol` says otherwise)."""

    peers: tuple[Peer, ...]
    ports: tuple[int, ...]
    protocol: str = "TCP"

    def to_k8s(self, direction: str) -> dict:
        key = "from" if direction == "ingress" else "to"
        return {key: [p.to_k8s() for p in self.peers],
                "ports": [{"protocol": self.protocol, "port": p} for p in self.ports]}


DNS_RULES = (
    Rule(peers=(Peer(namespace="kube-system", pod_labels={"k8s-app": "kube-dns"}),), ports=(53,), protocol="UDP"),
    Rule(peers=(Peer(namespace="kube-system", pod_labels={"k8s-app": "kube-dns"}),), ports=(53,), protocol="TCP"),
)


class DefaultDenyPolicy(Construct):
    """Denies all ingress and egress for every pod of a namespace."""

    def __init__(self, scope: Construct, id: str, *, namespace: str):
        super().__init__(scope, id)
        k8s_object(self, "np", api_version="networking.k8s.io/v1", kind="NetworkPolicy",
                  metadata={"name": "default-deny-all", "namespace": namespace},
                  spec={"podSelector": {}, "policyTypes": ["Ingress", "Egress"]})


class AllowPolicy(Construct):
    """Explicitly allows the listed ingress and egress rules for the selected pods."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, pod_labels: dict,
                 ingress: tuple[Rule, ...] = (), egress: tuple[Rule, ...] = (), allow_dns: bool = True):
        super().__init__(scope, id)
        egress = tuple(egress) + (DNS_RULES if allow_dns else ())
        if not ingress and not egress:
            raise ValueError(f"AllowPolicy {namespace}/{name} allows nothing; drop it or add a rule")
        types = (["Ingress"] if ingress else []) + (["Egress"] if egress else [])
        spec = {"podSelector": {"matchLabels": dict(pod_labels)}, "policyTypes": types}
        if ingress:
            spec["ingress"] = [r.to_k8s("ingress") for r in ingress]
        if egress:
            spec["egress"] = [r.to_k8s("egress") for r in egress]
        k8s_object(self, "np", api_version="networking.k8s.io/v1", kind="NetworkPolicy",
                  metadata={"name": name, "namespace": namespace}, spec=spec)
