"""Mesh, certificates and secrets charts: the fields that make traffic flow and stay encrypted."""

from rendered import objects, one

from urlplatform.components import istio
from urlplatform.config import load_profile

PROFILE = load_profile("homelab")


def test_strict_mtls_mesh_wide():
    pa = one("mesh", "PeerAuthentication", "default")
    assert pa["metadata"]["namespace"] == "istio-system" and pa["spec"]["mtls"]["mode"] == "STRICT"


def test_telemetry_samples_everything_with_seed_tags():
    [tracing] = one("mesh", "Telemetry", "mesh-default")["spec"]["tracing"]
    assert tracing["randomSamplingPercentage"] == 100
    assert tracing["customTags"]["environment"]["literal"]["value"] == "k3s-lab"
    assert tracing["customTags"]["cluster"]["literal"]["value"] == "url-shortener"
    providers = {p["name"] for p in istio.istiod_values(PROFILE)["meshConfig"]["extensionProviders"]}
    assert tracing["providers"][0]["name"] in providers


def test_gateway_redirects_http_and_serves_cert():
    gw = one("mesh", "Gateway", "shlink-gateway")["spec"]
    http, https = gw["servers"]
    assert http["tls"]["httpsRedirect"] is True and https["port"]["number"] == 443
    assert http["hosts"] == https["hosts"] == ["shlink.local"]
    cert = one("certificates", "Certificate", "shlink-gateway")
    assert https["tls"]["credentialName"] == cert["spec"]["secretName"]
    assert cert["metadata"]["namespace"] == "istio-ingress"
    assert cert["spec"]["dnsNames"] == ["shlink.local"]


def test_ca_chain():
    root = one("certificates", "ClusterIssuer", "selfsigned-root")
    ca = one("certificates", "Certificate", "homelab-root-ca")
    issuer = one("certificates", "ClusterIssuer", "homelab-ca")
    assert "selfSigned" in root["spec"]
    assert ca["spec"]["isCA"] is True and ca["spec"]["issuerRef"]["name"] == "selfsigned-root"
    assert issuer["spec"]["ca"]["secretName"] == ca["spec"]["secretName"]
    gw_cert = one("certificates", "Certificate", "shlink-gateway")
    assert gw_cert["spec"]["issuerRef"]["name"] == "homelab-ca"


def test_virtualservice_timeouts_and_retries():
    vs = one("mesh", "VirtualService", "shlink")["spec"]
    [route] = vs["http"]
    assert route["timeout"] == "10s" and route["retries"]["attempts"] == 3
    assert vs["gateways"] == ["istio-ingress/shlink-gateway"]


def test_destinationrule_pool_and_outlier():
    tp = one("mesh", "DestinationRule", "shlink")["spec"]["trafficPolicy"]
    assert tp["connectionPool"]["tcp"]["maxConnections"] > 0
    assert tp["outlierDetection"]["consecutive5xxErrors"] == 5


def test_authorization_default_deny_and_explicit_allows():
    assert one("mesh", "AuthorizationPolicy", "deny-all")["spec"] == {}
    allow = one("mesh", "AuthorizationPolicy", "allow-ingress-gateway")["spec"]
    assert allow["rules"][0]["from"][0]["source"]["principals"] == ["cluster.local/ns/istio-ingress/sa/istio-gateway"]
    # Envoy's metrics port bypasses the inbound chain (invariants_ports_test): no policy names it.
    assert {o["metadata"]["name"] for o in objects("mesh", "AuthorizationPolicy")} == {"deny-all", "allow-ingress-gateway"}


def test_cluster_secret_store_uses_vault_kubernetes_auth():
    store = one("secrets", "ClusterSecretStore", "vault")["spec"]["provider"]["vault"]
    assert store["version"] == "v2" and store["auth"]["kubernetes"]["role"] == "external-secrets"


def test_external_secrets_where_consumed_with_file_keys():
    es = {(o["metadata"]["namespace"], o["metadata"]["name"]): o for o in objects(kind="ExternalSecret")}
    assert {k for k in es} == {("shlink", "shlink-db-credentials"), ("shlink", "shlink-redis-password"),
                               ("shlink", "shlink-initial-api-key"), ("shlink-data", "shlink-redis-auth"),
                               ("shlink-data", "shlink-db-pguser-shlink")}
    keys = {d["secretKey"] for d in es[("shlink", "shlink-db-credentials")]["spec"]["data"]}
    assert keys == {"user", "password"}
    assert [d["secretKey"] for d in es[("shlink", "shlink-initial-api-key")]["spec"]["data"]] == ["api-key"]


def test_k3s_cni_paths_and_gateway_address():
    cni = istio.cni_values(PROFILE)["cni"]
    assert cni["cniBinDir"].startswith("/var/lib/rancher/k3s/") and cni["cniConfDir"].startswith("/var/lib/rancher/k3s/")
    assert istio.istiod_values(PROFILE)["pilot"]["cni"]["enabled"] is True
    svc = istio.gateway_values(PROFILE)["service"]
    assert svc["type"] == "LoadBalancer" and svc["loadBalancerIP"] == str(PROFILE.cluster.ingress_ip)
