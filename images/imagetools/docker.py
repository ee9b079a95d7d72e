"""`bazel run //images/shlink:<build|push|pin>`: docker buildx wrappers with clear one-line errors."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys

from repo_io import workspace_dir

PLATFORMS = "linux/amd64,linux/arm64"


class ImageError(RuntimeError):
    """One-line reason the command cannot run."""


def docker_available() -> str | None:
    """None when a Docker daemon answers, else the reason it does not."""
    docker = shutil.which("docker")
    if not docker:
        return "docker CLI not installed"
    r = subprocess.run([docker, "info", "--format", "{{.ServerVersion}}"], capture_output=True, text=True, timeout=15)
    return None if r.returncode == 0 else "no Docker daemon reachable (docker info failed)"


def image_settings():
    from urlplatform.config import load_profile

    return load_profile(os.environ.get("PROFILE", "homelab")).shlink


def git_sha() -> str:
    r = subprocess.run(["git", "-C", str(workspace_dir()), "rev-parse", "--short=12", "HEAD"], capture_output=True, text=True)
    return r.stdout.strip() or "unknown"


def build_command(*, push: bool) -> list[str]:
    s = image_settings()
    ref = f"{s.image.registry}/{s.image.repository}"
    ctx = workspace_dir() / "images" / "shlink"
    cmd = ["docker", "buildx", "build", "--platform", PLATFORMS if push else "linux/amd64",
           "--build-arg", f"SHLINK_VERSION={s.version}", "--build-arg", f"PHPREDIS_VERSION={s.phpredis_version}",
           "--build-arg", f"CREATED={dt.datetime.now(dt.timezone.utc).isoformat(timespec='seconds')}",
           "--build-arg", f"REVISION={git_sha()}",
           "-t", f"{ref}:{s.image.tag}", "-t", f"{ref}:{git_sha()}", str(ctx)]
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


def main(argv: list[str]) -> int:
    action = argv[0] if argv else "build"
    if action == "ref":  # no Docker needed: what workflows pass as SHLINK_IMAGE instead of a hard-coded tag
        s = image_settings()
        print(f"{s.image.registry}/{s.image.repository}:{s.image.tag}")
        return 0
    try:
        reason = docker_available()
        if reason:
            raise ImageError(f"{action}: {reason}; image builds run in the GitHub Actions image workflow")
        if action in ("build", "push"):
            r = subprocess.run(build_command(push=action == "push"))
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
            base = f"docker.io/shlinkio/shlink:{image_settings().version}"
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
        raise ImageError(f"unknown action {action!r}; use build, push, pin or ref")
    except ImageError as e:
        print(f"image: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
