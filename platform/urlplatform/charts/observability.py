"""Observability: Istio scrape targets, Kiali CR, Grafana dashboards and alert rules."""

from __future__ import annotations

from cdk8s import Chart
from constructs import Construct

from urlplatform.names import INGRESS_NS, ISTIO_NS, KIALI_NS, MONITORING_NS
from urlplatform.charts import helm_values as hv
from urlplatform.charts.alerts import rule_groups
from urlplatform.charts.dashboards import DASHBOARDS, dashboard_json
from urlplatform.config import Profile
from urlplatform.resources.configmap import ConfigMap
from urlplatform.resources.crd import Kiali, PodMonitor, PrometheusRule, ServiceMonitor

RELEASE_LABEL = {"release": "kube-prometheus-stack"}


def browser_url(ui: str) -> str:
    """Where a browser on the operator's machine opens `ui`: the local end of its documented port-forward."""
    _, _, local_port, _ = hv.PORT_FORWARDS[ui]
    return f"http://localhost:{local_port}"
ENVOY_STATS = [{"port": "http-envoy-prom", "path": "/stats/prometheus", "interval": "15s"}]


class ObservabilityChart(Chart):
    app_name = "observability"

    def __init__(self, scope: Construct, id: str, *, profile: Profile):
        super().__init__(scope, id, disable_resource_name_hashes=True)
        ns = MONITORING_NS
        ServiceMonitor(self, "istiod", name="istiod", namespace=ns, labels=RELEASE_LABEL, spec={
            "namespaceSelector": {"matchNames": [ISTIO_NS]}, "selector": {"matchLabels": {"app": "istiod"}},
            "endpoints": [{"port": "http-monitoring", "interval": "15s"}]})
        # The gateway Service exposes only traffic ports, so its Envoy stats are scraped per pod.
        PodMonitor(self, "gateway", name="istio-ingressgateway", namespace=ns, labels=RELEASE_LABEL, spec={
            "namespaceSelector": {"matchNames": [INGRESS_NS]}, "selector": {"matchLabels": {"istio": "ingressgateway"}},
            "podMetricsEndpoints": ENVOY_STATS})
        PodMonitor(self, "envoy", name="envoy-stats", namespace=ns, labels=RELEASE_LABEL, spec={
            "namespaceSelector": {"any": True},
            "selector": {"matchExpressions": [{"key": "security.istio.io/tlsMode", "operator": "Exists"}]},
            "podMetricsEndpoints": ENVOY_STATS})
        Kiali(self, "kiali", name="kiali", namespace=KIALI_NS, spec={
            "istio_namespace": ISTIO_NS,
            "auth": {"strategy": "token"},
            "deployment": {"cluster_wide_access": True, "view_only_mode": True},
            "external_services": {
                "prometheus": {"url": hv.PROMETHEUS_URL},
                # Grafana serves anonymous Viewer access (helm values), so Kiali needs no credentials.
                "grafana": {"enabled": True, "internal_url": hv.GRAFANA_URL,
                            "external_url": browser_url("grafana"), "auth": {"type": "none"}},
                # The all-in-one query service serves at the root path (the chart sets no base path).
                "tracing": {"enabled": True, "provider": "jaeger", "use_grpc": True,
                            "internal_url": f"http://{hv.JAEGER_QUERY}:{hv.JAEGER_QUERY_GRPC_PORT}",
                            "external_url": browser_url("jaeger")},
            }})
        for name in DASHBOARDS:
            ConfigMap(self, f"dash-{name}", name=f"dashboard-{name}", namespace=ns, labels={"grafana_dashboard": "1"},
                      data={f"{name}.json": dashboard_json(name)})
        PrometheusRule(self, "rules", name="url-shortener", namespace=ns, labels=RELEASE_LABEL,
                       spec={"groups": rule_groups(profile)})
