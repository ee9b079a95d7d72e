"""policies/pss-controls.md: one row per PSS v1.31 control, each with rule ids that exist and samples that
cover every level and every place the row names (evidence: the table's own evidence section)."""

import re

import pytest

from admission_parity.gate import GateJudge
from admission_parity.samples import LEVELS, PLACES, load_samples
from policygate.engine import POLICY_ROOT

TABLE = POLICY_ROOT / "pss-controls.md"
COLUMNS = ["control", "levels", "fields → allowed values", "read at", "pod vs container", "rule", "samples"]
SAMPLES = {f"{s.path.parents[2].name}/{s.path.parent.name}/{s.stem}": s for s in load_samples()}


def table_rows(text: str) -> list[dict]:
    section = text.split("## Controls", 1)[1].split("\n## ", 1)[0]
    lines = [ln for ln in section.splitlines() if ln.startswith("|")]
    header = [c.strip() for c in lines[0].strip("|").split(" | ")]
    assert header == COLUMNS, header
    return [dict(zip(COLUMNS, (c.strip() for c in ln.strip().strip("|").split(" | ")))) for ln in lines[2:]]


ROWS = table_rows(TABLE.read_text())


def listed(row) -> list:
    return [SAMPLES[ref.strip()] for ref in row["samples"].split(",")]


def pss_rule_ids() -> set[str]:
    src = "".join((POLICY_ROOT / "kubernetes" / p / "policy.rego").read_text() for p in ("pss_baseline", "pss_restricted"))
    return set(re.findall(r'"rule":\s*"([\w.\-]+)"', src))


def test_seventeen_controls_eleven_baseline_six_restricted():
    assert len(ROWS) == 17 and len({r["control"] for r in ROWS}) == 17
    levels = [r["levels"] for r in ROWS]
    assert levels.count("baseline, restricted") == 11 and levels.count("restricted") == 6


def test_every_row_names_existing_rules_and_samples():
    ids = pss_rule_ids()
    for row in ROWS:
        rules = {r.strip() for r in row["rule"].split(",")}
        assert rules and rules <= ids, f"{row['control']}: unknown rule ids {rules - ids}"
        missing = [ref for ref in row["samples"].split(",") if ref.strip() not in SAMPLES]
        assert not missing, f"{row['control']}: no such samples {missing}"


def test_every_pss_rule_and_sample_is_in_the_table():
    in_table_rules = {r.strip() for row in ROWS for r in row["rule"].split(",")}
    assert pss_rule_ids() <= in_table_rules
    in_table_samples = {s.path for row in ROWS for s in listed(row)}
    orphans = sorted(s.rel for s in SAMPLES.values() if s.path not in in_table_samples)
    assert not orphans, f"samples in no row: {orphans}"


@pytest.mark.parametrize("row", ROWS, ids=[r["control"] for r in ROWS])
def test_row_has_allowed_and_denied_samples_at_every_level_it_names(row):
    levels = [lv.strip() for lv in row["levels"].split(",")]
    assert set(levels) <= set(LEVELS)
    for level in levels:
        verdicts = {s.expected[level] for s in listed(row)}
        assert verdicts == {"allowed", "denied"}, f"{row['control']} at {level}: samples give only {verdicts}"


@pytest.mark.parametrize("row", ROWS, ids=[r["control"] for r in ROWS])
def test_row_has_a_denied_sample_in_every_place_it_names(row):
    places = [p.strip() for p in row["read at"].split(",")]
    assert set(places) <= set(PLACES), places
    denied = [s for s in listed(row) if s.path.parent.name == "denied"]
    covered = {p for s in denied for p in s.at + s.moves}
    assert set(places) <= covered, f"{row['control']}: no denied sample at {set(places) - covered}"


@pytest.mark.parametrize("row", ROWS, ids=[r["control"] for r in ROWS])
def test_row_rule_fires_on_its_denied_samples(row):
    judge = GateJudge()
    rules = {r.strip() for r in row["rule"].split(",")}
    for s in listed(row):
        if s.path.parent.name == "denied":
            fired = {f.rule for f in judge.findings(s.doc, "restricted")}
            assert rules & fired, f"{row['control']}: {s.rel} is not denied by {rules} (got {sorted(fired)})"
