"""The certificates chart alone, from the fixture site: a self-signed root, a CA ClusterIssuer backed by it in the
app's namespace, and the gateway certificate, issued by that CA, in the gateway's namespace.

That the Gateway serves this certificate's Secret is a cross-chart fact (cross_object_test)."""

import dataclasses

from chart_fixture import kinds, site, synth

from urlplatform.charts.certificates import CertificatesChart
from urlplatform.components import istio
from urlplatform.components.cert_manager import CERT_MANAGER
from urlplatform.components.certificates import CERTIFICATES

WIRING = dict(component=CERTIFICATES, gateway=istio.ISTIO_GATEWAY)


def build(profile=None, **wiring):
    return synth(CertificatesChart, profile=profile or site(), **(WIRING | wiring))


def issuers(objs) -> dict[str, dict]:
    return {o["metadata"]["name"]: o["spec"] for o in kinds(objs, "ClusterIssuer")}


def gateway_certificate(objs, gateway) -> dict:
    [cert] = [c for c in kinds(objs, "Certificate") if c["metadata"]["namespace"] == gateway.namespace]
    return cert


def test_ca_chain_from_a_self_signed_root():
    """root (selfSigned) issues the CA certificate; the CA issuer signs with that certificate's Secret
    (cert-manager ClusterIssuer `spec.ca.secretName`, Certificate `spec.isCA`)."""
    objs = build()
    iss = issuers(objs)
    [root] = [n for n, s in iss.items() if "selfSigned" in s]
    [ca_issuer] = [n for n, s in iss.items() if "ca" in s]
    [ca] = [c for c in kinds(objs, "Certificate") if c["spec"].get("isCA")]
    assert ca["spec"]["issuerRef"] == {"group": "cert-manager.io", "kind": "ClusterIssuer", "name": root}
    assert iss[ca_issuer]["ca"]["secretName"] == ca["spec"]["secretName"]
    gw = gateway_certificate(objs, WIRING["gateway"])
    assert gw["spec"]["issuerRef"] == {"group": "cert-manager.io", "kind": "ClusterIssuer", "name": ca_issuer}
    assert not gw["spec"].get("isCA")


def test_gateway_certificate_names_the_profile_host_and_renews_before_expiry():
    p = site(shlink={"host": "go.example.test"})
    spec = gateway_certificate(build(p), WIRING["gateway"])["spec"]
    assert spec["dnsNames"] == [p.shlink_host] and spec["secretName"]
    hours = lambda d: int(d.removesuffix("h"))  # noqa: E731
    assert 0 < hours(spec["renewBefore"]) < hours(spec["duration"])


def test_ca_common_name_names_the_site():
    p = site()
    [ca] = [c for c in kinds(build(p), "Certificate") if c["spec"].get("isCA")]
    assert p.cluster.name in ca["spec"]["commonName"] and p.name in ca["spec"]["commonName"]


def test_ca_secret_is_where_cert_manager_reads_cluster_issuer_secrets():
    """A CA ClusterIssuer's Secret is read from the controller's --cluster-resource-namespace, which the chart sets
    to `clusterResourceNamespace` or else the release namespace (cert-manager/cert-manager@v1.16.2:
    deploy/charts/cert-manager/templates/deployment.yaml, values.yaml `clusterResourceNamespace: ""`)."""
    p = site()
    read_from = CERT_MANAGER.values(p).get("clusterResourceNamespace") or CERT_MANAGER.namespace
    [ca] = [c for c in kinds(build(p), "Certificate") if c["spec"].get("isCA")]
    assert ca["metadata"]["namespace"] == read_from


def test_follows_its_component_and_gateway():
    """The CA lives in the app's namespace; the gateway certificate in the gateway's, where the Gateway's
    credentialName is resolved."""
    component = dataclasses.replace(CERTIFICATES, namespace="pki")
    gateway = dataclasses.replace(istio.ISTIO_GATEWAY, namespace="edge")
    objs = build(component=component, gateway=gateway)
    [ca] = [c for c in kinds(objs, "Certificate") if c["spec"].get("isCA")]
    assert ca["metadata"]["namespace"] == component.namespace
    assert gateway_certificate(objs, gateway)["metadata"]["namespace"] == gateway.namespace
    assert {c["metadata"]["namespace"] for c in kinds(objs, "Certificate")} == {component.namespace, gateway.namespace}
    assert all("namespace" not in i["metadata"] for i in kinds(objs, "ClusterIssuer"))
