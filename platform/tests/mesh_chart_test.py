"""The mesh chart alone, from the fixture site and the components it is given: mTLS and tracing in the mesh root,
the Gateway in the gateway's namespace, and routing and authorization that follow the app workload.

Whole-tree facts (routes point at rendered Services on their ports, AuthorizationPolicy ports are intercepted,
the Gateway's credential is the certificates chart's Secret) are in cross_object_test and invariants_ports_test."""

import dataclasses
import re

from chart_fixture import kinds, one, site, synth

from urlplatform.charts.mesh import MeshChart
from urlplatform.components import istio, mesh, shlink
from urlplatform.components.base import Workload

WIRING = dict(component=mesh.MESH, gateway=istio.ISTIO_GATEWAY, app=shlink.WORKLOAD)


def build(profile=None, **wiring):
    return synth(MeshChart, profile=profile or site(), **(WIRING | wiring))


def gateway_service_account(gateway, values: dict) -> str:
    """The ServiceAccount the istio gateway chart runs its pods as: `serviceAccount.name`, else `name`, else the
    release name (istio/istio@1.24.2:manifests/charts/gateway/templates/_helpers.tpl gateway.serviceAccountName,
    gateway.name; values.yaml serviceAccount.create true)."""
    return values.get("serviceAccount", {}).get("name") or values.get("name") or gateway.release


def principal(gateway, profile) -> str:
    """Istio's SPIFFE principal of a ServiceAccount in the default trust domain: `<domain>/ns/<ns>/sa/<sa>`."""
    return f"cluster.local/ns/{gateway.namespace}/sa/{gateway_service_account(gateway, gateway.values(profile))}"


def test_strict_mtls_and_tracing_in_the_mesh_root():
    p = site()
    objs = build(p)
    pa = one(objs, "PeerAuthentication", "default")
    assert pa["metadata"]["namespace"] == mesh.MESH.namespace and pa["spec"] == {"mtls": {"mode": "STRICT"}}
    telemetry = one(objs, "Telemetry", "mesh-default")
    assert telemetry["metadata"]["namespace"] == mesh.MESH.namespace
    [tracing] = telemetry["spec"]["tracing"]
    assert tracing["randomSamplingPercentage"] == p.tracing_sampling_percent
    assert tracing["customTags"]["environment"]["literal"]["value"] == p.cluster.environment
    assert tracing["customTags"]["cluster"]["literal"]["value"] == p.cluster.name
    # The provider must be one istiod's meshConfig defines.
    providers = {e["name"] for e in istio.istiod_values(p)["meshConfig"]["extensionProviders"]}
    assert [x["name"] for x in tracing["providers"]] and {x["name"] for x in tracing["providers"]} <= providers


def test_gateway_serves_https_for_the_profile_host_and_redirects_http():
    p = site()
    gw = one(build(p), "Gateway")["spec"]
    assert gw["selector"].items() <= istio.gateway_values(p)["labels"].items()
    http, https = gw["servers"]
    assert http["hosts"] == https["hosts"] == [p.shlink_host]
    assert http["port"]["protocol"] == "HTTP" and http["tls"] == {"httpsRedirect": True}
    assert https["port"]["protocol"] == "HTTPS" and https["tls"]["mode"] == "SIMPLE" and https["tls"]["credentialName"]


def test_gateway_serves_plain_http_where_https_is_off():
    p = site(shlink={"https": False})
    [http] = one(build(p), "Gateway")["spec"]["servers"]
    assert http["port"]["protocol"] == "HTTP" and "tls" not in http and http["hosts"] == [p.shlink_host]


def test_route_retries_fit_in_its_timeout():
    [route] = one(build(), "VirtualService")["spec"]["http"]
    seconds = lambda d: float(re.fullmatch(r"(\d+(?:\.\d+)?)s", d).group(1))  # noqa: E731
    retries = route["retries"]
    assert retries["attempts"] >= 1
    assert retries["attempts"] * seconds(retries["perTryTimeout"]) <= seconds(route["timeout"])


def test_destination_rule_uses_mesh_tls_and_never_ejects_every_endpoint():
    tp = one(build(), "DestinationRule")["spec"]["trafficPolicy"]
    assert tp["tls"]["mode"] == "ISTIO_MUTUAL"
    assert tp["connectionPool"]["tcp"]["maxConnections"] > 0
    assert 0 < tp["outlierDetection"]["maxEjectionPercent"] < 100


def test_authorization_denies_all_but_the_gateway_on_the_app_port():
    p = site()
    objs = build(p)
    app = WIRING["app"]
    policies = {o["metadata"]["name"]: o["spec"] for o in kinds(objs, "AuthorizationPolicy")}
    denies = [s for s in policies.values() if s == {}]
    allows = [s for s in policies.values() if s.get("action") == "ALLOW"]
    assert len(denies) == 1 and len(allows) == 1 and len(policies) == 2
    # Envoy's 15090 is never intercepted (invariants_ports_test), so no policy names it.
    [rule] = allows[0]["rules"]
    assert rule["from"] == [{"source": {"principals": [principal(WIRING["gateway"], p)]}}]
    assert rule["to"] == [{"operation": {"ports": [str(app.port)]}}]


def test_follows_its_components_and_app():
    """Everything the chart places or points at moves with the mesh root, the gateway and the app passed in."""
    p = site()
    root = dataclasses.replace(mesh.MESH, namespace="mesh-root")
    gateway = dataclasses.replace(istio.ISTIO_GATEWAY, app="edge-gateway", namespace="edge")
    app = Workload.named(name="links", namespace="apps", port=9090)
    objs = build(p, component=root, gateway=gateway, app=app)
    assert one(objs, "PeerAuthentication")["metadata"]["namespace"] == root.namespace
    [tracing] = [o for o in kinds(objs, "Telemetry") if "tracing" in o["spec"]]
    assert tracing["metadata"]["namespace"] == root.namespace
    gw = one(objs, "Gateway")
    assert gw["metadata"]["namespace"] == gateway.namespace
    vs, dr = one(objs, "VirtualService", app.name), one(objs, "DestinationRule", app.name)
    assert vs["metadata"]["namespace"] == dr["metadata"]["namespace"] == app.namespace
    assert vs["spec"]["gateways"] == [f"{gateway.namespace}/{gw['metadata']['name']}"]
    [route] = vs["spec"]["http"]
    assert route["route"] == [{"destination": {"host": app.service_host, "port": {"number": app.port}}}]
    assert dr["spec"]["host"] == app.service_host
    for ap in kinds(objs, "AuthorizationPolicy"):
        assert ap["metadata"]["namespace"] == app.namespace
    [allow] = [o["spec"] for o in kinds(objs, "AuthorizationPolicy") if o["spec"]]
    assert allow["selector"] == {"matchLabels": app.pod_labels}
    assert allow["rules"][0]["from"][0]["source"]["principals"] == [principal(gateway, p)]
    assert allow["rules"][0]["to"][0]["operation"]["ports"] == [str(app.port)]
    [metrics] = [o for o in kinds(objs, "Telemetry") if "metrics" in o["spec"]]
    assert metrics["metadata"]["namespace"] == app.namespace and metrics["spec"]["selector"] == allow["selector"]
