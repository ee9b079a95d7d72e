"""Grafana dashboards as data: Shlink golden signals (Istio metrics), Shlink SLOs, Redis, Postgres."""

from __future__ import annotations

import json

from slospec import rules as slo_rules
from slospec.model import SloSpec, load_spec

from urlplatform.components.shlink import WORKLOAD as SHLINK_PODS

SHLINK = (f'destination_service_name="{SHLINK_PODS.name}",destination_service_namespace="{SHLINK_PODS.namespace}",'
          'reporter="destination"')


def _panel(i: int, title: str, targets: list[tuple[str, str]], unit: str) -> dict:
    return {"id": i + 1, "type": "timeseries", "title": title,
            "gridPos": {"x": (i % 2) * 12, "y": (i // 2) * 8, "w": 12, "h": 8},
            "datasource": {"type": "prometheus", "uid": "prometheus"},
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "targets": [{"refId": chr(65 + j), "expr": expr, "legendFormat": legend}
                        for j, (legend, expr) in enumerate(targets)]}


def dashboard(uid: str, title: str, panels: list[tuple[str, list[tuple[str, str]], str]]) -> dict:
    """A Grafana dashboard with one timeseries panel per (title, [(legend, expr)], unit)."""
    return {"uid": uid, "title": title, "tags": ["url-shortener"], "schemaVersion": 39, "refresh": "30s",
            "time": {"from": "now-6h", "to": "now"}, "timezone": "utc", "editable": False,
            "panels": [_panel(i, t, targets, unit) for i, (t, targets, unit) in enumerate(panels)]}


def latency_quantile(q: float) -> str:
    """Shlink's q-quantile request latency (ms) from Istio's destination-side histogram."""
    return f"histogram_quantile({q}, sum(rate(istio_request_duration_milliseconds_bucket{{{SHLINK}}}[5m])) by (le))"


ERROR_RATIO = (f'sum(rate(istio_requests_total{{{SHLINK},response_code=~"5.."}}[5m])) / '
               f"sum(rate(istio_requests_total{{{SHLINK}}}[5m]))")


def slo_dashboard(spec: SloSpec) -> dict:
    """Per SLO: the SLI against its objective, error budget remaining, burn rate per window.

    Every query is a series recorded by the SLO rules or the very burn-rate expression the alerts compare
    (`slospec.rules`), so the dashboard and the alerts cannot disagree."""
    panels = []
    for s in spec.slos:
        panels += [
            (f"{s.name}: SLI (good share)", [("5m", f"1 - {slo_rules.recorded(spec, s, '5m')}"),
                                             (spec.window, f"1 - {slo_rules.recorded(spec, s, spec.window)}"),
                                             ("objective", slo_rules.objective(spec, s))], "percentunit"),
            (f"{s.name}: error budget remaining ({spec.window})",
             [("remaining", slo_rules.budget_remaining(spec, s))], "percentunit"),
            (f"{s.name}: burn rate (1 = on budget)",
             [(w, slo_rules.burn_rate(spec, s, w)) for w in slo_rules.WINDOWS], "short"),
        ]
    return dashboard("shlink-slos", f"{spec.service} SLOs", panels)


DASHBOARDS = {
    "shlink-slos": slo_dashboard(load_spec()),
    "shlink-golden-signals": dashboard("shlink-golden", "Shlink golden signals", [
        ("Traffic (req/s)", [("all", f"sum(rate(istio_requests_total{{{SHLINK}}}[5m]))"),
                             ("by code", f"sum(rate(istio_requests_total{{{SHLINK}}}[5m])) by (response_code)")], "reqps"),
        ("Errors (5xx ratio)", [("5xx", ERROR_RATIO)], "percentunit"),
        ("Latency", [("p50", latency_quantile(0.5)), ("p95", latency_quantile(0.95)),
                     ("p99", latency_quantile(0.99))], "ms"),
        ("Saturation (CPU cores)", [("cpu", f'sum(rate(container_cpu_usage_seconds_total{{namespace="{SHLINK_PODS.namespace}",'
                                            f'container="shlink"}}[5m])) by (pod)')], "short"),
    ]),
    "redis": dashboard("shlink-redis", "Redis (Sentinel)", [
        ("Hit ratio", [("hits/(hits+misses)", "sum(rate(redis_keyspace_hits_total[5m])) / "
                                              "(sum(rate(redis_keyspace_hits_total[5m])) + "
                                              "sum(rate(redis_keyspace_misses_total[5m])))")], "percentunit"),
        ("Masters", [("masters", 'count(redis_instance_info{role="master"})')], "short"),
        ("Memory", [("{{pod}}", "redis_memory_used_bytes")], "bytes"),
        ("Clients", [("{{pod}}", "redis_connected_clients")], "short"),
    ]),
    "postgres": dashboard("shlink-postgres", "Postgres (PGO)", [
        ("Replication lag", [("{{pod}}", "ccp_replication_lag_size_bytes")], "bytes"),
        ("Connections", [("{{pod}}", "ccp_connection_stats_total")], "short"),
        ("Last full backup age", [("full", "ccp_backrest_last_full_backup_time_since_completion_seconds")], "s"),
        ("Database size", [("{{dbname}}", "ccp_database_size_bytes")], "bytes"),
    ]),
}


def dashboard_json(name: str) -> str:
    return json.dumps(DASHBOARDS[name], indent=1, sort_keys=True)
