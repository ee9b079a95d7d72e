"""Helm values for every third-party component, built from the profile."""

from __future__ import annotations

from urlplatform.names import ISTIO_NS, KIALI_NS, MONITORING_NS, OBSERVABILITY_NS, svc_fqdn
from urlplatform.config import Profile
from urlplatform.k3s import CNI_CONF_DIR, cni_bin_dir

JAEGER_COLLECTOR = svc_fqdn("jaeger-collector", OBSERVABILITY_NS)
JAEGER_QUERY = svc_fqdn("jaeger-query", OBSERVABILITY_NS)
JAEGER_OTLP_GRPC_PORT = 4317
JAEGER_QUERY_GRPC_PORT = 16685
GATEWAY_MIN_REPLICAS = 2
# Browser-facing URLs: these UIs are not exposed through the gateway; open them with
# `kubectl port-forward` as the README's "Operating the lab" section shows.
PORT_FORWARDS = {"grafana": ("svc/kube-prometheus-stack-grafana", MONITORING_NS, 3000, 80),
                 "jaeger": ("svc/jaeger-query", OBSERVABILITY_NS, 16686, 16686)}
PROMETHEUS_URL = f"http://{svc_fqdn('kube-prometheus-stack-prometheus', MONITORING_NS)}:9090"
GRAFANA_URL = f"http://{svc_fqdn('kube-prometheus-stack-grafana', MONITORING_NS)}:80"


def istio_base(p: Profile) -> dict:
    return {"defaultRevision": "default"}


def istio_cni(p: Profile) -> dict:
    """K3s keeps CNI binaries and config outside /opt/cni/bin and /etc/cni/net.d; the bin dir depends on the release."""
    if p.cluster.distribution == "k3s":
        return {"cni": {"cniBinDir": cni_bin_dir(p.cluster.k3s_version), "cniConfDir": CNI_CONF_DIR,
                        "excludeNamespaces": ["kube-system", ISTIO_NS]}}
    return {"cni": {"excludeNamespaces": ["kube-system", ISTIO_NS]}}


def istiod(p: Profile) -> dict:
    return {
        "pilot": {"cni": {"enabled": True}, "autoscaleMin": 2, "replicaCount": 2,
                  "resources": {"requests": {"cpu": "100m", "memory": "256Mi"}}},
        "meshConfig": {
            "enableTracing": True,
            "accessLogFile": "/dev/stdout",
            "accessLogEncoding": "JSON",
            "extensionProviders": [{"name": "jaeger", "opentelemetry": {"service": JAEGER_COLLECTOR,
                                                                        "port": JAEGER_OTLP_GRPC_PORT}}],
            # Setting defaultProviders drops the chart's implicit `metrics: [prometheus]`: declare it.
            "defaultProviders": {"metrics": ["prometheus"], "tracing": ["jaeger"]},
        },
        "global": {"proxy": {"holdApplicationUntilProxyStarts": True}},
    }


def istio_gateway(p: Profile) -> dict:
    """The ingress gateway as a LoadBalancer served by K3s ServiceLB on the ingress address.

    `service.ports` replaces the chart's list, so it repeats status-port 15021 (the gateway's readiness
    endpoint). The chart's HPA owns the replica count (replicaCount is ignored while autoscaling is on),
    so HA is its minimum. Limits are stated in full: the chart merges user values over its defaults with
    mustMergeOverwrite, which keeps a default that is left out (or set to null).
    """
    return {
        "labels": {"istio": "ingressgateway"},
        "service": {"type": "LoadBalancer", "loadBalancerIP": str(p.cluster.ingress_ip),
                    "ports": [{"name": "status-port", "port": 15021, "protocol": "TCP", "targetPort": 15021},
                              {"name": "http2", "port": 80, "protocol": "TCP", "targetPort": 80},
                              {"name": "https", "port": 443, "protocol": "TCP", "targetPort": 443}]},
        "autoscaling": {"enabled": True, "minReplicas": GATEWAY_MIN_REPLICAS,
                        "maxReplicas": max(GATEWAY_MIN_REPLICAS, len(p.cluster.nodes))},
        "podDisruptionBudget": {"maxUnavailable": 1},
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "1000m", "memory": "512Mi"}},
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
    replicas = len(p.cluster.nodes)
    return {"server": {"ha": {"enabled": True, "replicas": replicas,
                              "raft": {"enabled": True, "setNodeId": True, "config": vault_raft_config(replicas)}},
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
    """All-in-one Jaeger (the chart enables OTLP itself) behind a ClusterIP collector Service.

    Sidecars route a headless Service through an original-destination cluster, which Envoy's tracer
    cannot use, so the collector Service gets a cluster IP.
    """
    return {"provisionDataStore": {"cassandra": False}, "storage": {"type": "memory"},
            "allInOne": {"enabled": True, "service": {"headless": False}},
            "agent": {"enabled": False}, "collector": {"enabled": False}, "query": {"enabled": False}}


def kiali_operator(p: Profile) -> dict:
    return {"cr": {"create": False}, "watchNamespace": KIALI_NS}


VAULT_RELEASE = "vault"  # the Application's releaseName; the chart names pods <release>-N and the headless Service <release>-internal


def vault_raft_config(replicas: int) -> str:
    """Raft storage whose members find each other: every pod retries joining every other pod."""
    joins = "".join(
        f'  retry_join {{\n    leader_api_addr = "http://{VAULT_RELEASE}-{i}.{VAULT_RELEASE}-internal:8200"\n  }}\n'
        for i in range(replicas))
    return ('ui = true\n\nlistener "tcp" {\n  tls_disable = 1\n  address = "[::]:8200"\n'
            '  cluster_address = "[::]:8201"\n}\n\nstorage "raft" {\n  path = "/vault/data"\n'
            f'{joins}}}\n\nservice_registration "kubernetes" {{}}\n')
