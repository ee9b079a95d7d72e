"""The e2e tier drives perf's CLI (k6harness.cli, what `bazel run //perf:<scenario>` runs) twice: the
chaos suite's load and the workflow's scaled peak run. Both argument lists must parse with perf's own
parser, and the chaos load must still be running when the pod is killed."""

import re
import shlex
from pathlib import Path

from k6harness.cli import parse_args
from k6harness.model import SCENARIOS
from kindlab.load import KILL_AFTER_S, load_argv

WORKFLOW = Path(".github/workflows/e2e.yml").read_text()


def test_chaos_load_argv_parses_and_outlasts_the_kill():
    args = parse_args(load_argv(gateway="http://127.0.0.1:1", host="h", api_key="k", out=Path("/tmp/x")))
    scaled = SCENARIOS[args.scenario].scaled(args.time_scale, args.rate_scale)
    assert scaled.duration_s >= KILL_AFTER_S + 30, "the pod must die well inside the load"
    assert args.host_header == "h" and args.base_url == "http://127.0.0.1:1"


def test_workflow_perf_step_parses_with_perf_cli():
    m = re.search(r"bazel run //perf:(\w+) -- ((?:[^\n]|\\\n)+?)\|\| code=", WORKFLOW)
    assert m, "the e2e workflow runs no `bazel run //perf:<scenario> -- ...`"
    argv = shlex.split(m.group(2).replace("\\\n", " "))
    args = parse_args([m.group(1), *argv])
    assert args.out is not None and "E2E_ARTIFACTS_DIR" in str(args.out)
    assert args.base_url.startswith("http://127.0.0.1:") and args.host_header
    assert 0 < args.time_scale <= 1 and 0 < args.rate_scale <= 1


def test_workflow_uploads_the_perf_report_files():
    """perf writes report.html, summary.json and verdict.md into --out; the upload takes the whole dir."""
    out = re.search(r'--out "\$E2E_ARTIFACTS_DIR/([\w-]+)"', WORKFLOW).group(1)
    assert out and "path: e2e-artifacts/" in WORKFLOW and "E2E_ARTIFACTS_DIR: ${{ github.workspace }}/e2e-artifacts" in WORKFLOW
