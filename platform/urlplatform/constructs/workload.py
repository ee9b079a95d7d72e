"""A hardened workload: ServiceAccount + Deployment/StatefulSet + Service + PodDisruptionBudget."""

from dataclasses import dataclass, field
from typing import Literal

from urlplatform.constructs.base import k8s_object
from constructs import Construct

from urlplatform.constructs.security import (
    NONROOT_UID,
    restricted_container_security_context,
    restricted_pod_security_context,
)

ZONE_KEY = "kubernetes.io/hostname"


@dataclass(frozen=True, kw_only=True)
class SecretFile:
    """A key of a Secret mounted read-only as a file under `mount_dir`."""

    secret: str
    key: str
    mount_dir: str

    @property
    def path(self) -> str:
        return f"{self.mount_dir}/{self.key}"


@dataclass(frozen=True, kw_only=True)
class ContainerSpec:
    """The main container of a hardened workload."""

    name: str
    image: str
    port: int
    cpu_request: str
    cpu_limit: str
    memory_request: str
    memory_limit: str
    readiness_path: str
    liveness_path: str | None  # None: TCP connect on the port, for apps whose health endpoint checks dependencies
    env: dict = field(default_factory=dict)
    secret_files: tuple[SecretFile, ...] = ()
    writable_paths: tuple[str, ...] = ("/tmp",)
    uid: int = NONROOT_UID
    port_name: str = "http"
    pre_stop_sleep_seconds: int = 0  # keep serving while endpoints drain after the pod is marked terminating
    termination_grace_seconds: int = 30

    def __post_init__(self):
        if self.pre_stop_sleep_seconds >= self.termination_grace_seconds:
            raise ValueError(f"container {self.name}: pre_stop_sleep_seconds must be below termination_grace_seconds")
        if ":" not in self.image.rsplit("/", 1)[-1] and "@" not in self.image:
            raise ValueError(f"container {self.name}: image {self.image!r} has no tag; pin one")
        if self.image.split("@")[0].endswith(":latest"):
            raise ValueError(f"container {self.name}: image tag 'latest' is not allowed; pin a version")


def _probe(path: str, port: str, *, initial: int, period: int, failures: int) -> dict:
    return {"httpGet": {"path": path, "port": port}, "initialDelaySeconds": initial,
            "periodSeconds": period, "timeoutSeconds": 3, "failureThreshold": failures}


def _liveness(spec: ContainerSpec) -> dict:
    if spec.liveness_path:
        return _probe(spec.liveness_path, spec.port_name, initial=20, period=20, failures=3)
    return {"tcpSocket": {"port": spec.port_name}, "initialDelaySeconds": 20, "periodSeconds": 20,
            "timeoutSeconds": 3, "failureThreshold": 3}


def _volumes(spec: ContainerSpec) -> tuple[list[dict], list[dict]]:
    volumes, mounts = [], []
    for i, path in enumerate(spec.writable_paths):
        volumes.append({"name": f"scratch-{i}", "emptyDir": {"sizeLimit": "256Mi"}})
        mounts.append({"name": f"scratch-{i}", "mountPath": path})
    by_secret: dict[tuple[str, str], list[SecretFile]] = {}
    for f in spec.secret_files:
        by_secret.setdefault((f.secret, f.mount_dir), []).append(f)
    for i, ((secret, mount_dir), files) in enumerate(sorted(by_secret.items())):
        volumes.append({"name": f"secret-{i}", "secret": {
            "secretName": secret, "defaultMode": 0o440,
            "items": [{"key": f.key, "path": f.key} for f in files]}})
        mounts.append({"name": f"secret-{i}", "mountPath": mount_dir, "readOnly": True})
    return volumes, mounts


