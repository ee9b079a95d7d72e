"""Helm values that must be right for the pinned charts on K3s, read from the rendered Applications.

Each test names the upstream file (owner/repo@tag:path) whose behaviour it pins; docs/upstream-contracts.md
has one row per fact. Values are read back from `spec.source.helm.values` of the rendered Application, so a
test sees exactly what ArgoCD hands to Helm.
"""

import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from rendered import objects, one

from urlplatform import k3s
from urlplatform.components.observability import PORT_FORWARDS
from urlplatform.config import ConfigError, load_profile, load_profile_file

PROFILES = ["homelab", "kind"]
WAVE = "argocd.argoproj.io/sync-wave"
DOCS = Path(__file__).resolve().parents[2] / "docs"


def apps(profile="homelab") -> dict[str, dict]:
    return {a["metadata"]["name"]: a for a in objects("apps", "Application", profile)}


def values(app: str, profile="homelab") -> dict:
    return yaml.safe_load(apps(profile)[app]["spec"]["source"]["helm"]["values"])


def dig(d: dict, dotted: str, default=None):
    for part in dotted.split("."):
        if not isinstance(d, dict) or part not in d:
            return default
        d = d[part]
    return d


# --- 1. istio-cni: the CNI bin dir K3s's containerd searches --------------------------------------------------


@pytest.mark.parametrize(("version", "expected"), [
    ("v1.31.1+k3s1", k3s.CNI_BIN_DIR_LEGACY),
    ("v1.31.2+k3s1", k3s.CNI_BIN_DIR_STATIC),
    ("v1.31.4+k3s1", k3s.CNI_BIN_DIR_STATIC),
    ("v1.32.0+k3s1", k3s.CNI_BIN_DIR_STATIC),
])
def test_k3s_cni_bin_dir_boundary(version, expected):
    """k3s-io/k3s PR #10868 (static `data/cni` bin dir) reached the 1.31 line in v1.31.2+k3s1
    (k3s-io/docs:docs/release-notes/v1.31.X.md "Backports for 2024-10"; k3s-io/k3s#11369 shows v1.31.2 searching
    only /var/lib/rancher/k3s/data/cni). Istio's own k3s profile still names `data/current/bin/` at 1.24.2
    (istio/istio@1.24.2:manifests/helm-profiles/platform-k3s.yaml) and switched in 1.25.0 (PR #54112)."""
    assert k3s.cni_bin_dir(version) == expected


def test_unverified_k3s_line_is_a_one_line_profile_error(tmp_path):
    data = load_profile("homelab").model_dump(mode="json")
    data["cluster"]["k3s_version"] = "v1.30.6+k3s1"
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data))
    with pytest.raises(ConfigError) as e:
        load_profile_file(path)
    assert "1.30" in str(e.value) and "\n" not in str(e.value)


def test_rendered_istio_cni_uses_the_profiles_k3s_bin_dir():
    """The rendered values carry the path derived from the homelab's k3s_version, not Istio 1.24's profile path."""
    p = load_profile("homelab")
    cni = values("istio-cni")["cni"]
    assert cni["cniBinDir"] == k3s.cni_bin_dir(p.cluster.k3s_version) == k3s.CNI_BIN_DIR_STATIC
    assert cni["cniConfDir"] == k3s.CNI_CONF_DIR
    # global.platform=k3s would merge Istio 1.24's stale k3s profile over nothing we set explicitly.
    assert dig(values("istio-cni"), "global.platform") is None


def test_kind_istio_cni_keeps_chart_default_paths():
    assert "cniBinDir" not in values("istio-cni", "kind")["cni"]


# --- 2. the gateway's namespace admits sidecar injection ------------------------------------------------------

