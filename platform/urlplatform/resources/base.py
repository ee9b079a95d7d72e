"""Low-level object builders: `k8s_object` for custom resources, `port_ref` for typed core objects.

Core Kubernetes kinds are built with the typed `cdk8s_plus_31.k8s` classes (a misspelt field is a
TypeError at construction); `k8s_object` is for the custom resources that have no typed class here."""

from cdk8s import ApiObject, JsonPatch
from cdk8s_plus_31 import k8s
from constructs import Construct


def k8s_object(scope: Construct, id: str, *, api_version: str, kind: str, metadata: dict, **fields) -> ApiObject:
    """Create an ApiObject; every extra keyword becomes a top-level field (camelCase keys as given)."""
    obj = ApiObject(scope, id, api_version=api_version, kind=kind, metadata=metadata)
    for key, value in fields.items():
        if value is not None:
            obj.add_json_patch(JsonPatch.add(f"/{key}", value))
    return obj


def port_ref(port: int | str) -> k8s.IntOrString:
    """A port given by number or by name, as Kubernetes' int-or-string."""
    return k8s.IntOrString.from_number(port) if isinstance(port, int) else k8s.IntOrString.from_string(port)
