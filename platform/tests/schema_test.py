"""Every core Kubernetes object in the committed rendered trees validates against the 1.31 schema."""

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

RENDERED = Path("platform/rendered")
CORE_GROUPS = {"v1", "apps/v1", "policy/v1", "networking.k8s.io/v1", "rbac.authorization.k8s.io/v1", "batch/v1"}
K8S_VERSION = "1.31"


def core_objects() -> list:
    return list(_core_objects())


def _core_objects():
    for path in sorted(RENDERED.rglob("*.yaml")):
        for obj in yaml.safe_load_all(path.read_text()):
            if obj and obj.get("apiVersion") in CORE_GROUPS:
                yield pytest.param(obj, id=str(path.relative_to(RENDERED)))


def test_rendered_tree_has_core_objects():
    assert len(core_objects()) >= 5


@pytest.mark.parametrize("obj", core_objects())
def test_core_object_validates(obj):
    kubernetes_validate.validate(obj, K8S_VERSION, strict=True)


def test_validator_rejects_a_wrong_field():
    bad = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x"}, "spec": {"portz": []}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(bad, K8S_VERSION, strict=True)
