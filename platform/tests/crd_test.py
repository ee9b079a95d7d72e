"""The custom-resource classes: each required spec field is checked at synth time, with kind, name and field
in the error; namespaced kinds need a namespace and cluster-scoped kinds refuse one.

Property over both rendered trees: every custom resource rebuilt from its rendered body renders the same
object, and dropping any one of its class's required fields fails."""

import copy

import pytest

import urlplatform  # noqa: F401  first: points jsii at the locked Node before cdk8s starts it
from cdk8s import App, Chart

from rendered import objects
from urlplatform.config import profile_names
from urlplatform.resources import crd

CLASSES = crd.CustomResource.__subclasses__()
META_KEYS = ("name", "namespace", "labels", "annotations", "finalizers")


def _classes_for(obj: dict) -> list[type[crd.CustomResource]]:
    """The classes of the object's kind (a kind may have one class per use, e.g. tracing vs metrics Telemetry)
    whose required fields the rendered object has."""
    return [c for c in CLASSES if (c.api_version, c.kind) == (obj["apiVersion"], obj["kind"])
            and all(crd._has(obj, f) for f in c.required)]


def _custom_resources() -> list[tuple[type[crd.CustomResource], dict]]:
    kinds = {(c.api_version, c.kind) for c in CLASSES}
    found = [o for p in profile_names() for o in objects(profile=p) if (o["apiVersion"], o["kind"]) in kinds]
    return [(c, o) for o in found for c in _classes_for(o)]


def _rebuild(cls: type[crd.CustomResource], obj: dict) -> list[dict]:
    chart = Chart(App(), "t", disable_resource_name_hashes=True)
    fields = {k: v for k, v in obj.items() if k not in ("apiVersion", "kind", "metadata")}
    meta = {k: obj["metadata"][k] for k in META_KEYS if k in obj["metadata"]}
    cls(chart, "cr", **meta, **fields)
    return chart.to_json()


def _id(x) -> str:
    if isinstance(x, str):
        return x
    if isinstance(x, type):
        return x.__name__
    return f"{x['kind']}/{x['metadata']['name']}"


def _drop(obj: dict, dotted: str) -> dict:
    broken = copy.deepcopy(obj)
    *parents, leaf = dotted.split(".")
    cur = broken
    for part in parents:
        cur = cur[part]
    del cur[leaf]
    return broken


def test_every_custom_resource_class_is_rendered_somewhere():
    rendered = {c for c, _ in _custom_resources()}
    assert [c.__name__ for c in CLASSES if c not in rendered] == [], "never rendered: required fields go untested"


def test_every_rendered_custom_resource_has_a_class_it_satisfies():
    kinds = {(c.api_version, c.kind) for c in CLASSES}
    for o in (o for p in profile_names() for o in objects(profile=p) if (o["apiVersion"], o["kind"]) in kinds):
        assert _classes_for(o), f"{o['kind']}/{o['metadata']['name']} lacks required fields of every class"


@pytest.mark.parametrize("cls,obj", _custom_resources(), ids=_id)
def test_rebuilt_from_its_render_it_renders_the_same(cls, obj):
    assert _rebuild(cls, obj) == [obj]


@pytest.mark.parametrize("cls,obj,field", [(c, o, f) for c, o in _custom_resources() for f in c.required], ids=_id)
def test_dropping_a_required_field_fails_naming_it(cls, obj, field):
    with pytest.raises(ValueError, match=rf"^{obj['kind']} {obj['metadata']['name']}: required field {field} "):
        _rebuild(cls, _drop(obj, field))


@pytest.mark.parametrize("empty", ["", [], {}, None])
def test_an_empty_required_field_counts_as_missing(empty):
    with pytest.raises(ValueError, match="required field spec.secretName is missing"):
        crd.Certificate(Chart(App(), "t"), "c", name="gw", namespace="ingress",
                        spec={"secretName": empty, "issuerRef": {"name": "ca"}})


def test_namespaced_kind_needs_a_namespace():
    with pytest.raises(ValueError, match="Certificate gw: namespace is required"):
        crd.Certificate(Chart(App(), "t"), "c", name="gw", spec={"secretName": "s", "issuerRef": {"name": "ca"}})


def test_cluster_scoped_kind_refuses_a_namespace():
    with pytest.raises(ValueError, match="ClusterIssuer ca is cluster-scoped"):
        crd.ClusterIssuer(Chart(App(), "t"), "c", name="ca", namespace="cert-manager", spec={"ca": {}})
