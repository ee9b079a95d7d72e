"""Data layer: PGO PostgresCluster and Spotahome RedisFailover in `shlink-data`, with their network policies."""

from __future__ import annotations

from cdk8s import Chart
from constructs import Construct

from urlplatform.names import (
    DATA_NS,
    MONITORING_NS,
    PG_CLUSTER,
    PG_DATABASE,
    PG_POD_LABELS,
    PG_USER,
    REDIS_AUTH_SECRET,
    REDIS_FAILOVER,
    REDIS_POD_LABELS,
    SHLINK_APP,
    SHLINK_NS,
)
from urlplatform.charts.secrets import external_secret
from urlplatform.config import Profile
from urlplatform.resources.crd import PodMonitor, PostgresCluster, RedisFailover
from urlplatform.resources.namespace import PssNamespace
from urlplatform.resources.network import AllowPolicy, DefaultDenyPolicy, Peer, Rule

PG_INSTANCE_SET = "pgha"
# postgres, Patroni REST, pgBackRest TLS server (PGO >= 5.1; 2022 was PGO 5.0's SSH):
# CrunchyData/postgres-operator@v5.7.9 internal/pgbackrest/iana.go IANAPortNumber, config.go tls-server-*.
PGBACKREST_TLS_PORT = 8432
PG_PORTS = (5432, 8008, PGBACKREST_TLS_PORT)
REDIS_EXPORTER_IMAGE = "oliver006/redis_exporter:v1.66.0"
PG_USER_SECRET = f"{PG_CLUSTER}-pguser-{PG_USER}"


def pg_user_secret_labels() -> dict[str, str]:
    """The labels PGO 5.7 finds an existing user Secret by (cluster + pguser); without them it
    generates its own password. Also set on the kind suite's test Secret."""
    return {"postgres-operator.crunchydata.com/cluster": PG_CLUSTER,
            "postgres-operator.crunchydata.com/pguser": PG_USER}

# What the operators put on the exporter pods, read at the pinned versions (evidence in docs/upstream-contracts.md):
# PGO labels pods running its `exporter` container `postgres-operator.crunchydata.com/crunchy-postgres-exporter:
# "true"` and names the 9187 port `exporter` (internal/naming/labels.go, names.go, pgmonitor.go; pgmonitor/exporter.go).
PG_EXPORTER_POD_LABELS = {**PG_POD_LABELS, "postgres-operator.crunchydata.com/crunchy-postgres-exporter": "true"}
PG_EXPORTER_PORT_NAME, PG_EXPORTER_PORT = "exporter", 9187
# Spotahome labels Redis pods app.kubernetes.io/{name: <failover>, component: redis, part-of: redis-failover}
# and names the redis-exporter container's 9121 port `metrics` (operator/redisfailover/service/client.go
# generateSelectorLabels, generator.go, constants.go).
REDIS_EXPORTER_POD_LABELS = {**REDIS_POD_LABELS, "app.kubernetes.io/component": "redis",
                             "app.kubernetes.io/part-of": "redis-failover"}
REDIS_EXPORTER_PORT_NAME, REDIS_EXPORTER_PORT = "metrics", 9121
MONITOR_LABELS = {"release": "kube-prometheus-stack"}


def _pvc(storage_class: str, size: str) -> dict:
    return {"accessModes": ["ReadWriteOnce"], "storageClassName": storage_class,
            "resources": {"requests": {"storage": size}}}


def postgres_spec(p: Profile) -> dict:
    pg = p.postgres
    instance_labels = {**PG_POD_LABELS, "postgres-operator.crunchydata.com/instance-set": PG_INSTANCE_SET}
    return {
        "postgresVersion": pg.version,
        "instances": [{
            "name": PG_INSTANCE_SET, "replicas": pg.instances,
            "dataVolumeClaimSpec": _pvc(p.cluster.storage_class, pg.storage),
            "resources": {"requests": {"cpu": "250m", "memory": "512Mi"}, "limits": {"memory": "1Gi"}},
            "affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                {"topologyKey": "kubernetes.io/hostname", "labelSelector": {"matchLabels": instance_labels}}]}},
        }],
        "users": [{"name": PG_USER, "databases": [PG_DATABASE], "options": "NOSUPERUSER"}],
        "backups": {"pgbackrest": {
            "global": {"repo1-retention-full": "4", "repo1-retention-full-type": "count"},
            "repos": [{"name": "repo1", "schedules": {"full": pg.full_backup_schedule,
                                                      "differential": pg.diff_backup_schedule},
                       "volume": {"volumeClaimSpec": _pvc(p.cluster.storage_class, pg.backup_storage)}}],
        }},
        "monitoring": {"pgmonitor": {"exporter": {"resources": {"requests": {"cpu": "10m", "memory": "32Mi"}}}}},
        "patroni": {"dynamicConfiguration": {"postgresql": {"parameters": {"max_connections": 200}}}},
    }


REDIS_MEMORY_LIMIT_MI = 512
# maxmemory leaves 40 % of the container limit for replication/client buffers and the copy-on-write pages of
# the fork behind BGSAVE and full resyncs (Spotahome's redis.conf keeps `save` on); beyond it Redis evicts
# least-recently-used keys (Shlink uses Redis as a cache) instead of being OOM-killed.
REDIS_MAXMEMORY_MB = REDIS_MEMORY_LIMIT_MI * 6 // 10
# Spotahome applies each line with CONFIG SET / SENTINEL SET <master> and uses its own sentinel defaults
# (down-after 5000, failover-timeout 10000) only when the list is empty
# (spotahome/redis-operator@Chart-3.3.0 service/redis/client.go, api/redisfailover/v1/defaults.go, validate.go):
# stated here so they are deliberate. parallel-syncs 1: one replica resyncs at a time, the other keeps serving.
REDIS_CUSTOM_CONFIG = (f"maxmemory {REDIS_MAXMEMORY_MB}mb", "maxmemory-policy allkeys-lru")
SENTINEL_CUSTOM_CONFIG = ("down-after-milliseconds 5000", "failover-timeout 10000", "parallel-syncs 1")


