"""Shlink's version, the phpredis version and the image tag have one source: the homelab profile states the
two versions and the tag is derived from them (`kind` extends homelab). The Dockerfile states no version
(its build args come from the profile), the workflows compute SHLINK_IMAGE with `bazel run
//images/shlink:ref`, and Renovate moves the one line. A failure names the file and line that states a
copy."""

import re
from pathlib import Path

import pytest
import yaml

from imagetools.docker import build_command
from imagetools.docker import main as image_tool
from renovate_matches import load_config, manages, matches
from urlplatform.config import load_profile
from urlplatform.config.load import resolve_profile_data, validate_profile
from urlplatform.config.model import image_tag

SHLINK = load_profile("homelab").shlink
HOMELAB = Path("platform/profiles/homelab.yaml")
DOCKERFILE = Path("images/shlink/Dockerfile")
BASE_LOCK = Path("images/shlink/base.lock")
WORKFLOWS = sorted(Path(".github/workflows").glob("*.yml"))
RENOVATE = load_config()
REF_STEP = re.compile(r"bazel run //images/shlink:ref -- (?P<args>.*--github-env SHLINK_IMAGE\b.*)$", re.M)


def _bare(version: str) -> str:
    """A version as a token of its own: not inside another version, not an action's `v1.2.3` comment."""
    return rf"(?<![\w.@/-]){re.escape(version)}(?![\w.-])"


# What a hard-coded statement looks like: our image or the base with any tag, the tag format with any
# versions, a version build arg with a value, and today's two versions as bare tokens.
LITERALS = re.compile("|".join([
    re.escape(SHLINK.image.repository.rsplit("/", 1)[-1]) + r":\w",
    r"shlinkio/shlink:\w",
    r"\d+(?:\.\d+)+-phpredis\d",
    r"(?:SHLINK|PHPREDIS)_VERSION\s*[=:]\s*['\"]?\d",
    _bare(SHLINK.version),
    _bare(SHLINK.phpredis_version),
]))


def literal_versions(paths: list[Path]) -> list[str]:
    """`file:line: text` for every line that states a Shlink/phpredis version or the image tag."""
    return [f"{p}:{i}: {line.strip()}" for p in paths for i, line in enumerate(p.read_text().splitlines(), 1)
            if LITERALS.search(line)]


def test_the_profiles_state_the_versions_and_not_the_tag():
    for name in ("homelab", "kind"):
        data = resolve_profile_data(Path(f"platform/profiles/{name}.yaml"))
        assert "tag" not in data["shlink"]["image"], f"{name}: shlink.image.tag repeats the versions; omit it"
        assert load_profile(name).shlink.image.tag == image_tag(SHLINK.version, SHLINK.phpredis_version)


def test_no_workflow_or_readme_states_a_version_or_the_tag():
    """Workflows read the reference with `bazel run //images/shlink:ref -- --github-env SHLINK_IMAGE`."""
    assert WORKFLOWS
    found = literal_versions(WORKFLOWS + [Path("README.md")])
    assert found == [], "hard-coded Shlink version or image tag (compute it with `bazel run //images/shlink:ref`):\n" \
        + "\n".join(found)


@pytest.mark.parametrize("line", [
    "  SHLINK_IMAGE: localhost/shlink-phpredis:9.9.9-phpredis1.0.0",
    "run: docker tag ghcr.io/urlshortener-lab/shlink-phpredis:latest x",
    "bazel test --test_env=SHLINK_IMAGE=ghcr.io/x/y:4.5.0-phpredis6.0.2",
    "docker buildx build --build-arg SHLINK_VERSION=4.5.0 .",
    f"echo {SHLINK.version}",
    f"FROM shlinkio/shlink:{SHLINK.version}",
])
def test_the_literal_check_catches(tmp_path, line):
    p = tmp_path / "w.yml"
    p.write_text(f"name: x\n{line}\n")
    assert literal_versions([p]) == [f"{p}:2: {line.strip()}"]


def test_the_literal_check_leaves_action_pins_and_the_ref_step_alone(tmp_path):
    p = tmp_path / "w.yml"
    p.write_text(f"- uses: docker/setup-buildx-action@{'a' * 40} # v{SHLINK.phpredis_version}\n"
                 f"- uses: actions/x@v{SHLINK.version}\n"
                 "  run: bazel run //images/shlink:ref -- --github-env SHLINK_IMAGE\n")
    assert literal_versions([p]) == []


