"""ArgoCD: installed once by hand with `helm install` (docs/bootstrap.md), then adopted by its own Application."""

from __future__ import annotations

from urlplatform.components.base import ChartPin, HelmComponent
from urlplatform.components.footprint import Footprint
from urlplatform.config import Profile


def values(p: Profile) -> dict:
    """ArgoCD manages itself; Application health is restored so sync waves wait for child apps."""
    health = ("hs = {}\nhs.status = \"Progressing\"\nhs.message = \"\"\n"
              "if obj.status ~= nil and obj.status.health ~= nil then\n"
              "  hs.status = obj.status.health.status\n"
              "  if obj.status.health.message ~= nil then hs.message = obj.status.health.message end\n"
              "end\nreturn hs\n")
    return {"configs": {"cm": {"resource.customizations.health.argoproj.io_Application": health}},
            "redis-ha": {"enabled": False}, "controller": {"replicas": 1}, "server": {"replicas": 2}}


ARGOCD = HelmComponent(
    app="argocd", namespace="argocd", wave=-30, pss="baseline",
    reason="argocd-redis and repo-server images are not all seccomp RuntimeDefault-clean upstream",
    chart=ChartPin(repo_url="https://argoproj.github.io/argo-helm", chart="argo-cd", version="7.7.21"),
    values=values, server_side_apply=True, cascade_delete=False,
    footprint=Footprint(
        crds=("argoproj.io/Application", "argoproj.io/AppProject", "argoproj.io/ApplicationSet"),
        crds_evidence="argoproj/argo-helm@argo-cd-7.7.21:charts/argo-cd/templates/crds/ (crds.install default true)",
        crds_when=(("crds.install", True),)))
