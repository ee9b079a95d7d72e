"""The committed platform/rendered/<profile> trees equal a fresh synth."""

from pathlib import Path

import pytest

from urlplatform.config import load_profile
from urlplatform.render import render, tree_files

RENDERED = Path("platform/rendered")
COMMITTED_PROFILES = ["homelab"]


@pytest.mark.parametrize("name", COMMITTED_PROFILES)
def test_rendered_tree_is_fresh(name):
    profile = load_profile(name)
    fresh = tree_files(render(profile), profile)
    root = RENDERED / name
    committed = {str(p.relative_to(root)): p.read_text() for p in root.rglob("*") if p.is_file()}
    fix = f"refresh it with: bazel run //platform:synth -- --profile {name}"
    assert set(committed) == set(fresh), f"platform/rendered/{name} has stale or missing files; {fix}"
    stale = sorted(rel for rel, text in fresh.items() if committed[rel] != text)
    assert not stale, f"platform/rendered/{name} is stale ({', '.join(stale[:5])}); {fix}"
