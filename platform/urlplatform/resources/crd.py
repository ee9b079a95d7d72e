"""Typed custom resources: one small class per CRD kind we emit, checking required spec fields at synth time.

We cannot `cdk8s import` CRDs here (no network), so each class names its apiVersion/kind and the
spec paths its operator requires; a missing one fails synth with the kind, name and field."""

from __future__ import annotations

from constructs import Construct

from urlplatform.resources.base import k8s_object


def _has(obj: dict, dotted: str) -> bool:
    cur = obj
    for part in dotted.split("."):
        if not isinstance(cur, dict) or part not in cur or cur[part] in (None, "", [], {}):
            return False
        cur = cur[part]
    return True


class CustomResource(Construct):
    """Base: subclasses set api_version, kind, required (dotted spec paths) and namespaced."""

    api_version: str = ""
    kind: str = ""
    required: tuple[str, ...] = ()
    namespaced: bool = True

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str | None = None, spec: dict | None = None,
                 labels: dict | None = None, annotations: dict | None = None, finalizers: list[str] | None = None,
                 **fields):
        super().__init__(scope, id)
        if self.namespaced and not namespace:
            raise ValueError(f"{self.kind} {name}: namespace is required")
        if not self.namespaced and namespace:
            raise ValueError(f"{self.kind} {name} is cluster-scoped; drop namespace")
        body = {"spec": spec} if spec is not None else {}
        body |= fields
        missing = [f for f in self.required if not _has(body, f)]
        if missing:
            raise ValueError(f"{self.kind} {name}: required field {missing[0]} is missing")
        meta = {"name": name}
        if namespace:
            meta["namespace"] = namespace
        if labels:
            meta["labels"] = dict(labels)
        if annotations:
            meta["annotations"] = dict(annotations)
        if finalizers:
            meta["finalizers"] = list(finalizers)
        self.name, self.namespace = name, namespace
        k8s_object(self, "cr", api_version=self.api_version, kind=self.kind, metadata=meta, **body)


def _crd(kind: str, api_version: str, required: tuple[str, ...], namespaced: bool = True) -> type[CustomResource]:
    return type(kind, (CustomResource,), {"api_version": api_version, "kind": kind, "required": required,
                                          "namespaced": namespaced, "__doc__": f"{api_version} {kind}."})


PostgresCluster = _crd("PostgresCluster", "postgres-operator.crunchydata.com/v1beta1",
                       ("spec.postgresVersion", "spec.instances", "spec.backups.pgbackrest.repos"))
RedisFailover = _crd("RedisFailover", "databases.spotahome.com/v1", ("spec.redis.replicas", "spec.sentinel.replicas"))
ClusterSecretStore = _crd("ClusterSecretStore", "external-secrets.io/v1beta1", ("spec.provider",), namespaced=False)
ExternalSecret = _crd("ExternalSecret", "external-secrets.io/v1beta1",
                      ("spec.secretStoreRef.name", "spec.target.name", "spec.data"))
Gateway = _crd("Gateway", "networking.istio.io/v1", ("spec.selector", "spec.servers"))
VirtualService = _crd("VirtualService", "networking.istio.io/v1", ("spec.hosts", "spec.http"))
DestinationRule = _crd("DestinationRule", "networking.istio.io/v1", ("spec.host", "spec.trafficPolicy"))
PeerAuthentication = _crd("PeerAuthentication", "security.istio.io/v1", ("spec.mtls.mode",))
AuthorizationPolicy = _crd("AuthorizationPolicy", "security.istio.io/v1", ())
Telemetry = _crd("Telemetry", "telemetry.istio.io/v1", ("spec.tracing",))
MetricsTelemetry = _crd("Telemetry", "telemetry.istio.io/v1", ("spec.metrics",))
ClusterIssuer = _crd("ClusterIssuer", "cert-manager.io/v1", (), namespaced=False)
Certificate = _crd("Certificate", "cert-manager.io/v1", ("spec.secretName", "spec.issuerRef.name"))
ServiceMonitor = _crd("ServiceMonitor", "monitoring.coreos.com/v1", ("spec.selector", "spec.endpoints"))
PodMonitor = _crd("PodMonitor", "monitoring.coreos.com/v1", ("spec.selector", "spec.podMetricsEndpoints"))
PrometheusRule = _crd("PrometheusRule", "monitoring.coreos.com/v1", ("spec.groups",))
Kiali = _crd("Kiali", "kiali.io/v1alpha1", ("spec.external_services.prometheus.url",
                                            "spec.external_services.grafana.internal_url",
                                            "spec.external_services.tracing.internal_url"))
Application = _crd("Application", "argoproj.io/v1alpha1", ("spec.project", "spec.destination.namespace"))
AppProject = _crd("AppProject", "argoproj.io/v1alpha1", ("spec.sourceRepos", "spec.destinations"))
