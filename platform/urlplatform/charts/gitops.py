"""The app-of-apps: AppProject + one Application per component (`apps`), and the `root` Application."""

from __future__ import annotations

from cdk8s import Chart
from constructs import Construct

from urlplatform.names import (
    ARGOCD_NS,
    CERT_MANAGER_NS,
    DATA_NS,
    ESO_NS,
    INGRESS_NS,
    ISTIO_NS,
    MONITORING_NS,
    SHLINK_NS,
)
from urlplatform.charts.components import (
    COMPONENTS,
    CRD_DIRECTORIES,
    KEEP_ON_DELETE,
    OWN_APPS,
    HelmComponent,
    components_for,
)
from urlplatform.charts.footprints import FOOTPRINTS, Footprint, emitted
from urlplatform.config import Profile
from urlplatform.resources.argocd import HelmApplication, PathApplication, PlatformProject, argocd_repo_url
from urlplatform.resources.namespace import PSS_REASON, pss_labels

# Main destination namespace of each of our rendered apps.
OWN_APP_NAMESPACES = {"secrets": ESO_NS, "certificates": CERT_MANAGER_NS, "data": DATA_NS,
                      "mesh": ISTIO_NS, "observability": MONITORING_NS, "shlink": SHLINK_NS}


def own_apps(profile: Profile) -> dict[str, int]:
    return {a: w for a, w in OWN_APPS.items() if a != "secrets" or profile.uses_vault}


def namespace_owners(comps: list[HelmComponent], charts: dict) -> dict[str, str]:
    """Release namespace -> the one Helm app that creates it and sets its metadata: the earliest wave wins."""
    owners: dict[str, HelmComponent] = {}
    for c in comps:
        ns = charts[c.app].namespace
        if ns not in owners or c.wave < owners[ns].wave:
            owners[ns] = c
    return {ns: c.app for ns, c in owners.items()}


def namespace_labels(c: HelmComponent) -> dict:
    """PSS labels; injection off except where the chart's pods need the injector (it must not see `disabled`)."""
    return pss_labels(c.pss) | ({} if c.sidecar_injected else {"istio-injection": "disabled"})


def rendered_path(profile: Profile, app: str) -> str:
    return f"platform/rendered/{profile.name}/{app}"


def bootstrap_project(profile: Profile) -> str:
    """The project of the root Application: it must exist before root syncs, so root/ carries it."""
    return f"{profile.gitops.project}-bootstrap"


BOOTSTRAP_DIR = "bootstrap"  # not an ArgoCD app: what a human runs once (docs/bootstrap.md)


def argocd_component():
    [c] = [c for c in COMPONENTS if c.app == "argocd"]
    return c


def bootstrap_files(profile: Profile) -> dict[str, dict]:
    """`helm install` values for ArgoCD: exactly the values the `argocd` Application later adopts the release with.

    An `install.yaml` install cannot be adopted (the chart's Deployment selectors differ and are immutable), and
    without these values the Application health check that makes root's waves wait is missing.
    """
    return {f"{BOOTSTRAP_DIR}/argocd-values.yaml": argocd_component().values(profile)}


def side_effect_namespaces(app: str, values: dict, release_namespace: str) -> set[str]:
    """Namespaces a chart writes to besides its release namespace (e.g. kube-system), from FOOTPRINTS."""
    return {ns for _, ns in emitted(FOOTPRINTS.get(app, Footprint()), values, release_namespace)}


class AppsChart(Chart):
    """Everything the root Application syncs: the AppProject and the child Applications."""

    app_name = "apps"

    def __init__(self, scope: Construct, id: str, *, profile: Profile):
        super().__init__(scope, id, disable_resource_name_hashes=True)
        g = profile.gitops
        comps = components_for(profile)
        charts = {c.app: getattr(profile.charts, c.chart_key) for c in comps}
        values = {c.app: c.values(profile) for c in comps}
        namespaces = [ch.namespace for ch in charts.values()] + list(OWN_APP_NAMESPACES.values())
        namespaces += [ARGOCD_NS, INGRESS_NS, MONITORING_NS]
        # What the charts write outside their namespace (cert-manager's leader-election Role, the
        # kube-prometheus-stack CoreDNS Service in kube-system): ArgoCD rejects a whole sync otherwise.
        for c in comps:
            namespaces += side_effect_namespaces(c.app, values[c.app], charts[c.app].namespace)
        PlatformProject(self, "project", name=g.project, namespace=ARGOCD_NS,
                        source_repos=[g.repo_url] + [argocd_repo_url(ch.repo_url) for ch in charts.values()]
                        + [d.repo_url for d in CRD_DIRECTORIES],
                        destination_namespaces=namespaces)
        owners = namespace_owners(comps, charts)
        for c in comps:
            ch = charts[c.app]
            HelmApplication(self, c.app, name=c.app, namespace=ARGOCD_NS, project=g.project, repo_url=ch.repo_url,
                            chart=ch.chart, version=ch.version, release_namespace=ch.namespace,
                            values=values[c.app], wave=c.wave, server_side_apply=c.server_side_apply,
                            skip_crds=c.skip_crds, cascade_delete=c.cascade_delete,
                            ignore_differences=list(c.ignore_differences),
                            create_namespace=owners[ch.namespace] == c.app, namespace_labels=namespace_labels(c),
                            namespace_annotations={PSS_REASON: c.reason} if c.reason else None)
        for d in CRD_DIRECTORIES:
            PathApplication(self, d.app, name=d.app, namespace=ARGOCD_NS, project=g.project, repo_url=d.repo_url,
                            revision=d.revision, path=d.path, wave=d.wave, server_side_apply=True,
                            destination_namespace=getattr(profile.charts, d.chart_key).namespace)
        for app, wave in own_apps(profile).items():
            PathApplication(self, app, name=app, namespace=ARGOCD_NS, project=g.project, repo_url=g.repo_url,
                            revision=g.revision, path=rendered_path(profile, app), wave=wave,
                            destination_namespace=OWN_APP_NAMESPACES[app], cascade_delete=app not in KEEP_ON_DELETE)


class RootChart(Chart):
    """The root Application and its own AppProject, applied once by hand (`kubectl apply -f root/`).

    An Application whose project does not exist gets an InvalidSpecError condition and is never synced
    (argo-cd@v2.13.3 controller/appcontroller.go refreshAppConditions/projectErrorToCondition), so root
    cannot use the platform project that only `apps/` (which root syncs) creates. Its bootstrap project
    allows only what root syncs: Applications and AppProjects in the argocd namespace, from this repo.
    """

    app_name = "root"

    def __init__(self, scope: Construct, id: str, *, profile: Profile):
        super().__init__(scope, id, disable_resource_name_hashes=True)
        g = profile.gitops
        PlatformProject(self, "project", name=bootstrap_project(profile), namespace=ARGOCD_NS,
                        description="app-of-apps root: syncs the platform's Applications and AppProject",
                        source_repos=[g.repo_url], destination_namespaces=[ARGOCD_NS],
                        kinds=[("argoproj.io", "Application"), ("argoproj.io", "AppProject")])
        # No resources finalizer: deleting root by hand must not cascade into the whole platform.
        PathApplication(self, "root", name="root", namespace=ARGOCD_NS, project=bootstrap_project(profile),
                        repo_url=g.repo_url, revision=g.revision, path=rendered_path(profile, "apps"), wave=0,
                        destination_namespace=ARGOCD_NS, cascade_delete=False)
