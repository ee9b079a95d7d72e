"""ArgoCD Applications (Helm or git-directory source) and AppProjects."""

from __future__ import annotations

import yaml
from constructs import Construct

from urlplatform.resources.crd import Application, AppProject

IN_CLUSTER = "https://kubernetes.default.svc"
WAVE = "argocd.argoproj.io/sync-wave"
# argo-cd@v2.13.3 controller/appcontroller.go retries while `RetryCount < Limit || Limit < 0`: a negative
# limit retries forever, so a wave blocked by a sealed Vault resumes once Vault is unsealed.
RETRY = {"limit": -1, "backoff": {"duration": "10s", "factor": 2, "maxDuration": "3m"}}
# argo-cd@v2.13.3 pkg/apis/application/v1alpha1/application_defaults.go ResourcesFinalizerName: deleting the
# Application deletes its resources (cascade) instead of orphaning them.
RESOURCES_FINALIZER = "resources-finalizer.argocd.argoproj.io"


def sync_policy(*, create_namespace: bool, server_side_apply: bool, namespace_labels: dict | None = None,
                namespace_annotations: dict | None = None, respect_ignore_differences: bool = False) -> dict:
    """Automated prune + selfHeal with unlimited retry backoff; namespace creation only for upstream namespaces."""
    options = ["PruneLast=true", "ApplyOutOfSyncOnly=true"]
    if create_namespace:
        options.append("CreateNamespace=true")
    if server_side_apply:
        options.append("ServerSideApply=true")
    if respect_ignore_differences:
        options.append("RespectIgnoreDifferences=true")
    policy = {"automated": {"prune": True, "selfHeal": True, "allowEmpty": False}, "syncOptions": options,
              "retry": RETRY}
    if create_namespace and namespace_labels:
        policy["managedNamespaceMetadata"] = {"labels": dict(namespace_labels)}
        if namespace_annotations:
            policy["managedNamespaceMetadata"]["annotations"] = dict(namespace_annotations)
    return policy


def argocd_repo_url(repo_url: str) -> str:
    """ArgoCD names OCI Helm repositories without the `oci://` scheme."""
    return repo_url.removeprefix("oci://")


def _application(scope: Construct, *, name: str, namespace: str, project: str, wave: int, source: dict,
                 destination_namespace: str, sync: dict, cascade_delete: bool = False,
                 ignore_differences: list[dict] | None = None) -> None:
    spec = {"project": project, "source": source,
            "destination": {"server": IN_CLUSTER, "namespace": destination_namespace}, "syncPolicy": sync}
    if ignore_differences:
        spec["ignoreDifferences"] = [dict(d) for d in ignore_differences]
    finalizers = [RESOURCES_FINALIZER] if cascade_delete else None
    Application(scope, "app", name=name, namespace=namespace, annotations={WAVE: str(wave)},
                labels={"app.kubernetes.io/part-of": "url-shortener"}, spec=spec, finalizers=finalizers)


class HelmApplication(Construct):
    """An Application installing one Helm chart pinned to an exact version, values from Python."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, project: str, repo_url: str,
                 chart: str, version: str, release_namespace: str, values: dict, wave: int,
                 namespace_labels: dict, namespace_annotations: dict | None = None, server_side_apply: bool = False,
                 skip_crds: bool = False, cascade_delete: bool = True, ignore_differences: list[dict] | None = None,
                 create_namespace: bool = True):
        """`create_namespace=False` when another Application owns the release namespace (and its metadata)."""
        super().__init__(scope, id)
        helm = {"releaseName": name, "values": yaml.safe_dump(values, sort_keys=True)}
        if skip_crds:
            helm["skipCrds"] = True
        _application(self, name=name, namespace=namespace, project=project, wave=wave,
                     source={"repoURL": argocd_repo_url(repo_url), "chart": chart, "targetRevision": version,
                             "helm": helm},
                     destination_namespace=release_namespace, cascade_delete=cascade_delete,
                     ignore_differences=ignore_differences,
                     sync=sync_policy(create_namespace=create_namespace, server_side_apply=server_side_apply,
                                      namespace_labels=namespace_labels, namespace_annotations=namespace_annotations,
                                      respect_ignore_differences=bool(ignore_differences)))


class PathApplication(Construct):
    """An Application syncing one folder of a git repository (namespaces are rendered: not created)."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, project: str, repo_url: str,
                 revision: str, path: str, wave: int, destination_namespace: str, server_side_apply: bool = False,
                 cascade_delete: bool = True):
        super().__init__(scope, id)
        _application(self, name=name, namespace=namespace, project=project, wave=wave,
                     source={"repoURL": repo_url, "targetRevision": revision, "path": path},
                     destination_namespace=destination_namespace, cascade_delete=cascade_delete,
                     sync=sync_policy(create_namespace=False, server_side_apply=server_side_apply))


class PlatformProject(Construct):
    """An AppProject: only listed source repos and destination namespaces; kinds limited when `kinds` is given.

    `kinds` (group, kind) restricts namespaced resources and forbids every cluster-scoped one; without it every
    kind is allowed (argo-cd@v2.13.3 pkg/apis/application/v1alpha1/app_project_types.go IsGroupKindPermitted).
    """

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, source_repos: list[str],
                 destination_namespaces: list[str], description: str = "URL shortener platform",
                 kinds: list[tuple[str, str]] | None = None, wave: int = -100):
        super().__init__(scope, id)
        if kinds is None:
            cluster = [{"group": "*", "kind": "*"}]
            namespaced = [{"group": "*", "kind": "*"}]
        else:
            cluster, namespaced = [], [{"group": g, "kind": k} for g, k in kinds]
        AppProject(self, "project", name=name, namespace=namespace, annotations={WAVE: str(wave)},
                   spec={"description": description,
                         "sourceRepos": sorted(set(source_repos)),
                         "destinations": [{"server": IN_CLUSTER, "namespace": ns}
                                          for ns in sorted(set(destination_namespaces))],
                         "clusterResourceWhitelist": cluster,
                         "namespaceResourceWhitelist": namespaced,
                         "orphanedResources": {"warn": True}})
