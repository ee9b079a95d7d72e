"""`k8s_object`: a cdk8s ApiObject with arbitrary top-level fields (spec, data, …)."""

from cdk8s import ApiObject, JsonPatch
from constructs import Construct


def k8s_object(scope: Construct, id: str, *, api_version: str, kind: str, metadata: dict, **fields) -> ApiObject:
    """Create an ApiObject; every extra keyword becomes a top-level field (camelCase keys as given)."""
    obj = ApiObject(scope, id, api_version=api_version, kind=kind, metadata=metadata)
    for key, value in fields.items():
        if value is not None:
            obj.add_json_patch(JsonPatch.add(f"/{key}", value))
    return obj
