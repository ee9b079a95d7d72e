"""The app-of-apps: AppProject + one Application per component (`apps`), and the `root` Application."""

from __future__ import annotations

from cdk8s import Chart
from constructs import Construct

from urlplatform.components import registry
from urlplatform.components.argocd import ARGOCD
from urlplatform.components.base import HelmComponent
from urlplatform.components.footprint import emitted
from urlplatform.config import Profile
from urlplatform.resources.argocd import HelmApplication, PathApplication, PlatformProject, argocd_repo_url
from urlplatform.resources.namespace import ISTIO_INJECTION, PSS_REASON, pss_labels

ARGOCD_NS = ARGOCD.namespace  # where every Application and AppProject lives


def namespace_owners(comps: list[HelmComponent]) -> dict[str, str]:
    """Release namespace -> the one Helm app that creates it and sets its metadata: the earliest wave wins."""
    owners: dict[str, HelmComponent] = {}
    for c in comps:
        ns = c.namespace
        if ns not in owners or c.wave < owners[ns].wave:
            owners[ns] = c
    return {ns: c.app for ns, c in owners.items()}


def namespace_labels(c: HelmComponent) -> dict:
    """PSS labels; injection off except where the chart's pods need the injector (it must not see `disabled`)."""
    return pss_labels(c.pss) | ({} if c.sidecar_injected else {ISTIO_INJECTION: "disabled"})


def rendered_path(profile: Profile, app: str) -> str:
    return f"platform/rendered/{profile.name}/{app}"


def bootstrap_project(profile: Profile) -> str:
    """The project of the root Application: it must exist before root syncs, so root/ carries it."""
    return f"{profile.gitops.project}-bootstrap"


BOOTSTRAP_DIR = "bootstrap"  # not an ArgoCD app: what a human runs once (docs/bootstrap.md)


def bootstrap_files(profile: Profile) -> dict[str, dict]:
    """`helm install` values for ArgoCD: exactly the values the `argocd` Application later adopts the release with.

    An `install.yaml` install cannot be adopted (the chart's Deployment selectors differ and are immutable), and
    without these values the Application health check that makes root's waves wait is missing.
    """
    return {f"{BOOTSTRAP_DIR}/argocd-values.yaml": ARGOCD.values(profile)}


def side_effect_namespaces(c: HelmComponent, values: dict) -> set[str]:
    """Namespaces a chart writes to besides its release namespace (e.g. kube-system), from its footprint."""
    return {ns for _, ns in emitted(c.footprint, values, c.namespace)}


class AppsChart(Chart):
    """Everything the root Application syncs: the AppProject and the child Applications."""

    def __init__(self, scope: Construct, *, profile: Profile):
        super().__init__(scope, "apps", disable_resource_name_hashes=True)
        g = profile.gitops
        comps = registry.helm_components(profile)
        crd_dirs = registry.crd_directories(profile)
        values = {c.app: c.values(profile) for c in comps}
        # Every own app's namespace, including those of apps this profile leaves out.
        namespaces = [c.namespace for c in comps] + [a.namespace for a in registry.OWN]
        # What the charts write outside their namespace (cert-manager's leader-election Role, the
        # kube-prometheus-stack CoreDNS Service in kube-system): ArgoCD rejects a whole sync otherwise.
        for c in comps:
            namespaces += side_effect_namespaces(c, values[c.app])
        PlatformProject(self, "project", name=g.project, namespace=ARGOCD_NS,
                        source_repos=[g.repo_url] + [argocd_repo_url(c.chart.repo_url) for c in comps]
                        + [d.repo_url for d in crd_dirs],
                        destination_namespaces=namespaces)
        owners = namespace_owners(comps)
        for c in comps:
            HelmApplication(self, c.app, name=c.app, namespace=ARGOCD_NS, project=g.project, repo_url=c.chart.repo_url,
                            chart=c.chart.chart, version=c.chart.version, release_namespace=c.namespace,
                            values=values[c.app], wave=c.wave, server_side_apply=c.server_side_apply,
                            skip_crds=c.skip_crds, cascade_delete=c.cascade_delete,
                            ignore_differences=list(c.ignore_differences),
                            create_namespace=owners[c.namespace] == c.app, namespace_labels=namespace_labels(c),
                            namespace_annotations={PSS_REASON: c.reason} if c.reason else None)
        for d in crd_dirs:
            PathApplication(self, d.app, name=d.app, namespace=ARGOCD_NS, project=g.project, repo_url=d.repo_url,
                            revision=d.revision, path=d.path, wave=d.wave, server_side_apply=True,
                            destination_namespace=d.namespace)
        for a in registry.own_apps(profile):
            PathApplication(self, a.app, name=a.app, namespace=ARGOCD_NS, project=g.project, repo_url=g.repo_url,
                            revision=g.revision, path=rendered_path(profile, a.app), wave=a.wave,
                            destination_namespace=a.namespace, cascade_delete=not a.keep_on_delete)


class RootChart(Chart):
    """The root Application and its own AppProject, applied once by hand (`kubectl apply -f root/`).

    An Application whose project does not exist gets an InvalidSpecError condition and is never synced
    (argo-cd@v2.13.3 controller/appcontroller.go refreshAppConditions/projectErrorToCondition), so root
    cannot use the platform project that only `apps/` (which root syncs) creates. Its bootstrap project
    allows only what root syncs: Applications and AppProjects in the argocd namespace, from this repo.
    """

    def __init__(self, scope: Construct, *, profile: Profile):
        super().__init__(scope, "root", disable_resource_name_hashes=True)
        g = profile.gitops
        PlatformProject(self, "project", name=bootstrap_project(profile), namespace=ARGOCD_NS,
                        description="app-of-apps root: syncs the platform's Applications and AppProject",
                        source_repos=[g.repo_url], destination_namespaces=[ARGOCD_NS],
                        kinds=[("argoproj.io", "Application"), ("argoproj.io", "AppProject")])
        # No resources finalizer: deleting root by hand must not cascade into the whole platform.
        PathApplication(self, "root", name="root", namespace=ARGOCD_NS, project=bootstrap_project(profile),
                        repo_url=g.repo_url, revision=g.revision, path=rendered_path(profile, "apps"), wave=0,
                        destination_namespace=ARGOCD_NS, cascade_delete=False)
