"""Rewrites a SARIF log's absolute file URIs to repository-relative ones (`uriBaseId: %SRCROOT%`), as code
scanning resolves results against the repository, not the runner's checkout path. Stdlib only.

Usage: python3 tools/ci/sarif_relative.py SARIF ROOT > OUT"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def relativize(log: dict, root: Path) -> dict:
    """Every result location under ROOT becomes relative; one outside ROOT is an error (it cannot be shown)."""
    root = root.resolve()
    for run in log["runs"]:
        for result in run.get("results", []):
            for loc in result.get("locations", []):
                art = loc["physicalLocation"]["artifactLocation"]
                uri = art["uri"].removeprefix("file://")
                p = Path(uri)
                if p.is_absolute():
                    try:
                        rel = p.resolve().relative_to(root)
                    except ValueError:
                        raise ValueError(f"{uri}: outside the repository root {root}") from None
                    art["uri"] = rel.as_posix()
                art["uriBaseId"] = "%SRCROOT%"
    return log


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print("usage: sarif_relative.py SARIF ROOT", file=sys.stderr)
        return 2
    try:
        log = json.loads(Path(argv[1]).read_text())
        out = relativize(log, Path(argv[2]))
    except (OSError, ValueError, KeyError, TypeError) as e:
        print(f"sarif_relative: {argv[1]}: {e}", file=sys.stderr)
        return 2
    print(json.dumps(out, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
