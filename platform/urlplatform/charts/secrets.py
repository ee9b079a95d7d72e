"""Secrets: the Vault ClusterSecretStore; the ExternalSecrets are placed by the charts that consume them."""

from __future__ import annotations

from cdk8s import Chart
from constructs import Construct

from urlplatform.components import vault
from urlplatform.components.base import Component, HelmComponent
from urlplatform.components.secrets import SecretStore
from urlplatform.resources.crd import ClusterSecretStore


class SecretsChart(Chart):
    """ClusterSecretStore backed by Vault KV v2 with Kubernetes auth, usable only from `consumers`' namespaces."""

    def __init__(self, scope: Construct, *, component: Component, store: SecretStore, reader: HelmComponent,
                 consumers: tuple[Component, ...]):
        super().__init__(scope, component.app, disable_resource_name_hashes=True)
        ClusterSecretStore(self, "vault", name=store.name, spec={
            "conditions": [{"namespaces": [c.namespace for c in consumers]}],
            "provider": {"vault": {
                "server": vault.ADDR, "path": vault.KV_MOUNT, "version": "v2",
                "auth": {"kubernetes": {"mountPath": vault.KUBERNETES_AUTH_MOUNT, "role": vault.ESO_ROLE,
                                        # the chart's controller ServiceAccount is its fullname
                                        "serviceAccountRef": {"name": reader.fullname, "namespace": reader.namespace}}},
            }}})
