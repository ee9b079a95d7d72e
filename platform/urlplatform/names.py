"""Cross-chart names: one place for every namespace, service and secret that two charts share."""

SHLINK_NS = "shlink"
DATA_NS = "shlink-data"
INGRESS_NS = "istio-ingress"
ISTIO_NS = "istio-system"
KIALI_NS = ISTIO_NS
MONITORING_NS = "monitoring"
OBSERVABILITY_NS = "observability"
CERT_MANAGER_NS = "cert-manager"
ARGOCD_NS = "argocd"
ESO_NS = "external-secrets"
VAULT_NS = "vault"

SHLINK_APP = "shlink"
SHLINK_PORT = 8080
ENVOY_METRICS_PORT = 15090

PG_CLUSTER = "shlink-db"
PG_DATABASE = "shlink"
PG_USER = "shlink"
PG_PRIMARY_SERVICE = f"{PG_CLUSTER}-primary"
PG_POD_LABELS = {"postgres-operator.crunchydata.com/cluster": PG_CLUSTER}

REDIS_FAILOVER = "shlink-redis"
REDIS_SENTINEL_SERVICE = f"rfs-{REDIS_FAILOVER}"  # spotahome/redis-operator: "rf" + "s" + "-" + name
REDIS_SENTINEL_PORT = 26379  # fixed in the operator's sentinel Service
REDIS_SENTINEL_MASTER = "mymaster"  # hard-coded in the operator's sentinel.conf template
REDIS_PORT = 6379  # RedisFailover spec.redis.port default
REDIS_POD_LABELS = {"app.kubernetes.io/name": REDIS_FAILOVER}

# Secrets Shlink reads as files (produced by ExternalSecrets in the homelab, by the e2e suite in kind).
SHLINK_DB_SECRET = "shlink-db-credentials"
SHLINK_REDIS_SECRET = "shlink-redis-password"
SHLINK_API_KEY_SECRET = "shlink-initial-api-key"
REDIS_AUTH_SECRET = "shlink-redis-auth"


def svc_fqdn(name: str, namespace: str) -> str:
    """Cluster-local DNS name of a Service."""
    return f"{name}.{namespace}.svc.cluster.local"
