"""Reachability over the rendered NetworkPolicies: the flows the platform needs pass, the rest stay denied.

Flows are derived from the tree wherever it says who talks to whom: the VirtualService route (via its Service's
targetPort), Shlink's DB_HOST/DB_PORT and REDIS_SERVERS, every PodMonitor/ServiceMonitor endpoint, and the
operators' custom resources. The evaluator is netpol_eval.py, the pods are cluster_model.py.
"""

from urllib.parse import urlsplit

import pytest
from cluster_model import ISTIOD_PORTS, cluster, endpoint
from netpol_eval import Endpoint, policy_types, selector_matches
from rendered import objects, one

PROFILES = ["homelab", "kind"]


def _pods(profile: str, prefix: str) -> list[Endpoint]:
    found = [e for e in cluster(profile).endpoints if e.name.startswith(prefix)]
    assert found, f"no modelled pod {prefix}*"
    return found


def _service_pods(profile: str, svc: dict) -> list[Endpoint]:
    return [e for e in cluster(profile).endpoints if e.namespace == svc["metadata"]["namespace"]
            and selector_matches({"matchLabels": svc["spec"]["selector"]}, e.labels)]


def _target(pod: Endpoint, target) -> int:
    return pod.ports[target][0] if isinstance(target, str) else target


def _shlink_env(profile: str) -> dict:
    c = one("shlink", "Deployment", "shlink", profile)["spec"]["template"]["spec"]["containers"][0]
    return {e["name"]: e.get("value") for e in c["env"]}


def gateway_flows(profile):
    """gateway -> every pod behind each VirtualService destination, on the Service's targetPort."""
    services = {(s["metadata"]["name"], s["metadata"]["namespace"]): s for s in objects(kind="Service", profile=profile)}
    for vs in objects(kind="VirtualService", profile=profile):
        for http in vs["spec"]["http"]:
            for route in http["route"]:
                name, ns = route["destination"]["host"].split(".")[:2]
                svc = services[(name, ns)]
                [sp] = [p for p in svc["spec"]["ports"] if p["port"] == route["destination"]["port"]["number"]]
                for pod in _service_pods(profile, svc):
                    yield "gateway", pod.name, _target(pod, sp.get("targetPort", sp["port"])), "TCP"


def shlink_flows(profile):
    env = _shlink_env(profile)
    assert env["DB_HOST"].split(".")[0].endswith("-primary")
    for pod in _pods(profile, "pg/"):
        if not pod.name.endswith("-repo-host"):
            yield "Deployment/shlink", pod.name, int(env["DB_PORT"]), "TCP"
    for uri in env["REDIS_SERVERS"].split(","):
        for pod in _pods(profile, "sentinel/"):
            yield "Deployment/shlink", pod.name, urlsplit(uri.strip()).port, "TCP"
    for pod in _pods(profile, "redis/"):  # the master the sentinels name
        yield "Deployment/shlink", pod.name, pod.ports["redis"][0], "TCP"
    yield "Deployment/shlink", "istiod", ISTIOD_PORTS["tls-xds"][0], "TCP"


def data_flows(profile):
    pgs = [p for p in _pods(profile, "pg/") if not p.name.endswith("-repo-host")]
    repo = [p for p in _pods(profile, "pg/") if p.name.endswith("-repo-host")]
    for a in pgs:
        for b in pgs:  # replication, Patroni, pgBackRest between instances
            for name in ("postgres", "patroni", "pgbackrest"):
                yield a.name, b.name, b.ports[name][0], "TCP"
        for r in repo:
            yield a.name, r.name, r.ports["pgbackrest"][0], "TCP"
            yield r.name, a.name, a.ports["pgbackrest"][0], "TCP"
        for api in _pods(profile, "apiserver/"):  # Patroni's leader lock lives in the Kubernetes API
            yield a.name, api.name, 6443, "TCP"
        for name in ("postgres", "patroni"):
            yield "pgo", a.name, a.ports[name][0], "TCP"
    for s in _pods(profile, "sentinel/"):
        for r in _pods(profile, "redis/"):
            yield s.name, r.name, r.ports["redis"][0], "TCP"
            yield "redis-operator", r.name, r.ports["redis"][0], "TCP"
            yield r.name, r.name, r.ports["redis"][0], "TCP"  # replica -> master
        yield s.name, s.name, s.ports["sentinel"][0], "TCP"
        yield "redis-operator", s.name, s.ports["sentinel"][0], "TCP"


def scrape_flows(profile):
    """Prometheus -> every port a PodMonitor or ServiceMonitor in the tree names, on every pod it selects."""
    pods = cluster(profile).endpoints
    prom = endpoint(profile, "prometheus")

    def namespaces(mon):
        sel = mon["spec"].get("namespaceSelector", {})
        return None if sel.get("any") else set(sel.get("matchNames", [mon["metadata"]["namespace"]]))

    # The only ServiceMonitor Service we scrape outside the tree is istiod's (port names = container port names).
    for kind, endpoints in (("PodMonitor", "podMetricsEndpoints"), ("ServiceMonitor", "endpoints")):
        for mon in objects(kind=kind, profile=profile):
            nss = namespaces(mon)
            selected = [p for p in pods if p.namespace and (nss is None or p.namespace in nss)
                        and selector_matches(mon["spec"]["selector"], p.labels)]
            assert selected, f"{kind} {mon['metadata']['name']} selects no pod"
            for pod in selected:
                for ep in mon["spec"][endpoints]:
                    assert ep["port"] in pod.ports, f"{mon['metadata']['name']}: {pod.name} has no port {ep['port']}"
                    yield prom.name, pod.name, pod.ports[ep["port"]][0], "TCP"


