"""What a component is: an ArgoCD Application with its namespace, sync wave and Pod Security level.

Each component module (`istio.py`, `shlink.py`, …) states its facts once in one of these typed records and
exports the endpoints other components and charts reach it by (service host, ports, pod labels, secret
names). `registry.py` lists them; the app list, waves, namespaces and CRD providers derive from that list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from urlplatform.components.footprint import Footprint
from urlplatform.config import Profile
from urlplatform.config.model import SEMVER as SEMVER_PATTERN
from urlplatform.resources.namespace import PssLevel
from urlplatform.resources.network import Peer
from urlplatform.resources.workload import NAME_LABEL

SEMVER = re.compile(SEMVER_PATTERN)
CHART_REPO = re.compile(r"^(https://|oci://)\S+$")
CHART_NAME = re.compile(r"^[a-z0-9][-a-z0-9/]*$")


def svc_fqdn(name: str, namespace: str) -> str:
    """Cluster-local DNS name of a Service."""
    return f"{name}.{namespace}.svc.cluster.local"


def helm_fullname(release: str, chart: str, *, max_len: int = 63) -> str:
    """The charts' common `<chart>.fullname` helper without overrides: the release name when it contains the
    chart name, else `<release>-<chart>`, cut to `max_len` (external-secrets/external-secrets@helm-chart-0.12.1
    and hashicorp/vault-helm@v0.29.1 templates/_helpers.tpl, jaegertracing/helm-charts@jaeger-3.3.3
    charts/jaeger/templates/_helpers.tpl: 63; prometheus-community/helm-charts@kube-prometheus-stack-67.9.0
    charts/kube-prometheus-stack/templates/_helpers.tpl: 26)."""
    name = (release if chart in release else f"{release}-{chart}")[:max_len]
    return name.removesuffix("-")  # sprig trimSuffix is Go's strings.TrimSuffix: one "-" at most


@dataclass(frozen=True, kw_only=True)
class ChartPin:
    """A Helm chart at an exact version. Written on one line as ChartPin(repo_url=…, chart=…, version=…):
    that is the form renovate.json's one chart-pin manager matches."""

    repo_url: str
    chart: str
    version: str

    def __post_init__(self):
        for name, pattern, hint in (("repo_url", CHART_REPO, "an https:// or oci:// URL"),
                                    ("chart", CHART_NAME, "a lower-case chart name"),
                                    ("version", SEMVER, "an exact version, not a range")):
            if not pattern.match(getattr(self, name)):
                raise ValueError(f"chart {self.chart}: {name} {getattr(self, name)!r} must be {hint}")


@dataclass(frozen=True, kw_only=True)
class Component:
    """One ArgoCD Application: its name, the namespace it installs into, its sync wave and PSS level."""

    app: str
    namespace: str
    wave: int
    pss: PssLevel = "restricted"
    reason: str | None = None  # why the namespace is not `restricted`
    vault_only: bool = False  # only where Vault delivers secrets (the homelab); kind's e2e suite makes them

    def enabled(self, profile: Profile) -> bool:
        return profile.uses_vault or not self.vault_only


@dataclass(frozen=True, kw_only=True)
class HelmComponent(Component):
    """A third-party chart installed as one Helm Application whose release name is the app name."""

    chart: ChartPin
    values: Callable[[Profile], dict]
    footprint: Footprint = field(default_factory=Footprint)
    server_side_apply: bool = False
    skip_crds: bool = False
    # Deleting the Application (from git) deletes what it installed; not for ArgoCD itself or Vault's storage.
    cascade_delete: bool = True
    ignore_differences: tuple[dict, ...] = ()
    sidecar_injected: bool = False  # the chart's pods are built by sidecar injection (Istio gateway: `image: auto`)
    fullname_max: int = 63  # where the chart's fullname helper cuts the name

    @property
    def release(self) -> str:
        return self.app

    @property
    def fullname(self) -> str:
        """What the chart names its objects after (`helm_fullname` of the release and chart)."""
        return helm_fullname(self.release, self.chart.chart, max_len=self.fullname_max)

    def service_host(self, suffix: str = "") -> str:
        """A Service the chart names after its fullname (`<fullname>-<suffix>`)."""
        return svc_fqdn(f"{self.fullname}-{suffix}" if suffix else self.fullname, self.namespace)


@dataclass(frozen=True, kw_only=True)
class CrdDirectory(Component):
    """CRDs applied from a folder of an upstream git repository at a commit (server-side: they are large)."""

    repo_url: str
    revision: str
    path: str
    evidence: str
    footprint: Footprint = field(default_factory=Footprint)


@dataclass(frozen=True, kw_only=True)
class OwnApp(Component):
    """One of our rendered apps (a folder of platform/rendered/<profile>/ synced as a path Application)."""

    keep_on_delete: bool = False  # deleting it from git must not delete its objects (Postgres and Redis data)


@dataclass(frozen=True, kw_only=True)
class Workload:
    """Pods reached through one Service: what a NetworkPolicy, a VirtualService or a client needs of them."""

    name: str
    namespace: str
    pod_labels: dict
    port: int

    @classmethod
    def named(cls, *, name: str, namespace: str, port: int) -> Workload:
        """Pods we render ourselves: selected by the name label `HardenedWorkload` puts on them."""
        return cls(name=name, namespace=namespace, pod_labels={NAME_LABEL: name}, port=port)

    @property
    def service_host(self) -> str:
        return svc_fqdn(self.name, self.namespace)

    @property
    def peer(self) -> Peer:
        return Peer(namespace=self.namespace, pod_labels=dict(self.pod_labels))

    @property
    def selector(self) -> dict:
        return {"matchLabels": dict(self.pod_labels)}
