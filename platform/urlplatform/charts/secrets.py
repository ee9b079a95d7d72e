"""Secrets: the Vault ClusterSecretStore, and ExternalSecrets placed by the charts that consume them."""

from __future__ import annotations

from cdk8s import Chart
from constructs import Construct

from urlplatform.names import DATA_NS, ESO_NS, SHLINK_NS, VAULT_NS, svc_fqdn
from urlplatform.config import Profile
from urlplatform.resources.crd import ClusterSecretStore, ExternalSecret

STORE = "vault"
# `vault-active` selects only the unsealed leader (label vault-active="true"); the plain `vault` Service publishes
# not-ready (sealed, standby) pods too: hashicorp/vault-helm@v0.29.1 templates/server-ha-active-service.yaml,
# templates/server-service.yaml (publishNotReadyAddresses: true).
VAULT_SERVICE = "vault-active"
VAULT_ADDR = f"http://{svc_fqdn(VAULT_SERVICE, VAULT_NS)}:8200"
KV_MOUNT = "secret"
KUBERNETES_AUTH_MOUNT = "kubernetes"
ESO_ROLE = "external-secrets"
ESO_SERVICE_ACCOUNT = "external-secrets"  # the external-secrets chart's controller SA for release `external-secrets`
# Only the namespaces whose ExternalSecrets read the store may use it (ESO ClusterSecretStore spec.conditions).
STORE_NAMESPACES = (DATA_NS, SHLINK_NS)
# One poll interval for every credential: both sides of a shared credential (e.g. Shlink's DB password and
# PGO's user Secret) pick up a Vault rotation within the same bound.
CREDENTIAL_REFRESH = "1m"


def external_secret(scope: Construct, id: str, *, name: str, namespace: str, vault_path: str,
                    keys: dict[str, str], labels: dict[str, str] | None = None,
                    creation_policy: str = "Owner", refresh_interval: str = CREDENTIAL_REFRESH) -> ExternalSecret:
    """A Secret `name` in `namespace` whose `keys` (secret key -> Vault property) come from one KV path.

    `labels` go on the Secret (`target.template.metadata`); `creation_policy` "Merge" writes only these
    keys into a Secret an operator creates and controls (PGO's user Secrets), leaving its other keys and
    its controller ownerReference alone."""
    target = {"name": name, "creationPolicy": creation_policy, "deletionPolicy": "Retain"}
    if labels:
        target["template"] = {"metadata": {"labels": dict(labels)}}
    return ExternalSecret(scope, id, name=name, namespace=namespace, spec={
        "refreshInterval": refresh_interval,
        "secretStoreRef": {"kind": "ClusterSecretStore", "name": STORE},
        "target": target,
        "data": [{"secretKey": k, "remoteRef": {"key": vault_path, "property": prop}} for k, prop in sorted(keys.items())],
    })


class SecretsChart(Chart):
    """ClusterSecretStore backed by Vault KV v2 with Kubernetes auth (homelab only)."""

    app_name = "secrets"

    def __init__(self, scope: Construct, id: str, *, profile: Profile):
        super().__init__(scope, id, disable_resource_name_hashes=True)
        ClusterSecretStore(self, "vault", name=STORE, spec={
            "conditions": [{"namespaces": list(STORE_NAMESPACES)}],
            "provider": {"vault": {
                "server": VAULT_ADDR, "path": KV_MOUNT, "version": "v2",
                "auth": {"kubernetes": {"mountPath": KUBERNETES_AUTH_MOUNT, "role": ESO_ROLE,
                                        "serviceAccountRef": {"name": ESO_SERVICE_ACCOUNT, "namespace": ESO_NS}}},
            }}})
