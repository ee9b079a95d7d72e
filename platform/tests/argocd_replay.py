"""Replays ArgoCD v2.13.3's sync rules over a rendered tree, wave by wave, and names the first violated rule.

Nothing here can run ArgoCD, so the rules it applies on a fresh cluster are replayed instead (evidence in
docs/upstream-contracts.md, "GitOps convergence"):

- bootstrap: `helm install` of the argocd chart (its namespace and CRDs), then `kubectl apply -f root/`.
- `project-exists`: an Application whose project does not exist gets InvalidSpecError and is never synced
  (argo-cd@v2.13.3 controller/appcontroller.go refreshAppConditions, projectErrorToCondition).
- `destination-permitted`: the Application's destination namespace must be allowed by its project (same place,
  argo.ValidatePermissions).
- `namespace-permitted` / `kind-permitted`: before applying anything, every object's namespace and kind is
  checked against the project; one failure fails the whole sync (argo-cd@v2.13.3 controller/sync.go
  WithPermissionValidator; gitops-engine@bd7681ae3f8b pkg/sync/sync_context.go getSyncTasks).
- `namespace-exists`: a namespaced object needs its namespace: created by an earlier wave, by a Namespace in the
  same app, or by the app's own CreateNamespace=true (gitops-engine autoCreateNamespace) for its destination.
- `crd-exists`: a custom resource's kind must be served: its CRD from a strictly earlier wave, or in the same
  app (gitops-engine getSyncTasks hasCRDOfGroupKind; CRDs sort before custom resources).
- `store-exists`: an ExternalSecret becomes Ready (and its app Healthy) only when its ClusterSecretStore exists
  from an earlier wave and the store's `conditions` admit the ExternalSecret's namespace
  (external-secrets v0.12.1 ClusterSecretStore `spec.conditions`; argo-cd@v2.13.3
  resource_customizations/external-secrets.io/ExternalSecret/health.lua).
- `wave-healthy`: root's sync waits for every Application of a wave to be Healthy before the next wave, but only
  because the argocd values add an Application health check (argo-cd@v2.13.3 has none built in; without it all
  children race, which the replay models as one wave); a child that cannot sync stays Missing/Degraded, so the
  first violation inside any child blocks root forever. Apps in one wave see only earlier waves' results.

Helm Applications contribute what their chart creates according to their component's footprint, evaluated on the values in
the rendered Application; git-directory Applications outside this repo contribute their recorded CRDs.
"""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from dataclasses import dataclass, field

import yaml

from urlplatform.components.argocd import ARGOCD
from urlplatform.components.footprint import Footprint, emitted, installed_crds, value
from urlplatform.components.registry import footprints

WAVE = "argocd.argoproj.io/sync-wave"
APP_HEALTH_KEY = "resource.customizations.health.argoproj.io_Application"
UNGATED_WAVE = 10**6  # without health gating every child effectively syncs at once, after the projects
BUILTIN_NAMESPACES = frozenset({"default", "kube-system", "kube-public", "kube-node-lease"})
# API groups served by Kubernetes itself (no CRD needed).
BUILTIN_GROUPS = frozenset({"", "apps", "batch", "policy", "networking.k8s.io", "rbac.authorization.k8s.io",
                            "admissionregistration.k8s.io", "apiextensions.k8s.io", "autoscaling",
                            "storage.k8s.io", "coordination.k8s.io", "scheduling.k8s.io", "discovery.k8s.io"})
CLUSTER_SCOPED = frozenset({"/Namespace", "apiextensions.k8s.io/CustomResourceDefinition",
                            "rbac.authorization.k8s.io/ClusterRole", "rbac.authorization.k8s.io/ClusterRoleBinding",
                            "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
                            "admissionregistration.k8s.io/MutatingWebhookConfiguration",
                            "external-secrets.io/ClusterSecretStore", "cert-manager.io/ClusterIssuer",
                            "storage.k8s.io/StorageClass"})


