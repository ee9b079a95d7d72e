"""The CI-only helpers that run on the runner's python3: SARIF path rewriting and the job summary."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

sys.path.insert(0, "tools/ci")
sys.path.insert(0, "tools")
import sarif_relative  # noqa: E402
import step_summary  # noqa: E402


def _sarif(uri: str) -> dict:
    return {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "policy-gate"}}, "results": [
        {"ruleId": "r", "level": "error", "message": {"text": "m"},
         "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}]}]}]}


def test_absolute_uris_become_repository_relative(tmp_path):
    (tmp_path / "images" / "shlink").mkdir(parents=True)
    f = tmp_path / "images" / "shlink" / "Dockerfile"
    f.write_text("FROM x\n")
    out = sarif_relative.relativize(_sarif(str(f)), tmp_path)
    art = out["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert art == {"uri": "images/shlink/Dockerfile", "uriBaseId": "%SRCROOT%"}


def test_uri_outside_the_repository_is_an_error(tmp_path):
    (tmp_path / "repo").mkdir()
    with pytest.raises(ValueError, match="outside the repository root"):
        sarif_relative.relativize(_sarif("/etc/passwd"), tmp_path / "repo")


def test_bad_sarif_is_one_line_error(tmp_path):
    bad = tmp_path / "bad.sarif"
    bad.write_text("{not json")
    res = subprocess.run([sys.executable, "tools/ci/sarif_relative.py", str(bad), str(tmp_path)],
                         capture_output=True, text=True, check=False)
    assert res.returncode == 2 and res.stdout == "" and res.stderr.count("\n") == 1


def _finding(level: str, rule: str) -> dict:
    return {"level": level, "rule": rule, "msg": "a | b", "path": "p.yaml", "resource": "Deployment/x",
            "policy": "k"}


def test_summary_lists_denials_before_warnings_and_waivers(tmp_path):
    gate = tmp_path / "gate.json"
    gate.write_text(json.dumps({"checked": 7, "findings": [_finding("warn", "w1"), _finding("deny", "d1")],
                                "excepted": [_finding("deny", "x1")]}))
    text = step_summary.gate_section(gate)
    assert "7 documents, 1 denials, 1 warnings, 1 waived" in text
    rows = [line for line in text.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert [r.split("|")[1].strip() for r in rows] == ["deny", "warn", "waived"]
    assert "a \\| b" in rows[0]  # a pipe in a message does not break the table


def test_summary_counts_bazel_test_xml(tmp_path):
    logs = tmp_path / "bazel-testlogs" / "pkg" / "t"
    logs.mkdir(parents=True)
    (logs / "test.xml").write_text(
        '<testsuites><testsuite><testcase name="a"/><testcase name="b"><failure/></testcase>'
        '<testcase name="c"><skipped/></testcase></testsuite></testsuites>')
    text = step_summary.tests_section(tmp_path / "bazel-testlogs")
    assert "1 targets; 1 passed, 1 failed, 1 skipped" in text


def test_unreadable_gate_json_is_reported_not_raised(tmp_path):
    text = step_summary.gate_section(tmp_path / "missing.json")
    assert "unreadable" in text


def test_conftest_pin_is_recorded():
    """tools/ci/install_conftest pins one version and one sha256, and the CI rows of the contracts table
    record that pair with its provenance."""
    script = Path("tools/ci/install_conftest").read_text()
    version = re.search(r"^version=(\d+\.\d+\.\d+)$", script, flags=re.M).group(1)
    sha = re.search(r"^sha256=([0-9a-f]{64})$", script, flags=re.M).group(1)
    ci = Path("docs/upstream-contracts.md").read_text().split("## CI:", 1)[1].split("<!-- end of CI rows -->")[0]
    assert f"conftest_{version}_Linux_x86_64.tar.gz" in ci and sha in ci
    assert "sha256sum --check" in script and "checksums.txt" in script
