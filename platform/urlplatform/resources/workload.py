"""A hardened workload: ServiceAccount + Deployment/StatefulSet + Service + PodDisruptionBudget."""

from dataclasses import dataclass, field
from typing import Literal

from cdk8s_plus_31 import k8s
from constructs import Construct

from urlplatform.resources.base import port_ref
from urlplatform.resources.security import (
    NONROOT_UID,
    restricted_container_security_context,
    restricted_pod_security_context,
)

# Well-known node label: spreading on it puts replicas on distinct nodes (not zones).
HOSTNAME_TOPOLOGY_KEY = "kubernetes.io/hostname"

NAME_LABEL = "app.kubernetes.io/name"  # every workload we render is selected by its name


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


def _probe(path: str, port: str, *, initial: int, period: int, failures: int) -> k8s.Probe:
    return k8s.Probe(http_get=k8s.HttpGetAction(path=path, port=port_ref(port)), initial_delay_seconds=initial,
                     period_seconds=period, timeout_seconds=3, failure_threshold=failures)


def _liveness(spec: ContainerSpec) -> k8s.Probe:
    if spec.liveness_path:
        return _probe(spec.liveness_path, spec.port_name, initial=20, period=20, failures=3)
    return k8s.Probe(tcp_socket=k8s.TcpSocketAction(port=port_ref(spec.port_name)), initial_delay_seconds=20,
                     period_seconds=20, timeout_seconds=3, failure_threshold=3)


def _volumes(spec: ContainerSpec) -> tuple[list[k8s.Volume], list[k8s.VolumeMount]]:
    volumes, mounts = [], []
    for i, path in enumerate(spec.writable_paths):
        volumes.append(k8s.Volume(name=f"scratch-{i}",
                                  empty_dir=k8s.EmptyDirVolumeSource(size_limit=k8s.Quantity.from_string("256Mi"))))
        mounts.append(k8s.VolumeMount(name=f"scratch-{i}", mount_path=path))
    by_secret: dict[tuple[str, str], list[SecretFile]] = {}
    for f in spec.secret_files:
        by_secret.setdefault((f.secret, f.mount_dir), []).append(f)
    for i, ((secret, mount_dir), files) in enumerate(sorted(by_secret.items())):
        volumes.append(k8s.Volume(name=f"secret-{i}", secret=k8s.SecretVolumeSource(
            secret_name=secret, default_mode=0o440, items=[k8s.KeyToPath(key=f.key, path=f.key) for f in files])))
        mounts.append(k8s.VolumeMount(name=f"secret-{i}", mount_path=mount_dir, read_only=True))
    return volumes, mounts


def _container(spec: ContainerSpec, mounts: list[k8s.VolumeMount]) -> k8s.Container:
    lifecycle = None
    if spec.pre_stop_sleep_seconds:
        lifecycle = k8s.Lifecycle(pre_stop=k8s.LifecycleHandler(
            exec=k8s.ExecAction(command=["sleep", str(spec.pre_stop_sleep_seconds)])))
    return k8s.Container(
        name=spec.name,
        image=spec.image,
        image_pull_policy="IfNotPresent",
        ports=[k8s.ContainerPort(name=spec.port_name, container_port=spec.port, protocol="TCP")],
        env=[k8s.EnvVar(name=k, value=str(v)) for k, v in sorted(spec.env.items())],
        resources=k8s.ResourceRequirements(
            requests={"cpu": k8s.Quantity.from_string(spec.cpu_request),
                      "memory": k8s.Quantity.from_string(spec.memory_request)},
            limits={"cpu": k8s.Quantity.from_string(spec.cpu_limit),
                    "memory": k8s.Quantity.from_string(spec.memory_limit)}),
        readiness_probe=_probe(spec.readiness_path, spec.port_name, initial=5, period=10, failures=3),
        liveness_probe=_liveness(spec),
        startup_probe=_probe(spec.readiness_path, spec.port_name, initial=5, period=5, failures=30),
        security_context=restricted_container_security_context(),
        volume_mounts=mounts,
        lifecycle=lifecycle,
    )


def _spread_over_nodes(labels: dict) -> dict:
    """At most one replica more on any node than on another, and prefer distinct nodes."""
    selector = k8s.LabelSelector(match_labels=dict(labels))
    return {
        "topology_spread_constraints": [k8s.TopologySpreadConstraint(
            max_skew=1, topology_key=HOSTNAME_TOPOLOGY_KEY, when_unsatisfiable="DoNotSchedule",
            label_selector=selector)],
        "affinity": k8s.Affinity(pod_anti_affinity=k8s.PodAntiAffinity(
            preferred_during_scheduling_ignored_during_execution=[k8s.WeightedPodAffinityTerm(
                weight=100,
                pod_affinity_term=k8s.PodAffinityTerm(topology_key=HOSTNAME_TOPOLOGY_KEY, label_selector=selector))])),
    }


