"""The Shlink application: namespace, 3 hardened replicas, and its network policies."""

import json

from cdk8s import Chart
from constructs import Construct

from urlplatform.names import (
    DATA_NS,
    ENVOY_METRICS_PORT,
    INGRESS_NS,
    ISTIO_NS,
    MONITORING_NS,
    PG_DATABASE,
    PG_POD_LABELS,
    PG_PRIMARY_SERVICE,
    REDIS_POD_LABELS,
    REDIS_SENTINEL_MASTER,
    REDIS_SENTINEL_PORT,
    REDIS_SENTINEL_SERVICE,
    SHLINK_API_KEY_SECRET,
    SHLINK_APP,
    SHLINK_DB_SECRET,
    SHLINK_NS,
    SHLINK_PORT,
    SHLINK_REDIS_SECRET,
    svc_fqdn,
)
from urlplatform.charts.secrets import external_secret
from urlplatform.config import Profile
from urlplatform.resources.namespace import PssNamespace
from urlplatform.resources.network import AllowPolicy, DefaultDenyPolicy, Peer, Rule
from urlplatform.resources.workload import ContainerSpec, HardenedWorkload, SecretFile

SECRETS_DIR = "/etc/shlink/secrets"
# Shlink takes the client IP from the first of these it finds, before X-Forwarded-For
# (shlinkio/shlink@v4.6.0:config/autoload/ip-address.global.php): a client could set any of them.
# The gateway strips them, leaving X-Forwarded-For, to which it appends the peer it saw.
SPOOFABLE_CLIENT_IP_HEADERS = ("CF-Connecting-IP", "X-Forwarded", "Forwarded", "True-Client-IP", "X-Real-IP",
                               "X-Cluster-Client-Ip", "Client-Ip")
# After the pod turns Terminating, keep serving while the gateway and kube-proxy drop its endpoint;
# RoadRunner then gets SIGTERM and finishes in-flight requests within the rest of the grace period.
PRE_STOP_SLEEP_SECONDS = 10
TERMINATION_GRACE_SECONDS = 30
# The Istio sidecar drains for 5 s by default (istio/istio@1.24.2:pkg/config/mesh/mesh.go); it must
# outlive the app's preStop pause, or requests still routed to the pod fail at the sidecar.
SIDECAR_DRAIN_SECONDS = PRE_STOP_SLEEP_SECONDS + 5


def sentinel_uris() -> list[str]:
    """Two URIs for the one Spotahome sentinel Service (it has no per-pod DNS names).

    shlink-common 7.2 RedisFactory passes a single server to predis as plain connection parameters,
    and predis 2.4 only builds a Sentinel replication for a *list* of servers: one URI would talk to
    the Sentinel as if it were Redis. No password here: Spotahome sentinels have no requirepass; the
    Redis password reaches the master through REDIS_SERVERS_PASSWORD (predis `parameters`)."""
    port = REDIS_SENTINEL_PORT
    return [f"tcp://{svc_fqdn(REDIS_SENTINEL_SERVICE, DATA_NS)}:{port}",
            f"tcp://{REDIS_SENTINEL_SERVICE}.{DATA_NS}.svc:{port}"]


