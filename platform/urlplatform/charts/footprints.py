"""What each pinned upstream chart creates besides its own release namespace, as data with evidence.

ArgoCD validates every object a chart renders against the AppProject and needs every custom resource's CRD
before it applies it. The rendered tree only shows our values, not what the chart makes of them, so the facts
that matter for convergence are recorded here: which CRDs a chart installs (`crds`, "group/Kind") and which
objects it renders outside its release namespace or of a kind it does not install itself (`emits`), each
conditioned on the values that switch it on. Evidence is `owner/repo@tag:path`; the replay test evaluates
these facts against the values in the rendered Applications. Only CRDs read at the pinned tag are listed
(a chart may install more; listing fewer can only make the replay stricter).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Emits:
    """Objects of `kind` ("group/Kind", core group empty) rendered when every `when` values path is truthy.

    `when` pairs a dotted values path with the chart's default for it. The namespace is `namespace_value`
    (a dotted values path) when set in the values, else `namespace`; None means the release namespace.
    """

    kind: str
    evidence: str
    namespace: str | None = None
    namespace_value: str | None = None
    when: tuple[tuple[str, bool], ...] = ()


@dataclass(frozen=True)
class Footprint:
    """CRDs a chart installs (when `crds_when` is truthy) and objects it emits."""

    crds: tuple[str, ...] = ()
    crds_evidence: str = ""
    crds_when: tuple[tuple[str, bool], ...] = ()
    emits: tuple[Emits, ...] = field(default_factory=tuple)


def value(values: dict, dotted: str, default):
    """A dotted path in Helm values, or `default` when any part is missing (the chart's own default)."""
    cur = values
    for part in dotted.split("."):
        if not isinstance(cur, dict) or part not in cur:
            return default
        cur = cur[part]
    return cur


def _enabled(values: dict, when: tuple[tuple[str, bool], ...]) -> bool:
    return all(value(values, path, default) for path, default in when)


def installed_crds(fp: Footprint, values: dict, *, skip_crds: bool = False) -> set[str]:
    """The "group/Kind"s a chart installs with these values (Helm `--skip-crds` drops its crds/ folder)."""
    if skip_crds or not _enabled(values, fp.crds_when):
        return set()
    return set(fp.crds)


def emitted(fp: Footprint, values: dict, release_namespace: str) -> list[tuple[str, str]]:
    """(kind, namespace) of every object the chart emits with these values."""
    out = []
    for e in fp.emits:
        if not _enabled(values, e.when):
            continue
        ns = e.namespace or release_namespace
        if e.namespace_value:
            ns = value(values, e.namespace_value, ns) or ns
        out.append((e.kind, ns))
    return out


SERVICE_MONITOR = "monitoring.coreos.com/ServiceMonitor"

# Charts read at their pins and found to write only into their release namespace (or the Istio namespace, which
# is theirs) with our values, so they need no entry: istio/istio@1.24.2 manifests/charts/{istio-cni,
# istio-control/istio-discovery,gateway}/templates (istio-cni's NetworkAttachmentDefinition in `default` only
# with provider=multus; ours is the default provider); hashicorp/vault-helm@v0.29.1 templates (all
# `vault.namespace`); CrunchyData/postgres-operator-examples@fdf9fb68bebe helm/install/templates (release
# namespace only).

FOOTPRINTS: dict[str, Footprint] = {
    "argocd": Footprint(
        crds=("argoproj.io/Application", "argoproj.io/AppProject", "argoproj.io/ApplicationSet"),
        crds_evidence="argoproj/argo-helm@argo-cd-7.7.21:charts/argo-cd/templates/crds/ (crds.install default true)",
        crds_when=(("crds.install", True),)),
    "istio-base": Footprint(
        crds=("networking.istio.io/Gateway", "networking.istio.io/VirtualService",
              "networking.istio.io/DestinationRule", "security.istio.io/PeerAuthentication",
              "security.istio.io/AuthorizationPolicy", "telemetry.istio.io/Telemetry"),
        crds_evidence="istio/istio@1.24.2:manifests/charts/base/templates/crds.yaml renders files/crd-all.gen.yaml "
                      "when base.enableCRDTemplates (default true)",
        crds_when=(("base.enableCRDTemplates", True),)),
    "cert-manager": Footprint(
        crds=("cert-manager.io/Certificate", "cert-manager.io/ClusterIssuer", "cert-manager.io/Issuer",
              "cert-manager.io/CertificateRequest", "acme.cert-manager.io/Order", "acme.cert-manager.io/Challenge"),
        crds_evidence="cert-manager/cert-manager@v1.16.2:deploy/crds/ (chart templates when crds.enabled)",
        crds_when=(("crds.enabled", False),),
        emits=(
            Emits("rbac.authorization.k8s.io/Role", namespace="kube-system",
                  namespace_value="global.leaderElection.namespace",
                  evidence="cert-manager/cert-manager@v1.16.2:deploy/charts/cert-manager/templates/rbac.yaml and "
                           "cainjector-rbac.yaml (namespace global.leaderElection.namespace, default kube-system "
                           "in values.yaml)"),
            Emits("rbac.authorization.k8s.io/RoleBinding", namespace="kube-system",
                  namespace_value="global.leaderElection.namespace",
                  evidence="cert-manager/cert-manager@v1.16.2:deploy/charts/cert-manager/templates/rbac.yaml"),
            Emits(SERVICE_MONITOR, namespace_value="prometheus.servicemonitor.namespace",
                  when=(("prometheus.enabled", True), ("prometheus.servicemonitor.enabled", False)),
                  evidence="cert-manager/cert-manager@v1.16.2:deploy/charts/cert-manager/templates/servicemonitor.yaml"),
        )),
    "pgo": Footprint(
        crds=("postgres-operator.crunchydata.com/PostgresCluster", "postgres-operator.crunchydata.com/PGUpgrade",
              "postgres-operator.crunchydata.com/PGAdmin", "postgres-operator.crunchydata.com/CrunchyBridgeCluster"),
        crds_evidence="CrunchyData/postgres-operator-examples@fdf9fb68bebe (5.7.2 release, no tag):helm/install/crds/"),
    "redis-operator": Footprint(
        crds=("databases.spotahome.com/RedisFailover",),
        # The chart's crds/ file at Chart-3.3.0 holds Go-template lines that Helm never renders: the output
        # does not parse. The app therefore skips CRDs and `redis-operator-crds` installs them.
        crds_evidence="spotahome/redis-operator@Chart-3.3.0:charts/redisoperator/crds/"
                      "databases.spotahome.com_redisfailovers.yaml (templated, unparseable)",
        emits=(Emits(SERVICE_MONITOR, when=(("monitoring.enabled", False), ("monitoring.serviceMonitor", False)),
                     evidence="spotahome/redis-operator@Chart-3.3.0:charts/redisoperator/templates/monitoring.yaml"),)),
    "redis-operator-crds": Footprint(
        crds=("databases.spotahome.com/RedisFailover",),
        crds_evidence="spotahome/redis-operator@Chart-3.2.9:charts/redisoperator/crds/"
                      "databases.spotahome.com_redisfailovers.yaml (plain YAML, 809261 bytes; schema equal to "
                      "Chart-3.3.0 apart from the templated annotations)"),
    "external-secrets": Footprint(
        crds=("external-secrets.io/ExternalSecret", "external-secrets.io/ClusterSecretStore"),
        crds_evidence="external-secrets/external-secrets@helm-chart-0.12.1:deploy/charts/external-secrets/values.yaml "
                      "installCRDs (default true); config/crds/bases/",
        crds_when=(("installCRDs", True),),
        emits=(Emits(SERVICE_MONITOR, when=(("serviceMonitor.enabled", False),),
                     evidence="external-secrets/external-secrets@helm-chart-0.12.1:deploy/charts/external-secrets/"
                              "values.yaml serviceMonitor.enabled"),)),
    "kube-prometheus-stack": Footprint(
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
                                ("kubeProxy", "kube-proxy")))),
    "kiali-operator": Footprint(
        crds=("kiali.io/Kiali",),
        crds_evidence="kiali/helm-charts@v2.4.0:kiali-operator/crds/crds.yaml",
        emits=(Emits("kiali.io/Kiali", namespace_value="watchNamespace", when=(("cr.create", False),),
                     evidence="kiali/helm-charts@v2.4.0:kiali-operator/templates/kiali-cr.yaml (in watchNamespace, "
                              "else cr.namespace, else the release namespace)"),)),
    "jaeger": Footprint(emits=tuple(
        Emits(SERVICE_MONITOR, namespace_value=f"{part}.serviceMonitor.namespace",
              when=((f"{part}.serviceMonitor.enabled", False),),
              evidence=f"jaegertracing/helm-charts@jaeger-3.3.3:charts/jaeger/templates/{part}-servicemonitor.yaml")
        for part in ("query", "collector", "agent", "ingester"))),
}
