"""What the kind tier does, checked without a cluster: kind config, install order, test-only secrets."""

from pathlib import Path

import pytest

from kindlab.kind_config import kind_config
from kindlab.plan import install_plan, suite_secrets
from kindlab.requirements import skip_reason
from urlplatform.config import load_profile
from urlplatform.render import render

PROFILE = load_profile("kind")
TREE = render(PROFILE)


def test_kind_config_one_control_plane_two_workers():
    cfg = kind_config(PROFILE)
    assert [nd["role"] for nd in cfg["nodes"]] == ["control-plane", "worker", "worker"]
    assert cfg["networking"]["podSubnet"] == "10.42.0.0/16"


def test_plan_follows_sync_waves_and_pins_charts():
    steps = install_plan(TREE, Path("/tmp/rendered"))
    assert [s.wave for s in steps] == sorted(s.wave for s in steps)
    order = [s.app for s in steps]
    assert order.index("istio-base") < order.index("istiod") < order.index("istio-gateway") < order.index("mesh")
    assert order.index("pgo") < order.index("data") < order.index("shlink")
    for s in steps:
        if s.argv[0] == "helm":
            version = s.argv[s.argv.index("--version") + 1]
            assert version[0].isdigit() or version.startswith("v")
    assert "vault" not in order and "external-secrets" not in order and "argocd" not in order


def test_suite_secrets_cover_every_mounted_secret_and_are_not_rendered():
    made = {(s["metadata"]["namespace"], s["metadata"]["name"]) for s in suite_secrets(PROFILE, "k", "d", "r")}
    dep = next(o for o in TREE["shlink"] if o["kind"] == "Deployment")
    mounted = {("shlink", v["secret"]["secretName"]) for v in dep["spec"]["template"]["spec"]["volumes"] if "secret" in v}
    assert mounted <= made
    rf = next(o for o in TREE["data"] if o["kind"] == "RedisFailover")
    assert ("shlink-data", rf["spec"]["auth"]["secretPath"]) in made
    assert not [o for objs in TREE.values() for o in objs if o["kind"] == "Secret"]


def test_skip_reason_names_what_is_missing():
    reason = skip_reason()
    if reason is None:
        pytest.skip("kind tier is available here: nothing to explain")
    assert reason.startswith("kind e2e skipped: ") and "GitHub Actions" in reason
