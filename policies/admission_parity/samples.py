"""The PSS samples (policies/kubernetes/pss_*/samples/*/*.yaml) and what their headers promise.

Header lines (before the YAML):
    # expect: <rule id>                       denied samples: the rule that must fire
    # pss: baseline=<v> restricted=<v>        v is allowed|denied: the verdict at each PSS level
    # at: <place>...                          where the violation (or the construct) sits
    # moves: <place>...                       places the container named "bad" may be moved to
    # why: <one line>
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from policygate.engine import POLICY_ROOT

LEVELS = ("baseline", "restricted")
VERDICTS = ("allowed", "denied")
# Where admission reads a control (policy/visitor.go visitContainers + pod spec + pod metadata).
PLACES = ("pod", "containers", "initContainers", "sidecar", "ephemeralContainers", "annotations", "volumes")
MOVABLE = ("initContainers", "sidecar", "ephemeralContainers")
PSS_POLICIES = ("pss_baseline", "pss_restricted")


class SampleError(ValueError):
    """A sample's header is missing or malformed; str() names the file."""


@dataclass(frozen=True)
class PssSample:
    path: Path
    rule: str | None
    expected: dict[str, str]
    at: tuple[str, ...]
    moves: tuple[str, ...]
    why: str
    doc: dict

    @property
    def stem(self) -> str:
        return self.path.stem

    @property
    def rel(self) -> str:
        return str(self.path.relative_to(POLICY_ROOT))


def sample_paths(root: Path = POLICY_ROOT) -> list[Path]:
    return sorted(p for pol in PSS_POLICIES for p in (root / "kubernetes" / pol / "samples").glob("*/*.yaml"))


def _headers(path: Path, text: str) -> dict[str, str]:
    out = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        m = re.match(r"^#\s*(\w+):\s*(.*)$", line)
        if m:
            out[m.group(1)] = m.group(2).strip()
    return out


def parse(path: Path) -> PssSample:
    text = path.read_text()
    h = _headers(path, text)
    denied_dir = path.parent.name == "denied"
    if denied_dir and not h.get("expect"):
        raise SampleError(f"{path}: denied samples need '# expect: <rule id>'")
    try:
        expected = dict(kv.split("=", 1) for kv in h["pss"].split())
    except (KeyError, ValueError):
        raise SampleError(f"{path}: needs '# pss: baseline=allowed|denied restricted=allowed|denied'") from None
    if set(expected) != set(LEVELS) or not set(expected.values()) <= set(VERDICTS):
        raise SampleError(f"{path}: '# pss:' must give allowed|denied for exactly {', '.join(LEVELS)}")
    at = tuple(h.get("at", "").split())
    moves = tuple(h.get("moves", "").split())
    if not at or not set(at) <= set(PLACES):
        raise SampleError(f"{path}: '# at:' must name places from {', '.join(PLACES)}")
    if not set(moves) <= set(MOVABLE):
        raise SampleError(f"{path}: '# moves:' must name places from {', '.join(MOVABLE)}")
    docs = [d for d in yaml.safe_load_all(text) if d is not None]
    if len(docs) != 1 or docs[0].get("kind") != "Pod":
        raise SampleError(f"{path}: a PSS sample is exactly one Pod (other kinds are generated from it)")
    if moves and not any(c.get("name") == "bad" for c in docs[0]["spec"].get("containers", [])):
        raise SampleError(f"{path}: '# moves:' needs a container named 'bad' in spec.containers")
    return PssSample(path, h.get("expect") or None, expected, at, moves, h.get("why", ""), docs[0])


def load_samples(root: Path = POLICY_ROOT) -> list[PssSample]:
    return [parse(p) for p in sample_paths(root)]