def redis_spec(p: Profile) -> dict:
    r = p.redis
    return {
        "redis": {
            "replicas": r.replicas, "image": f"redis:{r.version}-alpine",
            "resources": {"requests": {"cpu": "100m", "memory": "256Mi"},
                          "limits": {"memory": f"{REDIS_MEMORY_LIMIT_MI}Mi"}},
            "customConfig": list(REDIS_CUSTOM_CONFIG),
            "storage": {"keepAfterDeletion": True, "persistentVolumeClaim": {
                "metadata": {"name": f"{REDIS_FAILOVER}-data"},
                "spec": _pvc(p.cluster.storage_class, r.storage)}},
            "exporter": {"enabled": True, "image": REDIS_EXPORTER_IMAGE},
        },
        "sentinel": {
            "replicas": r.sentinels, "image": f"redis:{r.version}-alpine",
            "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}},
            "customConfig": list(SENTINEL_CUSTOM_CONFIG),
        },
        "auth": {"secretPath": REDIS_AUTH_SECRET},
    }


class DataChart(Chart):
    """PostgresCluster `shlink-db` and RedisFailover `shlink-redis` behind default-deny policies."""

    app_name = "data"

    def __init__(self, scope: Construct, id: str, *, profile: Profile):
        super().__init__(scope, id, disable_resource_name_hashes=True)
        PssNamespace(self, "ns", name=DATA_NS, level="baseline", istio_injection=False,
                     reason="PGO (Postgres, pgBackRest) and redis-operator pods do not set seccompProfile "
                            "and capabilities drop ALL on every container")
        PostgresCluster(self, "pg", name=PG_CLUSTER, namespace=DATA_NS, spec=postgres_spec(profile),
                        annotations={"postgres-operator.crunchydata.com/autoCreateUserSchema": "true"})
        RedisFailover(self, "redis", name=REDIS_FAILOVER, namespace=DATA_NS, spec=redis_spec(profile))
        if profile.uses_vault:
            external_secret(self, "redis-auth", name=REDIS_AUTH_SECRET, namespace=DATA_NS,
                            vault_path="shlink/redis", keys={"password": "password"})
            # PGO creates and controls the user Secret (found by its labels) and keeps the `password` and
            # `verifier` (SCRAM) it finds there, computing a verifier only when none is set: Vault holds
            # both, so a rotation changes the role too. "Merge" writes just these two keys (ESO's Owner
            # would clash with PGO's controller reference; Orphan would wipe PGO's keys on every sync and
            # the two controllers would fight). ESO does not create a Merge target; it polls like every credential.
            external_secret(self, "pg-user", name=PG_USER_SECRET, namespace=DATA_NS, vault_path="shlink/db",
                            keys={"password": "password", "verifier": "verifier"},
                            labels=pg_user_secret_labels(), creation_policy="Merge")
        self._policies(profile)
        self._monitors()

    def _monitors(self) -> None:
        """Scrape both exporters by pod (PGO creates no exporter Service; one PodMonitor per data store)."""
        for id_, name, labels, port in (("pg-mon", "postgres-exporter", PG_EXPORTER_POD_LABELS, PG_EXPORTER_PORT_NAME),
                                        ("redis-mon", "redis-exporter", REDIS_EXPORTER_POD_LABELS,
                                         REDIS_EXPORTER_PORT_NAME)):
            PodMonitor(self, id_, name=name, namespace=DATA_NS, labels=MONITOR_LABELS, spec={
                "selector": {"matchLabels": dict(labels)},
                "podMetricsEndpoints": [{"port": port, "interval": "30s"}]})

    def _policies(self, p: Profile) -> None:
        shlink = Peer(namespace=SHLINK_NS, pod_labels={"app.kubernetes.io/name": SHLINK_APP})
        pg = Peer(namespace=DATA_NS, pod_labels=PG_POD_LABELS)
        redis = Peer(namespace=DATA_NS, pod_labels=REDIS_POD_LABELS)
        api = (Rule(peers=(Peer(cidr=str(p.cluster.node_network)),), ports=(6443,)),
               Rule(peers=(Peer(cidr=str(p.cluster.service_cidr)),), ports=(443,)))
        DefaultDenyPolicy(self, "deny", namespace=DATA_NS)
        AllowPolicy(self, "pg-allow", name="postgres-allow", namespace=DATA_NS, pod_labels=PG_POD_LABELS,
                    ingress=(Rule(peers=(shlink,), ports=(5432,)),
                             Rule(peers=(pg, Peer(namespace=p.charts.pgo.namespace)), ports=PG_PORTS),
                             Rule(peers=(Peer(namespace=MONITORING_NS),), ports=(PG_EXPORTER_PORT,))),
                    # Patroni keeps its leader lock in the Kubernetes API.
                    egress=(Rule(peers=(pg,), ports=PG_PORTS),) + api)
        AllowPolicy(self, "redis-allow", name="redis-allow", namespace=DATA_NS, pod_labels=REDIS_POD_LABELS,
                    ingress=(Rule(peers=(shlink,), ports=(6379, 26379)),
                             Rule(peers=(redis, Peer(namespace=p.charts.redis_operator.namespace)), ports=(6379, 26379)),
                             Rule(peers=(Peer(namespace=MONITORING_NS),), ports=(REDIS_EXPORTER_PORT,))),
                    egress=(Rule(peers=(redis,), ports=(6379, 26379)),))
