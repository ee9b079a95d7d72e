"""Sync policy facts of argo-cd v2.13.3 the app-of-apps relies on, checked on every rendered Application.

- Retry: controller/appcontroller.go retries while `RetryCount < Limit || Limit < 0`; with a finite limit a wave
  blocked on a sealed Vault exhausts root's retries (10s doubling to 3m: about five minutes for limit 5) and
  auto-sync does not retry the same revision again.
- Finalizer: pkg/apis/application/v1alpha1/application_defaults.go ResourcesFinalizerName
  "resources-finalizer.argocd.argoproj.io" cascades deletion to the app's resources.
- RespectIgnoreDifferences: controller/sync.go normalizes the sync target with the ignored live fields only when
  the sync option `RespectIgnoreDifferences=true` is set.
- istiod flips its validating webhooks' failurePolicy from the charts' Ignore to Fail once ready
  (istio/istio@1.24.2 pkg/webhooks/validation/controller/controller.go; charts: manifests/charts/base/templates/
  defaultrevision-validatingwebhookconfiguration.yaml, istio-discovery/templates/validatingwebhookconfiguration.yaml).
- Helm `crds/` is never templated; spotahome/redis-operator@Chart-3.3.0 charts/redisoperator/crds/… holds
  `{{- with .Values.crds.annotations }}` lines, so `helm template --include-crds` output does not parse.
"""

import pytest
from rendered import objects

FINALIZER = "resources-finalizer.argocd.argoproj.io"
# Charts whose crds/ folder does not parse at that version (chart, version).
UNPARSEABLE_CRDS = {("redis-operator", "3.3.0")}


def _apps(profile):
    return {a["metadata"]["name"]: a for a in objects("apps", "Application", profile)}


def _root(profile):
    return objects("root", "Application", profile)[0]


@pytest.mark.parametrize("profile", ["homelab", "kind"])
def test_every_application_retries_forever_with_backoff(profile):
    for name, app in {**_apps(profile), "root": _root(profile)}.items():
        retry = app["spec"]["syncPolicy"]["retry"]
        assert retry["limit"] < 0, f"{name}: a finite retry limit gives up on a blocked wave"
        assert retry["backoff"]["factor"] > 1 and retry["backoff"]["maxDuration"], name


@pytest.mark.parametrize("profile", ["homelab", "kind"])
def test_cascade_delete_except_argocd_stateful_apps_and_root(profile):
    apps = _apps(profile)
    keep = {n for n, a in apps.items() if FINALIZER not in a["metadata"].get("finalizers", [])}
    assert {"argocd", "data"} <= keep, "deleting these from git must not delete ArgoCD itself or the databases"
    assert keep <= {"argocd", "data", "vault"}, f"unexpected apps without the resources finalizer: {keep}"
    assert FINALIZER not in _root(profile)["metadata"].get("finalizers", [])


@pytest.mark.parametrize("profile", ["homelab", "kind"])
def test_istio_webhook_failure_policy_drift_is_ignored_and_respected(profile):
    for name in ("istio-base", "istiod"):
        spec = _apps(profile)[name]["spec"]
        ignored = [d for d in spec.get("ignoreDifferences", [])
                   if d["kind"] == "ValidatingWebhookConfiguration" and d["group"] == "admissionregistration.k8s.io"]
        assert any(".failurePolicy" in e for d in ignored for e in d.get("jqPathExpressions", [])), name
        assert "RespectIgnoreDifferences=true" in spec["syncPolicy"]["syncOptions"], name


@pytest.mark.parametrize("profile", ["homelab", "kind"])
def test_unparseable_chart_crds_are_skipped_and_installed_server_side(profile):
    apps = _apps(profile)
    for name, app in apps.items():
        src = app["spec"]["source"]
        if (src.get("chart"), src.get("targetRevision")) in UNPARSEABLE_CRDS:
            assert src["helm"].get("skipCrds") is True, f"{name}: its crds/ does not parse; skip them"
    crd_dirs = [a for a in apps.values() if a["spec"]["source"].get("path", "").endswith("/crds")]
    assert crd_dirs, "the RedisFailover CRD must come from somewhere"
    for app in crd_dirs:
        assert "ServerSideApply=true" in app["spec"]["syncPolicy"]["syncOptions"], "CRDs above 256 KiB need SSA"
        assert len(app["spec"]["source"]["targetRevision"]) == 40, "pin the CRD folder to a commit"
