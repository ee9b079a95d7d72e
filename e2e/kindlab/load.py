"""The load the chaos suite puts on Shlink while it kills a pod: perf's `peak` scenario, scaled."""

from __future__ import annotations

from pathlib import Path

SCENARIO = "peak"
TIME_SCALE, RATE_SCALE = 0.3, 1.0  # 90 s of peak: 50 redirects/s + 2 creations/s
KILL_AFTER_S = 30  # the pod dies this long after the load starts, well inside the run


def load_argv(*, gateway: str, host: str, api_key: str, out: Path) -> list[str]:
    """Arguments for k6harness.cli.main (the code `bazel run //perf:peak` runs). Cache stats are
    pointed at a closed loopback port: the chaos run reads k6's failure rate, not the hit ratio."""
    return [SCENARIO, "--base-url", gateway, "--host-header", host, "--api-key", api_key,
            "--time-scale", str(TIME_SCALE), "--rate-scale", str(RATE_SCALE), "--out", str(out),
            "--redis-url", "redis://127.0.0.1:1/0"]
