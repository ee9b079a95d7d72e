"""Shlink: the app, its pods and Service, and the Secrets (and their Vault paths) it reads as files."""

from urlplatform.components.base import OwnApp, Workload

SHLINK = OwnApp(app="shlink", namespace="shlink", wave=5, pss="restricted")
WORKLOAD = Workload.named(name="shlink", namespace=SHLINK.namespace, port=8080)
DB_SECRET = "shlink-db-credentials"
REDIS_SECRET = "shlink-redis-password"
API_KEY_SECRET = "shlink-initial-api-key"
API_KEY_VAULT_PATH = "shlink/api"  # Vault KV: `initial-api-key`
# Shlink takes the client IP from the first of these it finds, before X-Forwarded-For
# (shlinkio/shlink@v4.6.0:config/autoload/ip-address.global.php): a client could set any of them.
# The gateway strips them, leaving X-Forwarded-For, to which it appends the peer it saw.
SPOOFABLE_CLIENT_IP_HEADERS = ("CF-Connecting-IP", "X-Forwarded", "Forwarded", "True-Client-IP", "X-Real-IP",
                               "X-Cluster-Client-Ip", "Client-Ip")
