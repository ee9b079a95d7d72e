"""Every policy and every rule id in it has at least one denied sample, and every policy an allowed one.

Rule ids are `<domain>.<policy>.<check>`: <domain> and <policy> are the policy's folders
(policies/<domain>/<policy>/policy.rego), <check> is lower-case words joined by '-'."""

import re

from policygate.documents import load
from policygate.engine import POLICY_ROOT, Engine, discover
from policygate.exceptions import WAIVER_EXPIRED

POLICIES = discover()
SAMPLES = sorted(POLICY_ROOT.glob("*/*/samples/*/*"))
CHECK = r"[a-z0-9]+(-[a-z0-9]+)*"


def folders(p) -> tuple[str, str]:
    """(<domain>, <policy>) of a policy, read from where its file sits."""
    return p.path.parent.parent.name, p.path.parent.name


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
        gap = p.rules - expected_rules(p.path.parent)
        if gap:
            uncovered[p.package] = sorted(gap)
    assert not uncovered, f"rule ids without a denied sample: {uncovered}"


def test_rule_ids_are_unique_across_policies():
    seen = {}
    for p in POLICIES:
        for r in p.rules:
            assert r not in seen, f"{r} used by {seen.get(r)} and {p.package}"
            seen[r] = p.package


def test_package_is_domain_dot_policy_folder():
    wrong = {str(p.path.relative_to(POLICY_ROOT)): p.package for p in POLICIES if p.package != ".".join(folders(p))}
    assert not wrong, f"package must be <domain>.<policy> of its folders: {wrong}"


def test_every_rule_id_in_the_source_is_domain_policy_check():
    wrong = {}
    for p in POLICIES:
        domain, policy = folders(p)
        bad = sorted(r for r in p.rules if not re.fullmatch(rf"{re.escape(domain)}\.{re.escape(policy)}\.{CHECK}", r))
        if bad:
            wrong[f"{domain}/{policy}"] = bad
    assert all(p.rules for p in POLICIES), "a policy states no rule id"
    assert not wrong, f"rule ids must be <domain>.<policy>.<check> of their folders: {wrong}"


def test_every_rule_id_emitted_on_the_samples_is_stated_and_named_after_its_folders():
    """Evaluated, not read: all policies over each sample of every policy (a sample is one document set,
    so the combined policies run too). Catches ids built at run time and results without a `rule` (the
    engine then falls back to the package name, which has no <check>)."""
    by_package = {p.package: p for p in POLICIES}
    engine = Engine(POLICIES)
    findings = [f for s in SAMPLES for f in engine.evaluate(load(s))]
    emitted = {(f.policy, f.rule) for f in findings}
    wrong = sorted((pkg, rule) for pkg, rule in emitted
                   if rule not in by_package[pkg].rules
                   or not re.fullmatch(rf"{re.escape('.'.join(folders(by_package[pkg])))}\.{CHECK}", rule))
    assert len({pkg for pkg, _ in emitted}) == len(POLICIES), "every policy fires on some sample"
    assert not wrong, f"emitted rule ids not stated in the policy as <domain>.<policy>.<check>: {wrong}"


def test_the_gate_own_rule_ids_are_gate_part_check():
    assert re.fullmatch(rf"gate\.[a-z]+\.{CHECK}", WAIVER_EXPIRED)
    assert "gate" not in {p.domain for p in POLICIES}, "`gate` is the gate's own domain, not a policy folder"
