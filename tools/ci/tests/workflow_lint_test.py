"""The workflows as tests: zizmor (security lint) and GitHub's workflow JSON schema over .github/workflows/,
plus the repository's own pinning rules. Both tools come from the lock (requirements.in), run offline."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

WORKFLOWS = sorted(Path(".github/workflows").glob("*.yml"))
FIXTURES = Path("tools/ci/tests/fixtures")
ZIZMOR_CONFIG = Path("tools/ci/zizmor.yml")
CONTRACTS = Path("docs/upstream-contracts.md")
BIN = Path(sys.executable).parent
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?P<comment>.*)$")
PINNED = re.compile(r"(?P<repo>[\w.-]+/[\w.-]+)(?P<sub>/[\w./-]+)?@(?P<sha>[0-9a-f]{40})")


def _zizmor(*paths: Path) -> list[dict]:
    import json
    res = subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", "--config", str(ZIZMOR_CONFIG),
                          "--format", "json", *map(str, paths)], capture_output=True, text=True, check=False)
    assert res.stdout.strip(), f"zizmor produced no report (exit {res.returncode}): {res.stderr[-2000:]}"
    return [f for f in json.loads(res.stdout) if not f.get("ignored")]


def _where(f: dict) -> str:
    loc = f["locations"][0]
    path = loc["symbolic"]["key"].get("Local", {}).get("verbatim_path", "?")
    return f"{f['ident']} {path}:{loc['concrete']['location']['start_point']['row'] + 1} {f['desc']}"


def test_workflows_exist():
    assert {p.name for p in WORKFLOWS} >= {"ci.yml", "e2e.yml", "image.yml"}


def test_zizmor_has_no_findings_on_the_workflows():
    findings = _zizmor(*WORKFLOWS)
    assert not [_where(f) for f in findings]


def test_zizmor_rejects_an_unsafe_workflow():
    """The lint can fail: a tag-pinned action, a credential-persisting checkout and a template injection."""
    idents = {f["ident"] for f in _zizmor(FIXTURES / "unsafe-workflow.yml")}
    assert {"unpinned-uses", "artipacked", "template-injection"} <= idents, idents


def test_every_zizmor_waiver_has_a_reason():
    entries = [line for line in ZIZMOR_CONFIG.read_text().splitlines() if re.match(r"^\s*-\s+\S+\.ya?ml:\d+", line)]
    assert all(re.search(r"#\s*\S", line) for line in entries), entries


def _schema_check(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                           *map(str, paths)], capture_output=True, text=True, check=False)


def test_workflows_are_valid_against_githubs_workflow_schema():
    """check-jsonschema's vendored SchemaStore `github-workflow` schema (PyPI check-jsonschema==0.39.0)."""
    res = _schema_check(*WORKFLOWS)
    assert res.returncode == 0, res.stdout + res.stderr


def test_schema_rejects_an_invalid_workflow():
    res = _schema_check(FIXTURES / "invalid-workflow.yml")
    assert res.returncode != 0 and "invalid-workflow.yml" in res.stdout + res.stderr


def _uses() -> list[tuple[Path, int, str, str]]:
    out = []
    for wf in WORKFLOWS:
        for n, line in enumerate(wf.read_text().splitlines(), 1):
            m = USES.match(line)
            if m:
                out.append((wf, n, m["ref"], m["comment"]))
    return out


def test_every_action_is_pinned_by_sha_with_its_version_comment():
    bad = [f"{wf.name}:{n}: {ref}{c}" for wf, n, ref, c in _uses()
           if not ref.startswith("./") and not (PINNED.fullmatch(ref) and re.fullmatch(r"\s+#\s+v\d+\.\d+\.\d+", c))]
    assert not bad


def _pins() -> set[tuple[str, str, str]]:
    """(owner/repo, vX.Y.Z, sha) of every pinned `uses:`."""
    out = set()
    for _, _, ref, comment in _uses():
        m = PINNED.fullmatch(ref)
        if m and "#" in comment:
            out.add((m["repo"], comment.split("#", 1)[1].strip(), m["sha"]))
    return out


def test_every_pin_has_a_contract_row_with_its_evidence():
    """Each `owner/repo@SHA # vX.Y.Z` was read with `git rev-parse vX.Y.Z^{commit}` in the action's repository;
    the CI section of docs/upstream-contracts.md records it. A pin without that row was not looked up."""
    ci = CONTRACTS.read_text().split("## CI:", 1)[1].split("<!-- end of CI rows -->", 1)[0]
    rows = [line for line in ci.splitlines() if line.startswith("|")]
    missing = [f"{repo}@{ver} {sha}" for repo, ver, sha in sorted(_pins())
               if not any(f"{repo}@{ver}".lower() in r.lower() and sha in r for r in rows)]
    assert _pins() and not missing


def _load(wf: Path) -> dict:
    return yaml.safe_load(wf.read_text())


def test_least_privilege_permissions():
    """Workflow default `permissions: {}`; every job states the scopes it needs."""
    for wf in WORKFLOWS:
        doc = _load(wf)
        assert doc.get("permissions") == {}, wf.name
        for name, job in doc["jobs"].items():
            assert isinstance(job.get("permissions"), dict) and job["permissions"], f"{wf.name}: job {name}"
            assert set(job["permissions"].values()) <= {"read", "write"}


def test_superseded_runs_are_cancelled():
    for wf in WORKFLOWS:
        conc = _load(wf).get("concurrency") or {}
        assert "github.workflow" in str(conc.get("group")) and conc.get("cancel-in-progress"), wf.name


def test_checkouts_do_not_persist_credentials():
    for wf in WORKFLOWS:
        for name, job in _load(wf)["jobs"].items():
            for step in job.get("steps", []):
                if str(step.get("uses", "")).startswith("actions/checkout@"):
                    assert (step.get("with") or {}).get("persist-credentials") is False, f"{wf.name}: {name}"
