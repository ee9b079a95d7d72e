"""A Namespace carrying Pod Security Admission labels and mesh injection."""

from typing import Literal

from cdk8s_plus_31 import k8s
from constructs import Construct

PssLevel = Literal["restricted", "baseline", "privileged"]
PSS_REASON = "urlshortener.lab/pss-reason"
ISTIO_INJECTION = "istio-injection"  # namespace label istiod's injector webhook selects on


def pss_labels(level: PssLevel) -> dict:
    """Pod Security Admission labels enforcing, auditing and warning at `level`."""
    labels = {f"pod-security.kubernetes.io/{mode}": level for mode in ("enforce", "audit", "warn")}
    return labels | {f"pod-security.kubernetes.io/{mode}-version": "latest" for mode in ("enforce", "audit", "warn")}


class PssNamespace(Construct):
    """Namespace enforcing a PSS level (enforce/audit/warn) with optional Istio sidecar injection.

    Anything below `restricted` must say why in `reason`, which lands as an annotation.
    """

    def __init__(self, scope: Construct, id: str, *, name: str, level: PssLevel = "restricted",
                 istio_injection: bool = False, reason: str | None = None, labels: dict | None = None):
        super().__init__(scope, id)
        if level != "restricted" and not reason:
            raise ValueError(f"namespace {name}: PSS level {level!r} needs a reason")
        ns_labels = pss_labels(level)
        ns_labels[ISTIO_INJECTION] = "enabled" if istio_injection else "disabled"
        ns_labels |= labels or {}
        annotations = {PSS_REASON: reason} if reason else None
        self.name = name
        k8s.KubeNamespace(self, "ns", metadata=k8s.ObjectMeta(name=name, labels=ns_labels, annotations=annotations))
