"""Sample tables: each denied sample is denied by its own policy with the rule it names; allowed samples are clean."""

from pathlib import Path

import pytest

from policygate.documents import load
from policygate.engine import POLICY_ROOT, Engine, discover

POLICIES = {p.path.parent: p for p in discover()}
SAMPLES = sorted(POLICY_ROOT.glob("*/*/samples/*/*"))


def expected_rule(sample: Path) -> str:
    first = sample.read_text().splitlines()[0]
    assert first.startswith("# expect: "), f"{sample}: denied samples start with '# expect: <rule-id>'"
    return first.removeprefix("# expect: ").strip()


def findings(sample: Path):
    return Engine([POLICIES[sample.parents[2]]]).evaluate(load(sample))


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.parent.name == "denied"],
                         ids=lambda s: str(s.relative_to(POLICY_ROOT)))
def test_denied_sample(sample):
    rules = {f.rule for f in findings(sample)}
    assert expected_rule(sample) in rules, f"{sample.name}: expected {expected_rule(sample)}, got {sorted(rules)}"


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.parent.name == "allowed"],
                         ids=lambda s: str(s.relative_to(POLICY_ROOT)))
def test_allowed_sample(sample):
    assert findings(sample) == []
