"""Helm charts as ArgoCD would install them, read from the rendered Applications (CI's Helm render tier).

`charts(root)` finds every Application whose source is a Helm chart (single `source:` or multi-source
`sources:`) and returns what `helm template` needs: repository, chart, version, release, namespace, values."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml


class AppError(ValueError):
    """A Helm Application that cannot be rendered; str() is one line naming the file and field."""


@dataclass(frozen=True, kw_only=True)
class ChartRef:
    """One Helm Application: the pinned chart and the values ArgoCD would pass."""

    app: str
    path: str
    repo_url: str
    chart: str
    version: str
    release: str
    namespace: str
    values: dict = field(default_factory=dict)
    parameters: tuple[tuple[str, str], ...] = ()

    @property
    def is_oci(self) -> bool:
        """ArgoCD writes an OCI Helm repository without a scheme (`registry/path`); Helm wants `oci://`."""
        return self.repo_url.startswith("oci://") or "://" not in self.repo_url

    def template_args(self, values_file: Path, *, kube_version: str, api_versions: list[str]) -> list[str]:
        """`helm template` arguments (without the binary): the chart at its pinned version with its values."""
        if self.is_oci:
            ref = f"oci://{self.repo_url.removeprefix('oci://').rstrip('/')}/{self.chart}"
            src = [ref]
        else:
            src = [self.chart, "--repo", self.repo_url]
        args = ["template", self.release, *src, "--version", self.version, "--namespace", self.namespace,
                "--values", str(values_file), "--kube-version", kube_version, "--include-crds"]
        for api in api_versions:
            args += ["--api-versions", api]
        for name, value in self.parameters:
            args += ["--set-string", f"{name}={value}"]
        return args


def _helm_sources(spec: dict) -> list[dict]:
    sources = spec.get("sources") if spec.get("sources") else [spec.get("source") or {}]
    return [s for s in sources if isinstance(s, dict) and s.get("chart")]


def _values(helm: dict, where: str) -> dict:
    values: dict = {}
    text = helm.get("values")
    if text:
        try:
            loaded = yaml.safe_load(text) if isinstance(text, str) else text
        except yaml.YAMLError as e:
            raise AppError(f"{where}: spec.source.helm.values is not YAML ({getattr(e, 'problem', e)})") from None
        if not isinstance(loaded, dict):
            raise AppError(f"{where}: spec.source.helm.values is not a mapping")
        values.update(loaded)
    obj = helm.get("valuesObject")
    if obj is not None:
        if not isinstance(obj, dict):
            raise AppError(f"{where}: spec.source.helm.valuesObject is not a mapping")
        values.update(obj)  # ArgoCD: valuesObject takes precedence over values
    return values


def chart_ref(doc: dict, path: str) -> ChartRef | None:
    """The Helm chart of one Application document, or None when it deploys plain manifests."""
    if doc.get("kind") != "Application":
        return None
    meta, spec = doc.get("metadata") or {}, doc.get("spec") or {}
    name = meta.get("name") or "?"
    where = f"{path}: Application {name}"
    sources = _helm_sources(spec)
    if not sources:
        return None
    if len(sources) > 1:
        raise AppError(f"{where}: {len(sources)} Helm chart sources; the render tier expects one")
    src = sources[0]
    for key in ("repoURL", "targetRevision"):
        if not src.get(key):
            raise AppError(f"{where}: spec.source.{key} is required for chart {src['chart']}")
    namespace = (spec.get("destination") or {}).get("namespace")
    if not namespace:
        raise AppError(f"{where}: spec.destination.namespace is required")
    helm = src.get("helm") or {}
    params = tuple((str(p["name"]), str(p.get("value", ""))) for p in helm.get("parameters") or [])
    return ChartRef(app=name, path=path, repo_url=src["repoURL"], chart=src["chart"],
                    version=str(src["targetRevision"]), release=helm.get("releaseName") or name,
                    namespace=namespace, values=_values(helm, where), parameters=params)


def charts(root: Path) -> list[ChartRef]:
    """Every Helm Application under the rendered tree `root`, in file order."""
    out = []
    for f in sorted(root.rglob("*.yaml")):
        for doc in yaml.safe_load_all(f.read_text()):
            if isinstance(doc, dict):
                ref = chart_ref(doc, str(f))
                if ref:
                    out.append(ref)
    return out


def api_versions(root: Path) -> list[str]:
    """`group/version` and `group/version/Kind` of every object in the rendered tree: the APIs the cluster
    serves once it is synced (charts probe `.Capabilities.APIVersions.Has` for ServiceMonitor and the like)."""
    seen: set[str] = set()
    for f in sorted(root.rglob("*.yaml")):
        for doc in yaml.safe_load_all(f.read_text()):
            if isinstance(doc, dict) and doc.get("apiVersion") and doc.get("kind"):
                seen.add(str(doc["apiVersion"]))
                seen.add(f"{doc['apiVersion']}/{doc['kind']}")
                if doc["kind"] == "CustomResourceDefinition":
                    spec = doc.get("spec") or {}
                    for v in spec.get("versions") or []:
                        seen.add(f"{spec.get('group')}/{v.get('name')}")
                        seen.add(f"{spec.get('group')}/{v.get('name')}/{(spec.get('names') or {}).get('kind')}")
    return sorted(seen)