def shlink_container(profile: Profile) -> ContainerSpec:
    """Shlink's container: Postgres and Redis-through-Sentinel settings, secrets read from files."""
    s = profile.shlink
    db = SecretFile(secret=SHLINK_DB_SECRET, key="password", mount_dir=f"{SECRETS_DIR}/db")
    db_user = SecretFile(secret=SHLINK_DB_SECRET, key="user", mount_dir=f"{SECRETS_DIR}/db")
    redis = SecretFile(secret=SHLINK_REDIS_SECRET, key="password", mount_dir=f"{SECRETS_DIR}/redis")
    api_key = SecretFile(secret=SHLINK_API_KEY_SECRET, key="api-key", mount_dir=f"{SECRETS_DIR}/api")
    env = {
        "DB_DRIVER": "postgres",
        "DB_HOST": svc_fqdn(PG_PRIMARY_SERVICE, DATA_NS),
        "DB_PORT": "5432",
        "DB_NAME": PG_DATABASE,
        "DB_USER_FILE": db_user.path,
        "DB_PASSWORD_FILE": db.path,
        "REDIS_SERVERS": ",".join(sentinel_uris()),
        "REDIS_SENTINEL_SERVICE": REDIS_SENTINEL_MASTER,
        "REDIS_SERVERS_PASSWORD_FILE": redis.path,
        "CACHE_NAMESPACE": s.cache_namespace,
        "DEFAULT_DOMAIN": profile.shlink_host,
        "IS_HTTPS_ENABLED": str(s.https).lower(),
        "TRUSTED_PROXIES": s.trusted_proxies,
        "LOGS_FORMAT": "json",
        "INITIAL_API_KEY_FILE": api_key.path,
        "TIMEZONE": "UTC",
        # Defaults to true: every create would fetch the long URL, and egress is denied.
        "AUTO_RESOLVE_TITLES": "false",
        "REDIRECT_STATUS_CODE": str(s.redirect_status_code),
        **s.runtime.env,
    }
    return ContainerSpec(
        name="shlink", image=s.image.ref, port=SHLINK_PORT,
        cpu_request=s.resources.cpu_request, cpu_limit=s.resources.cpu_limit,
        memory_request=s.resources.memory_request, memory_limit=s.resources.memory_limit,
        # /rest/health runs a DB query and answers 503 while Postgres is down: fine for readiness and
        # startup, but a liveness on it would restart every pod during a DB outage. Liveness is TCP.
        readiness_path="/rest/health", liveness_path=None,
        env=env, secret_files=(db_user, db, redis, api_key),
        writable_paths=("/etc/shlink/data", "/tmp"), uid=1001,
        pre_stop_sleep_seconds=PRE_STOP_SLEEP_SECONDS, termination_grace_seconds=TERMINATION_GRACE_SECONDS,
    )


class ShlinkChart(Chart):
    """Namespace `shlink` (PSS restricted, sidecar injection) with Shlink behind default-deny policies."""

    app_name = "shlink"

    def __init__(self, scope: Construct, id: str, *, profile: Profile):
        super().__init__(scope, id, disable_resource_name_hashes=True)
        PssNamespace(self, "ns", name=SHLINK_NS, level="restricted", istio_injection=True)
        workload = HardenedWorkload(self, "shlink", name=SHLINK_APP, namespace=SHLINK_NS,
                                    container=shlink_container(profile), replicas=profile.shlink.replicas,
                                    service_port=SHLINK_PORT, pod_annotations={"proxy.istio.io/config": json.dumps(
                                        {"terminationDrainDuration": f"{SIDECAR_DRAIN_SECONDS}s"})})
        if profile.uses_vault:
            external_secret(self, "db", name=SHLINK_DB_SECRET, namespace=SHLINK_NS, vault_path="shlink/db",
                            keys={"user": "user", "password": "password"})
            external_secret(self, "redis", name=SHLINK_REDIS_SECRET, namespace=SHLINK_NS,
                            vault_path="shlink/redis", keys={"password": "password"})
            external_secret(self, "api-key", name=SHLINK_API_KEY_SECRET, namespace=SHLINK_NS,
                            vault_path="shlink/api", keys={"api-key": "initial-api-key"})
        DefaultDenyPolicy(self, "deny", namespace=SHLINK_NS)
        AllowPolicy(
            self, "allow", name="shlink-allow", namespace=SHLINK_NS, pod_labels=workload.labels,
            ingress=(
                Rule(peers=(Peer(namespace=INGRESS_NS),), ports=(SHLINK_PORT,)),
                # Prometheus scrapes the Envoy sidecar's merged metrics; Shlink itself exposes none.
                Rule(peers=(Peer(namespace=MONITORING_NS),), ports=(ENVOY_METRICS_PORT,)),
            ),
            egress=(
                Rule(peers=(Peer(namespace=DATA_NS, pod_labels=PG_POD_LABELS),), ports=(5432,)),
                Rule(peers=(Peer(namespace=DATA_NS, pod_labels=REDIS_POD_LABELS),), ports=(6379, 26379)),
                # The sidecar fetches config and certificates from istiod (xDS).
                Rule(peers=(Peer(namespace=ISTIO_NS, pod_labels={"app": "istiod"}),), ports=(15012,)),
            ),
        )