def _jobs():
    for path in WORKFLOWS:
        doc = yaml.safe_load(path.read_text())
        for name, job in doc["jobs"].items():
            yield f"{path}:{name}", doc.get("env", {}) | job.get("env", {}), job["steps"]


def _ref_args(run: str) -> list[str] | None:
    m = REF_STEP.search(run)
    return m.group("args").split() if m else None


def _profile(args: list[str]) -> str:
    return args[args.index("--profile") + 1] if "--profile" in args else "homelab"


def test_every_job_that_passes_shlink_image_computes_it_from_the_profile(tmp_path, monkeypatch):
    """The value written by the ref step is exactly the tag the job's build step gives the image."""
    checked = 0
    for where, env, steps in _jobs():
        runs = [s.get("run", "") for s in steps]
        users = [i for i, r in enumerate(runs) if "--test_env=SHLINK_IMAGE" in r]
        if not users:
            continue
        assert "SHLINK_IMAGE" not in env and not any("SHLINK_IMAGE" in s.get("env", {}) for s in steps), where
        assert all(re.search(r"--test_env=SHLINK_IMAGE(\s|$)", runs[i]) for i in users), \
            f"{where}: pass SHLINK_IMAGE through (--test_env=SHLINK_IMAGE), do not set it"
        refs = [i for i, r in enumerate(runs) if _ref_args(r)]
        builds = [i for i, r in enumerate(runs) if re.search(r"//images/shlink:(build|push)\b", r)]
        assert len(refs) == 1 and len(builds) == 1, f"{where}: one ref step and one build step"
        (ref_i,), (build_i,) = refs, builds
        assert ref_i < min(users) and build_i < min(users), f"{where}: SHLINK_IMAGE used before it is computed/built"
        args = _ref_args(runs[ref_i])
        out = tmp_path / f"github_env_{checked}"
        monkeypatch.setenv("GITHUB_ENV", str(out))
        assert image_tool(["ref", *args]) == 0
        [line] = out.read_text().splitlines()
        name, value = line.split("=", 1)
        build = re.search(r"//images/shlink:(build|push)(?: -- (.*))?$", runs[build_i], re.M)
        built = build_command(push=build.group(1) == "push", profile=_profile((build.group(2) or "").split()))
        tags = [built[i + 1] for i, a in enumerate(built) if a == "-t"]
        assert name == "SHLINK_IMAGE" and value in tags, f"{where}: SHLINK_IMAGE {value} is not a tag the build gives ({tags})"
        checked += 1
    assert checked >= 3  # image.yml build and publish, e2e.yml kind


def test_the_dockerfile_states_no_version():
    """A default is a copy that drifts; the build args come from the profile."""
    found = [f"{DOCKERFILE}:{i}: {line}" for i, line in enumerate(DOCKERFILE.read_text().splitlines(), 1)
             if re.match(r"\s*ARG\s+\w+=\S*\d+\.\d+", line) or LITERALS.search(line)]
    assert found == [], "the Dockerfile states a version; pass it as a build arg from the profile:\n" + "\n".join(found)


def test_every_arg_used_in_the_stage_is_declared_in_it():
    """An ARG declared before FROM is not visible in the stage unless re-declared there without a value
    (moby/buildkit@v0.32.2:frontend/dockerfile/docs/reference.md, "Understand how ARG and FROM interact")."""
    stage = DOCKERFILE.read_text().split("\nFROM ", 1)[1]
    declared = set(re.findall(r"(?m)^ARG\s+(\w+)", stage))
    used = set(re.findall(r"\$\{(\w+)(?::?[?+=-][^}]*)?\}", stage)) - {"PHPIZE_DEPS"}
    assert used <= declared, f"{DOCKERFILE}: used in the stage but not declared there: {sorted(used - declared)}"


@pytest.mark.parametrize("profile", ["homelab", "kind"])
def test_the_build_passes_every_dockerfile_arg_from_the_profile(profile):
    declared = set(re.findall(r"(?m)^ARG\s+(\w+)", DOCKERFILE.read_text()))
    cmd = build_command(push=False, profile=profile)
    passed = dict(cmd[i + 1].split("=", 1) for i, a in enumerate(cmd) if a == "--build-arg")
    assert declared == set(passed), f"ARGs declared {sorted(declared)} vs passed {sorted(passed)}"
    s = load_profile(profile).shlink
    assert (passed["SHLINK_VERSION"], passed["PHPREDIS_VERSION"], passed["IMAGE_TAG"]) == \
        (s.version, s.phpredis_version, s.image.tag)


