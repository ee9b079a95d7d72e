"""The observability chart alone, from the fixture site and the components it is given: scrape targets that
follow istiod and the gateway, the Kiali CR where its operator watches, dashboards and alert rules.

Whether each monitor selects pods that exist, and each URL a Service that exists, is a whole-tree fact
(reachability_test, metric_contracts_test); alert semantics are promtool's (alert_rules_test)."""

import dataclasses
import json

from chart_fixture import kinds, one, site, synth

from slospec.model import load_spec
from urlplatform.charts.observability import ObservabilityChart
from urlplatform.components import istio, jaeger, kiali, kube_prometheus_stack
from urlplatform.components.base import Workload
from urlplatform.components.observability import OBSERVABILITY

WIRING = dict(component=OBSERVABILITY, istiod=istio.ISTIOD_PODS, gateway=istio.ISTIO_GATEWAY)


def build(profile=None, **wiring):
    return synth(ObservabilityChart, profile=profile or site(), **(WIRING | wiring))


def test_kiali_cr_is_where_its_operator_watches_and_reads_the_stack():
    """The operator reconciles Kiali CRs in `watchNamespace` only, all namespaces when it is empty (kiali/helm-charts
    @v2.4.0:kiali-operator/values.yaml watchNamespace, templates/deployment.yaml WATCH_NAMESPACE)."""
    p = site()
    cr = one(build(p), "Kiali")
    watched = kiali.KIALI_OPERATOR.values(p).get("watchNamespace")
    assert not watched or cr["metadata"]["namespace"] == watched
    ext = cr["spec"]["external_services"]
    assert ext["prometheus"]["url"] == kube_prometheus_stack.PROMETHEUS_URL
    assert ext["grafana"]["internal_url"] == kube_prometheus_stack.GRAFANA_URL
    assert ext["tracing"]["internal_url"] == f"http://{jaeger.QUERY_HOST}:{jaeger.QUERY_GRPC_PORT}"
    assert ext["grafana"]["external_url"].startswith("http://localhost:")
    # Kiali reads Grafana without credentials only if Grafana grants anonymous viewers.
    grafana = kube_prometheus_stack.values(p)["grafana"]
    assert ext["grafana"]["auth"]["type"] == "none" and grafana["grafana.ini"]["auth.anonymous"]["enabled"] is True


def test_dashboards_are_sidecar_configmaps_with_latency_percentiles():
    objs = build()
    maps = kinds(objs, "ConfigMap")
    sidecar = kube_prometheus_stack.values(site())["grafana"]["sidecar"]["dashboards"]
    uids = []
    for m in maps:
        assert m["metadata"]["labels"][sidecar["label"]] == sidecar["labelValue"]
        [body] = m["data"].values()
        uids.append(json.loads(body)["uid"])
    assert len(maps) >= 4 and len(set(uids)) == len(uids)
    golden = [json.loads(b) for m in maps for b in m["data"].values() if "golden" in json.loads(b)["title"].lower()]
    exprs = [t["expr"] for d in golden for p in d["panels"] for t in p["targets"]]
    for q in ("0.5", "0.95", "0.99"):
        assert any(f"histogram_quantile({q}," in e for e in exprs)


def test_alert_rules_cover_the_failure_modes():
    """Burn-rate alerts for every SLO of the spec, plus the non-SLO failure modes (promtool checks and unit-tests
    them in alert_rules_test)."""
    groups = one(build(), "PrometheusRule")["spec"]["groups"]
    alerts = {r["alert"] for g in groups for r in g["rules"] if "alert" in r}
    assert {"RedisMasterMissing", "RedisFailoverHappened", "PostgresReplicationLagHigh", "PostgresFullBackupTooOld",
            "PostgresDiffBackupTooOld", "PodCrashLooping", "ShlinkReplicasUnavailable"} <= alerts
    slo_alerts = {r["labels"]["slo"] for g in groups for r in g["rules"] if "alert" in r and "slo" in r["labels"]}
    assert sorted(slo_alerts) == sorted(s.name for s in load_spec().slos)


def test_alert_runbooks_live_in_the_profiles_gitops_repository():
    p = site()
    groups = one(build(p), "PrometheusRule")["spec"]["groups"]
    urls = {r["annotations"]["runbook_url"] for g in groups for r in g["rules"] if "alert" in r}
    prefix = f"{p.gitops.repo_url.removesuffix('.git')}/blob/{p.gitops.revision}/"
    assert urls and all(u.startswith(prefix) for u in urls)


def test_follows_its_component_istiod_and_gateway():
    """Monitors, rules and dashboards move with the component's namespace; istiod's scrape target and Kiali's
    istio_namespace with istiod; the gateway's PodMonitor with the gateway. istiod's port (xDS) is not read:
    its monitor scrapes the named monitoring port."""
    component = dataclasses.replace(OBSERVABILITY, namespace="metrics")
    istiod = Workload(name="pilot", namespace="mesh-core", pod_labels={"app": "pilot"}, port=15999)
    gateway = dataclasses.replace(istio.ISTIO_GATEWAY, namespace="edge")
    objs = build(component=component, istiod=istiod, gateway=gateway)
    assert {o["metadata"]["namespace"] for o in objs if o["kind"] != "Kiali"} == {component.namespace}
    sm = one(objs, "ServiceMonitor")
    assert sm["spec"]["namespaceSelector"] == {"matchNames": [istiod.namespace]}
    assert sm["spec"]["selector"] == {"matchLabels": istiod.pod_labels}
    assert all(e["port"] != istiod.port for e in sm["spec"]["endpoints"])
    assert one(objs, "Kiali")["spec"]["istio_namespace"] == istiod.namespace
    [gw] = [m for m in kinds(objs, "PodMonitor") if "matchLabels" in m["spec"]["selector"]]
    assert gw["spec"]["namespaceSelector"] == {"matchNames": [gateway.namespace]}
