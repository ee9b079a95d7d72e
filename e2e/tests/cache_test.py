"""Cache suite: Redis keyspace hits grow while redirects are served."""

import pytest

from k6harness.cache import SentinelMasterSource
from kindlab.fixtures import gateway, http, lab, requires_kind  # noqa: F401

pytestmark = [pytest.mark.e2e, requires_kind]


def test_keyspace_hits_grow_with_redirects(lab, gateway, monkeypatch):
    monkeypatch.setenv("KUBECONFIG", str(lab.kubeconfig))
    status, _, body = http("POST", f"{gateway}/rest/v3/short-urls", host=lab.host, api_key=lab.api_key,
                           body={"longUrl": "https://example.com/cache"})
    assert status == 200
    source = SentinelMasterSource()
    before = source.stats()
    for _ in range(50):
        assert http("GET", f"{gateway}/{body['shortCode']}", host=lab.host)[0] == 302
    after = source.stats()
    assert after.hits - before.hits >= 25
