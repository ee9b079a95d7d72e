"""The app-of-apps: AppProject + one Application per component (`apps`), and the `root` Application."""

from __future__ import annotations

from cdk8s import Chart
from constructs import Construct

from urlplatform import names as n
from urlplatform.charts.components import OWN_APPS, components_for
from urlplatform.config import Profile
from urlplatform.constructs.argocd import HelmApplication, PathApplication, PlatformProject, argocd_repo_url
from urlplatform.constructs.namespace import PSS_REASON, pss_labels

# Main destination namespace of each of our rendered apps.
OWN_APP_NAMESPACES = {"secrets": n.ESO_NS, "certificates": n.CERT_MANAGER_NS, "data": n.DATA_NS,
                      "mesh": n.ISTIO_NS, "observability": n.MONITORING_NS, "shlink": n.SHLINK_NS}


def own_apps(profile: Profile) -> dict[str, int]:
    return {a: w for a, w in OWN_APPS.items() if a != "secrets" or profile.uses_vault}


def rendered_path(profile: Profile, app: str) -> str:
    return f"platform/rendered/{profile.name}/{app}"


class AppsChart(Chart):
    """Everything the root Application syncs: the AppProject and the child Applications."""

    app_name = "apps"

    def __init__(self, scope: Construct, id: str, *, profile: Profile):
        super().__init__(scope, id, disable_resource_name_hashes=True)
        g = profile.gitops
        comps = components_for(profile)
        charts = {c.app: getattr(profile.charts, c.chart_key) for c in comps}
        namespaces = [ch.namespace for ch in charts.values()] + list(OWN_APP_NAMESPACES.values())
        namespaces += [n.ARGOCD_NS, n.INGRESS_NS, n.MONITORING_NS]
        PlatformProject(self, "project", name=g.project, namespace=n.ARGOCD_NS,
                        source_repos=[g.repo_url] + [argocd_repo_url(ch.repo_url) for ch in charts.values()],
                        destination_namespaces=namespaces)
        for c in comps:
            ch = charts[c.app]
            HelmApplication(self, c.app, name=c.app, namespace=n.ARGOCD_NS, project=g.project, repo_url=ch.repo_url,
                            chart=ch.chart, version=ch.version, release_namespace=ch.namespace,
                            values=c.values(profile), wave=c.wave, server_side_apply=c.server_side_apply,
                            namespace_labels=pss_labels(c.pss) | {"istio-injection": "disabled"},
                            namespace_annotations={PSS_REASON: c.reason} if c.reason else None)
        for app, wave in own_apps(profile).items():
            PathApplication(self, app, name=app, namespace=n.ARGOCD_NS, project=g.project, repo_url=g.repo_url,
                            revision=g.revision, path=rendered_path(profile, app), wave=wave,
                            destination_namespace=OWN_APP_NAMESPACES[app])


class RootChart(Chart):
    """The root Application (applied once by hand) pointing at the `apps` folder."""

    app_name = "root"

    def __init__(self, scope: Construct, id: str, *, profile: Profile):
        super().__init__(scope, id, disable_resource_name_hashes=True)
        g = profile.gitops
        # The root app uses the project it creates; ArgoCD retries until the AppProject exists.
        PathApplication(self, "root", name="root", namespace=n.ARGOCD_NS, project=g.project, repo_url=g.repo_url,
                        revision=g.revision, path=rendered_path(profile, "apps"), wave=0,
                        destination_namespace=n.ARGOCD_NS)
