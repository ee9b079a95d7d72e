"""`bazel run //perf:<baseline|peak|viral|cache> -- [--variant seed|open] [--profile P] [--base-url URL]
[--api-key KEY] [--time-scale F] [--rate-scale F] [--out DIR] [--redis-url URL] [--prometheus-url URL]
[--setup-timeout S] [--failure-bodies N] [--raw] [--cold-warm]`

Exit codes: 0 PASS, 1 FAIL, 2 bad input or failed pre-flight (nothing sent, nothing written),
3 ERROR (k6 exited abnormally, wrote no summary, or setup did not complete; logs are kept)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from repo_io import atomic_dir, user_path, workspace_dir

from k6harness import verdict
from k6harness.cache import RunProbes
from k6harness.model import VARIANTS, scenario
from k6harness.plan import FAILURE_BODIES, build_plan
from k6harness.prometheus import PrometheusProbe
from k6harness.preflight import PreflightError, check_target, resolve_api_key, tool
from k6harness.slo import SLOS

SCRIPT = Path(__file__).with_name("scenario.js")
DASHBOARD_TAGS = "group,type,rank"
FAILURE_MARK = "perf-failure "


def parse_args(argv):
    ap = argparse.ArgumentParser(prog="perf", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("scenario", choices=sorted(VARIANTS))
    ap.add_argument("--variant", default="seed", help="seed (default) or a named deviation (cache: open)")
    ap.add_argument("--profile", default="homelab")
    ap.add_argument("--base-url")
    ap.add_argument("--api-key")
    ap.add_argument("--time-scale", type=float, default=1.0)
    ap.add_argument("--rate-scale", type=float, default=1.0)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--host-header", help="Host header to send (when --base-url is a port-forward to the gateway)")
    ap.add_argument("--redis-url", help="redis:// URL for cache stats (default: Sentinel master via kubectl)")
    ap.add_argument("--prometheus-url", help="Prometheus base URL (e.g. a port-forward) for Postgres buffer-cache "
                    "and visit-write metrics over the run")
    ap.add_argument("--dashboard-period", default=None, help="k6 web dashboard period (default from duration)")
    ap.add_argument("--setup-timeout", type=float, default=None,
                    help="seconds (default: URLs x (setup pause + creation p95 objective), at least 60)")
    ap.add_argument("--failure-bodies", type=int, default=FAILURE_BODIES, help="failed responses kept in failures.log")
    ap.add_argument("--raw", action="store_true", help="also write every sample to samples.json.gz (large)")
    ap.add_argument("--cold-warm", action="store_true",
                    help="split redirect latency into the warm-up stage and the rest (tag `phase`)")
    args = ap.parse_args(argv)
    if args.variant not in VARIANTS[args.scenario]:
        ap.error(f"--variant: scenario {args.scenario} has {', '.join(VARIANTS[args.scenario])}")
    for name in ("time_scale", "rate_scale"):
        if getattr(args, name) <= 0:
            ap.error(f"--{name.replace('_', '-')} must be > 0")
    if args.setup_timeout is not None and args.setup_timeout <= 0:
        ap.error("--setup-timeout must be > 0")
    return args


def default_base_url(profile: str) -> str:
    from urlplatform.config import load_profile

    p = load_profile(profile)
    return f"{'https' if p.shlink.https else 'http'}://{p.shlink_host}"


def default_out(scenario_name: str) -> Path:
    stamp = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    return workspace_dir() / "perf" / "results" / f"{scenario_name}-{stamp}"


def dashboard_period(duration_s: float) -> str:
    """At least ~20 snapshots: xk6-dashboard skips report.html with fewer than 2
    (grafana/k6@v1.1.0:vendor/github.com/grafana/xk6-dashboard/dashboard/report.go)."""
    return f"{max(1, min(10, int(duration_s // 20)))}s"


def _k6_cpu_s() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(args) -> int:
    sc = scenario(args.scenario, args.variant).scaled(args.time_scale, args.rate_scale)
    slo = SLOS[args.scenario]
    base_url = args.base_url or default_base_url(args.profile)
    api_key = resolve_api_key(args.api_key)
    check_target(base_url, api_key, host_header=args.host_header)
    plan = build_plan(sc, slo, rate_scale=args.rate_scale, base_url=base_url, host_header=args.host_header,
                      setup_timeout=args.setup_timeout, failure_bodies=args.failure_bodies, cold_warm=args.cold_warm)
    out = user_path(args.out) if args.out else default_out(args.scenario)
    with atomic_dir(out) as work:
        (work / "plan.json").write_text(json.dumps(plan, indent=2))
        probes = RunProbes(args.redis_url)
        probes.start()
        period = args.dashboard_period or dashboard_period(sc.duration_s)
        env = os.environ | {
            "K6_PLAN": str(work / "plan.json"), "K6_SUMMARY": str(work / "summary.json"),
            "SHLINK_API_KEY": api_key, "K6_WEB_DASHBOARD": "true", "K6_WEB_DASHBOARD_PORT": "-1",
            "K6_WEB_DASHBOARD_PERIOD": period, "K6_WEB_DASHBOARD_TAGS": DASHBOARD_TAGS,
            "K6_WEB_DASHBOARD_EXPORT": str(work / "report.html"), "K6_NO_USAGE_REPORT": "true",
        }
        cmd = [tool("k6"), "run", "--no-color"]  # not --quiet: k6.log keeps the banner and progress lines
        if args.raw:
            cmd += ["--out", f"json={work / 'samples.json.gz'}"]
        cpu0, started, started_at = _k6_cpu_s(), time.monotonic(), time.time()
        with open(work / "k6.log", "w") as log:
            k6 = subprocess.run([*cmd, str(SCRIPT)], env=env, stdout=log, stderr=subprocess.STDOUT)
        wall, cpu = time.monotonic() - started, _k6_cpu_s() - cpu0
        log_text = (work / "k6.log").read_text(errors="replace")
        failures = [ln for ln in log_text.splitlines() if FAILURE_MARK in ln][: args.failure_bodies]
        (work / "failures.log").write_text("".join(f"{ln}\n" for ln in failures))
        summary = json.loads((work / "summary.json").read_text()) if (work / "summary.json").exists() else None
        j = verdict.judge(k6.returncode, summary, plan)
        extra = [f"k6: exit {k6.returncode}, {wall:.1f} s wall, {cpu:.1f} CPU-s ({cpu / max(wall, 1e-9):.0%} of one core); "
                 f"log in k6.log, first {len(failures)} failed responses in failures.log"
                 + ("; every sample in samples.json.gz" if args.raw else "") + "."]
        if (work / "report.html").exists():
            extra.append(f"Dashboard: report.html (per-type series: tags `{DASHBOARD_TAGS}`, period {period}).")
        else:
            why = "k6 skipped it: fewer than 2 snapshots" if "report generation was skipped" in log_text else "see k6.log"
            extra.append(f"Dashboard: none was produced ({why}; period {period}).")
        extra += probes.lines()
        if args.prometheus_url:
            extra += PrometheusProbe(args.prometheus_url).lines(started_at, time.time())
        else:
            extra.append("Postgres buffer-cache hit ratio and visit-write latency: not measured "
                         "(pass --prometheus-url, e.g. a port-forward to Prometheus).")
        report = verdict.render(args.scenario, j, summary, plan, extra=extra)
        (work / "verdict.md").write_text(report)
    sent = sum(s[2] for s in j.streams)
    print(f"perf: {args.scenario}: {j.status}: {sent} requests in {wall:.1f}s, k6 {cpu:.1f} CPU-s -> {out}")
    for r in j.reasons[:5]:
        print(f"perf:   {r}")
    return j.exit_code


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv if argv is not None else sys.argv[1:])
    try:
        return run(args)
    except PreflightError as e:
        print(f"perf: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
