"""The install plan for kind: the rendered app-of-apps turned into ordered helm/kubectl steps by sync wave.

ArgoCD is not required for the smoke and chaos suites, so the plan replays what it would do: each
Helm Application becomes `helm upgrade --install` at its pinned version with its rendered values,
each path Application becomes a server-side `kubectl apply` of its rendered folder (or, for a path in
an upstream repository, of that path fetched at the pinned revision, as ArgoCD would check it out).

One deliberate difference: `helm --wait` never sees a LoadBalancer Service ready without an ingress
address (helm/helm@v3.16.4:pkg/kube/ready.go serviceReady) and kind has no load-balancer controller,
so every Service `type: LoadBalancer` in chart values is installed as ClusterIP; the suites reach the
gateway through a port-forward."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from urlplatform.components import postgres, redis, shlink
from urlplatform.components.data import DATA
from urlplatform.config import Profile

WAVE = "argocd.argoproj.io/sync-wave"


@dataclass(frozen=True)
class Step:
    wave: int
    app: str
    argv: tuple[str, ...]
    values: str | None = None  # Helm values YAML written next to the command
    fetch: tuple[str, str, Path] | None = None  # (repoURL, revision, checkout dir) to fetch before argv


def load_balancer_overrides(values: dict) -> list[str]:
    """`--set <path>.type=ClusterIP` for every `type: LoadBalancer` in chart values."""
    found = []

    def walk(v, path: str):
        if isinstance(v, dict):
            for k, x in v.items():
                if k == "type" and x == "LoadBalancer":
                    found.append(f"{path}.type=ClusterIP" if path else "type=ClusterIP")
                walk(x, f"{path}.{k}" if path else str(k))
        elif isinstance(v, list):
            for i, x in enumerate(v):
                walk(x, f"{path}[{i}]")

    walk(values, "")
    return [arg for f in found for arg in ("--set", f)]


def _wave(app: dict) -> int:
    return int(app["metadata"].get("annotations", {}).get(WAVE, "0"))


def install_plan(tree: dict[str, list[dict]], rendered_dir: Path, *, skip: frozenset[str] = frozenset({"argocd"})) -> list[Step]:
    """Ordered steps (by wave, then name) for every Application in the `apps` folder except `skip`."""
    steps = []
    for app in (o for o in tree["apps"] if o["kind"] == "Application"):
        name, spec = app["metadata"]["name"], app["spec"]
        if name in skip:
            continue
        src, ns = spec["source"], spec["destination"]["namespace"]
        if "chart" in src:
            repo = src["repoURL"]
            chart = f"oci://{repo}/{src['chart']}" if "://" not in repo else src["chart"]
            argv = ["helm", "upgrade", "--install", name, chart, "--version", src["targetRevision"],
                    "--namespace", ns, "--create-namespace", "--wait", "--timeout", "10m"]
            if "://" in repo:
                argv += ["--repo", repo]
            argv += load_balancer_overrides(yaml.safe_load(src["helm"]["values"]) or {})
            steps.append(Step(_wave(app), name, tuple(argv), src["helm"]["values"]))
        elif src["path"].rsplit("/", 1)[1] in tree and src["path"].startswith("platform/rendered/"):
            folder = rendered_dir / src["path"].rsplit("/", 1)[1]
            steps.append(Step(_wave(app), name, ("kubectl", "apply", "--server-side", "--force-conflicts", "-f", str(folder))))
        else:
            checkout = rendered_dir.parent / "upstream" / name
            steps.append(Step(_wave(app), name, ("kubectl", "apply", "--server-side", "--force-conflicts", "-f",
                                                 str(checkout / src["path"])),
                              fetch=(src["repoURL"], src["targetRevision"], checkout)))
    return sorted(steps, key=lambda s: (s.wave, s.app))


def suite_secrets(profile: Profile, api_key: str, db_password: str, redis_password: str) -> list[dict]:
    """Test-only Secrets replacing Vault in kind; created by the suite at run time, never rendered into git."""
    def secret(name: str, ns: str, data: dict, labels: dict | None = None) -> dict:
        return {"apiVersion": "v1", "kind": "Secret", "metadata": {
                    "name": name, "namespace": ns, "labels": {"urlshortener.lab/test-only": "true", **(labels or {})}},
                "type": "Opaque", "stringData": data}
    return [
        secret(shlink.DB_SECRET, shlink.WORKLOAD.namespace, {"user": postgres.USER, "password": db_password}),
        secret(shlink.REDIS_SECRET, shlink.WORKLOAD.namespace, {"password": redis_password}),
        secret(shlink.API_KEY_SECRET, shlink.WORKLOAD.namespace, {"api-key": api_key}),
        secret(redis.AUTH_SECRET, DATA.namespace, {"password": redis_password}),
        # PGO computes the verifier from the password when the Secret has none.
        secret(postgres.USER_SECRET, DATA.namespace, {"password": db_password}, postgres.user_secret_labels()),
    ]


def dump_all(objs: list[dict]) -> str:
    return yaml.safe_dump_all(objs, sort_keys=True)
