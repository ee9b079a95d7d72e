"""PrometheusRule groups: Shlink availability/latency, Redis master loss/failover, Postgres lag/backups, crash loops."""

from __future__ import annotations

from urlplatform import names as n
from urlplatform.charts.dashboards import ERROR_RATIO, latency_quantile


def rule(alert: str, expr: str, for_: str, severity: str, summary: str) -> dict:
    return {"alert": alert, "expr": expr, "for": for_, "labels": {"severity": severity},
            "annotations": {"summary": summary}}


GROUPS = [
    {"name": "shlink", "rules": [
        rule("ShlinkHighErrorRate", f"{ERROR_RATIO} > 0.01", "5m", "critical",
             "More than 1% of Shlink requests fail with 5xx"),
        rule("ShlinkHighLatencyP95", f"{latency_quantile(0.95)} > 500", "10m", "warning",
             "Shlink p95 latency above 500 ms"),
        rule("ShlinkReplicasUnavailable",
             f'kube_deployment_status_replicas_available{{namespace="{n.SHLINK_NS}",deployment="{n.SHLINK_APP}"}} < 2',
             "5m", "critical", "Fewer than two Shlink replicas are available"),
    ]},
    {"name": "redis", "rules": [
        rule("RedisMasterMissing", f'count(redis_instance_info{{namespace="{n.DATA_NS}",role="master"}}) != 1 '
                                   f'or absent(redis_instance_info{{namespace="{n.DATA_NS}",role="master"}})',
             "1m", "critical", "Redis Sentinel has no single master"),
        rule("RedisFailoverHappened",
             f'count(count_over_time(redis_instance_info{{namespace="{n.DATA_NS}",role="master"}}[15m])) > 1',
             "0m", "warning", "Sentinel promoted a new Redis master in the last 15 minutes"),
    ]},
    {"name": "postgres", "rules": [
        rule("PostgresReplicationLagHigh", "max(ccp_replication_lag_size_bytes) > 100 * 1024 * 1024", "5m",
             "warning", "A Postgres replica lags more than 100 MiB"),
        rule("PostgresFullBackupTooOld", "min(ccp_backrest_last_full_backup_time_since_completion_seconds) > 8 * 86400",
             "30m", "warning", "No successful full pgBackRest backup in 8 days"),
        rule("PostgresDiffBackupTooOld", "min(ccp_backrest_last_diff_backup_time_since_completion_seconds) > 2 * 86400",
             "30m", "warning", "No successful differential pgBackRest backup in 2 days"),
    ]},
    {"name": "pods", "rules": [
        rule("PodCrashLooping",
             f'increase(kube_pod_container_status_restarts_total{{namespace=~"{n.SHLINK_NS}|{n.DATA_NS}"}}[15m]) > 3',
             "5m", "warning", "A platform container restarted more than 3 times in 15 minutes"),
    ]},
]
