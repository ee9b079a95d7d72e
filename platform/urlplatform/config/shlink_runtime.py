"""Shlink's RoadRunner worker pools and PHP memory_limit, derived from the container's resources.

Upstream facts (shlinkio/shlink@v4.6.0):
- `config/roadrunner/.rr.yml`: `http.pool.num_workers: ${WEB_WORKER_NUM:-0}` and
  `jobs.pool.num_workers: ${TASK_WORKER_NUM:-0}`; 0 means one worker per *node* CPU, which ignores
  the pod's CPU limit.
- `module/Core/src/Config/EnvVars.php` + `config/container.php`: `MEMORY_LIMIT` (default `512M`) is
  `ini_set('memory_limit', ...)` in every PHP process, i.e. in *each* worker.

Our budget assumptions (not upstream facts): the RoadRunner Go process takes `RR_OVERHEAD_MIB`, each
PHP worker has a `WORKER_BASELINE_MIB` resident baseline outside its memory_limit, and PHP workers
block on Postgres/Redis I/O, so `WEB_WORKERS_PER_CPU` workers share one CPU of limit."""

from __future__ import annotations

import math
from dataclasses import dataclass

RR_OVERHEAD_MIB = 64
WORKER_BASELINE_MIB = 32
WEB_WORKERS_PER_CPU = 4
MIN_WEB_WORKERS = 2  # a probe must never queue behind the one request a single worker is busy with
TASK_WORKERS = 1  # async jobs (visit located/published events) are few and short
MIN_PHP_MEMORY_MIB = 96  # below this Shlink's init (migrations, cache warm-up) runs out of memory
MAX_PHP_MEMORY_MIB = 512  # Shlink's own MEMORY_LIMIT default: never more per worker


@dataclass(frozen=True, kw_only=True)
class ShlinkRuntime:
    """Env-ready sizing for one Shlink pod."""

    web_workers: int
    task_workers: int
    php_memory_limit_mib: int

    @property
    def workers(self) -> int:
        return self.web_workers + self.task_workers

    @property
    def env(self) -> dict[str, str]:
        # An "M" suffix matters: a bare number would reach ini_set as bytes (shlink-config parseEnvVar).
        return {"WEB_WORKER_NUM": str(self.web_workers), "TASK_WORKER_NUM": str(self.task_workers),
                "MEMORY_LIMIT": f"{self.php_memory_limit_mib}M"}


def shlink_runtime(*, cpu_limit_milli: float, memory_limit_bytes: int) -> ShlinkRuntime:
    """Web workers from the CPU limit, as many as the memory limit fits at MIN_PHP_MEMORY_MIB each (never
    fewer than MIN_WEB_WORKERS); each PHP worker's memory_limit is its share of what is left."""
    budget_mib = memory_limit_bytes // (1 << 20) - RR_OVERHEAD_MIB
    by_cpu = math.ceil(cpu_limit_milli * WEB_WORKERS_PER_CPU / 1000)
    by_memory = budget_mib // (WORKER_BASELINE_MIB + MIN_PHP_MEMORY_MIB) - TASK_WORKERS
    web = max(MIN_WEB_WORKERS, min(by_cpu, by_memory))
    workers = web + TASK_WORKERS
    php_mib = min(MAX_PHP_MEMORY_MIB, (budget_mib - WORKER_BASELINE_MIB * workers) // workers)
    return ShlinkRuntime(web_workers=web, task_workers=TASK_WORKERS, php_memory_limit_mib=php_mib)
