"""App-of-apps across charts: every path Application points at a folder the render produces (and, for homelab,
the committed tree holds). The apps and root charts alone are tested in gitops_chart_test."""

from pathlib import Path

import pytest
from rendered import objects, tree


def apps(profile="homelab"):
    return {a["metadata"]["name"]: a for a in objects("apps", "Application", profile)}


@pytest.mark.parametrize("profile", ["homelab", "kind"])
def test_every_path_exists_in_rendered_tree(profile):
    root = Path("platform/rendered") if profile == "homelab" else None
    root_app = objects("root", "Application", profile)[0]
    ours = root_app["spec"]["source"]["repoURL"]
    paths = [a["spec"]["source"]["path"] for a in apps(profile).values()
             if "path" in a["spec"]["source"] and a["spec"]["source"]["repoURL"] == ours]
    paths.append(objects("root", "Application", profile)[0]["spec"]["source"]["path"])
    for p in paths:
        app = p.rsplit("/", 1)[1]
        assert app in tree(profile), p
        if root:
            assert (Path(p)).is_dir(), f"{p} missing from the committed tree"
