"""Renders a profile into {app: [objects]} with cdk8s, and writes that tree to disk atomically."""

from __future__ import annotations

from pathlib import Path

import yaml
from cdk8s import App
from repo_io import atomic_dir

from urlplatform.charts.registry import chart_classes
from urlplatform.config import Profile
from urlplatform.charts.gitops import bootstrap_files
from urlplatform.k3s import CONFIG_PATH, PSA_PATH, SYSCTL_PATH, psa_config, server_configs, sysctl_conf


def render(profile: Profile) -> dict[str, list[dict]]:
    """Synthesise every chart of the profile; keys are ArgoCD application names."""
    app = App()
    charts = {cls.app_name: cls(app, cls.app_name, profile=profile) for cls in chart_classes(profile)}
    return {name: [o for o in chart.to_json() if o] for name, chart in charts.items()}


def object_filename(obj: dict) -> str:
    """`<kind>-<namespace>-<name>.yaml`, lower case; cluster-scoped objects omit the namespace."""
    meta = obj.get("metadata", {})
    parts = [obj["kind"], meta.get("namespace"), meta["name"]]
    return "-".join(p for p in parts if p).lower().replace(".", "-") + ".yaml"


def dump(obj: dict) -> str:
    """Stable YAML for one object."""
    return yaml.safe_dump(obj, sort_keys=True, default_flow_style=False, width=120)


K3S_DIR = "k3s"  # not an ArgoCD app: node configs, copied to /etc/rancher/k3s/config.yaml


def tree_files(tree: dict[str, list[dict]], profile: Profile) -> dict[str, str]:
    """Relative path -> file text for a rendered tree (plus K3s node configs); duplicate paths are an error."""
    files: dict[str, str] = {}
    for node, cfg in server_configs(profile).items():
        files[f"{K3S_DIR}/{node}.yaml"] = f"# K3s server config for {node}: copy to {CONFIG_PATH}\n" + dump(cfg)
    files[f"{K3S_DIR}/psa.yaml"] = f"# Pod Security Admission defaults for every server: copy to {PSA_PATH}\n" + dump(
        psa_config())
    files[f"{K3S_DIR}/90-kubelet.conf"] = f"# kubelet kernel settings (protect-kernel-defaults): copy to {SYSCTL_PATH}\n" + (
        sysctl_conf())
    for rel, obj in bootstrap_files(profile).items():
        files[rel] = dump(obj)
    for app, objs in tree.items():
        for obj in objs:
            rel = f"{app}/{object_filename(obj)}"
            if rel in files:
                raise ValueError(f"two objects render to {rel}; give them distinct names")
            files[rel] = dump(obj)
    return files


def write_tree(files: dict[str, str], out: Path) -> None:
    """Replace `out` with exactly `files`: written to a temp dir beside it, then swapped in."""
    with atomic_dir(out) as tmp:
        for rel, text in files.items():
            p = tmp / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(text)
