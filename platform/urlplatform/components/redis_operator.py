"""Spotahome redis-operator (the `RedisFailover` controller) and its CRD, applied from git."""

from __future__ import annotations

from urlplatform.components.base import ChartPin, CrdDirectory, HelmComponent
from urlplatform.components.footprint import SERVICE_MONITOR, Emits, Footprint
from urlplatform.config import Profile


def values(p: Profile) -> dict:
    return {"monitoring": {"enabled": True, "serviceMonitor": True}}


REDIS_OPERATOR = HelmComponent(
    app="redis-operator", namespace="redis-operator", wave=-20, pss="baseline",
    reason="the operator chart does not set seccompProfile on its pod",
    chart=ChartPin(repo_url="https://spotahome.github.io/redis-operator", chart="redis-operator", version="3.3.0"),
    values=values, skip_crds=True,
    footprint=Footprint(
        crds=("databases.spotahome.com/RedisFailover",),
        # The chart's crds/ file at Chart-3.3.0 holds Go-template lines that Helm never renders: the output
        # does not parse. The app therefore skips CRDs and `redis-operator-crds` installs them.
        crds_evidence="spotahome/redis-operator@Chart-3.3.0:charts/redisoperator/crds/"
                      "databases.spotahome.com_redisfailovers.yaml (templated, unparseable)",
        emits=(Emits(SERVICE_MONITOR, when=(("monitoring.enabled", False), ("monitoring.serviceMonitor", False)),
                     evidence="spotahome/redis-operator@Chart-3.3.0:charts/redisoperator/templates/monitoring.yaml"),)))

# redis-operator chart 3.3.0's crds/ file is templated and does not parse; the same CRD (schema identical but
# for the templated annotations) is plain YAML at Chart-3.2.9, commit 0f1206247fce5d304398784de5c820e7f93214bb.
# It is 809261 bytes: client-side apply's last-applied annotation cannot hold it, so ServerSideApply=true.
REDIS_OPERATOR_CRDS = CrdDirectory(
    app="redis-operator-crds", namespace=REDIS_OPERATOR.namespace, wave=-25,
    repo_url="https://github.com/spotahome/redis-operator.git", revision="0f1206247fce5d304398784de5c820e7f93214bb",
    path="charts/redisoperator/crds",
    evidence="spotahome/redis-operator@Chart-3.2.9:charts/redisoperator/crds/databases.spotahome.com_redisfailovers.yaml",
    footprint=Footprint(
        crds=("databases.spotahome.com/RedisFailover",),
        crds_evidence="spotahome/redis-operator@Chart-3.2.9:charts/redisoperator/crds/"
                      "databases.spotahome.com_redisfailovers.yaml (plain YAML, 809261 bytes; schema equal to "
                      "Chart-3.3.0 apart from the templated annotations)"))
