"""Cross-object checks over the whole homelab render."""

import pytest
from rendered import objects

from urlplatform.config import load_profile
from urlplatform.k3s import server_configs

POD_KINDS = {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"}


def _pod_secrets(o):
    spec = o["spec"]["template"]["spec"]
    names = {v["secret"]["secretName"] for v in spec.get("volumes", []) if "secret" in v}
    for c in spec["containers"]:
        names |= {e["valueFrom"]["secretKeyRef"]["name"] for e in c.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})}
    return names


def test_every_pod_secret_comes_from_an_external_secret_or_operator():
    produced = {(o["metadata"]["namespace"], o["spec"]["target"]["name"]) for o in objects(kind="ExternalSecret")}
    # PGO writes <cluster>-pguser-<user>; cert-manager writes Certificate secrets.
    produced |= {(o["metadata"]["namespace"], o["spec"]["secretName"]) for o in objects(kind="Certificate")}
    for o in objects():
        if o["kind"] in POD_KINDS:
            for s in _pod_secrets(o):
                assert (o["metadata"]["namespace"], s) in produced, f"{o['metadata']['name']} mounts unproduced {s}"


def test_virtualservice_and_destinationrule_hosts_are_services():
    services = {f"{o['metadata']['name']}.{o['metadata']['namespace']}.svc.cluster.local" for o in objects(kind="Service")}
    for vs in objects(kind="VirtualService"):
        for http in vs["spec"]["http"]:
            for r in http["route"]:
                assert r["destination"]["host"] in services
    for dr in objects(kind="DestinationRule"):
        assert dr["spec"]["host"] in services


def test_every_owned_namespace_has_default_deny():
    owned = {o["metadata"]["name"] for o in objects(kind="Namespace")}
    denied = {o["metadata"]["namespace"] for o in objects(kind="NetworkPolicy") if o["spec"]["podSelector"] == {}
              and set(o["spec"]["policyTypes"]) == {"Ingress", "Egress"}}
    assert owned and owned <= denied


def test_gateway_serves_a_certificate_for_its_hosts_from_the_gateway_pods_namespace():
    """A Gateway's `credentialName` without a namespace is read from the namespace of the proxy, i.e. of the
    ingress gateway pods (istio/istio@1.24.2:pilot/pkg/model/credentials/resource.go ParseResourceName): a
    Certificate there writes that Secret, for every host the HTTPS server serves."""
    [gw] = objects(kind="Gateway")
    [pods_ns] = [a["spec"]["destination"]["namespace"] for a in objects("apps", "Application")
                 if a["spec"]["source"].get("chart") == "gateway"]  # istio's gateway chart
    certs = {(c["metadata"]["namespace"], c["spec"]["secretName"]): c for c in objects(kind="Certificate")}
    https = [s for s in gw["spec"]["servers"] if s["port"]["protocol"] == "HTTPS"]
    assert https
    for server in https:
        cert = certs[(pods_ns, server["tls"]["credentialName"])]
        assert set(server["hosts"]) <= set(cert["spec"]["dnsNames"])


@pytest.mark.parametrize("profile", ["homelab", "kind"])
def test_no_secret_with_data_anywhere(profile):
    """Credentials come from Vault (ExternalSecrets) or the e2e suite, never from the rendered tree."""
    assert not [o for o in objects(kind="Secret", profile=profile) if o.get("data") or o.get("stringData")]


def test_api_server_egress_blocks_match_the_k3s_cidrs():
    """Policies that let pods reach the Kubernetes API (Patroni) name the CIDRs K3s is configured with: the
    Service CIDR (the `kubernetes` ClusterIP) and a network holding every server's advertise address."""
    from ipaddress import IPv4Address, IPv4Network

    cfgs = server_configs(load_profile("homelab"))
    service_cidrs = {c["service-cidr"] for c in cfgs.values()}
    advertised = {IPv4Address(c["advertise-address"]) for c in cfgs.values()}
    blocks = [(r, p["cidr"]) for o in objects(kind="NetworkPolicy") for r in o["spec"].get("egress", [])
              for p in (peer.get("ipBlock") for peer in r["to"]) if p]
    assert blocks
    for rule, cidr in blocks:
        ports = {p["port"] for p in rule["ports"]}
        if ports == {443}:
            assert {cidr} == service_cidrs, cidr
        elif ports == {6443}:
            assert all(a in IPv4Network(cidr) for a in advertised), cidr
