"""Observability: Istio scrape targets, Kiali CR, Grafana dashboards and alert rules."""

from __future__ import annotations

from cdk8s import Chart
from constructs import Construct

from urlplatform.charts.alerts import rule_groups
from urlplatform.charts.dashboards import DASHBOARDS, dashboard_json
from urlplatform.components import jaeger
from urlplatform.components.base import Component, HelmComponent, Workload
from urlplatform.components.istio import ENVOY_METRICS_PORT_NAME, GATEWAY_LABELS, MONITORING_PORT_NAME
from urlplatform.components.kiali import KIALI_NAMESPACE
from urlplatform.components.kube_prometheus_stack import (
    DASHBOARD_LABEL,
    DASHBOARD_LABEL_VALUE,
    GRAFANA_URL,
    MONITOR_LABELS,
    PROMETHEUS_URL,
)
from urlplatform.components.observability import browser_url
from urlplatform.config import Profile
from urlplatform.resources.configmap import ConfigMap
from urlplatform.resources.crd import Kiali, PodMonitor, PrometheusRule, ServiceMonitor

ENVOY_STATS = [{"port": ENVOY_METRICS_PORT_NAME, "path": "/stats/prometheus", "interval": "15s"}]


class ObservabilityChart(Chart):
    """Everything here lives in `component`'s namespace (Prometheus's) except the Kiali CR, beside istiod."""

    def __init__(self, scope: Construct, *, profile: Profile, component: Component, istiod: Workload,
                 gateway: HelmComponent):
        super().__init__(scope, component.app, disable_resource_name_hashes=True)
        ns = component.namespace
        ServiceMonitor(self, "istiod", name=istiod.name, namespace=ns, labels=MONITOR_LABELS, spec={
            "namespaceSelector": {"matchNames": [istiod.namespace]}, "selector": {"matchLabels": dict(istiod.pod_labels)},
            "endpoints": [{"port": MONITORING_PORT_NAME, "interval": "15s"}]})
        # The gateway Service exposes only traffic ports, so its Envoy stats are scraped per pod.
        PodMonitor(self, "gateway", name="istio-ingressgateway", namespace=ns, labels=MONITOR_LABELS, spec={
            "namespaceSelector": {"matchNames": [gateway.namespace]}, "selector": {"matchLabels": dict(GATEWAY_LABELS)},
            "podMetricsEndpoints": ENVOY_STATS})
        PodMonitor(self, "envoy", name="envoy-stats", namespace=ns, labels=MONITOR_LABELS, spec={
            "namespaceSelector": {"any": True},
            "selector": {"matchExpressions": [{"key": "security.istio.io/tlsMode", "operator": "Exists"}]},
            "podMetricsEndpoints": ENVOY_STATS})
        Kiali(self, "kiali", name="kiali", namespace=KIALI_NAMESPACE, spec={
            "istio_namespace": istiod.namespace,
            "auth": {"strategy": "token"},
            "deployment": {"cluster_wide_access": True, "view_only_mode": True},
            "external_services": {
                "prometheus": {"url": PROMETHEUS_URL},
                # Grafana serves anonymous Viewer access (helm values), so Kiali needs no credentials.
                "grafana": {"enabled": True, "internal_url": GRAFANA_URL,
                            "external_url": browser_url("grafana"), "auth": {"type": "none"}},
                # The all-in-one query service serves at the root path (the chart sets no base path).
                "tracing": {"enabled": True, "provider": "jaeger", "use_grpc": True,
                            "internal_url": f"http://{jaeger.QUERY_HOST}:{jaeger.QUERY_GRPC_PORT}",
                            "external_url": browser_url("jaeger")},
            }})
        for name in DASHBOARDS:
            ConfigMap(self, f"dash-{name}", name=f"dashboard-{name}", namespace=ns,
                      labels={DASHBOARD_LABEL: DASHBOARD_LABEL_VALUE}, data={f"{name}.json": dashboard_json(name)})
        PrometheusRule(self, "rules", name="url-shortener", namespace=ns, labels=MONITOR_LABELS,
                       spec={"groups": rule_groups(profile)})
