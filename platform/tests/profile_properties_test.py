"""Hypothesis: for any valid variation of the homelab profile, every workload stays hardened."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from urlplatform.config import load_profile
from urlplatform.config.model import Profile
from urlplatform.render import render

BASE = load_profile("homelab").model_dump(mode="json")
WORKLOAD_KINDS = {"Deployment", "StatefulSet", "DaemonSet"}


@st.composite
def profiles(draw) -> Profile:
    data = {**BASE}
    shlink = {**data["shlink"], "replicas": draw(st.integers(1, 9))}
    req = draw(st.integers(7, 16)) * 64  # Shlink's 3 PHP workers need at least 448Mi (config/shlink_runtime.py)
    shlink["resources"] = {"cpu_request": f"{draw(st.integers(50, 500))}m", "cpu_limit": "1",
                           "memory_request": f"{req}Mi", "memory_limit": f"{req * draw(st.integers(1, 3))}Mi"}
    shlink["cache_namespace"] = draw(st.from_regex(r"[a-z][a-z0-9]{0,10}", fullmatch=True))
    data["shlink"] = shlink
    data["cluster"] = {**data["cluster"], "domain": draw(st.from_regex(r"[a-z]{1,8}\.(lab|local|test)", fullmatch=True))}
    return Profile.model_validate(data)


def workloads(tree):
    return [o for objs in tree.values() for o in objs if o["kind"] in WORKLOAD_KINDS]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profiles())
def test_every_workload_restricted_limited_probed(profile):
    tree = render(profile)
    all_objs = [o for objs in tree.values() for o in objs]
    pdb_selectors = [o["spec"]["selector"]["matchLabels"] for o in all_objs if o["kind"] == "PodDisruptionBudget"]
    for w in workloads(tree):
        pod = w["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True
        assert pod["automountServiceAccountToken"] is False
        for c in pod["containers"]:
            sc = c["securityContext"]
            assert sc["allowPrivilegeEscalation"] is False
            assert sc["capabilities"]["drop"] == ["ALL"]
            assert {"cpu", "memory"} <= set(c["resources"]["requests"])
            assert "memory" in c["resources"]["limits"]
            assert c["readinessProbe"] and c["livenessProbe"]
        if w["spec"].get("replicas", 1) > 1:
            assert w["spec"]["selector"]["matchLabels"] in pdb_selectors
        else:
            assert w["spec"]["selector"]["matchLabels"] not in pdb_selectors


@settings(max_examples=10, deadline=None)
@given(profiles())
def test_default_domain_follows_cluster_domain(profile):
    dep = next(o for o in render(profile)["shlink"] if o["kind"] == "Deployment")
    env = {e["name"]: e["value"] for e in dep["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["DEFAULT_DOMAIN"] == profile.cluster.domain