def pod_template(*, labels: dict, service_account: str, container: ContainerSpec,
                 spread: bool, annotations: dict | None = None) -> k8s.PodTemplateSpec:
    """A PSS-restricted pod template with probes, limits, scratch volumes and node spreading."""
    volumes, mounts = _volumes(container)
    pod = k8s.PodSpec(
        service_account_name=service_account,
        automount_service_account_token=False,
        enable_service_links=False,
        security_context=restricted_pod_security_context(uid=container.uid, fs_group=container.uid),
        containers=[_container(container, mounts)],
        volumes=volumes,
        termination_grace_period_seconds=container.termination_grace_seconds,
        **(_spread_over_nodes(labels) if spread else {}),
    )
    meta = k8s.ObjectMeta(labels=dict(labels), annotations=dict(annotations) if annotations else None)
    return k8s.PodTemplateSpec(metadata=meta, spec=pod)


def _meta(*, name: str, namespace: str, labels: dict) -> k8s.ObjectMeta:
    return k8s.ObjectMeta(name=name, namespace=namespace, labels=dict(labels))


class ServiceAccount(Construct):
    """A ServiceAccount that never automounts its token."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, labels: dict):
        super().__init__(scope, id)
        self.name = name
        k8s.KubeServiceAccount(self, "sa", metadata=_meta(name=name, namespace=namespace, labels=labels),
                               automount_service_account_token=False)


class DisruptionBudget(Construct):
    """Keeps all but one replica up during voluntary disruptions."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, labels: dict):
        super().__init__(scope, id)
        k8s.KubePodDisruptionBudget(self, "pdb", metadata=_meta(name=name, namespace=namespace, labels=labels),
                                    spec=k8s.PodDisruptionBudgetSpec(
                                        max_unavailable=port_ref(1),
                                        selector=k8s.LabelSelector(match_labels=dict(labels))))


class ClusterIpService(Construct):
    """A ClusterIP Service in front of the workload's named port (named for Istio protocol selection)."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, labels: dict, port: int,
                 target_port: str = "http", app_protocol: str = "http"):
        super().__init__(scope, id)
        k8s.KubeService(self, "svc", metadata=_meta(name=name, namespace=namespace, labels=labels),
                        spec=k8s.ServiceSpec(type="ClusterIP", selector=dict(labels), ports=[k8s.ServicePort(
                            name=f"{app_protocol}-{name}", port=port, target_port=port_ref(target_port),
                            protocol="TCP", app_protocol=app_protocol)]))


class HardenedWorkload(Construct):
    """ServiceAccount + Deployment (or StatefulSet) + Service + PDB when replicated, spread over nodes."""

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, container: ContainerSpec,
                 replicas: int, kind: Literal["Deployment", "StatefulSet"] = "Deployment",
                 service_port: int = 80, extra_labels: dict | None = None, pod_annotations: dict | None = None):
        super().__init__(scope, id)
        if replicas < 1:
            raise ValueError(f"{namespace}/{name}: replicas must be >= 1")
        self.labels = {NAME_LABEL: name, "app.kubernetes.io/part-of": "url-shortener"}
        labels = self.labels | (extra_labels or {})
        sa = ServiceAccount(self, "sa", name=name, namespace=namespace, labels=self.labels)
        template = pod_template(labels=labels, service_account=sa.name, container=container,
                                spread=replicas > 1, annotations=pod_annotations)
        meta = _meta(name=name, namespace=namespace, labels=labels)
        selector = k8s.LabelSelector(match_labels=dict(self.labels))
        if kind == "Deployment":
            k8s.KubeDeployment(self, "workload", metadata=meta, spec=k8s.DeploymentSpec(
                replicas=replicas, selector=selector, template=template, revision_history_limit=5,
                strategy=k8s.DeploymentStrategy(type="RollingUpdate", rolling_update=k8s.RollingUpdateDeployment(
                    max_unavailable=port_ref(0), max_surge=port_ref(1)))))
        else:
            k8s.KubeStatefulSet(self, "workload", metadata=meta, spec=k8s.StatefulSetSpec(
                replicas=replicas, selector=selector, template=template, revision_history_limit=5,
                service_name=name))
        ClusterIpService(self, "svc", name=name, namespace=namespace, labels=self.labels, port=service_port,
                         target_port=container.port_name)
        if replicas > 1:
            DisruptionBudget(self, "pdb", name=name, namespace=namespace, labels=self.labels)
