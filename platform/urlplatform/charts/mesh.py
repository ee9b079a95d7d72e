"""Mesh: STRICT mTLS, tracing Telemetry, the Shlink Gateway/VirtualService/DestinationRule, authorization."""

from __future__ import annotations

from cdk8s import Chart
from constructs import Construct
from slospec.rules import route_tag_overrides

from urlplatform.names import INGRESS_NS, ISTIO_NS, SHLINK_APP, SHLINK_NS, SHLINK_PORT, svc_fqdn
from urlplatform.charts.certificates import GATEWAY_TLS_SECRET
from urlplatform.charts.shlink import SPOOFABLE_CLIENT_IP_HEADERS
from urlplatform.config import Profile
from urlplatform.resources.crd import (
    AuthorizationPolicy,
    DestinationRule,
    Gateway,
    MetricsTelemetry,
    PeerAuthentication,
    Telemetry,
    VirtualService,
)

GATEWAY = "shlink-gateway"
GATEWAY_SERVICE_ACCOUNT = "istio-gateway"  # the gateway Helm release name
SHLINK_HOST = svc_fqdn(SHLINK_APP, SHLINK_NS)


def gateway_servers(host: str, *, https: bool) -> list[dict]:
    """HTTPS with a cert-manager certificate and HTTP redirecting to it; plain HTTP only where https is off (kind)."""
    http = {"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": [host]}
    if not https:
        return [http]
    return [http | {"tls": {"httpsRedirect": True}},
            {"port": {"number": 443, "name": "https", "protocol": "HTTPS"}, "hosts": [host],
             "tls": {"mode": "SIMPLE", "credentialName": GATEWAY_TLS_SECRET, "minProtocolVersion": "TLSV1_2"}}]


class MeshChart(Chart):
    app_name = "mesh"

    def __init__(self, scope: Construct, id: str, *, profile: Profile):
        super().__init__(scope, id, disable_resource_name_hashes=True)
        host = profile.shlink_host
        PeerAuthentication(self, "mtls", name="default", namespace=ISTIO_NS, spec={"mtls": {"mode": "STRICT"}})
        Telemetry(self, "tracing", name="mesh-default", namespace=ISTIO_NS, spec={"tracing": [{
            "providers": [{"name": "jaeger"}],
            "randomSamplingPercentage": profile.tracing_sampling_percent,
            "customTags": {"environment": {"literal": {"value": profile.cluster.environment}},
                           "cluster": {"literal": {"value": profile.cluster.name}}},
        }]})
        Gateway(self, "gw", name=GATEWAY, namespace=INGRESS_NS, spec={
            "selector": {"istio": "ingressgateway"}, "servers": gateway_servers(host, https=profile.shlink.https)})
        VirtualService(self, "vs", name=SHLINK_APP, namespace=SHLINK_NS, spec={
            "hosts": [host], "gateways": [f"{INGRESS_NS}/{GATEWAY}"],
            "http": [{"name": "shlink", "timeout": "10s",
                      "headers": {"request": {"remove": list(SPOOFABLE_CLIENT_IP_HEADERS)}},
                      "retries": {"attempts": 3, "perTryTimeout": "3s",
                                  "retryOn": "gateway-error,connect-failure,refused-stream"},
                      "route": [{"destination": {"host": SHLINK_HOST, "port": {"number": SHLINK_PORT}}}]}]})
        DestinationRule(self, "dr", name=SHLINK_APP, namespace=SHLINK_NS, spec={
            "host": SHLINK_HOST,
            "trafficPolicy": {
                "tls": {"mode": "ISTIO_MUTUAL"},
                "connectionPool": {"tcp": {"maxConnections": 200, "connectTimeout": "3s"},
                                   "http": {"http1MaxPendingRequests": 200, "http2MaxRequests": 500,
                                            "idleTimeout": "60s"}},
                "outlierDetection": {"consecutive5xxErrors": 5, "interval": "10s", "baseEjectionTime": "30s",
                                     "maxEjectionPercent": 34},
            }})
        AuthorizationPolicy(self, "deny", name="deny-all", namespace=SHLINK_NS, spec={})
        selector = {"matchLabels": {"app.kubernetes.io/name": SHLINK_APP}}
        AuthorizationPolicy(self, "from-gw", name="allow-ingress-gateway", namespace=SHLINK_NS, spec={
            "selector": selector, "action": "ALLOW",
            "rules": [{"from": [{"source": {"principals": [
                f"cluster.local/ns/{INGRESS_NS}/sa/{GATEWAY_SERVICE_ACCOUNT}"]}}],
                "to": [{"operation": {"ports": [str(SHLINK_PORT)]}}]}]})
        # Prometheus (outside the mesh) scrapes Envoy's 15090 directly: the sidecar never intercepts 15090, 15021
        # or its status port (injection template `excludeInboundPorts`), so no AuthorizationPolicy applies there.
        # The SLOs (slo/shlink.yaml) tell redirects from creations: Shlink's sidecar tags its metrics with the route.
        MetricsTelemetry(self, "slo-routes", name="shlink-slo-routes", namespace=SHLINK_NS, spec={
            "selector": {"matchLabels": {"app.kubernetes.io/name": SHLINK_APP}},
            "metrics": [route_tag_overrides()]})
