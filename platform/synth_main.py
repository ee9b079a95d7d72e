"""Entry point of `bazel run //platform:synth`.

Lives outside the `urlplatform` package: Python puts a script's own folder first on sys.path,
and `urlplatform/constructs/` would then shadow the `constructs` library cdk8s imports."""

import sys

from urlplatform.synth import main

if __name__ == "__main__":
    sys.exit(main())
