"""The image tier runs Shlink as the rendered kind Deployment does: every env var, every Secret file at
its path, the same writable dirs on a read-only root, the same uid/gid, capabilities and limits."""

import copy

import pytest

from imagetools.shlink_run import (
    POSTGRES_IMAGE,
    SERVICE_ROLES,
    RunConfigError,
    docker_kwargs,
    from_deployment,
    service_hosts,
)
from kindlab.plan import suite_secrets
from urlplatform.components import postgres, redis, shlink
from urlplatform.config import load_profile
from urlplatform.render import render

PROFILE = load_profile("kind")
TREE = render(PROFILE)
[DEPLOYMENT] = [o for o in TREE["shlink"] if o["kind"] == "Deployment"]
SECRETS = {s["metadata"]["name"]: s["stringData"] for s in suite_secrets(PROFILE, "api", "db", "redis")
           if s["metadata"]["namespace"] == shlink.WORKLOAD.namespace}
RUN = from_deployment(DEPLOYMENT, image="shlink:test", secret_data=SECRETS)
POD = DEPLOYMENT["spec"]["template"]["spec"]
[CONTAINER] = POD["containers"]


def test_env_is_the_deployments():
    assert RUN.env == {e["name"]: e["value"] for e in CONTAINER["env"]}


def test_every_file_env_var_points_at_a_provided_secret_file():
    file_vars = {k: v for k, v in RUN.env.items() if k.endswith("_FILE")}
    assert file_vars and all(v in RUN.files for v in file_vars.values())
    assert RUN.files[RUN.env["INITIAL_API_KEY_FILE"]] == "api"
    assert RUN.files[RUN.env["DB_PASSWORD_FILE"]] == "db" and RUN.files[RUN.env["DB_USER_FILE"]] == postgres.USER
    assert RUN.files[RUN.env["REDIS_SERVERS_PASSWORD_FILE"]] == "redis"


def test_read_only_root_with_the_same_writable_dirs_uid_and_limits():
    empty_dirs = {v["name"] for v in POD["volumes"] if "emptyDir" in v}
    assert set(RUN.writable) == {m["mountPath"] for m in CONTAINER["volumeMounts"] if m["name"] in empty_dirs}
    assert RUN.read_only_root is True and RUN.uid == POD["securityContext"]["runAsUser"]
    kw = docker_kwargs(RUN)
    assert kw["read_only"] is True and kw["user"] == f"{RUN.uid}:{RUN.gid}"
    assert set(kw["tmpfs"]) == set(RUN.writable) and kw["cap_drop"] == ["ALL"]
    assert kw["security_opt"] == ["no-new-privileges:true"]
    limits = CONTAINER["resources"]["limits"]
    assert kw["mem_limit"] == int(limits["memory"].removesuffix("Mi")) * 2**20
    assert kw["nano_cpus"] == int(limits["cpu"].removesuffix("m")) * 1_000_000


def test_every_cluster_host_in_the_env_has_a_container_role():
    """DB_HOST and every Sentinel URI become network aliases of the tier's Postgres / Sentinels."""
    assert set(RUN.aliases) == {"postgres", "sentinel"}
    assert RUN.aliases["postgres"] == (RUN.env["DB_HOST"],)
    uris = RUN.env["REDIS_SERVERS"].split(",")
    assert len(RUN.aliases["sentinel"]) == len(uris) and all(h in RUN.env["REDIS_SERVERS"] for h in RUN.aliases["sentinel"])
    assert set(SERVICE_ROLES) == {postgres.PRIMARY.name, redis.SENTINEL.name}


def test_unknown_service_in_env_is_refused():
    with pytest.raises(RunConfigError, match=r"env X: Service other\.ns has no container"):
        service_hosts({"X": "tcp://other.ns.svc.cluster.local:1"})