class ConvergenceError(AssertionError):
    """The first rule a fresh install violates: `rule`, where (`app`, `wave`) and what."""

    def __init__(self, rule: str, app: str, wave: int | None, detail: str):
        self.rule, self.app, self.wave, self.detail = rule, app, wave, detail
        where = f"wave {wave}" if wave is not None else "root's sync, not wave-gated"
        super().__init__(f"[{rule}] app {app} ({where}): {detail}")


def group_kind(obj: dict) -> str:
    api = obj["apiVersion"]
    return f"{api.split('/')[0] if '/' in api else ''}/{obj['kind']}"


def wave_of(obj: dict) -> int:
    return int(obj.get("metadata", {}).get("annotations", {}).get(WAVE, "0"))


@dataclass
class Project:
    """The parts of an AppProject that gate a sync (argo-cd@v2.13.3 app_project_types.go)."""

    name: str
    destinations: list[str]
    cluster_whitelist: list[tuple[str, str]]
    namespaced_whitelist: list[tuple[str, str]] | None

    @classmethod
    def from_object(cls, obj: dict) -> Project:
        spec = obj["spec"]
        nsw = spec.get("namespaceResourceWhitelist")
        return cls(name=obj["metadata"]["name"],
                   destinations=[d.get("namespace", "") for d in spec.get("destinations", [])],
                   cluster_whitelist=[(r["group"], r["kind"]) for r in spec.get("clusterResourceWhitelist") or []],
                   namespaced_whitelist=None if nsw is None else [(r["group"], r["kind"]) for r in nsw])

    def namespace_permitted(self, ns: str) -> bool:
        return any(fnmatch.fnmatchcase(ns, pattern) for pattern in self.destinations)

    def kind_permitted(self, gk: str, namespaced: bool) -> bool:
        group, kind = gk.split("/", 1)
        match = lambda rules: any(fnmatch.fnmatchcase(group, g) and fnmatch.fnmatchcase(kind, k) for g, k in rules)  # noqa: E731
        if namespaced:
            return self.namespaced_whitelist is None or (bool(self.namespaced_whitelist)
                                                         and match(self.namespaced_whitelist))
        return bool(self.cluster_whitelist) and match(self.cluster_whitelist)


@dataclass(frozen=True)
class Obj:
    """One object an Application applies: "group/Kind", namespace ('' when cluster-scoped), name."""

    gk: str
    namespace: str
    name: str
    wave: int = 0
    body: dict | None = None


@dataclass
class Cluster:
    """What exists so far: namespaces, served custom kinds, AppProjects."""

    namespaces: set[str] = field(default_factory=lambda: set(BUILTIN_NAMESPACES))
    crds: set[str] = field(default_factory=set)
    projects: dict[str, Project] = field(default_factory=dict)
    log: list[str] = field(default_factory=list)
    stores: dict[str, list[str] | None] = field(default_factory=dict)  # ClusterSecretStore -> admitted namespaces


def _objects_of(tree: dict[str, list[dict]], folder: str) -> list[Obj]:
    out = []
    for o in tree.get(folder, []):
        gk = group_kind(o)
        ns = "" if gk in CLUSTER_SCOPED else o["metadata"].get("namespace", "")
        out.append(Obj(gk, ns, o["metadata"]["name"], wave_of(o), o))
    return out


FOOTPRINTS = footprints()

def helm_values(app: dict) -> dict:
    return yaml.safe_load(app["spec"]["source"].get("helm", {}).get("values") or "{}") or {}


