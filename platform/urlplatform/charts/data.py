"""Data layer: PGO PostgresCluster and Spotahome RedisFailover in the data namespace, with their network policies."""

from __future__ import annotations

from cdk8s import Chart
from constructs import Construct

from urlplatform.components import postgres, redis
from urlplatform.components.base import Component, HelmComponent, OwnApp, Workload
from urlplatform.components.kube_prometheus_stack import MONITOR_LABELS
from urlplatform.components.secrets import SecretStore
from urlplatform.config import Profile
from urlplatform.resources.crd import PodMonitor, PostgresCluster, RedisFailover
from urlplatform.resources.external_secret import SyncedSecret
from urlplatform.resources.namespace import PssNamespace
from urlplatform.resources.network import AllowPolicy, DefaultDenyPolicy, Peer, Rule
from urlplatform.resources.workload import HOSTNAME_TOPOLOGY_KEY

PG_INSTANCE_SET = "pgha"
REDIS_EXPORTER_IMAGE = "oliver006/redis_exporter:v1.66.0"


def _pvc(storage_class: str, size: str) -> dict:
    return {"accessModes": ["ReadWriteOnce"], "storageClassName": storage_class,
            "resources": {"requests": {"storage": size}}}


def postgres_spec(p: Profile) -> dict:
    pg = p.postgres
    instance_labels = {**postgres.POD_LABELS, "postgres-operator.crunchydata.com/instance-set": PG_INSTANCE_SET}
    return {
        "postgresVersion": postgres.VERSION,
        "instances": [{
            "name": PG_INSTANCE_SET, "replicas": pg.instances,
            "dataVolumeClaimSpec": _pvc(p.cluster.storage_class, pg.storage),
            "resources": {"requests": {"cpu": "250m", "memory": "512Mi"}, "limits": {"memory": "1Gi"}},
            "affinity": {"podAntiAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": [
                {"topologyKey": HOSTNAME_TOPOLOGY_KEY, "labelSelector": {"matchLabels": instance_labels}}]}},
        }],
        "users": [{"name": postgres.USER, "databases": [postgres.DATABASE], "options": "NOSUPERUSER"}],
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
            "replicas": r.replicas, "image": redis.REDIS_IMAGE,
            "resources": {"requests": {"cpu": "100m", "memory": "256Mi"},
                          "limits": {"memory": f"{REDIS_MEMORY_LIMIT_MI}Mi"}},
            "customConfig": list(REDIS_CUSTOM_CONFIG),
            "storage": {"keepAfterDeletion": True, "persistentVolumeClaim": {
                "metadata": {"name": f"{redis.FAILOVER}-data"},
                "spec": _pvc(p.cluster.storage_class, r.storage)}},
            "exporter": {"enabled": True, "image": REDIS_EXPORTER_IMAGE},
        },
        "sentinel": {
            "replicas": r.sentinels, "image": redis.REDIS_IMAGE,
            "resources": {"requests": {"cpu": "50m", "memory": "64Mi"}, "limits": {"memory": "128Mi"}},
            "customConfig": list(SENTINEL_CUSTOM_CONFIG),
        },
        "auth": {"secretPath": redis.AUTH_SECRET},
    }


