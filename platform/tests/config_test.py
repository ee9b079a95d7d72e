"""Profiles: the committed ones load with derived values; every invalid fixture is rejected with its message."""

from pathlib import Path

import pytest

from urlplatform.config import ConfigError, load_profile, load_profile_file, profile_names

INVALID = sorted((Path(__file__).parent / "invalid_profiles").glob("*.yaml"))


def test_committed_profiles_are_homelab_and_kind():
    assert profile_names() == ["homelab", "kind"]


def test_homelab_is_the_seed_cluster():
    p = load_profile("homelab")
    assert [str(n.ip) for n in p.cluster.nodes] == ["192.168.2.242", "192.168.2.243", "192.168.2.244"]
    assert str(p.cluster.ingress_ip) == "192.168.2.242"
    assert p.cluster.domain == "shlink.local"
    assert p.cluster.storage_class == "local-path"
    assert p.cluster.ha
    assert p.charts.istiod.version == "1.24.2"
    assert p.charts.cert_manager.version == "v1.16.2"
    assert p.shlink.version == "4.6.0"
    assert p.shlink.replicas == 3
    assert p.secrets_backend == "vault"


def test_shlink_host_is_derived_from_domain():
    p = load_profile("homelab")
    assert p.shlink.host is None or p.shlink.host == p.cluster.domain
    assert p.shlink_host == "shlink.local"


def test_kind_profile_uses_test_secrets():
    p = load_profile("kind")
    assert p.secrets_backend == "test-secrets" and not p.uses_vault
    assert p.cluster.distribution == "kind"
    assert len(p.cluster.nodes) == 3


def test_unknown_profile_names_the_choices():
    with pytest.raises(ConfigError, match="profile 'prod' not found; choose one of homelab, kind"):
        load_profile("prod")


def test_at_least_ten_invalid_fixtures():
    assert len(INVALID) >= 10


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_profile_rejected_with_one_line(path):
    expected = path.read_text().splitlines()[0].removeprefix("# expect: ")
    with pytest.raises(ConfigError) as err:
        load_profile_file(path)
    msg = str(err.value)
    assert "\n" not in msg
    assert str(path) in msg or path.name in msg
    assert expected in msg
