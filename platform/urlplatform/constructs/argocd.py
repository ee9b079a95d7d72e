"""ArgoCD Applications (Helm or rendered-path source) and the platform AppProject."""

from __future__ import annotations

import yaml
from constructs import Construct

from urlplatform.constructs.crd import Application, AppProject

IN_CLUSTER = "https://kubernetes.default.svc"
WAVE = "argocd.argoproj.io/sync-wave"
RETRY = {"limit": 5, "backoff": {"duration": "10s", "factor": 2, "maxDuration": "3m"}}


def sync_policy(*, create_namespace: bool, server_side_apply: bool, namespace_labels: dict | None = None,
                namespace_annotations: dict | None = None) -> dict:
    """Automated prune + selfHeal with retry backoff; namespace creation only for upstream namespaces."""
    options = ["PruneLast=true", "ApplyOutOfSyncOnly=true"]
    if create_namespace:
        options.append("CreateNamespace=true")
    if server_side_apply:
        options.append("ServerSideApply=true")
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
                 destination_namespace: str, sync: dict) -> None:
    Application(scope, "app", name=name, namespace=namespace, annotations={WAVE: str(wave)},
                labels={"app.kubernetes.io/part-of": "url-shortener"},
                spec={"project": project, "source": source,
                      "destination": {"server": IN_CLUSTER, "namespace": destination_namespace},
                      "syncPolicy": sync})


class HelmApplication(Construct):
    """An Application installing one Helm chart pinned to an exact version, values from Python."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, project: str, repo_url: str,
                 chart: str, version: str, release_namespace: str, values: dict, wave: int,
                 namespace_labels: dict, namespace_annotations: dict | None = None, server_side_apply: bool = False):
        super().__init__(scope, id)
        _application(self, name=name, namespace=namespace, project=project, wave=wave,
                     source={"repoURL": argocd_repo_url(repo_url), "chart": chart, "targetRevision": version,
                             "helm": {"releaseName": name, "values": yaml.safe_dump(values, sort_keys=True)}},
                     destination_namespace=release_namespace,
                     sync=sync_policy(create_namespace=True, server_side_apply=server_side_apply,
                                      namespace_labels=namespace_labels, namespace_annotations=namespace_annotations))


class PathApplication(Construct):
    """An Application syncing one folder of this repo's rendered tree (namespaces are ours: not created)."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, project: str, repo_url: str,
                 revision: str, path: str, wave: int, destination_namespace: str):
        super().__init__(scope, id)
        _application(self, name=name, namespace=namespace, project=project, wave=wave,
                     source={"repoURL": repo_url, "targetRevision": revision, "path": path},
                     destination_namespace=destination_namespace,
                     sync=sync_policy(create_namespace=False, server_side_apply=False))


class PlatformProject(Construct):
    """The AppProject every Application uses: only our repo and pinned chart repos, only listed namespaces."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, source_repos: list[str],
                 destination_namespaces: list[str]):
        super().__init__(scope, id)
        AppProject(self, "project", name=name, namespace=namespace, annotations={WAVE: "-100"},
                   spec={"description": "URL shortener platform",
                         "sourceRepos": sorted(set(source_repos)),
                         "destinations": [{"server": IN_CLUSTER, "namespace": ns}
                                          for ns in sorted(set(destination_namespaces))],
                         "clusterResourceWhitelist": [{"group": "*", "kind": "*"}],
                         "namespaceResourceWhitelist": [{"group": "*", "kind": "*"}],
                         "orphanedResources": {"warn": True}})
