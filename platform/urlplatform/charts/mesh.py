"""Mesh: STRICT mTLS, tracing Telemetry, the Shlink Gateway/VirtualService/DestinationRule, authorization."""

from __future__ import annotations

from cdk8s import Chart
from constructs import Construct
from slospec.rules import route_tag_overrides

from urlplatform.components.base import Component, HelmComponent, Workload
from urlplatform.components.certificates import GATEWAY_TLS_SECRET
from urlplatform.components.istio import GATEWAY_LABELS
from urlplatform.components.mesh import GATEWAY
from urlplatform.components.shlink import SPOOFABLE_CLIENT_IP_HEADERS
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


def gateway_servers(host: str, *, https: bool) -> list[dict]:
    """HTTPS with a cert-manager certificate and HTTP redirecting to it; plain HTTP only where https is off (kind)."""
    http = {"port": {"number": 80, "name": "http", "protocol": "HTTP"}, "hosts": [host]}
    if not https:
        return [http]
    return [http | {"tls": {"httpsRedirect": True}},
            {"port": {"number": 443, "name": "https", "protocol": "HTTPS"}, "hosts": [host],
             "tls": {"mode": "SIMPLE", "credentialName": GATEWAY_TLS_SECRET, "minProtocolVersion": "TLSV1_2"}}]


class MeshChart(Chart):
    """Mesh-wide policy in the mesh root namespace (`component`'s), Shlink's routing from `gateway` to `app`."""

    def __init__(self, scope: Construct, *, profile: Profile, component: Component, gateway: HelmComponent,
                 app: Workload):
        super().__init__(scope, component.app, disable_resource_name_hashes=True)
        host, root_ns = profile.shlink_host, component.namespace
        PeerAuthentication(self, "mtls", name="default", namespace=root_ns, spec={"mtls": {"mode": "STRICT"}})
        Telemetry(self, "tracing", name="mesh-default", namespace=root_ns, spec={"tracing": [{
            "providers": [{"name": "jaeger"}],
            "randomSamplingPercentage": profile.tracing_sampling_percent,
            "customTags": {"environment": {"literal": {"value": profile.cluster.environment}},
                           "cluster": {"literal": {"value": profile.cluster.name}}},
        }]})
        Gateway(self, "gw", name=GATEWAY, namespace=gateway.namespace, spec={
            "selector": dict(GATEWAY_LABELS), "servers": gateway_servers(host, https=profile.shlink.https)})
        VirtualService(self, "vs", name=app.name, namespace=app.namespace, spec={
            "hosts": [host], "gateways": [f"{gateway.namespace}/{GATEWAY}"],
            "http": [{"name": app.name, "timeout": "10s",
                      "headers": {"request": {"remove": list(SPOOFABLE_CLIENT_IP_HEADERS)}},
                      "retries": {"attempts": 3, "perTryTimeout": "3s",
                                  "retryOn": "gateway-error,connect-failure,refused-stream"},
                      "route": [{"destination": {"host": app.service_host, "port": {"number": app.port}}}]}]})
        DestinationRule(self, "dr", name=app.name, namespace=app.namespace, spec={
            "host": app.service_host,
            "trafficPolicy": {
                "tls": {"mode": "ISTIO_MUTUAL"},
                "connectionPool": {"tcp": {"maxConnections": 200, "connectTimeout": "3s"},
                                   "http": {"http1MaxPendingRequests": 200, "http2MaxRequests": 500,
                                            "idleTimeout": "60s"}},
                "outlierDetection": {"consecutive5xxErrors": 5, "interval": "10s", "baseEjectionTime": "30s",
                                     "maxEjectionPercent": 34},
            }})
        AuthorizationPolicy(self, "deny", name="deny-all", namespace=app.namespace, spec={})
        # The gateway chart names its ServiceAccount after the release (istio/istio@1.24.2 manifests/charts/gateway).
        principal = f"cluster.local/ns/{gateway.namespace}/sa/{gateway.release}"
        AuthorizationPolicy(self, "from-gw", name="allow-ingress-gateway", namespace=app.namespace, spec={
            "selector": app.selector, "action": "ALLOW",
            "rules": [{"from": [{"source": {"principals": [principal]}}],
                       "to": [{"operation": {"ports": [str(app.port)]}}]}]})
        # Prometheus (outside the mesh) scrapes Envoy's 15090 directly: the sidecar never intercepts 15090, 15021
        # or its status port (injection template `excludeInboundPorts`), so no AuthorizationPolicy applies there.
        # The SLOs (slo/shlink.yaml) tell redirects from creations: Shlink's sidecar tags its metrics with the route.
        MetricsTelemetry(self, "slo-routes", name=f"{app.name}-slo-routes", namespace=app.namespace, spec={
            "selector": app.selector, "metrics": [route_tag_overrides()]})