class DataChart(Chart):
    """PostgresCluster and RedisFailover behind default-deny policies, reachable from `client` only."""

    def __init__(self, scope: Construct, *, profile: Profile, component: OwnApp, client: Workload,
                 pgo: HelmComponent, redis_operator: HelmComponent, monitoring: Component, store: SecretStore | None):
        """`store`: where the data stores' credentials come from; None where the e2e suite creates them."""
        super().__init__(scope, component.app, disable_resource_name_hashes=True)
        ns = component.namespace
        PssNamespace(self, "ns", name=ns, level=component.pss, istio_injection=False, reason=component.reason)
        PostgresCluster(self, "pg", name=postgres.CLUSTER, namespace=ns, spec=postgres_spec(profile),
                        annotations={"postgres-operator.crunchydata.com/autoCreateUserSchema": "true"})
        RedisFailover(self, "redis", name=redis.FAILOVER, namespace=ns, spec=redis_spec(profile))
        if store:
            SyncedSecret(self, "redis-auth", name=redis.AUTH_SECRET, namespace=ns, store=store.name,
                         refresh_interval=store.refresh_interval, vault_path=redis.VAULT_PATH, keys={"password": "password"})
            # PGO creates and controls the user Secret (found by its labels) and keeps the `password` and
            # `verifier` (SCRAM) it finds there, computing a verifier only when none is set: Vault holds
            # both, so a rotation changes the role too. "Merge" writes just these two keys (ESO's Owner
            # would clash with PGO's controller reference; Orphan would wipe PGO's keys on every sync and
            # the two controllers would fight). ESO does not create a Merge target; it polls like every credential.
            SyncedSecret(self, "pg-user", name=postgres.USER_SECRET, namespace=ns, store=store.name,
                         refresh_interval=store.refresh_interval, vault_path=postgres.VAULT_PATH,
                         keys={"password": "password", "verifier": "verifier"},
                         labels=postgres.user_secret_labels(), creation_policy="Merge")
        self._policies(profile, ns, client=client, pgo=pgo, redis_operator=redis_operator, monitoring=monitoring)
        self._monitors(ns)

    def _monitors(self, ns: str) -> None:
        """Scrape both exporters by pod (PGO creates no exporter Service; one PodMonitor per data store)."""
        for id_, name, labels, port in (
                ("pg-mon", "postgres-exporter", postgres.EXPORTER_POD_LABELS, postgres.EXPORTER_PORT_NAME),
                ("redis-mon", "redis-exporter", redis.EXPORTER_POD_LABELS, redis.EXPORTER_PORT_NAME)):
            PodMonitor(self, id_, name=name, namespace=ns, labels=MONITOR_LABELS, spec={
                "selector": {"matchLabels": dict(labels)},
                "podMetricsEndpoints": [{"port": port, "interval": "30s"}]})

    def _policies(self, p: Profile, ns: str, *, client: Workload, pgo: HelmComponent, redis_operator: HelmComponent,
                  monitoring: Component) -> None:
        pg = Peer(namespace=ns, pod_labels=postgres.POD_LABELS)
        rd = Peer(namespace=ns, pod_labels=redis.POD_LABELS)
        scraper = Peer(namespace=monitoring.namespace)
        api = (Rule(peers=(Peer(cidr=str(p.cluster.node_network)),), ports=(6443,)),
               Rule(peers=(Peer(cidr=str(p.cluster.service_cidr)),), ports=(443,)))
        DefaultDenyPolicy(self, "deny", namespace=ns)
        AllowPolicy(self, "pg-allow", name="postgres-allow", namespace=ns, pod_labels=postgres.POD_LABELS,
                    ingress=(Rule(peers=(client.peer,), ports=(postgres.PORT,)),
                             Rule(peers=(pg, Peer(namespace=pgo.namespace)), ports=postgres.PEER_PORTS),
                             Rule(peers=(scraper,), ports=(postgres.EXPORTER_PORT,))),
                    # Patroni keeps its leader lock in the Kubernetes API.
                    egress=(Rule(peers=(pg,), ports=postgres.PEER_PORTS),) + api)
        AllowPolicy(self, "redis-allow", name="redis-allow", namespace=ns, pod_labels=redis.POD_LABELS,
                    ingress=(Rule(peers=(client.peer,), ports=redis.PORTS),
                             Rule(peers=(rd, Peer(namespace=redis_operator.namespace)), ports=redis.PORTS),
                             Rule(peers=(scraper,), ports=(redis.EXPORTER_PORT,))),
                    egress=(Rule(peers=(rd,), ports=redis.PORTS),))
