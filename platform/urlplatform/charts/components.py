"""Third-party components installed as ArgoCD Helm Applications: wave, values, namespace policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from urlplatform.charts import helm_values as v
from urlplatform.config import Profile
from urlplatform.resources.namespace import PssLevel


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
    skip_crds: bool = False
    # Deleting the Application (from git) deletes what it installed; not for ArgoCD itself or Vault's storage.
    cascade_delete: bool = True
    ignore_differences: tuple[dict, ...] = ()
    sidecar_injected: bool = False  # the chart's pods are built by sidecar injection (Istio gateway: `image: auto`)


# istiod's webhook controller flips failurePolicy Ignore -> Fail once its endpoint is ready
# (istio/istio@1.24.2 pkg/webhooks/validation/controller/controller.go); the charts render Ignore, so without
# this self-heal reverts it forever. RespectIgnoreDifferences keeps the live value on sync too.
ISTIO_WEBHOOK_DRIFT = ({"group": "admissionregistration.k8s.io", "kind": "ValidatingWebhookConfiguration",
                        "jqPathExpressions": [".webhooks[]?.failurePolicy"]},)


@dataclass(frozen=True)
class CrdDirectory:
    """CRDs applied from a folder of an upstream git repository at a commit (server-side: they are large)."""

    app: str
    chart_key: str  # the component whose namespace is the destination
    repo_url: str
    revision: str
    path: str
    wave: int
    evidence: str


# redis-operator chart 3.3.0's crds/ file is templated and does not parse; the same CRD (schema identical but
# for the templated annotations) is plain YAML at Chart-3.2.9, commit 0f1206247fce5d304398784de5c820e7f93214bb.
# It is 809261 bytes: client-side apply's last-applied annotation cannot hold it, so ServerSideApply=true.
CRD_DIRECTORIES: tuple[CrdDirectory, ...] = (
    CrdDirectory("redis-operator-crds", "redis_operator", "https://github.com/spotahome/redis-operator.git",
                 "0f1206247fce5d304398784de5c820e7f93214bb", "charts/redisoperator/crds", -25,
                 "spotahome/redis-operator@Chart-3.2.9:charts/redisoperator/crds/"
                 "databases.spotahome.com_redisfailovers.yaml"),
)


COMPONENTS: tuple[HelmComponent, ...] = (
    HelmComponent("argocd", "argocd", -30, v.argocd, "baseline",
                  "argocd-redis and repo-server images are not all seccomp RuntimeDefault-clean upstream",
                  server_side_apply=True, cascade_delete=False),
    HelmComponent("istio-base", "istio_base", -20, v.istio_base, "privileged",
                  "istio-system hosts the istio-cni node agent, which writes CNI config on the host",
                  server_side_apply=True, ignore_differences=ISTIO_WEBHOOK_DRIFT),
    HelmComponent("cert-manager", "cert_manager", -20, v.cert_manager),
    HelmComponent("pgo", "pgo", -20, v.pgo, server_side_apply=True),
    HelmComponent("redis-operator", "redis_operator", -20, v.redis_operator, "baseline",
                  "the operator chart does not set seccompProfile on its pod", skip_crds=True),
    HelmComponent("external-secrets", "external_secrets", -20, v.external_secrets, vault_only=True),
    # Before cert-manager, redis-operator and external-secrets: their values render ServiceMonitors.
    HelmComponent("kube-prometheus-stack", "kube_prometheus_stack", -25, v.kube_prometheus_stack, "privileged",
                  "node-exporter needs hostNetwork, hostPID and hostPath to read node metrics",
                  server_side_apply=True),
    HelmComponent("kiali-operator", "kiali_operator", -20, v.kiali_operator, "baseline",
                  "the operator image runs Ansible without a seccompProfile"),
    HelmComponent("istio-cni", "istio_cni", -15, v.istio_cni, "privileged",
                  "the CNI node agent installs binaries and config into host paths"),
    HelmComponent("istiod", "istiod", -15, v.istiod, "privileged", "shares istio-system with the CNI node agent",
                  ignore_differences=ISTIO_WEBHOOK_DRIFT),
    HelmComponent("vault", "vault", -15, v.vault, "baseline",
                  "Vault server pods need IPC_LOCK-free mlock settings not expressible under restricted",
                  vault_only=True, cascade_delete=False),
    HelmComponent("istio-gateway", "istio_gateway", -10, v.istio_gateway, "baseline",
                  "the gateway chart does not pin a seccompProfile on its pods", sidecar_injected=True),
    HelmComponent("jaeger", "jaeger", -10, v.jaeger, "baseline", "the all-in-one chart sets no seccompProfile"),
)


def components_for(profile: Profile) -> list[HelmComponent]:
    """The kind profile has no Vault: secrets are created by the e2e suite."""
    return [c for c in COMPONENTS if profile.uses_vault or not c.vault_only]


# Our own rendered apps: name -> sync wave (after every CRD-providing Helm app). `shlink` creates its namespace,
# so everything placing objects there (mesh: VirtualService, DestinationRule, AuthorizationPolicies) comes later.
OWN_APPS = {"secrets": -5, "certificates": -5, "data": 0, "shlink": 5, "observability": 5, "mesh": 10}
# Own apps whose deletion from git must not delete their objects (Postgres and Redis data).
KEEP_ON_DELETE = frozenset({"data"})
