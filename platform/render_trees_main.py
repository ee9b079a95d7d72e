"""Build step behind `//platform:rendered_trees`: every profile rendered, as one JSON file ({profile: {app: [objects]}}).

Tests that only read the rendered objects depend on this file instead of the chart code: a change that
leaves every object as it was (a comment, a refactoring) produces the same file, and Bazel keeps their
cached results. Outside the package for the reason synth_main.py gives."""

import json
import os
import sys
import tempfile


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("render_trees: usage: render_trees OUT.json", file=sys.stderr)
        return 2
    # jsii unpacks its runtime packages into a cache; a build action may not write to HOME.
    with tempfile.TemporaryDirectory(prefix="jsii-") as cache:
        os.environ.setdefault("JSII_RUNTIME_PACKAGE_CACHE_ROOT", cache)
        from urlplatform.config import load_profile, profile_names
        from urlplatform.render import render

        trees = {name: render(load_profile(name)) for name in profile_names()}
    tmp = f"{argv[0]}.tmp"
    with open(tmp, "w") as f:
        json.dump(trees, f, sort_keys=True)
    os.replace(tmp, argv[0])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
