"""The image tier's Redis layout, run here with the real redis-server on loopback: password-protected
master + replica, two Sentinels without a password of their own monitoring with auth-pass, and the
master switch the container tier performs (spotahome/redis-operator@v1.3.0-rc1, see imagetools.redis_layout)."""

import shutil
import subprocess

import pytest
import redis
from loopback import free_port, wait_redis_ping

from imagetools.redis_layout import MASTER_NAME, quorum, redis_conf, sentinel_conf, switch_master, wait_replicas_known
from urlplatform.config import load_profile
from urlplatform.render import render

PASSWORD = "image-tier-test-only"
LOOPBACK = ("bind 127.0.0.1",)
[RF] = [o for o in render(load_profile("kind"))["data"] if o["kind"] == "RedisFailover"]
REDIS_CUSTOM = tuple(RF["spec"]["redis"].get("customConfig", ()))
SENTINEL_CUSTOM = tuple(RF["spec"]["sentinel"].get("customConfig", ()))


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    server = shutil.which("redis-server")
    if not server:
        pytest.skip("redis-server not installed (tools/bootstrap installs it)")
    tmp = tmp_path_factory.mktemp("layout")
    master, replica, s1, s2 = (free_port() for _ in range(4))
    confs = {
        "master.conf": redis_conf(password=PASSWORD, port=master, custom=REDIS_CUSTOM,
                                  extra=LOOPBACK + ('save ""', f"dir {tmp}")),
        "replica.conf": redis_conf(password=PASSWORD, port=replica, replica_of=("127.0.0.1", master),
                                   custom=REDIS_CUSTOM, extra=LOOPBACK + ('save ""', f"dir {tmp}")),
        "s1.conf": sentinel_conf(master=("127.0.0.1", master), sentinels=2, password=PASSWORD, port=s1,
                                 custom=SENTINEL_CUSTOM, extra=LOOPBACK),
        "s2.conf": sentinel_conf(master=("127.0.0.1", master), sentinels=2, password=PASSWORD, port=s2,
                                 custom=SENTINEL_CUSTOM, extra=LOOPBACK),
    }
    procs = []
    for name, text in confs.items():
        (tmp / name).write_text(text)
        argv = [server, str(tmp / name)] + (["--sentinel"] if name.startswith("s") else [])
        procs.append(subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    try:
        wait_redis_ping(master, PASSWORD), wait_redis_ping(replica, PASSWORD), wait_redis_ping(s1), wait_redis_ping(s2)
        yield {"master": master, "replica": replica, "sentinels": [s1, s2]}
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=10)


def test_sentinel_custom_config_overrides_the_template_and_defaults_apply_when_empty():
    """validate.go: an empty spec.sentinel.customConfig becomes down-after 5000 / failover-timeout 10000."""
    empty = sentinel_conf(master=("m", 6379), sentinels=2, password="p")
    assert f"sentinel down-after-milliseconds {MASTER_NAME} 5000" in empty
    assert f"sentinel failover-timeout {MASTER_NAME} 10000" in empty and f"parallel-syncs {MASTER_NAME} 2" in empty
    assert "down-after-milliseconds mymaster 1000" not in empty
    custom = sentinel_conf(master=("m", 6379), sentinels=2, password="p", custom=("parallel-syncs 1",))
    assert f"parallel-syncs {MASTER_NAME} 1" in custom and f"down-after-milliseconds {MASTER_NAME} 1000" in custom
    assert "replica-priority 100" in redis_conf(password="p")


def test_rendered_custom_config_is_live_in_the_servers(layout):
    """The rendered customConfig lines are what the running servers report (CONFIG GET / SENTINEL MASTER)."""
    master = redis.Redis(port=layout["master"], password=PASSWORD, socket_timeout=2, decode_responses=True)
    for line in REDIS_CUSTOM:
        key, value = line.split(None, 1)
        got = master.config_get(key)[key]
        assert got == value or (key == "maxmemory" and int(got) == int(value.removesuffix("mb")) * 2**20), line
    state = redis.Redis(port=layout["sentinels"][0], socket_timeout=2, decode_responses=True).sentinel_master(MASTER_NAME)
    for line in SENTINEL_CUSTOM:
        key, value = line.split(None, 1)
        assert str(state[key]) == value, line


def test_quorum_is_a_majority_of_sentinels():
    assert [quorum(k) for k in (1, 2, 3, 5)] == [1, 2, 2, 3]


def test_redis_requires_the_password_and_sentinels_have_none(layout):
    with pytest.raises(redis.exceptions.AuthenticationError):
        redis.Redis(port=layout["master"], socket_timeout=2).set("k", "v")
    for port in layout["sentinels"]:
        assert redis.Redis(port=port, socket_timeout=2).ping()  # no password of their own


def test_master_switch_moves_to_the_replica_and_writes_work_there(layout):
    sentinels = [redis.Redis(port=p, socket_timeout=2, decode_responses=True) for p in layout["sentinels"]]
    wait_replicas_known(sentinels, 1)
    switch = switch_master(sentinels, timeout_s=30)
    print(f"redis layout: master {switch.old} -> {switch.new} in {switch.seconds:.2f}s")
    assert switch.old[1] == layout["master"] and switch.new[1] == layout["replica"]
    new = redis.Redis(port=switch.new[1], password=PASSWORD, socket_timeout=2)
    assert new.set("after-switch", "1") and new.info("replication")["role"] == "master"
