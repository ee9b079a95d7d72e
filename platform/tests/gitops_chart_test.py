"""The gitops charts alone, from the fixture site: `apps` (the AppProject and one Application per component of the
registry) and `root` (the app-of-apps entry, with its own bootstrap project).

AppsChart and RootChart take no components as arguments: they read the registry. The "follows its component"
test therefore swaps components in the registry (monkeypatch) and builds AppsChart alone. Whole-tree facts (each
path Application's folder is a rendered app, CRDs before their users, namespaces before their objects, sync
policy semantics) are in gitops_test, invariants_tree_test and gitops_sync_policy_test."""

import dataclasses

import pytest
from chart_fixture import kinds, one, site, synth

from urlplatform.charts.gitops import AppsChart, RootChart
from urlplatform.components import istio, registry
from urlplatform.components.argocd import ARGOCD
from urlplatform.components.data import DATA
from urlplatform.components.pgo import PGO
from urlplatform.resources.argocd import WAVE

PROFILES = {"vault": site(), "test-secrets": site(secrets_backend="test-secrets")}


def apps(profile) -> dict[str, dict]:
    return {a["metadata"]["name"]: a for a in kinds(synth(AppsChart, profile=profile), "Application")}


def wave(app: dict) -> int:
    return int(app["metadata"]["annotations"][WAVE])


@pytest.mark.parametrize("backend", PROFILES)
def test_one_automated_application_per_enabled_component_in_the_profiles_project(backend):
    p = PROFILES[backend]
    enabled = {c.app for c in registry.ALL if c.enabled(p)}
    found = apps(p)
    assert set(found) == enabled
    for name, app in found.items():
        assert app["metadata"]["namespace"] == ARGOCD.namespace, name
        assert app["spec"]["project"] == p.gitops.project, name
        auto = app["spec"]["syncPolicy"]["automated"]
        assert auto["prune"] is True and auto["selfHeal"] is True, name


def test_helm_apps_pinned_own_apps_from_the_profiles_repository():
    p = site()
    found = apps(p)
    for c in registry.helm_components(p):
        src = found[c.app]["spec"]["source"]
        assert (src["chart"], src["targetRevision"]) == (c.chart.chart, c.chart.version), c.app
        assert src["helm"]["releaseName"] == c.release, c.app
    for a in registry.own_apps(p):
        src, opts = found[a.app]["spec"]["source"], found[a.app]["spec"]["syncPolicy"]["syncOptions"]
        assert (src["repoURL"], src["targetRevision"]) == (p.gitops.repo_url, p.gitops.revision), a.app
        assert src["path"].split("/")[-2:] == [p.name, a.app], a.app
        assert "CreateNamespace=true" not in opts, f"{a.app} renders its own Namespace objects"
    for d in registry.crd_directories(p):
        src = found[d.app]["spec"]["source"]
        assert len(src["targetRevision"]) == 40 and "CreateNamespace=true" not in found[d.app]["spec"]["syncPolicy"][
            "syncOptions"], d.app


def test_each_shared_namespace_is_created_once_by_its_earliest_helm_app():
    found = apps(site())
    creators: dict[str, list[dict]] = {}
    for app in found.values():
        if "CreateNamespace=true" in app["spec"]["syncPolicy"]["syncOptions"]:
            creators.setdefault(app["spec"]["destination"]["namespace"], []).append(app)
            labels = app["spec"]["syncPolicy"]["managedNamespaceMetadata"]["labels"]
            assert labels["pod-security.kubernetes.io/enforce"] in {"restricted", "baseline", "privileged"}
    for ns, apps_there in creators.items():
        assert len(apps_there) == 1, f"{ns} created by {[a['metadata']['name'] for a in apps_there]}"
    for app in found.values():
        ns = app["spec"]["destination"]["namespace"]
        if "chart" in app["spec"]["source"] and ns in creators and creators[ns][0] is not app:
            assert wave(creators[ns][0]) < wave(app), app["metadata"]["name"]


def test_server_side_apply_where_the_component_asks():
    p = site()
    found = apps(p)
    for c in registry.helm_components(p):
        opts = found[c.app]["spec"]["syncPolicy"]["syncOptions"]
        assert ("ServerSideApply=true" in opts) == c.server_side_apply, c.app
    for d in registry.crd_directories(p):  # large CRDs: the last-applied annotation cannot hold them
        assert "ServerSideApply=true" in found[d.app]["spec"]["syncPolicy"]["syncOptions"], d.app


def test_project_allows_exactly_the_sources_and_no_wildcard_destination():
    p = site()
    objs = synth(AppsChart, profile=p)
    proj = one(objs, "AppProject")
    assert proj["metadata"]["name"] == p.gitops.project != "default"
    used = {a["spec"]["source"]["repoURL"] for a in kinds(objs, "Application")}
    assert set(proj["spec"]["sourceRepos"]) == used
    dests = {d["namespace"] for d in proj["spec"]["destinations"]}
    assert {a["spec"]["destination"]["namespace"] for a in kinds(objs, "Application")} <= dests and "*" not in dests


