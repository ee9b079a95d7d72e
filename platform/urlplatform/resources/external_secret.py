"""A Kubernetes Secret kept in sync from one Vault KV path by External Secrets."""

from __future__ import annotations

from constructs import Construct

from urlplatform.resources.crd import ExternalSecret


class SyncedSecret(Construct):
    """A Secret `name` in `namespace` whose `keys` (secret key -> Vault property) come from one KV path.

    `labels` go on the Secret (`target.template.metadata`); `creation_policy` "Merge" writes only these
    keys into a Secret an operator creates and controls (PGO's user Secrets), leaving its other keys and
    its controller ownerReference alone."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, store: str, vault_path: str,
                 keys: dict[str, str], refresh_interval: str, labels: dict[str, str] | None = None,
                 creation_policy: str = "Owner"):
        super().__init__(scope, id)
        target = {"name": name, "creationPolicy": creation_policy, "deletionPolicy": "Retain"}
        if labels:
            target["template"] = {"metadata": {"labels": dict(labels)}}
        ExternalSecret(self, "es", name=name, namespace=namespace, spec={
            "refreshInterval": refresh_interval,
            "secretStoreRef": {"kind": "ClusterSecretStore", "name": store},
            "target": target,
            "data": [{"secretKey": k, "remoteRef": {"key": vault_path, "property": prop}}
                     for k, prop in sorted(keys.items())],
        })
