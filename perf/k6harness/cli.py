"""`bazel run //perf:<baseline|peak|viral|cache> -- [--profile P] [--base-url URL] [--api-key KEY]
[--time-scale F] [--rate-scale F] [--out DIR] [--redis-url URL]`"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from repo_io import atomic_dir, user_path, workspace_dir

from k6harness import verdict
from k6harness.cache import RedisUrlSource, SentinelMasterSource, hit_ratio
from k6harness.model import SCENARIOS
from k6harness.plan import TYPES, build_plan
from k6harness.preflight import PreflightError, check_target, resolve_api_key, tool
from k6harness.slo import SLOS

SCRIPT = Path(__file__).with_name("scenario.js")
THRESHOLDS_FAILED = 99


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="perf", description=__doc__)
    ap.add_argument("scenario", choices=sorted(SCENARIOS))
    ap.add_argument("--profile", default="homelab")
    ap.add_argument("--base-url")
    ap.add_argument("--api-key")
    ap.add_argument("--time-scale", type=float, default=1.0)
    ap.add_argument("--rate-scale", type=float, default=1.0)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--host-header", help="Host header to send (when --base-url is a port-forward to the gateway)")
    ap.add_argument("--redis-url", help="redis:// URL for cache stats (default: Sentinel master via kubectl)")
    ap.add_argument("--dashboard-period", default=None, help="k6 web dashboard period (default from duration)")
    return ap.parse_args(argv)


def default_base_url(profile: str) -> str:
    from urlplatform.config import load_profile

    p = load_profile(profile)
    return f"{'https' if p.shlink.https else 'http'}://{p.shlink_host}"


def default_out(scenario: str) -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return workspace_dir() / "perf" / "results" / f"{scenario}-{stamp}"


def _cache_source(args):
    if args.redis_url:
        return RedisUrlSource(args.redis_url), f"from {args.redis_url.split('@')[-1]}"
    return SentinelMasterSource(), "from the Sentinel master via kubectl"


def _stats(source):
    try:
        return source.stats(), None
    except Exception as e:  # cache stats are best effort: the run still reports
        return None, f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"


def run(args) -> int:
    scenario = SCENARIOS[args.scenario].scaled(args.time_scale, args.rate_scale)
    slo = SLOS[args.scenario]
    base_url = args.base_url or default_base_url(args.profile)
    api_key = resolve_api_key(args.api_key)
    check_target(base_url, api_key, host_header=args.host_header)
    plan = build_plan(scenario, slo, rate_scale=args.rate_scale, base_url=base_url, host_header=args.host_header)
    out = user_path(args.out) if args.out else default_out(args.scenario)
    with atomic_dir(out) as work:
        (work / "plan.json").write_text(json.dumps(plan, indent=2))
        source, note = _cache_source(args)
        before, err = _stats(source)
        period = args.dashboard_period or f"{max(1, min(10, scenario.duration_s / 10)):.0f}s"
        env = os.environ | {
            "K6_PLAN": str(work / "plan.json"), "K6_SUMMARY": str(work / "summary.json"),
            "SHLINK_API_KEY": api_key, "K6_WEB_DASHBOARD": "true", "K6_WEB_DASHBOARD_PORT": "-1",
            "K6_WEB_DASHBOARD_PERIOD": period, "K6_WEB_DASHBOARD_EXPORT": str(work / "report.html"),
            "K6_NO_USAGE_REPORT": "true",
        }
        started = time.monotonic()
        k6 = subprocess.run([tool("k6"), "run", "--quiet", "--no-color", str(SCRIPT)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        (work / "k6.log").write_text(k6.stdout)
        if not (work / "summary.json").exists():
            tail = k6.stdout.strip().splitlines()[-1:] or ["no output"]
            raise PreflightError(f"k6 exited {k6.returncode} without a summary: {tail[0][:200]}")
        after, err2 = _stats(source) if before else (None, err)
        ratio = hit_ratio(before, after) if before and after else None
        summary = json.loads((work / "summary.json").read_text())
        served = {t: int(verdict.metric_value(summary, f"http_reqs{{type:{t}}}", "count") or 0) for t in TYPES}
        report = verdict.render(
            args.scenario, summary, cache_ratio=ratio, cache_note=note if ratio is not None else (err2 or err or note),
            served=served, expected=plan["expected"])
        (work / "verdict.md").write_text(report)
    total = verdict.metric_value(summary, "http_reqs", "count") or 0
    dropped = verdict.metric_value(summary, "dropped_iterations", "count") or 0
    print(f"perf: {args.scenario}: {total} requests, {dropped} dropped iterations in "
          f"{time.monotonic() - started:.1f}s -> {out}")
    print(report.splitlines()[0])
    return k6.returncode


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv if argv is not None else sys.argv[1:])
    try:
        return run(args)
    except PreflightError as e:
        print(f"perf: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
