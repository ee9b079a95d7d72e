"""PrometheusRule groups: Shlink's SLOs from the spec (`slo/shlink.yaml`: recording rules and multi-window
multi-burn-rate alerts) and the non-SLO alerts (Redis master, failover, Postgres lag/backups, crash loops).

Every alert carries `runbook_url` -> docs/runbooks/<alert>.md in the GitOps repository. Metric names and
labels are the ones the deployed exporters emit (see docs/upstream-contracts.md, metrics section)."""

from __future__ import annotations

from slospec import rules as slo_rules
from slospec.model import SloSpec, load_spec

from urlplatform.components.data import DATA
from urlplatform.components.shlink import WORKLOAD as SHLINK
from urlplatform.config import Profile

RUNBOOK_DIR = "docs/runbooks"
# Istio standard metrics as reported by Shlink's own sidecar (istio/proxy@1.24.2 istio_stats.cc labels).
SHLINK_SELECTOR = (f'reporter="destination",destination_service_name="{SHLINK.name}",'
                   f'destination_service_namespace="{SHLINK.namespace}"')
PLATFORM_NAMESPACES = f"{SHLINK.namespace}|{DATA.namespace}"


def runbook_url(profile: Profile, alert: str) -> str:
    """Where the runbook of `alert` is browsable: the GitOps repository at the revision ArgoCD deploys."""
    repo = profile.gitops.repo_url.removesuffix(".git")
    path = f"{RUNBOOK_DIR}/{alert}.md"
    return f"{repo}/blob/{profile.gitops.revision}/{path}" if repo.startswith("https://") else path


def _alert(profile: Profile, alert: str, expr: str, for_: str, severity: str, summary: str) -> dict:
    return {"alert": alert, "expr": expr, "for": for_, "labels": {"severity": severity},
            "annotations": {"summary": summary, "runbook_url": runbook_url(profile, alert)}}


def slo_groups(profile: Profile, spec: SloSpec) -> list[dict]:
    """One group per SLO with its recording rules followed by its burn-rate alerts (evaluated in order)."""
    return [{"name": f"slo-{spec.service}-{s.name}",
             "rules": slo_rules.recording_rules(spec, s, selector=SHLINK_SELECTOR)
             + slo_rules.alert_rules(spec, s, runbook_url=runbook_url(profile, slo_rules.alert_name(spec, s)))}
            for s in spec.slos]


def platform_groups(profile: Profile) -> list[dict]:
    a = lambda *args: _alert(profile, *args)  # noqa: E731
    master = f'redis_instance_info{{namespace="{DATA.namespace}",role="master"}}'
    return [
        {"name": "shlink", "rules": [
            a("ShlinkReplicasUnavailable",
              f'kube_deployment_status_replicas_available{{namespace="{SHLINK.namespace}",deployment="{SHLINK.name}"}} < 2',
              "5m", "critical", "Fewer than two Shlink replicas are available"),
        ]},
        {"name": "redis", "rules": [
            a("RedisMasterMissing", f"count({master}) != 1 or absent({master})",
              "1m", "critical", "Redis Sentinel has no single master"),
            a("RedisFailoverHappened", f"count(count_over_time({master}[15m])) > 1",
              "0m", "warning", "Sentinel promoted a new Redis master in the last 15 minutes"),
        ]},
        {"name": "postgres", "rules": [
            a("PostgresReplicationLagHigh", "max(ccp_replication_lag_size_bytes) > 100 * 1024 * 1024", "5m",
              "warning", "A Postgres replica lags more than 100 MiB"),
            a("PostgresFullBackupTooOld",
              "min(ccp_backrest_last_full_backup_time_since_completion_seconds) > 8 * 86400",
              "30m", "warning", "No successful full pgBackRest backup in 8 days"),
            a("PostgresDiffBackupTooOld",
              "min(ccp_backrest_last_diff_backup_time_since_completion_seconds) > 2 * 86400",
              "30m", "warning", "No successful differential pgBackRest backup in 2 days"),
        ]},
        {"name": "pods", "rules": [
            a("PodCrashLooping",
              f'increase(kube_pod_container_status_restarts_total{{namespace=~"{PLATFORM_NAMESPACES}"}}[15m]) > 3',
              "5m", "warning", "A platform container restarted more than 3 times in 15 minutes"),
        ]},
    ]


def rule_groups(profile: Profile, spec: SloSpec | None = None) -> list[dict]:
    """Every rule group of the `url-shortener` PrometheusRule."""
    return slo_groups(profile, spec or load_spec()) + platform_groups(profile)
