"""Shlink's version, the phpredis version and the image tag have one source: the homelab profile states the
two versions and the tag is derived from them (`kind` extends homelab). Every other file that repeats one of
them must agree; a failure names the file and line that drifted."""

import re
import warnings
from pathlib import Path

import pytest

from imagetools.docker import main as image_tool
from urlplatform.config import load_profile
from urlplatform.config.load import resolve_profile_data, validate_profile
from urlplatform.config.model import image_tag

SHLINK = load_profile("homelab").shlink
DOCKERFILE = Path("images/shlink/Dockerfile")
BASE_LOCK = Path("images/shlink/base.lock")
# Files that hard-code the tag instead of reading it (`bazel run //images/shlink:ref`).
TAG_MENTIONS = sorted(Path(".github/workflows").glob("*.yml")) + [Path("README.md")]
IMAGE_TAG = re.compile(re.escape(SHLINK.image.repository.rsplit("/", 1)[-1]) + r":([A-Za-z0-9_][A-Za-z0-9_.\-]*)")


def _matches(path: Path, pattern: re.Pattern) -> list[tuple[str, str]]:
    """(`path:line`, captured value) for every match in the file."""
    return [(f"{path}:{i}", m.group(1)) for i, line in enumerate(path.read_text().splitlines(), 1)
            for m in pattern.finditer(line)]


def test_the_profiles_state_the_versions_and_not_the_tag():
    for name in ("homelab", "kind"):
        data = resolve_profile_data(Path(f"platform/profiles/{name}.yaml"))
        assert "tag" not in data["shlink"]["image"], f"{name}: shlink.image.tag repeats the versions; omit it"
        assert load_profile(name).shlink.image.tag == image_tag(SHLINK.version, SHLINK.phpredis_version)


@pytest.mark.parametrize("arg,expected", [("SHLINK_VERSION", SHLINK.version),
                                          ("PHPREDIS_VERSION", SHLINK.phpredis_version)])
def test_every_dockerfile_arg_default_is_the_profiles(arg, expected):
    found = _matches(DOCKERFILE, re.compile(rf"^ARG {arg}=(\S+)"))
    assert found, f"{DOCKERFILE}: no ARG {arg} default"
    assert [w for w, v in found if v != expected] == [], f"ARG {arg} default differs from the profile's {expected}"


def test_base_lock_names_the_profiles_shlink_version():
    [(where, version)] = _matches(BASE_LOCK, re.compile(r"^image: docker\.io/shlinkio/shlink:(\S+)$"))
    assert version == SHLINK.version, f"{where}: {version}; re-pin with `bazel run //images/shlink:pin`"


def test_every_hard_coded_image_tag_is_the_profiles():
    found = [(w, tag) for path in TAG_MENTIONS for w, tag in _matches(path, IMAGE_TAG)]
    drifted = [f"{w}: {tag}" for w, tag in found if tag != SHLINK.image.tag]
    assert drifted == [], f"image tag differs from the profile's {SHLINK.image.tag}: {drifted}"
    workflows = [w for w, _ in found if w.startswith(".github/")]
    if workflows:
        warnings.warn(f"workflows hard-code the Shlink image tag (read it with `bazel run //images/shlink:ref`): "
                      f"{', '.join(workflows)}", stacklevel=1)


def test_ref_action_prints_the_derived_reference(capsys):
    assert image_tool(["ref"]) == 0
    assert capsys.readouterr().out.strip() == f"{SHLINK.image.registry}/{SHLINK.image.repository}:{SHLINK.image.tag}"


def test_a_version_bump_alone_moves_the_tag():
    """What Renovate does: it moves `shlink.version` only; the profile stays valid and the tag follows."""
    data = resolve_profile_data(Path("platform/profiles/homelab.yaml"))
    data["shlink"] = data["shlink"] | {"version": "9.9.9"}
    assert validate_profile(Path("bumped.yaml"), data).shlink.image.tag == f"9.9.9-phpredis{SHLINK.phpredis_version}"
