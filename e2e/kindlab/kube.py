"""Cluster reads, watches, deletes and exec through the `kubernetes` client (kubectl/helm only apply and install)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PodRef:
    name: str
    ip: str | None
    uid: str


def is_ready(pod) -> bool:
    """Pod phase Running with condition Ready=True and not being deleted."""
    if pod.metadata.deletion_timestamp is not None or (pod.status.phase or "") != "Running":
        return False
    return any(c.type == "Ready" and c.status == "True" for c in (pod.status.conditions or []))


def first_new_ready(events, *, old_name: str | None = None, old_uid: str | None = None) -> PodRef | None:
    """The first pod in a watch event stream that is Ready and is not the old pod (by name, and by uid
    when given), or None when the stream ends first. Events are `{"type": ..., "object": V1Pod}`."""
    for event in events:
        pod = event["object"]
        if event["type"] == "DELETED" or not is_ready(pod):
            continue
        if old_name is not None and pod.metadata.name == old_name:
            continue
        if old_uid is not None and pod.metadata.uid == old_uid:
            continue
        return PodRef(pod.metadata.name, pod.status.pod_ip, pod.metadata.uid)
    return None


class Kube:
    """The API of one cluster, from its kubeconfig file."""

    def __init__(self, kubeconfig: Path):
        from kubernetes import client, config

        self.api_client = config.new_client_from_config(config_file=str(kubeconfig))
        self.core = client.CoreV1Api(self.api_client)
        self.apps = client.AppsV1Api(self.api_client)

    def pods(self, namespace: str, selector: str) -> list:
        return self.core.list_namespaced_pod(namespace, label_selector=selector).items

    def ready_pod(self, namespace: str, selector: str) -> PodRef:
        ready = [p for p in self.pods(namespace, selector) if is_ready(p)]
        if len(ready) != 1:
            raise AssertionError(f"expected one Ready pod {selector} in {namespace}, found {[p.metadata.name for p in ready]}")
        p = ready[0]
        return PodRef(p.metadata.name, p.status.pod_ip, p.metadata.uid)

    def delete_pod(self, namespace: str, name: str, grace_seconds: int | None = 0) -> None:
        """Delete a pod: killed at once by default, with its own grace period when grace_seconds is None."""
        if grace_seconds is None:
            self.core.delete_namespaced_pod(name, namespace)
        else:
            self.core.delete_namespaced_pod(name, namespace, grace_period_seconds=grace_seconds)

    def watch_new_ready(self, namespace: str, selector: str, *, timeout_s: float,
                        old_name: str | None = None, old_uid: str | None = None) -> tuple[PodRef | None, float]:
        """Watch pods matching `selector` until a Ready pod other than the old one carries it;
        returns (pod or None on timeout, seconds waited)."""
        from kubernetes import watch

        start = time.monotonic()
        w = watch.Watch()
        try:
            while (left := timeout_s - (time.monotonic() - start)) > 0:
                stream = w.stream(self.core.list_namespaced_pod, namespace, label_selector=selector,
                                  timeout_seconds=max(1, int(left)))
                found = first_new_ready(stream, old_name=old_name, old_uid=old_uid)
                if found:
                    return found, time.monotonic() - start
        finally:
            w.stop()
        return None, time.monotonic() - start

    def wait_ready(self, namespace: str, selector: str, *, count: int, timeout_s: float) -> float:
        """Seconds until at least `count` pods matching `selector` are Ready (watch-driven)."""
        from kubernetes import watch

        start = time.monotonic()
        if sum(is_ready(p) for p in self.pods(namespace, selector)) >= count:
            return 0.0
        w = watch.Watch()
        ready: dict[str, bool] = {}
        try:
            while (left := timeout_s - (time.monotonic() - start)) > 0:
                for event in w.stream(self.core.list_namespaced_pod, namespace, label_selector=selector,
                                      timeout_seconds=max(1, int(left))):
                    pod = event["object"]
                    ready[pod.metadata.name] = event["type"] != "DELETED" and is_ready(pod)
                    if sum(ready.values()) >= count:
                        return time.monotonic() - start
        finally:
            w.stop()
        raise AssertionError(f"{count} Ready pods {selector} in {namespace} not reached within {timeout_s:.0f}s")

    def deployment_ready(self, namespace: str, name: str) -> tuple[int, int]:
        """(ready replicas, desired replicas)."""
        d = self.apps.read_namespaced_deployment(name, namespace)
        return d.status.ready_replicas or 0, d.spec.replicas

    def exec(self, namespace: str, pod: str, container: str, argv: list[str]) -> str:
        from kubernetes.stream import stream

        return stream(self.core.connect_get_namespaced_pod_exec, pod, namespace, container=container,
                      command=argv, stderr=True, stdin=False, stdout=True, tty=False)

    def secret_value(self, namespace: str, name: str, key: str) -> str:
        import base64

        return base64.b64decode(self.core.read_namespaced_secret(name, namespace).data[key]).decode()
