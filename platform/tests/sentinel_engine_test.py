"""The rendered Redis settings against a real Redis + Sentinel started on loopback.

The Sentinel Service is stood in for by one local sentinel: every host in REDIS_SERVERS is mapped to it
(the cluster names are configuration, never a target). What predis does with the settings is upstream
fact (predis/predis@v2.4.1:src/Connection/Replication/SentinelReplication.php: ask a sentinel for the
master of `service`, then connect to the master with the `parameters` password; shlinkio/shlink-common@v7.2.0:
src/Cache/RedisFactory.php builds exactly that only for two or more URIs). This test performs those steps
with redis-py, and shows what a single URI does instead: the plain Redis commands go to the sentinel."""

import shutil
import subprocess
from urllib.parse import urlsplit

import pytest
import redis
from loopback import free_port, wait_redis_ping
from rendered import one

PASSWORD = "s3cret-test-only"
# The stand-in is configured as Spotahome configures its sentinels, not from our rendering:
# spotahome/redis-operator@Chart-3.3.0:operator/redisfailover/service/generator.go (sentinel monitor mymaster).
SPOTAHOME_MASTER_NAME = "mymaster"


@pytest.fixture(scope="module")
def sentinel_env(tmp_path_factory):
    """(sentinel port, master port) with the Spotahome layout: requirepass on Redis, none on the sentinel."""
    server = shutil.which("redis-server")
    if not server:
        pytest.skip("redis-server not installed (tools/bootstrap installs it)")
    tmp = tmp_path_factory.mktemp("sentinel")
    master_name = SPOTAHOME_MASTER_NAME
    mport, sport = free_port(), free_port()
    procs = [subprocess.Popen([server, "--port", str(mport), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                               "--requirepass", PASSWORD, "--masterauth", PASSWORD],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    conf = tmp / "sentinel.conf"
    conf.write_text(f"port {sport}\nbind 127.0.0.1\nsentinel monitor {master_name} 127.0.0.1 {mport} 1\n"
                    f"sentinel auth-pass {master_name} {PASSWORD}\n")
    procs.append(subprocess.Popen([server, str(conf), "--sentinel"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL))
    try:
        wait_redis_ping(mport, PASSWORD)
        wait_redis_ping(sport)
        yield sport, mport
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=10)


def env() -> dict[str, str]:
    dep = one("shlink", "Deployment", "shlink")
    return {e["name"]: e["value"] for e in dep["spec"]["template"]["spec"]["containers"][0]["env"]}


def test_every_sentinel_uri_resolves_the_master_and_the_password_opens_it(sentinel_env):
    sport, mport = sentinel_env
    e = env()
    uris = [urlsplit(u.strip()) for u in e["REDIS_SERVERS"].split(",")]
    assert len(uris) >= 2
    for uri in uris:
        assert uri.port == 26379  # the port the stand-in replaces: the sentinel Service's
        sentinel = redis.Redis(host="127.0.0.1", port=sport, password=uri.password, socket_timeout=2)
        addr = sentinel.sentinel_get_master_addr_by_name(e["REDIS_SENTINEL_SERVICE"])
        assert addr, f"the sentinel knows no master named {e['REDIS_SENTINEL_SERVICE']!r}"
        host, port = addr
        assert int(port) == mport
        master = redis.Redis(host=host, port=int(port), password=PASSWORD, socket_timeout=2)
        assert master.set("shlink:lock-probe", "1") and master.get("shlink:lock-probe") == b"1"


def test_a_single_uri_would_send_redis_commands_to_the_sentinel(sentinel_env):
    """Why one URI crash-loops Shlink's init: predis talks to the sentinel as if it were Redis."""
    sport, _ = sentinel_env
    as_redis = redis.Redis(host="127.0.0.1", port=sport, socket_timeout=2)
    with pytest.raises(redis.exceptions.ResponseError):
        as_redis.set("shlink:lock-probe", "1")