def test_base_lock_names_the_profiles_shlink_version():
    """The lock records which base it pinned: a version bump needs a re-pin (`bazel run //images/shlink:pin`)."""
    [version] = re.findall(r"(?m)^image: docker\.io/shlinkio/shlink:(\S+)$", BASE_LOCK.read_text())
    assert version == SHLINK.version, f"{BASE_LOCK}: {version}; re-pin with `bazel run //images/shlink:pin`"


def test_renovate_moves_the_shlink_version_in_exactly_one_place():
    """Regex managers (renovatebot/renovate@44.39.2:lib/modules/manager/custom/regex: every match of every
    matchString in a file matched by managerFilePatterns) find shlinkio/shlink in the profile's
    `shlink.version` line only."""
    files = [HOMELAB, Path("platform/profiles/kind.yaml"), DOCKERFILE, BASE_LOCK, Path("README.md"), *WORKFLOWS]
    places = []
    for m in RENOVATE["customManagers"]:
        for path in files:
            if not manages(m, str(path)):
                continue
            text = path.read_text()
            for hit in matches(m, text):
                dep = hit.groupdict().get("depName") or m.get("depNameTemplate")
                if dep == "shlinkio/shlink":
                    places.append((str(path), text[:hit.start("currentValue")].count("\n") + 1,
                                   hit.group("currentValue")))
    line = next(i for i, l in enumerate(HOMELAB.read_text().splitlines(), 1) if l == f"  version: {SHLINK.version}")
    assert places == [(str(HOMELAB), line, SHLINK.version)], \
        "Renovate must move shlinkio/shlink in the profile only; it finds it at " + \
        ", ".join(f"{f}:{n} ({v})" for f, n, v in places)


def test_renovates_dockerfile_manager_skips_the_from_line():
    """Renovate's own Dockerfile manager expands ARG defaults into FROM
    (renovatebot/renovate@44.39.2:lib/modules/manager/dockerfile/extract.ts) and skips a tag that docker
    versioning cannot parse (lib/modules/versioning/docker/index.ts `^(\\d+(?:\\.\\d+)*)\\w*$` on the part
    before the first `-`; lib/workers/repository/process/lookup/index.ts skipReason invalid-value), so it
    does not move a second copy."""
    text = DOCKERFILE.read_text()
    args = dict(re.findall(r"(?m)^ARG (\w+)[ =](\S*)", text.split("\nFROM ", 1)[0]))
    [image] = re.findall(r"(?m)^FROM (\S+)", text)
    resolved = re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: args.get(m.group(1) or m.group(2), m.group(0)), image)
    name, tag = resolved.rsplit(":", 1)
    assert name == "shlinkio/shlink"
    assert not re.match(r"^\d+(?:\.\d+)*\w*$", tag.removeprefix("v").split("-")[0]), \
        f"{DOCKERFILE}: FROM resolves to {resolved}; Renovate would move it beside the profile"


def test_ref_action_prints_the_derived_reference(capsys):
    for profile in ("homelab", "kind"):
        assert image_tool(["ref", "--profile", profile]) == 0
        img = load_profile(profile).shlink.image
        assert capsys.readouterr().out.strip() == f"{img.registry}/{img.repository}:{img.tag}"


@pytest.mark.parametrize("argv,env,needle", [
    (["ref", "--profile", "nosuch"], {}, "profile 'nosuch' not found"),
    (["ref", "--github-env", "SHLINK_IMAGE"], {}, "GITHUB_ENV is not set"),
    (["ref", "--github-env", "a-b"], {"GITHUB_ENV": "/dev/null"}, "not an environment variable name"),
    (["build", "--github-env", "X"], {}, "--github-env applies to ref only"),
    (["push", "--profile", "kind"], {}, "homelab image only"),
    (["tag"], {}, "invalid choice: 'tag'"),
])
def test_bad_arguments_give_one_line_errors(capsys, monkeypatch, argv, env, needle):
    monkeypatch.delenv("GITHUB_ENV", raising=False)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert image_tool(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and needle in err and err.count("\n") == 1, err


def test_a_version_bump_alone_moves_the_tag():
    """What Renovate does: it moves `shlink.version` only; the profile stays valid and the tag follows."""
    data = resolve_profile_data(HOMELAB)
    data["shlink"] = data["shlink"] | {"version": "9.9.9"}
    assert validate_profile(Path("bumped.yaml"), data).shlink.image.tag == f"9.9.9-phpredis{SHLINK.phpredis_version}"
