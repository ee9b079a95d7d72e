"""Redis cache hit ratio, measured as deltas of INFO stats keyspace hits/misses around a run."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

from k6harness.preflight import tool


@dataclass(frozen=True)
class KeyspaceStats:
    hits: int
    misses: int


def parse_info(text: str) -> KeyspaceStats:
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line and not line.startswith("#"))
    return KeyspaceStats(int(fields["keyspace_hits"]), int(fields["keyspace_misses"]))


def hit_ratio(before: KeyspaceStats, after: KeyspaceStats) -> float | None:
    hits, misses = after.hits - before.hits, after.misses - before.misses
    return None if hits + misses <= 0 else hits / (hits + misses)


class RedisUrlSource:
    """Reads INFO stats from a redis:// URL."""

    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=5)

    def stats(self) -> KeyspaceStats:
        info = self.client.info("stats")
        return KeyspaceStats(int(info["keyspace_hits"]), int(info["keyspace_misses"]))


class SentinelMasterSource:
    """Reads INFO stats from the current Sentinel master pod through kubectl exec."""

    def __init__(self, namespace: str = "shlink-data", selector: str = "redisfailovers-role=master"):
        self.namespace, self.selector = namespace, selector

    def stats(self) -> KeyspaceStats:
        kubectl = tool("kubectl")
        pod = subprocess.run([kubectl, "get", "pod", "-n", self.namespace, "-l", self.selector, "--request-timeout=5s",
                              "-o", "jsonpath={.items[0].metadata.name}"], capture_output=True, text=True, timeout=10)
        if pod.returncode != 0 or not pod.stdout:
            raise RuntimeError(f"no Redis master pod ({self.selector}) in {self.namespace}")
        out = subprocess.run([kubectl, "exec", "-n", self.namespace, pod.stdout, "-c", "redis", "--",
                              "sh", "-c", 'redis-cli -a "$REDIS_PASSWORD" --no-auth-warning INFO stats'],
                             capture_output=True, text=True, timeout=15)
        if out.returncode != 0:
            raise RuntimeError(f"redis-cli INFO failed: {out.stderr.strip()[:200]}")
        return parse_info(out.stdout)
