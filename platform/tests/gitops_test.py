"""App-of-apps: project, sync policy, pinned charts, paths and sync-wave order."""

from pathlib import Path

import pytest
from rendered import objects, tree

from urlplatform.config import load_profile
from urlplatform.components.registry import crd_providers

WAVE = "argocd.argoproj.io/sync-wave"


def apps(profile="homelab"):
    return {a["metadata"]["name"]: a for a in objects("apps", "Application", profile)}


def wave(app: dict) -> int:
    return int(app["metadata"]["annotations"][WAVE])


@pytest.mark.parametrize("profile", ["homelab", "kind"])
def test_every_app_is_automated_in_the_platform_project(profile):
    for name, app in apps(profile).items():
        spec = app["spec"]
        assert spec["project"] == "url-shortener", name
        auto = spec["syncPolicy"]["automated"]
        assert auto["prune"] is True and auto["selfHeal"] is True, name
        assert spec["syncPolicy"]["retry"]["backoff"]["factor"] == 2, name


def test_helm_apps_pinned_and_create_only_upstream_namespaces():
    own = {"secrets", "certificates", "data", "mesh", "observability", "shlink"}
    for name, app in apps().items():
        src, opts = app["spec"]["source"], app["spec"]["syncPolicy"]["syncOptions"]
        if name in own:
            assert "path" in src and "CreateNamespace=true" not in opts, name
        elif "path" in src:  # an upstream CRD folder at a commit: cluster-scoped only, no namespace to create
            assert len(src["targetRevision"]) == 40 and "CreateNamespace=true" not in opts, name
        else:
            assert src["targetRevision"][0].isdigit() or src["targetRevision"].startswith("v"), name
            if "CreateNamespace=true" in opts:
                labels = app["spec"]["syncPolicy"]["managedNamespaceMetadata"]["labels"]
                assert labels["pod-security.kubernetes.io/enforce"] in {"restricted", "baseline", "privileged"}
            else:  # a namespace shared with an earlier Helm app, which creates it
                ns = app["spec"]["destination"]["namespace"]
                owners = [o for o in apps().values() if o["spec"]["destination"]["namespace"] == ns
                          and "CreateNamespace=true" in o["spec"]["syncPolicy"]["syncOptions"]]
                assert len(owners) == 1 and wave(owners[0]) < wave(app), name


def test_large_crd_apps_use_server_side_apply():
    for name in ("kube-prometheus-stack", "istio-base", "pgo", "argocd"):
        assert "ServerSideApply=true" in apps()[name]["spec"]["syncPolicy"]["syncOptions"]


@pytest.mark.parametrize("profile", ["homelab", "kind"])
def test_every_path_exists_in_rendered_tree(profile):
    root = Path("platform/rendered") if profile == "homelab" else None
    root_app = objects("root", "Application", profile)[0]
    ours = root_app["spec"]["source"]["repoURL"]
    paths = [a["spec"]["source"]["path"] for a in apps(profile).values()
             if "path" in a["spec"]["source"] and a["spec"]["source"]["repoURL"] == ours]
    paths.append(objects("root", "Application", profile)[0]["spec"]["source"]["path"])
    for p in paths:
        app = p.rsplit("/", 1)[1]
        assert app in tree(profile), p
        if root:
            assert (Path(p)).is_dir(), f"{p} missing from the committed tree"


def test_project_restricts_sources_and_destinations():
    [proj] = objects("apps", "AppProject")
    assert proj["metadata"]["name"] != "default"
    used_repos = {a["spec"]["source"]["repoURL"] for a in apps().values()}
    assert set(proj["spec"]["sourceRepos"]) == used_repos
    dests = {d["namespace"] for d in proj["spec"]["destinations"]}
    assert {a["spec"]["destination"]["namespace"] for a in apps().values()} <= dests
    assert "*" not in dests


def test_crd_providers_sync_before_consumers():
    waves = {name: wave(a) for name, a in apps().items()}
    for app_name, objs in tree("homelab").items():
        if app_name not in waves:
            continue
        for o in objs:
            group = o["apiVersion"].split("/")[0] if "/" in o["apiVersion"] else ""
            provider = crd_providers(load_profile("homelab")).get(group)
            if provider and provider in waves:
                assert waves[provider] < waves[app_name], f"{app_name} uses {group} before {provider} syncs"


def test_istio_order_base_then_control_plane_then_gateway():
    w = {n: wave(a) for n, a in apps().items()}
    assert w["istio-base"] < w["istiod"] < w["istio-gateway"]
    assert w["istio-base"] < w["istio-cni"]