def app_objects(app: dict, tree: dict[str, list[dict]], repo_url: str) -> list[Obj]:
    """Objects an Application applies: a rendered folder of this repo, or what its chart/CRD folder creates."""
    name, src = app["metadata"]["name"], app["spec"]["source"]
    dest = app["spec"]["destination"]["namespace"]
    fp = FOOTPRINTS.get(name, Footprint())
    if "chart" in src:
        values = helm_values(app)
        crds = installed_crds(fp, values, skip_crds=bool(src.get("helm", {}).get("skipCrds")))
        objs = [Obj("apiextensions.k8s.io/CustomResourceDefinition", "", c) for c in sorted(crds)]
        objs += [Obj(gk, "" if gk in CLUSTER_SCOPED else ns, f"(rendered by chart {name})")
                 for gk, ns in emitted(fp, values, dest)]
        objs.append(Obj("apps/Deployment", dest, name))  # the chart's own workload in its release namespace
        return objs
    if src["repoURL"] == repo_url:
        return _objects_of(tree, src["path"].rstrip("/").rsplit("/", 1)[1])
    return [Obj("apiextensions.k8s.io/CustomResourceDefinition", "", c) for c in sorted(fp.crds)]


def _served_by(objs: list[Obj]) -> set[str]:
    """Custom kinds whose CRD is among `objs` (names recorded as "group/Kind" by app_objects, or real CRDs)."""
    out = set()
    for o in objs:
        if o.gk != "apiextensions.k8s.io/CustomResourceDefinition":
            continue
        if o.body:
            spec = o.body["spec"]
            out.add(f"{spec['group']}/{spec['names']['kind']}")
        else:
            out.add(o.name)
    return out


def sync_app(cluster: Cluster, app: dict, objs: list[Obj], *, wave: int | None) -> Cluster:
    """Check one Application's sync against `cluster` as it was before its wave; return what it adds."""
    name, spec = app["metadata"]["name"], app["spec"]
    fail = lambda rule, detail: ConvergenceError(rule, name, wave, detail)  # noqa: E731
    proj = cluster.projects.get(spec["project"])
    if proj is None:
        raise fail("project-exists", f"project {spec['project']!r} does not exist when the app syncs "
                                     f"(known: {sorted(cluster.projects) or 'none'}); InvalidSpecError, never synced")
    dest = spec["destination"]["namespace"]
    if not proj.namespace_permitted(dest):
        raise fail("destination-permitted", f"destination namespace {dest!r} is not allowed by project {proj.name!r}")
    create_ns = "CreateNamespace=true" in spec.get("syncPolicy", {}).get("syncOptions", [])
    own_namespaces = {o.name for o in objs if o.gk == "/Namespace"} | ({dest} if create_ns else set())
    own_crds = _served_by(objs)
    for o in objs:
        namespaced = o.namespace != ""
        if not proj.kind_permitted(o.gk, namespaced):
            raise fail("kind-permitted", f"{o.gk} {o.name} is not permitted in project {proj.name!r}")
        if namespaced and not proj.namespace_permitted(o.namespace):
            raise fail("namespace-permitted", f"{o.gk} {o.name}: namespace {o.namespace!r} is not permitted in "
                                              f"project {proj.name!r}; the whole sync is rejected")
        if namespaced and o.namespace not in cluster.namespaces | own_namespaces:
            raise fail("namespace-exists", f"{o.gk} {o.name}: namespace {o.namespace!r} does not exist yet "
                                           "(not created by an earlier wave, by this app, or by CreateNamespace)")
        group = o.gk.split("/", 1)[0]
        if group not in BUILTIN_GROUPS and o.gk not in cluster.crds | own_crds:
            raise fail("crd-exists", f"{o.gk} {o.name}: no CRD for {o.gk} from an earlier wave or this app")
        if o.gk == "external-secrets.io/ExternalSecret" and o.body:
            ref = o.body["spec"]["secretStoreRef"]
            if ref.get("kind") == "ClusterSecretStore":
                if ref["name"] not in cluster.stores:
                    raise fail("store-exists", f"ExternalSecret {o.namespace}/{o.name}: ClusterSecretStore "
                                               f"{ref['name']!r} is not created by an earlier wave")
                admitted = cluster.stores[ref["name"]]
                if admitted is not None and o.namespace not in admitted:
                    raise fail("store-exists", f"ExternalSecret {o.namespace}/{o.name}: ClusterSecretStore "
                                               f"{ref['name']!r} does not admit namespace {o.namespace!r}")
    added = Cluster(namespaces=own_namespaces | {o.namespace for o in objs if o.namespace}, crds=own_crds)
    added.projects = {o.name: Project.from_object(o.body) for o in objs if o.gk == "argoproj.io/AppProject"}
    added.stores = {o.name: _admitted(o.body) for o in objs if o.gk == "external-secrets.io/ClusterSecretStore"}
    return added


