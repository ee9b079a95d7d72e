"""Observability chart: scrape targets, Kiali URLs, dashboards and alert coverage."""

import json

from rendered import objects, one

from slospec.model import load_spec

from urlplatform.components import istio, kube_prometheus_stack
from urlplatform.config import load_profile


def test_kiali_has_every_external_url():
    ext = one("observability", "Kiali", "kiali")["spec"]["external_services"]
    assert ext["prometheus"]["url"].startswith("http://kube-prometheus-stack-prometheus.monitoring")
    assert ext["grafana"]["enabled"] is True and ext["grafana"]["internal_url"] and ext["grafana"]["external_url"]
    assert ext["tracing"]["internal_url"].startswith("http://jaeger-query.observability")
    # Kiali reads Grafana without credentials only if Grafana grants anonymous viewers.
    grafana = kube_prometheus_stack.values(load_profile("homelab"))["grafana"]
    assert ext["grafana"]["auth"]["type"] == "none" and grafana["grafana.ini"]["auth.anonymous"]["enabled"] is True


def test_dashboards_are_sidecar_configmaps_with_latency_percentiles():
    maps = [o for o in objects("observability", "ConfigMap")]
    assert {m["metadata"]["name"] for m in maps} == {"dashboard-shlink-golden-signals", "dashboard-redis",
                                                      "dashboard-postgres", "dashboard-shlink-slos"}
    sidecar = kube_prometheus_stack.values(load_profile("homelab"))["grafana"]["sidecar"]["dashboards"]
    for m in maps:
        assert m["metadata"]["labels"][sidecar["label"]] == sidecar["labelValue"]
    golden = json.loads(one("observability", "ConfigMap", "dashboard-shlink-golden-signals")["data"]
                        ["shlink-golden-signals.json"])
    exprs = [t["expr"] for p in golden["panels"] for t in p["targets"]]
    for q in ("0.5", "0.95", "0.99"):
        assert any(f"histogram_quantile({q}," in e for e in exprs)


def test_alert_rules_cover_the_failure_modes():
    """Burn-rate alerts for every SLO of the spec, plus the non-SLO failure modes (promtool checks and unit-tests
    them in alert_rules_test)."""
    groups = one("observability", "PrometheusRule", "url-shortener")["spec"]["groups"]
    alerts = {r["alert"] for g in groups for r in g["rules"] if "alert" in r}
    assert {"RedisMasterMissing", "RedisFailoverHappened", "PostgresReplicationLagHigh", "PostgresFullBackupTooOld",
            "PostgresDiffBackupTooOld", "PodCrashLooping", "ShlinkReplicasUnavailable"} <= alerts
    slo_alerts = {r["alert"]: r["labels"]["slo"] for g in groups for r in g["rules"] if "slo" in r.get("labels", {})
                  and "alert" in r}
    assert sorted(set(slo_alerts.values())) == sorted(s.name for s in load_spec().slos)


def test_monitors_select_labels_that_exist():
    """Selectors match labels we render or set in upstream chart values (istiod's app=istiod is upstream's)."""
    gateway_labels = istio.gateway_values(load_profile("homelab"))["labels"]
    gw = one("observability", "PodMonitor", "istio-ingressgateway")["spec"]["selector"]["matchLabels"]
    assert gw.items() <= gateway_labels.items()
    istiod = one("observability", "ServiceMonitor", "istiod")["spec"]
    assert istiod["selector"]["matchLabels"] == {"app": "istiod"}
    for m in objects("observability", "PodMonitor") + objects("observability", "ServiceMonitor"):
        assert m["metadata"]["labels"]["release"] == "kube-prometheus-stack"