def test_istio_order_base_then_control_plane_then_gateway():
    w = {n: wave(a) for n, a in apps(site()).items()}
    assert w[istio.ISTIO_BASE.app] < w[istio.ISTIOD.app] < w[istio.ISTIO_GATEWAY.app]
    assert w[istio.ISTIO_BASE.app] < w[istio.ISTIO_CNI.app]


def test_root_syncs_the_apps_folder_of_this_profile_under_its_own_project():
    p = site()
    objs = synth(RootChart, profile=p)
    root, proj = one(objs, "Application"), one(objs, "AppProject")
    src = root["spec"]["source"]
    assert (src["repoURL"], src["targetRevision"]) == (p.gitops.repo_url, p.gitops.revision)
    assert src["path"].split("/")[-2:] == [p.name, "apps"]
    assert root["spec"]["project"] == proj["metadata"]["name"] != p.gitops.project
    assert proj["spec"]["sourceRepos"] == [p.gitops.repo_url]
    assert "finalizers" not in root["metadata"], "deleting root by hand must not cascade into the platform"


def test_follows_the_components_of_the_registry(monkeypatch):
    """Swap a Helm component and an own app for copies elsewhere (namespace, wave, chart version): their
    Applications and the project's destinations follow, and the old namespaces are gone unless still used."""
    p = site()
    pgo = dataclasses.replace(PGO, namespace="pg-ops", wave=-7,
                              chart=dataclasses.replace(PGO.chart, version="9.8.7"))
    data = dataclasses.replace(DATA, namespace="kv-store", wave=3)
    monkeypatch.setattr(registry, "HELM", tuple(pgo if c is PGO else c for c in registry.HELM))
    monkeypatch.setattr(registry, "OWN", tuple(data if c is DATA else c for c in registry.OWN))
    objs = synth(AppsChart, profile=p)
    found = {a["metadata"]["name"]: a for a in kinds(objs, "Application")}
    assert found[pgo.app]["spec"]["destination"]["namespace"] == pgo.namespace
    assert wave(found[pgo.app]) == pgo.wave and found[pgo.app]["spec"]["source"]["targetRevision"] == pgo.chart.version
    assert found[data.app]["spec"]["destination"]["namespace"] == data.namespace and wave(found[data.app]) == data.wave
    dests = {d["namespace"] for d in one(objs, "AppProject")["spec"]["destinations"]}
    assert {pgo.namespace, data.namespace} <= dests
    assert not {PGO.namespace, DATA.namespace} & dests


def test_adding_a_component_is_one_module_and_one_registry_entry(monkeypatch):
    """What docs/how-to-add-a-component.md promises: a new HelmComponent in `registry.HELM` gets its Application
    (pin, wave, release namespace created with its Pod Security labels and reason), the project's source
    repository and destination, and becomes the provider of the CRD groups its footprint installs."""
    from urlplatform.components.base import ChartPin, HelmComponent
    from urlplatform.components.footprint import Footprint
    from urlplatform.resources.namespace import PSS_REASON

    demo = HelmComponent(
        app="demo", namespace="demo-system", wave=-12, pss="baseline", reason="the demo chart sets no seccomp",
        chart=ChartPin(repo_url="https://charts.example.test", chart="demo-chart", version="0.1.2"),
        values=lambda p: {"replicas": len(p.cluster.nodes)},
        footprint=Footprint(crds=("demo.example.test/Widget",), crds_evidence="example/demo@v0.1.2:crds/"))
    monkeypatch.setattr(registry, "HELM", registry.HELM + (demo,))
    p = site()
    objs = synth(AppsChart, profile=p)
    app = {a["metadata"]["name"]: a for a in kinds(objs, "Application")}[demo.app]
    src = app["spec"]["source"]
    assert (src["repoURL"], src["chart"], src["targetRevision"]) == (demo.chart.repo_url, demo.chart.chart,
                                                                     demo.chart.version)
    assert src["helm"]["releaseName"] == demo.release and wave(app) == demo.wave
    assert app["spec"]["destination"]["namespace"] == demo.namespace
    sync = app["spec"]["syncPolicy"]
    assert "CreateNamespace=true" in sync["syncOptions"]
    meta = sync["managedNamespaceMetadata"]
    assert meta["labels"]["pod-security.kubernetes.io/enforce"] == demo.pss
    assert meta["annotations"][PSS_REASON] == demo.reason
    project = one(objs, "AppProject")["spec"]
    assert demo.chart.repo_url in project["sourceRepos"]
    assert demo.namespace in {d["namespace"] for d in project["destinations"]}
    assert registry.crd_providers(p)["demo.example.test"] == demo.app
