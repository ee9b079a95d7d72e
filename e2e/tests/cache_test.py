"""Cache suite: Redis keyspace hits on the Sentinel master grow while redirects are served."""

import pytest

from k6harness.cache import parse_info
from kindlab.cluster import REDIS_MASTER
from kindlab.fixtures import create_short_url, http, requires_kind
from urlplatform.components.data import DATA

pytestmark = [pytest.mark.e2e, requires_kind]


def master_stats(lab):
    pod = lab.kube.ready_pod(DATA.namespace, REDIS_MASTER)
    out = lab.kube.exec(DATA.namespace, pod.name, "redis",
                        ["sh", "-c", 'REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli INFO stats'])
    return parse_info(out)


def test_keyspace_hits_grow_with_redirects(lab, gateway):
    status, _, body = create_short_url(gateway, lab, "https://example.com/cache")
    assert status == 200
    before = master_stats(lab)
    for _ in range(50):
        assert http("GET", f"{gateway}/{body['shortCode']}", host=lab.host)[0] == 302
    after = master_stats(lab)
    print(f"cache: 50 redirects -> {after.hits - before.hits} keyspace hits, {after.misses - before.misses} misses")
    assert after.hits - before.hits >= 25
