"""Runs every *_test.rego rule (opa-test style) and checks the runner can fail."""

from pathlib import Path

import pytest

from policygate.engine import POLICY_ROOT
from policygate.regotest import collect, run, rego_test_files

TESTS = [t for f in rego_test_files() for t in collect(f)]
BROKEN = Path(__file__).parent / "fixtures" / "broken_policy"


def test_every_policy_has_rego_tests():
    policies = {p.parent for p in POLICY_ROOT.glob("*/*/policy.rego")}
    assert policies == {f.parent for f in rego_test_files()}


@pytest.mark.parametrize("t", TESTS, ids=[f"{t.package}.{t.name}" for t in TESTS])
def test_rego(t):
    assert run(t), f"{t.file}: {t.name} is not true"


def test_wrong_rego_test_fails():
    [t] = [t for f in rego_test_files(BROKEN) for t in collect(f)]
    assert run(t, BROKEN) is False
