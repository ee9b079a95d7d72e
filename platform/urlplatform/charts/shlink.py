"""The Shlink application: namespace, 3 hardened replicas, and its network policies."""

from cdk8s import Chart
from constructs import Construct

from urlplatform import names as n
from urlplatform.charts.secrets import external_secret
from urlplatform.config import Profile
from urlplatform.constructs.namespace import PssNamespace
from urlplatform.constructs.network import AllowPolicy, DefaultDenyPolicy, Peer, Rule
from urlplatform.constructs.workload import ContainerSpec, HardenedWorkload, SecretFile

SECRETS_DIR = "/etc/shlink/secrets"


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
        "REDIS_SERVERS": f"tcp://{n.svc_fqdn(n.REDIS_SENTINEL_SERVICE, n.DATA_NS)}:26379",
        "REDIS_SENTINEL_SERVICE": profile.redis.master_name,
        "REDIS_SERVERS_PASSWORD_FILE": redis.path,
        "CACHE_NAMESPACE": s.cache_namespace,
        "DEFAULT_DOMAIN": profile.shlink_host,
        "IS_HTTPS_ENABLED": str(s.https).lower(),
        "TRUSTED_PROXIES": s.trusted_proxies,
        "LOGS_FORMAT": "json",
        "INITIAL_API_KEY_FILE": api_key.path,
        "TIMEZONE": "UTC",
    }
    return ContainerSpec(
        name="shlink", image=s.image.ref, port=n.SHLINK_PORT,
        cpu_request=s.resources.cpu_request, cpu_limit=s.resources.cpu_limit,
        memory_request=s.resources.memory_request, memory_limit=s.resources.memory_limit,
        readiness_path="/rest/health", liveness_path="/rest/health",
        env=env, secret_files=(db_user, db, redis, api_key),
        writable_paths=("/etc/shlink/data", "/tmp"), uid=1001,
    )


class ShlinkChart(Chart):
    """Namespace `shlink` (PSS restricted, sidecar injection) with Shlink behind default-deny policies."""

    app_name = "shlink"

    def __init__(self, scope: Construct, id: str, *, profile: Profile):
        super().__init__(scope, id, disable_resource_name_hashes=True)
        PssNamespace(self, "ns", name=n.SHLINK_NS, level="restricted", istio_injection=True)
        workload = HardenedWorkload(self, "shlink", name=n.SHLINK_APP, namespace=n.SHLINK_NS,
                                    container=shlink_container(profile), replicas=profile.shlink.replicas,
                                    service_port=n.SHLINK_PORT)
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
