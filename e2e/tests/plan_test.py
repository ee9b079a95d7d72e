"""What the kind tier does, checked without a cluster: kind config, install order, test-only secrets."""

import re
from pathlib import Path

import pytest

from kindlab.kind_config import kind_config
from kindlab.plan import install_plan, suite_secrets
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


def test_platform_namespaces_cover_the_data_and_app_namespaces():
    from kindlab.cluster import platform_namespaces
    from urlplatform.components import istio, shlink
    from urlplatform.components.data import DATA

    names = platform_namespaces(TREE)
    assert {shlink.WORKLOAD.namespace, DATA.namespace, istio.ISTIO_GATEWAY.namespace, istio.NAMESPACE} <= set(names)


def test_one_kind_target_runs_smoke_first_and_chaos_last():
    """One cluster per run: the suites share ONE exclusive Bazel target, loaded with the fixture plugin once."""
    full = Path("e2e/BUILD.bazel").read_text()
    build = full[full.index('name = "kind_test"'):]
    suites = [name for name in ("smoke_test", "cache_test", "chaos_test") if f"tests/{name}.py" in build]
    assert suites == ["smoke_test", "cache_test", "chaos_test"]
    order = [build.index(f"tests/{s}.py") for s in suites]
    assert order == sorted(order)
    assert full.count('"kindlab.fixtures"') == 1 and '"exclusive"' in build
    for suite in suites:
        # a fixture imported into each module would be one session fixture PER MODULE: three clusters
        assert not re.search(r"^from kindlab\.fixtures import .*\b(lab|gateway)\b", Path(f"e2e/tests/{suite}.py").read_text(), re.M)


def _pod(name, uid, *, ready, deleting=False):
    import datetime as dt

    from kubernetes.client import V1ObjectMeta, V1Pod, V1PodCondition, V1PodStatus

    return V1Pod(metadata=V1ObjectMeta(name=name, uid=uid,
                                       deletion_timestamp=dt.datetime.now(dt.timezone.utc) if deleting else None),
                 status=V1PodStatus(phase="Running", pod_ip=f"10.42.0.{uid}",
                                    conditions=[V1PodCondition(type="Ready", status="True" if ready else "False")]))


def test_first_new_ready_skips_the_old_pod_and_unready_ones():
    from kindlab.kube import first_new_ready

    events = [{"type": "ADDED", "object": _pod("pg-a", "1", ready=True)},          # the old primary, still listed
              {"type": "MODIFIED", "object": _pod("pg-b", "2", ready=False)},      # labeled, not Ready yet
              {"type": "MODIFIED", "object": _pod("pg-a", "3", ready=True)},       # old name back (restarted)
              {"type": "DELETED", "object": _pod("pg-c", "4", ready=True)},
              {"type": "MODIFIED", "object": _pod("pg-b", "2", ready=True)}]
    found = first_new_ready(iter(events), old_name="pg-a", old_uid="1")
    assert found.name == "pg-b" and found.ip == "10.42.0.2"
    assert first_new_ready(iter(events[:4]), old_name="pg-a") is None
    assert first_new_ready(iter([{"type": "MODIFIED", "object": _pod("pg-x", "9", ready=True, deleting=True)}])) is None


def test_no_load_balancer_service_reaches_helm_wait():
    """helm --wait waits for a LoadBalancer Service's ingress address (helm/helm@v3.16.4:pkg/kube/ready.go
    serviceReady), which kind never assigns: every such Service is overridden to ClusterIP."""
    import yaml

    from kindlab.plan import load_balancer_overrides

    steps = install_plan(TREE, Path("/tmp/rendered"))
    with_lb = [s for s in steps if s.values and "LoadBalancer" in s.values]
    assert with_lb, "the kind values have a LoadBalancer Service (the ingress gateway); nothing to guard"
    for s in with_lb:
        sets = [s.argv[i + 1] for i, a in enumerate(s.argv) if a == "--set"]
        values = yaml.safe_load(s.values)
        for path in sets:
            node = values
            *parents, leaf = path.removesuffix("=ClusterIP").split(".")
            for key in parents:
                node = node[key]
            node[leaf.split("=")[0]] = "ClusterIP"
        assert "LoadBalancer" not in yaml.safe_dump(values), s.app
    assert load_balancer_overrides({"a": [{"svc": {"type": "LoadBalancer"}}]}) == ["--set", "a[0].svc.type=ClusterIP"]


def test_path_apps_apply_rendered_folders_or_fetch_upstream_at_the_pinned_revision():
    steps = {s.app: s for s in install_plan(TREE, Path("/tmp/rendered"))}
    apps = {o["metadata"]["name"]: o for o in TREE["apps"] if o["kind"] == "Application"}
    for name, s in steps.items():
        if s.argv[0] != "kubectl":
            continue
        src = apps[name]["spec"]["source"]
        if s.fetch is None:
            assert Path(s.argv[-1]).name in TREE and Path(s.argv[-1]).parent == Path("/tmp/rendered")
        else:
            repo, revision, checkout = s.fetch
            assert (repo, revision) == (src["repoURL"], src["targetRevision"])
            assert s.argv[-1] == str(checkout / src["path"])
    assert any(s.fetch for s in steps.values()), "no upstream path Application in the kind tree any more?"


def test_node_addresses_outside_the_profile_network_are_reported():
    from kubernetes.client import V1Node, V1NodeAddress, V1NodeStatus

    from kindlab.cluster import nodes_outside

    def node(*addrs):
        return V1Node(status=V1NodeStatus(addresses=[V1NodeAddress(type=t, address=a) for t, a in addrs]))

    net = PROFILE.cluster.node_network
    inside, outside = str(net.network_address + 2), str(net.broadcast_address + 2)
    nodes = [node(("InternalIP", inside), ("Hostname", "cp")), node(("InternalIP", outside)),
             node(("InternalIP", "fc00:f853:ccd:e793::3"))]
    assert nodes_outside(nodes, net) == [outside]


def _run_suite(path: str, env_extra: dict) -> "subprocess.CompletedProcess":
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k not in ("TIER_REQUIRED", "XML_OUTPUT_FILE")}
    env |= {"PYTHONPATH": os.pathsep.join(p for p in sys.path if p), **env_extra}
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "kindlab.fixtures",
                           "-x", path, "-k", "test_health"], capture_output=True, text=True, env=env, timeout=300)


def test_required_tier_fails_instead_of_skipping():
    """The e2e workflow sets TIER_REQUIRED=1: a runner without the tier must fail, never pass on skips."""
    import pytest as _pytest

    from kindlab.fixtures import REASON

    if REASON is None:
        _pytest.skip("the kind tier is available here; the skip/fail switch cannot be shown")
    skipped = _run_suite("e2e/tests/smoke_test.py", {})
    assert skipped.returncode == 0 and "1 skipped" in skipped.stdout, skipped.stdout[-500:]
    required = _run_suite("e2e/tests/smoke_test.py", {"TIER_REQUIRED": "1"})
    assert required.returncode != 0 and "TIER_REQUIRED=1 but the kind tier cannot run" in required.stdout, \
        required.stdout[-800:]


def test_e2e_workflow_requires_the_tier():
    import yaml

    steps = yaml.safe_load(Path(".github/workflows/e2e.yml").read_text())["jobs"]["kind"]["steps"]
    [run] = [s["run"] for s in steps if "//e2e:kind_test" in s.get("run", "")]
    assert "--test_env=TIER_REQUIRED=1" in run