def pod_template(*, labels: dict, service_account: str, container: ContainerSpec,
                 spread: bool, annotations: dict | None = None) -> dict:
    """A PSS-restricted pod template with probes, limits, scratch volumes and node spreading."""
    volumes, mounts = _volumes(container)
    env = [{"name": k, "value": str(v)} for k, v in sorted(container.env.items())]
    c = {
        "name": container.name,
        "image": container.image,
        "imagePullPolicy": "IfNotPresent",
        "ports": [{"name": container.port_name, "containerPort": container.port, "protocol": "TCP"}],
        "env": env,
        "resources": {
            "requests": {"cpu": container.cpu_request, "memory": container.memory_request},
            "limits": {"cpu": container.cpu_limit, "memory": container.memory_limit},
        },
        "readinessProbe": _probe(container.readiness_path, container.port_name, initial=5, period=10, failures=3),
        "livenessProbe": _liveness(container),
        "startupProbe": _probe(container.readiness_path, container.port_name, initial=5, period=5, failures=30),
        "securityContext": restricted_container_security_context(),
        "volumeMounts": mounts,
    }
    if container.pre_stop_sleep_seconds:
        c["lifecycle"] = {"preStop": {"exec": {"command": ["sleep", str(container.pre_stop_sleep_seconds)]}}}
    pod = {
        "serviceAccountName": service_account,
        "automountServiceAccountToken": False,
        "enableServiceLinks": False,
        "securityContext": restricted_pod_security_context(uid=container.uid, fs_group=container.uid),
        "containers": [c],
        "volumes": volumes,
        "terminationGracePeriodSeconds": container.termination_grace_seconds,
    }
    if spread:
        selector = {"matchLabels": dict(labels)}
        pod["topologySpreadConstraints"] = [{"maxSkew": 1, "topologyKey": ZONE_KEY,
                                             "whenUnsatisfiable": "DoNotSchedule", "labelSelector": selector}]
        pod["affinity"] = {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 100, "podAffinityTerm": {"topologyKey": ZONE_KEY, "labelSelector": selector}}]}}
    meta = {"labels": dict(labels)}
    if annotations:
        meta["annotations"] = dict(annotations)
    return {"metadata": meta, "spec": pod}


class ServiceAccount(Construct):
    """A ServiceAccount that never automounts its token."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, labels: dict):
        super().__init__(scope, id)
        self.name = name
        k8s_object(self, "sa", api_version="v1", kind="ServiceAccount",
                  metadata={"name": name, "namespace": namespace, "labels": dict(labels)},
                  automountServiceAccountToken=False)


class DisruptionBudget(Construct):
    """Keeps all but one replica up during voluntary disruptions."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, labels: dict):
        super().__init__(scope, id)
        k8s_object(self, "pdb", api_version="policy/v1", kind="PodDisruptionBudget",
                  metadata={"name": name, "namespace": namespace, "labels": dict(labels)},
                  spec={"maxUnavailable": 1, "selector": {"matchLabels": dict(labels)}})


class ClusterIpService(Construct):
    """A ClusterIP Service in front of the workload's named port (named for Istio protocol selection)."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, labels: dict, port: int,
                 target_port: str = "http", app_protocol: str = "http"):
        super().__init__(scope, id)
        k8s_object(self, "svc", api_version="v1", kind="Service",
                  metadata={"name": name, "namespace": namespace, "labels": dict(labels)},
                  spec={"type": "ClusterIP", "selector": dict(labels),
                        "ports": [{"name": f"{app_protocol}-{name}", "port": port, "targetPort": target_port,
                                   "protocol": "TCP", "appProtocol": app_protocol}]})


class HardenedWorkload(Construct):
    """ServiceAccount + Deployment (or StatefulSet) + Service + PDB when replicated, spread over nodes."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, container: ContainerSpec,
                 replicas: int, kind: Literal["Deployment", "StatefulSet"] = "Deployment",
                 service_port: int = 80, extra_labels: dict | None = None, pod_annotations: dict | None = None):
        super().__init__(scope, id)
        if replicas < 1:
            raise ValueError(f"{namespace}/{name}: replicas must be >= 1")
        self.labels = {"app.kubernetes.io/name": name, "app.kubernetes.io/part-of": "url-shortener"}
        labels = self.labels | (extra_labels or {})
        sa = ServiceAccount(self, "sa", name=name, namespace=namespace, labels=self.labels)
        template = pod_template(labels=labels, service_account=sa.name, container=container,
                                spread=replicas > 1, annotations=pod_annotations)
        spec = {"replicas": replicas, "selector": {"matchLabels": dict(self.labels)}, "template": template,
                "revisionHistoryLimit": 5}
        if kind == "Deployment":
            spec["strategy"] = {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}}
        else:
            spec["serviceName"] = name
        k8s_object(self, "workload", api_version="apps/v1", kind=kind,
                  metadata={"name": name, "namespace": namespace, "labels": dict(labels)}, spec=spec)
        ClusterIpService(self, "svc", name=name, namespace=namespace, labels=self.labels, port=service_port,
                         target_port=container.port_name)
        if replicas > 1:
            DisruptionBudget(self, "pdb", name=name, namespace=namespace, labels=self.labels)
