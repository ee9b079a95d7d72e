"""CI's Helm render tier: every Helm Application in the rendered tree, rendered the way ArgoCD would install
it (`helm template` of the pinned chart with the rendered values), then the policy gate and a schema check
over the output: the platform as the cluster receives it, not only our own objects.

`bazel run //tools/ci:helm_render -- [--root platform/rendered/homelab] [--out DIR] [--fail-on-deny]`
Writes DIR/<app>.yaml, DIR/report.json and DIR/report.md (per chart: objects, denials, warnings, waivers,
schema errors). Exit 0 clean (denials are reported; --fail-on-deny gates on them), 1 a chart failed to
render or an object failed its schema, 2 bad input. Without `helm` on PATH it skips with one line (exit 0):
the tier needs the chart repositories, which only CI reaches."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from helm_apps import AppError, ChartRef, api_versions, charts
from repo_io import user_path, workspace_dir
from schema_check import SchemaIndex


@dataclass(kw_only=True)
class ChartReport:
    app: str
    chart: str
    version: str
    objects: int = 0
    denials: int = 0
    warnings: int = 0
    waivers: int = 0
    schema_errors: list[str] = field(default_factory=list)
    no_schema: int = 0
    render_error: str = ""
    findings: list[dict] = field(default_factory=list)


def kube_version(profile: Path) -> str:
    """The cluster's Kubernetes version from the profile's `cluster.k3s_version` (v1.31.4+k3s1 -> v1.31.4)."""
    try:
        raw = (yaml.safe_load(profile.read_text()) or {})["cluster"]["k3s_version"]
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        raise AppError(f"{profile}: cluster.k3s_version not found") from None
    return str(raw).split("+", 1)[0]


def render(ref: ChartRef, helm: str, workdir: Path, *, kube: str, apis: list[str]) -> tuple[str, str]:
    """(manifest YAML, error line); one of them is empty."""
    values = workdir / f"{ref.app}.values.yaml"
    values.write_text(yaml.safe_dump(ref.values, sort_keys=True))
    res = subprocess.run([helm, *ref.template_args(values, kube_version=kube, api_versions=apis)],
                         capture_output=True, text=True, check=False, timeout=600)
    if res.returncode != 0:
        lines = [ln for ln in res.stderr.splitlines() if ln.strip()] or [f"helm exited {res.returncode}"]
        return "", lines[-1]
    return res.stdout, ""


def check(ref: ChartRef, manifest: Path, schemas: SchemaIndex, today: dt.date) -> ChartReport:
    from policygate.documents import load
    from policygate.engine import Engine
    from policygate.exceptions import DEFAULT_FILE, apply_exceptions, load_exceptions

    rep = ChartReport(app=ref.app, chart=ref.chart, version=ref.version)
    docs = load(manifest)
    rep.objects = len(docs)
    kept, waived = apply_exceptions(Engine().evaluate(docs), load_exceptions(DEFAULT_FILE), today)
    rep.denials = sum(f.level == "deny" for f in kept)
    rep.warnings = len(kept) - rep.denials
    rep.waivers = len(waived)
    rep.findings = [asdict(f) for f in kept]
    for d in docs:
        verdict = schemas.check(d.content)
        if verdict is None:
            rep.no_schema += 1
        elif verdict:
            rep.schema_errors.append(f"{d.resource}: {verdict}")
    return rep


def markdown(reports: list[ChartReport]) -> str:
    lines = ["**Helm render tier** (charts as ArgoCD installs them)", "",
             "| app | chart | objects | denials | warnings | waivers | schema errors | no schema | render |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for r in reports:
        lines.append(f"| {r.app} | {r.chart} {r.version} | {r.objects} | {r.denials} | {r.warnings} | {r.waivers} "
                     f"| {len(r.schema_errors)} | {r.no_schema} | {('failed: ' + r.render_error).replace('|', '/') if r.render_error else 'ok'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="helm_render", description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", default="platform/rendered/homelab", help="rendered tree with the Applications")
    ap.add_argument("--profile", default="platform/profiles/homelab.yaml", help="profile with cluster.k3s_version")
    ap.add_argument("--out", default="helm-render", help="output folder")
    ap.add_argument("--fail-on-deny", action="store_true", help="exit 1 on policy denials too")
    args = ap.parse_args(argv)
    helm = shutil.which("helm")
    if helm is None:
        print("helm_render: skipped: helm not on PATH (CI-only tier: it needs the chart repositories; "
              "the ci workflow's helm-render job runs it)")
        return 0
    base = workspace_dir()
    root, out = (user_path(args.root) if Path(args.root).is_absolute() else base / args.root), user_path(args.out)
    try:
        refs = charts(root)
        kube = kube_version(base / args.profile)
        if not refs:
            raise AppError(f"{root}: no Helm Applications found")
    except AppError as e:
        print(f"helm_render: {e}", file=sys.stderr)
        return 2
    apis = api_versions(root)
    out.mkdir(parents=True, exist_ok=True)
    rendered: list[tuple[ChartRef, Path | None, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for ref in refs:
            text, err = render(ref, helm, Path(tmp), kube=kube, apis=apis)
            target = out / f"{ref.app}.yaml"
            if not err:
                target.write_text(text)
            rendered.append((ref, None if err else target, err))
            print(f"helm_render: {ref.app}: {ref.chart} {ref.version}: {'rendered' if not err else 'FAILED ' + err}")
    schemas = SchemaIndex.from_files([root] + [p for _, p, _ in rendered if p], kube_minor=".".join(kube.lstrip("v").split(".")[:2]))
    today = dt.datetime.now(dt.timezone.utc).date()
    reports = []
    for ref, path, err in rendered:
        rep = check(ref, path, schemas, today) if path else ChartReport(app=ref.app, chart=ref.chart,
                                                                         version=ref.version, render_error=err)
        reports.append(rep)
    (out / "report.json").write_text(json.dumps([asdict(r) for r in reports], indent=2))
    (out / "report.md").write_text(markdown(reports))
    print(markdown(reports))
    failed = any(r.render_error or r.schema_errors for r in reports)
    denied = any(r.denials for r in reports)
    for r in reports:
        for e in r.schema_errors:
            print(f"helm_render: {r.app}: schema: {e}", file=sys.stderr)
    return 1 if failed or (args.fail_on_deny and denied) else 0


if __name__ == "__main__":
    sys.exit(main())
