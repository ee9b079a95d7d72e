"""The component modules: every chart pin valid and stated once, in the form Renovate's one chart manager moves.

Renovate evidence (renovatebot/renovate@44.39.2): lib/modules/manager/custom/regex/utils.ts compiles each
`*Template` against the match's capture groups (unfiltered), else takes the group of that name;
lib/modules/manager/helmfile/extract.ts looks OCI charts up with the docker datasource and
packageName `<registry>/<path>/<chart>` (no `oci://`), https repositories with the helm datasource."""

import dataclasses
import re
from pathlib import Path

import pytest
from renovate_matches import load_config, manages, matches

from urlplatform.components import istio
from urlplatform.components.base import ChartPin
from urlplatform.components.registry import ALL, HELM, OWN

COMPONENTS_DIR = Path("platform/urlplatform/components")  # runfiles root is the working directory
RENOVATE = load_config()
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


def test_every_component_has_one_app_name_and_a_namespace_name():
    apps = [c.app for c in ALL]
    assert len(apps) == len(set(apps)), apps
    for c in ALL:
        assert DNS_LABEL.match(c.namespace) and len(c.namespace) <= 63, c


def test_a_namespace_below_restricted_says_why():
    for c in HELM + OWN:
        assert (c.pss == "restricted") == (c.reason is None), c.app


VALID = {"repo_url": "https://charts.example.org", "chart": "demo", "version": "1.2.3"}
# One field changed from a valid pin -> the message.
INVALID_PINS = {
    "version_range": ({"version": "~1.16"}, "chart demo: version '~1.16' must be an exact version"),
    "plain_http_repo": ({"repo_url": "http://charts.example.org"}, "repo_url 'http://charts.example.org' must be an https://"),
    "upper_case_chart": ({"chart": "Demo"}, "chart Demo: chart 'Demo' must be a lower-case chart name"),
}


def test_the_valid_pin_is_valid():
    assert ChartPin(**VALID).version == "1.2.3"


@pytest.mark.parametrize("case", sorted(INVALID_PINS))
def test_invalid_pin_rejected_naming_the_field(case):
    override, message = INVALID_PINS[case]
    with pytest.raises(ValueError, match=re.escape(message)):
        ChartPin(**(VALID | override))


def test_istio_charts_share_one_version():
    """istiod, CNI and gateway must run the version of the CRDs istio-base installs (istio/istio@1.24.2
    manifests/charts: one release of four charts)."""
    family = [istio.ISTIO_BASE, istio.ISTIO_CNI, istio.ISTIOD, istio.ISTIO_GATEWAY]
    assert len({c.chart.version for c in family}) == 1, [(c.app, c.chart.version) for c in family]


def _chart_manager() -> dict:
    """The one manager that reads ChartPin(...) in the component modules."""
    [m] = [m for m in RENOVATE["customManagers"] if any("ChartPin" in s for s in m["matchStrings"])]
    assert manages(m, "platform/urlplatform/components/istio.py")
    return m


def _renovate_deps() -> list[dict]:
    """What Renovate extracts from the component modules: one dependency per match, with its datasource."""
    m, deps = _chart_manager(), []
    for path in sorted(COMPONENTS_DIR.glob("*.py")):
        for hit in matches(m, path.read_text()):
            g = {k: v for k, v in hit.groupdict().items() if v}
            oci = "packageName" in g  # the templates' {{#if packageName}}
            deps.append({"file": path.name, "depName": g["depName"], "currentValue": g["currentValue"],
                         "datasource": "docker" if oci else "helm",
                         "packageName": f"{g['packageName']}/{g['depName']}" if oci else g["depName"],
                         "registryUrl": g.get("registryUrl")})
    return deps


def test_renovate_moves_every_chart_pin_and_each_is_stated_once():
    deps = _renovate_deps()
    found = sorted((d["depName"], d["currentValue"]) for d in deps)
    pinned = sorted((c.chart.chart, c.chart.version) for c in HELM)
    assert found == pinned  # every pin matched, and no pin written twice
    for c in HELM:
        [d] = [d for d in deps if d["depName"] == c.chart.chart]
        if c.chart.repo_url.startswith("oci://"):
            assert (d["datasource"], d["packageName"]) == ("docker", f"{c.chart.repo_url.removeprefix('oci://')}/{c.chart.chart}")
        else:
            assert (d["datasource"], d["registryUrl"]) == ("helm", c.chart.repo_url)


def test_manager_templates_branch_on_the_oci_capture():
    m = _chart_manager()
    assert m["datasourceTemplate"] == "{{#if packageName}}docker{{else}}helm{{/if}}"
    assert "{{{packageName}}}/{{{depName}}}" in m["packageNameTemplate"]



def test_renovate_moves_the_container_images_components_state():
    """Images stated in component modules (`*_IMAGE = "<repository>:<tag>"`) are moved by the Python-constant
    image manager, the same way as the chart pins' manager (regex groups -> depName/currentValue)."""
    from urlplatform.components import redis

    [m] = [m for m in RENOVATE["customManagers"] if any("_IMAGE = " in s for s in m["matchStrings"])]
    assert manages(m, "platform/urlplatform/components/redis.py")
    found = [h.groupdict() for h in matches(m, (COMPONENTS_DIR / "redis.py").read_text())]
    repository, tag = redis.REDIS_IMAGE.rsplit(":", 1)
    assert found == [{"depName": repository, "currentValue": tag}]


@pytest.mark.parametrize(("release", "chart", "max_len", "expected"), [
    ("vault", "vault", 63, "vault"),  # the release contains the chart name
    ("my-vault-ha", "vault", 63, "my-vault-ha"),
    ("secrets", "external-secrets", 63, "secrets-external-secrets"),
    # kube-prometheus-stack cuts at 26 and trims a trailing "-" the cut leaves
    ("platform-monitoring", "kube-prometheus-stack", 26, "platform-monitoring-kube-p"),
    ("monitoring-stack-2024-", "kube-prometheus-stack", 23, "monitoring-stack-2024-"),  # trims one "-" only
])
def test_fullname_is_the_charts_helper(release, chart, max_len, expected):
    """`<chart>.fullname` without overrides: `contains $name .Release.Name` -> the release, else
    `printf "%s-%s" .Release.Name $name`, then `trunc N | trimSuffix "-"` (hashicorp/vault-helm@v0.29.1 and
    external-secrets/external-secrets@helm-chart-0.12.1 templates/_helpers.tpl: N=63;
    prometheus-community/helm-charts@kube-prometheus-stack-67.9.0 charts/kube-prometheus-stack/templates/
    _helpers.tpl: N=26)."""
    from urlplatform.components.base import helm_fullname

    assert helm_fullname(release, chart, max_len=max_len) == expected


def test_service_names_follow_the_release():
    """Renaming a release renames the Services other components reach it by (and only where the chart says)."""
    from urlplatform.components.vault import VAULT

    moved = dataclasses.replace(VAULT, app="secrets-store")
    assert moved.service_host("active") == "secrets-store-vault-active.vault.svc.cluster.local"
