"""Pydantic v2 models of a platform profile. Unknown keys are rejected everywhere."""

from __future__ import annotations

import re
from ipaddress import IPv4Address, IPv4Network
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from urlplatform.config.k3s_cni import cni_bin_dir
from urlplatform.config.shlink_runtime import MIN_PHP_MEMORY_MIB, ShlinkRuntime, shlink_runtime

DNS_LABEL = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"
DNS_NAME = r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$"
SEMVER = r"^v?\d+\.\d+\.\d+([-+][0-9A-Za-z.\-]+)?$"
QUANTITY_CPU = r"^\d+(\.\d+)?m?$"
QUANTITY_MEM = r"^\d+(Ki|Mi|Gi|Ti)$"

Name = Annotated[str, Field(pattern=DNS_LABEL, max_length=63)]
Version = Annotated[str, Field(pattern=SEMVER)]


class Strict(BaseModel):
    """Base: forbid unknown keys, freeze instances."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Node(Strict):
    """One K3s server VM."""

    name: Name
    ip: IPv4Address


class Cluster(Strict):
    """The K3s cluster the profile targets."""

    name: Name
    distribution: Literal["k3s", "kind"] = "k3s"
    k3s_version: Annotated[str, Field(pattern=r"^v\d+\.\d+\.\d+\+k3s\d+$")] | None = None  # required for k3s
    nodes: list[Node] = Field(min_length=1)
    node_network: IPv4Network
    ingress_ip: IPv4Address
    domain: Annotated[str, Field(pattern=DNS_NAME)]
    storage_class: Name
    environment: Name
    pod_cidr: IPv4Network = IPv4Network("10.42.0.0/16")
    service_cidr: IPv4Network = IPv4Network("10.43.0.0/16")

    @model_validator(mode="after")
    def _addresses_consistent(self) -> Cluster:
        names = [n.name for n in self.nodes]
        if len(set(names)) != len(names):
            raise ValueError("node names must be unique; rename the duplicate node")
        ips = [n.ip for n in self.nodes]
        if len(set(ips)) != len(ips):
            raise ValueError("node ips must be unique; give each node its own address")
        for n in self.nodes:
            if n.ip not in self.node_network:
                raise ValueError(f"node {n.name} ip {n.ip} is outside node_network {self.node_network}")
        if self.ingress_ip not in self.node_network:
            raise ValueError(f"ingress_ip {self.ingress_ip} is outside node_network {self.node_network}")
        if self.distribution == "k3s":
            if self.k3s_version is None:
                raise ValueError("k3s_version is required when distribution is k3s; set the release, e.g. v1.31.4+k3s1")
            cni_bin_dir(self.k3s_version)  # raises for a K3s line whose CNI layout is not verified
        return self

    @property
    def ha(self) -> bool:
        """Embedded-etcd HA needs an odd number of at least three servers."""
        return len(self.nodes) >= 3


class Image(Strict):
    """A container image reference: tag required (Shlink derives it when omitted), digest optional until pinned."""

    registry: Annotated[str, Field(pattern=r"^[a-z0-9.\-]+(:\d+)?$")]
    repository: Annotated[str, Field(pattern=r"^[a-z0-9._/\-]+$")]
    tag: Annotated[str, Field(pattern=r"^[A-Za-z0-9_][A-Za-z0-9_.\-]{0,127}$")]
    digest: Annotated[str, Field(pattern=r"^sha256:[0-9a-f]{64}$")] | None = None

    @field_validator("tag")
    @classmethod
    def _no_latest(cls, v: str) -> str:
        if v == "latest":
            raise ValueError("tag 'latest' is not allowed; pin an exact version or omit it to derive it from the versions")
        return v

    @property
    def ref(self) -> str:
        base = f"{self.registry}/{self.repository}:{self.tag}"
        return f"{base}@{self.digest}" if self.digest else base


class Resources(Strict):
    """Container requests and limits."""

    cpu_request: Annotated[str, Field(pattern=QUANTITY_CPU)]
    cpu_limit: Annotated[str, Field(pattern=QUANTITY_CPU)]
    memory_request: Annotated[str, Field(pattern=QUANTITY_MEM)]
    memory_limit: Annotated[str, Field(pattern=QUANTITY_MEM)]

    @model_validator(mode="after")
    def _limits_cover_requests(self) -> Resources:
        if _mem_bytes(self.memory_limit) < _mem_bytes(self.memory_request):
            raise ValueError("memory_limit must be >= memory_request; raise the limit or lower the request")
        if _cpu_milli(self.cpu_limit) < _cpu_milli(self.cpu_request):
            raise ValueError("cpu_limit must be >= cpu_request; raise the limit or lower the request")
        return self


def _mem_bytes(q: str) -> int:
    num, unit = re.match(r"^(\d+)(\w+)$", q).groups()
    return int(num) * {"Ki": 1 << 10, "Mi": 1 << 20, "Gi": 1 << 30, "Ti": 1 << 40}[unit]


def _cpu_milli(q: str) -> float:
    return float(q[:-1]) if q.endswith("m") else float(q) * 1000


def image_tag(version: str, phpredis_version: str) -> str:
    """The Shlink image tag built from images/shlink/Dockerfile with these build args."""
    return f"{version}-phpredis{phpredis_version}"


class Shlink(Strict):
    """The Shlink application."""

    version: Version
    phpredis_version: Version
    image: Image
    replicas: Annotated[int, Field(ge=1, le=20)] = 3
    host: Annotated[str, Field(pattern=DNS_NAME)] | None = None
    resources: Resources
    cache_namespace: Name = "shlink"
    trusted_proxies: Annotated[str, Field(min_length=1)] = "1"
    https: bool = True
    # Shlink 4.6 accepts 301/302/307/308 (module/Core/src/Util/RedirectStatus.php); perf and e2e expect 302.
    redirect_status_code: Literal[301, 302, 307, 308] = 302

    @model_validator(mode="before")
    @classmethod
    def _derive_image_tag(cls, data):
        """`image.tag` omitted: `<version>-phpredis<phpredis_version>`, so each version is stated once."""
        if isinstance(data, dict) and isinstance(data.get("image"), dict) and "tag" not in data["image"]:
            if data.get("version") is not None and data.get("phpredis_version") is not None:
                data = data | {"image": data["image"] | {"tag": image_tag(data["version"], data["phpredis_version"])}}
        return data

    @model_validator(mode="after")
    def _image_matches_version(self) -> Shlink:
        if not self.image.tag.startswith(self.version):
            raise ValueError(
                f"image.tag {self.image.tag!r} must start with version {self.version!r}; "
                "rebuild the image or align shlink.version"
            )
        mib = self.runtime.php_memory_limit_mib
        if mib < MIN_PHP_MEMORY_MIB:
            raise ValueError(
                f"resources.memory_limit {self.resources.memory_limit} leaves {mib}Mi per PHP worker "
                f"({self.runtime.workers} workers), below {MIN_PHP_MEMORY_MIB}Mi; raise memory_limit or lower cpu_limit"
            )
        return self

    @property
    def runtime(self) -> ShlinkRuntime:
        """Derived: RoadRunner worker counts and PHP memory_limit that fit this pod's limits."""
        return shlink_runtime(cpu_limit_milli=_cpu_milli(self.resources.cpu_limit),
                              memory_limit_bytes=_mem_bytes(self.resources.memory_limit))


