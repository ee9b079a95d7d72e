"""Sample tables: each denied sample is denied by its own policy with the rule it names and nothing else it
does not declare; allowed samples are clean.

Denied samples start with `# expect: <rule id>`; a rule the sample cannot avoid firing too (an untagged
image has no digest either) is declared on the next line as `# also: <rule id>... (why)`."""

import re
from pathlib import Path

import pytest

from policygate.documents import load
from policygate.engine import POLICY_ROOT, Engine, discover

POLICIES = {p.path.parent: p for p in discover()}
SAMPLES = sorted(POLICY_ROOT.glob("*/*/samples/*/*"))


def headers(sample: Path) -> dict[str, str]:
    out = {}
    for line in sample.read_text().splitlines():
        m = re.match(r"^#\s*(\w+):\s*(.*)$", line)
        if not line.startswith("#"):
            break
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def expected_rule(sample: Path) -> str:
    first = sample.read_text().splitlines()[0]
    assert first.startswith("# expect: "), f"{sample}: denied samples start with '# expect: <rule-id>'"
    return first.removeprefix("# expect: ").strip()


def also_rules(sample: Path) -> set[str]:
    return set(headers(sample).get("also", "").split("(")[0].split())


def findings(sample: Path):
    return Engine([POLICIES[sample.parents[2]]]).evaluate(load(sample))


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.parent.name == "denied"],
                         ids=lambda s: str(s.relative_to(POLICY_ROOT)))
def test_denied_sample(sample):
    rules = {f.rule for f in findings(sample)}
    assert expected_rule(sample) in rules, f"{sample.name}: expected {expected_rule(sample)}, got {sorted(rules)}"
    assert rules == {expected_rule(sample)} | also_rules(sample), \
        f"{sample.name}: fires {sorted(rules)}; a denied sample shows one rule (declare unavoidable others in '# also:')"


@pytest.mark.parametrize("sample", [s for s in SAMPLES if s.parent.name == "allowed"],
                         ids=lambda s: str(s.relative_to(POLICY_ROOT)))
def test_allowed_sample(sample):
    assert findings(sample) == []
