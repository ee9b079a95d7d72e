"""Istio 1.24: CRDs (`istio-base`), the CNI node agent, istiod and the ingress gateway, one chart each.

The four charts share one version (Renovate groups them; `components_test` checks they agree)."""

from __future__ import annotations

from urlplatform.components import jaeger
from urlplatform.components.base import ChartPin, HelmComponent, Workload
from urlplatform.components.footprint import Footprint
from urlplatform.config import Profile
from urlplatform.k3s import CNI_CONF_DIR, cni_bin_dir

NAMESPACE = "istio-system"
ENVOY_METRICS_PORT = 15090  # the sidecar's merged Prometheus endpoint (never intercepted)
ENVOY_METRICS_PORT_NAME = "http-envoy-prom"
ISTIOD_LABELS = {"app": "istiod"}
XDS_PORT = 15012
MONITORING_PORT_NAME = "http-monitoring"
GATEWAY_LABELS = {"istio": "ingressgateway"}
GATEWAY_MIN_REPLICAS = 2

# istiod's webhook controller flips failurePolicy Ignore -> Fail once its endpoint is ready
# (istio/istio@1.24.2 pkg/webhooks/validation/controller/controller.go); the charts render Ignore, so without
# this self-heal reverts it forever. RespectIgnoreDifferences keeps the live value on sync too.
WEBHOOK_DRIFT = ({"group": "admissionregistration.k8s.io", "kind": "ValidatingWebhookConfiguration",
                  "jqPathExpressions": [".webhooks[]?.failurePolicy"]},)
# Charts read at their pins and found to write only into their release namespace with our values, so they need
# no footprint: istio/istio@1.24.2 manifests/charts/{istio-cni,istio-control/istio-discovery,gateway}/templates
# (istio-cni's NetworkAttachmentDefinition in `default` only with provider=multus; ours is the default provider).


def base_values(p: Profile) -> dict:
    return {"defaultRevision": "default"}


def cni_values(p: Profile) -> dict:
    """K3s keeps CNI binaries and config outside /opt/cni/bin and /etc/cni/net.d; the bin dir depends on the release."""
    if p.cluster.distribution == "k3s":
        return {"cni": {"cniBinDir": cni_bin_dir(p.cluster.k3s_version), "cniConfDir": CNI_CONF_DIR,
                        "excludeNamespaces": ["kube-system", NAMESPACE]}}
    return {"cni": {"excludeNamespaces": ["kube-system", NAMESPACE]}}


def istiod_values(p: Profile) -> dict:
    return {
        "pilot": {"cni": {"enabled": True}, "autoscaleMin": 2, "replicaCount": 2,
                  "resources": {"requests": {"cpu": "100m", "memory": "256Mi"}}},
        "meshConfig": {
            "enableTracing": True,
            "accessLogFile": "/dev/stdout",
            "accessLogEncoding": "JSON",
            "extensionProviders": [{"name": "jaeger", "opentelemetry": {"service": jaeger.COLLECTOR_HOST,
                                                                        "port": jaeger.OTLP_GRPC_PORT}}],
            # Setting defaultProviders drops the chart's implicit `metrics: [prometheus]`: declare it.
            "defaultProviders": {"metrics": ["prometheus"], "tracing": ["jaeger"]},
        },
        "global": {"proxy": {"holdApplicationUntilProxyStarts": True}},
    }


def gateway_values(p: Profile) -> dict:
    """The ingress gateway as a LoadBalancer served by K3s ServiceLB on the ingress address.

    `service.ports` replaces the chart's list, so it repeats status-port 15021 (the gateway's readiness
    endpoint). The chart's HPA owns the replica count (replicaCount is ignored while autoscaling is on),
    so HA is its minimum. Limits are stated in full: the chart merges user values over its defaults with
    mustMergeOverwrite, which keeps a default that is left out (or set to null).
    """
    return {
        "labels": dict(GATEWAY_LABELS),
        "service": {"type": "LoadBalancer", "loadBalancerIP": str(p.cluster.ingress_ip),
                    "ports": [{"name": "status-port", "port": 15021, "protocol": "TCP", "targetPort": 15021},
                              {"name": "http2", "port": 80, "protocol": "TCP", "targetPort": 80},
                              {"name": "https", "port": 443, "protocol": "TCP", "targetPort": 443}]},
        "autoscaling": {"enabled": True, "minReplicas": GATEWAY_MIN_REPLICAS,
                        "maxReplicas": max(GATEWAY_MIN_REPLICAS, len(p.cluster.nodes))},
        "podDisruptionBudget": {"maxUnavailable": 1},
        "resources": {"requests": {"cpu": "100m", "memory": "128Mi"}, "limits": {"cpu": "1000m", "memory": "512Mi"}},
    }


ISTIO_BASE = HelmComponent(
    app="istio-base", namespace=NAMESPACE, wave=-20, pss="privileged",
    reason=f"{NAMESPACE} hosts the istio-cni node agent, which writes CNI config on the host",
    chart=ChartPin(repo_url="https://istio-release.storage.googleapis.com/charts", chart="base", version="1.24.2"),
    values=base_values, server_side_apply=True, ignore_differences=WEBHOOK_DRIFT,
    footprint=Footprint(
        crds=("networking.istio.io/Gateway", "networking.istio.io/VirtualService",
              "networking.istio.io/DestinationRule", "security.istio.io/PeerAuthentication",
              "security.istio.io/AuthorizationPolicy", "telemetry.istio.io/Telemetry"),
        crds_evidence="istio/istio@1.24.2:manifests/charts/base/templates/crds.yaml renders files/crd-all.gen.yaml "
                      "when base.enableCRDTemplates (default true)",
        crds_when=(("base.enableCRDTemplates", True),)))
ISTIO_CNI = HelmComponent(
    app="istio-cni", namespace=NAMESPACE, wave=-15, pss="privileged",
    reason="the CNI node agent installs binaries and config into host paths",
    chart=ChartPin(repo_url="https://istio-release.storage.googleapis.com/charts", chart="cni", version="1.24.2"),
    values=cni_values)
ISTIOD = HelmComponent(
    app="istiod", namespace=NAMESPACE, wave=-15, pss="privileged", reason=f"shares {NAMESPACE} with the CNI node agent",
    chart=ChartPin(repo_url="https://istio-release.storage.googleapis.com/charts", chart="istiod", version="1.24.2"),
    values=istiod_values, ignore_differences=WEBHOOK_DRIFT)
ISTIO_GATEWAY = HelmComponent(
    app="istio-gateway", namespace="istio-ingress", wave=-10, pss="baseline",
    reason="the gateway chart does not pin a seccompProfile on its pods",
    chart=ChartPin(repo_url="https://istio-release.storage.googleapis.com/charts", chart="gateway", version="1.24.2"),
    values=gateway_values, sidecar_injected=True)

ISTIOD_PODS = Workload(name="istiod", namespace=NAMESPACE, pod_labels=ISTIOD_LABELS, port=XDS_PORT)