def _admitted(store: dict) -> list[str] | None:
    """Namespaces a ClusterSecretStore's `conditions` name (None: no conditions, every namespace)."""
    conditions = store["spec"].get("conditions")
    if not conditions:
        return None
    return [ns for c in conditions for ns in c.get("namespaces", [])]


def _merge(into: Cluster, more: Cluster) -> None:
    into.namespaces |= more.namespaces
    into.crds |= more.crds
    into.projects |= more.projects
    into.stores |= more.stores


def replay(tree: dict[str, list[dict]], *, argocd_namespace: str = "argocd") -> Cluster:
    """Bootstrap, then sync root wave by wave; raise ConvergenceError at the first violated rule."""
    cluster = Cluster()
    children = {o["metadata"]["name"]: o for o in tree["apps"] if o["kind"] == "Application"}
    [root] = [o for o in tree["root"] if o["kind"] == "Application"]
    repo_url = root["spec"]["source"]["repoURL"]
    # 1. helm install of the argocd chart with the values its Application carries: namespace + CRDs.
    argocd = children.get("argocd")
    cluster.namespaces.add(argocd_namespace)
    cluster.crds |= installed_crds(ARGOCD.footprint, helm_values(argocd) if argocd else {})
    cluster.log.append(f"bootstrap: helm install argocd -> crds {sorted(cluster.crds)}")
    # 2. kubectl apply -f root/: AppProjects first matter only by existence; the Application is then synced.
    for o in tree["root"]:
        if o["kind"] == "AppProject":
            cluster.projects[o["metadata"]["name"]] = Project.from_object(o)
    cluster.log.append(f"bootstrap: kubectl apply root/ -> projects {sorted(cluster.projects)}")
    # 3. root syncs apps/ wave by wave; each Application object, once applied, syncs its own content.
    root_objs = _objects_of(tree, root["spec"]["source"]["path"].rstrip("/").rsplit("/", 1)[1])
    sync_app(cluster, root, root_objs, wave=None)  # whole-sync permission checks come first
    # Without an Application health check (none is built in at v2.13.3) an applied Application counts as
    # healthy at once: root does not wait for a child to converge, so every child races the others.
    gated = APP_HEALTH_KEY in (value(helm_values(argocd), "configs.cm", {}) if argocd else {})
    if not gated:
        cluster.log.append("no Application health check in the argocd values: waves do not wait for children")
    by_wave: dict[int, list[Obj]] = defaultdict(list)
    for o in root_objs:
        by_wave[o.wave if gated or o.gk != "argoproj.io/Application" else UNGATED_WAVE].append(o)
    for wave in sorted(by_wave):
        before = Cluster(set(cluster.namespaces), set(cluster.crds), dict(cluster.projects),
                         stores=dict(cluster.stores))
        added = Cluster(set(), set(), {})
        for o in by_wave[wave]:
            if o.gk == "argoproj.io/AppProject":
                added.projects[o.name] = Project.from_object(o.body)
        _merge(before, Cluster(set(), set(), added.projects))  # projects are plain objects: present at once
        for o in sorted(by_wave[wave], key=lambda o: o.name):
            if o.gk == "argoproj.io/Application":
                _merge(added, sync_app(before, o.body, app_objects(o.body, tree, repo_url),
                                       wave=wave if wave != UNGATED_WAVE else None))
        _merge(cluster, added)
        apps = sorted(o.name for o in by_wave[wave] if o.gk == "argoproj.io/Application")
        cluster.log.append(f"wave {wave}: {', '.join(apps) or 'projects only'} Healthy")
    return cluster
