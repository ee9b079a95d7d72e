"""Redis memory and Sentinel timing in the rendered RedisFailover, applied to real redis-server/redis-sentinel.

Spotahome (spotahome/redis-operator@Chart-3.3.0 service/redis/client.go) splits each `customConfig` line at the
first blank and runs `CONFIG SET <param> <value>` on every Redis and `SENTINEL SET mymaster <param> <value>` on
every Sentinel; it substitutes its own Sentinel defaults only for an empty list (api/redisfailover/v1/validate.go).
This test does exactly that against loopback servers it starts, so a line Redis rejects fails here.
"""

import shutil
import subprocess

import pytest
import redis
from loopback import free_port, wait_redis_ping
from rendered import one

MASTER = "mymaster"  # Spotahome's monitor name (operator/redisfailover/service/generator.go)
UNITS = {"Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30}


def _spec():
    return one("data", "RedisFailover", "shlink-redis")["spec"]


def _split(line: str) -> tuple[str, str]:
    param, value = line.split(" ", 1)
    return param, value


def _bytes(q: str) -> int:
    return int(q[:-2]) * UNITS[q[-2:]]


def _start(args: list[str], port: int):
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_redis_ping(port)
    except redis.exceptions.ConnectionError:
        proc.kill()
        raise
    return proc


def test_memory_is_bounded_below_the_container_limit_with_eviction():
    r = _spec()["redis"]
    cfg = dict(_split(line) for line in r["customConfig"])
    limit = _bytes(r["resources"]["limits"]["memory"])
    maxmemory = int(cfg["maxmemory"].removesuffix("mb")) * 1_000_000
    assert 0 < maxmemory <= 0.75 * limit, "leave room for buffers and the BGSAVE fork below the OOM limit"
    assert cfg["maxmemory-policy"] != "noeviction"


def test_sentinel_timing_is_stated():
    cfg = dict(_split(line) for line in _spec()["sentinel"]["customConfig"])
    assert {"down-after-milliseconds", "failover-timeout", "parallel-syncs"} <= set(cfg)
    assert int(cfg["down-after-milliseconds"]) < int(cfg["failover-timeout"])


@pytest.mark.skipif(not shutil.which("redis-server"), reason="redis-server not installed (tools/bootstrap installs it)")
def test_real_redis_and_sentinel_accept_every_line(tmp_path):
    spec = _spec()
    rport, sport = free_port(), free_port()
    server = _start(["redis-server", "--port", str(rport), "--bind", "127.0.0.1", "--save", "",
                     "--dir", str(tmp_path)], rport)
    conf = tmp_path / "sentinel.conf"
    conf.write_text(f"port {sport}\nbind 127.0.0.1\nsentinel monitor {MASTER} 127.0.0.1 {rport} 1\n")
    sentinel = _start(["redis-server", str(conf), "--sentinel"], sport)
    try:
        rc = redis.Redis(host="127.0.0.1", port=rport, decode_responses=True)
        for line in spec["redis"]["customConfig"]:
            param, value = _split(line)
            rc.config_set(param, value)
        assert int(rc.config_get("maxmemory")["maxmemory"]) > 0
        sc = redis.Redis(host="127.0.0.1", port=sport, decode_responses=True)
        for line in spec["sentinel"]["customConfig"]:
            param, value = _split(line)
            sc.execute_command("SENTINEL", "SET", MASTER, param, value)
        master = sc.sentinel_master(MASTER)
        for line in spec["sentinel"]["customConfig"]:
            param, value = _split(line)
            assert str(master[param]) == value, param
    finally:
        for p in (sentinel, server):
            p.terminate()
            p.wait(timeout=10)
