"""Shlink's Postgres: the PGO `PostgresCluster` of the data app, and what clients need of it.

Names and labels are what PGO 5.7 derives from the cluster name (evidence in docs/upstream-contracts.md):
the primary Service `<cluster>-primary`, the user Secret `<cluster>-pguser-<user>`, the pod label
`postgres-operator.crunchydata.com/cluster`."""

from urlplatform.components.base import Workload
from urlplatform.components.data import DATA

CLUSTER = "shlink-db"
VERSION = 16  # the Postgres major PGO runs (`spec.postgresVersion`)
DATABASE = "shlink"
USER = "shlink"
PORT = 5432
PATRONI_PORT = 8008
# pgBackRest TLS server (PGO >= 5.1; 2022 was PGO 5.0's SSH):
# CrunchyData/postgres-operator@v5.7.9 internal/pgbackrest/iana.go IANAPortNumber, config.go tls-server-*.
PGBACKREST_TLS_PORT = 8432
PEER_PORTS = (PORT, PATRONI_PORT, PGBACKREST_TLS_PORT)  # between instances and from the operator
POD_LABELS = {"postgres-operator.crunchydata.com/cluster": CLUSTER}
PRIMARY = Workload(name=f"{CLUSTER}-primary", namespace=DATA.namespace, pod_labels=POD_LABELS, port=PORT)
USER_SECRET = f"{CLUSTER}-pguser-{USER}"
VAULT_PATH = "shlink/db"  # Vault KV: `user`, `password` and its SCRAM `verifier`

# PGO labels pods running its `exporter` container `postgres-operator.crunchydata.com/crunchy-postgres-exporter:
# "true"` and names the 9187 port `exporter` (internal/naming/labels.go, names.go, pgmonitor.go; pgmonitor/exporter.go).
EXPORTER_POD_LABELS = {**POD_LABELS, "postgres-operator.crunchydata.com/crunchy-postgres-exporter": "true"}
EXPORTER_PORT_NAME, EXPORTER_PORT = "exporter", 9187


def user_secret_labels() -> dict[str, str]:
    """The labels PGO 5.7 finds an existing user Secret by (cluster + pguser); without them it
    generates its own password. Also set on the kind suite's test Secret."""
    return {"postgres-operator.crunchydata.com/cluster": CLUSTER, "postgres-operator.crunchydata.com/pguser": USER}
