"""Every metric name and label matcher that an alert, recording rule or dashboard of the rendered tree uses is
one the deployed exporter emits at the pinned version (or one our own rules record). The facts, each with
its evidence, are rows of docs/upstream-contracts.md ("Metrics used by alerts, SLOs and dashboards").

Evidence (read at the pinned versions):
- Istio 1.24.2 standard metrics and labels: istio/proxy@1.24.2:source/extensions/filters/http/istio_stats/istio_stats.cc
  (`istio_requests_total`, `istio_request_duration_milliseconds`, all_tags_ incl. reporter,
  destination_service_name, destination_service_namespace, response_code); custom dimensions (our
  `shlink_route`) are added as tags from Telemetry tagOverrides in the same file (tag_additions_).
- Histogram `le` values: Envoy's default buckets (envoyproxy/envoy:source/common/stats/histogram_impl.cc),
  printed with `{:.32g}` (envoyproxy/envoy:test/integration/..., the admin Prometheus test), so `le="100"`.
- redis_exporter v1.66.0 (the image data.py pins on the RedisFailover): oliver006/redis_exporter@v1.66.0:
  exporter/exporter.go (instance_info{role,...}, keyspace_hits_total, keyspace_misses_total,
  memory_used_bytes, connected_clients) with namespace `redis` (main.go).
- pgMonitor v5.1.1 queries behind PGO 5.7.x (CrunchyData/postgres-operator@v5.7.9:Makefile PGMONITOR_VERSION;
  bumped to 5.1.1 in 2024-10, before v5.7.0): CrunchyData/pgmonitor@v5.1.1:postgres_exporter/common/
  queries_global.yml (ccp_replication_lag_size.bytes, ccp_connection_stats.total),
  queries_global_dbsize.yml (ccp_database_size.bytes, label dbname), linux/queries_backrest.yml
  (ccp_backrest_last_{full,diff}_backup.time_since_completion_seconds).
- kube-state-metrics v2.14.0 (chart 5.28.* required by kube-prometheus-stack 67.9.0):
  kubernetes/kube-state-metrics@v2.14.0:internal/store/deployment.go (namespace, deployment) and pod.go
  (namespace, pod, uid, container); kube-prometheus-stack-67.9.0 values set honorLabels: true for it.
- `namespace`/`pod` on exporter series: target labels prometheus-operator v0.79.2 (kube-prometheus-stack
  67.9.0 appVersion) sets from __meta_kubernetes_namespace / __meta_kubernetes_pod_name
  (prometheus-operator/prometheus-operator@v0.79.2:pkg/prometheus/promcfg.go).
"""

import json
import re

import pytest
from rendered import objects

from urlplatform.config import profile_names

TARGET = {"namespace", "pod", "container", "job", "instance", "service", "endpoint"}
ISTIO = {"reporter", "destination_service_name", "destination_service_namespace", "response_code",
         "source_workload", "destination_workload", "response_flags", "shlink_route"} | TARGET
# metric -> labels it carries (exporter labels + Prometheus Operator target labels)
VERIFIED = {
    "istio_requests_total": ISTIO,
    "istio_request_duration_milliseconds_bucket": ISTIO | {"le"},
    "istio_request_duration_milliseconds_count": ISTIO,
    "redis_instance_info": {"role", "redis_version", "redis_mode", "run_id"} | TARGET,
    "redis_keyspace_hits_total": TARGET | {"db"},
    "redis_keyspace_misses_total": TARGET,
    "redis_memory_used_bytes": TARGET,
    "redis_connected_clients": TARGET,
    "ccp_replication_lag_size_bytes": {"replica", "replica_hostname", "replica_port"} | TARGET,
    "ccp_backrest_last_full_backup_time_since_completion_seconds": {"repo", "stanza", "config_file"} | TARGET,
    "ccp_backrest_last_diff_backup_time_since_completion_seconds": {"repo", "stanza", "config_file"} | TARGET,
    "ccp_connection_stats_total": TARGET,
    "ccp_database_size_bytes": {"dbname"} | TARGET,
    "kube_deployment_status_replicas_available": {"namespace", "deployment"},
    "kube_pod_container_status_restarts_total": {"namespace", "pod", "uid", "container"},
    # cAdvisor via the kubelet ServiceMonitor (kube-prometheus-stack-67.9.0 kubelet.serviceMonitor.cAdvisor:
    # true, path /metrics/cadvisor); the metric name itself is unverified: cAdvisor's source was not read.
    "container_cpu_usage_seconds_total": {"namespace", "pod", "container"},
}
# Envoy's default bucket boundaries (ms), printed %.32g.
ENVOY_LE = {"0.5", "1", "5", "10", "25", "50", "100", "250", "500", "1000", "2500", "5000", "10000", "30000",
            "60000", "300000", "600000", "1800000", "3600000"}
