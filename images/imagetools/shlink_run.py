"""How to run the built Shlink image exactly as the rendered Deployment runs it, outside Kubernetes.

Everything is read from the Deployment the chart renders (env, secret mounts, writable emptyDirs,
read-only root, uid/gid, capabilities, limits); nothing about Shlink's configuration is restated here,
so the image tier cannot drift from the chart. The cluster Service names in the env (DB_HOST, the
Sentinel URIs) stay as they are: the tier gives its Postgres and Sentinel containers those names as
network aliases."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from urlplatform.components import postgres, redis, shlink

SERVICE_HOST = re.compile(r"\b([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.([a-z0-9]([-a-z0-9]*[a-z0-9])?)\.svc(\.cluster\.local)?\b")
# Which backing container answers for which cluster Service the Deployment names.
SERVICE_ROLES = {postgres.PRIMARY.name: "postgres", redis.SENTINEL.name: "sentinel"}
# The image tier's Postgres: the profile's major, pinned (tests/container_config_test.py checks the major).
POSTGRES_IMAGE = "postgres:16.6-alpine"


class RunConfigError(ValueError):
    """One-line reason the Deployment cannot be reproduced outside the cluster."""


@dataclass(frozen=True, kw_only=True)
class ShlinkRun:
    image: str
    env: dict[str, str]
    files: dict[str, str]  # container path -> content (the Secret items, mounted read-only)
    mount_dirs: tuple[str, ...]  # read-only directories holding `files`
    writable: tuple[str, ...]  # emptyDir mount paths (tmpfs outside Kubernetes)
    read_only_root: bool
    uid: int
    gid: int
    fs_group: int | None
    cap_drop: tuple[str, ...]
    no_new_privileges: bool
    port: int
    memory_limit: str
    cpu_limit: str
    aliases: dict[str, tuple[str, ...]] = field(default_factory=dict)  # role -> cluster host names


def _container(deployment: dict) -> tuple[dict, dict]:
    pod = deployment["spec"]["template"]["spec"]
    [c] = [c for c in pod["containers"] if c["name"] == shlink.WORKLOAD.name]
    return pod, c


def service_hosts(env: dict[str, str]) -> dict[str, tuple[str, ...]]:
    """role -> every cluster host name the env refers to for it; unknown Services are an error."""
    by_role: dict[str, list[str]] = {}
    for name, value in sorted(env.items()):
        for m in SERVICE_HOST.finditer(value):
            role = SERVICE_ROLES.get(m.group(1))
            if role is None:
                raise RunConfigError(f"env {name}: Service {m.group(1)}.{m.group(3)} has no container in the image tier")
            hosts = by_role.setdefault(role, [])
            if m.group(0) not in hosts:
                hosts.append(m.group(0))
    return {role: tuple(hosts) for role, hosts in by_role.items()}


def from_deployment(deployment: dict, *, image: str, secret_data: dict[str, dict[str, str]]) -> ShlinkRun:
    """The run configuration of the Deployment's Shlink container; `secret_data` is Secret name -> data."""
    pod, c = _container(deployment)
    env = {}
    for e in c.get("env", []):
        if "value" not in e:
            raise RunConfigError(f"env {e['name']}: only literal values can be reproduced, not valueFrom")
        env[e["name"]] = str(e["value"])
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    files, mount_dirs, writable = {}, [], []
    for m in c.get("volumeMounts", []):
        vol = volumes[m["name"]]
        if "emptyDir" in vol:
            writable.append(m["mountPath"])
        elif "secret" in vol:
            secret = vol["secret"]["secretName"]
            data = secret_data.get(secret)
            if data is None:
                raise RunConfigError(f"volume {m['name']}: no test data for Secret {secret}")
            for item in vol["secret"].get("items") or [{"key": k, "path": k} for k in data]:
                if item["key"] not in data:
                    raise RunConfigError(f"volume {m['name']}: Secret {secret} has no key {item['key']} in the test data")
                files[f"{m['mountPath']}/{item['path']}"] = data[item["key"]]
            mount_dirs.append(m["mountPath"])
        else:
            raise RunConfigError(f"volume {m['name']}: only emptyDir and secret volumes can be reproduced")
    for name, value in env.items():
        if name.endswith("_FILE") and value not in files:
            raise RunConfigError(f"env {name}: {value} is not provided by any mounted Secret")
    psc, csc = pod.get("securityContext", {}), c.get("securityContext", {})
    uid = csc.get("runAsUser", psc.get("runAsUser"))
    if uid is None:
        raise RunConfigError("securityContext: no runAsUser; the image tier must run as the Deployment's uid")
    [port] = [p["containerPort"] for p in c["ports"]]
    limits = c.get("resources", {}).get("limits", {})
    return ShlinkRun(
        image=image, env=env, files=files, mount_dirs=tuple(mount_dirs), writable=tuple(writable),
        read_only_root=bool(csc.get("readOnlyRootFilesystem")), uid=uid,
        gid=csc.get("runAsGroup", psc.get("runAsGroup", uid)), fs_group=psc.get("fsGroup"),
        cap_drop=tuple(csc.get("capabilities", {}).get("drop", ())),
        no_new_privileges=csc.get("allowPrivilegeEscalation") is False, port=port,
        memory_limit=limits.get("memory", ""), cpu_limit=str(limits.get("cpu", "")), aliases=service_hosts(env))


def docker_kwargs(run: ShlinkRun) -> dict:
    """docker-py `containers.run` keyword arguments for the security and resource settings."""
    group = run.fs_group if run.fs_group is not None else run.gid
    kw = {
        "read_only": run.read_only_root,
        "user": f"{run.uid}:{run.gid}",
        "tmpfs": {path: f"rw,uid={run.uid},gid={group},mode=0770" for path in run.writable},
        "cap_drop": list(run.cap_drop),
        "security_opt": ["no-new-privileges:true"] if run.no_new_privileges else [],
    }
    if run.fs_group is not None:
        kw["group_add"] = [str(run.fs_group)]
    if run.memory_limit:
        kw["mem_limit"] = memory_bytes(run.memory_limit)
    if run.cpu_limit:
        kw["nano_cpus"] = int(cpu_cores(run.cpu_limit) * 1e9)
    return kw


def memory_bytes(q: str) -> int:
    m = re.fullmatch(r"(\d+)(Ki|Mi|Gi)?", q)
    if not m:
        raise RunConfigError(f"resources.limits.memory: cannot read {q!r}")
    return int(m.group(1)) * {None: 1, "Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30}[m.group(2)]


def cpu_cores(q: str) -> float:
    if not re.fullmatch(r"\d+(\.\d+)?m?", q):
        raise RunConfigError(f"resources.limits.cpu: cannot read {q!r}")
    return float(q[:-1]) / 1000 if q.endswith("m") else float(q)
