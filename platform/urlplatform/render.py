"""Renders a profile into {app: [objects]} with cdk8s, and writes that tree to disk atomically."""

from __future__ import annotations

from pathlib import Path

import yaml
from cdk8s import App, Chart
from repo_io import atomic_dir

from urlplatform.charts.certificates import CertificatesChart
from urlplatform.charts.data import DataChart
from urlplatform.charts.gitops import AppsChart, RootChart, bootstrap_files
from urlplatform.charts.mesh import MeshChart
from urlplatform.charts.observability import ObservabilityChart
from urlplatform.charts.secrets import SecretsChart
from urlplatform.charts.shlink import ShlinkChart
from urlplatform.components import istio, postgres, redis, shlink
from urlplatform.components.certificates import CERTIFICATES
from urlplatform.components.data import DATA
from urlplatform.components.external_secrets import EXTERNAL_SECRETS
from urlplatform.components.kube_prometheus_stack import KUBE_PROMETHEUS_STACK
from urlplatform.components.mesh import MESH
from urlplatform.components.observability import OBSERVABILITY
from urlplatform.components.pgo import PGO
from urlplatform.components.redis_operator import REDIS_OPERATOR
from urlplatform.components.secrets import SECRETS, VAULT_STORE
from urlplatform.config import Profile
from urlplatform.k3s import CONFIG_PATH, PSA_PATH, SYSCTL_PATH, psa_config, server_configs, sysctl_conf


def charts(app: App, profile: Profile) -> list[Chart]:
    """Every chart of the profile, wired by reference: each receives the components it serves and reaches."""
    monitoring, gateway = KUBE_PROMETHEUS_STACK, istio.ISTIO_GATEWAY
    store = VAULT_STORE if SECRETS.enabled(profile) else None  # kind: the e2e suite creates the Secrets
    out = [RootChart(app, profile=profile), AppsChart(app, profile=profile)]
    if store:
        out.append(SecretsChart(app, component=SECRETS, store=store, reader=EXTERNAL_SECRETS,
                                consumers=(DATA, shlink.SHLINK)))
    out += [
        CertificatesChart(app, profile=profile, component=CERTIFICATES, gateway=gateway),
        DataChart(app, profile=profile, component=DATA, client=shlink.WORKLOAD, pgo=PGO, redis_operator=REDIS_OPERATOR,
                  monitoring=monitoring, store=store),
        MeshChart(app, profile=profile, component=MESH, gateway=gateway, app=shlink.WORKLOAD),
        ObservabilityChart(app, profile=profile, component=OBSERVABILITY, istiod=istio.ISTIOD_PODS, gateway=gateway),
        ShlinkChart(app, profile=profile, component=shlink.SHLINK, workload=shlink.WORKLOAD, database=postgres.PRIMARY,
                    sentinel=redis.SENTINEL, ingress=gateway, monitoring=monitoring, istiod=istio.ISTIOD_PODS,
                    store=store),
    ]
    return out


def render(profile: Profile) -> dict[str, list[dict]]:
    """Synthesise every chart of the profile; keys are ArgoCD application names (the charts' ids)."""
    return {chart.node.id: [o for o in chart.to_json() if o] for chart in charts(App(), profile)}


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
