"""A small NetworkPolicy evaluator (networking.k8s.io/v1 semantics) over rendered policies and a model of pods.

A flow src -> dst:port/protocol is allowed only if the source's egress AND the destination's ingress admit it:
- a pod is isolated in a direction when some policy of its namespace selects it and lists that policy type;
  an isolated pod admits a flow only if one of those policies has a matching rule (rules are a union);
- a rule without `from`/`to` matches every peer, one without `ports` every port; a peer with only podSelector
  means pods of the policy's namespace, only namespaceSelector all pods of the matching namespaces, both the
  intersection; ipBlock matches addresses inside `cidr` and outside every `except`;
- a named port in a rule resolves against the destination pod's container ports; protocol defaults to TCP.
Endpoints outside the cluster (the API server on node addresses, the internet) have an address and no pod.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network

NS_NAME_LABEL = "kubernetes.io/metadata.name"


@dataclass(frozen=True)
class Endpoint:
    """A pod (namespace set) or an address outside the pod network (namespace None)."""

    name: str
    namespace: str | None
    labels: dict = field(default_factory=dict, hash=False, compare=False)
    ip: IPv4Address | None = None
    # container port name -> (number, protocol)
    ports: dict = field(default_factory=dict, hash=False, compare=False)


def selector_matches(selector: dict | None, labels: dict) -> bool:
    """metav1.LabelSelector: matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist); {} matches all."""
    if selector is None:
        return False
    for k, v in selector.get("matchLabels", {}).items():
        if labels.get(k) != v:
            return False
    for e in selector.get("matchExpressions", []):
        key, op, values = e["key"], e["operator"], e.get("values", [])
        if op == "In" and labels.get(key) not in values:
            return False
        if op == "NotIn" and key in labels and labels[key] in values:
            return False
        if op == "Exists" and key not in labels:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def policy_types(spec: dict) -> list[str]:
    """policyTypes, or its default: Ingress always, Egress when the policy has egress rules."""
    return spec.get("policyTypes") or ["Ingress"] + (["Egress"] if "egress" in spec else [])


class Cluster:
    """Pods, namespace labels and NetworkPolicies; `allowed(src, dst, port)` answers one flow."""

    def __init__(self, *, endpoints: list[Endpoint], namespace_labels: dict[str, dict], policies: list[dict]):
        self.endpoints = endpoints
        self.ns_labels = {ns: {NS_NAME_LABEL: ns} | labels for ns, labels in namespace_labels.items()}
        self.policies = policies

    def _ns_labels(self, ns: str) -> dict:
        return self.ns_labels.get(ns, {NS_NAME_LABEL: ns})

    def _peer_matches(self, peer: dict, policy_ns: str, ep: Endpoint) -> bool:
        if "ipBlock" in peer:
            block = peer["ipBlock"]
            if ep.ip is None or ep.ip not in IPv4Network(block["cidr"]):
                return False
            return not any(ep.ip in IPv4Network(x) for x in block.get("except", []))
        if ep.namespace is None:
            return False
        if "namespaceSelector" in peer:
            if not selector_matches(peer["namespaceSelector"], self._ns_labels(ep.namespace)):
                return False
        elif ep.namespace != policy_ns:
            return False
        return selector_matches(peer.get("podSelector", {}), ep.labels)

    @staticmethod
    def _port_matches(rule_ports: list[dict] | None, dst: Endpoint, port: int, protocol: str) -> bool:
        if not rule_ports:
            return True
        for rp in rule_ports:
            if rp.get("protocol", "TCP") != protocol:
                continue
            want = rp.get("port")
            if want is None:
                return True
            if isinstance(want, str):
                named = dst.ports.get(want)
                if named and named == (port, protocol):
                    return True
                continue
            if want <= port <= rp.get("endPort", want):
                return True
        return False

    def _admits(self, direction: str, subject: Endpoint, peer: Endpoint, dst: Endpoint, port: int,
                protocol: str) -> bool:
        if subject.namespace is None:  # outside the cluster: no NetworkPolicy applies
            return True
        kind, key, peers_key = ("Ingress", "ingress", "from") if direction == "ingress" else ("Egress", "egress", "to")
        selecting = [p for p in self.policies if p["metadata"]["namespace"] == subject.namespace
                     and kind in policy_types(p["spec"])
                     and selector_matches(p["spec"]["podSelector"], subject.labels)]
        if not selecting:
            return True
        for pol in selecting:
            for rule in pol["spec"].get(key, []):
                peers = rule.get(peers_key)
                if peers is not None and not any(self._peer_matches(pr, pol["metadata"]["namespace"], peer)
                                                 for pr in peers):
                    continue
                if self._port_matches(rule.get("ports"), dst, port, protocol):
                    return True
        return False

    def allowed(self, src: Endpoint, dst: Endpoint, port: int, protocol: str = "TCP") -> bool:
        return (self._admits("egress", src, dst, dst, port, protocol)
                and self._admits("ingress", dst, src, dst, port, protocol))
