"""The secrets chart alone: one Vault ClusterSecretStore that External Secrets' controller reads with Kubernetes
auth, usable only from the consumers' namespaces.

Whole-tree facts (the store talks to the active Vault only; its namespaces are exactly those of the ExternalSecrets
that use it) are in secrets_store_test."""

import dataclasses

import pytest
from chart_fixture import one, site, synth

from urlplatform.charts.secrets import SecretsChart
from urlplatform.components import shlink
from urlplatform.components.base import OwnApp
from urlplatform.components.data import DATA
from urlplatform.components.external_secrets import EXTERNAL_SECRETS
from urlplatform.components.secrets import SECRETS, VAULT_STORE, SecretStore

WIRING = dict(component=SECRETS, store=VAULT_STORE, reader=EXTERNAL_SECRETS, consumers=(DATA, shlink.SHLINK))
ESO_CHART = EXTERNAL_SECRETS.chart.chart


def build(**wiring):
    return synth(SecretsChart, **(WIRING | wiring))


def store(objs) -> dict:
    return one(objs, "ClusterSecretStore")["spec"]


def controller_service_account(release: str, values: dict) -> str:
    """The ServiceAccount the external-secrets chart runs its controller as: `serviceAccount.name`, else the
    fullname, which is the release name when it contains the chart name and `<release>-<chart>` otherwise
    (external-secrets/external-secrets@helm-chart-0.12.1: deploy/charts/external-secrets/templates/_helpers.tpl
    external-secrets.fullname, external-secrets.serviceAccountName; values.yaml serviceAccount.create true)."""
    named = values.get("serviceAccount", {}).get("name") or values.get("fullnameOverride")
    if named:
        return named
    chart = values.get("nameOverride") or ESO_CHART
    return release if chart in release else f"{release}-{chart}"


def test_store_reads_vault_kv2_with_kubernetes_auth():
    vault_spec = store(build())["provider"]["vault"]
    assert vault_spec["version"] == "v2"
    auth = vault_spec["auth"]["kubernetes"]
    assert auth["role"] and auth["mountPath"]
    assert vault_spec["server"].startswith("http://") and vault_spec["path"]


@pytest.mark.parametrize("release", [
    "cluster-external-secrets",
    "eso",
])
def test_follows_its_reader(release):
    """The store authenticates as the controller's ServiceAccount, in the reader's namespace."""
    reader = dataclasses.replace(EXTERNAL_SECRETS, app=release, namespace="secrets-elsewhere")
    ref = store(build(reader=reader))["provider"]["vault"]["auth"]["kubernetes"]["serviceAccountRef"]
    assert ref == {"name": controller_service_account(reader.release, reader.values(site())),
                   "namespace": reader.namespace}


def test_follows_its_consumers():
    consumers = (OwnApp(app="one", namespace="team-a", wave=0), OwnApp(app="two", namespace="team-b", wave=0))
    [condition] = store(build(consumers=consumers))["conditions"]
    assert condition == {"namespaces": [c.namespace for c in consumers]}


def test_follows_its_store():
    store = SecretStore(name="elsewhere-store", refresh_interval="7m")
    assert one(build(store=store), "ClusterSecretStore")["metadata"]["name"] == store.name


def test_store_is_cluster_scoped_and_the_only_object():
    objs = build()
    assert [o["kind"] for o in objs] == ["ClusterSecretStore"] and "namespace" not in objs[0]["metadata"]

