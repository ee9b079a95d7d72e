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
from urlplatform.constructs import crd

CLASSES = {(c.api_version, c.kind): c for c in crd.CustomResource.__subclasses__()}
META_KEYS = ("name", "namespace", "labels", "annotations", "finalizers")


def _custom_resources() -> list[dict]:
    return [o for p in profile_names() for o in objects(profile=p) if (o["apiVersion"], o["kind"]) in CLASSES]


def _rebuild(obj: dict) -> list[dict]:
    chart = Chart(App(), "t", disable_resource_name_hashes=True)
    fields = {k: v for k, v in obj.items() if k not in ("apiVersion", "kind", "metadata")}
    meta = {k: obj["metadata"][k] for k in META_KEYS if k in obj["metadata"]}
    CLASSES[(obj["apiVersion"], obj["kind"])](chart, "cr", **meta, **fields)
    return chart.to_json()


def _drop(obj: dict, dotted: str) -> dict:
    broken = copy.deepcopy(obj)
    *parents, leaf = dotted.split(".")
    cur = broken
    for part in parents:
        cur = cur[part]
    del cur[leaf]
    return broken


def test_every_custom_resource_class_is_rendered_somewhere():
    rendered = {(o["apiVersion"], o["kind"]) for o in _custom_resources()}
    assert set(CLASSES) - rendered == set(), "a class nobody renders: its required fields go untested"


@pytest.mark.parametrize("obj", _custom_resources(), ids=lambda o: f"{o['kind']}/{o['metadata']['name']}")
def test_rebuilt_from_its_render_it_renders_the_same(obj):
    assert _rebuild(obj) == [obj]


@pytest.mark.parametrize("obj,field", [(o, f) for o in _custom_resources()
                                       for f in CLASSES[(o["apiVersion"], o["kind"])].required],
                         ids=lambda x: x if isinstance(x, str) else f"{x['kind']}/{x['metadata']['name']}")
def test_dropping_a_required_field_fails_naming_it(obj, field):
    with pytest.raises(ValueError, match=rf"^{obj['kind']} {obj['metadata']['name']}: required field {field} "):
        _rebuild(_drop(obj, field))


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
