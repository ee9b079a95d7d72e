"""The observability app: scrape targets, the Kiali CR, dashboards and alert rules, beside Prometheus."""

from urlplatform.components import jaeger
from urlplatform.components.base import OwnApp
from urlplatform.components.kube_prometheus_stack import GRAFANA_PORT, GRAFANA_SERVICE, KUBE_PROMETHEUS_STACK

OBSERVABILITY = OwnApp(app="observability", namespace=KUBE_PROMETHEUS_STACK.namespace, wave=5)
# Browser-facing UIs are not exposed through the gateway; open them with `kubectl port-forward` as the README's
# "Operating the lab" section shows: ui -> (target, namespace, local port, remote port).
PORT_FORWARDS = {
    "grafana": (f"svc/{GRAFANA_SERVICE}", KUBE_PROMETHEUS_STACK.namespace, 3000, GRAFANA_PORT),
    "jaeger": (f"svc/{jaeger.JAEGER.fullname}-query", jaeger.JAEGER.namespace, jaeger.QUERY_UI_PORT, jaeger.QUERY_UI_PORT),
}


def browser_url(ui: str) -> str:
    """Where a browser on the operator's machine opens `ui`: the local end of its documented port-forward."""
    _, _, local_port, _ = PORT_FORWARDS[ui]
    return f"http://localhost:{local_port}"