def test_value_from_env_is_refused_with_the_name():
    dep = copy.deepcopy(DEPLOYMENT)
    dep["spec"]["template"]["spec"]["containers"][0]["env"].append({"name": "SECRET_X", "valueFrom": {}})
    with pytest.raises(RunConfigError, match="env SECRET_X: only literal values"):
        from_deployment(dep, image="x", secret_data=SECRETS)


def test_missing_secret_data_is_named():
    with pytest.raises(RunConfigError, match=f"no test data for Secret {shlink.API_KEY_SECRET}"):
        from_deployment(DEPLOYMENT, image="x", secret_data={k: v for k, v in SECRETS.items()
                                                            if k != shlink.API_KEY_SECRET})


def test_file_env_without_mount_is_refused():
    dep = copy.deepcopy(DEPLOYMENT)
    dep["spec"]["template"]["spec"]["containers"][0]["env"].append({"name": "X_FILE", "value": "/nowhere"})
    with pytest.raises(RunConfigError, match="env X_FILE: /nowhere is not provided"):
        from_deployment(dep, image="x", secret_data=SECRETS)


def test_postgres_image_is_the_clusters_major_and_pinned():
    """The image tier's Postgres runs the major the PostgresCluster asks PGO for."""
    [cluster] = [o for o in TREE["data"] if o["kind"] == "PostgresCluster"]
    name, tag = POSTGRES_IMAGE.split(":")
    assert name == "postgres" and tag.split(".")[0] == str(cluster["spec"]["postgresVersion"])
    assert tag.count(".") == 1 and tag.endswith("-alpine")


def test_redis_image_is_the_redisfailover_one():
    from imagetools.redis_layout import MASTER_NAME

    [rf] = [o for o in TREE["data"] if o["kind"] == "RedisFailover"]
    assert rf["spec"]["redis"]["image"] == rf["spec"]["sentinel"]["image"]
    assert MASTER_NAME == RUN.env["REDIS_SENTINEL_SERVICE"]


def test_image_workflow_runs_the_tier_after_building_the_image():
    from pathlib import Path

    import yaml

    jobs = yaml.safe_load(Path(".github/workflows/image.yml").read_text())["jobs"]
    for job in jobs.values():
        runs = [s.get("run", "") for s in job["steps"]]
        built = next(i for i, r in enumerate(runs) if "//images/shlink:build" in r or "//images/shlink:push" in r)
        tier = next(i for i, r in enumerate(runs) if "//images/shlink:container_test" in r)
        # SHLINK_IMAGE itself comes from the profile: version_sources_test checks the ref step.
        assert tier > built and "--test_env=SHLINK_IMAGE" in runs[tier].split()


def test_image_workflow_requires_the_tier():
    from pathlib import Path

    text = Path(".github/workflows/image.yml").read_text()
    runs = [chunk for chunk in text.split("- name:") if "//images/shlink:container_test" in chunk]
    assert runs and all("--test_env=TIER_REQUIRED=1" in r for r in runs)


def test_required_image_tier_fails_instead_of_skipping():
    import os
    import shutil
    import subprocess
    import sys

    docker = shutil.which("docker")
    if docker and subprocess.run([docker, "info"], capture_output=True).returncode == 0:
        pytest.skip("Docker is reachable here; the skip/fail switch cannot be shown")
    env = {k: v for k, v in os.environ.items() if k not in ("TIER_REQUIRED", "XML_OUTPUT_FILE", "SHLINK_IMAGE")}
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "images/shlink/tests/container_test.py",
            "-k", "test_health"]
    skipped = subprocess.run(argv, capture_output=True, text=True, env=env, timeout=300)
    assert skipped.returncode == 0 and "1 skipped" in skipped.stdout, skipped.stdout[-500:]
    required = subprocess.run(argv, capture_output=True, text=True, env=env | {"TIER_REQUIRED": "1"}, timeout=300)
    assert required.returncode != 0 and "TIER_REQUIRED=1 but the image tier cannot run" in required.stdout, \
        required.stdout[-800:]
