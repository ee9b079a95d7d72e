"""Core Kubernetes objects are built with the typed `cdk8s_plus_31.k8s` classes, so a misspelt field fails
at construction instead of rendering silently; custom resources keep the untyped `k8s_object` path."""

import pytest

import urlplatform  # noqa: F401  first: points jsii at the locked Node before cdk8s starts it
from cdk8s import ApiObject, App, Chart
from cdk8s_plus_31 import k8s

from urlplatform.render import charts
from urlplatform.config import load_profile, profile_names
from urlplatform.resources.base import k8s_object


def _is_core(api_version: str) -> bool:
    """Built-in API groups: the legacy core group ("v1"), unqualified groups (apps, policy) and *.k8s.io."""
    group = api_version.rpartition("/")[0]
    return "." not in group or group.endswith(".k8s.io")


def _api_objects(profile_name: str) -> list[ApiObject]:
    profile = load_profile(profile_name)
    app = App()
    charts(app, profile)
    return [c for c in app.node.find_all() if ApiObject.is_api_object(c)]


@pytest.mark.parametrize("profile_name", profile_names())
def test_every_core_object_is_built_by_its_typed_class(profile_name):
    objs = _api_objects(profile_name)
    core = [o for o in objs if _is_core(o.api_version)]
    assert {o.kind for o in core} >= {"Namespace", "NetworkPolicy", "Deployment", "Service", "ServiceAccount"}
    untyped = [f"{o.kind}/{o.name}" for o in core if type(o) is not getattr(k8s, f"Kube{o.kind}", None)]
    assert not untyped, f"core objects built without their typed cdk8s_plus_31.k8s class: {untyped}"


def test_misspelt_field_fails_at_construction():
    chart = Chart(App(), "t")
    with pytest.raises(TypeError, match="automount_service_account_tokn"):
        k8s.KubeServiceAccount(chart, "sa", metadata=k8s.ObjectMeta(name="web"),
                               automount_service_account_tokn=False)


def test_untyped_path_would_render_the_same_misspelling_silently():
    """Why core kinds must not go through `k8s_object`: it writes whatever key it is given."""
    chart = Chart(App(), "t")
    k8s_object(chart, "sa", api_version="v1", kind="ServiceAccount", metadata={"name": "web"},
               automountServiceAccountTokn=False)
    [sa] = chart.to_json()
    assert sa["automountServiceAccountTokn"] is False and "automountServiceAccountToken" not in sa
