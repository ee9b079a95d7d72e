"""NetworkPolicies: a namespace-wide default deny and typed explicit allows."""

from dataclasses import dataclass, field

from cdk8s_plus_31 import k8s
from constructs import Construct

from urlplatform.resources.base import port_ref

NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"


@dataclass(frozen=True, kw_only=True)
class Peer:
    """A set of pods by namespace name and/or pod labels, or an address block (`cidr`)."""

    namespace: str | None = None
    pod_labels: dict = field(default_factory=dict)
    cidr: str | None = None

    def to_k8s(self) -> k8s.NetworkPolicyPeer:
        if self.cidr:
            return k8s.NetworkPolicyPeer(ip_block=k8s.IpBlock(cidr=self.cidr))
        namespaces = pods = None
        if self.namespace:
            namespaces = k8s.LabelSelector(match_labels={NAMESPACE_NAME_LABEL: self.namespace})
        if self.pod_labels or not self.namespace:
            pods = k8s.LabelSelector(match_labels=dict(self.pod_labels))
        return k8s.NetworkPolicyPeer(namespace_selector=namespaces, pod_selector=pods)


@dataclass(frozen=True, kw_only=True)
class Rule:
    """Traffic to/from `peers` on `ports` (TCP unless `protocol` says otherwise)."""

    peers: tuple[Peer, ...]
    ports: tuple[int, ...]
    protocol: str = "TCP"

    def _ports(self) -> list[k8s.NetworkPolicyPort]:
        return [k8s.NetworkPolicyPort(protocol=self.protocol, port=port_ref(p)) for p in self.ports]

    def ingress(self) -> k8s.NetworkPolicyIngressRule:
        return k8s.NetworkPolicyIngressRule(from_=[p.to_k8s() for p in self.peers], ports=self._ports())

    def egress(self) -> k8s.NetworkPolicyEgressRule:
        return k8s.NetworkPolicyEgressRule(to=[p.to_k8s() for p in self.peers], ports=self._ports())


DNS_RULES = (
    Rule(peers=(Peer(namespace="kube-system", pod_labels={"k8s-app": "kube-dns"}),), ports=(53,), protocol="UDP"),
    Rule(peers=(Peer(namespace="kube-system", pod_labels={"k8s-app": "kube-dns"}),), ports=(53,), protocol="TCP"),
)


class DefaultDenyPolicy(Construct):
    """Denies all ingress and egress for every pod of a namespace."""

    def __init__(self, scope: Construct, id: str, *, namespace: str):
        super().__init__(scope, id)
        k8s.KubeNetworkPolicy(self, "np", metadata=k8s.ObjectMeta(name="default-deny-all", namespace=namespace),
                              spec=k8s.NetworkPolicySpec(pod_selector=k8s.LabelSelector(),
                                                         policy_types=["Ingress", "Egress"]))


class AllowPolicy(Construct):
    """Explicitly allows the listed ingress and egress rules for the selected pods."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, pod_labels: dict,
                 ingress: tuple[Rule, ...] = (), egress: tuple[Rule, ...] = (), allow_dns: bool = True):
        super().__init__(scope, id)
        egress = tuple(egress) + (DNS_RULES if allow_dns else ())
        if not ingress and not egress:
            raise ValueError(f"AllowPolicy {namespace}/{name} allows nothing; drop it or add a rule")
        types = (["Ingress"] if ingress else []) + (["Egress"] if egress else [])
        k8s.KubeNetworkPolicy(self, "np", metadata=k8s.ObjectMeta(name=name, namespace=namespace),
                              spec=k8s.NetworkPolicySpec(
                                  pod_selector=k8s.LabelSelector(match_labels=dict(pod_labels)), policy_types=types,
                                  ingress=[r.ingress() for r in ingress] or None,
                                  egress=[r.egress() for r in egress] or None))
