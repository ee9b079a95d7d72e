"""The Vault ClusterSecretStore: leader-only address and namespace conditions, as properties of the tree.

hashicorp/vault-helm@v0.29.1: templates/server-ha-active-service.yaml renders `<release>-active` selecting
`vault-active: "true"` (only the unsealed active node carries it); templates/server-service.yaml and values.yaml
give the `<release>` Service `publishNotReadyAddresses: true`, so it also routes to sealed pods.
external-secrets/external-secrets@v0.12.1 ClusterSecretStore v1beta1 `spec.conditions[].namespaces` restricts
which namespaces may reference the store.
"""

from urllib.parse import urlparse

from rendered import objects

VAULT_RELEASE = "vault"


def _store():
    [store] = objects("secrets", "ClusterSecretStore")
    return store


def test_store_talks_to_the_active_vault_only():
    vault = [a for a in objects("apps", "Application") if a["metadata"]["name"] == VAULT_RELEASE][0]
    release, ns = vault["spec"]["source"]["helm"]["releaseName"], vault["spec"]["destination"]["namespace"]
    host = urlparse(_store()["spec"]["provider"]["vault"]["server"]).hostname
    assert host == f"{release}-active.{ns}.svc.cluster.local"


def test_store_is_limited_to_the_namespaces_that_use_it():
    users = {o["metadata"]["namespace"] for o in objects(kind="ExternalSecret")
             if o["spec"]["secretStoreRef"] == {"kind": "ClusterSecretStore", "name": _store()["metadata"]["name"]}}
    [condition] = _store()["spec"]["conditions"]
    assert set(condition["namespaces"]) == users
