"""External Secrets Operator: turns the Vault KV entries into Kubernetes Secrets (homelab only)."""

from __future__ import annotations

from urlplatform.components.base import ChartPin, HelmComponent
from urlplatform.components.footprint import SERVICE_MONITOR, Emits, Footprint
from urlplatform.config import Profile


def values(p: Profile) -> dict:
    return {"installCRDs": True, "serviceMonitor": {"enabled": True}, "webhook": {"replicaCount": 1}}


EXTERNAL_SECRETS = HelmComponent(
    app="external-secrets", namespace="external-secrets", wave=-20, vault_only=True,
    chart=ChartPin(repo_url="https://charts.external-secrets.io", chart="external-secrets", version="0.12.1"),
    values=values,
    footprint=Footprint(
        crds=("external-secrets.io/ExternalSecret", "external-secrets.io/ClusterSecretStore"),
        crds_evidence="external-secrets/external-secrets@helm-chart-0.12.1:deploy/charts/external-secrets/values.yaml "
                      "installCRDs (default true); config/crds/bases/",
        crds_when=(("installCRDs", True),),
        emits=(Emits(SERVICE_MONITOR, when=(("serviceMonitor.enabled", False),),
                     evidence="external-secrets/external-secrets@helm-chart-0.12.1:deploy/charts/external-secrets/"
                              "values.yaml serviceMonitor.enabled"),)))
