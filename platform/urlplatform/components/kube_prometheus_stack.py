"""kube-prometheus-stack: Prometheus Operator CRDs, Prometheus, Alertmanager and Grafana in `monitoring`."""

from __future__ import annotations

from urlplatform.components.base import ChartPin, HelmComponent, helm_fullname, svc_fqdn
from urlplatform.components.footprint import Emits, Footprint
from urlplatform.config import Profile

PROMETHEUS_PORT = 9090
GRAFANA_PORT = 80
# Grafana's dashboard sidecar loads every ConfigMap carrying this label (in any namespace).
DASHBOARD_LABEL, DASHBOARD_LABEL_VALUE = "grafana_dashboard", "1"


def values(p: Profile) -> dict:
    return {
        "grafana": {"grafana.ini": {"auth.anonymous": {"enabled": True, "org_role": "Viewer"}},
                    "sidecar": {"dashboards": {"enabled": True, "label": DASHBOARD_LABEL, "labelValue": DASHBOARD_LABEL_VALUE,
                                               "searchNamespace": "ALL"}},
                    "persistence": {"enabled": True, "storageClassName": p.cluster.storage_class, "size": "2Gi"}},
        "prometheus": {"prometheusSpec": {
            "serviceMonitorSelectorNilUsesHelmValues": False, "podMonitorSelectorNilUsesHelmValues": False,
            "ruleSelectorNilUsesHelmValues": False, "retention": "15d",
            "storageSpec": {"volumeClaimTemplate": {"spec": {"storageClassName": p.cluster.storage_class,
                                                             "accessModes": ["ReadWriteOnce"],
                                                             "resources": {"requests": {"storage": "20Gi"}}}}}}},
        "kubeEtcd": {"enabled": False}, "kubeControllerManager": {"enabled": False}, "kubeScheduler": {"enabled": False},
        "kubeProxy": {"enabled": False},
    }


KUBE_PROMETHEUS_STACK = HelmComponent(
    app="kube-prometheus-stack", namespace="monitoring", wave=-25, pss="privileged",
    reason="node-exporter needs hostNetwork, hostPID and hostPath to read node metrics",
    chart=ChartPin(repo_url="https://prometheus-community.github.io/helm-charts", chart="kube-prometheus-stack",
                   version="67.9.0"),
    values=values, server_side_apply=True, fullname_max=26,
    footprint=Footprint(
        crds=("monitoring.coreos.com/ServiceMonitor", "monitoring.coreos.com/PodMonitor",
              "monitoring.coreos.com/PrometheusRule", "monitoring.coreos.com/Prometheus",
              "monitoring.coreos.com/Alertmanager", "monitoring.coreos.com/AlertmanagerConfig",
              "monitoring.coreos.com/Probe", "monitoring.coreos.com/ScrapeConfig",
              "monitoring.coreos.com/PrometheusAgent", "monitoring.coreos.com/ThanosRuler"),
        crds_evidence="prometheus-community/helm-charts@kube-prometheus-stack-67.9.0:"
                      "charts/kube-prometheus-stack/charts/crds/crds/ (crds.enabled default true)",
        crds_when=(("crds.enabled", True),),
        emits=tuple(
            Emits("/Service", namespace="kube-system", when=((f"{key}.enabled", True),),
                  evidence=f"prometheus-community/helm-charts@kube-prometheus-stack-67.9.0:charts/kube-prometheus-stack/"
                           f"templates/exporters/{folder}/service.yaml (namespace: kube-system)")
            for key, folder in (("coreDns", "core-dns"), ("kubeControllerManager", "kube-controller-manager"),
                                ("kubeEtcd", "kube-etcd"), ("kubeScheduler", "kube-scheduler"),
                                ("kubeProxy", "kube-proxy")))))
MONITOR_LABELS = {"release": KUBE_PROMETHEUS_STACK.release}
PROMETHEUS_URL = f"http://{KUBE_PROMETHEUS_STACK.service_host('prometheus')}:{PROMETHEUS_PORT}"
# Grafana is a subchart (grafana 8.8.*, not vendored in the kube-prometheus-stack repository, so its helper was
# not read: unverified): named by the common fullname rule from the parent's release and its own chart name.
GRAFANA_SERVICE = helm_fullname(KUBE_PROMETHEUS_STACK.release, "grafana")
GRAFANA_URL = f"http://{svc_fqdn(GRAFANA_SERVICE, KUBE_PROMETHEUS_STACK.namespace)}:{GRAFANA_PORT}"