class Postgres(Strict):
    """PGO PostgresCluster sizing and schedules (the Postgres major is the component's: components/postgres.py)."""

    instances: Annotated[int, Field(ge=1, le=5)] = 2
    storage: Annotated[str, Field(pattern=QUANTITY_MEM)] = "20Gi"
    backup_storage: Annotated[str, Field(pattern=QUANTITY_MEM)] = "20Gi"
    full_backup_schedule: str = "0 1 * * 0"
    diff_backup_schedule: str = "0 1 * * 1-6"


class Redis(Strict):
    """Spotahome RedisFailover sizing (the Redis image is the component's: components/redis.py)."""

    replicas: Annotated[int, Field(ge=1, le=7)] = 3
    sentinels: Annotated[int, Field(ge=1, le=7)] = 3
    storage: Annotated[str, Field(pattern=QUANTITY_MEM)] = "8Gi"

    @field_validator("sentinels")
    @classmethod
    def _odd_quorum(cls, v: int) -> int:
        if v % 2 == 0:
            raise ValueError(f"sentinels must be odd for a quorum, got {v}; use {v + 1}")
        return v


class GitOps(Strict):
    """Where ArgoCD reads this repository."""

    repo_url: Annotated[str, Field(pattern=r"^(https://|ssh://|git@)\S+$")]
    revision: Annotated[str, Field(min_length=1)] = "main"
    project: Name = "url-shortener"


class Profile(Strict):
    """A whole deployment target: `homelab` (the real cluster) or `kind` (CI e2e)."""

    name: Name
    secrets_backend: Literal["vault", "test-secrets"]
    cluster: Cluster
    shlink: Shlink
    postgres: Postgres = Postgres()
    redis: Redis = Redis()
    gitops: GitOps
    tracing_sampling_percent: Annotated[float, Field(ge=0, le=100)] = 100.0

    @model_validator(mode="after")
    def _replicas_fit(self) -> Profile:
        if self.shlink.replicas > 1 and self.shlink.replicas > 3 * len(self.cluster.nodes):
            raise ValueError("shlink.replicas exceeds 3 per node; add nodes or lower replicas")
        return self

    @property
    def uses_vault(self) -> bool:
        """Vault + External Secrets deliver secrets; otherwise the e2e suite creates test-only Secrets."""
        return self.secrets_backend == "vault"

    @property
    def shlink_host(self) -> str:
        """Derived: Shlink's host defaults to the cluster domain."""
        return self.shlink.host or self.cluster.domain
