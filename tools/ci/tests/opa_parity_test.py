"""The parts of the OPA parity check that run here: reading conftest's JSON, the mismatch report, and the
translation of our Rego tests' input convention into OPA's `with` for `conftest verify`."""

import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, "tools/ci")
import opa_parity  # noqa: E402
from policygate.engine import Finding  # noqa: E402

# conftest -o json, shaped as open-policy-agent/conftest@v0.69.0:output/result.go (CheckResult, Result).
CONFTEST_JSON = [
    {"filename": "a.yaml", "namespace": "kubernetes.probes", "successes": 3,
     "failures": [{"msg": "Deployment/-/d: container c has no readinessProbe", "metadata": {"rule": "kubernetes.probes.missing"}}],
     "warnings": [{"msg": "w", "metadata": {}}]},
    {"filename": "Combined", "namespace": "kubernetes.pdb_required", "successes": 0,
     "failures": [{"msg": "x has 3 replicas", "metadata": {"rule": "kubernetes.pdb_required.missing", "path": "b.yaml",
                                                            "resource": "Deployment/-/x"}}]},
]


def test_conftest_results_become_finding_keys():
    got = opa_parity.conftest_findings(CONFTEST_JSON)
    assert got == Counter({
        ("a.yaml", "deny", "kubernetes.probes.missing", "Deployment/-/d: container c has no readinessProbe"): 1,
        ("a.yaml", "warn", "kubernetes.probes", "w"): 1,  # no rule id: the package, as the gate does
        ("b.yaml", "deny", "kubernetes.pdb_required.missing", "x has 3 replicas"): 1,  # combined: the policy's own path
    })


def test_equal_findings_have_no_mismatch():
    gate = opa_parity.gate_findings([Finding("deny", "kubernetes.probes.missing",
                                             "Deployment/-/d: container c has no readinessProbe", "a.yaml",
                                             "Deployment/-/d", "kubernetes.probes")])
    opa = Counter({k: n for k, n in opa_parity.conftest_findings(CONFTEST_JSON).items() if k[0] == "a.yaml"
                   and k[1] == "deny"})
    assert opa_parity.diff(gate, opa) == []


def test_a_mismatch_names_the_rule_and_the_engine():
    gate = Counter({("a.yaml", "deny", "k8s.x", "m"): 1})
    opa = Counter({("a.yaml", "deny", "k8s.y", "n"): 2})
    assert opa_parity.diff(gate, opa) == ["k8s.x: only regopy (1x) deny a.yaml: m",
                                          "k8s.y: only conftest (2x) deny a.yaml: n"]


def test_every_rego_test_keeps_its_name_and_binds_its_input():
    """Over every committed *_test.rego: each test_<x> still exists for `conftest verify`, runs the original
    body (case_<x>), and a test with `inputs.<x>` sees that input through `with`."""
    files = sorted(Path("policies").glob("*/*/*_test.rego"))
    assert len(files) >= 10
    for f in files:
        src = f.read_text()
        out = opa_parity.conftest_test_file(src)
        names = set(re.findall(r"^test_(\w+)\b", src, flags=re.M))
        bound = set(re.findall(r"^inputs\.(\w+)\s*:?=", src, flags=re.M))
        assert set(re.findall(r"^test_(\w+) if case_\1\b", out, flags=re.M)) == names, f
        assert set(re.findall(r"^test_(\w+) if case_\w+ with input as inputs\.(\w+)$", out, flags=re.M)) == \
            {(n, n) for n in names & bound}, f
        assert not re.search(r"^test_\w+\b(?! if case_)", out, flags=re.M), f


def test_skips_with_one_line_without_conftest(capsys, monkeypatch):
    monkeypatch.delenv("CONFTEST", raising=False)
    monkeypatch.setenv("PATH", "/nonexistent")
    assert opa_parity.main([]) == 0
    out = capsys.readouterr().out
    assert out.startswith("opa_parity: skipped:") and out.count("\n") == 1
