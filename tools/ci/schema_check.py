"""Schema check for rendered objects: built-in kinds against Kubernetes' OpenAPI schema (kubernetes-validate,
strict: unknown fields fail), custom resources against the openAPIV3Schema of a CRD found in the same
rendered output. An object with neither is counted, not guessed."""

from __future__ import annotations

import copy
from pathlib import Path

import jsonschema
import kubernetes_validate
import yaml


def _nullable(schema):
    """OpenAPI's `nullable: true` as JSON Schema: the type also admits null."""
    if isinstance(schema, dict):
        out = {k: _nullable(v) for k, v in schema.items()}
        if out.get("nullable") is True and isinstance(out.get("type"), str):
            out["type"] = [out["type"], "null"]
        return out
    if isinstance(schema, list):
        return [_nullable(v) for v in schema]
    return schema


class SchemaIndex:
    """CRD schemas by (group, version, kind), plus the Kubernetes minor version for built-in kinds."""

    def __init__(self, crds: dict[tuple[str, str, str], dict], *, kube_minor: str):
        self.crds = crds
        self.kube_minor = kube_minor

    @classmethod
    def from_files(cls, paths: list[Path], *, kube_minor: str) -> "SchemaIndex":
        crds: dict[tuple[str, str, str], dict] = {}
        files = [f for p in paths for f in (sorted(Path(p).rglob("*.yaml")) if Path(p).is_dir() else [Path(p)])]
        for f in files:
            for doc in yaml.safe_load_all(f.read_text()):
                if isinstance(doc, dict) and doc.get("kind") == "CustomResourceDefinition":
                    spec = doc.get("spec") or {}
                    kind = (spec.get("names") or {}).get("kind")
                    for v in spec.get("versions") or []:
                        schema = (v.get("schema") or {}).get("openAPIV3Schema")
                        if schema:
                            crds[(spec.get("group"), v.get("name"), kind)] = _nullable(copy.deepcopy(schema))
        return cls(crds, kube_minor=kube_minor)

    def check(self, obj: dict) -> str | None:
        """None: no schema known; "": valid; else the first error, one line."""
        try:
            kubernetes_validate.validate(obj, self.kube_minor, strict=True)
            return ""
        except kubernetes_validate.ValidationError as e:
            return f"{'.'.join(str(p) for p in e.path) or '<root>'}: {e.message}".replace("\n", " ")
        except (kubernetes_validate.SchemaNotFoundError, kubernetes_validate.InvalidSchemaError):
            pass
        group, _, version = str(obj.get("apiVersion", "")).rpartition("/")
        schema = self.crds.get((group, version, obj.get("kind")))
        if schema is None:
            return None
        err = jsonschema.exceptions.best_match(jsonschema.Draft7Validator(schema).iter_errors(obj))
        if err is None:
            return ""
        return f"{'.'.join(str(p) for p in err.absolute_path) or '<root>'}: {err.message}".replace("\n", " ")[:300]