# istio/istio@1.24.2:manifests/charts/istio-control/istio-discovery/templates/mutatingwebhook.yaml, the
# non-revision webhooks: (namespace selector, object selector). Each selector: key -> ("In", values) /
# ("NotIn", values) / ("DoesNotExist",).
ISTIOD_1_24_INJECTION_WEBHOOKS = (
    ({"istio-injection": ("In", ["enabled"])}, {"sidecar.istio.io/inject": ("NotIn", ["false"])}),
    ({"istio-injection": ("DoesNotExist",), "istio.io/rev": ("DoesNotExist",)},
     {"sidecar.istio.io/inject": ("In", ["true"]), "istio.io/rev": ("DoesNotExist",)}),
)
# istio/istio@1.24.2:manifests/charts/gateway/templates/_helpers.tpl gateway.sidecarInjectionLabels (no revision).
GATEWAY_POD_INJECTION_LABELS = {"sidecar.istio.io/inject": "true"}


def _matches(selector: dict, labels: dict) -> bool:
    for key, (op, *vals) in selector.items():
        if op == "In" and labels.get(key) not in vals[0]:
            return False
        if op == "NotIn" and key in labels and labels[key] in vals[0]:
            return False
        if op == "DoesNotExist" and key in labels:
            return False
    return True


def _namespace_labels(ns: str, profile: str) -> dict:
    owners = [a for a in apps(profile).values() if a["spec"]["destination"]["namespace"] == ns
              and "managedNamespaceMetadata" in a["spec"]["syncPolicy"]]
    assert len(owners) == 1, f"namespace {ns}: metadata from {[a['metadata']['name'] for a in owners]}"
    return owners[0]["spec"]["syncPolicy"]["managedNamespaceMetadata"]["labels"] | {"kubernetes.io/metadata.name": ns}


@pytest.mark.parametrize("profile", PROFILES)
def test_gateway_pods_are_injected_in_their_namespace(profile):
    """The gateway chart deploys `image: auto` and relies on injection; its README says the namespace must not
    carry istio-injection=disabled (istio/istio@1.24.2:manifests/charts/gateway/README.md)."""
    ns = apps(profile)["istio-gateway"]["spec"]["destination"]["namespace"]
    ns_labels = _namespace_labels(ns, profile)
    pod_labels = GATEWAY_POD_INJECTION_LABELS | values("istio-gateway", profile).get("labels", {})
    assert any(_matches(nsel, ns_labels) and _matches(osel, pod_labels) for nsel, osel in ISTIOD_1_24_INJECTION_WEBHOOKS), \
        f"no istiod webhook injects the gateway in {ns} labelled {ns_labels}"


# --- 3. Istio standard metrics are produced -----------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_istiod_keeps_the_prometheus_metrics_provider(profile):
    """The chart writes `defaultProviders.metrics: [prometheus]` only when meshConfig.defaultProviders is unset
    (istio/istio@1.24.2:manifests/charts/istio-control/istio-discovery/templates/_helpers.tpl "default-prometheus",
    configmap.yaml); `prometheus` is a built-in extension provider (pkg/config/mesh/mesh.go DefaultMeshConfig)."""
    mesh = values("istiod", profile)["meshConfig"]
    if "defaultProviders" in mesh:
        assert "prometheus" in mesh["defaultProviders"].get("metrics", []), "istio_requests_total would never exist"
    declared = {p["name"] for p in mesh.get("extensionProviders", [])} | {"prometheus", "stackdriver", "envoy"}
    used = [name for names in mesh.get("defaultProviders", {}).values() for name in names]
    for tel in objects("mesh", "Telemetry", profile):
        used += [p["name"] for section in tel["spec"].values() if isinstance(section, list)
                 for item in section for p in item.get("providers", [])]
    assert set(used) <= declared


# --- 4 and 5. gateway replicas, ports and limits -----------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_gateway_runs_at_least_two_replicas(profile):
    """With autoscaling.enabled (chart default true) the Deployment omits replicas and the HPA's minReplicas
    (default 1) rules (istio/istio@1.24.2:manifests/charts/gateway/templates/deployment.yaml, hpa.yaml, values.yaml)."""
    v = values("istio-gateway", profile)
    if dig(v, "autoscaling.enabled", True):
        assert v["autoscaling"]["minReplicas"] >= 2
        assert "replicaCount" not in v, "replicaCount is ignored while the HPA runs; drop it"
    else:
        assert v["replicaCount"] >= 2


