"""Shlink's Redis: the Spotahome `RedisFailover` of the data app, reached through its Sentinels.

What the operator derives from the failover name (spotahome/redis-operator@Chart-3.3.0; evidence in
docs/upstream-contracts.md): the sentinel Service `rfs-<name>` on 26379, master name `mymaster`, pod labels
`app.kubernetes.io/{name: <failover>, component: redis|sentinel, part-of: redis-failover}`."""

from urlplatform.components.base import Workload
from urlplatform.components.data import DATA

FAILOVER = "shlink-redis"
REDIS_IMAGE = "redis:7.4.1-alpine"  # Redis and Sentinel pods alike; Renovate's Python-constant image manager moves it
PORT = 6379  # RedisFailover spec.redis.port default
SENTINEL_PORT = 26379  # fixed in the operator's sentinel Service
PORTS = (PORT, SENTINEL_PORT)
SENTINEL_MASTER = "mymaster"  # hard-coded in the operator's sentinel.conf template
POD_LABELS = {"app.kubernetes.io/name": FAILOVER}  # Redis and Sentinel pods alike
SENTINEL = Workload(name=f"rfs-{FAILOVER}", namespace=DATA.namespace, pod_labels=POD_LABELS, port=SENTINEL_PORT)
AUTH_SECRET = "shlink-redis-auth"  # the failover's `auth.secretPath`, in the data namespace
VAULT_PATH = "shlink/redis"  # Vault KV: `password`
# The redis-exporter container's 9121 port is named `metrics` (generator.go, constants.go).
EXPORTER_POD_LABELS = {**POD_LABELS, "app.kubernetes.io/component": "redis", "app.kubernetes.io/part-of": "redis-failover"}
EXPORTER_PORT_NAME, EXPORTER_PORT = "metrics", 9121


def sentinel_uris(sentinel: Workload) -> list[str]:
    """Two URIs for the one Spotahome sentinel Service (it has no per-pod DNS names).

    shlink-common 7.2 RedisFactory passes a single server to predis as plain connection parameters,
    and predis 2.4 only builds a Sentinel replication for a *list* of servers: one URI would talk to
    the Sentinel as if it were Redis. No password here: Spotahome sentinels have no requirepass; the
    Redis password reaches the master through REDIS_SERVERS_PASSWORD (predis `parameters`)."""
    return [f"tcp://{sentinel.service_host}:{sentinel.port}",
            f"tcp://{sentinel.name}.{sentinel.namespace}.svc:{sentinel.port}"]