def dns_flows(profile):
    """Every modelled pod in a namespace with an Egress policy resolves names through CoreDNS."""
    policed = {p["metadata"]["namespace"] for p in objects(kind="NetworkPolicy", profile=profile)
               if "Egress" in policy_types(p["spec"])}
    for pod in cluster(profile).endpoints:
        if pod.namespace in policed:
            yield pod.name, "kube-dns", 53, "UDP"
            yield pod.name, "kube-dns", 53, "TCP"


def needed(profile):
    for gen in (gateway_flows, shlink_flows, data_flows, scrape_flows, dns_flows):
        yield from gen(profile)


def _check(profile, flows, want: bool):
    c = cluster(profile)
    wrong = [f"{s} -> {d}:{port}/{proto}" for s, d, port, proto in flows
             if c.allowed(endpoint(profile, s), endpoint(profile, d), port, proto) != want]
    return wrong


@pytest.mark.parametrize("profile", PROFILES)
def test_needed_flows_are_allowed(profile):
    flows = list(needed(profile))
    assert len(flows) > 30
    assert not _check(profile, flows, True), "denied: " + ", ".join(_check(profile, flows, True))


def forbidden(profile):
    pg = [p.name for p in _pods(profile, "pg/") if not p.name.endswith("-repo-host")]
    redis, sentinel = _pods(profile, "redis/")[0].name, _pods(profile, "sentinel/")[0].name
    yield "gateway", pg[0], 5432, "TCP"
    yield "gateway", redis, 6379, "TCP"
    yield "gateway", sentinel, 26379, "TCP"
    yield "intruder", "Deployment/shlink", 8080, "TCP"
    yield "intruder", pg[0], 5432, "TCP"
    yield "intruder", redis, 6379, "TCP"
    yield "prometheus", "Deployment/shlink", 8080, "TCP"  # metrics only, not the application
    yield "prometheus", pg[0], 5432, "TCP"
    yield "Deployment/shlink", pg[0], 8008, "TCP"  # Patroni's API is for PGO and peers
    yield "Deployment/shlink", pg[0], 8432, "TCP"
    yield "Deployment/shlink", "internet", 443, "TCP"
    yield "Deployment/shlink", _pods(profile, "apiserver/")[0].name, 6443, "TCP"
    yield "Deployment/shlink", "kube-dns", 8080, "TCP"
    yield redis, pg[0], 5432, "TCP"
    yield pg[0], redis, 6379, "TCP"
    yield pg[0], "internet", 443, "TCP"
    yield redis, "internet", 443, "TCP"
    yield "pgo", redis, 6379, "TCP"
    yield "redis-operator", pg[0], 5432, "TCP"
    if any(e.name == "vault" for e in cluster(profile).endpoints):
        yield "Deployment/shlink", "vault", 8200, "TCP"


@pytest.mark.parametrize("profile", PROFILES)
def test_everything_else_stays_denied(profile):
    flows = list(forbidden(profile))
    assert not _check(profile, flows, False), "allowed: " + ", ".join(_check(profile, flows, False))


def test_evaluator_semantics():
    """The evaluator itself: isolation per direction, peer forms, named ports, protocol, ipBlock except."""
    from ipaddress import IPv4Address

    from netpol_eval import Cluster
    a = Endpoint("a", "x", {"app": "a"}, IPv4Address("10.0.0.1"))
    b = Endpoint("b", "y", {"app": "b"}, IPv4Address("10.0.0.2"), {"web": (80, "TCP")})
    ext = Endpoint("ext", None, ip=IPv4Address("192.0.2.9"))
    pol = lambda ns, spec: {"metadata": {"namespace": ns}, "spec": spec}  # noqa: E731
    open_ = Cluster(endpoints=[a, b], namespace_labels={}, policies=[])
    assert open_.allowed(a, b, 80)
    deny_in = pol("y", {"podSelector": {}, "policyTypes": ["Ingress"]})
    assert not Cluster(endpoints=[], namespace_labels={}, policies=[deny_in]).allowed(a, b, 80)
    named = pol("y", {"podSelector": {"matchLabels": {"app": "b"}}, "ingress": [{
        "from": [{"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "x"}}}],
        "ports": [{"port": "web"}]}]})
    c = Cluster(endpoints=[], namespace_labels={}, policies=[deny_in, named])
    assert c.allowed(a, b, 80) and not c.allowed(a, b, 81) and not c.allowed(a, b, 80, "UDP")
    same_ns_only = pol("y", {"podSelector": {}, "ingress": [{"from": [{"podSelector": {}}]}]})
    assert not Cluster(endpoints=[], namespace_labels={}, policies=[same_ns_only]).allowed(a, b, 80)
    egress = pol("x", {"podSelector": {}, "policyTypes": ["Egress"], "egress": [
        {"to": [{"ipBlock": {"cidr": "192.0.2.0/24", "except": ["192.0.2.8/29"]}}]}]})
    c = Cluster(endpoints=[], namespace_labels={}, policies=[egress])
    assert not c.allowed(a, ext, 443) and not c.allowed(a, b, 80)
    ext_ok = Endpoint("ok", None, ip=IPv4Address("192.0.2.1"))
    assert c.allowed(a, ext_ok, 443)
