"""One checkout, two Bazels: Debian's bazel-bootstrap offline here, Bazelisk on GitHub's runners.

The committed Bazel config must hold nothing machine-specific; tools/bootstrap writes the Debian-only
override into a git-ignored rc, and only when Debian's bazel-rules-java 4.x is installed.
"""

import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest

BAZELRC = Path(".bazelrc")
BAZELVERSION = Path(".bazelversion")
GITIGNORE = Path(".gitignore")
GENERATOR = Path("tools/ci/bazelrc_bootstrap")
GENERATED = ".bazelrc.bootstrap"


def _rc_lines(text: str) -> list[list[str]]:
    return [shlex.split(line) for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _debian_version(package: str) -> str | None:
    if shutil.which("dpkg-query") is None:
        return None
    res = subprocess.run(["dpkg-query", "-W", "-f=${db:Status-Status} ${Version}", package],
                         capture_output=True, text=True, check=False)
    status, _, version = res.stdout.partition(" ")
    return version if res.returncode == 0 and status == "installed" else None


def test_bazelversion_is_one_exact_release():
    """Bazelisk reads .bazelversion (bazelbuild/bazelisk@v1.28.1:core/core.go); an exact X.Y.Z, never
    `latest` or a track, so the runner's Bazel is the one this repo is tested with."""
    assert re.fullmatch(r"\d+\.\d+\.\d+\n?", BAZELVERSION.read_text()), BAZELVERSION.read_text()


def test_bazelversion_is_the_debian_bazel_this_repo_is_tested_with():
    """Debian's /usr/bin/bazel ignores .bazelversion; where it is installed, its upstream version must be the
    pinned one, or the two paths would test different Bazels."""
    version = _debian_version("bazel-bootstrap")
    if version is None:
        pytest.skip("Debian's bazel-bootstrap not installed: the Bazel here is the one .bazelversion names")
    upstream = re.match(r"[\d.]+", version).group(0)
    assert BAZELVERSION.read_text().strip() == upstream


def test_debian_launcher_does_not_read_bazelversion():
    """Debian's /usr/bin/bazel (bazel-bootstrap 4.2.3+ds-9, `get_workspace_root`/`get_bazel_version`) reads
    .bazelversion only in a folder holding a file named `WORKSPACE`; it would then demand
    /usr/bin/bazel-4.2.3, which Debian does not ship (it ships bazel-4). Our root has WORKSPACE.bazel only,
    so Debian's launcher picks bazel-4 while Bazelisk honours .bazelversion."""
    root = BAZELVERSION.resolve().parent  # runfiles link to the source tree
    assert (root / "WORKSPACE.bazel").is_file()
    assert not (root / "WORKSPACE").exists()


def test_committed_bazelrc_holds_no_machine_paths():
    """No override_repository and no absolute path: those are machine facts (Debian's rules_java dir) that
    break every other machine with `no such package '@rules_java//java'`."""
    offenders = []
    for words in _rc_lines(BAZELRC.read_text()):
        if words[0] == "try-import":
            continue
        for word in words[1:]:
            if "override_repository" in word or re.match(r"--[^=]+=/", word):
                offenders.append(" ".join(words))
    assert not offenders


def test_generated_rc_is_try_imported_and_git_ignored():
    imports = [w[1] for w in _rc_lines(BAZELRC.read_text()) if w[0] == "try-import"]
    assert f"%workspace%/{GENERATED}" in imports
    assert GENERATED in GITIGNORE.read_text().split()


def test_disk_cache_is_a_user_cache_dir_by_default():
    """`--disk_cache` lives outside the output base (survives `bazel clean` and clones) under the user's
    home; Bazel 4.2.3 expands the leading ~ (measured: it wrote ~/.cache/bazel-disk/{ac,cas})."""
    values = [w.split("=", 1)[1] for words in _rc_lines(BAZELRC.read_text()) if words[0] == "build"
              for w in words[1:] if w.startswith("--disk_cache=")]
    assert len(values) == 1 and values[0].startswith("~/.cache/"), values


def test_tools_bazel_is_no_launcher_wrapper():
    """Bazelisk (bazelbuild/bazelisk@v1.28.1:core/core.go maybeDelegateToWrapperFromDir) and Bazel's own
    launcher run tools/bazel instead of Bazel when it is an executable file; here it is a directory."""
    assert Path("tools/bazel").is_dir()


def _generate(tmp_path: Path, version: str, rules_java: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, BOOTSTRAP_RULES_JAVA_VERSION=version, BOOTSTRAP_RULES_JAVA_DIR=str(rules_java))
    return subprocess.run(["bash", str(GENERATOR), str(tmp_path)], env=env, capture_output=True, text=True,
                          check=False)


@pytest.fixture
def rules_java(tmp_path: Path) -> Path:
    d = tmp_path / "rules_java"
    d.mkdir()
    (d / "WORKSPACE").write_text("")
    return d


def test_debian_rules_java_4_is_overridden(tmp_path, rules_java):
    res = _generate(tmp_path, "4.0.0-2", rules_java)
    assert res.returncode == 0, res.stderr
    words = _rc_lines((tmp_path / GENERATED).read_text())
    assert words == [["common", f"--override_repository=rules_java={rules_java}"]]


@pytest.mark.parametrize("version", ["", "7.3.1-1", "5.0.0-1"])
def test_no_override_without_debian_rules_java_4(tmp_path, rules_java, version):
    """rules_java 5+ needs a newer Bazel than 4.2.3; without a 4.x, Bazel downloads rules_java itself.
    A stale generated rc from an earlier run is removed."""
    (tmp_path / GENERATED).write_text("common --override_repository=rules_java=/stale\n")
    res = _generate(tmp_path, version, rules_java)
    assert res.returncode == 0, res.stderr
    assert not (tmp_path / GENERATED).exists()


def test_no_override_when_the_directory_is_missing(tmp_path):
    res = _generate(tmp_path, "4.0.0-2", tmp_path / "absent")
    assert res.returncode == 0, res.stderr
    assert not (tmp_path / GENERATED).exists()


def test_bad_workspace_root_is_one_line_error(tmp_path):
    res = _generate(tmp_path / "missing", "4.0.0-2", tmp_path)
    assert res.returncode == 2
    assert res.stderr.count("\n") == 1 and "missing" in res.stderr
