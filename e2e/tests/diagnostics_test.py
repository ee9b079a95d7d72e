"""Failure diagnostics: assembled from kubernetes client models; collection against an unreachable API
records errors instead of raising (it runs exactly when the cluster is in trouble)."""

import datetime as dt

from kubernetes.client import (
    CoreV1Event,
    V1ContainerState,
    V1ContainerStateWaiting,
    V1ContainerStatus,
    V1Container,
    V1Deployment,
    V1DeploymentSpec,
    V1DeploymentStatus,
    V1LabelSelector,
    V1ObjectMeta,
    V1ObjectReference,
    V1Pod,
    V1PodSpec,
    V1PodStatus,
    V1PodTemplateSpec,
)

from kindlab import diagnostics
from kindlab.diagnostics import Snapshot, assemble, collect
from kindlab.kube import Kube

T0 = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone.utc)


def pod(name, ns, *, ready=True, waiting=None, restarts=0):
    state = V1ContainerState(waiting=V1ContainerStateWaiting(reason=waiting)) if waiting else V1ContainerState()
    return V1Pod(metadata=V1ObjectMeta(name=name, namespace=ns),
                 spec=V1PodSpec(containers=[V1Container(name="app")], node_name="kind-worker"),
                 status=V1PodStatus(phase="Running" if ready else "Pending", container_statuses=[
                     V1ContainerStatus(name="app", image="x", image_id="", ready=ready, restart_count=restarts,
                                       state=state)]))


def event(ns, name, reason, message, minute, type_="Normal"):
    return CoreV1Event(metadata=V1ObjectMeta(namespace=ns, name=f"{name}.{minute}"), type=type_, reason=reason,
                       message=message, count=1, last_timestamp=T0 + dt.timedelta(minutes=minute),
                       involved_object=V1ObjectReference(kind="Pod", name=name))


def test_assemble_lists_objects_events_in_time_order_and_logs():
    snap = Snapshot(
        pods=[pod("shlink-a", "shlink"), pod("shlink-b", "shlink", ready=False, waiting="CrashLoopBackOff", restarts=4)],
        workloads=[V1Deployment(metadata=V1ObjectMeta(name="shlink", namespace="shlink"),
                                spec=V1DeploymentSpec(replicas=3, selector=V1LabelSelector(),
                                                      template=V1PodTemplateSpec()),
                                status=V1DeploymentStatus(ready_replicas=1))],
        events=[event("shlink", "shlink-b", "BackOff", "Back-off restarting", 5, "Warning"),
                event("shlink", "shlink-a", "Pulled", "image present", 1)],
        logs={("shlink", "shlink-b", "app"): "DB_HOST unreachable\n"})
    files = assemble(snap)
    get_all = files["get-all.txt"]
    assert "pod/shlink-b" in get_all and "CrashLoopBackOff" in get_all and "deployment/shlink" in get_all
    assert "1/3" in get_all
    ev = files["events.txt"].splitlines()
    assert "Pulled" in ev[0] and "Warning" in ev[1] and "BackOff" in ev[1]
    assert "shlink-b" in files["not-ready-pods.txt"] and "shlink-a" not in files["not-ready-pods.txt"]
    assert files["logs/shlink/shlink-b/app.log"] == "DB_HOST unreachable\n"
    assert "collection-errors.txt" not in files


def test_collect_against_an_unreachable_api_records_errors(tmp_path):
    """A real client against a loopback port nobody listens on: every read fails, nothing raises."""
    kubeconfig = tmp_path / "kubeconfig"
    kubeconfig.write_text(
        "apiVersion: v1\nkind: Config\ncurrent-context: x\n"
        "clusters: [{name: x, cluster: {server: 'http://127.0.0.1:9', insecure-skip-tls-verify: true}}]\n"
        "contexts: [{name: x, context: {cluster: x, user: x}}]\nusers: [{name: x, user: {token: t}}]\n")
    kube = Kube(kubeconfig)
    kube.api_client.configuration.retries = 0
    snap = collect(kube, ["shlink"])
    files = assemble(snap)
    errors = files["collection-errors.txt"].splitlines()
    assert errors[0].startswith("pods: ") and any(e.startswith("events shlink: ") for e in errors)
    out = diagnostics.write(files, tmp_path / "diag")
    assert (out / "get-all.txt").exists() and (out / "collection-errors.txt").exists()
