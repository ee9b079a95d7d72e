"""Kiali operator; the `Kiali` resource itself is rendered by the observability app into istiod's namespace."""

from __future__ import annotations

from urlplatform.components import istio
from urlplatform.components.base import ChartPin, HelmComponent
from urlplatform.components.footprint import Emits, Footprint
from urlplatform.config import Profile

# Kiali runs beside istiod.
KIALI_NAMESPACE = istio.NAMESPACE


def values(p: Profile) -> dict:
    return {"cr": {"create": False}, "watchNamespace": KIALI_NAMESPACE}


KIALI_OPERATOR = HelmComponent(
    app="kiali-operator", namespace="kiali-operator", wave=-20, pss="baseline",
    reason="the operator image runs Ansible without a seccompProfile",
    chart=ChartPin(repo_url="https://kiali.org/helm-charts", chart="kiali-operator", version="2.4.0"),
    values=values,
    footprint=Footprint(
        crds=("kiali.io/Kiali",),
        crds_evidence="kiali/helm-charts@v2.4.0:kiali-operator/crds/crds.yaml",
        emits=(Emits("kiali.io/Kiali", namespace_value="watchNamespace", when=(("cr.create", False),),
                     evidence="kiali/helm-charts@v2.4.0:kiali-operator/templates/kiali-cr.yaml (in watchNamespace, "
                              "else cr.namespace, else the release namespace)"),)))