SELECTOR = re.compile(r"([a-zA-Z_:][a-zA-Z0-9_:]*)\{([^}]*)\}")
MATCHER = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!=|!~|=)\s*"([^"]*)"')
GROUPING = re.compile(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
BARE = re.compile(r"(?<![\w:{,=\"])([a-z][a-z0-9_]*_[a-z0-9_]+)(?![\w(]|\s*[=!]~?\")")


def _expressions(profile: str) -> list[str]:
    out = [r["expr"] for o in objects("observability", "PrometheusRule", profile=profile)
           for g in o["spec"]["groups"] for r in g["rules"]]
    for cm in objects("observability", "ConfigMap", profile=profile):
        for body in cm.get("data", {}).values():
            out += [t["expr"] for p in json.loads(body)["panels"] for t in p["targets"]]
    return out


def _recorded(profile: str) -> set[str]:
    return {r["record"] for o in objects("observability", "PrometheusRule", profile=profile)
            for g in o["spec"]["groups"] for r in g["rules"] if "record" in r}


def _check(exprs: list[str], recorded: set[str]) -> tuple[set[str], list[str]]:
    """(metric names used, violations) over PromQL expressions."""
    used, bad = set(), []
    for expr in exprs:
        for name, matchers in SELECTOR.findall(expr):
            used.add(name)
            if name in recorded:
                continue
            if name not in VERIFIED:
                bad.append(f"{name} is neither verified upstream nor recorded: {expr}")
                continue
            for label, _, value in MATCHER.findall(matchers):
                if label not in VERIFIED[name]:
                    bad.append(f"{name} has no label {label!r} upstream: {expr}")
                elif label == "le" and value not in ENVOY_LE:
                    bad.append(f"le={value!r} is not an Envoy bucket as printed: {expr}")
        stripped = SELECTOR.sub(" ", re.sub(r"\[[^]]*\]", " ", GROUPING.sub(" ", expr)))
        for name in BARE.findall(stripped):
            if name in {"histogram_quantile", "count_over_time", "sum_over_time"}:
                continue
            used.add(name)
            if name not in VERIFIED and name not in recorded:
                bad.append(f"{name} unverified: {expr}")
    return used, bad


@pytest.mark.parametrize("profile", profile_names())
def test_every_metric_and_label_used_is_emitted_upstream_or_recorded_by_us(profile):
    used, bad = _check(_expressions(profile), _recorded(profile))
    assert not bad, bad
    assert {"istio_requests_total", "istio_request_duration_milliseconds_bucket", "redis_instance_info",
            "ccp_replication_lag_size_bytes", "ccp_backrest_last_full_backup_time_since_completion_seconds",
            "kube_deployment_status_replicas_available", "kube_pod_container_status_restarts_total"} <= used


@pytest.mark.parametrize("expr", [
    "max(ccp_replication_lag_bytes) > 1",  # pgMonitor's name is ccp_replication_lag_size_bytes
    'sum(rate(istio_requests_total{response_status="500"}[5m]))',  # Istio's label is response_code
    'sum(rate(istio_request_duration_milliseconds_bucket{le="150"}[5m]))',  # not an Envoy bucket
    'count(redis_instance_info{role="master",master="yes"})',  # instance_info has no `master` label
])
def test_the_contract_check_rejects_what_upstream_does_not_emit(expr):
    assert _check([expr], set())[1]