@pytest.mark.parametrize("profile", PROFILES)
def test_gateway_service_keeps_status_port(profile):
    """`service.ports` replaces the chart's list, whose first entry is status-port 15021
    (istio/istio@1.24.2:manifests/charts/gateway/values.yaml; templates/service.yaml renders the list as given)."""
    ports = {p["name"]: p for p in values("istio-gateway", profile)["service"]["ports"]}
    assert ports["status-port"]["port"] == ports["status-port"]["targetPort"] == 15021
    assert {"http2", "https"} <= ports.keys()


@pytest.mark.parametrize("profile", PROFILES)
def test_gateway_limits_are_stated_in_full(profile):
    """The chart's default limits are cpu 2000m / memory 1024Mi and zzz_profile.yaml merges user values over them
    with mustMergeOverwrite, so an omitted (or null) limit keeps the default
    (istio/istio@1.24.2:manifests/charts/gateway/values.yaml, templates/zzz_profile.yaml)."""
    limits = values("istio-gateway", profile)["resources"]["limits"]
    assert {"cpu", "memory"} <= limits.keys() and all(limits[k] for k in ("cpu", "memory"))


# --- 6. Jaeger collector reachable from sidecars ------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_jaeger_collector_service_has_a_cluster_ip(profile):
    """jaegertracing/helm-charts@jaeger-3.3.3:charts/jaeger/templates/allinone-collector-svc.yaml sets
    clusterIP None while allInOne.service.headless (default true); allinone-deploy.yaml already sets
    COLLECTOR_OTLP_ENABLED=true and exposes 4317, so extraEnv must not repeat it."""
    v = values("jaeger", profile)
    assert v["allInOne"]["enabled"] is True and v["allInOne"]["service"]["headless"] is False
    assert "COLLECTOR_OTLP_ENABLED" not in {e["name"] for e in v["allInOne"].get("extraEnv", [])}


@pytest.mark.parametrize("profile", PROFILES)
def test_istio_tracing_targets_the_jaeger_release_collector(profile):
    """The collector Service is `<release>-collector` (jaeger.collector.name) with OTLP gRPC on 4317."""
    release = apps(profile)["jaeger"]["spec"]["source"]["helm"]["releaseName"]
    ns = apps(profile)["jaeger"]["spec"]["destination"]["namespace"]
    [provider] = [p for p in values("istiod", profile)["meshConfig"]["extensionProviders"] if p["name"] == "jaeger"]
    assert provider["opentelemetry"] == {"service": f"{release}-collector.{ns}.svc.cluster.local", "port": 4317}


# --- 7. Kiali's tracing URLs ------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_kiali_tracing_urls(profile):
    """The all-in-one query UI is served at `/` (the chart passes no base path:
    jaegertracing/helm-charts@jaeger-3.3.3:charts/jaeger/templates/allinone-deploy.yaml); the query Service
    `<release>-query` serves gRPC on 16685 and HTTP on 16686 (allinone-query-svc.yaml). external_url must open in a
    browser: the local end of a port-forward documented in docs/ui-access.md."""
    tracing = one("observability", "Kiali", "kiali", profile)["spec"]["external_services"]["tracing"]
    release = apps(profile)["jaeger"]["spec"]["source"]["helm"]["releaseName"]
    internal = urlparse(tracing["internal_url"])
    assert internal.hostname.startswith(f"{release}-query.") and internal.port == 16685
    assert internal.path in ("", "/")
    external = urlparse(tracing["external_url"])
    assert external.hostname == "localhost" and external.path in ("", "/")
    assert f"port-forward svc/{release}-query {external.port}:16686" in (DOCS / "ui-access.md").read_text()


def test_ui_access_doc_lists_every_port_forward():
    doc = (DOCS / "ui-access.md").read_text()
    for target, ns, local, remote in PORT_FORWARDS.values():
        assert f"kubectl -n {ns} port-forward {target} {local}:{remote}" in doc


