"""The kind tier's pins: one file, consistent with the profile and kind's default, read by the workflow,
moved by Renovate. Evidence: kubernetes-sigs/kind@v0.25.0:pkg/apis/config/defaults/image.go (default
node image), helm/kind-action@v1.13.0:kind.sh (kubectl from dl.k8s.io, `kubectl_version` input)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kindlab import pins as pins_mod
from kindlab.pins import PinError, minor, parse
from renovate_matches import load_config, manages, matches
from urlplatform.config import load_profile

PINS = pins_mod.load()
PROFILE = load_profile("kind")
E2E_WORKFLOW = yaml.safe_load(Path(".github/workflows/e2e.yml").read_text())
RENOVATE = load_config()


def test_pins_file_is_plain_yaml_with_the_same_values():
    assert yaml.safe_load(pins_mod.PINS_FILE.read_text()) == {k: getattr(PINS, k) for k in pins_mod.KEYS}


def test_node_image_minor_is_the_profile_kubernetes_minor():
    assert minor(PINS.node_version) == minor(PROFILE.cluster.k3s_version)


def test_kubectl_within_one_minor_of_the_node():
    """kubectl's supported skew is one minor either way of the API server."""
    (_, k), (_, node) = minor(PINS.kubectl), minor(PINS.node_version)
    assert abs(k - node) <= 1


def test_node_image_is_pinned_by_digest():
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", PINS.node_digest)
    assert PINS.node_image.startswith("kindest/node:v")


def test_kind_release_default_image_matches_pin():
    """The node image the kind release was built and tested with is its default
    (kubernetes-sigs/kind@<tag>:pkg/apis/config/defaults/image.go); this table holds the defaults read
    from kind's source at the tags we have pinned. A kind bump must add its row from the source."""
    read_from_source = {
        "v0.25.0": "kindest/node:v1.31.2@sha256:18fbefc20a7113353c7b75b5c869d7145a6abd6269154825872dc59c1329912e",
    }
    assert PINS.kind in read_from_source, f"add kind {PINS.kind}'s default image read from its source"
    assert PINS.node_image == read_from_source[PINS.kind]


def _steps():
    return E2E_WORKFLOW["jobs"]["kind"]["steps"]


def _step(uses_prefix: str) -> dict:
    return next(s for s in _steps() if s.get("uses", "").lower().startswith(uses_prefix.lower()))


def test_workflow_reads_pins_and_installs_those_versions():
    pins_step = next(s for s in _steps() if "kindlab/pins.py --github-output" in s.get("run", ""))
    sid = pins_step["id"]
    kind = _step("helm/kind-action@")["with"]
    assert kind["install_only"] is True
    assert kind["version"] == f"${{{{ steps.{sid}.outputs.kind }}}}"
    assert kind["kubectl_version"] == f"${{{{ steps.{sid}.outputs.kubectl }}}}"
    assert _step("azure/setup-helm@")["with"]["version"] == f"${{{{ steps.{sid}.outputs.helm }}}}"


def test_workflow_kind_action_downloads_kubectl_from_dl_k8s_io():
    """kind-action >= v1.12.0 fetches kubectl from dl.k8s.io (v1.10.0 used the retired GCS bucket);
    helm/kind-action@v1.12.0:kind.sh install_kubectl."""
    uses = _step("helm/kind-action@")["uses"]
    m = re.search(r"#\s*v(\d+)\.(\d+)\.(\d+)", Path(".github/workflows/e2e.yml").read_text().split(uses, 1)[1][:40]) \
        or re.search(r"@v(\d+)\.(\d+)\.(\d+)", uses)
    assert m and tuple(map(int, m.groups())) >= (1, 12, 0)


def test_workflow_passes_the_installed_tools_to_the_test():
    text = Path(".github/workflows/e2e.yml").read_text()
    for var in ("KIND_BIN", "KUBECTL_BIN", "HELM_BIN", "SHLINK_IMAGE"):
        assert f"--test_env={var}" in text, var


def test_renovate_moves_every_pin():
    text = pins_mod.PINS_FILE.read_text()
    captured = {}
    for m in RENOVATE["customManagers"]:
        if not manages(m, "e2e/pins.yaml"):
            continue
        for hit in matches(m, text):
            captured[hit.group(0).strip().split(":", 1)[0]] = hit.groupdict()
    assert set(captured) == set(pins_mod.KEYS)
    assert captured["node_image"]["currentDigest"] == PINS.node_digest
    assert captured["kind"]["currentValue"] == PINS.kind


