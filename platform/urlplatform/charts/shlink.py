"""The Shlink application: namespace, 3 hardened replicas, and its network policies."""

import json

from cdk8s import Chart
from constructs import Construct

from urlplatform.components import postgres, redis, shlink
from urlplatform.components.base import Component, OwnApp, Workload
from urlplatform.components.istio import ENVOY_METRICS_PORT
from urlplatform.components.secrets import SecretStore
from urlplatform.config import Profile
from urlplatform.resources.external_secret import SyncedSecret
from urlplatform.resources.namespace import PssNamespace
from urlplatform.resources.network import AllowPolicy, DefaultDenyPolicy, Peer, Rule
from urlplatform.resources.workload import ContainerSpec, HardenedWorkload, SecretFile

SECRETS_DIR = "/etc/shlink/secrets"
# After the pod turns Terminating, keep serving while the gateway and kube-proxy drop its endpoint;
# RoadRunner then gets SIGTERM and finishes in-flight requests within the rest of the grace period.
PRE_STOP_SLEEP_SECONDS = 10
TERMINATION_GRACE_SECONDS = 30
# The Istio sidecar drains for 5 s by default (istio/istio@1.24.2:pkg/config/mesh/mesh.go); it must
# outlive the app's preStop pause, or requests still routed to the pod fail at the sidecar.
SIDECAR_DRAIN_SECONDS = PRE_STOP_SLEEP_SECONDS + 5


def shlink_container(profile: Profile, *, port: int, database: Workload, sentinel: Workload) -> ContainerSpec:
    """Shlink's container: Postgres and Redis-through-Sentinel settings, secrets read from files."""
    s = profile.shlink
    db = SecretFile(secret=shlink.DB_SECRET, key="password", mount_dir=f"{SECRETS_DIR}/db")
    db_user = SecretFile(secret=shlink.DB_SECRET, key="user", mount_dir=f"{SECRETS_DIR}/db")
    redis_password = SecretFile(secret=shlink.REDIS_SECRET, key="password", mount_dir=f"{SECRETS_DIR}/redis")
    api_key = SecretFile(secret=shlink.API_KEY_SECRET, key="api-key", mount_dir=f"{SECRETS_DIR}/api")
    env = {
        "DB_DRIVER": "postgres",
        "DB_HOST": database.service_host,
        "DB_PORT": str(database.port),
        "DB_NAME": postgres.DATABASE,
        "DB_USER_FILE": db_user.path,
        "DB_PASSWORD_FILE": db.path,
        "REDIS_SERVERS": ",".join(redis.sentinel_uris(sentinel)),
        "REDIS_SENTINEL_SERVICE": redis.SENTINEL_MASTER,
        "REDIS_SERVERS_PASSWORD_FILE": redis_password.path,
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
        name="shlink", image=s.image.ref, port=port,
        cpu_request=s.resources.cpu_request, cpu_limit=s.resources.cpu_limit,
        memory_request=s.resources.memory_request, memory_limit=s.resources.memory_limit,
        # /rest/health runs a DB query and answers 503 while Postgres is down: fine for readiness and
        # startup, but a liveness on it would restart every pod during a DB outage. Liveness is TCP.
        readiness_path="/rest/health", liveness_path=None,
        env=env, secret_files=(db_user, db, redis_password, api_key),
        writable_paths=("/etc/shlink/data", "/tmp"), uid=1001,
        pre_stop_sleep_seconds=PRE_STOP_SLEEP_SECONDS, termination_grace_seconds=TERMINATION_GRACE_SECONDS,
    )


class ShlinkChart(Chart):
    """Shlink's namespace (PSS level of its component, sidecar injection) with Shlink behind default-deny policies."""

    def __init__(self, scope: Construct, *, profile: Profile, component: OwnApp, workload: Workload,
                 database: Workload, sentinel: Workload, ingress: Component, monitoring: Component, istiod: Workload,
                 store: SecretStore | None):
        """`store`: where Shlink's credentials come from; None where the e2e suite creates them."""
        super().__init__(scope, component.app, disable_resource_name_hashes=True)
        ns = workload.namespace
        PssNamespace(self, "ns", name=ns, level=component.pss, istio_injection=True, reason=component.reason)
        pods = HardenedWorkload(self, "shlink", name=workload.name, namespace=ns,
                                container=shlink_container(profile, port=workload.port, database=database,
                                                           sentinel=sentinel),
                                replicas=profile.shlink.replicas, service_port=workload.port,
                                pod_annotations={"proxy.istio.io/config": json.dumps(
                                    {"terminationDrainDuration": f"{SIDECAR_DRAIN_SECONDS}s"})})
        if store:
            for id_, name, path, keys in (
                    ("db", shlink.DB_SECRET, postgres.VAULT_PATH, {"user": "user", "password": "password"}),
                    ("redis", shlink.REDIS_SECRET, redis.VAULT_PATH, {"password": "password"}),
                    ("api-key", shlink.API_KEY_SECRET, shlink.API_KEY_VAULT_PATH, {"api-key": "initial-api-key"})):
                SyncedSecret(self, id_, name=name, namespace=ns, store=store.name, refresh_interval=store.refresh_interval,
                             vault_path=path, keys=keys)
        DefaultDenyPolicy(self, "deny", namespace=ns)
        AllowPolicy(
            self, "allow", name=f"{workload.name}-allow", namespace=ns, pod_labels=pods.labels,
            ingress=(
                Rule(peers=(Peer(namespace=ingress.namespace),), ports=(workload.port,)),
                # Prometheus scrapes the Envoy sidecar's merged metrics; Shlink itself exposes none.
                Rule(peers=(Peer(namespace=monitoring.namespace),), ports=(ENVOY_METRICS_PORT,)),
            ),
            egress=(
                Rule(peers=(database.peer,), ports=(database.port,)),
                # Sentinel answers with the master's address; the client then talks to Redis itself.
                Rule(peers=(sentinel.peer,), ports=(redis.PORT, sentinel.port)),
                # The sidecar fetches config and certificates from istiod (xDS).
                Rule(peers=(istiod.peer,), ports=(istiod.port,)),
            ),
        )
