"""Every rendered rule group through the real promtool: `check rules` (both profiles and the committed
tree) and `test rules` with synthetic series (promtool/*.yaml: fast burn, slow burn, budget-neutral,
recovery, budget accounting, and each non-SLO alert firing and quiet). Mutation cases prove the
promtool tests can fail: each breaks one property of the rendered rules and expects its case to fail."""

import copy
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from rendered import objects

from urlplatform.config import profile_names

CASES_DIR = Path(__file__).parent / "promtool"
CASE_FILES = sorted(CASES_DIR.glob("*.yaml"))
COMMITTED = Path(__file__).resolve().parents[1] / "rendered" / "homelab" / "observability"


def _promtool() -> str:
    path = shutil.which("promtool")
    assert path, "promtool not found: run tools/bootstrap (installs Debian's prometheus package)"
    return path


def _groups(profile: str) -> list[dict]:
    rules = objects("observability", "PrometheusRule", profile=profile)
    assert rules, f"no PrometheusRule rendered for {profile}"
    return copy.deepcopy([g for r in rules for g in r["spec"]["groups"]])  # the rendered tree is cached


def _check(tmp_path: Path, groups: list[dict]) -> subprocess.CompletedProcess:
    f = tmp_path / "rules.yaml"
    f.write_text(yaml.safe_dump({"groups": groups}, sort_keys=False))
    return subprocess.run([_promtool(), "check", "rules", str(f)], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("profile", profile_names())
def test_promtool_check_rules_on_every_rendered_group(tmp_path, profile):
    groups = _groups(profile)
    res = _check(tmp_path, groups)
    assert res.returncode == 0, res.stdout + res.stderr
    count = sum(len(g["rules"]) for g in groups)
    assert f"SUCCESS: {count} rules found" in res.stdout


def test_promtool_check_rules_on_the_committed_tree(tmp_path):
    files = sorted(COMMITTED.glob("prometheusrule-*.yaml"))
    assert files, f"no PrometheusRule in {COMMITTED}"
    groups = [g for f in files for g in yaml.safe_load(f.read_text())["spec"]["groups"]]
    res = _check(tmp_path, groups)
    assert res.returncode == 0, res.stdout + res.stderr


def test_promtool_check_rejects_a_broken_rule(tmp_path):
    """The check itself can fail: an unbalanced expression is rejected."""
    groups = _groups("homelab")
    groups[0]["rules"][0] = dict(groups[0]["rules"][0], expr="sum(rate(istio_requests_total[5m])")
    assert _check(tmp_path, groups).returncode != 0


def _unit_dir(tmp_path: Path, mutate: tuple[str, str] | None = None) -> Path:
    """rules.yaml (homelab groups, optionally with one regex `mutate`d; annotations dropped because promtool compares them verbatim and they
    do not decide firing) beside copies of the case files."""
    groups = _groups("homelab")
    for g in groups:
        for r in g["rules"]:
            r.pop("annotations", None)
    text = yaml.safe_dump({"groups": groups}, sort_keys=False, width=100000)
    if mutate:
        pattern, new = mutate
        text, count = re.subn(pattern, new, text)
        assert count, f"mutation target not in the rendered rules: {pattern}"
    (tmp_path / "rules.yaml").write_text(text)
    for f in CASE_FILES:
        shutil.copy(f, tmp_path / f.name)
    return tmp_path


def _test(d: Path, case_file: str) -> subprocess.CompletedProcess:
    return subprocess.run([_promtool(), "test", "rules", case_file], cwd=d, capture_output=True, text=True,
                          timeout=600)


@pytest.mark.parametrize("case_file", [f.name for f in CASE_FILES])
def test_promtool_unit_cases_pass(tmp_path, case_file):
    res = _test(_unit_dir(tmp_path), case_file)
    assert res.returncode == 0 and "SUCCESS" in res.stdout, res.stdout + res.stderr


def test_at_least_twelve_cases_and_every_alert_is_exercised():
    cases = [t for f in CASE_FILES for t in yaml.safe_load(f.read_text())["tests"]]
    assert len(cases) >= 12, len(cases)
    tested = {a["alertname"] for t in cases for a in t.get("alert_rule_test", [])}
    rendered = {r["alert"] for g in _groups("homelab") for r in g["rules"] if "alert" in r}
    assert rendered - tested == set(), "alerts without a promtool case"
    fired = {a["alertname"] for t in cases for a in t.get("alert_rule_test", []) if a.get("exp_alerts")}
    quiet = {a["alertname"] for t in cases for a in t.get("alert_rule_test", []) if not a.get("exp_alerts")}
    assert fired >= {"ShlinkRedirectAvailabilityBudgetBurn", "ShlinkCreateAvailabilityBudgetBurn",
                     "ShlinkRedirectLatencyBudgetBurn"} and fired - quiet == set(), "each alert fires and is quiet"


RA = re.escape('{service="shlink",slo="redirect-availability"}')
# (what breaks, regex over the rendered rules, replacement, case file, name of the case that must fail)
MUTATIONS = [
    ("page factor 14.4 lowered to 1.44: pages too early", r"> 14\.4\b", "> 1.44", "slo_fast_burn.yaml",
     "fast burn pages within 9 minutes of a full redirect outage"),
    ("page without the short window: does not clear after recovery",
     rf"slo:sli_error:ratio_rate5m({RA}) / 0\.01 > 14\.4", r"slo:sli_error:ratio_rate1h\1 / 0.01 > 14.4",
     "slo_fast_burn.yaml", "recovery clears the page and keeps the ticket"),
    ("creation SLI without the route tag: a redirect outage pages the creation SLO",
     r',shlink_route="create"', "", "slo_fast_burn.yaml",
     "fast burn pages within 9 minutes of a full redirect outage"),
    ("latency bucket written as le=100.0: Envoy exports le=100", r'le="100"', 'le="100.0"',
     "slo_fast_burn.yaml",
     "latency burn pages from the le=100 bucket share"),
    ("creation latency read from the 250 ms bucket instead of the spec's 500 ms", r'le="500"', 'le="250"',
     "slo_slow_burn.yaml",
     "creation latency burns from the le=500 bucket, ticket only"),
    ("page factor 6 lowered to 3.5: a 4x slow burn pages", r"> 6\b", "> 3.5", "slo_slow_burn.yaml",
     "slow burn opens a ticket and never pages"),
    ("budget remaining divides by the wrong budget", rf"(1 - slo:sli_error:ratio_rate30d{RA}) / 0\.01",
     r"\1 / 0.02", "slo_slow_burn.yaml",
     "error budget remaining counts the whole period, weighted by traffic"),
    ("ticket factor 1 lowered to 0.8: a budget-neutral rate alerts", r"> 1(?=[ )])", "> 0.8",
     "slo_budget_neutral.yaml",
     "a budget-neutral error rate never alerts and leaves the unspent budget"),
    ("RedisMasterMissing without absent(): silent when no master series exists",
     r' or absent\(redis_instance_info\{namespace="shlink-data",role="master"\}\)', "", "platform_alerts.yaml",
     "RedisMasterMissing fires when no pod is master"),
    ("RedisMasterMissing only on zero masters: split brain goes unnoticed", r"\) != 1 or", ") < 1 or",
     "platform_alerts.yaml", "RedisMasterMissing fires on two masters"),
    ("Redis alerts without the namespace filter: another namespace's master counts",
     r'redis_instance_info\{namespace="shlink-data",role="master"\}', 'redis_instance_info{role="master"}',
     "platform_alerts.yaml", "Redis alerts stay quiet with exactly one master"),
    ("RedisFailoverHappened over 1 minute instead of 15", r"\[15m\]\)\) > 1", "[1m])) > 1",
     "platform_alerts.yaml",
     "RedisFailoverHappened fires for 15 minutes after a promotion"),
    ("replication lag threshold 1000 MiB", r"> 100 \* 1024", "> 1000 * 1024", "platform_alerts.yaml",
     "PostgresReplicationLagHigh fires above 100 MiB held for 5 minutes"),
    ("full backup threshold 8 d raised to 10 d", r"> 8 \* 86400", "> 10 * 86400", "platform_alerts.yaml",
     "PostgresFullBackupTooOld fires, PostgresDiffBackupTooOld stays quiet"),
    ("diff backup threshold 2 d raised to 4 d", r"> 2 \* 86400", "> 4 * 86400", "platform_alerts.yaml",
     "PostgresDiffBackupTooOld fires, PostgresFullBackupTooOld stays quiet"),
    ("crash loops counted in every namespace", r'namespace=~"shlink\|shlink-data"', 'namespace=~".+"',
     "platform_alerts.yaml",
     "PodCrashLooping fires for our namespaces only"),
    ("available replicas compared with 1 instead of 2", r"< 2\b", "< 1", "platform_alerts.yaml",
     "ShlinkReplicasUnavailable fires below two available replicas"),
]


@pytest.mark.parametrize("what,pattern,new,case_file,reported", MUTATIONS, ids=[m[0] for m in MUTATIONS])
def test_each_case_fails_when_the_rule_it_guards_breaks(tmp_path, what, pattern, new, case_file, reported):
    res = _test(_unit_dir(tmp_path, (pattern, new)), case_file)
    assert res.returncode != 0, f"{what}: promtool still passes {case_file}"
    # promtool names failing alert cases; a failing promql_expr_test is reported by its expression only.
    case = next(t for t in yaml.safe_load((CASES_DIR / case_file).read_text())["tests"] if t["name"] == reported)
    markers = [f"name: {reported},"] + [f"expr: {json.dumps(e['expr'])}" for e in case.get("promql_expr_test", [])]
    assert any(m in res.stderr for m in markers), res.stdout + res.stderr


def test_every_case_has_a_mutation_that_makes_it_fail():
    names = {t["name"] for f in CASE_FILES for t in yaml.safe_load(f.read_text())["tests"]}
    assert names == {m[4] for m in MUTATIONS}, names ^ {m[4] for m in MUTATIONS}
