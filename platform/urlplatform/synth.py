"""`bazel run //platform:synth -- [--profile NAME] [--out DIR]`: render a profile's manifests."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from urlplatform.config import ConfigError, load_profile, profile_names
from urlplatform.render import render, tree_files, write_tree


def default_out(profile: str) -> Path:
    """platform/rendered/<profile> in the source tree (bazel run sets BUILD_WORKSPACE_DIRECTORY)."""
    root = os.environ.get("BUILD_WORKSPACE_DIRECTORY")
    base = Path(root) / "platform" if root else Path(__file__).resolve().parents[1]
    return base / "rendered" / profile


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="synth", description=__doc__)
    parser.add_argument("--profile", default="homelab", help=f"one of {', '.join(profile_names())}")
    parser.add_argument("--out", type=Path, help="output dir (default platform/rendered/<profile>)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        profile = load_profile(args.profile)
    except ConfigError as e:
        print(f"synth: {e}", file=sys.stderr)
        return 2
    out = args.out or default_out(profile.name)
    if args.out and not os.path.isabs(args.out) and "BUILD_WORKING_DIRECTORY" in os.environ:
        out = Path(os.environ["BUILD_WORKING_DIRECTORY"]) / args.out
    tree = render(profile)
    files = tree_files(tree, profile)
    write_tree(files, out)
    took = time.monotonic() - started
    apps = ", ".join(f"{app}={len(objs)}" for app, objs in tree.items())
    print(f"synth: profile {profile.name}: {len(files)} objects in {len(tree)} apps ({apps}) -> {out} in {took:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
