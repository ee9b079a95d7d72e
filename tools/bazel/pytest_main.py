"""Entry point of every pytest_test target: runs pytest on the files Bazel passes."""

import os
import sys

import pytest

MARKERS = {
    "e2e": "needs a kind cluster (runs in the GitHub Actions e2e workflow)",
    "chaos": "kills platform pods in a kind cluster and measures recovery",
}


class RepoMarkers:
    """Registers the repo's pytest markers (no ini file is visible from Bazel's runfiles)."""

    def pytest_configure(self, config):
        for name, doc in MARKERS.items():
            config.addinivalue_line("markers", f"{name}: {doc}")


if __name__ == "__main__":
    args = ["-q", "-p", "no:cacheprovider", "-rs", "--strict-markers"]
    xml = os.environ.get("XML_OUTPUT_FILE")
    if xml:
        args.append(f"--junitxml={xml}")
    sys.exit(pytest.main(args + sys.argv[1:], plugins=[RepoMarkers()]))
