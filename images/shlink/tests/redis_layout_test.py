"""The image tier's Redis layout, run here with the real redis-server on loopback: password-protected
master + replica, two Sentinels without a password of their own monitoring with auth-pass, and the
master switch the container tier performs (spotahome/redis-operator@v1.3.0-rc1, see imagetools.redis_layout)."""

import shutil
import socket
import subprocess
import time

import pytest
import redis

from imagetools.redis_layout import quorum, redis_conf, sentinel_conf, switch_master, wait_replicas_known

PASSWORD = "image-tier-test-only"
LOOPBACK = ("bind 127.0.0.1",)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ping(port: int, password: str | None = None) -> None:
    deadline = time.monotonic() + 10
    while True:
        try:
            redis.Redis(port=port, password=password, socket_timeout=1).ping()
            return
        except redis.exceptions.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


@pytest.fixture(scope="module")
def layout(tmp_path_factory):
    server = shutil.which("redis-server")
    if not server:
        pytest.skip("redis-server not installed (tools/bootstrap installs it)")
    tmp = tmp_path_factory.mktemp("layout")
    master, replica, s1, s2 = (free_port() for _ in range(4))
    confs = {
        "master.conf": redis_conf(password=PASSWORD, port=master, extra=LOOPBACK + ('save ""', f"dir {tmp}")),
        "replica.conf": redis_conf(password=PASSWORD, port=replica, replica_of=("127.0.0.1", master),
                                   extra=LOOPBACK + ('save ""', f"dir {tmp}")),
        "s1.conf": sentinel_conf(master=("127.0.0.1", master), sentinels=2, password=PASSWORD, port=s1, extra=LOOPBACK),
        "s2.conf": sentinel_conf(master=("127.0.0.1", master), sentinels=2, password=PASSWORD, port=s2, extra=LOOPBACK),
    }
    procs = []
    for name, text in confs.items():
        (tmp / name).write_text(text)
        argv = [server, str(tmp / name)] + (["--sentinel"] if name.startswith("s") else [])
        procs.append(subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    try:
        wait_ping(master, PASSWORD), wait_ping(replica, PASSWORD), wait_ping(s1), wait_ping(s2)
        yield {"master": master, "replica": replica, "sentinels": [s1, s2]}
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=10)


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
