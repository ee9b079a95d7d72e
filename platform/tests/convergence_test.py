"""Convergence replay: a fresh cluster reaches a Healthy root under ArgoCD's rules (both profiles).

Each negative test re-breaks one defect the replay exists to catch, on a copy of the rendered tree, and
checks that the replay names the rule and the place (evidence in argocd_replay's docstring and
docs/upstream-contracts.md, "GitOps convergence").
"""

import copy

import pytest
import yaml
from argocd_replay import WAVE, ConvergenceError, Project, replay
from rendered import tree

from urlplatform.config import load_profile
from urlplatform.components.cert_manager import CERT_MANAGER
from urlplatform.components.footprint import emitted
from urlplatform.components.kube_prometheus_stack import KUBE_PROMETHEUS_STACK
from urlplatform.components.registry import footprints, own_apps

PROFILES = ["homelab", "kind"]


def _tree(profile="homelab") -> dict:
    return copy.deepcopy(tree(profile))


def _app(t: dict, name: str) -> dict:
    [app] = [o for o in t["apps"] if o["kind"] == "Application" and o["metadata"]["name"] == name]
    return app


def _failure(t: dict) -> ConvergenceError:
    with pytest.raises(ConvergenceError) as e:
        replay(t)
    return e.value


@pytest.mark.parametrize("profile", PROFILES)
def test_fresh_cluster_converges_wave_by_wave(profile):
    cluster = replay(_tree(profile))
    # Every child Application was synced in some wave, and everything the platform uses is served.
    synced = {a for line in cluster.log if line.startswith("wave ") for a in line.split(": ", 1)[1]
              .removesuffix(" Healthy").split(", ")}
    children = {o["metadata"]["name"] for o in tree(profile)["apps"] if o["kind"] == "Application"}
    assert children <= synced
    assert {a.namespace for a in own_apps(load_profile(profile))} <= cluster.namespaces


def test_root_whose_project_only_apps_creates_never_syncs():
    """Defect 1: root in the platform project, which only root's own sync would create."""
    t = _tree()
    [root] = [o for o in t["root"] if o["kind"] == "Application"]
    root["spec"]["project"] = _app(t, "argocd")["spec"]["project"]
    t["root"] = [root]
    err = _failure(t)
    assert (err.rule, err.app) == ("project-exists", "root")


def test_child_app_before_its_project_wave_never_syncs():
    t = _tree()
    [proj] = [o for o in t["apps"] if o["kind"] == "AppProject"]
    proj["metadata"]["annotations"][WAVE] = "100"
    err = _failure(t)
    assert err.rule == "project-exists" and err.app == "argocd"


@pytest.mark.parametrize("profile", PROFILES)
def test_project_without_kube_system_rejects_chart_side_effects(profile):
    """Defect 3: cert-manager's leader-election Role and the kube-prometheus-stack CoreDNS Service."""
    t = _tree(profile)
    [proj] = [o for o in t["apps"] if o["kind"] == "AppProject"]
    proj["spec"]["destinations"] = [d for d in proj["spec"]["destinations"] if d["namespace"] != "kube-system"]
    err = _failure(t)
    assert err.rule == "namespace-permitted" and "'kube-system'" in err.detail
    assert err.app in {"kube-prometheus-stack", "cert-manager"}


def test_mesh_before_the_app_that_creates_its_namespace_deadlocks():
    """Defect 4: mesh (VirtualService etc. in `shlink`) in a wave before `shlink` creates that namespace."""
    t = _tree()
    _app(t, "mesh")["metadata"]["annotations"][WAVE] = "5"
    _app(t, "shlink")["metadata"]["annotations"][WAVE] = "10"
    err = _failure(t)
    assert (err.rule, err.app, err.wave) == ("namespace-exists", "mesh", 5) and "'shlink'" in err.detail


def test_apps_in_one_wave_cannot_use_each_others_crds():
    """ServiceMonitors rendered by cert-manager's chart need kube-prometheus-stack's CRD from an earlier wave."""
    t = _tree()
    _app(t, "kube-prometheus-stack")["metadata"]["annotations"][WAVE] = _app(t, "cert-manager")["metadata"][
        "annotations"][WAVE]
    err = _failure(t)
    assert err.rule == "crd-exists" and "ServiceMonitor" in err.detail


