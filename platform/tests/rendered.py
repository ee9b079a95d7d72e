"""Test helper: every profile's rendered objects, with lookups.

The objects come from `//platform:rendered_trees` (platform/render_trees_main.py), rendered once per build:
a test that only reads objects depends on that file rather than on the chart code, so an edit that leaves
every object unchanged keeps its cached result."""

import json
from functools import lru_cache
from pathlib import Path

TREES = Path("platform/rendered_trees.json")  # runfiles root is the working directory


@lru_cache(maxsize=None)
def _trees() -> dict:
    return json.loads(TREES.read_text())


def tree(profile: str = "homelab") -> dict:
    return _trees()[profile]


def objects(app: str | None = None, kind: str | None = None, profile: str = "homelab") -> list[dict]:
    apps = [app] if app else list(tree(profile))
    return [o for a in apps for o in tree(profile)[a] if kind is None or o["kind"] == kind]


def one(app: str, kind: str, name: str, profile: str = "homelab") -> dict:
    found = [o for o in objects(app, kind, profile) if o["metadata"]["name"] == name]
    assert len(found) == 1, f"expected one {kind}/{name} in {app}, found {len(found)}"
    return found[0]
