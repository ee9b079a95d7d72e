"""Every policy and every rule id in it has at least one denied sample, and every policy an allowed one."""

import re

from policygate.engine import POLICY_ROOT, discover

POLICIES = discover()


def rule_ids(source: str) -> set[str]:
    return set(re.findall(r'"rule":\s*"([\w.\-]+)"', source))


def expected_rules(policy_dir) -> set[str]:
    return {s.read_text().splitlines()[0].removeprefix("# expect: ").strip()
            for s in (policy_dir / "samples" / "denied").glob("*")}


def test_there_are_policies_in_every_domain():
    assert {p.domain for p in POLICIES} == {"kubernetes", "istio", "argocd", "dockerfile"}
    assert len(POLICIES) >= 20


def test_every_policy_has_allowed_and_denied_samples():
    missing = [str(p.path.parent.relative_to(POLICY_ROOT)) for p in POLICIES
               if not list((p.path.parent / "samples" / "allowed").glob("*"))
               or not list((p.path.parent / "samples" / "denied").glob("*"))]
    assert not missing, f"policies without both samples: {missing}"


def test_every_rule_id_has_a_denied_sample():
    uncovered = {}
    for p in POLICIES:
        gap = rule_ids(p.path.read_text()) - expected_rules(p.path.parent)
        if gap:
            uncovered[p.package] = sorted(gap)
    assert not uncovered, f"rule ids without a denied sample: {uncovered}"


def test_rule_ids_are_unique_across_policies():
    seen = {}
    for p in POLICIES:
        for r in rule_ids(p.path.read_text()):
            assert r not in seen, f"{r} used by {seen.get(r)} and {p.package}"
            seen[r] = p.package
