"""Profiles: the committed ones load with derived values; every invalid fixture is rejected with its message."""

import copy
from pathlib import Path

import pytest
import yaml

from urlplatform.config import ConfigError, load_profile, load_profile_file, profile_names
from urlplatform.config.load import PROFILES_DIR, merge_overlay, resolve_profile_data, validate_profile

# Files only for what an override cannot express: broken YAML and a non-mapping top level.
INVALID_FILES = sorted((Path(__file__).parent / "invalid_profiles").glob("*.yaml"))
HOMELAB = PROFILES_DIR / "homelab.yaml"
DELETE = object()


def config_from(**overrides):
    """homelab's data with one-field overrides; `a__b__0__c` walks mappings and lists, DELETE drops the key."""
    data = copy.deepcopy(resolve_profile_data(HOMELAB))
    for dotted, value in overrides.items():
        *parents, leaf = dotted.split("__")
        node = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        if value is DELETE:
            del node[leaf]
        elif isinstance(node, list):
            node[int(leaf)] = value
        else:
            node[leaf] = value
    return data


# One field changed from a valid profile -> the message a user sees.
INVALID_OVERRIDES = {
    "bad_k3s_version": ({"cluster__k3s_version": "1.31"}, "cluster.k3s_version: '1.31' does not match"),
    "k3s_without_version": ({"cluster__k3s_version": DELETE}, "k3s_version is required when distribution is k3s"),
    "chart_pins_in_a_profile": ({"charts": {"vault": {"version": "0.29.1"}}}, "charts: unknown key"),
    "bad_secrets_backend": ({"secrets_backend": "plaintext"}, "secrets_backend: Input should be 'vault' or 'test-secrets'"),
    "duplicate_node_ip": ({"cluster__nodes__1__ip": "192.168.2.242"}, "node ips must be unique"),
    "even_sentinels": ({"redis__sentinels": 2}, "sentinels must be odd for a quorum, got 2; use 3"),
    "image_version_mismatch": ({"shlink__image__tag": "4.5.0-phpredis6.1.0"}, "must start with version '4.6.0'"),
    "latest_tag": ({"shlink__image__tag": "latest"}, "shlink.image.tag: tag 'latest' is not allowed"),
    "memory_limit_below_request": ({"shlink__resources__memory_limit": "128Mi"}, "memory_limit must be >= memory_request"),
    "missing_domain": ({"cluster__domain": DELETE}, "cluster.domain: required key is missing; add it"),
    "node_outside_network": ({"cluster__nodes__2__ip": "10.0.0.5"}, "node k3s-3 ip 10.0.0.5 is outside node_network"),
    "ingress_outside_network": ({"cluster__ingress_ip": "10.0.0.9"}, "ingress_ip 10.0.0.9 is outside node_network"),
    "postgres_without_instances": ({"postgres__instances": 0}, "postgres.instances: Input should be greater than or equal to 1"),
    "postgres_version_in_a_profile": ({"postgres__version": 16}, "postgres.version: unknown key"),
    "unknown_top_key": ({"replica": 3}, "replica: unknown key; remove it or fix its spelling"),
    "zero_replicas": ({"shlink__replicas": 0}, "shlink.replicas: Input should be greater than or equal to 1"),
    "shlink_memory_below_php_workers": ({"shlink__resources__memory_limit": "384Mi"}, "Mi per PHP worker"),
    "shlink_redirect_status_303": ({"shlink__redirect_status_code": 303}, "shlink.redirect_status_code"),
}


def test_committed_profiles_are_homelab_and_kind():
    assert profile_names() == ["homelab", "kind"]


def test_homelab_is_the_seed_cluster():
    p = load_profile("homelab")
    assert [str(n.ip) for n in p.cluster.nodes] == ["192.168.2.242", "192.168.2.243", "192.168.2.244"]
    assert str(p.cluster.ingress_ip) == "192.168.2.242"
    assert p.cluster.domain == "shlink.local"
    assert p.cluster.storage_class == "local-path"
    assert p.cluster.ha
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


def test_override_table_starts_from_a_valid_profile():
    assert validate_profile(HOMELAB, config_from()).name == "homelab"


@pytest.mark.parametrize("case", sorted(INVALID_OVERRIDES))
def test_one_field_override_rejected_with_one_line(case):
    overrides, expected = INVALID_OVERRIDES[case]
    with pytest.raises(ConfigError) as err:
        validate_profile(HOMELAB, config_from(**overrides))
    msg = str(err.value)
    assert "\n" not in msg
    assert msg.startswith(f"{HOMELAB}: ")
    assert expected in msg


def test_every_validation_error_is_reported_on_one_line():
    data = config_from(redis__sentinels=2, shlink__replicas=0, replica=3)
    with pytest.raises(ConfigError) as err:
        validate_profile(HOMELAB, data)
    msg = str(err.value)
    assert "\n" not in msg
    for part in ("sentinels must be odd", "shlink.replicas: Input should be greater", "replica: unknown key"):
        assert part in msg


@pytest.mark.parametrize("path", INVALID_FILES, ids=[p.stem for p in INVALID_FILES])
def test_unparseable_profile_file_rejected_with_one_line(path):
    expected = path.read_text().splitlines()[0].removeprefix("# expect: ")
    with pytest.raises(ConfigError) as err:
        load_profile_file(path)
    msg = str(err.value)
    assert "\n" not in msg
    assert path.name in msg
    assert expected in msg


def test_kind_states_only_its_differences_from_homelab():
    """kind.yaml extends homelab and repeats none of its values, so every chart pin lives in one file."""
    kind_raw = yaml.safe_load((PROFILES_DIR / "kind.yaml").read_text())
    homelab = resolve_profile_data(HOMELAB)
    assert kind_raw.pop("extends") == "homelab"

    def repeated(overlay, base, path=()):
        for key, value in overlay.items():
            if isinstance(value, dict) and isinstance(base.get(key), dict):
                yield from repeated(value, base[key], (*path, key))
            elif key in base and base[key] == value:
                yield ".".join((*path, key))

    assert list(repeated(kind_raw, homelab)) == []


def test_kind_inherits_homelab_versions():
    kind, homelab = load_profile("kind"), load_profile("homelab")
    assert kind.shlink.image.tag == homelab.shlink.image.tag
    assert kind.cluster.nodes != homelab.cluster.nodes


def test_kind_needs_no_k3s_version():
    """Only a K3s cluster needs the K3s release (it picks istio-cni's bin dir); kind runs without one."""
    kind = PROFILES_DIR / "kind.yaml"
    data = copy.deepcopy(resolve_profile_data(kind))
    del data["cluster"]["k3s_version"]
    assert validate_profile(kind, data).cluster.k3s_version is None


def test_overlay_merges_mappings_and_replaces_lists():
    base = {"a": {"x": 1, "y": [1, 2]}, "b": 1}
    merged = merge_overlay(base, {"a": {"y": [3]}, "c": 2})
    assert merged == {"a": {"x": 1, "y": [3]}, "b": 1, "c": 2}
    assert base["a"]["y"] == [1, 2]


def test_extends_unknown_profile_names_the_file(tmp_path):
    child = tmp_path / "child.yaml"
    child.write_text("extends: prod\nname: child\n")
    with pytest.raises(ConfigError, match=r"child.yaml: extends: profile 'prod' not found"):
        load_profile_file(child)


def test_extends_must_be_a_name(tmp_path):
    child = tmp_path / "child.yaml"
    child.write_text("extends: [homelab]\n")
    with pytest.raises(ConfigError, match=r"child.yaml: extends: must be the name of another profile"):
        load_profile_file(child)
