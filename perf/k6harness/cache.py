"""What the cache scenario can measure besides k6's own numbers.

Redis: Shlink 4.6 puts its cache adapter (Doctrine metadata/query caches, locks) in Redis when
REDIS_SERVERS is set (shlinkio/shlink@v4.6.0:config/autoload/cache.global.php, locks.global.php) and
module/Core/src has no result cache for redirects, so the keyspace hit ratio tends to 1.0 whatever
the traffic. It is reported as a labelled wiring check (hits > 0, few misses, no evictions), not as a
redirect cache hit ratio. What a user can act on is the redirect latency by URL rank (`rank:hot` vs
`rank:tail`, in verdict.md) and, with --prometheus-url, the Postgres numbers from prometheus.py.
"""

from __future__ import annotations

import math
import subprocess
import threading
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


def wiring_check(before: KeyspaceStats, after: KeyspaceStats,
                 warm: KeyspaceStats | None = None) -> tuple[bool, str]:
    """Redis is wired when the run produced hits, lookups after warm-up (from `warm`, default `before`)
    missed under 5 % of the time and nothing was evicted."""
    warm = warm or before
    hits, evicted = after.hits - before.hits, after.evicted - before.evicted
    warm_hits, warm_misses = after.hits - warm.hits, after.misses - warm.misses
    ratio = hit_ratio(before, after)
    ok = hits > 0 and warm_misses <= WIRING_MAX_MISS_RATIO * (warm_hits + warm_misses) and evicted == 0
    shown = "n/a" if ratio is None else f"{ratio:.3f}"
    return ok, (f"+{hits} hits, +{after.misses - before.misses} misses (hit ratio {shown}), "
                f"+{warm_misses} misses after warm-up, +{evicted} evicted keys")


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
    """Samples Redis every `interval_s` while k6 runs; the wiring check counts hits and evictions over the
    whole run and misses after warm-up (the first `warmup_share` of the samples: setup and first ramp)."""

    def __init__(self, redis_url: str | None, interval_s: float = 5.0, warmup_share: float = 0.2):
        self.source = RedisUrlSource(redis_url) if redis_url else SentinelMasterSource()
        self.interval_s, self.warmup_share = interval_s, warmup_share
        self.samples: list[KeyspaceStats] = []
        self.error: str | None = None
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _sample(self) -> bool:
        stats, err = _stats(self.source)
        if stats is None:
            self.error = err
            return False
        self.samples.append(stats)
        return True

    def start(self) -> None:
        if self._sample():
            self._thread = threading.Thread(target=self._loop, daemon=True)
            self._thread.start()

    def _loop(self) -> None:
        while not self._stop.wait(self.interval_s) and self._sample():
            pass

    def stop(self) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()
            self._sample()

    def lines(self) -> list[str]:
        self.stop()
        label = "Redis wiring check (Shlink 4.6 caches Doctrine metadata/queries in Redis, not redirects)"
        if len(self.samples) < 2:
            return [f"{label}: not measured ({self.error}; {self.source.where})."]
        first, last = self.samples[0], self.samples[-1]
        warm = self.samples[min(len(self.samples) - 2, math.ceil((len(self.samples) - 1) * self.warmup_share))]
        ok, text = wiring_check(first, last, warm)
        return [f"{label}: {'ok' if ok else 'NOT OK'}: {text} ({self.source.where})."]
