"""Entry point of `bazel run //platform:synth`.

Lives outside the `urlplatform` package: Python puts a script's own folder first on sys.path, so a main
inside the package would make its modules (`config`, `components`, `render`, …) importable as top-level names.
No package here shadows a dependency any more (`urlplatform/resources`, formerly `constructs`)."""

import sys

from urlplatform.synth import main

if __name__ == "__main__":
    sys.exit(main())
