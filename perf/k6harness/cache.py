"""What the cache scenario can measure besides k6's own numbers.

Redis: Shlink 4.6 puts its cache adapter (Doctrine metadata/query caches, locks) in Redis when
REDIS_SERVERS is set (shlinkio/shlink@v4.6.0:config/autoload/cache.global.php, locks.global.php) and
module/Core/src has no result cache for redirects, so the keyspace hit ratio tends to 1.0 whatever
the traffic. It is reported as a labelled wiring check (hits > 0, few misses, no evictions), not as a
redirect cache hit ratio. What a user can act on is the redirect latency by URL rank (`rank:hot` vs
`rank:tail`, in verdict.md) and, with --prometheus-url, the Postgres numbers from prometheus.py.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass

from k6harness.preflight import tool

WIRING_MAX_MISS_RATIO = 0.05


@dataclass(frozen=True)
class KeyspaceStats:
    hits: int
    misses: int
    evicted: int = 0


def parse_info(text: str) -> KeyspaceStats:
    fields = dict(line.split(":", 1) for line in text.splitlines() if ":" in line and not line.startswith("#"))
    return KeyspaceStats(int(fields["keyspace_hits"]), int(fields["keyspace_misses"]),
                         int(fields.get("evicted_keys", "0").strip() or 0))


def hit_ratio(before: KeyspaceStats, after: KeyspaceStats) -> float | None:
    hits, misses = after.hits - before.hits, after.misses - before.misses
    return None if hits + misses <= 0 else hits / (hits + misses)


def wiring_check(before: KeyspaceStats, after: KeyspaceStats) -> tuple[bool, str]:
    """Redis is wired when the run produced hits, misses stayed under 5 % of lookups and nothing was evicted."""
    hits, misses, evicted = after.hits - before.hits, after.misses - before.misses, after.evicted - before.evicted
    ratio = hit_ratio(before, after)
    ok = hits > 0 and misses <= WIRING_MAX_MISS_RATIO * (hits + misses) and evicted == 0
    shown = "n/a" if ratio is None else f"{ratio:.3f}"
    return ok, f"+{hits} hits, +{misses} misses (hit ratio {shown}), +{evicted} evicted keys"


class RedisUrlSource:
    """Reads INFO stats from a redis:// URL."""

    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=5)
        self.where = f"from {url.split('@')[-1]}"

    def stats(self) -> KeyspaceStats:
        info = self.client.info("stats")
        return KeyspaceStats(int(info["keyspace_hits"]), int(info["keyspace_misses"]), int(info.get("evicted_keys", 0)))


class SentinelMasterSource:
    """Reads INFO stats from the current Sentinel master pod through kubectl exec."""

    where = "from the Sentinel master via kubectl"

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


def _stats(source):
    try:
        return source.stats(), None
    except Exception as e:  # probes are best effort: the run still reports
        return None, f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"


class RunProbes:
    """Samples Redis before and after the k6 run and turns the deltas into verdict lines."""

    def __init__(self, redis_url: str | None):
        self.source = RedisUrlSource(redis_url) if redis_url else SentinelMasterSource()
        self.before, self.error = None, None

    def start(self) -> None:
        self.before, self.error = _stats(self.source)

    def lines(self) -> list[str]:
        label = "Redis wiring check (Shlink 4.6 caches Doctrine metadata/queries in Redis, not redirects)"
        after, err = _stats(self.source) if self.before else (None, self.error)
        if self.before is None or after is None:
            return [f"{label}: not measured ({err or self.error}; {self.source.where})."]
        ok, text = wiring_check(self.before, after)
        return [f"{label}: {'ok' if ok else 'NOT OK'}: {text} ({self.source.where})."]
