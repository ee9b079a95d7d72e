"""`bazel run //slo:check -- [SPEC.yaml]`: validate an SLO spec; one line and exit 2 when it is bad."""

import sys
from pathlib import Path

from slospec.model import SPEC_FILE, SpecError, load_spec


def main(argv: list[str]) -> int:
    path = Path(argv[0]) if argv else SPEC_FILE
    if argv and not path.is_absolute():
        path = Path.cwd() / path  # relative to where `bazel run` was started (BUILD_WORKING_DIRECTORY)
    try:
        spec = load_spec(path)
    except SpecError as e:
        print(f"slo: {e}", file=sys.stderr)
        return 2
    print(f"slo: {path.name}: {len(spec.slos)} SLOs for {spec.service} over {spec.window}: "
          + ", ".join(f"{s.name} {s.target:.4g}" for s in spec.slos))
    return 0


if __name__ == "__main__":
    import os

    if "BUILD_WORKING_DIRECTORY" in os.environ:
        os.chdir(os.environ["BUILD_WORKING_DIRECTORY"])
    sys.exit(main(sys.argv[1:]))
