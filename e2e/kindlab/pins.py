"""The kind tier's tool and node-image pins (e2e/pins.yaml), read without third-party modules so the
workflow can call `python3 e2e/kindlab/pins.py --github-output` before any venv exists."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

PINS_FILE = Path(__file__).parent.parent / "pins.yaml"
VERSION = re.compile(r"^v(\d+)\.(\d+)\.(\d+)$")
NODE_IMAGE = re.compile(r"^kindest/node:(?P<tag>v\d+\.\d+\.\d+)@(?P<digest>sha256:[0-9a-f]{64})$")
KEYS = ("kind", "node_image", "kubectl", "helm")


class PinError(ValueError):
    """One-line reason the pins file is unusable."""


@dataclass(frozen=True, kw_only=True)
class Pins:
    kind: str
    node_image: str
    kubectl: str
    helm: str

    @property
    def node_version(self) -> str:
        return NODE_IMAGE.match(self.node_image).group("tag")

    @property
    def node_digest(self) -> str:
        return NODE_IMAGE.match(self.node_image).group("digest")


def minor(version: str) -> tuple[int, int]:
    """(major, minor) of `v1.31.2`, `1.31.4` or `v1.31.4+k3s1`."""
    m = re.match(r"^v?(\d+)\.(\d+)\.\d+", version)
    if not m:
        raise PinError(f"not a version: {version!r}")
    return int(m.group(1)), int(m.group(2))


def parse(text: str, source: str = "e2e/pins.yaml") -> Pins:
    """Flat `key: value` lines; every key required, nothing else allowed, each value well-formed."""
    values: dict[str, str] = {}
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = re.fullmatch(r"([a-z_]+): (\S+)", line)
        if not m or m.group(1) not in KEYS:
            raise PinError(f"{source}:{no}: expected one of {', '.join(KEYS)} as `key: value`, got {line.strip()!r}")
        values[m.group(1)] = m.group(2)
    missing = [k for k in KEYS if k not in values]
    if missing:
        raise PinError(f"{source}: missing {', '.join(missing)}")
    for key in ("kind", "kubectl", "helm"):
        if not VERSION.match(values[key]):
            raise PinError(f"{source}: {key} {values[key]!r} is not an exact vX.Y.Z version")
    if not NODE_IMAGE.match(values["node_image"]):
        raise PinError(f"{source}: node_image must be kindest/node:vX.Y.Z@sha256:<64 hex>, got {values['node_image']!r}")
    return Pins(**values)


def load(path: Path = PINS_FILE) -> Pins:
    return parse(path.read_text(), str(path.name))


def main(argv: list[str]) -> int:
    """`--github-output`: append `key=value` lines to $GITHUB_OUTPUT (else print them)."""
    try:
        pins = load()
    except (OSError, PinError) as e:
        print(f"pins: {e}", file=sys.stderr)
        return 2
    lines = [f"{k}={getattr(pins, k)}" for k in KEYS]
    if argv == ["--github-output"]:
        import os

        with open(os.environ["GITHUB_OUTPUT"], "a") as out:
            out.write("\n".join(lines) + "\n")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
