"""Every component, in one list; what the platform installs and in which order derives from it."""

from __future__ import annotations

from urlplatform.components.argocd import ARGOCD
from urlplatform.components.base import Component, CrdDirectory, HelmComponent, OwnApp
from urlplatform.components.cert_manager import CERT_MANAGER
from urlplatform.components.certificates import CERTIFICATES
from urlplatform.components.data import DATA
from urlplatform.components.external_secrets import EXTERNAL_SECRETS
from urlplatform.components.footprint import Footprint, installed_crds
from urlplatform.components.istio import ISTIO_BASE, ISTIO_CNI, ISTIO_GATEWAY, ISTIOD
from urlplatform.components.jaeger import JAEGER
from urlplatform.components.kiali import KIALI_OPERATOR
from urlplatform.components.kube_prometheus_stack import KUBE_PROMETHEUS_STACK
from urlplatform.components.mesh import MESH
from urlplatform.components.observability import OBSERVABILITY
from urlplatform.components.pgo import PGO
from urlplatform.components.redis_operator import REDIS_OPERATOR, REDIS_OPERATOR_CRDS
from urlplatform.components.secrets import SECRETS
from urlplatform.components.shlink import SHLINK
from urlplatform.components.vault import VAULT
from urlplatform.config import Profile

# Third-party charts. Where two share a release namespace, the one with the earliest wave (then the first
# listed) creates it and sets its Pod Security labels.
HELM: tuple[HelmComponent, ...] = (
    ARGOCD, ISTIO_BASE, CERT_MANAGER, PGO, REDIS_OPERATOR, EXTERNAL_SECRETS,
    # Before cert-manager, redis-operator and external-secrets: their values render ServiceMonitors.
    KUBE_PROMETHEUS_STACK,
    KIALI_OPERATOR, ISTIO_CNI, ISTIOD, VAULT, ISTIO_GATEWAY, JAEGER,
)
CRD_DIRECTORIES: tuple[CrdDirectory, ...] = (REDIS_OPERATOR_CRDS,)
# Our rendered apps, after every CRD-providing Helm app. `shlink` creates its namespace, so everything placing
# objects there (mesh: VirtualService, DestinationRule, AuthorizationPolicies) comes later.
OWN: tuple[OwnApp, ...] = (SECRETS, CERTIFICATES, DATA, SHLINK, OBSERVABILITY, MESH)
ALL: tuple[Component, ...] = HELM + CRD_DIRECTORIES + OWN


def helm_components(profile: Profile) -> list[HelmComponent]:
    return [c for c in HELM if c.enabled(profile)]


def crd_directories(profile: Profile) -> list[CrdDirectory]:
    return [d for d in CRD_DIRECTORIES if d.enabled(profile)]


def own_apps(profile: Profile) -> list[OwnApp]:
    return [a for a in OWN if a.enabled(profile)]


def footprints() -> dict[str, Footprint]:
    """Application name -> what its chart or CRD folder creates (the Helm and CRD-directory components)."""
    return {c.app: c.footprint for c in HELM + CRD_DIRECTORIES}


def crd_providers(profile: Profile) -> dict[str, str]:
    """API group -> the Application that installs its CRDs with this profile's values (`--skip-crds` honoured)."""
    providers: dict[str, str] = {}
    for c in helm_components(profile):
        for group_kind in installed_crds(c.footprint, c.values(profile), skip_crds=c.skip_crds):
            providers.setdefault(group_kind.split("/")[0], c.app)
    for d in crd_directories(profile):
        for group_kind in installed_crds(d.footprint, {}):
            providers.setdefault(group_kind.split("/")[0], d.app)
    return providers
