"""Where K3s keeps CNI plugins and config, by release: istio-cni must install into the same directories."""

from __future__ import annotations

import re

CNI_CONF_DIR = "/var/lib/rancher/k3s/agent/etc/cni/net.d"
CNI_BIN_DIR_STATIC = "/var/lib/rancher/k3s/data/cni"
CNI_BIN_DIR_LEGACY = "/var/lib/rancher/k3s/data/current/bin"
# First patch release of each minor line whose containerd config points at the static CNI bin dir
# (k3s-io/k3s PR #10868, backported to the 1.31 line in v1.31.2+k3s1). Lines newer than the last key
# were branched after the change and always use it.
STATIC_CNI_BIN_SINCE = {31: 2}
_K3S_VERSION = re.compile(r"^v1\.(\d+)\.(\d+)\+k3s\d+$")


def cni_bin_dir(k3s_version: str) -> str:
    """Directory K3s's containerd searches for CNI plugins on `k3s_version` (e.g. v1.31.4+k3s1)."""
    m = _K3S_VERSION.match(k3s_version)
    if not m:
        raise ValueError(f"k3s_version {k3s_version!r} is not of the form v1.MINOR.PATCH+k3sN")
    minor, patch = int(m[1]), int(m[2])
    newest = max(STATIC_CNI_BIN_SINCE)
    if minor > newest:
        return CNI_BIN_DIR_STATIC
    if minor not in STATIC_CNI_BIN_SINCE:
        raise ValueError(f"k3s_version {k3s_version}: CNI bin dir of the 1.{minor} line is not verified; "
                         f"use 1.{newest}.x or newer")
    return CNI_BIN_DIR_STATIC if patch >= STATIC_CNI_BIN_SINCE[minor] else CNI_BIN_DIR_LEGACY
