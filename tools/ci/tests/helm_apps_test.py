"""The Helm render tier's inputs, read from the committed rendered Applications (the part that runs here;
`helm template` itself needs the chart repositories and runs in CI)."""

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, "tools/ci")
from helm_apps import AppError, ChartRef, api_versions, chart_ref, charts  # noqa: E402
from urlplatform.components.registry import HELM  # noqa: E402

ROOT = Path("platform/rendered/homelab")


def _applications() -> list[dict]:
    return [d for f in sorted(ROOT.rglob("*.yaml")) for d in yaml.safe_load_all(f.read_text())
            if isinstance(d, dict) and d.get("kind") == "Application"]


def test_every_helm_application_is_found():
    """Counted independently: Applications whose source (or one of whose sources) names a chart."""
    def has_chart(app):
        spec = app["spec"]
        return any(s.get("chart") for s in (spec.get("sources") or [spec.get("source") or {}]))
    expected = sorted(a["metadata"]["name"] for a in _applications() if has_chart(a))
    assert len(expected) >= 10
    assert sorted(r.app for r in charts(ROOT)) == expected


def test_charts_are_the_component_pins():
    """Each rendered Helm Application installs the chart at the version its component pins."""
    pins = {c.app: (c.chart.chart, c.chart.version) for c in HELM}
    assert {r.app: (r.chart, r.version) for r in charts(ROOT)} == pins


def test_values_are_what_argocd_passes():
    """The values handed to `helm template` are the Application's values string parsed, merged with
    valuesObject (which wins, as in ArgoCD)."""
    for app, ref in zip([a for a in _applications() if chart_ref(a, "x")], charts(ROOT)):
        helm = (app["spec"].get("source") or {}).get("helm") or {}
        expected = dict(yaml.safe_load(helm.get("values") or "{}") or {})
        expected.update(helm.get("valuesObject") or {})
        assert ref.values == expected, ref.app


def test_template_args_for_an_https_repository(tmp_path):
    ref = next(r for r in charts(ROOT) if r.repo_url.startswith("https://"))
    args = ref.template_args(tmp_path / "v.yaml", kube_version="v1.31.4", api_versions=["monitoring.coreos.com/v1"])
    assert args[:5] == ["template", ref.release, ref.chart, "--repo", ref.repo_url]
    assert args[args.index("--version") + 1] == ref.version
    assert args[args.index("--namespace") + 1] == ref.namespace
    assert args[args.index("--api-versions") + 1] == "monitoring.coreos.com/v1"


def _app(source: dict, **spec) -> dict:
    return {"kind": "Application", "metadata": {"name": "a"},
            "spec": {"destination": {"namespace": "ns"}, "source": source, **spec}}


def test_oci_repository_without_scheme_is_an_oci_reference(tmp_path):
    """ArgoCD's OCI Helm source: repoURL `registry/path` without a scheme, chart name apart."""
    ref = chart_ref(_app({"repoURL": "registry.example/charts", "chart": "pgo", "targetRevision": "5.7.2"}), "f")
    assert ref.is_oci
    args = ref.template_args(tmp_path / "v.yaml", kube_version="v1.31.4", api_versions=[])
    assert args[1:3] == ["a", "oci://registry.example/charts/pgo"] and "--repo" not in args


def test_multi_source_values_object_and_parameters():
    app = {"kind": "Application", "metadata": {"name": "m"}, "spec": {
        "destination": {"namespace": "ns"},
        "sources": [{"repoURL": "https://git.example/repo.git", "path": "x", "ref": "values"},
                    {"repoURL": "https://charts.example", "chart": "c", "targetRevision": "1.0.0",
                     "helm": {"releaseName": "rel", "values": "a: 1\nb: 1\n", "valuesObject": {"b": 2},
                              "parameters": [{"name": "image.tag", "value": "v1"}]}}]}}
    ref = chart_ref(app, "f")
    assert (ref.chart, ref.release, ref.values, ref.parameters) == ("c", "rel", {"a": 1, "b": 2},
                                                                    (("image.tag", "v1"),))


def test_plain_manifest_application_is_not_a_chart():
    assert chart_ref(_app({"repoURL": "https://git.example/repo.git", "path": "platform/x"}), "f") is None


@pytest.mark.parametrize("source,spec,field", [
    ({"repoURL": "https://c.example", "chart": "c"}, {}, "spec.source.targetRevision"),
    ({"chart": "c", "targetRevision": "1"}, {}, "spec.source.repoURL"),
    ({"repoURL": "https://c.example", "chart": "c", "targetRevision": "1", "helm": {"values": "- a"}}, {},
     "spec.source.helm.values"),
    ({"repoURL": "https://c.example", "chart": "c", "targetRevision": "1"}, {"destination": {}},
     "spec.destination.namespace"),
])
def test_bad_application_is_one_line_error_naming_the_field(source, spec, field):
    with pytest.raises(AppError) as e:
        chart_ref(_app(source, **spec), "apps/a.yaml")
    assert field in str(e.value) and "apps/a.yaml" in str(e.value) and "\n" not in str(e.value)


def test_api_versions_include_the_served_kinds():
    apis = api_versions(ROOT)
    assert "argoproj.io/v1alpha1" in apis and "argoproj.io/v1alpha1/Application" in apis
