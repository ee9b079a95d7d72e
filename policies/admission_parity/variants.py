"""Every form admission reads a sample in: each kind that carries a pod, and each container place.

Kinds: k8s.io/pod-security-admission@v0.31.4 admission/admission.go DefaultPodSpecExtractor (Pod,
PodTemplate, ReplicationController, ReplicaSet, Deployment, DaemonSet, StatefulSet, Job, CronJob).
Places: policy/visitor.go visitContainers (initContainers, containers, ephemeralContainers); a native
sidecar is an initContainer with restartPolicy: Always. Ephemeral containers exist only on Pods and only
through the pods/ephemeralcontainers subresource (the API rejects them on create and in templates)."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from admission_parity.samples import PssSample

KINDS = {  # kind -> short name used in object names
    "Pod": "po", "Deployment": "deploy", "StatefulSet": "sts", "DaemonSet": "ds", "ReplicaSet": "rs",
    "ReplicationController": "rc", "Job": "job", "CronJob": "cj", "PodTemplate": "podtpl",
}
PLACE_SUFFIX = {"containers": "", "initContainers": "-init", "sidecar": "-side", "ephemeralContainers": "-eph"}
# Fields the API forbids on ephemeral containers (EphemeralContainerCommon validation).
EPHEMERAL_FORBIDDEN = ("ports", "resources", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle")
SELECTOR = {"pss-parity/sample": "x"}
MAX_NAME = 52  # CronJob names are limited to 52 characters


@dataclass(frozen=True)
class Variant:
    sample: PssSample
    kind: str
    place: str  # "containers" when the sample is used as written
    doc: dict

    @property
    def name(self) -> str:
        return self.doc["metadata"]["name"]

    @property
    def label(self) -> str:
        return f"{self.sample.rel} as {self.kind}" + ("" if self.place == "containers" else f" ({self.place})")

    @property
    def via_subresource(self) -> bool:
        return self.place == "ephemeralContainers"


def move(pod: dict, place: str) -> dict:
    """The pod with its container named 'bad' moved from spec.containers to `place`."""
    out = copy.deepcopy(pod)
    spec = out["spec"]
    [bad] = [c for c in spec["containers"] if c.get("name") == "bad"]
    spec["containers"] = [c for c in spec["containers"] if c.get("name") != "bad"]
    if place in ("initContainers", "sidecar"):
        if place == "sidecar":
            bad["restartPolicy"] = "Always"
        spec["initContainers"] = spec.get("initContainers", []) + [bad]
    elif place == "ephemeralContainers":
        for f in EPHEMERAL_FORBIDDEN:
            bad.pop(f, None)
        spec["ephemeralContainers"] = spec.get("ephemeralContainers", []) + [bad]
    else:
        raise ValueError(f"unknown place {place!r}")
    return out


def wrap(pod: dict, kind: str, name: str) -> dict:
    """`pod` as an object of `kind` named `name`; the pod's annotations go to the template's metadata."""
    spec = copy.deepcopy(pod["spec"])
    ns = pod["metadata"].get("namespace", "default")
    annotations = pod["metadata"].get("annotations")
    meta = {"name": name, "namespace": ns}
    if kind == "Pod":
        return {"apiVersion": "v1", "kind": "Pod", "metadata": dict(meta, **({"annotations": annotations} if annotations else {})),
                "spec": spec}
    tmeta = {"labels": dict(SELECTOR)}
    if annotations:
        tmeta["annotations"] = annotations
    if kind in ("Job", "CronJob"):
        spec.setdefault("restartPolicy", "Never")
    template = {"metadata": tmeta, "spec": spec}
    if kind == "PodTemplate":
        return {"apiVersion": "v1", "kind": "PodTemplate", "metadata": meta, "template": template}
    if kind == "ReplicationController":
        return {"apiVersion": "v1", "kind": kind, "metadata": meta,
                "spec": {"replicas": 1, "selector": dict(SELECTOR), "template": template}}
    if kind in ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet"):
        body = {"selector": {"matchLabels": dict(SELECTOR)}, "template": template}
        if kind == "StatefulSet":
            body["serviceName"] = "pss-parity"
        return {"apiVersion": "apps/v1", "kind": kind, "metadata": meta, "spec": body}
    if kind == "Job":
        return {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta, "spec": {"template": template}}
    if kind == "CronJob":
        return {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": meta,
                "spec": {"schedule": "0 0 * * *", "jobTemplate": {"spec": {"template": template}}}}
    raise ValueError(f"unknown kind {kind!r}")


def variants(sample: PssSample) -> list[Variant]:
    out = []
    for place in ("containers",) + sample.moves:
        pod = sample.doc if place == "containers" else move(sample.doc, place)
        kinds = ["Pod"] if place == "ephemeralContainers" else list(KINDS)
        for kind in kinds:
            name = f"{sample.stem}{PLACE_SUFFIX[place]}-{KINDS[kind]}"
            out.append(Variant(sample, kind, place, wrap(pod, kind, name)))
    return out
