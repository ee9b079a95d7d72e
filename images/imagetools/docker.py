"""`bazel run //images/shlink:<build|push|pin|ref> [-- --profile NAME] [--github-env NAME]`: docker buildx
wrappers with clear one-line errors. The profile is the one source of the Shlink and phpredis versions and
the image tag: builds pass them as build args, and `ref` hands the reference to the workflows."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import sys

from repo_io import workspace_dir

PLATFORMS = "linux/amd64,linux/arm64"
ACTIONS = ("build", "push", "pin", "ref")


class ImageError(RuntimeError):
    """One-line reason the command cannot run."""


def docker_available() -> str | None:
    """None when a Docker daemon answers, else the reason it does not."""
    docker = shutil.which("docker")
    if not docker:
        return "docker CLI not installed"
    r = subprocess.run([docker, "info", "--format", "{{.ServerVersion}}"], capture_output=True, text=True, timeout=15)
    return None if r.returncode == 0 else "no Docker daemon reachable (docker info failed)"


def image_settings(profile: str = "homelab"):
    from urlplatform.config import ConfigError, load_profile

    try:
        return load_profile(profile).shlink
    except ConfigError as e:
        raise ImageError(str(e)) from None


def image_ref(s) -> str:
    """What a build tags and a workflow passes as SHLINK_IMAGE: registry/repository:tag (a digest is
    written to the profile only after a push)."""
    return f"{s.image.registry}/{s.image.repository}:{s.image.tag}"


def build_args(s) -> dict[str, str]:
    """The Dockerfile's version build args, all from the profile (the Dockerfile states no version)."""
    return {"SHLINK_VERSION": s.version, "PHPREDIS_VERSION": s.phpredis_version, "IMAGE_TAG": s.image.tag}


def git_sha() -> str:
    r = subprocess.run(["git", "-C", str(workspace_dir()), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True)
    return r.stdout.strip() or "unknown"


def build_command(*, push: bool, profile: str = "homelab") -> list[str]:
    s = image_settings(profile)
    repo = f"{s.image.registry}/{s.image.repository}"
    ctx = workspace_dir() / "images" / "shlink"
    args = build_args(s) | {"CREATED": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                            "REVISION": git_sha()}
    cmd = ["docker", "buildx", "build", "--platform", PLATFORMS if push else "linux/amd64",
           *[a for k, v in args.items() for a in ("--build-arg", f"{k}={v}")],
           "-t", image_ref(s), "-t", f"{repo}:{git_sha()}", str(ctx)]
    return cmd + (["--push", "--metadata-file", str(ctx / ".build-metadata.json")] if push else ["--load"])


def set_profile_digest(text: str, digest: str) -> str:
    """The profile text with shlink.image.digest set (appended to the image block or replaced in place)."""
    if not re.fullmatch(r"sha256:[0-9a-f]{64}", digest):
        raise ImageError(f"refusing to write malformed digest {digest!r}")
    block = re.search(r"(?m)^shlink:\n(?:  .*\n)*?  image:\n((?:    .*\n)+)", text)
    if not block:
        raise ImageError("profile has no shlink.image block")
    body = block.group(1)
    if re.search(r"(?m)^    digest:", body):
        new_body = re.sub(r"(?m)^    digest:.*$", f"    digest: {digest}", body)
    else:
        new_body = body + f"    digest: {digest}\n"
    return text[:block.start(1)] + new_body + text[block.end(1):]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        raise ImageError(message)


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = _Parser(prog="bazel run //images/shlink:<action> --", add_help=False)
    p.add_argument("action", choices=ACTIONS)
    p.add_argument("--profile", default="homelab", help="the profile whose image is built or named")
    p.add_argument("--github-env", metavar="NAME", help="ref: also append NAME=<ref> to the file $GITHUB_ENV names")
    a = p.parse_args(argv)
    if a.github_env is not None and a.action != "ref":
        raise ImageError(f"--github-env applies to ref only, not {a.action}")
    if a.github_env is not None and not re.fullmatch(r"[A-Z_][A-Z0-9_]*", a.github_env):
        raise ImageError(f"--github-env {a.github_env!r}: not an environment variable name")
    if a.action == "push" and a.profile != "homelab":
        raise ImageError(f"push publishes the homelab image only, not profile {a.profile!r}")
    return a


def write_ref(profile: str, github_env: str | None) -> str:
    """`ref`: print the reference; with --github-env, append `NAME=<ref>` to $GITHUB_ENV for later steps."""
    ref = image_ref(image_settings(profile))
    if github_env is not None:
        target = os.environ.get("GITHUB_ENV")
        if not target:
            raise ImageError("ref --github-env: GITHUB_ENV is not set (it is set in GitHub Actions steps)")
        with open(target, "a", encoding="utf-8") as f:
            f.write(f"{github_env}={ref}\n")
    return ref


def main(argv: list[str]) -> int:
    try:
        a = parse_args(argv or ["build"])
        action = a.action
        if action == "ref":  # no Docker needed: what workflows pass as SHLINK_IMAGE instead of a hard-coded tag
            print(write_ref(a.profile, a.github_env))
            return 0
        image_settings(a.profile)  # a bad profile is reported before Docker is asked
        reason = docker_available()
        if reason:
            raise ImageError(f"{action}: {reason}; image builds run in the GitHub Actions image workflow")
        if action in ("build", "push"):
            r = subprocess.run(build_command(push=action == "push", profile=a.profile))
            if r.returncode != 0:
                raise ImageError(f"{action}: docker buildx exited {r.returncode}")
            if action == "push":
                meta = (workspace_dir() / "images" / "shlink" / ".build-metadata.json").read_text()
                digest = re.search(r'"containerimage.digest":\s*"(sha256:[0-9a-f]{64})"', meta).group(1)
                for profile in ("homelab",):
                    path = workspace_dir() / "platform" / "profiles" / f"{profile}.yaml"
                    path.write_text(set_profile_digest(path.read_text(), digest))
                print(f"pushed digest {digest}; wrote it to platform/profiles/homelab.yaml "
                      "(run bazel run //platform:synth and commit)")
            return 0
        if action == "pin":
            base = f"docker.io/shlinkio/shlink:{image_settings(a.profile).version}"
            r = subprocess.run(["docker", "buildx", "imagetools", "inspect", base, "--format", "{{json .Manifest.Digest}}"],
                               capture_output=True, text=True, timeout=60)
            if r.returncode != 0:
                raise ImageError(f"pin: cannot resolve {base}: {r.stderr.strip()[:200]}")
            digest = r.stdout.strip().strip('"')
            lock = workspace_dir() / "images" / "shlink" / "base.lock"
            lock.write_text(re.sub(r"(?m)^(image|digest):.*$", "", lock.read_text()).rstrip()
                            + f"\nimage: {base}\ndigest: {digest}\n")
            print(f"pinned {base}@{digest}")
            return 0
        raise ImageError(f"unknown action {action!r}; use {', '.join(ACTIONS)}")
    except ImageError as e:
        print(f"image: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
