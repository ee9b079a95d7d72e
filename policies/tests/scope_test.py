"""Each container-scoped policy's stated scope, tested: its samples' containers moved to every place the
policy's comment covers (initContainers, native sidecars, ephemeralContainers) and its pod carried by every
kind that has one (Pod Security Admission's nine, lib.k8s), the verdict unchanged."""

import copy

import pytest

from admission_parity.variants import KINDS, wrap
from policygate.documents import Document, load
from policygate.engine import POLICY_ROOT, Engine, discover

# policy folder -> the container places its comment claims (resources: the API forbids resources on
# ephemeral containers; probes: "init containers excepted").
SCOPES = {
    "kubernetes/image_pinned": ("initContainers", "sidecar", "ephemeralContainers"),
    "kubernetes/env_credentials": ("initContainers", "sidecar", "ephemeralContainers"),
    "kubernetes/readonly_rootfs": ("initContainers", "sidecar", "ephemeralContainers"),
    "kubernetes/resources": ("initContainers", "sidecar"),
    "kubernetes/sa_token": (),
}
POLICIES = {str(p.path.parent.relative_to(POLICY_ROOT)): p for p in discover()}
EPHEMERAL_FORBIDDEN = ("ports", "resources", "livenessProbe", "readinessProbe", "startupProbe", "lifecycle")


def pod_of(doc: dict) -> dict:
    """A Deployment/Pod sample as a Pod (template metadata and spec)."""
    if doc["kind"] == "Pod":
        return copy.deepcopy(doc)
    t = doc["spec"]["template"]
    meta = dict(t.get("metadata", {}), name=doc["metadata"]["name"], namespace=doc["metadata"].get("namespace", "apps"))
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": copy.deepcopy(t["spec"])}


def moved(pod: dict, place: str) -> dict:
    """Every container of the pod moved to `place` (a compliant-free pause container keeps spec.containers)."""
    out = copy.deepcopy(pod)
    spec = out["spec"]
    moving = spec.pop("containers")
    if place == "ephemeralContainers":
        for c in moving:
            for f in EPHEMERAL_FORBIDDEN:
                c.pop(f, None)
    if place == "sidecar":
        for c in moving:
            c["restartPolicy"] = "Always"
    spec["initContainers" if place in ("initContainers", "sidecar") else place] = moving
    spec["containers"] = []
    return out


def cases():
    for folder, places in SCOPES.items():
        for sample in sorted((POLICY_ROOT / folder / "samples").glob("*/*.yaml")):
            [doc] = [d.content for d in load(sample)]
            if doc["kind"] not in ("Pod", "Deployment"):
                continue
            pod = pod_of(doc)
            for kind in KINDS:
                yield folder, sample, f"{kind}", wrap(pod, kind, "s")
            for place in places:
                yield folder, sample, f"Pod/{place}", wrap(moved(pod, place), "Pod", "s")


CASES = list(cases())


@pytest.mark.parametrize("folder,sample,form,doc", CASES,
                         ids=[f"{c[1].relative_to(POLICY_ROOT)}:{c[2]}" for c in CASES])
def test_verdict_is_the_same_in_every_place_and_kind(folder, sample, form, doc):
    rules = {f.rule for f in Engine([POLICIES[folder]]).evaluate([Document(str(sample), "kubernetes", doc)])}
    if sample.parent.name == "denied":
        expected = sample.read_text().splitlines()[0].removeprefix("# expect: ").strip()
        assert expected in rules, f"{form}: expected {expected}, got {sorted(rules)}"
    else:
        assert not rules, f"{form}: {sorted(rules)}"


def test_every_scope_is_exercised():
    forms = {(c[0], c[2]) for c in CASES}
    for folder, places in SCOPES.items():
        assert {(folder, f"Pod/{p}") for p in places} | {(folder, k) for k in KINDS} <= forms, folder
