"""Port invariants across objects of the whole tree (both profiles).

- every Service selects a modelled pod and its targetPort is a containerPort of each pod it selects;
- every VirtualService destination port is a port of its Service;
- every NetworkPolicy port is a container port of a pod the policy selects, and every container port of a
  rendered workload in an isolated namespace is admitted by some ingress rule;
- every AuthorizationPolicy port is a port the sidecar intercepts on the selected pods (a container port outside
  the sidecar's excluded inbound ports, istio/istio@1.24.2:manifests/charts/istio-control/istio-discovery/files/
  injection-template.yaml `excludeInboundPorts`), and every intercepted port is allowed by some ALLOW rule.
"""

import pytest
from cluster_model import SIDECAR_UNINTERCEPTED_PORTS, cluster, workload_endpoints
from netpol_eval import policy_types, selector_matches
from rendered import objects

PROFILES = ["homelab", "kind"]


def _selected(profile, namespace, selector):
    return [e for e in cluster(profile).endpoints if e.namespace == namespace and selector_matches(selector, e.labels)]


def _numbers(pod):
    return {num for num, _ in pod.ports.values()}


@pytest.mark.parametrize("profile", PROFILES)
def test_service_target_ports_are_container_ports(profile):
    services = objects(kind="Service", profile=profile)
    assert services
    for svc in services:
        pods = _selected(profile, svc["metadata"]["namespace"], {"matchLabels": svc["spec"]["selector"]})
        assert pods, f"Service {svc['metadata']['name']} selects no pod"
        for sp in svc["spec"]["ports"]:
            target = sp.get("targetPort", sp["port"])
            for pod in pods:
                ok = target in pod.ports if isinstance(target, str) else target in _numbers(pod)
                assert ok, f"Service {svc['metadata']['name']} port {sp['port']} -> {target}: not a port of {pod.name}"


@pytest.mark.parametrize("profile", PROFILES)
def test_virtualservice_ports_are_service_ports(profile):
    services = {(s["metadata"]["name"], s["metadata"]["namespace"]): s for s in objects(kind="Service", profile=profile)}
    for vs in objects(kind="VirtualService", profile=profile):
        for http in vs["spec"]["http"]:
            for route in http["route"]:
                name, ns = route["destination"]["host"].split(".")[:2]
                svc_ports = {p["port"] for p in services[(name, ns)]["spec"]["ports"]}
                assert route["destination"]["port"]["number"] in svc_ports, f"{vs['metadata']['name']} -> {name}"


@pytest.mark.parametrize("profile", PROFILES)
def test_networkpolicy_ports_are_ports_of_the_selected_pods(profile):
    for pol in objects(kind="NetworkPolicy", profile=profile):
        pods = _selected(profile, pol["metadata"]["namespace"], pol["spec"]["podSelector"])
        served = set().union(*(_numbers(p) for p in pods)) if pods else set()
        for rule in pol["spec"].get("ingress", []):
            for rp in rule.get("ports", []):
                assert rp["port"] in served, \
                    f"{pol['metadata']['namespace']}/{pol['metadata']['name']} admits {rp['port']}, no selected pod serves it"


@pytest.mark.parametrize("profile", PROFILES)
def test_every_workload_port_is_admitted_somewhere(profile):
    policies = objects(kind="NetworkPolicy", profile=profile)
    for pod in workload_endpoints(profile):
        isolating = [p for p in policies if p["metadata"]["namespace"] == pod.namespace
                     and "Ingress" in policy_types(p["spec"]) and selector_matches(p["spec"]["podSelector"], pod.labels)]
        if not isolating:
            continue
        admitted = {rp["port"] for p in isolating for r in p["spec"].get("ingress", []) for rp in r.get("ports", [])}
        for name, (num, _) in pod.ports.items():
            assert num in admitted or name in admitted, f"{pod.name} serves {name}={num}, no ingress rule admits it"


@pytest.mark.parametrize("profile", PROFILES)
def test_authorizationpolicy_ports_are_intercepted_container_ports(profile):
    policies = objects(kind="AuthorizationPolicy", profile=profile)
    assert policies
    allowed: dict[str, set] = {}
    for ap in policies:
        ns = ap["metadata"]["namespace"]
        pods = _selected(profile, ns, ap["spec"].get("selector", {}))
        intercepted = set().union(*(_numbers(p) for p in pods)) - SIDECAR_UNINTERCEPTED_PORTS if pods else set()
        for rule in ap["spec"].get("rules", []):
            ports = {int(p) for t in rule.get("to", []) for p in t.get("operation", {}).get("ports", [])}
            assert ports <= intercepted, f"{ns}/{ap['metadata']['name']}: ports {sorted(ports - intercepted)} " \
                                         "are not intercepted by the sidecar of any selected pod"
            if ap["spec"].get("action", "ALLOW") == "ALLOW":
                for p in pods:
                    allowed.setdefault(p.name, set()).update(ports)
    for pod in workload_endpoints(profile):
        if "security.istio.io/tlsMode" in pod.labels:
            for num in _numbers(pod) - SIDECAR_UNINTERCEPTED_PORTS:
                assert num in allowed.get(pod.name, set()), f"{pod.name}:{num} is denied by the mesh"
