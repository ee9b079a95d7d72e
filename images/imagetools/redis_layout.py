"""Redis and Sentinel configured as the Spotahome operator configures them, for the image tier.

Facts (spotahome/redis-operator@v1.3.0-rc1, the source of chart 3.3.0 / app 1.3.0):
- operator/redisfailover/service/generator.go redisConfigTemplate: `port`, `tcp-keepalive 60`,
  `save 900 1`, `save 300 10`, `user pinger -@all +ping on >pingpass`; with auth it appends
  `masterauth <pw>` and `requirepass <pw>` (generateRedisConfigMap).
- sentinelConfigTemplate: `sentinel monitor mymaster ... 2`, `down-after-milliseconds 1000`,
  `failover-timeout 3000`, `parallel-syncs 2`; the operator then re-monitors the real master with
  quorum replicas/2+1 (getQuorum) and sets `auth-pass` (service/redis/client.go MonitorRedisWithPort);
  Sentinels themselves get no password (that client connects with Password "").
- api/redisfailover/v1/validate.go + defaults.go: the Redis customConfig is `replica-priority 100` plus the
  spec's lines (applied with CONFIG SET); the Sentinel customConfig is the spec's lines, or
  `down-after-milliseconds 5000`, `failover-timeout 10000` when the spec has none (applied with SENTINEL SET,
  overriding the template's values)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from redis.exceptions import ResponseError

from urlplatform.components import redis

MASTER_NAME = redis.SENTINEL_MASTER


def quorum(sentinels: int) -> int:
    return sentinels // 2 + 1


SENTINEL_TEMPLATE = {"down-after-milliseconds": "1000", "failover-timeout": "3000", "parallel-syncs": "2"}
DEFAULT_SENTINEL_CUSTOM = ("down-after-milliseconds 5000", "failover-timeout 10000")
DEFAULT_REDIS_CUSTOM = ("replica-priority 100",)


def redis_conf(*, password: str, port: int = redis.PORT, replica_of: tuple[str, int] | None = None,
               custom: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> str:
    """redis.conf with the spec's customConfig lines (what the operator CONFIG SETs) in the file."""
    lines = [f"port {port}", "tcp-keepalive 60", "save 900 1", "save 300 10",
             "user pinger -@all +ping on >pingpass", f"masterauth {password}", f"requirepass {password}"]
    lines += list(dict.fromkeys(DEFAULT_REDIS_CUSTOM + tuple(custom)))
    if replica_of:
        lines.append(f"replicaof {replica_of[0]} {replica_of[1]}")
    return "\n".join(lines + list(extra)) + "\n"


def sentinel_conf(*, master: tuple[str, int], sentinels: int, password: str, port: int = redis.SENTINEL_PORT,
                  custom: tuple[str, ...] = (), extra: tuple[str, ...] = ()) -> str:
    """sentinel.conf as it stands after the operator's MONITOR, SET auth-pass and SET <customConfig>."""
    options = dict(SENTINEL_TEMPLATE)
    for line in tuple(custom) or DEFAULT_SENTINEL_CUSTOM:
        key, value = line.split(None, 1)
        options[key] = value
    lines = [f"port {port}", f"sentinel monitor {MASTER_NAME} {master[0]} {master[1]} {quorum(sentinels)}"]
    lines += [f"sentinel {key} {MASTER_NAME} {value}" for key, value in options.items()]
    lines.append(f"sentinel auth-pass {MASTER_NAME} {password}")
    return "\n".join(lines + list(extra)) + "\n"


@dataclass(frozen=True)
class Switch:
    old: tuple[str, int]
    new: tuple[str, int]
    seconds: float


def master_of(sentinel) -> tuple[str, int] | None:
    addr = sentinel.sentinel_get_master_addr_by_name(MASTER_NAME)
    return (addr[0], int(addr[1])) if addr else None


def wait_replicas_known(sentinels, count: int, timeout_s: float = 30) -> None:
    """Sentinels learn replicas from the master's INFO; a failover needs them known."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if all(len(s.sentinel_slaves(MASTER_NAME)) >= count for s in sentinels):
            return
        time.sleep(0.5)
    raise TimeoutError(f"sentinels did not discover {count} replica(s) within {timeout_s:.0f}s")


def switch_master(sentinels, timeout_s: float = 30) -> Switch:
    """SENTINEL FAILOVER on the first sentinel; done when every sentinel names a different master.

    A known replica is promotable only while its link answered within 5 ping periods and its INFO is fresh
    (redis/redis@7.0.15:src/sentinel.c sentinelSelectSlave); otherwise FAILOVER answers NOGOODSLAVE at once
    (sentinelCommand). On a loaded machine that is a moment, not a verdict: ask again until the deadline."""
    old = master_of(sentinels[0])
    start = time.monotonic()
    while True:
        try:
            sentinels[0].sentinel_failover(MASTER_NAME)
            break
        except ResponseError as e:
            if "NOGOODSLAVE" not in str(e) or time.monotonic() - start >= timeout_s:
                raise
            time.sleep(0.5)
    while time.monotonic() - start < timeout_s:
        seen = {master_of(s) for s in sentinels}
        if len(seen) == 1 and old not in seen and None not in seen:
            return Switch(old, seen.pop(), time.monotonic() - start)
        time.sleep(0.2)
    raise TimeoutError(f"sentinels still name {old} or disagree after {timeout_s:.0f}s")
