"""The Helm render tier's checks that run without chart repositories: the cluster version it renders for,
the schema check, the per-chart report, and the one-line skip where helm is absent."""

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, "tools/ci")
import helm_render  # noqa: E402
from helm_apps import AppError  # noqa: E402
from schema_check import SchemaIndex  # noqa: E402

CRD = {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
       "metadata": {"name": "widgets.example.io"},
       "spec": {"group": "example.io", "names": {"kind": "Widget", "plural": "widgets"}, "scope": "Namespaced",
                "versions": [{"name": "v1", "served": True, "storage": True, "schema": {"openAPIV3Schema": {
                    "type": "object", "properties": {"spec": {"type": "object", "required": ["size"], "properties": {
                        "size": {"type": "integer"}, "note": {"type": "string", "nullable": True}}}}}}}]}}


def test_kube_version_is_the_profiles_k3s_release(tmp_path):
    k3s = yaml.safe_load(Path("platform/profiles/homelab.yaml").read_text())["cluster"]["k3s_version"]
    v = helm_render.kube_version(Path("platform/profiles/homelab.yaml"))
    assert k3s.startswith(v + "+") and v.startswith("v1.")
    bad = tmp_path / "p.yaml"
    bad.write_text("cluster: {}\n")
    with pytest.raises(AppError, match="cluster.k3s_version"):
        helm_render.kube_version(bad)


@pytest.fixture
def index(tmp_path) -> SchemaIndex:
    f = tmp_path / "crds.yaml"
    f.write_text(yaml.safe_dump(CRD))
    return SchemaIndex.from_files([f], kube_minor="1.31")


def test_builtin_kind_checked_strictly(index):
    ok = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"ports": [{"port": 80}]}}
    assert index.check(ok) == ""
    bad = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s"}, "spec": {"portz": []}}
    assert index.check(bad)


def test_custom_resource_checked_against_its_crd(index):
    widget = {"apiVersion": "example.io/v1", "kind": "Widget", "metadata": {"name": "w"}}
    assert index.check({**widget, "spec": {"size": 3, "note": None}}) == ""
    assert "size" in index.check({**widget, "spec": {"size": "three"}})
    assert "size" in index.check({**widget, "spec": {}})


def test_unknown_custom_resource_is_counted_not_guessed(index):
    assert index.check({"apiVersion": "other.io/v1", "kind": "Thing", "metadata": {"name": "t"}}) is None


def test_report_table_has_one_row_per_chart():
    reps = [helm_render.ChartReport(app="a", chart="c", version="1", objects=3, denials=1, waivers=2),
            helm_render.ChartReport(app="b", chart="d", version="2", render_error="no | such chart")]
    rows = [r for r in helm_render.markdown(reps).splitlines() if r.startswith("| a |") or r.startswith("| b |")]
    assert rows[0].split("|")[3:7] == [" 3 ", " 1 ", " 0 ", " 2 "]
    assert "failed: no / such chart" in rows[1]


def test_skips_with_one_line_without_helm(capsys, monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    assert helm_render.main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("helm_render: skipped:") and out.count("\n") == 1
