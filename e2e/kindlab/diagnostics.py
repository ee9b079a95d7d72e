"""Failure diagnostics: what `kubectl get -A`, events and pod logs would show, collected through the
`kubernetes` client and written as plain files for the workflow to upload as an artifact."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

LOG_TAIL_LINES = 400


@dataclass
class Snapshot:
    """Objects read from the cluster (kubernetes client models) plus logs keyed by (namespace, pod, container)."""

    pods: list = field(default_factory=list)
    workloads: list = field(default_factory=list)  # Deployments, StatefulSets, DaemonSets
    services: list = field(default_factory=list)
    events: list = field(default_factory=list)
    logs: dict[tuple[str, str, str], str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _ts(t) -> str:
    return t.astimezone(dt.timezone.utc).strftime("%H:%M:%SZ") if t else "-"


def _pod_row(p) -> list[str]:
    statuses = p.status.container_statuses or []
    ready = f"{sum(bool(c.ready) for c in statuses)}/{len(p.spec.containers)}"
    restarts = str(sum(c.restart_count or 0 for c in statuses))
    waiting = [c.state.waiting.reason for c in statuses if c.state and c.state.waiting and c.state.waiting.reason]
    status = waiting[0] if waiting else (p.status.phase or "Unknown")
    if p.metadata.deletion_timestamp is not None:
        status = "Terminating"
    return [p.metadata.namespace, f"pod/{p.metadata.name}", ready, status, restarts, p.spec.node_name or "-"]


def _workload_row(w) -> list[str]:
    kind = type(w).__name__.removeprefix("V1").lower()
    st = w.status
    if kind == "daemonset":
        ready = f"{st.number_ready or 0}/{st.desired_number_scheduled or 0}"
    else:
        ready = f"{st.ready_replicas or 0}/{w.spec.replicas if w.spec.replicas is not None else 1}"
    return [w.metadata.namespace, f"{kind}/{w.metadata.name}", ready, "", "", ""]


def _service_row(s) -> list[str]:
    ports = ",".join(f"{p.port}/{p.protocol}" for p in (s.spec.ports or []))
    return [s.metadata.namespace, f"service/{s.metadata.name}", s.spec.type or "", s.spec.cluster_ip or "", ports, ""]


def table(rows: list[list[str]], header: list[str]) -> str:
    rows = [header] + sorted(rows)
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows) + "\n"


def events_text(events) -> str:
    """Oldest first; warnings marked; one line each."""
    def when(e):
        return e.last_timestamp or e.event_time or e.first_timestamp or e.metadata.creation_timestamp

    lines = []
    for e in sorted(events, key=lambda e: (when(e) is None, when(e) or dt.datetime.min.replace(tzinfo=dt.timezone.utc))):
        obj = e.involved_object
        lines.append(f"{_ts(when(e))} {e.type or '-':7} {e.metadata.namespace}/{(obj.kind or '').lower()}/{obj.name} "
                     f"{e.reason or '-'} x{e.count or 1}: {(e.message or '').strip()}")
    return "\n".join(lines) + ("\n" if lines else "")


def assemble(snap: Snapshot) -> dict[str, str]:
    """File name -> content for the diagnostics artifact."""
    files = {
        "get-all.txt": table([_pod_row(p) for p in snap.pods] + [_workload_row(w) for w in snap.workloads]
                             + [_service_row(s) for s in snap.services],
                             ["NAMESPACE", "NAME", "READY/TYPE", "STATUS/IP", "RESTARTS/PORTS", "NODE"]),
        "events.txt": events_text(snap.events),
    }
    not_ready = [p for p in snap.pods if _pod_row(p)[3] not in ("Running", "Succeeded")
                 or _pod_row(p)[2].split("/")[0] != _pod_row(p)[2].split("/")[1]]
    files["not-ready-pods.txt"] = table([_pod_row(p) for p in not_ready],
                                        ["NAMESPACE", "NAME", "READY", "STATUS", "RESTARTS", "NODE"])
    for (ns, pod, container), text in sorted(snap.logs.items()):
        files[f"logs/{ns}/{pod}/{container}.log"] = text
    if snap.errors:
        files["collection-errors.txt"] = "\n".join(snap.errors) + "\n"
    return files


def collect(kube, namespaces: list[str]) -> Snapshot:
    """Everything across all namespaces, events and logs of the platform namespaces; never raises."""
    snap = Snapshot()

    def attempt(what: str, fn):
        try:
            return fn()
        except Exception as e:  # noqa: BLE001 - a broken cluster is exactly when this runs
            snap.errors.append(f"{what}: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}")
            return None

    snap.pods = (attempt("pods", lambda: kube.core.list_pod_for_all_namespaces().items) or [])
    for lister in (kube.apps.list_deployment_for_all_namespaces, kube.apps.list_stateful_set_for_all_namespaces,
                   kube.apps.list_daemon_set_for_all_namespaces):
        snap.workloads += attempt(lister.__name__, lambda lister=lister: lister().items) or []
    snap.services = attempt("services", lambda: kube.core.list_service_for_all_namespaces().items) or []
    for ns in namespaces:
        snap.events += attempt(f"events {ns}", lambda ns=ns: kube.core.list_namespaced_event(ns).items) or []
    for p in snap.pods:
        if p.metadata.namespace not in namespaces:
            continue
        for c in p.spec.containers:
            text = attempt(f"logs {p.metadata.namespace}/{p.metadata.name}/{c.name}", lambda p=p, c=c:
                           kube.core.read_namespaced_pod_log(p.metadata.name, p.metadata.namespace, container=c.name,
                                                             tail_lines=LOG_TAIL_LINES))
            if text is not None:
                snap.logs[(p.metadata.namespace, p.metadata.name, c.name)] = text
    return snap


def write(files: dict[str, str], out_dir: Path) -> Path:
    for name, text in files.items():
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return out_dir


def main(argv: list[str] | None = None) -> int:
    """`bazel run //e2e:diagnostics -- --kubeconfig FILE --out DIR`: the same files, for a workflow step
    that runs after a failed or timed-out test (the session fixture writes them itself on test failure)."""
    import argparse
    import sys

    ap = argparse.ArgumentParser(prog="diagnostics")
    ap.add_argument("--kubeconfig", type=Path, required=True)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    if not args.kubeconfig.is_file():
        print(f"diagnostics: no kubeconfig at {args.kubeconfig} (was the cluster created?)", file=sys.stderr)
        return 2
    from kindlab.cluster import platform_namespaces
    from kindlab.kube import Kube
    from urlplatform.config import load_profile
    from urlplatform.render import render

    files = assemble(collect(Kube(args.kubeconfig), platform_namespaces(render(load_profile("kind")))))
    write(files, args.out)
    print(f"diagnostics: {len(files)} files -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
