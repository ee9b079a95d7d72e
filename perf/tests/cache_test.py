"""Cache hit ratio against a real redis-server this test starts on loopback."""

import shutil
import subprocess
import time

import pytest
import redis
from loopback import free_port

from k6harness.cache import KeyspaceStats, RedisUrlSource, hit_ratio, parse_info


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if not server:
        pytest.skip("redis-server not installed (tools/bootstrap installs it)")
    port = free_port()
    proc = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
                             "--dir", str(tmp_path)], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    for _ in range(50):
        try:
            redis.Redis.from_url(url).ping()
            break
        except redis.ConnectionError:
            time.sleep(0.1)
    yield url
    proc.terminate()
    proc.wait(5)


def test_ratio_from_real_redis(redis_url):
    src, client = RedisUrlSource(redis_url), redis.Redis.from_url(redis_url)
    client.set("hot", "1")
    before = src.stats()
    for _ in range(30):
        client.get("hot")
    for i in range(10):
        client.get(f"cold-{i}")
    after = src.stats()
    assert (after.hits - before.hits, after.misses - before.misses) == (30, 10)
    assert hit_ratio(before, after) == pytest.approx(0.75)


def test_parse_info_text():
    text = "# Stats\r\ntotal_connections_received:3\r\nkeyspace_hits:12\r\nkeyspace_misses:4\r\n"
    assert parse_info(text) == KeyspaceStats(12, 4)


def test_no_traffic_has_no_ratio():
    assert hit_ratio(KeyspaceStats(5, 5), KeyspaceStats(5, 5)) is None


def test_wiring_check_on_real_redis(redis_url):
    """hits > 0, misses under 5 %, no evictions -> ok; a run of misses -> not ok."""
    from k6harness.cache import wiring_check

    src, client = RedisUrlSource(redis_url), redis.Redis.from_url(redis_url)
    client.set("meta", "1")
    before = src.stats()
    for _ in range(40):
        client.get("meta")
    ok, text = wiring_check(before, src.stats())
    assert ok and "+40 hits, +0 misses" in text and "+0 evicted keys" in text
    mid = src.stats()
    for i in range(10):
        client.get(f"absent-{i}")
    assert not wiring_check(mid, src.stats())[0]


def test_evictions_fail_the_wiring_check():
    from k6harness.cache import wiring_check

    assert not wiring_check(KeyspaceStats(0, 0, 0), KeyspaceStats(100, 0, 3))[0]
    assert parse_info("keyspace_hits:1\r\nkeyspace_misses:2\r\nevicted_keys:7\r\n") == KeyspaceStats(1, 2, 7)


def test_run_probes_ignore_warm_up_misses(redis_url):
    """Misses during the first samples (warm-up) do not fail the check; misses later do."""
    import time

    from k6harness.cache import RunProbes

    client = redis.Redis.from_url(redis_url)
    client.set("meta", "1")
    probes = RunProbes(redis_url, interval_s=0.05)
    probes.start()
    for i in range(20):
        client.get(f"cold-{i}")
    time.sleep(0.3)
    for _ in range(5):
        for _ in range(20):
            client.get("meta")
        time.sleep(0.06)
    line = probes.lines()[0]
    assert ": ok:" in line and "+0 misses after warm-up" in line, line
