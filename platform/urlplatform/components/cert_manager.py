"""cert-manager: CRDs, controller and webhook; the issuers and certificates are the `certificates` app."""

from __future__ import annotations

from urlplatform.components.base import ChartPin, HelmComponent
from urlplatform.components.footprint import SERVICE_MONITOR, Emits, Footprint
from urlplatform.config import Profile


def values(p: Profile) -> dict:
    return {"crds": {"enabled": True, "keep": True}, "replicaCount": 2, "prometheus": {"servicemonitor": {"enabled": True}}}


CERT_MANAGER = HelmComponent(
    app="cert-manager", namespace="cert-manager", wave=-20,
    chart=ChartPin(repo_url="https://charts.jetstack.io", chart="cert-manager", version="v1.16.2"),
    values=values,
    footprint=Footprint(
        crds=("cert-manager.io/Certificate", "cert-manager.io/ClusterIssuer", "cert-manager.io/Issuer",
              "cert-manager.io/CertificateRequest", "acme.cert-manager.io/Order", "acme.cert-manager.io/Challenge"),
        crds_evidence="cert-manager/cert-manager@v1.16.2:deploy/crds/ (chart templates when crds.enabled)",
        crds_when=(("crds.enabled", False),),
        emits=(
            Emits("rbac.authorization.k8s.io/Role", namespace="kube-system",
                  namespace_value="global.leaderElection.namespace",
                  evidence="cert-manager/cert-manager@v1.16.2:deploy/charts/cert-manager/templates/rbac.yaml and "
                           "cainjector-rbac.yaml (namespace global.leaderElection.namespace, default kube-system "
                           "in values.yaml)"),
            Emits("rbac.authorization.k8s.io/RoleBinding", namespace="kube-system",
                  namespace_value="global.leaderElection.namespace",
                  evidence="cert-manager/cert-manager@v1.16.2:deploy/charts/cert-manager/templates/rbac.yaml"),
            Emits(SERVICE_MONITOR, namespace_value="prometheus.servicemonitor.namespace",
                  when=(("prometheus.enabled", True), ("prometheus.servicemonitor.enabled", False)),
                  evidence="cert-manager/cert-manager@v1.16.2:deploy/charts/cert-manager/templates/servicemonitor.yaml"),
        )))
