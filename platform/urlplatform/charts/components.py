"""Third-party components installed as ArgoCD Helm Applications: wave, values, namespace policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from urlplatform.charts import helm_values as v
from urlplatform.config import Profile
from urlplatform.constructs.namespace import PssLevel


@dataclass(frozen=True)
class HelmComponent:
    """One Helm chart as one Application; `chart_key` names its pin in profile.charts."""

    app: str
    chart_key: str
    wave: int
    values: Callable[[Profile], dict]
    pss: PssLevel = "restricted"
    reason: str | None = None
    server_side_apply: bool = False
    vault_only: bool = False


COMPONENTS: tuple[HelmComponent, ...] = (
    HelmComponent("argocd", "argocd", -30, v.argocd, "baseline",
                  "argocd-redis and repo-server images are not all seccomp RuntimeDefault-clean upstream",
                  server_side_apply=True),
    HelmComponent("istio-base", "istio_base", -20, v.istio_base, "privileged",
                  "istio-system hosts the istio-cni node agent, which writes CNI config on the host",
                  server_side_apply=True),
    HelmComponent("cert-manager", "cert_manager", -20, v.cert_manager),
    HelmComponent("pgo", "pgo", -20, v.pgo, server_side_apply=True),
    HelmComponent("redis-operator", "redis_operator", -20, v.redis_operator, "baseline",
                  "the operator chart does not set seccompProfile on its pod"),
    HelmComponent("external-secrets", "external_secrets", -20, v.external_secrets, vault_only=True),
    HelmComponent("kube-prometheus-stack", "kube_prometheus_stack", -20, v.kube_prometheus_stack, "privileged",
                  "node-exporter needs hostNetwork, hostPID and hostPath to read node metrics",
                  server_side_apply=True),
    HelmComponent("kiali-operator", "kiali_operator", -20, v.kiali_operator, "baseline",
                  "the operator image runs Ansible without a seccompProfile"),
    HelmComponent("istio-cni", "istio_cni", -15, v.istio_cni, "privileged",
                  "the CNI node agent installs binaries and config into host paths"),
    HelmComponent("istiod", "istiod", -15, v.istiod, "privileged", "shares istio-system with the CNI node agent"),
    HelmComponent("vault", "vault", -15, v.vault, "baseline",
                  "Vault server pods need IPC_LOCK-free mlock settings not expressible under restricted",
                  vault_only=True),
    HelmComponent("istio-gateway", "istio_gateway", -10, v.istio_gateway, "baseline",
                  "the gateway chart does not pin a seccompProfile on its pods"),
    HelmComponent("jaeger", "jaeger", -10, v.jaeger, "baseline", "the all-in-one chart sets no seccompProfile"),
)


def components_for(profile: Profile) -> list[HelmComponent]:
    """The kind profile has no Vault: secrets are created by the e2e suite."""
    return [c for c in COMPONENTS if profile.uses_vault or not c.vault_only]


# Our own rendered apps: name -> sync wave (after every CRD-providing Helm app).
OWN_APPS = {"secrets": -5, "certificates": -5, "data": 0, "mesh": 5, "observability": 5, "shlink": 10}
