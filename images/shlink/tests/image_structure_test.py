"""Container structure spec for the built image; needs a Docker daemon and the image (CI image workflow)."""

import os
import subprocess

import pytest

from imagetools.docker import docker_available

IMAGE = os.environ.get("SHLINK_IMAGE", "")
reason = docker_available() or ("" if IMAGE else "SHLINK_IMAGE not set (the image workflow sets it)")
pytestmark = pytest.mark.skipif(bool(reason), reason=f"image structure spec skipped: {reason}")


def run(*args: str) -> str:
    return subprocess.run(["docker", "run", "--rm", *args], capture_output=True, text=True, check=True).stdout


def test_phpredis_loaded():
    assert "redis" in run("--entrypoint", "php", IMAGE, "-m").split()


def test_runs_as_non_root_uid():
    assert run("--entrypoint", "id", IMAGE, "-u").strip() == "1001"


def test_exposes_8080():
    out = subprocess.run(["docker", "inspect", "-f", "{{json .Config.ExposedPorts}}", IMAGE],
                         capture_output=True, text=True, check=True).stdout
    assert "8080/tcp" in out


def test_data_dir_writable_when_mounted(tmp_path):
    os.chmod(tmp_path, 0o777)
    run("-v", f"{tmp_path}:/etc/shlink/data", "--entrypoint", "sh", IMAGE, "-c", "touch /etc/shlink/data/probe")
    assert (tmp_path / "probe").exists()


def test_build_args_reached_the_image():
    """The profile's versions arrive as build args: the OCI version label is the tag the image was built
    as, and the loaded phpredis is the profile's phpredis version."""
    from imagetools.docker import image_settings

    label = subprocess.run(["docker", "inspect", "-f", '{{index .Config.Labels "org.opencontainers.image.version"}}',
                            IMAGE], capture_output=True, text=True, check=True).stdout.strip()
    assert label == IMAGE.split("@")[0].rsplit(":", 1)[1]
    assert run("--entrypoint", "php", IMAGE, "-r", 'echo phpversion("redis");').strip() == \
        image_settings().phpredis_version
