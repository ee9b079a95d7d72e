"""`bazel run //platform:synth -- [--profile NAME] [--out DIR]`: render a profile's manifests."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from repo_io import user_path, workspace_dir

from urlplatform.config import ConfigError, load_profile, profile_names
from urlplatform.render import render, tree_files, write_tree


def default_out(profile: str) -> Path:
    """platform/rendered/<profile> in the source tree."""
    return workspace_dir() / "platform" / "rendered" / profile


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
    out = user_path(args.out) if args.out else default_out(profile.name)
    tree = render(profile)
    files = tree_files(tree, profile)
    write_tree(files, out)
    took = time.monotonic() - started
    apps = ", ".join(f"{app}={len(objs)}" for app, objs in tree.items())
    print(f"synth: profile {profile.name}: {len(files)} objects in {len(tree)} apps ({apps}) -> {out} in {took:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
