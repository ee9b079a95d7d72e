"""Test helper: the homelab profile rendered once per test process, with lookups."""

from functools import lru_cache

from urlplatform.config import load_profile
from urlplatform.render import render


@lru_cache(maxsize=None)
def tree(profile: str = "homelab") -> dict:
    return render(load_profile(profile))


def objects(app: str | None = None, kind: str | None = None, profile: str = "homelab") -> list[dict]:
    apps = [app] if app else list(tree(profile))
    return [o for a in apps for o in tree(profile)[a] if kind is None or o["kind"] == kind]


def one(app: str, kind: str, name: str, profile: str = "homelab") -> dict:
    found = [o for o in objects(app, kind, profile) if o["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind}/{name} in {app}, found {len(found)}"
    return found[0]
