"""Loads gate inputs: multi-document YAML manifests and Dockerfiles (parsed conftest-style)."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import yaml

YAML_SUFFIXES = {".yaml", ".yml"}
# Folders of non-Kubernetes YAML skipped when walking a directory (rendered K3s node configs).
SKIPPED_DIRS = {"k3s", "bootstrap"}  # node files and helm values a human applies: not Kubernetes objects


class InputError(ValueError):
    """An input file cannot be read; str() is one line naming the file (and line)."""


@dataclass(frozen=True)
class Document:
    """One evaluable input: a Kubernetes object or a whole Dockerfile."""

    path: str
    kind: str  # "kubernetes" or "dockerfile"
    content: object
    index: int = 0

    @property
    def resource(self) -> str:
        if self.kind == "dockerfile":
            return "Dockerfile"
        meta = self.content.get("metadata") or {}
        return f"{self.content.get('kind', '?')}/{meta.get('namespace', '-')}/{meta.get('name', '?')}"


def is_dockerfile(path: Path) -> bool:
    return path.name == "Dockerfile" or path.name.endswith(".Dockerfile") or path.name.startswith("Dockerfile.")


def expand(paths: list[str]) -> list[Path]:
    """Files named directly, plus YAML files and Dockerfiles found under named directories."""
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if f.is_file() and (f.suffix in YAML_SUFFIXES or is_dockerfile(f))
                            and not SKIPPED_DIRS & set(f.relative_to(p).parts[:-1]))
        elif p.is_file():
            files.append(p)
        else:
            raise InputError(f"{raw}: no such file or directory")
    return files


def load(path: Path) -> list[Document]:
    """Documents of one file; unknown file types and malformed YAML raise InputError."""
    if is_dockerfile(path):
        return [Document(str(path), "dockerfile", parse_dockerfile(path.read_text()))]
    if path.suffix not in YAML_SUFFIXES:
        raise InputError(f"{path}: unknown file type; the gate reads .yaml/.yml manifests and Dockerfiles")
    try:
        docs = list(yaml.safe_load_all(path.read_text()))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        raise InputError(f"{path}{where}: malformed YAML: {getattr(e, 'problem', None) or e}") from None
    out = []
    for i, d in enumerate(docs):
        if d is None:
            continue
        if not isinstance(d, dict) or "kind" not in d:
            raise InputError(f"{path}: document {i + 1} is not a Kubernetes object (no 'kind')")
        out.append(Document(str(path), "kubernetes", d, i))
    return out


def parse_dockerfile(text: str) -> list[dict]:
    """Instructions as conftest gives them: {Cmd, Flags, Value, Original, Stage}, ARG defaults expanded."""
    lines, buf = [], ""
    for raw in text.splitlines():
        stripped = raw.strip()
        if not buf and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            buf += stripped[:-1] + " "
            continue
        lines.append(buf + stripped)
        buf = ""
    if buf:
        lines.append(buf)
    args: dict[str, str] = {}
    stage = -1
    out = []
    for line in lines:
        cmd, _, rest = line.partition(" ")
        cmd = cmd.lower()
        if cmd == "from":
            stage += 1
        rest = rest.strip()
        if cmd == "arg" and "=" in rest:
            k, v = rest.split("=", 1)
            args.setdefault(k.strip(), v.strip().strip('"'))
        lead = re.match(r"^((?:--[a-z-]+(?:=\S+)?\s+)*)(.*)$", rest)
        flags, body = lead.group(1).split(), lead.group(2)
        body = re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: args.get(m.group(1) or m.group(2), m.group(0)), body) \
            if cmd in {"from", "user", "add"} else body
        if cmd in {"run", "cmd", "entrypoint", "shell"}:
            value = [body]
        else:
            try:
                value = shlex.split(body)
            except ValueError:
                value = body.split()
        out.append({"Cmd": cmd, "Flags": flags, "Value": value, "Original": line, "Stage": max(stage, 0)})
    return out
