"""Properties of the derived RoadRunner pools and PHP memory_limit, for any resources a profile may set.

Upstream: shlinkio/shlink@v4.6.0:config/roadrunner/.rr.yml (num_workers 0 = one per node CPU) and
config/container.php (MEMORY_LIMIT is each PHP process's memory_limit)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from urlplatform.config import load_profile
from urlplatform.config.model import Profile
from urlplatform.config.shlink_runtime import (
    MAX_PHP_MEMORY_MIB,
    MIN_PHP_MEMORY_MIB,
    RR_OVERHEAD_MIB,
    WORKER_BASELINE_MIB,
    shlink_runtime,
)
from urlplatform.render import render

BASE = load_profile("homelab").model_dump(mode="json")


def with_resources(cpu_milli: int, mem_mib: int) -> dict:
    data = {**BASE, "shlink": {**BASE["shlink"]}}
    data["shlink"]["resources"] = {"cpu_request": "50m", "cpu_limit": f"{cpu_milli}m",
                                   "memory_request": "64Mi", "memory_limit": f"{mem_mib}Mi"}
    return data


@settings(max_examples=200, deadline=None)
@given(cpu=st.integers(100, 16000), mem=st.integers(64, 16384))
def test_sizing_never_exceeds_the_pod_and_never_means_node_cpus(cpu, mem):
    rt = shlink_runtime(cpu_limit_milli=cpu, memory_limit_bytes=mem << 20)
    assert rt.web_workers >= 2 and rt.task_workers >= 1  # 0 would mean one per node CPU
    assert rt.php_memory_limit_mib <= MAX_PHP_MEMORY_MIB
    fits = RR_OVERHEAD_MIB + rt.workers * (WORKER_BASELINE_MIB + rt.php_memory_limit_mib) <= mem
    assert fits or rt.php_memory_limit_mib < MIN_PHP_MEMORY_MIB  # the profile validator rejects the latter
    if rt.php_memory_limit_mib >= MIN_PHP_MEMORY_MIB:
        assert rt.web_workers <= max(2, math.ceil(cpu * 4 / 1000))  # no more workers than the CPU share


@settings(max_examples=15, deadline=None)
@given(cpu=st.integers(100, 4000), mem=st.integers(448, 4096))
def test_rendered_env_is_the_derivation_of_the_profiles_resources(cpu, mem):
    profile = Profile.model_validate(with_resources(cpu, mem))
    [dep] = [o for o in render(profile)["shlink"] if o["kind"] == "Deployment"]
    c = dep["spec"]["template"]["spec"]["containers"][0]
    env = {e["name"]: e["value"] for e in c["env"]}
    rt = shlink_runtime(cpu_limit_milli=cpu, memory_limit_bytes=mem << 20)
    assert (env["WEB_WORKER_NUM"], env["TASK_WORKER_NUM"], env["MEMORY_LIMIT"]) == (
        str(rt.web_workers), str(rt.task_workers), f"{rt.php_memory_limit_mib}M")
    assert c["resources"]["limits"]["memory"] == f"{mem}Mi"


def test_a_pod_too_small_for_its_php_workers_is_rejected_naming_the_field():
    with pytest.raises(ValidationError, match="memory_limit"):
        Profile.model_validate(with_resources(500, 256))
