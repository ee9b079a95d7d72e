"""Helm values for every third-party component, built from the profile."""

from __future__ import annotations

from urlplatform import names as n
from urlplatform.config import Profile

K3S_CNI_BIN_DIR = "/var/lib/rancher/k3s/data/current/bin"
K3S_CNI_CONF_DIR = "/var/lib/rancher/k3s/agent/etc/cni/net.d"
JAEGER_COLLECTOR = n.svc_fqdn("jaeger-collector", n.OBSERVABILITY_NS)
JAEGER_QUERY = n.svc_fqdn("jaeger-query", n.OBSERVABILITY_NS)
PROMETHEUS_URL = f"http://{n.svc_fqdn('kube-prometheus-stack-prometheus', n.MONITORING_NS)}:9090"
GRAFANA_URL = f"http://{n.svc_fqdn('kube-prometheus-stack-grafana', n.MONITORING_NS)}:80"


def istio_base(p: Profile) -> dict:
    return {"defaultRevision": "default"}


def istio_cni(p: Profile) -> dict:
    """K3s keeps CNI binaries and config outside /opt/cni/bin and /etc/cni/net.d."""
    if p.cluster.distribution == "k3s":
        return {"cni": {"cniBinDir": K3S_CNI_BIN_DIR, "cniConfDir": K3S_CNI_CONF_DIR,
                        "excludeNamespaces": ["kube-system", n.ISTIO_NS]}}
    return {"cni": {"excludeNamespaces": ["kube-system", n.ISTIO_NS]}}


def istiod(p: Profile) -> dict:
    return {
        "pilot": {"cni": {"enabled": True}, "autoscaleMin": 2, "replicaCount": 2,
                  "resources": {"requests": {"cpu": "100m", "memory": "256Mi"}}},
        "meshConfig": {
            "enableTracing": True,
            "accessLogFile": "/dev/stdout",
            "accessLogEncoding": "JSON",
            "extensionProviders": [{"name": "jaeger", "opentelemetry": {"service": JAEGER_COLLECTOR, "port": 4317}}],
            "defaultProviders": {"tracing": ["jaeger"]},
        },
        "global": {"proxy": {"holdApplicationUntilProxyStarts": True}},
    }


def istio_gateway(p: Profile) -> dict:
    """The ingress gateway as a LoadBalancer served by K3s ServiceLB on the ingress address."""
    return {
        "labels": {"istio": "ingressgateway"},
        "service": {"type": "LoadBalancer", "loadBalancerIP": str(p.cluster.ingress_ip),
                    "ports": [{"name": "http2", "port": 80, "targetPort": 80},
                              {"name": "https", "port": 443, "targetPort": 443}]},
        "replicaCount": 2,
        "podDisruptionBudget": {"maxUnavailable": 1},
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"memory": "512Mi"}},
    }


def cert_manager(p: Profile) -> dict:
    return {"crds": {"enabled": True, "keep": True}, "replicaCount": 2, "prometheus": {"servicemonitor": {"enabled": True}}}


def argocd(p: Profile) -> dict:
    """ArgoCD manages itself; Application health is restored so sync waves wait for child apps."""
    health = ("hs = {}\nhs.status = \"Progressing\"\nhs.message = \"\"\n"
              "if obj.status ~= nil and obj.status.health ~= nil then\n"
              "  hs.status = obj.status.health.status\n"
              "  if obj.status.health.message ~= nil then hs.message = obj.status.health.message end\n"
              "end\nreturn hs\n")
    return {"configs": {"cm": {"resource.customizations.health.argoproj.io_Application": health}},
            "redis-ha": {"enabled": False}, "controller": {"replicas": 1}, "server": {"replicas": 2}}


def pgo(p: Profile) -> dict:
    return {"replicas": 1, "debug": False}


def redis_operator(p: Profile) -> dict:
    return {"monitoring": {"enabled": True, "serviceMonitor": True}}


def external_secrets(p: Profile) -> dict:
    return {"installCRDs": True, "serviceMonitor": {"enabled": True}, "webhook": {"replicaCount": 1}}


def vault(p: Profile) -> dict:
    """Vault HA on Raft, one replica per node, Kubernetes auth consumed by ESO."""
    return {"server": {"ha": {"enabled": True, "replicas": len(p.cluster.nodes), "raft": {"enabled": True}},
                       "dataStorage": {"storageClass": p.cluster.storage_class, "size": "2Gi"}},
            "injector": {"enabled": False}, "ui": {"enabled": True}}


def kube_prometheus_stack(p: Profile) -> dict:
    return {
        "grafana": {"grafana.ini": {"auth.anonymous": {"enabled": True, "org_role": "Viewer"}},
                    "sidecar": {"dashboards": {"enabled": True, "label": "grafana_dashboard", "labelValue": "1",
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


def jaeger(p: Profile) -> dict:
    """All-in-one Jaeger with OTLP enabled for Istio's OpenTelemetry provider."""
    return {"provisionDataStore": {"cassandra": False}, "storage": {"type": "memory"},
            "allInOne": {"enabled": True, "extraEnv": [{"name": "COLLECTOR_OTLP_ENABLED", "value": "true"}]},
            "agent": {"enabled": False}, "collector": {"enabled": False}, "query": {"enabled": False}}


def kiali_operator(p: Profile) -> dict:
    return {"cr": {"create": False}, "watchNamespace": n.KIALI_NS}
