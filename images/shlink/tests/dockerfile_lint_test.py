"""The Shlink Dockerfile: hadolint clean, policy gate clean, build args and labels as promised."""

import re
import subprocess
import sys
from pathlib import Path

from imagetools.docker import build_command
from policygate.documents import load
from policygate.engine import Engine
from urlplatform.config import load_profile

DOCKERFILE = Path("images/shlink/Dockerfile")


def hadolint() -> str:
    return str(Path(sys.executable).parent / "hadolint")


def test_hadolint_clean():
    r = subprocess.run([hadolint(), "--no-color", str(DOCKERFILE)], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_hadolint_can_fail(tmp_path):
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM alpine\nRUN apk add curl\n")
    assert subprocess.run([hadolint(), str(bad)], capture_output=True).returncode != 0


def test_policy_gate_no_denials_and_digest_warning():
    findings = Engine().evaluate(load(DOCKERFILE))
    assert not [f for f in findings if f.level == "deny"]
    warn = [f for f in findings if f.rule == "dockerfile.base_pinned.no-digest"]
    assert warn and "bazel run //images/shlink:pin" in warn[0].msg


def test_labels_and_final_user():
    """Build-arg defaults against the profile: version_sources_test."""
    text = DOCKERFILE.read_text()
    for label in ("created", "revision", "version", "source"):
        assert f"org.opencontainers.image.{label}=" in text
    assert "HEALTHCHECK" not in text
    assert re.search(r"(?m)^USER 1001$", text.split("pecl install")[1])


def test_build_command_tags_and_platforms():
    cmd = build_command(push=True)
    s = load_profile("homelab").shlink
    assert "linux/amd64,linux/arm64" in cmd and "--push" in cmd
    assert f"{s.image.registry}/{s.image.repository}:{s.image.tag}" in cmd


def test_base_lock_has_no_invented_digest():
    lock = Path("images/shlink/base.lock").read_text()
    digest = re.search(r"(?m)^digest:\s*(\S+)", lock).group(1)
    assert digest == "null" or re.fullmatch(r"sha256:[0-9a-f]{64}", digest)


def test_push_writes_digest_into_profile(tmp_path):
    from imagetools.docker import ImageError, set_profile_digest

    text = Path("platform/profiles/homelab.yaml").read_text()
    digest = "sha256:" + "ab" * 32
    once = set_profile_digest(text, digest)
    p = tmp_path / "homelab.yaml"
    p.write_text(once)
    from urlplatform.config import load_profile_file

    assert load_profile_file(p).shlink.image.digest == digest
    again = set_profile_digest(once, "sha256:" + "cd" * 32)
    assert again.count("digest:") == 1 and "cd" * 32 in again
    import pytest

    with pytest.raises(ImageError):
        set_profile_digest(text, "sha256:nothex")