def test_redisfailover_needs_the_separately_installed_crd():
    """Defect 2: the chart's own crds/ is skipped (it does not parse), so without the CRD folder app data fails."""
    t = _tree()
    t["apps"] = [o for o in t["apps"] if o["metadata"]["name"] != "redis-operator-crds"]
    err = _failure(t)
    assert (err.rule, err.app) == ("crd-exists", "data") and "RedisFailover" in err.detail


def test_root_project_admits_only_applications_and_projects():
    t = _tree()
    t["apps"].append({"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "stray", "namespace": "argocd"}})
    err = _failure(t)
    assert (err.rule, err.app) == ("kind-permitted", "root")


def test_project_whitelist_semantics():
    """argo-cd@v2.13.3 IsGroupKindPermitted: nil namespaced whitelist = all, empty = none; empty cluster = none."""
    open_ns = Project("p", ["*"], [], None)
    assert open_ns.kind_permitted("/ConfigMap", True) and not open_ns.kind_permitted("/Namespace", False)
    closed = Project("p", ["argocd"], [], [])
    assert not closed.kind_permitted("/ConfigMap", True)
    only_apps = Project("p", ["argocd"], [], [("argoproj.io", "Application")])
    assert only_apps.kind_permitted("argoproj.io/Application", True)
    assert not only_apps.kind_permitted("argoproj.io/AppProject", True)
    assert only_apps.namespace_permitted("argocd") and not only_apps.namespace_permitted("kube-system")


def test_side_effects_follow_the_values():
    """cert-manager's leader-election objects follow global.leaderElection.namespace (default kube-system)."""
    fp = CERT_MANAGER.footprint
    assert {ns for _, ns in emitted(fp, {}, "cert-manager")} == {"kube-system"}
    moved = {"global": {"leaderElection": {"namespace": "cert-manager"}}}
    assert {ns for _, ns in emitted(fp, moved, "cert-manager")} == {"cert-manager"}
    kps = KUBE_PROMETHEUS_STACK.footprint
    assert not emitted(kps, {k: {"enabled": False} for k in ("coreDns", "kubeControllerManager", "kubeEtcd",
                                                              "kubeScheduler", "kubeProxy")}, "monitoring")


def test_every_footprint_states_its_evidence():
    for app, fp in footprints().items():
        assert not fp.crds or "@" in fp.crds_evidence, app
        assert all("@" in e.evidence for e in fp.emits), app


def test_without_the_application_health_check_children_race_and_fail():
    """Waves gate on child health only through the argocd values' Application health check."""
    t = _tree()
    argocd = _app(t, "argocd")
    values = yaml.safe_load(argocd["spec"]["source"]["helm"]["values"])
    del values["configs"]["cm"]["resource.customizations.health.argoproj.io_Application"]
    argocd["spec"]["source"]["helm"]["values"] = yaml.safe_dump(values)
    err = _failure(t)
    assert err.rule in {"crd-exists", "namespace-exists"}


def test_external_secrets_need_their_store_first_and_admitted():
    t = _tree()
    _app(t, "secrets")["metadata"]["annotations"][WAVE] = _app(t, "data")["metadata"]["annotations"][WAVE]
    err = _failure(t)
    assert (err.rule, err.app) == ("store-exists", "data")
    t = _tree()
    [store] = t["secrets"]
    store["spec"]["conditions"] = [{"namespaces": ["shlink"]}]
    err = _failure(t)
    assert err.rule == "store-exists" and "'shlink-data'" in err.detail


def test_chart_objects_switched_on_by_values_are_replayed():
    """kiali-operator renders its Kiali CR into watchNamespace when cr.create: istio-system, made by a same-wave app."""
    t = _tree()
    kiali = _app(t, "kiali-operator")
    values = yaml.safe_load(kiali["spec"]["source"]["helm"]["values"])
    values["cr"] = {"create": True}
    kiali["spec"]["source"]["helm"]["values"] = yaml.safe_dump(values)
    err = _failure(t)
    assert (err.rule, err.app) == ("namespace-exists", "kiali-operator") and "kiali.io/Kiali" in err.detail