# --- 8. Vault Raft forms a cluster ----------------------------------------------------------------------------------


def test_vault_raft_members_retry_join_each_other():
    """hashicorp/vault-helm@v0.29.1:values.yaml server.ha.raft.config has no retry_join, so followers never join
    without `vault operator raft join`. Pods are `<fullname>-N` behind the headless `<fullname>-internal` Service
    (templates/server-statefulset.yaml serviceName, server-headless-service.yaml; fullname = release name)."""
    v = values("vault")
    release = apps()["vault"]["spec"]["source"]["helm"]["releaseName"]
    replicas = v["server"]["ha"]["replicas"]
    config = v["server"]["ha"]["raft"]["config"]
    assert v["server"]["ha"]["raft"]["enabled"] is True and replicas == len(load_profile("homelab").cluster.nodes)
    joins = re.findall(r'retry_join\s*\{\s*leader_api_addr\s*=\s*"([^"]+)"\s*\}', config)
    assert sorted(joins) == [f"http://{release}-{i}.{release}-internal:8200" for i in range(replicas)]
    assert re.search(r'storage\s+"raft"', config) and 'service_registration "kubernetes"' in config


# --- 9. ServiceMonitors rendered by Helm charts wait for the monitoring CRDs ----------------------------------------

# Values switches that make a chart render a monitoring.coreos.com object (each checked in the chart's values.yaml
# at the pinned tag: cert-manager/cert-manager@v1.16.2:deploy/charts/cert-manager/values.yaml,
# spotahome/redis-operator@Chart-3.3.0:charts/redisoperator/values.yaml,
# external-secrets/external-secrets@helm-chart-0.12.1:deploy/charts/external-secrets/values.yaml,
# hashicorp/vault-helm@v0.29.1:values.yaml, jaegertracing/helm-charts@jaeger-3.3.3:charts/jaeger/values.yaml).
MONITOR_SWITCHES = {
    "cert-manager": ["prometheus.servicemonitor.enabled"],
    "redis-operator": ["monitoring.enabled", "monitoring.serviceMonitor"],
    "external-secrets": ["serviceMonitor.enabled"],
    "vault": ["serverTelemetry.serviceMonitor.enabled"],
    "jaeger": ["collector.serviceMonitor.enabled", "query.serviceMonitor.enabled"],
}


@pytest.mark.parametrize("profile", PROFILES)
def test_charts_rendering_monitors_sync_after_the_monitoring_crds(profile):
    a = apps(profile)
    crd_wave = int(a["kube-prometheus-stack"]["metadata"]["annotations"][WAVE])
    enabled = [name for name, paths in MONITOR_SWITCHES.items() if name in a
               and any(dig(values(name, profile), p) for p in paths)]
    assert enabled, "no chart enables a monitor: the switch table is stale"
    for name in enabled:
        assert int(a[name]["metadata"]["annotations"][WAVE]) > crd_wave, f"{name} renders ServiceMonitors " \
            f"in wave {a[name]['metadata']['annotations'][WAVE]}, monitoring CRDs arrive in wave {crd_wave}"


# --- 10. one owner per namespace -------------------------------------------------------------------------------------


@pytest.mark.parametrize("profile", PROFILES)
def test_each_namespace_is_created_by_one_application(profile):
    """Several Applications with CreateNamespace/managedNamespaceMetadata on one namespace overwrite each other's
    labels and annotations on every sync; exactly one may own it."""
    creators: dict[str, list[str]] = {}
    for name, app in apps(profile).items():
        sync = app["spec"]["syncPolicy"]
        if "CreateNamespace=true" in sync["syncOptions"] or "managedNamespaceMetadata" in sync:
            creators.setdefault(app["spec"]["destination"]["namespace"], []).append(name)
    assert creators
    for ns, names in creators.items():
        assert len(names) == 1, f"namespace {ns} is created by {names}"
    for name, app in apps(profile).items():
        if "managedNamespaceMetadata" in app["spec"]["syncPolicy"]:
            assert "CreateNamespace=true" in app["spec"]["syncPolicy"]["syncOptions"], name
