"""CI's OPA parity check: the real conftest (OPA) over the same policies, samples and rendered tree as the
regopy gate; the findings must be equal, and `conftest verify` must pass the Rego unit tests.

`bazel run //tools/ci:opa_parity -- [--conftest PATH] [--out DIR]`
Exit 0 equal and verified, 1 a mismatch (each line names the rule, file and which engine alone found it) or
a failing Rego unit test, 2 bad input. Without conftest on PATH it skips with one line (exit 0): the ci
workflow's opa-parity job installs the pinned release, checksum verified."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from repo_io import user_path, workspace_dir

Key = tuple[str, str, str, str]  # (file, level, rule, msg)
INPUTS = ["platform/rendered", "images"]


def conftest_findings(results: list[dict]) -> Counter:
    """conftest `-o json` (open-policy-agent/conftest@v0.69.0:output/result.go CheckResult) as finding keys.
    `failures` are denials, `warnings` warnings; the gate's rule id and path travel in the result metadata."""
    out: Counter = Counter()
    for res in results:
        for level, bucket in (("deny", "failures"), ("warn", "warnings")):
            for r in res.get(bucket) or []:
                meta = r.get("metadata") or {}
                out[(meta.get("path") or res["filename"], level, meta.get("rule") or res["namespace"], r["msg"])] += 1
    return out


def gate_findings(findings) -> Counter:
    return Counter((f.path, f.level, f.rule, f.msg) for f in findings)


def diff(gate: Counter, opa: Counter) -> list[str]:
    """One line per finding that only one engine reports, naming the rule first."""
    lines = []
    for key, n in sorted((gate - opa).items()):
        lines.append(f"{key[2]}: only regopy ({n}x) {key[1]} {key[0]}: {key[3]}")
    for key, n in sorted((opa - gate).items()):
        lines.append(f"{key[2]}: only conftest ({n}x) {key[1]} {key[0]}: {key[3]}")
    return lines


def conftest_test_file(src: str) -> str:
    """A *_test.rego written for the regopy runner convention (test_<x> sees input = inputs.<x>, because
    regopy crashes on `with`) as OPA runs it: each test_<x> becomes case_<x>, and a new test_<x> evaluates it
    `with input as inputs.<x>` (plainly when the test has no bound input)."""
    names = sorted(set(re.findall(r"^test_(\w+)\b", src, flags=re.M)))
    bound = set(re.findall(r"^inputs\.(\w+)\s*:?=", src, flags=re.M))
    body = re.sub(r"^test_(\w+)\b", r"case_\1", src, flags=re.M)
    extra = [f"test_{n} if case_{n} with input as inputs.{n}" if n in bound else f"test_{n} if case_{n}"
             for n in names]
    return body.rstrip("\n") + "\n\n# conftest verify: the runner convention as OPA's `with`.\n" + "\n".join(extra) + "\n"


def _conftest(conftest: str, args: list[str], cwd: Path) -> list[dict]:
    res = subprocess.run([conftest, *args], capture_output=True, text=True, check=False, cwd=cwd, timeout=600)
    try:
        return json.loads(res.stdout)
    except ValueError:
        raise RuntimeError(f"conftest {' '.join(args[:3])}: exit {res.returncode}: "
                           f"{(res.stderr.strip().splitlines() or ['no output'])[-1]}") from None


def run_conftest(conftest: str, root: Path, files: list[str], policy_dir: Path) -> Counter:
    from policygate.documents import is_dockerfile
    from policygate.engine import DOMAINS, discover

    policies = discover(policy_dir)
    yaml_files = [f for f in files if not is_dockerfile(Path(f))]
    dockerfiles = [f for f in files if is_dockerfile(Path(f))]
    common = ["test", "--no-color", "--output", "json", "--policy", str(policy_dir)]
    runs = []
    for kind, domains in DOMAINS.items():
        ns = [p.package for p in policies if p.domain in domains and not p.combined]
        targets = dockerfiles if kind == "dockerfile" else yaml_files
        if ns and targets:
            runs.append([*common, *[a for n in ns for a in ("--namespace", n)], *targets])
    combined = [p.package for p in policies if p.combined]
    if combined and yaml_files:
        runs.append([*common, "--combine", *[a for n in combined for a in ("--namespace", n)], *yaml_files])
    total: Counter = Counter()
    for args in runs:
        total += conftest_findings(_conftest(conftest, args, root))
    return total


def verify(conftest: str, policy_dir: Path, work: Path) -> subprocess.CompletedProcess:
    """`conftest verify` over a copy of the policies whose tests bind input with OPA's `with`."""
    copy = work / "policies"
    shutil.copytree(policy_dir, copy, ignore=shutil.ignore_patterns("samples", "*.py", "__pycache__", "*.yaml",
                                                                    "*.md", "BUILD.bazel", "tests"))
    for f in copy.glob("*/*/*_test.rego"):
        f.write_text(conftest_test_file(f.read_text()))
    return subprocess.run([conftest, "verify", "--no-color", "--policy", str(copy)], capture_output=True,
                          text=True, check=False, timeout=600)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="opa_parity", description=__doc__.split("\n\n")[0])
    ap.add_argument("--conftest", default=os.environ.get("CONFTEST") or shutil.which("conftest"))
    ap.add_argument("--out", default="opa-parity", help="folder for report.md")
    args = ap.parse_args(argv)
    if not args.conftest:
        print("opa_parity: skipped: conftest not on PATH (CI-only: the ci workflow's opa-parity job installs "
              "the pinned release, checksum verified)")
        return 0
    from policygate.documents import InputError, expand, load
    from policygate.engine import POLICY_ROOT, Engine

    root = workspace_dir()
    out = user_path(args.out)
    os.chdir(root)
    samples = sorted(str(p) for p in Path("policies").glob("*/*/samples"))
    try:
        files = [str(f) for f in expand(INPUTS + samples)]
        docs = [d for f in files for d in load(Path(f))]
    except InputError as e:
        print(f"opa_parity: {e}", file=sys.stderr)
        return 2
    gate = gate_findings(Engine().evaluate(docs))
    try:
        opa = run_conftest(args.conftest, root, files, POLICY_ROOT)
    except RuntimeError as e:
        print(f"opa_parity: {e}", file=sys.stderr)
        return 1
    mismatches = diff(gate, opa)
    with tempfile.TemporaryDirectory() as tmp:
        ver = verify(args.conftest, POLICY_ROOT, Path(tmp))
    out.mkdir(parents=True, exist_ok=True)
    verify_line = (ver.stdout.strip().splitlines() or ["no output"])[-1]
    report = [f"**OPA parity** (conftest vs the regopy gate over {len(files)} files, {len(docs)} documents): "
              f"regopy {sum(gate.values())} findings, conftest {sum(opa.values())}, {len(mismatches)} mismatches; "
              f"`conftest verify`: exit {ver.returncode} ({verify_line})", ""]
    report += [f"- {m}" for m in mismatches[:200]]
    (out / "report.md").write_text("\n".join(report) + "\n")
    print("\n".join(report))
    for m in mismatches:
        print(f"opa_parity: mismatch: {m}", file=sys.stderr)
    if ver.returncode != 0:
        print(f"opa_parity: conftest verify failed:\n{ver.stdout[-4000:]}{ver.stderr[-2000:]}", file=sys.stderr)
    return 1 if mismatches or ver.returncode != 0 else 0


if __name__ == "__main__":
    sys.exit(main())