def test_renovate_keeps_node_and_kubectl_on_the_profile_minor():
    major, mnr = minor(PROFILE.cluster.k3s_version)
    rules = [r for r in RENOVATE["packageRules"] if "allowedVersions" in r and "kindest/node" in r.get("matchPackageNames", [])]
    assert rules
    allowed = re.compile(rules[0]["allowedVersions"].strip("/"))
    assert allowed.search(f"v{major}.{mnr}.99") and not allowed.search(f"v{major}.{mnr + 1}.0")
    assert "kubernetes/kubernetes" in rules[0]["matchPackageNames"]


@pytest.mark.parametrize("text,needle", [
    ("kind: v0.25.0\n", "missing node_image"),
    ("kind: 0.25\nnode_image: kindest/node:v1.31.2@sha256:" + "a" * 64 + "\nkubectl: v1.31.4\nhelm: v3.16.4\n", "kind '0.25'"),
    ("kind: v0.25.0\nnode_image: kindest/node:v1.31.2\nkubectl: v1.31.4\nhelm: v3.16.4\n", "node_image must be"),
    ("kind: v0.25.0\nimage: x\n", "pins.yaml:2"),
])
def test_bad_pins_give_one_line_errors(text, needle):
    with pytest.raises(PinError) as e:
        parse(text, "pins.yaml")
    assert needle in str(e.value) and "\n" not in str(e.value)


def test_github_output_cli(tmp_path):
    out = tmp_path / "gh"
    r = subprocess.run([sys.executable, str(Path("e2e/kindlab/pins.py")), "--github-output"],
                       env={"GITHUB_OUTPUT": str(out)}, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert dict(line.split("=", 1) for line in out.read_text().splitlines()) == {k: getattr(PINS, k) for k in pins_mod.KEYS}


def _after(run: str, target: str) -> list[str]:
    """The arguments a step passes after `bazel run <target> --`."""
    return run.split(f"bazel run {target}", 1)[1].removeprefix(" --").split("\n", 1)[0].split()


def test_kind_deployment_image_is_the_one_the_workflow_builds_and_loads(tmp_path, monkeypatch):
    """The job computes SHLINK_IMAGE from the profile (`bazel run //images/shlink:ref -- ... --github-env
    SHLINK_IMAGE`, GitHub's $GITHUB_ENV file) and builds the image with that tag before the suite loads it
    into kind. The kind Deployment must name exactly that reference, on the kind profile's local registry
    and without a digest (a digest inherited from homelab's pushed image would never match the local build)."""
    from imagetools.docker import build_command
    from imagetools.docker import main as image_tool

    assert "SHLINK_IMAGE" not in E2E_WORKFLOW.get("env", {}) | E2E_WORKFLOW["jobs"]["kind"].get("env", {}), \
        "e2e.yml sets SHLINK_IMAGE in env; the ref step computes it from the profile"
    runs = [s.get("run", "") for s in _steps()]
    [ref_i] = [i for i, r in enumerate(runs) if "//images/shlink:ref" in r]
    [build_i] = [i for i, r in enumerate(runs) if "//images/shlink:build" in r]
    [suite_i] = [i for i, r in enumerate(runs) if "//e2e:kind_test" in r]
    assert ref_i < suite_i and build_i < suite_i and "--test_env=SHLINK_IMAGE" in runs[suite_i].split()
    monkeypatch.setenv("GITHUB_ENV", str(tmp_path / "github_env"))
    assert image_tool(["ref", *_after(runs[ref_i], "//images/shlink:ref")]) == 0
    [(name, image)] = [line.split("=", 1) for line in (tmp_path / "github_env").read_text().splitlines()]
    assert name == "SHLINK_IMAGE"
    assert image == PROFILE.shlink.image.ref and "@" not in image
    assert image.startswith(f"{PROFILE.shlink.image.registry}/") and PROFILE.shlink.image.registry == "localhost"
    build_args = _after(runs[build_i], "//images/shlink:build")
    built = build_command(push=False, profile=build_args[build_args.index("--profile") + 1])
    assert "--load" in built and image in [built[i + 1] for i, a in enumerate(built) if a == "-t"]
