"""HashiCorp Vault on Raft, one replica per node; External Secrets reads it with Kubernetes auth."""

from __future__ import annotations

from urlplatform.components.base import ChartPin, HelmComponent
from urlplatform.config import Profile

API_PORT = 8200
KV_MOUNT = "secret"
KUBERNETES_AUTH_MOUNT = "kubernetes"
ESO_ROLE = "external-secrets"


def raft_config(fullname: str, replicas: int) -> str:
    """Raft storage whose members find each other: every pod retries joining every other pod.

    The chart names pods <fullname>-N and the headless Service <fullname>-internal."""
    joins = "".join(
        f'  retry_join {{\n    leader_api_addr = "http://{fullname}-{i}.{fullname}-internal:{API_PORT}"\n  }}\n'
        for i in range(replicas))
    return ('ui = true\n\nlistener "tcp" {\n  tls_disable = 1\n  address = "[::]:8200"\n'
            '  cluster_address = "[::]:8201"\n}\n\nstorage "raft" {\n  path = "/vault/data"\n'
            f'{joins}}}\n\nservice_registration "kubernetes" {{}}\n')


def values(p: Profile) -> dict:
    """Vault HA on Raft, one replica per node, Kubernetes auth consumed by ESO."""
    replicas = len(p.cluster.nodes)
    return {"server": {"ha": {"enabled": True, "replicas": replicas,
                              "raft": {"enabled": True, "setNodeId": True, "config": raft_config(VAULT.fullname, replicas)}},
                       "dataStorage": {"storageClass": p.cluster.storage_class, "size": "2Gi"}},
            "injector": {"enabled": False}, "ui": {"enabled": True}}


# Writes only into its release namespace: hashicorp/vault-helm@v0.29.1 templates (all `vault.namespace`).
VAULT = HelmComponent(
    app="vault", namespace="vault", wave=-15, pss="baseline",
    reason="Vault server pods need IPC_LOCK-free mlock settings not expressible under restricted",
    chart=ChartPin(repo_url="https://helm.releases.hashicorp.com", chart="vault", version="0.29.1"),
    values=values, vault_only=True, cascade_delete=False)
# `<release>-active` selects only the unsealed leader (label vault-active="true"); the plain Service publishes
# not-ready (sealed, standby) pods too: hashicorp/vault-helm@v0.29.1 templates/server-ha-active-service.yaml,
# templates/server-service.yaml (publishNotReadyAddresses: true).
ADDR = f"http://{VAULT.service_host('active')}:{API_PORT}"
