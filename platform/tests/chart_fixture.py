"""Test helper for chart tests: a small site profile, and one chart synthesised alone in a fresh cdk8s App.

Chart tests build the chart they test and nothing else, from `site()` and the components they pass in; what the
whole tree must satisfy across charts is cross_object_test's and the invariants tests' business."""

from __future__ import annotations

from pathlib import Path

import urlplatform  # noqa: F401  first: points jsii at the locked Node before cdk8s starts it
from cdk8s import App

from urlplatform.components.secrets import SecretStore
from urlplatform.config import Profile
from urlplatform.config.load import merge_overlay, validate_profile
from urlplatform.resources.network import NAMESPACE_NAME_LABEL

# A small site. Its values differ from both committed profiles wherever a chart reads them, so a chart that
# reads a committed profile, or hard-codes one of its values, fails. Addresses are TEST-NET-1 (RFC 5737):
# configuration values only, never a target.
SITE = {
    "name": "fixture",
    "secrets_backend": "vault",
    "cluster": {"name": "fixture-cluster", "distribution": "kind", "environment": "fixture-env",
                "node_network": "192.0.2.0/24", "nodes": [{"name": "node-a", "ip": "192.0.2.10"}],
                "ingress_ip": "192.0.2.10", "domain": "links.example.test", "storage_class": "fixture-disk",
                "service_cidr": "10.96.0.0/12"},
    "shlink": {"version": "4.6.0", "phpredis_version": "6.1.0",
               "image": {"registry": "registry.example.test", "repository": "fixture/shlink"},
               "replicas": 2, "cache_namespace": "fixture-cache", "trusted_proxies": "2",
               "resources": {"cpu_request": "200m", "cpu_limit": "1", "memory_request": "300Mi",
                             "memory_limit": "768Mi"}},
    "postgres": {"instances": 3, "storage": "7Gi", "backup_storage": "9Gi"},
    "redis": {"replicas": 5, "sentinels": 5, "storage": "3Gi"},
    "gitops": {"repo_url": "https://git.example.test/fixture/platform.git", "revision": "fixture-branch",
               "project": "fixture-project"},
    "tracing_sampling_percent": 12.5,
}


def site(**overrides) -> Profile:
    """The fixture site, with top-level keys overridden (mappings merge key by key, as a profile's `extends`)."""
    return validate_profile(Path("chart_fixture.SITE"), merge_overlay(SITE, overrides))


def synth(chart_class, **props) -> list[dict]:
    """The objects of `chart_class(App(), **props)`: that chart alone, in a fresh App."""
    return [o for o in chart_class(App(), **props).to_json() if o]


def kinds(objs: list[dict], kind: str) -> list[dict]:
    return [o for o in objs if o["kind"] == kind]


def one(objs: list[dict], kind: str, name: str | None = None) -> dict:
    found = [o for o in kinds(objs, kind) if name is None or o["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind} {name or ''}, found {len(found)}"
    return found[0]


def peer_key(peer: dict) -> tuple:
    """(namespace name, pod labels) or ("cidr", block) of one rendered NetworkPolicy peer."""
    if "ipBlock" in peer:
        return "cidr", peer["ipBlock"]["cidr"]
    ns = peer.get("namespaceSelector", {}).get("matchLabels", {}).get(NAMESPACE_NAME_LABEL)
    return ns, tuple(sorted(peer.get("podSelector", {}).get("matchLabels", {}).items()))


def allowed(policy: dict, direction: str) -> dict[tuple, set]:
    """peer_key -> ports a NetworkPolicy allows in `direction` ("ingress" or "egress")."""
    out: dict[tuple, set] = {}
    for rule in policy["spec"].get(direction, []):
        for peer in rule["from" if direction == "ingress" else "to"]:
            out.setdefault(peer_key(peer), set()).update(p["port"] for p in rule.get("ports", []))
    return out


def workload_peer(w) -> tuple:
    """The peer_key a NetworkPolicy should render for a Workload's pods."""
    return w.namespace, tuple(sorted(w.pod_labels.items()))


def check_external_secrets_follow_the_store(build) -> None:
    """A chart that places ExternalSecrets points each at the store it is given (name and poll interval), and
    places none without one. `build(store=...)` builds the chart alone."""
    store = SecretStore(name="elsewhere-store", refresh_interval="7m")
    secrets = kinds(build(store=store), "ExternalSecret")
    assert secrets
    for es in secrets:
        assert es["spec"]["secretStoreRef"] == {"kind": "ClusterSecretStore", "name": store.name}
        assert es["spec"]["refreshInterval"] == store.refresh_interval
    assert not kinds(build(store=None), "ExternalSecret")
