"""The Shlink application: namespace, 3 hardened replicas, and its network policies."""

import json

from cdk8s import Chart
from constructs import Construct

from urlplatform import names as n
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
    port = n.REDIS_SENTINEL_PORT
    return [f"tcp://{n.svc_fqdn(n.REDIS_SENTINEL_SERVICE, n.DATA_NS)}:{port}",
            f"tcp://{n.REDIS_SENTINEL_SERVICE}.{n.DATA_NS}.svc:{port}"]


def shlink_container(profile: Profile) -> ContainerSpec:
    """Shlink's container: Postgres and Redis-through-Sentinel settings, secrets read from files."""
    s = profile.shlink
    db = SecretFile(secret=n.SHLINK_DB_SECRET, key="password", mount_dir=f"{SECRETS_DIR}/db")
    db_user = SecretFile(secret=n.SHLINK_DB_SECRET, key="user", mount_dir=f"{SECRETS_DIR}/db")
    redis = SecretFile(secret=n.SHLINK_REDIS_SECRET, key="password", mount_dir=f"{SECRETS_DIR}/redis")
    api_key = SecretFile(secret=n.SHLINK_API_KEY_SECRET, key="api-key", mount_dir=f"{SECRETS_DIR}/api")
    env = {
        "DB_DRIVER": "postgres",
        "DB_HOST": n.svc_fqdn(n.PG_PRIMARY_SERVICE, n.DATA_NS),
        "DB_PORT": "5432",
        "DB_NAME": n.PG_DATABASE,
        "DB_USER_FILE": db_user.path,
        "DB_PASSWORD_FILE": db.path,
        "REDIS_SERVERS": ",".join(sentinel_uris()),
        "REDIS_SENTINEL_SERVICE": n.REDIS_SENTINEL_MASTER,
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
        name="shlink", image=s.image.ref, port=n.SHLINK_PORT,
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
        PssNamespace(self, "ns", name=n.SHLINK_NS, level="restricted", istio_injection=True)
        workload = HardenedWorkload(self, "shlink", name=n.SHLINK_APP, namespace=n.SHLINK_NS,
                                    container=shlink_container(profile), replicas=profile.shlink.replicas,
                                    service_port=n.SHLINK_PORT, pod_annotations={"proxy.istio.io/config": json.dumps(
                                        {"terminationDrainDuration": f"{SIDECAR_DRAIN_SECONDS}s"})})
        if profile.uses_vault:
            external_secret(self, "db", name=n.SHLINK_DB_SECRET, namespace=n.SHLINK_NS, vault_path="shlink/db",
                            keys={"user": "user", "password": "password"})
            external_secret(self, "redis", name=n.SHLINK_REDIS_SECRET, namespace=n.SHLINK_NS,
                            vault_path="shlink/redis", keys={"password": "password"})
            external_secret(self, "api-key", name=n.SHLINK_API_KEY_SECRET, namespace=n.SHLINK_NS,
                            vault_path="shlink/api", keys={"api-key": "initial-api-key"})
        DefaultDenyPolicy(self, "deny", namespace=n.SHLINK_NS)
        AllowPolicy(
            self, "allow", name="shlink-allow", namespace=n.SHLINK_NS, pod_labels=workload.labels,
            ingress=(
                Rule(peers=(Peer(namespace=n.INGRESS_NS),), ports=(n.SHLINK_PORT,)),
                # Prometheus scrapes the Envoy sidecar's merged metrics; Shlink itself exposes none.
                Rule(peers=(Peer(namespace=n.MONITORING_NS),), ports=(n.ENVOY_METRICS_PORT,)),
            ),
            egress=(
                Rule(peers=(Peer(namespace=n.DATA_NS, pod_labels=n.PG_POD_LABELS),), ports=(5432,)),
                Rule(peers=(Peer(namespace=n.DATA_NS, pod_labels=n.REDIS_POD_LABELS),), ports=(6379, 26379)),
                # The sidecar fetches config and certificates from istiod (xDS).
                Rule(peers=(Peer(namespace=n.ISTIO_NS, pod_labels={"app": "istiod"}),), ports=(15012,)),
            ),
        )
